"""CPU time of short commands, start-up included: `glossary --version` and `glossary lookup TERM`.

Run: python -m benchmarks.start_up [--runs 15]

Each command runs as a user runs it (a new ``python -m glossary`` process, from the
repository, on the bundled terms/), first once to warm the glossary cache and the OS
page cache, then ``runs`` times; the CPU time (user + system) of each child is taken
from ``os.wait4``, so the figure is the command's own work, not what else the machine
is doing. The median and the worst are printed; the target (issue 14) is 0.15 s of CPU
each. The modules loaded are guarded by tests/foundation/test_start_up.py.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
COMMANDS = {"version": ["--version"], "lookup": ["lookup", "UNODC", "--no-corpus"],
            "lookup_with_index": ["lookup", "UNODC"]}
TARGET_S = 0.15


def cpu_seconds(args: list[str]) -> float:
    """User + system CPU seconds of one ``python -m glossary ARGS`` process."""
    process = subprocess.Popen([sys.executable, "-m", "glossary", *args], cwd=REPO, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise RuntimeError(f"glossary {' '.join(args)} failed (exit {os.waitstatus_to_exitcode(status)})")
    return usage.ru_utime + usage.ru_stime


def measure(runs: int) -> dict[str, dict[str, float]]:
    out = {}
    for name, args in COMMANDS.items():
        cpu_seconds(args)  # warm: the glossary cache, imports compiled, the OS page cache
        times = sorted(cpu_seconds(args) for _ in range(runs))
        out[name] = {"median_cpu_s": round(statistics.median(times), 4), "max_cpu_s": round(times[-1], 4),
                     "min_cpu_s": round(times[0], 4), "runs": runs}
    return out


def run(quick: bool) -> dict:
    figures = measure(7 if quick else 25)
    return {
        "commands": figures,
        "targets": [{"target": f"glossary {' '.join(COMMANDS[name])}: median CPU <= {TARGET_S} s",
                     "value": figures[name]["median_cpu_s"], "unit": "s", "limit": TARGET_S,
                     "met": figures[name]["median_cpu_s"] <= TARGET_S} for name in ("version", "lookup")],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    for name, figures in measure(args.runs).items():
        print(f"{name:<18} median {figures['median_cpu_s']:.3f} s CPU, min {figures['min_cpu_s']:.3f}, "
              f"max {figures['max_cpu_s']:.3f} ({figures['runs']} runs)")


if __name__ == "__main__":
    main()
