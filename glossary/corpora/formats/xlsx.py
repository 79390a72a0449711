"""Excel workbooks (.xlsx): bilingual tables, one aligned pair per row, read with openpyxl.

Every worksheet is read, in order; each one's first non-empty row is read as the CSV
reader reads a first row (``delimited.column_layout``): a header naming languages
(``vi``, ``vi_VN``, ``Vietnamese``) picks the source and target columns, ``source``/
``target`` headers take the languages from the options, ``id``, ``document``, ``note``...
fill the model and other columns become props; with no header row the first column is
the source and the second the target. The origin line is the sheet's row number. When a
workbook has several sheets, unit ids start with the sheet's name
(``Sheet2!14``) and each segment's ``sheet`` prop names it; an empty sheet is counted as
skipped. A cell is read as its value (a formula cell as the result Excel saved with it);
numbers and dates as text (``5``, ``83.5``, ``2025-10-26``). A value in a column that
the first row leaves blank is a bad record.

Also the spreadsheet side of glossary exchange (``glossary.exchange.tables``):
``sheet_rows`` reads the first sheet's rows and ``workbook_bytes`` writes one sheet of
text cells, deterministically (fixed times in the zip and in the document properties),
so the same rows always give the same bytes. openpyxl is imported when a workbook is
read or written, not when the registry loads.
"""
from __future__ import annotations

import datetime as _dt
import io
import zipfile
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

from glossary.corpora.formats.base import CorpusFormat, ReadOptions, ReadStats, register
from glossary.corpora.formats.delimited import column_layout, row_segments
from glossary.errors import ParseError, UsageError
from glossary.files.inputs import check_input, one_line
from glossary.progress import reading_from

ZIP_MAGIC = b"PK\x03\x04"
MAX_CELL = 32767  # characters in one cell: Excel's limit
_FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip entry can hold


def cell_text(value: Any) -> str:
    """A cell's value as the text a CSV of the sheet would hold."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, _dt.datetime):
        return value.date().isoformat() if value.time() == _dt.time() else value.isoformat(sep=" ")
    if isinstance(value, (_dt.date, _dt.time)):
        return value.isoformat()
    return str(value)


def _open_workbook(path: Path, handle: Any) -> Any:
    from openpyxl import load_workbook

    try:
        return load_workbook(handle, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as exc:
        raise ParseError(f"not a readable Excel workbook (.xlsx): {one_line(exc)}", path=path) from None
    except Exception as exc:  # openpyxl's own errors (InvalidFileException, XML errors) have no common root
        raise ParseError(f"not a readable Excel workbook (.xlsx): {type(exc).__name__}: {one_line(exc)}",
                         path=path) from None


def _check_not_empty(path: Path) -> None:
    size = check_input(path, whole=True)
    if size == 0:
        raise ParseError("empty file", path=path, line=1)


@contextmanager
def opened_workbook(path: Path, *, watch: bool = True) -> Iterator[Any]:
    """The workbook, read-only (values, not formulas), closed at the end of the block."""
    _check_not_empty(path)
    try:
        raw = path.open("rb")
    except OSError as exc:
        raise ParseError(f"cannot read: {exc.strerror}", path=path) from None
    with raw:
        workbook = _open_workbook(path, reading_from(path, raw) if watch else raw)
        try:
            yield workbook
        finally:
            workbook.close()


def sheet_rows_of(sheet: Any, path: Path | None = None) -> Iterator[tuple[int, list[str]]]:
    """(row number, cell texts with trailing blanks dropped) for every row of a worksheet; a sheet
    whose XML cannot be read is a ParseError at the row reached (``path`` names the file)."""
    rows = sheet.iter_rows(min_row=1, values_only=True)
    number = 0
    while True:
        try:
            values = next(rows)
        except StopIteration:
            return
        except Exception as exc:  # openpyxl's and lxml's errors inside the sheet's XML share no root
            where = f"sheet {sheet.title!r}, after row {number}: " if number else f"sheet {sheet.title!r}: "
            raise ParseError(f"{where}not a readable worksheet: {one_line(exc)}", path=path,
                             line=number + 1) from None
        number += 1
        cells = [cell_text(v) for v in values]
        while cells and not cells[-1].strip():
            cells.pop()
        yield number, cells


def sheet_rows(path: Path) -> list[tuple[int, list[str]]]:
    """The first worksheet's rows (row number, cell texts), for the exchange formats' tables."""
    with opened_workbook(path, watch=False) as workbook:
        return list(sheet_rows_of(workbook.worksheets[0], path)) if workbook.worksheets else []


class _FixedTimeZip(zipfile.ZipFile):
    """A zip whose entries all carry one fixed time and mode: the same content, the same bytes."""

    def writestr(self, zinfo_or_arcname: Any, data: Any, compress_type: int | None = None,
                 compresslevel: int | None = None) -> None:
        name = zinfo_or_arcname.filename if isinstance(zinfo_or_arcname, zipfile.ZipInfo) else zinfo_or_arcname
        info = zipfile.ZipInfo(name, date_time=_FIXED_ZIP_TIME)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        super().writestr(info, data, compress_type, compresslevel)

    def write(self, filename: Any, arcname: Any = None, compress_type: int | None = None,
              compresslevel: int | None = None, **kwargs: Any) -> None:
        with open(filename, "rb") as handle:
            self.writestr(arcname or str(filename), handle.read())


def workbook_bytes(rows: list[list[str]], *, sheet: str = "Glossary", title: str | None = None,
                   date: str | None = None) -> bytes:
    """One worksheet of text cells (the first row frozen as the header), as .xlsx bytes.

    Deterministic: the zip entries' times are fixed and the document's created/modified
    properties are ``date`` (an ISO date; default 2000-01-01), so the same rows give the
    same bytes. Every cell is text, even one that looks like a number or starts with "="."""
    from openpyxl import Workbook
    from openpyxl.utils.exceptions import IllegalCharacterError
    from openpyxl.writer.excel import ExcelWriter

    workbook = Workbook()
    worksheet = workbook.active
    worksheet.title = sheet[:31]
    for r, row in enumerate(rows, start=1):
        for c, text in enumerate(row, start=1):
            if not text:
                continue
            if len(text) > MAX_CELL:
                raise UsageError(f"row {r}, column {c}: {len(text)} characters; an Excel cell holds at most {MAX_CELL}")
            try:
                cell = worksheet.cell(row=r, column=c, value=text)
            except IllegalCharacterError:
                raise UsageError(f"row {r}, column {c}: {text[:40]!r} holds a control character an Excel cell "
                                 "cannot hold") from None
            cell.data_type = "s"  # a text cell, never a formula or a number
    if rows:
        worksheet.freeze_panes = "A2"
    moment = _dt.datetime.combine(_dt.date.fromisoformat((date or "2000-01-01")[:10]), _dt.time())
    props = workbook.properties
    props.creator = props.lastModifiedBy = "glossary"
    props.title = title
    props.created = props.modified = moment
    buffer = io.BytesIO()
    with _FixedTimeZip(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(workbook, archive).write_data()
    return buffer.getvalue()


@register
class XlsxFormat(CorpusFormat):
    name = "xlsx"
    suffixes = (".xlsx", ".xlsm")
    description = "Excel workbook, one pair per row, header row optional (as CSV); every sheet"
    escaped_controls = True  # control characters written as escapes, as real catalogues hold them; not NUL

    def sniff(self, path: Path, head: bytes) -> bool:
        return head.startswith(ZIP_MAGIC) and path.suffix.lower() in self.suffixes

    def read(self, path: Path, options: ReadOptions, stats: ReadStats) -> Iterator:
        records = 0
        seen_rows = False
        with opened_workbook(path) as workbook:
            several = len(workbook.worksheets) > 1
            for sheet in workbook.worksheets:
                title = sheet.title
                where = f"sheet {title!r}: " if several else ""
                layout = None
                for number, row in sheet_rows_of(sheet, path):
                    if not any(cell.strip() for cell in row):
                        continue
                    seen_rows = True
                    if layout is None:
                        try:
                            layout = column_layout(row, options, path, number)
                        except ParseError as error:
                            raise ParseError(where + error.message, path=path, line=number) from None
                        if layout.has_header:
                            continue
                    records += 1
                    if len(row) > layout.width:
                        self.bad_record(options, stats, path, number,
                                        f"{where}a value in column {len(row)}, which the first row leaves blank",
                                        kind="value outside the table")
                        continue
                    row = row + [""] * (layout.width - len(row))
                    yield from row_segments(row, layout, path, number, unit_prefix=f"{title}!" if several else "",
                                            props={"sheet": title} if several else None)
                if layout is None:
                    stats.skip("empty worksheet", f"{path}: sheet {title!r}", warn=False)
        if not seen_rows:
            raise ParseError("empty file", path=path, line=1)
        if records == 0:
            raise ParseError("no rows after the header row", path=path, line=1)
