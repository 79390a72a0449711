"""Showing the library's progress (``glossary.progress``) on the terminal: one bar per phase, on stderr.

``ProgressDisplay`` is a ``glossary.progress.Reporter``: each phase the library starts gets a
line with its name, a bar with the total, done/total, the rate, the pairs read beside the
bytes (when the phase counts them), time elapsed and time left. It writes to stderr only,
never to stdout (which may carry a report), and:

- on a terminal: a rich live display, shown once the run has lasted ``delay`` seconds,
  erased when it stops (transient);
- not on a terminal: nothing, unless ``force=True`` (``--progress``): then plain lines, one
  when a phase starts, one when it ends, and between them at most one every
  ``plain_interval`` seconds (CI logs);
- ``enabled=False`` (``--quiet``, ``--no-progress``): nothing at all, and the library skips
  what it does only to report (sizing the corpus, watching file positions).

Use it as a context manager around the work: inside, it is the library's current progress
(no need to pass it down), and it stops cleanly on an error or Ctrl-C::

    with ProgressDisplay.for_flag(SETTINGS.progress, console=CONSOLES.err) as display:
        report = run_variance(paths, glossary=terms)          # reading and checking, finishing
        with atomic_write_set() as files:
            for fmt, path in paths_out.items():
                with files.open(path) as out:
                    write_json(report, out, progress=display, phase=f"writing {path}")
    render_text(report, CONSOLES.out, limit=TERMINAL_ROWS)  # after the display has gone

Messages printed inside the block go through the console it was given (``console=``), so
they print above the live display; anything else written to the terminal while it runs
(stdout included, when it is the same terminal) garbles both: print after the block.
"""
from __future__ import annotations

import sys
import threading
import time
from typing import TextIO

from rich.console import Console
from rich.filesize import decimal, pick_unit_and_suffix
from rich.progress import (
    BarColumn,
    ProgressColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.progress import Progress as RichProgress
from rich.progress import Task as RichTask
from rich.text import Text

from glossary.progress import INTERVAL, Phase, Reporter

DELAY = 0.5  # seconds before the live display appears (a quick command shows none)
PLAIN_INTERVAL = 5.0  # seconds between two plain progress lines of one phase, at least
UNITS_WITHOUT_RATE = frozenset({"steps"})  # a rate of mixed steps says nothing
_BYTE_SUFFIXES = ["bytes", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"]


# -- formatting -----------------------------------------------------------------------------------
ETA_AFTER_SHARE = 0.01  # the time left is estimated once this share of a phase is done


def amount(value: float, unit: str) -> str:
    """12.3 MB, or 1,234 pairs."""
    if unit == "bytes":
        return decimal(int(value))
    return f"{int(value):,} {unit}"


def fraction(done: float, total: float | None, unit: str) -> str:
    """12.3/27.8 MB, 1,234/5,000 pairs, or the amount alone without a total."""
    if total is None:
        return amount(done, unit)
    if unit == "bytes":
        scale, suffix = pick_unit_and_suffix(int(total), _BYTE_SUFFIXES, 1000)
        if scale == 1:
            return f"{int(done):,}/{int(total):,} bytes"
        return f"{done / scale:,.1f}/{total / scale:,.1f} {suffix}"
    return f"{int(done):,}/{int(total):,} {unit}"


def rate(per_second: float, unit: str) -> str:
    if unit == "bytes":
        return f"{decimal(int(per_second))}/s"
    return f"{per_second:,.0f} {unit}/s"


def duration(seconds: float) -> str:
    seconds = int(round(max(0.0, seconds)))
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}"


# -- rich columns ---------------------------------------------------------------------------------
class _Amount(ProgressColumn):
    def render(self, task: RichTask) -> Text:
        return Text(fraction(task.completed, task.total, task.fields.get("unit", "")), style="progress.download")


class _Rate(ProgressColumn):
    def render(self, task: RichTask) -> Text:
        unit = task.fields.get("unit", "")
        speed = task.finished_speed or task.speed
        shown = speed and unit not in UNITS_WITHOUT_RATE
        return Text(rate(speed, unit) if shown else "", style="progress.data.speed")


class _Items(ProgressColumn):
    """The second count (pairs read, while the bar counts bytes) and its rate over the phase."""

    def render(self, task: RichTask) -> Text:
        unit = task.fields.get("item_unit")
        if not unit:
            return Text("")
        items = task.fields.get("items", 0)
        elapsed = task.finished_time if task.finished_time is not None else task.elapsed
        per_second = f" ({items / elapsed:,.0f}/s)" if elapsed and items else ""
        return Text(f"{items:,} {unit}{per_second}", style="progress.percentage")


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError, OSError):
        return False


class ProgressDisplay(Reporter):
    """The library's phases on stderr; see the module docstring.

    ``console``: the stderr console the command prints its messages with, shared so that they
    print above the live display instead of through it; ``file``: where to write instead of
    stderr (tests). ``mode`` says what it does: "live" (a terminal), "plain" (forced on a
    non-terminal) or "off".
    """

    def __init__(self, *, enabled: bool = True, force: bool = False, console: Console | None = None,
                 file: TextIO | None = None, delay: float = DELAY, plain_interval: float = PLAIN_INTERVAL,
                 interval: float = INTERVAL) -> None:
        super().__init__(interval=interval)
        if console is not None:
            self.file = console.file
            terminal = _is_terminal(self.file)
            self.console = console
        else:
            self.file = file if file is not None else sys.stderr
            terminal = _is_terminal(self.file)
            self.console = Console(file=self.file, highlight=False, force_terminal=terminal or None)
        if not enabled:
            self.mode = "off"
        elif terminal and not self.console.is_dumb_terminal:
            self.mode = "live"
        elif force or terminal:
            self.mode = "plain"
        else:
            self.mode = "off"
        self.enabled = self.mode != "off"
        self.delay = delay
        self.plain_interval = plain_interval
        self._lock = threading.Lock()
        self._closed = False
        self._live: RichProgress | None = None
        self._live_started = False
        self._timer: threading.Timer | None = None
        self._task_id = None
        self._plain_at = 0.0  # when the last plain line of the phase was written
        if self.mode == "live":
            self._live = RichProgress(
                TextColumn("[progress.description]{task.description}"), BarColumn(), _Amount(), _Rate(), _Items(),
                TimeElapsedColumn(), TextColumn("eta"), TimeRemainingColumn(),
                console=self.console, transient=True, redirect_stdout=False, redirect_stderr=False)

    @classmethod
    def for_flag(cls, flag: bool | None, **kwargs: object) -> "ProgressDisplay":
        """From ``--progress/--no-progress``: None on a terminal only, True also elsewhere
        (plain lines), False never (``--quiet`` without ``--progress``)."""
        return cls(enabled=flag is not False, force=flag is True, **kwargs)  # type: ignore[arg-type]

    # -- the live display ------------------------------------------------------------------
    def _arm(self) -> None:
        """Start the live display now, or once ``delay`` seconds have passed."""
        if self._live is None or self._live_started or self._timer is not None or self._closed:
            return
        if self.delay <= 0:
            self._start_live()
            return
        self._timer = threading.Timer(self.delay, self._start_live)
        self._timer.daemon = True
        self._timer.start()

    def _start_live(self) -> None:
        with self._lock:
            if self._closed or self._live_started or self._live is None:
                return
            self._live_started = True
            self._live.start()

    def __enter__(self) -> "ProgressDisplay":
        super().__enter__()
        self._arm()
        return self

    # -- Reporter hooks --------------------------------------------------------------------
    def started(self, phase: Phase) -> None:
        if self._closed or self.mode == "off":
            return
        if self._live is not None:
            self._arm()
            self._task_id = self._live.add_task(phase.name, total=phase.total, unit=phase.unit,
                                                item_unit=phase.item_unit, items=0)
        else:
            self._plain_at = time.monotonic()
            total = f": {amount(phase.total, phase.unit)}" if phase.total is not None and phase.unit != "steps" else ""
            self._line(f"{phase.name}{total}")

    def show(self, phase: Phase) -> None:
        if self._closed or self.mode == "off":
            return
        if self._live is not None:
            if self._task_id is not None:
                self._live.update(self._task_id, completed=phase.done, total=phase.total, items=phase.items)
        elif phase.ended is None:
            now = time.monotonic()
            if now - self._plain_at >= self.plain_interval:
                self._plain_at = now
                self._line(self._status(phase))

    def ended(self, phase: Phase) -> None:
        if self._closed or self.mode == "off":
            return
        if self._live is not None:
            if self._task_id is not None:
                total = phase.total if phase.total is not None else phase.done
                self._live.update(self._task_id, completed=max(phase.done, total), total=total, items=phase.items)
                self._live.stop_task(self._task_id)
                self._task_id = None
        else:
            self._line(self._status(phase, final=True))

    def close(self) -> None:
        super().close()
        with self._lock:
            self._closed = True
            if self._timer is not None:
                self._timer.cancel()
            if self._live is not None and self._live_started:
                self._live.stop()

    # -- plain lines -----------------------------------------------------------------------
    def _status(self, phase: Phase, *, final: bool = False) -> str:
        elapsed = phase.elapsed
        parts = [fraction(phase.done, phase.total, phase.unit)]
        if phase.total and not final:
            parts[0] += f" ({min(100.0, 100.0 * phase.done / phase.total):.0f}%)"
        if phase.item_unit:
            parts.append(f"{phase.items:,} {phase.item_unit}")
        counted_unit = phase.item_unit or phase.unit
        if elapsed > 0 and phase.done and counted_unit not in UNITS_WITHOUT_RATE:
            per_second = (phase.items if phase.item_unit else phase.done) / elapsed
            parts.append(rate(per_second, counted_unit))
        if final:
            return f"{phase.name}: done in {duration(elapsed)}: " + ", ".join(parts)
        parts.append(f"{duration(elapsed)} elapsed")
        # no estimate from the first steps alone: a phase may spend its first seconds before its first
        # step (the word aligner trains before "aligning" counts a candidate), and 1 step in 7 s is no rate
        if phase.total and phase.total > phase.done >= ETA_AFTER_SHARE * phase.total:
            parts.append(f"about {duration(elapsed * (phase.total - phase.done) / phase.done)} left")
        return f"{phase.name}: " + ", ".join(parts)

    def _line(self, text: str) -> None:
        try:
            self.file.write(text + "\n")
            self.file.flush()
        except (OSError, ValueError):  # stderr gone: progress is not worth an error
            pass
