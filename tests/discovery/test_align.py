"""Stage 2: renderings of candidate terms, found by form, by co-occurrence and by near misses."""
from __future__ import annotations

import random

import numpy as np
import pytest

from glossary.discovery.align import align, g2
from glossary.discovery.candidates import extract_candidates
from glossary.text.normalize import match_key

from .helpers import corpus, passages_of

FILLER = [("quốc gia", "nations"), ("nhấn mạnh", "stressed"), ("người dân", "citizens"), ("chính phủ", "government"),
          ("doanh nghiệp", "businesses"), ("đào tạo", "training"), ("báo cáo", "report"), ("đầu tư", "investment")]


def labelled(term_vi: str, renderings: list[str]) -> list[tuple[str, str]]:
    """One sentence per rendering, the term between two different fillers, plus sentences without it."""
    n = len(FILLER)
    combos = [(FILLER[i], FILLER[j]) for i in range(n) for j in range(n) if i != j]
    random.Random(1).shuffle(combos)  # varied neighbours, as in real text
    pairs = [(f"{a[0]} {term_vi} {b[0]}.", f"{a[1]} {rendering} {b[1]}.")
             for rendering, (a, b) in zip(renderings, combos)]
    pairs += [(f"{a[0]} và {b[0]}.", f"{a[1]} and {b[1]}.") for a, b in combos[::-1][:2 * len(renderings)]]
    return pairs


def run(pairs: list[tuple[str, str]], *, source_lang: str = "vi", target_lang: str = "en", prior=None):
    segs = corpus(pairs)
    for s in segs:
        s.source_lang, s.target_lang = source_lang, target_lang
    seg_p, p_segs, texts = passages_of(segs)
    cset = extract_candidates(texts, lang=source_lang)
    prior_ids = {cset.by_key()[match_key(k)]: v for k, v in (prior or {}).items()}
    result = align(segs, seg_p, p_segs, cset, source_lang=source_lang, target_lang=target_lang, prior=prior_ids)
    return cset, result


def renderings_of(cset, result, term: str) -> dict[str, str]:
    cid = cset.by_key()[match_key(term)]
    return {o.text: o.method for o in result.occurrences.get(cid, [])}


def test_cooccurrence_finds_the_main_rendering_and_a_competing_one() -> None:
    # a small corpus: co-occurrence is the first evidence, the word links only fill in
    pairs = labelled("tội phạm mạng", ["cybercrime"] * 8 + ["online crime"] * 4)
    cset, result = run(pairs)
    found = renderings_of(cset, result, "tội phạm mạng")
    assert found == {"cybercrime": "association", "online crime": "association"}


def test_on_a_large_corpus_the_word_alignment_comes_first(monkeypatch) -> None:
    from glossary.discovery import align as align_module

    monkeypatch.setattr(align_module, "WORDS_FIRST_PASSAGES", 1)
    pairs = labelled("tội phạm mạng", ["cybercrime"] * 8 + ["online crime"] * 4)
    cset, result = run(pairs)
    found = renderings_of(cset, result, "tội phạm mạng")
    assert found == {"cybercrime": "alignment", "online crime": "alignment"}


def test_a_partial_match_of_the_main_rendering_is_taken_at_its_full_shape() -> None:
    pairs = labelled("lễ mở ký", ["signing ceremony"] * 8 + ["opening ceremony"] * 3)
    cset, result = run(pairs)
    assert set(renderings_of(cset, result, "lễ mở ký")) == {"signing ceremony", "opening ceremony"}


def test_a_misspelt_rendering_is_a_near_miss_of_the_main_one() -> None:
    pairs = labelled("hợp tác quốc tế", ["international cooperation"] * 8 + ["internatinal cooperation"])
    cset, result = run(pairs)
    found = renderings_of(cset, result, "hợp tác quốc tế")
    assert set(found) == {"international cooperation", "internatinal cooperation"}


@pytest.mark.parametrize(("source", "target", "term", "rendering", "method"), [
    ("Gặp đại diện UNODC hôm nay.", "Met the UNDOC representative today.", "UNODC", "UNDOC", "name"),
    ("Thủ tướng Phạm Minh Chính phát biểu.", "Prime Minister Pham Minh Chinh spoke.", "Phạm Minh Chính", "Pham Minh Chinh", "name"),
    ("Đầu tư 83,5 triệu AUD cho chương trình.", "Investing $83.5 million in the programme.", "#8.35e+07", "$83.5 million", "number"),
    ('Tinh thần "5 đẩy mạnh" của hội nghị.', 'The spirit of "5 Strengthens" of the meeting.', "5 đẩy mạnh", "5 Strengthens", "quoted"),
])
def test_form_aligns_names_acronyms_numbers_and_quotes_even_when_seen_once(
        source: str, target: str, term: str, rendering: str, method: str) -> None:
    cset, result = run([(source, target)])
    key = term if term.startswith("#") else match_key(term)
    cid = cset.by_key()[key]
    assert [(o.text, o.method) for o in result.occurrences[cid]] == [(rendering, method)]


def test_the_glossary_prior_finds_its_terms_first() -> None:
    pairs = [("Bộ Công an họp.", "The Ministry of Police met."), ("Bộ Công an báo cáo.", "The Ministry of Public Security reported.")]
    cset, result = run(pairs, prior={"Bộ Công an": ["Ministry of Public Security", "Ministry of Police"]})
    assert renderings_of(cset, result, "Bộ Công an") == {"Ministry of Police": "glossary", "Ministry of Public Security": "glossary"}


def test_a_span_another_term_explains_better_is_not_taken() -> None:
    pairs = [(f"{a} tội phạm mạng {b}.", f"{x} cybercrime {y}.")
             for (a, x), (b, y) in zip(FILLER, FILLER[1:] + FILLER[:1])] * 2
    cset, result = run(pairs)
    for cid, occs in result.occurrences.items():
        if cset.candidates[cid].key != match_key("tội phạm mạng"):
            assert all(o.text != "cybercrime" for o in occs), cset.candidates[cid].text


@pytest.mark.parametrize(("k11", "row", "col", "n", "positive"), [
    (10.0, 10.0, 10.0, 100.0, True),   # always together
    (1.0, 10.0, 10.0, 100.0, False),   # exactly chance: 10 * 10 / 100
    (0.0, 10.0, 10.0, 100.0, False),   # never together
])
def test_log_likelihood_counts_only_positive_association(k11: float, row: float, col: float, n: float, positive: bool) -> None:
    value = float(g2(np.array([k11]), row, np.array([col]), n)[0])
    assert (value > 3.84) is positive
