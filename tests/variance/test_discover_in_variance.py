"""--discover feeds discovery's groups that no glossary concept covers into the variance report."""
from __future__ import annotations

import json
from pathlib import Path

import jsonschema
from typer.testing import CliRunner

from glossary.cli.main import app

REPO = Path(__file__).resolve().parents[2]
SCHEMA = json.loads((REPO / "glossary" / "schemas" / "variance-report.schema.json").read_text(encoding="utf-8"))
CORPUS = REPO / "corpora" / "hanoi-convention" / "hanoi-convention.tmx"


def test_discover_adds_uncovered_drift(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["variance", str(CORPUS), "--glossary", str(REPO / "terms"), "--discover",
                                      "--format", "json", "--format", "md", "--output", str(tmp_path / "v")])
    assert result.exit_code == 0, result.output
    report = json.loads((tmp_path / "v.json").read_text(encoding="utf-8"))
    jsonschema.validate(report, SCHEMA)
    groups = report["discovered"]
    assert groups, "the bundled corpus has drift the glossary does not cover"
    covered = {t for c in report["concepts"] for t in c["source_terms"]}
    assert all(g["source_term"] not in covered for g in groups)
    assert all(len(g["renderings"]) >= 2 for g in groups)
    assert "Drift outside the glossary" in (tmp_path / "v.md").read_text(encoding="utf-8")


def test_without_discover_the_report_has_no_discovered_key(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["variance", str(CORPUS), "--glossary", str(REPO / "terms"),
                                      "--format", "json", "--output", str(tmp_path / "v.json")])
    assert result.exit_code == 0, result.output
    assert "discovered" not in json.loads((tmp_path / "v.json").read_text(encoding="utf-8"))
