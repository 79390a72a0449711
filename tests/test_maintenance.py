"""Editing terms/: each edit and its refusals, through the library and the real entry point."""
from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from glossary.cli.main import app
from glossary.errors import ConflictError, ParseError, UsageError
from glossary.model import Concept, Status, Term
from glossary.store import maintenance
from glossary.store.termstore import TermStore, load_glossary

REPO = Path(__file__).resolve().parents[1]
FIXTURE = REPO / "tests" / "fixtures" / "lookup-glossary.yaml"
TODAY = dt.date(2026, 11, 23)

MORE = """\
# A second file: a duplicate concept to merge, kept apart on purpose.
subject: international organizations
concepts:
  - id: un-drugs-office
    definition: UN body against drugs and crime.
    note: Added from a press release.
    terms:
      en:
        - term: UN Office on Drugs and Crime
          usage: Informal.
        - term: UNODC
          status: admitted
          usage: After the full name.
          note: from the press release
      fr:
        - Office des Nations unies contre la drogue et le crime
"""

runner = CliRunner()


@pytest.fixture
def terms(tmp_path: Path) -> Path:
    root = tmp_path / "terms"
    root.mkdir()
    shutil.copy(FIXTURE, root / "glossary.yaml")
    (root / "more.yaml").write_text(MORE, encoding="utf-8")
    return root


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(root.iterdir())}


def term(glossary_root: Path, concept_id: str, lang: str, text: str) -> Term:
    concept = load_glossary(glossary_root, cache=False).get(concept_id)
    assert concept is not None, concept_id
    return next(t for t in concept.terms_in(lang) if t.text == text)


def ref(store: TermStore, text: str, **kw: str) -> maintenance.TermRef:
    return maintenance.find_term(store.glossary(), text, **kw)


# -- finding a term ----------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "kw", "expected"), [
    ("UNDOC", {}, ("unodc", "en", "UNDOC")),
    ("undoc", {}, ("unodc", "en", "UNDOC")),
    ("Bo Cong an", {}, ("ministry-of-public-security", "vi", "Bộ Công an")),
    ("hoà bình", {}, ("peace", "vi", "hòa bình")),
    ("Phạm Minh Chính", {"lang": "vi"}, ("pham-minh-chinh", "vi", "Phạm Minh Chính")),
    ("Phạm Minh Chính", {"lang": "en"}, ("pham-minh-chinh", "en", "Phạm Minh Chính")),
    ("UNODC", {"concept_id": "un-drugs-office"}, ("un-drugs-office", "en", "UNODC")),
])
def test_find_term(terms: Path, text: str, kw: dict, expected: tuple[str, str, str]) -> None:
    found = ref(TermStore.open(terms), text, **kw)
    assert (found.concept_id, found.lang, found.text) == expected


@pytest.mark.parametrize(("text", "kw", "message"), [
    ("Phạm Minh Chính", {}, "names 2 terms"),
    ("UNODC", {}, "names 2 terms"),
    ("nothing like it", {}, "no term 'nothing like it'"),
    ("UNDOC", {"concept_id": "nope"}, "no concept with id 'nope'"),
    ("UNDOC", {"lang": "vi"}, "no term 'UNDOC' in vi"),
])
def test_find_term_refusals(terms: Path, text: str, kw: dict, message: str) -> None:
    with pytest.raises(UsageError, match=message):
        ref(TermStore.open(terms), text, **kw)


# -- library edits ----------------------------------------------------------------------------------
def test_promotion_demotes_the_old_preferred_term(terms: Path) -> None:
    store = TermStore.open(terms)
    maintenance.set_status(store, ref(store, "UNODC", concept_id="unodc"), Status.PREFERRED, reason="house style",
                           today=TODAY)
    assert "-          status: admitted\n+          status: preferred" in store.diff()
    store.save()
    assert term(terms, "unodc", "en", "UNODC").status is Status.PREFERRED
    assert term(terms, "unodc", "en", "UNODC").reason == "house style"
    assert term(terms, "unodc", "en", "United Nations Office on Drugs and Crime").status is Status.ADMITTED
    assert load_glossary(terms, cache=False).get("unodc").modified == "2026-11-23"
    text = (terms / "glossary.yaml").read_text(encoding="utf-8")
    assert text.startswith("# Fixture for lookup") and "    modified: 2026-11-23\n    terms:" in text


def test_promotion_can_demote_to_another_status(terms: Path) -> None:
    store = TermStore.open(terms)
    maintenance.set_status(store, ref(store, "UN", concept_id="un"), Status.PREFERRED, demote_to=Status.DEPRECATED)
    store.save()
    assert term(terms, "un", "en", "United Nations").status is Status.DEPRECATED
    with pytest.raises(UsageError, match="cannot be demoted to preferred"):
        maintenance.set_status(TermStore.open(terms), maintenance.TermRef("un", "vi", "LHQ"), Status.PREFERRED,
                               demote_to=Status.PREFERRED)


@pytest.mark.parametrize(("text", "kw", "status", "message"), [
    ("Pham Minh Chinh", {}, Status.ADMITTED, "is the preferred en term of concept 'pham-minh-chinh'"),
    ("Bộ Công an", {}, Status.FORBIDDEN, "make another vi term preferred first"),
    ("UNODC", {"concept_id": "un-drugs-office"}, Status.PREFERRED,
     "already the preferred term of concept 'un-drugs-office'|already the preferred"),
])
def test_status_refusals(terms: Path, text: str, kw: dict, status: Status, message: str) -> None:
    store = TermStore.open(terms)
    if kw.get("concept_id") == "un-drugs-office":  # make UNODC preferred in unodc first, then in a second concept
        maintenance.set_status(store, ref(store, "UNODC", concept_id="unodc"), Status.PREFERRED)
        store.save()
        store = TermStore.open(terms)
    before = snapshot(terms)
    with pytest.raises(ConflictError, match=message):
        maintenance.set_status(store, ref(store, text, **kw), status)
    assert snapshot(terms) == before


def test_add_term_and_concept(terms: Path) -> None:
    store = TermStore.open(terms)
    maintenance.add_term(store, "un", Term("U.N.", "en", Status.DEPRECATED, reason="no full points"), today=TODAY)
    maintenance.add_term(store, "cybercrime", Term("cyber crime", "en", Status.FORBIDDEN), today=TODAY)
    maintenance.add_term(store, "peace", Term("paix", "fr"), today=TODAY)
    maintenance.add_concept(store, Concept(id="mofa", subject="government", terms={
        "vi": [Term("Bộ Ngoại giao", "vi")], "en": [Term("Ministry of Foreign Affairs", "en")]}),
        path=terms / "more.yaml", today=TODAY)
    store.save()
    glossary = load_glossary(terms, cache=False)
    assert term(terms, "un", "en", "U.N.").reason == "no full points"
    assert glossary.get("peace").preferred("fr").text == "paix"
    mofa = glossary.get("mofa")
    assert mofa.created == "2026-11-23" and mofa.location.path.endswith("more.yaml")
    assert mofa.preferred("en").text == "Ministry of Foreign Affairs"
    assert (terms / "more.yaml").read_text(encoding="utf-8").startswith("# A second file")


def test_adding_a_preferred_term_demotes_the_old_one(terms: Path) -> None:
    store = TermStore.open(terms)
    maintenance.add_term(store, "cyberattack", Term("cyber-attack", "en"), demote_to=Status.DEPRECATED)
    store.save()
    assert term(terms, "cyberattack", "en", "cyber-attack").status is Status.PREFERRED
    assert term(terms, "cyberattack", "en", "cyberattack").status is Status.DEPRECATED


@pytest.mark.parametrize(("concept_id", "new", "message", "error"), [
    ("unodc", Term("UNODC", "en", Status.ADMITTED), "already has the en term 'UNODC'", ConflictError),
    ("peace", Term("paix", "fr", Status.ADMITTED), "first fr term of concept 'peace' must be preferred",
     ConflictError),
    ("cybercrime", Term("Bộ Công an", "vi"), "already the preferred term of concept 'ministry-of-public-security'",
     ConflictError),
    ("nope", Term("x", "en"), "no concept with id 'nope'", UsageError),
])
def test_add_term_refusals(terms: Path, concept_id: str, new: Term, message: str, error: type) -> None:
    with pytest.raises(error, match=message):
        maintenance.add_term(TermStore.open(terms), concept_id, new)


def test_add_concept_refusals(terms: Path) -> None:
    store = TermStore.open(terms)
    with pytest.raises(ConflictError, match="concept 'unodc' already exists"):
        maintenance.add_concept(store, Concept(id="unodc", terms={"en": [Term("x", "en")]}))
    with pytest.raises(UsageError, match="without spaces"):
        maintenance.add_concept(store, Concept(id="two words", terms={"en": [Term("x", "en")]}))
    with pytest.raises(ConflictError, match="already the preferred term of concept 'cybercrime'"):
        maintenance.add_concept(store, Concept(id="again", terms={"en": [Term("Cybercrime", "en")]}))
    with pytest.raises(ConflictError, match="needs a preferred en term"):
        maintenance.add_concept(store, Concept(id="again", terms={"en": [Term("y", "en", Status.ADMITTED)]}))
    assert store.diff() == ""


def test_rename_and_note(terms: Path) -> None:
    store = TermStore.open(terms)
    maintenance.rename_term(store, ref(store, "cyber attack"), "cyber-attack", today=TODAY)
    maintenance.note_term(store, ref(store, "cybercrime", lang="en"), "One word.", field="usage")
    maintenance.note_term(store, ref(store, "cybercrime", lang="en"), "No hyphen.", field="usage", append=True)
    maintenance.note_term(store, ref(store, "UNDOC"), "Seen twice.", field="note")
    store.save()
    assert term(terms, "cyberattack", "en", "cyber-attack").status is Status.ADMITTED
    assert term(terms, "cybercrime", "en", "cybercrime").usage == "One word. No hyphen."
    undoc = term(terms, "unodc", "en", "UNDOC")
    assert undoc.note == "Seen twice." and undoc.reason == "transposition of UNODC seen in published renderings"


def test_rename_and_note_refusals(terms: Path) -> None:
    store = TermStore.open(terms)
    with pytest.raises(ConflictError, match="already has the en term 'UNODC'"):
        maintenance.rename_term(store, ref(store, "UNDOC"), "UNODC")
    with pytest.raises(ConflictError, match="already the preferred term of concept 'cybercrime'"):
        maintenance.rename_term(store, ref(store, "cyberattack"), "cybercrime")
    with pytest.raises(UsageError, match="empty"):
        maintenance.rename_term(store, ref(store, "UNDOC"), "  ")
    with pytest.raises(UsageError, match="one of note, usage"):
        maintenance.note_term(store, ref(store, "UNDOC"), "x", field="status")
    assert store.diff() == ""


def test_merge_across_files(terms: Path) -> None:
    store = TermStore.open(terms)
    maintenance.merge_concepts(store, "unodc", "un-drugs-office", today=TODAY)
    assert sorted(p.name for p in store.changed_files()) == ["glossary.yaml", "more.yaml"]
    store.save()
    glossary = load_glossary(terms, cache=False)
    assert glossary.get("un-drugs-office") is None
    unodc = glossary.get("unodc")
    en = {t.text: t for t in unodc.terms_in("en")}
    assert en["United Nations Office on Drugs and Crime"].status is Status.PREFERRED
    merged = en["UN Office on Drugs and Crime"]
    assert merged.status is Status.ADMITTED and "preferred in concept un-drugs-office" in merged.reason
    assert en["UNODC"].usage == "Spell out on first mention, then UNODC."  # the kept concept's field wins
    assert en["UNODC"].note == "from the press release"  # a missing field is filled
    assert unodc.preferred("fr").text == "Office des Nations unies contre la drogue et le crime"
    # an empty field is filled from the merged concept; a differing one is recorded in the note
    assert unodc.note == ("Added from a press release. Merged from concept un-drugs-office on 2026-11-23; "
                          "its definition: UN body against drugs and crime.")
    assert (terms / "more.yaml").read_text(encoding="utf-8").startswith("# A second file")


def test_merge_refusals(terms: Path) -> None:
    with pytest.raises(UsageError, match="with itself"):
        maintenance.merge_concepts(TermStore.open(terms), "un", "un")
    with pytest.raises(UsageError, match="no concept with id 'nope'"):
        maintenance.merge_concepts(TermStore.open(terms), "un", "nope")


def test_split(terms: Path) -> None:
    store = TermStore.open(terms)
    maintenance.split_concept(store, "unodc", "undoc-misspelling", [("en", "UNDOC")], definition="A misspelling.",
                              today=TODAY)
    store.save()
    glossary = load_glossary(terms, cache=False)
    new = glossary.get("undoc-misspelling")
    assert [t.text for t in new.all_terms()] == ["UNDOC"]
    assert new.preferred("en").text == "UNDOC"  # the only term of its language becomes preferred
    assert new.subject == "international organizations" and new.definition == "A misspelling."
    assert new.created == "2026-11-23" and "Split from concept unodc" in new.note
    assert [c.id for c in glossary.concepts].index("undoc-misspelling") == 1  # right after the old one
    assert "UNDOC" not in [t.text for t in glossary.get("unodc").all_terms()]


@pytest.mark.parametrize(("moves", "new_id", "message", "error"), [
    ([("en", "United Nations Office on Drugs and Crime")], "x", "would keep no preferred en term", ConflictError),
    ([("en", t) for t in ("United Nations Office on Drugs and Crime", "UNODC", "UNDOC")]
     + [("vi", "Văn phòng Liên hợp quốc về Ma túy và Tội phạm")], "x", "every term", ConflictError),
    ([("en", "UNDOC")], "un", "concept 'un' already exists", ConflictError),
    ([("en", "UNDOC")], "a b", "without spaces", UsageError),
    ([("en", "nothing")], "x", "no term 'nothing'", UsageError),
    ([], "x", "name the terms", UsageError),
])
def test_split_refusals(terms: Path, moves: list, new_id: str, message: str, error: type) -> None:
    store = TermStore.open(terms)
    with pytest.raises(error, match=message):
        maintenance.split_concept(store, "unodc", new_id, moves)
    assert store.diff() == ""  # refused before any change


# -- adopt --------------------------------------------------------------------------------------
SCHEMAS = REPO / "glossary" / "schemas"


def rendering(text: str | None, count: int, documents: list[str], status: str = "unlisted") -> dict:
    """One rendering as both reports write it (the keys each schema requires)."""
    segments = [f"{documents[i % len(documents)] if documents else 'x'}#{i}" for i in range(count)]
    return {"text": text, "count": count, "segments": segments, "documents": documents, "class": "lexical",
            "status": status, "how": "exact" if text else "missing", "reference": False,
            "canonical": False, "examples": [], "methods": ["glossary"]}


def variance_report(concepts: list[dict]) -> dict:
    """A variance report as `glossary variance --format json` writes it (schema-valid, few findings)."""
    keep = ("text", "count", "class", "status", "how", "reference", "segments", "documents")
    for concept in concepts:
        concept["renderings"] = [{k: r[k] for k in keep} for r in concept["renderings"]]
        concept.setdefault("occurrences", sum(r["count"] for r in concept["renderings"]))
        for key, value in (("preferred", None), ("reference", None), ("source_terms", []), ("consistent", 0),
                           ("consistency", 0.0), ("hhi", 0.0), ("class", "lexical"), ("documents", {})):
            concept.setdefault(key, value)
    return {
        "tool": "glossary", "version": "0.1.0",
        "signature": "glossary:0.1.0|src:vi|tgt:en|norm:nfc|fold:no|nearmiss:yes|guess:yes|checks:0|version:0.1.0",
        "settings": {"glossary": "terms", "glossary_fingerprint": "0" * 64, "glossary_concepts": 1, "glossary_terms": 1,
                     "corpus": ["corpora"], "source_lang": "vi", "target_lang": "en", "fold_source": False,
                     "fold_target": False, "guess": True, "normalisation": "nfc", "thresholds": {}, "checks": [],
                     "tool_version": "0.1.0"},
        "summary": {"segments": 1, "files": 1, "documents": 1, "language_pairs": ["vi->en"], "skipped": {},
                    "glossary_concepts": 1, "concepts_found": 1, "source_terms": 1, "ok": 0,
                    "findings": {"error": 0, "warning": 0, "info": 0}, "by_check": {},
                    "consistency": {"concepts": 1, "occurrences": 1, "consistent": 0, "micro": 0, "macro": 0,
                                    "mean_hhi": 0}, "conflicts": {}, "baseline": None},
        "checks": [], "concepts": concepts, "documents": [], "findings": [], "conflicts": [], "warnings": [],
    }


def discovery_report(groups: list[dict]) -> dict:
    """A discovery report as `glossary discover --format json` writes it (schema-valid)."""
    keep = ("text", "count", "class", "canonical", "documents", "segments", "examples", "methods")
    for number, group in enumerate(groups, start=1):
        group["renderings"] = [{k: r[k] for k in keep} for r in group["renderings"]]
        for key, value in (("id", f"g{number:010x}"), ("rank", number), ("source_key", None), ("kinds", ["ngram"]),
                           ("class", "lexical"), ("canonical_evidence", "most frequent"), ("confidence", 0.5),
                           ("score", 1.0), ("occurrences", sum(r["count"] for r in group["renderings"])),
                           ("documents", []), ("concept", None), ("evidence", [])):
            group.setdefault(key, value)
    return {
        "$schema": "https://glossary.example/schemas/discovery-report.schema.json", "schema_version": 1,
        "kind": "discovery-report", "source_lang": "vi", "target_lang": "en", "inputs": ["corpora"], "segments": 1,
        "passages": 1, "documents": [], "glossary": None, "settings": {},
        "stats": {"candidates": 1, "candidates_left_out": 0, "terms_aligned": 1, "occurrences": 1, "target_spans": 1,
                  "groups": len(groups)},
        "groups": groups, "reverse": [],
        "comparison": {"shared_passages": 0, "pairs_left_out": 0, "signatures": {}, "documents": [], "passages": [],
                       "diffs": []},
    }


VARIANCE = variance_report([
    {"concept_id": "signing-ceremony", "reference": "signing ceremony", "renderings": [
        rendering("signing ceremony", 4, ["a", "b", "c"], "preferred"),
        rendering("Opening Ceremony", 1, ["d"], "forbidden"),
        rendering("Signing Ceremony", 1, ["e"])]},
    {"concept_id": "unodc", "reference": "United Nations Office on Drugs and Crime", "renderings": [
        rendering("UNODC", 3, ["a", "b"], "admitted"),
        rendering("UNDOC", 2, ["c"], "forbidden"),
        rendering("Drugs Office", 1, ["d"]),
        rendering(None, 1, ["e"], "missing")]},
])
DISCOVERY = discovery_report([
    {"source_term": "5 đẩy mạnh", "canonical": "five accelerations", "renderings": [
        rendering("5 pushes", 2, ["x", "y"]),
        rendering("five accelerations", 1, ["z"]),
        rendering("5 Strengthens", 1, ["w"])]},
])


@pytest.mark.parametrize(("data", "schema"), [(VARIANCE, "variance-report.schema.json"),
                                              (DISCOVERY, "discovery-report.schema.json")])
def test_the_test_reports_match_the_report_schemas(data: dict, schema: str) -> None:
    if not (SCHEMAS / schema).is_file():
        pytest.skip(f"{schema} not written yet")
    import jsonschema

    jsonschema.validate(data, json.loads((SCHEMAS / schema).read_text(encoding="utf-8")))


def report(tmp_path: Path, data: dict, name: str = "variance.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


def test_adopt_from_variance(terms: Path, tmp_path: Path) -> None:
    store = TermStore.open(terms)
    maintenance.adopt(store, report(tmp_path, VARIANCE), concept_id="unodc", rendering="UNODC", today=TODAY)
    store.save()
    unodc = term(terms, "unodc", "en", "UNODC")
    assert unodc.status is Status.PREFERRED
    # 7 occurrences: the renderings and the one where the term was missing
    assert unodc.source == "adopted 2026-11-23 from variance.json: 3 of 7 occurrences in 2 documents"
    assert term(terms, "unodc", "en", "United Nations Office on Drugs and Crime").status is Status.ADMITTED
    assert term(terms, "unodc", "en", "UNDOC").status is Status.FORBIDDEN  # already decided: kept
    other = term(terms, "unodc", "en", "Drugs Office")
    assert other.status is Status.DEPRECATED
    assert other.source == "seen 2026-11-23 in variance.json: 1 of 7 occurrences in 1 document"
    # adopting the same finding again changes nothing
    again = maintenance.adopt(TermStore.open(terms), report(tmp_path, VARIANCE), concept_id="unodc",
                              rendering="UNODC", today=TODAY)
    assert again.diff() == ""


def test_adopt_forbidden_keeps_the_rest(terms: Path, tmp_path: Path) -> None:
    store = TermStore.open(terms)
    maintenance.adopt(store, report(tmp_path, VARIANCE), concept_id="signing-ceremony",
                      rendering="Signing Ceremony", forbid=True, reason="capitals are for the event's name",
                      today=TODAY)
    store.save()
    forbidden = term(terms, "signing-ceremony", "en", "Signing Ceremony")
    assert (forbidden.status, forbidden.reason) == (Status.FORBIDDEN, "capitals are for the event's name")
    assert term(terms, "signing-ceremony", "en", "signing ceremony").status is Status.PREFERRED
    assert term(terms, "signing-ceremony", "en", "Opening Ceremony").status is Status.FORBIDDEN
    assert len(load_glossary(terms, cache=False).get("signing-ceremony").terms_in("en")) == 3  # one term added
    # "Signing Ceremony" has the key of the preferred "signing ceremony": that term is the one named
    with pytest.raises(ConflictError):
        maintenance.adopt(TermStore.open(terms), report(tmp_path, VARIANCE), concept_id="signing-ceremony",
                          rendering="signing ceremony", forbid=True)


def test_adopt_from_discovery_creates_the_concept(terms: Path, tmp_path: Path) -> None:
    store = TermStore.open(terms)
    maintenance.adopt(store, report(tmp_path, DISCOVERY, "discovery.json"), concept_id="five-accelerations",
                      source_term="5 day manh", today=TODAY)
    store.save()
    concept = load_glossary(terms, cache=False).get("five-accelerations")
    assert concept.preferred("vi").text == "5 đẩy mạnh"
    assert concept.preferred("en").text == "five accelerations"  # the report's proposal
    assert concept.preferred("en").source == "adopted 2026-11-23 from discovery.json: 1 of 4 occurrences in 1 document"
    assert {t.text: t.status for t in concept.terms_in("en")} == {
        "five accelerations": Status.PREFERRED, "5 pushes": Status.DEPRECATED, "5 Strengthens": Status.DEPRECATED}
    # the concept now exists: its source term finds the group without --source-term
    store = TermStore.open(terms)
    maintenance.adopt(store, report(tmp_path, DISCOVERY, "discovery.json"), concept_id="five-accelerations",
                      rendering="5 pushes", forbid=True, today=TODAY)
    store.save()
    assert term(terms, "five-accelerations", "en", "5 pushes").status is Status.FORBIDDEN


def test_adopt_validates_once_however_many_other_renderings(terms: Path, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """The glossary is validated a fixed number of times, not once per other rendering added;
    a rendering the report lists twice is added once."""
    builds = []
    build = TermStore.build
    monkeypatch.setattr(TermStore, "build", lambda self: builds.append(1) or build(self))

    def adopt_with(others: list[str], name: str) -> int:
        data = variance_report([{"concept_id": "unodc", "renderings": [rendering("UNODC", 3, ["a"], "admitted")]
                                 + [rendering(text, 1, ["b"]) for text in others]}])
        builds.clear()
        store = TermStore.open(terms)
        maintenance.adopt(store, report(tmp_path, data, name), concept_id="unodc", rendering="UNODC", today=TODAY)
        calls = len(builds)
        store.save()
        return calls

    assert adopt_with(["Drugs Office"], "one.json") == adopt_with(
        ["Crime Office", "Drug Office", "UN Drugs Office", "Crime Office", "Office on Drugs"], "many.json")
    en = {t.text: t.status for t in load_glossary(terms, cache=False).get("unodc").terms_in("en")}
    assert [en[t] for t in ("Drugs Office", "Crime Office", "Drug Office", "UN Drugs Office", "Office on Drugs")] \
        == [Status.DEPRECATED] * 5
    assert len(load_glossary(terms, cache=False).get("unodc").terms_in("en")) == len(en)  # "Crime Office" once


@pytest.mark.parametrize(("data", "kw", "message", "error"), [
    (VARIANCE, {"concept_id": "un", "rendering": "UN"}, "no finding for concept 'un'", UsageError),
    (VARIANCE, {"concept_id": "unodc", "rendering": "Nope"}, "'Nope' is not a rendering", UsageError),
    (variance_report([{"concept_id": "unodc", "renderings": [rendering("UNODC", 1, ["a"])]}]), {"concept_id": "unodc"},
     "choose the rendering to adopt with --rendering", UsageError),
    (VARIANCE, {"concept_id": "unodc", "forbid": True}, "say which rendering to forbid", UsageError),
    (VARIANCE, {"concept_id": "signing-ceremony", "rendering": "signing ceremony", "forbid": True},
     "preferred en term", ConflictError),
    (DISCOVERY, {"concept_id": "new-one"}, "name the group with --source-term", UsageError),
    (DISCOVERY, {"concept_id": "new-one", "source_term": "5 đẩy mạnh", "forbid": True, "rendering": "5 pushes"},
     "not a forbidden one", ConflictError),
    (variance_report([{"concept_id": "cybercrime", "renderings": [rendering("b", 1, ["a"])]}])
     | {"settings": variance_report([])["settings"] | {"source_lang": None, "target_lang": None}},
     {"concept_id": "cybercrime", "rendering": "b"}, "renderings' language", UsageError),
])
def test_adopt_refusals(terms: Path, tmp_path: Path, data: dict, kw: dict, message: str, error: type) -> None:
    with pytest.raises(error, match=message):
        maintenance.adopt(TermStore.open(terms), report(tmp_path, data), **kw)


BAD_LANGUAGE = json.dumps(VARIANCE | {"settings": VARIANCE["settings"] | {"target_lang": "zz"}})
NOT_AN_OBJECT = json.dumps(variance_report([]) | {"concepts": [1]})
WRONG_COUNT = json.loads(json.dumps(VARIANCE))
WRONG_COUNT["concepts"][0]["renderings"][0]["count"] = "many"


@pytest.mark.parametrize(("text", "message", "line"), [
    ('{"concepts": [', "not valid JSON", 1),
    (NOT_AN_OBJECT, r"variance-report.schema.json at concepts\[0\]", None),
    (json.dumps(WRONG_COUNT), r"concepts\[0\].renderings\[0\].count", None),
    ('{"something": []}', "not a variance report", None),
    (BAD_LANGUAGE, "not a known language tag", None),
], ids=["json-syntax", "not-an-object", "count-not-a-number", "neither-report", "bad-language"])
def test_reports_that_cannot_be_read(tmp_path: Path, text: str, message: str, line: int | None) -> None:
    path = tmp_path / "r.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ParseError, match=message) as caught:
        maintenance.load_findings(path)
    assert caught.value.path == str(path) and caught.value.line == line


@pytest.mark.parametrize(("data", "message"), [
    ({"concepts": [1]}, r"concepts\[0\] must be an object"),
    ({"concepts": [{"concept_id": "x"}]}, r"concepts\[0\].renderings must be a list"),
    ({"concepts": [{"concept_id": "x", "renderings": [{"text": "a", "count": "many"}]}]},
     r"concepts\[0\].renderings\[0\].count must be a count"),
    ({"groups": [{"source_term": 5, "renderings": []}]}, r"groups\[0\].source_term must be text"),
    ({"groups": [{"renderings": [{"count": 1, "text": 7}]}]}, r"groups\[0\].renderings\[0\] must be an object"),
])
def test_report_shape_is_checked_without_a_schema(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, data: dict,
                                                 message: str) -> None:
    monkeypatch.setattr(maintenance, "SCHEMA_DIR", tmp_path / "no-schemas")
    with pytest.raises(ParseError, match=message):
        maintenance.load_findings(report(tmp_path, data))


def test_adopt_from_reports_the_real_commands_wrote(terms: Path, tmp_path: Path) -> None:
    corpus = REPO / "corpora" / "hanoi-convention" / "hanoi-convention.tmx"
    commands = {c.name for c in app.registered_commands}
    if not corpus.is_file() or not {"variance", "discover"} <= commands:
        pytest.skip("needs the bundled corpus and the variance and discover commands")
    shutil.copy(FIXTURE, terms / "glossary.yaml")
    (terms / "more.yaml").unlink()
    variance = tmp_path / "variance.json"
    made = runner.invoke(app, ["variance", str(corpus), "-g", str(terms), "-f", "json", "-o", str(variance)])
    assert variance.is_file(), made.output
    done = invoke(terms, "adopt", str(variance), "--concept", "antonio-guterres", "--rendering", "Antonio Guterres",
                  "--forbid", "-y")
    assert done.exit_code == 0, done.output
    forbidden = term(terms, "antonio-guterres", "en", "Antonio Guterres")
    assert forbidden.status is Status.FORBIDDEN
    assert re.fullmatch(r"forbidden \d{4}-\d\d-\d\d from variance\.json: \d+ of \d+ occurrences in 1 document",
                        forbidden.source)

    discovery = tmp_path / "discovery.json"
    made = runner.invoke(app, ["discover", str(corpus), "-g", str(terms), "-f", "json", "-o", str(discovery)])
    assert discovery.is_file(), made.output
    done = invoke(terms, "adopt", str(discovery), "--concept", "secretary-general", "-y")  # its canonical rendering
    assert done.exit_code == 0, done.output
    preferred = load_glossary(terms, cache=False).get("secretary-general").preferred("en")
    assert re.match(r"adopted \d{4}-\d\d-\d\d from discovery\.json: \d+ of \d+ occurrences", preferred.source)


# -- a write killed midway leaves terms/ as it was --------------------------------------------------
def test_a_failed_rename_leaves_the_files_intact(terms: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = snapshot(terms)
    store = TermStore.open(terms)
    maintenance.set_status(store, ref(store, "UNODC", concept_id="unodc"), Status.PREFERRED)

    def killed(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device", str(dst))

    monkeypatch.setattr(os, "replace", killed)
    with pytest.raises(OSError):
        store.save()
    monkeypatch.undo()
    assert snapshot(terms) == before  # same files, same bytes: no half-written file, no temporary left


def test_a_write_killed_while_writing_leaves_the_files_intact(terms: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = snapshot(terms)
    real_fdopen = os.fdopen

    class Dying:
        """A file handle whose writes die after half the bytes, like a process killed mid-write."""

        def __init__(self, handle):
            self.handle = handle

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.handle.close()
            return False

        def write(self, data: bytes) -> int:
            self.handle.write(data[: len(data) // 2])
            self.handle.flush()
            raise KeyboardInterrupt  # the interrupt a kill delivers

        def __getattr__(self, name):
            return getattr(self.handle, name)

    monkeypatch.setattr(os, "fdopen", lambda fd, *a, **k: Dying(real_fdopen(fd, *a, **k)))
    result = runner.invoke(app, ["concept", "merge", "unodc", "un-drugs-office", "-g", str(terms), "--yes"])
    monkeypatch.undo()
    assert result.exit_code != 0
    assert snapshot(terms) == before
    assert load_glossary(terms, cache=False).get("un-drugs-office") is not None


# -- the commands ---------------------------------------------------------------------------------
def invoke(terms: Path, *args: str, input: str | None = None):
    return runner.invoke(app, [*args, "-g", str(terms)], input=input)


def test_cli_set_status_asks_then_writes(terms: Path) -> None:
    before = snapshot(terms)
    declined = invoke(terms, "term", "set-status", "UN", "preferred", input="n\n")
    assert declined.exit_code == 1 and "+          status: preferred" in declined.stdout
    assert "nothing written" in declined.output and snapshot(terms) == before
    dry = invoke(terms, "term", "set-status", "UN", "preferred", "--dry-run")
    assert dry.exit_code == 0 and "dry run" in dry.output and snapshot(terms) == before
    accepted = invoke(terms, "term", "set-status", "UN", "preferred", "--reason", "short", input="y\n")
    assert accepted.exit_code == 0, accepted.output
    assert "wrote" in accepted.output
    assert term(terms, "un", "en", "UN").status is Status.PREFERRED
    assert term(terms, "un", "en", "United Nations").status is Status.ADMITTED
    same = invoke(terms, "term", "set-status", "UN", "preferred", "--yes")
    assert same.exit_code == 0 and "nothing to change" in same.stdout


@pytest.mark.parametrize(("args", "message"), [
    (["term", "set-status", "Pham Minh Chinh", "admitted", "-y"], "make another en term preferred first"),
    (["term", "set-status", "UNODC", "preferred", "-y"], "names 2 terms"),
    (["term", "set-status", "UNDOC", "sometimes", "-y"], "is not a status"),
    (["term", "set-status", "nothing", "admitted", "-y"], "no term 'nothing'"),
    (["term", "add", "UNODC", "--concept", "unodc", "--lang", "en", "-y"], "already has the en term"),
    (["term", "add", "x", "--concept", "unodc", "--lang", "xx-nope", "-y"], "not a known language tag"),
    (["term", "add", "x", "--concept", "unodc", "--lang", "en", "--type", "weird", "-y"], "--type"),
    (["term", "add", "x", "--concept", "unodc", "--lang", "en", "--subject", "s", "-y"], "add --new-concept"),
    (["term", "add", "x", "--concept", "un", "--lang", "en", "--new-concept", "-y"], "already exists"),
    (["term", "add", "x", "--concept", "new", "--lang", "en", "--new-concept", "--with", "vi", "-y"], "LANG:TEXT"),
    (["term", "add", "x", "--concept", "new", "--lang", "en", "--new-concept", "--file", "../x.yaml", "-y"],
     "directly in"),
    (["term", "rename", "UNDOC", "UNODC", "-y"], "already has the en term 'UNODC'"),
    (["term", "note", "UNDOC", "x", "--field", "status", "-y"], "one of note, usage"),
    (["concept", "merge", "un", "un", "-y"], "with itself"),
    (["concept", "split", "unodc", "--new-id", "x", "--term", "en:United Nations Office on Drugs and Crime", "-y"],
     "would keep no preferred en term"),
    (["concept", "split", "unodc", "--new-id", "x", "--term", "UNDOC", "-y"], "LANG:TEXT"),
])
def test_cli_refusals_are_one_line_and_write_nothing(terms: Path, args: list[str], message: str) -> None:
    before = snapshot(terms)
    result = invoke(terms, *args)
    assert result.exit_code == 2, result.output
    assert message in result.output and "Traceback" not in result.output
    assert result.output.count("glossary: error:") == 1
    assert snapshot(terms) == before


def test_cli_term_add_rename_note(terms: Path) -> None:
    added = invoke(terms, "term", "add", "Bộ Ngoại giao", "--concept", "mofa", "--lang", "vi", "--new-concept",
                   "--with", "en:Ministry of Foreign Affairs", "--subject", "government", "--file", "more.yaml", "-y")
    assert added.exit_code == 0, added.output
    assert "+  - id: mofa" in added.stdout
    more = invoke(terms, "term", "add", "MOFA", "--concept", "mofa", "--lang", "en", "--status", "admitted",
                  "--type", "acronym", "--usage", "After the full name.", "-y")
    assert more.exit_code == 0, more.output
    renamed = invoke(terms, "term", "rename", "MOFA", "MoFA", "-y")
    assert renamed.exit_code == 0, renamed.output
    noted = invoke(terms, "term", "note", "MoFA", "Rare in English news.", "-y")
    assert noted.exit_code == 0, noted.output
    mofa = load_glossary(terms, cache=False).get("mofa")
    assert mofa.location.path.endswith("more.yaml") and mofa.subject == "government"
    acronym = next(t for t in mofa.terms_in("en") if t.text == "MoFA")
    assert (acronym.status, acronym.usage, acronym.note) == (Status.ADMITTED, "After the full name.",
                                                            "Rare in English news.")


def test_cli_concept_merge_and_split(terms: Path) -> None:
    merged = invoke(terms, "concept", "merge", "unodc", "un-drugs-office", "-y")
    assert merged.exit_code == 0, merged.output
    assert "-  - id: un-drugs-office" in merged.stdout
    split = invoke(terms, "concept", "split", "unodc", "--new-id", "unodc-fr", "--term",
                   "fr:Office des Nations unies contre la drogue et le crime", "-y")
    assert split.exit_code == 0, split.output
    glossary = load_glossary(terms, cache=False)
    assert glossary.get("un-drugs-office") is None
    assert glossary.get("unodc-fr").preferred("fr").text == "Office des Nations unies contre la drogue et le crime"


def test_cli_adopt(terms: Path, tmp_path: Path) -> None:
    path = report(tmp_path, VARIANCE)
    dry = invoke(terms, "adopt", str(path), "--concept", "unodc", "--rendering", "UNODC", "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert "adopted" in dry.stdout and "3 of 7 occurrences in 2 documents" in dry.stdout
    done = invoke(terms, "adopt", str(path), "--concept", "unodc", "--rendering", "UNODC", "--others", "skip", "-y")
    assert done.exit_code == 0, done.output
    assert term(terms, "unodc", "en", "UNODC").status is Status.PREFERRED
    assert "Drugs Office" not in [t.text for t in load_glossary(terms, cache=False).get("unodc").all_terms()]
    missing = invoke(terms, "adopt", str(path), "--concept", "un", "--rendering", "UN", "-y")
    assert missing.exit_code == 2 and "no finding for concept 'un'" in missing.output
    broken = tmp_path / "broken.json"
    broken.write_text('{\n  "concepts": [\n', encoding="utf-8")
    bad = invoke(terms, "adopt", str(broken), "--concept", "unodc", "-y")
    assert bad.exit_code == 2 and f"{broken}:3:" in bad.output and "Traceback" not in bad.output


def test_every_new_command_has_help() -> None:
    for args in (["lookup"], ["index"], ["concordance"], ["adopt"], ["term", "add"], ["term", "set-status"],
                 ["term", "rename"], ["term", "note"], ["concept", "merge"], ["concept", "split"]):
        result = runner.invoke(app, [*args, "--help"])
        assert result.exit_code == 0, args
        assert len(result.stdout.strip().splitlines()) > 5
