"""--baseline reads an earlier report's finding ids piece by piece: the ids json.load gives, the same errors."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from glossary.errors import ParseError
from glossary.variance import report_ids
from glossary.variance.report import load_baseline

REPORT = {
    "$schema": "urn:glossary:schema:variance-report:1", "tool": "glossary", "version": "1",
    "summary": {"findings": {"error": 1}, "nested": [[1, 2.5e3, -7], {"a": [None, True]}]},
    "concepts": [{"concept_id": f"c{i}", "renderings": [{"text": "x \"quoted\" ]}", "count": 12345}]}
                 for i in range(40)],
    "findings": [{"id": f"F{i:012x}", "message": "ệ, {[,]} \\ \n", "span": [i, i + 3]} for i in range(200)],
    "conflicts": [], "warnings": ["a", "b"],
}


def ids_by_json_load(path: Path) -> set[str]:
    return {f["id"] for f in json.loads(path.read_text(encoding="utf-8"))["findings"]}


@pytest.mark.parametrize("indent", [2, None])
@pytest.mark.parametrize("chunk", [1, 7, 4096])
def test_the_ids_json_load_gives(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, indent: int | None,
                                 chunk: int) -> None:
    monkeypatch.setattr(report_ids, "CHUNK_CHARS", chunk)  # values cut anywhere by the buffer
    path = tmp_path / "r.json"
    path.write_text(json.dumps(REPORT, ensure_ascii=False, indent=indent), encoding="utf-8")
    assert load_baseline(path) == ids_by_json_load(path) and len(load_baseline(path)) == 200


def test_empty_findings_and_a_trailing_number(tmp_path: Path) -> None:
    path = tmp_path / "r.json"
    path.write_text('{"tool": "glossary", "findings": [], "n": 12345}', encoding="utf-8")
    assert load_baseline(path) == set()


@pytest.mark.parametrize("content, message, line", [
    ("", "baseline is not JSON", 1),
    ('{\n  "tool": "glossary",\n  "findings": [\n    {"id": "F1"},\n', "baseline is not JSON", 5),  # cut short
    ('{\n  "tool": "glossary",\n  "findings": [{"id": "F1"} {"id": "F2"}]\n}', "baseline is not JSON", 3),
    ('{"tool": "glossary", "findings": []} extra', "baseline is not JSON", 1),
    ("{not json", "baseline is not JSON", 1),
    ('["tool", "glossary"]', "not a glossary variance report", None),
    ('{"findings": []}', "not a glossary variance report", None),
    ('{"tool": "other", "findings": []}', "not a glossary variance report", None),
    ('{"tool": "glossary"}', "no list of findings with ids", None),
    ('{"tool": "glossary", "findings": {"id": "F1"}}', "no list of findings with ids", None),
    ('{"tool": "glossary", "findings": [{"id": "F1"}, {"no": "id"}]}', "no list of findings with ids", None),
    ('{"tool": "glossary", "findings": [{"id": 7}]}', "no list of findings with ids", None),
])
def test_bad_baselines_are_one_line_errors(tmp_path: Path, content: str, message: str, line: int | None) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ParseError) as caught:
        load_baseline(path)
    assert message in str(caught.value) and str(path) in str(caught.value)
    if line is not None:
        assert caught.value.line == line


def test_unreadable_and_not_utf8(tmp_path: Path) -> None:
    with pytest.raises(ParseError, match="cannot read baseline"):
        load_baseline(tmp_path / "missing.json")
    path = tmp_path / "latin1.json"
    path.write_bytes('{"tool": "glossary", "findings": [{"id": "é"}]}'.encode("latin-1"))
    with pytest.raises(ParseError, match="not UTF-8"):
        load_baseline(path)
