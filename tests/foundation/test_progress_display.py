"""The terminal display of progress (glossary.cli.progress): nothing when disabled or not on a
terminal, plain lines when forced on a non-terminal, a transient live display on a terminal,
never a byte on stdout."""
from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from glossary.cli.progress import ProgressDisplay, fraction
from glossary.progress import NO_PROGRESS, current

REPO = Path(__file__).resolve().parents[2]


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


class Clock:
    """time.monotonic for both modules, moved by hand."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.now = 1000.0
        monkeypatch.setattr("glossary.progress.time.monotonic", self)
        monkeypatch.setattr("glossary.cli.progress.time.monotonic", self)

    def __call__(self) -> float:
        return self.now


def _work(display: ProgressDisplay, clock: Clock | None = None, *, seconds: float = 12.0) -> None:
    """A run of three phases: reading 10 MB over ``seconds`` (with pairs beside), a phase in steps, writing."""
    display.phase("reading and checking", total=10_000_000, unit="bytes", item_unit="pairs")
    for i in range(1, 1001):
        if clock is not None:
            clock.now += seconds / 1000
        display.update(i * 10_000, items=i * 4)
    display.phase("finishing", total=3, unit="steps")
    display.advance(3)
    display.phase("writing reports/variance.json", total=500, unit="items")
    for _ in range(500):
        display.advance()


@pytest.mark.parametrize("kwargs", [{"enabled": False}, {"enabled": False, "force": True}, {}])
def test_nothing_is_written_when_disabled_or_not_a_terminal(kwargs: dict, capsys: pytest.CaptureFixture) -> None:
    out = io.StringIO()
    with ProgressDisplay(file=out, **kwargs) as display:
        assert display.mode == "off" and not display.enabled  # the library skips its sizing and sampling
        _work(display)
    assert out.getvalue() == ""
    assert capsys.readouterr() == ("", "")


def test_disabled_on_a_terminal_too(capsys: pytest.CaptureFixture) -> None:
    out = FakeTerminal()
    with ProgressDisplay(file=out, enabled=False, delay=0) as display:
        _work(display)
    assert out.getvalue() == "" and capsys.readouterr() == ("", "")


def test_forced_on_a_non_terminal_prints_plain_lines_a_few_seconds_apart(monkeypatch: pytest.MonkeyPatch,
                                                                           capsys: pytest.CaptureFixture) -> None:
    clock = Clock(monkeypatch)
    out = io.StringIO()
    with ProgressDisplay(file=out, force=True, plain_interval=5.0) as display:
        assert display.mode == "plain" and display.enabled
        _work(display, clock, seconds=12.0)
    lines = out.getvalue().splitlines()
    assert "\x1b" not in out.getvalue() and "\r" not in out.getvalue()  # no redrawing in a log
    reading = [line for line in lines if line.startswith("reading and checking")]
    assert reading[0] == "reading and checking: 10.0 MB"  # the phase's line, with its total
    updates = reading[1:-1]
    assert 1 <= len(updates) <= 12.0 / 5.0  # at most one every five seconds
    assert all("MB (" in u and "pairs" in u and "elapsed" in u and "left" in u for u in updates)
    assert reading[-1].startswith("reading and checking: done in 0:00:12: 10.0/10.0 MB, 4,000 pairs")
    assert [line.split(":")[0] for line in lines].count("finishing") == 2  # its start and its end
    assert lines[-1].startswith("writing reports/variance.json: done in") and "500/500 items" in lines[-1]
    assert capsys.readouterr().out == ""


def test_on_a_terminal_a_live_display_that_goes_at_the_end(capsys: pytest.CaptureFixture) -> None:
    out = FakeTerminal()
    with ProgressDisplay(file=out, delay=0) as display:
        assert display.mode == "live" and current() is display
        _work(display)
        assert display._live is not None and display._live.live.is_started
    assert not display._live.live.is_started and current() is NO_PROGRESS
    written = out.getvalue()
    assert "reading and checking" in written and "10.0/10.0 MB" in written and "4,000 pairs" in written
    assert "\x1b[" in written  # drawn in place, and erased when it stopped (transient)
    assert capsys.readouterr().out == ""


@pytest.mark.parametrize("error", [KeyboardInterrupt, RuntimeError])
def test_the_live_display_stops_on_an_error_or_ctrl_c(error: type[BaseException]) -> None:
    out = FakeTerminal()
    with pytest.raises(error):
        with ProgressDisplay(file=out, delay=0) as display:
            display.phase("reading", total=100, unit="bytes")
            display.update(50)
            raise error()
    assert not display._live.live.is_started and current() is NO_PROGRESS


def test_a_short_run_on_a_terminal_shows_nothing_before_the_delay() -> None:
    out = FakeTerminal()
    with ProgressDisplay(file=out, delay=30) as display:
        _work(display)
    assert out.getvalue() == "" and not display._live_started


def test_amounts() -> None:
    assert fraction(12_345_678, 27_774_166, "bytes") == "12.3/27.8 MB"
    assert fraction(500, 900, "bytes") == "500/900 bytes"
    assert fraction(1234, 5000, "pairs") == "1,234/5,000 pairs"
    assert fraction(1234, None, "pairs") == "1,234 pairs"


def test_stdout_carries_only_the_data_in_a_real_process(tmp_path: Path) -> None:
    """A forced display in a child whose stdout is a pipe of data: the data alone on stdout,
    the progress lines on stderr."""
    code = (
        "import sys\n"
        "from glossary.cli.progress import ProgressDisplay\n"
        "from glossary.corpora.formats.base import read_corpus\n"
        "with ProgressDisplay(force=True) as display:\n"
        "    n = sum(1 for _ in read_corpus([sys.argv[1]]))\n"
        "print(n)\n"
    )
    done = subprocess.run([sys.executable, "-c", code, str(REPO / "corpora")], capture_output=True, text=True,
                          cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)}, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "95\n"
    assert done.stderr.splitlines()[0].startswith("reading: ")
    assert "reading: done in" in done.stderr and "95 pairs" in done.stderr


@pytest.mark.parametrize("flag, mode", [(None, "off"), (True, "plain"), (False, "off")])
def test_the_progress_flag_on_a_non_terminal(flag: bool | None, mode: str) -> None:
    assert ProgressDisplay.for_flag(flag, file=io.StringIO()).mode == mode


@pytest.mark.parametrize("flag, mode", [(None, "live"), (True, "live"), (False, "off")])
def test_the_progress_flag_on_a_terminal(flag: bool | None, mode: str) -> None:
    assert ProgressDisplay.for_flag(flag, file=FakeTerminal()).mode == mode


def test_messages_printed_through_the_shared_console_go_above_the_live_display() -> None:
    from rich.console import Console

    out = FakeTerminal()
    console = Console(file=out, force_terminal=True, width=100)
    with ProgressDisplay(console=console, delay=0) as display:
        assert display.mode == "live" and display.console is console
        display.phase("reading", total=100, unit="bytes")
        console.print("warning: a note for the user")
        display.update(100)
    assert "warning: a note for the user" in out.getvalue()


def test_no_time_left_is_guessed_from_the_first_steps(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = Clock(monkeypatch)
    out = io.StringIO()
    with ProgressDisplay(file=out, force=True, plain_interval=5.0) as display:
        display.phase("aligning", total=1000, unit="steps")
        clock.now += 7.0  # the aligner trains before the first step is counted
        display.update(1)
        clock.now += 6.0
        display.update(2)
        clock.now += 6.0
        display.update(500)
        clock.now += 6.0
        display.update(600)
    updates = [line for line in out.getvalue().splitlines() if line.startswith("aligning: ") and "done" not in line]
    assert updates and not any("left" in u for u in updates if "(0%)" in u)
    assert any("left" in u for u in updates if "(50%)" in u or "(60%)" in u)
