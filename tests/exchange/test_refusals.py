"""Issue 18: what every glossary importer refuses, with the file and line, and never in silence."""
from __future__ import annotations

import codecs
import os
from pathlib import Path

import pytest

from glossary.errors import ParseError
from glossary.exchange.base import ImportOptions, detect_format, get_format, registered_formats

PAIR = ImportOptions(source_lang="vi", target_lang="en")
MEMOQ = "Entry_ID,Vietnamese,English\r\n1,tội phạm mạng,cybercrime\r\n2,an ninh mạng,cybersecurity\r\n"


@pytest.mark.parametrize("name", sorted(registered_formats()))
@pytest.mark.parametrize("content", [codecs.BOM_UTF8, codecs.BOM_UTF16_LE, b""])
def test_a_bom_only_or_empty_file_is_refused_by_every_importer(tmp_path: Path, name: str, content: bytes) -> None:
    path = tmp_path / "glossary.txt"
    path.write_bytes(content)
    with pytest.raises(ParseError) as caught:
        get_format(name).import_file(path, PAIR)
    assert caught.value.path == str(path) and "\n" not in str(caught.value)


@pytest.mark.parametrize("name", sorted(registered_formats()))
def test_a_fifo_is_refused_before_it_is_opened(tmp_path: Path, name: str) -> None:
    path = tmp_path / "glossary.csv"
    os.mkfifo(path)
    with pytest.raises(ParseError, match="FIFO"):
        get_format(name).import_file(path, PAIR)
    with pytest.raises(ParseError, match="FIFO"):
        detect_format(path)


@pytest.mark.parametrize("char", ["\x00", "\x07", "\x1b"])
def test_control_characters_in_a_table_are_refused_at_their_line(tmp_path: Path, char: str) -> None:
    path = tmp_path / "memoq.csv"
    path.write_text(MEMOQ.replace("an ninh", "an" + char + "ninh"), encoding="utf-8")
    with pytest.raises(ParseError, match="column 2 holds control character") as caught:
        get_format("memoq").import_file(path, PAIR)
    assert caught.value.line == 3


def test_a_control_character_cannot_split_an_omegat_line(tmp_path: Path) -> None:
    path = tmp_path / "glossary.utf8"
    path.write_text("tội phạm mạng\tcyber\x0bcrime\t\nan ninh mạng\tcybersecurity\t\n", encoding="utf-8")
    with pytest.raises(ParseError, match="control character U\\+000B") as caught:
        get_format("omegat").import_file(path, PAIR)
    assert caught.value.line == 1


def test_a_last_row_without_a_line_end_is_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "memoq.csv"
    path.write_text(MEMOQ[:-len("curity\r\n")], encoding="utf-8")
    result = get_format("memoq").import_file(path, PAIR)
    assert [t.text for c in result.concepts for t in c.terms["en"]] == ["cybercrime", "cyberse"]
    assert result.warnings == [f"{path}:3: the last line has no line end: the file may have been cut short "
                               "(its last record was read as it stands)"]
    path.write_text(MEMOQ, encoding="utf-8")
    assert get_format("memoq").import_file(path, PAIR).warnings == []


def test_a_term_past_the_length_limit_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GLOSSARY_MAX_SEGMENT_CHARS", "20")
    path = tmp_path / "memoq.csv"
    path.write_text(MEMOQ.replace("cybersecurity", "cybersecurity " * 3), encoding="utf-8")
    with pytest.raises(ParseError, match="past the limit of 20") as caught:
        get_format("memoq").import_file(path, PAIR)
    assert caught.value.line == 3


PO_HEADER = ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset={charset}\\n"\n"Language: {lang}\\n"\n'
             '"X-Source-Language: vi\\n"\n\n')


@pytest.mark.parametrize(("body", "charset", "lang", "message", "line"), [
    ('msgctxt "c"\nmsgid "tội phạm mạng"\nmsgstr "cyberc\n', "UTF-8", "en", "PO syntax error", 9),
    ('msgctxt "c"\nmsgid "tội phạm mạng"\nmsgstr "cybercrime"\n', "NO-SUCH-CODEC", "en", "unknown charset", 3),
    ('msgctxt "c"\nmsgid "tội phạm mạng"\nmsgstr "cybercrime"\n', "UTF-8", "qq-!!", "unknown language tag", None),
    ('msgctxt "c"\nmsgid "tội phạm mạng"\nmsgstr "cybercrime"\n', "UTF-8", "fr", "not the requested en", None),
    ('msgctxt "c"\nmsgid "tội phạm\\000 mạng"\nmsgstr "cybercrime"\n', "UTF-8", "en", "NUL", 7),  # the entry's line
])
def test_po_imports_refuse_what_polib_lets_through(tmp_path: Path, body: str, charset: str, lang: str,
                                                    message: str, line: int | None) -> None:
    path = tmp_path / "glossary.po"
    path.write_text(PO_HEADER.format(charset=charset, lang=lang) + body, encoding="utf-8")
    with pytest.raises(ParseError, match=message) as caught:
        get_format("po").import_file(path, PAIR)
    assert caught.value.line == line


TBX2 = ('<?xml version="1.0" encoding="UTF-8"?>\n{doctype}<martif type="TBX-Basic" xml:lang="vi"><text><body>\n'
        '<termEntry id="{id}"><langSet xml:lang="vi"><tig><term>tội phạm mạng</term></tig></langSet>'
        '<langSet xml:lang="en"><tig><term>cybercrime</term></tig></langSet></termEntry>\n'
        '<termEntryx id="b"><langSet xml:lang="vi"><tig><term>an ninh mạng</term></tig></langSet>'
        '<langSet xml:lang="en"><tig><term>cybersecurity</term></tig></langSet></termEntryx>\n'
        '</body></text></martif>\n')


def test_tbx_unknown_element_where_an_entry_belongs_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "g.tbx"
    path.write_text(TBX2.format(doctype="", id="a"), encoding="utf-8")
    with pytest.raises(ParseError, match="unknown element <termEntryx>") as caught:
        get_format("tbx2").import_file(path, PAIR)
    assert caught.value.line == 4


def test_tbx_entity_in_an_attribute_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "g.tbx"
    path.write_text(TBX2.format(doctype='<!DOCTYPE martif [<!ENTITY x "EXPANDED">]>\n', id="&x;")
                    .replace("termEntryx", "termEntry"), encoding="utf-8")
    with pytest.raises(ParseError, match="entit"):
        get_format("tbx2").import_file(path, PAIR)


def test_tbx_invalid_bytes_are_one_line(tmp_path: Path) -> None:
    path = tmp_path / "g.tbx"
    path.write_bytes(TBX2.format(doctype="", id="a").replace("termEntryx", "termEntry").encode().replace(
        "mạng".encode(), b"m\xff\xfeng", 1))
    with pytest.raises(ParseError) as caught:
        get_format("tbx2").import_file(path, PAIR)
    assert "\n" not in str(caught.value) and caught.value.path == str(path)


@pytest.mark.parametrize("content", [b"", codecs.BOM_UTF8 + b"\r\n", codecs.BOM_UTF16_LE])
def test_detection_says_empty_file_not_unknown_format(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "memoq.csv"
    path.write_bytes(content)
    with pytest.raises(ParseError, match="empty file") as caught:
        detect_format(path)
    assert caught.value.line == 1


def test_a_broken_workbook_says_why_rather_than_unknown_format(tmp_path: Path) -> None:
    from glossary.corpora.formats.xlsx import workbook_bytes

    path = tmp_path / "memoq.xlsx"
    path.write_bytes(workbook_bytes([["Vietnamese", "English"], ["tội phạm mạng", "cybercrime"]])[:900])
    with pytest.raises(ParseError, match="not a readable Excel workbook"):
        detect_format(path)


def test_import_names_what_the_file_is_on_the_command_line(tmp_path: Path) -> None:
    from glossary.cli.main import invoke

    path = tmp_path / "glossary.csv"
    os.mkfifo(path)
    assert invoke(["import", str(path), "-s", "vi", "-t", "en", "-o", str(tmp_path / "out.yaml"), "-q"]) == 2
