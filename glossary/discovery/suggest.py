"""Discoveries as candidate concepts, in the ``terms/`` format, for a terminologist to review.

Written to a file of its own, never into the glossary: adopting a suggestion is a
separate, explicit command. Each concept holds the source term (preferred), the
proposed canonical rendering (preferred, with the evidence) and every other
rendering with a status that follows its class: a misspelling is forbidden, an
abbreviation admitted, anything else deprecated. The file is validated like the
glossary before it is written, atomically.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from glossary.discovery.model import DiscoveryReport, Rendering, VariantGroup
from glossary.errors import ConflictError, UsageError
from glossary.files.atomic import atomic_write_text
from glossary.model import Concept, Glossary, Status, Term, TermType
from glossary.store.termstore import (
    TermStore,
    concept_to_yaml,
    dump_yaml,
    parse_yaml_text,
)
from glossary.text.classify import VariantClass, is_acronym
from glossary.text.normalize import fold_diacritics, match_key

STATUS_FOR_CLASS = {
    VariantClass.MISSPELLING: Status.FORBIDDEN,
    VariantClass.ABBREVIATION: Status.ADMITTED,
}
DEFAULT_STATUS = Status.DEPRECATED
MAX_CONTEXT = 300  # characters of the example sentence kept as the term's context


@dataclass(slots=True)
class SuggestionResult:
    path: Path
    concepts: list[str] = field(default_factory=list)  # ids written
    skipped: list[str] = field(default_factory=list)  # one line each: which group and why


def slug(text: str) -> str:
    """A concept id from a term: ASCII, lower case, hyphens ("Lễ mở ký" -> "le-mo-ky")."""
    ascii_text = fold_diacritics(text).lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-") or "term"


def _unique(base: str, taken: set[str]) -> str:
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    taken.add(candidate)
    return candidate


def _evidence(rendering: Rendering) -> str:
    where = ", ".join(rendering.segments[:3]) + (" …" if len(rendering.segments) > 3 else "")
    return f"seen {rendering.count} time(s) in {len(rendering.documents)} document(s): {where}"


def _context(rendering: Rendering) -> str | None:
    if not rendering.examples:
        return None
    text = " ".join(rendering.examples[0].target.split())
    return text if len(text) <= MAX_CONTEXT else text[:MAX_CONTEXT - 1] + "…"


def concept_for(group: VariantGroup, *, concept_id: str, source_lang: str, target_lang: str) -> Concept:
    targets: list[Term] = []
    for r in group.renderings:
        if r.canonical:
            status, reason = Status.PREFERRED, f"proposed canonical: {group.canonical_evidence}"
        else:
            status = STATUS_FOR_CLASS.get(r.cls, DEFAULT_STATUS)
            reason = f"{r.cls.value} variant of {group.canonical!r}"
        term_type = None
        if not r.canonical and r.cls is VariantClass.ABBREVIATION:
            term_type = TermType.ACRONYM if is_acronym(r.text) else TermType.SHORT_FORM
        targets.append(Term(text=r.text, lang=target_lang, status=status, type=term_type,
                            context=_context(r), source=_evidence(r), reason=reason))
    evidence = "; ".join(group.evidence)
    return Concept(
        id=concept_id,
        terms={source_lang: [Term(text=group.source_term or "", lang=source_lang, status=Status.PREFERRED)],
               target_lang: targets},
        note=f"found by `glossary discover` (group {group.id}, {group.cls.value}, rank {group.rank}, "
             f"confidence {group.confidence:.2f}): {evidence}",
    )


def suggest_concepts(report: DiscoveryReport, *, glossary: Glossary | None = None,
                     min_confidence: float = 0.0) -> tuple[list[Concept], list[str]]:
    """Candidate concepts for the groups that have a source term; and why others were left out."""
    taken = {c.id for c in glossary} if glossary is not None else set()
    preferred_keys: dict[str, str] = {}
    concepts: list[Concept] = []
    skipped: list[str] = []
    for group in report.groups:
        label = f"group {group.id} ({group.source_term or group.canonical!r})"
        if not group.source_term:
            skipped.append(f"{label}: no source term (spelling variants seen in the target only)")
            continue
        if group.concept:
            skipped.append(f"{label}: already in the glossary as concept {group.concept!r}")
            continue
        if group.confidence < min_confidence:
            skipped.append(f"{label}: confidence {group.confidence:.2f} below {min_confidence:.2f}")
            continue
        key = match_key(group.canonical)
        if key in preferred_keys:
            skipped.append(f"{label}: {group.canonical!r} is already proposed as preferred for {preferred_keys[key]!r}")
            continue
        preferred_keys[key] = group.source_term
        concept_id = _unique(slug(group.source_term), taken)
        concepts.append(concept_for(group, concept_id=concept_id, source_lang=report.source_lang,
                                    target_lang=report.target_lang))
    return concepts, skipped


def write_suggestions(report: DiscoveryReport, path: str | Path, *, glossary_root: str | Path | None = None,
                      glossary: Glossary | None = None, min_confidence: float = 0.0) -> SuggestionResult:
    """Write the candidate concepts to ``path`` (replacing it); refuses a path inside the glossary."""
    target = Path(path)
    if glossary_root is not None:
        root = Path(glossary_root)
        if (root.is_dir() and target.resolve().is_relative_to(root.resolve())) or (root.is_file() and target.resolve() == root.resolve()):
            raise UsageError(f"suggestions go to a review file, never into the glossary ({root}); "
                             f"choose a path outside it", path=target)
    if target.is_dir():
        raise UsageError("the suggestion path is a directory; give a .yaml file name", path=target)
    concepts, skipped = suggest_concepts(report, glossary=glossary, min_confidence=min_confidence)
    doc = CommentedMap(concepts=CommentedSeq(concept_to_yaml(c) for c in concepts))
    doc.yaml_set_start_comment(
        "Candidate concepts proposed by `glossary discover --suggest`: review, edit, then adopt.\n"
        f"Corpus: {report.source_lang} -> {report.target_lang}, {report.segments} segments; "
        f"{len(concepts)} concept(s), {len(skipped)} group(s) left out.\n"
        "Statuses follow the variant class: misspelling -> forbidden, abbreviation -> admitted, else deprecated.")
    text = dump_yaml(doc)
    if concepts:  # validated as the glossary would be, from the text as it will be read back
        check = TermStore(target)
        check.documents[target] = parse_yaml_text(text, str(target))
        problems = check.problems()
        if problems:
            first = problems[0]
            raise ConflictError(f"suggestions would not validate: {first.message}", path=first.path, line=first.line)
    atomic_write_text(target, text)
    return SuggestionResult(path=target, concepts=[c.id for c in concepts], skipped=skipped)
