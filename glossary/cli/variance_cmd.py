"""`glossary variance`: check a corpus against the glossary and report how consistently terms are rendered."""
from __future__ import annotations

import os
import sys
import time
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional, TextIO

import typer

from glossary.cli.common import (
    CONSOLES,
    DEFAULT_REPORTS,
    EXIT_FINDINGS,
    SETTINGS,
    Engine,
    command,
    corpus_paths,
    detail,
    glossary_path,
    note,
    project_path,
    showing_progress,
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
    from glossary.variance.report import VarianceReport

TERMINAL_ROWS = 20  # concepts and findings shown in the terminal (a third as many conflicts); files hold everything


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
# what a default run writes: what a person reads; JSON, CSV and Markdown on request (--format)
DEFAULT_FORMATS = [ReportFormat.text, ReportFormat.html]


def chunk_folder(html: Path) -> Path:
    """Where a large HTML report puts its data: beside it, as a browser saves a page "complete"."""
    return html.with_name(f"{html.stem}_files")


def tidy_chunk_folder(folder: Path, written: set[Path]) -> None:
    """Remove what an earlier, larger report left in ``folder`` (its chunk scripts) and the folder
    itself once empty; only ``*.js`` files are ever removed."""
    if not folder.is_dir():
        return
    for path in folder.glob("*.js"):
        if path not in written:
            path.unlink(missing_ok=True)
    if not any(folder.iterdir()):
        folder.rmdir()


def _write(report: VarianceReport, fmt: ReportFormat, out: TextIO, *, files: Any = None, path: Path | None = None,
           full_report: str | None = None, **progress: Any) -> None:
    """The report in ``fmt`` on ``out``, written as it is made (no whole-report string); ``progress``:
    the writers' ``progress=`` and ``phase=``. With ``files`` (the run's ``WriteSet``) and ``path``, a
    large HTML report writes its data beside ``path``; ``full_report`` is where the text summary says
    the rest is."""
    from glossary.render.csv_report import write_findings_csv
    from glossary.render.html import write_html
    from glossary.render.json_report import write_json
    from glossary.render.markdown import write_markdown
    from glossary.render.text import write_plain_text

    if fmt is ReportFormat.text:
        write_plain_text(report, out, full_report=full_report, **progress)
    elif fmt is ReportFormat.json:
        write_json(report, out, **progress)
    elif fmt is ReportFormat.csv:
        write_findings_csv(report, out, **progress)
    elif fmt is ReportFormat.md:
        write_markdown(report, out, **progress)
    elif files is not None and path is not None:
        folder = chunk_folder(path)
        write_html(report, out, chunks=lambda name: files.open(folder / name), folder=folder.name, **progress)
    else:
        write_html(report, out, **progress)


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


def require_checkable(report: VarianceReport, glossary: Glossary, paths: list[Path]) -> None:
    """Zero pairs read, or none in a language pair the glossary has terms for, is bad input (exit 2):
    a report of nothing checked must not pass CI with a 100% score. (Pairs only some of which are
    checkable are named in the report's warnings.)"""
    from glossary.cli.corpus_cmd import require_pairs
    from glossary.model.langtags import base_language

    summary = report.summary
    require_pairs(summary.segments, summary.files, sum(summary.skipped.values()), paths)
    languages = {base_language(lang) for concept in glossary for lang in concept.terms}
    pairs = [pair.split("->") for pair in summary.language_pairs]
    if not any(base_language(s) in languages and base_language(t) in languages for s, t in pairs):
        missing = sorted({base_language(lang) for pair in pairs for lang in pair} - languages)
        raise UsageError(f"nothing to check: the glossary has no terms in {', '.join(missing)} "
                         f"(it has {', '.join(sorted(languages)) or 'no terms'}), and every pair read "
                         f"({', '.join(summary.language_pairs)}) needs them")


def _ids(values: list[str]) -> list[str]:
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def check_profile(path: Path | None, enable: list[str], disable: list[str], severity: list[str]) -> Any:
    """The project's check profile (or ``path``'s) with the command line's choices on top."""
    from glossary.variance.profile import project_profile

    profile = project_profile(path=path)
    if profile.source:
        detail(f"check profile {profile.source}: {profile.summary()}")
    return profile.with_overrides(enable=_ids(enable), disable=_ids(disable), severity=_ids(severity))


def register(app: typer.Typer) -> None:
    app.command("variance")(variance)


@command
def variance(
    corpus: Corpora = None,
    glossary: GlossaryOpt = None,
    source_lang: SourceLang = None,
    target_lang: TargetLang = None,
    input_format: InputFormat = None,
    skip_bad: SkipBad = False,
    formats: Annotated[Optional[list[ReportFormat]], typer.Option(
        "--format", "-f", metavar="text|json|csv|md|html", show_default=False,
        help="Report file format; repeat for several. Default: text and html (the summary, and the "
             "page with every finding, paged and filtered); json, csv and md on request.")] = None,
    output: Annotated[Optional[str], typer.Option(
        "--output", "-o", metavar="PATH|-", show_default=False,
        help="Where to write: a stem (reports/variance -> reports/variance.json, ...), a directory, a file name "
             "for one --format, or - for standard output. Default: reports/variance in the project.")] = None,
    as_json: Json = False,
    fail_on: Annotated[Optional[FailOn], typer.Option(
        "--fail-on", metavar="error|warning", show_default=False,
        help="Exit 1 when a finding is this severe or worse (for CI). Default: exit 0 whatever is found.")] = None,
    baseline: Annotated[Optional[Path], typer.Option(
        "--baseline", metavar="FILE", show_default=False,
        help="Earlier JSON report: list only findings that are not in it. Default: none.")] = None,
    jobs: Jobs = 1,
    engine: EngineOpt = Engine.local,
    scheduler: Scheduler = None,
    discover: Annotated[bool, typer.Option(
        "--discover", help="Also run discovery and report variant groups no glossary concept covers (drift the "
                           "glossary does not know yet). Default: off.")] = False,
    bom: Annotated[bool, typer.Option(
        "--bom/--no-bom", help="Start the CSV report files with a UTF-8 byte order mark, so that Excel opens "
                               "Vietnamese correctly on a double-click (never on standard output).")] = True,
    enable: Annotated[Optional[list[str]], typer.Option(
        "--enable", metavar="CHECK[,CHECK]", show_default=False,
        help="Run only these checks (as pofilter --test); repeat or join with commas. Default: every check, or "
             "the project file's list.")] = None,
    disable: Annotated[Optional[list[str]], typer.Option(
        "--disable", metavar="CHECK[,CHECK]", show_default=False,
        help="Do not run these checks (as pofilter --excludefilter), on top of the project file's. Default: none.")] = None,
    severity: Annotated[Optional[list[str]], typer.Option(
        "--severity", metavar="CHECK=LEVEL", show_default=False,
        help="Re-grade a check: error, warning or info (e.g. term.missing=info); repeat for several. Default: "
             "each check's own, or the project file's.")] = None,
    profile_file: Annotated[Optional[Path], typer.Option(
        "--profile", metavar="FILE", show_default=False,
        help="Read the check profile ([checks] of a glossary.toml, [tool.glossary.checks] of a pyproject.toml) "
             "from FILE. Default: glossary.toml, or pyproject.toml with [tool.glossary], in the nearest folder "
             "from here up to the project's root.")] = None,
) -> None:
    """Check every aligned pair against the glossary and report term variance.

    Per glossary term in a source segment: preferred, admitted, deprecated, forbidden, misspelt or missing in the target (with a guess of what it wrote instead).

    Also: forbidden, deprecated and misspelt terms in the target; one term in several forms in one document; figures and currencies lost; per concept the renderings used, their variant class, a consistency score and the Herfindahl-Hirschman index; segments with one source and several targets.

    Prints a summary that leads with what to fix (the errors, then the concepts with forbidden, misspelt or deprecated renderings, by how often they are used), and writes reports/variance.txt (that summary) and reports/variance.html (the page with every finding, paged and filtered by severity, check and document; a large report keeps its data in reports/variance_files/); --format json, csv, md for the other formats (--fail-on and --baseline for CI).

    Which checks run and at what severity: [checks] of a glossary.toml, or [tool.glossary.checks] of pyproject.toml, in the project (enable, disable, [checks.severity]); --enable, --disable and --severity on top of it. The report's signature names the profile. Exit status: 0 nothing at or above --fail-on, 1 findings at or above it, 2 bad usage or input (also when no pair could be checked), 3 the report could not be written.
    """
    from glossary.cli.corpus_cmd import read_options
    from glossary.files.atomic import atomic_write_set
    from glossary.render.csv_report import EXCEL_BOM, write_renderings_csv
    from glossary.render.text import render_text
    from glossary.store.load import load_glossary
    from glossary.variance.checks import Severity
    from glossary.variance.report import apply_baseline, load_baseline, run_variance

    if as_json:
        if formats and formats != [ReportFormat.json] or output not in (None, "-"):
            raise UsageError("--json prints the JSON report on standard output: leave out --format and --output")
        formats, output = [ReportFormat.json], "-"
    chosen = list(dict.fromkeys(formats or DEFAULT_FORMATS))
    output = output or str(project_path(DEFAULT_REPORTS) / "variance")
    to_stdout = output == "-"
    if to_stdout and len(chosen) != 1:
        raise UsageError("--output - writes one report to standard output: give exactly one --format")
    known = load_baseline(baseline) if baseline is not None else None
    profile = check_profile(profile_file, enable or [], disable or [], severity or [])
    where = glossary_path(glossary)
    started = time.perf_counter()
    terms = load_glossary(where)
    detail(f"glossary {where}: {len(terms)} concepts, {terms.term_count()} terms "
           f"({time.perf_counter() - started:.2f} s)")
    options = read_options(source_lang, target_lang, input_format, skip_bad)
    paths = corpus_paths(corpus)
    with showing_progress() as progress:
        report = run_variance(paths, glossary=terms, glossary_path=str(where), options=options,
                              jobs=jobs, engine=engine.value, scheduler=scheduler, discover=discover,
                              progress=progress, profile=profile)
        require_checkable(report, terms, paths)
        summary = report.summary
        detail(f"read {summary.segments} pairs ({', '.join(summary.language_pairs)}) from {summary.files} "
               f"file(s), {sum(summary.skipped.values())} skipped; checked in {time.perf_counter() - started:.2f} s")
        started = time.perf_counter()
        if known is not None:
            apply_baseline(report, known, path=str(baseline))
        paths_out = {} if to_stdout else output_paths(output, chosen)
        html_path = paths_out.get(ReportFormat.html)
        # every file to a temporary name, renamed together at the end: never half a report, never a set
        # that mixes this run's files with an earlier run's
        with atomic_write_set() as files:
            for fmt, path in paths_out.items():
                with files.open(path) as out:
                    if fmt is ReportFormat.csv and bom:
                        out.write(EXCEL_BOM)
                    _write(report, fmt, out, files=files, path=path, progress=progress, phase=f"writing {path}",
                           full_report=str(html_path) if html_path else None)
                if fmt is ReportFormat.csv:
                    renderings = path.with_name(path.stem + "-renderings.csv")
                    with files.open(renderings) as out:
                        if bom:
                            out.write(EXCEL_BOM)
                        write_renderings_csv(report, out, progress=progress, phase=f"writing {renderings}")
            written = set(files.paths)
        if html_path is not None:
            tidy_chunk_folder(chunk_folder(html_path), written)
    if to_stdout:  # after the progress display is gone: standard output may be the same terminal
        _write(report, chosen[0], sys.stdout)
        sys.stdout.flush()
    else:
        full = paths_out.get(ReportFormat.html) or paths_out.get(ReportFormat.text) or next(iter(paths_out.values()))
        if not SETTINGS.quiet:
            render_text(report, CONSOLES.out, limit=TERMINAL_ROWS, full_report=str(full))
        folder = chunk_folder(html_path) if html_path is not None else None
        beside = f" (its data in {folder}/)" if folder is not None and folder.is_dir() else ""
        note("wrote " + ", ".join(str(p) + (beside if p == html_path else "") for p in paths_out.values()))
        detail(f"reports written in {time.perf_counter() - started:.2f} s")
    if fail_on is not None and report.fails(Severity(fail_on.value)):
        CONSOLES.err.print(f"failing: findings at {fail_on.value} or worse", markup=False)
        raise typer.Exit(EXIT_FINDINGS)
