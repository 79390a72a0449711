"""Entry point: builds the typer app from the command modules and maps errors to exits."""
from __future__ import annotations

import importlib

import typer

from glossary import __version__
from glossary.cli.common import fail
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
)

app = typer.Typer(
    name="glossary",
    help="Keep translations of the same terms consistent: check renderings against a glossary, "
         "find variance without one, maintain terms/ and export it to CAT tools.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"glossary {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="Show the version and exit."),
) -> None:
    """glossary: consistent term translations."""


for _module in COMMAND_MODULES:
    importlib.import_module(f"{__package__}.{_module}").register(app)


def run() -> None:
    """Console-script entry: no tracebacks for user errors, one line and a non-zero exit."""
    try:
        # standalone_mode=False: click returns an Exit's code instead of calling sys.exit
        result = app(standalone_mode=False)
        raise SystemExit(result if isinstance(result, int) else 0)
    except GlossaryError as error:
        raise SystemExit(fail(error).exit_code) from None
    except typer.Exit as done:
        raise SystemExit(done.exit_code) from None
    except typer.Abort:
        typer.echo("Aborted.", err=True)
        raise SystemExit(130) from None
    except KeyboardInterrupt:
        raise SystemExit(130) from None
    except _click_errors() as exc:  # usage errors: a bad option value, a missing argument
        exc.show()  # type: ignore[attr-defined]
        raise SystemExit(exc.exit_code) from None  # type: ignore[attr-defined]


def _click_errors() -> tuple[type[Exception], ...]:
    """Click's error root: typer 0.2x carries its own copy of click (``typer.BadParameter``
    derives from it), older typers use click itself; either may raise."""
    roots = [cls for cls in typer.BadParameter.__mro__ if cls.__name__ == "ClickException"]
    try:
        import click
    except ImportError:
        pass
    else:
        roots.append(click.ClickException)
    return tuple(dict.fromkeys(roots))
