"""The variance report as CSV: one table of findings, one of renderings per concept.

UTF-8, RFC 4180 quoting, a header row; what a spreadsheet or a CI job reads. Every
row carries the report's signature (the settings that produced it) in its last column,
so a row copied elsewhere still says where it came from.
"""
from __future__ import annotations

import csv
import io

from ..variance import VarianceReport

FINDING_COLUMNS = ("id", "severity", "check", "document", "segment", "origin", "concept_id", "term", "found",
                   "expected", "class", "span_start", "span_end", "message", "source", "target", "signature")
RENDERING_COLUMNS = ("concept_id", "preferred", "consistency", "hhi", "concept_class", "rendering", "count",
                     "class", "status", "how", "reference", "documents", "segments", "signature")


def _write(rows: list[list[object]], header: tuple[str, ...]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def render_findings_csv(report: VarianceReport) -> str:
    rows = [[f.id, f.severity.value, f.check, f.document, f.segment, f.origin, f.concept_id or "", f.term or "",
             f.found or "", f.expected or "", f.variant_class or "",
             f.span[0] if f.span else "", f.span[1] if f.span else "", f.message, f.source, f.target,
             report.signature]
            for f in report.findings]
    return _write(rows, FINDING_COLUMNS)


def render_renderings_csv(report: VarianceReport) -> str:
    rows = []
    for c in report.concepts:
        for r in c.renderings:
            rows.append([c.concept_id, c.preferred or "", f"{c.consistency:.4f}", f"{c.hhi:.4f}", c.variant_class,
                         r.text if r.text is not None else "", r.count, r.variant_class or "", r.status, r.how,
                         "yes" if r.reference else "", " ".join(r.documents), " ".join(r.segments),
                         report.signature])
    return _write(rows, RENDERING_COLUMNS)
