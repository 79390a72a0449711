"""Order groups so that terminology drift comes first and orthographic noise last.

The class decides first (``classify.drift_rank``: lexical, numeric, misspelling,
abbreviation, diacritics, US/UK, case/hyphen, orthographic). Within a class, a group
weighs more the surer its alignment, the more it is used and the more documents it
spans: score = confidence³ x log2(1 + uses of the non-canonical forms) x (1 + (documents - 1) / 2).
Confidence is cubed because on a small corpus weak co-occurrence makes most of the noise
(công nghệ -> "rights"), while evidence from several renderings of one passage or from
quoted phrases is sure. A form used once against a canonical used thirty times weighs
less than four forms used once each.
"""
from __future__ import annotations

import math

from glossary.discovery.model import ReverseGroup, VariantGroup
from glossary.text.classify import drift_rank


def group_score(group: VariantGroup) -> float:
    variant_uses = sum(r.count for r in group.renderings if not r.canonical)
    return group.confidence ** 3 * math.log2(1 + variant_uses) * (1 + (len(group.documents) - 1) / 2)


def rank_groups(groups: list[VariantGroup]) -> list[VariantGroup]:
    """Sorted, with ``score`` and 1-based ``rank`` set."""
    for group in groups:
        group.score = group_score(group)
    ordered = sorted(groups, key=lambda g: (drift_rank(g.cls), -g.score, g.source_term or g.canonical, g.id))
    for i, group in enumerate(ordered, start=1):
        group.rank = i
    return ordered


def rank_reverse(groups: list[ReverseGroup]) -> list[ReverseGroup]:
    ordered = sorted(groups, key=lambda g: (drift_rank(g.cls), -g.total, g.target, g.id))
    for i, group in enumerate(ordered, start=1):
        group.rank = i
    return ordered
