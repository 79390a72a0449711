"""Symmetrisation heuristics on hand-written link sets, and against Koehn's pseudo-code."""
from __future__ import annotations

import random

import pytest

from glossary.align import (
    grow_diag,
    grow_diag_final,
    grow_diag_final_and,
    intersection,
    symmetrize,
    union,
)
from glossary.errors import UsageError

# (forward, reverse) -> expected per heuristic. forward: each target from at most one source;
# reverse: each source to at most one target; links are (source, target).
CASES = {
    "agreement": (
        {(0, 0), (1, 1)}, {(0, 0), (1, 1)},
        {"intersection": [(0, 0), (1, 1)], "union": [(0, 0), (1, 1)], "grow-diag": [(0, 0), (1, 1)],
         "grow-diag-final": [(0, 0), (1, 1)], "grow-diag-final-and": [(0, 0), (1, 1)]}),
    "one word to two (file -> tập tin)": (
        {(0, 0), (1, 1), (1, 2)}, {(0, 0), (1, 1)},
        {"intersection": [(0, 0), (1, 1)], "union": [(0, 0), (1, 1), (1, 2)],
         "grow-diag": [(0, 0), (1, 1), (1, 2)], "grow-diag-final": [(0, 0), (1, 1), (1, 2)],
         "grow-diag-final-and": [(0, 0), (1, 1), (1, 2)]}),
    "growing through a link added in the same pass": (
        {(0, 0), (1, 1), (2, 2)}, {(0, 0), (1, 1), (2, 1)},
        {"intersection": [(0, 0), (1, 1)], "union": [(0, 0), (1, 1), (2, 1), (2, 2)],
         "grow-diag": [(0, 0), (1, 1), (2, 1), (2, 2)], "grow-diag-final": [(0, 0), (1, 1), (2, 1), (2, 2)],
         "grow-diag-final-and": [(0, 0), (1, 1), (2, 1), (2, 2)]}),
    "a diagonal chain grown backwards over two passes": (
        {(0, 0), (1, 1), (2, 2)}, {(2, 2)},
        {"intersection": [(2, 2)], "union": [(0, 0), (1, 1), (2, 2)], "grow-diag": [(0, 0), (1, 1), (2, 2)],
         "grow-diag-final": [(0, 0), (1, 1), (2, 2)], "grow-diag-final-and": [(0, 0), (1, 1), (2, 2)]}),
    "final and final-and differ": (
        {(0, 0), (1, 2)}, {(0, 0), (2, 2)},
        {"intersection": [(0, 0)], "union": [(0, 0), (1, 2), (2, 2)], "grow-diag": [(0, 0)],
         "grow-diag-final": [(0, 0), (1, 2), (2, 2)], "grow-diag-final-and": [(0, 0), (1, 2)]}),
    "no agreement at all": (
        {(0, 1)}, {(1, 0)},
        {"intersection": [], "union": [(0, 1), (1, 0)], "grow-diag": [], "grow-diag-final": [(0, 1), (1, 0)],
         "grow-diag-final-and": [(0, 1), (1, 0)]}),
    "a neighbour whose tokens are both aligned is not added": (
        {(0, 2), (2, 0), (2, 1)}, {(0, 2), (1, 1), (2, 0)},
        # (1, 1) grows from (0, 2) and aligns target 1; then (2, 1), a neighbour of (1, 1) in the
        # union, has both its source (by (2, 0)) and its target aligned: never added.
        {"intersection": [(0, 2), (2, 0)], "union": [(0, 2), (1, 1), (2, 0), (2, 1)],
         "grow-diag": [(0, 2), (1, 1), (2, 0)], "grow-diag-final": [(0, 2), (1, 1), (2, 0)],
         "grow-diag-final-and": [(0, 2), (1, 1), (2, 0)]}),
    "empty": (set(), set(), {m: [] for m in ("intersection", "union", "grow-diag", "grow-diag-final",
                                             "grow-diag-final-and")}),
}


@pytest.mark.parametrize("name", list(CASES))
def test_heuristics_on_hand_written_links(name: str) -> None:
    forward, reverse, expected = CASES[name]
    for method, links in expected.items():
        assert symmetrize(forward, reverse, method=method) == links, method


def test_the_functions_and_the_method_names_agree() -> None:
    forward, reverse = {(0, 0), (1, 2)}, {(0, 0), (2, 2)}
    assert intersection(forward, reverse) == symmetrize(forward, reverse, method="intersection")
    assert union(forward, reverse) == symmetrize(forward, reverse, method="union")
    assert grow_diag(forward, reverse) == symmetrize(forward, reverse, method="grow-diag")
    assert grow_diag_final(forward, reverse) == symmetrize(forward, reverse, method="grow-diag-final")
    assert grow_diag_final_and(forward, reverse) == symmetrize(forward, reverse)  # the default
    assert symmetrize(forward, reverse, method="forward") == sorted(forward)
    assert symmetrize(forward, reverse, method="reverse") == sorted(reverse)
    with pytest.raises(UsageError, match="known: intersection"):
        symmetrize(forward, reverse, method="grow")  # type: ignore[arg-type]


NEIGHBOURING = ((-1, 0), (0, -1), (1, 0), (0, 1), (-1, -1), (-1, 1), (1, -1), (1, 1))


def koehn(forward: set, reverse: set, source_length: int, target_length: int, *, final: str | None) -> list:
    """Koehn's published pseudo-code, transcribed literally (loops over the whole grid)."""
    alignment = set(forward & reverse)
    both = forward | reverse

    def source_aligned(e: int) -> bool:
        return any(a == e for a, _ in alignment)

    def target_aligned(f: int) -> bool:
        return any(b == f for _, b in alignment)

    added = True
    while added:
        added = False
        for e in range(source_length):
            for f in range(target_length):
                if (e, f) in alignment:
                    for de, df in NEIGHBOURING:
                        e_new, f_new = e + de, f + df
                        if ((not source_aligned(e_new) or not target_aligned(f_new))
                                and (e_new, f_new) in both and (e_new, f_new) not in alignment):
                            alignment.add((e_new, f_new))
                            added = True
    if final is not None:
        for direction in (forward, reverse):
            for e in range(source_length):
                for f in range(target_length):
                    if (e, f) in direction and (e, f) not in alignment:
                        free_e, free_f = not source_aligned(e), not target_aligned(f)
                        if (free_e and free_f) if final == "and" else (free_e or free_f):
                            alignment.add((e, f))
    return sorted(alignment)


def random_directions(rng: random.Random, source_length: int, target_length: int) -> tuple[set, set]:
    forward = {(rng.randrange(source_length), j) for j in range(target_length) if rng.random() < 0.8}
    reverse = {(i, rng.randrange(target_length)) for i in range(source_length) if rng.random() < 0.8}
    diagonal = {(i, i * target_length // source_length) for i in range(source_length)}
    forward |= {link for link in diagonal if rng.random() < 0.5 and all(j != link[1] for _, j in forward)}
    return forward, reverse


@pytest.mark.parametrize("seed", range(40))
def test_same_as_the_pseudo_code(seed: int) -> None:
    rng = random.Random(seed)
    source_length, target_length = rng.randint(1, 9), rng.randint(1, 9)
    forward, reverse = random_directions(rng, source_length, target_length)
    assert grow_diag(forward, reverse) == koehn(forward, reverse, source_length, target_length, final=None)
    assert grow_diag_final(forward, reverse) == koehn(forward, reverse, source_length, target_length, final="or")
    assert grow_diag_final_and(forward, reverse) == koehn(forward, reverse, source_length, target_length,
                                                          final="and")
