"""EM for one direction of the reparameterised IBM Model 2, over link blocks.

A direction generates the words of one side (the *generated* side) from the words of the
other (the *conditioning* side) plus a NULL word: each generated token picks one
conditioning position or NULL under the diagonal prior (``distortion``), then its word from
the lexical table p(generated word | conditioning word). The E-step computes, for every
candidate link at once, its posterior probability, and adds it into the expected count of
the link's table entry with ``np.bincount``; the M-step normalises the counts (plus the
prior's pseudo-counts) per conditioning word and, when asked, re-estimates the tension. Viterbi picks,
for every generated token, its most probable origin (NULL wins ties, then the lowest
position), vectorised over a block like the E-step.

Tokens facing an empty sentence have no candidate link: they are left unaligned and
count for nothing.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from glossary.align.distortion import Geometries
from glossary.align.encoding import EncodedPairs
from glossary.align.links import LinkBlock
from glossary.align.table import TranslationTable, normalise

UNSEEN_PROBABILITY = 1e-9  # p(word | word) of a pair the table does not hold: a floor, so the diagonal decides
_TINY = np.finfo(np.float64).tiny


@dataclass(frozen=True, slots=True)
class Side:
    """How a direction sees a corpus: which side it generates, and per-token facts about it."""

    reverse: bool  # False: source -> target (the target is generated); True: target -> source
    words: np.ndarray  # int32 [generated tokens]: their word ids
    weights: np.ndarray  # float64 [generated tokens]: their pair's weight
    geometries: Geometries

    @classmethod
    def of(cls, corpus: EncodedPairs, *, reverse: bool) -> Side:
        if reverse:
            return cls(reverse=True, words=corpus.source_ids, weights=corpus.source_token_weights(),
                       geometries=Geometries.of(corpus.source_lengths, corpus.target_lengths))
        return cls(reverse=False, words=corpus.target_ids, weights=corpus.target_token_weights(),
                   geometries=Geometries.of(corpus.target_lengths, corpus.source_lengths))

    def tokens(self, block: LinkBlock) -> slice:
        return block.source_tokens if self.reverse else block.target_tokens

    def sums(self, block: LinkBlock, values: np.ndarray) -> np.ndarray:
        """Per generated token of the block, the sum of ``values`` over its links."""
        return block.source_sums(values) if self.reverse else block.target_sums(values)

    def maxima(self, block: LinkBlock, values: np.ndarray) -> np.ndarray:
        return block.source_maxima(values) if self.reverse else block.target_maxima(values)

    def spread(self, block: LinkBlock, per_token: np.ndarray) -> np.ndarray:
        """A value per generated token, read at each of its links."""
        return block.per_source_link(per_token) if self.reverse else per_token[block.target_token]


@dataclass(slots=True)
class Parameters:
    """One direction's parameters."""

    probabilities: np.ndarray  # float64 [table entries]: p(generated word | conditioning word)
    null_probabilities: np.ndarray  # float64 [generated vocabulary]: p(generated word | NULL)
    tension: float  # 0: IBM Model 1 (uniform positions)
    null_probability: float  # p0

    def lexical(self, block: LinkBlock) -> np.ndarray:
        """p(generated | conditioning) of each link; ``UNSEEN_PROBABILITY`` where the index is -1."""
        if not block.has_unseen:
            return self.probabilities[block.table_index]
        return np.append(self.probabilities, UNSEEN_PROBABILITY)[block.table_index]  # -1 reads the appended floor

    def null(self, words: np.ndarray) -> np.ndarray:
        """p(word | NULL) of each word id; ``UNSEEN_PROBABILITY`` for ``UNKNOWN`` (-1)."""
        if not len(words) or int(words.min()) >= 0:
            return self.null_probabilities[words]
        return np.append(self.null_probabilities, UNSEEN_PROBABILITY)[words]


@dataclass(slots=True)
class Expectations:
    """What one E-step collected."""

    counts: np.ndarray  # float64 [table entries]
    null_counts: np.ndarray  # float64 [generated vocabulary]
    distance: float = 0.0  # posterior-weighted sum of the links' diagonal distances
    geometry_weights: np.ndarray = field(default_factory=lambda: np.zeros(0))  # non-NULL mass per geometry
    log_likelihood: float = 0.0
    tokens: float = 0.0  # generated tokens that had a candidate link (weighted)


def _scores(block: LinkBlock, side: Side, parameters: Parameters) -> tuple[np.ndarray, np.ndarray]:
    """Per link, t(word | origin) * exp(-tension h); per generated token, the sum of exp(-tension h)."""
    lexical = parameters.lexical(block)
    if parameters.tension > 0:
        prior = np.exp(np.float32(-parameters.tension) * block.distance)
        return lexical * prior, side.sums(block, prior)
    return lexical, side.sums(block, np.ones(block.link_count, dtype=np.float32))


def e_step(blocks: list[LinkBlock], side: Side, parameters: Parameters, *, table_size: int,
           vocabulary_size: int) -> Expectations:
    """Expected counts of every table entry and of NULL, over every block."""
    p0 = parameters.null_probability
    out = Expectations(counts=np.zeros(table_size), null_counts=np.zeros(vocabulary_size),
                       geometry_weights=np.zeros(len(side.geometries)))
    for block in blocks:
        tokens = side.tokens(block)
        words = side.words[tokens]
        weights = side.weights[tokens]
        scores, prior_total = _scores(block, side, parameters)
        has = prior_total > 0
        safe_total = np.where(has, prior_total, 1.0)
        real = (1.0 - p0) * side.sums(block, scores) / safe_total
        null = np.where(has, p0 * parameters.null(words), 0.0)
        likelihood = np.where(has, np.maximum(real + null, _TINY), 1.0)  # never 0: no 0 / 0
        scale = np.where(has, weights * (1.0 - p0) / (safe_total * likelihood), 0.0)
        posterior = scores * side.spread(block, scale)
        out.counts += np.bincount(block.table_index, posterior, minlength=table_size)
        out.null_counts += np.bincount(words, weights * null / likelihood, minlength=vocabulary_size)
        out.distance += float(np.sum(posterior * block.distance))  # (no BLAS: its threads spin on a busy machine)
        geometry = side.geometries.of_token[tokens]
        out.geometry_weights += np.bincount(geometry[has], (weights * real / likelihood)[has],
                                            minlength=len(side.geometries))
        out.log_likelihood += float(np.sum(weights[has] * np.log(likelihood[has])))
        out.tokens += float(weights[has].sum())
    return out


def m_step(expected: Expectations, parameters: Parameters, *, table: TranslationTable, side: Side,
           prior_counts: np.ndarray | None, alpha: float | None, optimize_tension: bool) -> Parameters:
    """New parameters from an E-step's counts (plus the prior's pseudo-counts)."""
    counts = expected.counts if prior_counts is None else expected.counts + prior_counts
    if side.reverse:  # p(source | target): normalised over the entries of each target word
        groups, group_count = table.target_of, table.target_size
    else:
        groups, group_count = table.source_of, table.source_size
    probabilities = normalise(counts, groups, group_count, alpha=alpha)
    null_probabilities = normalise(expected.null_counts, np.zeros(len(expected.null_counts), dtype=np.int32), 1,
                                   alpha=alpha)
    tension = parameters.tension
    if optimize_tension and tension > 0:
        tension = side.geometries.solve_tension(expected.geometry_weights, expected.distance, current=tension)
    return Parameters(probabilities=probabilities, null_probabilities=null_probabilities, tension=tension,
                      null_probability=parameters.null_probability)


def viterbi(blocks: list[LinkBlock], corpus: EncodedPairs, side: Side, parameters: Parameters) -> np.ndarray:
    """For every generated token, the position (in its own pair) of its most probable origin,
    or -1 for NULL (int32 [generated tokens])."""
    p0 = parameters.null_probability
    total = len(side.words)
    out = np.full(total, -1, dtype=np.int32)
    for block in blocks:
        if not block.link_count:
            continue
        tokens = side.tokens(block)
        scores, prior_total = _scores(block, side, parameters)
        best = side.maxima(block, scores)
        has = prior_total > 0
        real = np.where(has, (1.0 - p0) * best / np.where(has, prior_total, 1.0), -np.inf)
        aligned = real > p0 * parameters.null(side.words[tokens])
        winners = np.flatnonzero((scores == side.spread(block, best)) & side.spread(block, aligned))
        run = block.link_run(winners)
        if side.reverse:  # a source token's run covers its pair's target tokens in order
            token = block.nonempty[run]
            origin = winners - block.run_starts[run]
        else:
            token = block.target_token[winners].astype(np.int64)
            global_source = block.nonempty[run] + block.source_tokens.start
            row = np.searchsorted(corpus.source_starts, global_source, side="right") - 1
            origin = global_source - corpus.source_starts[row]
        token, first = np.unique(token, return_index=True)  # the lowest position among ties
        out[tokens.start + token] = origin[first]
    return out
