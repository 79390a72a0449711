"""Merging imported concepts into ``terms/``: what would change, and every conflict.

Nothing is resolved silently. A concept whose id is new is added; a concept whose
id exists gains the terms and fields it lacks. These are conflicts, listed and never
applied: an id that exists for a concept sharing no term with the imported one (id
clash), a term present in both with two statuses, a field set in both to different
values, a second preferred term for a language, a term preferred in another concept,
and anything the glossary's own validation would refuse afterwards.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from glossary.errors import ValidationError
from glossary.model import Concept, Status, Term
from glossary.store.termstore import TermStore, concept_to_yaml, dump_yaml, parse_yaml_text, set_concept_field
from glossary.text.normalize import match_key

CONCEPT_FIELDS = ("subject", "definition", "note", "source", "created", "modified")
TERM_FIELDS = ("type", "pos", "usage", "context", "source", "reason", "note")


@dataclass(frozen=True, slots=True)
class Conflict:
    concept_id: str
    kind: str  # id-clash | two-statuses | field-differs | two-preferred | preferred-elsewhere | invalid
    message: str

    def __str__(self) -> str:
        return f"{self.concept_id}: {self.message} [{self.kind}]"


@dataclass(slots=True)
class MergePlan:
    store: TermStore  # holds the edits in memory; ``store.save()`` writes them
    added_concepts: list[str] = field(default_factory=list)
    added_terms: int = 0
    filled_fields: int = 0
    conflicts: list[Conflict] = field(default_factory=list)

    def diff(self) -> str:
        return self.store.diff()


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


def plan_merge(store: TermStore, imported: list[Concept], *, into: Path) -> MergePlan:
    """Apply the imported concepts to ``store`` in memory, collecting conflicts instead of resolving them."""
    plan = MergePlan(store=store)
    existing, _ = store.build()
    by_id = {c.id: c for c in existing}
    preferred_owner: dict[tuple[str, str], str] = {}
    for concept in existing:
        for lang, terms in concept.terms.items():
            for term in terms:
                if term.status is Status.PREFERRED:
                    preferred_owner[(lang, match_key(term.text))] = concept.id
    for concept in imported:
        current = by_id.get(concept.id)
        if current is None:
            _add_concept(plan, concept, preferred_owner, into)
        else:
            _merge_concept(plan, current, concept, preferred_owner)
    _refresh(store)
    _, problems = store.build()
    known = {c.message for c in plan.conflicts}
    for problem in problems:
        if problem.message not in known:
            plan.conflicts.append(Conflict("-", "invalid", f"{problem.message} ({problem.path}:{problem.line})"
                                           if problem.line else problem.message))
    return plan


def _add_concept(plan: MergePlan, concept: Concept, owners: dict[tuple[str, str], str], into: Path) -> None:
    clashes = [(lang, t) for lang, terms in concept.terms.items() for t in terms
               if t.status is Status.PREFERRED and (lang, match_key(t.text)) in owners]
    for lang, term in clashes:
        plan.conflicts.append(Conflict(concept.id, "preferred-elsewhere",
                                       f"{term.text!r} ({lang}) is already preferred in concept "
                                       f"{owners[(lang, match_key(term.text))]!r}"))
    if clashes:
        return
    plan.store.add_concept(concept, path=into)
    plan.added_concepts.append(concept.id)
    for lang, terms in concept.terms.items():
        for term in terms:
            if term.status is Status.PREFERRED:
                owners[(lang, match_key(term.text))] = concept.id


def _merge_concept(plan: MergePlan, current: Concept, incoming: Concept, owners: dict[tuple[str, str], str]) -> None:
    shared = any(t.text == u.text for lang, terms in incoming.terms.items() for t in terms
                 for u in current.terms_in(lang))
    if not shared:
        mine = ", ".join(t.text for t in list(current.all_terms())[:3])
        theirs = ", ".join(t.text for t in list(incoming.all_terms())[:3])
        plan.conflicts.append(Conflict(incoming.id, "id-clash", f"the id exists for other terms ({mine}); "
                                                                f"the imported concept has {theirs}"))
        return
    _, node = plan.store.concept_node(current.id)
    for name in CONCEPT_FIELDS:
        mine, theirs = getattr(current, name), getattr(incoming, name)
        if theirs and not mine:
            set_concept_field(node, name, theirs)
            plan.filled_fields += 1
        elif theirs and mine != theirs:
            plan.conflicts.append(Conflict(incoming.id, "field-differs", f"{name}: {mine!r} here, {theirs!r} imported"))
    for lang, terms in incoming.terms.items():
        for term in terms:
            _merge_term(plan, current, term, owners)


def _merge_term(plan: MergePlan, current: Concept, term: Term, owners: dict[tuple[str, str], str]) -> None:
    lang = term.lang
    mine = next((t for t in current.terms_in(lang) if t.text == term.text), None)
    if mine is not None:
        if mine.status is not term.status:
            plan.conflicts.append(Conflict(current.id, "two-statuses", f"{term.text!r} ({lang}) is {mine.status.value} "
                                                                       f"here, {term.status.value} imported"))
            return
        fill = {}
        for name in TERM_FIELDS:
            a, b = _value(mine, name), _value(term, name)
            if b and not a:
                fill[name] = b
            elif b and a != b:
                plan.conflicts.append(Conflict(current.id, "field-differs",
                                               f"{term.text!r} ({lang}) {name}: {a!r} here, {b!r} imported"))
        if fill:
            plan.store.set_term_fields(current.id, lang, term.text, **fill)
            plan.filled_fields += len(fill)
        return
    if term.status is Status.PREFERRED:
        have = current.preferred(lang)
        if have is not None:
            plan.conflicts.append(Conflict(current.id, "two-preferred", f"imported preferred {term.text!r} ({lang}) "
                                                                        f"but {have.text!r} is preferred here"))
            return
        owner = owners.get((lang, match_key(term.text)))
        if owner is not None and owner != current.id:
            plan.conflicts.append(Conflict(current.id, "preferred-elsewhere",
                                           f"{term.text!r} ({lang}) is already preferred in concept {owner!r}"))
            return
        owners[(lang, match_key(term.text))] = current.id
    plan.store.add_term(current.id, term)
    plan.added_terms += 1


def _refresh(store: TermStore) -> None:
    """Re-read edited documents so new nodes carry line numbers (validation reports them; comments survive)."""
    for path in list(store.documents):
        text = store.render(path)
        if text != store.originals.get(path):
            store.documents[path] = parse_yaml_text(text, str(path))
