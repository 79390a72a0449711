"""`glossary lookup`, `glossary index` and `glossary concordance`: what a translator asks every day."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer

from glossary.cli.common import DEFAULT_CORPORA, DEFAULT_GLOSSARY, console, err_console, fail
from glossary.cli.corpus_cmd import read_options
from glossary.errors import GlossaryError
from glossary.render.lookup_view import (
    concordance_json,
    index_summary_json,
    lookup_json,
    print_concordance,
    print_index_summary,
    print_lookup,
)
from glossary.search.concordance import DEFAULT_INDEX, ConceptRenderings, CorpusIndex
from glossary.search.lookup import LookupIndex
from glossary.store.termstore import load_glossary

_INDEX_HELP = (f"The corpus index (SQLite). Default: {DEFAULT_INDEX} under the current directory; "
               "a cache, rebuilt by 'glossary index'.")


def _indexed(index_path: Path, corpus: list[Path] | None, *, quiet: bool = False) -> CorpusIndex:
    """The index, first brought up to date with ``corpus`` when corpora are named."""
    if not corpus:
        return CorpusIndex.open(index_path)
    index = CorpusIndex.open(index_path, create=True)
    summary = index.update(corpus)
    if not quiet and (summary.added or summary.updated or summary.removed):
        print_index_summary(summary, err_console)
    return index


def register(app: typer.Typer) -> None:
    app.command("lookup")(lookup_command)
    app.command("index")(index_command)
    app.command("concordance")(concordance_command)


def lookup_command(
    query: str = typer.Argument(..., help="A term in any language of the glossary: exact, without diacritics, "
                                          "an abbreviation, a prefix, or misspelt."),
    glossary: Path = typer.Option(DEFAULT_GLOSSARY, "--glossary", "-g",
                                  help="Glossary directory (*.yaml) or one .yaml file."),
    lang: Optional[str] = typer.Option(None, "--lang", "-l", help="Only match terms in this language."),
    subject: Optional[str] = typer.Option(None, "--subject", help="Only concepts whose subject contains this."),
    limit: int = typer.Option(5, "--limit", "-n", help="At most this many concepts."),
    corpus: Optional[list[Path]] = typer.Option(
        None, "--corpus", "-c", help="Corpus files or directories to show renderings from (indexed first; "
                                     "repeat for several)."),
    index_path: Path = typer.Option(DEFAULT_INDEX, "--index", help=_INDEX_HELP),
    no_corpus: bool = typer.Option(False, "--no-corpus", help="Do not show corpus renderings even when an index "
                                                              "exists."),
    as_json: bool = typer.Option(False, "--json", help="Print the answer as JSON."),
) -> None:
    """Find concepts from either language and show their terms, statuses and notes.

    Matching ignores case, diacritics and tone-mark placement ("bo cong an" finds
    Bộ Công an), expands abbreviations both ways (UNODC, "UN Office on Drugs and
    Crime"), and catches misspellings. Deprecated and forbidden terms are marked.
    With a corpus index (``glossary index``, or --corpus) each concept also shows how
    the corpus rendered it, counted per rendering. Exit status 1 when nothing is found.
    """
    try:
        answer = LookupIndex(load_glossary(glossary)).search(query, lang=lang, subject=subject, limit=limit)
        renderings: dict[str, list[ConceptRenderings]] | None = None
        if not no_corpus and (corpus or index_path.exists()):
            try:
                with _indexed(index_path, corpus, quiet=as_json) as index:
                    renderings = {hit.concept.id: index.concept_renderings(hit.concept) for hit in answer.hits}
            except GlossaryError as error:
                if corpus:
                    raise
                # an index found lying around is a bonus: a stale one must not hide the glossary's answer
                err_console.print(f"warning: corpus index not used: {error}", soft_wrap=True, markup=False)
    except GlossaryError as error:
        raise fail(error) from None
    if as_json:
        typer.echo(json.dumps(lookup_json(answer, renderings), ensure_ascii=False, indent=2))
    else:
        print_lookup(answer, console, renderings)
    if not answer.hits:
        raise typer.Exit(1)


def index_command(
    corpus: Optional[list[Path]] = typer.Argument(
        None, help=f"Corpus files or directories (walked recursively). Default: {DEFAULT_CORPORA}/."),
    index_path: Path = typer.Option(DEFAULT_INDEX, "--index", help=_INDEX_HELP),
    source_lang: Optional[str] = typer.Option(None, "--source-lang", "-s",
                                              help="Source language, where a file has several or none."),
    target_lang: Optional[str] = typer.Option(None, "--target-lang", "-t",
                                              help="Target language, where a file has several or none."),
    fmt: Optional[str] = typer.Option(None, "--format", "-f", help="Read every input as this format."),
    skip_bad: bool = typer.Option(False, "--skip-bad", help="Skip bad records with a warning instead of stopping."),
    as_json: bool = typer.Option(False, "--json", help="Print the summary as JSON."),
) -> None:
    """Build or update the full-text index of corpora that concordance and lookup read.

    Only files that changed (size or modification time) since the last run are read
    again; files that are gone are dropped. The index is SQLite with FTS5, by default
    .glossary-index/corpus.sqlite under the current directory (--index to move it).
    """
    try:
        options = read_options(source_lang, target_lang, fmt, skip_bad)
        with CorpusIndex.open(index_path, create=True) as index:
            summary = index.update(corpus or [DEFAULT_CORPORA], options=options)
    except GlossaryError as error:
        raise fail(error) from None
    if as_json:
        typer.echo(json.dumps(index_summary_json(summary), ensure_ascii=False, indent=2))
    else:
        print_index_summary(summary, console)
    for warning in summary.warnings:
        err_console.print(f"warning: {warning}", soft_wrap=True, markup=False)


def concordance_command(
    query: str = typer.Argument(..., help="A word or phrase; case and diacritics are ignored; end with * for a "
                                          "prefix."),
    index_path: Path = typer.Option(DEFAULT_INDEX, "--index", help=_INDEX_HELP),
    corpus: Optional[list[Path]] = typer.Option(
        None, "--corpus", "-c", help="Index these corpus files or directories first (repeat for several)."),
    lang: Optional[str] = typer.Option(None, "--lang", "-l", help="Search only the side in this language."),
    document: Optional[str] = typer.Option(None, "--document", "-d", help="Only documents whose id contains this."),
    outlet: Optional[str] = typer.Option(None, "--outlet", help="Only segments whose outlet contains this."),
    limit: int = typer.Option(20, "--limit", "-n", help="Show at most this many segments."),
    as_json: bool = typer.Option(False, "--json", help="Print the segments as JSON."),
) -> None:
    """List the segments where a term or phrase occurs, source and target side by side.

    Matches are highlighted; "pham minh chinh" finds Phạm Minh Chính and Pham Minh Chinh.
    Exit status 1 when no segment matches.
    """
    try:
        with _indexed(index_path, corpus, quiet=as_json) as index:
            result = index.search(query, lang=lang, document=document, outlet=outlet, limit=limit)
    except GlossaryError as error:
        raise fail(error) from None
    if as_json:
        typer.echo(json.dumps(concordance_json(result), ensure_ascii=False, indent=2))
    else:
        print_concordance(result, console)
    if not result.total:
        raise typer.Exit(1)
