"""The editing path (TermStore, ruamel) refuses what the read path refuses, at the same line, and a
reader never builds a glossary from files before and after an edit that lands while it reads."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import glossary.store.load as load
from glossary.store.load import check_glossary
from glossary.store.termstore import TermStore

TERMS = Path(__file__).resolve().parents[2] / "terms"


@pytest.fixture
def terms(tmp_path: Path) -> Path:
    target = tmp_path / "terms"
    shutil.copytree(TERMS, target)
    return target


def _term_add(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "glossary", "term", "add", "-c", "x-new", "--new-concept",
                           "-l", "en", "something new", "--yes", "-g", str(root)],
                          capture_output=True, text=True, timeout=60, cwd=root.parent)


def test_an_impossible_date_is_refused_at_its_line_by_term_add(terms: Path) -> None:
    path = terms / "convention.yaml"
    text = path.read_text(encoding="utf-8")
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "created:" in row)
    rows = text.splitlines(keepends=True)
    rows[line - 1] = rows[line - 1].split("created:")[0] + "created: 2026-13-01\n"
    path.write_text("".join(rows), encoding="utf-8")
    done = _term_add(terms)
    assert done.returncode == 2, done.stderr
    assert f"convention.yaml:{line}:" in done.stderr and "2026-13-01" in done.stderr
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr


def test_a_fifo_in_terms_is_refused_by_the_edit_path_without_waiting(terms: Path) -> None:
    (terms / "cyber.yaml").unlink()
    os.mkfifo(terms / "cyber.yaml")
    store = TermStore.open(terms)  # would block forever reading the FIFO
    assert any("FIFO" in p.message for p in store.parse_problems)


def test_a_read_during_an_edit_is_read_again(terms: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An edit renames new versions of two files into place after the reader read the first:
    the first read is a mix, the reader sees the files changed and reads again."""
    files = sorted(p for p in terms.glob("*.yaml"))
    first, second = files[0], files[1]
    marker = "# edited while a reader read\n"
    original = load._file_bytes
    landed = []

    def reading(path: Path):
        if path == second and not landed:
            for target in (first, second):
                staged = target.with_name(".staged-" + target.name)
                staged.write_text(marker + target.read_text(encoding="utf-8"), encoding="utf-8")
                os.replace(staged, target)
            landed.append(True)
        return original(path)

    monkeypatch.setattr(load, "_file_bytes", reading)
    glossary, problems = check_glossary(terms, cache=False)
    assert landed and not problems
    expected = check_glossary(terms, cache=False)[0]
    assert glossary.fingerprint == expected.fingerprint  # both files as the edit left them
