"""gettext PO/POT and MO: the contract, msgctxt, plurals, fuzzy, obsolete, header languages."""
from __future__ import annotations

from pathlib import Path

import pytest
from contract import FIXTURES, FormatContract, pairs, read

from glossary.errors import ParseError


class TestPo(FormatContract):
    format_name = "po"
    fixture = "sample.po"
    expected_lines = [12, 16, 21, 25, 30]
    expected_skipped = {"empty target (untranslated)": 1, "obsolete entry (#~)": 1}


class TestMo(FormatContract):
    """Compiled with ``msgfmt --use-fuzzy`` from sample.po; MO has no lines and sorts by msgid."""

    format_name = "po"
    fixture = "sample.mo"
    expected_lines = [None] * 5
    ordered = False


def test_fuzzy_is_a_state_and_counted() -> None:
    segments, stats = read(FIXTURES / "sample.po")
    assert [s.state for s in segments] == ["", "", "", "fuzzy", ""]
    assert stats.states == {"fuzzy": 1}


def test_msgctxt_is_kept_and_part_of_the_unit_id() -> None:
    segments, _ = read(FIXTURES / "sample.po")
    assert [s.unit_id for s in segments[2:4]] == ["outlet A|Lễ mở ký Công ước", "outlet B|Lễ mở ký Công ước"]
    assert segments[2].props["msgctxt"] == "outlet A"


def test_comments_flags_and_references() -> None:
    segments, _ = read(FIXTURES / "sample.po")
    assert segments[1].notes == ("UNODC: keep the acronym in brackets",)
    assert segments[1].props == {"references": "sample-doc:2"}
    assert segments[4].notes == ("the quotes are part of the sentence",)
    assert segments[4].props == {"flags": "c-format"}


def test_obsolete_entries_are_reported_and_read_on_request() -> None:
    _, stats = read(FIXTURES / "sample.po")
    assert stats.skipped["obsolete entry (#~)"] == 1
    assert any("1 obsolete (#~) entries not read" in w for w in stats.warnings)
    segments, stats = read(FIXTURES / "sample.po", include_obsolete=True)
    assert segments[-1].state == "obsolete" and pairs(segments)[-1] == ("Lễ khai mạc", "Opening ceremony")
    assert "obsolete entry (#~)" not in stats.skipped


PLURALS = """msgid ""
msgstr ""
"Language: en\\n"
"X-Source-Language: vi\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"

#, fuzzy
msgid "%d quốc gia đã ký"
msgid_plural "%d quốc gia đã ký"
msgstr[0] "%d country signed"
msgstr[1] "%d countries signed"
"""


def test_each_plural_form_is_a_segment(tmp_path: Path) -> None:
    path = tmp_path / "plural.po"
    path.write_text(PLURALS, encoding="utf-8")
    segments, stats = read(path)
    assert [(s.unit_id, s.target, s.props["plural-form"], s.state) for s in segments] == [
        ("%d quốc gia đã ký[0]", "%d country signed", "0", "fuzzy"),
        ("%d quốc gia đã ký[1]", "%d countries signed", "1", "fuzzy"),
    ]
    assert {s.source_id for s in segments} == {"%d quốc gia đã ký"}
    assert stats.states == {"fuzzy": 2}


def test_header_without_languages_takes_options_and_english_source(tmp_path: Path) -> None:
    path = tmp_path / "bare.po"
    path.write_text('msgid "Hanoi"\nmsgstr "Hà Nội"\n', encoding="utf-8")
    with pytest.raises(ParseError, match="pass --target-lang"):
        read(path)
    segments, _ = read(path, target_lang="vi")
    assert (segments[0].source_lang, segments[0].target_lang) == ("en", "vi")


def test_header_language_other_than_requested_says_so() -> None:
    with pytest.raises(ParseError, match="target language is en, not the requested fr") as caught:
        read(FIXTURES / "sample.po", target_lang="fr")
    assert caught.value.line == 5


def test_declared_legacy_charset_is_honoured(tmp_path: Path) -> None:
    text = ('msgid ""\nmsgstr ""\n"Language: fr\\n"\n"X-Source-Language: en\\n"\n'
            '"Content-Type: text/plain; charset=ISO-8859-1\\n"\n\nmsgid "Coffee"\nmsgstr "Café"\n')
    path = tmp_path / "latin1.po"
    path.write_bytes(text.encode("latin-1"))
    assert pairs(read(path)[0]) == [("Coffee", "Café")]


def test_pot_template_entries_are_untranslated_not_errors(tmp_path: Path) -> None:
    path = tmp_path / "t.pot"
    path.write_text('msgid ""\nmsgstr ""\n"Language: en\\n"\n"X-Source-Language: vi\\n"\n\n'
                    'msgid "Hà Nội"\nmsgstr ""\n', encoding="utf-8")
    segments, stats = read(path)
    assert segments == [] and stats.skipped == {"empty target (untranslated)": 1}
