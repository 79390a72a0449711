"""Find concepts from a query in any language: exact, prefix, abbreviation, fuzzy.

An in-memory index over a Glossary, built once. Every term gets two keys: the
tone-placement/case-insensitive ``match_key`` and the diacritic-free one
(``fold=True``); lookups are dictionary hits, a bisect over sorted keys, and
RapidFuzz over a pre-built choice list, so one query costs about a millisecond
even with 100,000 terms (benchmarks/lookup_latency.py). Abbreviations are matched
both ways: through the concept that holds both forms, and through initials.

Tiers, best first (the score says which): exact 100, without diacritics 98,
abbreviation spelled out 95, prefix 80-90, words inside a longer term 65-80, a
full form whose initials an acronym-like query spells 62, near miss (misspelling)
up to 60, an acronym a multi-word query's initials spell 50.
"""
from __future__ import annotations

import bisect
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from enum import Enum
from itertools import product
from typing import Callable, Iterable

from rapidfuzz import fuzz, process

from glossary.errors import UsageError
from glossary.model import Concept, Glossary, Status, Term
from glossary.model.langtags import normalize_lang, same_language
from glossary.text.normalize import match_key, token_key, tokenize

# Words acronyms skip ("Office on Drugs and Crime" -> ODC); short on purpose.
_SKIP_IN_INITIALS = frozenset({
    "a", "an", "and", "at", "by", "for", "in", "of", "on", "the", "to", "against", "with",
    "va", "ve", "cua", "cac", "nhung", "voi",
})
# Work caps: a query's cost stays bounded however common its words are.
_MAX_PREFIX_KEYS = 200
_MAX_CONTAINS_SCAN = 200
_MAX_EXPANSIONS = 16
_SHORT_PREFIX = 3  # prefixes up to this length keep a precomputed shortest-first list
_FUZZY_CUTOFF = 75.0
_SUGGEST_CUTOFF = 50.0
STATUS_RANK = {status: rank for rank, status in enumerate(Status)}  # preferred first, forbidden last


class MatchKind(str, Enum):
    """How a query found a term."""

    EXACT = "exact"  # same text up to case, Unicode form, tone placement, hyphen/space
    FOLDED = "folded"  # same once diacritics are dropped ("bo cong an")
    ABBREVIATION = "abbreviation"  # spelled out through an acronym <-> full form pair of the glossary
    PREFIX = "prefix"
    CONTAINS = "contains"  # the query's words appear in the term, in order
    INITIALS = "initials"  # the query's initials spell the term, or the term's the query (a guess)
    FUZZY = "fuzzy"  # a near miss (misspelling)


_NAMING_KINDS = (MatchKind.EXACT, MatchKind.FOLDED, MatchKind.ABBREVIATION)


@dataclass(frozen=True, slots=True)
class LookupHit:
    """One concept found, with the term that matched best and how."""

    concept: Concept
    term: Term
    kind: MatchKind
    score: float  # 0-100, comparable across kinds


@dataclass(frozen=True, slots=True)
class Suggestion:
    text: str
    lang: str
    concept_id: str
    score: float


@dataclass(frozen=True, slots=True)
class LookupAnswer:
    """What a lookup found, and what it searched (shown when nothing was found)."""

    query: str
    hits: list[LookupHit]
    languages: list[str]  # the languages searched
    subject: str | None
    concepts_searched: int
    terms_searched: int
    suggestions: list[Suggestion] = field(default_factory=list)  # only when ``hits`` is empty


@dataclass(frozen=True, slots=True)
class _Entry:
    concept_index: int
    term: Term
    lang: str
    key: str  # match_key: case, Unicode form, tone placement ignored
    fold: str  # match_key(fold=True): diacritics dropped too
    tokens: tuple[str, ...]  # folded words
    abbreviated: bool


def _is_abbreviation(term: Term, words: list[str]) -> bool:
    """Typed as an acronym/abbreviation, or one short all-capital word ("UNODC", "LHQ")."""
    return term.is_abbreviated or (len(words) == 1 and 2 <= len(words[0]) <= 10 and words[0].isupper())


def _initials(words: list[str]) -> set[str]:
    """Acronyms a multi-word term may be shortened to (folded, lower case).

    Two readings: the initials of the words other than "of", "and"... (United Nations
    Office on Drugs and Crime -> unodc), and those of the capitalised words.
    """
    if len(words) < 2:
        return set()
    folded = [token_key(w, fold=True) for w in words]
    content = "".join(f[0] for f in folded if f and f not in _SKIP_IN_INITIALS)
    capitals = "".join(f[0] for w, f in zip(words, folded) if f and w[:1].isupper())
    return {i for i in (content, capitals) if len(i) >= 2}


def _looks_like_acronym(query: str) -> bool:
    """Typed in capitals, like an acronym ("UNODC", "LHQ"): only then are initials tried."""
    words = [t.text for t in tokenize(query)]
    return len(words) == 1 and len(words[0]) >= 2 and words[0].isupper()


class LookupIndex:
    """Precomputed keys of every term of a glossary; ``search`` answers a query."""

    def __init__(self, glossary: Glossary) -> None:
        self.glossary = glossary
        self.concepts: list[Concept] = list(glossary.concepts)
        self.languages: list[str] = glossary.languages
        self.entries: list[_Entry] = []
        self._by_key: dict[str, list[int]] = defaultdict(list)
        self._by_fold: dict[str, list[int]] = defaultdict(list)
        self._by_initials: dict[str, list[int]] = defaultdict(list)
        self._by_token: dict[str, list[int]] = defaultdict(list)
        self._expansions: dict[str, set[str]] = defaultdict(set)  # abbreviation fold -> full-form folds
        self._abbreviated_by_fold: dict[str, list[int]] = defaultdict(list)
        for ci, concept in enumerate(self.concepts):
            first_entry = len(self.entries)
            for lang, terms in concept.terms.items():
                for term in terms:
                    self._add(ci, lang, term)
            self._learn_expansions(first_entry)
        # Sorted unique keys: prefixes by bisect; the shortest keys of each short prefix kept
        # apart, since a short prefix ("dis") matches thousands of keys and the shortest rank first.
        self._fold_keys: list[str] = sorted(self._by_fold)
        self._token_keys: list[str] = sorted(self._by_token)
        self._short_fold_prefixes = _shortest_by_prefix(self._fold_keys)
        self._short_token_prefixes = _shortest_by_prefix(self._token_keys)
        self._fuzzy_blocks = _Blocks(self._fold_keys)
        self._token_blocks = _Blocks(self._token_keys)
        for postings in self._by_token.values():
            postings.sort(key=lambda i: len(self.entries[i].fold))  # shortest terms first: best "contains" hits

    def _add(self, concept_index: int, lang: str, term: Term) -> None:
        words = [t.text for t in tokenize(term.text)]
        if not words:
            return
        folded = tuple(token_key(w, fold=True) for w in words)
        # match_key(text) and match_key(text, fold=True), from one tokenisation
        entry = _Entry(concept_index, term, lang, " ".join(token_key(w) for w in words), " ".join(folded),
                       folded, _is_abbreviation(term, words))
        index = len(self.entries)
        self.entries.append(entry)
        self._by_key[entry.key].append(index)
        self._by_fold[entry.fold].append(index)
        for token in dict.fromkeys(folded):
            self._by_token[token].append(index)
        for initials in _initials(words):
            self._by_initials[initials].append(index)
        if entry.abbreviated:
            self._abbreviated_by_fold[entry.fold].append(index)

    def _learn_expansions(self, first_entry: int) -> None:
        """Abbreviation -> full forms of the same concept and language, from the entries just added."""
        entries = self.entries[first_entry:]
        for short in (e for e in entries if e.abbreviated):
            for full in entries:
                if not full.abbreviated and len(full.tokens) > 1 and full.lang == short.lang:
                    self._expansions[short.fold].add(full.fold)

    @property
    def term_count(self) -> int:
        return len(self.entries)

    # -- searching ---------------------------------------------------------------
    def search(self, query: str, *, lang: str | None = None, subject: str | None = None,
               limit: int = 10) -> LookupAnswer:
        """Concepts matching ``query``, best first, at most ``limit``; suggestions when none match."""
        if limit < 1:
            raise UsageError(f"--limit must be at least 1, not {limit}")
        key, fold = match_key(query), match_key(query, fold=True)
        if not fold:
            raise UsageError(f"nothing to look up in {query!r}: it has no letters or digits")
        lang = normalize_lang(lang) if lang else None
        accept = self._filter(lang, subject)
        # concept index -> (score, -status rank, entry index, kind); hits are built for the winners only
        best: dict[int, tuple[float, int, int, MatchKind]] = {}

        def offer(indices: Iterable[int], kind: MatchKind, score_of: Callable[[_Entry], float]) -> None:
            for i in indices:
                entry = self.entries[i]
                if not accept(entry):
                    continue
                candidate = (score_of(entry), -STATUS_RANK[entry.term.status], i, kind)
                current = best.get(entry.concept_index)
                if current is None or candidate[:2] > current[:2]:
                    best[entry.concept_index] = candidate

        length = len(fold)
        typed = unicodedata.normalize("NFC", query.strip())  # the very text typed ranks first among equal keys
        offer(self._by_key.get(key, ()), MatchKind.EXACT,
              lambda e: 100.0 if unicodedata.normalize("NFC", e.term.text) == typed else 99.5)
        offer(self._by_fold.get(fold, ()), MatchKind.FOLDED, lambda e: 98.0)
        offer(self._expanded(fold), MatchKind.ABBREVIATION, lambda e: 95.0)
        offer(self._prefix(fold), MatchKind.PREFIX, lambda e: 80.0 + 10.0 * length / len(e.fold))
        offer(self._contains(fold), MatchKind.CONTAINS, lambda e: 65.0 + 15.0 * length / len(e.fold))
        # Initials are a guess (many names share them), so they rank below words found in a term.
        offer(self._initials_of(query, fold), MatchKind.INITIALS, lambda e: 62.0)
        offer(self._acronyms_spelled_by(query), MatchKind.INITIALS, lambda e: 50.0)
        # A near miss scores below every tier above, and a query that names a term is no misspelling:
        # the fuzzy pass runs only when it can still change the answer.
        if len(best) < limit and not any(b[3] in _NAMING_KINDS for b in best.values()):
            scores = self._fuzzy(fold, _FUZZY_CUTOFF, limit * 4)
            offer((i for k in scores for i in self._by_fold[k]), MatchKind.FUZZY, lambda e: 0.6 * scores[e.fold])
            if " " not in fold and length >= 4 and len(best) < limit:
                words = self._fuzzy_tokens(fold)
                offer((i for t in words for i in self._by_token[t][:_MAX_CONTAINS_SCAN]), MatchKind.FUZZY,
                      lambda e: 0.5 * max(words.get(t, 0.0) for t in e.tokens))
        ranked = sorted(best.values(), key=lambda b: (-b[0], -b[1], len(self.entries[b[2]].term.text),
                                                      self.concepts[self.entries[b[2]].concept_index].id))
        hits = [LookupHit(self.concepts[self.entries[i].concept_index], self.entries[i].term, kind, round(score, 1))
                for score, _, i, kind in ranked[:limit]]
        suggestions = [] if hits else self.suggest(query, lang=lang, subject=subject)
        return LookupAnswer(query=query, hits=hits, languages=[lang] if lang else self.languages,
                            subject=subject, concepts_searched=len(self.concepts),
                            terms_searched=len(self.entries), suggestions=suggestions)

    def suggest(self, query: str, *, lang: str | None = None, subject: str | None = None,
                limit: int = 5) -> list[Suggestion]:
        """The nearest terms to a query that found nothing (a looser fuzzy pass)."""
        fold = match_key(query, fold=True)
        if not fold:
            return []
        accept = self._filter(normalize_lang(lang) if lang else None, subject)
        scored: list[tuple[float, int]] = []
        for key, score in self._fuzzy(fold, _SUGGEST_CUTOFF, limit * 4).items():
            scored.extend((score, i) for i in self._by_fold[key])
        for word in fold.split(" "):  # a word near one inside a longer term
            for token, score in self._fuzzy_tokens(word, cutoff=_SUGGEST_CUTOFF + 10).items():
                scored.extend((score * 0.9, i) for i in self._by_token[token][:limit])
        out: dict[tuple[str, str], Suggestion] = {}
        for score, i in sorted(scored, key=lambda si: (-si[0], len(self.entries[si[1]].fold))):
            entry = self.entries[i]
            if accept(entry):
                concept = self.concepts[entry.concept_index]
                out.setdefault((concept.id, entry.term.text),
                               Suggestion(entry.term.text, entry.lang, concept.id, round(score, 1)))
        return list(out.values())[:limit]

    def _filter(self, lang: str | None, subject: str | None) -> Callable[[_Entry], bool]:
        wanted_subject = subject.casefold() if subject else None

        def accept(entry: _Entry) -> bool:
            if lang is not None and not same_language(entry.lang, lang):
                return False
            if wanted_subject is not None:
                concept_subject = self.concepts[entry.concept_index].subject or ""
                return wanted_subject in concept_subject.casefold()
            return True

        return accept

    def _expanded(self, fold: str) -> list[int]:
        """Terms a query spells out once the abbreviations the glossary knows are expanded.

        "UN Office on Drugs and Crime" -> United Nations Office on Drugs and Crime, because
        UN and United Nations are terms of one concept.
        """
        found: list[int] = []
        tokens = fold.split(" ")
        options = [sorted(self._expansions.get(t, ())) + [t] for t in tokens]
        if any(len(o) > 1 for o in options):
            for combo in list(product(*options))[:_MAX_EXPANSIONS]:
                expanded = " ".join(combo)
                if expanded != fold:
                    found.extend(self._by_fold.get(expanded, ()))
        return found

    def _initials_of(self, query: str, fold: str) -> list[int]:
        """Full forms whose initials an acronym-like query spells ("UNODC" -> United Nations Office...)."""
        return list(self._by_initials.get(fold, ())) if _looks_like_acronym(query) else []

    def _acronyms_spelled_by(self, query: str) -> list[int]:
        """Acronyms that a multi-word query's initials spell ("Prime Minister" -> PM)."""
        words = [t.text for t in tokenize(query)]
        return [i for initials in _initials(words) for i in self._abbreviated_by_fold.get(initials, ())]

    def _prefix(self, fold: str) -> list[int]:
        keys = _keys_with_prefix(fold, self._fold_keys, self._short_fold_prefixes)
        return [i for key in keys if key != fold for i in self._by_fold[key]]

    def _contains(self, fold: str) -> list[int]:
        """Longer terms holding the query's words in a row (the last word may be a prefix)."""
        words = fold.split(" ")
        if len(words) > 1:
            postings = [self._by_token.get(w) for w in words[:-1]]
            if any(p is None for p in postings):
                return []
            candidates = min(postings, key=len)[:_MAX_CONTAINS_SCAN]
            return [i for i in candidates
                    if len(self.entries[i].tokens) > len(words) and _holds_run(self.entries[i].tokens, words)]
        # one word: the terms of more than one word with a word starting with it
        found: list[int] = []
        for token in _keys_with_prefix(fold, self._token_keys, self._short_token_prefixes):
            if len(found) >= _MAX_CONTAINS_SCAN:
                break
            found.extend(i for i in self._by_token[token][:_MAX_CONTAINS_SCAN] if len(self.entries[i].tokens) > 1)
        return found

    def _fuzzy(self, fold: str, cutoff: float, limit: int) -> dict[str, float]:
        """Folded keys near ``fold``: RapidFuzz over the keys of its blocks and of a length it can reach."""
        scores: dict[str, float] = {}
        for choices in self._fuzzy_blocks.candidates(fold, cutoff):
            for key, score, _ in process.extract(fold, choices, scorer=fuzz.ratio, score_cutoff=cutoff,
                                                 limit=limit):
                scores[key] = max(score, scores.get(key, 0.0))
        return scores

    def _fuzzy_tokens(self, word: str, *, cutoff: float = 80.0) -> dict[str, float]:
        """Near misses of a one-word query inside longer terms ("Guteres" -> António Guterres).

        The word itself is left out: an exact word is a "contains" hit, found above.
        """
        scores: dict[str, float] = {}
        for choices in self._token_blocks.candidates(word, cutoff):
            for token, score, _ in process.extract(word, choices, scorer=fuzz.ratio, score_cutoff=cutoff, limit=10):
                if token != word:
                    scores[token] = max(score, scores.get(token, 0.0))
        return scores


def _holds_run(tokens: tuple[str, ...], words: list[str]) -> bool:
    """Do ``words`` occur in ``tokens`` in a row, the last one as a prefix?"""
    n = len(words)
    for start in range(len(tokens) - n + 1):
        if all(tokens[start + j] == words[j] for j in range(n - 1)) and tokens[start + n - 1].startswith(words[-1]):
            return True
    return False


def _shortest_by_prefix(keys: list[str]) -> dict[str, list[str]]:
    """For every prefix of up to _SHORT_PREFIX characters, its shortest keys (at most _MAX_PREFIX_KEYS)."""
    groups: dict[str, list[str]] = defaultdict(list)
    for key in keys:
        for n in range(1, min(_SHORT_PREFIX, len(key)) + 1):
            groups[key[:n]].append(key)
    return {prefix: sorted(group, key=len)[:_MAX_PREFIX_KEYS] for prefix, group in groups.items()}


def _keys_with_prefix(prefix: str, keys: list[str], short: dict[str, list[str]]) -> list[str]:
    if len(prefix) <= _SHORT_PREFIX:
        return short.get(prefix, [])
    start = bisect.bisect_left(keys, prefix)
    out = []
    for key in keys[start:start + _MAX_PREFIX_KEYS]:
        if not key.startswith(prefix):
            break
        out.append(key)
    return out


class _Blocks:
    """Fuzzy-match candidates: keys grouped by their first two and by their last two characters.

    One typing error cannot change both ends of a word of five letters or more, so a
    near miss shares its first or its last two characters with the key it misses;
    shorter keys are few and kept in one block of their own. Each block is sorted by
    length, and only the lengths a score above the cutoff allows are compared
    (RapidFuzz's ratio is 100 * (1 - distance / (len(a) + len(b))), so with cutoff c the
    lengths can differ by at most a factor (200 - c) / c).
    """

    _SHORT = 4

    def __init__(self, keys: list[str]) -> None:
        grouped: dict[tuple[str, str], list[str]] = defaultdict(list)
        for key in keys:
            if len(key) <= self._SHORT:
                grouped[("short", "")].append(key)
            else:
                grouped[("head", key[:2])].append(key)
                grouped[("tail", key[-2:])].append(key)
        self.blocks = {name: sorted(block, key=len) for name, block in grouped.items()}
        self.lengths = {name: [len(k) for k in block] for name, block in self.blocks.items()}

    def candidates(self, query: str, cutoff: float) -> list[list[str]]:
        factor = (200.0 - cutoff) / cutoff
        low, high = len(query) / factor, len(query) * factor
        names = [("short", "")]
        if len(query) > 1:
            names += [("head", query[:2]), ("tail", query[-2:])]
        out = []
        for name in names:
            block = self.blocks.get(name)
            if block:
                lengths = self.lengths[name]
                part = block[bisect.bisect_left(lengths, low):bisect.bisect_right(lengths, high)]
                if part:
                    out.append(part)
        return out


def lookup(glossary: Glossary, query: str, *, lang: str | None = None, subject: str | None = None,
           limit: int = 10) -> LookupAnswer:
    """One-off lookup; build a ``LookupIndex`` once to answer many queries."""
    return LookupIndex(glossary).search(query, lang=lang, subject=subject, limit=limit)
