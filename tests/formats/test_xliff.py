"""XLIFF 1.2 (generic, memoQ, Trados SDLXLIFF) and 2.x: the contract and what each flavour adds."""
from __future__ import annotations

from pathlib import Path

import pytest
from contract import FIXTURES, FormatContract, pairs, read

from glossary.errors import ParseError

SKIPPED_12 = {"empty target (untranslated)": 1, 'not for translation (translate="no")': 1}


class TestXliff12(FormatContract):
    format_name = "xliff"
    fixture = "sample.xlf"
    expected_lines = [8, 12, 22, 26, 31]
    expected_skipped = SKIPPED_12


class TestXliff20(FormatContract):
    format_name = "xliff"
    fixture = "sample-20.xlf"
    expected_lines = [7, 14, 24, 30, 41]


class TestMemoqXliff(FormatContract):
    format_name = "xliff"
    fixture = "sample.mqxliff"
    expected_lines = [12, 20, 27, 31, 41]
    expected_skipped = {"empty target (untranslated)": 1}


class TestTradosSdlxliff(FormatContract):
    format_name = "xliff"
    fixture = "sample.sdlxliff"
    expected_lines = [33, 33, 43, 49, 55]
    expected_skipped = SKIPPED_12


@pytest.mark.parametrize(("fixture", "states"), [
    ("sample.xlf", ["translated", "final", "translated", "needs-review-translation", "translated"]),
    ("sample-20.xlf", ["translated", "final", "reviewed", "", "translated"]),
    ("sample.mqxliff", ["ManuallyConfirmed", "ManuallyConfirmed", "Confirmed", "PartiallyEdited", "ManuallyConfirmed"]),
    ("sample.sdlxliff", ["Translated", "ApprovedTranslation", "Translated", "Draft", "Translated"]),
])
def test_states_per_flavour(fixture: str, states: list[str]) -> None:
    segments, stats = read(FIXTURES / fixture)
    assert [s.state for s in segments] == states
    assert sum(stats.states.values()) == sum(1 for s in states if s)


@pytest.mark.parametrize(("fixture", "markup"), [
    ("sample.xlf", '<g id="1" ctype="bold">five key actions</g>'),
    ("sample-20.xlf", '<pc id="1" dataRefStart="d1" dataRefEnd="d2">five key actions</pc>'),
    ("sample.mqxliff", '<bpt id="1" ctype="bold">{}</bpt>five key actions<ept id="1">{}</ept>'),
    ("sample.sdlxliff", '<g id="pt1">five key actions</g>'),
])
def test_inline_tags_kept_for_display_only(fixture: str, markup: str) -> None:
    last = read(FIXTURES / fixture)[0][-1]
    assert markup in (last.display_target or "")
    assert "<" not in last.target and "{}" not in last.target


def test_empty_code_is_dropped_from_text_and_kept_in_display() -> None:
    first = read(FIXTURES / "sample.xlf")[0][0]
    assert first.target == "Hanoi Convention"
    assert first.display_target == 'Hanoi Convention<x id="1"/>'


def test_alt_trans_and_memoq_matches_are_not_read_as_translations() -> None:
    for fixture in ("sample.xlf", "sample.mqxliff"):
        targets = [s.target for s in read(FIXTURES / fixture)[0]]
        assert "UN Office on Drugs and Crime" not in targets and "Hanoi Treaty" not in targets


@pytest.mark.parametrize("fixture", ["sample.xlf", "sample.mqxliff", "sample-20.xlf"])
def test_notes_are_kept(fixture: str) -> None:
    segments, _ = read(FIXTURES / fixture)
    notes = [n for s in segments for n in s.notes]
    assert notes == (["outlet A"] if fixture == "sample-20.xlf" else ["UNODC: keep the acronym in brackets"])


def test_memoq_attributes_are_props_with_their_prefix() -> None:
    first = read(FIXTURES / "sample.mqxliff")[0][0]
    assert first.props["mq:status"] == "ManuallyConfirmed"
    assert first.props["mq:segmentguid"] == "b1d4c4a6-4f5e-4b8e-9a0a-1d2f3e4a5b6c"


def test_trados_segments_pair_by_mid_and_name_the_document() -> None:
    segments, _ = read(FIXTURES / "sample.sdlxliff")
    assert [s.unit_id for s in segments[:2]] == [f"a0f1e2d3-0000-4000-8000-000000000002/{m}" for m in (1, 2)]
    assert segments[0].document == "C:\\Projects\\Hanoi\\vi-VN\\sample-doc.docx"
    assert (segments[0].source_lang, segments[0].target_lang) == ("vi-VN", "en-US")


def test_xliff2_segments_of_one_unit_get_their_ids_and_substate() -> None:
    segments, _ = read(FIXTURES / "sample-20.xlf")
    assert [s.unit_id for s in segments] == ["u1/s1", "u1/s2", "u3a", "u3b", "u4"]
    assert segments[2].props == {"subState": "acme:checked"}
    assert segments[0].document == "sample-doc"


@pytest.mark.parametrize("version", ["2.1", "2.2"])
def test_later_xliff2_versions_read_alike(tmp_path: Path, version: str) -> None:
    text = (FIXTURES / "sample-20.xlf").read_text(encoding="utf-8")
    path = tmp_path / "later.xlf"
    path.write_text(text.replace('version="2.0"', f'version="{version}"'), encoding="utf-8")
    assert pairs(read(path)[0]) == pairs(read(FIXTURES / "sample-20.xlf")[0])


def test_file_languages_other_than_the_requested_pair_say_so() -> None:
    with pytest.raises(ParseError, match="the file's target language is en, not the requested de") as caught:
        read(FIXTURES / "sample.xlf", source_lang="vi", target_lang="de")
    assert caught.value.line == 3


def test_missing_target_language_comes_from_the_option(tmp_path: Path) -> None:
    text = (FIXTURES / "sample.xlf").read_text(encoding="utf-8").replace(' target-language="en"', "")
    path = tmp_path / "nolang.xlf"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ParseError, match="pass --target-lang"):
        read(path)
    segments, _ = read(path, target_lang="en-GB")
    assert {s.target_lang for s in segments} == {"en-GB"}


def test_segmented_source_with_an_unmarked_target_pairs_the_one_segment(tmp_path: Path) -> None:
    text = (FIXTURES / "sample.sdlxliff").read_text(encoding="utf-8").replace(
        '<target><mrk mtype="seg" mid="3">Signing ceremony of the Convention</mrk></target>',
        "<target>Signing ceremony of the Convention</target>")
    path = tmp_path / "unmarked.sdlxliff"
    path.write_text(text, encoding="utf-8")
    assert pairs(read(path)[0]) == pairs(read(FIXTURES / "sample.sdlxliff")[0])
