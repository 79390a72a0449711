"""Trados Glossary Converter layout: CSV, or tab-separated, with a first row of language names.

Columns: one per language (its English name, e.g. "Vietnamese", "English"), holding
the usable terms (preferred first) split by the synonym separator (``|`` by
default), then ``Definition``, ``Subject`` and ``Note`` (entry-level descriptive
fields). Terms that must not be used are not written: the layout has no status. The
same table is written as CSV (UTF-8 with a BOM by default), TSV (``--output`` ending
.tsv/.txt) or an .xlsx workbook (``--output`` ending .xlsx), the forms Glossary Converter
turns into a MultiTerm termbase, and read back from any of them.

The layout has no ids: read back, each row is a concept with a made-up id, which a merge
matches to the glossary by its terms; a cell's terms read as preferred (the first) and
admitted, and stand for preferred or admitted in a merge.
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
    usable_terms,
)
from glossary.exchange.tabular import (
    concepts_from_table,
    encode_table,
    header_cells,
    header_language,
    join_cell,
    language_header,
    read_table,
    table_name,
)
from glossary.model import Glossary

CONCEPT_COLUMNS = {"Definition": "definition", "Subject": "subject", "Note": "note"}


@register
class TradosFormat(ExchangeFormat):
    name = "trados"
    suffixes = (".csv", ".tsv", ".xlsx")
    description = "Trados Glossary Converter CSV, TSV or .xlsx (first row: language names)"
    line_records = True
    tabular = True

    def export(self, glossary: Glossary, options: ExportOptions) -> list[ExportFile]:
        langs = export_languages(glossary, options)
        rows = [[language_header(lang) for lang in langs] + list(CONCEPT_COLUMNS)]
        for concept in glossary:
            cells = [join_cell([t.text for t in usable_terms(concept, lang)], options.separator,
                               where=f"concept {concept.id!r}") for lang in langs]
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
        return bool(cells) and header_language(cells[0]) is not None
