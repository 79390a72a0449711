"""The installed entry point (``glossary`` / ``python -m glossary``): usage errors are short, never tracebacks."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def glossary(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "glossary", *args], capture_output=True, text=True, cwd=REPO)


@pytest.mark.parametrize(("args", "says"), [
    pytest.param(["variance", "--jobs", "0"], "Invalid value for '--jobs'", id="option-below-its-minimum"),
    pytest.param(["corpus", "conflicts", "--limit", "0"], "Invalid value for '--limit'", id="limit-below-one"),
    pytest.param(["nosuch"], "No such command 'nosuch'", id="unknown-command"),
])
def test_usage_errors_exit_2_without_a_traceback(args: list[str], says: str) -> None:
    done = glossary(*args)
    assert done.returncode == 2
    assert says in done.stderr
    assert "Traceback" not in done.stderr + done.stdout


def test_python_dash_m_glossary_is_the_command() -> None:
    done = glossary("--version")
    assert done.returncode == 0 and done.stdout.startswith("glossary ")
