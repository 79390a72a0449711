"""The variance report as CSV: one table of findings, one of renderings per concept.

UTF-8, RFC 4180 quoting, a header row; what a spreadsheet or a CI job reads (the files
`glossary variance` writes start with a BOM, ``EXCEL_BOM``, unless --no-bom). Every
row carries the report's signature (the settings that produced it) in its last column,
so a row copied elsewhere still says where it came from.
"""
from __future__ import annotations

import csv
from typing import Any, TextIO

from glossary.progress import NO_PROGRESS, Progress, counted
from glossary.render.lines import more_note, rendered, writing
from glossary.variance.report import VarianceReport

# What the CLI writes first in a CSV report file (not on standard output): Excel then reads it as UTF-8.
EXCEL_BOM = "\ufeff"

FINDING_COLUMNS = ("id", "severity", "check", "document", "segment", "origin", "concept_id", "term", "found",
                   "expected", "class", "span_start", "span_end", "message", "source", "target", "signature")
RENDERING_COLUMNS = ("concept_id", "preferred", "consistency", "hhi", "concept_class", "rendering", "count",
                     "class", "status", "how", "reference", "documents", "segments", "preferred_share", "fix",
                     "wrong", "signature")


def _writer(out: TextIO, header: tuple[str, ...]) -> Any:
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    return writer


def write_findings_csv(report: VarianceReport, out: TextIO, *, progress: Progress = NO_PROGRESS,
                       phase: str = "writing findings CSV") -> None:
    """One row per finding, in the report's order, written as the store yields them
    (``progress``: the phase ``phase``, one item per finding)."""
    if progress.enabled:
        writing(progress, phase, len(report.findings))
    writer = _writer(out, FINDING_COLUMNS)
    signature = report.signature
    for f in counted(report.findings, progress):
        writer.writerow([f.id, f.severity.value, f.check, f.document, f.segment, f.origin, f.concept_id or "",
                         f.term or "", f.found or "", f.expected or "", f.variant_class or "",
                         f.span[0] if f.span else "", f.span[1] if f.span else "", f.message, f.source, f.target,
                         signature])


def _listed(examples: list[str], total: int) -> str:
    """A report's examples, saying how many it left out."""
    return " ".join(examples) + more_note(len(examples), total)


def write_renderings_csv(report: VarianceReport, out: TextIO, *, progress: Progress = NO_PROGRESS,
                         phase: str = "writing renderings CSV") -> None:
    """One row per rendering of each concept (``progress``: the phase ``phase``, one item per concept)."""
    if progress.enabled:
        writing(progress, phase, len(report.concepts))
    writer = _writer(out, RENDERING_COLUMNS)
    signature = report.signature
    for c in counted(report.concepts, progress):
        for r in c.renderings:
            writer.writerow([c.concept_id, c.preferred or "", f"{c.consistency:.4f}", f"{c.hhi:.4f}", c.variant_class,
                             r.text if r.text is not None else "", r.count, r.variant_class or "", r.status, r.how,
                             "yes" if r.reference else "", _listed(r.documents, r.document_count),
                             _listed(r.segments, r.count), f"{c.preferred_share:.4f}", c.fix, r.wrong or "",
                             signature])


def render_findings_csv(report: VarianceReport) -> str:
    return rendered(write_findings_csv, report)


def render_renderings_csv(report: VarianceReport) -> str:
    return rendered(write_renderings_csv, report)
