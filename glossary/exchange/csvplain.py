"""Plain CSV: one row per term, every field of the model, concept fields repeated on each row.

Lossless: a glossary written here and read back is the same glossary. Written as CSV
(UTF-8 with a BOM by default, for Excel), TSV or an .xlsx workbook (``--output`` ending
.xlsx), and read back from any of them (a semicolon CSV, as Excel saves it in some
locales, too). An empty status reads as preferred (or admitted, after a language's first
term) and, in a merge, agrees with whatever status the glossary's term has.
"""
from __future__ import annotations

from pathlib import Path

from glossary.errors import ParseError
from glossary.exchange.base import (
    ANY_STATUS,
    ExchangeFormat,
    ExportFile,
    ExportOptions,
    ImportOptions,
    ImportResult,
    export_date,
    export_languages,
    register,
    resolve_lang,
)
from glossary.exchange.tabular import encode_table, header_cells, read_table, table_name
from glossary.model import Concept, Glossary, PartOfSpeech, Status, Term, TermType

CONCEPT_COLUMNS = ("concept_id", "subject", "definition", "concept_note", "concept_source", "created", "modified")
TERM_COLUMNS = ("lang", "term", "status", "type", "pos", "usage", "context", "source", "reason", "note")
COLUMNS = CONCEPT_COLUMNS + TERM_COLUMNS
_CONCEPT_ATTR = {"subject": "subject", "definition": "definition", "concept_note": "note",
                 "concept_source": "source", "created": "created", "modified": "modified"}
_ENUMS = {"status": {s.value: s for s in Status}, "type": {t.value: t for t in TermType},
          "pos": {p.value: p for p in PartOfSpeech}}


@register
class PlainCsvFormat(ExchangeFormat):
    name = "csv"
    suffixes = (".csv", ".xlsx")
    description = "plain CSV (or .xlsx), one row per term with every field (lossless)"
    line_records = True
    tabular = True

    def export(self, glossary: Glossary, options: ExportOptions) -> list[ExportFile]:
        langs = export_languages(glossary, options)
        rows = [list(COLUMNS)]
        for concept in glossary:
            head = [concept.id] + [getattr(concept, _CONCEPT_ATTR[c]) or "" for c in CONCEPT_COLUMNS[1:]]
            for lang in langs:
                for t in concept.terms_in(lang):
                    rows.append(head + [lang, t.text, t.status.value, t.type.value if t.type else "",
                                        t.pos.value if t.pos else "", t.usage or "", t.context or "",
                                        t.source or "", t.reason or "", t.note or ""])
        data = encode_table(rows, options, title=options.title, date=export_date(glossary, options))
        return [ExportFile(name=table_name("glossary", options), data=data, entries=len(rows) - 1)]

    def import_file(self, path: Path, options: ImportOptions) -> ImportResult:
        rows = read_table(path, delimiters=",;")
        if not rows:
            raise ParseError("empty file", path=path, line=1)
        header_line, header = rows[0]
        index = {name.strip(): i for i, name in enumerate(header)}
        missing = [c for c in ("concept_id", "lang", "term") if c not in index]
        if missing:
            raise ParseError(f"header lacks column(s) {', '.join(missing)} (expected: {', '.join(COLUMNS)})",
                             path=path, line=header_line)
        result = ImportResult(path=path, format=self.name)
        for name in index:
            if name not in COLUMNS:
                result.notes.append(f"{path}:{header_line}: column {name!r} is not a glossary field and was not read")
        by_id: dict[str, Concept] = {}
        for line, row in rows[1:]:
            if not any(cell.strip() for cell in row):
                continue
            cell = {name: (row[i].strip() if i < len(row) else "") for name, i in index.items()}
            concept = by_id.get(cell["concept_id"])
            if concept is None:
                if not cell["concept_id"] or any(ch.isspace() for ch in cell["concept_id"]):
                    raise ParseError(f"bad concept_id {cell['concept_id']!r} (required, no spaces)", path=path, line=line)
                concept = by_id[cell["concept_id"]] = Concept(id=cell["concept_id"])
                result.concepts.append(concept)
            for column, attr in _CONCEPT_ATTR.items():
                value = cell.get(column) or None
                current = getattr(concept, attr)
                if value and current and value != current:
                    raise ParseError(f"concept {concept.id!r}: {column} {value!r} differs from an earlier row's "
                                     f"{current!r}", path=path, line=line)
                if value and not current:
                    setattr(concept, attr, value)
            lang = resolve_lang(cell["lang"], options, path=path, line=line)
            if not cell["term"]:
                raise ParseError("empty term", path=path, line=line)
            enums = {}
            for column, allowed in _ENUMS.items():
                raw = cell.get(column, "")
                if raw and raw not in allowed:
                    raise ParseError(f"bad {column} {raw!r} (allowed: {', '.join(allowed)})", path=path, line=line)
                enums[column] = allowed.get(raw)
            bucket = concept.terms.setdefault(lang, [])
            status = enums["status"] or (Status.ADMITTED if any(t.status is Status.PREFERRED for t in bucket)
                                         else Status.PREFERRED)
            term = Term(text=cell["term"], lang=lang, status=status, type=enums["type"],
                        pos=enums["pos"], usage=cell.get("usage") or None, context=cell.get("context") or None,
                        source=cell.get("source") or None, reason=cell.get("reason") or None,
                        note=cell.get("note") or None)
            bucket.append(term)
            if enums["status"] is None:
                result.unsure(concept.id, term, ANY_STATUS)
        return result

    def sniff(self, path: Path, head: bytes) -> bool:
        cells = header_cells(path, head)
        return bool(cells) and cells[0] == "concept_id"
