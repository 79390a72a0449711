"""Entry point: builds the typer app from the command modules and maps errors to exit codes.

The command modules import only typer and ``cli.common`` at the top; each command imports
the library it runs when it runs, so ``glossary --version`` and ``glossary lookup`` do not
load numpy, sacrebleu or discovery (tests/foundation/test_start_up.py).
"""
from __future__ import annotations

import importlib
import signal
from types import FrameType

import typer

from glossary import __version__
from glossary.cli.common import (
    CONSOLES,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_TERMINATED,
    click_errors,
    fail,
    internal,
    os_error_message,
)
from glossary.errors import GlossaryError

# One line per command module; each module has ``register(app)``.
COMMAND_MODULES = (
    "validate_cmd",
    "corpus_cmd",
    "exchange_cmd",
    "lookup_cmd",
    "term_cmd",
    "discover_cmd",
    "variance_cmd",
    "serve_cmd",
)

EPILOG = ("Exit status: 0 checked, nothing at or above --fail-on; 1 findings at or above it (lookup, "
          "concordance: nothing found; validate: problems); 2 bad usage or bad input; 3 the tool could not do "
          "its job (I/O or internal error); 130 interrupted; 143 terminated.")

app = typer.Typer(
    name="glossary",
    help="Keep translations of the same terms consistent: check renderings against a glossary, "
         "find variance without one, maintain terms/ and export it to CAT tools.",
    epilog=EPILOG,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # help is plain text: "pip install -e '.[dask]'" must not lose its [dask]
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"glossary {__version__}")
        raise typer.Exit()


@app.callback(epilog=EPILOG)
def main(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="Show the version and exit."),
) -> None:
    """glossary: consistent term translations."""


for _module in COMMAND_MODULES:
    importlib.import_module(f"{__package__}.{_module}").register(app)


class Terminated(BaseException):
    """SIGTERM, raised in the main thread like KeyboardInterrupt, so every ``finally`` and context
    manager on the way out removes its temporary files and spills."""


def _terminate(signum: int, frame: FrameType | None) -> None:
    raise Terminated()


def run() -> None:
    """Console-script entry: one line and an exit code for every way a command can end."""
    previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        raise SystemExit(invoke())
    finally:
        signal.signal(signal.SIGTERM, previous)


def invoke(args: list[str] | None = None) -> int:
    """Run the app; return the exit code (README "Commands")."""
    try:
        # standalone_mode=False: click returns an Exit's code instead of calling sys.exit
        result = app(args=args, standalone_mode=False)
        return result if isinstance(result, int) else EXIT_OK
    except GlossaryError as error:
        return fail(error).exit_code
    except typer.Exit as done:
        return done.exit_code
    except typer.Abort:
        CONSOLES.err.print("Aborted.", markup=False)
        return EXIT_INTERRUPTED
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except Terminated:
        return EXIT_TERMINATED
    except click_errors() as exc:  # usage errors: a bad option value, a missing argument
        exc.show()  # type: ignore[attr-defined]
        return exc.exit_code  # type: ignore[attr-defined]
    except OSError as error:  # outside a command (the shared wrapper maps those): writing help, say
        return internal(f"I/O error: {os_error_message(error)}").exit_code
    except Exception as error:
        return internal(f"internal error: {type(error).__name__}: {error}").exit_code
