"""Corpus-wide consistency: how each glossary concept was rendered, and how consistently.

Per concept (source-driven, as in the WMT25 terminology task): every occurrence of
a source term is aligned to what the target wrote for it (a glossary rendering,
a near miss, a guess, or nothing). From those:

- the distinct renderings, with counts, example segment ids and documents (the first
  ``EXAMPLES`` in corpus order: the counts are exact, the lists are examples), glossary
  status and variant class against the reference rendering;
- **consistency**: the share of occurrences that use a usable rendering: the reference
  as written (after NFC-insensitive whitespace collapsing only) or a term the glossary
  lists as preferred or admitted. The reference is the preferred term; without one, the
  most frequent rendering (WMT25's pseudo-reference). Beside it, the **preferred share**:
  the reference alone (WMT25's term consistency);
- **what to fix first** (``fix_order``): concepts with forbidden or misspelt renderings (or
  figures changed),
  then with deprecated or superseded ones, each ranked by how often the wrong renderings
  are used; then those with renderings the glossary does not list; then those the target
  left out; then those rendered only by usable terms;
- **HHI**: the Herfindahl-Hirschman index of the renderings, the sum of squared
  shares (1.0 = one rendering only; Gašpar, Seljan & Kučiš 2022);
- micro (all occurrences pooled) and macro (mean of per-concept scores) for the
  corpus and per document.

Segment level (what Xbench and Translate Toolkit's poconflicts report): the same
normalised source with different targets, and the same target for different sources.

Memory: what grows with the pairs (per-document tallies, per-document forms) is kept
for the current document only and written to a ``Spill`` when the document changes;
``results`` and ``DocumentForms.groups`` aggregate it back in SQLite. A document that
comes back later simply adds more rows, which the aggregation sums.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any, Callable, Iterable, Iterator

from glossary.corpora.segments import Segment
from glossary.model import Glossary
from glossary.model.langtags import uses_word_spaces
from glossary.run.spill import Spill
from glossary.text.classify import VariantClass, classify_variant, drift_rank, most_serious
from glossary.text.normalize import nfc
from glossary.variance.checks.context import PairContext
from glossary.variance.conflict_rows import ConflictRows
from glossary.variance.matching import char_keys, comparison_key, comparison_keys

EXAMPLES = 20  # segment ids and documents listed per rendering; counts stay exact
USABLE = frozenset({"preferred", "admitted"})  # renderings that count as consistent
# a wrong rendering's severity: what the glossary rules out is an error when forbidden, a warning when
# only deprecated or superseded; a misspelling (a near miss of a term) or a rendering whose figures or
# currency differ (numeric: what currency.lost and number.changed report as errors) is an error whatever
# its status, unless the glossary lists it as usable
WRONG_STATUS = {"forbidden": "error", "deprecated": "warning", "superseded": "warning"}
NOT_RENDERED = "missing"  # a concept's class when the target never rendered it
# what to fix first: the tiers of ``fix_order``, most urgent first
FIX_TIERS = ("error", "warning", "unlisted", "missing", "admitted", "none")


@dataclass(slots=True)
class Rendering:
    text: str | None  # None: the target had nothing for the term
    count: int
    variant_class: str | None  # against the reference rendering
    status: str  # glossary status of this text, "unlisted", or "missing"
    how: str  # "listed", "folded", "near-miss", "guess" or "missing"
    segments: list[str]  # the first EXAMPLES segment ids in corpus order (``count`` is exact)
    documents: list[str]  # the first EXAMPLES documents in corpus order, sorted
    reference: bool = False
    document_count: int = 0  # documents with this rendering, all of them
    consistent: bool = False  # the reference, or a term listed as preferred or admitted
    wrong: str | None = None  # "error" (forbidden, misspelt, figures changed) or "warning" (deprecated, superseded)


@dataclass(slots=True)
class ConceptConsistency:
    concept_id: str
    preferred: str | None  # the glossary's preferred target term
    reference: str | None  # what consistency is measured against
    source_terms: list[str]
    occurrences: int
    consistent: int
    consistency: float  # share of occurrences using a usable rendering (the reference, or preferred/admitted)
    hhi: float
    variant_class: str  # the most serious class among the renderings; NOT_RENDERED when nothing was written
    renderings: list[Rendering]
    documents: dict[str, tuple[int, int]]  # document -> (consistent, occurrences), only where consistent < occurrences
    preferred_share: float = 1.0  # share of occurrences using the reference rendering itself
    wrong_uses: int = 0  # occurrences rendered by a wrong form (``Rendering.wrong``)
    fix: str = "none"  # the tier of FIX_TIERS the concept is in (see ``fix_order``)

    @property
    def rendered(self) -> bool:
        """Did the target render the concept at least once?"""
        return any(r.text is not None for r in self.renderings)


_ERROR_CLASSES = frozenset({VariantClass.MISSPELLING.value, VariantClass.NUMERIC.value})


def _wrong_severity(status: str, variant_class: str | None) -> str | None:
    if variant_class in _ERROR_CLASSES and status not in USABLE:
        return "error"
    return WRONG_STATUS.get(status)


def fix_tier(concept: ConceptConsistency) -> str:
    """Which of FIX_TIERS ``concept`` is in: the worst wrong rendering it has, else renderings the
    glossary does not list, else occurrences the target left out, else admitted renderings only."""
    wrong = {r.wrong for r in concept.renderings if r.wrong}
    if "error" in wrong:
        return "error"
    if "warning" in wrong:
        return "warning"
    if any(r.text is not None and not r.consistent for r in concept.renderings):
        return "unlisted"
    if any(r.text is None for r in concept.renderings):
        return "missing"
    if concept.preferred_share < 1.0:
        return "admitted"
    return "none"


def fix_order(concept: ConceptConsistency) -> tuple:
    """Sort key, most urgent first: the tier, then in the wrong-rendering tiers how often the wrong
    renderings are used (ties: the most serious class of them, as ``drift_rank`` orders classes),
    elsewhere the least consistent; then the most occurrences, then the id."""
    tier = FIX_TIERS.index(concept.fix)
    if concept.fix in ("error", "warning"):
        worst = min(drift_rank(VariantClass(r.variant_class)) for r in concept.renderings
                    if r.wrong and r.variant_class)
        return (tier, -concept.wrong_uses, worst, concept.consistency, -concept.occurrences, concept.concept_id)
    cls = drift_rank(VariantClass(concept.variant_class)) if concept.variant_class != NOT_RENDERED else len(FIX_TIERS)
    return (tier, concept.consistency, concept.preferred_share, cls, -concept.occurrences, concept.concept_id)


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
    segments: list[str] = field(default_factory=list)  # the first EXAMPLES, in corpus order
    documents: list[str] = field(default_factory=list)  # the first EXAMPLES distinct, in corpus order


@dataclass(slots=True)
class _ConceptTally:
    renderings: dict[str | None, _Seen] = field(default_factory=dict)
    source_terms: Counter = field(default_factory=Counter)


def _text_key(text: str) -> str:
    return " ".join(text.split())


def _first_documents(mine: list[str], theirs: list[str]) -> None:
    """Add ``theirs`` (a later part's first documents) to ``mine`` up to EXAMPLES, without repeats."""
    for document in theirs:
        if len(mine) >= EXAMPLES:
            return
        if document not in mine:
            mine.append(document)


class _PerDocument:
    """A tally whose per-document part is kept for the current document only: in memory while
    its pairs come (bounded by the glossary), written to a ``Spill`` as rows when the document
    changes. A document that comes back later simply adds rows again; the queries sum them.
    Subclasses name the ``columns`` and turn the current document into ``_rows``."""

    columns: tuple[str, ...] = ()

    def __init__(self) -> None:
        self._document: str | None = None
        self._current: dict[Any, Any] = {}
        self._spill: Spill | None = None  # made at the first document written out (so during the scan)

    def _enter(self, document: str) -> dict[Any, Any]:
        """The current document's part, after writing out the previous document's if it changed."""
        if document != self._document:
            self._write_document()
            self._document = document
        return self._current

    def _rows(self, document: str | None) -> Iterable[tuple]:
        raise NotImplementedError

    def _write_document(self) -> None:
        """Write the current document's part to the spill and start afresh."""
        if self._current:
            if self._spill is None:
                self._spill = Spill(self.columns)
            self._spill.extend(self._rows(self._document))
            self._current = {}
        self._document = None

    def _merge_documents(self, later: "_PerDocument") -> None:
        """``later``'s written documents after ours, then its current document as ours (the rows
        keep corpus order; a document cut between the parts gets rows from both)."""
        self._write_document()
        theirs, later._spill = later._spill, None
        if theirs is not None:
            if self._spill is None:
                self._spill = theirs  # nothing of ours yet: take theirs over rather than copy it
            else:
                self._spill.merge(theirs)
                theirs.close()
        self._document, self._current = later._document, later._current
        later._document, later._current = None, {}


class ConsistencyTracker(_PerDocument):
    """Collects what every pair rendered each source term as; ``results`` computes the scores.

    Per concept and rendering it keeps counts and the first EXAMPLES segments and documents
    (bounded by the glossary); per document only the current document's tally, written to a
    ``Spill`` when the document changes (see the module docstring).
    """

    # one row per (document, concept, rendering) each time a document's tally is written out;
    # the current document's part: (concept, rendering) -> count
    columns = ("document", "concept", "rendering", "n")

    def __init__(self) -> None:
        super().__init__()
        self._concepts: dict[str, _ConceptTally] = {}
        self._target_lang: str | None = None
        self._names: dict[str, str] = {}

    def add(self, ctx: PairContext) -> None:
        if not ctx.occurrences:
            return
        segment = ctx.segment
        key = segment.key
        document = segment.document or segment.origin.path
        # one string per document name, however many pairs name it (examples hold references)
        document = self._names.setdefault(document, document)
        current = self._enter(document)
        self._target_lang = self._target_lang or ctx.target_lang
        concepts = self._concepts
        for occurrence in ctx.occurrences:
            concept_id = occurrence.concept.id
            # get before creating: a dataclass with factories costs more than the rest of the tally
            tally = concepts.get(concept_id)
            if tally is None:
                tally = concepts[concept_id] = _ConceptTally()
            m = occurrence.source_match
            tally.source_terms[_text_key(segment.source[m.start:m.end])] += occurrence.count
            seen: list[tuple[str | None, str]] = []
            if occurrence.hits:
                seen = [(h.canonical, "listed" if h.how == "exact" and h.listed else h.how) for h in occurrence.hits]
            elif occurrence.guess is not None:
                seen = [(_text_key(occurrence.guess.text), "guess")]
            else:
                seen = [(None, "missing")]
            for text, how in seen:
                entry = tally.renderings.get(text)
                if entry is None:
                    entry = tally.renderings[text] = _Seen(how=how)
                entry.count += 1
                if len(entry.segments) < EXAMPLES:
                    entry.segments.append(key)
                documents = entry.documents
                if len(documents) < EXAMPLES and document not in documents:
                    documents.append(document)
                pair = (concept_id, text)
                current[pair] = current.get(pair, 0) + 1

    def _rows(self, document: str | None) -> Iterable[tuple]:
        return ((document, concept_id, text, n) for (concept_id, text), n in self._current.items())

    def merge(self, later: "ConsistencyTracker") -> None:
        """Add a tracker that saw a later part of the corpus (first-seen order is kept).
        ``later`` is used up: its objects and rows move here."""
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
                    own.segments.extend(seen.segments[:EXAMPLES - len(own.segments)])
                    _first_documents(own.documents, seen.documents)
        self._merge_documents(later)

    def results(self, glossary: Glossary, *, target_lang: str | None = None,
                classify: Callable[[str, str], VariantClass],
                preferred: Callable[[str], str | None],
                status_of: Callable[[str, str], str]) -> tuple[list[ConceptConsistency], Scores, list[DocumentConsistency]]:
        """Scores per concept (what to fix first: ``fix_order``), for the corpus, and per document.

        Uses the tally up (call it once, after the scan). ``classify(text, concept_id)`` classes a
        rendering against the preferred one,
        ``preferred(concept_id)`` gives the preferred target term, ``status_of(text, concept_id)``
        the glossary status of a rendering ("unlisted" when the glossary does not have it).
        """
        concepts: list[ConceptConsistency] = []
        by_id: dict[str, ConceptConsistency] = {}
        rank: dict[str, int] = {}  # concept -> first-seen order: per-document sums add in it
        rendering_of: dict[tuple[str, str | None], Rendering] = {}
        tallies, self._concepts = self._concepts, {}  # used up as the report is built: the peak holds one of the two
        for concept_id in list(tallies):
            tally = tallies.pop(concept_id)
            pref = preferred(concept_id)
            counts = {text: seen.count for text, seen in tally.renderings.items()}
            written = [t for t in counts if t is not None]
            reference = pref if pref is not None else (max(written, key=lambda t: (counts[t], t)) if written else None)
            ref_key = nfc(_text_key(reference)) if reference is not None else None

            def is_reference(text: str | None) -> bool:
                return text is not None and nfc(text) == ref_key

            occurrences = sum(counts.values())
            total_written = sum(counts[t] for t in written)
            hhi = sum((counts[t] / total_written) ** 2 for t in written) if total_written else 0.0
            renderings: list[Rendering] = []
            classes: list[VariantClass] = []
            for text, seen in tally.renderings.items():
                if text is None:
                    cls_value, status = None, "missing"
                else:
                    if is_reference(text):
                        cls = VariantClass.IDENTICAL
                    elif pref is not None:
                        cls = classify(text, concept_id)
                    else:  # the reference is the corpus's own most frequent rendering
                        cls = classify_variant(text, reference or text)
                    classes.append(cls)
                    cls_value, status = cls.value, status_of(text, concept_id)
                rendering = Rendering(text, seen.count, cls_value, status, seen.how, seen.segments,  # shared, not copied
                                      sorted(seen.documents), is_reference(text),
                                      consistent=is_reference(text) or (text is not None and status in USABLE),
                                      wrong=_wrong_severity(status, cls_value) if text is not None else None)
                renderings.append(rendering)
                rendering_of[(concept_id, text)] = rendering
            renderings.sort(key=lambda r: (-r.count, r.text is None, r.text or ""))
            drift = [c for c in classes if c is not VariantClass.IDENTICAL]
            hits = sum(r.count for r in renderings if r.consistent)
            preferred_hits = sum(r.count for r in renderings if r.reference)
            if drift:
                variant_class = most_serious(drift).value
            else:
                variant_class = VariantClass.IDENTICAL.value if written else NOT_RENDERED
            concept = ConceptConsistency(
                concept_id=concept_id, preferred=pref, reference=reference,
                source_terms=[t for t, _ in tally.source_terms.most_common()], occurrences=occurrences,
                consistent=hits, consistency=hits / occurrences if occurrences else 1.0, hhi=hhi,
                variant_class=variant_class, renderings=renderings, documents={},
                preferred_share=preferred_hits / occurrences if occurrences else 1.0,
                wrong_uses=sum(r.count for r in renderings if r.wrong))
            concept.fix = fix_tier(concept)
            rank[concept_id] = len(concepts)
            by_id[concept_id] = concept
            concepts.append(concept)
        documents = list(self._documents(by_id, rank, rendering_of))
        concepts.sort(key=fix_order)
        total = sum(c.occurrences for c in concepts)
        good = sum(c.consistent for c in concepts)
        scores = Scores(
            concepts=len(concepts), occurrences=total, consistent=good,
            micro=good / total if total else 1.0,
            macro=sum(c.consistency for c in concepts) / len(concepts) if concepts else 1.0,
            mean_hhi=sum(c.hhi for c in concepts) / len(concepts) if concepts else 0.0)
        documents.sort(key=lambda d: (d.micro, d.document))
        return concepts, scores, documents

    def _documents(self, by_id: dict[str, ConceptConsistency], rank: dict[str, int],
                   rendering_of: dict[tuple[str, str | None], Rendering]) -> Iterator[DocumentConsistency]:
        """Per-document scores from the spill, one document at a time (in document order); fills in
        each concept's table of documents where it was not fully consistent, and each rendering's
        document count."""
        self._write_document()
        if self._spill is None:
            return
        # SQLite's binary order of UTF-8 text is Python's order of str: documents come sorted as before
        rows = self._spill.query("SELECT document, concept, rendering, SUM(n) FROM rows "
                                 "GROUP BY document, concept, rendering ORDER BY document, concept, rendering")
        document: str | None = None
        tallies: dict[str, list[int]] = {}  # concept -> [consistent, occurrences] in ``document``
        for doc, concept_id, text, n in rows:
            if doc != document:
                if document is not None:
                    yield self._document_scores(document, tallies, by_id, rank)
                document, tallies = doc, {}
            tally = tallies.get(concept_id)
            if tally is None:
                tally = tallies[concept_id] = [0, 0]
            rendering = rendering_of[(concept_id, text)]
            if rendering.consistent:
                tally[0] += n
            tally[1] += n
            rendering.document_count += 1
        if document is not None:
            yield self._document_scores(document, tallies, by_id, rank)

    @staticmethod
    def _document_scores(document: str, tallies: dict[str, list[int]], by_id: dict[str, ConceptConsistency],
                         rank: dict[str, int]) -> DocumentConsistency:
        # concepts in first-seen order, as before: the float sum of the macro score depends on it
        pairs = [(tallies[c][0], tallies[c][1]) for c in sorted(tallies, key=rank.__getitem__)]
        for concept_id, (hits, n) in tallies.items():
            if hits < n:
                by_id[concept_id].documents[document] = (hits, n)
        return DocumentConsistency(
            document=document, concepts=len(pairs), occurrences=sum(n for _, n in pairs),
            consistent=sum(h for h, _ in pairs),
            micro=sum(h for h, _ in pairs) / max(1, sum(n for _, n in pairs)),
            macro=sum(h / n for h, n in pairs if n) / len(pairs))


# -- one term in several forms within a document -------------------------------------------
@dataclass(slots=True)
class FormSeen:
    count: int
    order: int  # first sightings in corpus order (breaks ties between forms of one group); a rowid
    segment: str
    origin: str
    source: str
    target: str
    span: tuple[int, int]
    variant_class: str | None


class DocumentForms(_PerDocument):
    """Target forms of each concept per document, full forms and abbreviations apart
    (an acronym after its full form is not an inconsistency). The current document's forms
    are in memory, earlier documents' in a ``Spill`` (see the module docstring)."""

    # one row per form each time a document's forms are written out, in first-sighting order
    # within a group (so the least rowid of a form is its first sighting); the current
    # document's part: (concept, group) -> form -> first sighting
    columns = ("document", "concept", "grp", "form", "n", "segment", "origin", "source", "target",
               "span_start", "span_end", "class")

    def add(self, ctx: PairContext) -> None:
        if not ctx.target_hits:
            return
        segment = ctx.segment
        current = self._enter(segment.document or segment.origin.path)
        for hit in ctx.target_hits:
            intended = hit.misspelling_of or hit.entry
            key = (hit.entry.concept.id, "abbreviated" if intended.term.is_abbreviated else "full")
            forms = current.get(key)
            if forms is None:
                forms = current[key] = {}
            seen = forms.get(hit.canonical)
            if seen is None:  # its order is its rowid once written out
                forms[hit.canonical] = FormSeen(1, 0, segment.key, str(segment.origin), segment.source,
                                                segment.target, hit.span, hit.variant_class.value)
            else:
                seen.count += 1

    def _rows(self, document: str | None) -> Iterable[tuple]:
        # a group's forms in dict order: first sightings first
        return ((document, concept_id, group, text, s.count, s.segment, s.origin, s.source, s.target,
                 s.span[0], s.span[1], s.variant_class)
                for (concept_id, group), forms in self._current.items() for text, s in forms.items())

    def merge(self, later: "DocumentForms") -> None:
        """Add forms seen in a later part of the corpus (``later`` is used up: its rows move here,
        after ours, so first sightings keep their order)."""
        self._merge_documents(later)

    def groups(self, min_forms: int = 1) -> Iterator[tuple[tuple[str, str, str], dict[str, FormSeen]]]:
        """(document, concept, group) -> form -> first sighting with the count summed, by key,
        for groups of at least ``min_forms`` forms; streamed from the spill."""
        self._write_document()
        if self._spill is None:
            return
        # the groups with enough forms on the keys alone, then the counts of their forms, then the
        # first sighting's row of each (its least rowid): only those rows' texts are read
        rows = self._spill.query(
            "WITH wanted AS (SELECT document, concept, grp FROM rows GROUP BY document, concept, grp "
            "HAVING COUNT(DISTINCT form) >= ?), "
            "firsts AS (SELECT document, concept, grp, form, SUM(n) AS n, MIN(rowid) AS first_row FROM rows "
            "WHERE (document, concept, grp) IN wanted GROUP BY document, concept, grp, form) "
            "SELECT f.document, f.concept, f.grp, f.form, f.n, f.first_row, r.segment, r.origin, r.source, r.target, "
            "r.span_start, r.span_end, r.class FROM firsts AS f JOIN rows AS r ON r.rowid = f.first_row "
            "ORDER BY f.document, f.concept, f.grp, f.first_row", (min_forms,))
        key: tuple[str, str, str] | None = None
        forms: dict[str, FormSeen] = {}
        for document, concept_id, group, text, n, first, seg, origin, source, target, start, end, cls in rows:
            if (document, concept_id, group) != key:
                if key is not None:
                    yield key, forms
                key, forms = (document, concept_id, group), {}
            forms[text] = FormSeen(n, first, seg, origin, source, target, (start, end), cls)
        if key is not None:
            yield key, forms


@dataclass(slots=True)
class CorpusContext:
    """What corpus checks see once every pair has been read."""

    document_forms: DocumentForms


# -- segment-level conflicts ------------------------------------------------------------------
class SegmentConflicts:
    """Same normalised source with different targets, and the same target for different sources.

    The pairs are rows of a ``ConflictRows``: in memory up to ``memory_rows``, on disk past it."""

    def __init__(self, *, memory_rows: int | None = None) -> None:
        self._rows = ConflictRows(memory_rows)

    def add(self, ctx: PairContext) -> None:
        self.add_pair(ctx.segment, ctx.source.key_text().strip(), ctx.target.key_text().strip())

    def add_pair(self, seg: Segment, source_key: str, target_key: str) -> None:
        """One pair by its comparison keys (so it can run without the glossary's matchers)."""
        if source_key and target_key:
            self._rows.append((source_key, target_key, seg.source, seg.target, seg.key))

    def merge(self, later: "SegmentConflicts") -> None:
        """Add the pairs of a later part of the corpus (first-written texts and order kept)."""
        self._rows.merge(later._rows)

    def results(self) -> list[Conflict]:
        """By kind, then most variants first, then text; variants in first-seen order, each
        with the text it was first written as and its segments in corpus order."""
        out = [Conflict(kind, text, [ConflictVariant(other, segments) for other, segments in variants])
               for kind, text, variants in self._rows.conflicts()]
        out.sort(key=lambda c: (c.kind, -len(c.variants), c.text))
        return out


def find_segment_conflicts(segments: Iterable[Segment], *, memory_rows: int | None = None) -> list[Conflict]:
    """Segment-level conflicts of a corpus alone, no glossary needed (what poconflicts reports):
    the variance report's ``KeyedText`` keys (case-, NFC- and tone-placement-insensitive),
    computed a batch of texts at a time (``matching.comparison_keys``) without token offsets."""
    conflicts = SegmentConflicts(memory_rows=memory_rows)
    batch: list[Segment] = []
    for segment in segments:
        batch.append(segment)
        if len(batch) >= _BATCH:
            _add_batch(conflicts._rows, batch)
            batch = []
    _add_batch(conflicts._rows, batch)
    return conflicts.results()


_BATCH = 5_000  # segments keyed at a time by find_segment_conflicts
_LANGUAGES, _SOURCE, _TARGET, _KEY = attrgetter("source_lang", "target_lang"), attrgetter("source"), \
    attrgetter("target"), attrgetter("key")


def _add_batch(rows: ConflictRows, batch: list[Segment]) -> None:
    if not batch:
        return
    languages = set(map(_LANGUAGES, batch))
    if all(uses_word_spaces(src) and uses_word_spaces(tgt) for src, tgt in languages):
        sources, targets = list(map(_SOURCE, batch)), list(map(_TARGET, batch))
        source_keys, target_keys = comparison_keys(sources), comparison_keys(targets)
    else:
        sources, targets, source_keys, target_keys = [], [], [], []
        for s in batch:
            sources.append(s.source)
            targets.append(s.target)
            source_keys.append(_one_key(s.source, s.source_lang))
            target_keys.append(_one_key(s.target, s.target_lang))
    found = zip(source_keys, target_keys, sources, targets, map(_KEY, batch))
    if "" in source_keys or "" in target_keys:  # a side with nothing to compare: not a pair to group
        found = (row for row in found if row[0] and row[1])
    rows.extend(found)


def _one_key(text: str, lang: str) -> str:
    return comparison_key(text) if uses_word_spaces(lang) else char_keys(text).strip()
