"""Finding ids come from what a finding is about, never from where it sits.

Inserting a row shifts every later line number (CSV, TSV, parallel text, JSON Lines
without ids) and every generated unit id (TMX, XLIFF numbered by a tool): the findings
of the rows that did not change keep their ids, and ``--baseline`` with the old report
lists only the new row's. An NFD or whitespace re-save changes no id. Identical pairs
get distinct ids, numbered in reading order, the same with ``--jobs 2``.
"""
from __future__ import annotations

import hashlib
import json
import pickle
import unicodedata
from pathlib import Path
from typing import Callable
from xml.sax.saxutils import escape, quoteattr

import jsonschema
import pytest
from typer.testing import CliRunner

from glossary.cli.main import app
from glossary.render.json_report import render_json
from glossary.store.termstore import load_glossary
from glossary.variance.checks import Finding, Severity
from glossary.variance.checks.base import id_offset, id_text, occurrence_id, pair_finding_id
from glossary.variance.findings import FindingStore
from glossary.variance.report import apply_baseline, check_pair, new_assessor, run_variance

from .helpers import glossary, segment, write_glossary

REPO = Path(__file__).resolve().parents[2]
SCHEMA = json.loads((REPO / "glossary" / "schemas" / "variance-report.schema.json").read_text(encoding="utf-8"))
runner = CliRunner()

SPEC = {
    "unodc": {"vi": ["UNODC"], "en": [("UNODC", "preferred", "acronym"), ("UNDOC", "forbidden", "variant")]},
    "ceremony": {"vi": ["Lễ mở ký"], "en": ["signing ceremony", ("Opening Ceremony", "deprecated")]},
    "aud": {"vi": ["AUD"], "en": [("AUD", "preferred", "abbreviation")]},
    "pm": {"vi": ["Thủ tướng"], "en": ["Prime Minister"]},
}
# (document, source, target): every row but the second has findings; diacritics in the
# targets before a term, so an NFD re-save moves the spans
ROWS = [
    ("tin-tức", "Thủ tướng Phạm Minh Chính dự Lễ mở ký và gặp UNODC",
     "Prime Minister Phạm Minh Chính attended the Opening Ceremony and met UNDOC"),
    ("tin-tức", "Lễ mở ký", "The signing ceremony"),
    ("tin-tức", "Australia cam kết 83,5 triệu AUD", "Australia committed $83.5 million"),
    ("báo-chí", "Thủ tướng Chính phát biểu tại Lễ mở ký", "Prime Minister Chính spoke at the Opening Ceremony"),
]
NEW = ("tin-tức", "Nhật Bản cam kết 10 triệu AUD cho Việt Nam", "Japan pledged $10 million to Việt Nam")
# for re-saves in NFD: a figure with a scale word and a currency, and one with a percent
NFD_ROWS = ROWS + [("tin-tức", "Úc cam kết 1.000 AUD và 20%", "Australia committed $1,000 and 25%")]


# -- writers: one corpus of (document, source, target) rows per format --------------------------
def _csv(root: Path, rows: list[tuple[str, str, str]]) -> Path:
    path = root / "corpus.csv"  # no document column: every pair is in document ""
    lines = ["vi,en"] + [f'"{s}","{t}"' for _, s, t in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _tsv(root: Path, rows: list[tuple[str, str, str]]) -> Path:
    path = root / "corpus.tsv"
    path.write_text("document\tvi\ten\n" + "".join(f"{d}\t{s}\t{t}\n" for d, s, t in rows), encoding="utf-8")
    return path


def _parallel(root: Path, rows: list[tuple[str, str, str]]) -> Path:
    (root / "corpus.vi").write_text("".join(f"{s}\n" for _, s, _ in rows), encoding="utf-8")
    (root / "corpus.en").write_text("".join(f"{t}\n" for _, _, t in rows), encoding="utf-8")
    return root / "corpus.vi"


def _jsonl(root: Path, rows: list[tuple[str, str, str]]) -> Path:
    path = root / "corpus.jsonl"  # no "id": the unit id is the line number
    path.write_text("".join(json.dumps({"source": s, "target": t, "source_lang": "vi", "target_lang": "en",
                                        "document": d}, ensure_ascii=False) + "\n" for d, s, t in rows),
                    encoding="utf-8")
    return path


def _tmx(root: Path, rows: list[tuple[str, str, str]]) -> Path:
    path = root / "corpus.tmx"  # tuids numbered by the tool that wrote it: they shift too
    units = "".join(f'<tu tuid="{i}"><prop type="x-document">{escape(d)}</prop>'
                    f'<tuv xml:lang="vi"><seg>{escape(s)}</seg></tuv><tuv xml:lang="en"><seg>{escape(t)}</seg></tuv></tu>\n'
                    for i, (d, s, t) in enumerate(rows, start=1))
    path.write_text('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header creationtool="test" '
                    'creationtoolversion="1" segtype="sentence" o-tmf="test" adminlang="en" srclang="vi" '
                    f'datatype="plaintext"/><body>\n{units}</body></tmx>\n', encoding="utf-8")
    return path


def _xliff(root: Path, rows: list[tuple[str, str, str]]) -> Path:
    path = root / "corpus.xlf"  # one <file> per document, trans-unit ids numbered across the file
    files, number = [], 0
    for document in dict.fromkeys(d for d, _, _ in rows):
        units = []
        for d, s, t in rows:
            if d == document:
                number += 1
                units.append(f'<trans-unit id="{number}"><source>{escape(s)}</source>'
                             f'<target>{escape(t)}</target></trans-unit>\n')
        files.append(f'<file original={quoteattr(document)} source-language="vi" target-language="en" '
                     f'datatype="plaintext"><body>\n{"".join(units)}</body></file>\n')
    path.write_text('<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="1.2" '
                    'xmlns="urn:oasis:names:tc:xliff:document:1.2">' + "".join(files) + "</xliff>\n",
                    encoding="utf-8")
    return path


WRITERS: dict[str, Callable[[Path, list[tuple[str, str, str]]], Path]] = {
    "csv": _csv, "tsv": _tsv, "parallel": _parallel, "jsonl": _jsonl, "tmx": _tmx, "xliff": _xliff}


def _variance(corpus: Path, terms: Path, *args: str) -> dict:
    result = runner.invoke(app, ["variance", str(corpus), "--glossary", str(terms), "--source-lang", "vi",
                                 "--target-lang", "en", "--format", "json", "--output", "-", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _corpus(tmp_path: Path, name: str, fmt: str, rows: list[tuple[str, str, str]]) -> Path:
    root = tmp_path / name
    root.mkdir()
    return WRITERS[fmt](root, rows)


@pytest.fixture()
def terms(tmp_path: Path) -> Path:
    return write_glossary(tmp_path / "terms.yaml", SPEC)


def _content(finding: dict) -> tuple:
    """What a finding is about, as the JSON has it (no id, unit or line)."""
    return (finding["check"], finding["document"], finding["source"], finding["target"], finding["concept_id"],
            finding["found"], tuple(finding["span"] or ()), tuple(finding["source_span"] or ()))


def _ids(report: dict) -> list[str]:
    return [f["id"] for f in report["findings"]]


# -- inserting a row -------------------------------------------------------------------------
@pytest.mark.parametrize("fmt", sorted(WRITERS))
def test_a_row_inserted_at_the_top_changes_no_other_id(tmp_path: Path, terms: Path, fmt: str) -> None:
    corpus = _corpus(tmp_path, "c", fmt, ROWS)
    old = _variance(corpus, terms)
    assert WRITERS[fmt](corpus.parent, [NEW] + ROWS) == corpus  # the same file, edited
    new = _variance(corpus, terms)
    assert {f["check"] for f in old["findings"]} >= {"term.deprecated", "term.misspelling", "currency.lost",
                                                      "target.inconsistent-in-document"}

    # the old rows' findings are the same, with the same ids, at other lines
    old_rows = [f for f in new["findings"] if f["source"] != NEW[1]]
    assert [(_content(f), f["id"]) for f in old_rows] == [(_content(f), f["id"]) for f in old["findings"]]
    assert all(a["segment"] != b["segment"] for a, b in zip(old_rows, old["findings"]))  # unit ids moved
    fresh = [f for f in new["findings"] if f["source"] == NEW[1]]
    assert fresh and not {f["id"] for f in fresh} & set(_ids(old))

    # --baseline with the old report lists the new row's findings only
    baseline = tmp_path / "old.json"
    baseline.write_text(json.dumps(old), encoding="utf-8")
    compared = _variance(corpus, terms, "--baseline", str(baseline))
    assert compared["findings"] == fresh
    assert compared["summary"]["baseline"] == {"file": str(baseline), "known": len(old["findings"])}
    jsonschema.Draft202012Validator(SCHEMA).validate(compared)


@pytest.mark.parametrize("fmt", ["csv", "parallel", "tmx"])
def test_an_nfd_re_save_changes_no_id(tmp_path: Path, terms: Path, fmt: str) -> None:
    nfd = [tuple(unicodedata.normalize("NFD", text) for text in row) for row in NFD_ROWS]
    assert nfd != NFD_ROWS
    old = _variance(_corpus(tmp_path, "nfc", fmt, NFD_ROWS), terms)
    resaved = _corpus(tmp_path, "nfd", fmt, nfd)
    new = _variance(resaved, terms)
    assert new["findings"][0]["target"] != old["findings"][0]["target"]  # really NFD: spans moved too
    assert new["findings"][0]["span"] != old["findings"][0]["span"]
    assert [f["check"] for f in new["findings"]] == [f["check"] for f in old["findings"]]
    assert {"number.changed", "currency.lost", "target.inconsistent-in-document"} <= {f["check"] for f in old["findings"]}
    assert _ids(new) == _ids(old) and len(_ids(old)) >= 6
    if fmt != "tmx":  # no document names: the corpus check's document is the file's path, which differs here
        assert {f["document"] for f in new["findings"]} != {f["document"] for f in old["findings"]}
    baseline = tmp_path / "old.json"
    baseline.write_text(json.dumps(old), encoding="utf-8")
    compared = _variance(resaved, terms, "--baseline", str(baseline))
    assert compared["findings"] == [] and compared["summary"]["baseline"]["known"] == len(old["findings"])


def test_an_nfd_re_save_reads_vietnamese_scale_words_alike(tmp_path: Path, terms: Path) -> None:
    nfd = [tuple(unicodedata.normalize("NFD", text) for text in row) for row in ROWS]
    old = _variance(_corpus(tmp_path, "nfc", "csv", ROWS), terms)
    new = _variance(_corpus(tmp_path, "nfd", "csv", nfd), terms)
    assert [f["check"] for f in new["findings"]] == [f["check"] for f in old["findings"]]


def test_whitespace_re_save_changes_no_id(tmp_path: Path, terms: Path) -> None:
    """Runs of spaces, tabs and trailing spaces carry no meaning for a term: they change no id."""
    spaced = [(d, f" {s}  ", t.replace(" the ", "  the \t").replace("Prime Minister", "Prime  Minister") + "  ")
              for d, s, t in ROWS]
    old = _variance(_corpus(tmp_path, "plain", "csv", ROWS), terms)
    new = _variance(_corpus(tmp_path, "spaced", "csv", spaced), terms)
    assert [f["target"] for f in new["findings"]] != [f["target"] for f in old["findings"]]
    assert [f["check"] for f in new["findings"]] == [f["check"] for f in old["findings"]]
    assert _ids(new) == _ids(old)


def _sha(*parts: str) -> str:
    return "F" + hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:12]


def _span(span: list[int] | None) -> str:
    return f"{span[0]}:{span[1]}" if span else ""


@pytest.mark.parametrize("fmt", ["tsv", "csv"])  # documents named, and not (the file's name then)
def test_ids_follow_the_rule_the_schema_states(tmp_path: Path, terms: Path, fmt: str) -> None:
    """Recomputed from the JSON fields as the schema's description of findings.id says
    (texts here are NFC with single spaces, so spans are offsets in them already)."""
    described = SCHEMA["properties"]["findings"]["items"]["properties"]["id"]["description"]
    assert "never from where it sits" in described and "NFC" in described
    rows = ROWS + [ROWS[0]]  # a repeat: numbered
    report = _variance(_corpus(tmp_path, "c", fmt, rows), terms)
    seen: dict[str, int] = {}
    for f in report["findings"]:
        document = f["document"] if fmt == "tsv" else "corpus.csv"
        if f["check"] == "target.inconsistent-in-document":
            key = _sha(f["check"], document, f["concept_id"], "full", f["found"])
        else:
            key = _sha(f["check"], document, f["source"], f["target"], f["concept_id"] or "", f["term"] or "",
                       f["found"] or "", _span(f["span"]), _span(f["source_span"]))
        seen[key] = seen.get(key, 0) + 1
        assert f["id"] == (key if seen[key] == 1 else _sha(key, str(seen[key])))
    assert max(seen.values()) == 2 and "target.inconsistent-in-document" in {f["check"] for f in report["findings"]}


def test_the_corpus_check_ids_name_no_segment(tmp_path: Path, terms: Path) -> None:
    """target.inconsistent-in-document: document, concept, group and form; the pair it quotes
    (its first sighting) may move or change without changing its id."""
    rows = [("d", "Lễ mở ký", "The Opening Ceremony"), ("d", "Lễ mở ký", "The signing ceremony"),
            ("d", "Lễ mở ký", "The signing ceremony again")]
    old = _variance(_corpus(tmp_path, "old", "tmx", rows), terms)
    moved = [("d", "Lễ mở ký", "Before: the signing ceremony"), rows[2], rows[1], ("d", "Lễ mở ký", "An Opening Ceremony")]
    new = _variance(_corpus(tmp_path, "new", "tmx", moved), terms)
    first, second = ([f for f in r["findings"] if f["check"] == "target.inconsistent-in-document"] for r in (old, new))
    assert len(first) == len(second) == 1 and first[0]["segment"] != second[0]["segment"]
    assert first[0]["found"] == second[0]["found"] == "Opening Ceremony" and first[0]["id"] == second[0]["id"]


# -- what changes an id ------------------------------------------------------------------------
BASE = {"document": "tin-tức", "path": "news/corpus.tmx", "source": "Lễ mở ký hôm nay",
        "target": "The Opening Ceremony today",
        "concept_id": "ceremony", "term": "Lễ mở ký", "found": "Opening Ceremony", "span": (4, 20),
        "source_span": (0, 8)}


@pytest.mark.parametrize("field, other", [
    ("check", "term.forbidden"), ("term", "lễ mở ký"), ("target", "The Opening Ceremony yesterday"),
    ("source", "Lễ mở ký hôm qua"), ("document", "báo-chí"), ("concept_id", "signing-ceremony"),
    ("found", "Opening ceremony"), ("span", (4, 19)), ("source_span", (1, 8)), ("source_span", None),
])
def test_the_id_changes_with_each_thing_it_is_about(field: str, other) -> None:
    base = pair_finding_id("term.deprecated", **BASE)
    if field == "check":
        assert pair_finding_id(other, **BASE) != base
    else:
        assert pair_finding_id("term.deprecated", **{**BASE, field: other}) != base


def test_the_file_counts_only_by_its_name_and_only_for_an_unnamed_document() -> None:
    base = pair_finding_id("term.deprecated", **BASE)
    assert pair_finding_id("term.deprecated", **{**BASE, "path": "/elsewhere/other.tmx"}) == base
    unnamed = {**BASE, "document": ""}
    first = pair_finding_id("term.deprecated", **unnamed)
    assert pair_finding_id("term.deprecated", **{**unnamed, "path": "/abs/path/to/corpus.tmx"}) == first
    assert pair_finding_id("term.deprecated", **{**unnamed, "path": "news/other.tmx"}) != first
    assert pair_finding_id("term.deprecated", **{**unnamed, "document": "corpus.tmx"}) == first


def test_the_id_changes_with_the_check_the_term_and_the_target_in_a_real_scan() -> None:
    spec = {"ceremony": {"vi": ["Lễ mở ký", "lễ ký"], "en": ["signing ceremony", ("Opening Ceremony", "deprecated")]}}
    forbidding = {"ceremony": {"vi": ["Lễ mở ký", "lễ ký"], "en": ["signing ceremony", ("Opening Ceremony", "forbidden")]}}

    def one(spec, source: str, target: str, unit: str = "u1") -> Finding:
        findings = check_pair(segment(source, target, unit=unit), assessor=new_assessor(glossary(spec)))
        listed = [f for f in findings if f.severity is not Severity.OK]
        assert len(listed) == 1, listed
        return listed[0]

    base = one(spec, "Lễ mở ký", "The Opening Ceremony")
    assert base.check == "term.deprecated"
    assert one(spec, "Lễ mở ký", "The Opening Ceremony", unit="u999").id == base.id  # the unit plays no part
    check = one(forbidding, "Lễ mở ký", "The Opening Ceremony")
    assert check.check == "term.forbidden" and check.id != base.id
    term = one(spec, "lễ ký", "The Opening Ceremony")
    assert term.term == "lễ ký" and term.id != base.id
    target = one(spec, "Lễ mở ký", "The Opening Ceremony began")
    assert target.span == base.span and target.id != base.id


def test_offsets_are_read_in_the_id_text() -> None:
    text = "  Phạm  Minh\tChính:   the Opening Ceremony  "
    nfd = unicodedata.normalize("NFD", text)
    assert id_text(text) == id_text(nfd) == "Phạm Minh Chính: the Opening Ceremony"
    length = len(id_text(text))
    start, nfd_start = text.index("Opening"), nfd.index("Opening")
    assert start != nfd_start
    assert id_offset(text, start, length) == id_offset(nfd, nfd_start, length) == id_text(text).index("Opening")
    assert id_offset(text, len(text), length) == length and id_offset(text, 0, length) == 0


# -- identical pairs ------------------------------------------------------------------------------
def test_identical_pairs_get_distinct_ids_and_a_repeat_is_new_to_the_baseline(tmp_path: Path, terms: Path) -> None:
    old = _variance(_corpus(tmp_path, "old", "csv", ROWS), terms)
    repeated = ROWS[:2] + [ROWS[0]] + ROWS[2:]  # row 1 again, at line 4
    corpus = _corpus(tmp_path, "new", "csv", repeated)
    new = _variance(corpus, terms)
    assert len(set(_ids(new))) == len(_ids(new))
    per_row = [f for f in old["findings"] if f["source"] == ROWS[0][1]]
    again = [f for f in new["findings"] if f["source"] == ROWS[0][1] and f["origin"].endswith(":4")]
    assert len(again) == len(per_row) >= 2 and not {f["id"] for f in again} & set(_ids(old))
    assert set(_ids(old)) <= set(_ids(new))  # the first of the two keeps its ids
    baseline = tmp_path / "old.json"
    baseline.write_text(json.dumps(old), encoding="utf-8")
    compared = _variance(corpus, terms, "--baseline", str(baseline))
    assert compared["findings"] == again

    # a repeat inserted at the top: the count of new findings is still that of one row
    on_top = _variance(_corpus(tmp_path, "top", "csv", [ROWS[0]] + ROWS), terms, "--baseline", str(baseline))
    assert len(on_top["findings"]) == len(per_row) and {f["source"] for f in on_top["findings"]} == {ROWS[0][1]}


def test_jobs_2_numbers_repeats_across_files_as_one_pass(tmp_path: Path, terms: Path) -> None:
    """Two files with the same pairs of the same documents, one partition each in its own
    process, merged in order: the ids of one pass, the second file's numbered after the first's."""
    root = tmp_path / "two"
    root.mkdir()
    for name in ("a", "b"):
        _tsv(root, ROWS + ROWS[:1]).rename(root / f"{name}.tsv")
    one = _variance(root, terms)
    two = _variance(root, terms, "--jobs", "2")
    assert two == one
    assert len(set(_ids(one))) == len(_ids(one))
    same = [f for f in one["findings"] if f["source"] == ROWS[0][1] and f["check"] == "term.deprecated"]
    assert [f["origin"].rsplit("/", 1)[-1] for f in same] == ["a.tsv:2", "a.tsv:6", "b.tsv:2", "b.tsv:6"]
    assert [f["id"] for f in same[1:]] == [occurrence_id(same[0]["id"], n) for n in (2, 3, 4)]
    # without document names each file is its own document: nothing to number across them
    for name in ("a", "b"):
        _csv(root, ROWS).rename(root / f"{name}.csv")
        (root / f"{name}.tsv").unlink()
    plain = _variance(root, terms, "--jobs", "2")
    assert plain == _variance(root, terms) and len(set(_ids(plain))) == len(_ids(plain))
    a, b = ([f["id"] for f in plain["findings"] if f"/{name}.csv:" in f["origin"]] for name in ("a", "b"))
    assert len(a) == len(b) and not set(a) & set(b)


def test_jobs_2_on_tmx_byte_ranges_numbers_repeats_as_one_pass(tmp_path: Path, terms: Path) -> None:
    corpus = _tmx(tmp_path, [ROWS[i % len(ROWS)] for i in range(120)])
    glossary_ = load_glossary(terms)
    one = run_variance([corpus], glossary=glossary_)
    two = run_variance([corpus], glossary=glossary_, jobs=2, split_bytes=3_000)
    one_json, two_json = json.loads(render_json(one)), json.loads(render_json(two))
    assert one_json == two_json
    ids = _ids(one_json)
    assert len(ids) > 100 and len(set(ids)) == len(ids)
    known = set(ids[: len(ids) // 2])
    kept = apply_baseline(two, known, path="base.json")
    assert [f.id for f in kept.findings] == ids[len(ids) // 2:]


# -- the store's numbering -------------------------------------------------------------------------
def _finding(key: str, n: int) -> Finding:
    return Finding(id=key, check="term.deprecated", severity=Severity.WARNING, message=f"m{n}", segment=f"d#{n}",
                   document="d", origin=f"c.csv:{n}", source="s", target="t")


def test_the_store_numbers_repeats_in_insertion_order_and_merges_as_one() -> None:
    keys = ["Fa", "Fb", "Fa", "Fc", "Fa", "Fb"]
    findings = [_finding(k, n) for n, k in enumerate(keys)]
    whole = FindingStore(findings)
    expected = ["Fa", "Fb", occurrence_id("Fa", 2), "Fc", occurrence_id("Fa", 3), occurrence_id("Fb", 2)]
    assert [f.id for f in whole] == expected
    assert [f.id for f in whole.ordered()] == expected  # one check and severity: by segment
    parts = FindingStore(findings[:3])
    assert [f.id for f in parts] == expected[:3]  # read (numbered) before the merge
    later = pickle.loads(pickle.dumps(FindingStore(findings[3:])))
    parts.merge(later)
    assert [f.id for f in parts] == expected
    kept = parts.without({"Fa", occurrence_id("Fa", 3)})
    assert [f.id for f in kept] == [expected[i] for i in (1, 2, 3, 5)]  # ids kept, not numbered again
    kept.extend([_finding("Fb", 9), _finding("Fa", 10), _finding("Fd", 11)])
    # numbered past the highest number of their key, so still unique (Fa 3 was dropped: 3 is free again)
    assert [f.id for f in kept][4:] == [occurrence_id("Fb", 3), occurrence_id("Fa", 3), "Fd"]
    assert len({f.id for f in kept}) == len(kept)
