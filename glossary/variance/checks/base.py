"""What every check shares: severities, the finding record, the check base class.

A check is a small class with a stable ``id`` (scripts and baselines depend on
it), a ``name``, a one-line ``description``, a ``severity`` and one hook, ``run``,
that yields findings. Pair checks run on one aligned pair (a ``PairContext``);
corpus checks run once, after every pair has been seen (a ``CorpusContext``).
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from enum import Enum
from pathlib import PurePath
from typing import Any, ClassVar, Iterator

from glossary.text.normalize import nfc


class Severity(str, Enum):
    OK = "ok"
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return _RANKS[self]

    def at_least(self, other: "Severity") -> bool:
        return self.rank >= other.rank


_RANKS = {Severity.OK: 0, Severity.INFO: 1, Severity.WARNING: 2, Severity.ERROR: 3}


def finding_id(check: str, *parts: str) -> str:
    """``F`` and 12 hex digits of the SHA-1 of the check id and ``parts`` (joined by U+001F):
    the same parts give the same id on every run."""
    digest = hashlib.sha1("\x1f".join((check, *parts)).encode("utf-8")).hexdigest()
    return f"F{digest[:12]}"


# -- the id of a finding on one pair ------------------------------------------------------------
# A finding's id says what it is about, never where it sits: no unit id, line or file
# position goes in, so inserting, deleting or moving other pairs changes no id, in any
# corpus format. Texts go in as ``id_text`` writes them (NFC, whitespace runs as one space,
# none at either end) and spans as offsets in that text, so an NFD re-save, re-wrapped or
# re-indented text and trailing spaces change no id either. The document is the corpus's
# name for it or, where the corpus names none (CSV without a document column, parallel
# text), the file's name without its directory (``id_document``): never the path as given
# on the command line. Two findings that would get the same id (identical pairs in one
# document) are numbered in reading order by the report's ``FindingStore``
# (``occurrence_id``), so ids are unique in a report.

def id_text(text: str) -> str:
    """A text as a finding id reads it: NFC, each run of whitespace one space, none at the ends."""
    return " ".join(nfc(text).split())


def id_document(document: str, path: str) -> str:
    """The document as a finding id names it: ``document`` or, when that is empty, the name of
    the file at ``path`` (without its directory), either as ``id_text`` writes it."""
    return id_text(document or PurePath(path).name)


def id_offset(text: str, offset: int, length: int) -> int:
    """Where ``offset`` in ``text`` falls in ``id_text(text)`` (of ``length`` characters)."""
    prefix = nfc(text[:offset])
    words = prefix.split()
    at = len(" ".join(words)) + (1 if words and prefix[-1:].isspace() else 0)
    return min(at, length)


def _id_span(text: str, span: tuple[int, int] | None, length: int) -> str:
    return "" if span is None else f"{id_offset(text, span[0], length)}:{id_offset(text, span[1], length)}"


def pair_finding_id(check: str, *, document: str, path: str, source: str, target: str, concept_id: str | None,
                    term: str | None, found: str | None, span: tuple[int, int] | None,
                    source_span: tuple[int, int] | None) -> str:
    """Id of a finding on one pair: the check, the document (of the file at ``path``), the source
    and target texts, the concept, the term, what was found and the spans in target and source
    (see above)."""
    source_text, target_text = id_text(source), id_text(target)
    return finding_id(check, id_document(document, path), source_text, target_text, concept_id or "",
                      id_text(term or ""), id_text(found or ""), _id_span(target, span, len(target_text)),
                      _id_span(source, source_span, len(source_text)))


def occurrence_id(key: str, occurrence: int) -> str:
    """Id of the ``occurrence``-th (2, 3, ...) finding in a report whose own id is ``key``."""
    return finding_id(key, str(occurrence))


@dataclass(slots=True)
class Finding:
    """One thing a check found. ``span`` is the character span in ``target`` it is about."""

    id: str
    check: str
    severity: Severity
    message: str
    segment: str  # segment key: document#unit
    document: str
    origin: str  # file:line of the unit
    source: str
    target: str
    concept_id: str | None = None
    span: tuple[int, int] | None = None  # in target
    source_span: tuple[int, int] | None = None  # in source
    term: str | None = None  # the glossary term involved (source side for pair checks)
    found: str | None = None  # what the target wrote
    expected: str | None = None  # the preferred rendering
    variant_class: str | None = None  # class of ``found`` against ``expected``


class Check:
    """Base of every check; subclasses set the class constants and ``run``."""

    id: ClassVar[str] = ""
    name: ClassVar[str] = ""
    description: ClassVar[str] = ""
    severity: ClassVar[Severity] = Severity.WARNING
    scope: ClassVar[str] = "pair"  # "pair" or "corpus"

    def run(self, context: Any) -> Iterator[Finding]:
        raise NotImplementedError

    def count(self, context: Any) -> int:
        """How many findings ``run`` would yield. A report only counts ``ok`` findings, so
        checks of that severity override this to skip building (and hashing) each one."""
        return sum(1 for _ in self.run(context))

    def describe(self) -> dict[str, str]:
        return {"id": self.id, "name": self.name, "description": self.description,
                "severity": self.severity.value, "scope": self.scope}
