"""Best guess of what a target wrote for a source term when it used none of the glossary's renderings.

Without a bilingual aligner the guess is a scored search over short windows of
the target (words in one clause, not already claimed by another glossary term):

- similarity to any rendering the glossary knows for the concept: the best of
  rapidfuzz ``ratio``, ``token_sort_ratio`` (reordered words) and the F1 of the
  rendering's words found in the window (a word counts when rapidfuzz ``ratio``
  with it reaches ``WORD_MATCH``, so Program finds Programme), on folded keys;
- plus ``QUOTE_BONUS`` when the source term is in quotation marks and the window
  is exactly a quoted passage of the target ("5 pushes" for "5 đẩy mạnh");
- plus ``FIGURE_BONUS`` when the source term holds a figure and the window holds
  the same one, as digits or words ("five key actions"); minus
  ``FIGURE_PENALTY`` when it holds none;
- minus ``LENGTH_PENALTY`` per word of length difference from the nearest rendering,
  and ``EDGE_PENALTY`` for a first or last word that no rendering has (so the
  window is the term, not the term and its neighbours).

A source term that starts with a figure is looked for from that figure on.

The best window scoring at least ``GUESS_THRESHOLD`` is the guess; below it,
the report says that nothing was found rather than inventing a rendering.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Sequence

from rapidfuzz import fuzz, process

from glossary.text.normalize import match_key
from glossary.text.numbers import NumberReader
from glossary.variance.matching import KeyedText

GUESS_THRESHOLD = 0.55
QUOTE_BONUS = 0.4
FIGURE_BONUS = 0.35
FIGURE_PENALTY = 0.2
LENGTH_PENALTY = 0.015
EDGE_PENALTY = 0.1
MAX_EXTRA_WORDS = 3  # windows run up to the longest rendering plus this many words
MAX_WINDOW = 12  # and never beyond this many
WORD_MATCH = 80.0  # rapidfuzz ratio at which a window word counts as a rendering's word
_PREFILTER = 30.0  # rapidfuzz score below which a window without an anchor is not considered

_QUOTED = re.compile(r"[\"“„«‘]([^\"“”„«»‘’]{1,160}?)[\"”“»’]")
_OPENING = "\"“„«‘'"
_CLOSING = "\"”“»’'"


@dataclass(frozen=True, slots=True)
class Guess:
    start: int
    end: int
    text: str
    score: float


def is_quoted(text: str, start: int, end: int) -> bool:
    """Is ``text[start:end]`` wrapped in quotation marks (spaces aside)?"""
    before = text[:start].rstrip()
    after = text[end:].lstrip()
    return bool(before) and before[-1] in _OPENING and bool(after) and after[0] in _CLOSING


# Looser than discovery.spans.quoted_spans on purpose (any open/close mark, ‘single’ quotes,
# no word cap): here a quote only adds a bonus.
def quoted_spans(text: str) -> set[tuple[int, int]]:
    spans = set()
    for m in _QUOTED.finditer(text):
        inner = m.group(1)
        lead = len(inner) - len(inner.lstrip())
        tail = len(inner.rstrip(" .,;:!?"))
        spans.add((m.start(1) + lead, m.start(1) + tail))
    return spans


def _edge_ok(word: str) -> bool:
    """Windows do not start or end on a short lower-case word (the, of, and, in)."""
    return word.isdigit() or not (len(word) <= 3 and word.islower())


# words whose matches a concept's ``Renderings`` remembers (the scan keeps a bounded number of
# them, so memory stays bounded however long the corpus)
KNOWN_WORDS_LIMIT = 1_000


class Renderings:
    """A concept's known renderings, keyed once; which text words match which rendering is cached."""

    def __init__(self, texts: Sequence[str]) -> None:
        self.keys = [k for k in (match_key(t, fold=True) for t in texts) if k]
        self.words = [k.split() for k in self.keys]
        self.sizes = [len(w) for w in self.words]
        self._known: dict[str, tuple[bool, ...]] = {}

    def known(self, word: str) -> tuple[bool, ...]:
        """For each rendering: does ``word`` (a folded key) match one of its words?"""
        found = self._known.get(word)
        if found is None:
            if len(self._known) >= KNOWN_WORDS_LIMIT:
                self._known.clear()
            found = self._known[word] = tuple(any(fuzz.ratio(word, w) >= WORD_MATCH for w in words)
                                              for words in self.words)
        return found


def guess_rendering(target: KeyedText, renderings: Sequence[str] | Renderings, *, claimed: Sequence[tuple[int, int]] = (),
                    source_figures: Sequence[Decimal] = (), source_quoted: bool = False,
                    figure_first: bool = False, numbers: NumberReader | None = None) -> Guess | None:
    """The target window most likely to render the term, or None; see the module docstring."""
    known_renderings = renderings if isinstance(renderings, Renderings) else Renderings(renderings)
    rendering_keys = known_renderings.keys
    if not target.spaced or not target.tokens or not rendering_keys:
        return None
    keys = target.token_keys(fold=True)
    sizes = known_renderings.sizes
    matched = [known_renderings.known(k) for k in keys]
    longest = min(max(sizes) + MAX_EXTRA_WORDS, MAX_WINDOW)
    tokens = target.tokens
    free = [not any(t.start < end and start < t.end for start, end in claimed) for t in tokens]
    quotes = quoted_spans(target.text) if source_quoted else set()
    windows: list[tuple[int, int]] = []
    for first in range(len(tokens)):
        if not free[first] or not _edge_ok(tokens[first].text):
            continue
        for last in range(first, min(len(tokens), first + longest)):
            if not free[last] or target.clause[last] != target.clause[first]:
                break
            if _edge_ok(tokens[last].text):
                windows.append((first, last))
    if not windows:
        return None
    texts = [" ".join(keys[a:b + 1]) for a, b in windows]
    similarity = [0.0] * len(windows)
    for key in rendering_keys:
        for scorer, weight in ((fuzz.ratio, 1.0), (fuzz.token_sort_ratio, 0.9)):
            for _, score, index in process.extract(key, texts, scorer=scorer, limit=None, score_cutoff=_PREFILTER):
                similarity[index] = max(similarity[index], score * weight / 100.0)
    for r, size in enumerate(sizes):  # word-coverage F1, counted with prefix sums over the tokens
        prefix = [0]
        for flags in matched:
            prefix.append(prefix[-1] + flags[r])
        for index, (a, b) in enumerate(windows):
            found = prefix[b + 1] - prefix[a]
            if found:
                recall, precision = min(1.0, found / size), found / (b - a + 1)
                similarity[index] = max(similarity[index], 2 * recall * precision / (recall + precision))
    wanted = set(source_figures)
    figure_tokens: set[int] = set()  # tokens that write one of the source figures
    if wanted and numbers is not None:
        spans = [(f.start, f.end) for f in numbers.figures(target.text) if f.value in wanted]
        for i, t in enumerate(tokens):
            if any(t.start < end and start < t.end for start, end in spans) or \
                    Decimal(numbers.words.get(t.text.lower(), -1)) in wanted:
                figure_tokens.add(i)
    best: Guess | None = None
    for index, (first, last) in enumerate(windows):
        start, end = tokens[first].start, tokens[last].end
        quoted = (start, end) in quotes
        anchored = quoted
        score = similarity[index] + (QUOTE_BONUS if quoted else 0.0)
        if wanted:
            if first in figure_tokens if figure_first else any(i in figure_tokens for i in range(first, last + 1)):
                score += FIGURE_BONUS
                anchored = True
            else:
                score -= FIGURE_PENALTY
        if not anchored and similarity[index] == 0.0:
            continue
        size = last - first + 1
        score -= LENGTH_PENALTY * min(abs(size - s) for s in sizes)
        if not quoted:
            for edge in {first, last}:
                if not any(matched[edge]) and edge not in figure_tokens:
                    score -= EDGE_PENALTY
        if score >= GUESS_THRESHOLD and (best is None or score > best.score + 1e-9):
            best = Guess(start, end, target.text[start:end], round(score, 3))
    return best
