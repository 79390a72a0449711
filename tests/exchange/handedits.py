"""One term added by hand to an exported file, the way each CAT tool (or a person in Excel)
writes it, for the merge round trips of test_contract.py.

Every edit adds to the sample glossary's concept ``ky-noun`` (vi phiên ký / ký, en signing):
a second English term, or for PO (whose target side holds only the preferred term) a second
Vietnamese one. ``ADDED[variant]`` is (concept, lang, text, status it must get).
"""
from __future__ import annotations

import csv
import io
from pathlib import Path

NEW_EN = "signature session"
NEW_VI = "phiên ký kết"
ADDED = {variant: ("ky-noun", "en", NEW_EN, "admitted") for variant in
         ("tbx", "tbx2", "omegat", "memoq", "memoq.xlsx", "trados", "trados.tsv", "trados.xlsx", "csv", "csv.xlsx")}
ADDED["po"] = ("ky-noun", "vi", NEW_VI, "admitted")


def _replace_once(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} is not once in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def tbx(path: Path) -> None:
    """A termSec without administrativeStatus, as a TBX editor adds a synonym."""
    _replace_once(path, "<term>signing</term>\n            <termNote type=\"partOfSpeech\">noun</termNote>\n"
                        "            <termNote type=\"administrativeStatus\">preferredTerm-admn-sts</termNote>\n"
                        "          </termSec>\n",
                  "<term>signing</term>\n            <termNote type=\"partOfSpeech\">noun</termNote>\n"
                  "            <termNote type=\"administrativeStatus\">preferredTerm-admn-sts</termNote>\n"
                  f"          </termSec>\n          <termSec>\n            <term>{NEW_EN}</term>\n          </termSec>\n")


def tbx2(path: Path) -> None:
    """A bare tig, as OmegaT's and Translate Toolkit's martif has them."""
    _replace_once(path, "<term>signing</term>\n            <termNote type=\"partOfSpeech\">noun</termNote>\n"
                        "            <termNote type=\"administrativeStatus\">preferredTerm-admn-sts</termNote>\n"
                        "          </tig>\n",
                  "<term>signing</term>\n            <termNote type=\"partOfSpeech\">noun</termNote>\n"
                  "            <termNote type=\"administrativeStatus\">preferredTerm-admn-sts</termNote>\n"
                  f"          </tig>\n          <tig>\n            <term>{NEW_EN}</term>\n          </tig>\n")


def po(path: Path) -> None:
    """A new entry without msgctxt or comments, as Weblate adds a glossary term."""
    with path.open("a", encoding="utf-8") as handle:
        handle.write(f'\nmsgid "{NEW_VI}"\nmsgstr "signing"\n')


def omegat(path: Path) -> None:
    """The line OmegaT's "Add glossary entry" appends (GlossaryReaderTSV.append: source, tab,
    target, and a tab and the comment only when there is one)."""
    with path.open("a", encoding="utf-8", newline="") as handle:
        handle.write(f"phiên ký\t{NEW_EN}\n")


def _edit_rows(path: Path, edit) -> None:
    """Rewrite a CSV/TSV as Excel saves "CSV UTF-8" (BOM, CRLF, minimal quoting), or an .xlsx with openpyxl."""
    if path.suffix == ".xlsx":
        import openpyxl

        book = openpyxl.load_workbook(path)
        sheet = book.active
        rows = [[("" if c.value is None else str(c.value)) for c in row] for row in sheet.iter_rows()]
        edit(rows)
        for r, row in enumerate(rows, 1):
            for c, value in enumerate(row, 1):
                sheet.cell(row=r, column=c, value=value or None)
        book.save(path)
        return
    delimiter = "\t" if path.suffix == ".tsv" else ","
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline=""), delimiter=delimiter))
    edit(rows)
    out = io.StringIO(newline="")
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    path.write_bytes(b"\xef\xbb\xbf" + out.getvalue().encode("utf-8"))


def _add_synonym(path: Path, column: str, row_key: str) -> None:
    """Append to a cell, after the synonym separator, as a translator does in memoQ or Excel."""
    def edit(rows: list[list[str]]) -> None:
        col = rows[0].index(column)
        (row,) = [r for r in rows[1:] if row_key in r]
        row[col] += "|" + NEW_EN

    _edit_rows(path, edit)


def memoq(path: Path) -> None:
    _add_synonym(path, "English", "ky-noun")


def trados(path: Path) -> None:
    """Typed into the English cell; its status field left as it was (one status short)."""
    _add_synonym(path, ">>L<<English", "phiên ký|ký")


def csvplain(path: Path) -> None:
    """A row typed in a spreadsheet: the concept id, language and term; the status left empty."""
    def edit(rows: list[list[str]]) -> None:
        header = rows[0]
        row = [""] * len(header)
        row[header.index("concept_id")], row[header.index("lang")], row[header.index("term")] = "ky-noun", "en", NEW_EN
        rows.append(row)

    _edit_rows(path, edit)


EDITS = {"tbx": tbx, "tbx2": tbx2, "po": po, "omegat": omegat, "memoq": memoq, "memoq.xlsx": memoq,
         "trados": trados, "trados.tsv": trados, "trados.xlsx": trados, "csv": csvplain, "csv.xlsx": csvplain}
