"""Masking and words on real software strings: 378 Vietnamese and Japanese pairs from Debian's
message catalogues (tests/text/fixtures/README.md says which and under what licence)."""
from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from pathlib import Path

import pytest

from glossary.text.mask import ACCELERATOR, PRINTF, mask, masked_pair, masked_spans, strip_accelerators
from glossary.text.words import words

SAMPLE = Path(__file__).resolve().parent / "fixtures" / "catalogue-sample.jsonl"
ROWS = [json.loads(line) for line in SAMPLE.read_text(encoding="utf-8").splitlines() if line.strip()]
POSITION = re.compile(r"^%\d+\$")
# An independent, plain C printf pattern: what must never survive masking.
C_PRINTF = re.compile(r"%(?:\d+\$)?[-+#0']*\d*(?:\.\d+)?(?:hh|h|ll|l|z|j|t|L)?[diouxXeEfFgGcsp]")


def printf(text: str) -> Counter[str]:
    """The printf placeholders masked in ``text``, positions removed (%1$s reads %s)."""
    return Counter(POSITION.sub("%", text[s.start:s.end]) for s in masked_spans(text) if s.kind == PRINTF)


def prose_char(ch: str, lang: str) -> bool:
    if lang == "vi":  # letters with Vietnamese diacritics
        return ch.isalpha() and not ch.isascii()
    return unicodedata.name(ch, "").startswith(("CJK UNIFIED", "HIRAGANA", "KATAKANA"))


def test_the_sample_is_there() -> None:
    assert len(ROWS) >= 300
    assert {r["lang"] for r in ROWS} == {"vi", "ja"}
    assert sum("%" in r["msgid"] for r in ROWS) >= 150


@pytest.mark.parametrize("lang", ["vi", "ja"])
def test_source_and_translation_mask_the_same_placeholders(lang) -> None:
    rows = [r for r in ROWS if r["lang"] == lang]
    with_placeholders = [r for r in rows if printf(r["msgid"]) or printf(r["msgstr"])]
    agree = [r for r in with_placeholders if printf(r["msgid"]) == printf(r["msgstr"])]
    rate = len(agree) / len(with_placeholders)
    print(f"{lang}: {len(agree)}/{len(with_placeholders)} pairs with placeholders agree ({rate:.3f})")
    assert len(with_placeholders) >= 70
    assert rate >= 0.97  # the rest are translations that really differ (see the report)


@pytest.mark.parametrize("lang", ["vi", "ja"])
def test_masking_keeps_every_prose_character(lang) -> None:
    for row in (r for r in ROWS if r["lang"] == lang):
        text = row["msgstr"]
        for span in masked_spans(text):
            covered = text[span.start:span.end]
            assert not any(prose_char(c, lang) for c in covered), (text, span, covered)


def test_masking_removes_every_printf_placeholder() -> None:
    for row in ROWS:
        for text in (row["msgid"], row["msgstr"]):
            left = C_PRINTF.findall(mask(text).replace("%%", "  "))
            assert not left, (text, left)


def test_a_label_and_its_translation_both_have_their_mnemonic() -> None:
    # GTK labels: "_Hue:" / "_Sắc độ :", "Cu_t" / "切り取り(_T)", "Find and _Replace" / "Tìm và tha_y thế"
    labels, disagree = 0, []
    for row in ROWS:
        a, b = masked_pair(row["msgid"], row["msgstr"])
        has_a, has_b = (any(s.kind == ACCELERATOR for s in spans) for spans in (a, b))
        if has_a != has_b:
            disagree.append(row)
        labels += has_a and has_b
        if has_a and has_b:
            stripped, _ = strip_accelerators(row["msgstr"], mnemonic=True)
            assert "_" not in stripped, row
    assert labels >= 15
    # the one known miss: Linux-PAM's "pam_*_item()" translated as "pam_ * _item ()"
    assert len(disagree) <= 1, disagree


def test_words_of_the_sample_point_into_their_text() -> None:
    for row in ROWS:
        text = row["msgstr"]
        for tok in words(text, row["lang"], prose_only=True):
            original = text[tok.start:tok.end]
            assert original.replace("_", "").replace("&", "").replace("~", "") == tok.text, (text, tok)
