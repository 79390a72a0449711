"""The sparse lexical translation table: one entry per co-occurring (source word, target word).

An entry exists only for word pairs that occur together in some pair of the training
corpus (or in the prior), so memory grows with the number of distinct co-occurring pairs,
never with the square of the vocabulary. Entries are identified by the key
``source_id * target_vocabulary_size + target_id`` and kept sorted by key, so a lookup is a
binary search (``np.searchsorted``) and the entries of one source word are contiguous.
Both directions of the model share the entries: the source->target model stores
p(target | source) per entry, the target->source model p(source | target).
"""
from __future__ import annotations

import numpy as np

from glossary.align.encoding import UNKNOWN


class TranslationTable:
    """Sorted unique keys of the co-occurring word pairs, and the lookups over them."""

    __slots__ = ("_source_of", "_target_of", "keys", "source_size", "target_size")

    def __init__(self, keys: np.ndarray, *, source_size: int, target_size: int) -> None:
        self.keys = np.asarray(keys, dtype=np.int64)  # sorted, unique
        self.source_size = int(source_size)  # the vocabularies' sizes
        self.target_size = max(int(target_size), 1)
        self._source_of: np.ndarray | None = None
        self._target_of: np.ndarray | None = None

    def __len__(self) -> int:
        return len(self.keys)

    @property
    def source_of(self) -> np.ndarray:
        """Each entry's source word id (int32 [entries])."""
        if self._source_of is None:
            self._source_of = (self.keys // self.target_size).astype(np.int32)
        return self._source_of

    @property
    def target_of(self) -> np.ndarray:
        """Each entry's target word id (int32 [entries])."""
        if self._target_of is None:
            self._target_of = (self.keys % self.target_size).astype(np.int32)
        return self._target_of

    def key(self, source_ids: np.ndarray, target_ids: np.ndarray) -> np.ndarray:
        return np.asarray(source_ids, dtype=np.int64) * self.target_size + np.asarray(target_ids, dtype=np.int64)

    def lookup(self, source_ids: np.ndarray, target_ids: np.ndarray) -> np.ndarray:
        """The entry of each (source id, target id), or -1 where the pair has none (or either id
        is ``UNKNOWN``): int32, so that ``probabilities[index]`` with a floor appended last
        reads the floor for a missing pair."""
        source_ids = np.asarray(source_ids)
        target_ids = np.asarray(target_ids)
        wanted = self.key(source_ids, target_ids)
        if not len(self.keys):
            return np.full(wanted.shape, -1, dtype=np.int32)
        position = np.minimum(np.searchsorted(self.keys, wanted), len(self.keys) - 1)
        found = (self.keys[position] == wanted) & (source_ids != UNKNOWN) & (target_ids != UNKNOWN)
        return np.where(found, position, -1).astype(np.int32)

    def entries_of_source(self, source_id: int) -> slice:
        """The contiguous entries whose source word is ``source_id``."""
        low = np.searchsorted(self.keys, source_id * self.target_size)
        high = np.searchsorted(self.keys, (source_id + 1) * self.target_size)
        return slice(int(low), int(high))


def normalise(counts: np.ndarray, groups: np.ndarray, group_count: int, *, alpha: float | None) -> np.ndarray:
    """Conditional probabilities from expected counts: each entry's count over the total of its
    group (the conditioning word).

    With ``alpha`` (variational Bayes with a symmetric Dirichlet prior, as fast_align's ``-v``),
    ``exp(digamma(count + alpha) - digamma(total + alpha * entries of the group))``: a
    mean-field estimate that keeps rare words from "collecting" many translations. The
    result of a group then sums to a little less than one.
    """
    counts = np.asarray(counts, dtype=np.float64)
    if alpha is None:
        totals = np.bincount(groups, counts, minlength=group_count)
        totals[totals == 0] = 1.0
        return counts / totals[groups]
    smoothed = counts + alpha
    totals = np.bincount(groups, smoothed, minlength=group_count)
    totals[totals == 0] = 1.0
    return np.exp(digamma(smoothed) - digamma(totals)[groups])


def digamma(x: np.ndarray) -> np.ndarray:
    """The digamma function for positive ``x`` (float64 arrays; numpy has none).

    psi(x) = psi(x + 6) - sum(1 / (x + k), k < 6), and the asymptotic series at x + 6 >= 6,
    accurate to about 1e-12.
    """
    x = np.asarray(x, dtype=np.float64)
    shift = np.zeros_like(x)
    for k in range(6):
        shift += 1.0 / (x + k)
    y = x + 6.0
    inv = 1.0 / y
    inv2 = inv * inv
    series = inv2 * (1.0 / 12 - inv2 * (1.0 / 120 - inv2 * (1.0 / 252 - inv2 * (1.0 / 240 - inv2 / 132))))
    return np.log(y) - 0.5 * inv - series - shift
