"""What a corpus holds: files, formats, language pairs, documents, renderings, skips.

Library only: ``corpus_stats`` reads the corpus once and returns data; the CLI renders it.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from glossary.corpora.formats import ReadOptions, ReadStats, read_corpus


@dataclass(frozen=True, slots=True)
class FileSummary:
    path: str
    format: str
    segments: int


@dataclass(slots=True)
class CorpusStats:
    """Counts from one read of a corpus. Source ids are taken as corpus-wide."""

    files: list[FileSummary]
    segments: int
    formats: dict[str, int]
    language_pairs: dict[tuple[str, str], int]
    documents: dict[str, int]  # document -> segments (segments without one are not counted here)
    sources: int  # distinct source ids
    renderings_per_source: dict[int, int]  # n renderings -> how many sources have n
    states: dict[str, int]
    skipped: dict[str, int]
    warnings: list[str] = field(default_factory=list)
    warnings_not_kept: int = 0

    @property
    def skipped_total(self) -> int:
        return sum(self.skipped.values())

    @property
    def max_renderings(self) -> int:
        return max(self.renderings_per_source, default=0)

    @property
    def mean_renderings(self) -> float:
        return self.segments / self.sources if self.sources else 0.0

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data (tuples of the pairs become ``src->tgt`` strings)."""
        return {
            "files": [{"path": f.path, "format": f.format, "segments": f.segments} for f in self.files],
            "segments": self.segments,
            "formats": self.formats,
            "language_pairs": {f"{s}->{t}": n for (s, t), n in self.language_pairs.items()},
            "documents": self.documents,
            "sources": self.sources,
            "renderings_per_source": {str(k): v for k, v in sorted(self.renderings_per_source.items())},
            "mean_renderings_per_source": round(self.mean_renderings, 3),
            "max_renderings_per_source": self.max_renderings,
            "states": self.states,
            "skipped": self.skipped,
            "skipped_total": self.skipped_total,
            "warnings": self.warnings,
            "warnings_not_kept": self.warnings_not_kept,
        }


def corpus_stats(paths: Iterable[str | Path], *, options: ReadOptions | None = None) -> CorpusStats:
    """Read every file once and count what was read and what was skipped, and why."""
    read = ReadStats()
    per_source: Counter[str] = Counter()
    documents: Counter[str] = Counter()
    for segment in read_corpus(paths, options, read):
        per_source[segment.source_id] += 1
        if segment.document:
            documents[segment.document] += 1
    return CorpusStats(
        files=[FileSummary(path, fmt, read.file_segments.get(path, 0)) for path, fmt in read.file_formats.items()],
        segments=read.segments,
        formats=dict(read.files),
        language_pairs=dict(read.language_pairs),
        documents=dict(sorted(documents.items())),
        sources=len(per_source),
        renderings_per_source=dict(sorted(Counter(per_source.values()).items())),
        states=dict(read.states),
        skipped=dict(read.skipped),
        warnings=list(read.warnings),
        warnings_not_kept=read.warnings_not_kept,
    )
