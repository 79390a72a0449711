"""The part of discovery that can run on parts of the corpus: reading and tokenising.

Reading a partition and cutting its texts into tokens grows with the corpus and needs
nothing from the rest of it, so ``DiscoveryTask`` (a ``run.engine.Task``) does it per partition
and the parts are merged in reading order. Everything after (candidate mining, alignment
statistics, grouping) needs corpus-wide counts and runs in the caller on the merged part.

Tokens are cached per (language, raw text), not per normalised passage: a passage's text
is that of its first rendering in the corpus, and another rendering may differ in
whitespace or Unicode form (so in offsets), so only the raw text gives the same tokens.
A text met again in a later partition is tokenised again there and the first copy kept;
tokenising is a pure function of the text, so the copies are equal and nothing is counted
twice (the counts per distinct passage are made in the caller, on the merged part).
"""
from __future__ import annotations

import gc
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Iterable, Iterator, Sequence

from glossary.corpora.formats.base import ReadOptions, ReadStats, read_corpus
from glossary.corpora.segments import Segment
from glossary.discovery.candidates import tokenise_source
from glossary.discovery.targets import coarse_clauses
from glossary.progress import Progress
from glossary.progress import resolve as resolve_progress
from glossary.text.normalize import Token

if TYPE_CHECKING:
    from glossary.run.engine import Partition

READ_PHASE = "reading and tokenising"  # the phase ``read_for_discovery`` reports (glossary.progress)
Clauses = list[list[Token]]
Keys = list[list[str]]
_new_token = tuple.__new__  # a Token from a plain tuple without NamedTuple's Python-level __new__


@dataclass(slots=True)
class PreparedText:
    """Tokens of source texts and coarse keys of target texts, per (language, text)."""

    sources: dict[tuple[str, str], tuple[Clauses, Keys]] = field(default_factory=dict)
    targets: dict[tuple[str, str], Keys] = field(default_factory=dict)
    _packed: dict[tuple[str, str], tuple[list[tuple[int, ...]], Keys]] = field(default_factory=dict)

    def add_segment(self, seg: Segment) -> None:
        key = (seg.source_lang, seg.source)
        if key not in self.sources and key not in self._packed:
            self.sources[key] = tokenise_source(seg.source, seg.source_lang)
        key = (seg.target_lang, seg.target)
        if key not in self.targets:
            self.targets[key] = coarse_clauses(seg.target, seg.target_lang)

    def merge(self, later: "PreparedText") -> None:
        for key, value in later.sources.items():
            if key not in self._packed:
                self.sources.setdefault(key, value)
        for key, packed in later._packed.items():
            if key not in self.sources:
                self._packed.setdefault(key, packed)
        for key, value in later.targets.items():
            self.targets.setdefault(key, value)

    def source_tokens(self, passages: Sequence[str], lang: str) -> tuple[list[Clauses], list[Keys]]:
        """Clauses and token keys of each passage (tokenised here when not prepared in this language)."""
        tokenised: list[Clauses] = []
        keys: list[Keys] = []
        for text in passages:
            found = self.sources.get((lang, text))
            if found is None:
                packed = self._packed.get((lang, text))
                found = _unpack(text, *packed) if packed is not None else tokenise_source(text, lang)
            tokenised.append(found[0])
            keys.append(found[1])
        return tokenised, keys

    def target_keys(self, texts: Iterable[str], lang: str) -> list[Keys]:
        out = []
        for text in texts:
            found = self.targets.get((lang, text))
            out.append(found if found is not None else coarse_clauses(text, lang))
        return out

    # Tokens cross process boundaries as flat offsets (start, end, start, end, ...) per clause, their
    # text cut from the source again: pickling a NamedTuple per token cost more than tokenising.
    def __getstate__(self) -> dict[str, Any]:
        packed = dict(self._packed)
        packed.update((k, ([tuple(x for t in c for x in (t.start, t.end)) for c in cl], keys))
                      for k, (cl, keys) in self.sources.items())
        return {"sources": packed, "targets": self.targets}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.sources = {}
        self._packed = state["sources"]
        self.targets = state["targets"]


def _unpack(text: str, offsets: list[tuple[int, ...]], keys: Keys) -> tuple[Clauses, Keys]:
    return [[_new_token(Token, (text[c[i]:c[i + 1]], c[i], c[i + 1])) for i in range(0, len(c), 2)]
            for c in offsets], keys


@dataclass(slots=True)
class DiscoveryPart:
    """One partition read for discovery (or several, merged in reading order)."""

    segments: list[Segment] = field(default_factory=list)
    stats: ReadStats = field(default_factory=ReadStats)
    prepared: PreparedText = field(default_factory=PreparedText)

    def merge(self, later: "DiscoveryPart") -> None:
        self.segments.extend(later.segments)
        self.stats.merge(later.stats)
        self.prepared.merge(later.prepared)


@contextmanager
def paused_gc() -> Iterator[None]:
    """No cyclic garbage collection while millions of small acyclic objects (tokens, key lists) are
    made: each full collection walks all of them, which doubled the time of a read."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def prepare_part(segments: Iterable[Segment], stats: ReadStats) -> DiscoveryPart:
    part = DiscoveryPart(stats=stats)
    with paused_gc():
        for seg in segments:
            part.segments.append(seg)
            part.prepared.add_segment(seg)
    return part


class DiscoveryTask:
    """Read and tokenise one partition for ``glossary discover``; the corpus-wide stages run in
    the caller on the parts merged in reading order."""

    def __init__(self, options: ReadOptions) -> None:
        self.options = options

    def __call__(self, partition: Partition) -> DiscoveryPart:
        from glossary.run.engine import read_partition

        stats = ReadStats()
        return prepare_part(read_partition(partition, self.options, stats), stats)


def read_for_discovery(paths: Sequence[Any], options: Any, *, jobs: int = 1, engine: str = "local",
                       scheduler: str | None = None, split_bytes: int | None = None,
                       progress: Progress | None = None) -> DiscoveryPart:
    """The corpus read and tokenised in partitions (``--jobs``, Dask), merged in reading order;
    with one local job, in one pass here (the same part: merging is what one pass gives).

    ``progress`` (default: the one made active with ``with``) gets ``READ_PHASE`` in bytes of the
    corpus, pairs beside them: as the pairs are tokenised, or with ``jobs`` per partition done."""
    from glossary.run.engine import run_partitions

    progress = resolve_progress(progress)
    paths = [str(p) for p in paths]
    if jobs <= 1 and engine == "local" and scheduler is None:
        stats = ReadStats()
        return prepare_part(read_corpus(paths, options, stats, progress=progress, phase=READ_PHASE), stats)
    merged = DiscoveryPart()
    with paused_gc():  # also while the parts are unpickled
        for part in run_partitions(DiscoveryTask(options), paths, options, jobs=jobs, engine=engine,
                                   scheduler=scheduler, split_bytes=split_bytes, progress=progress,
                                   phase=READ_PHASE):
            merged.merge(part)
    return merged
