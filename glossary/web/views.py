"""What the templates need beyond the library's data: highlighted pieces, labels, concordance
lines of a concept, diff lines, pages of a list. Plain functions of data; no markup is built
here (the templates escape every piece of text)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterable, Sequence

from glossary.errors import UsageError
from glossary.model import Concept, Status, Term
from glossary.search.lookup import STATUS_RANK

STATUS_LABEL = {
    Status.PREFERRED: "✓ preferred",
    Status.ADMITTED: "admitted",
    Status.DEPRECATED: "✗ deprecated",
    Status.SUPERSEDED: "✗ superseded",
    Status.FORBIDDEN: "⊘ FORBIDDEN: do not use",
}


def status_label(status: Status | str) -> str:
    try:
        return STATUS_LABEL[Status(status)]
    except ValueError:
        return str(status)


def ordered_terms(terms: Iterable[Term]) -> list[Term]:
    """Preferred first, forbidden last, file order within a status."""
    return sorted(terms, key=lambda t: STATUS_RANK[t.status])


def pieces(text: str, spans: Iterable[Sequence[int]] | None) -> list[tuple[str, bool]]:
    """``text`` cut at ``spans`` (character offsets): (piece, highlighted) in order; spans that
    overlap are joined, ones out of range are dropped."""
    merged: list[list[int]] = []
    for span in sorted((max(0, s), min(len(text), e)) for s, e in (spans or ()) if s is not None and e is not None):
        if span[0] >= span[1]:
            continue
        if merged and span[0] <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], span[1])
        else:
            merged.append(list(span))
    out, at = [], 0
    for start, end in merged:
        if start > at:
            out.append((text[at:start], False))
        out.append((text[start:end], True))
        at = end
    if at < len(text):
        out.append((text[at:], False))
    return out


def diff_lines(diff: str) -> list[tuple[str, str]]:
    """(kind, line) for a unified diff: file, hunk, add, del or same."""
    out = []
    for line in diff.splitlines():
        kind = ("file" if line.startswith(("+++", "---")) else "add" if line.startswith("+")
                else "del" if line.startswith("-") else "hunk" if line.startswith("@@") else "same")
        out.append((kind, line))
    return out


@dataclass(frozen=True, slots=True)
class Pager:
    page: int
    pages: int
    total: int

    @property
    def previous(self) -> int | None:
        return self.page - 1 if self.page > 1 else None

    @property
    def next(self) -> int | None:
        return self.page + 1 if self.page < self.pages else None


def paged(items: Sequence[Any], page: int, size: int) -> tuple[Sequence[Any], Pager]:
    pages = max(1, -(-len(items) // size))
    page = max(1, min(page, pages))
    return items[(page - 1) * size:page * size], Pager(page, pages, len(items))


_SLUG = re.compile(r"[^0-9a-z]+")


def slug(text: str) -> str:
    """A concept id proposed for a discovery group: its canonical rendering, lower case, ASCII."""
    from glossary.text.normalize import fold_diacritics

    return _SLUG.sub("-", fold_diacritics(text).lower()).strip("-")[:60] or "concept"


# -- concordance of a concept -----------------------------------------------------------------------
@dataclass(slots=True)
class Line:
    """A concordance line with the spans of every term of a concept that it holds."""

    line: Any  # search.concordance.ConcordanceLine
    source_spans: list[tuple[int, int]]
    target_spans: list[tuple[int, int]]
    terms: set[str]


def concept_lines(index: Any, concept: Concept, *, document: str | None = None, outlet: str | None = None,
                  limit: int = 200) -> tuple[list[Line], int]:
    """The segments where any term of ``concept`` occurs (each term a ``CorpusIndex.search``), in corpus
    order, with the spans of all its terms; and how many segments hold one, at least."""
    found: dict[int, Line] = {}
    total = 0
    for term in concept.all_terms():
        try:
            result = index.search(term.text, document=document, outlet=outlet, limit=limit)
        except UsageError:  # a term of no letters or digits cannot be searched: it has no concordance
            continue
        total = max(total, result.total)
        for line in result.lines:
            entry = found.setdefault(line.segment_id, Line(line, [], [], set()))
            entry.source_spans.extend(line.source_spans)
            entry.target_spans.extend(line.target_spans)
            if line.source_spans or line.target_spans:
                entry.terms.add(term.text)
    lines = sorted(found.values(), key=lambda entry: entry.line.segment_id)[:limit]
    return lines, max(total, len(found))


def by_document(lines: Iterable[Any], document_of: Any = lambda line: line.document) -> list[tuple[str, list[Any]]]:
    """Lines grouped by document, documents in the order they first occur."""
    order: dict[str, list[Any]] = {}
    for line in lines:
        order.setdefault(document_of(line) or "", []).append(line)
    return list(order.items())
