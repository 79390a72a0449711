"""Stage 3: occurrences to variant groups; classification; canonical choice."""
from __future__ import annotations

import pytest

from glossary.discovery.align import Occurrence
from glossary.discovery.grouping import Bucket, buckets_of, choose_canonical, make_group, name_spelling_groups
from glossary.text.classify import VariantClass

from .helpers import seg


def occurrences(items: list[tuple[str, str, str]]) -> tuple[list, list[Occurrence]]:
    """(target sentence, rendering in it, method) -> segments and occurrences."""
    segs, occs = [], []
    for i, (target, text, method) in enumerate(items):
        segs.append(seg("nguồn", target, unit=f"u{i}", document=f"d{i % 3}"))
        start = target.index(text)
        occs.append(Occurrence(0, i, text, start, start + len(text), method, 1.0))
    return segs, occs


def forms(buckets: list[Bucket]) -> dict[str, int]:
    return {b.display: b.count for b in buckets}


def test_inflection_and_sentence_opening_capitals_are_not_new_forms() -> None:
    segs, occs = occurrences([
        ("the countries agreed", "countries", "association"),
        ("one country agreed", "country", "association"),
        ("Countries agreed first", "Countries", "association"),
    ])
    assert forms(buckets_of(occs, segs, "en")) == {"countries": 3}


def test_a_capital_mid_sentence_is_a_form_of_its_own() -> None:
    segs, occs = occurrences([("the signing ceremony", "signing ceremony", "association"),
                              ("the Signing Ceremony", "Signing Ceremony", "association")])
    assert forms(buckets_of(occs, segs, "en")) == {"signing ceremony": 1, "Signing Ceremony": 1}


def test_a_fragment_joins_the_form_it_is_part_of() -> None:
    segs, occs = occurrences([
        ("we want international cooperation", "international cooperation", "association"),
        ("more international cooperation now", "international cooperation", "association"),
        ("more cooperation now", "cooperation", "association"),
    ])
    assert forms(buckets_of(occs, segs, "en")) == {"international cooperation": 3}


def test_a_word_of_the_same_family_joins_the_more_used_form() -> None:
    segs, occs = occurrences([("we want cooperation", "cooperation", "association"),
                              ("more cooperation now", "cooperation", "association"),
                              ("they cooperate now", "cooperate", "association")])
    assert forms(buckets_of(occs, segs, "en")) == {"cooperation": 3}


def test_a_form_found_by_its_own_evidence_is_not_a_fragment() -> None:
    segs, occs = occurrences([("the signing ceremony", "signing ceremony", "association"),
                              ("the signing ceremony", "signing ceremony", "association"),
                              ('the "ceremony"', "ceremony", "quoted")])
    assert forms(buckets_of(occs, segs, "en")) == {"signing ceremony": 2, "ceremony": 1}


def test_canonical_is_the_glossary_term_then_the_source_form_of_a_name_then_the_most_used() -> None:
    segs, occs = occurrences([("a UNDOC b", "UNDOC", "name"), ("c UNDOC d", "UNDOC", "name"), ("e UNODC f", "UNODC", "name")])
    buckets = buckets_of(occs, segs, "en")
    best, why = choose_canonical(buckets, segs, source_text="UNODC", kinds={"acronym"}, glossary_terms=[])
    assert best.display == "UNODC" and "as in the source" in why
    best, why = choose_canonical(buckets, segs, source_text="UNODC", kinds={"ngram"}, glossary_terms=[])
    assert best.display == "UNDOC" and "2 of 3" in why
    best, why = choose_canonical(buckets, segs, source_text=None, kinds=set(), glossary_terms=["UNODC"])
    assert best.display == "UNODC" and "glossary" in why


@pytest.mark.parametrize(("variant", "canonical", "expected"), [
    ("UNDOC", "UNODC", VariantClass.MISSPELLING),
    ("Pham Minh Chinh", "Phạm Minh Chính", VariantClass.DIACRITICS),
    ("action programme", "action program", VariantClass.US_UK),
    ("5 Accents", "5 Strengthens", VariantClass.LEXICAL),
    ("$83.5 million", "AUD 83.5 million", VariantClass.NUMERIC),
    ("Secretary General", "Secretary-General", VariantClass.CASE_HYPHEN),
    ("UN", "United Nations", VariantClass.ABBREVIATION),
])
def test_each_rendering_is_classified_against_the_canonical(variant: str, canonical: str, expected: VariantClass) -> None:
    segs, occs = occurrences([(f"x {canonical} y", canonical, "name"), (f"z {canonical} w", canonical, "name"),
                              (f"x {variant} y", variant, "name")])
    group = make_group(buckets_of(occs, segs, "en"), segs, target_lang="en", source_text="t", source_key="t",
                       kinds={"ngram"}, evidence=[])
    assert group.canonical == canonical
    assert group.rendering(variant).cls is expected and group.cls is expected
    assert group.total == 3 and group.rendering(canonical).canonical


def test_names_written_several_ways_in_the_target_form_a_group_without_a_source() -> None:
    segs = [seg("a", "We met Bui Thanh Son today.", unit="1"), seg("b", "We met Bùi Thanh Sơn today.", unit="2")]
    groups = name_spelling_groups(segs, target_lang="en", covered=set())
    assert len(groups) == 1 and groups[0].source_term is None
    assert groups[0].cls is VariantClass.DIACRITICS
    assert name_spelling_groups(segs, target_lang="en", covered={"Bui Thanh Son", "Bùi Thanh Sơn"}) == []


# -- rules for real catalogues (issue 15) ---------------------------------------------------------
def test_a_shouted_or_underscored_form_joins_the_same_words_in_lower_case() -> None:
    segs, occs = occurrences([("mở tập tin", "tập tin", "alignment")] * 3
                             + [("Cách dùng: TẬP_TIN", "TẬP_TIN", "alignment"), ("TẬP TIN", "TẬP TIN", "alignment")])
    assert forms(buckets_of(occs, segs, "vi")) == {"tập tin": 5}


def test_a_rare_aligned_span_holding_a_common_form_is_that_form() -> None:
    items = [("đầu tư lớn", "đầu tư", "alignment")] * 40 + [("đầu tư đầu năm", "đầu tư đầu", "alignment")]
    segs, occs = occurrences(items)
    assert forms(buckets_of(occs, segs, "vi")) == {"đầu tư": 41}


def test_a_word_left_untranslated_is_not_the_canonical_of_a_translated_term() -> None:
    segs, occs = occurrences([("mở tập tin", "tập tin", "alignment")] * 5 + [("mở file", "file", "alignment")] * 2)
    buckets = buckets_of(occs, segs, "vi")
    # "file" was also seen written in capitals (FILE), so the miner called it a name: still not canonical
    canon, why = choose_canonical(buckets, segs, source_text="file", kinds={"ngram", "name"}, glossary_terms=[])
    assert canon.display == "tập tin" and "translated" in why


def test_an_acronym_the_corpus_mostly_writes_across_is_its_own_canonical() -> None:
    segs, occs = occurrences([("gặp UNODC", "UNODC", "name")] * 3 + [("gặp UNDOC", "UNDOC", "name")])
    canon, why = choose_canonical(buckets_of(occs, segs, "en"), segs, source_text="UNODC", kinds={"acronym"},
                                  glossary_terms=[])
    assert canon.display == "UNODC" and "written as in the source" in why


@pytest.mark.parametrize("glossary_terms", [[], ["Ministry of Public Security", "Ministry of Police"]])
def test_a_deprecated_form_is_never_proposed_while_another_is_there(glossary_terms: list[str]) -> None:
    segs, occs = occurrences([("the Ministry of Police met", "Ministry of Police", "alignment")] * 6
                             + [("the Ministry of Public Security met", "Ministry of Public Security", "alignment")])
    canon, _ = choose_canonical(buckets_of(occs, segs, "en"), segs, source_text="Bộ Công an", kinds={"ngram"},
                                glossary_terms=glossary_terms, avoid=frozenset({"ministry of police"}))
    assert canon.display == "Ministry of Public Security"


def test_a_variant_is_classed_against_the_nearest_usable_rendering() -> None:
    segs, occs = occurrences([("the United Nations Office on Drugs and Crime", "United Nations Office on Drugs and Crime",
                               "glossary")] * 2 + [("UNDOC said", "UNDOC", "name")] * 2)
    group = make_group(buckets_of(occs, segs, "en"), segs, target_lang="en", source_text="UNODC", source_key="unodc",
                       kinds={"acronym"}, evidence=[], glossary_terms=["United Nations Office on Drugs and Crime", "UNODC"])
    undoc = next(r for r in group.renderings if r.text == "UNDOC")
    assert group.canonical == "United Nations Office on Drugs and Crime" and undoc.cls is VariantClass.MISSPELLING


@pytest.mark.parametrize(("text", "start", "end", "expected"), [
    ("このファイルを削除", 3, 5, "ファイル"),  # a katakana word is not cut
    ("の設定中に", 0, 3, "設定"),  # particles at the edges left out
    ("userを開く", 1, 3, "user"),  # nor a Latin word
    ("を削除し", 0, 4, "削除"),
    ("はい", 0, 2, "はい"),  # a span of hiragana only stays
])
def test_a_span_written_without_spaces_is_taken_to_whole_words(text: str, start: int, end: int, expected: str) -> None:
    from glossary.discovery.shape import whole_runs as _whole_runs

    a, b = _whole_runs(text, start, end)
    assert text[a:b] == expected


def jp_occurrences(items: list[tuple[str, str, str, int]]) -> tuple[list, list[Occurrence]]:
    """(target, rendering, method, times) -> segments and occurrences in a Japanese target."""
    segs, occs = [], []
    for target, text, method, times in items:
        for _ in range(times):
            i = len(segs)
            segs.append(seg("src", target, unit=f"u{i}", source_lang="en", target_lang="ja"))
            start = target.index(text)
            occs.append(Occurrence(0, i, text, start, start + len(text), method, 0.6))
    return segs, occs


def test_a_compound_without_spaces_is_the_rendering_it_holds_and_long_vowel_spellings_stay_apart() -> None:
    segs, occs = jp_occurrences([("ファイルを開く", "ファイル", "alignment", 6),
                                 ("アーカイブステータスファイルを閉じる", "アーカイブステータスファイル", "alignment", 2),
                                 ("ファイルー", "ファイルー", "alignment", 2)])
    buckets = buckets_of(occs, segs, "ja")
    assert forms(buckets) == {"ファイル": 8, "ファイルー": 2}
    cut = [o for b in buckets for o in b.occurrences if segs[o.segment].target.startswith("アーカイブ")]
    assert {o.text for o in cut} == {"ファイル"} and all(o.start == len("アーカイブステータス") for o in cut)  # the element
    group = make_group(buckets, segs, target_lang="ja", source_text="file", source_key="file", kinds={"ngram"},
                       evidence=[])
    assert group.rendering("ファイルー").cls is VariantClass.ORTHOGRAPHIC


def test_a_fragment_joins_the_most_used_form_holding_it() -> None:
    segs, occs = occurrences([("thư mục a", "thư mục", "alignment")] * 6 + [("THƯ_MỤC thư mục", "THƯ_MỤC thư mục", "alignment")] * 2
                             + [("thư mục b", "mục", "alignment")] * 2)
    buckets = buckets_of(occs, segs, "vi")
    assert forms(buckets)["thư mục"] == 8


def test_in_vietnamese_a_shorter_form_standing_alone_is_a_rendering_of_its_own() -> None:
    segs, occs = occurrences([("tìm kiếm tập tin", "tìm kiếm", "alignment")] * 5
                             + [("đang tìm kiếm", "tìm", "alignment")] * 2 + [("tìm tập tin", "tìm", "alignment")] * 3)
    buckets = buckets_of(occs, segs, "vi")
    assert forms(buckets) == {"tìm kiếm": 7, "tìm": 3}  # a piece where tìm kiếm stands, a word where not
    group = make_group(buckets, segs, target_lang="vi", source_text="search", source_key="search", kinds={"ngram"},
                       evidence=[])
    assert group.rendering("tìm").cls is VariantClass.ABBREVIATION


def test_a_weak_lexical_variant_with_a_tiny_share_of_the_uses_is_no_rendering() -> None:
    items = [("tập tin a", "tập tin", "alignment")] * 120 + [("xyz b", "xyz", "alignment")] * 2 \
        + [("file c", "file", "name")] * 2 + [("tệp d", "tệp", "alignment")] * 10
    segs, occs = occurrences(items)
    for o in occs:
        o.score = 0.6
    buckets = buckets_of(occs, segs, "vi")
    group = make_group(buckets, segs, target_lang="vi", source_text="file", source_key="file", kinds={"ngram"},
                       evidence=[], min_lexical_share=0.02)
    assert {r.text for r in group.renderings} == {"tập tin", "tệp"}  # xyz: weak; file: a copy, 2 of 134
    kept = make_group(buckets_of(occs, segs, "vi"), segs, target_lang="vi", source_text="file", source_key="file",
                      kinds={"ngram"}, evidence=[])
    assert {r.text for r in kept.renderings} == {"tập tin", "tệp", "xyz", "file"}  # no share asked for: all
