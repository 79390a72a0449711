"""Lookup: a table of queries with the concept that must come first, and the `lookup` command."""
from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest
from typer.testing import CliRunner

from glossary.cli.main import app
from glossary.errors import UsageError
from glossary.model import Status
from glossary.search.lookup import LookupIndex, MatchKind
from glossary.store.termstore import check_glossary, load_glossary
from glossary.text.normalize import fold_diacritics, tone_style

REPO = Path(__file__).resolve().parents[1]
FIXTURE = REPO / "tests" / "fixtures" / "lookup-glossary.yaml"
TERMS = REPO / "terms"
CORPUS = REPO / "corpora" / "hanoi-convention" / "hanoi-convention.tmx"

runner = CliRunner()


@pytest.fixture(scope="module")
def index() -> LookupIndex:
    return LookupIndex(load_glossary(FIXTURE))


# (query, concept that must come first, how it must be found)
FIRST_HIT = [
    # without diacritics, any case, and as written
    ("bo cong an", "ministry-of-public-security", MatchKind.FOLDED),
    ("Bo Cong An", "ministry-of-public-security", MatchKind.FOLDED),
    ("bộ công an", "ministry-of-public-security", MatchKind.EXACT),
    ("BỘ CÔNG AN", "ministry-of-public-security", MatchKind.EXACT),
    ("pham minh chinh", "pham-minh-chinh", MatchKind.EXACT),
    ("Phạm Minh Chính", "pham-minh-chinh", MatchKind.EXACT),
    (unicodedata.normalize("NFD", "Phạm Minh Chính"), "pham-minh-chinh", MatchKind.EXACT),
    ("thu tuong", "prime-minister", MatchKind.FOLDED),
    ("Van phong Lien hop quoc ve Ma tuy va Toi pham", "unodc", MatchKind.FOLDED),
    # old and new tone placement: the glossary has "hòa bình" (old) and "hoà giải" (new)
    ("hoà bình", "peace", MatchKind.EXACT),
    ("hòa giải", "reconciliation", MatchKind.EXACT),
    # hyphen and space
    ("secretary general", "secretary-general", MatchKind.EXACT),
    ("cyber-attack", "cyberattack", MatchKind.EXACT),
    # abbreviation to full form and back
    ("UNODC", "unodc", MatchKind.EXACT),
    ("unodc", "unodc", MatchKind.EXACT),
    ("UN Office on Drugs and Crime", "unodc", MatchKind.ABBREVIATION),
    ("Văn phòng LHQ về Ma túy và Tội phạm", "unodc", MatchKind.ABBREVIATION),
    ("SAPCP", "southeast-asia-pacific-cyber-program", MatchKind.INITIALS),
    ("LHQ", "un", MatchKind.EXACT),
    ("Prime Minister", "prime-minister", MatchKind.EXACT),
    # a forbidden misspelling is itself a term, so it finds its concept
    ("UNDOC", "unodc", MatchKind.EXACT),
    # misspelled
    ("Secretary Genral", "secretary-general", MatchKind.FUZZY),
    ("cybercrme", "cybercrime", MatchKind.FUZZY),
    ("Guteres", "antonio-guterres", MatchKind.FUZZY),
    ("Minstry of Publc Security", "ministry-of-public-security", MatchKind.FUZZY),
    ("Minstry", "ministry-of-public-security", MatchKind.FUZZY),
    # prefixes, and words inside longer terms
    ("cybercr", "cybercrime", MatchKind.PREFIX),
    ("signing", "signing-ceremony", MatchKind.PREFIX),
    ("Southeast Asia", "southeast-asia-pacific-cyber-program", MatchKind.PREFIX),
    ("Pham Minh Ch", "pham-minh-chinh", MatchKind.PREFIX),
    ("Chính", "pham-minh-chinh", MatchKind.CONTAINS),
    ("programme", "southeast-asia-pacific-cyber-program", MatchKind.CONTAINS),
    ("Guterres", "antonio-guterres", MatchKind.CONTAINS),
]


@pytest.mark.parametrize(("query", "concept_id", "kind"), FIRST_HIT, ids=[q for q, _, _ in FIRST_HIT])
def test_first_hit(index: LookupIndex, query: str, concept_id: str, kind: MatchKind) -> None:
    answer = index.search(query)
    assert answer.hits, f"nothing found for {query!r}"
    first = answer.hits[0]
    assert (first.concept.id, first.kind) == (concept_id, kind)
    assert [h.score for h in answer.hits] == sorted((h.score for h in answer.hits), reverse=True)


def test_every_term_finds_its_concept_as_written_folded_and_restyled(index: LookupIndex) -> None:
    glossary = load_glossary(FIXTURE)
    for concept in glossary:
        for term in concept.all_terms():
            for query in (term.text, fold_diacritics(term.text), term.text.upper(), tone_style(term.text, "old"),
                          tone_style(term.text, "new")):
                first = index.search(query).hits[0]
                assert first.concept.id == concept.id, (query, first.concept.id)
                assert first.score >= 98


def test_the_typed_form_wins_among_forms_with_one_key(index: LookupIndex) -> None:
    deprecated = index.search("Secretary General").hits[0]
    preferred = index.search("Secretary-General").hits[0]
    assert (deprecated.term.text, deprecated.term.status) == ("Secretary General", Status.DEPRECATED)
    assert (preferred.term.text, preferred.term.status) == ("Secretary-General", Status.PREFERRED)
    assert deprecated.score == preferred.score == 100


def test_lang_filter_keeps_terms_of_that_language(index: LookupIndex) -> None:
    answer = index.search("cyber", lang="vi")
    assert answer.languages == ["vi"]
    assert all(h.term.lang == "vi" for h in answer.hits)
    assert [h.concept.id for h in index.search("Liên hợp quốc", lang="vi_VN").hits][:1] == ["un"]
    assert not index.search("UNODC", lang="vi").hits


def test_subject_filter(index: LookupIndex) -> None:
    answer = index.search("cyber", subject="PROGRAMMES")
    assert [h.concept.id for h in answer.hits] == ["southeast-asia-pacific-cyber-program"]


def test_limit(index: LookupIndex) -> None:
    assert len(index.search("cyber", limit=2).hits) == 2
    assert len(index.search("cyber", limit=10).hits) == 3
    with pytest.raises(UsageError):
        index.search("cyber", limit=0)


def test_empty_result_says_what_was_searched_and_suggests(index: LookupIndex) -> None:
    answer = index.search("xqzzy")
    assert answer.hits == [] and answer.suggestions == []
    assert (answer.concepts_searched, answer.terms_searched) == (13, 37)
    assert sorted(answer.languages) == ["en", "vi"]
    near = index.search("Ministration")
    assert near.hits == []
    assert "Ministry of Public Security" in [s.text for s in near.suggestions]


@pytest.mark.parametrize("query", ["", "   ", "!!!", "—"])
def test_a_query_without_letters_is_refused(index: LookupIndex, query: str) -> None:
    with pytest.raises(UsageError, match="nothing to look up"):
        index.search(query)


BUNDLED_FIRST_HIT = [
    ("bo cong an", "ministry-of-public-security"),
    ("pham minh chinh", "pham-minh-chinh"),
    ("UNDOC", "unodc"),
    ("UN Office on Drugs and Crime", "unodc"),
    ("le mo ky", "signing-ceremony"),
    ("Secretary Genral", "un-secretary-general"),
    ("thu tuong", "prime-minister"),
]


@pytest.mark.parametrize(("query", "concept_id"), BUNDLED_FIRST_HIT)
def test_first_hit_in_the_bundled_glossary(query: str, concept_id: str) -> None:
    glossary, problems = check_glossary(TERMS)
    if problems or glossary.get(concept_id) is None:
        pytest.skip("the bundled terms/ glossary does not validate or lacks the concept")
    assert LookupIndex(glossary).search(query).hits[0].concept.id == concept_id


# -- the command ------------------------------------------------------------------------------
def _lookup(*args: str, tmp_path: Path):
    # an index path that does not exist: no corpus evidence unless a test asks for it
    return runner.invoke(app, ["lookup", *args, "-g", str(FIXTURE), "--index", str(tmp_path / "none.sqlite")])


def test_cli_lookup_json(tmp_path: Path) -> None:
    result = _lookup("bo cong an", "--json", tmp_path=tmp_path)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    first = data["results"][0]
    assert first["concept_id"] == "ministry-of-public-security"
    assert first["match"] == "folded"
    assert first["preferred"] == {"en": "Ministry of Public Security", "vi": "Bộ Công an"}
    assert data["searched"]["terms"] == 37
    assert "corpus" not in first


def test_cli_lookup_marks_forbidden_and_deprecated_terms(tmp_path: Path) -> None:
    result = _lookup("UNODC", "--limit", "1", tmp_path=tmp_path)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "United Nations Office on Drugs and Crime" in out and "Văn phòng Liên hợp quốc" in out
    assert "FORBIDDEN" in out and "UNDOC" in out and "transposition of UNODC" in out
    assert "usage (en UNODC): Spell out on first mention" in out
    assert "The United Nations office that serves as secretariat" in out


def test_cli_lookup_nothing_found(tmp_path: Path) -> None:
    result = _lookup("Ministration", tmp_path=tmp_path)
    assert result.exit_code == 1
    assert "nothing found for 'Ministration'" in result.stdout
    assert "37 terms of 13 concepts" in result.stdout
    assert "nearest terms:" in result.stdout and "Ministry of Public Security" in result.stdout


def test_cli_lookup_with_corpus_shows_renderings(tmp_path: Path) -> None:
    if not CORPUS.is_file():
        pytest.skip("bundled corpus absent")
    index = tmp_path / "idx.sqlite"
    result = runner.invoke(app, ["lookup", "UNODC", "-g", str(FIXTURE), "--corpus", str(CORPUS),
                                 "--index", str(index), "--json"])
    assert result.exit_code == 0, result.output
    corpus = json.loads(result.stdout)["results"][0]["corpus"]
    assert corpus and corpus[0]["source_lang"] == "vi" and corpus[0]["target_lang"] == "en"
    counts = {r["text"]: (r["status"], r["count"]) for r in corpus[0]["renderings"]}
    assert counts["UNDOC"][0] == "forbidden" and counts["UNDOC"][1] >= 1
    # the index now exists, so a plain lookup uses it too
    again = runner.invoke(app, ["lookup", "UNODC", "-g", str(FIXTURE), "--index", str(index), "-n", "1"])
    assert "corpus vi→en" in again.stdout and "UNDOC ✗" in again.stdout


def test_cli_lookup_bad_glossary_is_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("concepts:\n  - id: x\n    terms: {en: [{term: a, status: wrong}]}\n", encoding="utf-8")
    result = runner.invoke(app, ["lookup", "a", "-g", str(bad), "--index", str(tmp_path / "none")])
    assert result.exit_code != 0
    assert "bad.yaml:3" in result.output and "Traceback" not in result.output


@pytest.mark.parametrize(("args", "message"), [
    (["--limit", "0"], "--limit must be at least 1"),
    (["--lang", "vn"], "'vn' is not a known language tag"),
])
def test_cli_lookup_refusals(tmp_path: Path, args: list[str], message: str) -> None:
    result = _lookup("UNODC", *args, tmp_path=tmp_path)
    assert result.exit_code == 2 and message in result.output and "Traceback" not in result.output


def test_console_script_entry_point(tmp_path: Path) -> None:
    """The installed entry (glossary.cli.main:run), as a user's shell runs it."""
    import subprocess
    import sys

    run = [sys.executable, "-c", "from glossary.cli.main import run; run()"]
    found = subprocess.run([*run, "lookup", "bo cong an", "-g", str(FIXTURE), "--index", str(tmp_path / "x"),
                            "--json"], capture_output=True, text=True, check=False)
    assert found.returncode == 0, found.stderr
    assert json.loads(found.stdout)["results"][0]["concept_id"] == "ministry-of-public-security"
    refused = subprocess.run([*run, "lookup", "x", "-g", str(tmp_path / "missing")], capture_output=True, text=True,
                             check=False)
    assert refused.returncode == 2 and refused.stderr.count("\n") == 1 and "missing" in refused.stderr


def test_cli_lookup_with_a_stale_index_still_answers(tmp_path: Path) -> None:
    stale = tmp_path / "stale.sqlite"
    stale.write_bytes(b"not sqlite at all" * 64)
    result = runner.invoke(app, ["lookup", "UNODC", "-g", str(FIXTURE), "--index", str(stale), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["results"][0]["concept_id"] == "unodc"
    assert "warning: corpus index not used" in result.stderr
