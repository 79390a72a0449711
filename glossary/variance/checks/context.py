"""What the checks look at: one aligned pair, its glossary terms found and what the target did with them.

``Assessor`` is built once per run (matchers, near-miss finders, caches); its
``assess`` turns a segment into a ``PairContext``: every glossary concept found in
the source (an ``Occurrence``) with the target's renderings of it (``Hit``s: exact,
diacritic-folded or near-miss), or, when there is none, the best guess of what the
target wrote instead; and the target's other glossary hits, for target-only checks.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from glossary.corpora.segments import Segment
from glossary.discovery.lexicon import is_syllabic
from glossary.model import Concept, Glossary, Status
from glossary.model.langtags import base_language
from glossary.text.classify import VariantClass, classify_variant
from glossary.text.normalize import match_key, nfc
from glossary.text.numbers import FigureIssue, compare_figures, reader
from glossary.variance.dictionary import spelling_dictionary
from glossary.variance.evidence import CorpusEvidence
from glossary.variance.guess import Guess, Renderings, guess_rendering, is_quoted
from glossary.variance.matching import (
    KeyedText,
    Match,
    MatcherSet,
    TermEntry,
    closest,
    resolve,
)
from glossary.variance.nearmiss import NearMiss, NearMissFinder
from glossary.variance.spelling import known_form
from glossary.variance.wordforms import WordForms

_DIGIT = re.compile(r"\d")
WIDEN_SYLLABLES = 2  # syllables a span read off the alignment may take in on either side
MIN_PIECE_PAIRS = 3  # a piece of a listed rendering is named as a rendering when aligned in this many pairs
_SENTENCE_OPENERS = ".!?:;\"'“”‘’(«»—–-•"
_CACHE_LIMIT = 50_000  # variant classes kept (bounded: full early in a long corpus, then refilled)
# concepts whose guessing index is kept (each remembers up to guess.KNOWN_WORDS_LIMIT words)
_GUESS_INDEX_LIMIT = 2_000


@dataclass(slots=True, eq=False)
class Hit:
    """A glossary term the target wrote (or nearly wrote): ``target[start:end]``."""

    entry: TermEntry  # the glossary term it is, or is closest to
    start: int
    end: int
    surface: str  # as written; a capital that only starts the sentence is taken back
    how: str  # "exact", "folded" (diacritics differ), "near-miss"
    form_class: VariantClass  # the surface against the entry's own text
    variant_class: VariantClass  # the surface against the concept's preferred rendering
    misspelling_of: TermEntry | None = None  # the usable term this misspells
    claimed: bool = False  # accounted for by a source term of the same concept
    canonical: str = ""  # the rendering for consistency: the term itself when only its inflection differs
    verdict: str | None = None  # id of the term check that judged it (set by checks.terms.verdict)

    @property
    def span(self) -> tuple[int, int]:
        return (self.start, self.end)

    @property
    def concept_id(self) -> str:
        return self.entry.concept_id

    @property
    def listed(self) -> bool:
        """Is the surface itself a glossary term (not a near miss or a folded form of one)?"""
        return self.form_class in (VariantClass.IDENTICAL, VariantClass.ORTHOGRAPHIC, VariantClass.CASE_HYPHEN)


@dataclass(slots=True, eq=False)
class Occurrence:
    """A glossary concept found in the source, and what the target did with it."""

    concept: Concept
    source_match: Match
    count: int  # times the concept occurs in the source
    hits: list[Hit] = field(default_factory=list)
    guess: Guess | None = None
    guess_class: VariantClass | None = None
    preferred: TermEntry | None = None  # preferred target rendering, if the glossary has one
    # how ``guess`` was found: "alignment" (the corpus's word alignment), "similarity" (guess.py)
    named_by: str = ""
    nearest: str | None = None  # the usable term ``guess_class`` is taken against
    extended: Hit | None = None  # the hit ``guess`` holds, when the rendering is a longer word around it

    @property
    def mandatory(self) -> bool:
        """Must the target render it? (a term of the concept is marked ``mandatory``)"""
        return any(t.mandatory for terms in self.concept.terms.values() for t in terms)


@dataclass(slots=True, eq=False)
class PairContext:
    segment: Segment
    source: KeyedText
    target: KeyedText
    occurrences: list[Occurrence]
    target_hits: list[Hit]  # every target hit; claimed ones belong to an occurrence
    source_lang: str
    target_lang: str
    preferred: dict[str, TermEntry] = field(default_factory=dict)  # concept id -> preferred target term
    _figures: list[FigureIssue] | None = None

    @property
    def unclaimed(self) -> list[Hit]:
        return [h for h in self.target_hits if not h.claimed]

    @property
    def figure_issues(self) -> list[FigureIssue]:
        """Source figures the target dropped, changed or lost the currency of (computed once)."""
        if self._figures is None:
            self._figures = []
            if _DIGIT.search(self.segment.source):  # a source without digits states no figure
                src, tgt = reader(self.source_lang), reader(self.target_lang)
                text = self.segment.target
                source, target = src.figures(self.segment.source), tgt.figures(text)
                issues = compare_figures(source, target)
                if any(i.kind != "currency-lost" for i in issues):  # maybe written out: "five key actions"
                    issues = compare_figures(source, target, target_words=tgt.number_words(text))
                self._figures = issues
        return self._figures


def sentence_start(text: str, start: int) -> bool:
    before = text[:start].rstrip()
    return not before or before[-1] in _SENTENCE_OPENERS


def normal_surface(text: str, start: int, end: int, written: str, raw: str | None = None) -> str:
    """The surface (``raw``: as the matcher read it, accelerator marks out; else ``text[start:end]``)
    with spaces collapsed; "Signing ceremony" opening a sentence counts as "signing ceremony"."""
    surface = " ".join((text[start:end] if raw is None else raw).split())
    if surface[:1].isupper() and written[:1].islower() and sentence_start(text, start):
        lowered = surface[0].lower() + surface[1:]
        if nfc(lowered) == nfc(written):
            return lowered
    return surface


class Assessor:
    """Finds a pair's glossary terms and what the target did with them; see the module docstring."""

    def __init__(self, glossary: Glossary, *, fold_source: bool = False, fold_target: bool = True,
                 guess: bool = True, evidence: CorpusEvidence | None = None) -> None:
        self.guess = guess
        self.evidence = evidence  # the corpus's alignment and form counts (variance.evidence), if gathered
        self._source = MatcherSet(glossary, fold_all=fold_source)
        self._target = MatcherSet(glossary, fold_all=fold_target)
        self._near: dict[str, NearMissFinder] = {}
        self._forms: dict[str, WordForms] = {}
        self._preferred: dict[str, dict[str, TermEntry]] = {}
        self._renderings: dict[str, dict[str, list[str]]] = {}
        self._guess_index: dict[tuple[str, str], Renderings] = {}
        self._usable: dict[str, dict[str, list[TermEntry]]] = {}
        self._classes: dict[tuple[str, str, str], VariantClass] = {}

    # -- per-language tables -----------------------------------------------------------
    def _tables(self, lang: str) -> str:
        base = base_language(lang)
        if base not in self._preferred:
            matcher = self._target.get(base)
            preferred: dict[str, TermEntry] = {}
            renderings: dict[str, list[str]] = {}
            usable: dict[str, list[TermEntry]] = {}
            for entry in matcher.entries:
                renderings.setdefault(entry.concept_id, []).append(entry.text)
                if entry.term.status is Status.PREFERRED:
                    preferred.setdefault(entry.concept_id, entry)
                if entry.term.status.usable:
                    usable.setdefault(entry.concept_id, []).append(entry)
            self._preferred[base], self._renderings[base], self._usable[base] = preferred, renderings, usable
            self._near[base] = NearMissFinder(matcher.entries if matcher.spaced else [], lang=base)
            self._forms[base] = WordForms(matcher.entries if matcher.spaced else [], lang=base)
        return base

    def preferred(self, concept_id: str, lang: str) -> TermEntry | None:
        return self._preferred[self._tables(lang)].get(concept_id)

    def renderings(self, concept_id: str, lang: str) -> list[str]:
        return self._renderings[self._tables(lang)].get(concept_id, [])

    def classify(self, surface: str, reference: str, lang: str) -> VariantClass:
        key = (surface, reference, lang)
        cls = self._classes.get(key)
        if cls is None:
            if len(self._classes) >= _CACHE_LIMIT:
                self._classes.clear()
            cls = self._classes[key] = classify_variant(surface, reference, lang=lang)
        return cls

    def misspelling_target(self, surface: str, concept_id: str, lang: str) -> TermEntry | None:
        """The usable term of the concept that ``surface`` misspells (UNDOC -> UNODC), if any."""
        for entry in self._usable[self._tables(lang)].get(concept_id, []):
            if self.classify(surface, entry.text, lang) is VariantClass.MISSPELLING:
                return entry
        return None

    def reference(self, concept_id: str, lang: str) -> str | None:
        """What renderings are classed against when one term must be named: the preferred term,
        else the first usable one, else the first."""
        preferred = self.preferred(concept_id, lang)
        if preferred is not None:
            return preferred.text
        usable = self._usable[self._tables(lang)].get(concept_id)
        listed = self.renderings(concept_id, lang)
        return usable[0].text if usable else listed[0] if listed else None

    def nearest(self, surface: str, concept_id: str, lang: str) -> tuple[VariantClass, str | None]:
        """The class of a rendering against the nearest usable term of the concept (preferred or
        admitted; ``NEAREST_ORDER``), and that term: ``khoá`` beside an admitted ``khóa`` is
        orthographic, not lexical against a preferred ``phím``. A rendering differing only in
        case from a term not marked case-sensitive is that term (identical)."""
        base = self._tables(lang)
        candidates = list(self._usable[base].get(concept_id, []))
        if not candidates:
            reference = self.reference(concept_id, lang)
            return (VariantClass.IDENTICAL, None) if reference is None else (self.classify(surface, reference, lang), reference)
        best: tuple[int, VariantClass, str] | None = None
        preferred = self._preferred[base].get(concept_id)
        if len(candidates) > 1:  # a listed term is classed against the others, as its report row shows
            others = [e for e in candidates if e is preferred or nfc(e.text) != nfc(surface)]
            candidates = others or candidates
        for entry in sorted(candidates, key=lambda e: e is not preferred):  # the preferred wins ties
            cls = self.classify(surface, entry.text, lang)
            if cls is VariantClass.CASE_HYPHEN and not entry.term.case_sensitive:
                # case aside, what is left: the term itself, or another spelling (Khoá / khóa)
                cls = self.classify(nfc(surface).casefold(), nfc(entry.text).casefold(), lang)
            if cls is VariantClass.LEXICAL and kana_variant(surface, entry.text):
                cls = VariantClass.ORTHOGRAPHIC
            if cls is VariantClass.CASE_HYPHEN and not entry.term.case_sensitive and only_case(surface, entry.text):
                cls = VariantClass.IDENTICAL
            rank = _NEAREST_RANK.get(cls, len(_NEAREST_RANK))
            if best is None or rank < best[0]:
                best = (rank, cls, entry.text)
        assert best is not None
        return best[1], best[2]

    def rendering_class(self, surface: str, concept_id: str, lang: str) -> VariantClass:
        """Class of a rendering against the nearest usable term (``nearest``); a misspelt form of
        another listed term (UNDOC for a forbidden UNDOC's UNODC) is a misspelling; a shorter run of
        the term's words is an abbreviation (cỡ / kích cỡ, bỏ / gỡ bỏ)."""
        cls, nearest = self.nearest(surface, concept_id, lang)
        if cls is VariantClass.LEXICAL and nearest is not None and _clipped(surface, nearest):
            return VariantClass.ABBREVIATION
        if cls in (VariantClass.LEXICAL, VariantClass.ABBREVIATION) and \
                self.misspelling_target(surface, concept_id, lang) is not None:
            return VariantClass.MISSPELLING
        return cls

    def word_of_language(self, surface: str, entry: TermEntry, lang: str) -> bool:
        """Is a near miss of ``entry`` a word of the language rather than a misspelling of the term?
        (``spelling.known_form``: the corpus writes it too often, compared with the term, or the
        language's spelling dictionary knows it)."""
        return known_form(surface, entry.text, self.evidence, spelling_dictionary(lang))

    # -- one pair ----------------------------------------------------------------------
    def _hit(self, keyed: KeyedText, start: int, end: int, entry: TermEntry, how: str, lang: str,
             form: VariantClass | None = None, written: str | None = None, same: bool = False) -> Hit:
        text = keyed.text
        written = written or entry.text
        surface = normal_surface(text, start, end, written, keyed.surface(start, end))
        form_class = form or self.classify(surface, written, lang)
        case_only = form_class is VariantClass.CASE_HYPHEN and not entry.term.case_sensitive and \
            only_case(surface, written)
        if case_only:  # ALL CAPS, title case: the term itself unless the glossary says case matters
            form_class = VariantClass.IDENTICAL
        elif form_class is VariantClass.CASE_HYPHEN and not entry.term.case_sensitive:
            form_class = self.classify(nfc(surface).casefold(), nfc(written).casefold(), lang)
        # an inflection written as the glossary writes the term is the term, and so is another case
        canonical = entry.text if (written != entry.text or case_only or same) and form_class is VariantClass.IDENTICAL \
            else surface
        misspelt = None
        if form_class is VariantClass.MISSPELLING:
            misspelt = entry
        elif not entry.term.status.usable:
            misspelt = self.misspelling_target(canonical, entry.concept_id, lang)
        return Hit(entry, start, end, surface, how, form_class,
                   self.rendering_class(canonical, entry.concept_id, lang), misspelt, canonical=canonical)

    def _match_hit(self, keyed: KeyedText, m: Match, lang: str) -> Hit:
        return self._hit(keyed, m.start, m.end, m.entry, "folded" if m.folded else "exact", lang, written=m.written)

    def forms_in(self, segment: Segment) -> list[str]:
        """What the target writes of the glossary: its terms and near misses of them, as written
        (what ``evidence.gather_evidence`` counts, pair by pair)."""
        matcher = self._target.get(segment.target_lang)
        base = self._tables(segment.target_lang)
        target = matcher.keyed(segment.target)
        found = [target.surface(m.start, m.end) for m in matcher.scan(target)]
        found += [target.surface(n.start, n.end) for n in self._near[base].find(target)]
        return found

    def assess(self, segment: Segment) -> PairContext:
        src_lang, tgt_lang = segment.source_lang, segment.target_lang
        src_matcher, tgt_matcher = self._source.get(src_lang), self._target.get(tgt_lang)
        base = self._tables(tgt_lang)
        source = src_matcher.keyed(segment.source)
        target = tgt_matcher.keyed(segment.target)
        source_matches = [m for m in src_matcher.find(source)
                          if not in_copied_compound(segment.source, m.start, m.end, segment.target)]
        every = [m for m in tgt_matcher.scan(target)
                 if not in_copied_compound(segment.target, m.start, m.end, segment.source)]
        spans: dict[tuple[int, int], list[Match]] = {}
        for m in resolve(every):
            spans.setdefault(m.span, []).append(m)
        text = segment.target
        hits: list[Hit] = []
        for group in spans.values():
            m = closest(group, text)
            if m.folded and self._other_word(target.surface(m.start, m.end), base):
                continue  # große is a word of its own, not Größe without its diacritics
            hits.append(self._match_hit(target, m, base))
        near: list[NearMiss] = [n for n in self._near[base].find(target)
                                if n.variant_class is not VariantClass.MISSPELLING
                                or not (not_a_typo(segment, n.start, n.end, n.entry) or
                                        self.word_of_language(target.surface(n.start, n.end), n.entry, base))]
        # German inflections and compound elements are the term (wordforms); near misses they explain are not
        forms = self._forms[base].find(target, [h.span for h in hits])
        if forms:
            near = [n for n in near if not any(f.start < n.end and n.start < f.end for f in forms)]
            hits = [h for h in hits if not any(f.start <= h.start and h.end <= f.end and (f.start, f.end) != h.span
                                               for f in forms)]
            hits.extend(self._hit(target, f.start, f.end, f.entry, f.how, base, VariantClass.IDENTICAL, same=True)
                        for f in forms)
        hits.extend(self._hit(target, n.start, n.end, n.entry, "near-miss", base, n.variant_class) for n in near)
        hits.sort(key=lambda h: (h.start, -h.end))

        occurrences: list[Occurrence] = []
        by_concept: dict[str, Occurrence] = {}
        for m in source_matches:
            cid = m.entry.concept_id
            if cid in by_concept:
                by_concept[cid].count += 1
                continue
            if not self.renderings(cid, base):
                continue  # no target terms for this concept: nothing to check against
            occurrence = Occurrence(m.entry.concept, m, 1, preferred=self.preferred(cid, base))
            by_concept[cid] = occurrence
            occurrences.append(occurrence)
        for occurrence in occurrences:
            cid = occurrence.concept.id
            own = [h for h in hits if h.concept_id == cid and not h.claimed]
            if not own:
                # a homonym on a span given to another concept, or a term nested in a longer one
                for m in every:
                    if m.entry.concept_id == cid:
                        own.append(self._match_hit(target, m, base))
                own = _leftmost_longest(own)
                taken = {o.span for o in own}
                hits = [h for h in hits if h.claimed or h.span not in taken] + own
            for hit in own:
                hit.claimed = True
            occurrence.hits = own
        if self.guess:  # once every occurrence has claimed its hits, so none is named over another's
            claimed = [h for h in hits if h.claimed]
            for occurrence in occurrences:
                if occurrence.hits:
                    self._extended(occurrence, segment, target, claimed, base)
                elif not self._aligned(occurrence, segment, target, claimed, base):
                    self._guess(occurrence, segment, target, hits, src_lang, base)
        hits.sort(key=lambda h: (h.start, -h.end))
        return PairContext(segment, source, target, occurrences, hits, src_lang, tgt_lang,
                           self._preferred[base])

    def _aligned(self, occurrence: Occurrence, segment: Segment, target: KeyedText, hits: list[Hit],
                 base: str) -> bool:
        """Name the rendering from the corpus's word alignment: the target span the source term is
        aligned to, unless another glossary term's rendering stands there."""
        if self.evidence is None:
            return False
        m = occurrence.source_match
        span = self.evidence.rendering(segment.source, segment.target, m.start, m.end)
        if span is None:
            return False
        start, end = span
        if any(h.start < end and start < h.end for h in hits):
            return False
        start, end = self._widened(start, end, occurrence.concept.id, target, hits)
        written = " ".join(target.surface(start, end).split())
        if not written or self._partial(written, occurrence.concept.id, base) or self._function_word(written):
            return False
        cls, nearest = self._named_class(written, occurrence.concept.id, base), \
            self.nearest(written, occurrence.concept.id, base)[1]
        inside = self._forms[base].holding(written, self._usable[base].get(occurrence.concept.id, []))
        if cls is VariantClass.IDENTICAL or inside is not None:
            # the term itself, where the matcher could not see it (an element inside a compound,
            # Text|suche|parser, Schema|such|reihenfolge): a hit of the term, not another rendering
            entry = inside or next((e for e in self._usable[base].get(occurrence.concept.id, [])
                                    if e.text == nearest), None)
            if entry is not None:
                hit = self._hit(target, start, end, entry, "aligned", base, VariantClass.IDENTICAL, same=True)
                hit.claimed = True
                occurrence.hits = [hit]
                return True
        occurrence.guess = Guess(start, end, written, 1.0)
        occurrence.named_by = "alignment"
        occurrence.guess_class = cls
        occurrence.nearest = nearest
        return True

    def _named_class(self, written: str, concept_id: str, base: str) -> VariantClass:
        """The class of a rendering read off the alignment: a near miss of a term that is a word of
        the language (written often in the corpus, or known to its dictionary: Aktualisierung beside
        aktualisieren) is another word, not a misspelling."""
        cls = self.rendering_class(written, concept_id, base)
        if cls is VariantClass.MISSPELLING:
            nearest = self.nearest(written, concept_id, base)[1]
            if nearest is not None and known_form(written, nearest, self.evidence, spelling_dictionary(base)):
                return VariantClass.LEXICAL
        return cls

    def _other_word(self, surface: str, lang: str) -> bool:
        """A diacritic-folded hit of one word that the language's dictionary knows as written."""
        words = surface.split()
        dictionary = spelling_dictionary(lang) if len(words) == 1 else None
        return dictionary is not None and dictionary.knows(words[0])

    def _widened(self, start: int, end: int, concept_id: str, target: KeyedText, hits: list[Hit]) -> tuple[int, int]:
        """In a language written in syllables, the aligner often links some syllables of a word only
        ("phục vụ" of "trình phục vụ"): the span takes in up to ``WIDEN_SYLLABLES`` syllables on
        either side when the corpus's alignment gives that longer span for the concept in
        ``MIN_PIECE_PAIRS`` pairs or more (the longest such span wins)."""
        evidence = self.evidence
        if evidence is None or not is_syllabic(evidence.target_lang) or not target.tokens:
            return start, end
        tokens = target.tokens
        first = next((i for i, t in enumerate(tokens) if t.start >= start), None)
        last = next((i for i in range(len(tokens) - 1, -1, -1) if tokens[i].end <= end), None)
        if first is None or last is None or last < first:
            return start, end
        best = (start, end)
        best_size = last - first + 1
        for left in range(WIDEN_SYLLABLES + 1):
            for right in range(WIDEN_SYLLABLES + 1):
                a, b = first - left, last + right
                if (left == right == 0) or a < 0 or b >= len(tokens) or target.clause[a] != target.clause[b]:
                    continue
                span = (tokens[a].start, tokens[b].end)
                if b - a + 1 <= best_size or any(h.start < span[1] and span[0] < h.end for h in hits):
                    continue
                if evidence.aligned_frequency(concept_id, target.surface(*span)) >= MIN_PIECE_PAIRS:
                    best, best_size = span, b - a + 1
        return best

    def _function_word(self, text: str) -> bool:
        """One function word of the target language (nicht, wird, của: ``evidence.stopwords``, the
        built-in list or the corpus's most spread words): what the aligner links to a term the
        translation leaves out, not a rendering of it."""
        evidence = self.evidence
        return evidence is not None and len(text.split()) == 1 and evidence.is_function_word(text)

    def _extended(self, occurrence: Occurrence, segment: Segment, target: KeyedText, claimed: list[Hit],
                  base: str) -> None:
        """A listed term that is only part of the word the target renders the source term with
        (đặt of "cài đặt", kho of "kho chứa"): when the corpus's alignment gives the longer span
        in ``MIN_PIECE_PAIRS`` pairs or more, that span is named beside the hit (``extended``): the
        term is written, inside a rendering the glossary does not list."""
        if self.evidence is None or len(occurrence.hits) != 1:
            return
        hit = occurrence.hits[0]
        m = occurrence.source_match
        span = self.evidence.rendering(segment.source, segment.target, m.start, m.end, trim_all=True)
        if span is None or span == hit.span or not (span[0] <= hit.start and hit.end <= span[1]):
            return
        start, end = span
        if any(h is not hit and h.start < end and start < h.end for h in claimed):
            return
        written = " ".join(target.surface(start, end).split())
        cid = occurrence.concept.id
        if not written or self.evidence.aligned_frequency(cid, written) < MIN_PIECE_PAIRS or \
                any(match_key(r, fold=True) == match_key(written, fold=True) for r in self.renderings(cid, base)):
            return
        occurrence.extended = hit  # still the term's hit; the rendering around it is named beside it
        occurrence.guess = Guess(start, end, written, 1.0)
        occurrence.named_by = "alignment"
        occurrence.guess_class = self._named_class(written, cid, base)
        occurrence.nearest = self.nearest(written, cid, base)[1]

    def _partial(self, text: str, concept_id: str, base: str) -> bool:
        """Is ``text`` a piece of a listed rendering ("capacity" of "capacity building", "cyber" of
        "cybercrime") that the corpus does not use as a rendering of its own? A piece aligned to the
        concept in fewer than ``MIN_PIECE_PAIRS`` pairs is a paraphrase's remnant, not a rendering;
        a clipped form the corpus keeps writing (cỡ for kích cỡ) is one."""
        key = match_key(text, fold=True)
        words = key.split()
        if not words:
            return True
        for rendering in self.renderings(concept_id, base):
            listed = match_key(rendering, fold=True)
            if key == listed or len(key) >= len(listed):
                continue
            parts = listed.split()
            piece = any(parts[i:i + len(words)] == words for i in range(len(parts) - len(words) + 1)) or \
                (len(words) == 1 and any(p.startswith(key) or p.endswith(key) or
                                         (key.startswith(p) and len(key) - len(p) <= 2) for p in parts))
            if piece:
                seen = self.evidence.aligned_frequency(concept_id, text) if self.evidence is not None else 0
                return seen < MIN_PIECE_PAIRS
        return False

    def _guess(self, occurrence: Occurrence, segment: Segment, target: KeyedText, hits: list[Hit],
               src_lang: str, base: str) -> None:
        m = occurrence.source_match
        written = segment.source[m.start:m.end]
        figures: list[Decimal] = [f.value for f in reader(src_lang).figures(written) if f.value is not None]
        index = self._guess_index.get((base, occurrence.concept.id))
        if index is None:
            if len(self._guess_index) >= _GUESS_INDEX_LIMIT:  # each index caches words: bound them all
                self._guess_index.clear()
            index = self._guess_index[(base, occurrence.concept.id)] = Renderings(self.renderings(occurrence.concept.id, base))
        guess = guess_rendering(target, index,
                                claimed=[h.span for h in hits], source_figures=figures,
                                source_quoted=is_quoted(segment.source, m.start, m.end),
                                figure_first=written[:1].isdigit(), numbers=reader(base))
        if guess is not None and not self._partial(guess.text, occurrence.concept.id, base) and \
                not self._function_word(guess.text):
            occurrence.guess = guess
            occurrence.named_by = "similarity"
            occurrence.guess_class = self.rendering_class(guess.text, occurrence.concept.id, base)
            occurrence.nearest = self.nearest(guess.text, occurrence.concept.id, base)[1]


def _leftmost_longest(hits: list[Hit]) -> list[Hit]:
    out: list[Hit] = []
    taken = -1
    for hit in sorted(hits, key=lambda h: (h.start, -(h.end - h.start))):
        if hit.start >= taken:
            out.append(hit)
            taken = hit.end
    return out


# Nearest first: the class that says a rendering is closest to a term.
NEAREST_ORDER = (VariantClass.IDENTICAL, VariantClass.CASE_HYPHEN, VariantClass.ORTHOGRAPHIC, VariantClass.US_UK,
                 VariantClass.DIACRITICS, VariantClass.MISSPELLING, VariantClass.ABBREVIATION, VariantClass.NUMERIC,
                 VariantClass.LEXICAL)
_NEAREST_RANK = {cls: i for i, cls in enumerate(NEAREST_ORDER)}


def _clipped(a: str, b: str) -> bool:
    """Is ``a`` a run of ``b``'s words, shorter than it (case and diacritics aside)? (A longer
    rendering holding the term, cài đặt / đặt, is as often another word as a full form: lexical.)"""
    x, y = match_key(a, fold=True).split(), match_key(b, fold=True).split()
    if not x or len(x) >= len(y):
        return False
    return any(y[i:i + len(x)] == x for i in range(len(y) - len(x) + 1))


# Japanese writes one loanword with or without its long-vowel mark (サーバ / サーバー), with or without
# a middle dot between words (ホーム・ディレクトリ): the same word, spelt another way
_KANA_MARKS = str.maketrans("", "", "ー・゠ｰ･ \u3000")


def kana_variant(a: str, b: str) -> bool:
    """Do two texts differ only in long-vowel marks, middle dots and spaces (サーバ / サーバー)?"""
    x, y = nfc(a).translate(_KANA_MARKS), nfc(b).translate(_KANA_MARKS)
    return x == y and x != "" and nfc(a) != nfc(b) and any("\u30a0" <= c <= "\u30ff" for c in x)


def only_case(surface: str, written: str) -> bool:
    """Do two forms differ in letter case alone (CẢNH BÁO / cảnh báo, Tên Tập Tin / tên tập tin),
    or is the surface the term as a metavariable, capitals joined by underscores (MẬT_KHẨU)?"""
    a, b = nfc(surface), nfc(written)
    if a == b:
        return False
    if a.casefold() == b.casefold():
        return True
    return "_" in a and a.isupper() and " ".join(a.replace("_", " ").split()).casefold() == b.casefold()


_COMPOUND_CHAR = re.compile(r"[\w-]")
_OPENERS = "([{«‹„“‘\"'/"


def not_a_typo(segment: Segment, start: int, end: int, entry: TermEntry) -> bool:
    """Is a near miss of ``entry`` at ``target[start:end]`` something other than a typing error?
    A word the source has as it is (a name, code, a word left untranslated: build-indep, Dyalog,
    WARNING); a metavariable in capitals for a term not written in capitals (RDATEI, TẬP_TIN: only
    an acronym's capitals are its spelling, UNDOC for UNODC); a piece of a longer string it is glued
    to (the odierung of %-Kodierung, the nstallieren of [I]nstallieren)."""
    target = segment.target
    surface = target[start:end]
    if surface in segment.source:
        return True
    letters = [c for c in surface if c.isalpha()]
    if letters and all(c.isupper() for c in letters) and not any(c.isupper() for c in entry.text[1:]):
        return True
    before = target[start - 1] if start > 0 else " "
    return not (before.isspace() or before in _OPENERS or before in "-–—")


def in_copied_compound(text: str, start: int, end: int, other: str) -> bool:
    """Is ``text[start:end]`` part of a hyphenated word that the other side of the pair copies as it
    is (``apt-key``, ``target-path``: a program or option name, code, not the term ``key``)?"""
    low, high = start, end
    while low > 0 and _COMPOUND_CHAR.match(text[low - 1]):
        low -= 1
    while high < len(text) and _COMPOUND_CHAR.match(text[high]):
        high += 1
    if (low, high) == (start, end) or "-" not in text[low:high]:
        return False
    word = text[low:high].strip("-")
    return len(word) > end - start and word in other
