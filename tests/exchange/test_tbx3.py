"""TBX v3: exports valid against the core RelaxNG and the DCA Schematron; imports of the
standard examples keep every data category the model has; invalid files are refused."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import etree

from glossary.errors import ParseError
from glossary.exchange.base import ExportOptions, ImportOptions, get_format
from glossary.exchange.tbx3check import check_tree
from glossary.exchange.tbxcommon import STATUS_FROM_TBX, parse_tree
from glossary.model import Glossary

from .conftest import CORE_RNG, TBX_BASIC

NS = {"t": "urn:iso:std:iso:30042:ed-2"}
NEGATIVE = TBX_BASIC / "negative"
# From negative/EXPECTED.md: valid = core RNG ok and 0 DCA asserts. transac_bad_value passes
# both only because the Schematron's picklist rule can never fire (its note 2); we refuse it.
ACCEPTED = {"datetime.tbx", "pub_then_title.tbx"}
EXPECTED_RULE = {
    "bad_admnsts.tbx": "D5", "context_at_langSec.tbx": "D4", "dangling_ref.tbx": "S7", "empty_body.tbx": "S3",
    "gender_female.tbx": "D5", "no_concept_id.tbx": "S4", "order_termNote_after_descrip.tbx": "S6",
    "pos_properNoun.tbx": "D5", "style_dct.tbx": "D1", "subjectField_at_termSec.tbx": "D4",
    "termType_synonym.tbx": "D5", "title_then_pub.tbx": "S2", "transac_bad_value.tbx": "D6",
    "unknown_descrip.tbx": "D3",
}


def write_tbx(glossary: Glossary, path: Path) -> Path:
    path.write_bytes(get_format("tbx").export(glossary, ExportOptions())[0].data)
    return path


def test_export_valid_against_core_relaxng(sample, relaxng, tmp_path):
    path = write_tbx(sample, tmp_path / "sample.tbx")
    assert relaxng.validate(etree.parse(str(path))), relaxng.error_log


def test_export_valid_against_dca_schematron(sample, schematron, tmp_path):
    path = write_tbx(sample, tmp_path / "sample.tbx")
    assert schematron.failed_asserts(path) == 0


def test_bundled_glossary_valid_and_round_trips(bundled, relaxng, schematron, tmp_path):
    fmt = get_format("tbx")
    first = write_tbx(bundled, tmp_path / "terms.tbx")
    assert relaxng.validate(etree.parse(str(first))), relaxng.error_log
    assert schematron.failed_asserts(first) == 0
    imported = fmt.import_file(first, ImportOptions(tbx_schema=CORE_RNG))
    assert imported.concepts == bundled.concepts  # terms/ -> TBX v3 -> import loses nothing
    second = fmt.export(Glossary(concepts=imported.concepts), ExportOptions())[0].data
    assert second == first.read_bytes()  # ... -> TBX v3 is byte-identical


def test_forbidden_is_deprecated_plus_note_and_reads_back(sample, tmp_path):
    path = write_tbx(sample, tmp_path / "sample.tbx")
    tree = etree.parse(str(path))
    undoc = tree.xpath("//t:termSec[t:term='UNDOC']", namespaces=NS)[0]
    assert undoc.xpath("t:termNote[@type='administrativeStatus']/text()", namespaces=NS) == ["deprecatedTerm-admn-sts"]
    assert "Forbidden term: do not use." in undoc.xpath("t:note/text()", namespaces=NS)
    concept = get_format("tbx").import_file(path, ImportOptions()).concepts[0]
    assert [t.status.value for t in concept.terms["en"]] == ["preferred", "admitted", "forbidden"]


def test_ids_that_are_not_xml_names_are_escaped_and_restored(sample, tmp_path):
    path = write_tbx(sample, tmp_path / "sample.tbx")
    ids = etree.parse(str(path)).xpath("//t:conceptEntry/@id", namespaces=NS)
    assert "_x0035_-day-manh" in ids
    assert "5-day-manh" in [c.id for c in get_format("tbx").import_file(path, ImportOptions()).concepts]


@pytest.mark.parametrize("name", sorted(EXPECTED_RULE) + sorted(ACCEPTED))
def test_negative_files(name):
    path = NEGATIVE / name
    fmt = get_format("tbx")
    if name in ACCEPTED:
        assert fmt.import_file(path, ImportOptions()).concepts
        return
    with pytest.raises(ParseError) as caught:
        fmt.import_file(path, ImportOptions())
    message = str(caught.value)
    assert "\n" not in message and message.startswith(f"{path}:")
    assert f"[{EXPECTED_RULE[name]}]" in message


def test_negative_files_are_all_covered():
    names = {p.name for p in NEGATIVE.glob("*.tbx")}
    assert names == set(EXPECTED_RULE) | ACCEPTED


@pytest.mark.parametrize("name", sorted(EXPECTED_RULE) + sorted(ACCEPTED))
def test_own_checks_agree_with_the_real_validators(name, relaxng, schematron):
    path = NEGATIVE / name
    official = relaxng.validate(etree.parse(str(path))) and schematron.failed_asserts(path) == 0
    ours = not check_tree(parse_tree(path))
    if name == "transac_bad_value.tbx":  # the Schematron states the picklist but cannot fire it
        assert official and not ours
    else:
        assert ours == official


def test_relaxng_option_runs_the_schema(tmp_path):
    path = NEGATIVE / "title_then_pub.tbx"
    with pytest.raises(ParseError, match=r"\[S2\]"):
        get_format("tbx").import_file(path, ImportOptions(tbx_schema=CORE_RNG))


def _words(text: str) -> str:
    return " ".join(text.split())


def _text(el) -> str:
    return _words("".join(el.itertext()))


@pytest.mark.parametrize("relative", ["minimal-example.tbx", "DCA/Example_Astronomy_DCA_VALID.tbx"])
def test_standard_examples_import_without_loss(relative):
    """Every value of a data category the model has is found at its place in the import."""
    path = TBX_BASIC / relative
    tree = etree.parse(str(path))
    result = get_format("tbx").import_file(path, ImportOptions())
    by_id = {c.id: c for c in result.concepts}
    entries = tree.xpath("//t:conceptEntry", namespaces=NS)
    assert len(entries) == len(result.concepts)
    for entry in entries:
        concept = by_id[entry.get("id")]
        held = " ".join(filter(None, [concept.definition, concept.note, concept.source, concept.subject]))
        for el in entry.xpath("t:descrip[@type='subjectField'] | t:descripGrp/t:descrip[@type='subjectField']",
                              namespaces=NS):
            assert _text(el) in (concept.subject or "")
        for el in entry.xpath(".//t:descrip[@type='definition']", namespaces=NS):
            assert _text(el) in _words(held)
        for el in entry.xpath("t:note | t:langSec/t:note | .//t:descripGrp[t:descrip[@type='definition']]/t:admin"
                              "[@type='source'] | t:admin[@type='source']", namespaces=NS):
            assert _text(el) in _words(held)
        dates = {kind: sorted(entry.xpath(f"t:transacGrp[t:transac='{kind}']/t:date/text()", namespaces=NS))
                 for kind in ("origination", "modification")}
        assert concept.created == (dates["origination"][0] if dates["origination"] else None)
        assert concept.modified == (dates["modification"][-1] if dates["modification"] else None)
        for lang_sec in entry.xpath("t:langSec", namespaces=NS):
            lang = lang_sec.get("{http://www.w3.org/XML/1998/namespace}lang")
            terms = {t.text: t for t in concept.terms[lang]}
            sections = lang_sec.xpath("t:termSec", namespaces=NS)
            assert len(sections) == len(concept.terms[lang])
            for sec in sections:
                term = terms[_text(sec.xpath("t:term", namespaces=NS)[0])]
                for note in sec.xpath("t:termNote", namespaces=NS):
                    kind, value = note.get("type"), _text(note)
                    if kind == "administrativeStatus":
                        assert term.status is STATUS_FROM_TBX[value.casefold()]
                    elif kind == "partOfSpeech":
                        assert term.pos.value == value
                    elif kind == "termType":
                        assert term.type.value == value
                for el in sec.xpath(".//t:descrip[@type='context']", namespaces=NS):
                    assert _text(el) in _words(term.context)
                for el in sec.xpath(".//t:admin[@type='source']", namespaces=NS):
                    assert _text(el) in (term.source or "")
                for el in sec.xpath("t:note", namespaces=NS):
                    assert _text(el) in _words(term.note or "")
    # what the model cannot hold is counted, never silently dropped
    kept = {"xref", "transacNote", "transactionType", "termNote", "admin", "ref"}
    assert all(re.split(r"\W", category)[0] in kept for category in result.dropped)


def test_minimal_example_reports_what_is_not_kept():
    result = get_format("tbx").import_file(TBX_BASIC / "minimal-example.tbx", ImportOptions())
    assert {"termNote geographicalUsage", "termNote grammaticalGender", "termNote termLocation"} <= set(result.dropped)


@pytest.mark.parametrize("content, message", [
    (b"", "empty file"),
    (b"<tbx", "XML error"),
    (b'<?xml version="1.0"?><!DOCTYPE tbx [<!ENTITY a "aaaa">]><tbx/>', "entities"),
    (b'<martif type="TBX"><text><body/></text></martif>', "[S1]"),
])
def test_broken_files_are_one_line_errors(tmp_path, content, message):
    path = tmp_path / "broken.tbx"
    path.write_bytes(content)
    with pytest.raises(ParseError) as caught:
        get_format("tbx").import_file(path, ImportOptions())
    assert message in str(caught.value) and "\n" not in str(caught.value)
