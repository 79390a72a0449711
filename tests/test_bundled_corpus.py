"""The bundled Hanoi Convention corpus: complete, unchanged English, shared sources, reproducible."""
from __future__ import annotations

import subprocess
import sys
import unicodedata
from collections import defaultdict
from pathlib import Path

import pytest
from lxml import etree

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "corpora" / "hanoi-convention"
TMX = CORPUS / "hanoi-convention.tmx"
BUILD = CORPUS / "_build"  # build inputs; "_" keeps them out of corpus directory walks
SCRIPT = BUILD / "make_tmx.py"
SEEDS = REPO / "corpora" / "hanoi-convention" / "_build" / "seeds"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
PROPS = ["x-document", "x-outlet", "x-date", "x-rendering", "x-source-id", "x-paragraph", "x-sentence", "x-seed"]
FIVE_POINTS = ["pm-5-day-manh-call"] + [f"pm-5-day-manh-{n}" for n in range(1, 6)]


@pytest.fixture(scope="module")
def seeds() -> Path:
    if not SEEDS.is_dir():
        pytest.skip(f"seed folder {SEEDS} is absent; the corpus cannot be checked against it")
    return SEEDS


@pytest.fixture(scope="module")
def root() -> etree._Element:
    return etree.parse(str(TMX)).getroot()


def props(tu: etree._Element) -> dict[str, str]:
    return {p.get("type"): p.text or "" for p in tu.findall("prop")}


def segs(tu: etree._Element, lang: str) -> list[str]:
    return [tuv.findtext("seg") or "" for tuv in tu.findall("tuv") if tuv.get(XML_LANG) == lang]


def test_tmx_is_version_1_4_with_vietnamese_source(root: etree._Element) -> None:
    assert TMX.read_bytes().startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n')
    assert root.tag == "tmx" and root.get("version") == "1.4"
    header = root.find("header")
    assert header is not None
    assert header.get("srclang") == "vi" and header.get("segtype") == "sentence"
    assert header.get("creationtool") == "glossary" and header.get("datatype") == "plaintext"


def test_every_tu_has_one_vi_one_en_and_all_props(root: etree._Element) -> None:
    tus = root.findall("body/tu")
    assert tus
    tuids = [tu.get("tuid") for tu in tus]
    assert len(set(tuids)) == len(tuids), "tuids must be unique"
    for tu in tus:
        assert len(segs(tu, "vi")) == 1 and len(segs(tu, "en")) == 1, tu.get("tuid")
        found = props(tu)
        assert all(found.get(name) for name in PROPS), (tu.get("tuid"), found)
        # TMX puts <prop> before <tuv>.
        kinds = [child.tag for child in tu]
        assert kinds.index("tuv") > max(i for i, k in enumerate(kinds) if k == "prop")
        assert tu.get("tuid") == f"{found['x-document']}-p{found['x-paragraph']}-s{found['x-sentence']}"


def test_every_kept_seed_line_is_in_the_tmx_unchanged(root: etree._Element, seeds: Path) -> None:
    excluded = {
        (seed, int(line))
        for seed, line, _ in (row.split("\t") for row in (BUILD / "excluded.tsv").read_text("utf-8").splitlines()[1:])
    }
    by_line: dict[tuple[str, int], list[str]] = defaultdict(list)
    for tu in root.findall("body/tu"):  # document order = sentence order
        p = props(tu)
        by_line[(p["x-seed"], int(p["x-paragraph"]))] += segs(tu, "en")
    expected: set[tuple[str, int]] = set()
    for path in sorted(seeds.glob("[0-9][0-9][0-9]_*.txt")):
        for number, line in enumerate(path.read_text("utf-8").split("\n"), start=1):
            if not line.strip() or (path.name, number) in excluded:
                continue
            expected.add((path.name, number))
            assert " ".join(by_line[(path.name, number)]) == line.strip(), f"{path.name} line {number}"
    assert set(by_line) == expected, "the TMX holds lines that are not kept seed lines"
    assert all((seed, line) not in by_line for seed, line in excluded)


def test_shared_sources_span_documents_and_carry_identical_vi(root: etree._Element) -> None:
    docs: dict[str, set[str]] = defaultdict(set)
    vis: dict[str, set[str]] = defaultdict(set)
    for tu in root.findall("body/tu"):
        p = props(tu)
        docs[p["x-source-id"]].add(p["x-document"])
        vis[p["x-source-id"]].update(segs(tu, "vi"))
    shared = {sid for sid, d in docs.items() if len(d) >= 2}
    assert len(shared) >= 8, sorted(shared)
    assert set(FIVE_POINTS) <= shared
    assert all(len(docs[sid]) == 3 for sid in FIVE_POINTS), "the five points are rendered by 000, 001 and 004"
    assert all(len(texts) == 1 for texts in vis.values()), "one source id, one Vietnamese sentence"


def test_vietnamese_is_nfc_with_expected_terms(root: etree._Element) -> None:
    vi = [s for tu in root.findall("body/tu") for s in segs(tu, "vi")]
    assert all(unicodedata.is_normalized("NFC", s) for s in vi)
    text = "\n".join(vi)
    for term in ["Công ước Hà Nội", "UNODC", '"5 đẩy mạnh"', "83,5 triệu AUD", "1.000 đại biểu"]:
        assert term in text, term
    assert "UNDOC" not in text


def run_script(tmp_path: Path, seeds: Path, tsv: Path | None = None) -> subprocess.CompletedProcess[str]:
    args = [sys.executable, str(SCRIPT), "--seeds", str(seeds), "--out", str(tmp_path / "out.tmx"),
            "--excluded", str(tmp_path / "excluded.tsv")]
    args += ["--tsv", str(tsv)] if tsv else []
    return subprocess.run(args, capture_output=True, text=True, check=False)


def test_script_reproduces_committed_files(tmp_path: Path, seeds: Path) -> None:
    result = run_script(tmp_path, seeds)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out.tmx").read_bytes() == TMX.read_bytes()
    assert (tmp_path / "excluded.tsv").read_bytes() == (BUILD / "excluded.tsv").read_bytes()


def test_script_fails_on_missing_or_unused_vietnamese(tmp_path: Path, seeds: Path) -> None:
    lines = (BUILD / "vi-source.tsv").read_text("utf-8").splitlines()
    missing = tmp_path / "missing.tsv"
    missing.write_text("\n".join(lines[:1] + lines[2:]) + "\n", "utf-8")
    result = run_script(tmp_path, seeds, missing)
    assert result.returncode != 0 and "without Vietnamese source" in result.stderr
    assert "On the afternoon of October 25" in result.stderr  # names the sentence
    extra = tmp_path / "extra.tsv"
    extra.write_text("\n".join(lines + ["nowhere\t1\t1\tnowhere-p1-s1\tKhông có."]) + "\n", "utf-8")
    result = run_script(tmp_path, seeds, extra)
    assert result.returncode != 0 and "matches no English sentence" in result.stderr
