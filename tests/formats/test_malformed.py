"""Malformed files, per format: each gives one clear error naming the file and the line.

With ``skip_bad`` the bad records are counted and warned about instead, and the good
ones are still read.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from contract import FIXTURES, read

from glossary.errors import ParseError

TMX = (FIXTURES / "sample.tmx").read_bytes()
XLF = (FIXTURES / "sample.xlf").read_bytes()
PO_HEAD = b'msgid ""\nmsgstr ""\n"Language: en\\n"\n"X-Source-Language: vi\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
VI_EN = {"source_lang": "vi", "target_lang": "en"}


def _cut(data: bytes, marker: bytes) -> bytes:
    """The file truncated just after the first ``marker``."""
    return data[:data.index(marker) + len(marker)]


BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE tmx [
 <!ENTITY a "aaaaaaaaaa">
 <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
]>
<tmx version="1.4"><header srclang="vi"/><body><tu><tuv xml:lang="vi"><seg>&b;</seg></tuv></tu></body></tmx>
"""
EXTERNAL = b"""<?xml version="1.0"?>
<!-- a comment before the DOCTYPE -->
<!DOCTYPE xliff [
  <!ENTITY secret SYSTEM "file:///etc/passwd">
]>
<xliff version="1.2"><file source-language="vi" target-language="en"><body>
<trans-unit id="1"><source>&secret;</source><target>x</target></trans-unit></body></file></xliff>
"""

# (case id, file name, content, options, error substring, line)
MALFORMED = [
    ("tmx-truncated", "t.tmx", _cut(TMX, b'<tu tuid="u2">'), {}, "XML error: Premature end of data", 11),
    ("tmx-wrong-encoding", "t.tmx", TMX.replace(b"Hanoi Convention", b"Caf\xe9"), {},
     "XML error: Invalid bytes in character encoding (column 34)", 9),
    ("tmx-entity-bomb", "t.tmx", BOMB, {}, "declares entities (<!ENTITY>); refused for safety", 3),
    ("tmx-undeclared-entity", "t.tmx", TMX.replace(b"Hanoi Convention", b"Hanoi&nbsp;Convention"), {},
     "entity reference &nbsp; is not defined (entities are not expanded)", 9),
    ("tmx-empty", "t.tmx", b"", {}, "empty file", 1),
    ("tmx-blank", "t.tmx", b"\n  \n", {}, "empty file", 1),
    ("tmx-no-version", "t.tmx", TMX.replace(b'<tmx version="1.4">', b"<tmx>"), {}, "<tmx> has no version", 3),
    ("tmx-tuv-without-lang", "t.tmx", TMX.replace(b'<tuv xml:lang="en"><seg>Hanoi', b"<tuv><seg>Hanoi"), {},
     "<tuv> without xml:lang", 9),
    ("tmx-unit-without-target", "t.tmx", TMX.replace(b'<tuv xml:lang="en"><seg>Hanoi Convention</seg></tuv>', b""),
     {}, "unit 'u1' has no target variant", 6),
    ("tmx-bad-language-tag", "t.tmx", TMX.replace(b'xml:lang="en"><seg>Hanoi', b'xml:lang="english-ish"><seg>Hanoi'),
     {}, "is not a known language tag", 9),
    ("tmx-no-units", "t.tmx", b'<?xml version="1.0"?>\n<tmx version="1.4">\n<header srclang="vi"/>\n<body/>\n</tmx>\n',
     {}, "TMX holds no <tu>", 2),
    ("xliff-truncated", "t.xlf", _cut(XLF, b"<target state=\"final\">"), {}, "XML error", 12),
    ("xliff-external-entity", "t.xlf", EXTERNAL, {}, "declares entities (<!ENTITY>); refused for safety", 4),
    ("xliff-empty", "t.xlf", b"", {}, "empty file", 1),
    ("xliff-no-version", "t.xlf", XLF.replace(b' version="1.2"', b""), {}, "<xliff> has no version attribute", 2),
    ("xliff-unit-without-source", "t.xlf", XLF.replace('<source>Công ước Hà Nội<x id="1"/></source>'.encode(), b""), {},
     "<trans-unit> 'u1' has no <source>", 6),
    ("xliff-bad-language-tag", "t.xlf", XLF.replace(b'source-language="vi"', b'source-language="vn"'), {},
     "'vn' is not a known language tag", 3),
    ("xliff-other-languages", "t.xlf", XLF, {"source_lang": "fr"}, "source language is vi, not the requested fr", 3),
    ("po-syntax-error", "t.po", PO_HEAD + b'msgid "a"\nmsgstr "b"\nnonsense here\n', {}, "PO syntax error", 9),
    ("po-unescaped-quote", "t.po", PO_HEAD + b'msgid "a"\nmsgstr "say "hi""\n', {},
     "PO syntax error: unescaped double quote found", 8),
    ("po-wrong-encoding", "t.po", PO_HEAD + b'msgid "a"\nmsgstr "b"\n\nmsgid "c"\nmsgstr "Caf\xe9"\n', {},
     "not valid UTF-8 (byte 0xe9)", 11),
    ("po-unterminated-string", "t.po", PO_HEAD + b'msgid "a\nmsgstr "b"\n', {},
     "PO syntax error: unterminated string", 7),
    ("po-msgstr-without-msgid", "t.po", PO_HEAD + b'msgid "a"\nmsgstr "b"\n\n#, fuzzy\nmsgstr "c"\n', {},
     "PO syntax error: msgstr without msgid", 11),
    ("po-bad-escape", "t.po", PO_HEAD + b'msgid "a"\nmsgstr "b\\q"\n', {}, "PO syntax error: invalid escape sequence \\q", 8),
    ("po-junk-line", "t.po", PO_HEAD + b'msgid "a"\nmsgstr "b"\n<<<<<<< HEAD\n', {}, "PO syntax error: unexpected text", 9),
    ("po-truncated-entry", "t.po", PO_HEAD + b'msgid "a"\nmsgstr "b"\n\nmsgctxt "c"\nmsgid "d"\n', {},
     "msgid without msgstr at the end of the file", 11),
    ("po-empty", "t.po", b"", {}, "empty file", 1),
    ("mo-bad-magic", "t.mo", b"\x00\x01\x02\x03 not a catalogue", {}, "not a valid MO file", None),
    ("csv-wrong-column-count", "t.csv", "vi,en\nCông ước,Convention\nHà Nội,Hanoi,extra\n".encode(), {},
     "row has 3 columns, expected 2", 3),
    ("csv-unterminated-quote", "t.csv", 'vi,en\nCông ước,"Convention\nHà Nội,Hanoi\n'.encode(), {},
     "CSV error: unexpected end of data", 3),
    ("csv-wrong-encoding", "t.csv", b"vi,en\nC\xc3\xb4ng,Convention\nCaf\xe9,Coffee\n", {},
     "not valid UTF-8 (byte 0xe9)", 3),
    ("csv-empty", "t.csv", b"", {}, "empty file", 1),
    ("csv-header-only", "t.csv", b"vi,en\n\n", {}, "no rows after the header row", 1),
    ("tsv-headerless-no-languages", "t.tsv", "Công ước\tConvention\n".encode(), {},
     "no header row naming the languages", 1),
    ("jsonl-invalid-json", "t.jsonl", b'{"source": "a", "target": "b"}\n{"source": "a", \n', VI_EN,
     "invalid JSON: Expecting property name enclosed in double quotes", 2),
    ("jsonl-missing-target", "t.jsonl", b'\n{"source": "a"}\n', VI_EN, "missing key 'target'", 2),
    ("jsonl-unknown-key", "t.jsonl", b'{"source": "a", "target": "b", "traget_lang": "en"}\n', VI_EN,
     "unknown key(s) 'traget_lang'", 1),
    ("jsonl-wrong-type", "t.jsonl", b'{"source": "a", "target": 5}\n', VI_EN, "'target' must be a string", 1),
    ("jsonl-not-an-object", "t.jsonl", b'["a", "b"]\n', VI_EN, "expected a JSON object, got list", 1),
    ("jsonl-empty", "t.jsonl", b"\n\n", VI_EN, "empty file", 1),
    ("jsonl-wrong-encoding", "t.jsonl", b'{"source": "a", "target": "b"}\n{"source": "\xe9", "target": "b"}\n',
     VI_EN, "not valid UTF-8 (byte 0xe9)", 2),
]


@pytest.mark.parametrize(("name", "content", "options", "message", "line"),
                         [case[1:] for case in MALFORMED], ids=[case[0] for case in MALFORMED])
def test_malformed_file_is_one_clear_error(tmp_path: Path, name: str, content: bytes, options: dict,
                                           message: str, line: int | None) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ParseError) as caught:
        read(path, **options)
    error = caught.value
    assert message in error.message
    assert (error.path, error.line) == (str(path), line)
    assert "\n" not in str(error)


# Parallel text: two files, so its own table. (case id, vi text, en text, error substring, line)
PARALLEL = [
    ("line-count-mismatch", "một\nhai\nba\n", "one\ntwo\n", "line counts differ: t.en ends at line 2", 3),
    ("target-longer", "một\n", "one\ntwo\n", "line counts differ: t.vi ends at line 1; line 2 of t.en", 2),
    ("empty-source", "", "one\n", "empty file", 1),
    ("wrong-encoding", "một\n", "one\nCaf\udce9\n", "not valid UTF-8 (byte 0xe9)", 2),
]


@pytest.mark.parametrize(("vi", "en", "message", "line"), [c[1:] for c in PARALLEL], ids=[c[0] for c in PARALLEL])
def test_malformed_parallel_text(tmp_path: Path, vi: str, en: str, message: str, line: int) -> None:
    (tmp_path / "t.vi").write_bytes(vi.encode("utf-8", "surrogateescape"))
    (tmp_path / "t.en").write_bytes(en.encode("utf-8", "surrogateescape"))
    with pytest.raises(ParseError) as caught:
        read(tmp_path / "t.vi", **VI_EN)
    assert message in caught.value.message and caught.value.line == line


# With skip_bad: (case id, file name, content, options, segments still read, skipped reason -> count)
SKIPPED = [
    ("tmx-tuv-without-lang", "t.tmx", TMX.replace(b'<tuv xml:lang="en"><seg>Hanoi', b"<tuv><seg>Hanoi"), {}, 4,
     {"<tuv> without xml:lang": 1}),
    ("tmx-truncated", "t.tmx", _cut(TMX, b'<tu tuid="u3">'), {}, 2,
     {"unreadable file (rest of it not read)": 1}),
    ("xliff-unit-without-source", "t.xlf", XLF.replace('<source>Công ước Hà Nội<x id="1"/></source>'.encode(), b""), {}, 4,
     {"unit without <source>": 1, "empty target (untranslated)": 1,
      'not for translation (translate="no")': 1}),
    ("csv-wrong-column-count", "t.csv", "vi,en\nCông ước,Convention\nHà Nội,Hanoi,extra\nA,B\n".encode(), {}, 2,
     {"wrong column count": 1}),
    ("jsonl-bad-lines", "t.jsonl",
     b'{"source": "a", "target": "b"}\n{"source": "a", \n{"source": "a"}\n{"source": "c", "target": "d"}\n', VI_EN,
     2, {"invalid JSON": 1, "not a pair record": 1}),
]


# Skips of bad records are warned about one by one; normal ones (untranslated) only counted.
BAD_REASONS = {"<tuv> without xml:lang", "unit without <source>", "wrong column count", "invalid JSON",
               "not a pair record", "unreadable file (rest of it not read)"}


@pytest.mark.parametrize(("name", "content", "options", "read_count", "skipped"),
                         [c[1:] for c in SKIPPED], ids=[c[0] for c in SKIPPED])
def test_skip_bad_counts_and_warns_instead(tmp_path: Path, name: str, content: bytes, options: dict,
                                           read_count: int, skipped: dict[str, int]) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    segments, stats = read(path, skip_bad=True, **options)
    assert len(segments) == read_count == stats.segments
    assert dict(stats.skipped) == skipped
    bad = [w for w in stats.warnings if w.startswith(str(path))]
    assert len(bad) == sum(n for reason, n in skipped.items() if reason in BAD_REASONS)


@pytest.mark.parametrize(("fmt", "fixture", "message"), [
    ("tmx", "sample.xlf", "not a TMX file: no <tmx> element"),
    ("xliff", "sample.tmx", "not an XLIFF file: no <xliff> element"),
])
def test_forced_format_on_another_format_says_so(fmt: str, fixture: str, message: str) -> None:
    with pytest.raises(ParseError, match=message):
        read(FIXTURES / fixture, format=fmt)


def test_an_empty_catalogue_is_counted_and_noted_not_an_error(tmp_path: Path) -> None:
    """Many Debian .mo files hold a header only: reading a folder of them must not stop there."""
    from glossary.corpora.formats import ReadStats, read_corpus

    path = tmp_path / "t.po"
    path.write_bytes(PO_HEAD)
    stats = ReadStats()
    assert list(read_corpus([path], stats=stats)) == []
    assert stats.skipped == {"empty catalogue (a header only)": 1}
    assert stats.warnings == [f"{path}: skipped: empty catalogue (a header only)"]
