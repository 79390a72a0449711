"""The quick fuzz subset: every mutation class over every reader, each input run through the
commands that read it in a child process with a time and a memory limit (tests/fuzz/runner.py).

Every outcome must be a clean one: a one-line refusal naming the file (and the line where
there is one), a counted warning, or the valid acceptance of an input that is still valid.
The full run is ``python -m tests.fuzz`` (README "Reliability")."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.fuzz import mutations
from tests.fuzz.runner import BAD, Case, Run, classify_run
from tests.fuzz.seeds import Seed, all_seeds

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def quick_run() -> dict:
    env = dict(os.environ, PYTHONPATH=str(REPO))
    done = subprocess.run([sys.executable, "-m", "tests.fuzz", "--quick", "--json"], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=600)
    assert done.stdout, done.stderr[-2000:]
    return json.loads(done.stdout)


def test_every_input_of_the_quick_subset_ends_cleanly(quick_run: dict) -> None:
    assert quick_run["bad"] == []
    assert not set(quick_run["outcomes"]) & set(BAD)


def test_the_quick_subset_covers_every_reader_and_every_class(quick_run: dict) -> None:
    readers = {seed.reader for seed in all_seeds()}
    assert set(quick_run["readers"]) == readers
    assert all(count >= 10 for count in quick_run["readers"].values()), quick_run["readers"]
    assert set(quick_run["classes"]) == set(mutations.class_names())
    assert 300 <= quick_run["inputs"] <= 800


# -- the classifier itself: each bad outcome is recognised (else the suite could not fail) -------------
def _case(cls: str = "NUL byte", expect: str = "refuse") -> Case:
    return Case(Seed("corpus:csv", "corpus", "seed.csv", b"", family="csv"), mutations.Mutant(cls, b"x", expect=expect))


@pytest.mark.parametrize(("run", "outcome"), [
    (Run("corpus stats", None, signal.SIGALRM, "", 30.0, False), "hang"),
    (Run("corpus stats", 3, None, "glossary: error: internal error: MemoryError:  (--debug shows the traceback)\n",
         1.0, False), "memory blow-up"),
    (Run("corpus stats", None, signal.SIGSEGV, "", 1.0, False), "crash"),
    (Run("corpus stats", 3, None, "glossary: error: internal error: IndexError: list index out of range\n", 0.1, False),
     "traceback"),
    (Run("corpus stats", 2, None, "glossary: error: /x/seed.csv:2: XML error: bad\n (column 3)\n", 0.1, False),
     "multi-line error"),
    (Run("corpus stats", 2, None, "glossary: error: something went wrong\n", 0.1, False), "unlocated error"),
    (Run("corpus stats", 0, None, "", 0.1, False), "silent acceptance"),
    (Run("corpus convert", 0, None, "", 0.1, True), "expansion"),
    (Run("corpus stats", 2, None, "glossary: error: /x/seed.csv:2: NUL\n", 0.1, False), "refused (file and line)"),
    (Run("corpus stats", 2, None, "glossary: error: /x/seed.csv: a FIFO\n", 0.1, False), "refused (file)"),
    (Run("corpus stats", 0, None, "warning: /x/seed.csv:2: skipped: NUL\n", 0.1, False), "counted warning"),
])
def test_each_outcome_is_told_apart(run: Run, outcome: str) -> None:
    assert classify_run(_case(), run) == outcome


def test_a_valid_acceptance_is_only_for_inputs_that_may_be_valid() -> None:
    quiet = Run("corpus stats", 0, None, "", 0.1, False)
    assert classify_run(_case("byte flips", expect="any"), quiet) == "accepted (valid)"
    assert classify_run(_case("unknown element where a unit belongs"), quiet) == "silent skip"
