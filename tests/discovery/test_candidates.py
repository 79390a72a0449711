"""Stage 1: candidate source terms."""
from __future__ import annotations

import pytest

from glossary.discovery.candidates import cohesion, extract_candidates, fragments, mine_ngrams
from glossary.discovery.spans import name_spans, number_spans, quoted_spans
from glossary.text.normalize import match_key

VI = [
    "Bộ Công an tổ chức hội nghị về tội phạm mạng.",
    "Tội phạm mạng gia tăng, Bộ Công an cảnh báo.",
    "Hợp tác quốc tế về tội phạm mạng của các nước.",
    "Các nước đẩy mạnh hợp tác quốc tế và của các tổ chức.",
    "Thủ tướng Phạm Minh Chính gặp đại diện UNODC tại Hà Nội.",
]


def keys(cset) -> set[str]:
    return {c.text.lower() for c in cset.candidates}


def by_text(cset, text: str):
    return cset.candidates[cset.by_key()[match_key(text)]]


def test_recurring_syllable_ngrams_are_candidates_and_function_words_are_not() -> None:
    cset = extract_candidates(VI, lang="vi")
    found = keys(cset)
    assert {"tội phạm mạng", "hợp tác quốc tế", "bộ công an"} <= found
    function = {"của", "và", "các", "về"}
    ngrams = [c.text.lower().split() for c in cset.candidates if c.kinds == {"ngram"}]
    assert ngrams and not any(words[0] in function or words[-1] in function for words in ngrams)


def test_counts_are_distinct_passages_not_segments() -> None:
    twice = VI + VI  # the same passages rendered twice: still one use each
    assert by_text(extract_candidates(VI, lang="vi"), "tội phạm mạng").frequency == 3
    passages = list(dict.fromkeys(twice))
    assert len(passages) == len(VI) and by_text(extract_candidates(passages, lang="vi"), "tội phạm mạng").frequency == 3


def test_single_syllables_are_not_vietnamese_candidates_but_single_words_are_english_ones() -> None:
    assert not any(len(c.key.split()) == 1 and c.kinds == {"ngram"} for c in extract_candidates(VI, lang="vi").candidates)
    en = ["Cybercrime rises in Asia.", "Police fight cybercrime.", "The cybercrime convention."]
    assert "cybercrime" in keys(extract_candidates(en, lang="en"))


def test_names_acronyms_quotes_and_numbers_are_candidates_whatever_their_frequency() -> None:
    cset = extract_candidates(["Thủ tướng nêu tinh thần \"5 đẩy mạnh\" và cam kết 83,5 triệu AUD cho UNODC."], lang="vi")
    by_kind = {k: {c.text for c in cset.candidates if k in c.kinds} for k in ("quoted", "number", "acronym")}
    assert by_kind["quoted"] == {"5 đẩy mạnh"}
    assert by_kind["number"] == {"83,5 triệu AUD"}
    assert by_kind["acronym"] == {"UNODC"}  # "AUD" belongs to its number
    number = next(c for c in cset.candidates if "number" in c.kinds)
    assert number.value == pytest.approx(83_500_000)


def test_glossary_terms_are_candidates_with_their_concept() -> None:
    cset = extract_candidates(VI, lang="vi", glossary_terms=[("Văn phòng Liên hợp quốc", "unodc"), ("hội nghị", "conf")])
    conf = by_text(cset, "hội nghị")
    assert "glossary" in conf.kinds and conf.concept == "conf" and conf.frequency == 1
    assert by_text(cset, "Văn phòng Liên hợp quốc").frequency == 0


def test_passage_candidates_index_points_back_to_the_passages() -> None:
    cset = extract_candidates(VI, lang="vi")
    cid = cset.by_key()[match_key("tội phạm mạng")]
    assert [p for p, cands in enumerate(cset.passage_candidates) if cid in cands] == cset.candidates[cid].passages == [0, 1, 2]


@pytest.mark.parametrize(("gram", "expected"), [
    (("a", "b"), 2 * 2 / (2 + 4)),
    (("a",), 1.0),
    (("a", "c"), 0.0),
])
def test_cohesion_is_the_dice_of_the_weakest_split(gram: tuple[str, ...], expected: float) -> None:
    counts = {("a",): 2, ("b",): 4, ("a", "b"): 2, ("c",): 3}
    assert cohesion(gram, counts) == pytest.approx(expected)


def test_mining_is_level_wise_and_thresholded() -> None:
    passages = [[["x", "y", "z"]], [["x", "y", "w"]], [["q", "y", "z"]]]
    counts = mine_ngrams(passages, min_passages=2, max_n=3)
    assert counts[("x", "y")] == 2 and counts[("y", "z")] == 2
    assert ("x", "y", "z") not in counts and ("q",) not in counts


def test_fragments_always_sharing_a_neighbour_are_dropped() -> None:
    passages = [[["công", "ước", "của", "x"]], [["a", "công", "ước", "của"]], [["công", "ước", "b"]]]
    grams = {("ước", "của"): 1.0, ("công", "ước"): 1.0}
    assert fragments(passages, grams) == {("ước", "của")}  # always after "công"


@pytest.mark.parametrize(("text", "lang", "expected"), [
    ('tinh thần "5 đẩy mạnh": và “5 Accelerations”', "vi", ["5 đẩy mạnh", "5 Accelerations"]),
    ("“no one is left behind in the digital era.”", "en", ["no one is left behind in the digital era"]),
    ('a "quote that is far too long to be a term at all, it is a whole sentence said by someone"', "en", []),
])
def test_quoted_spans(text: str, lang: str, expected: list[str]) -> None:
    assert [q.text for q in quoted_spans(text)] == expected


@pytest.mark.parametrize(("text", "lang", "expected"), [
    ("Thủ tướng Phạm Minh Chính và Tổng Thư ký, UNODC, Liên hợp quốc", "vi", ["Phạm Minh Chính", "Tổng Thư", "UNODC"]),
    ("The United Nations Office on Drugs and Crime (UNODC) met PM Chinh.", "en",
     ["United Nations Office on Drugs and Crime", "UNODC", "PM", "Chinh"]),  # an acronym stands alone
    ("Australia has committed.", "en", []),
])
def test_name_spans(text: str, lang: str, expected: list[str]) -> None:
    assert [s.text for s in name_spans(text, lang)] == expected


@pytest.mark.parametrize(("text", "lang", "value", "currency"), [
    ("đầu tư 83,5 triệu AUD", "vi", 83_500_000, "AUD"),
    ("investing AUD 83.5 million", "en", 83_500_000, "AUD"),
    ("1.000 đại biểu", "vi", 1000, None),
])
def test_number_spans_read_the_languages_own_format(text: str, lang: str, value: float, currency: str | None) -> None:
    span = number_spans(text, lang)[0]
    assert span.value == pytest.approx(value) and span.currency == currency


def test_what_is_not_prose_is_never_a_token() -> None:
    from glossary.discovery.candidates import units

    texts = [t.text for t in units("Không thể mở thư _mục %s: dùng --file=TẬP_TIN hoặc <b>~/.config</b>", "vi") if t]
    assert texts == ["Không", "thể", "mở", "thư", "mục", "dùng", "TẬP", "TIN", "hoặc"]
