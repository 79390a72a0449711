"""CSV/TSV: the contract, columns by language name, code or position, delimiters, encodings."""
from __future__ import annotations

from pathlib import Path

import pytest
from contract import FIXTURES, FormatContract, pairs, read

from glossary.corpora.formats.delimited import column_language
from glossary.errors import ParseError


class TestCsvWithLanguageNames(FormatContract):
    format_name = "csv"
    fixture = "sample.csv"
    expected_lines = [2, 3, 5, 6, 7]


class TestExcelCsvWithBomSemicolonsAndCodes(FormatContract):
    format_name = "csv"
    fixture = "sample-excel.csv"
    expected_lines = [2, 3, 4, 5, 6]


class TestHeaderlessTsvByPosition(FormatContract):
    format_name = "csv"
    fixture = "sample.tsv"
    expected_lines = [1, 2, 3, 4, 5]


@pytest.mark.parametrize(("cell", "language"), [
    ("vi", "vi"), ("VI", "vi"), ("vi_VN", "vi-VN"), ("vi-VN", "vi-VN"), ("Vietnamese", "vi"),
    ("english", "en"), ("en-GB", "en-GB"), ("zh-Hant", "zh-Hant"),
    ("id", None), ("source", None), ("note", None), ("Hanoi Convention", None), ("", None), ("vn", None),
])
def test_column_language(cell: str, language: str | None) -> None:
    assert column_language(cell) == language


def test_id_note_and_document_columns_fill_the_model() -> None:
    segments, _ = read(FIXTURES / "sample.csv")
    assert [s.unit_id for s in segments] == ["u1", "u2", "u3a", "u3b", "u4"]
    assert segments[1].notes == ("UNODC: keep the acronym in brackets",)
    assert [s.source_id for s in read(FIXTURES / "sample-excel.csv")[0]] == ["s1", "s2", "s3", "s3", "s4"]


def test_language_header_needs_no_options() -> None:
    segments, _ = read(FIXTURES / "sample.csv")
    assert {(s.source_lang, s.target_lang) for s in segments} == {("vi", "en")}


def test_headerless_file_needs_the_languages() -> None:
    with pytest.raises(ParseError, match="no header row naming the languages; pass --source-lang and --target-lang") \
            as caught:
        read(FIXTURES / "sample.tsv")
    assert caught.value.line == 1


def test_source_target_headers_take_languages_from_options(tmp_path: Path) -> None:
    path = tmp_path / "st.csv"
    path.write_text("source,target,reviewer\nCông ước,Convention,An\n", encoding="utf-8")
    with pytest.raises(ParseError, match="source language; pass --source-lang"):
        read(path)
    segments, _ = read(path, source_lang="vi", target_lang="en")
    assert pairs(segments) == [("Công ước", "Convention")]
    assert segments[0].props == {"reviewer": "An"}


def test_language_columns_chosen_by_option(tmp_path: Path) -> None:
    path = tmp_path / "multi.csv"
    path.write_text("en,vi,fr\nConvention,Công ước,Convention (fr)\n", encoding="utf-8")
    assert pairs(read(path, source_lang="vi", target_lang="en")[0]) == [("Công ước", "Convention")]
    everything, _ = read(path, source_lang="vi")
    assert [(s.target_lang, s.unit_id) for s in everything] == [("en", "2/en"), ("fr", "2/fr")]
    with pytest.raises(ParseError, match="no column for the requested source language de"):
        read(path, source_lang="de")


def test_quoted_cell_across_lines_reports_the_row_start(tmp_path: Path) -> None:
    path = tmp_path / "multiline.csv"
    path.write_text('vi,en\n"Dòng một\ndòng hai",Line one\nCông ước,Convention\nx,y,z\n', encoding="utf-8")
    with pytest.raises(ParseError, match="row has 3 columns, expected 2") as caught:
        read(path)
    assert caught.value.line == 5
    segments, stats = read(path, skip_bad=True)
    assert [s.origin.line for s in segments] == [2, 4]
    assert segments[0].source == "Dòng một\ndòng hai"
    assert stats.skipped == {"wrong column count": 1}


def test_tsv_does_not_treat_quotes_as_quoting(tmp_path: Path) -> None:
    path = tmp_path / "q.tsv"
    path.write_text('vi\ten\n"5 đẩy mạnh" là gì\t"five key actions" means\n', encoding="utf-8")
    assert pairs(read(path)[0]) == [('"5 đẩy mạnh" là gì', '"five key actions" means')]


def test_utf16_with_bom_is_read(tmp_path: Path) -> None:
    path = tmp_path / "u16.tsv"
    path.write_bytes((FIXTURES / "sample.tsv").read_text(encoding="utf-8").encode("utf-16"))
    assert pairs(read(path, source_lang="vi", target_lang="en")[0]) == pairs(
        read(FIXTURES / "sample.tsv", source_lang="vi", target_lang="en")[0])


def test_legacy_encoding_is_an_error_not_a_guess(tmp_path: Path) -> None:
    path = tmp_path / "cp1252.csv"
    path.write_bytes("fr,en\nCafé crème,Coffee with cream\n".encode("cp1252"))
    with pytest.raises(ParseError, match="not valid UTF-8 \\(byte 0xe9\\)") as caught:
        read(path)
    assert caught.value.line == 2
