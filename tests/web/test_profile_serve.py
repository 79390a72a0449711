"""`glossary serve` runs the report with the project's check profile, as `glossary variance` does."""
from __future__ import annotations

import json
from pathlib import Path

from glossary.variance.profile import project_profile

from .conftest import config_for, copy_project, started


def test_serve_reports_with_the_projects_profile(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    (project / "glossary.toml").write_text('[checks]\nprofile = "desk"\ndisable = ["term.admitted"]\n\n'
                                           '[checks.severity]\n"currency.lost" = "warning"\n', encoding="utf-8")
    config = config_for(project, discover=False, profile=project_profile(project))
    with started(config) as client:
        jobs = client.app.state.web.jobs
        report = jobs.view.report
        assert "|profile:desk@" in report.signature
        assert report.summary.by_check.get("term.admitted", 0) == 0
        written = json.loads(jobs.variance_path.read_text(encoding="utf-8"))
        assert {f["check"] for f in written["findings"]} >= {"currency.lost"}
        assert {f["severity"] for f in written["findings"] if f["check"] == "currency.lost"} == {"warning"}
        assert "term.admitted" not in {f["check"] for f in written["findings"]}
