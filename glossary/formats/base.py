"""The format registry and what every reader shares.

A format is a class with a ``name``, the file suffixes it claims, and a ``read``
generator; formats that can be written also have ``write``. Formats register
themselves once, here, with ``@register`` — there is no second table to keep in step.
"""
from __future__ import annotations

import importlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, ClassVar, Iterable, Iterator

from ..errors import GlossaryError, ParseError, UsageError
from ..langtags import normalize_lang
from ..segments import Segment

# Modules holding the formats; imported lazily the first time the registry is used.
_FORMAT_MODULES = ("tmx",)


@dataclass(slots=True)
class ReadOptions:
    source_lang: str | None = None  # override/choose the source language (BCP-47)
    target_lang: str | None = None
    skip_bad: bool = False  # count and warn on bad records instead of stopping
    format: str | None = None  # force a format instead of detecting it

    def __post_init__(self) -> None:
        self.source_lang = normalize_lang(self.source_lang) if self.source_lang else None
        self.target_lang = normalize_lang(self.target_lang) if self.target_lang else None


@dataclass(slots=True)
class ReadStats:
    """What a read saw: counted, never silently dropped."""

    files: Counter = field(default_factory=Counter)  # format name -> files
    segments: int = 0
    skipped: Counter = field(default_factory=Counter)  # reason -> count
    warnings: list[str] = field(default_factory=list)
    language_pairs: Counter = field(default_factory=Counter)
    documents: set[str] = field(default_factory=set)

    def skip(self, reason: str, where: str) -> None:
        self.skipped[reason] += 1
        self.warnings.append(f"{where}: skipped: {reason}")

    def count(self, segment: Segment) -> None:
        self.segments += 1
        self.language_pairs[(segment.source_lang, segment.target_lang)] += 1
        if segment.document:
            self.documents.add(segment.document)


class CorpusFormat:
    """Base of every format reader; subclasses set the class constants and ``read``."""

    name: ClassVar[str] = ""
    suffixes: ClassVar[tuple[str, ...]] = ()
    description: ClassVar[str] = ""
    writable: ClassVar[bool] = False

    def sniff(self, path: Path, head: bytes) -> bool:
        """Does this file look like this format? Used when the suffix is ambiguous."""
        return False

    def read(self, path: Path, options: ReadOptions, stats: ReadStats) -> Iterator[Segment]:
        raise NotImplementedError

    def write(self, segments: Iterable[Segment], path: Path) -> int:
        raise UsageError(f"format {self.name} cannot be written")

    # shared helper: a bad record either stops the read or is counted, per options
    def bad_record(self, options: ReadOptions, stats: ReadStats, path: Path, line: int | None, reason: str) -> None:
        if not options.skip_bad:
            raise ParseError(reason, path=path, line=line)
        stats.skip(reason, f"{path}:{line}" if line else str(path))


_REGISTRY: dict[str, CorpusFormat] = {}
_loaded = False


def register(cls: type[CorpusFormat]) -> type[CorpusFormat]:
    _REGISTRY[cls.name] = cls()
    return cls


def _ensure_loaded() -> None:
    global _loaded
    if not _loaded:
        _loaded = True
        for module in _FORMAT_MODULES:
            importlib.import_module(f"{__package__}.{module}")


def registered_formats() -> dict[str, CorpusFormat]:
    _ensure_loaded()
    return dict(_REGISTRY)


def get_format(name: str) -> CorpusFormat:
    formats = registered_formats()
    if name not in formats:
        raise UsageError(f"unknown corpus format {name!r} (known: {', '.join(sorted(formats))})")
    return formats[name]


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

    In a directory, only files a format claims by suffix are read, and names
    starting with "." or "_" (hidden, or build inputs such as ``_build/``) are skipped.
    """
    out: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            formats = registered_formats()
            suffixes = tuple(s for f in formats.values() for s in f.suffixes)
            out.extend(sorted(p for p in path.rglob("*")
                              if p.is_file() and not any(part.startswith((".", "_")) for part in p.relative_to(path).parts)
                              and p.name.lower().endswith(suffixes)))
        elif path.is_file():
            out.append(path)
        else:
            raise UsageError(f"no such file or directory: {path}", path=path)
    return out


def read_corpus(paths: Iterable[str | Path], options: ReadOptions | None = None,
                stats: ReadStats | None = None) -> Iterator[Segment]:
    """Stream segments from files and directories, detecting each file's format."""
    options = options or ReadOptions()
    stats = stats if stats is not None else ReadStats()
    files = expand_paths(paths)
    for path in files:
        fmt = get_format(options.format) if options.format else detect_format(path)
        stats.files[fmt.name] += 1
        for segment in fmt.read(path, options, stats):
            stats.count(segment)
            yield segment


ProgressCallback = Callable[[int], None]
