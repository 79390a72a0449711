"""Segment conflicts kept in memory or spilled to disk, merged and pickled: always the same list."""
from __future__ import annotations

import pickle

from hypothesis import given, settings
from hypothesis import strategies as st

from glossary.variance.consistency import Conflict, ConflictVariant, SegmentConflicts, find_segment_conflicts
from glossary.variance.matching import comparison_key

from .helpers import segment

SOURCES = st.sampled_from(["Xin chào", "xin  chào!", "Hòa bình", "Hoà bình", "Hợp tác", "", "Tạm biệt", "HỢP TÁC."])
TARGETS = st.sampled_from(["Hello", "hello.", "Hi", "Peace", "peace", "Cooperation", "", "Goodbye", "Bye"])
PAIRS = st.lists(st.tuples(SOURCES, TARGETS, st.sampled_from(["", "a", "b"])), max_size=40)


def _segments(pairs: list[tuple[str, str, str]]):
    return [segment(s, t, unit=f"u{i}", document=d) for i, (s, t, d) in enumerate(pairs)]


def _reference(segments) -> list[Conflict]:
    """What the dictionary-of-dictionaries implementation gave (first-written texts, first-seen order)."""
    sides: dict[str, dict] = {"same-source": {}, "same-target": {}}
    for seg in segments:
        sk, tk = comparison_key(seg.source), comparison_key(seg.target)
        if not sk or not tk:
            continue
        for kind, (key, text), (other_key, other_text) in (("same-source", (sk, seg.source), (tk, seg.target)),
                                                            ("same-target", (tk, seg.target), (sk, seg.source))):
            _, variants = sides[kind].setdefault(key, (text, {}))
            variants.setdefault(other_key, (other_text, []))[1].append(seg.key)
    out = [Conflict(kind, first, [ConflictVariant(t, s) for t, s in variants.values()])
           for kind in sides for first, variants in sides[kind].values() if len(variants) > 1]
    out.sort(key=lambda c: (c.kind, -len(c.variants), c.text))
    return out


@settings(max_examples=120, deadline=None)
@given(PAIRS)
def test_in_memory_and_spilled_give_the_reference_list(pairs) -> None:
    segments = _segments(pairs)
    expected = _reference(segments)
    assert find_segment_conflicts(segments) == expected
    assert find_segment_conflicts(segments, memory_rows=1) == expected
    assert find_segment_conflicts(segments, memory_rows=3) == expected


@settings(max_examples=80, deadline=None)
@given(PAIRS, st.lists(st.integers(0, 40), max_size=3), st.lists(st.sampled_from([1, 2, 1000]), min_size=4, max_size=4))
def test_parts_merged_in_order_after_pickling_give_one_pass(pairs, cuts, limits) -> None:
    segments = _segments(pairs)
    bounds = [0, *sorted(min(c, len(segments)) for c in cuts), len(segments)]
    parts = []
    for number, (start, stop) in enumerate(zip(bounds, bounds[1:])):
        part = SegmentConflicts(memory_rows=limits[number])
        for seg in segments[start:stop]:
            part.add_pair(seg, comparison_key(seg.source), comparison_key(seg.target))
        parts.append(pickle.loads(pickle.dumps(part)))  # as a worker sends it back
    merged = parts[0]
    for part in parts[1:]:
        merged.merge(part)
    assert merged.results() == _reference(segments)


def test_memory_holds_at_most_the_limit_and_the_rest_is_on_disk() -> None:
    conflicts = SegmentConflicts(memory_rows=5)
    for i in range(23):
        seg = segment(f"nguồn {i % 4}", f"target {i}", unit=f"u{i}")
        conflicts.add_pair(seg, comparison_key(seg.source), comparison_key(seg.target))
        assert len(conflicts._rows.rows) < 5
    assert conflicts._rows.spill is not None and len(conflicts._rows) == 23
    found = conflicts.results()
    assert [(c.kind, c.text, len(c.variants)) for c in found] == [
        ("same-source", f"nguồn {n}", 6 if n < 3 else 5) for n in (0, 1, 2, 3)]
    assert found[0].variants[1].segments == ["doc#u4"]


def test_variance_report_with_spilled_conflicts_and_two_jobs_equals_one_pass_in_memory(
        tmp_path, monkeypatch) -> None:
    """Workers spill (a tiny GLOSSARY_CONFLICT_ROWS reaches the spawned processes), pickle their
    spills back and the parent merges them: the report is the in-memory one pass's, byte for byte."""
    import json

    from glossary.render.json_report import render_json
    from glossary.variance import conflict_rows
    from glossary.variance.report import run_variance

    from .helpers import glossary, write_tmx

    units = [(f"d{i % 3}", ["Xin chào", "Hợp tác", "Hòa bình", "Tạm biệt"][i % 4],
              ["Hello", "Hi", "Cooperation", "Peace", "Bye"][i % 5]) for i in range(60)]
    tmx = write_tmx(tmp_path / "c.tmx", units)
    g = glossary({"coop": {"vi": ["Hợp tác"], "en": ["Cooperation"]}})
    one = json.loads(render_json(run_variance([tmx], glossary=g)))
    monkeypatch.setenv("GLOSSARY_CONFLICT_ROWS", "7")
    monkeypatch.setattr(conflict_rows, "MEMORY_ROWS", 7)
    spilled = json.loads(render_json(run_variance([tmx], glossary=g)))
    two = json.loads(render_json(run_variance([tmx], glossary=g, jobs=2, split_bytes=2_000)))
    assert one["conflicts"] and len(one["conflicts"]) >= 4
    assert spilled == one
    assert two == one
