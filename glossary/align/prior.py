"""Prior knowledge as pseudo-counts: known translation pairs, e.g. from a glossary.

A prior maps (source word, target word) to a pseudo-count, added to the expected count of
that word pair in every M-step of both directions, as if the pair had been seen aligned that
many more times. It lets a small corpus align known terms correctly where the data alone
cannot decide (two words that always occur together, in a reordered pair). Words are tokens
as the caller gives them to ``train``; ``term_prior`` spreads multi-word terms over their
words.
"""
from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence

import numpy as np

from glossary.align.encoding import Token, Vocabulary
from glossary.errors import UsageError

Prior = Mapping[tuple[Token, Token], float]


def term_prior(terms: Iterable[tuple[Sequence[Token], Sequence[Token]]], *, weight: float = 5.0
               ) -> dict[tuple[Token, Token], float]:
    """A prior from tokenised term pairs: every source word of a term with every target word of
    its translation ("người dùng" / "user": (người, user) and (dùng, user)), ``weight`` shared
    over the target words of the term, so a long rendering does not weigh more than a short one.
    Pairs from several terms add up."""
    if not weight > 0:
        raise UsageError(f"a prior weight must be positive, not {weight}")
    prior: dict[tuple[Token, Token], float] = {}
    for source, target in terms:
        if not source or not target:
            continue
        share = weight / len(target)
        for s in source:
            for t in target:
                prior[(s, t)] = prior.get((s, t), 0.0) + share
    return prior


def check_prior(prior: Prior) -> None:
    for pair, count in prior.items():
        if not (isinstance(pair, tuple) and len(pair) == 2):
            raise UsageError(f"a prior key is a (source word, target word) pair, not {pair!r}")
        if not (isinstance(count, (int, float)) and math.isfinite(count) and count >= 0):
            raise UsageError(f"the prior count of {pair!r} must be a finite number >= 0, not {count!r}")


def prior_keys(prior: Prior, source: Vocabulary, target: Vocabulary) -> tuple[np.ndarray, np.ndarray]:
    """The table keys of the prior's pairs and their counts (summed per key; keys sorted).

    The prior's words are added to the vocabularies first (so a later ``align`` of new text
    knows them); keys are ``source id * len(target) + target id`` with the grown ``target``.
    """
    if not prior:
        return np.zeros(0, dtype=np.int64), np.zeros(0)
    ids = [(source.add(s), target.add(t)) for s, t in prior]
    size = len(target)
    keys = np.fromiter((s * size + t for s, t in ids), dtype=np.int64, count=len(ids))
    counts = np.fromiter((float(c) for c in prior.values()), dtype=np.float64, count=len(ids))
    unique, inverse = np.unique(keys, return_inverse=True)
    return unique, np.bincount(inverse.reshape(-1), counts, minlength=len(unique))
