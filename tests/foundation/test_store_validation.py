"""Loading terms/ files: every problem is reported with file and line."""
from __future__ import annotations

from pathlib import Path

import pytest

from glossary.errors import ValidationError
from glossary.model import Status, TermType
from glossary.store.termstore import TermStore, load_glossary

GOOD = """\
# A comment the store must keep
subject: cybercrime
concepts:
  - id: unodc
    definition: UN office.
    terms:
      en:
        - term: United Nations Office on Drugs and Crime
          status: preferred
          type: fullForm
        - term: UNDOC  # misspelling seen in seeds
          status: forbidden
          reason: Transposition.
      vi_VN:
        - term: Văn phòng Liên hợp quốc về Ma túy và Tội phạm
"""

# (name, yaml text, expected problem code, expected line, message fragment)
BROKEN = [
    ("unknown term field", GOOD.replace("          reason: Transposition.", "          colour: red"), "unknown-field", 13, "colour"),
    ("unknown concept field", GOOD.replace("    definition: UN office.", "    defn: UN office."), "unknown-field", 5, "defn"),
    ("unknown file field", "langs: [vi]\n" + GOOD, "unknown-field", 1, "langs"),
    ("bad status", GOOD.replace("status: forbidden", "status: banned"), "bad-status", 12, "banned"),
    ("bad type", GOOD.replace("type: fullForm", "type: longForm"), "bad-type", 10, "longForm"),
    ("bad pos", GOOD.replace("type: fullForm", "pos: nounish"), "bad-pos", 10, "nounish"),
    ("bad language", GOOD.replace("vi_VN:", "vn:"), "bad-language", 14, "vn"),
    ("no preferred", GOOD.replace("status: preferred", "status: admitted"), "no-preferred", 7, "no preferred term in en"),
    ("two preferred", GOOD.replace("status: forbidden", "status: preferred"), "two-preferred", 11, "two preferred"),
    ("missing id", GOOD.replace("  - id: unodc\n", "  - subject: x\n"), "missing-id", 4, "no 'id'"),
    ("duplicate term", GOOD.replace("UNDOC  # misspelling seen in seeds", "United Nations Office on Drugs and Crime"), "duplicate-term", 11, "listed twice"),
    ("terms not a mapping", GOOD.split("    terms:")[0] + "    terms: []\n", "bad-shape", 6, "needs 'terms'"),
    ("yaml syntax", GOOD.replace("definition: UN office.", "definition: [unclosed"), "syntax", 6, "YAML"),
    ("duplicate key", GOOD.replace("    definition: UN office.", "    definition: a\n    definition: b"), "syntax", 6, "YAML"),
    ("empty file", "", "empty-file", 1, "empty"),
    ("bad date", GOOD.replace("    definition: UN office.", "    created: yesterday"), "bad-date", 5, "ISO date"),
]


@pytest.mark.parametrize(("name", "text", "code", "line", "fragment"), BROKEN, ids=[b[0] for b in BROKEN])
def test_broken_glossary_reports_problem_with_line(tmp_path: Path, name: str, text: str, code: str, line: int, fragment: str) -> None:
    path = tmp_path / "g.yaml"
    path.write_text(text, encoding="utf-8")
    problems = TermStore.open(path).problems()
    matching = [p for p in problems if p.code == code]
    assert matching, f"expected {code}, got {[str(p) for p in problems]}"
    assert matching[0].line == line
    assert matching[0].path == str(path)
    assert fragment in matching[0].message


def test_good_glossary_loads_and_normalises_language(tmp_path: Path) -> None:
    path = tmp_path / "g.yaml"
    path.write_text(GOOD, encoding="utf-8")
    glossary = load_glossary(path)
    concept = glossary.get("unodc")
    assert concept is not None and concept.subject == "cybercrime"
    assert concept.languages == ["en", "vi-VN"]
    assert concept.preferred("en").type is TermType.FULL_FORM
    assert concept.with_status("en", Status.FORBIDDEN)[0].text == "UNDOC"
    assert concept.terms["en"][1].location.line == 11
    assert len(glossary.fingerprint) == 64


def test_every_problem_is_listed_across_files(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(GOOD.replace("status: forbidden", "status: banned"), encoding="utf-8")
    (tmp_path / "b.yaml").write_text(GOOD.replace("type: fullForm", "type: nope"), encoding="utf-8")
    with pytest.raises(ValidationError) as info:
        load_glossary(tmp_path)
    codes = sorted(p.code for p in info.value.problems)
    assert "bad-status" in codes and "bad-type" in codes
    assert "duplicate-id" in codes  # both files define unodc
    assert "two-preferred" not in codes  # a bad status is one error, not a cascade
    assert {Path(p.path).name for p in info.value.problems} == {"a.yaml", "b.yaml"}


def test_preferred_in_two_concepts_is_an_error(tmp_path: Path) -> None:
    text = GOOD + """\
  - id: unodc-2
    terms:
      en:
        - term: united nations office on drugs and crime
"""
    path = tmp_path / "g.yaml"
    path.write_text(text, encoding="utf-8")
    problems = [p for p in TermStore.open(path).problems() if p.code == "preferred-twice"]
    assert len(problems) == 1 and problems[0].line == 19
    assert "'unodc'" in problems[0].message and "'unodc-2'" in problems[0].message


def test_cached_load_equals_uncached_and_sees_edits(tmp_path: Path) -> None:
    path = tmp_path / "g.yaml"
    path.write_text(GOOD, encoding="utf-8")
    first = load_glossary(path)
    again = load_glossary(path)  # from the cache
    assert again.concepts == first.concepts and again.fingerprint == first.fingerprint
    assert load_glossary(path, cache=False).fingerprint == first.fingerprint
    path.write_text(GOOD.replace("status: forbidden", "status: banned"), encoding="utf-8")
    with pytest.raises(ValidationError, match="banned"):
        load_glossary(path)  # a changed file is never served from the cache


@pytest.mark.parametrize(("name", "text", "code", "line", "fragment"), BROKEN, ids=[b[0] for b in BROKEN])
def test_fast_read_path_reports_the_same_problem(tmp_path: Path, name: str, text: str, code: str, line: int, fragment: str) -> None:
    """load_glossary parses with libyaml; it must find what the round-trip parser finds, on the same line."""
    path = tmp_path / "g.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValidationError) as info:
        load_glossary(path)
    matching = [p for p in info.value.problems if p.code == code]
    assert matching and matching[0].line == line and fragment in matching[0].message
