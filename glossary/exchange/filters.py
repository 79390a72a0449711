"""Choose what an export holds: languages, subject fields, statuses, concept ids.

Filtering returns a new ``Glossary``; the loaded one is never changed.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace

from glossary.errors import UsageError
from glossary.model import Concept, Glossary, Status
from glossary.model.langtags import normalize_lang, same_language

_STATUS = {s.value: s for s in Status}


def parse_statuses(raw: list[str]) -> set[Status]:
    """``["preferred,admitted", "forbidden"]`` -> the statuses; unknown names are a UsageError."""
    out: set[Status] = set()
    for chunk in raw:
        for name in chunk.split(","):
            name = name.strip().lower()
            if not name:
                continue
            if name not in _STATUS:
                raise UsageError(f"unknown status {name!r} (known: {', '.join(_STATUS)})")
            out.add(_STATUS[name])
    return out


def split_list(raw: list[str]) -> list[str]:
    """Options given repeatedly or comma-separated: ``--lang vi,en --lang fr``."""
    return [part.strip() for chunk in raw for part in chunk.split(",") if part.strip()]


@dataclass(slots=True)
class GlossaryFilter:
    languages: list[str] = field(default_factory=list)  # empty: every language
    subjects: list[str] = field(default_factory=list)  # subject fields, case-insensitive
    statuses: set[Status] = field(default_factory=set)  # empty: every status
    ids: list[str] = field(default_factory=list)  # concept ids

    def __post_init__(self) -> None:
        self.languages = [normalize_lang(lang) for lang in self.languages]

    def apply(self, glossary: Glossary) -> Glossary:
        """The glossary restricted to what was asked; concepts left with no term are dropped."""
        missing = [cid for cid in self.ids if glossary.get(cid) is None]
        if missing:
            raise UsageError(f"no concept with id {', '.join(repr(m) for m in missing)}")
        if self.languages:
            present = glossary.languages
            unknown = [lang for lang in self.languages if not any(same_language(lang, p) for p in present)]
            if unknown:
                raise UsageError(f"the glossary has no terms in {', '.join(unknown)} (it has {', '.join(present)})")
        wanted_ids = set(self.ids)
        subjects = {s.casefold() for s in self.subjects}
        kept: list[Concept] = []
        for concept in glossary:
            if wanted_ids and concept.id not in wanted_ids:
                continue
            if subjects and (concept.subject or "").casefold() not in subjects:
                continue
            terms = {}
            for lang in self._languages_of(concept):
                lang_terms = [t for t in concept.terms[lang] if not self.statuses or t.status in self.statuses]
                if lang_terms:
                    terms[lang] = lang_terms
            if terms:
                kept.append(replace(concept, terms=terms))
        return Glossary(concepts=kept, files=list(glossary.files), fingerprint=glossary.fingerprint)

    def _languages_of(self, concept: Concept) -> list[str]:
        if not self.languages:
            return list(concept.terms)
        # keep the order asked for; a bare tag (en) also selects regional ones (en-GB)
        picked = [have for want in self.languages for have in concept.terms if same_language(want, have)]
        return list(dict.fromkeys(picked))
