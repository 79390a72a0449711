"""Every exchange format, and every table kind of the row formats (CSV, TSV, .xlsx):
export -> import -> export gives the same bytes; the import keeps exactly what the format
can hold (the README's loss table, as code); merging an unchanged export back changes
nothing and reports no conflict; and a term added by hand in the exported file, as the CAT
tool writes it (handedits.py), merges as just that term of the right concept."""
from __future__ import annotations

import copy
import shutil

import pytest
from typer.testing import CliRunner

from glossary.cli.main import app
from glossary.exchange.base import ExportOptions, ImportOptions, get_format, registered_formats
from glossary.exchange.merge import open_target, plan_merge
from glossary.model import Concept, Glossary, Status, Term
from glossary.store.termstore import load_glossary

from .conftest import SAMPLE, TERMS
from .handedits import ADDED, EDITS

LANGS = ["vi", "en"]
DATE = "2025-10-27"
PAIRWISE_IMPORT = ImportOptions(source_lang="vi", target_lang="en")


def _status_order(terms):
    return sorted(terms, key=lambda t: list(Status).index(t.status))


def full(concept: Concept, langs):
    return (concept.id, concept.subject, concept.definition, concept.note, concept.source, concept.created,
            concept.modified, [[(t.text, t.status, t.type, t.pos, t.usage, t.context, t.source, t.reason, t.note)
                                for t in concept.terms_in(lang)] for lang in langs])


def po_view(concept: Concept, langs):
    src, tgt = langs
    pref = concept.preferred(tgt)
    return (concept.id, concept.subject, concept.definition,
            [(t.text, t.status) for t in concept.terms_in(src)],
            [(t.text, t.status) for t in _status_order(concept.terms_in(tgt))], pref.usage if pref else None)


def usable(concept, lang):
    return [t.text for t in _status_order(concept.terms_in(lang)) if t.status in (Status.PREFERRED, Status.ADMITTED)]


def memoq_view(concept: Concept, langs):
    avoid = [[t.text for t in _status_order(concept.terms_in(lang)) if not t.status.usable] for lang in langs]
    return (concept.id, concept.subject, concept.note, concept.definition,
            [usable(concept, lang) for lang in langs], avoid)


def trados_view(concept: Concept, langs):
    return (concept.subject, concept.note, concept.definition,
            [[(t.text, t.status) for t in _status_order(concept.terms_in(lang))] for lang in langs])


def omegat_view(concept: Concept, langs):
    src, tgt = langs
    return ([t.text for t in concept.terms_in(src)], usable(concept, tgt))


VIEWS = {"tbx": full, "tbx2": full, "csv": full, "po": po_view, "memoq": memoq_view, "trados": trados_view,
         "omegat": omegat_view}


# format variant -> (exchange format, table kind of the row formats)
VARIANTS = {"tbx": ("tbx", "csv"), "tbx2": ("tbx2", "csv"), "po": ("po", "csv"), "omegat": ("omegat", "csv"),
            "memoq": ("memoq", "csv"), "memoq.xlsx": ("memoq", "xlsx"), "trados": ("trados", "csv"),
            "trados.tsv": ("trados", "tsv"), "trados.xlsx": ("trados", "xlsx"), "csv": ("csv", "csv"),
            "csv.xlsx": ("csv", "xlsx")}


def export_variant(variant: str, glossary: Glossary, tmp_path, **options):
    """The variant's export of ``glossary`` (vi, en) written into ``tmp_path``: (path, file)."""
    name, table = VARIANTS[variant]
    fmt = get_format(name)
    files = fmt.export(glossary, ExportOptions(languages=LANGS, date=DATE, table=table, **options))
    assert len(files) == 1 and files[0].entries > 0
    path = tmp_path / files[0].name
    path.write_bytes(files[0].data)
    return path, files[0]


def test_every_format_has_a_view_and_a_hand_edit():
    assert set(VIEWS) == set(registered_formats()) == {name for name, _ in VARIANTS.values()}
    assert set(EDITS) == set(ADDED) == set(VARIANTS)
    assert {name for name, fmt in registered_formats().items() if fmt.tabular} == \
        {name for name, table in VARIANTS.values() if table != "csv"}


@pytest.mark.parametrize("which", ["sample", "bundled"])
@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_export_import_export_is_identical(variant, which, request, tmp_path):
    sample = request.getfixturevalue(which)
    name, table = VARIANTS[variant]
    path, first = export_variant(variant, sample, tmp_path)
    result = get_format(name).import_file(path, PAIRWISE_IMPORT)
    assert result.format == name
    second = get_format(name).export(Glossary(concepts=result.concepts),
                                     ExportOptions(languages=LANGS, date=DATE, table=table))
    assert second[0].data == first.data  # byte for byte, the .xlsx workbooks too


@pytest.mark.parametrize("which", ["sample", "bundled"])
@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_import_keeps_what_the_format_holds(variant, which, request, tmp_path):
    sample = request.getfixturevalue(which)
    name, _ = VARIANTS[variant]
    path, _ = export_variant(variant, sample, tmp_path)
    imported = get_format(name).import_file(path, PAIRWISE_IMPORT).concepts
    view = VIEWS[name]
    if name == "omegat":  # no ids: compare as a set of (source terms, targets)
        assert sorted(map(repr, (view(c, LANGS) for c in imported))) == \
            sorted(map(repr, (view(c, LANGS) for c in sample if c.terms_in("en"))))
        return
    if name == "trados":  # no ids: compare in order
        assert [view(c, LANGS) for c in imported] == [view(c, LANGS) for c in sample]
        return
    restricted = [Concept(id=c.id, terms={k: v for k, v in c.terms.items() if k in LANGS}, subject=c.subject,
                          definition=c.definition, note=c.note, source=c.source, created=c.created,
                          modified=c.modified) for c in sample]
    assert [view(c, LANGS) for c in imported] == [view(c, LANGS) for c in restricted if c.terms_in("en")]


@pytest.mark.parametrize("name", ["tbx", "tbx2", "csv"])
def test_lossless_formats_keep_every_language_and_field(name, sample, tmp_path):
    fmt = get_format(name)
    exported = fmt.export(sample, ExportOptions())[0]
    path = tmp_path / exported.name
    path.write_bytes(exported.data)
    imported = fmt.import_file(path, ImportOptions())
    assert imported.concepts == sample.concepts
    assert not imported.dropped and not imported.notes


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_export_is_deterministic(variant, sample):
    name, table = VARIANTS[variant]
    fmt = get_format(name)
    options = ExportOptions(languages=LANGS, date=DATE, table=table)
    assert [f.data for f in fmt.export(sample, options)] == [f.data for f in fmt.export(sample, options)]


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_exported_files_are_detected_on_import(variant, sample, tmp_path):
    from glossary.exchange.base import detect_format

    path, _ = export_variant(variant, sample, tmp_path)
    assert detect_format(path).name == VARIANTS[variant][0]


# -- merging back ---------------------------------------------------------------------------------
def glossary_copy(tmp_path, which: str):
    """A terms/ folder holding the sample (or the bundled glossary) to merge into."""
    terms = tmp_path / "terms"
    if which == "sample":
        terms.mkdir()
        shutil.copy(SAMPLE, terms / "sample.yaml")
    else:
        shutil.copytree(TERMS, terms)
    return terms


@pytest.mark.parametrize("which", ["sample", "bundled"])
@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_merging_an_unchanged_export_changes_nothing(variant, which, request, tmp_path):
    """The issue's 144 and 29 conflicts: ids a format has not, statuses it cannot tell apart."""
    glossary = request.getfixturevalue(which)
    path, _ = export_variant(variant, glossary, tmp_path)
    result = get_format(VARIANTS[variant][0]).import_file(path, PAIRWISE_IMPORT)
    terms = glossary_copy(tmp_path, which)
    plan = plan_merge(open_target(terms), result, into=terms / "imported.yaml")
    assert [str(c) for c in plan.conflicts] == []
    assert plan.diff() == "" and not plan.changes and not plan.notes


def _import_merge(path, terms, variant, *extra):
    args = ["import", str(path), "-g", str(terms), "--merge", "--input-format", VARIANTS[variant][0], *extra]
    if VARIANTS[variant][0] == "omegat":
        args += ["-s", "vi", "-t", "en"]
    return CliRunner().invoke(app, args)


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_a_term_added_by_hand_merges_as_just_that_term(variant, sample, tmp_path):
    path, _ = export_variant(variant, sample, tmp_path)
    EDITS[variant](path)
    terms = glossary_copy(tmp_path, "sample")
    before = (terms / "sample.yaml").read_bytes()
    shown = _import_merge(path, terms, variant, "--dry-run")
    assert shown.exit_code == 0, shown.output
    concept_id, lang, text, status = ADDED[variant]
    assert f"+        - term: {text}" in shown.stdout and "dry run: nothing written" in shown.stderr
    assert (terms / "sample.yaml").read_bytes() == before
    done = _import_merge(path, terms, variant, "--yes")
    assert done.exit_code == 0, done.output
    assert "0 concepts added, 1 terms added, 0 fields filled" in done.stdout
    expected = copy.deepcopy(sample.concepts)
    next(c for c in expected if c.id == concept_id).terms[lang].append(Term(text, lang, Status(status)))
    assert load_glossary(terms).concepts == expected
    again = _import_merge(path, terms, variant, "--yes")  # merged once: the same file now changes nothing
    assert again.exit_code == 0 and "merging changes nothing" in again.stdout, again.output
