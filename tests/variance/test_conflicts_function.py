"""find_segment_conflicts: segment-level conflicts without a glossary, same keys as the variance report."""
from __future__ import annotations

from pathlib import Path

import pytest

from glossary.consistency import find_segment_conflicts
from glossary.formats import read_corpus
from glossary.variance import run_variance

from .helpers import glossary, segment, write_tmx


def _summary(conflicts) -> set[tuple[str, str, tuple[tuple[str, tuple[str, ...]], ...]]]:
    return {(c.kind, c.text, tuple(sorted((v.text, tuple(v.segments)) for v in c.variants))) for c in conflicts}


@pytest.mark.parametrize(("pairs", "expected"), [
    pytest.param([("Xin chào", "Hello"), ("Xin chào", "Hi")],
                 {("same-source", "Xin chào", 2)}, id="one-source-two-targets"),
    pytest.param([("Xin chào", "Hello"), ("Chào bạn", "Hello")],
                 {("same-target", "Hello", 2)}, id="one-target-two-sources"),
    pytest.param([("Xin chào", "Hello"), ("XIN CHÀO", "hello"), ("xin  chào", "Hello!")],
                 set(), id="case-space-punctuation-are-not-conflicts"),
    pytest.param([("Hòa bình", "Peace"), ("Hoà bình", "Calm")],
                 {("same-source", "Hòa bình", 2)}, id="tone-placement-is-one-source"),
    pytest.param([("Hoa binh", "Peace"), ("Hòa bình", "Calm")],
                 set(), id="diacritics-are-not-dropped"),
    pytest.param([("Xin chào", "Hello"), ("Xin chào", "Hello"), ("Xin chào", "Hi"), ("Xin chào", "Hey")],
                 {("same-source", "Xin chào", 3)}, id="three-distinct-targets"),
    pytest.param([("", "Hello"), ("", "Hi"), ("Tạm biệt", "")], set(), id="empty-sides-ignored"),
])
def test_conflicts_table(pairs: list[tuple[str, str]], expected: set[tuple[str, str, int]]) -> None:
    segments = [segment(s, t, unit=f"u{i}") for i, (s, t) in enumerate(pairs, start=1)]
    found = {(c.kind, c.text, len(c.variants)) for c in find_segment_conflicts(segments)}
    assert found == expected


def test_segments_of_each_variant_are_kept() -> None:
    segments = [segment("Xin chào", "Hello", unit="u1"), segment("Xin chào", "Hi", unit="u2"),
                segment("xin chào", "hello", unit="u3")]
    (conflict,) = find_segment_conflicts(segments)
    assert {v.text: v.segments for v in conflict.variants} == {"Hello": ["doc#u1", "doc#u3"], "Hi": ["doc#u2"]}


def test_same_conflicts_as_the_variance_report(tmp_path: Path) -> None:
    units = [("a", "Lễ mở ký diễn ra", "The signing ceremony took place"),
             ("b", "Lễ mở ký diễn ra", "The opening ceremony took place"),
             ("a", "Liên hợp quốc cho biết", "The UN said"),
             ("b", "Liên hợp quốc nói", "The UN said"),
             ("b", "Hôm nay", "Today")]
    tmx = write_tmx(tmp_path / "c.tmx", units)
    report = run_variance([tmx], glossary=glossary({"un": {"vi": ["Liên hợp quốc"], "en": ["United Nations"]}}))
    ours = find_segment_conflicts(read_corpus([tmx]))
    assert _summary(ours) == _summary(report.conflicts)
    assert {c.kind for c in ours} == {"same-source", "same-target"}
