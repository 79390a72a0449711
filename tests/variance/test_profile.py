"""Check profiles: enable, disable and re-grade checks by id, in glossary.toml, pyproject.toml's
[tool.glossary] or on the command line; unknown ids are one-line errors naming the file and line;
the report's settings and signature name the profile."""
from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from glossary.cli.main import app
from glossary.errors import ParseError, UsageError
from glossary.variance.checks import Severity
from glossary.variance.profile import (
    DEFAULT,
    CheckProfile,
    find_project_file,
    project_profile,
    read_profile,
)
from glossary.variance.report import run_variance

from .helpers import glossary, write_glossary, write_tmx

runner = CliRunner()

SPEC = {
    "unodc": {"vi": ["UNODC"], "en": [("United Nations Office on Drugs and Crime", "preferred"),
                                      ("UNODC", "admitted", "acronym")]},
    "ceremony": {"vi": ["Lễ mở ký"], "en": ["signing ceremony", ("Opening Ceremony", "deprecated")]},
}
UNITS = [
    ("d", "UNODC họp", "UNODC met"),  # admitted: info
    ("e", "Lễ mở ký diễn ra", "The Opening Ceremony took place"),  # deprecated: warning
    ("f", "Lễ mở ký hôm nay", "The signing ceremony today"),
]


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    return write_tmx(tmp_path / "c.tmx", UNITS)


def checks_found(report) -> dict[str, str]:
    return {f.check: f.severity.value for f in report.findings}


# -- reading a profile --------------------------------------------------------------------------
def test_glossary_toml_enables_disables_and_regrades(tmp_path: Path) -> None:
    path = tmp_path / "glossary.toml"
    path.write_text('[checks]\nprofile = "newsroom"\ndisable = ["term.admitted"]\n\n[checks.severity]\n'
                    'term.deprecated = "error"\n"term.missing" = "info"\n', encoding="utf-8")
    profile = read_profile(path)
    assert profile.name == "newsroom" and profile.enable is None and profile.disable == {"term.admitted"}
    # the unquoted dotted key term.deprecated is read back as the check id
    assert profile.severity == {"term.deprecated": Severity.ERROR, "term.missing": Severity.INFO}
    assert re.fullmatch(r"newsroom@[0-9a-f]{8}", profile.signature())


def test_pyproject_tool_glossary_checks(tmp_path: Path) -> None:
    path = tmp_path / "pyproject.toml"
    path.write_text('[project]\nname = "x"\n\n[tool.glossary.checks]\nenable = ["term.forbidden", "term.misspelling"]\n',
                    encoding="utf-8")
    profile = read_profile(path)
    assert profile.enable == {"term.forbidden", "term.misspelling"} and profile.name == "pyproject.toml"


@pytest.mark.parametrize("text, line, message", [
    ('[checks]\ndisable = [\n  "term.admitted",\n  "term.mising",\n]\n', 4, "unknown check 'term.mising'; did you mean term.missing?"),
    ('# house rules\n[checks]\nenable = ["number.changed"]\n\n[checks.severity]\n"target.forbiden" = "info"\n', 6,
     "unknown check 'target.forbiden'"),
    ('[checks]\n\n[checks.severity]\n"term.missing" = "fatal"\n', 4, "must be error, warning or info, not 'fatal'"),
    ('[checks.severity]\n"term.preferred" = "error"\n', 2, "term.preferred gives no finding"),
    ('[checks]\nenabled = ["term.missing"]\n', 2, "unknown key 'enabled' in [checks]"),
    ('[checks]\ndisable = "term.missing"\n', 2, "disable must be a list of check ids"),
    ('[checks]\ndisable = ["term.missing"\n', 2, "Unclosed array"),  # TOML syntax: tomllib's message, its line
])
def test_bad_profiles_are_one_line_errors_naming_file_and_line(tmp_path: Path, text: str, line: int, message: str) -> None:
    path = tmp_path / "glossary.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises((UsageError, ParseError)) as raised:
        read_profile(path)
    assert raised.value.line == line and Path(raised.value.path) == path
    assert message in str(raised.value) and "\n" not in str(raised.value)


def test_the_project_file_is_found_upward_and_not_past_the_project(tmp_path: Path) -> None:
    project = tmp_path / "project"
    (project / "terms").mkdir(parents=True)
    deep = project / "a" / "b"
    deep.mkdir(parents=True)
    assert find_project_file(deep) is None
    (tmp_path / "glossary.toml").write_text("[checks]\n", encoding="utf-8")  # above the project: not its own
    assert find_project_file(deep) is None
    (project / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")  # no [tool.glossary]
    assert find_project_file(deep) is None
    (project / "pyproject.toml").write_text('[tool.glossary.checks]\ndisable = ["term.admitted"]\n', encoding="utf-8")
    assert find_project_file(deep) == project / "pyproject.toml"
    (project / "a" / "glossary.toml").write_text('[checks]\ndisable = ["term.missing"]\n', encoding="utf-8")
    assert find_project_file(deep) == project / "a" / "glossary.toml"  # the nearest wins
    assert project_profile(deep).disable == {"term.missing"}
    assert project_profile(tmp_path / "elsewhere-that-does-not-exist") is not None


def test_command_line_on_top_of_the_file() -> None:
    base = CheckProfile(name="house", source="glossary.toml", disable=frozenset({"term.admitted"}),
                        severity={"term.missing": Severity.INFO})
    merged = base.with_overrides(disable=["number.missing"], severity=["term.missing=error"],
                                 enable=["term.missing", "number.missing", "term.forbidden"])
    assert merged.disable == {"term.admitted", "number.missing"}
    assert merged.severity == {"term.missing": Severity.ERROR}
    assert merged.enable == {"term.missing", "number.missing", "term.forbidden"}
    assert merged.name == "house" and "glossary.toml + command line" in merged.summary()
    assert merged.signature() != base.signature() and DEFAULT.signature() == "default"
    with pytest.raises(UsageError, match=r"^--enable: unknown check 'term\.nope'"):
        DEFAULT.with_overrides(enable=["term.nope"])
    with pytest.raises(UsageError, match="give CHECK=LEVEL"):
        DEFAULT.with_overrides(severity=["term.missing"])


# -- applying it ----------------------------------------------------------------------------------
def test_the_report_runs_the_profiles_checks_at_its_severities(corpus: Path) -> None:
    plain = run_variance([corpus], glossary=glossary(SPEC))
    assert checks_found(plain) == {"term.admitted": "info", "term.deprecated": "warning"}
    assert plain.settings.profile_signature == "default" and "|profile:default|" in plain.signature

    profile = DEFAULT.with_overrides(disable=["term.admitted"], severity=["term.deprecated=error"])
    report = run_variance([corpus], glossary=glossary(SPEC), profile=profile)
    assert checks_found(report) == {"term.deprecated": "error"}
    assert report.summary.findings == {"error": 1, "warning": 0, "info": 0}
    assert "term.admitted" not in report.settings.checks and len(report.settings.checks) == len(plain.settings.checks) - 1
    listed = {c["id"]: c["severity"] for c in report.checks}
    assert "term.admitted" not in listed and listed["term.deprecated"] == "error"
    assert f"|profile:{profile.signature()}|" in report.signature
    assert "re-graded term.deprecated=error" in report.settings.profile and report.fails(Severity.ERROR)

    only = run_variance([corpus], glossary=glossary(SPEC), profile=DEFAULT.with_overrides(enable=["term.admitted"]))
    assert checks_found(only) == {"term.admitted": "info"} and only.settings.checks == ["term.admitted"]


def test_the_profile_reaches_every_partition(corpus: Path) -> None:
    profile = DEFAULT.with_overrides(disable=["term.admitted"], severity=["term.deprecated=error"])
    one = run_variance([corpus], glossary=glossary(SPEC), profile=profile)
    two = run_variance([corpus], glossary=glossary(SPEC), profile=profile, jobs=2, split_bytes=200)
    assert [(f.id, f.severity) for f in two.findings] == [(f.id, f.severity) for f in one.findings]
    assert two.signature == one.signature


# -- the command line -------------------------------------------------------------------------------
@pytest.fixture
def project(tmp_path: Path, corpus: Path) -> Path:
    (tmp_path / "terms").mkdir()
    write_glossary(tmp_path / "terms" / "terms.yaml", SPEC)
    return tmp_path


def variance(project: Path, *args: str):
    old = Path.cwd()
    os.chdir(project)
    try:
        return runner.invoke(app, ["variance", str(project / "c.tmx"), "-f", "json", "-o", "-", *args])
    finally:
        os.chdir(old)


def test_cli_options_and_the_project_file(project: Path) -> None:
    plain = json.loads(variance(project).stdout)
    assert {f["check"] for f in plain["findings"]} == {"term.admitted", "term.deprecated"}
    (project / "glossary.toml").write_text('[checks]\nprofile = "desk"\ndisable = ["term.admitted"]\n', encoding="utf-8")
    filed = json.loads(variance(project).stdout)
    assert {f["check"] for f in filed["findings"]} == {"term.deprecated"}
    assert "|profile:desk@" in filed["signature"] and filed["settings"]["profile"].startswith("desk@")
    both = json.loads(variance(project, "--disable", "term.deprecated,number.missing",
                               "--severity", "term.deprecated=error").stdout)
    assert both["findings"] == [] and "number.missing" not in both["settings"]["checks"]
    only = json.loads(variance(project, "--enable", "term.admitted").stdout)  # the file's disable still holds
    assert only["findings"] == [] and only["settings"]["checks"] == []
    (project / "glossary.toml").unlink()
    only = json.loads(variance(project, "--enable", "term.admitted").stdout)
    assert {f["check"] for f in only["findings"]} == {"term.admitted"} and only["settings"]["checks"] == ["term.admitted"]


def test_cli_unknown_ids_are_one_line_errors(project: Path) -> None:
    result = variance(project, "--disable", "term.mising")
    assert result.exit_code == 2 and "--disable: unknown check 'term.mising'; did you mean term.missing?" in result.output
    (project / "glossary.toml").write_text('[checks]\n\ndisable = ["term.admitted",\n  "nope"]\n', encoding="utf-8")
    result = variance(project)
    assert result.exit_code == 2 and "Traceback" not in result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and re.search(r"glossary\.toml:4: unknown check 'nope'", lines[0])
    other = project / "strict.toml"
    other.write_text('[checks.severity]\n"term.admitted" = "warning"\n', encoding="utf-8")
    result = variance(project, "--profile", str(other))
    assert result.exit_code == 0 and {f["severity"] for f in json.loads(result.stdout)["findings"]} == {"warning"}
    missing = variance(project, "--profile", str(project / "absent.toml"))
    assert missing.exit_code == 2 and "absent.toml: no such profile file" in missing.output
