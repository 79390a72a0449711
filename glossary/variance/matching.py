"""Find glossary terms in a segment, whatever their surface form.

What it is: an Aho-Corasick automaton (pyahocorasick) over a *token-key stream*.
A text is cut into tokens (``normalize.tokens_and_barriers``); each token becomes
its comparison key (``normalize.token_key``: case-, NFC/NFD- and tone-placement-
insensitive), and the keys are joined by single spaces, with a barrier mark
between clauses, into one key string padded by spaces. Every term is added to the
automaton as its own padded key string (" united nations "), so a hit can only
start and end on token boundaries: word boundaries come free, hyphen and space
give the same key (both separate tokens), and quotes are never part of a token.
A hit maps back to the first and last token and from them to exact character
offsets in the original text, so a report can quote and highlight it.

Why the cost does not grow with the number of terms: the automaton reads the key
string once, in time linear in its length plus the number of hits, however many
patterns it holds (Aho & Corasick 1975). There is no loop over terms per segment.

Regular inflections of a term (``inflect``: "international organizations",
"preventing and combating cybercrime") are patterns of the same entry.

Two automata: an exact one, and (where asked) one over diacritic-folded keys
(Pham Minh Chinh for Phạm Minh Chính, đ as d). Tokens written in capitals in the
glossary (UN, UNODC) must be written in capitals in the text too, so "UN" does not
match "un" and "US" does not match "us". Symbols a term starts or ends with (the
"$" of "A$") must be there too. A term made only of symbols ("$") has no tokens:
those few are found by plain substring search, not after a letter (so "US$" is
not "$"). Languages written without spaces between words
(``langtags.uses_word_spaces``) are matched on characters instead.
"""
from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from dataclasses import dataclass, field
from itertools import compress, repeat
from operator import is_
from typing import Iterable, Sequence

import ahocorasick

from glossary.model import Concept, Glossary, Term
from glossary.model.langtags import base_language, uses_word_spaces
from glossary.text.inflect import inflections
from glossary.text.mask import mask, masked_spans, prose
from glossary.text.normalize import (
    _BARRIER_RE,
    Token,
    nfc,
    straighten,
    token_key,
    token_texts_and_barriers,
    tokenize,
    tokens_and_barriers,
)

_BARRIER = "\x1f"  # between clauses in a key string; no pattern contains it
# a text without any of these has nothing to mask (text.mask): no placeholder, markup, accelerator,
# option, path or identifier, so it is tokenised as it is, without the masking's cost
_MAYBE_CODE = re.compile(r"[%{}$<>&;\\/~_@:.()\-\[\]#=]|[a-z][A-Z]")
# token -> key, exact and folded: plain dicts in front of normalize.token_key, whose
# keyword-argument lru_cache costs more than the key itself for a frequent token (a miss
# computes the key without that cache: one cache per token, not two). Bounded, and small
# enough to be full early in a long corpus, so memory stops growing soon: 100,000 tokens
# hold the frequent words of a large newsroom corpus (fewer than 77,000 distinct tokens
# in 400,000 benchmark pairs); a full cache is emptied and refilled.
_KEYS: tuple[dict[str, str], dict[str, str]] = ({}, {})
_KEYS_LIMIT = 100_000
_uncached_token_key = token_key.__wrapped__


def _key(token: str, fold: bool) -> str:
    cache = _KEYS[fold]
    key = cache.get(token)
    if key is None:
        if len(cache) >= _KEYS_LIMIT:
            cache.clear()
        key = cache[token] = _uncached_token_key(token, fold=fold)
    return key


@dataclass(slots=True, eq=False)
class TermEntry:
    """One glossary term as a pattern: the term, its concept and its keys."""

    concept: Concept
    term: Term
    order: int  # position in the glossary, for stable output
    key: str  # token keys joined by spaces
    folded_key: str
    size: int  # number of tokens (characters for unspaced languages)
    case_tokens: tuple[tuple[int, str], ...] = ()  # (token position, exact text) of capitalised tokens
    forms: tuple[tuple[str, str, str], ...] = ()  # regular inflections: (written, key, folded key)
    lead: str = ""  # what the term has before its first token ("$" of "$5"), symbols required
    trail: str = ""  # after its last token: "$" of "A$" (required), "." of "U.N." (taken when there)

    @property
    def concept_id(self) -> str:
        return self.concept.id

    @property
    def text(self) -> str:
        return self.term.text


@dataclass(slots=True, eq=False)
class Match:
    """A term found in a text: ``text[start:end]`` is what the text wrote."""

    entry: TermEntry
    start: int
    end: int
    first: int  # first token index (-1 for character matching)
    last: int
    folded: bool = False  # found only once diacritics were folded
    form: str | None = None  # the inflection of the term that was found ("international organizations")

    @property
    def written(self) -> str:
        """The glossary form the text matched: the term, or its inflection."""
        return self.form or self.entry.text

    @property
    def span(self) -> tuple[int, int]:
        return (self.start, self.end)


class KeyedText:
    """A text with its tokens and (lazily) its key strings, shared by every matcher.

    Built once per segment side so the exact matcher, the folded matcher, the
    near-miss finder and the rendering guesser all reuse one tokenisation.
    """

    __slots__ = ("text", "spaced", "tokens", "clause", "_keys", "_starts", "_token_keys", "_removed", "_masked")

    def __init__(self, text: str, *, spaced: bool = True, masked: bool = False) -> None:
        self.text = text
        self.spaced = spaced
        self.tokens: list[Token] = []
        self.clause: list[int] = []  # clause number of each token; terms never cross clauses
        self._keys: dict[bool, str] = {}
        self._starts: dict[bool, list[int]] = {}
        self._token_keys: dict[bool, list[str]] = {}
        self._removed: frozenset[int] = frozenset()  # offsets of accelerator marks (``masked``)
        self._masked = text
        if masked and _MAYBE_CODE.search(text):
            self._read_prose(text)
        elif spaced:
            self._read_plain(text)

    def _read_prose(self, text: str) -> None:
        """Tokens of what is prose (``text.mask``: placeholders, markup, options, paths and
        identifiers blanked; accelerator marks removed, so ``thư _mục`` and ``Mạ_ng`` read as
        words), at their offsets in ``text``."""
        spans = masked_spans(text)
        if not spans:
            if self.spaced:
                self._read_plain(text)
            return
        self._masked = mask(text, spans=spans)
        if not self.spaced:
            return
        plain, offsets = prose(text, fill=" ")
        removed = set(range(len(text))) - set(offsets)
        self._removed = frozenset(removed)
        number = 0
        for item in tokens_and_barriers(plain):
            if item is None:
                number += 1
            else:
                self.tokens.append(Token(item.text, offsets[item.start], offsets[item.end - 1] + 1))
                self.clause.append(number)

    def _read_plain(self, text: str) -> None:
        number = 0
        for item in tokens_and_barriers(text):
            if item is None:
                number += 1
            else:
                self.tokens.append(item)
                self.clause.append(number)

    def token_keys(self, fold: bool = False) -> list[str]:
        keys = self._token_keys.get(fold)
        if keys is None:
            cache = _KEYS[fold]
            get = cache.get
            keys = [get(t[0]) for t in self.tokens]  # t[0] is the token's text
            if None in keys:  # first sight of some token: compute and cache its key
                keys = [k if k is not None else _key(t[0], fold) for k, t in zip(keys, self.tokens)]
            self._token_keys[fold] = keys
        return keys

    def key_text(self, fold: bool = False) -> str:
        """The padded key string alone; where each token starts in it is worked out only
        when asked (``key_string``), which is only for the few texts with a hit."""
        cached = self._keys.get(fold)
        if cached is not None:
            return cached
        if not self.spaced:
            key = self._keys[fold] = char_keys(self._masked)
            self._starts[fold] = []
            return key
        keys = self.token_keys(fold)
        if not self.clause or not self.clause[-1]:  # one clause: no barrier to place
            key = f" {' '.join(keys)} " if keys else " "
        else:
            parts = [""]
            previous = 0
            for k, clause in zip(keys, self.clause):
                if clause != previous:
                    parts.append(_BARRIER)
                    previous = clause
                parts.append(k)
            parts.append("")
            key = " ".join(parts)
        self._keys[fold] = key
        return key

    def key_string(self, fold: bool = False) -> tuple[str, list[int]]:
        """The padded key string and the offset in it where each token starts."""
        key = self.key_text(fold)
        starts = self._starts.get(fold)
        if starts is None:
            starts = []
            offset = 1
            previous = 0
            for k, clause in zip(self.token_keys(fold), self.clause):
                if clause != previous:
                    offset += 2
                    previous = clause
                starts.append(offset)
                offset += len(k) + 1
            self._starts[fold] = starts
        return key, starts

    def token_span(self, first: int, last: int) -> tuple[int, int]:
        return self.tokens[first].start, self.tokens[last].end

    def surface(self, start: int, end: int) -> str:
        """``text[start:end]`` without the accelerator marks in it (``thư _mục`` -> ``thư mục``)."""
        if not self._removed:
            return self.text[start:end]
        return "".join(ch for i, ch in enumerate(self.text[start:end], start) if i not in self._removed)


# A word (a run between white space: tokens never span white space) -> its share of a
# comparison key: its token keys joined by spaces, _WORD_BARRIER for each clause mark.
_WORDS: dict[str, str] = {}
_WORD_BARRIER = "\x00"  # neither white space nor in any token key; made _BARRIER at the end


def _word_key(word: str) -> str:
    key = " ".join([_key(token, False) if token else _WORD_BARRIER for token in token_texts_and_barriers(word)])
    if len(_WORDS) >= _KEYS_LIMIT:
        _WORDS.clear()
    _WORDS[word] = key
    return key


def comparison_key(text: str) -> str:
    """``KeyedText(text).key_text().strip()`` for a spaced language, unfolded (tests/variance/
    test_comparison_key.py holds them equal), a word at a time: words repeat far more than
    texts, so most texts cost a split, dictionary lookups and a join."""
    words = text.split()
    parts = list(map(_WORDS.get, words))
    if None in parts:
        parts = [part if part is not None else _word_key(word) for part, word in zip(parts, words)]
    if "" in parts:  # words without a token or clause mark ("-", a lone quote)
        parts = [part for part in parts if part]
    key = " ".join(parts)
    if _WORD_BARRIER in key:  # clause marks count once, and only between two tokens
        key = key.strip(_WORD_BARRIER + " ")
        while _WORD_BARRIER + " " + _WORD_BARRIER in key:
            key = key.replace(_WORD_BARRIER + " " + _WORD_BARRIER, _WORD_BARRIER)
        key = key.replace(_WORD_BARRIER, _BARRIER)
    return key


# Between texts in ``comparison_keys``: a word of its own, kept as it is by the key (the word
# path: a digit without a canonical decomposition is its own key; the ASCII path: the table).
_TEXT_MARK = "\ua8d0"  # SAURASHTRA DIGIT ZERO (in the BMP: the joined text stays two bytes a character)
_ASCII_MARK = "\x01"
# ASCII: a token is a run of [A-Za-z0-9] and its key is its lower case, so a text's key is a
# translation: clause marks to _WORD_BARRIER, every other character to a space.
_ASCII_TABLE = str.maketrans({chr(c): (chr(c) if chr(c).isalnum() or chr(c) == _ASCII_MARK else
                                       _WORD_BARRIER if _BARRIER_RE.match(chr(c)) else " ") for c in range(128)})


def comparison_keys(texts: list[str]) -> list[str]:
    """``[comparison_key(t) for t in texts]``, the texts joined into one string so that the
    splitting, lookups and joining run once in C for all of them, not once per text."""
    if not texts:
        return []
    joined = f" {_ASCII_MARK} ".join(texts)
    if joined.isascii() and joined.count(_ASCII_MARK) == len(texts) - 1:
        joined = joined.lower().translate(_ASCII_TABLE).replace(_WORD_BARRIER, f" {_WORD_BARRIER} ")
        return _split_keys(" ".join(joined.split()), _ASCII_MARK)
    joined = f" {_TEXT_MARK} ".join(texts)
    if joined.count(_TEXT_MARK) != len(texts) - 1:  # a text holds the mark itself
        return [comparison_key(text) for text in texts]
    words = joined.split()
    get = _WORDS.get
    parts = list(map(get, words))
    if None in parts:
        for word in set(compress(words, map(is_, parts, repeat(None)))):
            _word_key(word)
        parts = list(map(get, words))
        if None in parts:  # the cache was full and cleared meanwhile
            return [comparison_key(text) for text in texts]
    return _split_keys(" ".join(filter(None, parts)), _TEXT_MARK)


def _split_keys(key: str, mark: str) -> list[str]:
    """Keys of texts joined by ``mark``, each a space-separated run of token keys and
    _WORD_BARRIERs, made final: a clause mark counts once, and only between two tokens."""
    if _WORD_BARRIER in key:
        pair = f"{_WORD_BARRIER} {_WORD_BARRIER}"
        while pair in key:
            key = key.replace(pair, _WORD_BARRIER)
        key = key.replace(f"{_WORD_BARRIER} {mark}", mark).replace(f"{mark} {_WORD_BARRIER}", mark)
        key = key.strip(f"{_WORD_BARRIER} ").replace(_WORD_BARRIER, _BARRIER)
    return list(map(str.strip, key.split(mark)))


def char_keys(text: str) -> str:
    """Per-character keys for languages without word spaces: same length as ``text``."""
    out = []
    for ch in straighten(text):
        folded = ch.casefold()
        out.append(folded if len(folded) == 1 else ch)
    return "".join(out)


def _is_capitalised(token: str, abbreviated: bool) -> bool:
    """UN, UNODC, G20: tokens whose capitals matter (two letters or more, all capitals;
    one capital letter in an abbreviation such as U.N. or A$)."""
    letters = [c for c in token if c.isalpha()]
    return len(letters) >= (1 if abbreviated else 2) and all(c.isupper() for c in letters)


def _symbols(text: str) -> str:
    return "".join(ch for ch in text if unicodedata.category(ch).startswith("S"))


def terms_in_language(glossary: Glossary, lang: str) -> Iterable[tuple[Concept, Term]]:
    """Every (concept, term) whose language is ``lang`` (regions aside: en-GB terms serve en-US text)."""
    base = base_language(lang)
    for concept in glossary:
        for term_lang, terms in concept.terms.items():
            if base_language(term_lang) == base:
                for term in terms:
                    yield concept, term


class TermMatcher:
    """The glossary's terms of one language, compiled into automata; see the module docstring."""

    def __init__(self, glossary: Glossary, lang: str, *, fold: bool = False) -> None:
        self.lang = lang
        self.fold = fold
        self.spaced = uses_word_spaces(lang)
        self.entries: list[TermEntry] = []
        for concept, term in terms_in_language(glossary, lang):
            entry = self._entry(concept, term, len(self.entries))
            if entry is not None:
                self.entries.append(entry)
        self.symbol_entries = [e for e in self.entries if e.size == 0]
        self._exact = self._automaton(fold=False)
        self._folded = self._automaton(fold=True) if fold and self.spaced else None

    def _entry(self, concept: Concept, term: Term, order: int) -> TermEntry | None:
        if self.spaced:
            text = nfc(term.text.strip())
            tokens = tokenize(text)
            if not tokens:
                symbols = straighten(text)
                return TermEntry(concept, term, order, symbols, symbols, 0) if _symbols(symbols) else None
            keyed = KeyedText(text)  # the term keyed like a text, so "U.N." keeps its barrier
            key = keyed.key_string(fold=False)[0].strip(" ")
            folded = keyed.key_string(fold=True)[0].strip(" ")
            case = tuple((i, nfc(t.text)) for i, t in enumerate(tokens)
                         if _is_capitalised(t.text, term.is_abbreviated))
            lead, trail = text[:tokens[0].start].strip(), text[tokens[-1].end:].strip()
            forms = []
            for form in inflections(term, self.lang):
                keyed_form = KeyedText(form)
                forms.append((form, keyed_form.key_string(fold=False)[0].strip(" "),
                              keyed_form.key_string(fold=True)[0].strip(" ")))
            return TermEntry(concept, term, order, key, folded, len(tokens), case, tuple(forms), lead, trail)
        key = char_keys("".join(term.text.split()))
        if not key:
            return None
        return TermEntry(concept, term, order, key, key, len(key))

    def _automaton(self, *, fold: bool) -> ahocorasick.Automaton | None:
        patterns: dict[str, list[tuple[TermEntry, str | None]]] = {}
        for entry in self.entries:
            if entry.size == 0:
                continue  # symbols only: found by substring search
            keys = [(entry.folded_key if fold else entry.key, None)]
            keys += [(folded if fold else key, written) for written, key, folded in entry.forms]
            for key, written in keys:
                pattern = f" {key} " if self.spaced else key
                patterns.setdefault(pattern, []).append((entry, written))
        if not patterns:
            return None
        automaton = ahocorasick.Automaton()
        for pattern, entries in patterns.items():
            automaton.add_word(pattern, (len(pattern), tuple(entries)))
        automaton.make_automaton()
        return automaton

    def keyed(self, text: str) -> KeyedText:
        """``text`` tokenised for matching: what is not prose masked (no term inside ``--remove-home``,
        ``%s`` or ``<b>``; ``thư _mục`` is ``thư mục``)."""
        return KeyedText(text, spaced=self.spaced, masked=True)

    # -- scanning ----------------------------------------------------------------------
    def scan(self, text: KeyedText) -> list[Match]:
        """Every hit, overlapping ones included: exact, then folded-only (where asked)."""
        hits = self._scan(text, self._exact, folded=False)
        if self.symbol_entries:
            hits.extend(self._scan_symbols(text.text))
        if self._folded is not None:
            seen = {(m.entry.order, m.start, m.end) for m in hits}
            hits.extend(m for m in self._scan(text, self._folded, folded=True)
                        if (m.entry.order, m.start, m.end) not in seen)
        return hits

    def find(self, text: KeyedText) -> list[Match]:
        """Hits with overlaps resolved: leftmost-longest, exact before folded."""
        return resolve(self.scan(text))

    def find_text(self, text: str) -> list[Match]:
        return self.find(self.keyed(text))

    def _scan(self, text: KeyedText, automaton: ahocorasick.Automaton | None, *, folded: bool) -> list[Match]:
        if automaton is None or not text.text:
            return []
        key = text.key_text(fold=folded)
        out: list[Match] = []
        if not text.spaced:
            for end, (length, entries) in automaton.iter(key):
                start = end - length + 1
                for entry, written in entries:
                    out.append(Match(entry, start, end + 1, -1, -1, folded, written))
            return out
        tokens = text.tokens
        raw = text.text
        starts: list[int] | None = None
        for end, (length, entries) in automaton.iter(key):
            if starts is None:
                starts = text.key_string(fold=folded)[1]
            first = bisect_left(starts, end - length + 2)  # the pattern's leading space is at end-length+1
            for entry, written in entries:
                last = first + entry.size - 1
                if entry.case_tokens and not all(nfc(tokens[first + i].text) == exact
                                                 for i, exact in entry.case_tokens):
                    continue
                start, stop = tokens[first].start, tokens[last].end
                if entry.lead:
                    if raw[:start].endswith(entry.lead):
                        start -= len(entry.lead)
                    elif _symbols(entry.lead):
                        continue
                if entry.trail:
                    if raw.startswith(entry.trail, stop):
                        stop += len(entry.trail)
                    elif _symbols(entry.trail):
                        continue
                out.append(Match(entry, start, stop, first, last, folded, written))
        return out

    def _scan_symbols(self, raw: str) -> list[Match]:
        """Terms made only of symbols ("$"): a substring search each; there are few of them."""
        out: list[Match] = []
        plain = straighten(raw)
        for entry in self.symbol_entries:
            at = plain.find(entry.key)
            while at >= 0:
                stop = at + len(entry.key)
                if at == 0 or not plain[at - 1].isalnum():
                    out.append(Match(entry, at, stop, -1, -1))
                at = plain.find(entry.key, stop)
        return out


def resolve(matches: Sequence[Match]) -> list[Match]:
    """Keep non-overlapping hits, leftmost-longest first, exact before folded.

    Several entries on the very same span (one key in two concepts, a homonym)
    are all kept: choosing between them is the caller's business.
    """
    ordered = sorted(matches, key=lambda m: (m.start, -(m.end - m.start), m.folded, m.entry.order))
    out: list[Match] = []
    taken_end = -1
    chosen: tuple[int, int, bool] | None = None
    for m in ordered:
        if chosen is not None and (m.start, m.end, m.folded) == chosen:
            out.append(m)
            continue
        if m.start < taken_end:
            continue
        out.append(m)
        taken_end = m.end
        chosen = (m.start, m.end, m.folded)
    return out


def closest(matches: Sequence[Match], text: str) -> Match:
    """Of several entries on one span, the one written most like the text (homonyms, hyphen twins)."""
    def distance(m: Match) -> tuple[bool, bool, int]:
        surface = straighten(nfc(text[m.start:m.end]))
        written = straighten(nfc(m.written))
        return (surface != written, surface.casefold() != written.casefold(), m.entry.order)
    return min(matches, key=distance)


# Languages whose diacritics tell words apart (Vietnamese ma/má/mà/mả/mã/mạ): folding them would
# match different words, so ``fold_all`` leaves them out; name them in ``fold_languages`` to force it.
FOLD_UNSAFE = frozenset({"vi"})


@dataclass(slots=True)
class MatcherSet:
    """Matchers per language, built on first use (a corpus may hold several pairs)."""

    glossary: Glossary
    fold_languages: frozenset[str] = field(default_factory=frozenset)  # base languages matched folded too
    fold_all: bool = False  # every language but those in FOLD_UNSAFE
    _cache: dict[str, TermMatcher] = field(default_factory=dict)

    def folds(self, lang: str) -> bool:
        base = base_language(lang)
        return base in self.fold_languages or (self.fold_all and base not in FOLD_UNSAFE)

    def get(self, lang: str) -> TermMatcher:
        base = base_language(lang)
        matcher = self._cache.get(base)
        if matcher is None:
            matcher = TermMatcher(self.glossary, base, fold=self.folds(base))
            self._cache[base] = matcher
        return matcher
