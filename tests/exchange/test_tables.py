"""The row formats' tables on disk: CSV/TSV with a UTF-8 BOM by default (Excel), .xlsx workbooks
that openpyxl and LibreOffice read back cell for cell, through `glossary export`."""
from __future__ import annotations

import csv
import io
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from glossary.cli.main import app
from glossary.exchange.base import detect_format

from .conftest import SAMPLE

runner = CliRunner()
BOM = b"\xef\xbb\xbf"


def export(tmp_path: Path, fmt: str, name: str, *extra: str):
    out = tmp_path / name
    return out, runner.invoke(app, ["export", "-f", fmt, "-g", str(SAMPLE), "--lang", "vi,en", "-o", str(out), *extra])


@pytest.mark.parametrize("fmt, name", [("memoq", "g.csv"), ("trados", "g.csv"), ("trados", "g.tsv"), ("csv", "g.csv")])
def test_csv_exports_start_with_a_bom_unless_told_not_to(tmp_path: Path, fmt: str, name: str) -> None:
    out, done = export(tmp_path, fmt, name)
    assert done.exit_code == 0, done.output
    assert out.read_bytes().startswith(BOM) and detect_format(out).name == fmt
    out, done = export(tmp_path, fmt, name, "--no-bom")
    assert done.exit_code == 0 and not out.read_bytes().startswith(BOM)
    assert detect_format(out).name == fmt


@pytest.mark.parametrize("fmt, name, args, message", [
    ("po", "g.po", ["--bom"], "--bom is for the CSV/TSV tables"),
    ("memoq", "g.xlsx", ["--bom"], "not an .xlsx workbook"),
    ("tbx", "g.xlsx", [], "tbx is not a table"),
])
def test_what_bom_and_xlsx_do_not_apply_to_is_refused(tmp_path: Path, fmt: str, name: str, args: list[str],
                                                      message: str) -> None:
    _, done = export(tmp_path, fmt, name, *args)
    assert done.exit_code == 2 and message in done.output


def _csv_cells(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline="")))


@pytest.mark.parametrize("fmt", ["memoq", "trados", "csv"])
def test_a_workbook_holds_the_cells_of_the_csv(tmp_path: Path, fmt: str) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    xlsx, done = export(tmp_path, fmt, "g.xlsx")
    assert done.exit_code == 0, done.output
    as_csv, _ = export(tmp_path, fmt, "g.csv")
    book = openpyxl.load_workbook(xlsx)
    cells = [["" if c.value is None else c.value for c in row] for row in book.active.iter_rows()]
    width = max(map(len, _csv_cells(as_csv)))
    assert cells == [row + [""] * (width - len(row)) for row in _csv_cells(as_csv)]
    assert all(isinstance(v, str) for row in cells for v in row)  # text cells only: "17" stays "17"
    assert detect_format(xlsx).name == fmt


@pytest.mark.skipif(shutil.which("soffice") is None,
                    reason="LibreOffice is absent (apt-get install libreoffice-calc-nogui)")
@pytest.mark.parametrize("fmt", ["memoq", "trados", "csv"])
def test_libreoffice_opens_the_workbooks_with_the_same_cells(tmp_path: Path, fmt: str) -> None:
    xlsx, done = export(tmp_path, fmt, "g.xlsx")
    assert done.exit_code == 0, done.output
    as_csv, _ = export(tmp_path, fmt, "g.csv")
    converted = tmp_path / "lo"
    run = subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}",
                          "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1", "--outdir", str(converted),
                          str(xlsx)], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
    theirs = _csv_cells(converted / "g.csv")
    ours = _csv_cells(as_csv)
    width = max(map(len, ours))
    assert [row + [""] * (width - len(row)) for row in theirs] == [row + [""] * (width - len(row)) for row in ours]
