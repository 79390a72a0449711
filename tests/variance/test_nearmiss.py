"""The near-miss finder: misspelt glossary terms in a text (the verdict's own table is in
tests/foundation/test_classify.py)."""
from __future__ import annotations

import pytest

from glossary.text.classify import VariantClass
from glossary.variance.matching import TermMatcher
from glossary.variance.nearmiss import NearMissFinder

from .helpers import glossary

G = glossary({
    "unodc": {"en": ["United Nations Office on Drugs and Crime", ("UNODC", "admitted", "acronym")]},
    "un": {"en": ["United Nations"]},
    "guterres": {"en": ["António Guterres", ("Guterres", "admitted", "shortForm")]},
    "cybercrime": {"en": ["cybercrime"]},
    "from": {"en": ["from"]},
    "program": {"en": ["Southeast Asia and Pacific Cyber Program"]},
    "australia": {"en": ["Australia"]},
})

# (text, expected [(found, glossary term, class)])
FINDS = [
    ("Executive Director of UNDOC.", [("UNDOC", "UNODC", VariantClass.MISSPELLING)]),
    ("Mr Guterress said", [("Guterress", "Guterres", VariantClass.MISSPELLING)]),
    ("António Guterress said", [("António Guterress", "António Guterres", VariantClass.MISSPELLING)]),
    ("fight Cybercrme now", [("Cybercrme", "cybercrime", VariantClass.MISSPELLING)]),
    ("the Untied Nations", [("Untied Nations", "United Nations", VariantClass.MISSPELLING)]),
    ("the Southeast Asia and Pacific Cyber Programme",
     [("Southeast Asia and Pacific Cyber Programme", "Southeast Asia and Pacific Cyber Program", VariantClass.US_UK)]),
    ("fill in the form", []),
    ("the nations of Asia", []),
    ("the UNODC and the United Nations", []),  # correct spellings are not near misses
    ("Untied shoelaces", []),  # the rest of the term must be there
    ("Austria and Australia", []),  # two edits apart: the finder's candidates are one edit away
]


@pytest.mark.parametrize("text, expected", FINDS)
def test_finder_finds_near_misses_in_text(text: str, expected: list) -> None:
    matcher = TermMatcher(G, "en")
    finder = NearMissFinder(matcher.entries)
    found = [(text[n.start:n.end], n.entry.text, n.variant_class) for n in finder.find(matcher.keyed(text))]
    assert found == expected


def test_candidates_come_from_an_index_not_a_loop_over_terms() -> None:
    matcher = TermMatcher(G, "en")
    finder = NearMissFinder(matcher.entries)
    assert finder.candidates("undoc") == ("unodc",)
    assert finder.candidates("unodc") == ()  # a glossary word is not a candidate of anything
    assert finder.candidates("xyzzy") == ()
