"""Progress of ``glossary variance`` (glossary.progress): its phases in order with their totals,
the writing phases of the report writers, and reports byte-identical with and without it."""
from __future__ import annotations

import io
from pathlib import Path

import pytest

from glossary.corpora.formats.base import expand_paths
from glossary.progress import NO_PROGRESS, Recorder
from glossary.render.csv_report import write_findings_csv, write_renderings_csv
from glossary.render.html import TABLE_ROWS, write_html
from glossary.render.json_report import items_written, render_json, write_json
from glossary.render.markdown import write_markdown
from glossary.render.text import SUMMARY_ROWS, render_text, write_plain_text
from glossary.store.termstore import load_glossary
from glossary.variance.checks import all_checks
from glossary.variance.evidence import EVIDENCE_PHASE
from glossary.variance.report import FINISH_PHASE, SCAN_PHASE, run_variance
from tests.variance.helpers import write_synth

REPO = Path(__file__).resolve().parents[2]
BUNDLED = REPO / "corpora"


@pytest.fixture(scope="module")
def bundled_glossary():
    return load_glossary(REPO / "terms")


@pytest.fixture(scope="module")
def synth(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A 400-term glossary and 4,000 generated pairs (about 1 MB of TMX)."""
    return write_synth(tmp_path_factory.mktemp("progress"), 400, 4000, seed=5, variant_rate=0.3)


def _corpus_bytes(paths: list[Path]) -> int:
    return sum(p.stat().st_size for p in expand_paths(paths))


def _check_phases(rec: Recorder, report, paths: list[Path], *, moves: int) -> None:
    assert rec.names() == [EVIDENCE_PHASE, SCAN_PHASE, FINISH_PHASE]
    scan = rec.get(SCAN_PHASE)
    assert (scan["unit"], scan["item_unit"]) == ("bytes", "pairs")
    assert scan["total"] == _corpus_bytes(paths)
    assert scan["updates"][-1] == (scan["total"], report.summary.segments)
    dones = [d for d, _ in scan["updates"]]
    assert dones == sorted(dones) and len({d for d in dones if 0 < d < scan["total"]}) >= moves
    finish = rec.get(FINISH_PHASE)
    corpus_checks = sum(1 for c in all_checks() if c.scope == "corpus")
    assert finish["total"] == corpus_checks + 2 == finish["done"] and finish["unit"] == "steps"


def test_variance_on_the_bundled_corpus_reports_its_phases(bundled_glossary) -> None:
    rec = Recorder()
    with_progress = run_variance([BUNDLED], glossary=bundled_glossary, progress=rec)
    rec.close()
    _check_phases(rec, with_progress, [BUNDLED], moves=0)  # 95 pairs: read before the first sample
    without = run_variance([BUNDLED], glossary=bundled_glossary)  # NO_PROGRESS
    assert render_json(with_progress) == render_json(without)


def test_variance_on_a_larger_corpus_moves_the_bar_through_the_file(synth: tuple[Path, Path]) -> None:
    glossary_path, corpus = synth
    terms = load_glossary(glossary_path)
    rec = Recorder()
    with rec:  # current: run_variance finds it without being given it
        report = run_variance([corpus], glossary=terms)
    _check_phases(rec, report, [corpus], moves=5)
    assert render_json(report) == render_json(run_variance([corpus], glossary=terms, progress=NO_PROGRESS))


def test_variance_in_partitions_moves_the_bar_per_partition(synth: tuple[Path, Path]) -> None:
    glossary_path, corpus = synth
    terms = load_glossary(glossary_path)
    rec = Recorder()
    report = run_variance([corpus], glossary=terms, jobs=2, split_bytes=150_000, progress=rec)
    rec.close()
    _check_phases(rec, report, [corpus], moves=3)
    assert render_json(report) == render_json(run_variance([corpus], glossary=terms))


def test_variance_with_discovery_adds_discovery_phases(bundled_glossary) -> None:
    from glossary.discovery.report import PHASES

    rec = Recorder()
    run_variance([BUNDLED], glossary=bundled_glossary, discover=True, progress=rec)
    rec.close()
    assert rec.names() == [EVIDENCE_PHASE, SCAN_PHASE, FINISH_PHASE, "reading", *PHASES]
    assert rec.get("reading")["done"] == rec.get("reading")["total"] == _corpus_bytes([BUNDLED])


# -- writing ---------------------------------------------------------------------------------------
WRITERS = {
    "json": (write_json, lambda r: items_written(r)),
    # the text report is a summary: at most SUMMARY_ROWS errors, concepts, other findings, documents, and a third
    # as many conflicts
    "text": (write_plain_text, lambda r: min(SUMMARY_ROWS, r.summary.findings["error"])
             + min(SUMMARY_ROWS, sum(1 for c in r.concepts if c.fix != "none"))
             + min(SUMMARY_ROWS, len(r.findings) - r.summary.findings["error"]) + min(SUMMARY_ROWS, len(r.documents))
             + min(SUMMARY_ROWS // 3, len(r.conflicts))),
    "md": (write_markdown, lambda r: len(r.concepts) + len(r.findings) + len(r.documents) + len(r.conflicts)),
    "html": (write_html, lambda r: len(r.concepts) + len(r.findings) + min(TABLE_ROWS, len(r.documents))
             + min(TABLE_ROWS, len(r.conflicts))),
    "csv": (write_findings_csv, lambda r: len(r.findings)),
    "renderings csv": (write_renderings_csv, lambda r: len(r.concepts)),
}


@pytest.mark.parametrize("fmt", list(WRITERS))
def test_each_writer_reports_a_writing_phase_and_writes_the_same_bytes(synth: tuple[Path, Path], fmt: str) -> None:
    glossary_path, corpus = synth
    report = run_variance([corpus], glossary=load_glossary(glossary_path))
    write, expected_total = WRITERS[fmt]
    plain, counted = io.StringIO(), io.StringIO()
    write(report, plain)
    rec = Recorder()
    write(report, counted, progress=rec, phase=f"writing reports/variance.{fmt}")
    rec.close()
    assert counted.getvalue() == plain.getvalue()
    (phase,) = rec.phases
    assert phase["name"] == f"writing reports/variance.{fmt}" and phase["unit"] == "items"
    assert phase["total"] == expected_total(report) == phase["done"] > 0
    dones = [d for d, _ in phase["updates"]]
    assert dones == sorted(dones) and len(set(dones)) > 2  # it moved as it wrote


def test_the_terminal_text_counts_only_the_rows_it_shows(synth: tuple[Path, Path]) -> None:
    from rich.console import Console

    glossary_path, corpus = synth
    report = run_variance([corpus], glossary=load_glossary(glossary_path))
    rec = Recorder()
    render_text(report, Console(file=io.StringIO(), width=120), limit=20, progress=rec, phase="printing")
    rec.close()
    phase = rec.get("printing")
    assert phase["done"] == phase["total"] <= 20 + 20 + 20 + 20 + 6  # errors, concepts, other findings, documents, conflicts
