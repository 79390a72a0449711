"""What the row formats (memoq, trados, csv) share: tables of cells on disk as CSV, TSV or
an Excel workbook (read with their line or row numbers, written deterministically, CSV
and TSV with a UTF-8 BOM by default so that Excel reads them as UTF-8), and language
columns named the way CAT tools name them ("Vietnamese", "English (United States)") or
by tag ("vi", "en-US").
"""
from __future__ import annotations

import csv
import io
import re
from functools import lru_cache
from pathlib import Path

from babel import Locale, localedata

from glossary.errors import ParseError, UsageError
from glossary.exchange.base import (
    AVOIDED_STATUSES,
    USABLE_STATUSES,
    ExportOptions,
    ImportResult,
    check_text,
    slug_id,
    unique_id,
)
from glossary.files.inputs import one_line, read_whole
from glossary.model import Concept, Status, Term
from glossary.model.langtags import display_name, normalize_lang

UTF8_BOM = b"\xef\xbb\xbf"


def language_header(tag: str) -> str:
    """The column name a CAT tool expects for a language: its English name."""
    return display_name(tag, "en")


@lru_cache(maxsize=1)
def _names() -> dict[str, str]:
    """English display name (case-folded) -> BCP-47 tag, for every CLDR locale."""
    out: dict[str, str] = {}
    for ident in localedata.locale_identifiers():
        try:
            locale = Locale.parse(ident)
            tag = normalize_lang(ident)
        except (ValueError, UsageError):
            continue
        name = locale.get_display_name("en")
        if name:
            out.setdefault(name.casefold(), tag)
    return out


def header_language(name: str) -> str | None:
    """The language a column header names, or None when it names no language."""
    raw = name.strip()
    if not raw:
        return None
    found = _names().get(raw.casefold())
    if found:
        return found
    if len(raw) <= 16 and " " not in raw:
        try:
            return normalize_lang(raw)
        except UsageError:
            return None
    return None


def is_workbook(path: Path, head: bytes | None = None) -> bool:
    """An .xlsx file (a zip), told by its first bytes."""
    from glossary.corpora.formats.xlsx import ZIP_MAGIC

    if head is None:
        try:
            with path.open("rb") as handle:
                head = handle.read(4)
        except OSError:
            return False
    return head.startswith(ZIP_MAGIC)


def read_table(path: Path, *, delimiters: str = ",;\t", tab: bool = False) -> list[tuple[int, list[str]]]:
    """Every row of a table file with its line (CSV/TSV) or row (.xlsx: the first sheet) number.

    CSV/TSV: ``tab`` (or a first line with more tabs than anything else) reads it as TSV;
    otherwise the delimiter is the one of ``delimiters`` the first line holds most of."""
    if is_workbook(path):
        from glossary.corpora.formats.xlsx import sheet_rows

        rows = sheet_rows(path)
        for line, row in rows:
            check_cells(row, path, line)
        return rows
    first = first_line(path)
    if tab or first.count("\t") > max(first.count(","), first.count(";")):
        return read_rows(path, delimiter="\t")
    delimiter = max(delimiters, key=first.count) if any(first.count(d) for d in delimiters) else delimiters[0]
    return read_rows(path, delimiter=delimiter)


@lru_cache(maxsize=16)
def _workbook_header(path: str, stamp: tuple[int, int]) -> tuple[str, ...]:
    from glossary.corpora.formats.xlsx import sheet_rows

    try:
        rows = sheet_rows(Path(path))
    except ParseError:
        return ()
    return tuple(next((row for _, row in rows if any(c.strip() for c in row)), []))


def header_cells(path: Path, head: bytes) -> list[str]:
    """The first row's cells of a table file, for sniffing its layout (a workbook's first sheet)."""
    if is_workbook(path, head):
        try:
            stat = path.stat()
        except OSError:
            return []
        return [c.strip() for c in _workbook_header(str(path), (stat.st_mtime_ns, stat.st_size))]
    text = head.decode("utf-8", errors="replace").lstrip("\ufeff")
    first = text.splitlines()[0] if text.strip() else ""
    delimiter = max("\t,;", key=first.count)
    try:
        row = next(csv.reader([first], delimiter=delimiter))
    except (csv.Error, StopIteration):
        return []
    return [c.strip() for c in row]


def encode_table(rows: list[list[str]], options: ExportOptions, *, title: str, date: str | None) -> bytes:
    """The rows as ``options.table`` says: CSV or TSV (RFC 4180 quoting, CRLF; a UTF-8 BOM unless
    ``options.bom`` is False) or one worksheet of an .xlsx workbook (deterministic)."""
    if options.table == "xlsx":
        from glossary.corpora.formats.xlsx import workbook_bytes

        return workbook_bytes(rows, title=title, date=date)
    data = write_rows(rows, delimiter="\t" if options.table == "tsv" else ",")
    return (UTF8_BOM if options.bom is not False else b"") + data


def table_name(stem: str, options: ExportOptions) -> str:
    return f"{stem}.{options.table}"


def read_rows(path: Path, *, delimiter: str, quoting: int = csv.QUOTE_MINIMAL) -> list[tuple[int, list[str]]]:
    """Every row with its 1-based line number; a UTF-8 BOM is dropped; bad bytes are a ParseError."""
    data = read_whole(path)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ParseError("not valid UTF-8", path=path, line=line) from None
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quoting=quoting, strict=True)
    rows = []
    try:
        line = reader.line_num + 1
        for row in reader:
            check_cells(row, path, line)
            rows.append((line, row))
            line = reader.line_num + 1
    except csv.Error as exc:
        raise ParseError(f"CSV: {one_line(exc)}", path=path, line=reader.line_num) from None
    return rows


def check_cells(row: list[str], path: Path, line: int) -> None:
    """A row of a glossary table: no cell past the length limit or holding a control character."""
    for column, cell in enumerate(row, start=1):
        check_text(cell, f"column {column}", path, line)


def first_line(path: Path) -> str:
    """The file's first line, to choose its delimiter before reading it."""
    try:
        with path.open("rb") as handle:
            return handle.readline(1 << 20).decode("utf-8", errors="replace")
    except OSError as exc:
        raise ParseError(f"cannot read: {exc.strerror or exc}", path=path) from None


def write_rows(rows: list[list[str]], *, delimiter: str) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def join_cell(texts: list[str], separator: str, *, where: str) -> str:
    """Synonyms in one cell; a term holding the separator would be split on import, so refuse it."""
    for text in texts:
        if separator in text:
            raise UsageError(f"{where}: term {text!r} contains the synonym separator {separator!r}; "
                             "choose another with --separator")
    return separator.join(texts)


def split_cell(cell: str, separator: str) -> list[str]:
    return [part.strip() for part in cell.split(separator) if part.strip()]


# -- one concept per row, one column per language (memoQ, Trados) ------------------------
FORBIDDEN_SUFFIX = "_Forbidden"
DEFINITION_SUFFIX = "_Def"
# Glossary Converter's annotated headers: ">>L<<English" a language, ">>E<<Note" an entry
# field, ">>I<<" a field of the language to its left, ">>T<<" a field of each of its terms
# (values split by the synonym separator, in the order of the synonyms); ">>X..<<" ignored.
_ANNOTATION = re.compile(r"^>>(X?)([ELIT])<<(.*)$", re.IGNORECASE)
STATUS_FIELDS = frozenset({"status", "term status", "administrative status", "administrativestatus"})
# Values a status field may hold: ours, and the TBX picklist's
_STATUS_WORDS = {**{s.value: s for s in Status},
                 "preferredterm-admn-sts": Status.PREFERRED, "admittedterm-admn-sts": Status.ADMITTED,
                 "deprecatedterm-admn-sts": Status.DEPRECATED, "supersededterm-admn-sts": Status.SUPERSEDED}


def annotated(level: str, name: str) -> str:
    """A header as Glossary Converter writes it: ``annotated("L", "English")`` is ``>>L<<English``."""
    return f">>{level}<<{name}"


def strip_annotation(header: str) -> tuple[str | None, bool, str]:
    """(level E/L/I/T or None when not annotated, ignored?, name) of a header cell."""
    found = _ANNOTATION.match(header.strip())
    if not found:
        return None, False, header.strip()
    return found.group(2).upper(), bool(found.group(1)), found.group(3).strip()


def parse_status(value: str, *, path: Path, line: int) -> Status:
    status = _STATUS_WORDS.get(value.strip().casefold())
    if status is None:
        raise ParseError(f"unknown term status {value.strip()!r} (one of: {', '.join(s.value for s in Status)})",
                         path=path, line=line)
    return status


def _column_plan(header: list[str], *, path: Path, line: int, concept_columns: dict[str, str],
                 result: ImportResult) -> list[tuple[str, str | None]]:
    """(role, language or attribute) per column: concept, terms, forbidden, status or skip."""
    wanted = {k.casefold(): v for k, v in concept_columns.items()}
    plan: list[tuple[str, str | None]] = []
    last_lang: str | None = None
    for name in header:
        level, ignored, clean = strip_annotation(name)
        base, _, suffix = clean.rpartition("_")
        if ignored:
            plan.append(("skip", clean))
            result.warnings.append(f"{path}:{line}: column {name.strip()!r} is marked to be ignored; not read")
            continue
        if level in (None, "E") and clean.casefold() in wanted:
            plan.append(("concept", wanted[clean.casefold()]))
        elif level in (None, "L") and (lang := header_language(clean)):
            plan.append(("terms", lang))
            last_lang = lang
        elif level in (None, "T") and last_lang and clean.casefold() in STATUS_FIELDS:
            plan.append(("status", last_lang))
        elif level is None and suffix and "_" + suffix == FORBIDDEN_SUFFIX and (lang := header_language(base)):
            plan.append(("forbidden", lang))
        elif level is None and suffix and "_" + suffix == DEFINITION_SUFFIX and header_language(base):
            plan.append(("concept", "definition"))
        else:
            plan.append(("skip", clean))
            result.warnings.append(f"{path}:{line}: column {name.strip()!r} is neither a language nor a known field; "
                                   "not read")
    if not any(role == "terms" for role, _ in plan):
        raise ParseError("the header names no language column (e.g. 'English', 'Vietnamese', 'en')",
                         path=path, line=line)
    return plan


def concepts_from_table(rows: list[tuple[int, list[str]]], *, path: Path, separator: str,
                        concept_columns: dict[str, str], result: ImportResult) -> list[Concept]:
    """Rows under a header of language columns (plus ``{Language}_Def`` / ``{Language}_Forbidden``,
    or a term-level status field after a language) and concept columns (header, case-insensitive
    -> Concept attribute). A term's status is the one its status field states; a term without one
    is preferred when first in its cell (and the language has no stated preferred term), else
    admitted, and for a merge stands for either (a forbidden-column term for any avoided status)."""
    if not rows:
        raise ParseError("empty file", path=path, line=1)
    header_line, header = rows[0]
    plan = _column_plan(header, path=path, line=header_line, concept_columns=concept_columns, result=result)
    taken: set[str] = set()
    concepts = []
    for line, row in rows[1:]:
        if not any(cell.strip() for cell in row):
            continue
        attrs: dict[str, str] = {}
        cells: dict[str, list[str]] = {}
        stated: dict[str, list[Status | None]] = {}
        avoided: dict[str, list[str]] = {}
        for (role, key), cell in zip(plan, row):
            cell = cell.strip()
            if not cell or role == "skip":
                continue
            if role == "concept":
                attrs.setdefault(key, cell)
            elif role == "terms":
                cells.setdefault(key, []).extend(split_cell(cell, separator))
            elif role == "status":  # an empty value leaves that synonym's status unstated
                stated.setdefault(key, []).extend(parse_status(v, path=path, line=line) if v.strip() else None
                                                  for v in cell.split(separator))
            else:
                avoided.setdefault(key, []).extend(split_cell(cell, separator))
        terms: dict[str, list[Term]] = {}
        unsure: list[tuple[Term, frozenset[Status]]] = []
        for lang, texts in cells.items():
            statuses = stated.get(lang, [])
            if len(statuses) > len(texts):
                raise ParseError(f"{len(statuses)} statuses for {len(texts)} {lang} term(s)", path=path, line=line)
            has_preferred = Status.PREFERRED in statuses
            bucket = terms.setdefault(lang, [])
            for n, text in enumerate(texts):
                status = statuses[n] if n < len(statuses) else None
                if status is not None:
                    bucket.append(Term(text=text, lang=lang, status=status))
                    continue
                first = n == 0 and not has_preferred
                term = Term(text=text, lang=lang, status=Status.PREFERRED if first else Status.ADMITTED)
                bucket.append(term)
                unsure.append((term, USABLE_STATUSES))
        for lang in stated:
            if lang not in cells:
                raise ParseError(f"a {lang} status without a {lang} term", path=path, line=line)
        for lang, texts in avoided.items():
            for text in texts:
                term = Term(text=text, lang=lang, status=Status.FORBIDDEN)
                terms.setdefault(lang, []).append(term)
                unsure.append((term, AVOIDED_STATUSES))
        if not terms:
            result.warnings.append(f"{path}:{line}: a row without terms was skipped")
            continue
        raw_id = attrs.pop("id", "")
        if raw_id and not raw_id.isdigit():  # memoQ's numeric entry ids mean nothing outside memoQ
            concept_id = unique_id(raw_id, taken, result, f"{path}:{line}")
        else:
            concept_id = slug_id(next(t.text for ts in terms.values() for t in ts), taken)
            result.provisional_ids.add(concept_id)
        for term, meaning in unsure:
            result.unsure(concept_id, term, meaning)
        concepts.append(Concept(id=concept_id, terms=terms, **attrs))
    return concepts
