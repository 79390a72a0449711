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
