"""`glossary variance` through the real entry point: every format, CI options, errors."""
from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from glossary.cli.main import app
from glossary.variance.checks import all_checks

from .helpers import write_glossary, write_tmx

REPO = Path(__file__).resolve().parents[2]
SCHEMA = json.loads((REPO / "glossary" / "schemas" / "variance-report.schema.json").read_text(encoding="utf-8"))
runner = CliRunner()

SPEC = {
    "unodc": {"vi": ["UNODC"], "en": [("UNODC", "preferred", "acronym"), ("UNDOC", "forbidden", "variant")]},
    "ceremony": {"vi": ["Lễ mở ký"], "en": ["signing ceremony", ("Opening Ceremony", "deprecated")]},
    "aud": {"vi": ["AUD"], "en": [("AUD", "preferred", "abbreviation")]},
}
UNITS = [
    ("doc-a", "Lễ mở ký và UNODC", "The Opening Ceremony and UNDOC <script>alert(1)</script>"),
    ("doc-a", "Lễ mở ký", "The signing ceremony"),
    ("doc-b", "Australia cam kết 83,5 triệu AUD", "Australia committed $83.5 million"),
]


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    write_glossary(tmp_path / "terms.yaml", SPEC)
    write_tmx(tmp_path / "corpus.tmx", UNITS)
    return tmp_path


def invoke(project: Path, *args: str):
    return runner.invoke(app, ["variance", str(project / "corpus.tmx"), "--glossary", str(project / "terms.yaml"),
                               *args])


def test_default_run_prints_summary_and_writes_what_a_person_reads(project: Path) -> None:
    result = invoke(project, "--output", str(project / "out" / "variance"))
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.index("Variance report") < out.index("To fix") < out.index("Consistency") \
        < out.index("Concepts, what to fix first") < out.index("Warnings and info (")
    assert "signature glossary:" in out and "micro" in out
    assert sorted(p.name for p in (project / "out").iterdir()) == ["variance.html", "variance.txt"]
    # the other formats on request
    result = invoke(project, "--output", str(project / "out" / "variance"), "-f", "json", "-f", "csv", "-f", "md")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (project / "out").iterdir()) == [
        "variance-renderings.csv", "variance.csv", "variance.html", "variance.json", "variance.md", "variance.txt"]


@pytest.mark.parametrize("fmt", ["text", "json", "csv", "md", "html"])
def test_each_format_to_stdout(project: Path, fmt: str) -> None:
    result = invoke(project, "--format", fmt, "--output", "-")
    assert result.exit_code == 0, result.output
    text = result.stdout
    if fmt == "json":
        assert json.loads(text)["tool"] == "glossary"
    elif fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(text)))
        assert {r["check"] for r in rows} >= {"term.deprecated", "term.misspelling", "currency.lost"}
    elif fmt == "md":
        assert text.startswith("# Variance report") and "| severity | check |" in text
        assert "**UNDOC**" in text and "<script>" not in text and "&lt;script&gt;" in text
    elif fmt == "html":
        assert text.startswith("<!DOCTYPE html>") and "</html>" in text
    else:
        assert "Variance report" in text and "\x1b[" not in text  # plain text, no colour codes
    assert "term.misspelling" in text or fmt == "md" and "misspelling" in text
    assert "|src:vi|tgt:en|norm:" in text  # every report states the settings that produced it


def test_json_validates_against_its_schema(project: Path) -> None:
    result = invoke(project, "--format", "json", "--output", "-")
    data = json.loads(result.stdout)
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    jsonschema.Draft202012Validator(SCHEMA).validate(data)
    assert {f["check"] for f in data["findings"]} >= {"term.deprecated", "term.misspelling", "currency.lost"}
    assert all(re.fullmatch(r"F[0-9a-f]{12}", f["id"]) for f in data["findings"])


def test_schema_lists_exactly_the_registered_checks() -> None:
    assert set(SCHEMA["$defs"]["checkId"]["enum"]) == {c.id for c in all_checks()}


def test_finding_ids_are_stable_across_runs(project: Path) -> None:
    first = json.loads(invoke(project, "--format", "json", "--output", "-").stdout)
    second = json.loads(invoke(project, "--format", "json", "--output", "-").stdout)
    assert [f["id"] for f in first["findings"]] == [f["id"] for f in second["findings"]]
    assert len({f["id"] for f in first["findings"]}) == len(first["findings"])


class _Refs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.refs: list[str] = []
        self.tags: list[str] = []
        self.marks = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.marks += tag == "mark"
        self.refs += [v or "" for k, v in attrs if k in ("src", "href", "xlink:href", "action", "data")]
        if tag == "link" or (tag == "script" and any(k == "src" for k, _ in attrs)):
            self.refs.append(f"<{tag}>")


def test_html_is_self_contained_sortable_and_highlights(project: Path) -> None:
    html = invoke(project, "--format", "html", "--output", "-").stdout
    parser = _Refs()
    parser.feed(html)
    assert parser.refs == []  # no src/href/link at all: nothing is fetched
    assert not re.search(r"https?://|//[a-z0-9.-]+\.[a-z]{2,}/|@import|url\(", html, re.I)
    assert "svg" in parser.tags and "<script>" in html and "sortable" in html
    assert parser.marks >= 3  # findings quote the segment with the term highlighted
    assert "<mark>UNDOC</mark>" in html
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_fail_on_sets_the_exit_code(project: Path) -> None:
    assert invoke(project, "--format", "json", "--output", "-", "--fail-on", "error").exit_code == 1
    assert invoke(project, "--format", "json", "--output", "-", "--fail-on", "warning").exit_code == 1
    assert invoke(project, "--format", "json", "--output", "-").exit_code == 0
    write_tmx(project / "corpus.tmx", [("doc", "Lễ mở ký", "The signing ceremony")])
    assert invoke(project, "--format", "json", "--output", "-", "--fail-on", "warning").exit_code == 0


def test_baseline_reports_only_new_findings(project: Path) -> None:
    base = project / "base.json"
    assert invoke(project, "--format", "json", "--output", str(base)).exit_code == 0
    again = invoke(project, "--format", "json", "--output", "-", "--baseline", str(base), "--fail-on", "warning")
    assert again.exit_code == 0, again.output
    data = json.loads(again.stdout)
    assert data["findings"] == [] and data["summary"]["baseline"]["known"] > 0
    write_tmx(project / "corpus.tmx", UNITS + [("doc-c", "UNODC", "UNDOC")])
    new = invoke(project, "--format", "json", "--output", "-", "--baseline", str(base), "--fail-on", "error")
    assert new.exit_code == 1
    assert {(f["document"], f["check"]) for f in json.loads(new.stdout)["findings"]} == {("doc-c", "term.misspelling")}


@pytest.mark.parametrize("content, message", [
    ("{not json", "baseline is not JSON"),
    ('{"findings": []}', "not a glossary variance report"),
    ('{"tool": "glossary", "findings": [{"no": "id"}]}', "no list of findings with ids"),
])
def test_bad_baseline_is_one_line_naming_the_file(project: Path, content: str, message: str) -> None:
    base = project / "bad.json"
    base.write_text(content, encoding="utf-8")
    result = invoke(project, "--baseline", str(base))
    assert result.exit_code == 2
    assert message in result.output and str(base) in result.output and "Traceback" not in result.output


def test_stdout_needs_exactly_one_format(project: Path) -> None:
    result = invoke(project, "--output", "-")
    assert result.exit_code == 2 and "exactly one --format" in result.output


def test_bad_glossary_and_missing_corpus_are_clean_errors(project: Path) -> None:
    (project / "terms.yaml").write_text("concepts:\n  - id: x\n    terms: [\n", encoding="utf-8")
    result = invoke(project)
    assert result.exit_code != 0 and "terms.yaml" in result.output and "Traceback" not in result.output
    result = runner.invoke(app, ["variance", str(project / "nope.tmx")])
    assert result.exit_code == 2 and "nope.tmx" in result.output


def test_console_script_runs_with_no_argument_in_the_repository(tmp_path: Path) -> None:
    """The README's main-job command: bundled corpora/ and terms/, reports under reports/."""
    exe = shutil.which("glossary")
    cmd = [exe] if exe else [sys.executable, "-c", "from glossary.cli.main import run; run()"]
    out = tmp_path / "reports"
    result = subprocess.run([*cmd, "variance", "--output", str(out) + "/"], cwd=REPO, capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "Variance report" in result.stdout and "Concepts, what to fix first" in result.stdout
    assert (out / "variance.html").is_file() and (out / "variance.txt").is_file()
    assert not (out / "variance.json").exists()  # on request only


@pytest.mark.parametrize("raw, formats, expected", [
    ("reports/variance", ["json", "html"], ["reports/variance.json", "reports/variance.html"]),
    ("reports/run.json", ["json"], ["reports/run.json"]),
    ("reports/run.json", ["json", "md"], ["reports/run.json", "reports/run.md"]),
    ("out/", ["text"], ["out/variance.txt"]),
])
def test_output_paths(raw: str, formats: list[str], expected: list[str]) -> None:
    from glossary.cli.variance_cmd import ReportFormat, output_paths

    paths = output_paths(raw, [ReportFormat(f) for f in formats])
    assert [str(p) for p in paths.values()] == expected


def test_help_describes_the_command_and_its_options() -> None:
    result = runner.invoke(app, ["variance", "--help"])
    assert result.exit_code == 0
    for option in ("--glossary", "--source-lang", "--target-lang", "--format", "--output", "--fail-on", "--baseline"):
        assert option in result.stdout
