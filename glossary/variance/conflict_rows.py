"""The pairs behind segment-level conflicts, with memory that does not grow with the corpus.

Each pair is one row: its source and target comparison keys, its texts and its segment
id, in corpus order. Rows are kept in a list up to ``MEMORY_ROWS``; past that they all
go to a ``Spill`` (SQLite on disk) and the list starts again, so memory holds at most
``MEMORY_ROWS`` rows however long the corpus. ``conflicts`` finds the keys with more than
one distinct key on the other side (in Python, or with ``GROUP BY ... HAVING MIN(...) <
MAX(...)``, which is COUNT(DISTINCT ...) > 1 without a set per group, once spilled) and reads back only the rows of those keys, in corpus order: the
first row of a key gives its text, the first row of each variant its text, and the rows
give the segment lists. ``merge`` appends a later part's rows after ours (``--jobs``, Dask),
so merged parts give what one pass gives.
"""
from __future__ import annotations

import os
from collections import Counter
from itertools import compress, repeat
from operator import gt, itemgetter
from typing import Iterable, Iterator

from glossary.run.spill import Spill

# Rows kept in memory before they go to disk (GLOSSARY_CONFLICT_ROWS overrides it). A row
# holds two keys, two texts and a segment id: about 0.9 KB in benchmarks/conflicts_speed.py's
# PO (short sentences), so at most ~45 MB; a corpus of fewer pairs never touches the disk.
MEMORY_ROWS = int(os.environ.get("GLOSSARY_CONFLICT_ROWS") or 50_000)
COLUMNS = ("source_key", "target_key", "source", "target", "segment")
# (kind, column of the shared key, column of the other key, column of the shared text, of the other text)
SIDES = (("same-source", 0, 1, 2, 3), ("same-target", 1, 0, 3, 2))

Row = tuple[str, str, str, str, str]
# kind, the shared text as first written, and the variants: (text as first written, segment ids in corpus order)
Found = tuple[str, str, list[tuple[str, list[str]]]]


class ConflictRows:
    """Rows of (source key, target key, source, target, segment id) in corpus order; see the module docstring."""

    def __init__(self, memory_rows: int | None = None) -> None:
        self.memory_rows = MEMORY_ROWS if memory_rows is None else max(1, memory_rows)
        self.rows: list[Row] = []  # the rows after those in the spill
        self.spill: Spill | None = None

    def __len__(self) -> int:
        return len(self.rows) + (len(self.spill) if self.spill is not None else 0)

    def append(self, row: Row) -> None:
        rows = self.rows
        rows.append(row)
        if len(rows) >= self.memory_rows:
            self._to_disk()

    def extend(self, rows: Iterable[Row]) -> None:
        """Append many rows (memory may pass ``memory_rows`` by their number before they go to disk)."""
        self.rows.extend(rows)
        if len(self.rows) >= self.memory_rows:
            self._to_disk()

    def _to_disk(self) -> None:
        if self.spill is None:
            self.spill = Spill(COLUMNS)
        self.spill.extend(self.rows)
        self.rows = []

    def merge(self, later: "ConflictRows") -> None:
        """Append the rows of a later part of the corpus after ours."""
        if later.spill is not None:
            self._to_disk()  # ours, all on disk, then theirs after them
            assert self.spill is not None
            self.spill.merge(later.spill)
            later.spill = None
        self.extend(later.rows)
        later.rows = []

    def conflicts(self) -> list[Found]:
        """Every key with several variants on the other side, per kind, in first-seen order."""
        if self.spill is not None and self.rows:
            self._to_disk()
        out: list[Found] = []
        for kind, shared, other, shared_text, other_text in SIDES:
            if self.spill is None:
                rows: Iterable[Row] = _repeated(self.rows, shared)
            else:
                key, other_key = COLUMNS[shared], COLUMNS[other]
                rows = self.spill.query(
                    f"SELECT {', '.join(COLUMNS)} FROM rows WHERE {key} IN "
                    f"(SELECT {key} FROM rows GROUP BY {key} HAVING MIN({other_key}) < MAX({other_key})) ORDER BY rowid")
            out.extend((kind, text, variants) for text, variants in _group(rows, shared, other, shared_text, other_text))
        return out


def _repeated(rows: list[Row], shared: int) -> list[Row]:
    """The rows whose shared key comes more than once (only those can be in conflict)."""
    key = itemgetter(shared)
    counts = Counter(map(key, rows))
    if len(counts) == len(rows):
        return []
    return list(compress(rows, map(gt, map(counts.__getitem__, map(key, rows)), repeat(1))))  # all in C


def _group(rows: Iterable[Row], shared: int, other: int, shared_text: int,
           other_text: int) -> Iterator[tuple[str, list[tuple[str, list[str]]]]]:
    """(first text, variants) of each shared key with more than one variant, in first-seen order."""
    groups: dict[str, tuple[str, dict[str, tuple[str, list[str]]]]] = {}
    for row in rows:
        group = groups.get(row[shared])
        if group is None:
            group = groups[row[shared]] = (row[shared_text], {})
        variant = group[1].get(row[other])
        if variant is None:
            group[1][row[other]] = (row[other_text], [row[4]])
        else:
            variant[1].append(row[4])
    for text, variants in groups.values():
        if len(variants) > 1:
            yield text, list(variants.values())
