"""The discovery report as data: variant groups, reverse groups, rendering comparisons.

Plain dataclasses with ``to_dict`` for JSON; rendering to text/CSV/Markdown/HTML lives in
``glossary.render.discovery``. The JSON shape is fixed by
``glossary/schemas/discovery-report.schema.json``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from glossary.text.classify import VariantClass

SCHEMA_ID = "https://glossary.example/schemas/discovery-report.schema.json"
SCHEMA_VERSION = 1


@dataclass(slots=True)
class Example:
    """One place a rendering was seen."""

    segment: str  # Segment.key: document#unit
    document: str
    origin: str  # path:line
    source: str
    target: str

    def to_dict(self) -> dict[str, Any]:
        return {"segment": self.segment, "document": self.document, "origin": self.origin,
                "source": self.source, "target": self.target}


@dataclass(slots=True)
class Rendering:
    text: str
    count: int
    cls: VariantClass  # against the group's canonical rendering
    documents: list[str]
    segments: list[str]  # every segment key, in corpus order
    examples: list[Example]
    methods: list[str]  # how the occurrences were found
    canonical: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "count": self.count, "class": self.cls.value, "canonical": self.canonical,
                "documents": self.documents, "segments": self.segments,
                "examples": [e.to_dict() for e in self.examples], "methods": self.methods}


@dataclass(slots=True)
class VariantGroup:
    """One source term rendered in more than one way (or, with no source, spelling variants in the target)."""

    id: str
    source_term: str | None
    source_key: str | None
    kinds: list[str]  # what made it a candidate: ngram, name, acronym, quoted, number, glossary, target
    renderings: list[Rendering]
    canonical: str
    canonical_evidence: str
    cls: VariantClass  # the most serious class among the renderings
    confidence: float  # 0..1: how sure the alignment is
    evidence: list[str]
    concept: str | None = None  # glossary concept id when the glossary knows the term
    score: float = 0.0
    rank: int = 0
    # with a glossary: how much the variants are drift (rank.py): one the glossary avoids is more,
    # variation it sanctions (every variant a preferred or admitted term) is less; not reported
    drift_weight: float = 1.0

    @property
    def total(self) -> int:
        return sum(r.count for r in self.renderings)

    @property
    def documents(self) -> list[str]:
        return sorted({d for r in self.renderings for d in r.documents})

    def rendering(self, text: str) -> Rendering | None:
        return next((r for r in self.renderings if r.text == text), None)

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "rank": self.rank, "source_term": self.source_term, "source_key": self.source_key,
                "kinds": self.kinds, "class": self.cls.value, "canonical": self.canonical,
                "canonical_evidence": self.canonical_evidence, "confidence": round(self.confidence, 3),
                "score": round(self.score, 3), "occurrences": self.total, "documents": self.documents,
                "concept": self.concept, "evidence": self.evidence,
                "renderings": [r.to_dict() for r in self.renderings]}


@dataclass(slots=True)
class SourceUse:
    text: str
    count: int
    cls: VariantClass  # against the most used source term
    examples: list[Example]

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "count": self.count, "class": self.cls.value,
                "examples": [e.to_dict() for e in self.examples]}


@dataclass(slots=True)
class ReverseGroup:
    """One target rendering used for several distinct source terms."""

    id: str
    target: str
    sources: list[SourceUse]
    cls: VariantClass
    rank: int = 0

    @property
    def total(self) -> int:
        return sum(s.count for s in self.sources)

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "rank": self.rank, "target": self.target, "class": self.cls.value,
                "occurrences": self.total, "sources": [s.to_dict() for s in self.sources]}


@dataclass(slots=True)
class PassageScore:
    """Two renderings of one source passage scored against each other (b is the reference)."""

    source_id: str
    a: str
    b: str
    document_a: str
    document_b: str
    chrf: float
    bleu: float
    ter: float

    def to_dict(self) -> dict[str, Any]:
        return {"source_id": self.source_id, "a": self.a, "b": self.b, "document_a": self.document_a,
                "document_b": self.document_b, "chrf": round(self.chrf, 2), "bleu": round(self.bleu, 2),
                "ter": round(self.ter, 2)}


@dataclass(slots=True)
class DocumentScore:
    """Corpus-level scores over every passage two documents both render."""

    document_a: str
    document_b: str
    passages: int
    chrf: float
    bleu: float
    ter: float

    def to_dict(self) -> dict[str, Any]:
        return {"document_a": self.document_a, "document_b": self.document_b, "passages": self.passages,
                "chrf": round(self.chrf, 2), "bleu": round(self.bleu, 2), "ter": round(self.ter, 2)}


@dataclass(slots=True)
class SpanDiff:
    """A term-carrying difference between two renderings of one passage."""

    source_id: str
    a: str  # segment keys
    b: str
    a_text: str
    b_text: str
    source_term: str | None
    group: str | None = None  # id of the variant group it landed in

    def to_dict(self) -> dict[str, Any]:
        return {"source_id": self.source_id, "a": self.a, "b": self.b, "a_text": self.a_text,
                "b_text": self.b_text, "source_term": self.source_term, "group": self.group}


@dataclass(slots=True)
class Comparison:
    passages: list[PassageScore] = field(default_factory=list)
    documents: list[DocumentScore] = field(default_factory=list)
    diffs: list[SpanDiff] = field(default_factory=list)
    signatures: dict[str, str] = field(default_factory=dict)
    shared_passages: int = 0  # source passages with two or more renderings
    pairs_left_out: int = 0  # pairs beyond the per-passage cap, not compared

    def to_dict(self) -> dict[str, Any]:
        return {"shared_passages": self.shared_passages, "pairs_left_out": self.pairs_left_out,
                "signatures": self.signatures,
                "documents": [d.to_dict() for d in self.documents],
                "passages": [p.to_dict() for p in self.passages],
                "diffs": [d.to_dict() for d in self.diffs]}


@dataclass(slots=True)
class DiscoveryReport:
    source_lang: str
    target_lang: str
    segments: int
    passages: int
    documents: list[str]
    groups: list[VariantGroup]
    reverse: list[ReverseGroup]
    comparison: Comparison
    glossary: dict[str, Any] | None  # files and fingerprint of the prior, when one was used
    stats: dict[str, Any]
    settings: dict[str, Any]
    inputs: list[str] = field(default_factory=list)

    def group(self, group_id: str) -> VariantGroup | None:
        return next((g for g in self.groups if g.id == group_id), None)

    def to_dict(self) -> dict[str, Any]:
        return {
            "$schema": SCHEMA_ID,
            "schema_version": SCHEMA_VERSION,
            "kind": "discovery-report",
            "source_lang": self.source_lang,
            "target_lang": self.target_lang,
            "inputs": self.inputs,
            "segments": self.segments,
            "passages": self.passages,
            "documents": self.documents,
            "glossary": self.glossary,
            "settings": self.settings,
            "stats": self.stats,
            "groups": [g.to_dict() for g in self.groups],
            "reverse": [r.to_dict() for r in self.reverse],
            "comparison": self.comparison.to_dict(),
        }
