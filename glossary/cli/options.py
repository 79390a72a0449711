"""The options' vocabulary, declared once: every command that takes one of these takes it by
the same name, short flag, metavar and meaning (tests/foundation/test_cli_vocabulary.py).

- ``-f/--format``: always an *output* format; ``--input-format``: always the corpus format.
- ``-s/--source-lang``, ``-t/--target-lang``: always languages (BCP-47, LANG).
- ``-o/--output``: where to write; ``-`` is standard output.
- ``-g/--glossary``: the glossary; ``-l/--lang``: a language filter; ``-c/--concept``: a concept id;
  ``-n/--limit``; ``-j/--jobs``; ``-y/--yes``; ``-q/--quiet``; ``-v/--verbose``.
- ``--skip-bad``, ``--json``, ``--dry-run``, ``--progress/--no-progress``, ``--debug``.
"""
from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from glossary.cli.common import DEFAULT_CORPORA, DEFAULT_GLOSSARY, TERMS_ENV, Engine

# The names of the corpus formats, for help: written here so that --help does not import every
# reader; tests/foundation/test_cli_vocabulary.py holds them equal to the registry's.
CORPUS_FORMATS = ("tmx", "xliff", "po", "csv", "xlsx", "jsonl", "parallel")
EXCHANGE_FORMATS = ("tbx", "tbx2", "po", "omegat", "memoq", "trados", "csv")

FIND_GLOSSARY = (f"Default: {DEFAULT_GLOSSARY}/ of the project (looked for from the current folder upward), "
                 f"else ${TERMS_ENV}.")

Corpora = Annotated[Optional[list[Path]], typer.Argument(
    metavar="CORPUS...", show_default=False,
    help=f"Corpus files or directories (walked recursively). Default: {DEFAULT_CORPORA}/ of the project.")]
GlossaryOpt = Annotated[Optional[Path], typer.Option(
    "--glossary", "-g", metavar="DIR|FILE", show_default=False,
    help=f"The glossary: a terms/ folder of *.yaml files, or one .yaml file. {FIND_GLOSSARY}")]
SourceLang = Annotated[Optional[str], typer.Option(
    "--source-lang", "-s", metavar="LANG", show_default=False,
    help="Source language (vi, vi-VN, vi_VN): chooses it where a file has several, supplies it where a file has "
         "none. Default: what the files say.")]
TargetLang = Annotated[Optional[str], typer.Option(
    "--target-lang", "-t", metavar="LANG", show_default=False,
    help="Target language: chooses it where a file has several, supplies it where a file has none. "
         "Default: what the files say.")]
InputFormat = Annotated[Optional[str], typer.Option(
    "--input-format", metavar="FORMAT", show_default=False,
    help=f"Read every corpus file as this format ({', '.join(CORPUS_FORMATS)}; glossary corpus formats "
         "describes them). Default: detected from each file.")]
SkipBad = Annotated[bool, typer.Option(
    "--skip-bad", help="Skip bad records (and the rest of unreadable files) with a warning and a count, instead "
                       "of stopping at the first. Default: stop.")]
Json = Annotated[bool, typer.Option("--json", help="Print the result as JSON on standard output. Default: text.")]
Limit = Annotated[Optional[int], typer.Option(
    "--limit", "-n", metavar="N", min=1, show_default=False, help="Show at most N. Default: all.")]
Lang = Annotated[Optional[str], typer.Option(
    "--lang", "-l", metavar="LANG", show_default=False, help="Only this language. Default: every language.")]
Yes = Annotated[bool, typer.Option("--yes", "-y", help="Write without asking. Default: ask.")]
DryRun = Annotated[bool, typer.Option("--dry-run", help="Show the diff and write nothing. Default: off.")]
Jobs = Annotated[int, typer.Option(
    "--jobs", "-j", metavar="N", min=1,
    help="Scan in N local processes (files, and big TMX files by byte range); the report is the same as with 1.")]
EngineOpt = Annotated[Engine, typer.Option(
    "--engine", metavar="local|dask",
    help="local: this machine (--jobs); dask: a Dask cluster (a local one on 127.0.0.1 unless --scheduler names "
         "one). Dask needs the extra: pip install -e '.[dask]'.")]
Scheduler = Annotated[Optional[str], typer.Option(
    "--scheduler", metavar="tcp://HOST:PORT", show_default=False,
    help="Dask scheduler to run on (implies --engine dask). Default: none.")]
