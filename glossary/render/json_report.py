"""The variance report as JSON: the shape ``glossary/schemas/variance-report.schema.json`` describes.

Check ids and finding ids are stable, so scripts and ``--baseline`` can rely on them.
"""
from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from ..checks import Finding
from ..consistency import ConceptConsistency, Conflict
from ..variance import VarianceReport

SCHEMA_ID = "urn:glossary:schema:variance-report:1"


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
        "consistency": round(c.consistency, 6), "hhi": round(c.hhi, 6), "class": c.variant_class,
        "renderings": [{
            "text": r.text, "count": r.count, "class": r.variant_class, "status": r.status, "how": r.how,
            "reference": r.reference, "segments": r.segments, "documents": r.documents,
        } for r in c.renderings],
        "documents": {doc: {"consistent": hits, "occurrences": total} for doc, (hits, total) in c.documents.items()},
    }


def conflict_to_dict(c: Conflict) -> dict[str, Any]:
    return {"kind": c.kind, "text": c.text,
            "variants": [{"text": v.text, "segments": v.segments} for v in c.variants]}


def report_to_dict(report: VarianceReport) -> dict[str, Any]:
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
        "concepts": [concept_to_dict(c) for c in report.concepts],
        "documents": [{**asdict(d), "micro": round(d.micro, 6), "macro": round(d.macro, 6)} for d in report.documents],
        "findings": [finding_to_dict(f) for f in report.findings],
        "conflicts": [conflict_to_dict(c) for c in report.conflicts],
        "warnings": report.warnings,
        **({"discovered": report.discovered} if report.discovered is not None else {}),
    }


def render_json(report: VarianceReport) -> str:
    return json.dumps(report_to_dict(report), ensure_ascii=False, indent=2) + "\n"
