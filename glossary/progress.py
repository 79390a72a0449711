"""Progress of long work: the library reports phases, a display (``glossary.cli.progress``) shows them.

A run is a sequence of *phases* ("reading and checking", "aligning", "writing
reports/variance.json"), one at a time, each with a unit (pairs, bytes, candidates)
and, where it is known, a total. Library code reports on a ``Progress``:

    progress.phase("aligning", total=len(candidates), unit="candidates")
    for cand in candidates:
        ...
        progress.advance()

``phase`` ends the phase before it; ``close`` ends the last one. ``update(done)`` sets
the count instead of adding to it. A phase counted in one unit can count a second
thing on the side (``item_unit``, ``items=``): reading is counted in bytes, so that a
single 1 GB file shows a moving bar with an ETA, and the pairs read ride along.

Library functions take ``progress: Progress | None = None``; None is ``current()``: the
progress a caller made active with ``with display:``, else ``NO_PROGRESS``, whose
methods do nothing. So library code calls it unconditionally, and reading progress
reaches every command that reads a corpus without each passing it down. Nothing here
prints: displays subclass ``Reporter``, which keeps each phase's counts and calls its
``show`` at most every ``interval`` seconds, however often the library reports (it
looks at the clock only every so many calls: a call costs a few attribute updates).

Reading progress in bytes (``ReadMeter``): the corpus's size is known before reading
(the files' sizes), and a reader hands the binary handle it streams a file from to
``reading_from(path, handle)``; while a read of ``path`` is watched (``watching``),
its position is that handle's ``tell()``, sampled every ``SAMPLE`` segments. A reader
that does not hand its handle over still moves the bar file by file.
"""
from __future__ import annotations

import time
from contextlib import contextmanager
from contextvars import ContextVar, Token
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Callable, Iterable, Iterator, TypeVar

T = TypeVar("T")

SAMPLE = 64  # segments between two looks at a file's position while it is read
INTERVAL = 0.1  # seconds between two ``Reporter.show`` calls at most
_MAX_EVERY = 256  # calls between two looks at the clock, at most (a loop that slows down is seen soon)


class Progress:
    """The protocol, and the default that reports nowhere: every method does nothing, cheaply.

    ``with progress:`` makes it ``current()`` for the library calls inside and closes it
    at the end (also on an error or Ctrl-C).
    """

    enabled = False  # False: nobody looks, so callers may skip work done only to report

    def phase(self, name: str, total: float | None = None, unit: str = "pairs", *,
              item_unit: str | None = None) -> None:
        """Start a phase (ending the one before): ``total`` in ``unit`` when known; ``item_unit``
        names a second count shown beside it (``items=`` of ``advance``/``update``)."""

    def advance(self, n: float = 1, *, items: int = 0) -> None:
        """``n`` more units done in this phase (and ``items`` more of its second count)."""

    def update(self, done: float, *, items: int | None = None, total: float | None = None) -> None:
        """``done`` units done in this phase so far (a new ``total`` when it has become known)."""

    def close(self) -> None:
        """End the last phase; the display, if any, goes."""

    def __enter__(self) -> "Progress":
        tokens = self.__dict__.setdefault("_tokens", [])
        tokens.append(_CURRENT.set(self))
        return self

    def __exit__(self, *exc: object) -> None:
        tokens: list[Token] = self.__dict__.get("_tokens", [])
        if tokens:
            _CURRENT.reset(tokens.pop())
        self.close()


NO_PROGRESS = Progress()
_CURRENT: ContextVar[Progress] = ContextVar("glossary_progress", default=NO_PROGRESS)


def current() -> Progress:
    """The progress made active by ``with progress:``, else ``NO_PROGRESS``."""
    return _CURRENT.get()


def resolve(progress: "Progress | Callable[[int], Any] | None") -> Progress:
    """What a library function reports on: ``progress`` itself; ``current()`` for None; and a
    plain callable (the older ``progress=callback(count)`` of ``run_variance`` and
    ``CorpusIndex.update``) is called with the pairs done, in the phases that count pairs."""
    if progress is None:
        return current()
    if isinstance(progress, Progress):
        return progress
    if callable(progress):
        return CallbackProgress(progress)
    raise TypeError(f"not a Progress: {progress!r}")


# -- phases kept and shown, throttled -------------------------------------------------------------
@dataclass(slots=True)
class Phase:
    """One phase as a display sees it."""

    name: str
    total: float | None
    unit: str
    item_unit: str | None
    done: float = 0
    items: int = 0
    started: float = field(default_factory=lambda: time.monotonic())
    ended: float | None = None

    @property
    def elapsed(self) -> float:
        return (self.ended if self.ended is not None else time.monotonic()) - self.started


class Reporter(Progress):
    """A ``Progress`` that keeps the current phase's counts and calls ``show`` at most every
    ``interval`` seconds; subclasses implement ``started``, ``show`` and ``ended``.

    ``advance`` and ``update`` only add and count down; the clock is read when the countdown
    runs out, and the countdown adapts so that the clock is read a few times per interval
    whether the library reports a thousand times a second or once.
    """

    enabled = True

    def __init__(self, *, interval: float = INTERVAL) -> None:
        self.interval = interval
        self.current: Phase | None = None
        self._every = 1  # calls between two looks at the clock
        self._countdown = 1
        self._shown = 0.0  # when ``show`` last ran
        self._looked = 0.0  # when the clock was last read

    # hooks -------------------------------------------------------------------------------
    def started(self, phase: Phase) -> None:
        """A phase began."""

    def show(self, phase: Phase) -> None:
        """The phase's counts changed (throttled)."""

    def ended(self, phase: Phase) -> None:
        """A phase ended; its counts are final (``show`` was called with them just before)."""

    # the protocol ------------------------------------------------------------------------
    def phase(self, name: str, total: float | None = None, unit: str = "pairs", *,
              item_unit: str | None = None) -> None:
        self._end()
        now = time.monotonic()
        self.current = Phase(name, total, unit, item_unit, started=now)
        self._every = self._countdown = 1
        self._shown = self._looked = now
        self.started(self.current)

    def advance(self, n: float = 1, *, items: int = 0) -> None:
        phase = self.current
        if phase is None:
            return
        phase.done += n
        if items:
            phase.items += items
        self._countdown -= 1
        if self._countdown <= 0:
            self._tick(phase)

    def update(self, done: float, *, items: int | None = None, total: float | None = None) -> None:
        phase = self.current
        if phase is None:
            return
        phase.done = done
        if items is not None:
            phase.items = items
        if total is not None:
            phase.total = total
            self._countdown = 0  # a new total is worth showing now
        self._countdown -= 1
        if self._countdown <= 0:
            self._tick(phase)

    def close(self) -> None:
        self._end()

    # -------------------------------------------------------------------------------------
    def _tick(self, phase: Phase) -> None:
        now = time.monotonic()
        gap, self._looked = now - self._looked, now
        # the calls that fit in a quarter interval at the rate just seen (twice as many when too fast to tell)
        every = self._every * self.interval / (4 * gap) if gap > 0 else self._every * 2
        self._every = self._countdown = int(min(_MAX_EVERY, max(1, every)))
        if now - self._shown >= self.interval:
            self._shown = now
            self.show(phase)

    def _end(self) -> None:
        phase, self.current = self.current, None
        if phase is not None:
            phase.ended = time.monotonic()
            self.show(phase)
            self.ended(phase)


class CallbackProgress(Reporter):
    """The older callback protocol: ``callback(pairs done)``, in phases that count pairs (or segments)."""

    COUNTS = frozenset({"pairs", "segments"})

    def __init__(self, callback: Callable[[int], Any], *, interval: float = 0.0) -> None:
        super().__init__(interval=interval)
        self.callback = callback

    def show(self, phase: Phase) -> None:
        if phase.item_unit in self.COUNTS:
            self.callback(phase.items)
        elif phase.unit in self.COUNTS:
            self.callback(int(phase.done))


class Recorder(Reporter):
    """Every phase with what was shown of it: for tests and benchmarks.

    ``phases`` holds one dict per phase: name, total, unit, item_unit, done, items, seconds and
    ``updates``, the (done, items) of each ``show`` (every call with the default interval 0).
    """

    def __init__(self, *, interval: float = 0.0) -> None:
        super().__init__(interval=interval)
        self.phases: list[dict[str, Any]] = []

    def started(self, phase: Phase) -> None:
        self.phases.append({"name": phase.name, "total": phase.total, "unit": phase.unit,
                            "item_unit": phase.item_unit, "done": 0, "items": 0, "updates": [], "seconds": None})

    def show(self, phase: Phase) -> None:
        record = self.phases[-1]
        record.update(done=phase.done, items=phase.items, total=phase.total)
        record["updates"].append((phase.done, phase.items))

    def ended(self, phase: Phase) -> None:
        self.phases[-1]["seconds"] = phase.elapsed

    def names(self) -> list[str]:
        return [p["name"] for p in self.phases]

    def get(self, name: str) -> dict[str, Any]:
        """The last phase called ``name``."""
        return next(p for p in reversed(self.phases) if p["name"] == name)


def counted(items: Iterable[T], progress: Progress, *, every: int = 1) -> Iterator[T]:
    """``items``, advancing ``progress`` by one after each (by ``every`` after each ``every``)."""
    if not progress.enabled:
        yield from items
        return
    n = 0
    for item in items:
        yield item
        n += 1
        if n == every:
            progress.advance(n)
            n = 0
    if n:
        progress.advance(n)


# -- reading progress in bytes --------------------------------------------------------------------
_WATCHED: dict[str, list[list[Any]]] = {}  # path -> [handle, last position] of the reads watched


def reading_from(path: str | Path, handle: IO[bytes]) -> IO[bytes]:
    """Readers: ``handle`` is the binary file ``path`` is streamed from (or one of them, for a
    read that streams several files, such as both sides of a parallel text). Its ``tell()``
    is then the read's position while someone is ``watching(path)``; otherwise this does nothing.
    Returns ``handle``."""
    handles = _WATCHED.get(str(path))
    if handles is not None:
        handles.append([handle, 0])
    return handle


@contextmanager
def watching(path: str | Path) -> Iterator[Callable[[], int]]:
    """While a read of ``path`` runs inside: a function giving the bytes it has read so far
    (the sum over the handles its reader passed to ``reading_from``; 0 when it passed none)."""
    key = str(path)
    handles: list[list[Any]] = []
    outer = _WATCHED.get(key)
    _WATCHED[key] = handles
    try:
        yield lambda: _position(handles)
    finally:
        if outer is None:
            _WATCHED.pop(key, None)
        else:
            _WATCHED[key] = outer


def _position(handles: list[list[Any]]) -> int:
    total = 0
    for entry in handles:
        try:
            entry[1] = entry[0].tell()
        except (OSError, ValueError):  # closed (the reader is done with it), or not seekable
            pass
        total += entry[1]
    return total


def file_size(path: str | Path) -> int:
    try:
        return Path(path).stat().st_size
    except OSError:
        return 0


class ReadMeter:
    """Reading progress in bytes over files whose sizes are known before the read: one phase,
    ``total`` bytes, the segments read counted beside them (``item_unit``)."""

    def __init__(self, progress: Progress, total: int, *, phase: str = "reading", item_unit: str = "pairs") -> None:
        self.progress = progress
        self.total = total
        self.before = 0  # bytes of the files (or partitions) done
        self.items = 0
        progress.phase(phase, total=total, unit="bytes", item_unit=item_unit)

    def read(self, path: str | Path, size: int, items: Iterable[T]) -> Iterator[T]:
        """``items`` read from ``path`` (``size`` bytes, with the files read with it), reported
        as the caller takes them: the position is looked at every ``SAMPLE`` items."""
        progress, before, n = self.progress, self.before, 0
        with watching(path) as position:
            for item in items:
                yield item
                n += 1
                if not n % SAMPLE:
                    progress.update(before + min(position(), size), items=self.items + n)
        self.items += n
        self.before += size
        progress.update(self.before, items=self.items)

    def part(self, size: int, items: int) -> None:
        """A part of the corpus read elsewhere (another process): ``size`` bytes, ``items`` read."""
        self.before += size
        self.items += items
        self.progress.update(min(self.before, self.total), items=self.items)

    def finish(self) -> None:
        """Every file read: the bar at its total."""
        self.before = self.total
        self.progress.update(self.total, items=self.items)
