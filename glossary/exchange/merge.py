"""Merging imported concepts into ``terms/``: what would change, and every conflict.

Nothing is resolved silently. Which glossary concept an imported one is:

- **by id** where the file has ids (TBX, plain CSV, PO msgctxt, memoQ's Entry_ID as this
  tool writes it): a new id is a new concept; a known id gains the terms and fields it
  lacks (an id whose glossary concept shares no term with the imported one is an id clash);
- **by meaning** where the import made the id up (``ImportResult.provisional_ids``:
  Trados, OmegaT, memoQ's own numeric ids, TBX entries and PO entries without one): the
  concept whose terms it shares, ranked by preferred terms that agree (language by
  language), then by shared terms, then by concept fields that agree. Terms are compared
  with the variance report's keys (``text.normalize.match_key``: case, Unicode form,
  tone-mark placement, hyphen or space do not count). No shared term: a new concept,
  with an id no glossary concept has. A tie between concepts is a conflict unless the
  import would change none of them.

A term both have agrees when the glossary's status is one the imported status stands for
(``ImportResult.stands_for``: memoQ's forbidden for deprecated, superseded or forbidden;
OmegaT's for any); a new term takes the file's status, or where the file cannot tell,
preferred if the concept has no preferred term in that language (and the file put it
first), else admitted (a forbidden-like term: the file's status). So re-importing an
unchanged export changes nothing and reports no conflict.

These are conflicts, listed and never applied: an id clash, a term present in both with
a status the imported one cannot stand for, a field set in both to different values, a
second preferred term for a language, a term preferred in another concept, an imported
concept that matches several glossary concepts equally, and anything the glossary's own
validation would refuse afterwards.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from glossary.errors import ValidationError
from glossary.exchange.base import ImportResult, slug_id
from glossary.model import Concept, Status, Term
from glossary.store.termstore import TermStore, concept_to_yaml, dump_yaml, parse_yaml_text, set_concept_field
from glossary.text.normalize import match_key

CONCEPT_FIELDS = ("subject", "definition", "note", "source", "created", "modified")
TERM_FIELDS = ("type", "pos", "usage", "context", "source", "reason", "note")


@dataclass(frozen=True, slots=True)
class Conflict:
    concept_id: str
    kind: str  # id-clash | two-statuses | field-differs | two-preferred | preferred-elsewhere | ambiguous | invalid
    message: str

    def __str__(self) -> str:
        return f"{self.concept_id}: {self.message} [{self.kind}]"


@dataclass(slots=True)
class MergePlan:
    store: TermStore  # holds the edits in memory; ``store.save()`` writes them
    added_concepts: list[str] = field(default_factory=list)
    added_terms: int = 0
    filled_fields: int = 0
    matched: int = 0  # imported concepts without an id of their own, matched to a glossary concept by their terms
    conflicts: list[Conflict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # terms read as a glossary term written differently, ...

    def diff(self) -> str:
        return self.store.diff()

    @property
    def changes(self) -> bool:
        return bool(self.added_concepts or self.added_terms or self.filled_fields)


def imported_yaml(concepts: list[Concept]) -> str:
    """The imported concepts as a terms/ YAML file."""
    doc = CommentedMap()
    doc["concepts"] = CommentedSeq(concept_to_yaml(c) for c in concepts)
    return dump_yaml(doc)


def open_target(root: Path) -> TermStore:
    """The glossary to merge into; an absent directory is an empty glossary there."""
    if not root.exists():
        return TermStore(root)
    store = TermStore.open(root)
    _, problems = store.build()
    if problems:
        raise ValidationError(problems)
    return store


def _value(obj: object, name: str) -> str | None:
    value = getattr(obj, name)
    return value.value if hasattr(value, "value") else value


def _statuses(statuses: frozenset[Status], read: Status) -> str:
    if len(statuses) == 1:
        return read.value
    if len(statuses) == len(Status):
        return "any status (the file has none)"
    return " or ".join(s.value for s in Status if s in statuses) + f" (read as {read.value})"


class _Glossary:
    """The glossary as the merge goes: its concepts, updated as concepts and terms are added,
    indexed by term key per language (every term, and preferred terms)."""

    def __init__(self, concepts: list[Concept]) -> None:
        self.concepts: dict[str, Concept] = {}
        self.terms: dict[tuple[str, str], list[str]] = {}  # (lang, key) -> concept ids
        self.preferred: dict[tuple[str, str], str] = {}  # (lang, key) -> the concept it is preferred in
        for concept in concepts:
            self.add_concept(concept)

    def add_concept(self, concept: Concept) -> None:
        self.concepts[concept.id] = concept
        for terms in concept.terms.values():
            for term in terms:
                self.index(concept.id, term)

    def add_term(self, concept: Concept, term: Term) -> None:
        concept.terms.setdefault(term.lang, []).append(term)
        self.index(concept.id, term)

    def index(self, concept_id: str, term: Term) -> None:
        key = (term.lang, match_key(term.text))
        owners = self.terms.setdefault(key, [])
        if concept_id not in owners:
            owners.append(concept_id)
        if term.status is Status.PREFERRED:
            self.preferred.setdefault(key, concept_id)


def same_term(concept: Concept, term: Term) -> Term | None:
    """The concept's term that ``term`` is: the same text, else the same key, in its language."""
    terms = concept.terms_in(term.lang)
    exact = next((t for t in terms if t.text == term.text), None)
    if exact is not None:
        return exact
    key = match_key(term.text)
    return next((t for t in terms if match_key(t.text) == key), None)


def plan_merge(store: TermStore, imported: ImportResult | list[Concept], *, into: Path) -> MergePlan:
    """Apply the imported concepts to ``store`` in memory, collecting conflicts instead of resolving them."""
    result = imported if isinstance(imported, ImportResult) else ImportResult(Path("-"), "", concepts=imported)
    plan = MergePlan(store=store)
    existing, _ = store.build()
    known = _Glossary(existing)
    merger = _Merger(plan, known, result, into)
    for concept in result.merge_entries():
        merger.merge(concept)
    _refresh(store)
    _, problems = store.build()
    seen = {c.message for c in plan.conflicts}
    for problem in problems:
        if problem.message not in seen:
            plan.conflicts.append(Conflict("-", "invalid", f"{problem.message} ({problem.path}:{problem.line})"
                                           if problem.line else problem.message))
    return plan


@dataclass(slots=True)
class _Merger:
    plan: MergePlan
    known: _Glossary
    result: ImportResult
    into: Path

    def merge(self, concept: Concept) -> None:
        if concept.id not in self.result.provisional_ids:
            current = self.known.concepts.get(concept.id)
            if current is None:
                self.add_concept(concept, concept.id)
            elif not self.shares_a_term(current, concept):
                mine = ", ".join(t.text for t in list(current.all_terms())[:3])
                theirs = ", ".join(t.text for t in list(concept.all_terms())[:3])
                self.conflict(concept.id, "id-clash", f"the id exists for other terms ({mine}); "
                                                      f"the imported concept has {theirs}")
            else:
                self.merge_into(current, concept)
            return
        candidates = self.candidates(concept)
        if not candidates:
            taken = set(self.known.concepts)
            self.add_concept(concept, slug_id(concept.id, taken))
            return
        best = max(score for score, _ in candidates)
        tied = [c for score, c in candidates if score == best]
        if len(tied) > 1:
            quiet = next((c for c in tied if self.contained(c, concept)), None)
            if quiet is None:
                terms = ", ".join(repr(t.text) for t in list(concept.all_terms())[:3])
                self.conflict(tied[0].id, "ambiguous", f"the imported concept ({terms}) matches concepts "
                                                       f"{', '.join(repr(c.id) for c in tied)} alike")
                return
            tied = [quiet]
        self.plan.matched += 1
        self.merge_into(tied[0], concept)

    # -- matching by meaning ---------------------------------------------------------------------
    def candidates(self, concept: Concept) -> list[tuple[tuple[int, int, int], Concept]]:
        """Glossary concepts sharing a term with ``concept``, with their score (preferred terms
        that agree, shared terms, concept fields that agree)."""
        preferred: dict[str, int] = {}
        shared: dict[str, int] = {}
        for lang, terms in concept.terms.items():
            keys = {match_key(t.text) for t in terms}
            for key in keys:
                for owner in self.known.terms.get((lang, key), ()):
                    shared[owner] = shared.get(owner, 0) + 1
            mine = concept.preferred(lang)
            if mine is not None:
                owner = self.known.preferred.get((lang, match_key(mine.text)))
                if owner is not None:
                    preferred[owner] = preferred.get(owner, 0) + 1
        out = []
        for concept_id, count in shared.items():
            current = self.known.concepts[concept_id]
            fields = sum(1 for name in CONCEPT_FIELDS if getattr(concept, name)
                         and self.field_agrees(current, concept, name))
            out.append(((preferred.get(concept_id, 0), count, fields), current))
        return out

    def field_agrees(self, current: Concept, incoming: Concept, name: str) -> bool:
        theirs = getattr(incoming, name)
        if not theirs:
            return True
        if name == "note" and self.result.summary is not None:
            return theirs == self.result.summary(current)
        return getattr(current, name) == theirs

    def contained(self, current: Concept, incoming: Concept) -> bool:
        """Would merging ``incoming`` into ``current`` change nothing?"""
        for term in incoming.all_terms():
            mine = same_term(current, term)
            if mine is None or mine.status not in self.result.stands_for(incoming.id, term):
                return False
            if any(_value(term, name) and _value(term, name) != _value(mine, name) for name in TERM_FIELDS):
                return False
        return all(self.field_agrees(current, incoming, name) for name in CONCEPT_FIELDS)

    @staticmethod
    def shares_a_term(current: Concept, incoming: Concept) -> bool:
        return any(same_term(current, t) is not None for t in incoming.all_terms())

    # -- applying ----------------------------------------------------------------------------------
    def conflict(self, concept_id: str, kind: str, message: str) -> None:
        self.plan.conflicts.append(Conflict(concept_id, kind, message))

    def add_concept(self, concept: Concept, concept_id: str) -> None:
        clashes = [(lang, t) for lang, terms in concept.terms.items() for t in terms
                   if t.status is Status.PREFERRED and (lang, match_key(t.text)) in self.known.preferred]
        for lang, term in clashes:
            self.conflict(concept_id, "preferred-elsewhere", f"{term.text!r} ({lang}) is already preferred in "
                          f"concept {self.known.preferred[(lang, match_key(term.text))]!r}")
        if clashes:
            return
        if concept_id != concept.id:
            concept = replace(concept, id=concept_id)
        self.plan.store.add_concept(concept, path=self.into)
        self.plan.added_concepts.append(concept.id)
        self.known.add_concept(replace(concept, terms={lang: [replace(t) for t in ts] for lang, ts in concept.terms.items()}))

    def merge_into(self, current: Concept, incoming: Concept) -> None:
        _, node = self.plan.store.concept_node(current.id)
        summary_note = None  # an imported summary (OmegaT's comment) that is not the glossary's
        for name in CONCEPT_FIELDS:
            mine, theirs = getattr(current, name), getattr(incoming, name)
            if not theirs or self.field_agrees(current, incoming, name):
                continue
            if name == "note" and self.result.summary is not None:
                summary_note = theirs
            elif not mine:
                set_concept_field(node, name, theirs)
                setattr(current, name, theirs)
                self.plan.filled_fields += 1
            else:
                self.conflict(current.id, "field-differs", f"{name}: {mine!r} here, {theirs!r} imported")
        added = 0
        for terms in incoming.terms.values():
            for term in terms:
                added += self.merge_term(current, incoming.id, term, summary_note)
        if summary_note is not None and not added:
            self.conflict(current.id, "field-differs", f"comment: {summary_note!r} imported, the glossary's "
                                                       f"concept gives {self.result.summary(current)!r}")

    def merge_term(self, current: Concept, imported_id: str, term: Term, note: str | None) -> int:
        """Merge one term into ``current``; 1 when it is added."""
        lang = term.lang
        statuses = self.result.stands_for(imported_id, term)
        mine = same_term(current, term)
        if mine is not None:
            if mine.text != term.text:
                self.plan.notes.append(f"{current.id}: {term.text!r} ({lang}) read as the glossary's {mine.text!r}")
            if mine.status not in statuses:
                self.conflict(current.id, "two-statuses", f"{mine.text!r} ({lang}) is {mine.status.value} here, "
                                                          f"{_statuses(statuses, term.status)} imported")
                return 0
            fill = {}
            for name in TERM_FIELDS:
                a, b = _value(mine, name), _value(term, name)
                if b and not a:
                    fill[name] = b
                elif b and a != b:
                    self.conflict(current.id, "field-differs", f"{mine.text!r} ({lang}) {name}: {a!r} here, "
                                                               f"{b!r} imported")
            if fill:
                self.plan.store.set_term_fields(current.id, lang, mine.text, **fill)
                for name, value in fill.items():
                    setattr(mine, name, getattr(term, name))
                self.plan.filled_fields += len(fill)
            return 0
        status = self.new_status(current, term, statuses)
        if status is Status.PREFERRED:
            have = current.preferred(lang)
            if have is not None:
                self.conflict(current.id, "two-preferred", f"imported preferred {term.text!r} ({lang}) "
                                                           f"but {have.text!r} is preferred here")
                return 0
            owner = self.known.preferred.get((lang, match_key(term.text)))
            if owner is not None and owner != current.id:
                self.conflict(current.id, "preferred-elsewhere",
                              f"{term.text!r} ({lang}) is already preferred in concept {owner!r}")
                return 0
        new = replace(term, status=status, location=None)
        if note and not new.note:
            new.note = note
        self.plan.store.add_term(current.id, new)
        self.known.add_term(current, new)
        self.plan.added_terms += 1
        return 1

    @staticmethod
    def new_status(current: Concept, term: Term, statuses: frozenset[Status]) -> Status:
        """The status of a term new to ``current``: the file's, unless the file cannot tell."""
        if len(statuses) == 1:
            return term.status
        if Status.PREFERRED in statuses and term.status is Status.PREFERRED and current.preferred(term.lang) is None:
            return Status.PREFERRED
        if Status.ADMITTED in statuses:
            return Status.ADMITTED
        return term.status


def _refresh(store: TermStore) -> None:
    """Re-read edited documents so new nodes carry line numbers (validation reports them; comments survive)."""
    for path in list(store.documents):
        text = store.render(path)
        if text != store.originals.get(path):
            store.documents[path] = parse_yaml_text(text, str(path))
