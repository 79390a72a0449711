"""The benchmark harness reports a missing or broken benchmark instead of skipping it."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from benchmarks.__main__ import MISSING, render_outcome, run_one

REPO = Path(__file__).resolve().parents[1]


def test_missing_benchmark_module_is_reported_missing() -> None:
    outcome = run_one("no_such_benchmark", quick=True, timeout=120)
    assert outcome["status"] == MISSING
    assert "no_such_benchmark" in outcome["error"]
    assert any("MISSING" in line.upper() for line in render_outcome("no_such_benchmark", outcome))


def test_a_module_without_run_quick_is_missing() -> None:
    # benchmarks.synth is a helper module with no run(quick): the harness must say so, not crash
    outcome = run_one("synth", quick=True, timeout=120)
    assert outcome["status"] == MISSING and "run(quick" in outcome["error"]


def test_unknown_name_on_the_command_line_is_a_usage_error() -> None:
    result = subprocess.run([sys.executable, "-m", "benchmarks", "--only", "nosuch"], cwd=REPO,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 2 and "unknown benchmark" in result.stderr


def test_list_names_every_benchmark() -> None:
    result = subprocess.run([sys.executable, "-m", "benchmarks", "--list"], cwd=REPO,
                            capture_output=True, text=True, timeout=120)
    names = result.stdout.split()
    assert {"variance_speed", "tmx_stream", "lookup_latency", "export_speed", "conflicts_speed"} <= set(names)
