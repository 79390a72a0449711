"""Trados Glossary Converter layout: CSV, or tab-separated, with a first row of language names.

Columns: one per language (its English name, e.g. "Vietnamese", "English"), holding
the usable terms (preferred first) split by the synonym separator (``|`` by
default), then ``Definition``, ``Subject`` and ``Note`` (entry-level descriptive
fields). Terms that must not be used are not written: the layout has no status.
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
    concepts_from_table,
    first_line,
    header_language,
    join_cell,
    language_header,
    read_rows,
    write_rows,
)
from glossary.model import Glossary

CONCEPT_COLUMNS = {"Definition": "definition", "Subject": "subject", "Note": "note"}
TAB_SUFFIXES = (".tsv", ".txt", ".tab")


@register
class TradosFormat(ExchangeFormat):
    name = "trados"
    suffixes = (".csv", ".tsv")
    description = "Trados Glossary Converter CSV/TSV (first row: language names)"

    def export(self, glossary: Glossary, options: ExportOptions) -> list[ExportFile]:
        langs = export_languages(glossary, options)
        rows = [[language_header(lang) for lang in langs] + list(CONCEPT_COLUMNS)]
        for concept in glossary:
            cells = [join_cell([t.text for t in usable_terms(concept, lang)], options.separator,
                               where=f"concept {concept.id!r}") for lang in langs]
            if not any(cells):
                continue
            rows.append(cells + [concept.definition or "", concept.subject or "", concept.note or ""])
        tab = options.tab_separated
        return [ExportFile(name="glossary.trados.tsv" if tab else "glossary.trados.csv",
                           data=write_rows(rows, delimiter="\t" if tab else ","), entries=len(rows) - 1)]

    def import_file(self, path: Path, options: ImportOptions) -> ImportResult:
        result = ImportResult(path=path, format=self.name)
        first = first_line(path)
        tab = path.suffix.lower() in TAB_SUFFIXES or first.count("\t") > first.count(",")
        rows = read_rows(path, delimiter="\t" if tab else ",")
        result.concepts = concepts_from_table(rows, path=path, separator=options.separator,
                                              concept_columns=CONCEPT_COLUMNS, result=result)
        return result

    def sniff(self, path: Path, head: bytes) -> bool:
        first = head.decode("utf-8", errors="replace").lstrip("\ufeff").splitlines()[0] if head.strip() else ""
        cell = first.split("\t" if first.count("\t") > first.count(",") else ",")[0].strip().strip('"')
        return header_language(cell) is not None
