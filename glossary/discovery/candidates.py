"""Candidate source terms: recurring n-grams, names, acronyms, quoted phrases, numbers.

N-grams are syllable n-grams for Vietnamese and word n-grams for languages written
with spaces (characters for those without). They are mined level by level (an
n-gram can only be frequent if both its (n-1)-grams are), counted once per distinct
source passage (so one passage rendered three times does not look like three uses),
and kept only when they do not start or end with a function word, hold together
(Dice of their parts) and are not always part of one longer candidate. Term-like
spans (names, acronyms, quoted phrases, numbers with units) and glossary terms are
candidates whatever their frequency.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Iterable, Sequence

from glossary.discovery.lexicon import is_syllabic, stopwords_for
from glossary.discovery.spans import (
    Span,
    lower_case_words,
    number_key,
    structural_spans,
)
from glossary.model.langtags import uses_word_spaces
from glossary.progress import NO_PROGRESS, Progress, counted
from glossary.text.mask import mask
from glossary.text.normalize import Token, token_key, tokens_and_barriers

MAX_N_SYLLABIC = 7  # Vietnamese terms run to 6-7 syllables ("Công ước Hà Nội về ...")
MAX_N_WORDS = 5
MAX_N_CHARS = 6
MIN_COHESION = 0.1  # Dice of the weakest split; "của các" and "of the" fall below


@dataclass(slots=True)
class Candidate:
    """One candidate source term and where it occurs."""

    key: str  # token keys joined by spaces; numbers: "#<value>"
    text: str  # the most common surface form
    kinds: set[str] = field(default_factory=set)  # ngram, name, acronym, quoted, number, glossary
    passages: list[int] = field(default_factory=list)  # distinct source passages, ascending
    cohesion: float = 1.0
    value: float | None = None  # numbers
    concept: str | None = None  # glossary concept id when the glossary gave it

    @property
    def frequency(self) -> int:
        return len(self.passages)

    @property
    def structural(self) -> bool:
        """Found by its form (name, acronym, quote, number) or the glossary, not by counting."""
        return bool(self.kinds - {"ngram"})


@dataclass(slots=True)
class CandidateSet:
    candidates: list[Candidate]
    passage_candidates: list[list[int]]  # passage -> candidate indices present
    stopwords: frozenset[str]
    truncated: int = 0  # candidates dropped by the cap (reported, never silent)

    def by_key(self) -> dict[str, int]:
        return {c.key: i for i, c in enumerate(self.candidates)}


def units(text: str, lang: str) -> list[Token | None]:
    """Tokens (syllables or words; characters where words are not spaced), None at clause breaks.

    What is not prose is masked first (``text.mask``: placeholders, markup, accelerators,
    options, paths, identifiers): no candidate term and no rendering is made of them, and a
    mnemonic inside a word ("thư _mục") does not split it from its rendering. Masking keeps
    every offset."""
    items = tokens_and_barriers(mask(text))
    if uses_word_spaces(lang):
        return items
    out: list[Token | None] = []
    for item in items:
        if item is None:
            out.append(None)
        else:
            out.extend(Token(ch, item.start + i, item.start + i + 1) for i, ch in enumerate(item.text))
    return out


def clauses(items: Sequence[Token | None]) -> list[list[Token]]:
    out: list[list[Token]] = [[]]
    for item in items:
        if item is None:
            if out[-1]:
                out.append([])
        else:
            out[-1].append(item)
    return [c for c in out if c]


def max_ngram(lang: str) -> int:
    if not uses_word_spaces(lang):
        return MAX_N_CHARS
    return MAX_N_SYLLABIC if is_syllabic(lang) else MAX_N_WORDS


def tokenise_source(text: str, lang: str) -> tuple[list[list[Token]], list[list[str]]]:
    """What ``extract_candidates`` makes of one passage: clauses of tokens, and their keys."""
    cl = clauses(units(text, lang))
    return cl, [[token_key(t.text) for t in c] for c in cl]


def _term_keys(text: str, lang: str) -> list[str]:
    """The token keys of a term (a glossary term, a structural span): its candidate key, split."""
    return [token_key(t.text) for t in units(text, lang) if t is not None]


def mine_ngrams(passage_keys: list[list[list[str]]], *, min_passages: int, max_n: int,
                progress: Progress = NO_PROGRESS) -> dict[tuple[str, ...], int]:
    """Counts (in distinct passages) of every n-gram seen in at least ``min_passages`` passages.

    ``progress`` advances by ``len(passage_keys)`` over the whole count, a share per n-gram size."""
    step, moved = len(passage_keys) / max(1, max_n), 0.0
    counts: dict[tuple[str, ...], int] = {}
    level: Counter = Counter()
    for clause_list in passage_keys:
        level.update({(k,) for keys in clause_list for k in keys})
    frequent = {g: n for g, n in level.items() if n >= min_passages}
    counts.update(frequent)
    progress.advance(step)
    moved += step
    for n in range(2, max_n + 1):
        if not frequent:
            break
        level = Counter()
        for clause_list in passage_keys:
            seen = set()
            for keys in clause_list:
                for i in range(len(keys) - n + 1):
                    gram = tuple(keys[i:i + n])
                    if gram[:-1] in frequent and gram[1:] in frequent:
                        seen.add(gram)
            level.update(seen)
        frequent = {g: c for g, c in level.items() if c >= min_passages}
        counts.update(frequent)
        progress.advance(step)
        moved += step
    progress.advance(len(passage_keys) - moved)  # sizes not needed (no frequent n-gram left)
    return counts


def cohesion(gram: tuple[str, ...], counts: dict[tuple[str, ...], int]) -> float:
    """Dice of the weakest binary split: how much the parts occur together rather than apart."""
    if len(gram) < 2:
        return 1.0
    whole = counts.get(gram, 0)
    best = 1.0
    for i in range(1, len(gram)):
        left, right = counts.get(gram[:i], 0), counts.get(gram[i:], 0)
        if left + right == 0:
            return 0.0
        best = min(best, 2.0 * whole / (left + right))
    return best


def fragments(passage_keys: list[list[list[str]]], grams: dict[tuple[str, ...], float]) -> set[tuple[str, ...]]:
    """N-grams always preceded, or always followed, by the same token: pieces of a longer unit.

    Accessor variety (Feng et al. 2004): a real term is met in varied contexts; "ước của
    Liên hợp quốc" always has "Công" on its left. A clause edge counts as a new context.
    """
    lengths = sorted({len(g) for g in grams})
    left: dict[tuple[str, ...], set] = defaultdict(set)
    right: dict[tuple[str, ...], set] = defaultdict(set)
    edge = 0
    for clause_list in passage_keys:
        for keys in clause_list:
            for n in lengths:
                for i in range(len(keys) - n + 1):
                    gram = tuple(keys[i:i + n])
                    if gram in grams:
                        edge += 1
                        left[gram].add(keys[i - 1] if i > 0 else edge)
                        right[gram].add(keys[i + n] if i + n < len(keys) else -edge)
    return {g for g in grams if len(left[g]) < 2 or len(right[g]) < 2}


def _keep_ngram(gram: tuple[str, ...], stop: frozenset[str], min_len: int) -> bool:
    if len(gram) < min_len:
        return False
    if gram[0] in stop or gram[-1] in stop:
        return False
    return not any(k[:1].isdigit() for k in gram)  # figures are number candidates, read whole


def extract_candidates(
    passages: Sequence[str],
    *,
    lang: str,
    min_passages: int = 2,
    max_candidates: int = 20_000,
    glossary_terms: Iterable[tuple[str, str]] = (),
    tokens: tuple[list[list[list[Token]]], list[list[list[str]]]] | None = None,
    progress: Progress = NO_PROGRESS,
) -> CandidateSet:
    """Candidate terms of distinct source passages.

    ``glossary_terms`` are (source term, concept id) pairs: always candidates.
    ``tokens``: each passage's clauses and token keys, when already made (``prepare``).
    ``progress`` advances by two steps a passage: counting n-grams, then finding the candidates.
    """
    if tokens is None:
        made = [tokenise_source(p, lang) for p in passages]
        tokenised, passage_keys = [m[0] for m in made], [m[1] for m in made]
    else:
        tokenised, passage_keys = tokens
    unigram_passages: Counter = Counter()
    for clause_list in passage_keys:
        unigram_passages.update({k for keys in clause_list for k in keys})
    stop = stopwords_for(lang, unigram_passages, len(passages))
    counts = mine_ngrams(passage_keys, min_passages=min_passages, max_n=max_ngram(lang), progress=progress)

    min_len = 2 if is_syllabic(lang) else 1
    kept = {g: n for g, n in counts.items() if _keep_ngram(g, stop, min_len)}
    scored: dict[tuple[str, ...], float] = {}
    for gram in kept:
        c = cohesion(gram, counts)
        if c >= MIN_COHESION:
            scored[gram] = c
    for gram in fragments(passage_keys, scored):
        scored.pop(gram, None)
    # Closed n-grams only: drop one that (nearly) always sits inside a longer kept one.
    for gram in sorted(scored, key=len, reverse=True):
        if gram not in scored:
            continue
        n = counts[gram]
        for size in range(1, len(gram)):
            for i in range(len(gram) - size + 1):
                sub = gram[i:i + size]
                if sub in scored and counts[sub] <= n / 0.9:
                    scored.pop(sub, None)
    ranked = sorted(scored, key=lambda g: (-counts[g] * (0.5 + scored[g]) * (1 + 0.25 * (len(g) - 1)), g))
    truncated = max(0, len(ranked) - max_candidates)
    ranked = ranked[:max_candidates]

    candidates: list[Candidate] = []
    index: dict[str, int] = {}

    def candidate(key: str) -> Candidate:
        if key not in index:
            index[key] = len(candidates)
            candidates.append(Candidate(key=key, text=""))
        return candidates[index[key]]

    for gram in ranked:
        cand = candidate(" ".join(gram))
        cand.kinds.add("ngram")
        cand.cohesion = scored[gram]
    for term, concept_id in glossary_terms:
        keys = _term_keys(term, lang)
        if keys:
            cand = candidate(" ".join(keys))
            cand.kinds.add("glossary")
            cand.concept = concept_id

    lengths = sorted({len(c.key.split()) for c in candidates if not c.key.startswith("#")})
    surfaces: dict[int, Counter] = defaultdict(Counter)
    common = lower_case_words(passages)
    mid_sentence: set[int] = set()  # structural candidates seen somewhere other than opening a sentence
    passage_candidates: list[list[int]] = []
    for p, (text, clause_list, keys_list) in enumerate(counted(zip(passages, tokenised, passage_keys), progress)):
        present: set[int] = set()
        for clause, keys in zip(clause_list, keys_list):
            for n in lengths:
                for i in range(len(keys) - n + 1):
                    cid = index.get(" ".join(keys[i:i + n]))
                    if cid is not None:
                        present.add(cid)
                        surfaces[cid][text[clause[i].start:clause[i + n - 1].end]] += 1
        for span in structural_spans(text, lang, common):
            cid = _structural_candidate(span, lang, candidate, index)
            if cid is not None:
                present.add(cid)
                surfaces[cid][span.text] += 1
                if any(ch.isalpha() for ch in text[:span.start]):
                    mid_sentence.add(cid)
        for cid in present:
            candidates[cid].passages.append(p)
        passage_candidates.append(sorted(present))
    for cid, cand in enumerate(candidates):
        cand.text = surfaces[cid].most_common(1)[0][0] if surfaces[cid] else cand.key
    return drop_false_names(CandidateSet(candidates, passage_candidates, stop, truncated), mid_sentence, common)


def drop_false_names(cset: CandidateSet, mid_sentence: set[int], common: frozenset[str]) -> CandidateSet:
    """Capitalised runs that are not names.

    One only ever seen opening a sentence, whose first word is written in lower case
    elsewhere, owes its capital to the sentence ("Mới Lễ"). One that is mostly a known
    candidate plus a neighbour ("Mới Bùi Thanh Sơn"): when a part of it is a candidate
    used at least twice as often, the run is two things side by side.
    """
    index = cset.by_key()
    drop: set[int] = set()
    for cid, cand in enumerate(cset.candidates):
        if cand.kinds != {"name"}:
            continue
        if cid not in mid_sentence and cand.text.split()[0].lower() in common:
            drop.add(cid)
            continue
        words = cand.key.split()
        for size in range(1, len(words)):
            for part in (words[:size], words[-size:]):
                other = index.get(" ".join(part))
                if other is not None and other != cid and cset.candidates[other].frequency >= 2 * cand.frequency:
                    drop.add(cid)
    if not drop:
        return cset
    kept = [cid for cid in range(len(cset.candidates)) if cid not in drop]
    renumber = {old: new for new, old in enumerate(kept)}
    cset.candidates = [cset.candidates[cid] for cid in kept]
    cset.passage_candidates = [[renumber[c] for c in cands if c in renumber] for cands in cset.passage_candidates]
    return cset


def _structural_candidate(span: Span, lang: str, candidate, index: dict[str, int]) -> int | None:
    if span.kind == "number":
        if span.value is None:
            return None
        cand = candidate(number_key(span.value))
        cand.kinds.add("number")
        cand.value = span.value
        return index[cand.key]
    keys = _term_keys(span.text, lang)
    if not keys:
        return None
    cand = candidate(" ".join(keys))
    cand.kinds.add(span.kind)
    return index[cand.key]
