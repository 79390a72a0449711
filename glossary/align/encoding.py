"""Token sequences as flat integer arrays: the two vocabularies and the encoded corpus.

Everything downstream works on integer word ids held in numpy arrays, never on Python
lists of strings. A corpus of pairs becomes, for each side, one flat array of the word ids
of every token of every pair, and the offsets where each pair's tokens start. Identical
pairs are stored once with a weight (software catalogues repeat strings across packages),
which changes no result: EM over a pair seen k times is EM over one pair of weight k.
"""
from __future__ import annotations

from array import array
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from glossary.errors import UsageError

Token = Hashable  # whatever the caller tokenised into: str, or an integer id
TokenPair = tuple[Sequence[Token], Sequence[Token]]

UNKNOWN = -1  # the id of a token a vocabulary does not hold (see ``Vocabulary.encode``)


class Vocabulary:
    """Tokens and their ids, the ids in order of first appearance (so: deterministic)."""

    __slots__ = ("_ids", "_tokens")

    def __init__(self, tokens: Iterable[Token] = ()) -> None:
        self._ids: dict[Token, int] = {}
        self._tokens: list[Token] | None = None  # built on first ``token()``
        for token in tokens:
            self.add(token)

    def __len__(self) -> int:
        return len(self._ids)

    def __contains__(self, token: object) -> bool:
        return token in self._ids

    def add(self, token: Token) -> int:
        """The token's id, adding it first when it is new."""
        ids = self._ids
        index = ids.get(token)
        if index is None:
            index = ids[token] = len(ids)
            self._tokens = None
        return index

    def id(self, token: Token) -> int:
        """The token's id, or ``UNKNOWN`` (-1)."""
        return self._ids.get(token, UNKNOWN)

    def token(self, index: int) -> Token:
        """The token with this id."""
        if self._tokens is None:
            self._tokens = list(self._ids)
        return self._tokens[index]

    def encode(self, tokens: Iterable[Token], *, grow: bool, out: array) -> int:
        """Append the ids of ``tokens`` to ``out``, adding new tokens when ``grow`` (else they
        are ``UNKNOWN``); return how many were appended."""
        ids = self._ids
        before = len(out)
        if grow:
            for token in tokens:
                index = ids.get(token)
                if index is None:
                    index = ids[token] = len(ids)
                out.append(index)
            self._tokens = None
        else:
            get = ids.get
            out.extend(get(token, UNKNOWN) for token in tokens)
        return len(out) - before


@dataclass(frozen=True, slots=True)
class EncodedPairs:
    """A corpus of pairs as flat arrays of word ids.

    Row ``k`` (a distinct pair) has source ids ``source_ids[source_starts[k]:source_starts[k + 1]]``
    and target ids likewise; ``weights[k]`` is how many input pairs it stands for, and
    ``rows[n]`` is the row of input pair ``n``.
    """

    source_ids: np.ndarray  # int32 [source tokens]
    source_starts: np.ndarray  # int64 [rows + 1]
    target_ids: np.ndarray  # int32 [target tokens]
    target_starts: np.ndarray  # int64 [rows + 1]
    weights: np.ndarray  # float64 [rows]
    rows: np.ndarray  # int64 [input pairs]

    @property
    def row_count(self) -> int:
        return len(self.weights)

    @property
    def source_lengths(self) -> np.ndarray:
        return np.diff(self.source_starts)

    @property
    def target_lengths(self) -> np.ndarray:
        return np.diff(self.target_starts)

    def source_token_weights(self) -> np.ndarray:
        """Each source token's pair weight (float64 [source tokens])."""
        return np.repeat(self.weights, self.source_lengths)

    def target_token_weights(self) -> np.ndarray:
        return np.repeat(self.weights, self.target_lengths)


def encode_pairs(pairs: Iterable[TokenPair], source: Vocabulary, target: Vocabulary, *, grow: bool,
                 deduplicate: bool = True) -> EncodedPairs:
    """Encode ``pairs`` with the two vocabularies (growing them when ``grow``; otherwise tokens
    they do not hold become ``UNKNOWN``), identical pairs stored once when ``deduplicate``."""
    source_ids = array("i")  # compact while the corpus is read (a list would hold an object per id)
    target_ids = array("i")
    source_lengths: list[int] = []
    target_lengths: list[int] = []
    weights: list[float] = []
    rows: list[int] = []
    seen: dict[tuple[tuple[Token, ...], tuple[Token, ...]], int] = {}
    for source_tokens, target_tokens in pairs:
        if isinstance(source_tokens, str) or isinstance(target_tokens, str):
            raise UsageError("a side of a pair is a sequence of tokens, not a string: split it "
                             "(or list(text) for one token per character)")
        source_tokens, target_tokens = tuple(source_tokens), tuple(target_tokens)  # (iterators too)
        if deduplicate:
            key = (source_tokens, target_tokens)
            row = seen.get(key)
            if row is not None:
                weights[row] += 1.0
                rows.append(row)
                continue
            seen[key] = len(weights)
        rows.append(len(weights))
        weights.append(1.0)
        source_lengths.append(source.encode(source_tokens, grow=grow, out=source_ids))
        target_lengths.append(target.encode(target_tokens, grow=grow, out=target_ids))
    return EncodedPairs(
        source_ids=np.array(source_ids, dtype=np.int32).reshape(-1),
        source_starts=_starts(source_lengths),
        target_ids=np.array(target_ids, dtype=np.int32).reshape(-1),
        target_starts=_starts(target_lengths),
        weights=np.asarray(weights, dtype=np.float64).reshape(-1),
        rows=np.asarray(rows, dtype=np.int64).reshape(-1),
    )


def _starts(lengths: list[int]) -> np.ndarray:
    starts = np.zeros(len(lengths) + 1, dtype=np.int64)
    np.cumsum(np.asarray(lengths, dtype=np.int64), out=starts[1:])
    return starts
