"""What `glossary variance` writes: by default what a person reads (a text summary and the HTML page);
a large HTML report puts its data in a folder beside it, replaced with the page and never left stale."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from glossary.cli.main import app
from glossary.render import html as html_module
from glossary.render.html import chunk_names
from glossary.render.text import SUMMARY_ROWS
from glossary.store.termstore import load_glossary
from glossary.variance.report import run_variance

from .helpers import write_synth

runner = CliRunner()


@pytest.fixture(scope="module")
def synth(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return write_synth(tmp_path_factory.mktemp("files"), 150, 1500, seed=3, variant_rate=0.4)


def run(synth: tuple[Path, Path], out: Path, *args: str):
    glossary_path, corpus = synth
    result = runner.invoke(app, ["variance", str(corpus), "-g", str(glossary_path), "-o", str(out), "-q", *args])
    assert result.exit_code == 0, result.output
    return result


def test_a_large_html_report_keeps_its_data_beside_it(synth, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(html_module, "INLINE_LIMIT", 50)
    monkeypatch.setattr(html_module, "FINDINGS_PER_CHUNK", 100)
    run(synth, tmp_path / "variance")
    report = run_variance([synth[1]], glossary=load_glossary(synth[0]))
    assert len(report.findings) > 300
    folder = tmp_path / "variance_files"
    assert sorted(p.name for p in folder.iterdir()) == sorted(chunk_names(report))
    page = (tmp_path / "variance.html").read_text(encoding="utf-8")
    index = json.loads(re.search(r'<script type="application/json" id="report-index">(.*?)</script>', page).group(1))
    assert index["folder"] == "variance_files" and len(index["chunks"]) == -(-len(report.findings) // 100)
    assert sum(n for chunk in index["chunks"] for _, n in chunk) == len(report.findings)
    assert 'id="chunk-' not in page  # no data inline
    first = (folder / "findings-0.js").read_text(encoding="utf-8")
    assert first.startswith('glossaryData("findings-0",') and "</" not in first.split(",", 1)[1].replace("\\u003c", "")
    rows = json.loads(first[len('glossaryData("findings-0",'):-3])
    assert [re.search(r"<code>(F[0-9a-f]{12})</code></td></tr>", r[2]).group(1) for r in rows] == \
        [f.id for f in report.findings.ordered(100)]

    # a smaller report later: fewer chunks, and the stale ones go
    monkeypatch.setattr(html_module, "FINDINGS_PER_CHUNK", 1000)
    run(synth, tmp_path / "variance")
    assert sorted(p.name for p in folder.iterdir()) == sorted(chunk_names(report))
    # a report small enough to be one file: the folder goes
    monkeypatch.setattr(html_module, "INLINE_LIMIT", 10_000)
    run(synth, tmp_path / "variance")
    assert not folder.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["variance.html", "variance.txt"]


def test_the_text_report_is_a_summary_that_says_where_the_rest_is(synth, tmp_path: Path) -> None:
    run(synth, tmp_path / "variance")
    report = run_variance([synth[1]], glossary=load_glossary(synth[0]))
    others = len(report.findings) - report.summary.findings["error"]
    assert others > SUMMARY_ROWS
    text = (tmp_path / "variance.txt").read_text(encoding="utf-8")
    assert f"… {others - SUMMARY_ROWS} more findings; all of them are in {tmp_path / 'variance.html'}" in \
        " ".join(text.split())
    assert text.index("Errors (") < text.index("Concepts, what to fix first") < text.index("Warnings and info (")


def test_only_js_files_of_the_folder_are_ever_removed(synth, tmp_path: Path) -> None:
    folder = tmp_path / "variance_files"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine", encoding="utf-8")
    (folder / "old.js").write_text("stale", encoding="utf-8")
    run(synth, tmp_path / "variance")
    assert [p.name for p in folder.iterdir()] == ["notes.txt"]
