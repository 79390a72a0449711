"""What every command shares: console, default paths, turning errors into exits."""
from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path

import typer
from rich.console import Console

from glossary.errors import GlossaryError, ValidationError

console = Console(highlight=False)
err_console = Console(stderr=True, highlight=False)

DEFAULT_GLOSSARY = Path("terms")
DEFAULT_CORPORA = Path("corpora")
DEFAULT_REPORTS = Path("reports")


class Engine(str, Enum):
    local = "local"
    dask = "dask"


# --jobs/--engine/--scheduler, shared by every command that runs over partitions of the corpus
JOBS_HELP = ("Scan in this many local processes (files, and big TMX files by byte range); "
             "the report is the same as with 1.")
ENGINE_HELP = ("local: this machine (--jobs); dask: a Dask cluster (a local one on "
               "127.0.0.1 unless --scheduler names one). Needs pip install .[dask].")
SCHEDULER_HELP = "Dask scheduler to run the scan on (implies --engine dask)."
SCHEDULER_METAVAR = "tcp://HOST:PORT"


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
