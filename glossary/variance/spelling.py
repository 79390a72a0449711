"""Is a near miss of a glossary term a misspelling of it, or a word of the language?

Closeness of form alone says nothing: ``Trong`` is one accent from ``trống`` and ``Hướng dẫn``
one letter from ``đường dẫn``, and both are ordinary Vietnamese. A misspelling is *rare*: a
typing error is written now and then, the word it is mistaken for far more often. So a near
miss is taken for a word of the language when the corpus's targets write it in more than
``TYPO_PAIRS`` pairs *and* in at least ``TYPO_SHARE`` (2%) of the pairs that write the term itself
(``evidence.CorpusEvidence.form_frequency``: both counted in the same pass, case, tone-mark
placement and spacing aside), or in ``KNOWN_PAIRS`` pairs or more whatever the term's count (a term in
3,000 pairs makes 2% a high bar: ``dabei`` for ``Datei`` is written in 15). This needs no dictionary, so it works for every language; an acronym
transposition (UNDOC for UNODC, twice in a corpus that writes UNODC 13 times) stays a
misspelling.

A spelling dictionary (``dictionary.spelling_dictionary``: Debian's Hunspell dictionaries through
spylls) is the second witness: a near miss of one word that the dictionary knows is a word
(``Wartung`` beside ``Warnung``, ``Leser`` beside ``leer``). A near miss of several words is left
to the frequencies: in Vietnamese every syllable of ``mặt khẩu`` is a word, the phrase a typo.
"""
from __future__ import annotations

from glossary.variance.dictionary import SpellingDictionary
from glossary.variance.evidence import CorpusEvidence

TYPO_PAIRS = 2  # a form written in this many pairs or fewer may be a typing error, however rare the term
KNOWN_PAIRS = 10  # a form written in this many pairs is a word, however common the term (dabei / Datei)
TYPO_SHARE = 0.02  # a typing error is written in under this share of the pairs that write the term


def known_form(surface: str, term: str, evidence: CorpusEvidence | None,
               dictionary: SpellingDictionary | None = None) -> bool:
    """Is ``surface``, a near miss of ``term``, a word of the language rather than a misspelling?
    The corpus writes it too often for a typing error, or (one word) the dictionary knows it."""
    if evidence is not None:
        seen = evidence.form_frequency(surface)
        if seen > TYPO_PAIRS and (seen >= KNOWN_PAIRS or seen >= TYPO_SHARE * evidence.form_frequency(term)):
            return True
    words = surface.split()
    return dictionary is not None and len(words) == 1 and dictionary.knows(words[0])
