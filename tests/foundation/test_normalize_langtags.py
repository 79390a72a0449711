"""Pure functions: normalisation keys, tone placement, language tags."""
from __future__ import annotations

import unicodedata

import pytest

from glossary.errors import UsageError
from glossary.model.langtags import normalize_lang, same_language, uses_word_spaces
from glossary.text.normalize import fold_diacritics, match_key, token_key, tokenize, tokens_and_barriers, tone_style

NFD = lambda s: unicodedata.normalize("NFD", s)  # noqa: E731


@pytest.mark.parametrize(("a", "b", "fold", "equal"), [
    ("hòa bình", "hoà bình", False, True),          # tone placement
    ("thủy", "thuỷ", False, True),
    ("tùy", "tuỳ", False, True),
    ("hòa", "hóa", False, False),                   # a different tone is a different word
    (NFD("Phạm Minh Chính"), "Phạm Minh Chính", False, True),
    ("Secretary-General", "secretary general", False, True),
    ("“5 đẩy mạnh”", '"5 đẩy mạnh"', False, True),
    ("Pham Minh Chinh", "Phạm Minh Chính", False, False),
    ("Pham Minh Chinh", "Phạm Minh Chính", True, True),
    ("Bo Cong an", "Bộ Công an", True, True),
    ("dan tri", "Dân trí", True, True),
    ("Đà Nẵng", "Da Nang", True, True),
])
def test_match_key(a: str, b: str, fold: bool, equal: bool) -> None:
    assert (match_key(a, fold=fold) == match_key(b, fold=fold)) is equal


@pytest.mark.parametrize(("text", "style", "expected"), [
    ("hòa bình", "new", "hoà bình"),
    ("hoà bình", "old", "hòa bình"),
    ("Thủy, tùy", "new", "Thuỷ, tuỳ"),
    ("hoàn thành", "new", "hoàn thành"),  # a final consonant: placement is fixed
    ("khỏe", "new", "khoẻ"),
])
def test_tone_style(text: str, style: str, expected: str) -> None:
    assert tone_style(text, style) == expected


def test_tokens_keep_original_offsets_in_nfd_text() -> None:
    text = NFD("Thủ tướng Phạm Minh Chính")
    tokens = tokenize(text)
    assert [text[t.start:t.end] for t in tokens] == [t.text for t in tokens]
    assert len(tokens) == 5
    assert token_key(tokens[2].text) == token_key("phạm")


def test_barriers_stop_terms_crossing_clauses() -> None:
    items = tokens_and_barriers("in Hanoi, Convention")
    assert items[1] is not None and items[2] is None and items[3].text == "Convention"


def test_fold_diacritics() -> None:
    assert fold_diacritics("Bùi Thanh Sơn, Đà Nẵng, António") == "Bui Thanh Son, Da Nang, Antonio"


@pytest.mark.parametrize(("tag", "expected"), [
    ("vi", "vi"), ("vi-VN", "vi-VN"), ("vi_VN", "vi-VN"), ("VI", "vi"), ("en-gb", "en-GB"), ("zh_Hant_TW", "zh-Hant-TW"),
])
def test_normalize_lang(tag: str, expected: str) -> None:
    assert normalize_lang(tag) == expected


@pytest.mark.parametrize("tag", ["vn", "xx", "", "english"])
def test_bad_lang(tag: str) -> None:
    with pytest.raises(UsageError):
        normalize_lang(tag)


def test_language_helpers() -> None:
    assert same_language("vi", "vi_VN") and not same_language("en-US", "en-GB")
    assert uses_word_spaces("vi") and not uses_word_spaces("zh-Hans")
