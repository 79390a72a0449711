"""Issue 18: every bad corpus input is one refusal naming the file and line (or, with
--skip-bad, a counted warning); files that are not regular files are refused before reading;
no entity is ever expanded; the stated limits hold and can be changed."""
from __future__ import annotations

import os
import struct
import time
from pathlib import Path

import pytest

from glossary.corpora.formats import walk
from glossary.corpora.formats.base import ReadOptions, ReadStats, expand_paths, read_corpus
from glossary.errors import ParseError, UsageError
from glossary.files.inputs import bad_character, check_input, limits

PAIR = ReadOptions(source_lang="vi", target_lang="en")
TMX_HEAD = ('<?xml version="1.0" encoding="UTF-8"?>\n{doctype}<tmx version="1.4">\n'
            '<header srclang="vi" segtype="sentence" o-tmf="x" adminlang="en" datatype="plaintext" '
            'creationtool="t" creationtoolversion="1"/>\n<body>\n')
TU = '<tu tuid="{id}"><tuv xml:lang="vi"><seg>{vi}</seg></tuv><tuv xml:lang="en"><seg>{en}</seg></tuv></tu>\n'


def tmx(units: str, doctype: str = "") -> str:
    return TMX_HEAD.format(doctype=doctype) + units + "</body>\n</tmx>\n"


def read(path: Path, options: ReadOptions = PAIR) -> tuple[list, ReadStats]:
    stats = ReadStats()
    return list(read_corpus([path], options, stats)), stats


# -- files that are not regular files --------------------------------------------------------------
@pytest.mark.parametrize("kind", ["fifo", "dangling", "loop", "directory", "device"])
def test_what_is_not_a_regular_file_is_refused_before_reading(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "corpus.tmx"
    expected = {"fifo": "FIFO", "dangling": "does not exist", "loop": "loop of symbolic links",
                "directory": "a directory", "device": "character device"}[kind]
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "dangling":
        path.symlink_to(tmp_path / "gone.tmx")
    elif kind == "loop":
        path.symlink_to(tmp_path / "other.tmx")
        (tmp_path / "other.tmx").symlink_to(path)
    elif kind == "directory":
        path.mkdir()
    else:
        path.symlink_to("/dev/zero")
    started = time.monotonic()
    with pytest.raises(ParseError, match=expected) as caught:
        check_input(path)
    assert caught.value.path == str(path) and "\n" not in str(caught.value)
    assert time.monotonic() - started < 1  # never opened: a FIFO would block, /dev/zero never end
    if kind != "directory":  # a folder given as a corpus is walked
        with pytest.raises((ParseError, UsageError), match=expected):
            read(path)


def test_a_walked_folder_names_what_it_cannot_read(tmp_path: Path) -> None:
    (tmp_path / "good.tmx").write_text(tmx(TU.format(id=1, vi="xin chào", en="hello")), encoding="utf-8")
    os.mkfifo(tmp_path / "pipe.tmx")
    (tmp_path / "gone.csv").symlink_to(tmp_path / "nowhere.csv")
    heard: list[str] = []
    with walk.listening(heard.append):
        found = expand_paths([tmp_path])
    assert found == [tmp_path / "good.tmx"]
    assert len(heard) == 1 and "2 entries not read (not regular files)" in heard[0]
    assert "pipe.tmx (a FIFO" in heard[0] and "gone.csv (a symbolic link" in heard[0]


# -- characters a record cannot hold ---------------------------------------------------------------
@pytest.mark.parametrize(("name", "content"), [
    ("c.csv", "vi,en\nxin\x00 chào,hello\n"),
    ("c.tsv", "vi\ten\nxin chào\thel\x07lo\n"),
    ("c.jsonl", '{"source": "xin chào", "target": "hel\\u0000lo", "source_lang": "vi", "target_lang": "en"}\n'),
    ("c.jsonl", '{"source": "xin \\ud800chào", "target": "hello", "source_lang": "vi", "target_lang": "en"}\n'),
])
def test_nul_and_control_characters_are_refused_with_the_line(tmp_path: Path, name: str, content: str) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ParseError, match="control character|lone surrogate") as caught:
        read(path)
    assert caught.value.line in (1, 2) and caught.value.path == str(path)
    segments, stats = read(path, ReadOptions(source_lang="vi", target_lang="en", skip_bad=True))
    assert segments == [] and stats.skipped["character a record cannot hold"] == 1


def test_escaped_control_characters_of_real_catalogues_are_kept_but_nul_is_not(tmp_path: Path) -> None:
    header = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: en\\n"\n\n'
    path = tmp_path / "c.po"
    path.write_text(header + 'msgid "\\033[1mbold"\nmsgstr "\\033[1mđậm"\n', encoding="utf-8")
    segments, _ = read(path, ReadOptions())
    assert segments[0].target == "\x1b[1mđậm"  # ANSI colours, as Debian's catalogues hold them
    path.write_text(header + 'msgid "a\\000b"\nmsgstr "c"\n', encoding="utf-8")
    with pytest.raises(ParseError, match="NUL") as caught:
        read(path, ReadOptions())
    assert caught.value.line == 6
    path.write_text(header + 'msgid "a\x07b"\nmsgstr "c"\n', encoding="utf-8")
    with pytest.raises(ParseError, match="written as it is") as caught:
        read(path, ReadOptions())
    assert caught.value.line == 6


def test_bad_character_names_what_it_found() -> None:
    assert bad_character("ab\x00") == "control character U+0000 (NUL) at character 3"
    assert bad_character("a\x1b[1m", controls=False) is None
    assert bad_character("tab\tand\nnewline") is None


# -- limits ----------------------------------------------------------------------------------------
def test_a_segment_past_the_limit_is_refused_or_counted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GLOSSARY_MAX_SEGMENT_CHARS", "50")
    path = tmp_path / "c.tsv"
    path.write_text("vi\ten\nngắn\tshort\n" + "dài " * 20 + "\tlong\n", encoding="utf-8")
    with pytest.raises(ParseError, match="past the limit of 50") as caught:
        read(path)
    assert caught.value.line == 3 and "GLOSSARY_MAX_SEGMENT_CHARS" in caught.value.message
    segments, stats = read(path, ReadOptions(source_lang="vi", target_lang="en", skip_bad=True))
    assert [s.target for s in segments] == ["short"] and stats.skipped["segment past the length limit"] == 1


def test_limits_are_stated_and_checked() -> None:
    assert limits().segment_chars == 20_000 and limits().nesting == 64
    os.environ["GLOSSARY_MAX_NESTING"] = "many"
    try:
        with pytest.raises(UsageError, match="GLOSSARY_MAX_NESTING must be a whole number"):
            limits()
    finally:
        del os.environ["GLOSSARY_MAX_NESTING"]


def test_a_file_read_whole_past_the_size_limit_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GLOSSARY_MAX_FILE_BYTES", "100")
    path = tmp_path / "c.mo"
    path.write_bytes(b"\xde\x12\x04\x95" + b"\x00" * 200)
    with pytest.raises(ParseError, match="past the limit of 100"):
        read(path)


# -- records that are not where they belong --------------------------------------------------------
@pytest.mark.parametrize(("name", "content", "unit"), [
    ("c.tmx", tmx(TU.format(id=1, vi="một", en="one") + TU.replace("<tu ", "<tux ").replace("</tu>", "</tux>")
                  .format(id=2, vi="hai", en="two")), "tux"),
    ("c.xlf", '<?xml version="1.0"?>\n<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">\n'
              '<file original="f" source-language="vi" target-language="en" datatype="plaintext"><body>\n'
              '<trans-unit id="1"><source>một</source><target>one</target></trans-unit>\n'
              '<trans-unitx id="2"><source>hai</source><target>two</target></trans-unitx>\n'
              '</body></file></xliff>\n', "trans-unitx"),
    ("c.xliff", '<?xml version="1.0"?>\n<xliff version="2.0" xmlns="urn:oasis:names:tc:xliff:document:2.0" '
                'srcLang="vi" trgLang="en"><file id="f">\n'
                '<unitx id="2"><segment><source>hai</source><target>two</target></segment></unitx>\n'
                '<unit id="1"><segment><source>một</source><target>one</target></segment></unit>\n'
                '</file></xliff>\n', "unitx"),
])
def test_an_unknown_element_where_a_unit_belongs_is_never_skipped_in_silence(tmp_path: Path, name: str,
                                                                               content: str, unit: str) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ParseError, match=f"unknown element <{unit}>") as caught:
        read(path)
    assert caught.value.line == {"c.tmx": 6, "c.xlf": 5, "c.xliff": 3}[name]
    segments, stats = read(path, ReadOptions(source_lang="vi", target_lang="en", skip_bad=True))
    assert [s.target for s in segments] == ["one"] and stats.skipped["unknown element"] == 1


def test_extension_elements_beside_xliff_units_are_allowed(tmp_path: Path) -> None:
    path = tmp_path / "c.xliff"
    path.write_text('<?xml version="1.0"?>\n<xliff version="2.0" xmlns="urn:oasis:names:tc:xliff:document:2.0" '
                    'xmlns:mda="urn:oasis:names:tc:xliff:metadata:2.0" srcLang="vi" trgLang="en"><file id="f">\n'
                    '<mda:metadata><mda:metaGroup/></mda:metadata>\n'
                    '<unit id="1"><segment><source>một</source><target>one</target></segment></unit>\n'
                    '</file></xliff>\n', encoding="utf-8")
    assert [s.target for s in read(path)[0]] == ["one"]


# -- entities: never expanded, in attributes as in text ------------------------------------------
@pytest.mark.parametrize("doctype", [
    '<!DOCTYPE tmx [<!ENTITY x "en">]>\n',
    '<!--' + "x" * (1 << 20) + '-->\n<!DOCTYPE tmx [<!ENTITY x "en">]>\n',  # past the prolog the first check reads
])
def test_an_entity_used_in_an_attribute_is_never_expanded(tmp_path: Path, doctype: str) -> None:
    path = tmp_path / "c.tmx"
    path.write_text(tmx(TU.replace('xml:lang="en"', 'xml:lang="&x;"').format(id=1, vi="một", en="one"), doctype),
                    encoding="utf-8")
    with pytest.raises(ParseError, match="entit|no root element") as caught:
        read(path)
    assert "\n" not in str(caught.value)


def test_an_entity_declared_in_another_encoding_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "c.tmx"
    text = tmx(TU.replace('tuid="{id}"', 'tuid="&x;"').format(vi="một", en="one"),
               '<!DOCTYPE tmx [<!ENTITY x "EXPANDED">]>\n').replace('encoding="UTF-8"', 'encoding="UTF-16"')
    path.write_bytes(text.encode("utf-16"))
    with pytest.raises(ParseError, match="entit"):
        read(path)


# -- truncation and encodings ----------------------------------------------------------------------
def test_a_last_line_without_a_line_end_is_warned_about(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text("vi,en\nmột,one\nhai,tw", encoding="utf-8")
    segments, stats = read(path)
    assert [s.target for s in segments] == ["one", "tw"]
    assert any(":3: the last line has no line end" in w for w in stats.warnings)
    path.write_text("vi,en\nmột,one\n", encoding="utf-8")
    assert read(path)[1].warnings == []


def test_an_unknown_charset_is_an_error_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "c.po"
    path.write_text('msgid ""\nmsgstr ""\n"Language: en\\n"\n"Content-Type: text/plain; charset=NO-SUCH-CODEC\\n"\n\n'
                    'msgid "a"\nmsgstr "b"\n', encoding="utf-8")
    with pytest.raises(ParseError, match="unknown charset 'NO-SUCH-CODEC'") as caught:
        read(path, ReadOptions())
    assert caught.value.line == 4


def test_a_truncated_mo_is_an_error(tmp_path: Path) -> None:
    import polib

    catalogue = polib.POFile()
    catalogue.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "en"}
    catalogue.append(polib.POEntry(msgid="a long source text", msgstr="a long target text"))
    data = bytes(catalogue.to_binary())
    assert struct.unpack("<I", data[:4])[0] == 0x950412DE
    path = tmp_path / "c.mo"
    path.write_bytes(data[:-10])
    with pytest.raises(ParseError, match="runs past the end of the file"):
        read(path, ReadOptions())


def test_an_unknown_charset_in_an_mo_header_is_an_error(tmp_path: Path) -> None:
    import polib

    catalogue = polib.POFile()
    catalogue.metadata = {"Content-Type": "text/plain; charset=NOPE9", "Language": "en"}
    catalogue.append(polib.POEntry(msgid="tội phạm", msgstr="crime"))
    path = tmp_path / "c.mo"
    path.write_bytes(bytes(catalogue.to_binary()))
    with pytest.raises(ParseError, match="unknown charset 'NOPE9'"):
        read(path, ReadOptions())


@pytest.mark.parametrize("content", ["[" * 100_000 + "]" * 100_000, "9" * 5000])
def test_jsonl_nesting_and_huge_numbers_are_bad_records(tmp_path: Path, content: str) -> None:
    path = tmp_path / "c.jsonl"
    path.write_text('{"source": "a", "target": "b", "source_lang": "vi", "target_lang": "en", "id": '
                    + content + "}\n", encoding="utf-8")
    with pytest.raises(ParseError, match="invalid") as caught:
        read(path)
    assert caught.value.line == 1 and "\n" not in str(caught.value)
