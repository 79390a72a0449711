"""Scanning in parts (--jobs, Dask) gives the report of one pass; TMX byte ranges read like the whole file."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from glossary.cli.main import app
from glossary.corpora.formats.base import ReadOptions, ReadStats, read_corpus
from glossary.corpora.formats.tmx import TmxFormat, split_tmx
from glossary.render.json_report import render_json
from glossary.run.engine import plan_partitions
from glossary.store.termstore import load_glossary
from glossary.variance.checks import all_checks
from glossary.variance.consistency import CorpusContext
from glossary.variance.report import ScanState, new_assessor, run_variance, scan_pairs
from tests.cluster import loopback_cluster, needs_dask

from .helpers import write_synth

BUNDLED = Path(__file__).resolve().parents[2] / "corpora"
runner = CliRunner()


@pytest.fixture(scope="module")
def synth(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A 600-term glossary and 1,500 pairs with injected variants."""
    return write_synth(tmp_path_factory.mktemp("synth"), 600, 1500, seed=7, variant_rate=0.3)


def _json(report) -> dict:
    return json.loads(render_json(report))


def test_split_tmx_reads_the_same_segments_as_the_whole_file(synth: tuple[Path, Path]) -> None:
    _, corpus = synth
    ranges = split_tmx(corpus, 5)
    assert ranges is not None and len(ranges) == 5
    assert ranges[-1].last and not any(r.last for r in ranges[:-1])
    options = ReadOptions()
    parts = [s for r in ranges for s in TmxFormat().read_range(corpus, r, options, ReadStats())]
    assert parts == list(read_corpus([corpus], options))  # ids, texts and line numbers alike


def test_split_tmx_numbers_units_without_tuid_and_keeps_lines(tmp_path: Path) -> None:
    body = "".join(f'<tu>\n  <tuv xml:lang="vi"><seg>nguồn {i}</seg></tuv>\r\n'
                   f'  <tuv xml:lang="en"><seg>target {i}</seg></tuv>\n</tu>\n' for i in range(40))
    path = tmp_path / "c.tmx"
    path.write_text('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n'
                    '<header srclang="vi" segtype="sentence" o-tmf="x" adminlang="en" datatype="plaintext"\n'
                    '  creationtool="t" creationtoolversion="1"/>\n<body>\n' + body + "</body>\n</tmx>\n",
                    encoding="utf-8", newline="")
    ranges = split_tmx(path, 4)
    assert ranges is not None and len(ranges) == 4
    parts = [s for r in ranges for s in TmxFormat().read_range(path, r, ReadOptions(), ReadStats())]
    whole = list(read_corpus([path]))
    assert [(s.unit_id, s.origin.line, s.target) for s in parts] == [(s.unit_id, s.origin.line, s.target) for s in whole]


@pytest.mark.parametrize("marker", ["<!-- a comment -->", "<![CDATA[x]]>", "<?pi data?>"])
def test_split_tmx_refuses_bodies_it_cannot_cut_safely(tmp_path: Path, marker: str) -> None:
    units = "".join(f'<tu><tuv xml:lang="vi"><seg>a{i}</seg></tuv><tuv xml:lang="en"><seg>b{i}</seg></tuv></tu>\n'
                    for i in range(20))
    path = tmp_path / "c.tmx"
    path.write_text(f'<tmx version="1.4"><header srclang="vi"/><body>\n{units}{marker}\n{units}</body></tmx>\n',
                    encoding="utf-8")
    assert split_tmx(path, 3) is None


def test_plan_cuts_big_tmx_files_and_keeps_small_ones_whole(synth: tuple[Path, Path]) -> None:
    _, corpus = synth
    whole = plan_partitions([str(corpus)], ReadOptions(), workers=2)
    assert [p.part for p in whole] == [None]
    cut = plan_partitions([str(corpus)], ReadOptions(), workers=2, split_bytes=40_000)
    assert len(cut) > 3 and [p.index for p in cut] == list(range(len(cut)))
    assert [p.first for p in cut] == [True] + [False] * (len(cut) - 1)


def test_jobs_2_report_equals_jobs_1_on_byte_ranges(synth: tuple[Path, Path]) -> None:
    glossary_path, corpus = synth
    glossary = load_glossary(glossary_path)
    one = _json(run_variance([corpus], glossary=glossary, glossary_path=str(glossary_path)))
    two = _json(run_variance([corpus], glossary=glossary, glossary_path=str(glossary_path), jobs=2,
                             split_bytes=60_000))
    assert one["summary"]["segments"] == 1500 and one["findings"]
    assert two == one


def test_merged_states_equal_one_pass(synth: tuple[Path, Path]) -> None:
    """The accumulators merge to what one pass gives, findings and scores alike (in-process, no pool)."""
    glossary_path, corpus = synth
    glossary = load_glossary(glossary_path)
    assessor = new_assessor(glossary)
    segments = list(read_corpus([corpus]))
    whole = scan_pairs(segments, ScanState(), assessor=assessor)
    merged = ScanState()
    for start in range(0, len(segments), 333):
        merged.merge(scan_pairs(segments[start:start + 333], ScanState(), assessor=assessor))
    assert (merged.ok, merged.source_terms) == (whole.ok, whole.source_terms)
    assert [f.id for f in merged.findings] == [f.id for f in whole.findings]
    assert merged.conflicts.results() == whole.conflicts.results()
    corpus_checks = [c for c in all_checks() if c.scope == "corpus"]
    in_parts = [f for c in corpus_checks for f in c.run(CorpusContext(merged.forms))]
    in_one = [f for c in corpus_checks for f in c.run(CorpusContext(whole.forms))]
    assert in_one and in_parts == in_one


def test_ok_checks_count_what_they_would_yield(synth: tuple[Path, Path]) -> None:
    glossary_path, corpus = synth
    assessor = new_assessor(load_glossary(glossary_path))
    checks = [c for c in all_checks() if c.scope == "pair"]
    for segment in list(read_corpus([corpus]))[:200]:
        ctx = assessor.assess(segment)
        for check in checks:
            assert check.count(ctx) == len(list(check.run(ctx))), check.id


def test_cli_jobs_2_writes_the_same_json_as_jobs_1(tmp_path: Path, synth: tuple[Path, Path]) -> None:
    """Two files: two partitions in two worker processes, through the real entry point."""
    _, corpus = synth
    args = ["variance", str(BUNDLED), str(corpus), "--format", "json"]
    first = runner.invoke(app, args + ["--output", str(tmp_path / "one.json")])
    second = runner.invoke(app, args + ["--output", str(tmp_path / "two.json"), "--jobs", "2"])
    assert first.exit_code == 0, first.output
    assert second.exit_code == 0, second.output
    assert (tmp_path / "one.json").read_text(encoding="utf-8") == (tmp_path / "two.json").read_text(encoding="utf-8")


def test_engine_dask_without_dask_installed_is_a_one_line_error(monkeypatch: pytest.MonkeyPatch,
                                                                tmp_path: Path) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed -> ImportError
    result = runner.invoke(app, ["variance", str(BUNDLED), "--engine", "dask", "-f", "json",
                                 "-o", str(tmp_path / "r.json")])
    assert result.exit_code != 0
    assert "pip install" in result.output and "dask" in result.output
    assert "Traceback" not in result.output


@needs_dask
def test_dask_local_cluster_report_equals_local_run(synth: tuple[Path, Path]) -> None:
    """--engine dask with no scheduler: a LocalCluster on 127.0.0.1, byte ranges, the same report."""
    glossary_path, corpus = synth
    glossary = load_glossary(glossary_path)
    local = _json(run_variance([corpus], glossary=glossary, glossary_path=str(glossary_path)))
    dask = _json(run_variance([corpus], glossary=glossary, glossary_path=str(glossary_path), engine="dask",
                              split_bytes=80_000))
    assert dask == local


@needs_dask
def test_dask_scheduler_address_on_loopback(tmp_path: Path, synth: tuple[Path, Path]) -> None:
    """--scheduler tcp://127.0.0.1:PORT through the CLI, against a LocalCluster the test starts."""
    glossary_path, corpus = synth
    with loopback_cluster() as cluster:
        args = ["variance", str(corpus), "-g", str(glossary_path), "-f", "json"]
        local = runner.invoke(app, args + ["-o", str(tmp_path / "local.json")])
        remote = runner.invoke(app, args + ["-o", str(tmp_path / "dask.json"), "--scheduler", cluster.scheduler_address])
    assert local.exit_code == 0, local.output
    assert remote.exit_code == 0, remote.output
    assert (tmp_path / "local.json").read_text(encoding="utf-8") == (tmp_path / "dask.json").read_text(encoding="utf-8")
