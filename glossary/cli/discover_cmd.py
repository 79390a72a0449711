"""`glossary discover`: source terms rendered in more than one way, found from the corpus alone."""
from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from glossary.cli.common import (
    Engine,
    command,
    corpus_paths,
    detail,
    glossary_path,
    note,
    optional_glossary_path,
    showing_progress,
    warn_all,
)
from glossary.cli.options import (
    Corpora,
    EngineOpt,
    GlossaryOpt,
    InputFormat,
    Jobs,
    Json,
    Scheduler,
    SkipBad,
    SourceLang,
    TargetLang,
)
from glossary.errors import UsageError

if TYPE_CHECKING:
    from glossary.model import Glossary

REPORT_FORMATS = ("text", "json", "csv", "md", "html")  # render.discovery.RENDERERS, held equal by a test


def _glossary(path: Path | None, off: bool) -> Glossary | None:
    """The prior: --glossary PATH, else the project's terms/ when it holds concepts; none with --no-glossary."""
    from glossary.store.load import glossary_files, load_glossary

    if off:
        if path is not None:
            raise UsageError("--glossary and --no-glossary contradict each other")
        return None
    if path is not None:
        return load_glossary(glossary_path(path))
    found = optional_glossary_path(None)
    if found is not None and (found.is_file() or glossary_files(found)):
        glossary = load_glossary(found)
        return glossary if len(glossary) else None
    return None


def _write(report, formats: list[str], output: Path | None) -> None:
    from glossary.files.atomic import atomic_write_set
    from glossary.render.discovery import RENDERERS, render

    if output is None or str(output) == "-":
        if len(formats) > 1:
            raise UsageError("several --format values need --output DIR (one file per format)")
        sys.stdout.write(render(report, formats[0]))
        sys.stdout.flush()
        return
    if len(formats) == 1 and not output.is_dir():
        targets = {output: formats[0]}
    else:
        targets = {output / f"discovery.{RENDERERS[fmt][1]}": fmt for fmt in formats}
    with atomic_write_set() as files:  # all or nothing, as the variance report set
        for target, fmt in targets.items():
            with files.open(target) as out:
                out.write(render(report, fmt))
    for target in targets:
        note(f"wrote {target}")


def register(app: typer.Typer) -> None:
    app.command("discover")(discover_command)


@command
def discover_command(
    corpus: Corpora = None,
    source_lang: SourceLang = None,
    target_lang: TargetLang = None,
    fmt: Annotated[Optional[list[str]], typer.Option(
        "--format", "-f", metavar="text|json|csv|md|html", show_default=False,
        help="Report format; repeat for several (with --output DIR). Default: text.")] = None,
    output: Annotated[Optional[Path], typer.Option(
        "--output", "-o", metavar="PATH|-", show_default=False,
        help="Write the report here (a file; a directory when several formats). Default: standard output.")] = None,
    as_json: Json = False,
    glossary: GlossaryOpt = None,
    no_glossary: Annotated[bool, typer.Option(
        "--no-glossary", help="Ignore terms/: discover from the corpus alone. Default: use terms/ as a prior when "
                              "it has concepts.")] = False,
    suggest: Annotated[Optional[Path], typer.Option(
        "--suggest", metavar="FILE", show_default=False,
        help="Also write candidate concepts in the terms/ format to this review file (never into the glossary; "
             "adopt them with a separate command). Default: none.")] = None,
    input_format: InputFormat = None,
    skip_bad: SkipBad = False,
    min_passages: Annotated[int, typer.Option(
        "--min-passages", metavar="N", min=1,
        help="Distinct source passages a recurring n-gram needs to be a candidate term.")] = 2,
    jobs: Jobs = 1,
    engine: EngineOpt = Engine.local,
    scheduler: Scheduler = None,
) -> None:
    """Find source terms rendered in more than one way, without a glossary.

    Candidate terms (recurring n-grams, names, acronyms, quoted phrases, numbers) are
    aligned to their renderings by co-occurrence, form and the comparison of several
    renderings of one source; each variant group is classified and ranked, real
    terminology drift first, with a proposed canonical rendering and its evidence.
    Exit status 2 when no pair could be read.
    """
    from glossary.cli.corpus_cmd import read_options, require_pairs
    from glossary.discovery import DiscoveryOptions, discover
    from glossary.discovery.prepare import read_for_discovery
    from glossary.discovery.suggest import write_suggestions

    if as_json:
        if fmt and fmt != ["json"] or output not in (None, Path("-")):
            raise UsageError("--json prints the JSON report on standard output: leave out --format and --output")
        fmt, output = ["json"], None
    formats = fmt or ["text"]
    unknown = [f for f in formats if f not in REPORT_FORMATS]
    if unknown:
        raise UsageError(f"unknown report format {unknown[0]!r} (known: {', '.join(REPORT_FORMATS)})")
    prior = _glossary(glossary, no_glossary)
    paths = corpus_paths(corpus)
    options = read_options(source_lang, target_lang, input_format, skip_bad)
    # reading and tokenising run per partition (--jobs, Dask); the corpus-wide stages run here
    started = time.perf_counter()
    with showing_progress():  # reading, then each corpus-wide stage, as phases on stderr
        part = read_for_discovery(paths, options, jobs=jobs, engine=engine.value, scheduler=scheduler)
        stats = part.stats
        require_pairs(stats.segments, sum(stats.files.values()), sum(stats.skipped.values()), paths)
        detail(f"read {stats.segments} pairs from {sum(stats.files.values())} file(s), "
               f"{sum(stats.skipped.values())} skipped, in {time.perf_counter() - started:.2f} s")
        started = time.perf_counter()
        report = discover(part.segments, source_lang=source_lang, target_lang=target_lang, glossary=prior,
                          options=DiscoveryOptions(min_passages=min_passages), inputs=[str(p) for p in paths],
                          prepared=part.prepared)
        del part  # the report holds what it needs; the tokens can go before rendering
    warn_all(stats.warnings, stats.warnings_not_kept)
    detail(f"{len(report.groups)} variant group(s) mined in {time.perf_counter() - started:.2f} s")
    _write(report, formats, output)
    if suggest is not None:
        root = glossary_path(glossary) if glossary is not None else optional_glossary_path(None)
        result = write_suggestions(report, suggest, glossary_root=root or Path("terms"), glossary=prior)
        note(f"wrote {len(result.concepts)} candidate concept(s) to {result.path} "
             f"({len(result.skipped)} group(s) left out)")
