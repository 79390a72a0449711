"""The format registry and what every reader shares.

A format is a class with a ``name``, the file suffixes it claims, and a ``read``
generator; formats that can be written also have ``write``. Formats register
themselves once, here, with ``@register`` — there is no second table to keep in step.
"""
from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar, Iterable, Iterator, TextIO

from glossary.corpora.formats import walk
from glossary.corpora.segments import Segment
from glossary.errors import ParseError, UsageError
from glossary.files.atomic import atomic_stream
from glossary.files.inputs import bad_character, check_input, irregular_reason, limits, too_long
from glossary.model.langtags import normalize_lang, same_language
from glossary.progress import Progress, ReadMeter, file_size
from glossary.progress import resolve as resolve_progress
from glossary.registry import Registry

# Warnings kept word for word; past this only the count grows, so memory stays flat.
MAX_WARNINGS = 200


@dataclass(slots=True)
class ReadOptions:
    source_lang: str | None = None  # override/choose the source language (BCP-47)
    target_lang: str | None = None
    skip_bad: bool = False  # count and warn on bad records instead of stopping
    format: str | None = None  # force a format instead of detecting it
    include_obsolete: bool = False  # PO: read obsolete (#~) entries as segments too

    def __post_init__(self) -> None:
        self.source_lang = normalize_lang(self.source_lang) if self.source_lang else None
        self.target_lang = normalize_lang(self.target_lang) if self.target_lang else None

    def describe_pair(self) -> str:
        return f"{self.source_lang or '*'}->{self.target_lang or '*'}"


@dataclass(slots=True)
class ReadStats:
    """What a read saw: counted, never silently dropped."""

    files: Counter = field(default_factory=Counter)  # format name -> files
    segments: int = 0
    skipped: Counter = field(default_factory=Counter)  # reason -> count
    warnings: list[str] = field(default_factory=list)  # the first MAX_WARNINGS
    warnings_not_kept: int = 0  # warnings past MAX_WARNINGS, counted only
    language_pairs: Counter = field(default_factory=Counter)
    documents: set[str] = field(default_factory=set)
    states: Counter = field(default_factory=Counter)  # segment state ("fuzzy", "translated") -> count
    file_formats: dict[str, str] = field(default_factory=dict)  # path -> format name, in read order
    file_segments: Counter = field(default_factory=Counter)  # path read -> segments
    stopped: set[str] = field(default_factory=set)  # files whose read stopped at an error (skip_bad)

    def warn(self, message: str) -> None:
        if len(self.warnings) < MAX_WARNINGS:
            self.warnings.append(message)
        else:
            self.warnings_not_kept += 1

    def skip(self, reason: str, where: str, *, warn: bool = True, detail: str | None = None) -> None:
        """Count a record not read under ``reason``; the warning gives ``detail`` when there is one.

        ``warn=False`` for normal skips (untranslated units): counted, not warned about.
        """
        self.skipped[reason] += 1
        if warn:
            self.warn(f"{where}: skipped: {detail or reason}")

    def merge(self, later: "ReadStats") -> None:
        """Add what a read of a later part of the corpus saw, as if one read had seen both.
        Counters keep first-seen order (ties in ``most_common`` depend on it); the kept
        warnings are the first ``MAX_WARNINGS`` of the two in order, the rest counted."""
        self.files.update(later.files)
        self.segments += later.segments
        self.skipped.update(later.skipped)
        for message in later.warnings:
            self.warn(message)
        self.warnings_not_kept += later.warnings_not_kept
        self.language_pairs.update(later.language_pairs)
        self.documents |= later.documents
        self.states.update(later.states)
        for path, name in later.file_formats.items():
            self.file_formats.setdefault(path, name)
        self.file_segments.update(later.file_segments)
        self.stopped |= later.stopped

    def count(self, segment: Segment) -> None:
        self.segments += 1
        self.language_pairs[(segment.source_lang, segment.target_lang)] += 1
        if segment.state:
            self.states[segment.state] += 1
        if segment.document:
            self.documents.add(segment.document)


class CorpusFormat:
    """Base of every format reader; subclasses set the class constants and ``read``."""

    name: ClassVar[str] = ""
    suffixes: ClassVar[tuple[str, ...]] = ()
    description: ClassVar[str] = ""
    writable: ClassVar[bool] = False
    # The format writes control characters as escapes (PO "\033", JSON "\u001b", .xlsx "_x001B_"),
    # as real catalogues use them: only NUL and lone surrogates are refused in its text.
    escaped_controls: ClassVar[bool] = False

    def sniff(self, path: Path, head: bytes) -> bool:
        """Does this file look like this format? Used when the suffix is ambiguous."""
        return False

    def claims(self, path: Path) -> bool:
        """Should a directory walk read this file? Suffixes, unless the format knows better."""
        return bool(self.suffixes) and path.name.lower().endswith(self.suffixes)

    def companions(self, path: Path, options: ReadOptions) -> tuple[Path, ...]:
        """Other files a read of ``path`` consumes (so they are not read again on their own)."""
        return ()

    def read(self, path: Path, options: ReadOptions, stats: ReadStats) -> Iterator[Segment]:
        raise NotImplementedError

    def write(self, segments: Iterable[Segment], path: Path) -> int:
        """Write ``segments`` to ``path`` atomically (the old file stays on any error); the count."""
        try:
            with atomic_stream(path) as out:
                return self.write_stream(segments, out)
        except UsageError as error:
            raise UsageError(error.message, path=path) from None

    def write_stream(self, segments: Iterable[Segment], out: TextIO) -> int:
        """Write ``segments`` to a text stream (standard output, say); the count. Refuses none."""
        raise UsageError(f"format {self.name} cannot be written")

    # shared helper: a bad record either stops the read or is counted, per options
    def bad_record(self, options: ReadOptions, stats: ReadStats, path: Path, line: int | None, reason: str,
                   *, kind: str | None = None) -> None:
        """``kind`` groups varied reasons ("invalid JSON") in the skip counts; the warning keeps ``reason``."""
        if not options.skip_bad:
            raise ParseError(reason, path=path, line=line)
        stats.skip(kind or reason, f"{path}:{line}" if line else str(path), detail=reason)


def file_language(raw: str | None, path: Path, line: int | None) -> str | None:
    """A language tag read from a file, normalised; a bad tag is a ParseError there."""
    if not raw or not raw.strip():
        return None
    try:
        return normalize_lang(raw)
    except UsageError as exc:
        raise ParseError(exc.message, path=path, line=line) from None


def resolve_pair(file_source: str | None, file_target: str | None, options: ReadOptions,
                 path: Path, line: int | None) -> tuple[str, str]:
    """The pair to read: the file's languages where it names them, else the requested ones.

    A file that names a language other than the requested one says so (ParseError);
    a pair that neither the file nor the options give is a ParseError asking for the option.
    """
    pair: list[str] = []
    for side, declared, requested, option in (
        ("source", file_source, options.source_lang, "--source-lang"),
        ("target", file_target, options.target_lang, "--target-lang"),
    ):
        if declared and requested and not same_language(declared, requested):
            raise ParseError(f"the file's {side} language is {declared}, not the requested {requested}",
                             path=path, line=line)
        chosen = declared or requested
        if not chosen:
            raise ParseError(f"the file does not say its {side} language; pass {option}", path=path, line=line)
        pair.append(chosen)
    return pair[0], pair[1]


# Modules holding the formats; imported the first time the registry is used.
FORMATS: Registry[CorpusFormat] = Registry("corpus format", __package__,
                                           ("tmx", "xliff", "po", "delimited", "xlsx", "jsonl", "parallel"))
register = FORMATS.register


def registered_formats() -> dict[str, CorpusFormat]:
    return FORMATS.items()


def get_format(name: str) -> CorpusFormat:
    return FORMATS.get(name)


def writable_formats() -> list[str]:
    return sorted(name for name, fmt in registered_formats().items() if fmt.writable)


def detect_format(path: Path) -> CorpusFormat:
    """Choose a format by suffix, then by sniffing the first bytes."""
    formats = registered_formats()
    name = path.name.lower()
    by_suffix = [f for f in formats.values() if any(name.endswith(s) for s in f.suffixes)]
    if len(by_suffix) == 1:
        return by_suffix[0]
    try:
        with path.open("rb") as handle:
            head = handle.read(4096)
    except OSError as exc:
        raise ParseError(f"cannot read: {exc.strerror}", path=path) from None
    candidates = by_suffix or list(formats.values())
    for fmt in candidates:
        if fmt.sniff(path, head):
            return fmt
    raise ParseError("unknown corpus format (use --format; known: " + ", ".join(sorted(formats)) + ")", path=path)


def expand_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Files as given, and directories walked recursively.

    In a directory, only files a format claims (by suffix, or a parallel-text pair)
    are read, and names starting with "." or "_" (hidden, or build inputs such as
    ``_build/``) are skipped, as are README/LICENSE files (``walk.DOCUMENTATION``). Any
    other file is not read, and never silently: each walk that left some unread tells
    ``walk``'s listener once, with how many files it read and the names of the others.
    """
    out: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            formats = registered_formats().values()
            found: list[Path] = []
            unread: list[str] = []
            irregular: list[str] = []
            for p in sorted(path.rglob("*")):
                relative = p.relative_to(path)
                if any(part.startswith((".", "_")) for part in relative.parts) or p.is_dir():
                    continue
                if not p.is_file() or p.is_symlink():
                    reason = irregular_reason(p)  # a FIFO, a device, a dangling link: never skipped in silence
                    if reason is not None:
                        irregular.append(f"{relative.as_posix()} ({reason})")
                        continue
                if any(f.claims(p) for f in formats):
                    found.append(p)
                elif not walk.is_documentation(p.name):
                    unread.append(relative.as_posix())
            walk.unread(str(path), len(found), unread)
            walk.irregular(str(path), irregular)
            out.extend(found)
        elif path.is_file():
            check_input(path)
            out.append(path)
        elif os.path.lexists(path):
            check_input(path)  # a FIFO, a device, a dangling link or a loop: says which
            raise UsageError(f"cannot read: not a regular file: {path}", path=path)
        else:
            raise UsageError(f"no such file or directory: {path}", path=path)
    return out


def read_corpus(paths: Iterable[str | Path], options: ReadOptions | None = None,
                stats: ReadStats | None = None, *, progress: Progress | None = None,
                phase: str = "reading") -> Iterator[Segment]:
    """Stream segments from files and directories, detecting each file's format.

    Segments with an empty source or target (untranslated units) are counted as
    skipped, not yielded. With ``skip_bad`` a file that cannot be read past some
    point (truncated, wrong encoding) is warned about and the next file is read.

    ``progress`` (default: ``glossary.progress.current()``) gets one phase named ``phase``,
    counted in bytes of the corpus's files (pairs beside them), as the caller takes the segments.
    To size the corpus first, a shown progress finds every file's format before the first file
    is read (so an undetectable file stops the read before any segment, not when reached).
    """
    options = options or ReadOptions()
    stats = stats if stats is not None else ReadStats()
    progress = resolve_progress(progress)
    if not progress.enabled:
        for path, fmt in corpus_files(paths, options):
            yield from read_file(path, fmt, options, stats)
        return
    files = [(path, fmt, file_bytes(path, fmt, options)) for path, fmt in corpus_files(paths, options)]
    meter = ReadMeter(progress, sum(size for _, _, size in files), phase=phase)
    for path, fmt, size in files:
        yield from meter.read(path, size, read_file(path, fmt, options, stats))
    meter.finish()


def file_bytes(path: Path, fmt: CorpusFormat, options: ReadOptions) -> int:
    """Bytes a read of ``path`` goes through: the file's and its companions' (reading progress)."""
    own = path.resolve()
    return file_size(path) + sum(file_size(p) for p in fmt.companions(path, options) if p.resolve() != own)


def corpus_files(paths: Iterable[str | Path], options: ReadOptions) -> Iterator[tuple[Path, CorpusFormat]]:
    """Each file ``read_corpus`` reads, with its format, in reading order (companion files,
    such as the other side of a parallel text, are read with their main file, not alone)."""
    consumed: set[Path] = set()
    for path in expand_paths(paths):
        if path.resolve() in consumed:
            continue
        fmt = get_format(options.format) if options.format else detect_format(path)
        consumed.update(p.resolve() for p in fmt.companions(path, options))
        yield path, fmt


def read_file(path: Path, fmt: CorpusFormat, options: ReadOptions, stats: ReadStats,
              segments: Iterator[Segment] | None = None, *, count_file: bool = True) -> Iterator[Segment]:
    """One file's segments as ``read_corpus`` gives them; ``segments`` is a reader over part of
    the file (``glossary.run.engine``), and only the part that starts it counts the file."""
    if count_file:
        stats.files[fmt.name] += 1
    stats.file_formats[str(path)] = fmt.name
    try:
        for segment in _checked(segments if segments is not None else fmt.read(path, options, stats), options, stats,
                                controls=not fmt.escaped_controls):
            stats.file_segments[str(path)] += 1
            yield segment
    except ParseError as error:
        if not options.skip_bad:
            raise
        stats.skip("unreadable file (rest of it not read)", str(error), warn=False)
        stats.warn(f"{error} (rest of the file not read)")
        stats.stopped.add(str(path))


def segment_problem(segment: Segment, *, controls: bool = True, limit: int | None = None) -> tuple[str, str] | None:
    """(reason, kind) when a segment cannot be read as it is: a source or target past the
    length limit (``limit``, default ``GLOSSARY_MAX_SEGMENT_CHARS``), a character no record may
    hold in any of its texts; else None. One regex pass over the texts joined: the common case."""
    limit = limit if limit is not None else limits().segment_chars
    for side in ("source", "target"):
        if len(getattr(segment, side)) > limit:
            return f"the {side} text has {too_long(getattr(segment, side))}", "segment past the length limit"
    props = segment.props
    joined = "\n".join((segment.source, segment.target, segment.unit_id, segment.document, segment.source_id,
                        segment.display_source or "", segment.display_target or "", *segment.notes, *props, *props.values()))
    if bad_character(joined, controls=controls) is None:
        return None
    texts = [("source", segment.source), ("target", segment.target), ("unit id", segment.unit_id),
             ("document", segment.document), ("source id", segment.source_id),
             ("display source", segment.display_source or ""), ("display target", segment.display_target or ""),
             *(("note", note) for note in segment.notes), *((f"prop {k!r}", f"{k}{v}") for k, v in props.items())]
    for where, text in texts:  # rare: say which text
        bad = bad_character(text, controls=controls)
        if bad:
            return f"the {where} holds {bad}", "character a record cannot hold"
    return None


def _checked(segments: Iterator[Segment], options: ReadOptions, stats: ReadStats, *,
             controls: bool = True) -> Iterator[Segment]:
    """Count each segment; hold back empty ones and pairs other than the requested one; refuse
    (or, with ``skip_bad``, skip and count) a segment past the length limit or holding a
    character no record may hold (``glossary.files.inputs``)."""
    agreed: set[tuple[str, str]] = set()  # pairs already checked against the request
    limit = limits().segment_chars
    for segment in segments:
        problem = segment_problem(segment, controls=controls, limit=limit)
        if problem is not None:
            reason, kind = problem
            if not options.skip_bad:
                raise ParseError(reason, path=segment.origin.path, line=segment.origin.line)
            stats.skip(kind, str(segment.origin), detail=reason)
            continue
        pair = (segment.source_lang, segment.target_lang)
        if pair not in agreed:
            wrong = [f"{side} language {got} is not the requested {want}"
                     for side, got, want in (("source", pair[0], options.source_lang),
                                             ("target", pair[1], options.target_lang))
                     if want and not same_language(got, want)]
            if wrong:
                if not options.skip_bad:
                    raise ParseError("; ".join(wrong), path=segment.origin.path, line=segment.origin.line)
                stats.skip(f"language pair {pair[0]}->{pair[1]} not requested", str(segment.origin))
                continue
            agreed.add(pair)
        if not segment.source.strip() or not segment.target.strip():
            side = "source" if not segment.source.strip() else "target"
            stats.skip(f"empty {side} (untranslated)", str(segment.origin), warn=False)
            continue
        stats.count(segment)
        yield segment
