"""Edits of the ``terms/`` glossary: add, set status, rename, note, merge, split, adopt.

Each function edits a ``TermStore`` in memory and returns it; nothing is written
here. The caller shows ``store.diff()`` and writes with ``store.save()``, which
validates the whole glossary first and writes each file atomically, keeping
comments and order. An edit that would leave the glossary inconsistent is refused
with a ``ConflictError`` saying why, before anything is written.

Rules: a concept keeps exactly one preferred term per language, so promoting a
term demotes the old preferred one (to admitted unless told otherwise), and a
preferred term cannot be demoted until another one is promoted. Concept edits set
the concept's ``modified`` date; new concepts get ``created``.
"""
from __future__ import annotations

import dataclasses
import datetime as _dt
import json
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from glossary.errors import ConflictError, ParseError, UsageError
from glossary.model import Concept, Glossary, Status, Term
from glossary.model.langtags import normalize_lang, same_language
from glossary.store.termstore import TermStore, set_concept_field
from glossary.store.validate import normalize_lang_safe
from glossary.text.normalize import match_key

TEXT_FIELDS = ("note", "usage", "context", "reason", "source")  # what ``note`` may set on a term


@dataclass(frozen=True, slots=True)
class TermRef:
    """One term of the glossary: concept, language and exact text."""

    concept_id: str
    lang: str
    text: str

    def __str__(self) -> str:
        return f"{self.text!r} ({self.lang}) in concept {self.concept_id!r}"


def today_iso(today: _dt.date | None = None) -> str:
    return (today or _dt.date.today()).isoformat()


# -- finding terms ------------------------------------------------------------------------
def find_term(glossary: Glossary, text: str, *, concept_id: str | None = None, lang: str | None = None) -> TermRef:
    """The one term ``text`` names: exact text first, then case/tone-insensitive, then without diacritics.

    Raises UsageError when no term or several terms in different concepts or
    languages match, naming them so the caller can add --concept / --lang.
    """
    lang = normalize_lang(lang) if lang else None
    if concept_id is not None and glossary.get(concept_id) is None:
        raise UsageError(f"no concept with id {concept_id!r}")
    pool = [(c, t) for c in glossary.concepts if concept_id in (None, c.id)
            for t in c.all_terms() if lang is None or same_language(t.lang, lang)]
    for same in (lambda t: t.text == text,
                 lambda t: match_key(t.text) == match_key(text),
                 lambda t: match_key(t.text, fold=True) == match_key(text, fold=True)):
        found = {(c.id, t.lang, t.text): TermRef(c.id, t.lang, t.text) for c, t in pool if same(t)}
        if len(found) == 1:
            return next(iter(found.values()))
        if len(found) > 1:
            listing = "; ".join(str(ref) for ref in found.values())
            raise UsageError(f"{text!r} names {len(found)} terms: {listing}; say which with --concept and --lang")
    scope = "".join([f" in concept {concept_id!r}" if concept_id else "", f" in {lang}" if lang else ""])
    raise UsageError(f"no term {text!r}{scope}")


def _concept(glossary: Glossary, concept_id: str) -> Concept:
    concept = glossary.get(concept_id)
    if concept is None:
        raise UsageError(f"no concept with id {concept_id!r}")
    return concept


def _preferred_elsewhere(glossary: Glossary, concept_id: str, lang: str, text: str) -> Concept | None:
    """Another concept where ``text`` is already preferred in ``lang`` (the validator's rule)."""
    key = match_key(text)
    for concept in glossary.concepts:
        if concept.id == concept_id:
            continue
        for term in concept.with_status(lang, Status.PREFERRED):
            if match_key(term.text) == key:
                return concept
    return None


# -- YAML node helpers --------------------------------------------------------------------
def _item_text(item: Any) -> str:
    return str(item) if isinstance(item, str) else str(item.get("term", ""))


def _item_status(item: Any) -> str:
    return "preferred" if isinstance(item, str) else str(item.get("status") or "preferred")


def _as_map(item: Any) -> CommentedMap:
    """A term item as a mapping (a bare string is the shorthand for a preferred term)."""
    if isinstance(item, str):
        return CommentedMap(term=item)
    return CommentedMap((k, v) for k, v in item.items())


def _lang_items(node: CommentedMap, lang: str) -> tuple[Any, CommentedSeq] | None:
    for key, items in (node.get("terms") or {}).items():
        if same_language(normalize_lang_safe(key), lang):
            return key, items
    return None


def _touch(store: TermStore, concept_id: str, today: str) -> None:
    _, node = store.concept_node(concept_id)
    set_concept_field(node, "modified", _dt.date.fromisoformat(today))  # a date: written unquoted, as by hand


# -- term edits ------------------------------------------------------------------------------
def add_concept(store: TermStore, concept: Concept, *, path: str | Path | None = None,
                today: _dt.date | None = None) -> TermStore:
    """Append a new concept (to ``path``, default the store's first file); refuses a taken id."""
    glossary = store.glossary()
    if not concept.id or any(ch.isspace() for ch in concept.id):
        raise UsageError(f"concept id {concept.id!r} must be non-empty and without spaces")
    if (taken := glossary.get(concept.id)) is not None:
        raise ConflictError(f"concept {concept.id!r} already exists (at {taken.location}); "
                            "add terms to it with --concept")
    for lang, terms in concept.terms.items():
        if terms and not any(t.status is Status.PREFERRED for t in terms):
            raise ConflictError(f"the new concept needs a preferred {lang} term")
        for term in terms:
            if term.status is Status.PREFERRED:
                other = _preferred_elsewhere(glossary, concept.id, lang, term.text)
                if other is not None:
                    raise ConflictError(f"{term.text!r} ({lang}) is already the preferred term of concept "
                                        f"{other.id!r}; add it there, or add it here with another status")
    store.add_concept(concept, path=path)
    _, node = store.concept_node(concept.id)
    set_concept_field(node, "created", _dt.date.fromisoformat(concept.created or today_iso(today)))
    return store


def add_term(store: TermStore, concept_id: str, term: Term, *, demote_to: Status = Status.ADMITTED,
             today: _dt.date | None = None) -> TermStore:
    """Add a term to a concept; a new preferred term demotes the old one to ``demote_to``."""
    glossary = store.glossary()
    concept = _concept(glossary, concept_id)
    lang = normalize_lang(term.lang)
    existing = concept.terms_in(lang) or next((ts for k, ts in concept.terms.items() if same_language(k, lang)), [])
    if any(t.text == term.text for t in existing):
        raise ConflictError(f"concept {concept_id!r} already has the {lang} term {term.text!r}; "
                            "change it with 'glossary term set-status' or 'glossary term note'")
    if not existing and term.status is not Status.PREFERRED:
        raise ConflictError(f"the first {lang} term of concept {concept_id!r} must be preferred, "
                            f"not {term.status.value}")
    if term.status is Status.PREFERRED:
        other = _preferred_elsewhere(glossary, concept_id, lang, term.text)
        if other is not None:
            raise ConflictError(f"{term.text!r} ({lang}) is already the preferred term of concept {other.id!r}")
    old = next((t for t in existing if t.status is Status.PREFERRED), None)
    if term.status is Status.PREFERRED and old is not None:
        _check_demotion(demote_to)
        store.set_term_fields(concept_id, old.lang, old.text, status=demote_to.value)
    store.add_term(concept_id, dataclasses.replace(term, lang=existing[0].lang if existing else lang))
    _touch(store, concept_id, today_iso(today))
    return store


def _check_demotion(demote_to: Status) -> None:
    if demote_to is Status.PREFERRED:
        raise UsageError("the old preferred term cannot be demoted to preferred; choose admitted, deprecated, "
                         "superseded or forbidden")


def set_status(store: TermStore, ref: TermRef, status: Status, *, demote_to: Status = Status.ADMITTED,
               reason: str | None = None, today: _dt.date | None = None) -> TermStore:
    """Give a term a new status.

    Promoting to preferred demotes the concept's old preferred term in that language
    to ``demote_to``. Demoting the preferred term itself is refused: promote another first.
    """
    glossary = store.glossary()
    concept = _concept(glossary, ref.concept_id)
    term = next((t for t in concept.terms_in(ref.lang) if t.text == ref.text), None)
    if term is None:
        raise UsageError(f"no term {ref}")
    if term.status is status and reason is None:
        return store
    if term.status is Status.PREFERRED and status is not Status.PREFERRED:
        others = [t.text for t in concept.terms_in(ref.lang) if t is not term and t.status.usable]
        hint = f" (e.g. {others[0]!r})" if others else ""
        raise ConflictError(f"{ref.text!r} is the preferred {ref.lang} term of concept {ref.concept_id!r}: "
                            f"make another {ref.lang} term preferred first{hint}, which demotes this one")
    if status is Status.PREFERRED and term.status is not Status.PREFERRED:
        _check_demotion(demote_to)
        other = _preferred_elsewhere(glossary, ref.concept_id, ref.lang, ref.text)
        if other is not None:
            raise ConflictError(f"{ref.text!r} ({ref.lang}) is already the preferred term of concept {other.id!r}; "
                                "a term is preferred in one concept only")
        old = concept.preferred(ref.lang)
        if old is not None:
            store.set_term_fields(ref.concept_id, ref.lang, old.text, status=demote_to.value)
    fields: dict[str, str | None] = {"status": status.value}
    if reason is not None:
        fields["reason"] = reason
    store.set_term_fields(ref.concept_id, ref.lang, ref.text, **fields)
    _touch(store, ref.concept_id, today_iso(today))
    return store


def rename_term(store: TermStore, ref: TermRef, new_text: str, *, today: _dt.date | None = None) -> TermStore:
    """Change a term's text (a typo, a capitalisation), keeping its fields."""
    new_text = new_text.strip()
    if not new_text:
        raise UsageError("the new text is empty")
    if new_text == ref.text:
        return store
    glossary = store.glossary()
    concept = _concept(glossary, ref.concept_id)
    if any(t.text == new_text for t in concept.terms_in(ref.lang)):
        raise ConflictError(f"concept {ref.concept_id!r} already has the {ref.lang} term {new_text!r}; "
                            "remove one or merge them by hand")
    term = next(t for t in concept.terms_in(ref.lang) if t.text == ref.text)
    if term.status is Status.PREFERRED:
        other = _preferred_elsewhere(glossary, ref.concept_id, ref.lang, new_text)
        if other is not None:
            raise ConflictError(f"{new_text!r} ({ref.lang}) is already the preferred term of concept {other.id!r}")
    _, node = store.term_node(ref.concept_id, ref.lang, ref.text)
    node["term"] = new_text
    _touch(store, ref.concept_id, today_iso(today))
    return store


def note_term(store: TermStore, ref: TermRef, text: str, *, field: str = "note", append: bool = False,
              today: _dt.date | None = None) -> TermStore:
    """Set (or with ``append`` extend) a term's note, usage, context, reason or source."""
    if field not in TEXT_FIELDS:
        raise UsageError(f"a note goes in one of {', '.join(TEXT_FIELDS)}, not {field!r}")
    text = text.strip()
    if not text:
        raise UsageError("the note is empty")
    concept = _concept(store.glossary(), ref.concept_id)
    term = next((t for t in concept.terms_in(ref.lang) if t.text == ref.text), None)
    if term is None:
        raise UsageError(f"no term {ref}")
    current = getattr(term, field)
    value = f"{current} {text}" if append and current else text
    if value == current:
        return store
    store.set_term_fields(ref.concept_id, ref.lang, ref.text, **{field: value})
    _touch(store, ref.concept_id, today_iso(today))
    return store


# -- concept edits ----------------------------------------------------------------------------
def merge_concepts(store: TermStore, keep_id: str, merge_id: str, *, today: _dt.date | None = None) -> TermStore:
    """Merge concept ``merge_id`` into ``keep_id`` and remove it.

    Its terms join the kept concept (a term with the same text is kept once, missing
    fields copied over); where both have a preferred term in a language, the merged
    one becomes admitted. Its subject, definition, note and source fill the kept
    concept's empty fields; differing ones are recorded in the kept concept's note.
    """
    if keep_id == merge_id:
        raise UsageError("a concept cannot be merged with itself")
    glossary = store.glossary()
    _concept(glossary, keep_id)
    _concept(glossary, merge_id)
    date = today_iso(today)
    keep_path, keep = store.concept_node(keep_id)
    merge_path, gone = store.concept_node(merge_id)
    terms = keep.setdefault("terms", CommentedMap())
    for lang_key, items in (gone.get("terms") or {}).items():
        lang = normalize_lang_safe(lang_key)
        found = _lang_items(keep, lang)
        if found is None:
            terms[lang_key] = CommentedSeq(_as_map(i) for i in items)
            continue
        key, target = found
        has_preferred = any(_item_status(i) == "preferred" for i in target)
        for item in items:
            same = next((j for j, t in enumerate(target) if _item_text(t) == _item_text(item)), None)
            if same is not None:
                kept = _as_map(target[same])
                for field, value in _as_map(item).items():
                    if field not in kept and field != "status":
                        kept[field] = value
                if kept != target[same]:
                    target[same] = kept
                continue
            added = _as_map(item)
            if _item_status(added) == "preferred" and has_preferred:
                added["status"] = Status.ADMITTED.value
                added["reason"] = f"preferred in concept {merge_id} until it was merged into {keep_id} on {date}"
            target.append(added)
    notes = []
    for field in ("subject", "definition", "note", "source"):
        value = gone.get(field)
        if value is None or str(value).strip() == "":
            continue
        if keep.get(field) is None or str(keep.get(field)).strip() == "":
            set_concept_field(keep, field, value)
        elif str(keep.get(field)).strip() != str(value).strip():
            notes.append(f"its {field}: {str(value).strip()}")
    record = f"Merged from concept {merge_id} on {date}" + (f"; {'; '.join(notes)}" if notes else "")
    record += "" if record.endswith((".", "!", "?")) else "."
    existing_note = str(keep.get("note") or "").strip()
    set_concept_field(keep, "note", f"{existing_note} {record}".strip())
    _touch(store, keep_id, date)
    concepts = store.documents[merge_path]["concepts"]
    del concepts[next(i for i, n in enumerate(concepts) if n is gone)]
    return store


def split_concept(store: TermStore, concept_id: str, new_id: str, moves: Iterable[tuple[str, str]], *,
                  definition: str | None = None, today: _dt.date | None = None) -> TermStore:
    """Move the named (lang, text) terms of a concept into a new concept placed after it.

    In the new concept the first moved term of a language becomes preferred when
    none of them is. Refused when the old concept would lose its preferred term in a
    language that keeps other terms, or would have no terms left.
    """
    glossary = store.glossary()
    _concept(glossary, concept_id)
    if not new_id or any(ch.isspace() for ch in new_id):
        raise UsageError(f"concept id {new_id!r} must be non-empty and without spaces")
    if glossary.get(new_id) is not None:
        raise ConflictError(f"concept {new_id!r} already exists; choose another id for the split-off concept")
    refs = [find_term(glossary, text, concept_id=concept_id, lang=lang) for lang, text in moves]
    if not refs:
        raise UsageError("name the terms to move to the new concept (--term LANG:TEXT)")
    date = today_iso(today)
    path, node = store.concept_node(concept_id)
    moving = {(ref.lang, ref.text) for ref in refs}
    staying: dict[Any, list[Any]] = {}
    leaving: dict[Any, list[Any]] = {}
    for key, items in node["terms"].items():
        lang = normalize_lang_safe(key)
        for item in items:
            moved = any(same_language(lang, m_lang) and _item_text(item) == m_text for m_lang, m_text in moving)
            (leaving if moved else staying).setdefault(key, []).append(item)
    # every check before the first change: a refused split leaves the store as it was
    if not staying:
        raise ConflictError(f"the split would move every term out of concept {concept_id!r}; "
                            f"rename it instead, or leave at least one term")
    for key, items in staying.items():
        if not any(_item_status(i) == "preferred" for i in items):
            raise ConflictError(f"concept {concept_id!r} would keep no preferred {key} term after the split: "
                                f"make a remaining {key} term preferred first (glossary term set-status)")
    for key in list(node["terms"]):
        if key in staying:
            items = node["terms"][key]
            gone = leaving.get(key, [])
            for index in reversed([i for i, item in enumerate(items) if any(item is g for g in gone)]):
                del items[index]
        else:
            del node["terms"][key]
    new_terms = CommentedMap((key, CommentedSeq(_as_map(i) for i in items)) for key, items in leaving.items())
    for items in new_terms.values():
        if not any(_item_status(i) == "preferred" for i in items):
            items[0]["status"] = Status.PREFERRED.value
    fresh = CommentedMap()
    fresh["id"] = new_id
    if node.get("subject") is not None:  # a file-level subject applies to the new concept anyway
        fresh["subject"] = node["subject"]
    if definition:
        fresh["definition"] = definition
    fresh["note"] = f"Split from concept {concept_id} on {date}."
    fresh["created"] = _dt.date.fromisoformat(date)
    fresh["terms"] = new_terms
    concepts = store.documents[path]["concepts"]
    concepts.insert(next(i for i, n in enumerate(concepts) if n is node) + 1, fresh)
    _touch(store, concept_id, date)
    return store


# -- reading a report's findings -------------------------------------------------------------------
SCHEMA_DIR = Path(__file__).parents[1] / "schemas"  # glossary/schemas


@dataclass(frozen=True, slots=True)
class FindingRendering:
    text: str
    count: int  # occurrences
    documents: int  # documents it occurs in
    segments: int


@dataclass(frozen=True, slots=True)
class Finding:
    """One group of renderings in a report: of a glossary concept (variance) or of a source term (discovery)."""

    kind: str  # "variance" or "discovery"
    concept_id: str | None
    source_term: str | None
    source_lang: str | None
    target_lang: str | None
    renderings: list[FindingRendering]  # a rendering of no text: the term was missing
    occurrences: int  # all occurrences of the finding, renderings and missing ones
    proposed: str | None = None  # the report's proposal: discovery's canonical, variance's reference


def load_findings(path: str | Path) -> list[Finding]:
    """The findings of a variance report (``concepts``) or a discovery report (``groups``) JSON file.

    Checked against the report's JSON schema in ``glossary/schemas/`` when it is there.
    """
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UsageError("no such report file", path=path) from None
    except UnicodeDecodeError:
        raise ParseError("report is not UTF-8 text", path=path) from None
    except json.JSONDecodeError as exc:
        raise ParseError(f"report is not valid JSON: {exc.msg}", path=path, line=exc.lineno) from None
    if isinstance(data, dict) and isinstance(data.get("concepts"), list):
        kind, key = "variance", "concepts"
    elif isinstance(data, dict) and isinstance(data.get("groups"), list):
        kind, key = "discovery", "groups"
    else:
        raise ParseError("not a variance report (a 'concepts' list) nor a discovery report (a 'groups' list)",
                         path=path)
    _check_schema(data, kind, path)
    return [_finding(entry, kind, f"{key}[{i}]", data, path) for i, entry in enumerate(data[key])]


def _check_schema(data: Any, kind: str, path: Path) -> None:
    schema_path = SCHEMA_DIR / f"{kind}-report.schema.json"
    if not schema_path.is_file():
        return
    import jsonschema

    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    validator = jsonschema.validators.validator_for(schema)(schema)
    error = jsonschema.exceptions.best_match(validator.iter_errors(data))
    if error is not None:
        where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in error.absolute_path).lstrip(".")
        raise ParseError(f"report does not match {schema_path.name} at {where or 'top level'}: {error.message}",
                         path=path)


def _finding(entry: Any, kind: str, where: str, report: dict, path: Path) -> Finding:
    if not isinstance(entry, dict):
        raise ParseError(f"{where} must be an object", path=path)
    renderings = entry.get("renderings")
    if not isinstance(renderings, list):
        raise ParseError(f"{where}.renderings must be a list", path=path)
    settings = report.get("settings") if isinstance(report.get("settings"), dict) else {}
    parsed = [_rendering(r, f"{where}.renderings[{i}]", path) for i, r in enumerate(renderings)]
    occurrences = entry.get("occurrences")
    if isinstance(occurrences, bool) or not isinstance(occurrences, int):
        occurrences = sum(r.count for r in parsed)
    return Finding(
        kind=kind,
        # variance names the concept in concept_id; discovery in concept (null when it matched none)
        concept_id=_optional_text(entry, "concept_id" if kind == "variance" else "concept", where, path),
        source_term=_optional_text(entry, "source_term", where, path),
        source_lang=_language(entry.get("source_lang") or report.get("source_lang") or settings.get("source_lang"),
                              where, path),
        target_lang=_language(entry.get("target_lang") or report.get("target_lang") or settings.get("target_lang"),
                              where, path),
        renderings=parsed,
        occurrences=occurrences,
        proposed=_optional_text(entry, "canonical" if kind == "discovery" else "reference", where, path),
    )


def _optional_text(entry: dict, key: str, where: str, path: Path) -> str | None:
    value = entry.get(key)
    if value is not None and not isinstance(value, str):
        raise ParseError(f"{where}.{key} must be text", path=path)
    return value or None


def _language(raw: Any, where: str, path: Path) -> str | None:
    if not raw:
        return None
    try:
        return normalize_lang(str(raw))
    except UsageError as exc:
        raise ParseError(f"{where}: {exc.message}", path=path) from None


def _rendering(raw: Any, where: str, path: Path) -> FindingRendering:
    if not isinstance(raw, dict) or not isinstance(raw.get("text") or "", str):
        raise ParseError(f"{where} must be an object with a 'text'", path=path)

    def number(key: str) -> int:
        value = raw.get(key, 0)
        if isinstance(value, list):  # segments/documents may be listed rather than counted
            return len(value)
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ParseError(f"{where}.{key} must be a count or a list", path=path)
        return value

    count = number("count") if "count" in raw else number("segments")
    # a variance report lists example documents and counts them all in document_count
    documents = number("document_count") if "document_count" in raw else number("documents")
    return FindingRendering(raw.get("text") or "", count, documents, number("segments"))


# -- adopting a report's finding ------------------------------------------------------------------
def adopt(store: TermStore, report: str | Path, *, concept_id: str, rendering: str | None = None,
          forbid: bool = False, lang: str | None = None, source_term: str | None = None,
          others: Status | None = Status.DEPRECATED, demote_to: Status = Status.ADMITTED,
          reason: str | None = None, today: _dt.date | None = None) -> TermStore:
    """Turn a finding of a variance or discovery report into a glossary decision.

    The chosen rendering (default: the report's proposal, discovery's canonical or
    variance's reference) becomes preferred (or, with ``forbid``, forbidden) in the
    concept; the evidence (its count of all occurrences, documents, date and report)
    is added to the term's ``source``. The finding's other renderings that the
    concept lacks are added with status ``others`` (None: not added); renderings
    already in the concept keep their status, except the old preferred one, which is
    demoted to ``demote_to``. A discovery finding for a concept not yet in the
    glossary creates it from the finding's source term.
    """
    report_path = Path(report)
    if forbid and rendering is None:
        raise UsageError("say which rendering to forbid with --rendering")
    if others is Status.PREFERRED:
        raise UsageError("the other renderings cannot be preferred: a concept has one preferred term per language")
    findings = load_findings(report_path)
    glossary = store.glossary()
    concept = glossary.get(concept_id)
    finding = _choose_finding(findings, report_path, concept_id=concept_id, concept=concept, lang=lang,
                              source_term=source_term)
    target_lang = _target_language(finding, concept, lang, report_path)
    chosen = _choose_rendering(finding, rendering, report_path)
    date = today_iso(today)
    total = finding.occurrences
    verb = "forbidden" if forbid else "adopted"
    evidence = (f"{verb} {date} from {report_path.name}: {chosen.count} of {total} occurrences "
                f"in {chosen.documents} document{'s' if chosen.documents != 1 else ''}")
    status = Status.FORBIDDEN if forbid else Status.PREFERRED
    if concept is None:
        if finding.source_term is None or finding.source_lang is None:
            raise UsageError(f"no concept with id {concept_id!r}, and the report gives no source term and "
                             "language to create it from", path=report_path)
        if forbid:
            raise ConflictError(f"no concept with id {concept_id!r}: a new concept needs a preferred rendering, "
                                "not a forbidden one")
        new = Concept(id=concept_id, terms={
            finding.source_lang: [Term(finding.source_term, finding.source_lang, Status.PREFERRED,
                                       source=f"found {date} in {report_path.name}")],
            target_lang: [Term(chosen.text, target_lang, Status.PREFERRED, source=evidence,
                               reason=reason or f"adopted from {report_path.name}")]})
        add_concept(store, new, today=today)
    else:
        existing = _existing_term(concept, target_lang, chosen.text)
        if existing is None:
            add_term(store, concept_id, Term(chosen.text, target_lang, status, source=evidence,
                                             reason=reason or f"{verb} from {report_path.name}"),
                     demote_to=demote_to, today=today)
        else:
            ref = TermRef(concept_id, existing.lang, existing.text)
            # a term that keeps its status keeps its reason too, unless a new one is given
            default_reason = f"{verb} from {report_path.name}" if existing.status is not status else None
            set_status(store, ref, status, demote_to=demote_to, reason=reason or default_reason, today=today)
            if evidence not in (existing.source or ""):  # adopting the same finding twice records it once
                sources = "; ".join(s for s in (existing.source, evidence) if s)
                store.set_term_fields(concept_id, existing.lang, existing.text, source=sources)
                _touch(store, concept_id, date)
    if not forbid and others is not None:
        _add_other_renderings(store, concept_id, target_lang, finding, chosen, others, report_path, date, total,
                              today)
    return store


def _existing_term(concept: Concept, lang: str, text: str) -> Term | None:
    """The concept's term of exactly this text: "Signing Ceremony" is a form of its own, not "signing ceremony"."""
    wanted = unicodedata.normalize("NFC", text)
    return next((t for k, ts in concept.terms.items() if same_language(k, lang) for t in ts
                 if unicodedata.normalize("NFC", t.text) == wanted), None)


def _add_other_renderings(store: TermStore, concept_id: str, lang: str, finding: Finding, chosen: FindingRendering,
                          status: Status, report_path: Path, date: str, total: int,
                          today: _dt.date | None) -> None:
    concept = _concept(store.glossary(), concept_id)
    # texts added here, as the validator will read them back (stripped): a repeated rendering is added once
    added: set[str] = set()
    for other in finding.renderings:
        if other is chosen or not other.text.strip() or _existing_term(concept, lang, other.text) is not None \
                or unicodedata.normalize("NFC", other.text) in added:
            continue
        seen = (f"seen {date} in {report_path.name}: {other.count} of {total} occurrences "
                f"in {other.documents} document{'s' if other.documents != 1 else ''}")
        store.add_term(concept_id, Term(other.text, lang, status, source=seen,
                                        reason=f"not the adopted rendering ({chosen.text})"))
        added.add(unicodedata.normalize("NFC", other.text.strip()))
    if added:
        store.glossary()  # validated once, after all the additions: raises ValidationError as before


def _choose_finding(findings: list[Finding], report_path: Path, *, concept_id: str, concept: Concept | None,
                    lang: str | None, source_term: str | None) -> Finding:
    if source_term is not None:
        key = match_key(source_term, fold=True)
        candidates = [f for f in findings if f.source_term and match_key(f.source_term, fold=True) == key]
    else:
        candidates = [f for f in findings if f.concept_id == concept_id]
        if not candidates and concept is not None:  # discovery: the group whose source term is a term of the concept
            keys = {match_key(t.text, fold=True) for t in concept.all_terms()}
            candidates = [f for f in findings if f.source_term and match_key(f.source_term, fold=True) in keys]
    if lang is not None and len(candidates) > 1:
        candidates = [f for f in candidates if f.target_lang is None or same_language(f.target_lang, lang)]
    if not candidates:
        known = sorted({f.concept_id or f.source_term or "?" for f in findings})
        shown = ", ".join(known[:10]) + (f" and {len(known) - 10} more" if len(known) > 10 else "")
        what = f"source term {source_term!r}" if source_term else f"concept {concept_id!r}"
        raise UsageError(f"the report has no finding for {what} (it has: {shown or 'none'})"
                         + ("" if source_term or concept is not None else "; name the group with --source-term"),
                         path=report_path)
    if len(candidates) > 1:
        pairs = ", ".join(f"{f.source_lang or '?'}->{f.target_lang or '?'}" for f in candidates)
        raise UsageError(f"the report has {len(candidates)} findings for {concept_id!r} ({pairs}); "
                         "choose one with --lang", path=report_path)
    return candidates[0]


def _target_language(finding: Finding, concept: Concept | None, lang: str | None, report_path: Path) -> str:
    if lang:
        return normalize_lang(lang)
    if finding.target_lang:
        return finding.target_lang
    if concept is not None:
        for rendering in finding.renderings:
            for term in concept.all_terms():
                if match_key(term.text) == match_key(rendering.text):
                    return term.lang
        rest = [k for k in concept.terms if not (finding.source_lang and same_language(k, finding.source_lang))]
        if len(rest) == 1:
            return rest[0]
    raise UsageError("the report does not say the renderings' language; give it with --lang",
                     path=report_path)


def _choose_rendering(finding: Finding, rendering: str | None, report_path: Path) -> FindingRendering:
    listing = ", ".join(f"{r.text!r} ({r.count})" for r in finding.renderings if r.text.strip())
    wanted = rendering or finding.proposed
    if wanted is None:
        raise UsageError(f"choose the rendering to adopt with --rendering: {listing}", path=report_path)
    for same in (lambda r: r.text == wanted, lambda r: match_key(r.text) == match_key(wanted)):
        matches = [r for r in finding.renderings if r.text.strip() and same(r)]
        if matches:
            return matches[0]
    what = f"{wanted!r}" if rendering else f"the report's proposal {wanted!r}"
    raise UsageError(f"{what} is not a rendering of this finding; choose one with --rendering: {listing or 'none'}",
                     path=report_path)
