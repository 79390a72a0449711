"""The contract every corpus format is held to, and the content every fixture shares.

Each ``test_<format>.py`` subclasses ``FormatContract`` once per fixture and fills in
the class constants; the tests here then run for that format.
"""
from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path
from typing import Any, ClassVar

import pytest

from glossary.corpora.formats import ReadOptions, ReadStats, detect_format, get_format, read_corpus
from glossary.corpora.formats.base import writable_formats
from glossary.corpora.segments import Segment
from glossary.errors import ParseError, UsageError
from glossary.model.langtags import normalize_lang, same_language

FIXTURES = Path(__file__).parent / "fixtures"

# The content of every sample.* fixture: (source, target), the last with inline markup where the format has it.
SAMPLE_PAIRS = [
    ("Công ước Hà Nội", "Hanoi Convention"),
    ("Văn phòng Liên hợp quốc về Ma túy và Tội phạm (UNODC)", "United Nations Office on Drugs and Crime (UNODC)"),
    ("Lễ mở ký Công ước", "Signing ceremony of the Convention"),
    ("Lễ mở ký Công ước", "Opening Ceremony of the Convention"),
    ('Thủ tướng Phạm Minh Chính nói: "Hợp tác, tin cậy", và nhấn mạnh 5 đẩy mạnh.',
     'Prime Minister Pham Minh Chinh said: "Cooperation, trust", and stressed five key actions.'),
]
VI_EN = {"source_lang": "vi", "target_lang": "en"}


def read(path: Path | list[Path], **options: Any) -> tuple[list[Segment], ReadStats]:
    stats = ReadStats()
    paths = path if isinstance(path, list) else [path]
    return list(read_corpus(paths, ReadOptions(**options), stats)), stats


def pairs(segments: list[Segment]) -> list[tuple[str, str]]:
    return [(s.source, s.target) for s in segments]


def fields(segment: Segment, *, skip: tuple[str, ...] = ("origin",)) -> dict[str, Any]:
    """A segment as a dict, minus the fields that differ by where it was read."""
    return {f.name: getattr(segment, f.name) for f in dataclasses.fields(segment) if f.name not in skip}


class FormatContract:
    format_name: ClassVar[str]
    fixture: ClassVar[str]  # the file read, in fixtures/
    companions: ClassVar[tuple[str, ...]] = ()  # other fixture files it needs beside it
    options: ClassVar[dict[str, Any]] = VI_EN
    expected_lines: ClassVar[list[int | None]]  # origin line of each segment, in read order
    expected_skipped: ClassVar[dict[str, int]] = {}
    ordered: ClassVar[bool] = True  # False where the format does not keep file order (MO)

    @property
    def path(self) -> Path:
        return FIXTURES / self.fixture

    def read_fixture(self, **overrides: Any) -> tuple[list[Segment], ReadStats]:
        return read(self.path, **{**self.options, **overrides})

    def copy_to(self, folder: Path, content: bytes | None = None) -> Path:
        """The fixture (and companions) copied into ``folder``; ``content`` replaces the fixture's bytes."""
        for name in self.companions:
            shutil.copy(FIXTURES / name, folder / name)
        target = folder / self.fixture
        if content is None:
            shutil.copy(self.path, target)
        else:
            target.write_bytes(content)
        return target

    def test_detected_as_its_format(self) -> None:
        assert detect_format(self.path).name == self.format_name

    def test_reads_the_shared_pairs(self) -> None:
        segments, _ = self.read_fixture()
        if self.ordered:
            assert pairs(segments) == SAMPLE_PAIRS
        else:
            assert sorted(pairs(segments)) == sorted(SAMPLE_PAIRS)

    def test_languages_are_normalised_tags_of_the_pair(self) -> None:
        segments, _ = self.read_fixture()
        for segment in segments:
            assert same_language(segment.source_lang, "vi") and same_language(segment.target_lang, "en")
            assert normalize_lang(segment.source_lang) == segment.source_lang
            assert normalize_lang(segment.target_lang) == segment.target_lang

    def test_origins_name_file_and_line(self) -> None:
        segments, _ = self.read_fixture()
        assert {s.origin.path for s in segments} == {str(self.path)}
        assert [s.origin.line for s in segments] == self.expected_lines

    def test_unit_ids_are_unique(self) -> None:
        segments, _ = self.read_fixture()
        ids = [s.unit_id for s in segments]
        assert len(set(ids)) == len(ids) and all(ids)

    def test_stats_count_what_was_read_and_skipped(self) -> None:
        segments, stats = self.read_fixture()
        assert stats.segments == len(segments) == len(SAMPLE_PAIRS)
        assert dict(stats.files) == {self.format_name: 1}
        assert stats.file_segments[str(self.path)] == len(SAMPLE_PAIRS)
        assert dict(stats.skipped) == self.expected_skipped

    def test_write_then_read_round_trip(self, tmp_path: Path) -> None:
        fmt = get_format(self.format_name)
        segments, _ = self.read_fixture()
        out = tmp_path / f"out{fmt.suffixes[0] if fmt.suffixes else ''}"
        if not fmt.writable:
            with pytest.raises(UsageError, match="cannot be written"):
                fmt.write(segments, out)
            return
        assert fmt.write(segments, out) == len(segments)
        again, _ = read(out)
        assert [fields(s) for s in again] == [fields(s) for s in segments]

    @pytest.mark.parametrize("to", ["tmx", "jsonl"])
    def test_converts_to_every_writable_format(self, tmp_path: Path, to: str) -> None:
        assert to in writable_formats()
        segments, _ = self.read_fixture()
        out = tmp_path / f"converted.{to}"
        get_format(to).write(segments, out)
        again, _ = read(out)
        # Inline markup of another format is not TMX markup, and TMX adds props for model fields.
        skip = ("origin", "display_source", "display_target", "props")
        assert [fields(s, skip=skip) for s in again] == [fields(s, skip=skip) for s in segments]
        for before, after in zip(segments, again):
            assert before.props.items() <= after.props.items()

    def test_empty_file_is_an_error_at_line_1(self, tmp_path: Path) -> None:
        path = self.copy_to(tmp_path, b"")
        with pytest.raises(ParseError, match="empty file") as caught:
            read(path, **self.options)
        assert caught.value.line == 1
        assert caught.value.path == str(path)
