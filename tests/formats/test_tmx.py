"""TMX 1.1-1.4b: the contract, renderings in one unit, props/notes, inline codes, the writer."""
from __future__ import annotations

from pathlib import Path

import pytest
from contract import FIXTURES, VI_EN, FormatContract, fields, pairs, read

from glossary.corpora.formats import get_format
from glossary.corpora.segments import Origin, Segment
from glossary.errors import ParseError, UsageError


class TestTmx14(FormatContract):
    format_name = "tmx"
    fixture = "sample.tmx"
    expected_lines = [9, 15, 20, 21, 26]


class TestTmx11LangAttribute(FormatContract):
    """TMX 1.1-1.3 name the language with ``lang`` (upper case in the wild), not ``xml:lang``."""

    format_name = "tmx"
    fixture = "sample-v11.tmx"
    expected_lines = [7, 11, 15, 16, 20]


def test_lang_attribute_tags_are_normalised() -> None:
    segments, _ = read(FIXTURES / "sample-v11.tmx")
    assert [(s.source_lang, s.target_lang) for s in segments] == [("vi", "en"), ("vi-VN", "en-US")] + [("vi", "en")] * 3


def test_renderings_in_one_unit_share_the_source_id() -> None:
    segments, _ = read(FIXTURES / "sample.tmx")
    u3 = [s for s in segments if s.source_id == "u3"]
    assert [(s.unit_id, s.rendering) for s in u3] == [("u3/1", "outlet A"), ("u3/2", "outlet B")]
    numbered, _ = read(FIXTURES / "sample-v11.tmx")
    assert [s.rendering for s in numbered if s.source_id == "u3"] == ["1", "2"]


def test_props_notes_and_document_are_kept() -> None:
    segments, _ = read(FIXTURES / "sample.tmx")
    assert {s.document for s in segments} == {"sample-doc"}
    assert segments[1].notes == ("UNODC: keep the acronym in brackets",)
    assert segments[2].props == {"x-document": "sample-doc", "x-rendering": "outlet A"}


def test_inline_codes_are_out_of_the_text_and_in_the_display() -> None:
    last = read(FIXTURES / "sample.tmx")[0][-1]
    assert "<bpt" not in last.target and "&lt;b&gt;" not in last.target
    assert last.display_target == ('Prime Minister Pham Minh Chinh said: "Cooperation, trust", and stressed '
                                   '<bpt i="1">&lt;b&gt;</bpt>five key actions<ept i="1">&lt;/b&gt;</ept>.')
    assert read(FIXTURES / "sample.tmx")[0][0].display_target is None


def _tmx(body: str, header: str = 'srclang="vi"', version: str = "1.4") -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="{version}">\n'
            f'<header creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="t" adminlang="en" '
            f'{header} datatype="plaintext"/>\n<body>\n{body}\n</body>\n</tmx>\n').encode()


MULTILINGUAL = """<tu tuid="m1">
<tuv xml:lang="vi"><seg>Công ước</seg></tuv>
<tuv xml:lang="en"><seg>Convention</seg></tuv>
<tuv xml:lang="fr"><seg>Convention (fr)</seg></tuv>
<tuv xml:lang="en"><seg>Treaty</seg></tuv>
</tu>"""


def test_multilingual_unit_target_chosen_by_option(tmp_path: Path) -> None:
    path = tmp_path / "m.tmx"
    path.write_bytes(_tmx(MULTILINGUAL))
    segments, _ = read(path, target_lang="en")
    assert pairs(segments) == [("Công ước", "Convention"), ("Công ước", "Treaty")]
    assert [s.rendering for s in segments] == ["1", "2"]
    everything, stats = read(path)
    assert [s.target_lang for s in everything] == ["en", "fr", "en"]
    assert [s.rendering for s in everything] == ["1", "", "2"]  # numbered within a language
    assert set(stats.language_pairs) == {("vi", "en"), ("vi", "fr")}


def test_multilingual_unit_writes_back_the_same(tmp_path: Path) -> None:
    path = tmp_path / "m.tmx"
    path.write_bytes(_tmx(MULTILINGUAL))
    segments, _ = read(path)
    out = tmp_path / "again.tmx"
    get_format("tmx").write(segments, out)
    assert out.read_text(encoding="utf-8").count("<tu ") == 1
    assert [fields(s) for s in read(out)[0]] == [fields(s) for s in segments]


def test_source_language_can_be_reversed_and_tu_srclang_is_honoured(tmp_path: Path) -> None:
    path = tmp_path / "r.tmx"
    path.write_bytes(_tmx('<tu tuid="a" srclang="en"><tuv xml:lang="vi"><seg>Công ước</seg></tuv>'
                          '<tuv xml:lang="en"><seg>Convention</seg></tuv></tu>', header='srclang="*all*"'))
    assert pairs(read(path)[0]) == [("Convention", "Công ước")]
    assert pairs(read(path, source_lang="vi")[0]) == [("Công ước", "Convention")]


def test_utf16_tmx_is_read(tmp_path: Path) -> None:
    text = (FIXTURES / "sample.tmx").read_text(encoding="utf-8").replace('encoding="UTF-8"', 'encoding="UTF-16"')
    path = tmp_path / "utf16.tmx"
    path.write_bytes(text.encode("utf-16"))
    assert pairs(read(path)[0]) == pairs(read(FIXTURES / "sample.tmx")[0])


def test_requested_pair_absent_is_an_error_naming_the_unit(tmp_path: Path) -> None:
    with pytest.raises(ParseError, match="unit 'u1' has no de variant") as caught:
        read(FIXTURES / "sample.tmx", source_lang="vi", target_lang="de")
    assert caught.value.line == 6


def _segment(unit_id: str, target: str, **kw: object) -> Segment:
    values: dict = dict(source="Nguồn", target=target, source_lang="vi", target_lang="en",
                        origin=Origin("x.jsonl", 1), unit_id=unit_id)
    values.update(kw)
    return Segment(**values)


def test_writer_groups_renderings_of_one_source_and_reads_back_the_same(tmp_path: Path) -> None:
    segments = [
        _segment("a", "One", source_id="s1", rendering="desk A", document="d1", notes=("n1",)),
        _segment("b", "Two", source_id="s1", rendering="desk B", document="d2", notes=("n1", "n2"), state="fuzzy"),
        _segment("c", "Other", source="Khác", props={"x-outlet": "X"}),
    ]
    out = tmp_path / "w.tmx"
    assert get_format("tmx").write(segments, out) == 3
    text = out.read_text(encoding="utf-8")
    assert text.count("<tu ") == 2  # the two renderings of s1 share a unit
    assert '<prop type="x-unit-id">a</prop>' in text
    again, _ = read(out)
    skip = ("origin", "props")
    assert [fields(s, skip=skip) for s in again] == [fields(s, skip=skip) for s in segments]
    # Model fields the reader would not derive travel as the conventional props.
    assert [s.props for s in again] == [
        {"x-document": "d1", "x-rendering": "desk A"},
        {"x-document": "d2", "x-rendering": "desk B", "x-state": "fuzzy"},
        {"x-outlet": "X"},
    ]


def test_writer_keeps_unnamed_renderings_of_other_units_apart(tmp_path: Path) -> None:
    segments = [_segment("a", "One", source_id="s1"), _segment("b", "Two", source_id="s1")]
    out = tmp_path / "w.tmx"
    get_format("tmx").write(segments, out)
    assert out.read_text(encoding="utf-8").count("<tu ") == 2
    skip = ("origin", "props")
    assert [fields(s, skip=skip) for s in read(out)[0]] == [fields(s, skip=skip) for s in segments]


def test_writer_refuses_characters_xml_cannot_hold_and_leaves_no_file(tmp_path: Path) -> None:
    out = tmp_path / "w.tmx"
    with pytest.raises(UsageError, match="U\\+000B"):
        get_format("tmx").write([_segment("a", "bad\x0bchar")], out)
    assert list(tmp_path.iterdir()) == []


def test_writer_writes_foreign_markup_as_plain_text(tmp_path: Path) -> None:
    segment = _segment("a", "five key actions", display_target='<g id="1">five key actions</g>')
    out = tmp_path / "w.tmx"
    get_format("tmx").write([segment], out)
    assert "<g " not in out.read_text(encoding="utf-8")
    assert read(out)[0][0].target == "five key actions"


def test_nothing_to_write_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="nothing to write"):
        get_format("tmx").write([], tmp_path / "w.tmx")


def test_options_choose_vi_en_by_default_tags() -> None:
    segments, _ = read(FIXTURES / "sample.tmx", **VI_EN)
    assert len(segments) == 5
