"""The CLI surface: help for every command, --version, clean errors."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import click
import pytest
import typer
from typer.testing import CliRunner

from glossary import __version__
from glossary.cli.main import app

from .test_store_validation import GOOD

REPO = Path(__file__).resolve().parents[2]
runner = CliRunner()


def _commands(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], click.Command]]:
    out = []
    for name, command in group.commands.items():
        out.append((prefix + (name,), command))
        if isinstance(command, click.Group):
            out.extend(_commands(command, prefix + (name,)))
    return out


ALL_COMMANDS = _commands(typer.main.get_command(app))


def test_there_are_commands() -> None:
    assert ("validate",) in [path for path, _ in ALL_COMMANDS]


@pytest.mark.parametrize(("path", "command"), ALL_COMMANDS, ids=[" ".join(p) for p, _ in ALL_COMMANDS])
def test_every_command_has_help_text(path: tuple[str, ...], command: click.Command) -> None:
    assert (command.help or "").strip(), f"glossary {' '.join(path)} has no help text"
    result = runner.invoke(app, [*path, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage" in result.output
    for param in command.params:
        if isinstance(param, click.Option) and not param.hidden:
            assert (param.help or "").strip(), f"option {param.opts} of {' '.join(path)} has no help"


def test_main_help_lists_every_command() -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for path, _ in ALL_COMMANDS:
        if len(path) == 1:
            assert path[0] in result.output


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.output.strip() == f"glossary {__version__}"


def _run(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    exe = shutil.which("glossary")
    cmd = [exe, *args] if exe else [sys.executable, "-c", "from glossary.cli.main import run; run()", *args]
    return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=120)


def test_validate_broken_copy_lists_every_error_with_file_and_line(tmp_path: Path) -> None:
    broken = GOOD.replace("status: forbidden", "status: banned").replace("type: fullForm", "type: longForm")
    path = tmp_path / "broken.yaml"
    path.write_text(broken, encoding="utf-8")
    result = _run("validate", str(path))
    assert result.returncode == 1
    assert f"{path}:12: bad status 'banned'" in result.stderr
    assert f"{path}:10: bad type 'longForm'" in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_glossary_is_one_line_error(tmp_path: Path) -> None:
    result = _run("validate", str(tmp_path / "nowhere"))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "nowhere" in result.stderr


def test_bundled_terms_validate() -> None:
    result = _run("validate")
    assert result.returncode == 0, result.stderr
    assert "OK" in result.stdout
