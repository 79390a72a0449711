"""The variance report as JSON: the shape ``glossary/schemas/variance-report.schema.json`` describes.

Check ids and finding ids are stable, so scripts and ``--baseline`` can rely on them.
``write_json`` writes the report to a stream piece by piece (each list item on its own),
so no whole-report string or dict is built; the bytes are those ``json.dumps`` of the
whole report with ``indent=2`` would give.
"""
from __future__ import annotations

import json
from dataclasses import asdict
from types import GeneratorType
from typing import Any, Iterable, TextIO

from glossary.progress import NO_PROGRESS, Progress, counted
from glossary.render.lines import rendered, writing
from glossary.variance.checks import Finding
from glossary.variance.consistency import ConceptConsistency, Conflict
from glossary.variance.report import VarianceReport

SCHEMA_ID = "urn:glossary:schema:variance-report:1"
_LISTS = (list, GeneratorType)  # top-level members written item by item


def finding_to_dict(f: Finding) -> dict[str, Any]:
    return {
        "id": f.id, "check": f.check, "severity": f.severity.value, "segment": f.segment,
        "document": f.document, "origin": f.origin, "concept_id": f.concept_id, "message": f.message,
        "source": f.source, "target": f.target,
        "span": list(f.span) if f.span else None,
        "source_span": list(f.source_span) if f.source_span else None,
        "term": f.term, "found": f.found, "expected": f.expected, "class": f.variant_class,
    }


def concept_to_dict(c: ConceptConsistency) -> dict[str, Any]:
    return {
        "concept_id": c.concept_id, "preferred": c.preferred, "reference": c.reference,
        "source_terms": c.source_terms, "occurrences": c.occurrences, "consistent": c.consistent,
        "consistency": round(c.consistency, 6), "preferred_share": round(c.preferred_share, 6),
        "hhi": round(c.hhi, 6), "class": c.variant_class, "fix": c.fix, "wrong_uses": c.wrong_uses,
        "renderings": [{
            "text": r.text, "count": r.count, "class": r.variant_class, "status": r.status, "how": r.how,
            "reference": r.reference, "consistent": r.consistent, "wrong": r.wrong, "segments": r.segments,
            "documents": r.documents, "document_count": r.document_count,
        } for r in c.renderings],
        "documents": {doc: {"consistent": hits, "occurrences": total} for doc, (hits, total) in c.documents.items()},
    }


def conflict_to_dict(c: Conflict) -> dict[str, Any]:
    return {"kind": c.kind, "text": c.text,
            "variants": [{"text": v.text, "segments": v.segments} for v in c.variants]}


def write_conflicts_json(conflicts: list[Conflict], out: TextIO, *, segments: int, total: int) -> None:
    """Segment conflicts alone (``glossary corpus conflicts --json``): the counts, then one conflict
    a line, each by json's C encoder (an indented dump runs in Python, about ten times slower)."""
    lines = ",\n".join(json.dumps(conflict_to_dict(c), ensure_ascii=False) for c in conflicts)
    out.write(f'{{"segments": {segments}, "total": {total}, "conflicts": [\n{lines}\n]}}\n')


def _members(report: VarianceReport, progress: Progress = NO_PROGRESS) -> dict[str, Any]:
    """The report's top-level members in order; lists as lazy iterables, written item by item
    (``progress`` advanced per concept, document, finding and conflict)."""
    summary = asdict(report.summary)
    summary["consistency"] = {k: (round(v, 6) if isinstance(v, float) else v)
                              for k, v in summary["consistency"].items()}
    return {
        "$schema": SCHEMA_ID,
        "tool": report.tool,
        "version": report.version,
        "signature": report.signature,
        "settings": asdict(report.settings),
        "summary": summary,
        "checks": report.checks,
        "concepts": (concept_to_dict(c) for c in counted(report.concepts, progress)),
        "documents": ({**asdict(d), "micro": round(d.micro, 6), "macro": round(d.macro, 6)}
                      for d in counted(report.documents, progress)),
        "findings": (finding_to_dict(f) for f in counted(report.findings, progress)),
        "conflicts": (conflict_to_dict(c) for c in counted(report.conflicts, progress)),
        "warnings": report.warnings,
        **({"discovered": report.discovered} if report.discovered is not None else {}),
    }


def report_to_dict(report: VarianceReport) -> dict[str, Any]:
    """The whole report as one dict (every finding in memory: for tests and small reports)."""
    return {key: (list(value) if isinstance(value, _LISTS) else value) for key, value in _members(report).items()}


def _dumps(value: Any, depth: int) -> str:
    """``value`` as ``json.dumps(..., indent=2)`` writes it ``depth`` levels down: a JSON string never
    holds a raw newline, so shifting every line break shifts every nested line."""
    return json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + "  " * depth)


def _write_list(items: Iterable[Any], out: TextIO, depth: int) -> None:
    inner = "\n" + "  " * (depth + 1)
    empty = True
    for item in items:
        out.write(("[" if empty else ",") + inner + _dumps(item, depth + 1))
        empty = False
    out.write("[]" if empty else "\n" + "  " * depth + "]")


def items_written(report: VarianceReport) -> int:
    """What ``write_json`` advances its progress by in all: concepts, documents, findings, conflicts."""
    return len(report.concepts) + len(report.documents) + len(report.findings) + len(report.conflicts)


def write_json(report: VarianceReport, out: TextIO, *, progress: Progress = NO_PROGRESS,
               phase: str = "writing JSON") -> None:
    """The report as JSON on ``out``, written as it goes (findings streamed from the store).

    With ``progress`` (``glossary.progress``), the phase ``phase`` counts the items written."""
    if progress.enabled:
        writing(progress, phase, items_written(report))
    out.write("{")
    for number, (key, value) in enumerate(_members(report, progress).items()):
        out.write(("\n" if number == 0 else ",\n") + "  " + json.dumps(key, ensure_ascii=False) + ": ")
        if isinstance(value, _LISTS):
            _write_list(value, out, 1)
        else:
            out.write(_dumps(value, 1))
    out.write("\n}\n")


def render_json(report: VarianceReport) -> str:
    return rendered(write_json, report)
