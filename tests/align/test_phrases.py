"""Target spans and phrase pairs consistent with an alignment (Koehn, Och and Marcu 2003)."""
from __future__ import annotations

import random

import pytest

from glossary.align import (
    PhrasePair,
    consistent_target_span,
    phrase_pairs,
    projected_span,
)
from glossary.errors import UsageError

DIAGONAL = [(0, 0), (1, 1), (2, 2), (3, 3)]  # das haus ist klein / the house is small
TAP_TIN = [(0, 0), (1, 1), (1, 2)]  # open file / mở tập tin
REORDERED = [(0, 1), (1, 0)]  # new user / user new
GAP = [(0, 0), (0, 2), (1, 1)]  # a word around another: its span takes the other in
AROUND_UNALIGNED = [(0, 0), (0, 2)]  # ... around an unaligned token: fine
ONE_TO_SHARED = [(0, 0), (1, 0), (1, 1)]  # target 0 shared by sources 0 and 1

# links, target length, source span, expected target span (minimal), expected extended
SPANS = [
    (DIAGONAL, 4, (1, 2), (1, 2), (1, 2)),
    (DIAGONAL, 4, (0, 2), (0, 2), (0, 2)),
    (DIAGONAL, 4, (0, 4), (0, 4), (0, 4)),
    (TAP_TIN, 3, (1, 2), (1, 3), (1, 3)),
    (TAP_TIN, 3, (0, 1), (0, 1), (0, 1)),
    (REORDERED, 2, (0, 1), (1, 2), (1, 2)),
    (REORDERED, 2, (1, 2), (0, 1), (0, 1)),
    (REORDERED, 2, (0, 2), (0, 2), (0, 2)),
    (GAP, 3, (0, 1), None, None),  # target 1 inside the projection comes from source 1
    (GAP, 3, (0, 2), (0, 3), (0, 3)),
    (GAP, 3, (1, 2), (1, 2), (1, 2)),
    (AROUND_UNALIGNED, 3, (0, 1), (0, 3), (0, 3)),
    (ONE_TO_SHARED, 2, (0, 1), None, None),  # target 0 also comes from source 1
    (ONE_TO_SHARED, 2, (1, 2), None, None),
    (ONE_TO_SHARED, 2, (0, 2), (0, 2), (0, 2)),
    ([(0, 0), (2, 2)], 3, (1, 2), None, None),  # an unaligned source token
    ([(0, 0), (2, 2)], 3, (0, 1), (0, 1), (0, 2)),  # target 1 is unaligned: taken in when asked
    ([(0, 1), (1, 3)], 5, (0, 1), (1, 2), (0, 3)),  # both sides widened, up to the next aligned token
    ([(0, 1), (1, 3)], 5, (1, 2), (3, 4), (2, 5)),
    ([], 3, (0, 1), None, None),
]


@pytest.mark.parametrize(("links", "target_length", "span", "expected", "extended"), SPANS)
def test_consistent_target_span(links, target_length, span, expected, extended) -> None:
    assert consistent_target_span(links, *span, target_length) == expected
    assert consistent_target_span(links, *span, target_length, extend_unaligned=True) == extended


def test_projected_span_ignores_consistency() -> None:
    assert projected_span(GAP, 0, 1) == (0, 3)
    assert projected_span(GAP, 0, 1) is not None and consistent_target_span(GAP, 0, 1, 3) is None
    assert projected_span([(0, 0)], 1, 2) is None


@pytest.mark.parametrize("span", [(2, 2), (3, 1), (-1, 1)])
def test_bad_spans_and_links_are_usage_errors(span) -> None:
    with pytest.raises(UsageError):
        consistent_target_span(DIAGONAL, *span, 4)
    with pytest.raises(UsageError):
        consistent_target_span([(0, 5)], 0, 1, 4)
    with pytest.raises(UsageError):
        phrase_pairs([(4, 0)], 4, 4)
    with pytest.raises(UsageError):
        phrase_pairs(DIAGONAL, 4, 4, max_length=0)


def test_phrase_pairs_of_open_file() -> None:
    """open file / mở tập tin"""
    assert phrase_pairs(TAP_TIN, 2, 3) == [PhrasePair(0, 1, 0, 1), PhrasePair(0, 2, 0, 3), PhrasePair(1, 2, 1, 3)]
    assert phrase_pairs(TAP_TIN, 2, 3, max_length=2) == [PhrasePair(0, 1, 0, 1), PhrasePair(1, 2, 1, 3)]


def test_phrase_pairs_widened_over_unaligned_target_tokens() -> None:
    links = [(0, 0), (1, 2)]  # target 1 unaligned
    assert phrase_pairs(links, 2, 3) == [
        PhrasePair(0, 1, 0, 1), PhrasePair(0, 1, 0, 2), PhrasePair(0, 2, 0, 3),
        PhrasePair(1, 2, 2, 3), PhrasePair(1, 2, 1, 3)]
    assert phrase_pairs(links, 2, 3, extend_unaligned=False) == [
        PhrasePair(0, 1, 0, 1), PhrasePair(0, 2, 0, 3), PhrasePair(1, 2, 2, 3)]


def brute_force(links, source_length: int, target_length: int, max_length: int, *, extend: bool) -> set:
    """Every box that no link leaves and at least one link is in (minimal target sides only unless ``extend``)."""
    out = set()
    for s in range(source_length):
        for e in range(s + 1, min(s + max_length, source_length) + 1):
            for t in range(target_length):
                for u in range(t + 1, min(t + max_length, target_length) + 1):
                    inside = [(i, j) for i, j in links if s <= i < e and t <= j < u]
                    crossing = [(i, j) for i, j in links if (s <= i < e) != (t <= j < u)]
                    if inside and not crossing:
                        minimal = (min(j for _, j in inside), max(j for _, j in inside) + 1) == (t, u)
                        if extend or minimal:
                            out.add(PhrasePair(s, e, t, u))
    return out


@pytest.mark.parametrize("seed", range(30))
@pytest.mark.parametrize("extend", [True, False])
def test_phrase_pairs_are_every_consistent_pair(seed: int, extend: bool) -> None:
    rng = random.Random(seed)
    source_length, target_length = rng.randint(1, 8), rng.randint(1, 8)
    links = sorted({(rng.randrange(source_length), rng.randrange(target_length))
                    for _ in range(rng.randint(0, source_length + 2))})
    max_length = rng.randint(1, 5)
    got = phrase_pairs(links, source_length, target_length, max_length=max_length, extend_unaligned=extend)
    assert len(got) == len(set(got))
    assert set(got) == brute_force(links, source_length, target_length, max_length, extend=extend)
    for pair in got:  # each is also what consistent_target_span finds, or a widening of it
        minimal = consistent_target_span(links, pair.source_start, pair.source_end, target_length)
        assert minimal is not None and pair.target_start <= minimal[0] and minimal[1] <= pair.target_end


def test_a_long_character_sequence() -> None:
    """60 target tokens, one per character: nothing assumes short sentences."""
    links = [(i, 2 * i) for i in range(30)] + [(i, 2 * i + 1) for i in range(30)]
    assert consistent_target_span(links, 10, 20, 60) == (20, 40)
    pairs = phrase_pairs(links, 30, 60, max_length=4)
    assert PhrasePair(0, 2, 0, 4) in pairs and all(p.target_end - p.target_start <= 4 for p in pairs)
