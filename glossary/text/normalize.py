"""Text normalisation shared by matching, lookup, discovery and classification.

Surface forms that must compare equal: Unicode NFC/NFD, Vietnamese tone-mark
placement (old "hòa" / new "hoà"), case, curly vs straight quotes, hyphen vs space;
optionally diacritics (Phạm -> Pham, đ -> d). Matching works on *tokens*, each with
exact character offsets in the original string, so a match maps back to the text.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import NamedTuple

# Vietnamese tone marks as combining characters (NFD). Other marks (circumflex,
# breve, horn) change the letter, not the tone, and stay where they are.
TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")

# A token: letters/digits plus any combining marks (so NFD text tokenises like NFC).
# Written as runs of letters and runs of marks: the same tokens as one character class
# repeated, but the engine takes a run at a time.
_MARKS = r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff]"
_TOKEN_RE = re.compile(rf"(?:[^\W_]|{_MARKS})(?:[^\W_]+|{_MARKS}+)*", re.UNICODE)
# Punctuation that ends a clause: a term never spans it.
_BARRIER_CHARS = r".;:!?()\[\]{}|,\u2013\u2014\u3002\uff0c"
_BARRIER_RE = re.compile(rf"[{_BARRIER_CHARS}]")
# One pass for tokens and barriers; pure-ASCII text (most English) takes a far cheaper
# pattern: in ASCII, [^\W_] is exactly [A-Za-z0-9] and there are no combining marks.
_TOKEN_OR_BARRIER_RE = re.compile(rf"({_TOKEN_RE.pattern})|[{_BARRIER_CHARS}]")
_ASCII_TOKEN_RE = re.compile(r"[A-Za-z0-9]+")
_ASCII_TOKEN_OR_BARRIER_RE = re.compile(rf"([A-Za-z0-9]+)|[{_BARRIER_CHARS}]")

_D_FOLD = str.maketrans({"đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O"})
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'",
                         "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"',
                         "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-"})


class Token(NamedTuple):
    """A token and its offsets in the original string (a tuple: millions are made per run)."""

    text: str
    start: int  # offset in the original string
    end: int


_new_token = tuple.__new__  # builds a Token without the Python-level NamedTuple __new__


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def straighten(text: str) -> str:
    """Curly quotes to straight ones, dash variants to '-'."""
    return text.translate(_QUOTES)


def fold_diacritics(text: str) -> str:
    """Remove every diacritic (Phạm Minh Chính -> Pham Minh Chinh; đ -> d)."""
    decomposed = unicodedata.normalize("NFD", text.translate(_D_FOLD))
    return unicodedata.normalize("NFC", "".join(ch for ch in decomposed if not unicodedata.combining(ch)))


@lru_cache(maxsize=50_000)
def token_key(token: str, *, fold: bool = False) -> str:
    """Comparison key of one token.

    Case-folded; the tone mark is moved to the end of the token so that every
    placement (hòa, hoà) gives one key while tones still differ (hòa != hóa).
    With ``fold`` all diacritics go (and đ becomes d).
    """
    if fold:
        return fold_diacritics(token).casefold()
    decomposed = unicodedata.normalize("NFD", token.casefold())
    tones = "".join(ch for ch in decomposed if ch in TONE_MARKS)
    if not tones:
        return unicodedata.normalize("NFC", decomposed)
    bare = "".join(ch for ch in decomposed if ch not in TONE_MARKS)
    return unicodedata.normalize("NFC", bare) + tones


def tokenize(text: str) -> list[Token]:
    pattern = _ASCII_TOKEN_RE if text.isascii() else _TOKEN_RE
    return [_new_token(Token, (m.group(), *m.span())) for m in pattern.finditer(text)]


def tokens_and_barriers(text: str) -> list[Token | None]:
    """Tokens in order, with ``None`` where clause punctuation separates them (one pass)."""
    out: list[Token | None] = []
    append = out.append
    barrier = False
    pattern = _ASCII_TOKEN_OR_BARRIER_RE if text.isascii() else _TOKEN_OR_BARRIER_RE
    for m in pattern.finditer(text):
        if m.lastindex is None:  # clause punctuation: counts only between two tokens
            barrier = True
            continue
        if barrier:
            if out:
                append(None)
            barrier = False
        append(_new_token(Token, (m.group(), *m.span())))
    return out


def token_texts_and_barriers(text: str) -> list[str]:
    """Like ``tokens_and_barriers`` but only the token texts, with "" for clause punctuation
    (anywhere, repeated): the cheap form for callers that need no offsets."""
    pattern = _ASCII_TOKEN_OR_BARRIER_RE if text.isascii() else _TOKEN_OR_BARRIER_RE
    return pattern.findall(text)


def match_key(text: str, *, fold: bool = False) -> str:
    """Key of a whole phrase: token keys joined by single spaces.

    Hyphen, space, quotes and case differences vanish; "Secretary-General" and
    "secretary general" give the same key.
    """
    return " ".join(token_key(t.text, fold=fold) for t in tokenize(text))


def display_key(text: str) -> str:
    """Light normalisation for showing/grouping renderings: NFC, straight quotes, single spaces."""
    return " ".join(straighten(nfc(text)).split())


# --- Vietnamese tone placement -------------------------------------------------------
# Old style puts the tone on the first vowel of oa/oe/uy without a final consonant
# (hòa, thủy); new style on the second (hoà, thuỷ).
_OLD_TO_NEW = re.compile(r"(?i)([oOuU])([\u0300\u0301\u0303\u0309\u0323])([aeyAEY])(?![^\W\d_])")
_NEW_TO_OLD = re.compile(r"(?i)([oOuU])([aeyAEY])([\u0300\u0301\u0303\u0309\u0323])(?![^\W\d_])")


def tone_style(text: str, style: str = "new") -> str:
    """Rewrite oa/oe/uy tone placement to ``style`` ('old' or 'new'); NFC out."""
    decomposed = unicodedata.normalize("NFD", text)
    if style == "new":
        converted = _OLD_TO_NEW.sub(lambda m: m.group(1) + m.group(3) + m.group(2), decomposed)
    elif style == "old":
        converted = _NEW_TO_OLD.sub(lambda m: m.group(1) + m.group(3) + m.group(2), decomposed)
    else:
        raise ValueError(f"tone style must be 'old' or 'new', not {style!r}")
    return unicodedata.normalize("NFC", converted)
