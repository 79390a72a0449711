"""A term's other word forms in a language that inflects and closes compounds (German).

German writes a glossary term in many forms that are the term all the same: inflected
(``Verzeichnisses``, ``Dateien``, ``ungültiger``, ``Passwörter``, ``gelöscht``, ``entfernt``)
and as an element of a closed compound (``Konfigurations|datei``, ``Geräte|typ``,
``Bild|datei``). A check that reads them as other renderings reports grammar, not variance,
and names every compound as a lexical alternative. ``WordForms`` finds them, token by token,
so the assessor can take them for hits of the term:

- **inflection**: the text word is the term's word plus an inflectional ending (``-e``, ``-en``,
  ``-er``, ``-es``, ``-em``, ``-n``, ``-s``, ``-ns``, ``-ses``...), umlauts aside (Passwort /
  Passwörter); a word in ``-en`` / ``-e`` (an infinitive, a noun) is its stem plus an ending or a
  participle (``entfern|t``, ``ge|setz|t``, ``ge|lösch|t``, ``install|iert``... ``such`` of ``Suche``);
- **compound element**: the term's word (or a form as above) opens or closes a longer closed word,
  the rest at least ``MIN_REST`` letters (``Bilddatei``, ``Dateiende``, ``Netzwerkgerät``); the
  hit is the element, as written inside the compound.

Only single words are compounded; a multi-word term (``öffentlicher Schlüssel``) is matched word by
word with inflection. Languages: ``LANGUAGES`` (German); others get no word forms.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from glossary.text.normalize import nfc, tokenize
from glossary.variance.matching import KeyedText, TermEntry

LANGUAGES = frozenset({"de"})
ENDINGS = ("", "e", "en", "er", "es", "em", "n", "ns", "s", "se", "sen", "ses", "ern", "ens", "nen")
VERB_ENDINGS = ("", "e", "en", "end", "ende", "enden", "st", "t", "te", "ten", "tes", "ter", "tem", "et", "ete",
                "eten")  # not -ung: Aktualisierung is another word than aktualisieren
MIN_STEM = 4  # letters a stem keeps
MIN_REST = 3  # letters the rest of a compound has
_UMLAUT = str.maketrans({"ä": "a", "ö": "o", "ü": "u"})
_LINKS = ("", "s", "es", "n", "en", "e")  # linking elements after a compound's first part


@dataclass(slots=True, eq=False)
class WordFormHit:
    """``text[start:end]`` is ``entry``'s term in another form (``how``: inflection, compound)."""

    entry: TermEntry
    start: int
    end: int
    how: str


def _plain(word: str) -> str:
    return word.translate(_UMLAUT)


def stems(word: str) -> set[str]:
    """The stems other forms of a (lower-case) word are made from: itself, without a final -e/-en."""
    out = {word}
    if word.endswith("en") and len(word) - 2 >= MIN_STEM:
        out.add(word[:-2])
    if word.endswith("e") and len(word) - 1 >= MIN_STEM:
        out.add(word[:-1])
    return out


def _lower(word: str) -> str:
    return nfc(word).lower()


def is_form(text_word: str, term_word: str) -> bool:
    """Is ``text_word`` an inflected form of ``term_word`` (both lower case)? Either is the other
    plus an ending, or both are one stem plus endings (unbekannte / unbekannter)."""
    if text_word == term_word:
        return True
    if len(term_word) < MIN_STEM:
        return False
    plain, lemma = _plain(text_word), _plain(term_word)
    if plain == lemma:
        return False  # an umlaut alone makes another word (große / Größe); a plural adds an ending too
    if plain.startswith(lemma) and plain[len(lemma):] in ENDINGS:
        return True
    if lemma.endswith("y") and plain == lemma[:-1] + "ies":  # English loans: Repository, Repositories
        return True
    for ending in ENDINGS[1:]:  # the term itself inflected: its stem, and the text word on it
        stem = lemma[:-len(ending)] if lemma.endswith(ending) else ""
        if len(stem) >= MIN_STEM and plain.startswith(stem) and plain[len(stem):] in ENDINGS:
            return True
    for stem in stems(lemma) - {lemma}:
        rest = plain[len(stem):] if plain.startswith(stem) else None
        if rest is not None and (rest in ENDINGS or rest in VERB_ENDINGS):
            return True
        if plain.startswith("ge") and plain[2:].startswith(stem) and plain[2 + len(stem):] in ("t", "et", "en"):
            return True  # a participle: gesetzt, gelöscht
        if stem.endswith("ier") and plain.startswith(stem) and plain[len(stem):] in ("t", "te", "ten", "tes", "ter"):
            return True
    return False


def element_span(text_word: str, term_word: str) -> tuple[int, int] | None:
    """Where ``term_word`` (or a form of it) is an element of the closed compound ``text_word``
    (lower case), as offsets into it; None when it is not."""
    if len(text_word) < len(term_word) + MIN_REST or len(term_word) < MIN_STEM:
        return None
    plain, lemma = _plain(text_word), _plain(term_word)
    # closing element: ...datei, ...dateien
    for ending in ENDINGS:
        tail = lemma + ending
        if plain.endswith(tail) and len(plain) - len(tail) >= MIN_REST:
            start = len(plain) - len(tail)
            return start, start + len(lemma) + len(ending)
    # opening element: datei|ende, gerät|e|typ, netzwerk|gerät
    for stem in stems(lemma):
        if plain.startswith(stem):
            for link in _LINKS:
                if plain.startswith(stem + link) and len(plain) - len(stem) - len(link) >= MIN_REST:
                    return 0, len(stem)
    return None


class WordForms:
    """The word forms of the given terms (one language of ``LANGUAGES``) in a text."""

    def __init__(self, entries: Sequence[TermEntry], *, lang: str) -> None:
        self.active = lang in LANGUAGES
        self._single: dict[str, list[tuple[TermEntry, str]]] = {}  # 4-letter head -> (entry, word)
        self._multi: list[tuple[TermEntry, list[str]]] = []
        if not self.active:
            return
        for entry in entries:
            words = [_lower(t.text) for t in tokenize(entry.text)]
            if len(words) == 1 and len(words[0]) >= MIN_STEM:
                self._single.setdefault(_plain(words[0])[:MIN_STEM], []).append((entry, words[0]))
            elif len(words) > 1:
                self._multi.append((entry, words))

    def holding(self, word: str, entries: Sequence[TermEntry]) -> TermEntry | None:
        """The first of ``entries`` whose term ``word`` holds as a compound element (``holds``), in a
        language of ``LANGUAGES``; None elsewhere."""
        if not self.active:
            return None
        return next((e for e in entries if holds(word, e)), None)

    def find(self, text: KeyedText, taken: Sequence[tuple[int, int]] = ()) -> list[WordFormHit]:
        """Word forms in ``text`` outside the ``taken`` spans (the exact hits); a multi-word form may
        cover taken spans (the caller drops the hits inside it)."""
        if not self.active or not text.tokens:
            return []
        keys = [_lower(t.text) for t in text.tokens]
        out: list[WordFormHit] = []
        used: list[tuple[int, int]] = list(taken)

        def free(start: int, end: int) -> bool:
            return not any(a < end and start < b for a, b in used)

        for entry, words in self._multi:
            n = len(words)
            for i in range(len(keys) - n + 1):
                if all(is_form(keys[i + k], words[k]) for k in range(n)) and text.clause[i] == text.clause[i + n - 1]:
                    start, end = text.tokens[i].start, text.tokens[i + n - 1].end
                    # a longer term wins over the hits inside it (öffentlichen Schlüssel over Schlüssel)
                    if not any(a <= start and end <= b for a, b in used):
                        out.append(WordFormHit(entry, start, end, "inflection"))
                        used.append((start, end))
        for index, key in enumerate(keys):
            token = text.tokens[index]
            if not free(token.start, token.end) or len(key) < MIN_STEM:
                continue
            plain = _plain(key)
            heads = {plain[:MIN_STEM]} | {plain[i:i + MIN_STEM] for i in range(1, len(plain) - MIN_STEM + 1)}
            best: WordFormHit | None = None
            for head in heads:
                for entry, word in self._single.get(head, ()):
                    if is_form(key, word):
                        hit = WordFormHit(entry, token.start, token.end, "inflection")
                    else:
                        span = element_span(key, word)
                        if span is None or len(key) != len(token.text):
                            continue  # offsets into the word are offsets into the token only when lengths agree
                        hit = WordFormHit(entry, token.start + span[0], token.start + span[1], "compound")
                    if best is None or _rank(hit) < _rank(best):
                        best = hit
            if best is not None:
                out.append(best)
                used.append((best.start, best.end))
        out.sort(key=lambda h: h.start)
        return out


def _rank(hit: WordFormHit) -> tuple[int, int]:
    """An inflection of the whole word before a compound element; a longer element first."""
    return (0 if hit.how == "inflection" else 1, -(hit.end - hit.start))


def _stems_of(entry: TermEntry) -> set[str]:
    words = [_lower(t.text) for t in tokenize(entry.text)]
    return {_plain(stem) for stem in stems(words[0])} if len(words) == 1 and len(words[0]) >= MIN_STEM else set()


# verb prefixes: durch|suchen, be|suchen, aktualisier|ung are other words, not compounds holding the term
_PREFIXES = frozenset({"durch", "uber", "unter", "ver", "be", "ent", "er", "zer", "an", "auf", "aus", "ein", "ab",
                       "vor", "nach", "zu", "mit", "um", "wieder", "hinter", "miss", "un", "ge"})


def holds(word: str, entry: TermEntry) -> bool:
    """Is the closed word ``word`` a form of ``entry``'s single-word term, or does it hold it as an
    element after a first element (Schema|such|reihenfolge, Typ|ausgabe|funktion, Block|größe)?
    Not after a verb prefix alone (durch|sucht)."""
    plain = _plain(_lower(word))
    if " " in word.strip():
        return False
    words = [_lower(t.text) for t in tokenize(entry.text)]
    if len(words) == 1 and is_form(_lower(word.strip()), words[0]):
        return True  # the term inflected (Geräte), where the matcher did not take it
    for stem in _stems_of(entry):
        at = plain.find(stem, MIN_REST)
        while at >= 0:
            if plain[:at] not in _PREFIXES:
                return True
            at = plain.find(stem, at + 1)
    return False
