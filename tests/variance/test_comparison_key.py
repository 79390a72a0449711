"""comparison_key / comparison_keys: the segment-conflict key, a word (or a batch of texts)
at a time, identical to ``KeyedText(text).key_text().strip()`` (the variance report's keys) for spaced languages."""
from __future__ import annotations

import sys
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from glossary.text.normalize import _BARRIER_RE, _TOKEN_RE, token_key
from glossary.variance import matching
from glossary.variance.matching import KeyedText, comparison_key, comparison_keys

# Letters (with tones, NFC and NFD), digits, clause marks, other punctuation, white space of
# every kind, marks on their own, and the characters the fast paths use as marks themselves.
PIECES = st.sampled_from([
    "a", "B", "z", "0", "9", "đ", "Đ", "hòa", "hoà", "HOÀ", "ho\u0300a", "ươ", "Ứ", "ß", "ﬁ", "İ", "Σ", "ς", "ǅ",
    "\u0301", "\u0323\u0300", "\u0338", "٣", "漢", "_", "-", "–", "—", "'", '"', "“", "”", "«",
    ".", ",", ";", ":", "!", "?", "(", ")", "[", "]", "{", "}", "|", "。", "，", "…", "$", "%", "&", "/",
    " ", "  ", "\t", "\n", "\r", "\x0b", "\x0c", "\x1c", "\x1f", "\x85", "\xa0", "\u2028", "\u3000",
    "\x00", "\x01", "\x1e",
])
TEXTS = st.lists(PIECES, max_size=14).map("".join)


def _reference(text: str) -> str:
    return KeyedText(text).key_text().strip()


@settings(max_examples=600, deadline=None)
@given(TEXTS)
def test_one_text_same_key(text: str) -> None:
    assert comparison_key(text) == _reference(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(TEXTS, max_size=12))
def test_a_batch_same_keys(texts: list[str]) -> None:
    assert comparison_keys(texts) == [_reference(t) for t in texts]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(st.characters(codec="ascii"), max_size=30), max_size=8))
def test_ascii_batches_same_keys(texts: list[str]) -> None:
    assert comparison_keys(texts) == [_reference(t) for t in texts]


def test_same_keys_after_the_word_cache_is_cleared(monkeypatch) -> None:
    monkeypatch.setattr(matching, "_KEYS_LIMIT", 3)
    texts = ["Hòa bình, hợp tác.", "Xin chào các bạn", "hoà BÌNH hợp tác", "a b c d e f"]
    assert comparison_keys(texts * 3) == [_reference(t) for t in texts * 3]


def test_white_space_is_never_part_of_a_token_or_a_clause_mark() -> None:
    """Why a text can be cut at white space (``str.split``) before it is tokenised."""
    for code in range(sys.maxunicode + 1):
        ch = chr(code)
        if ch.isspace():
            assert not _TOKEN_RE.match(ch) and not _BARRIER_RE.match(ch), hex(code)


def test_token_keys_hold_no_white_space_nor_the_marks_of_the_fast_paths() -> None:
    """Why keys can be joined with spaces and split again, with \\x00 and \\x01 as marks."""
    for code in range(sys.maxunicode + 1):
        ch = chr(code)
        if _TOKEN_RE.fullmatch(ch) and unicodedata.category(ch) != "Cn":
            key = token_key(ch)
            assert not any(c.isspace() or c in "\x00\x01" for c in key), hex(code)
