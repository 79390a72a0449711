"""Reports written as a stream: the same bytes as the whole-string renderers gave, findings in
the renderers' order from the store, and files replaced only when whole."""
from __future__ import annotations

import io
import json
import re
from pathlib import Path

import jsonschema
import pytest
from rich.console import Console
from typer.testing import CliRunner

from glossary.cli.main import app
from glossary.render import markdown
from glossary.render.csv_report import FINDING_COLUMNS, write_findings_csv
from glossary.render.html import write_html
from glossary.render.json_report import report_to_dict, write_json
from glossary.render.markdown import write_markdown
from glossary.render.text import render_text
from glossary.store.termstore import load_glossary
from glossary.variance.report import VarianceReport, apply_baseline, run_variance

from .helpers import write_synth

REPO = Path(__file__).resolve().parents[2]
SCHEMA = json.loads((REPO / "glossary" / "schemas" / "variance-report.schema.json").read_text(encoding="utf-8"))
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2, "ok": 3}
runner = CliRunner()


@pytest.fixture(scope="module")
def synth(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return write_synth(tmp_path_factory.mktemp("stream"), 150, 400, seed=11, variant_rate=0.4)


def scan(synth: tuple[Path, Path]) -> VarianceReport:
    glossary_path, corpus = synth
    return run_variance([corpus], glossary=load_glossary(glossary_path), glossary_path=str(glossary_path))


def streamed(write, report: VarianceReport) -> str:
    out = io.StringIO()
    write(report, out)
    return out.getvalue()


def whole_json(report: VarianceReport) -> str:
    """How the JSON report was made before it was streamed: one dict, one dumps."""
    return json.dumps(report_to_dict(report), ensure_ascii=False, indent=2) + "\n"


def in_render_order(report: VarianceReport) -> list:
    return sorted(report.findings, key=lambda f: (SEVERITY_ORDER[f.severity.value], f.check, f.segment))


def test_streamed_json_is_the_whole_dumps_byte_for_byte(synth: tuple[Path, Path]) -> None:
    report = scan(synth)
    assert len(report.findings) > 50 and report.concepts and report.documents
    text = streamed(write_json, report)
    assert text == whole_json(report)
    data = json.loads(text)
    jsonschema.Draft202012Validator(SCHEMA).validate(data)
    assert [f["id"] for f in data["findings"]] == [f.id for f in report.findings]


def test_streamed_json_with_empty_lists_and_discovery(synth: tuple[Path, Path]) -> None:
    report = scan(synth)
    apply_baseline(report, {f.id for f in report.findings}, path="base.json")
    report.conflicts, report.warnings = [], []
    report.discovered = [{"group_id": "G1", "source_term": "kinh tế", "canonical": "economy", "class": "lexical",
                          "confidence": 0.5, "rank": 1, "renderings": [{"text": "economy", "count": 2,
                                                                         "class": "identical", "documents": ["d"],
                                                                         "segments": ["d#1", "d#2"]}]}]
    text = streamed(write_json, report)
    assert text == whole_json(report)
    data = json.loads(text)
    assert data["findings"] == [] and data["conflicts"] == [] and data["discovered"][0]["group_id"] == "G1"
    assert '"findings": [],' in text  # an empty list stays on one line, as json.dumps writes it


def test_csv_lists_every_finding_in_scan_order(synth: tuple[Path, Path]) -> None:
    report = scan(synth)
    text = streamed(write_findings_csv, report)
    lines = text.split("\r\n")
    assert lines[0] == ",".join(FINDING_COLUMNS) and lines[-1] == ""
    ids = [line.split(",", 1)[0] for line in lines[1:-1] if re.fullmatch(r"F[0-9a-f]{12}", line.split(",", 1)[0])]
    assert ids == [f.id for f in report.findings]


def test_html_and_markdown_list_findings_worst_first(synth: tuple[Path, Path]) -> None:
    report = scan(synth)
    expected = in_render_order(report)
    html = streamed(write_html, report)
    # the findings are the page's data, in chunks (inline for a report written to one stream)
    chunks = {name: json.loads(body) for name, body in
              re.findall(r'<script type="application/json" id="chunk-(findings-\d+)">(.*?)</script>', html)}
    rows = [row[2] for n in range(len(chunks)) for row in chunks[f"findings-{n}"]]
    assert [re.search(r"<td><code>(F[0-9a-f]{12})</code></td></tr>", row).group(1) for row in rows] == \
        [f.id for f in expected]
    assert f"<h2>Findings ({len(expected)})</h2>" in html
    md = streamed(write_markdown, report)
    section = md[md.index("## Findings"):]
    section = section[:section.index("\n## ", 3)]
    rows = [line for line in section.splitlines() if line.startswith("| ") and not line.startswith("| severity")]
    assert [row.split(" | ")[3] for row in rows] == [markdown._cell(f.message) for f in expected]
    assert md.endswith("\n") and not md.endswith("\n\n")


def test_terminal_shows_the_worst_findings_and_says_how_many_more(synth: tuple[Path, Path]) -> None:
    report = scan(synth)
    buffer = io.StringIO()
    render_text(report, Console(file=buffer, width=200, color_system=None), limit=5, full_report="out.html")
    text = buffer.getvalue()
    errors = [f for f in in_render_order(report) if f.severity.value == "error"]
    others = [f for f in in_render_order(report) if f.severity.value != "error"]
    assert errors and f"Errors ({len(errors)})" in text and f"Warnings and info ({len(others)})" in text
    assert text.index("Errors (") < text.index("Concepts, what to fix first") < text.index("Warnings and info (")
    assert f"… {len(others) - 5} more findings; all of them are in out.html" in text
    section, position = text, 0
    for f in errors[:5] + others[:5]:  # each row after the one before it: the errors first
        row = re.compile(rf"{re.escape(f.check)}\s*│\s*{re.escape(f.segment.rsplit('#', 1)[-1])}\s*│\s*"
                         rf"{re.escape(f.message[:20])}")
        match = row.search(section, position)
        assert match is not None, f.id
        position = match.end()


def test_a_long_findings_list_is_printed_as_tables_that_line_up(synth: tuple[Path, Path],
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    from glossary.render import text as text_module

    monkeypatch.setattr(text_module, "ROWS_PER_TABLE", 7)
    report = scan(synth)
    assert len(report.findings) > 3 * 7
    buffer = io.StringIO()
    render_text(report, Console(file=buffer, width=160, color_system=None))
    section = buffer.getvalue()
    section = section[section.index("Warnings and info ("):section.index("Documents (")]
    others = [f for f in in_render_order(report) if f.severity.value != "error"]
    position = 0
    for f in others:  # every finding but the errors (listed first, on their own), in order, across the tables
        row = re.compile(rf"{re.escape(f.check)}\s*│\s*{re.escape(f.segment.rsplit('#', 1)[-1])}\s*│\s*"
                         rf"{re.escape(f.message[:20])}")
        match = row.search(section, position)
        assert match is not None, f.id
        position = match.end()
    table_lines = [line for line in section.splitlines() if line and line[0] in "┏┃┡│└"]
    assert len({len(line) for line in table_lines}) == 1  # one width: the tables line up
    assert len({line.index("│", 1) for line in table_lines if line.startswith("│")}) == 1
    assert section.count("┃ severity") == 1  # the header once, on the first table
    assert section.count("└") == -(-len(others) // 7)


def invoke(synth: tuple[Path, Path], *args: str):
    glossary_path, corpus = synth
    return runner.invoke(app, ["variance", str(corpus), "--glossary", str(glossary_path), *args])


@pytest.mark.parametrize("fmt, suffix", [("json", ".json"), ("csv", ".csv"), ("md", ".md"), ("html", ".html"),
                                         ("text", ".txt")])
def test_file_and_stdout_get_the_same_report(tmp_path: Path, synth: tuple[Path, Path], fmt: str, suffix: str) -> None:
    path = tmp_path / f"report{suffix}"
    written = invoke(synth, "--format", fmt, "--output", str(path))
    assert written.exit_code == 0, written.output
    printed = invoke(synth, "--format", fmt, "--output", "-")
    assert printed.exit_code == 0, printed.output
    # a CSV file starts with a BOM for Excel (--no-bom: none); standard output never has one
    assert path.read_bytes() == (b"\xef\xbb\xbf" if fmt == "csv" else b"") + printed.stdout_bytes
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([path.name] + (["report-renderings.csv"]
                                                                               if fmt == "csv" else []))


def test_a_report_that_fails_while_written_leaves_the_old_one(tmp_path: Path, synth: tuple[Path, Path],
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "report.json"
    assert invoke(synth, "--format", "json", "--output", str(path)).exit_code == 0
    before = path.read_bytes()

    def half_then_fail(report: VarianceReport, out: io.TextIOBase, **progress: object) -> None:
        out.write('{\n  "$schema": ')
        raise RuntimeError("disk trouble")

    monkeypatch.setattr("glossary.render.json_report.write_json", half_then_fail)
    result = invoke(synth, "--format", "json", "--output", str(path))
    assert result.exit_code == 3 and "internal error: RuntimeError: disk trouble" in result.output
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]  # no temporary file left behind


def test_baseline_and_fail_on_with_the_store(tmp_path: Path, synth: tuple[Path, Path]) -> None:
    report = scan(synth)
    half = json.loads(whole_json(report))
    known = half["findings"][::2]
    half["findings"] = known
    base = tmp_path / "base.json"
    base.write_text(json.dumps(half), encoding="utf-8")
    result = invoke(synth, "--format", "json", "--output", "-", "--baseline", str(base), "--fail-on", "warning")
    data = json.loads(result.stdout)
    known_ids = {f["id"] for f in known}
    left = [f for f in report.findings if f.id not in known_ids]
    assert [f["id"] for f in data["findings"]] == [f.id for f in left]
    assert data["summary"]["baseline"]["known"] == len(known)
    assert sum(data["summary"]["findings"].values()) == len(left)
    assert data["summary"]["by_check"] == {c: n for c in sorted({f.check for f in left})
                                           for n in [sum(f.check == c for f in left)]}
    assert result.exit_code == (1 if any(f.severity.value in ("warning", "error") for f in left) else 0)


def test_terminal_lists_only_the_least_consistent_documents() -> None:
    report = run_variance([REPO / "corpora"], glossary=load_glossary(REPO / "terms"))
    assert len(report.documents) > 2
    buffer = io.StringIO()
    render_text(report, Console(file=buffer, width=200, color_system=None), limit=2, full_report="out.html")
    text = buffer.getvalue()
    section = text[text.index("Documents (least consistent first)"):]
    listed = [d.document for d in report.documents if f"│ {d.document} " in section]
    assert listed == [d.document for d in report.documents[:2]]
    assert f"… {len(report.documents) - 2} more documents; all of them are in out.html" in section
