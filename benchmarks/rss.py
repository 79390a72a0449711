"""Peak resident memory of this process, and a wrapper that reports it for a command.

Why not ``getrusage(...).ru_maxrss``: Linux carries the parent's memory high-water
mark into a child across fork and exec, so a process started by a 500 MB benchmark
reports at least 500 MB whatever it does. ``VmHWM`` in /proc/self/status belongs to
the process's own address space, so it is its own peak.
"""
from __future__ import annotations

import resource
import sys
from pathlib import Path

# Put before a Python command's code: at exit it writes "peak-rss-kb N" as the last line of stderr.
REPORT_AT_EXIT = ("import atexit, sys; from benchmarks.rss import peak_rss_kb; "
                  "atexit.register(lambda: sys.stderr.write(f'\\npeak-rss-kb {peak_rss_kb()}\\n'))")


def peak_rss_kb() -> int:
    """This process's own peak RSS in KiB (VmHWM; ru_maxrss where /proc is missing)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    usage = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return usage // 1024 if sys.platform == "darwin" else usage  # bytes on macOS, KiB on Linux


def peak_rss_mb() -> float:
    return peak_rss_kb() / 1024


def reported_peak_mb(stderr: str) -> float | None:
    """The figure a ``REPORT_AT_EXIT`` process wrote, from its stderr."""
    for line in reversed(stderr.splitlines()):
        if line.startswith("peak-rss-kb "):
            return int(line.split()[1]) / 1024
    return None
