"""The check registry: stable ids, a name, a one-line description and a severity for each."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from glossary.errors import UsageError
from glossary.variance.checks import Severity, all_checks, get_check
from glossary.variance.report import run_variance

from .helpers import glossary, write_tmx

EXPECTED_IDS = {
    "term.preferred": "ok", "term.admitted": "info", "term.form": "info", "term.spelling": "warning",
    "term.deprecated": "warning", "term.forbidden": "error", "term.misspelling": "error", "term.missing": "info", "term.unlisted": "warning", "term.extended": "info",
    "target.forbidden": "error", "target.deprecated": "warning", "target.misspelling": "error",
    "target.inconsistent-in-document": "warning", "number.missing": "warning", "number.changed": "error",
    "currency.lost": "error",
}


def test_every_check_is_described_with_a_stable_id_and_severity() -> None:
    checks = all_checks()
    assert {c.id: c.severity.value for c in checks} == EXPECTED_IDS
    for check in checks:
        assert re.fullmatch(r"[a-z]+\.[a-z-]+", check.id)
        assert check.name and check.description.endswith(".") and "\n" not in check.description
        assert check.scope in ("pair", "corpus")
        assert get_check(check.id) is check


def test_unknown_check_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match=r"term\.nope"):
        get_check("term.nope")


def test_severity_order() -> None:
    assert Severity.ERROR.at_least(Severity.WARNING) and not Severity.INFO.at_least(Severity.WARNING)


def test_progress_is_reported_with_the_count(tmp_path: Path) -> None:
    tmx = write_tmx(tmp_path / "c.tmx", [("d", "Lễ mở ký", "signing ceremony")] * 3)
    seen: list[int] = []
    report = run_variance([tmx], glossary=glossary({"c": {"vi": ["Lễ mở ký"], "en": ["signing ceremony"]}}),
                          progress=seen.append)
    assert seen[-1] == 3 == report.summary.segments
