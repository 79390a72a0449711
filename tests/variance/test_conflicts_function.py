"""find_segment_conflicts: segment-level conflicts without a glossary, same keys as the variance report."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from glossary.cli.main import app
from glossary.corpora.formats import read_corpus
from glossary.variance.consistency import find_segment_conflicts
from glossary.variance.report import run_variance

from .helpers import glossary, segment, write_tmx


def _summary(conflicts) -> set[tuple[str, str, tuple[tuple[str, tuple[str, ...]], ...]]]:
    return {(c.kind, c.text, tuple(sorted((v.text, tuple(v.segments)) for v in c.variants))) for c in conflicts}


@pytest.mark.parametrize(("pairs", "expected"), [
    pytest.param([("Xin chào", "Hello"), ("Xin chào", "Hi")],
                 {("same-source", "Xin chào", 2)}, id="one-source-two-targets"),
    pytest.param([("Xin chào", "Hello"), ("Chào bạn", "Hello")],
                 {("same-target", "Hello", 2)}, id="one-target-two-sources"),
    pytest.param([("Xin chào", "Hello"), ("XIN CHÀO", "hello"), ("xin  chào", "Hello!")],
                 set(), id="case-space-punctuation-are-not-conflicts"),
    pytest.param([("Hòa bình", "Peace"), ("Hoà bình", "Calm")],
                 {("same-source", "Hòa bình", 2)}, id="tone-placement-is-one-source"),
    pytest.param([("Hoa binh", "Peace"), ("Hòa bình", "Calm")],
                 set(), id="diacritics-are-not-dropped"),
    pytest.param([("Xin chào", "Hello"), ("Xin chào", "Hello"), ("Xin chào", "Hi"), ("Xin chào", "Hey")],
                 {("same-source", "Xin chào", 3)}, id="three-distinct-targets"),
    pytest.param([("", "Hello"), ("", "Hi"), ("Tạm biệt", "")], set(), id="empty-sides-ignored"),
])
def test_conflicts_table(pairs: list[tuple[str, str]], expected: set[tuple[str, str, int]]) -> None:
    segments = [segment(s, t, unit=f"u{i}") for i, (s, t) in enumerate(pairs, start=1)]
    found = {(c.kind, c.text, len(c.variants)) for c in find_segment_conflicts(segments)}
    assert found == expected


def test_segments_of_each_variant_are_kept() -> None:
    segments = [segment("Xin chào", "Hello", unit="u1"), segment("Xin chào", "Hi", unit="u2"),
                segment("xin chào", "hello", unit="u3")]
    (conflict,) = find_segment_conflicts(segments)
    assert {v.text: v.segments for v in conflict.variants} == {"Hello": ["doc#u1", "doc#u3"], "Hi": ["doc#u2"]}


def test_same_conflicts_as_the_variance_report(tmp_path: Path) -> None:
    units = [("a", "Lễ mở ký diễn ra", "The signing ceremony took place"),
             ("b", "Lễ mở ký diễn ra", "The opening ceremony took place"),
             ("a", "Liên hợp quốc cho biết", "The UN said"),
             ("b", "Liên hợp quốc nói", "The UN said"),
             ("b", "Hôm nay", "Today")]
    tmx = write_tmx(tmp_path / "c.tmx", units)
    report = run_variance([tmx], glossary=glossary({"un": {"vi": ["Liên hợp quốc"], "en": ["United Nations"]}}))
    ours = find_segment_conflicts(read_corpus([tmx]))
    assert _summary(ours) == _summary(report.conflicts)
    assert {c.kind for c in ours} == {"same-source", "same-target"}


# -- glossary corpus conflicts: the command over the function ------------------------------------
def _po(path: Path, entries: list[tuple[str, str, str]]) -> Path:
    body = "".join(f'\nmsgctxt "{ctx}"\nmsgid "{source}"\nmsgstr "{target}"\n' for ctx, source, target in entries)
    path.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: en\\n"\n'
                    + body, encoding="utf-8")
    return path


def test_command_lists_conflicts_in_text_and_json(tmp_path: Path) -> None:
    po = _po(tmp_path / "news.po", [("a", "Lễ mở ký", "Signing ceremony"), ("b", "Lễ mở ký", "Opening ceremony"),
                                    ("c", "Hôm nay", "Today"), ("d", "Bây giờ", "Today")])
    runner = CliRunner()
    text = runner.invoke(app, ["corpus", "conflicts", str(po), "--source-lang", "vi"])
    assert text.exit_code == 0, text.output
    assert "4 segment(s) read" in text.output and "Segment conflicts (2)" in text.output
    assert "one source, several targets: Lễ mở ký" in text.output
    assert "one target, several sources: Today" in text.output
    data = json.loads(runner.invoke(app, ["corpus", "conflicts", str(po), "-s", "vi", "--json", "--limit", "1"]).output)
    assert (data["segments"], data["total"], len(data["conflicts"])) == (4, 2, 1)
    assert data["conflicts"][0]["kind"] == "same-source"
    assert [v["text"] for v in data["conflicts"][0]["variants"]] == ["Signing ceremony", "Opening ceremony"]


def test_command_names_the_file_and_line_of_a_bad_record(tmp_path: Path) -> None:
    po = tmp_path / "bad.po"
    po.write_text('msgid "Lễ mở ký"\nmsgstr "Signing ceremony\n', encoding="utf-8")
    result = CliRunner().invoke(app, ["corpus", "conflicts", str(po), "-s", "vi", "-t", "en"])
    assert result.exit_code != 0
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and f"{po}:2" in lines[0], result.output
    assert "Traceback" not in result.output
