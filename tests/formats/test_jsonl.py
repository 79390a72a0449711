"""JSON Lines: the contract, the documented keys, per-line languages."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from contract import FIXTURES, FormatContract, read

from glossary.corpora.formats.jsonl import KEYS
from glossary.errors import ParseError


class TestJsonl(FormatContract):
    format_name = "jsonl"
    fixture = "sample.jsonl"
    expected_lines = [1, 2, 4, 5, 6]


def test_every_documented_key_is_read() -> None:
    segments, _ = read(FIXTURES / "sample.jsonl")
    third, fourth, last = segments[2], segments[3], segments[4]
    assert (third.unit_id, third.source_id, third.rendering, third.document) == ("u3/1", "u3", "outlet A", "sample-doc")
    assert fourth.state == "needs-review"
    assert segments[1].notes == ("UNODC: keep the acronym in brackets",)
    assert last.props == {"x-document": "sample-doc"} and "<bpt" in (last.display_target or "")


def test_keys_are_documented_in_the_readme() -> None:
    readme = (Path(__file__).resolve().parents[2] / "glossary" / "corpora" / "formats" / "README.md").read_text(encoding="utf-8")
    for key in KEYS:
        assert f"`{key}`" in readme


def _lines(tmp_path: Path, *records: object) -> Path:
    path = tmp_path / "x.jsonl"
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)) + "\n"
                            for r in records), encoding="utf-8")
    return path


def test_languages_come_from_the_line_or_the_options(tmp_path: Path) -> None:
    path = _lines(tmp_path, {"source": "Công ước", "target": "Convention"})
    with pytest.raises(ParseError, match="no source_lang on the line and no --source-lang given"):
        read(path)
    segment = read(path, source_lang="vi_VN", target_lang="EN")[0][0]
    assert (segment.source_lang, segment.target_lang, segment.unit_id) == ("vi-VN", "en", "1")


def test_a_line_in_another_pair_than_requested_says_so(tmp_path: Path) -> None:
    path = _lines(tmp_path, {"source": "a", "target": "b", "source_lang": "vi", "target_lang": "en"},
                  {"source": "a", "target": "c", "source_lang": "vi", "target_lang": "fr"})
    with pytest.raises(ParseError, match="target language fr is not the requested en") as caught:
        read(path, target_lang="en")
    assert caught.value.line == 2
    segments, stats = read(path, target_lang="en", skip_bad=True)
    assert len(segments) == 1 and stats.skipped == {"language pair vi->fr not requested": 1}


def test_notes_as_one_string_and_numeric_ids(tmp_path: Path) -> None:
    path = _lines(tmp_path, {"source": "a", "target": "b", "source_lang": "vi", "target_lang": "en",
                             "id": 7, "notes": "one note"})
    segment = read(path)[0][0]
    assert (segment.unit_id, segment.notes) == ("7", ("one note",))
