"""Issue 18, terms/: what the glossary loader refuses, each a problem with its file and line."""
from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from glossary.store.load import check_glossary

TERMS = Path(__file__).resolve().parents[2] / "terms"


@pytest.fixture
def terms(tmp_path: Path) -> Path:
    target = tmp_path / "terms"
    shutil.copytree(TERMS, target)
    return target


def problems(root: Path) -> list:
    return check_glossary(root, cache=False)[1]


@pytest.mark.parametrize(("kind", "message"), [("directory", "a directory"), ("fifo", "FIFO"),
                                               ("dangling", "does not exist"), ("loop", "loop"),
                                               ("devzero", "character device")])
def test_a_terms_entry_that_is_not_a_regular_file_is_a_problem(terms: Path, kind: str, message: str) -> None:
    path = terms / "cyber.yaml"
    path.unlink()
    if kind == "directory":
        path.mkdir()
    elif kind == "fifo":
        os.mkfifo(path)
    elif kind == "dangling":
        path.symlink_to(terms / "gone.yaml")
    elif kind == "loop":
        path.symlink_to(terms / "other.yaml")
        (terms / "other.yaml").symlink_to(path)
    else:
        path.symlink_to("/dev/zero")
    started = time.monotonic()
    found = [p for p in problems(terms) if p.path == str(path)]
    assert time.monotonic() - started < 5
    assert len(found) == 1 and message in found[0].message and found[0].code == "unreadable"


def _edit(terms: Path, old: str, new: str) -> Path:
    path = terms / "cyber.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_a_yaml_alias_bomb_is_refused_at_once(terms: Path) -> None:
    bomb = "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
        f"a{i}: &a{i} [{', '.join(['*a' + str(i - 1)] * 9)}]\n" for i in range(1, 10))
    path = _edit(terms, "subject: cybercrime\n", "subject: cybercrime\n" + bomb)
    started = time.monotonic()
    found = [p for p in problems(terms) if p.path == str(path)]
    assert time.monotonic() - started < 5
    assert len(found) == 1 and "YAML alias" in found[0].message and found[0].line == 14  # the anchored value


@pytest.mark.parametrize(("old", "new", "message"), [
    ("created: 2026-11-23", "created: 2026-13-01", "created must be an ISO date"),
    ("created: 2026-11-23", "created: 2026-02-30", "created must be an ISO date"),
    ("- term: tội phạm mạng", '- term: "tội\\0 phạm mạng"', "control character U+0000"),
    ("- term: tội phạm mạng", '- term: "tội\\e phạm mạng"', "control character U+001B"),
    ("    definition: ", "    note2: " + "[" * 100 + "]" * 100 + "\n    definition: ", "nested deeper than 64"),
])
def test_bad_values_are_problems_at_their_line(terms: Path, old: str, new: str, message: str) -> None:
    path = _edit(terms, old, new)
    found = [p for p in problems(terms) if p.path == str(path)]
    assert found and message in found[0].message, found
    assert found[0].line is not None


def test_a_value_past_the_length_limit_is_refused(terms: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GLOSSARY_MAX_SEGMENT_CHARS", "1000")
    path = _edit(terms, "    definition: ", "    definition: " + "dài " * 400)
    found = [p for p in problems(terms) if p.path == str(path)]
    assert len(found) == 1 and "past the limit of 1,000" in found[0].message and found[0].line == 16


@pytest.mark.parametrize(("old", "new", "message"), [
    ("subject: cybercrime\n", "subject: cybercrime\na: &a [x, x]\nb: [*a, *a]\n", "YAML alias"),
    ("- term: tội phạm mạng", '- term: "tội\\0 phạm mạng"', "U+0000"),
])
def test_the_editing_path_can_read_terms_files_through_the_same_checks(terms: Path, old: str, new: str,
                                                                      message: str) -> None:
    from glossary.store.load import read_terms_file

    assert isinstance(read_terms_file(terms / "places.yaml"), str)
    problem = read_terms_file(_edit(terms, old, new))
    assert not isinstance(problem, str) and message in problem.message and problem.line
    fifo = terms / "pipe.yaml"
    os.mkfifo(fifo)
    assert "FIFO" in read_terms_file(fifo).message


def test_a_raw_control_character_is_a_problem_at_its_line(terms: Path) -> None:
    path = _edit(terms, "- term: tội phạm mạng", "- term: tội\x01 phạm mạng")
    found = [p for p in problems(terms) if p.path == str(path)]
    assert len(found) == 1 and "U+0001" in found[0].message and found[0].line == 22
