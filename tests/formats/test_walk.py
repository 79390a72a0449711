"""Walking a folder: files no format claims are named once, as a warning, never skipped in silence."""
from __future__ import annotations

import shutil
from pathlib import Path

from contract import FIXTURES
from typer.testing import CliRunner

from glossary.cli.main import app
from glossary.corpora.formats import expand_paths
from glossary.corpora.formats.walk import listening

runner = CliRunner()


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "desk"
    (folder / "october").mkdir(parents=True)
    shutil.copy(FIXTURES / "sample.tmx", folder / "october" / "a.tmx")
    shutil.copy(FIXTURES / "sample.xlsx", folder / "b.xlsx")
    (folder / "october" / "draft.docx").write_bytes(b"PK\x03\x04")
    (folder / "notes.txt").write_text("to do", encoding="utf-8")
    (folder / "README.md").write_text("what this is", encoding="utf-8")  # documentation: not warned about
    (folder / "_build").mkdir()
    (folder / "_build" / "x.bin").write_bytes(b"")  # build inputs: skipped as ever
    return folder


def test_the_walk_names_what_it_did_not_read(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    heard: list[str] = []
    with listening(heard.append):
        files = expand_paths([folder])
    assert [p.name for p in files] == ["b.xlsx", "a.tmx"]
    assert heard == [f"{folder}: 2 file(s) read; 2 not read (no corpus format claims them): notes.txt, "
                     "october/draft.docx"]
    assert expand_paths([folder]) == files  # nobody listening: the same files, nothing raised


def test_nothing_is_said_when_everything_was_read(tmp_path: Path) -> None:
    heard: list[str] = []
    folder = tmp_path / "clean"
    folder.mkdir()
    shutil.copy(FIXTURES / "sample.tmx", folder / "a.tmx")
    with listening(heard.append):
        expand_paths([folder])
    assert heard == []


def test_a_command_warns_once(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    done = runner.invoke(app, ["corpus", "stats", str(folder), str(folder)])
    assert done.exit_code == 0, done.output
    assert done.stderr.count("warning: ") == 1, done.stderr
    assert "2 not read (no corpus format claims them): notes.txt, october/draft.docx" in done.stderr
