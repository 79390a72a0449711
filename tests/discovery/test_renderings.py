"""Stage 4: several renderings of one source, scored and diffed."""
from __future__ import annotations

import pytest

from glossary.discovery.renderings import compare_renderings, diff_pair, passage_groups

from .helpers import seg


def texts(a: str, b: str, lang: str = "en") -> list[tuple[str, str]]:
    return [(a[x:y], b[u:v]) for (x, y), (u, v), _ in diff_pair(a, b, lang=lang)]


@pytest.mark.parametrize(("a", "b", "expected"), [
    ('The spirit of "5 pushes": first.', 'The spirit of "5 Strengthens": first.', [("5 pushes", "5 Strengthens")]),
    ("framework of the signing ceremony of the Convention", "framework of the Opening Ceremony of the Convention",
     [("signing ceremony", "Opening Ceremony")]),
    ("by Deputy Prime Minister Bui Thanh Son with Ms. Waly", "by Deputy Prime Minister Bùi Thanh Sơn with Ms. Waly",
     [("Deputy Prime Minister Bui Thanh Son", "Deputy Prime Minister Bùi Thanh Sơn")]),
    ("Executive Director of UNDOC.", "Executive Director of UNODC.", [("UNDOC", "UNODC")]),
    ("in the Cyber Security Program in Asia", "in Asia and the Pacific Cyber Programme today", [("Program", "Programme")]),
    ("the session took place today", "the session was held today", []),  # no term: a wording choice
    ("He said it.", "He said it again.", []),  # an addition is not a competing rendering
])
def test_term_carrying_differences(a: str, b: str, expected: list[tuple[str, str]]) -> None:
    assert texts(a, b) == expected


def test_renderings_are_grouped_by_source_id_or_identical_source() -> None:
    segs = [seg("Câu một.", "One.", unit="1", source_id="s1"), seg("Câu một.", "Sentence one.", unit="2", source_id="x"),
            seg("Câu hai.", "Two.", unit="3", source_id="s2"), seg("Khác.", "Other.", unit="4", source_id="s2"),
            seg("Riêng.", "Alone.", unit="5")]
    assert sorted(map(sorted, passage_groups(segs))) == [[0, 1], [2, 3]]


def test_pairs_and_documents_are_scored_with_stated_signatures() -> None:
    segs = [seg("Câu một.", 'The spirit of "5 pushes" is clear.', unit="1", source_id="s1", document="A"),
            seg("Câu một.", 'The spirit of "5 Strengthens" is clear.', unit="2", source_id="s1", document="B"),
            seg("Câu hai.", "Identical text here.", unit="3", source_id="s2", document="A"),
            seg("Câu hai.", "Identical text here.", unit="4", source_id="s2", document="B")]
    comparison, diffs = compare_renderings(segs, target_lang="en")
    assert comparison.shared_passages == 2 and len(comparison.passages) == 2
    same = next(p for p in comparison.passages if p.source_id == "s2")
    assert same.chrf == pytest.approx(100) and same.bleu == pytest.approx(100) and same.ter == pytest.approx(0)
    other = next(p for p in comparison.passages if p.source_id == "s1")
    assert 0 < other.chrf < 100 and other.ter > 0
    (doc,) = comparison.documents
    assert (doc.document_a, doc.document_b, doc.passages) == ("A", "B", 2)
    assert {"chrF (passage)", "BLEU (passage)", "TER (passage)", "BLEU (document)"} <= set(comparison.signatures)
    assert comparison.signatures["BLEU (passage)"].startswith("nrefs:1|")
    assert [(d.a_text, d.b_text) for d in diffs] == [("5 pushes", "5 Strengthens")]
