"""`glossary discover`: source terms rendered in more than one way, found from the corpus alone."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from glossary.cli.common import (
    DEFAULT_CORPORA,
    DEFAULT_GLOSSARY,
    ENGINE_HELP,
    JOBS_HELP,
    SCHEDULER_HELP,
    SCHEDULER_METAVAR,
    Engine,
    err_console,
)
from glossary.corpora.formats import ReadOptions, get_format
from glossary.discovery import DiscoveryOptions, discover
from glossary.discovery.prepare import read_for_discovery
from glossary.discovery.suggest import write_suggestions
from glossary.errors import UsageError
from glossary.files.atomic import atomic_write_text
from glossary.model import Glossary
from glossary.render.discovery import RENDERERS, render
from glossary.store.termstore import glossary_files, load_glossary


def _glossary(path: Path | None, off: bool) -> Glossary | None:
    """The prior: --glossary PATH, else terms/ when it holds concepts; none with --no-glossary."""
    if off:
        if path is not None:
            raise UsageError("--glossary and --no-glossary contradict each other")
        return None
    if path is not None:
        return load_glossary(path)
    if DEFAULT_GLOSSARY.is_dir() and glossary_files(DEFAULT_GLOSSARY):
        glossary = load_glossary(DEFAULT_GLOSSARY)
        return glossary if len(glossary) else None
    return None


def _write(report, formats: list[str], output: Path | None) -> None:
    if output is None or str(output) == "-":
        if len(formats) > 1:
            raise UsageError("several --format values need --output DIR (one file per format)")
        typer.echo(render(report, formats[0]), nl=False)
        return
    if len(formats) == 1 and not output.is_dir():
        atomic_write_text(output, render(report, formats[0]))
        err_console.print(f"wrote {output}", markup=False, soft_wrap=True)
        return
    for fmt in formats:
        target = output / f"discovery.{RENDERERS[fmt][1]}"
        atomic_write_text(target, render(report, fmt))
        err_console.print(f"wrote {target}", markup=False, soft_wrap=True)


def register(app: typer.Typer) -> None:
    @app.command("discover")
    def discover_command(
        corpus: Optional[list[Path]] = typer.Argument(
            None, help=f"Corpus files or directories (walked recursively). Default: {DEFAULT_CORPORA}/."),
        source_lang: Optional[str] = typer.Option(
            None, "--source-lang", "-s", help="Source language tag (vi, vi-VN): chooses the pair when the corpus has several."),
        target_lang: Optional[str] = typer.Option(
            None, "--target-lang", "-t", help="Target language tag (en, en-GB): chooses the pair when the corpus has several."),
        fmt: Optional[list[str]] = typer.Option(
            None, "--format", "-f", help="Report format: text, json, csv, md or html; repeat for several (with --output DIR)."),
        output: Optional[Path] = typer.Option(
            None, "--output", "-o", help="Write the report here (a file; a directory when several formats). Default: stdout."),
        glossary: Optional[Path] = typer.Option(
            None, "--glossary", "-g", help=f"Use this glossary as a prior (default: {DEFAULT_GLOSSARY}/ when it has concepts)."),
        no_glossary: bool = typer.Option(
            False, "--no-glossary", help=f"Ignore {DEFAULT_GLOSSARY}/: discover from the corpus alone."),
        suggest: Optional[Path] = typer.Option(
            None, "--suggest", help="Also write candidate concepts in the terms/ format to this review file "
                                    "(never into the glossary; adopt them with a separate command)."),
        input_format: Optional[str] = typer.Option(
            None, "--input-format", help="Read every corpus file as this format instead of detecting it."),
        skip_bad: bool = typer.Option(
            False, "--skip-bad", help="Count and warn about bad records instead of stopping at the first."),
        min_passages: int = typer.Option(
            2, "--min-passages", min=1, help="Distinct source passages a recurring n-gram needs to be a candidate term."),
        jobs: int = typer.Option(1, "--jobs", "-j", min=1, help=JOBS_HELP),
        engine: Engine = typer.Option(Engine.local, "--engine", help=ENGINE_HELP),
        scheduler: Optional[str] = typer.Option(None, "--scheduler", metavar=SCHEDULER_METAVAR, help=SCHEDULER_HELP),
    ) -> None:
        """Find source terms rendered in more than one way, without a glossary.

        Candidate terms (recurring n-grams, names, acronyms, quoted phrases, numbers) are
        aligned to their renderings by co-occurrence, form and the comparison of several
        renderings of one source; each variant group is classified and ranked, real
        terminology drift first, with a proposed canonical rendering and its evidence.
        """
        formats = fmt or ["text"]
        unknown = [f for f in formats if f not in RENDERERS]
        if unknown:
            raise UsageError(f"unknown report format {unknown[0]!r} (known: {', '.join(RENDERERS)})")
        if input_format:
            get_format(input_format)
        prior = _glossary(glossary, no_glossary)
        paths = corpus or [DEFAULT_CORPORA]
        options = ReadOptions(source_lang=source_lang, target_lang=target_lang, format=input_format, skip_bad=skip_bad)
        # reading and tokenising run per partition (--jobs, Dask); the corpus-wide stages run here
        part = read_for_discovery(paths, options, jobs=jobs, engine=engine.value, scheduler=scheduler)
        stats = part.stats
        for warning in stats.warnings:
            err_console.print(f"warning: {warning}", markup=False, soft_wrap=True)
        if stats.warnings_not_kept:
            err_console.print(f"warning: ... and {stats.warnings_not_kept} more", markup=False, soft_wrap=True)
        report = discover(part.segments, source_lang=source_lang, target_lang=target_lang, glossary=prior,
                          options=DiscoveryOptions(min_passages=min_passages), inputs=[str(p) for p in paths],
                          prepared=part.prepared)
        del part  # the report holds what it needs; the tokens can go before rendering
        _write(report, formats, output)
        if suggest is not None:
            result = write_suggestions(report, suggest, glossary_root=glossary or DEFAULT_GLOSSARY, glossary=prior)
            err_console.print(f"wrote {len(result.concepts)} candidate concept(s) to {result.path} "
                              f"({len(result.skipped)} group(s) left out)", markup=False, soft_wrap=True)
