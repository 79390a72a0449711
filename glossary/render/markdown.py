"""The variance report as Markdown (GitHub-flavoured tables), for a pull request or a wiki."""
from __future__ import annotations

from typing import TextIO

from glossary.progress import NO_PROGRESS, Progress, counted
from glossary.render.lines import LineWriter, rendered, writing
from glossary.render.spans import excerpt, percent
from glossary.render.text import (
    FIX_SENTENCE,
    _fix_label,
    discovered_renderings,
    fix_summary,
    rendering_label,
)
from glossary.variance.report import VarianceReport


def _escape(text: object) -> str:
    """Shown as written: Markdown characters escaped, < > & as entities."""
    value = "" if text is None else str(text)
    for ch in ("\\", "|", "*", "_", "`", "[", "]"):
        value = value.replace(ch, "\\" + ch)
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _cell(text: object) -> str:
    """Table-safe: escaped, newlines and runs of spaces folded."""
    return " ".join(_escape(text).split())


def _quote(text: str, span: tuple[int, int] | None) -> str:
    """The segment with the span in bold."""
    before, inside, after = excerpt(text, span)
    if not inside:
        return _cell(text)
    return " ".join(f"{_escape(before)}**{_escape(inside)}**{_escape(after)}".split())


def render_markdown(report: VarianceReport) -> str:
    return rendered(write_markdown, report)


def write_markdown(report: VarianceReport, stream: TextIO, *, progress: Progress = NO_PROGRESS,
                   phase: str = "writing Markdown") -> None:
    """The report as Markdown on ``stream``, line by line (findings streamed from the store).

    With ``progress``, the phase ``phase`` counts concepts, findings, documents and conflicts written."""
    if progress.enabled:
        writing(progress, phase, len(report.concepts) + len(report.findings) + len(report.documents)
                + len(report.conflicts))
    s = report.summary
    st = report.settings
    scores = s.consistency
    out = LineWriter(stream)
    out += ["# Variance report", ""]
    fixes = "; ".join(f"{n} concept{'s' if n != 1 else ''} " + FIX_SENTENCE[tier].format(uses=uses)
                      for tier, n, uses in fix_summary(report)) or "nothing"
    out += [
        f"- **To fix:** {fixes}",
        f"- **Corpus:** {_cell(', '.join(st.corpus))}: {s.files} file(s), {s.segments} pairs, {s.documents} document(s), "
        f"{_cell(', '.join(s.language_pairs))}",
        f"- **Glossary:** {_cell(st.glossary)}: {st.glossary_concepts} concepts, {st.glossary_terms} terms "
        f"(sha256 `{st.glossary_fingerprint[:12]}`)",
        f"- **Consistency** (preferred or admitted): micro {percent(scores.micro)}, macro {percent(scores.macro)}, mean HHI "
        f"{scores.mean_hhi:.2f} over {scores.concepts} concepts and {scores.occurrences} occurrences",
        f"- **Findings:** {s.findings.get('error', 0)} errors, {s.findings.get('warning', 0)} warnings, "
        f"{s.findings.get('info', 0)} info; {s.ok} renderings as preferred",
        f"- **Segment conflicts:** {s.conflicts.get('same-source', 0)} sources with several targets, "
        f"{s.conflicts.get('same-target', 0)} targets for several sources",
    ]
    if s.baseline:
        out.append(f"- **Baseline:** {s.baseline['known']} known findings left out ({_cell(s.baseline['file'])})")
    out += ["", f"Signature: `{report.signature}`", ""]
    if st.profile_signature != "default":
        out += [f"Check profile: {_cell(st.profile)}", ""]
    out += [f"Corpus evidence: {_cell(st.evidence)}", ""]
    for warning in report.warnings:
        out.append(f"> warning: {_cell(warning)}")
    out += ["## Concepts, what to fix first", "",
            "| concept | to fix | consistency | preferred | HHI | class | renderings |", "|---|---|---:|---:|---:|---|---|"]
    for c in counted(report.concepts, progress):
        renderings = "<br>".join(
            f"{'**' if r.reference else ''}{_cell(r.text) if r.text is not None else '(nothing found)'}"
            f"{'**' if r.reference else ''} ×{r.count} {r.variant_class or ''} {rendering_label(r)}"
            for r in c.renderings)
        cls = "never rendered" if c.variant_class == "missing" else c.variant_class
        out.append(f"| {_cell(c.concept_id)} | {_fix_label(c)} | {percent(c.consistency)} | {percent(c.preferred_share)} "
                   f"| {c.hhi:.2f} | {cls} | {renderings} |")
    out += ["", "## Findings", "", "| severity | check | segment | finding | target |", "|---|---|---|---|---|"]
    for f in counted(report.findings.ordered(), progress):  # worst first, then by check and segment
        out.append(f"| {f.severity.value} | `{f.check}` | {_cell(f.segment)} | {_cell(f.message)} | {_quote(f.target, f.span)} |")
    if report.documents:
        out += ["", "## Documents", "", "| document | concepts | occurrences | micro | macro |", "|---|---:|---:|---:|---:|"]
        for d in counted(report.documents, progress):
            out.append(f"| {_cell(d.document)} | {d.concepts} | {d.occurrences} | {percent(d.micro)} | {percent(d.macro)} |")
    if report.conflicts:
        out += ["", "## Segment conflicts", ""]
        for conflict in counted(report.conflicts, progress):
            label = "One source, several targets" if conflict.kind == "same-source" else "One target, several sources"
            out.append(f"- {label}: {_cell(conflict.text)}")
            for v in conflict.variants:
                out.append(f"  - {_cell(v.text)} ({_cell(', '.join(v.segments))})")
    if report.discovered is not None:
        out += ["", "## Drift outside the glossary (discovery)", "",
                "| class | source term | renderings (* proposed canonical) | confidence |", "|---|---|---|---:|"]
        for group in report.discovered:
            out.append(f"| {group['class']} | {_cell(group['source_term'] or '(target only)')} | "
                       f"{_cell(discovered_renderings(group))} | {group['confidence']:.2f} |")
    out += ["", "## Checks", "", "| id | severity | description |", "|---|---|---|"]
    for check in report.checks:
        out.append(f"| `{check['id']}` | {check['severity']} | {_cell(check['description'])} |")
