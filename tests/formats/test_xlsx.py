"""Excel workbooks: the contract (on a workbook LibreOffice wrote from sample.csv), sheets, cell
types, bad files, and the deterministic writer the glossary exchange uses."""
from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import pytest
from contract import FIXTURES, SAMPLE_PAIRS, FormatContract, pairs, read

from glossary.corpora.formats.xlsx import cell_text, sheet_rows, workbook_bytes
from glossary.errors import ParseError

openpyxl = pytest.importorskip("openpyxl")


class TestXlsxFromLibreOffice(FormatContract):
    format_name = "xlsx"
    fixture = "sample.xlsx"  # soffice --convert-to xlsx sample.csv: the same rows, a blank row 4 kept
    expected_lines = [2, 3, 5, 6, 7]


def _workbook(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def test_columns_and_ids_as_in_the_csv_reader() -> None:
    xlsx, _ = read(FIXTURES / "sample.xlsx")
    csv, _ = read(FIXTURES / "sample.csv")
    assert [(s.unit_id, s.source_lang, s.target_lang, s.notes, s.source, s.target) for s in xlsx] == \
        [(s.unit_id, s.source_lang, s.target_lang, s.notes, s.source, s.target) for s in csv]


def test_every_sheet_is_read_and_named(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "desk.xlsx", {
        "Tháng 10": [["Vietnamese", "English"], *[[s, t] for s, t in SAMPLE_PAIRS[:3]]],
        "Empty": [],
        "Tháng 11": [["id", "en", "vi"], ["n1", SAMPLE_PAIRS[3][1], SAMPLE_PAIRS[3][0]]],
    })
    segments, stats = read(path, source_lang="vi")
    assert pairs(segments) == SAMPLE_PAIRS[:4]
    assert [s.unit_id for s in segments] == ["Tháng 10!2", "Tháng 10!3", "Tháng 10!4", "Tháng 11!n1"]
    assert {s.props["sheet"] for s in segments} == {"Tháng 10", "Tháng 11"}
    assert stats.skipped == {"empty worksheet": 1}


def test_numbers_dates_and_formulas_read_as_text(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "cells.xlsx", {"S": [["vi", "en", "figure", "day"],
                                                     ["83,5 triệu", "83.5 million", 83.5, dt.date(2025, 10, 26)],
                                                     ["5 đẩy mạnh", "five key actions", 5, dt.datetime(2025, 10, 26, 9, 30)]]})
    segments, _ = read(path)
    assert [s.props for s in segments] == [{"figure": "83.5", "day": "2025-10-26"},
                                           {"figure": "5", "day": "2025-10-26 09:30:00"}]
    assert (cell_text(None), cell_text(True), cell_text(2.0)) == ("", "TRUE", "2")


def test_headerless_sheet_needs_the_languages(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "plain.xlsx", {"S": [list(p) for p in SAMPLE_PAIRS]})
    with pytest.raises(ParseError, match="no header row naming the languages") as caught:
        read(path)
    assert caught.value.line == 1
    assert pairs(read(path, source_lang="vi", target_lang="en")[0]) == SAMPLE_PAIRS


def test_a_value_outside_the_header_is_a_bad_record(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "wide.xlsx", {"S": [["vi", "en"], ["a", "b"], ["c", "d", "stray"], ["e", "f"]]})
    with pytest.raises(ParseError, match="a value in column 3") as caught:
        read(path)
    assert caught.value.line == 3
    segments, stats = read(path, skip_bad=True)
    assert pairs(segments) == [("a", "b"), ("e", "f")] and stats.skipped == {"value outside the table": 1}


def test_a_file_that_is_no_workbook_is_one_error(tmp_path: Path) -> None:
    path = tmp_path / "fake.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(ParseError, match="not a readable Excel workbook") as caught:
        read(path)
    assert caught.value.path == str(path)


def test_written_workbooks_are_deterministic_and_read_back(tmp_path: Path) -> None:
    rows = [["Vietnamese", "English"], ["Công ước Hà Nội", "Hanoi Convention"], ["=1+1", "00017"]]
    first = workbook_bytes(rows, title="t", date="2025-10-27")
    assert first == workbook_bytes(rows, title="t", date="2025-10-27")
    path = tmp_path / "w.xlsx"
    path.write_bytes(first)
    assert sheet_rows(path) == [(1, rows[0]), (2, rows[1]), (3, rows[2])]  # text cells: no formula, no number
    book = openpyxl.load_workbook(path)
    assert book.properties.modified == dt.datetime(2025, 10, 27)
    assert [[c.value for c in row] for row in book.active.iter_rows()] == rows


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is absent (apt-get install libreoffice-calc-nogui)")
def test_libreoffice_reads_the_written_cells(tmp_path: Path) -> None:
    import csv

    rows = [["Vietnamese", "English", "Note"], ["Lễ mở ký", "signing ceremony", 'said: "x, y"'],
            ["5 đẩy mạnh", "five key actions", ""]]
    path = tmp_path / "w.xlsx"
    path.write_bytes(workbook_bytes(rows, date="2025-10-27"))
    done = subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}",
                           "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1", "--outdir", str(tmp_path),
                           str(path)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    with (tmp_path / "w.csv").open(encoding="utf-8", newline="") as handle:
        assert [row + [""] * (3 - len(row)) for row in csv.reader(handle)] == rows
