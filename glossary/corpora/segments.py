"""The neutral aligned-segment model every corpus format reads into."""
from __future__ import annotations

from dataclasses import dataclass, field

from glossary.model import Location

# Where a segment was read: file and 1-based line of the unit's start. The same record
# as a glossary entry's location.
Origin = Location


@dataclass(slots=True)
class Segment:
    """One aligned pair: a source passage and one rendering of it.

    ``unit_id`` is unique within its file; ``source_id`` is shared by every
    rendering of the same source passage (several ``<tuv>`` of one language in a
    TMX unit, or an ``x-source-id`` prop), so renderings can be compared.
    ``display_source``/``display_target`` keep inline markup for display when the
    format has it; ``source``/``target`` are plain text for matching.
    """

    source: str
    target: str
    source_lang: str
    target_lang: str
    origin: Origin
    unit_id: str
    source_id: str = ""
    document: str = ""
    rendering: str = ""
    notes: tuple[str, ...] = ()
    props: dict[str, str] = field(default_factory=dict)
    state: str = ""  # e.g. XLIFF state, "fuzzy" for PO
    display_source: str | None = None
    display_target: str | None = None

    def __post_init__(self) -> None:
        if not self.source_id:
            self.source_id = self.unit_id

    @property
    def key(self) -> str:
        """Stable id of this pair in reports: document and unit."""
        return f"{self.document}#{self.unit_id}" if self.document else self.unit_id
