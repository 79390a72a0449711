"""TBX v2 (martif): opened by OmegaT's reader and Translate Toolkit's with every term;
files written by Translate Toolkit and Weblate import."""
from __future__ import annotations

import unicodedata

import pytest

from glossary.errors import ParseError
from glossary.exchange.base import ExportOptions, ImportOptions, get_format
from glossary.model import PartOfSpeech, Status

from .conftest import FIXTURES, TBX2_SAMPLES

TT_SAMPLE = TBX2_SAMPLES / "translate-toolkit-csv2tbx.tbx"
FORBIDDEN_NOTE = "Forbidden term: do not use."


def export_v2(glossary, tmp_path, **options):
    path = tmp_path / "glossary.v2.tbx"
    path.write_bytes(get_format("tbx2").export(glossary, ExportOptions(**options))[0].data)
    return path


def test_translate_toolkit_reads_every_term(sample, tmp_path):
    from translate.storage import tbx

    path = export_v2(sample, tmp_path, languages=["vi", "en"])
    store = tbx.tbxfile(path.read_bytes(), sourcelanguage="vi", targetlanguage="en")
    assert len(store.units) == len(sample.concepts)
    for unit, concept in zip(store.units, sample.concepts):
        assert [t.text for t in unit.get_source_terms()] == [t.text for t in concept.terms_in("vi")]
        assert [t.text for t in unit.get_target_terms("en")] == [t.text for t in concept.terms_in("en")]


def _flat(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())  # OmegaT's GlossaryEntry keeps NFC


@pytest.mark.parametrize("which", ["sample", "bundled"])
def test_omegat_reads_every_entry(which, request, omegat_check, tmp_path):
    """OmegaT's TBX reader opens every termEntry and pairs each vi term with each en term of it
    (a term with no en term alone); the comment holds the concept's definition and notes."""
    glossary = request.getfixturevalue(which)
    result = omegat_check(export_v2(glossary, tmp_path), source="vi", target="en")
    assert result.returncode == 0, result.output
    read = result.files[0]
    assert read["reader"] == "tbx" and read["termEntries"] == len(glossary.concepts), result.output
    entries = iter(read["entries"])
    for concept in glossary:
        targets = [t.text for t in concept.terms_in("en")] or [""]
        expected = [(_flat(s.text), _flat(t)) for s in concept.terms_in("vi") for t in targets]
        got = [next(entries, None) for _ in expected]
        assert [tuple(e[:2]) if e else None for e in got] == expected, concept.id
        for _, _, comment in got:
            comment = _flat(comment)
            if concept.definition:
                assert _flat(concept.definition) in comment, concept.id
            if concept.note:
                assert _flat(concept.note) in comment, concept.id
            preferred = concept.preferred("en")
            if preferred is not None and preferred.usage:
                assert f"Usage note: {_flat(preferred.usage)}" in comment, concept.id
            if any(t.status is Status.FORBIDDEN for t in concept.terms_in("vi") + concept.terms_in("en")):
                assert FORBIDDEN_NOTE in comment, concept.id
    assert next(entries, None) is None  # nothing read that the glossary does not hold


def test_omegat_cannot_read_tbx_v3(sample, omegat_check, tmp_path):
    """The checker fails when OmegaT cannot read a file: OmegaT 3.6 reads TBX v2 (martif) only."""
    path = tmp_path / "v3.tbx"
    path.write_bytes(get_format("tbx").export(sample, ExportOptions())[0].data)
    result = omegat_check(path)
    assert result.returncode == 1, result.output
    assert "entries" not in result.files[0] and "unexpected element" in result.files[0]["error"], result.output


def test_translate_toolkit_sample_imports_with_a_language_map():
    path = TT_SAMPLE
    with pytest.raises(ParseError, match=r"unknown language tag 'xx' \(map it with --lang-map xx=TAG\)"):
        get_format("tbx2").import_file(path, ImportOptions())
    result = get_format("tbx2").import_file(path, ImportOptions(lang_map={"xx": "de"}))
    got = [(c.id, [(lang, t.text, t.status) for lang, ts in c.terms.items() for t in ts]) for c in result.concepts]
    assert got == [
        ("file", [("en", "file", Status.PREFERRED), ("de", "Datei", Status.PREFERRED)]),
        ("save_as,_copy", [("en", "save as, copy", Status.PREFERRED),
                           ("de", "speichern unter, kopieren", Status.PREFERRED)]),
    ]
    assert any("'save as, copy' kept as 'save_as,_copy'" in n for n in result.notes)


def test_weblate_shapes_import():
    result = get_format("tbx2").import_file(FIXTURES / "weblate.tbx", ImportOptions())
    first, second = result.concepts
    assert first.id == "concept-example" and first.definition == "A program."
    assert [(t.text, t.status) for t in first.terms["en"]] == [("application", Status.FORBIDDEN),
                                                               ("app", Status.PREFERRED)]
    fr = {t.text: t for t in first.terms["fr"]}
    assert fr["logiciel"].status is Status.FORBIDDEN  # Weblate's "forbidden"
    assert fr["application"].note == "Full name" and fr["application"].status is Status.PREFERRED
    assert fr["appli"].usage == "Informal texts only" and fr["appli"].status is Status.ADMITTED
    assert second.id == "dashboard"  # no id in the file: made from the first term, and said so
    assert any("without id" in n for n in result.notes)
    dash = second.terms["en"][0]
    assert (dash.text, dash.status, dash.pos, dash.context) == ("dashboard", Status.PREFERRED, PartOfSpeech.NOUN,
                                                                "Open the dashboard.")
    assert second.terms["en"][1].status is Status.DEPRECATED


def test_v3_file_given_as_v2_is_refused_clearly(sample, tmp_path):
    path = tmp_path / "v3.tbx"
    path.write_bytes(get_format("tbx").export(sample, ExportOptions())[0].data)
    with pytest.raises(ParseError, match="use --input-format tbx"):
        get_format("tbx2").import_file(path, ImportOptions())
