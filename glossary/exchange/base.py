"""The exchange-format registry and what every exporter and importer shares.

A format is a class with a ``name``, the suffixes it claims, ``export`` (glossary
-> files as bytes) and ``import_file`` (file -> concepts). Formats register
themselves with ``@register``; the CLI and the tests only ever look them up here.
Exporters return data; ``write_export`` is the one place that writes files.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, ClassVar

from glossary.errors import ParseError, UsageError
from glossary.files.atomic import atomic_write_bytes, atomic_write_many
from glossary.files.inputs import bad_character, check_input, too_long
from glossary.model import Concept, Glossary, Status, Term
from glossary.model.langtags import normalize_lang
from glossary.registry import Registry
from glossary.text.normalize import fold_diacritics

TABLE_KINDS = ("csv", "tsv", "xlsx")
TAB_SUFFIXES = (".tsv", ".txt", ".tab")
XLSX_SUFFIXES = (".xlsx", ".xlsm")


def table_kind(name: str | Path) -> str:
    """The table a row format writes for an output name: xlsx for .xlsx, tsv for .tsv/.txt/.tab, else csv."""
    suffix = Path(name).suffix.lower()
    return "xlsx" if suffix in XLSX_SUFFIXES else "tsv" if suffix in TAB_SUFFIXES else "csv"


# What a status read from a file may stand for, when the file cannot tell statuses apart.
ANY_STATUS = frozenset(Status)
USABLE_STATUSES = frozenset({Status.PREFERRED, Status.ADMITTED})
AVOIDED_STATUSES = frozenset({Status.DEPRECATED, Status.SUPERSEDED, Status.FORBIDDEN})


@dataclass(slots=True)
class ExportOptions:
    languages: list[str] = field(default_factory=list)  # wanted languages, in order (pairwise: first = source)
    source_lang: str | None = None  # pairwise formats: the source language (else first of ``languages``)
    date: str | None = None  # ISO date for file headers; default: latest concept date
    separator: str = "|"  # synonyms in one cell (memoQ, Trados)
    title: str = "glossary"  # project / file title written into headers
    translator: str = "glossary export"  # PO Last-Translator
    table: str = "csv"  # the row formats (memoq, trados, csv): csv, tsv or xlsx (``table_kind`` of the output name)
    bom: bool | None = None  # CSV/TSV: start with a UTF-8 BOM; None: the format's default (on: Excel reads UTF-8 then)

    def __post_init__(self) -> None:
        self.languages = [normalize_lang(lang) for lang in self.languages]
        self.source_lang = normalize_lang(self.source_lang) if self.source_lang else None
        if len(self.separator) != 1 or self.separator in "\r\n\"":
            raise UsageError(f"the synonym separator must be one character, not {self.separator!r}")
        if self.table not in TABLE_KINDS:
            raise UsageError(f"unknown table kind {self.table!r} (known: {', '.join(TABLE_KINDS)})")


@dataclass(frozen=True, slots=True)
class ExportFile:
    """One exported file: a suggested name and its bytes (the caller decides where it goes)."""

    name: str
    data: bytes
    entries: int
    source_lang: str | None = None
    target_lang: str | None = None


@dataclass(slots=True)
class ImportOptions:
    source_lang: str | None = None  # bilingual formats without language information (TSV, CSV, PO)
    target_lang: str | None = None
    lang_map: dict[str, str] = field(default_factory=dict)  # file tag -> BCP-47 tag (e.g. xx -> de)
    separator: str = "|"
    tbx_schema: Path | None = None  # TBX v3: also validate against this core RelaxNG file

    def __post_init__(self) -> None:
        self.source_lang = normalize_lang(self.source_lang) if self.source_lang else None
        self.target_lang = normalize_lang(self.target_lang) if self.target_lang else None
        self.lang_map = {k.strip().casefold(): normalize_lang(v) for k, v in self.lang_map.items()}


@dataclass(slots=True)
class ImportResult:
    """Concepts read from a file, and everything the model could not hold (never silent).

    What a merge needs to know beyond the concepts (``glossary.exchange.merge``):
    ``provisional_ids``: the ids the import made up because the file has none (Trados,
    OmegaT, memoQ's own numeric ids, PO entries without msgctxt): such a concept is matched
    to the glossary by its terms, never by that id. ``status_meaning`` and
    ``unsure_statuses``: what a term's status stands for where the file cannot tell
    statuses apart (memoQ's one forbidden flag stands for deprecated, superseded and
    forbidden; Trados' and memoQ's order of synonyms for preferred or admitted; OmegaT
    has none) or states none (a TBX term without administrativeStatus): a glossary term
    with any of those statuses agrees with it. ``entries``: what the file states, one
    concept each, where ``concepts`` group them by a guess (OmegaT: one entry per source
    term and comment). ``summary``: where the concept note is the format's summary of a
    concept (OmegaT's comment), the same summary of a glossary concept, to compare with.
    """

    path: Path
    format: str
    concepts: list[Concept] = field(default_factory=list)
    dropped: Counter = field(default_factory=Counter)  # data category -> occurrences not kept
    notes: list[str] = field(default_factory=list)  # ids renamed, statuses assumed, ...
    warnings: list[str] = field(default_factory=list)  # what the user must see even with --quiet (a truncated file?)
    provisional_ids: set[str] = field(default_factory=set)
    status_meaning: dict[Status, frozenset[Status]] = field(default_factory=dict)
    unsure_statuses: dict[tuple[str, str, str], frozenset[Status]] = field(default_factory=dict)
    entries: list[Concept] | None = None
    summary: Callable[[Concept], str | None] | None = None

    def drop(self, category: str) -> None:
        self.dropped[category] += 1

    def unsure(self, concept_id: str, term: Term, statuses: frozenset[Status]) -> None:
        """Record that ``term``'s status, as read, stands for any of ``statuses``."""
        self.unsure_statuses[(concept_id, term.lang, term.text)] = statuses

    def stands_for(self, concept_id: str, term: Term) -> frozenset[Status]:
        """The statuses ``term`` (of the concept ``concept_id`` of this import) may have."""
        unsure = self.unsure_statuses.get((concept_id, term.lang, term.text))
        if unsure is not None:
            return unsure
        return self.status_meaning.get(term.status, frozenset({term.status}))

    def merge_entries(self) -> list[Concept]:
        return self.concepts if self.entries is None else self.entries


class ExchangeFormat:
    """Base of every exchange format; subclasses set the class constants and the two hooks."""

    name: ClassVar[str] = ""
    suffixes: ClassVar[tuple[str, ...]] = ()
    description: ClassVar[str] = ""
    pairwise: ClassVar[bool] = False  # one file per (source, target) language pair
    tabular: ClassVar[bool] = False  # rows of cells: written as CSV, TSV or .xlsx (ExportOptions.table, bom)

    line_records: ClassVar[bool] = False  # a text file of one record per line (the last one may be cut short)

    def __init_subclass__(cls, **kwargs: object) -> None:
        """Every format's ``import_file`` goes through ``checked_import``: one refusal path for all."""
        super().__init_subclass__(**kwargs)
        own = cls.__dict__.get("import_file")
        if own is not None and not getattr(own, "checked", False):
            cls.import_file = checked_import(own)  # type: ignore[method-assign]

    def export(self, glossary: Glossary, options: ExportOptions) -> list[ExportFile]:
        raise NotImplementedError

    def import_file(self, path: Path, options: ImportOptions) -> ImportResult:
        raise NotImplementedError

    def sniff(self, path: Path, head: bytes) -> bool:
        return False


def checked_import(read: Callable[[ExchangeFormat, Path, ImportOptions], ImportResult]
                   ) -> Callable[[ExchangeFormat, Path, ImportOptions], ImportResult]:
    """``read`` after the checks every import shares: a regular file within the size limit (before
    it is opened), and after it: no text past the length limit or holding a control character
    (the formats check these with the line where they can; this catches what they cannot place),
    a warning when a line-record file's last line has no line end (it may have been cut short)."""
    def import_file(self: ExchangeFormat, path: Path, options: ImportOptions) -> ImportResult:
        check_input(path, whole=True)
        result = read(self, path, options)
        for concept in result.concepts:
            check_concept_text(concept, path)
        if self.line_records:
            cut = unterminated_last_line(path)
            if cut is not None:
                result.warnings.append(f"{path}:{cut}: the last line has no line end: the file may have been cut short "
                                       "(its last record was read as it stands)")
        return result
    import_file.checked = True  # type: ignore[attr-defined]
    import_file.__doc__ = read.__doc__
    return import_file


def check_text(text: str | None, what: str, path: Path, line: int | None) -> None:
    """A text read from a glossary file: a ParseError when past the length limit or holding a control character."""
    if not text:
        return
    problem = too_long(text)
    if problem is None:
        bad = bad_character(text)
        problem = f"holds {bad}" if bad else None
    else:
        problem = f"has {problem}"
    if problem is not None:
        raise ParseError(f"{what} {problem}", path=path, line=line)


def check_concept_text(concept: Concept, path: Path) -> None:
    line = concept.location.line if concept.location else None
    for name in ("id", "subject", "definition", "note", "source"):
        check_text(getattr(concept, name), f"concept {concept.id[:40]!r}: the {name}", path, line)
    for terms in concept.terms.values():
        for term in terms:
            term_line = term.location.line if term.location else line
            for name in ("text", "usage", "context", "source", "reason", "note"):
                check_text(getattr(term, name), f"concept {concept.id[:40]!r}: a term's {name}", path, term_line)


def unterminated_last_line(path: Path) -> int | None:
    """The number of a text file's last line when it has no line end and lines before it do; else None."""
    try:
        with path.open("rb") as handle:
            handle.seek(0, 2)
            size = handle.tell()
            if size == 0:
                return None
            if handle.seek(0) == 0 and handle.read(4) == b"PK\x03\x04":
                return None  # a workbook: not lines
            handle.seek(max(0, size - 1))
            if handle.read(1) in (b"\n", b"\r"):
                return None
            handle.seek(0)
            lines = sum(block.count(b"\n") for block in iter(lambda: handle.read(1 << 20), b""))
    except OSError:
        return None
    return lines + 1 if lines else None


FORMATS: Registry[ExchangeFormat] = Registry("exchange format", __package__,
                                             ("tbx3", "tbx2", "po", "omegat", "memoq", "trados", "csvplain"))
register = FORMATS.register


def registered_formats() -> dict[str, ExchangeFormat]:
    return FORMATS.items()


def get_format(name: str) -> ExchangeFormat:
    return FORMATS.get(name)


def detect_format(path: Path) -> ExchangeFormat:
    """Choose an import format by sniffing the content, then by suffix."""
    check_input(path)
    try:
        with path.open("rb") as handle:
            head = handle.read(4096)
    except OSError as exc:
        raise ParseError(f"cannot read: {exc.strerror}", path=path) from None
    if not head.lstrip(b"\xef\xbb\xbf\xff\xfe").strip(b" \t\r\n\x00"):
        raise ParseError("empty file", path=path, line=1)
    formats = registered_formats()
    for fmt in formats.values():
        if fmt.sniff(path, head):
            return fmt
    name = path.name.lower()
    by_suffix = [f for f in formats.values() if any(name.endswith(s) for s in f.suffixes)]
    if len(by_suffix) == 1:
        return by_suffix[0]
    if name.endswith(XLSX_SUFFIXES):  # no format knew its header: say why the workbook cannot be read, if so
        from glossary.corpora.formats.xlsx import sheet_rows

        sheet_rows(path)
    known = ", ".join(sorted(formats))
    raise ParseError(f"cannot tell the glossary format of this file (use --input-format; known: {known})", path=path)


# -- helpers shared by the formats ------------------------------------------------

def language_pairs(glossary: Glossary, options: ExportOptions) -> list[tuple[str, str]]:
    """(source, target) pairs for pairwise formats: source first, then every other language."""
    present = glossary.languages
    wanted = options.languages or present
    source = options.source_lang or (options.languages[0] if options.languages else None)
    if source is None:
        raise UsageError("this format is written per language pair: give --source-lang or --lang SOURCE --lang TARGET "
                         f"(the glossary has {', '.join(present) or 'no languages'})")
    targets = [lang for lang in wanted if lang != source]
    if not targets:
        raise UsageError(f"no target language besides the source {source} (the glossary has {', '.join(present)})")
    return [(source, target) for target in targets]


def export_languages(glossary: Glossary, options: ExportOptions) -> list[str]:
    """Languages of a multilingual export, in order: the wanted ones, else the glossary's."""
    langs = options.languages or glossary.languages
    if options.source_lang and options.source_lang in langs:
        langs = [options.source_lang] + [lang for lang in langs if lang != options.source_lang]
    return langs


def export_date(glossary: Glossary, options: ExportOptions) -> str | None:
    """The header date: --date, else the latest created/modified date in the glossary (deterministic)."""
    if options.date:
        return options.date
    dates = [d for c in glossary for d in (c.created, c.modified) if d]
    return max(dates) if dates else None


def usable_terms(concept: Concept, lang: str) -> list:
    """Preferred term first, then admitted ones: what a translator may write."""
    terms = concept.terms_in(lang)
    return ([t for t in terms if t.status is Status.PREFERRED]
            + [t for t in terms if t.status is Status.ADMITTED])


def one_line(text: str) -> str:
    """Whitespace runs (line breaks, tabs) as one space: for formats where a field is one line."""
    return " ".join(text.split())


def pair_file_name(stem: str, source: str, target: str, suffix: str) -> str:
    return f"{stem}.{source}-{target}{suffix}"


def resolve_lang(raw: str, options: ImportOptions, *, path: Path, line: int | None) -> str:
    """A language tag from a file, through --lang-map, as BCP-47; a clear error when unknown."""
    mapped = options.lang_map.get(raw.strip().casefold())
    if mapped:
        return mapped
    try:
        return normalize_lang(raw)
    except UsageError:
        raise ParseError(f"unknown language tag {raw!r} (map it with --lang-map {raw}=TAG)", path=path, line=line) from None


_SLUG_DROP = re.compile(r"[^0-9a-z]+")


def slug_id(text: str, taken: set[str]) -> str:
    """A stable concept id from a term (ASCII, lower case), unique among ``taken``."""
    base = _SLUG_DROP.sub("-", fold_diacritics(text).lower()).strip("-") or "concept"
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    taken.add(candidate)
    return candidate


def unique_id(raw: str, taken: set[str], result: ImportResult, where: str) -> str:
    """Keep a file's concept id when it is usable; otherwise make one and say so."""
    cleaned = re.sub(r"\s+", "_", raw.strip())
    candidate, n = cleaned, 2
    while candidate in taken:
        candidate, n = f"{cleaned}-{n}", n + 1
    if candidate != raw:
        result.notes.append(f"{where}: concept id {raw!r} kept as {candidate!r}")
    taken.add(candidate)
    return candidate


def write_export(files: list[ExportFile], output: Path) -> list[Path]:
    """Write exported files atomically: one file to ``output``, several into the directory ``output``."""
    if len(files) == 1 and not output.is_dir() and output.suffix:
        atomic_write_bytes(output, files[0].data)
        return [output]
    if output.exists() and not output.is_dir():
        raise UsageError(f"{len(files)} files to write but {output} is a file; give a directory", path=output)
    targets = {output / item.name: item.data for item in files}
    atomic_write_many(targets)  # all or nothing: never some files of this export beside older ones
    return list(targets)
