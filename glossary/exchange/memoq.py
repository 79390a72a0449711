"""memoQ term base CSV: a header row, one entry per row, one column per language.

Columns: ``Entry_ID``, ``Entry_Subject``, ``Entry_Note``, then per language
``<Language>`` (the usable terms, preferred first, split by the synonym separator,
``|`` unless --separator says otherwise: tell memoQ's import "Split alternatives in
field by" the same character) and ``<Language>_Forbidden`` (deprecated, superseded
and forbidden terms), and ``<Language>_Def`` (the definition) for the first language.
"""
from __future__ import annotations

from pathlib import Path

from glossary.exchange.base import (
    ExchangeFormat,
    ExportFile,
    ExportOptions,
    ImportOptions,
    ImportResult,
    export_languages,
    register,
    usable_terms,
)
from glossary.exchange.tabular import (
    DEFINITION_SUFFIX,
    FORBIDDEN_SUFFIX,
    concepts_from_table,
    first_line,
    join_cell,
    language_header,
    read_rows,
    write_rows,
)
from glossary.model import Glossary, Status

_AVOID = (Status.DEPRECATED, Status.SUPERSEDED, Status.FORBIDDEN)
CONCEPT_COLUMNS = {"Entry_ID": "id", "Entry_Subject": "subject", "Entry_Note": "note", "Entry_Domain": "subject"}


@register
class MemoQFormat(ExchangeFormat):
    name = "memoq"
    suffixes = (".csv",)
    description = "memoQ term base CSV (header row, a column per language, synonyms split by a separator)"

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
        return [ExportFile(name="glossary.memoq.csv", data=write_rows(rows, delimiter=","), entries=len(rows) - 1)]

    def import_file(self, path: Path, options: ImportOptions) -> ImportResult:
        result = ImportResult(path=path, format=self.name)
        first = first_line(path)
        delimiter = ";" if first.count(";") > first.count(",") else ","
        rows = read_rows(path, delimiter=delimiter)
        result.concepts = concepts_from_table(rows, path=path, separator=options.separator,
                                              concept_columns=CONCEPT_COLUMNS, result=result)
        return result

    def sniff(self, path: Path, head: bytes) -> bool:
        return head.lstrip(b"\xef\xbb\xbf").startswith((b"Entry_ID", b'"Entry_ID"'))
