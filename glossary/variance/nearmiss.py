"""Find near-miss spellings of glossary terms in a text: UNDOC for UNODC, "Guterress".

Thresholds (the verdict is ``classify.is_near_miss``, which uses rapidfuzz's
optimal-string-alignment distance on diacritic- and case-folded keys):

- both words at least ``classify.MIN_LEN_MIXED`` (4) characters when either has a
  capital (names, acronyms), at least ``classify.MIN_LEN_LOWER`` (6) when both are
  lower case, so ordinary short words (form/from) never match;
- OSA distance (a transposition counts once) at most 1 up to 10 characters, 2 up to
  20, 3 beyond, and normalised similarity at least ``classify.MIN_SIMILARITY`` (0.8);
- an English inflection (nation/nations) or a US/UK spelling is not a misspelling;
- a word that is itself a word of some glossary term is never a candidate.

US/UK spelling variants of a term (Programme for Program) are found by the same
pass and reported with their class, not as misspellings.

How candidates are found without looping over the terms: every word of every
term is indexed under itself and each of its one-character deletions (the
SymSpell "deletion neighbourhood"); a text word looks up itself and its own
deletions, which reaches every glossary word within one insertion, deletion,
substitution or transposition in ``len(word) + 1`` dictionary look-ups. Words are
also indexed under their US/UK-neutral spelling. Answers are cached per word,
so frequent words cost one dictionary look-up. A candidate word then has to sit
where the rest of its term's words are, and the whole window has to pass the
verdict above.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Sequence

from glossary.text.classify import MIN_LEN_MIXED, VariantClass, classify_variant, near_miss_score, neutral_spelling
from glossary.text.normalize import token_key, tokenize
from glossary.variance.matching import KeyedText, TermEntry

# Shortest text word looked up at all; the verdict's own minimum lengths apply on top.
MIN_CANDIDATE_LEN = MIN_LEN_MIXED
# Classes a near-miss window may have to be reported.
ACCEPTED = frozenset({VariantClass.MISSPELLING, VariantClass.US_UK})
_CACHE_LIMIT = 50_000  # verdicts kept (bounded: full early in a long corpus, then refilled)


@dataclass(slots=True, eq=False)
class NearMiss:
    """``text[start:end]`` looks like ``entry``'s term but is not it."""

    entry: TermEntry
    start: int
    end: int
    variant_class: VariantClass


def _deletions(word: str) -> Iterable[str]:
    for i in range(len(word)):
        yield word[:i] + word[i + 1:]


class NearMissFinder:
    """Near misses of the given terms (one language, words separated by spaces)."""

    def __init__(self, entries: Sequence[TermEntry], *, lang: str = "en") -> None:
        self.lang = lang
        # folded glossary word -> [(entry, position of the word in the term)]
        self._positions: dict[str, list[tuple[TermEntry, int]]] = {}
        self._folded_words: dict[int, list[str]] = {}  # entry order -> folded words
        for entry in entries:
            words = [token_key(t.text, fold=True) for t in tokenize(entry.text)]
            self._folded_words[entry.order] = words
            for position, word in enumerate(words):
                self._positions.setdefault(word, []).append((entry, position))
        self._neighbours: dict[str, set[str]] = {}
        for word in self._positions:
            if len(word) < MIN_CANDIDATE_LEN:
                continue
            self._neighbours.setdefault(word, set()).add(word)
            for deleted in _deletions(word):
                self._neighbours.setdefault(deleted, set()).add(word)
            neutral = "~" + neutral_spelling(word)
            self._neighbours.setdefault(neutral, set()).add(word)
        self._cache: dict[str, tuple[str, ...]] = {}
        # (window as written, entry order) -> class: the verdict is the costly part, and a
        # corpus writes the same near-miss windows (and the same harmless look-alikes) again and again
        self._classes: dict[tuple[str, int], VariantClass] = {}

    def candidates(self, word: str) -> tuple[str, ...]:
        """Glossary words within one edit of a folded text word, or equal once US/UK-neutral."""
        cached = self._cache.get(word)
        if cached is not None:
            return cached
        if word in self._positions or len(word) < MIN_CANDIDATE_LEN:
            found: tuple[str, ...] = ()
        else:
            hits: set[str] = set(self._neighbours.get(word, ()))
            for deleted in _deletions(word):
                hits.update(self._neighbours.get(deleted, ()))
            hits.update(self._neighbours.get("~" + neutral_spelling(word), ()))
            found = tuple(sorted(hits))
        if len(self._cache) >= _CACHE_LIMIT:
            self._cache.clear()
        self._cache[word] = found
        return found

    def find(self, text: KeyedText) -> list[NearMiss]:
        """Near misses in ``text``: leftmost-longest windows, each with its closest term."""
        if not text.spaced or not self._positions:
            return []
        keys = text.token_keys(fold=True)
        tokens = text.tokens
        found: dict[tuple[int, int], NearMiss] = {}
        for index, word in enumerate(keys):
            for candidate in self.candidates(word):
                for entry, position in self._positions[candidate]:
                    first = index - position
                    last = first + entry.size - 1
                    if first < 0 or last >= len(tokens) or text.clause[first] != text.clause[last]:
                        continue
                    words = self._folded_words[entry.order]
                    if any(keys[first + i] != w for i, w in enumerate(words) if i != position):
                        continue
                    start, end = tokens[first].start, tokens[last].end
                    surface = text.surface(start, end)
                    cls = self._classes.get((surface, entry.order))
                    if cls is None:
                        if len(self._classes) >= _CACHE_LIMIT:
                            self._classes.clear()
                        cls = self._classes[(surface, entry.order)] = classify_variant(surface, entry.text,
                                                                                        lang=self.lang)
                    if cls not in ACCEPTED:
                        continue
                    other = found.get((start, end))
                    if other is None or near_miss_score(surface, entry.text) > near_miss_score(surface, other.entry.text):
                        found[(start, end)] = NearMiss(entry, start, end, cls)
        out: list[NearMiss] = []
        taken_end = -1
        for near in sorted(found.values(), key=lambda n: (n.start, -n.end, n.entry.order)):
            if near.start >= taken_end:  # leftmost-longest, as for exact matches
                out.append(near)
                taken_end = near.end
        return out
