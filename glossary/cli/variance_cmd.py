"""`glossary variance`: check a corpus against the glossary and report how consistently terms are rendered."""
from __future__ import annotations

import os
import time
from enum import Enum
from pathlib import Path
from typing import Optional, TextIO

import click
import typer
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from glossary.cli.common import (
    DEFAULT_CORPORA,
    DEFAULT_GLOSSARY,
    DEFAULT_REPORTS,
    ENGINE_HELP,
    JOBS_HELP,
    SCHEDULER_HELP,
    SCHEDULER_METAVAR,
    Engine,
    console,
    err_console,
    fail,
)
from glossary.corpora.formats.base import ReadOptions
from glossary.errors import GlossaryError, UsageError
from glossary.files.atomic import atomic_stream
from glossary.render.csv_report import write_findings_csv, write_renderings_csv
from glossary.render.html import write_html
from glossary.render.json_report import write_json
from glossary.render.markdown import write_markdown
from glossary.render.text import render_text, write_plain_text
from glossary.store.termstore import load_glossary
from glossary.variance.checks import Severity
from glossary.variance.report import VarianceReport, apply_baseline, load_baseline, run_variance

TERMINAL_ROWS = 20  # concepts and findings shown in the terminal (a third as many conflicts); files hold everything
PROGRESS_AFTER = 0.5  # seconds before a progress display appears


class ReportFormat(str, Enum):
    text = "text"
    json = "json"
    csv = "csv"
    md = "md"
    html = "html"


class FailOn(str, Enum):
    error = "error"
    warning = "warning"


SUFFIX = {ReportFormat.text: ".txt", ReportFormat.json: ".json", ReportFormat.csv: ".csv",
          ReportFormat.md: ".md", ReportFormat.html: ".html"}


def _write(report: VarianceReport, fmt: ReportFormat, out: TextIO) -> None:
    """The report in ``fmt`` on ``out``, written as it is made (no whole-report string)."""
    if fmt is ReportFormat.text:
        write_plain_text(report, out)
    elif fmt is ReportFormat.json:
        write_json(report, out)
    elif fmt is ReportFormat.csv:
        write_findings_csv(report, out)
    elif fmt is ReportFormat.md:
        write_markdown(report, out)
    else:
        write_html(report, out)


def output_paths(raw: str, formats: list[ReportFormat]) -> dict[ReportFormat, Path]:
    """Where each format goes: a directory (existing, or written with a trailing /) gets variance.<ext>;
    a single format may name its file; otherwise ``raw`` is a stem and each format adds its suffix."""
    output = Path(raw)
    if output.is_dir() or raw.endswith(("/", os.sep)):
        return {fmt: output / f"variance{SUFFIX[fmt]}" for fmt in formats}
    if len(formats) == 1 and output.suffix:
        return {formats[0]: output}
    stem = output.with_suffix("") if output.suffix in SUFFIX.values() else output
    return {fmt: stem.parent / f"{stem.name}{SUFFIX[fmt]}" for fmt in formats}


class _LazyProgress:
    """A spinner with a count on stderr, shown only once a run has lasted a moment and only on a terminal."""

    def __init__(self) -> None:
        self.started = time.monotonic()
        self.progress: Progress | None = None
        self.task = None

    def __call__(self, done: int) -> None:
        if self.progress is None:
            if not err_console.is_terminal or time.monotonic() - self.started < PROGRESS_AFTER:
                return
            self.progress = Progress(SpinnerColumn(), TextColumn("checking pairs: {task.completed}"),
                                     TimeElapsedColumn(), console=err_console, transient=True)
            self.progress.start()
            self.task = self.progress.add_task("variance", total=None)
        self.progress.update(self.task, completed=done)

    def stop(self) -> None:
        if self.progress is not None:
            self.progress.stop()


def register(app: typer.Typer) -> None:
    @app.command("variance")
    def variance(
        corpus: Optional[list[Path]] = typer.Argument(
            None, help=f"Corpus files or directories (TMX, XLIFF, PO, CSV/TSV, JSONL, ...). Default: {DEFAULT_CORPORA}/."),
        glossary: Path = typer.Option(DEFAULT_GLOSSARY, "--glossary", "-g",
                                      help="Glossary directory (*.yaml) or one .yaml file."),
        source_lang: Optional[str] = typer.Option(None, "--source-lang", "-s",
                                                  help="Source language (vi, vi-VN): chosen where a file has several."),
        target_lang: Optional[str] = typer.Option(None, "--target-lang", "-t",
                                                  help="Target language: chosen where a file has several."),
        formats: Optional[list[ReportFormat]] = typer.Option(
            None, "--format", "-f", help="Report file format; repeat for several. Default: all of them."),
        output: str = typer.Option(str(DEFAULT_REPORTS / "variance"), "--output", "-o", metavar="PATH",
                                    help="Where to write: a stem (reports/variance -> reports/variance.json, ...), "
                                         "a directory, a file name for one --format, or - for standard output."),
        fail_on: Optional[FailOn] = typer.Option(None, "--fail-on",
                                                 help="Exit 1 when a finding is this severe or worse (for CI)."),
        baseline: Optional[Path] = typer.Option(None, "--baseline",
                                                help="Earlier JSON report: list only findings that are not in it."),
        jobs: int = typer.Option(1, "--jobs", "-j", min=1, help=JOBS_HELP),
        engine: Engine = typer.Option(Engine.local, "--engine", help=ENGINE_HELP),
        scheduler: Optional[str] = typer.Option(None, "--scheduler", metavar=SCHEDULER_METAVAR, help=SCHEDULER_HELP),
        discover: bool = typer.Option(False, "--discover",
                                      help="Also run discovery and report variant groups no glossary concept "
                                           "covers (drift the glossary does not know yet)."),
    ) -> None:
        """Check every aligned pair against the glossary and report term variance.

        Per glossary term in a source segment: preferred, admitted, deprecated, forbidden, misspelt or missing in the target (with a guess of what it wrote instead).

        Also: forbidden, deprecated and misspelt terms in the target; one term in several forms in one document; figures and currencies lost; per concept the renderings used, their variant class, a consistency score and the Herfindahl-Hirschman index; segments with one source and several targets.

        Prints a summary and the least consistent concepts, and writes the report under reports/ (--fail-on and --baseline for CI).
        """
        chosen = list(dict.fromkeys(formats or list(ReportFormat)))
        to_stdout = output == "-"
        progress = _LazyProgress()
        try:
            if to_stdout and len(chosen) != 1:
                raise UsageError("--output - writes one report to standard output: give exactly one --format")
            known = load_baseline(baseline) if baseline is not None else None
            terms = load_glossary(glossary)
            options = ReadOptions(source_lang=source_lang, target_lang=target_lang)
            report = run_variance(corpus or [DEFAULT_CORPORA], glossary=terms, glossary_path=str(glossary),
                                  options=options, progress=progress, jobs=jobs, engine=engine.value,
                                  scheduler=scheduler, discover=discover)
            progress.stop()
            if known is not None:
                apply_baseline(report, known, path=str(baseline))
            if to_stdout:
                stdout = click.get_text_stream("stdout")
                _write(report, chosen[0], stdout)
                stdout.flush()
            else:
                paths = output_paths(output, chosen)
                for fmt, path in paths.items():
                    # a temporary file beside the report, renamed when whole: never half a report
                    with atomic_stream(path) as out:
                        _write(report, fmt, out)
                    if fmt is ReportFormat.csv:
                        with atomic_stream(path.with_name(path.stem + "-renderings.csv")) as out:
                            write_renderings_csv(report, out)
                full = paths.get(ReportFormat.html) or paths.get(ReportFormat.text) or next(iter(paths.values()))
                render_text(report, console, limit=TERMINAL_ROWS, full_report=str(full))
                err_console.print("wrote " + ", ".join(str(p) for p in paths.values()), soft_wrap=True,
                                  markup=False, highlight=False)
        except GlossaryError as error:
            progress.stop()
            raise fail(error) from None
        if fail_on is not None and report.fails(Severity(fail_on.value)):
            err_console.print(f"failing: findings at {fail_on.value} or worse", markup=False)
            raise typer.Exit(1)
