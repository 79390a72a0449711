"""The best guess of what a target wrote for a source term it has no listed rendering for."""
from __future__ import annotations

from decimal import Decimal

import pytest

from glossary.discovery.spans import quoted_spans as discovery_quoted_spans
from glossary.text.numbers import reader
from glossary.variance.guess import guess_rendering, is_quoted, quoted_spans
from glossary.variance.matching import KeyedText

# (target, renderings, keyword arguments, expected guess text or None)
CASES = [
    ('join hands in implementing the spirit of "5 pushes":', ["five accelerations"],
     {"source_quoted": True, "source_figures": [Decimal(5)], "figure_first": True}, "5 pushes"),
    ("the spirit of “5 Accelerations” will be a call", ["five promotions"],
     {"source_quoted": True, "source_figures": [Decimal(5)], "figure_first": True}, "5 Accelerations"),
    ("Prime Minister Chính proposed five key actions:", ["5 promotions"],
     {"source_figures": [Decimal(5)], "figure_first": True}, "five key actions"),
    ("investing $83.5 million in the Cyber Security Program in Southeast Asia and the Pacific.",
     ["Southeast Asia and Pacific Cyber Programme"], {}, "Cyber Security Program in Southeast Asia and the Pacific"),
    ("within the framework of the Opening Ceremony of the Convention", ["signing ceremony"], {}, "Opening Ceremony"),
    ("The Vice President of Ecuador said that technological development needs", ["signing ceremony"], {}, None),
]


@pytest.mark.parametrize("target, renderings, kwargs, expected", CASES)
def test_guess(target: str, renderings: list[str], kwargs: dict, expected: str | None) -> None:
    guess = guess_rendering(KeyedText(target), renderings, numbers=reader("en"), **kwargs)
    assert (guess.text if guess else None) == expected


def test_claimed_spans_are_not_guessed() -> None:
    text = "the Opening Ceremony of the Convention"
    start = text.index("Opening Ceremony")
    assert guess_rendering(KeyedText(text), ["signing ceremony"], claimed=[(start, start + 16)]) is None


@pytest.mark.parametrize("text, span, expected", [
    ('tinh thần "5 đẩy mạnh":', (11, 21), True),
    ("tinh thần “5 đẩy mạnh”", (11, 21), True),
    ("tinh thần 5 đẩy mạnh", (10, 20), False),
])
def test_is_quoted(text: str, span: tuple[int, int], expected: bool) -> None:
    assert is_quoted(text, *span) is expected


@pytest.mark.parametrize("text", ["the ‘Five Accelerations’ plan", 'the «Five Accelerations" plan'])
def test_guess_quotes_are_looser_than_discovery_quotes(text: str) -> None:
    """Single and mismatched quotation marks earn the guess its quote bonus; discovery takes no term from them."""
    start = text.index("Five")
    assert (start, start + len("Five Accelerations")) in quoted_spans(text)
    assert discovery_quoted_spans(text) == []
