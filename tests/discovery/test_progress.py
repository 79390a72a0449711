"""Progress of ``glossary discover`` (glossary.progress): reading and tokenising in bytes, then
each corpus-wide stage with its total in steps; the report is the same with and without it."""
from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.gen_variants import generate
from glossary.corpora.formats.base import ReadOptions, expand_paths
from glossary.discovery import discover
from glossary.discovery.prepare import READ_PHASE, read_for_discovery
from glossary.discovery.report import PHASES
from glossary.progress import Recorder
from glossary.render.discovery import render

REPO = Path(__file__).resolve().parents[2]
BUNDLED = REPO / "corpora"


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("discovery-progress") / "vi-en.tmx"
    path.write_text(generate("vi-en", pairs=1500, seed=7).tmx(), encoding="utf-8")
    return path


def _run(paths: list[Path], progress=None, **kwargs) -> str:
    extra = {} if progress is None else {"progress": progress}
    part = read_for_discovery(paths, ReadOptions(), **kwargs, **extra)
    report = discover(part.segments, prepared=part.prepared, inputs=[str(p) for p in paths], **extra)
    return render(report, "json"), report


def _check(rec: Recorder, report, paths: list[Path], *, moves: int) -> None:
    assert rec.names() == [READ_PHASE, *PHASES]
    reading = rec.get(READ_PHASE)
    assert (reading["unit"], reading["item_unit"]) == ("bytes", "pairs")
    assert reading["total"] == sum(p.stat().st_size for p in expand_paths(paths))
    assert reading["updates"][-1] == (reading["total"], report.segments)
    assert len({d for d, _ in reading["updates"] if 0 < d < reading["total"]}) >= moves
    for name in PHASES:
        phase = rec.get(name)
        assert phase["unit"] == "steps" and phase["total"] is not None, name
        assert phase["done"] == pytest.approx(phase["total"]), name  # every stage reaches its total
        dones = [d for d, _ in phase["updates"]]
        assert dones == sorted(dones), name
    mining, aligning, comparing, grouping, ranking = (rec.get(n) for n in PHASES)
    assert mining["total"] == 2 * report.passages
    assert aligning["total"] == report.stats["candidates"] + report.segments
    assert comparing["total"] == 2 * report.stats["rendering_pairs"]
    assert grouping["total"] == report.stats["terms_aligned"] + report.segments
    assert ranking["total"] == 2


def test_discovery_on_the_bundled_corpus_reports_its_phases() -> None:
    rec = Recorder()
    with_progress, report = _run([BUNDLED], rec)
    rec.close()
    _check(rec, report, [BUNDLED], moves=0)
    assert with_progress == _run([BUNDLED])[0]


def test_discovery_on_a_generated_corpus_moves_through_each_stage(generated: Path) -> None:
    rec = Recorder()
    with rec:  # current: both calls find it without being given it
        with_progress, report = _run([generated])
    _check(rec, report, [generated], moves=5)
    for name in ("mining candidates", "aligning", "grouping"):
        phase = rec.get(name)
        assert len({d for d, _ in phase["updates"] if 0 < d < phase["total"]}) >= 5, name
    assert with_progress == _run([generated])[0]


def test_discovery_read_in_partitions_moves_per_partition(generated: Path) -> None:
    rec = Recorder()
    with_progress, report = _run([generated], rec, jobs=2, split_bytes=100_000)
    rec.close()
    _check(rec, report, [generated], moves=2)
    assert with_progress == _run([generated])[0]
