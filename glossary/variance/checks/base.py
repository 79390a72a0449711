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
from typing import Any, ClassVar, Iterator


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
    """Stable id of a finding: the same check on the same segment and term gives the same id on every run."""
    digest = hashlib.sha1("\x1f".join((check, *parts)).encode("utf-8")).hexdigest()
    return f"F{digest[:12]}"


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
