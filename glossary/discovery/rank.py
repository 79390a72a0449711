"""Order groups so that terminology drift comes first and orthographic noise last.

A group's score is the weight of its class times its evidence: misspellings of a term (an
error in print) weigh most, then figures and lexical splits, abbreviations and lost
diacritics, US/UK spelling, case and hyphens, orthographic noise least (``CLASS_WEIGHT``);
the evidence grows the surer its alignment, the more it is used and the more documents it
spans: confidence³ x log2(1 + uses of the non-canonical forms) x (1 + (documents - 1) / 2).
So a misspelling of a recurring name comes before a lexical pair seen once by weak
alignment, and a lexical split with real mass before either.
Confidence is cubed because on a small corpus weak co-occurrence makes most of the noise
(công nghệ -> "rights"), while evidence from several renderings of one passage or from
quoted phrases is sure. A form used once against a canonical used thirty times weighs
less than four forms used once each.
"""
from __future__ import annotations

import math

from glossary.discovery.model import ReverseGroup, VariantGroup
from glossary.text.classify import VariantClass, drift_rank

CLASS_WEIGHT = {
    VariantClass.MISSPELLING: 1.0, VariantClass.NUMERIC: 0.9, VariantClass.LEXICAL: 0.8,
    VariantClass.DIACRITICS: 0.6, VariantClass.ABBREVIATION: 0.5, VariantClass.US_UK: 0.7,
    VariantClass.CASE_HYPHEN: 0.1, VariantClass.ORTHOGRAPHIC: 0.05, VariantClass.IDENTICAL: 0.02,
}


def group_score(group: VariantGroup) -> float:
    # the uses of the variants that make the group's class: case variants beside one lexical
    # variant used once do not make a lexical split with real mass
    variant_uses = sum(r.count for r in group.renderings if not r.canonical and r.cls is group.cls)
    evidence = group.confidence ** 3 * math.log2(1 + variant_uses) * (1 + (len(group.documents) - 1) / 2)
    return CLASS_WEIGHT[group.cls] * evidence * group.drift_weight


def rank_groups(groups: list[VariantGroup]) -> list[VariantGroup]:
    """Sorted by score (class weight x evidence), with ``score`` and 1-based ``rank`` set."""
    for group in groups:
        group.score = group_score(group)
    ordered = sorted(groups, key=lambda g: (-g.score, drift_rank(g.cls), g.source_term or g.canonical, g.id))
    for i, group in enumerate(ordered, start=1):
        group.rank = i
    return ordered


def rank_reverse(groups: list[ReverseGroup]) -> list[ReverseGroup]:
    ordered = sorted(groups, key=lambda g: (drift_rank(g.cls), -g.total, g.target, g.id))
    for i, group in enumerate(ordered, start=1):
        group.rank = i
    return ordered
