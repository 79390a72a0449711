"""What every command shares: console, default paths, turning errors into exits."""
from __future__ import annotations

import sys
from pathlib import Path

import typer
from rich.console import Console

from ..errors import GlossaryError, ValidationError

console = Console(highlight=False)
err_console = Console(stderr=True, highlight=False)

DEFAULT_GLOSSARY = Path("terms")
DEFAULT_CORPORA = Path("corpora")
DEFAULT_REPORTS = Path("reports")


def fail(error: GlossaryError) -> "typer.Exit":
    """Print a library error as one line per problem and return the Exit to raise."""
    if isinstance(error, ValidationError):
        for problem in error.problems:
            err_console.print(f"[red]error[/red]: {problem}", soft_wrap=True, markup=True)
        err_console.print(f"{len(error.problems)} problem(s) found", soft_wrap=True)
        return typer.Exit(1)
    err_console.print(f"glossary: error: {error}", soft_wrap=True, markup=False)
    return typer.Exit(2)


def stdout_is_terminal() -> bool:
    return sys.stdout.isatty()
