"""What the whole corpus says, gathered in one pass before the pairs are checked.

Two kinds of evidence, both keyed by what a pair *is* (its source and target text), never by
where it sits, so a partitioned run (``--jobs``) reads the same evidence for the same pair:

- **the word alignment** (``glossary.align``: fast_align's IBM Model 2 both ways, symmetrised
  with grow-diag-final-and; the glossary's terms as prior pseudo-counts), tokenised as
  discovery tokenises (``discovery.candidates.tokenise_source``, ``discovery.targets.target_units``:
  placeholders, markup, accelerators, options and identifiers masked). For a pair whose source
  holds a glossary term, its links are kept; ``rendering`` reads the target span a source span
  is aligned to (the minimal consistent span, function words trimmed at its edges where words
  are not syllables, whole katakana/Latin runs where words are not spaced), the way
  ``discovery.align.WordAlignment`` reads a candidate's rendering;
- **target form frequencies**: in how many pairs each glossary term and each near miss of one
  (``nearmiss.NearMissFinder`` windows; keys case- and tone-placement-insensitive, ``form_key``) occurs, so a near miss the corpus writes often, compared with the term, is taken
  for the word of the language it is, not a misspelling (``spelling``); and each target word,
  for the function words the alignment trims.

The aligner is trained only on a corpus of ``MIN_ALIGN_PAIRS`` distinct pairs or more, and on at
most ``TRAIN_LIMIT`` distinct pairs (the first ones read): enough for
a statistical aligner, and a bound on the time and memory a very large corpus costs.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from glossary.align import consistent_target_span, projected_span, term_prior, train_and_align
from glossary.corpora.formats.base import ReadOptions, ReadStats, read_corpus
from glossary.corpora.segments import Segment
from glossary.discovery.shape import whole_runs
from glossary.discovery.candidates import _term_keys, tokenise_source
from glossary.discovery.lexicon import coarse_token_key, is_syllabic
from glossary.discovery.targets import target_stopwords, target_units
from glossary.errors import GlossaryError
from glossary.model import Glossary
from glossary.model.langtags import base_language, uses_word_spaces
from glossary.progress import NO_PROGRESS, Progress
from glossary.text.normalize import Token, match_key, nfc, token_key
from glossary.variance.matching import MatcherSet, terms_in_language

TRAIN_LIMIT = 200_000  # distinct pairs the aligner is trained on
# a statistical aligner needs data: under this many distinct pairs its links are too unsure to name a
# rendering (and would change with any pair added), so only the form counts are gathered
MIN_ALIGN_PAIRS = 1_000
# a rendering read off the alignment is words only: letters, marks, digits, spaces, hyphens, apostrophes
_WORDS_ONLY = re.compile(r"[^\W_](?:[\w\s'’-]*[^\W_])?")


def pair_key(source: str, target: str) -> tuple[str, str]:
    return (source, target)


def form_key(text: str) -> str:
    """A target form as its frequency is counted: case, tone-mark placement and spacing aside, but
    not its diacritics (mặt khẩu is not mật khẩu; folded, a typo would count as the term)."""
    return match_key(text, fold=False)


@dataclass(slots=True)
class _Aligned:
    source: list[Token]  # source tokens, in the order the links count them
    target: list[Token]
    links: list[tuple[int, int]]


@dataclass(slots=True)
class CorpusEvidence:
    """The corpus's alignment and target word counts; see the module docstring."""

    source_lang: str
    target_lang: str
    pairs: int = 0  # distinct pairs counted
    word_pairs: Counter = field(default_factory=Counter)  # target word key -> pairs it occurs in
    form_pairs: Counter = field(default_factory=Counter)  # form_key of a term or near miss -> pairs
    kana_pairs: Counter = field(default_factory=Counter)  # a katakana word standing alone -> pairs
    stopwords: frozenset[str] = frozenset()
    aligned: dict[tuple[str, str], _Aligned] = field(default_factory=dict)
    # (concept id, form_key of a target span) -> pairs where the concept's source term is aligned to it
    aligned_forms: Counter = field(default_factory=Counter)

    # -- reading the evidence -------------------------------------------------------------
    def frequency(self, word: str) -> int:
        """Pairs of the corpus whose target has ``word`` (a text word; compared by its key)."""
        return self.word_pairs.get(token_key(word), 0)

    def aligned_frequency(self, concept_id: str, text: str) -> int:
        """Pairs of the corpus in which a source term of the concept is aligned to ``text``."""
        return self.aligned_forms.get((concept_id, form_key(text)), 0)

    def form_frequency(self, text: str) -> int:
        """Pairs of the corpus whose target writes ``text`` (a glossary term or a near miss of one;
        a single word also as a word, wherever it stands: ``khoản`` of ``tài khoản``)."""
        seen = self.form_pairs.get(form_key(text), 0)
        if len(text.split()) == 1:
            seen = max(seen, self.frequency(text))
        return seen

    def rendering(self, source: str, target: str, start: int, end: int, *,
                  trim_all: bool = False) -> tuple[int, int] | None:
        """The target span the source span ``[start, end)`` is aligned to in this pair, or None
        (nothing aligned: an omission, a pronoun; or no consistent span). ``trim_all``: function
        words at its edges go in syllabic languages too (các, những of "các tập tin")."""
        found = self.aligned.get(pair_key(source, target))
        if found is None or not found.links:
            return None
        first = next((i for i, t in enumerate(found.source) if t.end > start), None)
        last = next((i for i in range(len(found.source) - 1, -1, -1) if found.source[i].start < end), None)
        if first is None or last is None or last < first:
            return None
        span = consistent_target_span(found.links, first, last + 1, len(found.target))
        if span is None:
            # no consistent span: a target word of the term's is also linked to a word around it
            # (one-to-many links in a short phrase); the words linked to the term, when they are few
            span = projected_span(found.links, first, last + 1)
            if span is None or span[1] - span[0] > last - first + 2:
                return None
        low, high = span
        tokens = found.target
        trims = uses_word_spaces(self.target_lang) and (trim_all or not is_syllabic(self.target_lang))
        if trims:
            while high - low > 1 and self._function_word(tokens[low]):
                low += 1
            while high - low > 1 and self._function_word(tokens[high - 1]):
                high -= 1
            if high - low == 1 and self._function_word(tokens[low]):
                return None  # a function word alone ("the", "die")
        if high - low > self._max_tokens(last - first + 1):
            return None  # too long to be a rendering
        begin, stop = tokens[low].start, tokens[high - 1].end
        if not uses_word_spaces(self.target_lang):
            begin, stop = self._kana_words(target, *whole_runs(target, begin, stop), begin, stop)
        if begin >= stop or not _WORDS_ONLY.fullmatch(target[begin:stop]):
            return None  # across a placeholder, quote or clause mark: not one rendering
        return begin, stop

    def _kana_words(self, text: str, begin: int, stop: int, inner_begin: int, inner_stop: int) -> tuple[int, int]:
        """A katakana run taken whole (``shape.whole_runs``) may be a compound of words the corpus writes
        alone (ディスク|イメージ, サスペンド|キー): then the span is the words the aligned
        characters ``[inner_begin, inner_stop)`` fall in, not the whole run."""
        run = text[begin:stop]
        if not self.kana_pairs or not _KATAKANA_RUN.fullmatch(run):
            return begin, stop
        inner_begin, inner_stop = max(inner_begin, begin), min(inner_stop, stop)
        cuts = _kana_cuts(run, self.kana_pairs) if inner_begin < inner_stop else []
        if not cuts:
            return begin, stop
        bounds = [0, *cuts, len(run)]
        first = max(b for b in bounds[:-1] if begin + b <= inner_begin)
        last = min(b for b in bounds[1:] if begin + b >= inner_stop)
        return begin + first, begin + last

    def _function_word(self, token: Token) -> bool:
        return self.is_function_word(token.text)

    def is_function_word(self, word: str) -> bool:
        """Is ``word`` one of the target language's function words (``stopwords``)?"""
        return coarse_token_key(word, self.target_lang) in self.stopwords

    def _max_tokens(self, n: int) -> int:
        """The longest rendering of an n-token term (as discovery's word alignment has it)."""
        if not uses_word_spaces(self.target_lang):
            return 4 * n + 4
        return 2 * n + 2 if is_syllabic(self.target_lang) else n + 2


def gather_evidence(segments: Iterable[Segment], glossary: Glossary, *, source_lang: str | None = None,
                    target_lang: str | None = None, train_limit: int = TRAIN_LIMIT,
                    forms: Callable[[Segment], Iterable[str]] | None = None,
                    progress: Progress = NO_PROGRESS) -> CorpusEvidence | None:
    """Read ``segments`` once: count target words and the ``forms`` each pair's target writes
    (texts: its glossary terms and near misses), and align the pairs (see the module docstring).
    The languages are the options' or the first pair's; pairs of other languages are left out.
    None for a corpus without a pair."""
    matchers = MatcherSet(glossary)
    seen: set[tuple[str, str]] = set()
    sources: list[list[Token]] = []
    targets: list[list[Token]] = []
    keep: list[list[tuple[str, int, int]]] = []  # per pair: (concept id, start, end) of its source terms
    keys: list[tuple[str, str]] = []
    evidence: CorpusEvidence | None = None
    for segment in segments:
        if evidence is None:
            evidence = CorpusEvidence(base_language(source_lang or segment.source_lang),
                                      base_language(target_lang or segment.target_lang))
        if base_language(segment.source_lang) != evidence.source_lang or \
                base_language(segment.target_lang) != evidence.target_lang:
            continue
        key = pair_key(segment.source, segment.target)
        if key in seen:
            continue
        seen.add(key)
        evidence.pairs += 1
        target_tokens = [t for clause in target_units(segment.target, evidence.target_lang) for t in clause]
        evidence.word_pairs.update({token_key(t.text) for t in target_tokens})
        if forms is not None:
            evidence.form_pairs.update({form_key(text) for text in forms(segment)})
        if not uses_word_spaces(evidence.target_lang):
            evidence.kana_pairs.update(set(_KATAKANA_RUN.findall(segment.target)))
        if len(sources) < train_limit:
            source_tokens = [t for clause in tokenise_source(segment.source, evidence.source_lang)[0] for t in clause]
            sources.append(source_tokens)
            targets.append(target_tokens)
            keys.append(key)
            keep.append([(m.entry.concept_id, m.start, m.end)
                         for m in matchers.get(evidence.source_lang).find_text(segment.source)])
        progress.advance()
    if evidence is None:
        return None
    evidence.stopwords = target_stopwords(evidence.target_lang, Counter(
        {coarse_token_key(w, evidence.target_lang): n for w, n in evidence.word_pairs.items()}), evidence.pairs)
    if evidence.pairs >= MIN_ALIGN_PAIRS and any(keep):
        if evidence.target_lang in COMPOUNDING:  # Kommandozeile|n|argumente: each element its own token
            targets = [[part for token in tokens for part in split_compound(token, evidence)] for tokens in targets]
        terms = _prior_terms(glossary, evidence.source_lang, evidence.target_lang)
        pairs = [([token_key(t.text) for t in s], [token_key(t.text) for t in t_]) for s, t_ in zip(sources, targets)]
        _, links = train_and_align(pairs, prior=term_prior(terms) if terms else None)
        for key, source, target, link, wanted in zip(keys, sources, targets, links, keep):
            if wanted:
                evidence.aligned[key] = _Aligned(source, target, list(link))
                found = {(cid, form_key(key[1][span[0]:span[1]])) for cid, start, end in wanted
                         if (span := evidence.rendering(key[0], key[1], start, end)) is not None}
                evidence.aligned_forms.update(found)
    return evidence


_KATAKANA_RUN = re.compile(r"[\u30a0-\u30ff\uff70]{2,}")
MIN_KANA_PAIRS = 3  # pairs a katakana word must stand alone in to be an element of a longer run


def _kana_cuts(run: str, known: Counter, depth: int = 3) -> list[int]:
    """Where a katakana run splits into words the corpus writes alone (longest first word first);
    [] when it does not split."""
    if depth <= 0:
        return []
    for cut in range(len(run) - 2, 1, -1):
        head, tail = run[:cut], run[cut:]
        if known.get(head, 0) < MIN_KANA_PAIRS:
            continue
        if known.get(tail, 0) >= MIN_KANA_PAIRS:
            return [cut]
        rest = _kana_cuts(tail, known, depth - 1)
        if rest:
            return [cut, *(cut + r for r in rest)]
    return []


COMPOUNDING = frozenset({"de"})  # languages that close compounds (as wordforms.LANGUAGES)
MIN_PART = 4  # letters of a compound element
MIN_PART_PAIRS = 3  # pairs an element must be written in on its own
_LINKING = ("", "s", "es", "n", "en")


def split_compound(token: Token, evidence: CorpusEvidence, depth: int = 2) -> list[Token]:
    """A closed compound as its elements, each a word the corpus writes on its own in
    ``MIN_PART_PAIRS`` pairs or more (``Datenträger|abbild``, ``Kommandozeile|n|argumente``: the
    linking element goes with neither); the longest first element wins. Other tokens as they are."""
    text = token.text
    low = nfc(text).lower()
    if depth <= 0 or len(low) != len(text) or len(low) < 2 * MIN_PART or not low.isalpha():
        return [token]

    def known(word: str) -> bool:
        return evidence.word_pairs.get(token_key(word), 0) >= MIN_PART_PAIRS

    for cut in range(len(low) - MIN_PART, MIN_PART - 1, -1):
        if not known(low[:cut]):
            continue
        for link in _LINKING:
            rest = cut + len(link)
            if not low.startswith(link, cut) or len(low) - rest < MIN_PART:
                continue
            tail = Token(text[rest:], token.start + rest, token.end)
            parts = [tail] if known(low[rest:]) else split_compound(tail, evidence, depth - 1)
            if len(parts) > 1 or known(low[rest:]):
                return [Token(text[:cut], token.start, token.start + cut), *parts]
    return [token]


def _prior_terms(glossary: Glossary, source_lang: str, target_lang: str) -> list[tuple[list[str], list[str]]]:
    """(source keys, target keys) of every pair of a concept's source and target terms."""
    by_concept: dict[str, list[list[str]]] = {}
    for concept, term in terms_in_language(glossary, target_lang):
        if term.status.usable:
            by_concept.setdefault(concept.id, []).append(_term_keys(term.text, target_lang))
    out = []
    for concept, term in terms_in_language(glossary, source_lang):
        for target in by_concept.get(concept.id, []):
            source = _term_keys(term.text, source_lang)
            if source and target:
                out.append((source, target))
    return out


EVIDENCE_PHASE = "aligning"


def corpus_evidence(paths: list[str], options: ReadOptions, glossary: Glossary,
                    forms: Callable[[Segment], Iterable[str]] | None = None, *,
                    progress: Progress = NO_PROGRESS) -> CorpusEvidence | None:
    """``gather_evidence`` over the corpus at ``paths`` (read once more, before the pairs are
    checked), counting the ``forms`` of each pair (``Assessor.forms_in``); ``progress`` gets
    ``EVIDENCE_PHASE``, in bytes of the corpus as its read goes.
    A corpus that cannot be read gives no evidence: the check pass reports why."""
    try:
        return gather_evidence(read_corpus(paths, options, ReadStats(), progress=progress, phase=EVIDENCE_PHASE),
                               glossary, source_lang=options.source_lang, target_lang=options.target_lang,
                               forms=forms)
    except GlossaryError:
        return None
