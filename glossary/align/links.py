"""Candidate links: every (source position, target position) of every pair, as flat arrays.

IBM models consider every source token as the origin of every target token of the same
pair, so a pair of m and n tokens has m * n candidate links (a 60-character Japanese string
is 60 tokens; nothing here assumes short sentences). The links of consecutive pairs are
laid out pair by pair, source-major: the links of one source token are a contiguous run
(over its pair's target tokens, in order), so source-side sums are ``np.add.reduceat``
over runs and target-side sums are ``np.bincount`` over each link's target token.

The corpus is cut into blocks of about ``max_links`` links (a pair is never cut), so the
temporary arrays of one EM pass stay small whatever the corpus size. A block keeps 12 bytes
per link: the link's translation-table entry (int32), its target token (int32) and its
diagonal distance (float32).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from glossary.align.encoding import EncodedPairs

DEFAULT_MAX_LINKS = 1 << 20  # links per block: some 50 MB of temporaries while building or in an EM pass


@dataclass(slots=True)
class LinkBlock:
    """The candidate links of rows ``[first_row, stop_row)`` of an ``EncodedPairs``."""

    first_row: int
    stop_row: int
    source_tokens: slice  # these rows' tokens in ``EncodedPairs.source_ids``
    target_tokens: slice
    table_index: np.ndarray  # int32 [links]: entry of (source word, target word); -1 = none
    target_token: np.ndarray  # int32 [links]: the link's target token, counted from the block's first
    distance: np.ndarray  # float32 [links]: |(j + 1) / n - (i + 1) / m|
    run_lengths: np.ndarray  # int64 [source tokens]: links of each source token (its pair's target length)
    nonempty: np.ndarray  # int64: the source tokens with at least one link
    run_starts: np.ndarray  # int64: where their runs start
    has_unseen: bool = False  # some link's word pair is not in the table (aligning new text)

    @property
    def link_count(self) -> int:
        return len(self.table_index)

    @property
    def source_count(self) -> int:
        return self.source_tokens.stop - self.source_tokens.start

    @property
    def target_count(self) -> int:
        return self.target_tokens.stop - self.target_tokens.start

    def source_sums(self, values: np.ndarray) -> np.ndarray:
        """Per source token, the sum of ``values`` over its links (0 for a token without any)."""
        out = np.zeros(self.source_count, dtype=np.float64)
        if len(self.run_starts):
            out[self.nonempty] = np.add.reduceat(values, self.run_starts)
        return out

    def source_maxima(self, values: np.ndarray) -> np.ndarray:
        out = np.full(self.source_count, -np.inf, dtype=np.float64)
        if len(self.run_starts):
            out[self.nonempty] = np.maximum.reduceat(values, self.run_starts)
        return out

    def per_source_link(self, per_token: np.ndarray) -> np.ndarray:
        """A value per source token, repeated over the token's links."""
        return np.repeat(per_token, self.run_lengths)

    def target_sums(self, values: np.ndarray) -> np.ndarray:
        return np.bincount(self.target_token, values, minlength=self.target_count)

    def target_maxima(self, values: np.ndarray) -> np.ndarray:
        out = np.full(self.target_count, -np.inf, dtype=np.float64)
        np.maximum.at(out, self.target_token, values)
        return out

    def link_run(self, links: np.ndarray) -> np.ndarray:
        """The run (an index into ``nonempty`` and ``run_starts``) holding each given link."""
        return np.searchsorted(self.run_starts, links, side="right") - 1


def block_bounds(corpus: EncodedPairs, *, max_links: int = DEFAULT_MAX_LINKS) -> list[tuple[int, int]]:
    """Consecutive row ranges of about ``max_links`` links each (a longer pair alone)."""
    per_row = corpus.source_lengths * corpus.target_lengths
    ends = np.cumsum(per_row)
    bounds: list[tuple[int, int]] = []
    start, done = 0, 0
    rows = corpus.row_count
    while start < rows:
        stop = int(np.searchsorted(ends, done + max_links, side="right"))
        stop = min(max(stop, start + 1), rows)
        bounds.append((start, stop))
        done = int(ends[stop - 1])
        start = stop
    return bounds


def build_block(corpus: EncodedPairs, first: int, stop: int,
                index_of: Callable[[np.ndarray, np.ndarray], np.ndarray]) -> LinkBlock:
    """The links of rows ``[first, stop)``; ``index_of(source words, target words)`` gives each
    link's translation-table entry (int32)."""
    source_tokens = slice(int(corpus.source_starts[first]), int(corpus.source_starts[stop]))
    target_tokens = slice(int(corpus.target_starts[first]), int(corpus.target_starts[stop]))
    m = corpus.source_lengths[first:stop]
    n = corpus.target_lengths[first:stop]
    rows = stop - first
    source_row = np.repeat(np.arange(rows), m)
    target_row = np.repeat(np.arange(rows), n)
    source_start = corpus.source_starts[first:stop] - corpus.source_starts[first]
    target_start = corpus.target_starts[first:stop] - corpus.target_starts[first]
    source_position = np.arange(len(source_row)) - source_start[source_row] + 1  # 1-based
    target_position = np.arange(len(target_row)) - target_start[target_row] + 1

    run_lengths = n[source_row]
    run_ends = np.cumsum(run_lengths)
    run_begin = run_ends - run_lengths
    link_source = np.repeat(np.arange(len(source_row), dtype=np.int32), run_lengths)
    shift = target_start[source_row] - run_begin  # link index + shift = target token
    target_token = (np.arange(len(link_source), dtype=np.int64) + shift[link_source]).astype(np.int32)

    source_relative = source_position / np.maximum(m[source_row], 1)
    target_relative = target_position / np.maximum(n[target_row], 1)
    distance = np.abs(target_relative[target_token] - source_relative[link_source]).astype(np.float32)

    source_words = corpus.source_ids[source_tokens][link_source]
    target_words = corpus.target_ids[target_tokens][target_token]
    del link_source
    table_index = index_of(source_words, target_words)
    nonempty = np.flatnonzero(run_lengths)
    return LinkBlock(first_row=first, stop_row=stop, source_tokens=source_tokens, target_tokens=target_tokens,
                     table_index=table_index, target_token=target_token, distance=distance,
                     run_lengths=run_lengths.astype(np.int64), nonempty=nonempty,
                     run_starts=run_begin[nonempty].astype(np.int64),
                     has_unseen=bool(len(table_index)) and int(table_index.min()) < 0)


def build_training_blocks(corpus: EncodedPairs, *, target_size: int, extra_keys: np.ndarray,
                          max_links: int = DEFAULT_MAX_LINKS) -> tuple[list[LinkBlock], np.ndarray]:
    """Blocks over the whole corpus and the sorted keys of the translation table they make:
    every co-occurring (source word, target word), plus ``extra_keys`` (the prior's pairs).

    Each block first numbers its own distinct keys (sort and unique); the blocks' key sets
    are then merged and each block's numbers mapped onto the merged table.
    """
    blocks: list[LinkBlock] = []
    block_keys: list[np.ndarray] = []

    def local_index(source_words: np.ndarray, target_words: np.ndarray) -> np.ndarray:
        keys = source_words.astype(np.int64) * target_size + target_words
        unique, inverse = unique_inverse(keys)
        block_keys.append(unique)
        return inverse

    for first, stop in block_bounds(corpus, max_links=max_links):
        blocks.append(build_block(corpus, first, stop, local_index))
    keys = sorted_unique(np.concatenate(block_keys + [np.asarray(extra_keys, dtype=np.int64)]))
    for block, unique in zip(blocks, block_keys):
        mapping = np.searchsorted(keys, unique).astype(np.int32)
        block.table_index = mapping[block.table_index]
    return blocks, keys


def sorted_unique(values: np.ndarray) -> np.ndarray:
    """The distinct values, sorted (sort and compare neighbours)."""
    ordered = np.sort(values)
    if len(ordered) < 2:
        return ordered
    keep = np.empty(len(ordered), dtype=bool)
    keep[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=keep[1:])
    return ordered[keep]


def unique_inverse(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct values, sorted, and each value's index among them (int32).

    Equal values get one index whatever order the (unstable, faster) sort leaves them in,
    so the result is deterministic.
    """
    if not len(values):
        return values.astype(np.int64), np.zeros(0, dtype=np.int32)
    order = np.argsort(values)
    ordered = values[order]
    new = np.empty(len(ordered), dtype=bool)
    new[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=new[1:])
    inverse = np.empty(len(values), dtype=np.int32)
    inverse[order] = np.cumsum(new, dtype=np.int32) - 1
    return ordered[new], inverse
