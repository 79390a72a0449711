"""Phrase pairs consistent with a word alignment (Koehn, Och and Marcu 2003).

A source span [s, e) and a target span [t, u) are *consistent* with the links when no link
leaves the box: every link from a source token inside the span lands inside the target
span, and every link into a target token inside the span comes from inside the source
span; and at least one link lies inside. Unaligned tokens at the edges do not break
consistency, so a consistent pair can usually be widened over unaligned neighbours.

Spans are half-open token index ranges, as Python slices: ``tokens[start:end]``.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from glossary.errors import UsageError

Link = tuple[int, int]


class PhrasePair(NamedTuple):
    """A source span and a target span, both half-open."""

    source_start: int
    source_end: int
    target_start: int
    target_end: int


def projected_span(links: Iterable[Link], source_start: int, source_end: int) -> tuple[int, int] | None:
    """The smallest target span covering every link from the source span, consistent or not
    (None when no token of the span is aligned)."""
    targets = [j for i, j in links if source_start <= i < source_end]
    if not targets:
        return None
    return min(targets), max(targets) + 1


def consistent_target_span(links: Iterable[Link], source_start: int, source_end: int, target_length: int, *,
                           extend_unaligned: bool = False) -> tuple[int, int] | None:
    """The minimal target span consistent with the alignment for the source span
    ``[source_start, source_end)``, e.g. a term occurrence.

    None when the span has no aligned token, or when no consistent target span exists (a
    target token inside the projection is linked to a source token outside the span). With
    ``extend_unaligned`` the span is widened over every adjacent unaligned target token, the
    widest consistent span.
    """
    links = list(links)
    if not 0 <= source_start < source_end:
        raise UsageError(f"bad source span [{source_start}, {source_end})")
    _check_links(links, None, target_length)
    span = projected_span(links, source_start, source_end)
    if span is None:
        return None
    low, high = span
    for i, j in links:
        if low <= j < high and not source_start <= i < source_end:
            return None
    if extend_unaligned:
        aligned = {j for _, j in links}
        while low > 0 and low - 1 not in aligned:
            low -= 1
        while high < target_length and high not in aligned:
            high += 1
    return low, high


def phrase_pairs(links: Iterable[Link], source_length: int, target_length: int, *, max_length: int = 7,
                 extend_unaligned: bool = True) -> list[PhrasePair]:
    """Every phrase pair consistent with the alignment whose sides are at most ``max_length``
    tokens long, in order of source span then target span (Moses' phrase extraction).

    With ``extend_unaligned`` (the standard definition) a pair is also returned widened over
    unaligned target tokens at either edge, in every combination; without it only the
    minimal target span of each source span. Source spans may have unaligned tokens at their
    edges in either case (every source span is tried).
    """
    links = sorted(set(links))
    if max_length < 1:
        raise UsageError(f"max_length must be at least 1, not {max_length}")
    _check_links(links, source_length, target_length)
    targets_of: list[list[int]] = [[] for _ in range(source_length)]
    sources_of: list[list[int]] = [[] for _ in range(target_length)]
    for i, j in links:
        targets_of[i].append(j)
        sources_of[j].append(i)
    out: list[PhrasePair] = []
    for start in range(source_length):
        low, high = target_length, -1  # the projection of [start, end), grown with end
        for end in range(start + 1, min(start + max_length, source_length) + 1):
            for j in targets_of[end - 1]:
                low, high = min(low, j), max(high, j)
            if high < 0:
                continue  # nothing aligned yet
            if high - low + 1 > max_length:
                break  # only grows with end
            if any(not start <= i < end for j in range(low, high + 1) for i in sources_of[j]):
                continue
            first = low
            while True:
                last = high
                while True:
                    out.append(PhrasePair(start, end, first, last + 1))
                    last += 1
                    if not extend_unaligned or last >= target_length or sources_of[last] or last - first + 1 > max_length:
                        break
                first -= 1
                if not extend_unaligned or first < 0 or sources_of[first] or high - first + 1 > max_length:
                    break
    return out


def _check_links(links: list[Link], source_length: int | None, target_length: int) -> None:
    for i, j in links:
        if i < 0 or j < 0 or j >= target_length or (source_length is not None and i >= source_length):
            raise UsageError(f"link {(i, j)} lies outside a pair of "
                             f"{'?' if source_length is None else source_length} x {target_length} tokens")
