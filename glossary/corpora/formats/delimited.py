"""CSV and TSV: one aligned pair per row, with or without a header row.

Columns: a header row naming languages (``vi``, ``vi_VN``, ``Vietnamese``) picks the
source and target columns by language; ``source``/``target`` headers take the
languages from the options. Other headers: ``id`` (unit id), ``source_id``,
``document``, ``rendering``, ``note``/``notes``/``comment``, ``state``; any other column
is kept as a prop under its header. Without a header row the first column is the
source, the second the target, and the languages come from the options.

The delimiter is ``\\t`` for ``.tsv``/``.tab`` (no quoting: tab-separated values
cannot hold tabs or newlines) and sniffed among ``, ; | \\t`` for ``.csv``. The
encoding is sniffed among the Unicode ones, BOM accepted (see ``textio``). A row
whose column count differs from the first row's is a bad record.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterator

from babel import Locale

from glossary.corpora.formats.base import CorpusFormat, ReadOptions, ReadStats, register, resolve_pair
from glossary.corpora.formats.textio import HEAD_BYTES, cut_short, detect_encoding, iter_lines, read_head
from glossary.corpora.segments import Origin, Segment
from glossary.errors import ParseError
from glossary.model.langtags import is_valid_lang, normalize_lang, same_language

# Header names of the non-text columns, and the Segment field each fills.
_FIELD_NAMES = {
    "id": "unit_id", "unit_id": "unit_id", "unit": "unit_id", "key": "unit_id",
    "source_id": "source_id", "document": "document", "doc": "document",
    "rendering": "rendering", "note": "notes", "notes": "notes", "comment": "notes",
    "state": "state", "status": "state",
}
_SIDE_NAMES = {"source": "source", "src": "source", "target": "target", "tgt": "target", "translation": "target"}


@lru_cache(maxsize=1)
def _english_language_names() -> dict[str, str]:
    """"vietnamese" -> "vi", from CLDR through Babel."""
    return {name.lower(): code for code, name in Locale("en").languages.items()}


def column_language(header: str) -> str | None:
    """The language a header cell names (code or English name), or None."""
    cell = header.strip()
    if not cell or cell.lower() in _FIELD_NAMES or cell.lower() in _SIDE_NAMES:
        return None
    code = _english_language_names().get(cell.lower())
    if code:
        return normalize_lang(code)
    if len(cell) <= 15 and cell.replace("-", "").replace("_", "").isalnum() and is_valid_lang(cell):
        return normalize_lang(cell)
    return None


@dataclass(slots=True)
class _Layout:
    """Which column is what, decided once from the header row (or its absence)."""

    source: int
    targets: list[tuple[int, str]]  # (column, language)
    source_lang: str
    fields: dict[int, str] = field(default_factory=dict)  # column -> Segment field
    props: dict[int, str] = field(default_factory=dict)  # column -> prop name
    width: int = 0
    has_header: bool = False


def column_layout(row: list[str], options: ReadOptions, path: Path, line: int) -> _Layout:
    """Which column is what, from a table's first row (a header, or the first record): shared with ``xlsx``."""
    languages = [(i, lang) for i, cell in enumerate(row) if (lang := column_language(cell))]
    sides = {_SIDE_NAMES[c.strip().lower()]: i for i, c in enumerate(row) if c.strip().lower() in _SIDE_NAMES}
    if len(languages) >= 2 or {"source", "target"} <= sides.keys():
        used = {i for i, _ in languages} | set(sides.values())
        fields = {i: _FIELD_NAMES[c.strip().lower()] for i, c in enumerate(row)
                  if i not in used and c.strip().lower() in _FIELD_NAMES}
        props = {i: c.strip() or f"column{i + 1}" for i, c in enumerate(row) if i not in used and i not in fields}
        if len(languages) >= 2:
            source, source_lang = _pick_source(languages, options, path, line)
            targets = [(i, lang) for i, lang in languages if i != source
                       and (not options.target_lang or same_language(lang, options.target_lang))]
            if not targets:
                names = ", ".join(lang for _, lang in languages)
                raise ParseError(f"no column for the requested target language {options.target_lang} "
                                 f"(columns: {names})", path=path, line=line)
        else:
            source_lang, target_lang = resolve_pair(None, None, options, path, line)
            source, targets = sides["source"], [(sides["target"], target_lang)]
        return _Layout(source, targets, source_lang, fields, props, len(row), has_header=True)
    if len(row) < 2:
        raise ParseError(f"a row has {len(row)} column(s); a source and a target are needed", path=path, line=line)
    if not (options.source_lang and options.target_lang):
        raise ParseError("no header row naming the languages; pass --source-lang and --target-lang",
                         path=path, line=line)
    props = {i: f"column{i + 1}" for i in range(2, len(row))}
    return _Layout(0, [(1, options.target_lang)], options.source_lang, {}, props, len(row))


def _pick_source(languages: list[tuple[int, str]], options: ReadOptions, path: Path, line: int) -> tuple[int, str]:
    if not options.source_lang:
        return languages[0]
    for column, lang in languages:
        if same_language(lang, options.source_lang):
            return column, lang
    names = ", ".join(lang for _, lang in languages)
    raise ParseError(f"no column for the requested source language {options.source_lang} (columns: {names})",
                     path=path, line=line)


@register
class DelimitedFormat(CorpusFormat):
    name = "csv"
    suffixes = (".csv", ".tsv", ".tab")
    description = "CSV/TSV, one pair per row, header row optional"

    def read(self, path: Path, options: ReadOptions, stats: ReadStats) -> Iterator[Segment]:
        head = read_head(path)
        encoding, skip = detect_encoding(path, head)
        tabbed = path.name.lower().endswith((".tsv", ".tab"))
        lines = iter_lines(path, encoding, skip)
        last_line = 0  # the physical line the csv reader consumed last

        last_text = ""

        def feed() -> Iterator[str]:
            nonlocal last_line, last_text
            for number, text in lines:
                last_line = number
                last_text = text
                yield text

        if tabbed:
            reader = csv.reader(feed(), _Tsv)
        else:
            reader = csv.reader(feed(), _Csv, delimiter=self._delimiter(head, encoding))
        layout: _Layout | None = None
        records = 0
        while True:
            start = last_line + 1
            try:
                row = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                raise ParseError(f"CSV error: {exc}", path=path, line=last_line or start) from None
            if not any(cell.strip() for cell in row):
                continue  # a blank line is not a record
            if layout is None:
                layout = column_layout(row, options, path, start)
                if layout.has_header:
                    continue
            records += 1
            if len(row) != layout.width:
                self.bad_record(options, stats, path, start,
                                f"row has {len(row)} columns, expected {layout.width}", kind="wrong column count")
                continue
            yield from row_segments(row, layout, path, start)
        if layout is None:
            raise ParseError("empty file", path=path, line=1)
        if records == 0:
            raise ParseError("no rows after the header row", path=path, line=1)
        if last_line > 1 and not last_text.endswith(("\n", "\r")):
            stats.warn(cut_short(path, last_line))

    def _delimiter(self, head: bytes, encoding: str) -> str:
        sample = head.decode(encoding, errors="ignore")
        if len(head) == HEAD_BYTES:  # sniff whole lines only
            sample = sample[:sample.rfind("\n") + 1] or sample
        try:
            return csv.Sniffer().sniff(sample, delimiters=",;|\t").delimiter
        except csv.Error:
            return ","


def row_segments(row: list[str], layout: _Layout, path: Path, line: int, *, unit_prefix: str = "",
                 props: dict[str, str] | None = None) -> Iterator[Segment]:
    """The segments of one record under ``layout`` (one per target column); shared with ``xlsx``."""
    values: dict[str, str] = {name: row[i].strip() for i, name in layout.fields.items()}
    props = {**(props or {}), **{name: row[i] for i, name in layout.props.items() if row[i]}}
    unit_id = unit_prefix + (values.get("unit_id") or str(line))
    several = len(layout.targets) > 1
    for column, lang in layout.targets:
        yield Segment(
            source=row[layout.source],
            target=row[column],
            source_lang=layout.source_lang,
            target_lang=lang,
            origin=Origin(str(path), line),
            unit_id=f"{unit_id}/{lang}" if several else unit_id,
            source_id=values.get("source_id") or unit_id,
            document=values.get("document", ""),
            rendering=values.get("rendering", ""),
            notes=(values["notes"],) if values.get("notes") else (),
            props=dict(props),
            state=values.get("state", ""),
        )


class _Csv(csv.excel):
    strict = True  # an unterminated quote is an error, not a silently swallowed rest of file


class _Tsv(csv.excel_tab):
    quoting = csv.QUOTE_NONE
    strict = True
