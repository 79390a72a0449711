"""`glossary corpus`: what aligned corpora hold (`stats`) and normalising them (`convert`)."""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from glossary.cli.common import DEFAULT_CORPORA, console, err_console, fail
from glossary.corpora.formats import ReadOptions, ReadStats, expand_paths, get_format, read_corpus, registered_formats
from glossary.corpora.formats.base import writable_formats
from glossary.corpora.stats import CorpusStats, corpus_stats
from glossary.errors import GlossaryError, UsageError
from glossary.render.json_report import write_conflicts_json
from glossary.render.text import render_conflicts
from glossary.variance.consistency import find_segment_conflicts

corpus_app = typer.Typer(
    help="Read aligned corpora (TMX, XLIFF, PO/MO, CSV/TSV, JSONL, parallel text): "
         "what they hold, and conversion to TMX or JSONL.",
    no_args_is_help=True,
)

_FORMAT_HELP = "Read every input as this format instead of detecting it: " + ", ".join(
    sorted(registered_formats())) + "."


# The reading options both commands take, declared once.
CorpusArg = Annotated[Optional[list[Path]], typer.Argument(
    help=f"Corpus files or directories (walked recursively). Default: {DEFAULT_CORPORA}/.")]
SourceLangOpt = Annotated[Optional[str], typer.Option(
    "--source-lang", "-s", help="Source language (vi, vi-VN, vi_VN): chooses it where a file has several, "
                                "supplies it where a file has none.")]
TargetLangOpt = Annotated[Optional[str], typer.Option(
    "--target-lang", "-t", help="Target language: chooses it, or supplies it where a file has none.")]
FormatOpt = Annotated[Optional[str], typer.Option("--format", "-f", help=_FORMAT_HELP)]
SkipBadOpt = Annotated[bool, typer.Option(
    "--skip-bad", help="Skip bad records (and the rest of unreadable files) with a warning and a count, "
                       "instead of stopping at the first.")]
ObsoleteOpt = Annotated[bool, typer.Option(
    "--include-obsolete", help="PO: read obsolete (#~) entries too (they are counted either way).")]


def read_options(source_lang: str | None, target_lang: str | None, fmt: str | None, skip_bad: bool,
                 include_obsolete: bool = False) -> ReadOptions:
    if fmt:
        get_format(fmt)  # unknown names fail here, before any file is read
    return ReadOptions(source_lang=source_lang, target_lang=target_lang, format=fmt, skip_bad=skip_bad,
                       include_obsolete=include_obsolete)


def _warn_all(warnings: list[str], not_kept: int) -> None:
    for warning in warnings:
        err_console.print(f"warning: {warning}", soft_wrap=True, markup=False, highlight=False)
    if not_kept:
        err_console.print(f"warning: … and {not_kept} more warning(s) not shown", soft_wrap=True, markup=False)


def render_stats(stats: CorpusStats) -> None:
    """The terminal view of CorpusStats."""
    out = console.print
    out(f"{len(stats.files)} file(s), {stats.segments} segment(s) read, {stats.skipped_total} skipped",
        markup=False)
    for summary in stats.files:
        out(f"  {summary.path}  [{summary.format}]  {summary.segments} segment(s)", markup=False, soft_wrap=True)
    out("formats: " + (", ".join(f"{name} {n}" for name, n in sorted(stats.formats.items())) or "none"),
        markup=False)
    out("language pairs: " + (", ".join(f"{s}->{t} {n}" for (s, t), n in sorted(stats.language_pairs.items()))
                               or "none"), markup=False)
    out(f"documents: {len(stats.documents)}", markup=False)
    for document, n in stats.documents.items():
        out(f"  {document}  {n} segment(s)", markup=False, soft_wrap=True)
    histogram = ", ".join(f"{v} with {k}" for k, v in stats.renderings_per_source.items())
    out(f"sources: {stats.sources}; renderings per source: mean {stats.mean_renderings:.2f}, "
        f"max {stats.max_renderings}" + (f" (sources: {histogram})" if histogram else ""),
        markup=False, soft_wrap=True)
    if stats.states:
        out("states: " + ", ".join(f"{s} {n}" for s, n in sorted(stats.states.items())), markup=False)
    if stats.skipped:
        out("skipped:", markup=False)
        for reason, n in sorted(stats.skipped.items()):
            out(f"  {n}  {reason}", markup=False, soft_wrap=True)


def register(app: typer.Typer) -> None:
    app.add_typer(corpus_app, name="corpus")


@corpus_app.command("stats")
def stats_command(
    corpus: CorpusArg = None,
    source_lang: SourceLangOpt = None,
    target_lang: TargetLangOpt = None,
    fmt: FormatOpt = None,
    skip_bad: SkipBadOpt = False,
    include_obsolete: ObsoleteOpt = False,
    as_json: bool = typer.Option(False, "--json", help="Print the figures as JSON."),
) -> None:
    """Print what a corpus holds: files, formats, language pairs, documents, segments, renderings, skips.

    Renderings per source, segment states and records skipped (with their reasons) are counted.

    A bad file or record stops the read with its file and line, unless --skip-bad.
    """
    try:
        options = read_options(source_lang, target_lang, fmt, skip_bad, include_obsolete)
        stats = corpus_stats(corpus or [DEFAULT_CORPORA], options=options)
    except GlossaryError as error:
        raise fail(error) from None
    if as_json:
        typer.echo(json.dumps(stats.to_dict(), ensure_ascii=False, indent=2))
    else:
        render_stats(stats)
    _warn_all(stats.warnings, stats.warnings_not_kept)


@corpus_app.command("conflicts")
def conflicts_command(
    corpus: CorpusArg = None,
    source_lang: SourceLangOpt = None,
    target_lang: TargetLangOpt = None,
    fmt: FormatOpt = None,
    skip_bad: SkipBadOpt = False,
    include_obsolete: ObsoleteOpt = False,
    as_json: bool = typer.Option(False, "--json", help="Print the conflicts as JSON."),
    limit: Optional[int] = typer.Option(
        None, "--limit", min=1, help="Show only the first N conflicts (the count is always the whole)."),
) -> None:
    """List segment-level conflicts, no glossary needed: one source with several targets, and one
    target for several sources (what Translate Toolkit's poconflicts reports).

    Sources and targets are compared by the variance report's keys: case, Unicode form, tone-mark
    placement and punctuation inside a clause do not count. Same-source conflicts come first, the
    most variants first; each variant lists its segments.
    """
    try:
        options = read_options(source_lang, target_lang, fmt, skip_bad, include_obsolete)
        read = ReadStats()
        conflicts = find_segment_conflicts(read_corpus(expand_paths(corpus or [DEFAULT_CORPORA]), options, read))
    except GlossaryError as error:
        raise fail(error) from None
    shown = conflicts if limit is None else conflicts[:limit]
    if as_json:
        write_conflicts_json(shown, sys.stdout, segments=read.segments, total=len(conflicts))
    else:
        console.print(f"{read.segments} segment(s) read", markup=False)
        render_conflicts(conflicts, console, limit=limit)
    _warn_all(read.warnings, read.warnings_not_kept)


@corpus_app.command("convert")
def convert_command(
    inputs: list[Path] = typer.Argument(..., help="Corpus files or directories, in any supported format."),
    output: Path = typer.Option(..., "--output", "-o", help="File to write (replaced atomically)."),
    to: Optional[str] = typer.Option(
        None, "--to", help="Output format: tmx or jsonl. Default: from the output file's suffix."),
    source_lang: SourceLangOpt = None,
    target_lang: TargetLangOpt = None,
    fmt: FormatOpt = None,
    skip_bad: SkipBadOpt = False,
    include_obsolete: ObsoleteOpt = False,
) -> None:
    """Convert any mix of supported corpus files into one TMX or JSON Lines file.

    Renderings of one source stay together (one TMX unit); props, notes, states and inline markup are kept.
    Nothing is written if reading fails.
    """
    try:
        options = read_options(source_lang, target_lang, fmt, skip_bad, include_obsolete)
        writer = get_format(_output_format(to, output))
        read = ReadStats()
        # A previous output inside an input folder is not read back in.
        files = [p for p in expand_paths(inputs) if p.resolve() != output.resolve()]
        written = writer.write(read_corpus(files, options, read), output)
    except GlossaryError as error:
        raise fail(error) from None
    skipped = sum(read.skipped.values())
    err_console.print(f"wrote {written} segment(s) from {len(read.file_formats)} file(s) to {output} "
                      f"[{writer.name}]" + (f"; skipped {skipped}: " + ", ".join(
                          f"{n} {reason}" for reason, n in sorted(read.skipped.items())) if skipped else ""),
                      markup=False, soft_wrap=True)
    _warn_all(read.warnings, read.warnings_not_kept)


def _output_format(to: str | None, output: Path) -> str:
    writable = writable_formats()
    if to:
        if to not in writable:
            raise UsageError(f"cannot write {to!r}; --to takes one of: {', '.join(writable)}")
        return to
    for name in writable:
        if output.name.lower().endswith(get_format(name).suffixes):
            return name
    raise UsageError(f"cannot tell the output format from {output.name!r}; pass --to ({', '.join(writable)})")
