"""Corpus-wide consistency: how each glossary concept was rendered, and how consistently.

Per concept (source-driven, as in the WMT25 terminology task): every occurrence of
a source term is aligned to what the target wrote for it (a glossary rendering,
a near miss, a guess, or nothing). From those:

- the distinct renderings, with counts, segment ids, documents, glossary status
  and variant class against the reference rendering;
- **consistency**: the share of occurrences that use the reference rendering, as
  written (after NFC-insensitive whitespace collapsing only). The reference is the
  preferred term; without one, the most frequent rendering (WMT25's pseudo-reference);
- **HHI**: the Herfindahl-Hirschman index of the renderings, the sum of squared
  shares (1.0 = one rendering only; Gašpar, Seljan & Kučiš 2022);
- micro (all occurrences pooled) and macro (mean of per-concept scores) for the
  corpus and per document.

Segment level (what Xbench and Translate Toolkit's poconflicts report): the same
normalised source with different targets, and the same target for different sources.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator

from .classify import VariantClass, classify_variant, drift_rank, most_serious
from .checks.context import PairContext
from .langtags import uses_word_spaces
from .matching import key_text_of
from .model import Glossary
from .normalize import nfc
from .segments import Segment


@dataclass(slots=True)
class Rendering:
    text: str | None  # None: the target had nothing for the term
    count: int
    variant_class: str | None  # against the reference rendering
    status: str  # glossary status of this text, "unlisted", or "missing"
    how: str  # "listed", "folded", "near-miss", "guess" or "missing"
    segments: list[str]
    documents: list[str]
    reference: bool = False


@dataclass(slots=True)
class ConceptConsistency:
    concept_id: str
    preferred: str | None  # the glossary's preferred target term
    reference: str | None  # what consistency is measured against
    source_terms: list[str]
    occurrences: int
    consistent: int
    consistency: float
    hhi: float
    variant_class: str  # the most serious class among the renderings
    renderings: list[Rendering]
    documents: dict[str, tuple[int, int]]  # document -> (consistent, occurrences)


@dataclass(slots=True)
class DocumentConsistency:
    document: str
    concepts: int
    occurrences: int
    consistent: int
    micro: float
    macro: float


@dataclass(slots=True)
class Scores:
    concepts: int
    occurrences: int
    consistent: int
    micro: float
    macro: float
    mean_hhi: float


@dataclass(slots=True)
class ConflictVariant:
    text: str
    segments: list[str]


@dataclass(slots=True)
class Conflict:
    kind: str  # "same-source" (one source, several targets) or "same-target" (the reverse)
    text: str  # the shared side, as first written
    variants: list[ConflictVariant]


# -- per-concept tally --------------------------------------------------------------------
@dataclass(slots=True)
class _Seen:
    count: int = 0
    how: str = "listed"
    segments: list[str] = field(default_factory=list)
    documents: Counter = field(default_factory=Counter)


@dataclass(slots=True)
class _ConceptTally:
    renderings: dict[str | None, _Seen] = field(default_factory=dict)
    source_terms: Counter = field(default_factory=Counter)
    per_document: dict[str, Counter] = field(default_factory=dict)  # document -> rendering -> count


def _text_key(text: str) -> str:
    return " ".join(text.split())


class ConsistencyTracker:
    """Collects what every pair rendered each source term as; ``results`` computes the scores."""

    def __init__(self) -> None:
        self._concepts: dict[str, _ConceptTally] = {}
        self._target_lang: str | None = None

    def add(self, ctx: PairContext) -> None:
        if not ctx.occurrences:
            return
        segment = ctx.segment
        key = segment.key
        document = segment.document or segment.origin.path
        self._target_lang = self._target_lang or ctx.target_lang
        concepts = self._concepts
        for occurrence in ctx.occurrences:
            # get before creating: a dataclass with three factories costs more than the rest of the tally
            tally = concepts.get(occurrence.concept.id)
            if tally is None:
                tally = concepts[occurrence.concept.id] = _ConceptTally()
            m = occurrence.source_match
            tally.source_terms[_text_key(segment.source[m.start:m.end])] += occurrence.count
            seen: list[tuple[str | None, str]] = []
            if occurrence.hits:
                seen = [(h.canonical, "listed" if h.how == "exact" and h.listed else h.how) for h in occurrence.hits]
            elif occurrence.guess is not None:
                seen = [(_text_key(occurrence.guess.text), "guess")]
            else:
                seen = [(None, "missing")]
            per_document = tally.per_document.get(document)
            if per_document is None:
                per_document = tally.per_document[document] = Counter()
            for text, how in seen:
                entry = tally.renderings.get(text)
                if entry is None:
                    entry = tally.renderings[text] = _Seen(how=how)
                entry.count += 1
                entry.segments.append(key)
                entry.documents[document] += 1
                per_document[text] += 1

    def merge(self, later: "ConsistencyTracker") -> None:
        """Add a tracker that saw a later part of the corpus (first-seen order is kept)."""
        self._target_lang = self._target_lang or later._target_lang
        for concept_id, theirs in later._concepts.items():
            mine = self._concepts.get(concept_id)
            if mine is None:
                self._concepts[concept_id] = theirs
                continue
            mine.source_terms.update(theirs.source_terms)
            for text, seen in theirs.renderings.items():
                own = mine.renderings.get(text)
                if own is None:
                    mine.renderings[text] = seen
                else:
                    own.count += seen.count
                    own.segments.extend(seen.segments)
                    own.documents.update(seen.documents)
            for document, counts in theirs.per_document.items():
                mine.per_document.setdefault(document, Counter()).update(counts)

    def results(self, glossary: Glossary, *, target_lang: str | None = None,
                classify: Callable[[str, str], VariantClass],
                preferred: Callable[[str], str | None],
                status_of: Callable[[str, str], str]) -> tuple[list[ConceptConsistency], Scores, list[DocumentConsistency]]:
        """Scores per concept (least consistent first), for the corpus, and per document.

        ``classify(text, concept_id)`` classes a rendering against the preferred one,
        ``preferred(concept_id)`` gives the preferred target term, ``status_of(text, concept_id)``
        the glossary status of a rendering ("unlisted" when the glossary does not have it).
        """
        concepts: list[ConceptConsistency] = []
        doc_totals: dict[str, list[tuple[int, int]]] = {}
        for concept_id, tally in self._concepts.items():
            pref = preferred(concept_id)
            counts = {text: seen.count for text, seen in tally.renderings.items()}
            written = [t for t in counts if t is not None]
            reference = pref if pref is not None else (max(written, key=lambda t: (counts[t], t)) if written else None)
            ref_key = nfc(_text_key(reference)) if reference is not None else None

            def consistent(text: str | None) -> bool:
                return text is not None and nfc(text) == ref_key

            occurrences = sum(counts.values())
            hits = sum(c for t, c in counts.items() if consistent(t))
            total_written = sum(counts[t] for t in written)
            hhi = sum((counts[t] / total_written) ** 2 for t in written) if total_written else 0.0
            renderings: list[Rendering] = []
            classes: list[VariantClass] = []
            for text, seen in tally.renderings.items():
                if text is None:
                    cls_value, status = None, "missing"
                else:
                    if consistent(text):
                        cls = VariantClass.IDENTICAL
                    elif pref is not None:
                        cls = classify(text, concept_id)
                    else:  # the reference is the corpus's own most frequent rendering
                        cls = classify_variant(text, reference or text)
                    classes.append(cls)
                    cls_value, status = cls.value, status_of(text, concept_id)
                renderings.append(Rendering(text, seen.count, cls_value, status, seen.how, list(seen.segments),
                                            sorted(seen.documents), consistent(text)))
            renderings.sort(key=lambda r: (-r.count, r.text is None, r.text or ""))
            documents: dict[str, tuple[int, int]] = {}
            for document, per in sorted(tally.per_document.items()):
                doc_hits = sum(c for t, c in per.items() if consistent(t))
                documents[document] = (doc_hits, sum(per.values()))
                doc_totals.setdefault(document, []).append(documents[document])
            drift = [c for c in classes if c is not VariantClass.IDENTICAL]
            concepts.append(ConceptConsistency(
                concept_id=concept_id, preferred=pref, reference=reference,
                source_terms=[t for t, _ in tally.source_terms.most_common()], occurrences=occurrences,
                consistent=hits, consistency=hits / occurrences if occurrences else 1.0, hhi=hhi,
                variant_class=most_serious(drift).value if drift else VariantClass.IDENTICAL.value,
                renderings=renderings, documents=documents))
        concepts.sort(key=lambda c: (c.consistency, drift_rank(VariantClass(c.variant_class)), -c.occurrences, c.concept_id))
        total = sum(c.occurrences for c in concepts)
        good = sum(c.consistent for c in concepts)
        scores = Scores(
            concepts=len(concepts), occurrences=total, consistent=good,
            micro=good / total if total else 1.0,
            macro=sum(c.consistency for c in concepts) / len(concepts) if concepts else 1.0,
            mean_hhi=sum(c.hhi for c in concepts) / len(concepts) if concepts else 0.0)
        documents = [
            DocumentConsistency(
                document=document, concepts=len(pairs), occurrences=sum(n for _, n in pairs),
                consistent=sum(h for h, _ in pairs),
                micro=sum(h for h, _ in pairs) / max(1, sum(n for _, n in pairs)),
                macro=sum(h / n for h, n in pairs if n) / len(pairs))
            for document, pairs in sorted(doc_totals.items())]
        documents.sort(key=lambda d: (d.micro, d.document))
        return concepts, scores, documents


# -- one term in several forms within a document -------------------------------------------
@dataclass(slots=True)
class FormSeen:
    count: int
    order: int
    segment: str
    origin: str
    source: str
    target: str
    span: tuple[int, int]
    variant_class: str | None


class DocumentForms:
    """Target forms of each concept per document, full forms and abbreviations apart
    (an acronym after its full form is not an inconsistency)."""

    def __init__(self) -> None:
        self._forms: dict[tuple[str, str, str], dict[str, FormSeen]] = {}
        self._order = 0

    def add(self, ctx: PairContext) -> None:
        if not ctx.target_hits:
            return
        segment = ctx.segment
        document = segment.document or segment.origin.path
        all_forms = self._forms
        for hit in ctx.target_hits:
            intended = hit.misspelling_of or hit.entry
            group = "abbreviated" if intended.term.is_abbreviated else "full"
            key = (document, hit.entry.concept.id, group)
            forms = all_forms.get(key)
            if forms is None:
                forms = all_forms[key] = {}
            seen = forms.get(hit.canonical)
            if seen is None:
                self._order += 1
                forms[hit.canonical] = FormSeen(1, self._order, segment.key, str(segment.origin), segment.source,
                                              segment.target, hit.span, hit.variant_class.value)
            else:
                seen.count += 1

    def merge(self, later: "DocumentForms") -> None:
        """Add forms seen in a later part of the corpus. Only the relative order of first
        sightings matters (it breaks ties), so the later part's orders are shifted past ours."""
        shift = self._order
        for key, theirs in later._forms.items():
            forms = self._forms.setdefault(key, {})
            for text, seen in theirs.items():
                own = forms.get(text)
                if own is None:
                    seen.order += shift
                    forms[text] = seen
                else:
                    own.count += seen.count
        self._order = shift + later._order

    def groups(self) -> Iterator[tuple[tuple[str, str, str], dict[str, FormSeen]]]:
        return iter(sorted(self._forms.items(), key=lambda kv: kv[0]))


# -- segment-level conflicts ------------------------------------------------------------------
class SegmentConflicts:
    """Same normalised source with different targets, and the same target for different sources."""

    def __init__(self) -> None:
        self._sides: dict[str, dict[str, tuple[str, dict[str, tuple[str, list[str]]]]]] = {
            "same-source": {}, "same-target": {}}

    def add(self, ctx: PairContext) -> None:
        self.add_pair(ctx.segment, ctx.source.key_string()[0].strip(), ctx.target.key_string()[0].strip())

    def add_pair(self, seg: Segment, source_key: str, target_key: str) -> None:
        """One pair by its comparison keys (so it can run without the glossary's matchers)."""
        if not source_key or not target_key:
            return
        for kind, (shared_key, shared_text), (other_key, other_text) in (
                ("same-source", (source_key, seg.source), (target_key, seg.target)),
                ("same-target", (target_key, seg.target), (source_key, seg.source))):
            first, variants = self._sides[kind].setdefault(shared_key, (shared_text, {}))
            variants.setdefault(other_key, (other_text, []))[1].append(seg.key)

    def merge(self, later: "SegmentConflicts") -> None:
        """Add the pairs of a later part of the corpus (first-written texts and order kept)."""
        for kind, shared in later._sides.items():
            mine = self._sides[kind]
            for shared_key, (text, variants) in shared.items():
                own = mine.get(shared_key)
                if own is None:
                    mine[shared_key] = (text, variants)
                    continue
                for other_key, (other_text, segments) in variants.items():
                    entry = own[1].get(other_key)
                    if entry is None:
                        own[1][other_key] = (other_text, segments)
                    else:
                        entry[1].extend(segments)

    def results(self) -> list[Conflict]:
        out: list[Conflict] = []
        for kind in ("same-source", "same-target"):
            for first, variants in self._sides[kind].values():
                if len(variants) > 1:
                    out.append(Conflict(kind, first, [ConflictVariant(text, segments)
                                                      for text, segments in variants.values()]))
        out.sort(key=lambda c: (c.kind, -len(c.variants), c.text))
        return out


def find_segment_conflicts(segments: Iterable[Segment]) -> list[Conflict]:
    """Segment-level conflicts of a corpus alone, no glossary needed (what poconflicts reports):
    the same keys as the variance report's ``KeyedText`` keys (case-, NFC- and tone-placement-insensitive),
    computed without token offsets."""
    conflicts = SegmentConflicts()
    spaced: dict[str, bool] = {}
    for segment in segments:
        src, tgt = segment.source_lang, segment.target_lang
        if src not in spaced:
            spaced[src] = uses_word_spaces(src)
        if tgt not in spaced:
            spaced[tgt] = uses_word_spaces(tgt)
        conflicts.add_pair(segment, key_text_of(segment.source, spaced=spaced[src]).strip(),
                           key_text_of(segment.target, spaced=spaced[tgt]).strip())
    return conflicts.results()
