"""Symmetrisation: one alignment from the two directional ones.

Both inputs are sets of (source index, target index) links: ``forward`` from the
source->target model (each target token linked to at most one source token), ``reverse``
from the target->source model (each source token to at most one target token). The
heuristics are Koehn, Och and Marcu (2003) and Koehn et al. (2005), as in Moses:

- ``intersection``: links both directions agree on (high precision);
- ``union``: links of either (high recall);
- ``grow-diag``: start from the intersection and repeatedly add union links that are
  neighbours (horizontally, vertically or diagonally) of a link already chosen and whose
  source or target token is still unaligned;
- ``grow-diag-final``: then add the remaining links of each direction whose source *or*
  target token is unaligned;
- ``grow-diag-final-and``: the same, but only links whose source *and* target tokens are
  both unaligned (the usual default).

Each returns the links sorted. The passes follow the published pseudo-code's loop order
(sources, then targets, ascending; neighbours in the order below), so results are
deterministic and the pseudo-code's own (tests/align/test_symmetrize.py compares them with a
literal transcription).
"""
from __future__ import annotations

from bisect import insort
from collections.abc import Callable, Iterable
from typing import Literal

from glossary.errors import UsageError

Link = tuple[int, int]
Method = Literal["intersection", "union", "grow-diag", "grow-diag-final", "grow-diag-final-and",
                 "forward", "reverse"]

NEIGHBOURS: tuple[Link, ...] = ((-1, 0), (0, -1), (1, 0), (0, 1), (-1, -1), (-1, 1), (1, -1), (1, 1))


def intersection(forward: Iterable[Link], reverse: Iterable[Link]) -> list[Link]:
    return sorted(set(forward) & set(reverse))


def union(forward: Iterable[Link], reverse: Iterable[Link]) -> list[Link]:
    return sorted(set(forward) | set(reverse))


def grow_diag(forward: Iterable[Link], reverse: Iterable[Link]) -> list[Link]:
    return _grow(forward, reverse, final=None)


def grow_diag_final(forward: Iterable[Link], reverse: Iterable[Link]) -> list[Link]:
    return _grow(forward, reverse, final="or")


def grow_diag_final_and(forward: Iterable[Link], reverse: Iterable[Link]) -> list[Link]:
    return _grow(forward, reverse, final="and")


def _grow(forward: Iterable[Link], reverse: Iterable[Link], *, final: str | None) -> list[Link]:
    """GROW-DIAG, then FINAL (``final="or"``) or FINAL-AND (``"and"``) over each direction.

    GROW-DIAG: until nothing changes, visit the chosen links in order and add each neighbour
    that is a union link and covers a token still unaligned; a link added ahead of the
    current one is visited in the same pass, as in the pseudo-code's nested loops. FINAL
    then adds, direction by direction in order, the links whose source or (FINAL-AND: and)
    target token is still unaligned. Two shortcuts change no result: a union link whose
    tokens are both aligned can never be added (the alignment only grows), and a chosen link
    with no such candidate around it adds nothing.
    """
    forward, reverse = set(forward), set(reverse)
    if forward == reverse:  # nothing to grow from: common in short pairs
        return sorted(forward)
    links = forward & reverse
    sources = {i for i, _ in links}
    targets = {j for _, j in links}
    candidates = (forward | reverse) - links
    while candidates:
        candidates = {(i, j) for i, j in candidates if i not in sources or j not in targets}
        if not candidates:
            break
        near = {(i - di, j - dj) for i, j in candidates for di, dj in NEIGHBOURS}
        ordered = sorted(links)
        changed = False
        n = 0
        while n < len(ordered):
            current = ordered[n]
            if current in near:
                i, j = current
                for di, dj in NEIGHBOURS:
                    link = (i + di, j + dj)
                    if link in candidates and (link[0] not in sources or link[1] not in targets):
                        candidates.discard(link)
                        links.add(link)
                        sources.add(link[0])
                        targets.add(link[1])
                        insort(ordered, link)
                        if link < current:
                            n += 1  # keep pointing at the current link
                        changed = True
            n += 1
        if not changed:
            break
    if final is not None:
        for direction in (forward, reverse):
            for link in sorted(direction - links):
                source_free = link[0] not in sources
                target_free = link[1] not in targets
                if (source_free and target_free) if final == "and" else (source_free or target_free):
                    links.add(link)
                    sources.add(link[0])
                    targets.add(link[1])
    return sorted(links)


SYMMETRIZERS: dict[str, Callable[[Iterable[Link], Iterable[Link]], list[Link]]] = {
    "intersection": intersection,
    "union": union,
    "grow-diag": grow_diag,
    "grow-diag-final": grow_diag_final,
    "grow-diag-final-and": grow_diag_final_and,
    "forward": lambda forward, reverse: sorted(set(forward)),
    "reverse": lambda forward, reverse: sorted(set(reverse)),
}


def symmetrize(forward: Iterable[Link], reverse: Iterable[Link], *, method: Method = "grow-diag-final-and"
               ) -> list[Link]:
    """One alignment from the two directions' links, by ``method`` (see the module docstring;
    ``forward`` and ``reverse`` return that direction's links alone)."""
    return symmetrizer(method)(forward, reverse)


def symmetrizer(method: str) -> Callable[[Iterable[Link], Iterable[Link]], list[Link]]:
    """The function behind a method name (a ``UsageError`` naming the known ones otherwise)."""
    try:
        return SYMMETRIZERS[method]
    except KeyError:
        raise UsageError(f"unknown symmetrisation {method!r} (known: {', '.join(SYMMETRIZERS)})") from None
