"""The streaming PO parser: the segments polib gave, on generated catalogues and every PO file
of the repository, whatever the block size; gettext escapes; its own one-line errors."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import polib
import pytest
from contract import FIXTURES, read
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from glossary.corpora.formats import ReadOptions, ReadStats, read_corpus
from glossary.corpora.formats import po as po_module
from glossary.corpora.formats.base import get_format, read_file
from glossary.errors import ParseError

REPO = Path(__file__).resolve().parents[2]
HEAD = 'msgid ""\nmsgstr ""\n"Language: en\\n"\n"X-Source-Language: vi\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'


def _seen(path: Path, options: ReadOptions, *, reference: bool) -> tuple[list[tuple], dict, list[str]]:
    """Every field of every segment, the skip counts and the warnings: ours, or polib's."""
    stats = ReadStats()
    if reference:
        segments = read_file(path, get_format("po"), options, stats, po_module.polib_segments(path, options, stats))
    else:
        segments = read_corpus([path], options, stats)
    rows = [(s.source, s.target, s.source_lang, s.target_lang, s.origin, s.unit_id, s.source_id, s.document,
             s.notes, s.props, s.state) for s in segments]
    return rows, dict(stats.skipped), stats.warnings


def _same_as_polib(path: Path, **options: Any) -> None:
    for include_obsolete in (False, True):
        opts = ReadOptions(include_obsolete=include_obsolete, **options)
        assert _seen(path, opts, reference=False) == _seen(path, opts, reference=True)


# -- generated catalogues --------------------------------------------------------------------
ALPHABET = st.sampled_from(list("abcxyz ABC019ạàáãảăằắẳẵặâầấđêếệôồơờưữỹ") + ['"', "\\", "\n", "\t", "'", ".", ",", "%", "#", ":", "|"])
TEXT = st.text(ALPHABET, max_size=90)
WORDS = st.text(st.sampled_from(list("abcđếữ019")), min_size=1, max_size=8)

ENTRY = st.fixed_dictionaries({
    "msgid": st.text(ALPHABET, min_size=1, max_size=90).filter(lambda t: t != ""),
    "msgstr": TEXT,
    "msgctxt": st.none() | TEXT,
    "plural": st.none() | st.tuples(st.text(ALPHABET, min_size=1, max_size=40), st.lists(TEXT, min_size=1, max_size=3)),
    "tcomment": st.sampled_from(["", "a note", "two\nlines", "#hash inside", " leading space"]),
    "comment": st.sampled_from(["", "extracted", "x\ny"]),
    "occurrences": st.lists(st.tuples(WORDS, st.sampled_from(["", "1", "23"])), max_size=3),
    "flags": st.lists(st.sampled_from(["fuzzy", "c-format", "no-wrap", "python-format"]), max_size=3, unique=True),
    "obsolete": st.booleans(),
    "previous": st.none() | TEXT,
})


def _catalogue(entries: list[dict], wrap: int, header_comment: str) -> str:
    catalogue = polib.POFile(wrapwidth=wrap)
    catalogue.header = header_comment
    catalogue.metadata = {"Project-Id-Version": "t", "Language": "en", "X-Source-Language": "vi",
                          "Content-Type": "text/plain; charset=UTF-8"}
    for e in entries:
        entry = polib.POEntry(msgid=e["msgid"], msgctxt=e["msgctxt"], tcomment=e["tcomment"], comment=e["comment"],
                              occurrences=e["occurrences"], flags=e["flags"], obsolete=e["obsolete"])
        if e["plural"] is None:
            entry.msgstr = e["msgstr"]
        else:
            entry.msgid_plural = e["plural"][0]
            entry.msgstr_plural = dict(enumerate(e["plural"][1]))
        if e["previous"] is not None and not e["obsolete"]:
            entry.previous_msgid = e["previous"]
        catalogue.append(entry)
    return str(catalogue)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(entries=st.lists(ENTRY, min_size=1, max_size=8), wrap=st.sampled_from([0, 20, 78]),
       header_comment=st.sampled_from(["", "Title", "a\nb"]), newline=st.sampled_from(["\n", "\r\n"]))
def test_generated_catalogues_read_as_polib_reads_them(tmp_path: Path, entries: list[dict], wrap: int,
                                                         header_comment: str, newline: str) -> None:
    path = tmp_path / "g.po"
    path.write_bytes(_catalogue(entries, wrap, header_comment).replace("\n", newline).encode("utf-8"))
    _same_as_polib(path)


@pytest.mark.parametrize("path", sorted(p for p in REPO.rglob("*.po") if ".git" not in p.parts), ids=str)
def test_every_po_file_of_the_repository_reads_as_with_polib(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    _same_as_polib(path, source_lang=None if "X-Source-Language" in text else "en",
                   target_lang=None if '"Language:' in text else "en")


def test_block_size_does_not_change_what_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A catalogue decoded 7 bytes at a time (cuts inside entries, strings and UTF-8 sequences)
    reads as one decoded whole."""
    path = tmp_path / "b.po"
    body = "".join(f'#: f:{i}\nmsgctxt "c{i}"\nmsgid ""\n"Hà Nội {i} "\n"dòng hai"\nmsgstr "Hanoi {i}"\n\n' for i in range(40))
    path.write_text(HEAD + body + 'msgid "một"\nmsgid_plural "nhiều"\nmsgstr[0] "one"\nmsgstr[1] ""\n"many"\n',
                    encoding="utf-8")
    whole = _seen(path, ReadOptions(), reference=False)
    monkeypatch.setattr(po_module, "BLOCK_BYTES", 7)
    assert _seen(path, ReadOptions(), reference=False) == whole
    assert _seen(path, ReadOptions(), reference=True) == whole
    assert len(whole[0]) == 42


def test_bom_and_old_mac_newlines_read_as_polib_reads_them(tmp_path: Path) -> None:
    path = tmp_path / "m.po"
    path.write_bytes(b"\xef\xbb\xbf" + (HEAD + '# note\nmsgid "a"\nmsgstr "b"\n\nmsgid "c"\nmsgstr "d"\n').replace("\n", "\r").encode())
    _same_as_polib(path)
    assert [s.origin.line for s in read(path)[0]] == [7, 11]


def test_c_escapes_are_decoded_as_gettext_does(tmp_path: Path) -> None:
    path = tmp_path / "e.po"
    path.write_text(HEAD + r'msgid "q\"b\\n\n\t\a\'\?"' + '\n' + r'msgstr "\303\251 \xc3\xa9 \101"' + "\n",
                    encoding="utf-8")
    (segment,), _ = read(path)
    assert segment.source == "q\"b\\n\n\t\a'?"
    assert segment.target == "é é A"


def test_headerless_catalogue_gives_the_first_entry_its_line(tmp_path: Path) -> None:
    path = tmp_path / "bare.po"
    path.write_text('# file comment\n\nmsgid "Hanoi"\nmsgstr "Hà Nội"\n\nmsgid "Hue"\nmsgstr "Huế"\n', encoding="utf-8")
    assert [s.origin.line for s in read(path, target_lang="vi")[0]] == [3, 6]


def test_a_large_catalogue_streams(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The reader yields the first segment before it has read the end of the file."""
    path = tmp_path / "big.po"
    path.write_text(HEAD + "".join(f'msgid "s{i}"\nmsgstr "t{i}"\n\n' for i in range(3000)) + "nonsense\n",
                    encoding="utf-8")
    monkeypatch.setattr(po_module, "BLOCK_BYTES", 1024)
    segments = read_corpus([path], ReadOptions(source_lang="vi", target_lang="en"))
    assert next(segments).source == "s0"
    with pytest.raises(ParseError, match="PO syntax error"):
        list(segments)


# -- errors the parser names (polib let most of these through) -----------------------------------
ERRORS = [
    ("unterminated-string", 'msgid "a\nmsgstr "b"\n', "unterminated string", 7),
    ("unterminated-escaped-quote", 'msgid "a"\nmsgstr "b\\"\n', "unterminated string", 8),
    ("msgstr-without-msgid", 'msgid "a"\nmsgstr "b"\n\n#. note\nmsgstr "c"\n', "msgstr without msgid", 11),
    ("msgstr-first", 'msgctxt "x"\nmsgstr "c"\n', "msgstr without msgid", 8),
    ("bad-escape", 'msgid "a\\qb"\nmsgstr "b"\n', "invalid escape sequence \\q", 7),
    ("bad-hex-escape", 'msgid "a"\nmsgstr "b\\xZ"\n', "invalid escape sequence \\x", 8),
    ("junk-line", 'msgid "a"\nmsgstr "b"\nhello world\n', "unexpected text 'hello world'", 9),
    ("no-quotes", 'msgid a\nmsgstr "b"\n', "msgid is not followed by a quoted string", 7),
    ("text-after-string", 'msgid "a" b\nmsgstr "b"\n', "text after the closing double quote", 7),
    ("msgid-without-msgstr", 'msgid "a"\n\nmsgid "b"\nmsgstr "c"\n', "msgid without msgstr", 9),
    ("msgid-at-the-end", 'msgid "a"\nmsgstr "b"\n\nmsgid "c"\n', "msgid without msgstr at the end of the file", 10),
    ("comment-inside-entry", 'msgid "a"\n#: ref\nmsgstr "b"\n', "comment inside an entry", 8),
    ("continuation-alone", '#. note\n"floating"\nmsgid "a"\nmsgstr "b"\n', "string continuation without", 8),
    ("second-msgstr", 'msgid "a"\nmsgstr "b"\nmsgstr "c"\n', "msgstr after msgstr", 9),
    ("plural-without-msgid", '#. x\nmsgid_plural "a"\nmsgstr[0] "b"\n', "msgid_plural without msgid", 8),
    ("second-header", 'msgid "a"\nmsgstr "b"\n\nmsgid ""\nmsgstr "Language: fr\\n"\n', "second header entry", 10),
    ("bad-escaped-bytes", 'msgid "a"\nmsgstr "\\303"\n', "are not valid UTF-8", 7),
]


@pytest.mark.parametrize(("body", "message", "line"), [e[1:] for e in ERRORS], ids=[e[0] for e in ERRORS])
def test_malformed_entry_is_one_error_at_its_line(tmp_path: Path, body: str, message: str, line: int) -> None:
    path = tmp_path / "bad.po"
    path.write_text(HEAD + body, encoding="utf-8")
    with pytest.raises(ParseError) as caught:
        read(path)
    assert message in caught.value.message
    assert (caught.value.path, caught.value.line) == (str(path), line)
    assert "\n" not in str(caught.value)


def test_skip_bad_keeps_what_was_read_before_the_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.po"
    path.write_text(HEAD + 'msgid "a"\nmsgstr "b"\n\nmsgid "c\nmsgstr "d"\n', encoding="utf-8")
    segments, stats = read(path, skip_bad=True)
    assert [s.source for s in segments] == ["a"]
    assert stats.skipped == {"unreadable file (rest of it not read)": 1}
    assert any("unterminated string" in w for w in stats.warnings)


def test_fixture_reads_as_polib_reads_it() -> None:
    _same_as_polib(FIXTURES / "sample.po")
