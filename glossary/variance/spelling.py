"""Is a near miss of a glossary term a misspelling of it, or a word of the language?

Closeness of form alone says nothing: ``Trong`` is one accent from ``trống`` and ``Hướng dẫn``
one letter from ``đường dẫn``, and both are ordinary Vietnamese. A misspelling is *rare*: a
typing error is written now and then, the word it is mistaken for far more often. So a near
miss is taken for a word of the language when the corpus's targets write it in more than
``TYPO_PAIRS`` pairs *and* in at least ``TYPO_SHARE`` of the pairs that write the term itself
(``evidence.CorpusEvidence.form_frequency``: both counted in the same pass, case, diacritics
and spacing aside). This needs no dictionary, so it works for every language; an acronym
transposition (UNDOC for UNODC, twice in a corpus that writes UNODC 13 times) stays a
misspelling.
"""
from __future__ import annotations

from glossary.variance.evidence import CorpusEvidence

TYPO_PAIRS = 2  # a form written in this many pairs or fewer may be a typing error, however rare the term
TYPO_SHARE = 0.1  # a typing error is written in under this share of the pairs that write the term


def known_form(surface: str, term: str, evidence: CorpusEvidence) -> bool:
    """Does the corpus write ``surface`` too often, compared with ``term``, for a typing error?"""
    seen = evidence.form_frequency(surface)
    if seen <= TYPO_PAIRS:
        return False
    return seen >= TYPO_SHARE * evidence.form_frequency(term)
