"""The target side as numbers: frequent target spans, their ids and an inverted index.

Every segment's target is cut into n-grams of *coarse* token keys (case, diacritics,
inflection and US/UK spelling dropped, so "Programme" and "programs" are one span for
the statistics). Spans seen in at least two segments get an id; each segment keeps the
ids it holds, in one flat array with offsets (CSR), so co-occurrence with a source term
is a vectorised count, not a loop over segments.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from glossary.discovery.candidates import clauses, mine_ngrams, units
from glossary.discovery.lexicon import (
    builtin_stopwords,
    coarse_token_key,
    learn_stopwords,
)
from glossary.text.normalize import Token

MAX_TARGET_N = 5


@dataclass(slots=True)
class TargetIndex:
    lang: str
    keys: list[tuple[str, ...]]  # span id -> coarse key tuple
    ids: dict[tuple[str, ...], int]
    lengths: np.ndarray  # span id -> tokens
    freq: np.ndarray  # span id -> weighted passages (a passage rendered k times counts 1/k per rendering)
    indptr: np.ndarray  # segment -> slice of ``flat``
    flat: np.ndarray  # span ids, grouped by segment
    postings_ptr: np.ndarray  # span id -> slice of ``postings``
    postings: np.ndarray  # segment indices, grouped by span id
    stopwords: frozenset[str]

    def segment_spans(self, segment: int) -> np.ndarray:
        return self.flat[self.indptr[segment]:self.indptr[segment + 1]]

    def segments_of(self, span: int) -> np.ndarray:
        return self.postings[self.postings_ptr[span]:self.postings_ptr[span + 1]]

    def gather(self, segments: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Span ids of many segments at once, and for each the position of its segment in ``segments``."""
        starts, ends = self.indptr[segments], self.indptr[segments + 1]
        lengths = ends - starts
        total = int(lengths.sum())
        if total == 0:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        owner = np.repeat(np.arange(len(segments)), lengths)
        offsets = np.arange(total) - np.repeat(np.cumsum(lengths) - lengths, lengths)
        return self.flat[starts[owner] + offsets], owner


@lru_cache(maxsize=4096)
def target_units(text: str, lang: str) -> tuple[tuple[Token, ...], ...]:
    """Clauses of tokens of a target text (cached: a segment is revisited once per term)."""
    return tuple(tuple(c) for c in clauses(units(text, lang)))


def coarse_clauses(text: str, lang: str) -> list[list[str]]:
    return [[coarse_token_key(t.text, lang) for t in clause] for clause in target_units(text, lang)]


def target_stopwords(lang: str, token_segments: Counter, segments: int) -> frozenset[str]:
    builtin = builtin_stopwords(lang)
    if builtin is not None:
        return frozenset(coarse_token_key(w, lang) for w in builtin)
    return learn_stopwords(token_segments, segments)


def _keep(gram: tuple[str, ...], stop: frozenset[str]) -> bool:
    return (gram[0] not in stop and gram[-1] not in stop
            and not any(k[:1].isdigit() for k in gram))  # figures align by value, not as words


def build_target_index(targets: list[str], weights: list[float], *, lang: str,
                       max_n: int = MAX_TARGET_N, min_segments: int = 2,
                       keyed: list[list[list[str]]] | None = None) -> TargetIndex:
    """Index the frequent target spans of every segment (``weights``: 1/renderings of its passage).

    Spans are closed: one that only ever occurs inside a longer kept span (same count) is
    that span's fragment ("phạm mạng" of "tội phạm mạng") and is left out. ``keyed``: the
    targets' coarse clauses when already made (``prepare``).
    """
    if keyed is None:
        keyed = [coarse_clauses(t, lang) for t in targets]
    unigram: Counter = Counter()
    for clause_list in keyed:
        unigram.update({k for keys in clause_list for k in keys})
    stop = target_stopwords(lang, unigram, len(targets))
    counts = mine_ngrams(keyed, min_passages=min_segments, max_n=max_n)  # same mining as the source side
    kept = {g for g in counts if _keep(g, stop)}
    for gram in list(kept):
        for sub in (gram[:-1], gram[1:]):
            if sub in kept and counts[sub] == counts[gram]:
                kept.discard(sub)
    keys = sorted(kept)
    ids = {g: i for i, g in enumerate(keys)}
    lengths_present = sorted({len(g) for g in keys})
    per_segment: list[list[int]] = []
    for clause_list in keyed:
        found = set()
        for gram_keys in clause_list:
            for n in lengths_present:
                for i in range(len(gram_keys) - n + 1):
                    sid = ids.get(tuple(gram_keys[i:i + n]))
                    if sid is not None:
                        found.add(sid)
        per_segment.append(sorted(found))
    sizes = np.array([len(x) for x in per_segment], dtype=np.int64)
    indptr = np.zeros(len(per_segment) + 1, dtype=np.int64)
    np.cumsum(sizes, out=indptr[1:])
    flat = np.fromiter((s for seg in per_segment for s in seg), dtype=np.int64, count=int(sizes.sum()))
    seg_of = np.repeat(np.arange(len(per_segment), dtype=np.int64), sizes)
    w = np.asarray(weights, dtype=np.float64)
    freq = np.bincount(flat, weights=w[seg_of], minlength=len(keys)) if len(keys) else np.zeros(0)
    order = np.argsort(flat, kind="stable")
    postings = seg_of[order]
    counts = np.bincount(flat, minlength=len(keys)) if len(keys) else np.zeros(0, dtype=np.int64)
    postings_ptr = np.zeros(len(keys) + 1, dtype=np.int64)
    np.cumsum(counts, out=postings_ptr[1:])
    return TargetIndex(lang=lang, keys=keys, ids=ids, lengths=np.array([len(g) for g in keys], dtype=np.int64),
                       freq=freq, indptr=indptr, flat=flat, postings_ptr=postings_ptr, postings=postings,
                       stopwords=stop)


def token_windows(text: str, lang: str, key: tuple[str, ...]) -> list[tuple[tuple[Token, ...], list[str], int]]:
    """(clause tokens, their coarse keys, index) of every place the tokens of ``text`` read ``key``."""
    out = []
    n = len(key)
    for clause in target_units(text, lang):
        ck = [coarse_token_key(t.text, lang) for t in clause]
        out.extend((clause, ck, i) for i in range(len(ck) - n + 1) if tuple(ck[i:i + n]) == key)
    return out


def find_windows(text: str, lang: str, key: tuple[str, ...]) -> list[tuple[int, int]]:
    """Character offsets of every run of tokens of ``text`` whose coarse keys are ``key``."""
    n = len(key)
    return [(clause[i].start, clause[i + n - 1].end) for clause, _, i in token_windows(text, lang, key)]
