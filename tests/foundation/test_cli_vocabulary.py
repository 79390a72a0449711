"""One vocabulary for options, across every command (glossary/cli/options.py), and help a person can read."""
from __future__ import annotations

import re
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from glossary.cli.main import app

runner = CliRunner()


def commands() -> dict[str, Any]:
    """Every leaf command (typer's own click objects; click is never imported) by its full name."""
    found: dict[str, Any] = {}

    def walk(command: Any, name: str) -> None:
        if hasattr(command, "commands"):  # a group
            for sub_name, sub in command.commands.items():
                walk(sub, f"{name} {sub_name}".strip())
        else:
            found[name] = command

    walk(typer.main.get_command(app), "")
    return found


COMMANDS = commands()
READS_CORPORA = {"variance", "discover", "index", "concordance", "corpus stats", "corpus conflicts", "corpus convert"}
PRINTS_DATA = {"variance", "discover", "lookup", "index", "concordance", "validate", "corpus stats",
               "corpus formats", "corpus conflicts"}
SHORT_FLAGS = {"-f": "--format", "-s": "--source-lang", "-t": "--target-lang", "-o": "--output", "-g": "--glossary",
               "-l": "--lang", "-c": "--concept", "-n": "--limit", "-j": "--jobs", "-y": "--yes", "-q": "--quiet",
               "-v": "--verbose", "-d": "--document", "-r": "--rendering", "-h": "--help"}


def is_option(param: Any) -> bool:
    return param.param_type_name == "option"


def options(command: Any) -> dict[str, Any]:
    return {name: p for p in command.params if is_option(p) for name in p.opts + p.secondary_opts}


def test_the_commands_are_all_there() -> None:
    assert {"variance", "discover", "lookup", "index", "concordance", "validate", "export", "import", "adopt",
            "corpus stats", "corpus formats", "corpus conflicts", "corpus convert", "term add", "term set-status",
            "term rename", "term note", "concept merge", "concept split"} <= set(COMMANDS)


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_short_flag_means_one_thing_everywhere(name: str) -> None:
    for param in COMMANDS[name].params:
        if not is_option(param):
            continue
        shorts = [o for o in param.opts if not o.startswith("--")]
        for short in shorts:
            assert short in SHORT_FLAGS, f"{name}: {short} is not in the vocabulary"
            assert SHORT_FLAGS[short] in param.opts, f"{name}: {short} is {param.opts}, not {SHORT_FLAGS[short]}"


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_shared_options_are_on_every_command(name: str) -> None:
    have = options(COMMANDS[name])
    for option in ("--quiet", "--verbose", "--progress", "--debug"):
        assert option in have, f"{name} lacks {option}"
    if name in READS_CORPORA:
        for option in ("--input-format", "--skip-bad", "--source-lang", "--target-lang"):
            assert option in have, f"{name} reads corpora but lacks {option}"
    if name in PRINTS_DATA:
        assert "--json" in have, f"{name} prints data but has no --json"


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_format_is_always_an_output_format(name: str) -> None:
    option = options(COMMANDS[name]).get("--format")
    if option is not None:
        assert not re.search(r"\b(read|input|detected)\b", option.help or "", re.I), f"{name}: {option.help}"


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_help_shows_words_not_python_types_and_states_defaults(name: str) -> None:
    command = COMMANDS[name]
    text = runner.invoke(app, [*name.split(), "--help"], env={"COLUMNS": "200"}).output
    assert not re.search(r"<(str|int|bool|path|list|float)", text, re.I), text
    assert "Needs pip install .." not in text
    for param in command.params:
        if is_option(param) and param.name != "help":
            shown = param.show_default and param.default not in (None, False, [], ())
            flag_off = param.is_flag and not param.default
            assert param.required or shown or flag_off or "default" in (param.help or "").lower(), \
                f"{name} {param.opts}: its help does not say its default"
            if not param.is_flag:
                assert param.metavar and not param.metavar.islower() or "|" in (param.metavar or ""), \
                    f"{name} {param.opts}: metavar {param.metavar!r} is not in words"


def test_the_extras_hint_names_the_readme_install_command() -> None:
    text = runner.invoke(app, ["variance", "--help"], env={"COLUMNS": "200"}).output
    assert "pip install -e '.[dask]'" in text
    from glossary.run.engine import DASK_MISSING

    assert "pip install -e '.[dask]'" in DASK_MISSING and "glossary[dask]" not in DASK_MISSING


def test_the_exit_codes_are_in_the_main_help() -> None:
    text = runner.invoke(app, ["--help"], env={"COLUMNS": "200"}).output
    for code in ("0 checked", "1 findings", "2 bad usage", "3 the tool could not", "143 terminated"):
        assert code in " ".join(text.split()), code


def test_names_written_for_help_are_the_registries() -> None:
    """Help lists some names without importing their modules; they must be the real ones."""
    from glossary.cli.discover_cmd import REPORT_FORMATS
    from glossary.cli.lookup_cmd import INDEX
    from glossary.cli.options import CORPUS_FORMATS, EXCHANGE_FORMATS
    from glossary.cli.term_cmd import NOTE_FIELDS
    from glossary.corpora.formats import registered_formats
    from glossary.exchange import registered_formats as exchange_formats
    from glossary.render.discovery import RENDERERS
    from glossary.search.concordance import DEFAULT_INDEX
    from glossary.store.maintenance import TEXT_FIELDS

    assert CORPUS_FORMATS == tuple(registered_formats())
    assert EXCHANGE_FORMATS == tuple(exchange_formats())
    assert REPORT_FORMATS == tuple(RENDERERS)
    assert NOTE_FIELDS == TEXT_FIELDS
    assert INDEX == DEFAULT_INDEX
