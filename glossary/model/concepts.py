"""The concept-oriented glossary model (TBX-like): concepts hold terms per language.

Plain data. Loading, validation and writing live in ``store`` and ``validate``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Iterator


class Status(str, Enum):
    """Administrative status of a term (TBX-Basic picklist plus the CAT tools' 'forbidden')."""

    PREFERRED = "preferred"
    ADMITTED = "admitted"
    DEPRECATED = "deprecated"
    SUPERSEDED = "superseded"
    FORBIDDEN = "forbidden"

    @property
    def usable(self) -> bool:
        """May a translator write this term?"""
        return self in (Status.PREFERRED, Status.ADMITTED)


class TermType(str, Enum):
    FULL_FORM = "fullForm"
    ACRONYM = "acronym"
    ABBREVIATION = "abbreviation"
    SHORT_FORM = "shortForm"
    VARIANT = "variant"
    PHRASE = "phrase"


class PartOfSpeech(str, Enum):
    NOUN = "noun"
    VERB = "verb"
    ADJECTIVE = "adjective"
    ADVERB = "adverb"
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class Location:
    """Where a record was written: file and 1-based line."""

    path: str
    line: int | None = None

    def __str__(self) -> str:
        return f"{self.path}:{self.line}" if self.line is not None else self.path


@dataclass(slots=True)
class Term:
    text: str
    lang: str
    status: Status = Status.PREFERRED
    type: TermType | None = None
    pos: PartOfSpeech | None = None
    usage: str | None = None  # usage note for translators
    context: str | None = None  # an example sentence using the term
    source: str | None = None  # where it was seen or decided (evidence)
    reason: str | None = None  # one line: why this status
    note: str | None = None
    # the target must render the concept: a source term with no rendering is a warning, not a note
    mandatory: bool = False
    # case tells this term from other words (a name, a code): another case is a finding
    case_sensitive: bool = False
    location: Location | None = field(default=None, compare=False)

    @property
    def is_abbreviated(self) -> bool:
        return self.type in (TermType.ACRONYM, TermType.ABBREVIATION, TermType.SHORT_FORM)


@dataclass(slots=True)
class Concept:
    id: str
    terms: dict[str, list[Term]] = field(default_factory=dict)  # lang -> terms, in file order
    subject: str | None = None
    definition: str | None = None
    note: str | None = None
    source: str | None = None
    created: str | None = None  # ISO date (TBX transactionType origination)
    modified: str | None = None  # ISO date (TBX transactionType modification)
    location: Location | None = field(default=None, compare=False)

    @property
    def languages(self) -> list[str]:
        return list(self.terms)

    def terms_in(self, lang: str) -> list[Term]:
        return self.terms.get(lang, [])

    def preferred(self, lang: str) -> Term | None:
        for term in self.terms_in(lang):
            if term.status is Status.PREFERRED:
                return term
        return None

    def with_status(self, lang: str, *statuses: Status) -> list[Term]:
        return [t for t in self.terms_in(lang) if t.status in statuses]

    def all_terms(self) -> Iterator[Term]:
        for terms in self.terms.values():
            yield from terms


@dataclass(slots=True)
class Glossary:
    concepts: list[Concept] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    fingerprint: str = ""  # sha256 of the files' bytes, stated in every report
    _by_id: dict[str, Concept] = field(default_factory=dict, repr=False, compare=False)

    def __iter__(self) -> Iterator[Concept]:
        return iter(self.concepts)

    def __len__(self) -> int:
        return len(self.concepts)

    def get(self, concept_id: str) -> Concept | None:
        if len(self._by_id) != len(self.concepts):  # rebuilt after concepts change
            self._by_id = {c.id: c for c in self.concepts}
        return self._by_id.get(concept_id)

    @property
    def languages(self) -> list[str]:
        seen: dict[str, None] = {}
        for concept in self.concepts:
            for lang in concept.terms:
                seen.setdefault(lang, None)
        return list(seen)

    def term_count(self) -> int:
        return sum(len(ts) for c in self.concepts for ts in c.terms.values())
