"""Language tags: accept vi, vi-VN, vi_VN, VI and give one BCP-47 form back.

Validity is checked against CLDR through Babel, so a typo such as ``vn`` is caught.
"""
from __future__ import annotations

from functools import lru_cache

from babel import Locale, UnknownLocaleError

from glossary.errors import UsageError


@lru_cache(maxsize=1024)
def normalize_lang(tag: str) -> str:
    """Return the BCP-47 form (``vi``, ``vi-VN``, ``zh-Hant-TW``) or raise UsageError."""
    raw = (tag or "").strip()
    if not raw:
        raise UsageError("empty language tag")
    try:
        locale = Locale.parse(raw.replace("-", "_"))
    except (UnknownLocaleError, ValueError) as exc:
        raise UsageError(f"{raw!r} is not a known language tag (CLDR): {exc}") from None
    parts = [locale.language]
    if locale.script:
        parts.append(locale.script)
    if locale.territory:
        parts.append(locale.territory)
    if locale.variant:
        parts.append(locale.variant)
    return "-".join(parts)


def is_valid_lang(tag: str) -> bool:
    try:
        normalize_lang(tag)
    except UsageError:
        return False
    return True


def base_language(tag: str) -> str:
    """``vi-VN`` -> ``vi``: the part that decides matching rules and number formats."""
    return normalize_lang(tag).split("-", 1)[0]


def same_language(a: str, b: str) -> bool:
    """True when two tags name the same language (a region on one side only still matches)."""
    na, nb = normalize_lang(a), normalize_lang(b)
    if na == nb:
        return True
    return base_language(na) == base_language(nb) and ("-" not in na or "-" not in nb)


def display_name(tag: str, in_lang: str = "en") -> str:
    try:
        return Locale.parse(normalize_lang(tag).replace("-", "_")).get_display_name(in_lang) or tag
    except (UnknownLocaleError, ValueError):
        return tag


# Languages written without spaces between words: matching there cannot rely on word boundaries.
UNSPACED_LANGUAGES = frozenset({"zh", "ja", "th", "lo", "km", "my", "bo"})


def uses_word_spaces(tag: str) -> bool:
    return base_language(tag) not in UNSPACED_LANGUAGES
