"""What every command shares: the consoles, the project's default paths, the run settings
(-q, -v, --progress, --debug), and turning errors into one line and an exit code.

Exit codes (README "Commands"): 0 checked, nothing at or above --fail-on; 1 findings at
or above it (or nothing found, for lookup and concordance; problems, for validate); 2 bad
usage or bad input; 3 the tool could not do its job (I/O or internal error); 130 after
Ctrl-C; 143 after SIGTERM.

This module is imported for every command, ``--version`` included: it imports nothing
heavy (rich's console only when something is printed).
"""
from __future__ import annotations

import functools
import inspect
import os
import sys
import traceback
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Callable, Optional

import typer

from glossary.errors import GlossaryError, UsageError, ValidationError

if TYPE_CHECKING:
    from rich.console import Console

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2
EXIT_FAILURE = 3
EXIT_INTERRUPTED = 130
EXIT_TERMINATED = 143

TERMS_ENV = "GLOSSARY_TERMS"  # the glossary (a terms/ folder or one .yaml file) when not found upward
DEBUG_ENV = "GLOSSARY_DEBUG"


@dataclass(slots=True)
class Settings:
    """The shared options of the command being run."""

    quiet: bool = False
    verbose: bool = False
    progress: bool | None = None  # None: on a terminal only
    debug: bool = bool(os.environ.get(DEBUG_ENV))


SETTINGS = Settings()


# -- consoles -------------------------------------------------------------------------------------
class _Consoles:
    """rich consoles made on first use (importing rich costs start-up time ``--version`` need not pay)."""

    def __init__(self) -> None:
        self._out: Console | None = None
        self._err: Console | None = None

    @property
    def out(self) -> Console:
        if self._out is None:
            from rich.console import Console

            self._out = Console(highlight=False, quiet=SETTINGS.quiet)
        return self._out

    @property
    def err(self) -> Console:
        if self._err is None:
            from rich.console import Console

            self._err = Console(stderr=True, highlight=False)
        return self._err


    def reset(self) -> None:
        """New consoles for the next command (its --quiet; tests run many commands in one process)."""
        self._out = self._err = None


CONSOLES = _Consoles()


class _Lazy:
    """``console`` / ``err_console`` as module attributes that become rich consoles on first use."""

    def __init__(self, which: str) -> None:
        self._which = which

    def __getattr__(self, name: str) -> Any:
        return getattr(getattr(CONSOLES, self._which), name)


console: Any = _Lazy("out")  # what the user asked to see (stdout)
err_console: Any = _Lazy("err")  # notes, warnings and errors (stderr)


def note(message: str) -> None:
    """An informational line on stderr ("wrote reports/variance.json"); hidden by --quiet."""
    if not SETTINGS.quiet:
        err_console.print(message, markup=False, highlight=False, soft_wrap=True)


def detail(message: str) -> None:
    """A line only --verbose shows."""
    if SETTINGS.verbose and not SETTINGS.quiet:
        err_console.print(message, markup=False, highlight=False, soft_wrap=True)


def warn(message: str) -> None:
    """A warning on stderr; --quiet does not hide warnings."""
    err_console.print(f"warning: {message}", markup=False, highlight=False, soft_wrap=True)


def warn_all(warnings: list[str], not_kept: int = 0) -> None:
    for warning in warnings:
        warn(warning)
    if not_kept:
        warn(f"… and {not_kept} more warning(s) not shown")


# -- errors ---------------------------------------------------------------------------------------
def fail(error: GlossaryError) -> typer.Exit:
    """Print a library error as one line per problem and return the Exit to raise: 2, or the
    error's ``exit_code`` (3 for a glossary another command holds locked, ``files.lock``)."""
    if isinstance(error, ValidationError):
        for problem in error.problems:
            err_console.print(f"[red]error[/red]: {problem}", soft_wrap=True, markup=True)
        err_console.print(f"{len(error.problems)} problem(s) found", soft_wrap=True)
        return typer.Exit(EXIT_USAGE)
    err_console.print(f"glossary: error: {error}", soft_wrap=True, markup=False)
    return typer.Exit(getattr(error, "exit_code", EXIT_USAGE))  # a busy or half-finished glossary: 3


def internal(message: str) -> typer.Exit:
    """Print why the tool could not do its job (with the traceback under --debug); the Exit (code 3)."""
    if SETTINGS.debug:
        traceback.print_exc(file=sys.stderr)
    else:
        message += " (--debug shows the traceback)" if message.startswith("internal error") else ""
    err_console.print(f"glossary: error: {message}", markup=False, highlight=False, soft_wrap=True)
    return typer.Exit(EXIT_FAILURE)


def click_errors() -> tuple[type[Exception], ...]:
    """Click's error root: typer carries its own copy of click (``typer.BadParameter`` derives
    from it); it is found through typer's API, never by importing click."""
    return tuple(cls for cls in typer.BadParameter.__mro__ if cls.__name__ == "ClickException")


def os_error_message(error: OSError) -> str:
    """One line for an I/O error, naming the file: "cannot write README.md/x: Not a directory"."""
    reason = error.strerror or str(error)
    name = error.filename
    if name is None:
        return reason
    other = f" -> {error.filename2}" if error.filename2 else ""
    return f"{name}{other}: {reason}"


# -- the project's default paths ------------------------------------------------------------------
DEFAULT_GLOSSARY = Path("terms")
DEFAULT_CORPORA = Path("corpora")
DEFAULT_REPORTS = Path("reports")


def project_root(start: Path | None = None) -> Path | None:
    """The nearest folder, from ``start`` (the current one) upward, that holds a ``terms/`` folder."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / DEFAULT_GLOSSARY).is_dir():
            return folder
    return None


def glossary_path(given: Path | None) -> Path:
    """--glossary, else $GLOSSARY_TERMS, else terms/ of the project (found upward, as git finds .git).

    Every command that reads or writes a glossary finds it here, so here an edit that was
    interrupted between the renames of its files is finished first (``files.journal``): no
    command reads some new files beside old ones."""
    path = _find_glossary(given)
    from glossary.files.journal import recover_glossary  # light: os, json, hashlib

    recover_glossary(path)
    return path


def _find_glossary(given: Path | None) -> Path:
    if given is not None:
        return given
    env = os.environ.get(TERMS_ENV)
    if env:
        return Path(env)
    root = project_root()
    if root is None:
        raise UsageError(f"no glossary found: no {DEFAULT_GLOSSARY}/ folder in {Path.cwd()} or any folder above it; "
                         f"give --glossary DIR (or FILE.yaml), or set {TERMS_ENV}")
    return _relative(root / DEFAULT_GLOSSARY)


def optional_glossary_path(given: Path | None) -> Path | None:
    """As ``glossary_path``, but None when there is none to find (discover works without one)."""
    try:
        return glossary_path(given)
    except UsageError:
        return None


def project_path(default: Path) -> Path:
    """``corpora/``, ``reports/`` or the index folder of the project found upward, else of the current folder."""
    root = project_root()
    return _relative(root / default) if root is not None else default


def corpus_paths(given: list[Path] | None) -> list[Path]:
    return list(given) if given else [project_path(DEFAULT_CORPORA)]


def _relative(path: Path) -> Path:
    """Shown relative to the current folder when below it (terms, not /home/.../terms)."""
    try:
        return path.relative_to(Path.cwd().resolve())
    except ValueError:
        return path


# -- the options every command has ----------------------------------------------------------------
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="Print only data asked for, warnings and errors "
                                                          "(no summaries, no progress). Default: off.")]
Verbose = Annotated[bool, typer.Option("--verbose", "-v", help="Also print what was read and how long each "
                                                              "step took. Default: off.")]
ProgressFlag = Annotated[Optional[bool], typer.Option(
    "--progress/--no-progress", show_default=False,
    help="Show progress on stderr even when it is not a terminal, or never. Default: on a terminal only.")]
Debug = Annotated[bool, typer.Option("--debug", help=f"On an internal error, print the traceback (also "
                                                     f"{DEBUG_ENV}=1). Default: off.")]

_SHARED = {
    "quiet": (Quiet, False),
    "verbose": (Verbose, False),
    "progress": (ProgressFlag, None),
    "debug": (Debug, False),
}


def command(func: Callable[..., Any]) -> Callable[..., Any]:
    """Give a command the shared options (-q, -v, --progress, --debug) without repeating them in its
    signature: they are added to the signature typer reads and set ``SETTINGS`` before it runs."""
    signature = inspect.signature(func, eval_str=True)
    params = list(signature.parameters.values())
    params += [inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=annotation)
               for name, (annotation, default) in _SHARED.items() if name not in signature.parameters]

    @functools.wraps(func)
    def run(*args: Any, **kwargs: Any) -> Any:
        CONSOLES.reset()
        SETTINGS.quiet = kwargs.pop("quiet", False)
        SETTINGS.verbose = kwargs.pop("verbose", False)
        SETTINGS.progress = kwargs.pop("progress", None)
        SETTINGS.debug = kwargs.pop("debug", False) or bool(os.environ.get(DEBUG_ENV))
        if SETTINGS.quiet and SETTINGS.progress is None:
            SETTINGS.progress = False
        try:
            with _warning_about_unread_files():
                return func(*args, **kwargs)
        except (typer.Exit, typer.Abort, *click_errors()):
            raise
        except GlossaryError as error:
            raise fail(error) from None
        except OSError as error:  # the disk, not the input: a folder that cannot be written, a full disk
            raise internal(f"I/O error: {os_error_message(error)}") from None
        except Exception as error:  # a bug: one line; the traceback with --debug
            raise internal(f"internal error: {type(error).__name__}: {error}") from None

    run.__signature__ = signature.replace(parameters=params)  # type: ignore[attr-defined]
    run.__annotations__ = {p.name: p.annotation for p in params}
    return run


def _warning_about_unread_files() -> Any:
    """Folder walks (``corpora.formats.walk``) warn once each about files they could not read."""
    from glossary.corpora.formats.walk import listening  # light: the readers are not imported

    shown: set[str] = set()

    def once(message: str) -> None:
        if message not in shown:
            shown.add(message)
            warn(message)

    return listening(once)


def showing_progress() -> Any:
    """The progress display for this command (``--progress/--no-progress``, on a terminal only by
    default; stderr only): ``with showing_progress() as progress: ...``."""
    from glossary.cli.progress import ProgressDisplay  # rich.progress: loaded by the long commands only

    return ProgressDisplay.for_flag(SETTINGS.progress, console=CONSOLES.err)


class lazy_module:  # noqa: N801 - used like a module
    """A module imported on first attribute access, for names a command needs only when it runs."""

    def __init__(self, name: str) -> None:
        self._name = name

    def __getattr__(self, attr: str) -> Any:
        import importlib

        return getattr(importlib.import_module(self._name), attr)


def stdout_is_terminal() -> bool:
    return sys.stdout.isatty()


class Engine(str, Enum):
    local = "local"
    dask = "dask"
