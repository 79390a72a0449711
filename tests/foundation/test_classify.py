"""The shared variant classifier and its near-miss thresholds."""
from __future__ import annotations

import unicodedata

import pytest

from glossary.text.classify import VariantClass as V
from glossary.text.classify import classify_variant, drift_rank, is_near_miss, most_serious

CASES = [
    ("hòa bình", "hoà bình", V.ORTHOGRAPHIC),
    (unicodedata.normalize("NFD", "Phạm Minh Chính"), "Phạm Minh Chính", V.IDENTICAL),
    ("“Hanoi Convention”", '"Hanoi Convention"', V.ORTHOGRAPHIC),
    ("Secretary General", "Secretary-General", V.CASE_HYPHEN),
    ("signing ceremony", "Signing Ceremony", V.CASE_HYPHEN),
    ("cyber attacks", "cyberattacks", V.CASE_HYPHEN),
    ("5 Accelerations", "five accelerations", V.CASE_HYPHEN),
    ("$83.5 million", "AUD 83.5 million", V.NUMERIC),
    ("65 countries", "69 countries", V.NUMERIC),
    ("Pham Minh Chinh", "Phạm Minh Chính", V.DIACRITICS),
    ("Antonio Guterres", "António Guterres", V.DIACRITICS),
    ("Cyber Security Program", "Cyber Security Programme", V.US_UK),
    ("organizations", "organisations", V.US_UK),
    ("UNODC", "United Nations Office on Drugs and Crime", V.ABBREVIATION),
    ("United Nations Office on Drugs and Crime (UNODC)", "UNODC", V.ABBREVIATION),
    ("UN", "United Nations", V.ABBREVIATION),
    ("PM Chinh", "Prime Minister Pham Minh Chinh", V.ABBREVIATION),
    ("Secretary General of the United Nations", "UN Secretary-General", V.ABBREVIATION),
    ("UNDOC", "UNODC", V.MISSPELLING),
    ("Guterress", "Guterres", V.MISSPELLING),
    ("5 pushes", "5 Strengthens", V.LEXICAL),
    ("5 Accents", "5 Accelerations", V.LEXICAL),
    ("five key actions", "5 pushes", V.LEXICAL),
    ("Opening Ceremony", "Signing Ceremony", V.LEXICAL),
    ("digital age", "digital era", V.LEXICAL),
    ("no one is left behind in the digital age", "no one is left behind in the digital era", V.LEXICAL),
    ("Hanoy Convention", "Hanoi Convention", V.MISSPELLING),
]


@pytest.mark.parametrize(("variant", "reference", "expected"), CASES)
def test_classify_variant(variant: str, reference: str, expected: V) -> None:
    assert classify_variant(variant, reference) is expected


# (text, glossary word, is it a near miss?) -- the thresholds stated in glossary.text.classify
NEAR_MISSES = [
    ("UNDOC", "UNODC", True),  # transposition in an acronym
    ("Guterress", "Guterres", True),  # doubled letter in a name
    ("Cybercrme", "Cybercrime", True),  # dropped letter
    ("Hanoy Convention", "Hanoi Convention", True),
    ("Untied Nations", "United Nations", True),  # transposition in a longer term
    ("Secretray-General", "Secretary-General", True),
    ("form", "from", False), ("trial", "trail", False),  # ordinary short words
    ("nation", "nations", False), ("cover", "covered", False), ("nation", "Nations", False),  # inflections, not typos
    ("programs", "program", False), ("Ministers", "Minister", False), ("Prime Minister", "Prime Ministers", False),
    ("Program", "Programme", False), ("Programme", "Program", False),  # a US/UK spelling, reported as such
    ("UNODC", "UNODC", False), ("UN", "EU", False), ("UNESCO", "UNODC", False), ("Austria", "Australia", False),
    ("Pham", "Phạm", False),  # diacritics only: the folded matcher's business
    ("65", "69", False), ("65 countries", "69 countries", False),  # figures differ: numeric variance
]


@pytest.mark.parametrize(("a", "b", "expected"), NEAR_MISSES)
def test_near_miss_thresholds(a: str, b: str, expected: bool) -> None:
    assert is_near_miss(a, b) is expected


def test_drift_ranking_puts_lexical_first_and_noise_last() -> None:
    assert drift_rank(V.LEXICAL) < drift_rank(V.MISSPELLING) < drift_rank(V.DIACRITICS) < drift_rank(V.ORTHOGRAPHIC)
    assert most_serious([V.ORTHOGRAPHIC, V.DIACRITICS, V.MISSPELLING]) is V.MISSPELLING
