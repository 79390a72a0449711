"""memoQ term base CSV: a header row, one entry per row, one column per language.

Columns: ``Entry_ID``, ``Entry_Subject``, ``Entry_Note``, then per language
``<Language>`` (the usable terms, preferred first, split by the synonym separator,
``|`` unless --separator says otherwise: tell memoQ's import "Split alternatives in
field by" the same character) and ``<Language>_Forbidden`` (deprecated, superseded
and forbidden terms), and ``<Language>_Def`` (the definition) for the first language. The same table is written
as CSV (UTF-8 with a BOM by default), TSV or an .xlsx workbook (``--output`` ending .xlsx),
and read back from any of them (memoQ's own semicolon CSV too).

Read back, the terms of a language cell are preferred (the first) and admitted, and a
``_Forbidden`` term forbidden; for a merge, the cell's terms stand for preferred or
admitted and a forbidden one for deprecated, superseded or forbidden (memoQ has one flag
for all three), so an unchanged export merges back without a change or a conflict.
"""
from __future__ import annotations

from pathlib import Path

from glossary.exchange.base import (
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
    DEFINITION_SUFFIX,
    FORBIDDEN_SUFFIX,
    concepts_from_table,
    encode_table,
    header_cells,
    join_cell,
    language_header,
    read_table,
    table_name,
)
from glossary.model import Glossary, Status

_AVOID = (Status.DEPRECATED, Status.SUPERSEDED, Status.FORBIDDEN)
CONCEPT_COLUMNS = {"Entry_ID": "id", "Entry_Subject": "subject", "Entry_Note": "note", "Entry_Domain": "subject"}


@register
class MemoQFormat(ExchangeFormat):
    name = "memoq"
    suffixes = (".csv", ".xlsx")
    description = "memoQ term base CSV or .xlsx (header row, a column per language, synonyms split by a separator)"
    line_records = True
    tabular = True

    def export(self, glossary: Glossary, options: ExportOptions) -> list[ExportFile]:
        langs = export_languages(glossary, options)
        header = ["Entry_ID", "Entry_Subject", "Entry_Note"]
        for n, lang in enumerate(langs):
            name = language_header(lang)
            header += [name, name + FORBIDDEN_SUFFIX] + ([name + DEFINITION_SUFFIX] if n == 0 else [])
        rows = [header]
        sep = options.separator
        for concept in glossary:
            if not any(concept.terms_in(lang) for lang in langs):
                continue
            cells = [concept.id, concept.subject or "", concept.note or ""]
            where = f"concept {concept.id!r}"
            for n, lang in enumerate(langs):
                cells.append(join_cell([t.text for t in usable_terms(concept, lang)], sep, where=where))
                cells.append(join_cell([t.text for t in concept.with_status(lang, *_AVOID)], sep, where=where))
                if n == 0:
                    cells.append(concept.definition or "")
            rows.append(cells)
        data = encode_table(rows, options, title=options.title, date=export_date(glossary, options))
        return [ExportFile(name=table_name("glossary.memoq", options), data=data, entries=len(rows) - 1)]

    def import_file(self, path: Path, options: ImportOptions) -> ImportResult:
        result = ImportResult(path=path, format=self.name)
        rows = read_table(path, delimiters=",;")
        result.concepts = concepts_from_table(rows, path=path, separator=options.separator,
                                              concept_columns=CONCEPT_COLUMNS, result=result)
        return result

    def sniff(self, path: Path, head: bytes) -> bool:
        cells = header_cells(path, head)
        return bool(cells) and cells[0] == "Entry_ID"
