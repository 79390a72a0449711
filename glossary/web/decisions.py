"""The edits a reviewer makes from the pages, as calls of ``store.maintenance``.

An ``Edit`` is read from a submitted form (every field checked: known kinds, statuses and
fields, bounded lengths, concepts that exist) and applied to a ``TermStore`` by the same
functions the CLI calls:

- ``decide`` a report's rendering (a variance report's unlisted rendering or a rendering of a
  discovery group): preferred is ``glossary adopt REPORT --concept ID --rendering TEXT``, forbidden
  the same with ``--forbid``; admitted and deprecated are the same decision with that status,
  the evidence recorded in the term's source in ``adopt``'s words ("admitted 2026-11-23 from
  discovery.json: 3 of 7 occurrences in 2 documents");
- ``create`` a concept from a discovery group: ``adopt`` with a new concept id and the group's
  source term;
- ``status`` of a term: ``glossary term set-status``; ``note``: ``glossary term note --append``.
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

from glossary.errors import ConflictError, UsageError
from glossary.model import Status, Term
from glossary.store import maintenance
from glossary.store.termstore import TermStore

KINDS = ("decide", "create", "status", "note")
REPORTS = ("variance", "discovery")
DECISIONS = (Status.PREFERRED, Status.ADMITTED, Status.DEPRECATED, Status.FORBIDDEN)
OTHERS = ("deprecated", "skip")  # adopt's --others: what the finding's other renderings become
MAX_FIELD = 2000  # characters of any submitted text


@dataclass(frozen=True, slots=True)
class Edit:
    kind: str
    concept: str
    report: str | None = None  # decide, create: which report the finding is in
    text: str | None = None  # decide, create: the rendering; status, note: the term
    lang: str | None = None
    status: Status | None = None
    source_term: str | None = None  # a discovery group's source term
    others: str = "deprecated"
    reason: str | None = None
    note: str | None = None
    field: str = "note"

    def describe(self) -> str:
        """One line for the preview: what will be done."""
        if self.kind == "create":
            return f"create concept {self.concept!r} from the group of {self.source_term!r}, rendering {self.text!r}"
        if self.kind == "decide":
            return (f"make {self.text!r} {self.status.value} in concept {self.concept!r} "
                    f"(from {self.report}.json)")
        if self.kind == "status":
            return f"make the {self.lang} term {self.text!r} of concept {self.concept!r} {self.status.value}"
        return f"add to the {self.field} of the {self.lang} term {self.text!r} of concept {self.concept!r}"

    def fields(self) -> dict[str, str]:
        """The form fields that submit this edit again (the preview's confirm button)."""
        out = {"kind": self.kind, "concept": self.concept, "others": self.others, "field": self.field}
        for name in ("report", "text", "lang", "source_term", "reason", "note"):
            value = getattr(self, name)
            if value is not None:
                out[name] = value
        if self.status is not None:
            out["status"] = self.status.value
        return out


def _text(form: Mapping[str, str], name: str, *, required: bool = False) -> str | None:
    value = form.get(name)
    value = value.strip() if isinstance(value, str) else None
    if value and len(value) > MAX_FIELD:
        raise UsageError(f"{name} is longer than {MAX_FIELD} characters")
    if required and not value:
        raise UsageError(f"{name} is missing")
    return value or None


def _choice(form: Mapping[str, str], name: str, allowed: tuple[str, ...], default: str | None = None) -> str:
    value = _text(form, name) or default
    if value not in allowed:
        raise UsageError(f"{name} must be one of {', '.join(allowed)}, not {value!r}")
    return value


def parse_edit(form: Mapping[str, str]) -> Edit:
    """The edit a form asks for, or ``UsageError`` saying which field is wrong."""
    kind = _choice(form, "kind", KINDS)
    concept = _text(form, "concept", required=True)
    if any(ch.isspace() for ch in concept):
        raise UsageError(f"concept id {concept!r} must be without spaces")
    reason = _text(form, "reason")
    if kind in ("decide", "create"):
        report = _choice(form, "report", REPORTS if kind == "decide" else ("discovery",),
                         "discovery" if kind == "create" else None)
        status = Status.PREFERRED if kind == "create" else Status(
            _choice(form, "status", tuple(s.value for s in DECISIONS)))
        return Edit(kind, concept, report=report, text=_text(form, "text", required=True), lang=_text(form, "lang"),
                    status=status, source_term=_text(form, "source_term", required=kind == "create"),
                    others=_choice(form, "others", OTHERS, "deprecated"), reason=reason)
    text, lang = _text(form, "text", required=True), _text(form, "lang", required=True)
    if kind == "status":
        status = Status(_choice(form, "status", tuple(s.value for s in Status)))
        return Edit(kind, concept, text=text, lang=lang, status=status, reason=reason)
    return Edit(kind, concept, text=text, lang=lang, note=_text(form, "note", required=True),
                field=_choice(form, "field", maintenance.TEXT_FIELDS, "note"))


def apply_edit(store: TermStore, edit: Edit, reports: Mapping[str, Path], *,
               today: _dt.date | None = None) -> TermStore:
    """Make ``edit`` on ``store`` (nothing is written here: ``GlossaryState.edit`` writes)."""
    if edit.kind in ("decide", "create"):
        report = reports.get(edit.report or "")
        if report is None or not report.is_file():
            raise UsageError(f"the {edit.report} report is not ready yet: wait for it to finish, then try again")
        if edit.kind == "create" and store.glossary().get(edit.concept) is not None:
            raise ConflictError(f"concept {edit.concept!r} already exists: choose another id, or decide the "
                                "rendering in that concept")
        others = None if edit.others == "skip" else Status.DEPRECATED
        if edit.status in (Status.PREFERRED, Status.FORBIDDEN):
            return maintenance.adopt(store, report, concept_id=edit.concept, rendering=edit.text,
                                     forbid=edit.status is Status.FORBIDDEN, lang=edit.lang,
                                     source_term=edit.source_term, others=others, reason=edit.reason, today=today)
        return decide_status(store, report, concept_id=edit.concept, rendering=edit.text, status=edit.status,
                             lang=edit.lang, source_term=edit.source_term, reason=edit.reason, today=today)
    ref = maintenance.find_term(store.glossary(), edit.text, concept_id=edit.concept, lang=edit.lang)
    if edit.kind == "status":
        return maintenance.set_status(store, ref, edit.status, reason=edit.reason, today=today)
    return maintenance.note_term(store, ref, edit.note, field=edit.field, append=True, today=today)


def decide_status(store: TermStore, report: Path, *, concept_id: str, rendering: str, status: Status,
                  lang: str | None = None, source_term: str | None = None, reason: str | None = None,
                  today: _dt.date | None = None) -> TermStore:
    """``adopt`` with another status than preferred or forbidden: the report's rendering becomes an
    admitted (or deprecated) term of the concept, its evidence recorded in the term's source as
    ``adopt`` records it. ``maintenance.adopt`` chooses the finding, the language and the rendering;
    this uses its choosers so that both read a report alike (a ``status=`` on ``adopt`` would make
    this function go)."""
    if status in (Status.PREFERRED, Status.FORBIDDEN):
        raise UsageError("preferred and forbidden are adopt's own decisions")
    findings = maintenance.load_findings(report)
    glossary = store.glossary()
    concept = glossary.get(concept_id)
    if concept is None:
        raise UsageError(f"no concept with id {concept_id!r}: create it with a preferred rendering first")
    finding = maintenance._choose_finding(findings, report, concept_id=concept_id, concept=concept, lang=lang,
                                          source_term=source_term)
    target_lang = maintenance._target_language(finding, concept, lang, report)
    chosen = maintenance._choose_rendering(finding, rendering, report)
    date = maintenance.today_iso(today)
    verb = status.value
    evidence = (f"{verb} {date} from {report.name}: {chosen.count} of {finding.occurrences} occurrences "
                f"in {chosen.documents} document{'s' if chosen.documents != 1 else ''}")
    existing = maintenance._existing_term(concept, target_lang, chosen.text)
    if existing is None:
        term = Term(chosen.text, target_lang, status, source=evidence, reason=reason or f"{verb} from {report.name}")
        return maintenance.add_term(store, concept_id, term, today=today)
    ref = maintenance.TermRef(concept_id, existing.lang, existing.text)
    default_reason = f"{verb} from {report.name}" if existing.status is not status else None
    maintenance.set_status(store, ref, status, reason=reason or default_reason, today=today)
    if evidence not in (existing.source or ""):
        store.set_term_fields(concept_id, existing.lang, existing.text,
                              source="; ".join(s for s in (existing.source, evidence) if s))
    return store
