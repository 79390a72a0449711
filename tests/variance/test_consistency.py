"""Corpus-wide consistency: renderings per concept, consistency share, HHI, micro/macro, conflicts."""
from __future__ import annotations

from pathlib import Path

import pytest

from glossary.variance.report import run_variance

from .helpers import glossary, write_tmx

G = glossary({
    "ceremony": {"vi": ["Lễ mở ký"], "en": ["signing ceremony", ("Opening Ceremony", "deprecated")]},
    "un": {"vi": ["Liên hợp quốc"], "en": ["United Nations", ("UN", "admitted", "acronym")]},
    "nopref": {"vi": ["phiên thảo luận"], "en": [("discussion session", "admitted"), ("discussion", "admitted")]},
})

UNITS = [
    ("a", "Lễ mở ký diễn ra", "The signing ceremony took place"),
    ("a", "Sau Lễ mở ký", "After the signing ceremony"),
    ("b", "Lễ mở ký hôm qua", "The Opening Ceremony yesterday"),
    ("b", "Lễ mở ký và Liên hợp quốc", "That day and the United Nations"),  # ceremony left out
    ("b", "Liên hợp quốc cho biết", "The UN said"),
    ("a", "phiên thảo luận", "the discussion session"),
    ("b", "phiên thảo luận", "the discussion session"),
    ("b", "tại phiên thảo luận", "at the discussion"),
]


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory):
    tmx = write_tmx(tmp_path_factory.mktemp("c") / "c.tmx", UNITS)
    return run_variance([tmx], glossary=G)


def _concept(report, cid):
    return next(c for c in report.concepts if c.concept_id == cid)


def test_renderings_counts_segments_documents_and_classes(report) -> None:
    c = _concept(report, "ceremony")
    rows = [(r.text, r.count, r.variant_class, r.status, r.documents) for r in c.renderings]
    assert rows == [("signing ceremony", 2, "identical", "preferred", ["a"]),
                    ("Opening Ceremony", 1, "lexical", "deprecated", ["b"]),
                    (None, 1, None, "missing", ["b"])]
    assert c.renderings[0].segments == ["a#u1", "a#u2"] and c.renderings[0].reference


def test_consistency_counts_preferred_and_admitted_and_hhi_is_the_concentration(report) -> None:
    c = _concept(report, "ceremony")
    assert (c.occurrences, c.consistent) == (4, 2)
    assert c.consistency == pytest.approx(0.5)
    assert c.hhi == pytest.approx((2 / 3) ** 2 + (1 / 3) ** 2)  # over the renderings written
    assert c.variant_class == "lexical"  # the most serious class among them
    assert c.documents == {"b": (0, 2)}  # only documents where it was not fully consistent ("a" was: 2 of 2)
    assert (c.preferred_share, c.wrong_uses, c.fix) == (pytest.approx(0.5), 1, "warning")  # the deprecated one
    un = _concept(report, "un")  # the admitted acronym counts as consistent; the preferred share says how often
    assert (un.consistency, un.preferred_share, un.variant_class) == (1.0, pytest.approx(0.5), "abbreviation")
    assert (un.fix, un.wrong_uses) == ("admitted", 0)


def test_without_a_preferred_term_the_most_frequent_rendering_is_the_reference(report) -> None:
    c = _concept(report, "nopref")
    assert c.preferred is None and c.reference == "discussion session"
    assert (c.consistency, c.preferred_share) == (1.0, pytest.approx(2 / 3))  # "discussion" is admitted


def test_what_to_fix_first_and_micro_macro(report) -> None:
    # the deprecated rendering first; then admitted-only concepts, the lower preferred share first
    assert [c.concept_id for c in report.concepts] == ["ceremony", "un", "nopref"]
    scores = report.summary.consistency
    assert (scores.occurrences, scores.consistent) == (9, 7)
    assert scores.micro == pytest.approx(7 / 9)
    assert scores.macro == pytest.approx((0.5 + 1 + 1) / 3)
    docs = {d.document: (d.consistent, d.occurrences, round(d.macro, 4)) for d in report.documents}
    assert docs == {"a": (3, 3, 1.0), "b": (4, 6, round((0 + 1 + 1) / 3, 4))}


def test_segment_conflicts_both_ways(tmp_path: Path) -> None:
    tmx = write_tmx(tmp_path / "c.tmx", [
        ("a", "Thứ hai, đẩy mạnh hợp tác.", "Second, promote cooperation."),
        ("b", "Thứ hai, đẩy mạnh hợp tác.", "Second, strengthen cooperation."),
        ("c", "thứ hai, đẩy mạnh  hợp tác", "Second, promote cooperation"),  # same once normalised
        ("d", "Thứ hai, tăng cường hợp tác.", "Second, promote cooperation."),
    ])
    report = run_variance([tmx], glossary=G)
    kinds = {(c.kind, len(c.variants)) for c in report.conflicts}
    assert kinds == {("same-source", 2), ("same-target", 2)}
    same_source = next(c for c in report.conflicts if c.kind == "same-source")
    assert [v.segments for v in same_source.variants] == [["a#u1", "c#u3"], ["b#u2"]]
    assert report.summary.conflicts == {"same-source": 1, "same-target": 1}
