"""The corpus index: diacritic-insensitive search, filters, incremental rebuild, corpus renderings, CLI."""
from __future__ import annotations

import json
import os
import sqlite3
import unicodedata
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from typer.testing import CliRunner

from glossary.cli.main import app
from glossary.errors import ParseError, UsageError
from glossary.model import Status
from glossary.search.concordance import CorpusIndex, find_spans, fold_words
from glossary.store.termstore import load_glossary
from glossary.text.normalize import match_key

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "corpora" / "hanoi-convention" / "hanoi-convention.tmx"
FIXTURE_GLOSSARY = REPO / "tests" / "fixtures" / "lookup-glossary.yaml"

runner = CliRunner()


def write_tmx(path: Path, units: list[tuple[str, str, str, str]]) -> Path:
    """A small TMX: (document, outlet, vi, en) per unit."""
    body = "".join(
        f'<tu tuid="u{i}"><prop type="x-document">{escape(doc)}</prop><prop type="x-outlet">{escape(outlet)}</prop>'
        f'<tuv xml:lang="vi"><seg>{escape(vi)}</seg></tuv><tuv xml:lang="en"><seg>{escape(en)}</seg></tuv></tu>\n'
        for i, (doc, outlet, vi, en) in enumerate(units, start=1))
    path.write_text('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n'
                    '<header creationtool="test" creationtoolversion="1" segtype="sentence" o-tmf="test" '
                    'adminlang="en" srclang="vi" datatype="plaintext"/>\n<body>\n' + body + "</body>\n</tmx>\n",
                    encoding="utf-8")
    return path


SMALL = [
    ("doc-a", "Dân trí", "Thủ tướng Phạm Minh Chính phát biểu.", "Prime Minister Pham Minh Chinh spoke."),
    ("doc-a", "Dân trí", "Văn phòng Liên hợp quốc về Ma túy và Tội phạm (UNODC) chủ trì.",
     "UNDOC hosted it."),
    ("doc-b", "Gulf Observer", "Thủ tướng Phạm Minh Chính kêu gọi 5 đẩy mạnh.",
     "PM Phạm Minh Chính called for 5 pushes."),
    ("doc-b", "Gulf Observer", "Văn phòng Liên hợp quốc về Ma túy và Tội phạm ủng hộ.",
     "The United Nations Office on Drugs and Crime (UNODC) supports it."),
    ("doc-c", "Đà Nẵng Times", "Đà Nẵng đón khách.", "Da Nang welcomes guests."),
]


@pytest.fixture
def small(tmp_path: Path) -> tuple[CorpusIndex, Path]:
    corpus = write_tmx(tmp_path / "small.tmx", SMALL)
    index = CorpusIndex.open(tmp_path / "idx" / "corpus.sqlite", create=True)
    index.update([corpus])
    yield index, corpus
    index.close()


def _spanned(text: str, spans: list[tuple[int, int]]) -> list[str]:
    return [text[a:b] for a, b in spans]


SEARCHES = [
    # (query, number of segments, texts highlighted on either side)
    ("pham minh chinh", 2, {"Phạm Minh Chính", "Pham Minh Chinh"}),
    ("Chính", 2, {"Chính", "Chinh"}),
    ("PHẠM minh", 2, {"Phạm Minh", "Pham Minh"}),
    (unicodedata.normalize("NFD", "Phạm Minh Chính"), 2, {"Phạm Minh Chính", "Pham Minh Chinh"}),
    ("da nang", 1, {"Đà Nẵng", "Da Nang"}),
    ("đẩy mạnh", 1, {"đẩy mạnh"}),
    ("day manh", 1, {"đẩy mạnh"}),
    ("unodc", 2, {"UNODC"}),
    ("ma tuy va toi pham", 2, {"Ma túy và Tội phạm"}),
    ("Drugs and Crime", 1, {"Drugs and Crime"}),
    ("pus*", 1, {"pushes"}),
    ("nowhere at all", 0, set()),
]


@pytest.mark.parametrize(("query", "count", "marked"), SEARCHES, ids=[q for q, _, _ in SEARCHES])
def test_search(small: tuple[CorpusIndex, Path], query: str, count: int, marked: set[str]) -> None:
    index, _ = small
    result = index.search(query)
    assert result.total == count == len(result.lines)
    found = {t for line in result.lines for t in _spanned(line.source, line.source_spans)
             + _spanned(line.target, line.target_spans)}
    assert found == marked
    for line in result.lines:
        assert line.source_spans or line.target_spans


def test_filters(small: tuple[CorpusIndex, Path]) -> None:
    index, _ = small
    english = index.search("Chính", lang="en")
    assert english.total == 2 and all(not line.source_spans for line in english.lines)
    assert index.search("Chính", lang="vi").total == 2
    assert index.search("Chính", lang="vi-VN").total == 2
    assert index.search("UNDOC", lang="vi").total == 0
    assert index.search("pham minh chinh", document="DOC-B").total == 1
    assert index.search("pham minh chinh", outlet="dân").total == 1
    assert index.search("pham minh chinh", outlet="100%").total == 0  # LIKE wildcards are literal
    assert index.search("pham minh chinh", lang="fr").total == 0
    limited = index.search("pham minh chinh", limit=1)
    assert (limited.total, len(limited.lines)) == (2, 1)
    with pytest.raises(UsageError):
        index.search("x", limit=0)
    with pytest.raises(UsageError, match="nothing to search"):
        index.search("?!")


def test_lines_say_where_they_come_from(small: tuple[CorpusIndex, Path]) -> None:
    index, corpus = small
    line = index.search("da nang").lines[0]
    assert (line.document, line.outlet) == ("doc-c", "Đà Nẵng Times")
    assert (line.source_lang, line.target_lang) == ("vi", "en")
    assert Path(line.path) == corpus.resolve() and line.line is not None and line.unit_id == "u5"


VIETNAMESE_LETTERS = sorted({unicodedata.normalize("NFC", base + tone)
                             for base in "aăâeêioôơuưyAĂÂEÊIOÔƠUƯYđĐ"
                             for tone in ("", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323")
                             if not (base in "đĐ" and tone)})


def test_every_vietnamese_letter_is_found_without_its_marks(tmp_path: Path) -> None:
    units = [("d", "o", f"x{letter}x", "en") for letter in VIETNAMESE_LETTERS]
    index = CorpusIndex.open(tmp_path / "i.sqlite", create=True)
    index.update([write_tmx(tmp_path / "letters.tmx", units)])
    for letter in VIETNAMESE_LETTERS:
        result = index.search("x" + fold_words(letter)[0] + "x", limit=200)
        assert f"x{letter}x" in [line.source for line in result.lines], letter
    index.close()


def test_update_reads_only_changed_files_and_drops_vanished_ones(tmp_path: Path) -> None:
    one = write_tmx(tmp_path / "one.tmx", SMALL[:2])
    two = write_tmx(tmp_path / "two.tmx", SMALL[2:])
    index = CorpusIndex.open(tmp_path / "i.sqlite", create=True)
    first = index.update([tmp_path])
    assert (len(first.added), first.segments_read, first.segments_total) == (2, 5, 5)
    again = index.update([tmp_path])
    assert (len(again.unchanged), again.segments_read, again.segments_total) == (2, 0, 5)

    write_tmx(one, [("doc-z", "New", "Bộ Công an họp.", "The Ministry of Public Security met.")])
    os.utime(one, ns=(one.stat().st_atime_ns, one.stat().st_mtime_ns + 1_000_000_000))
    changed = index.update([tmp_path])
    assert changed.updated == [str(one.resolve())] and changed.unchanged == [str(two.resolve())]
    assert changed.segments_total == 4
    assert index.search("bo cong an").total == 1
    assert index.search("UNDOC").total == 0  # the old content of one.tmx is gone from the full-text index

    two.unlink()
    removed = index.update([one])
    assert removed.removed == [str(two.resolve())] and removed.segments_total == 1
    assert index.search("pham minh chinh").total == 0
    index.close()


def test_a_bad_file_stops_with_its_line_and_leaves_the_index_as_it_was(tmp_path: Path) -> None:
    corpus = write_tmx(tmp_path / "c.tmx", SMALL)
    index = CorpusIndex.open(tmp_path / "i.sqlite", create=True)
    index.update([corpus])
    corpus.write_text(corpus.read_text(encoding="utf-8").replace("</tu>\n<tu", "</tu>\n<tu><tuv>", 1),
                      encoding="utf-8")
    with pytest.raises(ParseError) as caught:
        index.update([corpus])
    assert caught.value.path is not None and "c.tmx" in caught.value.path
    assert index.search("pham minh chinh").total == 2 and index.segment_count() == 5
    index.close()


def test_opening_a_missing_or_foreign_index(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="glossary index"):
        CorpusIndex.open(tmp_path / "missing.sqlite")
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"this is not a database" * 100)
    with pytest.raises(ParseError, match="not a corpus index"):
        CorpusIndex.open(junk)
    other = tmp_path / "other.sqlite"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.commit()
    with pytest.raises(ParseError, match="schema"):
        CorpusIndex.open(other)


def test_concept_renderings_count_each_rendering_once(small: tuple[CorpusIndex, Path]) -> None:
    index, _ = small
    glossary = load_glossary(FIXTURE_GLOSSARY)
    [unodc] = index.concept_renderings(glossary.get("unodc"))
    assert (unodc.source_lang, unodc.target_lang, unodc.segments) == ("vi", "en", 2)
    counts = {(c.text, c.status): c.count for c in unodc.counts}
    assert counts == {("UNDOC", Status.FORBIDDEN): 1, ("UNODC", Status.ADMITTED): 1,
                      ("United Nations Office on Drugs and Crime", Status.PREFERRED): 1}
    [chinh] = index.concept_renderings(glossary.get("pham-minh-chinh"))
    counts = {(c.text, c.status): c.count for c in chinh.counts}
    # "Pham Minh Chinh" and "Phạm Minh Chính" fold alike; the surface form tells them apart
    assert counts == {("Pham Minh Chinh", Status.PREFERRED): 1, ("Phạm Minh Chính", Status.DEPRECATED): 1}
    assert index.concept_renderings(glossary.get("peace")) == []


@pytest.mark.parametrize(("text", "words", "found"), [
    ("Prime Minister Pham Minh Chinh spoke", ["pham", "minh", "chinh"], ["Pham Minh Chinh"]),
    ("Phạm Minh Chính and Pham Minh Chinh", ["pham", "minh", "chinh"], ["Phạm Minh Chính", "Pham Minh Chinh"]),
    ("Chinh, Chính; chinh", ["chinh"], ["Chinh", "Chính", "chinh"]),
    ("Minh. Chinh", ["minh", "chinh"], ["Minh. Chinh"]),
    ("Phạm Minh", ["minh", "chinh"], []),
])
def test_find_spans(text: str, words: list[str], found: list[str]) -> None:
    assert [text[a:b] for a, b in find_spans(text, words)] == found


def test_fold_words_agree_with_match_key() -> None:
    for text in ("Phạm Minh Chính", "Đà Nẵng", "hoà bình", "Secretary-General"):
        assert " ".join(fold_words(text)) == match_key(text, fold=True)


# -- the bundled corpus ------------------------------------------------------------------------
@pytest.fixture(scope="module")
def bundled(tmp_path_factory: pytest.TempPathFactory) -> CorpusIndex:
    if not CORPUS.is_file():
        pytest.skip("bundled corpus absent")
    index = CorpusIndex.open(tmp_path_factory.mktemp("bundled") / "corpus.sqlite", create=True)
    index.update([CORPUS])
    yield index
    index.close()


def test_bundled_corpus_finds_pham_minh_chinh(bundled: CorpusIndex) -> None:
    result = bundled.search("pham minh chinh", limit=500)
    targets = {line.target[a:b] for line in result.lines for a, b in line.target_spans}
    sources = {line.source[a:b] for line in result.lines for a, b in line.source_spans}
    assert "Pham Minh Chinh" in targets
    assert sources == {"Phạm Minh Chính"}


def test_bundled_corpus_chinh_with_diacritics_finds_the_english_without(bundled: CorpusIndex) -> None:
    result = bundled.search("Chính", lang="en", limit=500)
    assert result.total > 0
    assert {line.target[a:b] for line in result.lines for a, b in line.target_spans} >= {"Chinh"}


# -- the commands --------------------------------------------------------------------------
def test_cli_index_then_concordance(tmp_path: Path) -> None:
    corpus = write_tmx(tmp_path / "c.tmx", SMALL)
    index = tmp_path / "i.sqlite"
    built = runner.invoke(app, ["index", str(corpus), "--index", str(index), "--json"])
    assert built.exit_code == 0, built.output
    summary = json.loads(built.stdout)
    assert summary["added"] == [str(corpus.resolve())] and summary["segments_total"] == 5
    again = runner.invoke(app, ["index", str(corpus), "--index", str(index)])
    assert again.exit_code == 0 and "1 unchanged" in again.stdout

    found = runner.invoke(app, ["concordance", "pham minh chinh", "--index", str(index), "--json"])
    assert found.exit_code == 0, found.output
    data = json.loads(found.stdout)
    assert data["total"] == 2
    first = data["segments"][0]
    assert first["source"][slice(*first["source_matches"][0])] == "Phạm Minh Chính"
    assert first["target"][slice(*first["target_matches"][0])] == "Pham Minh Chinh"

    shown = runner.invoke(app, ["concordance", "Chính", "--index", str(index), "--document", "doc-b"])
    assert shown.exit_code == 0
    assert "1 segment(s) hold 'Chính' (document 'doc-b')" in shown.stdout and "doc-b" in shown.stdout


def test_cli_concordance_indexes_corpus_given(tmp_path: Path) -> None:
    corpus = write_tmx(tmp_path / "c.tmx", SMALL)
    result = runner.invoke(app, ["concordance", "da nang", "--corpus", str(corpus),
                                 "--index", str(tmp_path / "new" / "i.sqlite"), "--outlet", "times"])
    assert result.exit_code == 0, result.output
    assert "1 segment(s) hold 'da nang'" in result.stdout


def test_cli_concordance_refusals(tmp_path: Path) -> None:
    missing = runner.invoke(app, ["concordance", "x", "--index", str(tmp_path / "none.sqlite")])
    assert missing.exit_code == 2 and "no corpus index" in missing.output and "glossary index" in missing.output
    corpus = write_tmx(tmp_path / "c.tmx", SMALL)
    index = tmp_path / "i.sqlite"
    runner.invoke(app, ["index", str(corpus), "--index", str(index)])
    nothing = runner.invoke(app, ["concordance", "nowhere", "--index", str(index)])
    assert nothing.exit_code == 1 and "no segment holds 'nowhere'" in nothing.stdout
    gone = runner.invoke(app, ["index", str(tmp_path / "nope.tmx"), "--index", str(index)])
    assert gone.exit_code == 2 and "nope.tmx" in gone.output and "Traceback" not in gone.output
