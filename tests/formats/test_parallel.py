"""Parallel plain text (name.vi + name.en): the contract, pairing, line-count mismatch."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from contract import FIXTURES, SAMPLE_PAIRS, FormatContract, pairs, read

from glossary.corpora.formats import expand_paths
from glossary.errors import ParseError


class TestParallel(FormatContract):
    format_name = "parallel"
    fixture = "sample.vi"
    companions = ("sample.en",)
    expected_lines = [1, 2, 3, 4, 5]


def _pair(tmp_path: Path, extra: dict[str, str] | None = None) -> Path:
    for name in ("sample.vi", "sample.en"):
        shutil.copy(FIXTURES / name, tmp_path / name)
    for name, text in (extra or {}).items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def test_naming_either_file_or_both_reads_the_pair_once(tmp_path: Path) -> None:
    folder = _pair(tmp_path)
    for given in ([folder / "sample.en"], [folder / "sample.en", folder / "sample.vi"], [folder]):
        segments, stats = read(given, source_lang="vi", target_lang="en")
        assert pairs(segments) == SAMPLE_PAIRS
        assert sum(stats.files.values()) == 1


def test_the_source_must_be_named(tmp_path: Path) -> None:
    folder = _pair(tmp_path)
    with pytest.raises(ParseError, match="pass --source-lang to say which of sample.en, sample.vi is the source"):
        read(folder / "sample.vi")


def test_every_other_language_file_is_a_target_unless_one_is_chosen(tmp_path: Path) -> None:
    folder = _pair(tmp_path, {"sample.fr": "".join(f"fr {n}\n" for n in range(1, 6))})
    segments, _ = read(folder / "sample.vi", source_lang="vi")
    assert [s.target_lang for s in segments[:2]] == ["en", "fr"]
    assert segments[1].unit_id == "1/fr"
    only_fr, stats = read(folder, source_lang="vi", target_lang="fr")
    assert {s.target for s in only_fr} == {f"fr {n}" for n in range(1, 6)}
    assert any("sample.en: not read" in w for w in stats.warnings)


def test_directory_walk_finds_pairs_but_not_lone_language_suffixes(tmp_path: Path) -> None:
    folder = _pair(tmp_path, {"notes.de": "allein\n", "script.py": "print()\n"})
    assert sorted(p.name for p in expand_paths([folder])) == ["sample.en", "sample.vi"]


def test_line_count_mismatch_is_an_error_at_the_first_unpartnered_line(tmp_path: Path) -> None:
    folder = _pair(tmp_path, {"sample.en": "Hanoi Convention\nOnly two\n"})
    with pytest.raises(ParseError, match="line counts differ: sample.en ends at line 2") as caught:
        list(read(folder / "sample.vi", source_lang="vi")[0])
    assert caught.value.path == str(folder / "sample.vi") and caught.value.line == 3
    segments, stats = read(folder / "sample.vi", source_lang="vi", skip_bad=True)
    assert len(segments) == 2 and sum(stats.skipped.values()) == 3
