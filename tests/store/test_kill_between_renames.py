"""A change to several files killed between any two of its renames: the next command finds the
journal and finishes the change, so the glossary is the state before or after, valid, with no
temporary file left (issue 18: before, 1-3 new files stood beside old ones)."""
from __future__ import annotations

import shutil
import signal
from pathlib import Path

import pytest

from .faults import (
    cli,
    cli_killed_at_rename,
    leftovers,
    make_glossary,
    merge_csv,
    snapshot,
    state_of,
)

FILES = 4  # the merge changes every file of the glossary
RENAMES = FILES + 1  # the journal's own rename, then one per file


@pytest.fixture(scope="module")
def merge_case(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, bytes], dict[str, bytes]]:
    """A project, its glossary before the merge and after it (made by an uninterrupted run)."""
    base = tmp_path_factory.mktemp("merge")
    terms = make_glossary(base)
    merge_csv(base / "extra.csv")
    before = snapshot(terms)
    done = base / "done"
    shutil.copytree(base, done, ignore=shutil.ignore_patterns("done"))
    result = cli("import", "extra.csv", "--merge", "--yes", cwd=done)
    assert result.returncode == 0, result.stderr
    after = snapshot(done / "terms")
    assert len([n for n in after if after[n] != before.get(n)]) == FILES
    return base, before, after


def _project(base: Path, where: Path) -> Path:
    shutil.copytree(base / "terms", where / "terms")
    shutil.copy(base / "extra.csv", where / "extra.csv")
    return where / "terms"


@pytest.mark.parametrize("when", ["before", "after"])
@pytest.mark.parametrize("k", range(1, RENAMES + 1))
def test_merge_killed_at_each_rename_recovers(merge_case, tmp_path: Path, k: int, when: str) -> None:
    base, before, after = merge_case
    terms = _project(base, tmp_path)
    killed = cli_killed_at_rename(k, when, terms, "import", "extra.csv", "--merge", "--yes", cwd=tmp_path)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    if k == 1 and when == "before":
        assert state_of(terms, before, after) == "before"  # killed before the change was decided
    else:
        assert (terms / ".glossary-journal").exists()  # decided: the journal says what to finish
    # the next command, a reader, finishes the change before it reads
    check = cli("validate", cwd=tmp_path)
    assert check.returncode == 0, check.stderr
    expected = "before" if (k, when) == (1, "before") else "after"
    assert state_of(terms, before, after) == expected
    assert leftovers(terms) == []


def test_an_edit_recovers_first_too(merge_case, tmp_path: Path) -> None:
    """``term add`` (TermStore.open) finishes the interrupted merge, then adds its term on top."""
    base, _, after = merge_case
    terms = _project(base, tmp_path)
    killed = cli_killed_at_rename(3, "before", terms, "import", "extra.csv", "--merge", "--yes", cwd=tmp_path)
    assert killed.returncode == -signal.SIGKILL
    added = cli("term", "add", "Big river", "-c", "river", "-l", "en", "--status", "admitted", "-y", cwd=tmp_path)
    assert added.returncode == 0, added.stderr
    now = snapshot(terms)
    assert {n: now[n] for n in ("a.yaml", "b.yaml", "c.yaml")} == {n: after[n] for n in ("a.yaml", "b.yaml", "c.yaml")}
    assert b"River extra" in now["d.yaml"] and b"Big river" in now["d.yaml"]
    assert leftovers(terms) == []


def test_concept_merge_across_two_files_killed_between_renames(tmp_path: Path) -> None:
    terms = make_glossary(tmp_path / "done")
    assert cli("concept", "merge", "ministry", "province", "-y", cwd=tmp_path / "done").returncode == 0
    after = snapshot(terms)
    terms = make_glossary(tmp_path / "run")
    before = snapshot(terms)
    killed = cli_killed_at_rename(2, "after", terms, "concept", "merge", "ministry", "province", "-y",
                                  cwd=tmp_path / "run")
    assert killed.returncode == -signal.SIGKILL
    assert state_of(terms, before, after) == "mixed"  # what a reader without recovery would see
    assert cli("lookup", "Ministry", cwd=tmp_path / "run").returncode == 0
    assert state_of(terms, before, after) == "after"
    assert leftovers(terms) == []
