"""The findings of a variance scan, kept on disk so a report's memory does not grow with them.

A ``FindingStore`` holds ``checks.Finding`` rows in a ``spill.Spill`` (a temporary SQLite
table): appending buffers a row, reading rebuilds a ``Finding`` per row, streamed.
Insertion order is the scan's order (what JSON and CSV list); ``ordered`` gives the
renderers' order (worst severity first, then check, then segment, ties in insertion
order, as Python's stable sort gave) by SQL ``ORDER BY``. Counting, "anything this
severe?" and sorting happen in SQLite, whose memory is bounded.

The spill is made on the first append, so the many empty stores of a partitioned scan
cost no file. A store pickles with its spill (``--jobs``, Dask: the file is handed over).

Ids are unique in a store. A check gives a finding the id of what it is about
(``checks.base.pair_finding_id``), kept as the row's ``key``; two identical pairs in one
document give two findings with one key. Before findings are read, the second and later
rows of a key get ``occurrence_id(key, n)``, n = 2, 3, ... in insertion order (found by an
index on ``key``, for the rows added since the last numbering). A row's number depends
only on the rows before it with the same key: rows inserted elsewhere change nothing, and
parts merged in order (``--jobs``, Dask) number as one pass does. ``without`` keeps the
numbers; a row added to its result later is numbered past the highest one of its key.
"""
from __future__ import annotations

from itertools import islice
from typing import Any, Iterable, Iterator, overload

from glossary.run.spill import Spill
from glossary.variance.checks import Finding, Severity
from glossary.variance.checks.base import occurrence_id

# every Finding field; a span is two columns (NULL when there is none); "check" is an SQL keyword;
# "key" is the id the check gave, "id" the one in the report, "n" its number among the rows of
# its key (NULL: 1, or not numbered yet; see the module docstring)
FIELDS = ("id", "check_id", "severity", "rank", "message", "segment", "document", "origin", "source", "target",
          "concept_id", "span_start", "span_end", "source_span_start", "source_span_end", "term", "found",
          "expected", "variant_class")
COLUMNS = FIELDS + ("key", "n")
_SELECT = "SELECT " + ", ".join(FIELDS) + " FROM rows"
# the keys of the rows after rowid ? that an earlier row has too (by the index on key)
_REPEATED = ("SELECT DISTINCT a.key FROM rows AS a WHERE a.rowid > ? "
             "AND EXISTS (SELECT 1 FROM rows AS b WHERE b.key = a.key AND b.rowid < a.rowid)")
_SEVERITIES = {s.value: s for s in Severity}
# the renderers' order: worst first (Severity.rank grows with severity), then check and segment;
# SQLite compares text as UTF-8 bytes, which orders as Python compares str (by code point)
RENDER_ORDER = "rank DESC, check_id, segment, rowid"


def _row(f: Finding) -> tuple:
    span, source_span = f.span, f.source_span
    return (f.id, f.check, f.severity.value, f.severity.rank, f.message, f.segment, f.document, f.origin, f.source,
            f.target, f.concept_id, span[0] if span else None, span[1] if span else None,
            source_span[0] if source_span else None, source_span[1] if source_span else None, f.term, f.found,
            f.expected, f.variant_class, f.id, None)


def _finding(row: tuple) -> Finding:
    (id_, check, severity, _rank, message, segment, document, origin, source, target, concept_id, span_start,
     span_end, source_start, source_end, term, found, expected, variant_class) = row
    return Finding(id=id_, check=check, severity=_SEVERITIES[severity], message=message, segment=segment,
                   document=document, origin=origin, source=source, target=target, concept_id=concept_id,
                   span=(span_start, span_end) if span_start is not None else None,
                   source_span=(source_start, source_end) if source_start is not None else None,
                   term=term, found=found, expected=expected, variant_class=variant_class)


class FindingStore:
    """Findings in insertion order, on disk; see the module docstring."""

    def __init__(self, findings: Iterable[Finding] = (), *, portable: bool | None = None) -> None:
        # pickles carry the rows, not a path (None: as ``spill.portable_spills`` says when the spill is made)
        self.portable = portable
        self._spill: Spill | None = None
        self._numbered = 0  # rows up to this rowid have their report ids
        self.extend(findings)

    # -- writing ----------------------------------------------------------------------------
    def _table(self) -> Spill:
        if self._spill is None:
            self._spill = Spill(COLUMNS, indexes=[("key",)], portable=self.portable)
        return self._spill

    def append(self, finding: Finding) -> None:
        self._table().append(_row(finding))

    def extend(self, findings: Iterable[Finding]) -> None:
        for finding in findings:
            self.append(finding)

    def merge(self, later: "FindingStore") -> None:
        """Append every finding of ``later`` after ours (``later`` keeps its own)."""
        if later._spill is not None and len(later._spill):
            self._table().merge(later._spill)

    def without(self, ids: set[str] | frozenset[str]) -> "FindingStore":
        """A new store of the findings whose id is not in ``ids``, in the same order and with the same ids."""
        kept = FindingStore(portable=self.portable)
        if self._spill is not None:
            self._number()
            for row in self._spill:  # rows as stored, numbered, in insertion order: no Finding is built
                if row[0] not in ids:
                    kept._table().append(row)
            kept._numbered = len(kept)
        return kept

    def _number(self) -> None:
        """Give each row added since the last call its report id (see the module docstring)."""
        spill = self._spill
        if spill is None or len(spill) <= self._numbered:
            return
        after = self._numbered
        numbers = []
        for key in [key for key, in spill.query(_REPEATED, (after,))]:
            top = 0  # the highest number the key has so far (above the row count if rows were dropped)
            for rowid, n in list(spill.query("SELECT rowid, n FROM rows WHERE key = ? ORDER BY rowid", (key,))):
                if rowid <= after:
                    top = max(top, n or 1)
                else:
                    top += 1
                    numbers.append((occurrence_id(key, top) if top > 1 else key, top, rowid))
        if numbers:
            spill.update("UPDATE rows SET id = ?, n = ? WHERE rowid = ?", numbers)
        self._numbered = next(iter(spill.query("SELECT MAX(rowid) FROM rows")))[0]

    def close(self) -> None:
        """Delete the file now (it goes when the store is collected anyway)."""
        if self._spill is not None:
            self._spill.close()
            self._spill = None
        self._numbered = 0

    # -- reading ----------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self._spill) if self._spill is not None else 0

    def _rows(self, sql: str, parameters: tuple = ()) -> Iterator[Finding]:
        if self._spill is None:
            return iter(())
        self._number()
        return map(_finding, self._spill.query(sql, parameters))

    def __iter__(self) -> Iterator[Finding]:
        """In insertion order."""
        return self._rows(f"{_SELECT} ORDER BY rowid")

    def ordered(self, limit: int | None = None) -> Iterator[Finding]:
        """Worst first, then by check and segment (the renderers' order); the first ``limit`` only if given."""
        if limit is None:
            return self._rows(f"{_SELECT} ORDER BY {RENDER_ORDER}")
        return self._rows(f"{_SELECT} ORDER BY {RENDER_ORDER} LIMIT ?", (max(0, limit),))

    @overload
    def __getitem__(self, index: int) -> Finding: ...
    @overload
    def __getitem__(self, index: slice) -> list[Finding]: ...

    def __getitem__(self, index: int | slice) -> Finding | list[Finding]:
        """By position in insertion order (for tests and small uses: each call is a query)."""
        size = len(self)
        if isinstance(index, slice):
            start, stop, step = index.indices(size)
            if step != 1:
                return list(self)[index]
            return list(self._rows(f"{_SELECT} ORDER BY rowid LIMIT ? OFFSET ?", (max(0, stop - start), start)))
        position = index + size if index < 0 else index
        if not 0 <= position < size:
            raise IndexError("finding index out of range")
        return next(islice(self._rows(f"{_SELECT} ORDER BY rowid LIMIT 1 OFFSET ?", (position,)), 1))

    def counts(self, column: str) -> dict[str, int]:
        """Findings per value of ``column`` ("severity" or "check_id"), by value."""
        if column not in ("severity", "check_id"):
            raise ValueError(f"cannot count findings by {column!r}")
        if self._spill is None:
            return {}
        return dict(self._spill.query(f"SELECT {column}, COUNT(*) FROM rows GROUP BY {column} ORDER BY {column}"))

    def longest(self) -> dict[str, int]:
        """The longest severity, check id and segment label (what follows the segment id's last
        "#") in characters, over every finding: the column widths of a table printed in parts."""
        if self._spill is None:
            return {"severity": 0, "check": 0, "segment": 0}
        # the label: the segment id less its prefix up to the last "#" (rtrim strips every non-"#" character)
        label = "replace(segment, rtrim(segment, replace(segment, '#', '')), '')"
        row = next(iter(self._spill.query(
            f"SELECT MAX(LENGTH(severity)), MAX(LENGTH(check_id)), MAX(LENGTH({label})) FROM rows")))
        return {"severity": row[0] or 0, "check": row[1] or 0, "segment": row[2] or 0}

    def any_at_least(self, level: Severity) -> bool:
        """Is there a finding at ``level`` or worse?"""
        if self._spill is None:
            return False
        return next(iter(self._spill.query("SELECT 1 FROM rows WHERE rank >= ? LIMIT 1", (level.rank,))), None) is not None

    def __repr__(self) -> str:
        return f"<FindingStore of {len(self)} finding(s)>"

    # -- crossing processes -----------------------------------------------------------------
    def __getstate__(self) -> dict[str, Any]:
        return {"portable": self.portable, "spill": self._spill, "numbered": self._numbered}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.portable, self._spill = state["portable"], state["spill"]
        self._numbered = state.get("numbered", 0)
