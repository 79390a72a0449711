"""Turn parsed ``terms/`` documents into the model, collecting *every* problem.

Each problem names file and line. Two passes: per record (fields, values, tags),
then across the glossary (duplicate ids, one preferred term per language, a term
preferred in two concepts).
"""
from __future__ import annotations

import datetime as _dt
from collections import defaultdict
from typing import Any, Iterable

from glossary.errors import Problem, UsageError
from glossary.model import Concept, Location, PartOfSpeech, Status, Term, TermType
from glossary.model.langtags import normalize_lang
from glossary.text.normalize import match_key

FILE_KEYS = ("subject", "description", "concepts")
CONCEPT_KEYS = ("id", "subject", "definition", "note", "source", "created", "modified", "terms")
TERM_KEYS = ("term", "status", "type", "pos", "usage", "context", "source", "reason", "note", "mandatory",
             "case-sensitive")

_STATUS = {s.value: s for s in Status}
_TYPE = {t.value: t for t in TermType}
_POS = {p.value: p for p in PartOfSpeech}


def line_of(node: Any, key: Any = None, index: int | None = None) -> int | None:
    """1-based line of a ruamel node, of one of its keys, or of one list item."""
    lc = getattr(node, "lc", None)
    if lc is None:
        return None
    try:
        if key is not None:
            return lc.key(key)[0] + 1
        if index is not None:
            return lc.item(index)[0] + 1
    except (KeyError, IndexError, TypeError, AttributeError):
        pass  # a node created in memory by an edit has no position yet
    return lc.line + 1 if isinstance(lc.line, int) else None


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    return str(value).strip()


class ConceptBuilder:
    """Builds concepts from one document, appending problems as it goes."""

    def __init__(self, path: str, problems: list[Problem]) -> None:
        self.path = path
        self.problems = problems
        self._unsure: set[tuple[str, str]] = set()  # (concept, lang) with a bad status: skip preferred checks

    def problem(self, line: int | None, message: str, code: str) -> None:
        self.problems.append(Problem(self.path, line, message, code))

    def document(self, doc: Any) -> list[Concept]:
        if doc is None:
            self.problem(1, "file is empty: expected a mapping with a 'concepts' list", "empty-file")
            return []
        if not isinstance(doc, dict):
            self.problem(line_of(doc) or 1, "expected a mapping with a 'concepts' list at the top", "bad-shape")
            return []
        for key in doc:
            if key not in FILE_KEYS:
                self.problem(line_of(doc, key), f"unknown field {key!r} at file level (known: {', '.join(FILE_KEYS)})", "unknown-field")
        concepts = doc.get("concepts")
        if not isinstance(concepts, list):
            self.problem(line_of(doc, "concepts") if "concepts" in doc else 1, "'concepts' must be a list of concepts", "bad-shape")
            return []
        default_subject = _text(doc.get("subject"))
        out = []
        for index, node in enumerate(concepts):
            concept = self.concept(node, line_of(concepts, index=index), default_subject)
            if concept is not None:
                out.append(concept)
        return out

    def concept(self, node: Any, line: int | None, default_subject: str | None) -> Concept | None:
        if not isinstance(node, dict):
            self.problem(line, "a concept must be a mapping with 'id' and 'terms'", "bad-shape")
            return None
        for key in node:
            if key not in CONCEPT_KEYS:
                self.problem(line_of(node, key), f"unknown concept field {key!r} (known: {', '.join(CONCEPT_KEYS)})", "unknown-field")
        concept_id = _text(node.get("id"))
        if not concept_id:
            self.problem(line, "concept has no 'id'", "missing-id")
            concept_id = f"<no id, line {line}>"
        elif any(ch.isspace() for ch in concept_id):
            self.problem(line_of(node, "id"), f"concept id {concept_id!r} contains whitespace", "bad-id")
        concept = Concept(
            id=concept_id,
            subject=_text(node.get("subject")) or default_subject,
            definition=_text(node.get("definition")),
            note=_text(node.get("note")),
            source=_text(node.get("source")),
            created=_text(node.get("created")),
            modified=_text(node.get("modified")),
            location=Location(self.path, line),
        )
        for key in ("created", "modified"):
            if node.get(key) is not None and not _is_iso_date(getattr(concept, key)):
                self.problem(line_of(node, key), f"{key} must be an ISO date (YYYY-MM-DD), not {node.get(key)!r}", "bad-date")
        terms = node.get("terms")
        if not isinstance(terms, dict) or not terms:
            self.problem(line_of(node, "terms") if "terms" in node else line,
                         f"concept {concept_id!r} needs 'terms': a mapping of language tag to a list of terms", "bad-shape")
            return concept
        for lang_key, term_nodes in terms.items():
            lang_line = line_of(terms, lang_key)
            try:
                lang = normalize_lang(str(lang_key))
            except UsageError as exc:
                self.problem(lang_line, f"concept {concept_id!r}: {exc.message}", "bad-language")
                continue
            if lang in concept.terms:
                self.problem(lang_line, f"concept {concept_id!r}: language {lang} given twice", "duplicate-language")
                continue
            if not isinstance(term_nodes, list) or not term_nodes:
                self.problem(lang_line, f"concept {concept_id!r}: {lang} must be a non-empty list of terms", "bad-shape")
                continue
            concept.terms[lang] = [t for i, n in enumerate(term_nodes)
                                   if (t := self.term(n, lang, line_of(term_nodes, index=i), concept_id)) is not None]
        self.check_concept(concept, lang_lines={normalize_lang_safe(k): line_of(terms, k) for k in terms})
        return concept

    def term(self, node: Any, lang: str, line: int | None, concept_id: str) -> Term | None:
        if isinstance(node, str):  # shorthand: a bare string is a preferred term
            node = {"term": node}
        if not isinstance(node, dict):
            self.problem(line, f"concept {concept_id!r}: a term must be a mapping with 'term'", "bad-shape")
            return None
        for key in node:
            if key not in TERM_KEYS:
                self.problem(line_of(node, key) or line, f"unknown term field {key!r} (known: {', '.join(TERM_KEYS)})", "unknown-field")
        text = _text(node.get("term"))
        if not text:
            self.problem(line, f"concept {concept_id!r}: term has no text ('term')", "missing-term")
            return None
        status = self.choice(node, "status", _STATUS, line, default=Status.PREFERRED)
        if node.get("status") is not None and str(node.get("status")).strip() not in _STATUS:
            self._unsure.add((concept_id, lang))  # one error, not a cascade of preferred-count errors
        return Term(
            text=text,
            lang=lang,
            status=status,
            type=self.choice(node, "type", _TYPE, line),
            pos=self.choice(node, "pos", _POS, line),
            usage=_text(node.get("usage")),
            context=_text(node.get("context")),
            source=_text(node.get("source")),
            reason=_text(node.get("reason")),
            note=_text(node.get("note")),
            mandatory=self.flag(node, "mandatory", line),
            case_sensitive=self.flag(node, "case-sensitive", line),
            location=Location(self.path, line),
        )

    def flag(self, node: dict, key: str, line: int | None) -> bool:
        """A yes/no field: true or false (absent: false)."""
        raw = node.get(key)
        if raw is None or isinstance(raw, bool):
            return bool(raw)
        if str(raw).strip().lower() in ("true", "false"):  # the YAML reader keeps scalars as written
            return str(raw).strip().lower() == "true"
        self.problem(line_of(node, key) or line, f"bad {key} {raw!r} (allowed: true, false)", f"bad-{key}")
        return False

    def choice(self, node: dict, key: str, allowed: dict, line: int | None, default: Any = None) -> Any:
        raw = node.get(key)
        if raw is None:
            return default
        value = allowed.get(str(raw).strip())
        if value is None:
            self.problem(line_of(node, key) or line,
                         f"bad {key} {raw!r} (allowed: {', '.join(allowed)})", f"bad-{key}")
            return default
        return value

    def check_concept(self, concept: Concept, lang_lines: dict[str, int | None]) -> None:
        for lang, terms in concept.terms.items():
            if (concept.id, lang) in self._unsure:
                continue
            preferred = [t for t in terms if t.status is Status.PREFERRED]
            if not preferred and terms:
                self.problem(lang_lines.get(lang), f"concept {concept.id!r} has no preferred term in {lang}", "no-preferred")
            for extra in preferred[1:]:
                self.problem(extra.location.line if extra.location else None,
                             f"concept {concept.id!r} has two preferred terms in {lang}: "
                             f"{preferred[0].text!r} and {extra.text!r}", "two-preferred")
            seen: set[str] = set()
            for term in terms:  # exact duplicates only; variants differing in form are legitimate records
                if term.text in seen:
                    self.problem(term.location.line if term.location else None,
                                 f"concept {concept.id!r}: term {term.text!r} ({lang}) listed twice", "duplicate-term")
                seen.add(term.text)


def normalize_lang_safe(tag: Any) -> str:
    try:
        return normalize_lang(str(tag))
    except UsageError:
        return str(tag)


def _is_iso_date(value: str | None) -> bool:
    if not value:
        return False
    try:
        _dt.date.fromisoformat(value[:10])
    except ValueError:
        return False
    return True


def check_across(concepts: Iterable[Concept]) -> list[Problem]:
    """Glossary-wide checks: duplicate ids and a term preferred in two concepts."""
    problems: list[Problem] = []
    first_by_id: dict[str, Concept] = {}
    preferred_by_key: dict[tuple[str, str], list[tuple[Concept, Term]]] = defaultdict(list)
    for concept in concepts:
        loc = concept.location or Location("?")
        if concept.id in first_by_id:
            prev = first_by_id[concept.id].location
            problems.append(Problem(loc.path, loc.line, f"duplicate concept id {concept.id!r} (first at {prev})", "duplicate-id"))
        else:
            first_by_id[concept.id] = concept
        for lang, terms in concept.terms.items():
            for term in terms:
                if term.status is Status.PREFERRED:
                    preferred_by_key[(lang, match_key(term.text))].append((concept, term))
    for (lang, _), owners in preferred_by_key.items():
        ids = {c.id for c, _ in owners}
        if len(ids) < 2:
            continue
        first_concept, first_term = owners[0]
        for concept, term in owners[1:]:
            if concept.id == first_concept.id:
                continue
            loc = term.location or Location("?")
            problems.append(Problem(loc.path, loc.line,
                                    f"{term.text!r} ({lang}) is preferred in two concepts: {first_concept.id!r} "
                                    f"(at {first_term.location}) and {concept.id!r}", "preferred-twice"))
    return problems
