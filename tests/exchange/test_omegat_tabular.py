"""OmegaT TSV (read by OmegaT and Translate Toolkit), memoQ, Trados and plain CSV layouts."""
from __future__ import annotations

import re

import pytest

from glossary.errors import ParseError, UsageError
from glossary.exchange.base import ExportOptions, ImportOptions, get_format
from glossary.exchange.tabular import header_language
from glossary.model import Status


def export_one(name, glossary, tmp_path, **options):
    item = get_format(name).export(glossary, ExportOptions(**options))[0]
    path = tmp_path / item.name
    path.write_bytes(item.data)
    return path, item


@pytest.mark.parametrize("which", ["sample", "bundled"])
def test_omegat_reader_opens_every_entry(which, request, omegat_check, tmp_path):
    """OmegaT's TSV reader reads every line as written (source, target, comment), and no
    term a translator must not use is a target."""
    glossary = request.getfixturevalue(which)
    path, item = export_one("omegat", glossary, tmp_path, languages=["vi", "en"])
    result = omegat_check(path)
    assert result.returncode == 0, result.output
    read = result.files[0]
    assert read["reader"] == "tsv" and len(read["entries"]) == item.entries, result.output
    lines = path.read_text(encoding="utf-8").splitlines()
    assert [tuple(entry) for entry in read["entries"]] == [tuple(line.split("\t")) for line in lines]
    usable = {Status.PREFERRED, Status.ADMITTED}
    terms = [t for c in glossary for t in c.terms_in("en")]
    unusable = {t.text for t in terms if t.status not in usable} - {t.text for t in terms if t.status in usable}
    assert not {target for _, target, _ in read["entries"]} & unusable


def test_translate_toolkit_reads_omegat(sample, tmp_path):
    from translate.storage import omegat

    path, item = export_one("omegat", sample, tmp_path, languages=["vi", "en"])
    store = omegat.OmegaTFile(path.read_bytes())
    assert len(store.units) == item.entries
    pairs = {(u.source, u.target) for u in store.units}
    assert ("UNODC", "United Nations Office on Drugs and Crime") in pairs
    assert not {t for _, t in pairs} & {"UNDOC", "5 Accents", "5 pushes"}  # not usable: only in the comment


def test_omegat_needs_languages(sample, tmp_path):
    path, _ = export_one("omegat", sample, tmp_path, languages=["vi", "en"])
    with pytest.raises(UsageError, match="--source-lang and --target-lang"):
        get_format("omegat").import_file(path, ImportOptions())


def test_memoq_layout(sample, tmp_path):
    path, _ = export_one("memoq", sample, tmp_path, languages=["vi", "en"], separator=";")
    assert path.read_bytes().startswith(b"\xef\xbb\xbfEntry_ID,")  # a BOM by default: Excel reads UTF-8
    header = path.read_text(encoding="utf-8-sig").splitlines()[0]
    assert header == "Entry_ID,Entry_Subject,Entry_Note,Vietnamese,Vietnamese_Forbidden,Vietnamese_Def,English,English_Forbidden"
    result = get_format("memoq").import_file(path, ImportOptions(separator=";"))
    unodc = result.concepts[0]
    assert [(t.text, t.status) for t in unodc.terms["en"]] == [
        ("United Nations Office on Drugs and Crime", Status.PREFERRED), ("UNODC", Status.ADMITTED),
        ("UNDOC", Status.FORBIDDEN)]


def test_memoq_semicolon_file_from_memoq(tmp_path):
    path = tmp_path / "memoq-export.csv"
    path.write_text("Entry_ID;Entry_Subject;English;Vietnamese;Term_Info\n"
                    "17;law;cybercrime|cyber crime;tội phạm mạng;x\n", encoding="utf-8-sig")
    result = get_format("memoq").import_file(path, ImportOptions())
    concept = result.concepts[0]
    assert concept.id == "cybercrime" and concept.subject == "law"  # memoQ's numeric ids are not kept
    assert [(t.text, t.status) for t in concept.terms["en"]] == [("cybercrime", Status.PREFERRED),
                                                                ("cyber crime", Status.ADMITTED)]
    assert any("'Term_Info'" in n for n in result.warnings)  # a column not read: a warning, shown under --quiet too


@pytest.mark.parametrize("suffix, delimiter", [(".csv", ","), (".tsv", "\t")])
def test_trados_csv_and_tsv(sample, tmp_path, suffix, delimiter):
    item = get_format("trados").export(sample, ExportOptions(languages=["vi", "en"], table=suffix[1:]))[0]
    path = tmp_path / f"g{suffix}"
    path.write_bytes(item.data)
    first = path.read_text(encoding="utf-8-sig").splitlines()[0]
    assert first.split(delimiter) == [">>L<<Vietnamese", ">>T<<Status", ">>L<<English", ">>T<<Status",
                                      ">>E<<Definition", ">>E<<Subject", ">>E<<Note"]
    result = get_format("trados").import_file(path, ImportOptions())
    assert [c.terms["en"][0].text for c in result.concepts] == [c.preferred("en").text for c in sample]


def test_separator_inside_a_term_is_refused(sample):
    with pytest.raises(UsageError, match="--separator"):
        get_format("trados").export(sample, ExportOptions(languages=["vi", "en"], separator="5"))


@pytest.mark.parametrize("header, tag", [
    ("Vietnamese", "vi"), ("english", "en"), ("English (United States)", "en-US"), ("vi-VN", "vi-VN"),
    ("EN_us", "en-US"), ("Definition", None), ("Term_Info", None), ("", None),
])
def test_header_language(header, tag):
    assert header_language(header) == tag


@pytest.mark.parametrize("body, message", [
    ("concept_id,lang,term,status\nx,en,a,sometimes\n", "bad status 'sometimes'"),
    ("concept_id,lang,term\nx,zz-nope,a\n", "unknown language tag"),
    ("lang,term\nen,a\n", "lacks column(s) concept_id"),
    ("concept_id,subject,lang,term\nx,a,en,t\nx,b,en,u\n", "differs from an earlier row"),
])
def test_plain_csv_errors_name_the_line(tmp_path, body, message):
    path = tmp_path / "bad.csv"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(ParseError) as caught:
        get_format("csv").import_file(path, ImportOptions())
    assert message in str(caught.value) and re.match(rf"{re.escape(str(path))}:\d+: ", str(caught.value))


def test_a_term_omegat_adds_comes_back_and_omegat_reads_it(sample, omegat_append, omegat_check, tmp_path):
    """The round trip with the real client on both ends: OmegaT's own writer adds an entry to our
    export ("Add glossary entry"), `import --merge --yes` takes just that term, and OmegaT's reader
    opens the next export with it."""
    import shutil

    from typer.testing import CliRunner

    from glossary.cli.main import app
    from glossary.store.termstore import load_glossary

    from .conftest import SAMPLE

    path, _ = export_one("omegat", sample, tmp_path, languages=["vi", "en"])
    omegat_append(path, "phiên ký", "signature session", "from OmegaT")
    assert path.read_text(encoding="utf-8").endswith("phiên ký\tsignature session\tfrom OmegaT\n")
    terms = tmp_path / "terms"
    terms.mkdir()
    shutil.copy(SAMPLE, terms / "sample.yaml")
    done = CliRunner().invoke(app, ["import", str(path), "-g", str(terms), "--merge", "--yes", "-s", "vi", "-t", "en"])
    assert done.exit_code == 0, done.output
    assert "0 concepts added, 1 terms added" in done.stdout
    merged = load_glossary(terms)
    added = merged.get("ky-noun").terms["en"][-1]
    assert (added.text, added.status, added.note) == ("signature session", Status.ADMITTED, "from OmegaT")
    (tmp_path / "again").mkdir()
    again, _ = export_one("omegat", merged, tmp_path / "again", languages=["vi", "en"])
    read = omegat_check(again).files[0]
    assert ["phiên ký", "signature session", "A signing session (noun)."] in read["entries"]


def _trados_import(tmp_path, text: str):
    path = tmp_path / "g.csv"
    path.write_text(text, encoding="utf-8-sig")
    return path, get_format("trados").import_file(path, ImportOptions())


def test_trados_statuses_come_back_from_the_term_level_field(sample, tmp_path):
    item = get_format("trados").export(sample, ExportOptions(languages=["vi", "en"]))[0]
    path = tmp_path / "g.csv"
    path.write_bytes(item.data)
    result = get_format("trados").import_file(path, ImportOptions())
    for original, back in zip([c for c in sample if c.terms_in("vi") or c.terms_in("en")], result.concepts):
        for lang in ("vi", "en"):
            assert sorted((t.text, t.status.value) for t in back.terms_in(lang)) == \
                sorted((t.text, t.status.value) for t in original.terms_in(lang))
    assert any(t.status is Status.FORBIDDEN for c in result.concepts for t in c.terms_in("en"))
    # stated statuses are exact: a forbidden term stands for forbidden only
    concept = next(c for c in result.concepts if any(t.status is Status.FORBIDDEN for t in c.terms_in("en")))
    forbidden = next(t for t in concept.terms_in("en") if t.status is Status.FORBIDDEN)
    assert result.stands_for(concept.id, forbidden) == {Status.FORBIDDEN}


def test_trados_unannotated_headers_and_empty_statuses(tmp_path):
    _, result = _trados_import(tmp_path, "English,Status,Vietnamese,>>XT<<Memo,Note\n"
                                         "cyber crime|cybercrime|cyber-crime,|preferred|forbidden,tội phạm mạng,x,law\n")
    (concept,) = result.concepts
    assert [(t.text, t.status) for t in concept.terms["en"]] == [
        ("cyber crime", Status.ADMITTED), ("cybercrime", Status.PREFERRED), ("cyber-crime", Status.FORBIDDEN)]
    assert concept.note == "law"
    unstated = concept.terms["en"][0]
    assert result.stands_for(concept.id, unstated) == {Status.PREFERRED, Status.ADMITTED}
    assert result.stands_for(concept.id, concept.terms["vi"][0]) == {Status.PREFERRED, Status.ADMITTED}
    assert any("Memo" in n and "ignored" in n for n in result.warnings)


@pytest.mark.parametrize("row, message", [
    ("cybercrime,banned,tội phạm mạng", "unknown term status 'banned'"),
    ("cybercrime,preferred|admitted,tội phạm mạng", "2 statuses for 1 en term"),
])
def test_trados_bad_status_names_the_line(tmp_path, row, message):
    with pytest.raises(ParseError, match=message) as caught:
        _trados_import(tmp_path, ">>L<<English,>>T<<Status,>>L<<Vietnamese\n" + row + "\n")
    assert ":2" in str(caught.value)
