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
from glossary.model import Concept, Glossary, Status
from glossary.model.langtags import base_language
from glossary.text.classify import VariantClass, classify_variant
from glossary.text.normalize import nfc
from glossary.text.numbers import FigureIssue, compare_figures, reader
from glossary.variance.guess import Guess, Renderings, guess_rendering, is_quoted
from glossary.variance.matching import KeyedText, Match, MatcherSet, TermEntry, closest, resolve
from glossary.variance.nearmiss import NearMiss, NearMissFinder

_DIGIT = re.compile(r"\d")
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


def normal_surface(text: str, start: int, end: int, written: str) -> str:
    """The surface with spaces collapsed; "Signing ceremony" opening a sentence counts as "signing ceremony"."""
    surface = " ".join(text[start:end].split())
    if surface[:1].isupper() and written[:1].islower() and sentence_start(text, start):
        lowered = surface[0].lower() + surface[1:]
        if nfc(lowered) == nfc(written):
            return lowered
    return surface


class Assessor:
    """Finds a pair's glossary terms and what the target did with them; see the module docstring."""

    def __init__(self, glossary: Glossary, *, fold_source: bool = False, fold_target: bool = True,
                 guess: bool = True) -> None:
        self.guess = guess
        self._source = MatcherSet(glossary, fold_all=fold_source)
        self._target = MatcherSet(glossary, fold_all=fold_target)
        self._near: dict[str, NearMissFinder] = {}
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
        """What renderings are classed against: the preferred term, else the first usable one, else the first."""
        preferred = self.preferred(concept_id, lang)
        if preferred is not None:
            return preferred.text
        usable = self._usable[self._tables(lang)].get(concept_id)
        listed = self.renderings(concept_id, lang)
        return usable[0].text if usable else listed[0] if listed else None

    def rendering_class(self, surface: str, concept_id: str, lang: str) -> VariantClass:
        """Class of a rendering against the reference one; a misspelt form of another listed term
        (UNDOC for UNODC) is a misspelling even when the preferred is the full form."""
        reference = self.reference(concept_id, lang)
        if reference is None:
            return VariantClass.IDENTICAL
        cls = self.classify(surface, reference, lang)
        if cls in (VariantClass.LEXICAL, VariantClass.ABBREVIATION) and \
                self.misspelling_target(surface, concept_id, lang) is not None:
            return VariantClass.MISSPELLING
        return cls

    # -- one pair ----------------------------------------------------------------------
    def _hit(self, text: str, start: int, end: int, entry: TermEntry, how: str, lang: str,
             form: VariantClass | None = None, written: str | None = None) -> Hit:
        written = written or entry.text
        surface = normal_surface(text, start, end, written)
        form_class = form or self.classify(surface, written, lang)
        # an inflection written as the glossary writes the term is the term
        canonical = entry.text if written != entry.text and form_class is VariantClass.IDENTICAL else surface
        misspelt = None
        if form_class is VariantClass.MISSPELLING:
            misspelt = entry
        elif not entry.term.status.usable:
            misspelt = self.misspelling_target(canonical, entry.concept_id, lang)
        return Hit(entry, start, end, surface, how, form_class,
                   self.rendering_class(canonical, entry.concept_id, lang), misspelt, canonical=canonical)

    def _match_hit(self, text: str, m: Match, lang: str) -> Hit:
        return self._hit(text, m.start, m.end, m.entry, "folded" if m.folded else "exact", lang, written=m.written)

    def assess(self, segment: Segment) -> PairContext:
        src_lang, tgt_lang = segment.source_lang, segment.target_lang
        src_matcher, tgt_matcher = self._source.get(src_lang), self._target.get(tgt_lang)
        base = self._tables(tgt_lang)
        source = src_matcher.keyed(segment.source)
        target = tgt_matcher.keyed(segment.target)
        source_matches = src_matcher.find(source)
        every = tgt_matcher.scan(target)
        spans: dict[tuple[int, int], list[Match]] = {}
        for m in resolve(every):
            spans.setdefault(m.span, []).append(m)
        text = segment.target
        hits: list[Hit] = []
        for group in spans.values():
            hits.append(self._match_hit(text, closest(group, text), base))
        near: list[NearMiss] = self._near[base].find(target)
        hits.extend(self._hit(text, n.start, n.end, n.entry, "near-miss", base, n.variant_class) for n in near)
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
                        own.append(self._match_hit(text, m, base))
                own = _leftmost_longest(own)
                taken = {o.span for o in own}
                hits = [h for h in hits if h.claimed or h.span not in taken] + own
            for hit in own:
                hit.claimed = True
            occurrence.hits = own
            if not own and self.guess:
                self._guess(occurrence, segment, target, hits, src_lang, base)
        hits.sort(key=lambda h: (h.start, -h.end))
        return PairContext(segment, source, target, occurrences, hits, src_lang, tgt_lang,
                           self._preferred[base])

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
        if guess is not None:
            occurrence.guess = guess
            occurrence.guess_class = self.rendering_class(guess.text, occurrence.concept.id, base)


def _leftmost_longest(hits: list[Hit]) -> list[Hit]:
    out: list[Hit] = []
    taken = -1
    for hit in sorted(hits, key=lambda h: (h.start, -(h.end - h.start))):
        if hit.start >= taken:
            out.append(hit)
            taken = hit.end
    return out
