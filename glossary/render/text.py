"""The variance report for a terminal (and, without colour, for ``reports/variance.txt``).

Summary first (corpus, glossary, scores, what to fix), then the errors, then the concepts
in the order of what to fix first (``consistency.fix_order``: forbidden and misspelt
renderings, then deprecated ones, by how often they are used), then the other findings,
worst first. User text is printed as ``rich.text.Text``, never
as markup. With ``limit`` the long sections stop after that many rows and say how
many more there are and where the full report is: nothing is cut silently.
"""
from __future__ import annotations

from itertools import islice
from typing import Callable, Iterator, TextIO

from rich.console import Console
from rich.table import Table
from rich.text import Text

from glossary.progress import NO_PROGRESS, Progress, counted
from glossary.render.lines import rendered, writing
from glossary.render.spans import excerpt, percent
from glossary.variance.checks import Finding
from glossary.variance.consistency import ConceptConsistency, Conflict, DocumentConsistency
from glossary.variance.report import VarianceReport

SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan", "ok": "green"}
CLASS_STYLE = {
    "lexical": "red", "numeric": "magenta", "abbreviation": "blue", "misspelling": "bold red",
    "diacritics": "yellow", "us-uk-spelling": "yellow", "case-hyphen": "dim", "orthographic": "dim",
    "identical": "green", "missing": "dim",
}
FIX_STYLE = {"error": "bold red", "warning": "yellow", "unlisted": "magenta", "missing": "dim", "admitted": "cyan",
             "none": "green"}
FIX_LABEL = {"error": "error", "warning": "deprecated", "unlisted": "unlisted", "missing": "left out",
             "admitted": "admitted", "none": "ok"}

# Long lists are printed as tables of this many rows: never one table of all of them in memory
ROWS_PER_TABLE = 500
CONCEPT_COLUMNS = (("concept", "left"), ("to fix", "left"), ("consistent (preferred)", "right"),
                   ("HHI", "right"), ("class", "left"), ("renderings (count, class, status)", "left"))
DOCUMENT_COLUMNS = (("document", "left"), ("concepts", "right"), ("occurrences", "right"), ("micro", "right"),
                    ("macro", "right"))
FINDING_COLUMNS = (("severity", "left"), ("check", "left"), ("segment", "left"), ("finding", "left"))


def _score_style(value: float) -> str:
    return "green" if value >= 0.9 else "yellow" if value >= 0.6 else "red"


def _more(console: Console, shown: int, total: int, what: str, full_report: str | None) -> None:
    if total > shown:
        where = f"; all of them are in {full_report}" if full_report else ""
        console.print(Text(f"… {total - shown} more {what}{where}", style="dim"))


def render_text(report: VarianceReport, console: Console, *, limit: int | None = None,
                full_report: str | None = None, progress: Progress = NO_PROGRESS,
                phase: str = "writing text", everything: str | None = None) -> None:
    """The report on ``console``; sections cut at ``limit`` say that ``full_report`` has the rest of
    the findings and concepts and ``everything`` (default: ``full_report``) the rest of the documents,
    conflicts and groups. With ``progress``, the phase ``phase`` counts the rows printed
    (concepts, findings, documents, conflicts). Printing to a terminal while a progress display
    runs on it garbles both: give ``progress`` when ``console`` writes to a file."""
    concepts = to_fix(report)
    errors = report.summary.findings.get("error", 0)
    everything = everything or full_report
    if progress.enabled:
        rows = (min(len(concepts), limit) if limit is not None else len(concepts))
        others = len(report.findings) - errors
        rows += (min(errors, max(0, limit)) + min(others, max(0, limit))) if limit is not None else len(report.findings)
        rows += min(len(report.documents), limit) if limit is not None else len(report.documents)
        rows += min(len(report.conflicts), max(1, limit // 3)) if limit is not None else len(report.conflicts)
        writing(progress, phase, rows)
    s = report.summary
    settings = report.settings
    scores = s.consistency
    console.print(Text("Variance report", style="bold"))
    corpus = ", ".join(settings.corpus) or "-"
    console.print(Text.assemble(("corpus    ", "dim"), f"{corpus}: {s.files} file(s), {s.segments} pairs, "
                                f"{s.documents} document(s), {', '.join(s.language_pairs) or 'no pairs'}"))
    console.print(Text.assemble(("glossary  ", "dim"), f"{settings.glossary or '-'}: {settings.glossary_concepts} concepts, "
                                f"{settings.glossary_terms} terms, sha256 {settings.glossary_fingerprint[:12]}"))
    console.print(Text.assemble(("signature ", "dim"), (report.signature, "dim")), soft_wrap=True)
    if settings.profile_signature != "default":
        console.print(Text.assemble(("profile   ", "dim"), settings.profile), soft_wrap=True)
    console.print(Text.assemble(("evidence  ", "dim"), settings.evidence), soft_wrap=True)
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold")
    grid.add_column()
    grid.add_row("To fix", fix_summary_text(report))
    grid.add_row("Consistency", Text.assemble(
        (f"micro {percent(scores.micro)}", _score_style(scores.micro)), " · ",
        (f"macro {percent(scores.macro)}", _score_style(scores.macro)),
        f" (preferred or admitted) · mean HHI {scores.mean_hhi:.2f} · {scores.concepts} concepts, "
        f"{scores.occurrences} occurrences"))
    grid.add_row("Findings", Text.assemble(
        (f"{s.findings.get('error', 0)} errors", SEVERITY_STYLE["error"]), " · ",
        (f"{s.findings.get('warning', 0)} warnings", SEVERITY_STYLE["warning"]), " · ",
        (f"{s.findings.get('info', 0)} info", SEVERITY_STYLE["info"]),
        f" · {s.ok} renderings as preferred"))
    grid.add_row("Conflicts", f"{s.conflicts.get('same-source', 0)} sources with several targets · "
                              f"{s.conflicts.get('same-target', 0)} targets for several sources")
    if s.baseline:
        grid.add_row("Baseline", f"{s.baseline['known']} known findings left out ({s.baseline['file']})")
    console.print(grid)
    for warning in report.warnings:
        console.print(Text(f"warning: {warning}", style="yellow"))

    longest = report.findings.longest
    widths = lambda: [longest()[name] for name in ("severity", "check", "segment")]  # noqa: E731
    total = len(report.findings)
    if errors:
        shown_errors = errors if limit is None else min(errors, max(0, limit))
        console.print()
        console.print(Text(f"Errors ({errors})", style="bold"))
        _print_in_parts(console, FINDING_COLUMNS, map(_finding_row, report.findings.ordered(shown_errors)),
                        shown_errors, widths, progress)
        _more(console, shown_errors, errors, "errors", full_report)

    shown = concepts if limit is None else concepts[:limit]
    console.print()
    console.print(Text(f"Concepts, what to fix first ({len(concepts)} of {len(report.concepts)} not rendered "
                       "by the preferred term alone)", style="bold"))
    _print_in_parts(console, CONCEPT_COLUMNS, map(_concept_row, shown), len(shown), lambda: [
        max(map(len, (c.concept_id for c in shown))), max(len(_fix_label(c)) for c in shown),
        len("100.0% (100.0%)"), len("0.00"), len("never rendered")], progress)
    _more(console, len(shown), len(concepts), "concepts", full_report)

    others = total - errors
    shown_count = others if limit is None else min(others, max(0, limit))
    console.print()
    console.print(Text(f"Warnings and info ({others})", style="bold"))
    _print_in_parts(console, FINDING_COLUMNS,
                    map(_finding_row, islice(report.findings.ordered(errors + shown_count), errors, None)),
                    shown_count, widths, progress)
    _more(console, shown_count, others, "findings", full_report)

    if report.documents:
        console.print()
        console.print(Text("Documents (least consistent first)", style="bold"))
        documents = report.documents if limit is None else report.documents[:limit]
        _print_in_parts(console, DOCUMENT_COLUMNS, map(_document_row, documents), len(documents), lambda: [
            max(len(d.document) for d in documents), max(len(str(d.concepts)) for d in documents),
            max(len(str(d.occurrences)) for d in documents), len("100.0%"), len("100.0%")], progress)
        _more(console, len(documents), len(report.documents), "documents", everything)

    if report.conflicts:
        console.print()
        render_conflicts(report.conflicts, console, limit=None if limit is None else max(1, limit // 3),
                         full_report=everything, progress=progress)

    if report.discovered is not None:
        shown_groups = report.discovered if limit is None else report.discovered[:limit]
        console.print()
        console.print(Text(f"Drift outside the glossary (discovery, {len(report.discovered)} groups)", style="bold"))
        for group in shown_groups:
            console.print(Text.assemble((f"[{group['class']}] ", "dim"), group["source_term"] or "(target only)",
                                        " -> ", discovered_renderings(group)))
        _more(console, len(shown_groups), len(report.discovered), "groups", everything)


def render_conflicts(conflicts: list[Conflict], console: Console, *, limit: int | None = None,
                     full_report: str | None = None, progress: Progress = NO_PROGRESS) -> None:
    """Segment-level conflicts: each shared text, then its variants with their segments."""
    shown = conflicts if limit is None else conflicts[:limit]
    console.print(Text(f"Segment conflicts ({len(conflicts)})", style="bold"))
    for conflict in counted(shown, progress):
        label = "one source, several targets" if conflict.kind == "same-source" else "one target, several sources"
        console.print(Text.assemble((f"{label}: ", "dim"), conflict.text))
        for variant in conflict.variants:
            console.print(Text.assemble("  • ", variant.text, (f"  [{', '.join(variant.segments)}]", "dim")))
    _more(console, len(shown), len(conflicts), "conflicts", full_report)


def _print_in_parts(console: Console, columns: tuple[tuple[str, str], ...], rows: Iterator[tuple],
                    count: int, widths: Callable[[], list[int]], progress: Progress = NO_PROGRESS) -> None:
    """Print ``count`` rows as tables of ``ROWS_PER_TABLE`` rows, so a long list is never one
    table in memory. With more than one table the columns get fixed widths, so the tables,
    printed one under another, line up (the header is printed once): ``widths()`` gives each
    column's longest value, or each but the last's, which then takes the rest of the line."""
    fixed = None
    if count > ROWS_PER_TABLE:
        fixed = [max(len(name), width) for (name, _), width in zip(columns, widths())]
        if len(fixed) < len(columns):  # the last column takes the rest of the line
            # borders and padding: one rule at each column edge, one space each side of each cell
            fixed.append(max(len(columns[-1][0]), console.width - sum(fixed) - (len(columns) + 1) - 2 * len(columns)))
    for first in range(0, count, ROWS_PER_TABLE):
        table = Table(expand=False, show_header=first == 0)
        for index, (name, justify) in enumerate(columns):
            # a value wider than its column (only when the line is too narrow for all) folds, never cut
            table.add_column(name, justify=justify, width=fixed[index] if fixed else None,  # type: ignore[arg-type]
                             overflow="fold")
        for row in islice(rows, ROWS_PER_TABLE):
            table.add_row(*row)
        console.print(table)
        progress.advance(table.row_count)


def to_fix(report: VarianceReport) -> list[ConceptConsistency]:
    """The concepts a report lists first: all but those rendered by the preferred term alone, in the
    report's order (what to fix first)."""
    return [c for c in report.concepts if c.fix != "none"]


def fix_summary(report: VarianceReport) -> list[tuple[str, int, int]]:
    """(tier, concepts, uses) for the tiers with something to fix: wrong uses for the forbidden/misspelt
    and deprecated tiers, occurrences not consistent for the others."""
    out = []
    for tier in ("error", "warning", "unlisted", "missing"):
        members = [c for c in report.concepts if c.fix == tier]
        if members:
            uses = sum(c.wrong_uses if tier in ("error", "warning") else c.occurrences - c.consistent for c in members)
            out.append((tier, len(members), uses))
    return out


FIX_SENTENCE = {"error": "with forbidden, misspelt or figure-changing renderings ({uses} uses)",
                "warning": "with deprecated renderings ({uses} uses)",
                "unlisted": "with renderings the glossary does not list ({uses} uses)",
                "missing": "left out of the target ({uses} times)"}


def fix_summary_text(report: VarianceReport) -> Text:
    parts = fix_summary(report)
    if not parts:
        return Text("nothing: every concept is rendered by a preferred or admitted term", style="green")
    text = Text()
    for i, (tier, concepts, uses) in enumerate(parts):
        if i:
            text.append(" · ")
        text.append(f"{concepts} concept{'s' if concepts != 1 else ''} " + FIX_SENTENCE[tier].format(uses=uses),
                    style=FIX_STYLE[tier])
    return text


def _fix_label(c: ConceptConsistency) -> str:
    if c.fix in ("error", "warning"):
        return f"{FIX_LABEL[c.fix]} ×{c.wrong_uses}"
    if c.variant_class == "missing":
        return "never rendered"
    return FIX_LABEL[c.fix]


def rendering_label(r) -> str:  # noqa: ANN001 - a consistency.Rendering
    """How a rendering's status reads in a report: the status, with the wrong ones marked."""
    mark = " ✗" if r.wrong else ""
    return f"{r.status}{mark}" + (" (guess)" if r.how == "guess" else "")


def _concept_row(c: ConceptConsistency) -> tuple[Text, Text, Text, str, Text, Text]:
    renderings = Text()
    for i, r in enumerate(c.renderings):
        if i:
            renderings.append("\n")
        label = r.text if r.text is not None else "(nothing found)"
        renderings.append(label, style="bold" if r.reference else "")
        renderings.append(f" ×{r.count} ")
        if r.variant_class:
            renderings.append(r.variant_class, style=CLASS_STYLE.get(r.variant_class, ""))
        renderings.append(" " + rendering_label(r), style=SEVERITY_STYLE.get(r.wrong or "", "dim"))
    cls = "never rendered" if c.variant_class == "missing" else c.variant_class
    return (Text(c.concept_id), Text(_fix_label(c), style=FIX_STYLE[c.fix]),
            Text.assemble((percent(c.consistency), _score_style(c.consistency)), f" ({percent(c.preferred_share)})"),
            f"{c.hhi:.2f}", Text(cls, style=CLASS_STYLE.get(c.variant_class, "")), renderings)


def _document_row(d: DocumentConsistency) -> tuple[Text, str, str, Text, Text]:
    return (Text(d.document), str(d.concepts), str(d.occurrences), Text(percent(d.micro), style=_score_style(d.micro)),
            Text(percent(d.macro), style=_score_style(d.macro)))


def _finding_row(f: Finding) -> tuple[Text, Text, Text, Text]:
    before, inside, after = excerpt(f.target, f.span)
    body = Text(f.message)
    if inside:
        body.append("\n")
        body.append_text(Text.assemble(("“", "dim"), before, (inside, "bold reverse"), after, ("”", "dim")))
    return (Text(f.severity.value, style=SEVERITY_STYLE[f.severity.value]), Text(f.check),
            Text(f.segment.rsplit("#", 1)[-1], style="dim"), body)


def discovered_renderings(group: dict) -> str:
    return ", ".join(f"{'*' if r['text'] == group['canonical'] else ''}{r['text']} ×{r['count']}"
                     for r in group["renderings"])


JSON_REPORT = "the JSON report (glossary variance -f json)"
SUMMARY_ROWS = 200  # rows per section of the text report (reports/variance.txt): a summary to read


def write_plain_text(report: VarianceReport, out: TextIO, *, width: int = 140, progress: Progress = NO_PROGRESS,
                     phase: str = "writing text", limit: int | None = SUMMARY_ROWS,
                     full_report: str | None = None) -> None:
    """The report as plain text (no colour) on ``out``, for a file: a summary of at most ``limit`` rows a
    section (None: everything), each cut section saying how many more there are and, with
    ``full_report``, where they are (``progress``: the phase ``phase``, one item per row written)."""
    console = Console(file=out, width=width, color_system=None, force_terminal=False, highlight=False,
                      emoji=False, soft_wrap=False)
    render_text(report, console, progress=progress, phase=phase, limit=limit,
                full_report=full_report or JSON_REPORT, everything=JSON_REPORT)


def render_plain_text(report: VarianceReport, *, width: int = 140, limit: int | None = SUMMARY_ROWS) -> str:
    return rendered(write_plain_text, report, width=width, limit=limit)

