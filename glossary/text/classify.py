"""What kind of variant one rendering is of another.

Shared by the variance report (variant vs the preferred term) and discovery
(variant vs the proposed canonical rendering). Classes run from noise to real
drift; ``drift_rank`` orders them so terminology drift is reported first.

Tests run in order, first hit wins: identical, orthographic (NFC/NFD, tone-mark
placement, quote style), case/hyphen (also open vs closed compounds and "5" vs "five"), numeric (figures or currency differ),
diacritics, US/UK spelling, abbreviation (acronym vs full form, or a shortened
name), misspelling (a near miss), and otherwise lexical.
"""
from __future__ import annotations

import re
from enum import Enum

from rapidfuzz.distance import OSA

from glossary.text.normalize import display_key, match_key, nfc, tokenize, tone_style


class VariantClass(str, Enum):
    IDENTICAL = "identical"
    ORTHOGRAPHIC = "orthographic"
    CASE_HYPHEN = "case-hyphen"
    US_UK = "us-uk-spelling"
    DIACRITICS = "diacritics"
    ABBREVIATION = "abbreviation"
    MISSPELLING = "misspelling"
    NUMERIC = "numeric"
    LEXICAL = "lexical"


_DRIFT_ORDER = (
    # a misspelling is an error in print; an abbreviation is usually an admitted form
    VariantClass.LEXICAL, VariantClass.NUMERIC, VariantClass.MISSPELLING, VariantClass.ABBREVIATION,
    VariantClass.DIACRITICS, VariantClass.US_UK, VariantClass.CASE_HYPHEN, VariantClass.ORTHOGRAPHIC,
    VariantClass.IDENTICAL,
)
_RANK = {cls: i for i, cls in enumerate(_DRIFT_ORDER)}


def drift_rank(cls: VariantClass) -> int:
    """Lower is more serious: lexical drift, numbers, misspellings, abbreviations, diacritics,
    US/UK spelling, case/hyphen, orthographic noise last."""
    return _RANK[cls]


def most_serious(classes: list[VariantClass]) -> VariantClass:
    return min(classes, key=drift_rank) if classes else VariantClass.IDENTICAL


# --- near misses ------------------------------------------------------------------
# Thresholds, on diacritic-folded, case-folded keys (spaces removed):
#   both at least MIN_LEN_MIXED characters when either side has a capital (names,
#   acronyms: UNDOC/UNODC), at least MIN_LEN_LOWER when both are lower case
#   (ordinary words: form/from must not match);
#   optimal-string-alignment distance (a transposition costs 1) at most 1 up to 10
#   characters, 2 up to 20, 3 beyond; normalised similarity at least MIN_SIMILARITY
#   (Austria/Australia: distance 2 in 9 characters, not a near miss);
#   a regular English inflection (nation/nations, cover/covered) is not a near miss.
MIN_LEN_MIXED = 4
MIN_LEN_LOWER = 6
MIN_SIMILARITY = 0.8


def _max_distance(length: int) -> int:
    return 1 if length <= 10 else 2 if length <= 20 else 3


def squashed_key(text: str) -> str:
    """Case- and diacritic-folded key without spaces: near misses compare these, and discovery
    finds a name copied across by it ("Pham Minh Chinh" for "Phạm Minh Chính")."""
    return match_key(text, fold=True).replace(" ", "")


def _is_inflection(short: str, long: str) -> bool:
    if not long.startswith(short):
        return False
    suffix = long[len(short):]
    if suffix == "s":
        return not short.endswith("s")
    return suffix in ("es", "ed", "d", "ing", "er", "ly") and len(short) >= 3


def near_miss_score(a: str, b: str) -> float:
    """Similarity in [0, 100] of the folded keys (OSA, transpositions count once)."""
    return OSA.normalized_similarity(squashed_key(a), squashed_key(b)) * 100.0


def is_near_miss(a: str, b: str) -> bool:
    """True when ``a`` looks like a misspelling of ``b`` (or the reverse); see thresholds above.

    Phrases of the same length are compared word by word: every differing word must be a
    near miss itself, so "digital age" / "digital era" (a different word) is not one.
    """
    words_a, words_b = a.split(), b.split()
    if len(words_a) == len(words_b) > 1:
        differing = [(x, y) for x, y in zip(words_a, words_b) if match_key(x, fold=True) != match_key(y, fold=True)]
        return bool(differing) and all(is_near_miss(x, y) for x, y in differing)
    ka, kb = squashed_key(a), squashed_key(b)
    if not ka or not kb or ka == kb:
        return False
    if any(ch.isdigit() for ch in ka + kb) and re.sub(r"\d", "", ka) == re.sub(r"\d", "", kb):
        return False  # differing figures are numeric variance, not spelling
    has_capital = any(ch.isupper() for ch in a + b)
    min_len = MIN_LEN_MIXED if has_capital else MIN_LEN_LOWER
    if min(len(ka), len(kb)) < min_len:
        return False
    short, long = sorted((ka, kb), key=len)
    if _is_inflection(short, long) or neutral_spelling(ka) == neutral_spelling(kb):
        return False  # grammar or a US/UK spelling, not a typo
    distance = OSA.distance(ka, kb)
    if distance > _max_distance(max(len(ka), len(kb))):
        return False
    return OSA.normalized_similarity(ka, kb) >= MIN_SIMILARITY


# --- numbers and currency -----------------------------------------------------------
# Not glossary.text.numbers: its CLDR reader applies scale words and reads dates ("5 million" = "5,000,000"),
# so classes would change (numeric -> lexical there); discovery.renderings shares ``figures`` too.
_NUMBER_RE = re.compile(r"\d+(?:[.,\s]\d{3})*(?:[.,]\d+)?")
_CARDINAL_WORDS = {w: str(i) for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty".split())}
_NUMBER_WORDS = _CARDINAL_WORDS | {"first": "1", "second": "2", "third": "3", "fourth": "4", "fifth": "5"}
CURRENCY_MARKS = {
    "$": "$", "us$": "USD", "usd": "USD", "aud": "AUD", "a$": "AUD", "€": "EUR", "eur": "EUR", "£": "GBP",
    "gbp": "GBP", "¥": "JPY", "jpy": "JPY", "cny": "CNY", "vnd": "VND", "₫": "VND", "đồng": "VND", "dong": "VND",
}
_CURRENCY_RE = re.compile(r"(?i)(?<![\w$])(us\$|a\$|\$|€|£|¥|₫|usd|aud|eur|gbp|jpy|cny|vnd|đồng|dong)(?!\w)")


def figures(text: str) -> list[str]:
    """Numbers in a text, digits only (1,000 and 1.000 both give 1000 only when grouped by 3)."""
    out = []
    for m in _NUMBER_RE.finditer(text):
        out.append(re.sub(r"[.,\s](?=\d{3}(?:\D|$))", "", m.group()).replace(",", "."))
    for token in tokenize(text.lower()):
        if token.text in _NUMBER_WORDS:
            out.append(_NUMBER_WORDS[token.text])
    return sorted(out)


def _digits_for_words(text: str) -> str:
    return " ".join(_CARDINAL_WORDS.get(k, k) for k in match_key(text).split())


def currencies(text: str) -> list[str]:
    return sorted(CURRENCY_MARKS[m.group(1).lower()] for m in _CURRENCY_RE.finditer(text))


# --- US/UK spelling -------------------------------------------------------------------
# UK -> neutral rewrites applied to both sides; equal results mean a spelling variant.
_US_UK_RULES = [
    (re.compile(r"programme"), "program"),
    (re.compile(r"isation"), "ization"),
    (re.compile(r"(?<=[a-z]{2})is(e|es|ed|ing)$"), r"iz\1"),
    (re.compile(r"yse(s|d)?$"), r"yze\1"),
    (re.compile(r"our(s|ed|ing|able|ite|ites)?$"), r"or\1"),
    (re.compile(r"tre(s)?$"), r"ter\1"),
    (re.compile(r"ence$"), "ense"),
    (re.compile(r"ogue(s)?$"), r"og\1"),
    (re.compile(r"([aeiou])ll(ed|ing|er|ers)$"), r"\1l\2"),
    (re.compile(r"fulfil$"), "fulfill"),
    (re.compile(r"enrol$"), "enroll"),
]


def neutral_spelling(word: str) -> str:
    """A US/UK-neutral form of one lower-case word (programme -> program, organisation -> organization)."""
    for pattern, replacement in _US_UK_RULES:
        word = pattern.sub(replacement, word)
    return word


def _same_but_spelling(a: str, b: str) -> bool:
    ta, tb = match_key(a, fold=True).split(), match_key(b, fold=True).split()
    if len(ta) != len(tb) or ta == tb:
        return False
    return all(x == y or neutral_spelling(x) == neutral_spelling(y) for x, y in zip(ta, tb))


# --- abbreviations ---------------------------------------------------------------------
_FUNCTION_WORDS = frozenset("of on and for the in to at by de du des la le et và của về".split())


def is_acronym(token: str) -> bool:
    """UNODC, U.N., PM: two to eight capital letters, dots allowed."""
    letters = token.replace(".", "")
    return 2 <= len(letters) <= 8 and letters.isupper() and letters.isalpha()


def _initials(words: list[str]) -> str:
    return "".join(w[0] for w in words if w.lower() not in _FUNCTION_WORDS).upper()


def _expand(tokens: list[str], other: list[str]) -> list[str]:
    """Replace acronyms in ``tokens`` by the run of ``other`` whose initials spell them."""
    out: list[str] = []
    for token in tokens:
        if is_acronym(token):
            letters = token.replace(".", "").upper()
            found = None
            for i in range(len(other)):
                for j in range(i + 1, min(len(other), i + 3 * len(letters)) + 1):
                    run = other[i:j]
                    if run[0].lower() in _FUNCTION_WORDS or run[-1].lower() in _FUNCTION_WORDS:
                        continue
                    if _initials(run) == letters:
                        found = run
                        break
                if found:
                    break
            out.extend(found if found else [token])
        else:
            out.append(token)
    return out


def _content(keys: list[str]) -> list[str]:
    return sorted(k for k in keys if k not in _FUNCTION_WORDS)


def _is_subsequence(short: list[str], long: list[str]) -> bool:
    it = iter(long)
    return all(any(x == y for y in it) for x in short)


def is_abbreviation_of(a: str, b: str) -> bool:
    """Acronym vs full form (UNODC / United Nations Office on Drugs and Crime, UN Secretary-General /
    United Nations Secretary-General), a full form with the acronym in brackets, or a name shortened
    by dropping capitalised words (PM Chinh / Prime Minister Pham Minh Chinh)."""
    ta = [t.text for t in tokenize(a)]
    tb = [t.text for t in tokenize(b)]
    if not ta or not tb:
        return False
    ea, eb = _expand(ta, tb), _expand(tb, ta)
    key = lambda tokens: [match_key(t, fold=True) for t in tokens]  # noqa: E731
    ka, kb = key(ea), key(eb)
    expanded = ea != ta or eb != tb
    if expanded and (ka == kb or _content(ka) == _content(kb)):
        return True  # same words once acronyms are spelled out (order aside)
    # a full form followed by its acronym in brackets, or any shortening by capitalised words
    for short, long, long_tokens in ((ka, kb, eb), (kb, ka, ea)):
        if len(short) < len(long) and _is_subsequence(short, long):
            dropped = list(long_tokens)
            for word in short:
                for i, token in enumerate(dropped):
                    if match_key(token, fold=True) == word:
                        del dropped[i]
                        break
            if dropped and all(t[:1].isupper() or is_acronym(t) for t in dropped):
                return True
    return False


# --- the classifier --------------------------------------------------------------------
def classify_variant(variant: str, reference: str, *, lang: str = "en") -> VariantClass:
    """Class of ``variant`` against ``reference`` (the preferred or canonical rendering)."""
    if " ".join(nfc(variant).split()) == " ".join(nfc(reference).split()):
        return VariantClass.IDENTICAL
    a, b = display_key(variant), display_key(reference)
    if tone_style(a, "new") == tone_style(b, "new"):
        return VariantClass.ORTHOGRAPHIC  # NFD, tone placement, quote style
    if match_key(a).replace(" ", "") == match_key(b).replace(" ", ""):
        return VariantClass.CASE_HYPHEN  # case, hyphen/space, open vs closed compound
    if _digits_for_words(a) == _digits_for_words(b):
        return VariantClass.CASE_HYPHEN  # number style: "5 Accelerations" / "five accelerations"
    if figures(a) != figures(b) or currencies(a) != currencies(b):
        return VariantClass.NUMERIC
    if match_key(a, fold=True) == match_key(b, fold=True):
        return VariantClass.DIACRITICS
    if _same_but_spelling(a, b):
        return VariantClass.US_UK
    if is_abbreviation_of(a, b):
        return VariantClass.ABBREVIATION
    if is_near_miss(a, b):
        return VariantClass.MISSPELLING
    return VariantClass.LEXICAL

