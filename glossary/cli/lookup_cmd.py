"""`glossary lookup`, `glossary index` and `glossary concordance`: what a translator asks every day."""
from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from glossary.cli.common import (
    DEFAULT_CORPORA,
    EXIT_FINDINGS,
    command,
    console,
    corpus_paths,
    err_console,
    glossary_path,
    note,
    project_path,
    showing_progress,
    warn,
)
from glossary.cli.options import (
    Corpora,
    GlossaryOpt,
    InputFormat,
    Json,
    Lang,
    SkipBad,
    SourceLang,
    TargetLang,
)
from glossary.errors import GlossaryError

if TYPE_CHECKING:
    from glossary.corpora.formats import ReadOptions
    from glossary.search.concordance import CorpusIndex

# where the index lives (search.concordance.DEFAULT_INDEX, repeated so --help need not import sqlite3 and
# the readers; tests/foundation/test_cli_vocabulary.py holds the two equal)
INDEX = Path(".glossary-index") / "corpus.sqlite"

IndexOpt = Annotated[Optional[Path], typer.Option(
    "--index", metavar="FILE", show_default=False,
    help=f"The corpus index (SQLite). Default: {INDEX} in the project (the folder holding terms/), else here; "
         "a cache, rebuilt by glossary index.")]
CorpusOpt = Annotated[Optional[list[Path]], typer.Option(
    "--corpus", metavar="PATH", show_default=False,
    help="Corpus files or directories to index first (repeat for several). Default: none.")]


def _index_path(given: Path | None) -> Path:
    return given if given is not None else project_path(INDEX)


def _indexed(index_path: Path, corpus: list[Path] | None, *, quiet: bool = False,
             options: ReadOptions | None = None) -> CorpusIndex:
    """The index, first brought up to date with ``corpus`` when corpora are named."""
    from glossary.render.lookup_view import print_index_summary
    from glossary.search.concordance import CorpusIndex

    if not corpus:
        return CorpusIndex.open(index_path)
    index = CorpusIndex.open(index_path, create=True)
    with showing_progress():
        summary = index.update(corpus, options=options)
    if not quiet and (summary.added or summary.updated or summary.removed):
        print_index_summary(summary, err_console)
    return index


def register(app: typer.Typer) -> None:
    app.command("lookup")(lookup_command)
    app.command("index")(index_command)
    app.command("concordance")(concordance_command)


@command
def lookup_command(
    query: Annotated[str, typer.Argument(metavar="QUERY", help="A term in any language of the glossary: exact, "
                                                               "without diacritics, an abbreviation, a prefix, "
                                                               "or misspelt.")],
    glossary: GlossaryOpt = None,
    lang: Lang = None,
    subject: Annotated[Optional[str], typer.Option(
        "--subject", metavar="TEXT", show_default=False,
        help="Only concepts whose subject contains this. Default: any subject.")] = None,
    limit: Annotated[int, typer.Option("--limit", "-n", metavar="N", help="At most N concepts.")] = 5,
    corpus: CorpusOpt = None,
    index_path: IndexOpt = None,
    no_corpus: Annotated[bool, typer.Option(
        "--no-corpus", help="Do not show corpus renderings even when an index exists. Default: show them.")] = False,
    as_json: Json = False,
) -> None:
    """Find concepts from either language and show their terms, statuses and notes.

    Matching ignores case, diacritics and tone-mark placement ("bo cong an" finds
    Bộ Công an), expands abbreviations both ways (UNODC, "UN Office on Drugs and
    Crime"), and catches misspellings. Deprecated and forbidden terms are marked.
    With a corpus index (glossary index, or --corpus) each concept also shows how
    the corpus rendered it, counted per rendering. Exit status 1 when nothing is found.
    """
    from glossary.render.lookup_view import lookup_json, print_lookup
    from glossary.search.lookup import LookupIndex
    from glossary.store.load import load_glossary

    answer = LookupIndex(load_glossary(glossary_path(glossary))).search(query, lang=lang, subject=subject,
                                                                         limit=limit)
    renderings = None
    where = _index_path(index_path)
    if not no_corpus and answer.hits and (corpus or where.exists()):
        try:
            with _indexed(where, corpus, quiet=as_json) as index:
                renderings = {hit.concept.id: index.concept_renderings(hit.concept) for hit in answer.hits}
        except GlossaryError as error:
            if corpus:
                raise
            # an index found lying around is a bonus: a stale one must not hide the glossary's answer
            warn(f"corpus index not used: {error}")
    if as_json:
        typer.echo(json.dumps(lookup_json(answer, renderings), ensure_ascii=False, indent=2))
    else:
        print_lookup(answer, console, renderings)
    if not answer.hits:
        raise typer.Exit(EXIT_FINDINGS)


@command
def index_command(
    corpus: Corpora = None,
    index_path: IndexOpt = None,
    source_lang: SourceLang = None,
    target_lang: TargetLang = None,
    input_format: InputFormat = None,
    skip_bad: SkipBad = False,
    as_json: Json = False,
) -> None:
    """Build or update the full-text index of corpora that concordance and lookup read.

    Only files that changed (size or modification time) since the last run are read
    again; files that are gone are dropped. The index is SQLite with FTS5, by default
    .glossary-index/corpus.sqlite in the project (--index to move it).
    """
    from glossary.cli.corpus_cmd import read_options
    from glossary.render.lookup_view import index_summary_json, print_index_summary
    from glossary.search.concordance import CorpusIndex

    options = read_options(source_lang, target_lang, input_format, skip_bad)
    with CorpusIndex.open(_index_path(index_path), create=True) as index, showing_progress():
        summary = index.update(corpus_paths(corpus), options=options)
    if as_json:
        typer.echo(json.dumps(index_summary_json(summary), ensure_ascii=False, indent=2))
    else:
        print_index_summary(summary, console)
    for warning in summary.warnings:
        warn(warning)


@command
def concordance_command(
    query: Annotated[str, typer.Argument(metavar="QUERY", help="A word or phrase; case and diacritics are ignored; "
                                                               "end with * for a prefix.")],
    index_path: IndexOpt = None,
    corpus: CorpusOpt = None,
    lang: Lang = None,
    document: Annotated[Optional[str], typer.Option(
        "--document", "-d", metavar="TEXT", show_default=False,
        help="Only documents whose id contains this. Default: every document.")] = None,
    outlet: Annotated[Optional[str], typer.Option(
        "--outlet", metavar="TEXT", show_default=False,
        help="Only segments whose outlet contains this. Default: every outlet.")] = None,
    limit: Annotated[int, typer.Option("--limit", "-n", metavar="N", help="Show at most N segments.")] = 20,
    source_lang: SourceLang = None,
    target_lang: TargetLang = None,
    input_format: InputFormat = None,
    skip_bad: SkipBad = False,
    as_json: Json = False,
) -> None:
    """List the segments where a term or phrase occurs, source and target side by side.

    Matches are highlighted; "pham minh chinh" finds Phạm Minh Chính and Pham Minh Chinh.
    Without --corpus or --index, the project's corpora/ is indexed on first use into the
    project's index and kept up to date (only changed files are read again). Exit status 1
    when no segment matches.
    """
    from glossary.cli.corpus_cmd import read_options
    from glossary.render.lookup_view import concordance_json, print_concordance

    options = read_options(source_lang, target_lang, input_format, skip_bad)
    where = _index_path(index_path)
    corpora = corpus
    if not corpora and index_path is None:  # an index named with --index is searched as it is
        default = project_path(DEFAULT_CORPORA)
        if default.is_dir():
            if not where.exists():
                note(f"indexing {default}/ into {where} (first use; later runs read only changed files)")
            corpora = [default]
    with _indexed(where, corpora, quiet=as_json, options=options) as index:
        result = index.search(query, lang=lang, document=document, outlet=outlet, limit=limit)
    if as_json:
        typer.echo(json.dumps(concordance_json(result), ensure_ascii=False, indent=2))
    else:
        print_concordance(result, console)
    if not result.total:
        raise typer.Exit(EXIT_FINDINGS)
