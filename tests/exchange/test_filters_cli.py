"""Filters, and `glossary export` / `glossary import` through the real entry point."""
from __future__ import annotations

import shutil
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from glossary.cli.main import app
from glossary.errors import UsageError
from glossary.exchange.filters import GlossaryFilter, parse_statuses
from glossary.model import Status
from glossary.store.termstore import load_glossary

from .conftest import FIXTURES, SAMPLE, TBX2_SAMPLES, TBX_BASIC

runner = CliRunner()


@pytest.mark.parametrize("kwargs, ids, en_terms", [
    ({}, ["unodc", "5-day-manh", "le-mo-ky", "ky-verb", "ky-noun"], 11),
    ({"subjects": ["Events"]}, ["le-mo-ky", "ky-verb", "ky-noun"], 4),
    ({"ids": ["unodc"]}, ["unodc"], 3),
    ({"statuses": {Status.PREFERRED}}, ["unodc", "5-day-manh", "le-mo-ky", "ky-verb", "ky-noun"], 5),
    ({"statuses": {Status.FORBIDDEN}}, ["unodc", "5-day-manh"], 2),
    ({"languages": ["fr"]}, ["5-day-manh"], 0),
])
def test_filter(sample, kwargs, ids, en_terms):
    chosen = GlossaryFilter(**kwargs).apply(sample)
    assert [c.id for c in chosen] == ids
    assert sum(len(c.terms_in("en")) for c in chosen) == en_terms


@pytest.mark.parametrize("raw, expected", [
    (["preferred,admitted"], {Status.PREFERRED, Status.ADMITTED}), (["forbidden", " deprecated "],
                                                                   {Status.FORBIDDEN, Status.DEPRECATED}), ([], set()),
])
def test_parse_statuses(raw, expected):
    assert parse_statuses(raw) == expected


@pytest.mark.parametrize("kwargs, message", [
    ({"ids": ["nope"]}, "no concept with id 'nope'"), ({"languages": ["de"]}, "no terms in de"),
])
def test_filter_errors(sample, kwargs, message):
    with pytest.raises(UsageError, match=message):
        GlossaryFilter(**kwargs).apply(sample)


def test_export_command_writes_each_pair(tmp_path):
    out = tmp_path / "po"
    done = runner.invoke(app, ["export", "--format", "po", "-g", str(SAMPLE), "--lang", "vi,en,fr", "-o", str(out)])
    assert done.exit_code == 0, done.output
    assert sorted(p.name for p in out.iterdir()) == ["glossary.vi-en.po", "glossary.vi-fr.po"]
    assert "glossary.vi-fr.po (po vi->fr, 1 entries)" in done.output


def test_export_status_filter(tmp_path):
    out = tmp_path / "g.csv"
    done = runner.invoke(app, ["export", "-f", "csv", "-g", str(SAMPLE), "--status", "forbidden", "-o", str(out)])
    assert done.exit_code == 0, done.output
    import csv

    rows = list(csv.DictReader(out.open(encoding="utf-8", newline="")))
    assert [(r["term"], r["status"]) for r in rows] == [("UNDOC", "forbidden"), ("5 Accents", "forbidden")]


def test_import_without_merge_writes_yaml_and_shows_the_diff(tmp_path):
    terms = tmp_path / "terms"
    terms.mkdir()
    shutil.copy(SAMPLE, terms / "sample.yaml")
    before = (terms / "sample.yaml").read_text(encoding="utf-8")
    out = tmp_path / "imported.yaml"
    done = runner.invoke(app, ["import", str(FIXTURES / "weblate.tbx"), "-g", str(terms), "-o", str(out)])
    assert done.exit_code == 0, done.output
    assert "+  - id: concept-example" in done.output and f"wrote {out}" in done.output
    assert load_glossary(out).get("dashboard") is not None
    assert (terms / "sample.yaml").read_text(encoding="utf-8") == before  # terms/ untouched


def test_import_merge_adds_concepts_and_keeps_comments(tmp_path):
    terms = tmp_path / "terms"
    terms.mkdir()
    shutil.copy(SAMPLE, terms / "sample.yaml")
    done = runner.invoke(app, ["import", str(FIXTURES / "weblate.tbx"), "-g", str(terms), "--merge", "--yes"])
    assert done.exit_code == 0, done.output
    assert "2 concepts added" in done.output
    merged = load_glossary(terms)
    assert merged.get("concept-example") is not None and len(merged) == 7
    assert (terms / "sample.yaml").read_text(encoding="utf-8").startswith("# A small glossary")


def test_merge_fills_missing_fields_and_adds_terms(tmp_path):
    terms = tmp_path / "terms"
    terms.mkdir()
    shutil.copy(SAMPLE, terms / "sample.yaml")
    incoming = tmp_path / "in.csv"
    incoming.write_text("concept_id,lang,term,status,context\n"
                        "ky-verb,en,sign,preferred,Viet Nam signed the convention.\n"
                        "ky-verb,en,ink,admitted,\n", encoding="utf-8")
    done = runner.invoke(app, ["import", str(incoming), "-g", str(terms), "--merge", "--yes"])
    assert done.exit_code == 0, done.output
    concept = load_glossary(terms).get("ky-verb")
    assert [(t.text, t.status, t.context) for t in concept.terms["en"]] == [
        ("sign", Status.PREFERRED, "Viet Nam signed the convention."), ("ink", Status.ADMITTED, None)]


@pytest.mark.parametrize("rows, kind", [
    ("unodc,en,UNODC,preferred\n", "two-statuses"),
    ("unodc,en,Drugs Office,preferred\nunodc,vi,UNODC,admitted\n", "two-preferred"),
    ("new-one,en,signing,preferred\n", "preferred-elsewhere"),
    ("unodc,en,something else,preferred\n", "id-clash"),
    ("new-two,en,lonely,admitted\n", "invalid"),
])
def test_conflicts_refuse_the_merge_and_write_nothing(tmp_path, rows, kind):
    terms = tmp_path / "terms"
    terms.mkdir()
    shutil.copy(SAMPLE, terms / "sample.yaml")
    before = (terms / "sample.yaml").read_text(encoding="utf-8")
    incoming = tmp_path / "in.csv"
    incoming.write_text("concept_id,lang,term,status\n" + rows, encoding="utf-8")
    done = runner.invoke(app, ["import", str(incoming), "-g", str(terms), "--merge", "--yes"])
    assert done.exit_code == 1, done.output
    assert f"[{kind}]" in done.output and "nothing merged" in done.output
    assert sorted(p.name for p in terms.iterdir()) == ["sample.yaml"]
    assert (terms / "sample.yaml").read_text(encoding="utf-8") == before


def test_bad_file_is_one_line_without_traceback(tmp_path):
    path = TBX_BASIC / "negative" / "gender_female.tbx"
    done = subprocess.run([sys.executable, "-c", "from glossary.cli.main import run; run()", "import", str(path),
                           "-g", str(tmp_path / "none"), "-o", str(tmp_path / "x.yaml")],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"glossary: error: {path}:50: not valid TBX-Basic v3 [D5]")


def test_unknown_format_is_a_usage_error(tmp_path):
    done = runner.invoke(app, ["export", "-f", "xlsx", "-g", str(SAMPLE), "-o", str(tmp_path / "x")])
    assert done.exit_code == 2 and "unknown exchange format 'xlsx'" in done.output and "Traceback" not in done.output


def test_tt_sample_via_cli(tmp_path):
    sample = TBX2_SAMPLES / "translate-toolkit-csv2tbx.tbx"
    out = tmp_path / "tt.yaml"
    done = runner.invoke(app, ["import", str(sample), "--lang-map", "xx=de", "-g", str(tmp_path / "none"),
                               "-o", str(out)])
    assert done.exit_code == 0, done.output
    assert [c.id for c in load_glossary(out)] == ["file", "save_as,_copy"]
