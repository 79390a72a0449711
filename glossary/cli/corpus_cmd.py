"""`glossary corpus`: what aligned corpora hold (`stats`, `formats`), segment conflicts (`conflicts`)
and normalising them (`convert`)."""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from glossary.cli.common import command, console, corpus_paths, note, showing_progress, warn_all
from glossary.cli.options import (
    Corpora,
    InputFormat,
    Json,
    Limit,
    SkipBad,
    SourceLang,
    TargetLang,
)
from glossary.errors import UsageError

if TYPE_CHECKING:
    from glossary.corpora.formats import ReadOptions
    from glossary.corpora.stats import CorpusStats

corpus_app = typer.Typer(
    help="Read aligned corpora (TMX, XLIFF, PO/MO, CSV/TSV, JSONL, parallel text): "
         "what they hold, segment conflicts, and conversion to TMX or JSONL.",
    no_args_is_help=True,
)

Obsolete = Annotated[bool, typer.Option(
    "--include-obsolete", help="PO: read obsolete (#~) entries too (they are counted either way). Default: off.")]


def read_options(source_lang: str | None, target_lang: str | None, input_format: str | None, skip_bad: bool,
                 include_obsolete: bool = False) -> ReadOptions:
    from glossary.corpora.formats import ReadOptions, get_format

    if input_format:
        get_format(input_format)  # unknown names fail here, before any file is read
    return ReadOptions(source_lang=source_lang, target_lang=target_lang, format=input_format, skip_bad=skip_bad,
                       include_obsolete=include_obsolete)


def require_pairs(segments: int, files: int, skipped: int, paths: list[Path]) -> None:
    """Zero pairs read is bad input (exit 2), never an empty result that passes."""
    if segments:
        return
    where = ", ".join(str(p) for p in paths)
    why = (f"{files} corpus file(s) read, {skipped} record(s) skipped" if files
           else "no file there is in a corpus format (glossary corpus formats lists them)")
    raise UsageError(f"no aligned pairs read from {where}: {why}")


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
@command
def stats_command(
    corpus: Corpora = None,
    source_lang: SourceLang = None,
    target_lang: TargetLang = None,
    input_format: InputFormat = None,
    skip_bad: SkipBad = False,
    include_obsolete: Obsolete = False,
    as_json: Json = False,
) -> None:
    """Print what a corpus holds: files, formats, language pairs, documents, segments, renderings, skips.

    Renderings per source, segment states and records skipped (with their reasons) are counted.

    A bad file or record stops the read with its file and line, unless --skip-bad.
    """
    from glossary.corpora.stats import corpus_stats

    options = read_options(source_lang, target_lang, input_format, skip_bad, include_obsolete)
    with showing_progress():
        stats = corpus_stats(corpus_paths(corpus), options=options)
    if as_json:
        typer.echo(json.dumps(stats.to_dict(), ensure_ascii=False, indent=2))
    else:
        render_stats(stats)
    warn_all(stats.warnings, stats.warnings_not_kept)


@corpus_app.command("formats")
@command
def formats_command(as_json: Json = False) -> None:
    """List the corpus formats --input-format takes, with the file suffixes each claims."""
    from glossary.corpora.formats import registered_formats

    formats = registered_formats()
    if as_json:
        typer.echo(json.dumps([{"name": f.name, "suffixes": list(f.suffixes), "description": f.description,
                                "writable": f.writable} for f in formats.values()], ensure_ascii=False, indent=2))
        return
    for fmt in formats.values():
        suffixes = " ".join(fmt.suffixes) or "name.<lang> pairs"
        console.print(f"{fmt.name:<9} {suffixes:<42} {fmt.description}" + ("  (writable)" if fmt.writable else ""),
                      markup=False, soft_wrap=True)


@corpus_app.command("conflicts")
@command
def conflicts_command(
    corpus: Corpora = None,
    source_lang: SourceLang = None,
    target_lang: TargetLang = None,
    input_format: InputFormat = None,
    skip_bad: SkipBad = False,
    include_obsolete: Obsolete = False,
    as_json: Json = False,
    limit: Limit = None,
) -> None:
    """List segment-level conflicts, no glossary needed: one source with several targets, and one
    target for several sources (what Translate Toolkit's poconflicts reports).

    Sources and targets are compared by the variance report's keys: case, Unicode form, tone-mark
    placement and punctuation inside a clause do not count. Same-source conflicts come first, the
    most variants first; each variant lists its segments.
    """
    from glossary.corpora.formats import ReadStats, expand_paths, read_corpus
    from glossary.render.json_report import write_conflicts_json
    from glossary.render.text import render_conflicts
    from glossary.variance.consistency import find_segment_conflicts

    options = read_options(source_lang, target_lang, input_format, skip_bad, include_obsolete)
    read = ReadStats()
    paths = corpus_paths(corpus)
    with showing_progress():
        conflicts = find_segment_conflicts(read_corpus(expand_paths(paths), options, read))
    require_pairs(read.segments, sum(read.files.values()), sum(read.skipped.values()), paths)
    shown = conflicts if limit is None else conflicts[:limit]
    if as_json:
        write_conflicts_json(shown, sys.stdout, segments=read.segments, total=len(conflicts))
    else:
        console.print(f"{read.segments} segment(s) read", markup=False)
        render_conflicts(conflicts, console, limit=limit)
    warn_all(read.warnings, read.warnings_not_kept)


@corpus_app.command("convert")
@command
def convert_command(
    inputs: Annotated[list[Path], typer.Argument(metavar="CORPUS...", help="Corpus files or directories, in any "
                                                                           "supported format.")],
    output: Annotated[Path, typer.Option("--output", "-o", metavar="FILE|-", help="File to write (replaced "
                                         "atomically), or - for standard output (then --format is needed).")],
    to: Annotated[Optional[str], typer.Option(
        "--format", "-f", "--to", metavar="tmx|jsonl", show_default=False,
        help="Output format. Default: from the output file's suffix.")] = None,
    source_lang: SourceLang = None,
    target_lang: TargetLang = None,
    input_format: InputFormat = None,
    skip_bad: SkipBad = False,
    include_obsolete: Obsolete = False,
) -> None:
    """Convert any mix of supported corpus files into one TMX or JSON Lines file.

    Renderings of one source stay together (one TMX unit); props, notes, states and inline markup are kept.
    Nothing is written if reading fails.
    """
    from glossary.corpora.formats import (
        ReadStats,
        expand_paths,
        get_format,
        read_corpus,
    )
    from glossary.files.atomic import WRITE_ERRNOS

    options = read_options(source_lang, target_lang, input_format, skip_bad, include_obsolete)
    to_stdout = str(output) == "-"
    writer = get_format(_output_format(to, output, to_stdout))
    read = ReadStats()
    # A previous output inside an input folder is not read back in.
    files = [p for p in expand_paths(inputs) if to_stdout or p.resolve() != output.resolve()]
    segments = read_corpus(files, options, read)
    if to_stdout:
        try:
            written = writer.write_stream(segments, sys.stdout)
            sys.stdout.flush()
        except OSError as error:
            if error.filename is not None or error.errno not in WRITE_ERRNOS:
                raise
            raise OSError(error.errno, error.strerror, "<standard output>") from None  # a full disk behind stdout
    else:
        with showing_progress():
            written = writer.write(segments, output)  # refuses zero segments, leaving any old file as it was
    skipped = sum(read.skipped.values())
    note(f"wrote {written} segment(s) from {len(read.file_formats)} file(s) to {output} [{writer.name}]"
         + (f"; skipped {skipped}: " + ", ".join(f"{n} {reason}" for reason, n in sorted(read.skipped.items()))
            if skipped else ""))
    warn_all(read.warnings, read.warnings_not_kept)


def _output_format(to: str | None, output: Path, to_stdout: bool) -> str:
    from glossary.corpora.formats import get_format
    from glossary.corpora.formats.base import writable_formats

    writable = writable_formats()
    if to:
        if to not in writable:
            raise UsageError(f"cannot write {to!r}; --format takes one of: {', '.join(writable)}")
        return to
    if to_stdout:
        raise UsageError(f"--output - needs --format ({', '.join(writable)})")
    for name in writable:
        if output.name.lower().endswith(get_format(name).suffixes):
            return name
    raise UsageError(f"cannot tell the output format from {output.name!r}; pass --format ({', '.join(writable)})")
