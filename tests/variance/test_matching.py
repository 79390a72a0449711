"""The term matcher: surface forms, word boundaries, exact offsets, cost independent of term count."""
from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from glossary.variance.matching import TermMatcher, resolve

from .helpers import glossary

G = glossary({
    "un": {"en": ["United Nations", ("UN", "admitted", "acronym"), ("U.N.", "deprecated", "acronym")]},
    "unodc": {"en": ["United Nations Office on Drugs and Crime", ("UNODC", "admitted", "acronym")]},
    "sg": {"en": ["Secretary-General"]},
    "pm": {"en": ["Phạm Minh Chính"], "vi": ["Phạm Minh Chính"]},
    "peace": {"vi": ["hòa bình"], "en": ["peace"]},
    "tuy": {"vi": ["tùy chỉnh"]},
    "crypto": {"vi": ["tiền mã hóa"]},
    "quote": {"en": ["no one is left behind"]},
    "aud": {"en": [("A$", "admitted", "abbreviation"), ("$", "deprecated", "abbreviation")]},
    "org": {"en": [("international organization", None, None, "noun")]},
    "combat": {"en": [("prevent and combat cybercrime", None, "phrase", "verb")]},
    "zh": {"zh": ["联合国"]},
})

NFD = lambda s: unicodedata.normalize("NFD", s)  # noqa: E731

# (language, text, expected [(concept, matched surface)], fold)
CASES = [
    ("en", "the United Nations said", [("un", "United Nations")], False),
    ("en", "the united nations said", [("un", "united nations")], False),  # case
    ("en", "the UN said", [("un", "UN")], False),
    ("en", "un pays, the un-named", [], False),  # capitals matter for UN
    ("en", "under the UNESCO flag", [], False),  # word boundaries: UN is not in UNESCO or under
    ("en", "the U.N. said", [("un", "U.N.")], False),
    ("en", "United Nations Office on Drugs and Crime (UNODC)",  # longest match wins over "United Nations"
     [("unodc", "United Nations Office on Drugs and Crime"), ("unodc", "UNODC")], False),
    ("en", "the Secretary General spoke", [("sg", "Secretary General")], False),  # hyphen vs space
    ("en", "the secretary‑general spoke", [("sg", "secretary‑general")], False),  # non-breaking hyphen
    ("en", "Secretary-\nGeneral", [("sg", "Secretary-\nGeneral")], False),
    ("en", NFD("Prime Minister Phạm Minh Chính"), [("pm", NFD("Phạm Minh Chính"))], False),  # NFD text
    ("en", "Prime Minister Pham Minh Chinh", [], False),  # no folding unless asked
    ("en", "Prime Minister Pham Minh Chinh", [("pm", "Pham Minh Chinh")], True),  # folded
    ("vi", "yêu chuộng hoà bình", [("peace", "hoà bình")], False),  # new-style tone placement
    ("vi", "yêu chuộng HÒA BÌNH", [("peace", "HÒA BÌNH")], False),
    ("vi", "tuỳ chỉnh giao diện", [("tuy", "tuỳ chỉnh")], False),
    ("vi", "tiền mã hoá", [("crypto", "tiền mã hoá")], False),
    ("vi", "hòa bình, thủy chung", [("peace", "hòa bình")], False),
    ("vi", "hóa bình", [], False),  # a different tone is a different word
    ("en", "so that “no one is left behind”", [("quote", "no one is left behind")], False),  # curly quotes
    ("en", 'so that "No one is left behind"', [("quote", "No one is left behind")], False),
    ("en", "no one is left. Behind the scenes", [], False),  # terms never cross a sentence
    ("en", "investing A$83.5 million, not US$5 or $7", [("aud", "A$"), ("aud", "$")], False),
    ("en", "international organizations and", [("org", "international organizations")], False),  # plural
    ("en", "preventing and combating cybercrime", [("combat", "preventing and combating cybercrime")], False),
    ("zh", "联合国秘书长", [("zh", "联合国")], False),  # no word spaces: characters
]


@pytest.mark.parametrize("lang, text, expected, fold", CASES)
def test_matches_whatever_the_surface_form(lang: str, text: str, expected: list[tuple[str, str]], fold: bool) -> None:
    matcher = TermMatcher(G, lang, fold=fold)
    found = [(m.entry.concept_id, text[m.start:m.end]) for m in matcher.find_text(text)]
    assert found == expected


def test_offsets_map_back_exactly_and_flag_folded_hits() -> None:
    text = NFD("Ông Phạm Minh Chính và ") + "Pham Minh Chinh, UN"
    matcher = TermMatcher(G, "en", fold=True)
    matches = matcher.find_text(text)
    assert [(text[m.start:m.end], m.folded) for m in matches] == [
        (NFD("Phạm Minh Chính"), False), ("Pham Minh Chinh", True), ("UN", False)]
    for m in matches:
        assert m.start == text.index(text[m.start:m.end], m.start)
        assert text[m.start].isalpha() and text[m.end - 1].isalpha()


def test_scan_keeps_overlaps_and_resolve_takes_leftmost_longest() -> None:
    matcher = TermMatcher(G, "en")
    text = "the United Nations Office on Drugs and Crime"
    every = matcher.scan(matcher.keyed(text))
    assert {m.entry.concept_id for m in every} == {"un", "unodc"}
    assert [m.entry.concept_id for m in resolve(every)] == ["unodc"]


def test_automaton_cost_does_not_loop_over_terms() -> None:
    # 20,000 extra terms that never occur: the scan finds the same hits, reading the text once.
    big = glossary({**{f"t{i}": {"en": [f"zzterm{i} qq{i}"]} for i in range(20_000)},
                    "un": {"en": ["United Nations"]}})
    matcher = TermMatcher(big, "en")
    assert [m.entry.concept_id for m in matcher.find_text("the United Nations and zzterm7 qq7")] == ["un", "t7"]


# comparison_key must give exactly the key KeyedText builds: segment conflicts rely on it.
_KEY_TEXTS = [
    "", "   ", "Hanoi", "Hanoi, Convention", ", leading comma", "trailing.", "a;; b", "UN Secretary-General António Guterres",
    "Thủ tướng Phạm Minh Chính: “5 đẩy mạnh” (five accelerations).", "hòa bình, hoà bình", "83,5 triệu AUD",
    "Chiều 25/10, tại Hà Nội... — phiên thảo luận!", "中文测试，好。",
]


@pytest.mark.parametrize("text", _KEY_TEXTS)
def test_comparison_key_equals_keyed_text(text: str) -> None:
    from glossary.variance.matching import KeyedText, comparison_key, comparison_keys

    assert comparison_key(text) == KeyedText(text).key_text().strip()
    assert comparison_keys([text, text]) == [KeyedText(text).key_text().strip()] * 2


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("aAbđĐ ,.;:-()!?éòoà\u0300\u0301 1\u201c\u201d")), max_size=40))
def test_comparison_key_equals_keyed_text_on_random_text(text: str) -> None:
    from glossary.variance.matching import KeyedText, comparison_key

    assert comparison_key(text) == KeyedText(text).key_text().strip()
