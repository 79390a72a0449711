"""Trados Glossary Converter layout: a first row of field headers, one entry per row.

The headers are annotated the way Glossary Converter writes them, so it knows each
column's level without asking: per language ``>>L<<Vietnamese`` (its English name),
holding every term, preferred first, split by the synonym separator (``|`` by default),
then ``>>T<<Status``, a term-level field with each synonym's status (preferred, admitted,
deprecated, superseded, forbidden) in the same order and split the same way; then the
entry-level ``>>E<<Definition``, ``>>E<<Subject`` and ``>>E<<Note``. The same table is
written as CSV (UTF-8 with a BOM by default), TSV (``--output`` ending .tsv/.txt) or an
.xlsx workbook (``--output`` ending .xlsx), the forms Glossary Converter turns into a
MultiTerm termbase, and read back from any of them, annotated or not ("Vietnamese",
"Status" and "Note" read the same; ``>>X..<<`` columns are ignored, as Glossary Converter
does).

The layout has no ids: read back, each row is a concept with a made-up id, which a merge
matches to the glossary by its terms. A term whose status field is empty (a synonym typed
into the cell in a CAT tool or a spreadsheet) is preferred when first, else admitted, and
stands for either in a merge.
"""
from __future__ import annotations

from pathlib import Path

from glossary.exchange.base import (
    TAB_SUFFIXES,
    ExchangeFormat,
    ExportFile,
    ExportOptions,
    ImportOptions,
    ImportResult,
    export_date,
    export_languages,
    register,
)
from glossary.exchange.tabular import (
    annotated,
    concepts_from_table,
    encode_table,
    header_cells,
    header_language,
    join_cell,
    language_header,
    read_table,
    strip_annotation,
    table_name,
)
from glossary.model import Glossary, Status

CONCEPT_COLUMNS = {"Definition": "definition", "Subject": "subject", "Note": "note"}
_STATUS_ORDER = {status: n for n, status in enumerate(Status)}  # preferred first, forbidden last


@register
class TradosFormat(ExchangeFormat):
    name = "trados"
    suffixes = (".csv", ".tsv", ".xlsx")
    description = "Trados Glossary Converter CSV, TSV or .xlsx (first row: language names)"
    line_records = True
    tabular = True

    def export(self, glossary: Glossary, options: ExportOptions) -> list[ExportFile]:
        langs = export_languages(glossary, options)
        header: list[str] = []
        for lang in langs:
            header += [annotated("L", language_header(lang)), annotated("T", "Status")]
        rows = [header + [annotated("E", name) for name in CONCEPT_COLUMNS]]
        for concept in glossary:
            cells: list[str] = []
            for lang in langs:
                terms = sorted(concept.terms_in(lang), key=lambda t: _STATUS_ORDER[t.status])
                where = f"concept {concept.id!r}"
                cells += [join_cell([t.text for t in terms], options.separator, where=where),
                          options.separator.join(t.status.value for t in terms)]
            if not any(cells):
                continue
            rows.append(cells + [concept.definition or "", concept.subject or "", concept.note or ""])
        data = encode_table(rows, options, title=options.title, date=export_date(glossary, options))
        return [ExportFile(name=table_name("glossary.trados", options), data=data, entries=len(rows) - 1)]

    def import_file(self, path: Path, options: ImportOptions) -> ImportResult:
        result = ImportResult(path=path, format=self.name)
        rows = read_table(path, delimiters=",;", tab=path.suffix.lower() in TAB_SUFFIXES)
        result.concepts = concepts_from_table(rows, path=path, separator=options.separator,
                                              concept_columns=CONCEPT_COLUMNS, result=result)
        return result

    def sniff(self, path: Path, head: bytes) -> bool:
        cells = header_cells(path, head)
        if not cells:
            return False
        level, _, name = strip_annotation(cells[0])
        return level in (None, "L") and header_language(name) is not None
