"""Discovery end to end: the bundled corpus with terms/ ignored, the CLI, the JSON schema, suggestions."""
from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from glossary.cli.main import app
from glossary.corpora.formats import read_corpus
from glossary.discovery import discover
from glossary.discovery.suggest import write_suggestions
from glossary.errors import UsageError
from glossary.model import Status
from glossary.store.termstore import load_glossary
from glossary.text.classify import VariantClass

REPO = Path(__file__).resolve().parents[2]
TMX = REPO / "corpora" / "hanoi-convention" / "hanoi-convention.tmx"
SCHEMA = REPO / "glossary" / "schemas" / "discovery-report.schema.json"
runner = CliRunner()


@pytest.fixture(scope="module")
def report():
    if not TMX.exists():
        pytest.skip("the bundled corpus is not there")
    return discover(read_corpus([TMX]), glossary=None)


def group_with(report, *texts: str):
    """The one group holding every one of ``texts`` among its renderings."""
    found = [g for g in report.groups if all(g.rendering(t) for t in texts)]
    assert len(found) == 1, f"{texts}: {[g.id for g in found]}"
    return found[0]


def test_the_five_pushes_are_one_group_of_at_least_four_renderings(report) -> None:
    group = group_with(report, "5 pushes", "5 Strengthens", "5 Accelerations", "5 Accents")
    assert group.source_term == "5 đẩy mạnh" and group.cls is VariantClass.LEXICAL
    assert len(group.renderings) >= 4


def test_undoc_and_unodc_are_one_group_classed_misspelling(report) -> None:
    group = group_with(report, "UNDOC", "UNODC")
    assert group.cls is VariantClass.MISSPELLING and group.canonical == "UNODC"
    assert group.rendering("UNDOC").count == 2


def test_pham_minh_chinh_with_and_without_diacritics_is_one_group_classed_diacritics(report) -> None:
    group = group_with(report, "Pham Minh Chinh", "Phạm Minh Chính")
    assert group.cls is VariantClass.DIACRITICS and group.source_term == "Phạm Minh Chính"


@pytest.mark.parametrize(("a", "b", "cls"), [
    ("Opening Ceremony", "signing ceremony", VariantClass.LEXICAL),
    ("Program", "Programme", VariantClass.US_UK),
    ("$83.5 million", "AUD 83.5 million", VariantClass.NUMERIC),
])
def test_the_other_known_variants_show_up(report, a: str, b: str, cls: VariantClass) -> None:
    group = group_with(report, a, b)
    variant = next(r for r in group.renderings if not r.canonical and r.text in (a, b))
    assert variant.cls is cls


def test_drift_comes_before_noise(report) -> None:
    ranks = {g.cls: g.rank for g in reversed(report.groups)}  # best rank of each class
    assert ranks[VariantClass.MISSPELLING] < ranks[VariantClass.CASE_HYPHEN]
    assert ranks[VariantClass.LEXICAL] < ranks[VariantClass.CASE_HYPHEN]
    assert ranks[VariantClass.DIACRITICS] < ranks[VariantClass.CASE_HYPHEN]


def test_renderings_of_shared_sources_are_scored_with_signatures(report) -> None:
    c = report.comparison
    assert c.shared_passages == 19 and len(c.passages) >= 19 and c.documents
    assert all(0 <= p.chrf <= 100 for p in c.passages)
    assert "chrF (passage)" in c.signatures and "BLEU (document)" in c.signatures


def test_json_report_matches_its_schema(tmp_path: Path) -> None:
    if not TMX.exists():
        pytest.skip("the bundled corpus is not there")
    out = tmp_path / "d.json"
    result = runner.invoke(app, ["discover", str(TMX), "--no-glossary", "-f", "json", "-o", str(out)])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(json.loads(SCHEMA.read_text(encoding="utf-8"))).validate(data)
    assert data["glossary"] is None and data["groups"][0]["rank"] == 1
    five = next(g for g in data["groups"] if g["source_term"] == "5 đẩy mạnh")
    assert {r["text"] for r in five["renderings"]} >= {"5 pushes", "5 Strengthens", "5 Accelerations", "5 Accents"}
    assert all(r["segments"] and r["examples"] for r in five["renderings"])


def test_cli_text_and_several_formats(tmp_path: Path) -> None:
    if not TMX.exists():
        pytest.skip("the bundled corpus is not there")
    result = runner.invoke(app, ["discover", str(TMX), "--no-glossary"])
    assert result.exit_code == 0 and "5 đẩy mạnh" in result.output and "[misspelling] UNODC" in result.output
    result = runner.invoke(app, ["discover", str(TMX), "--no-glossary", "-f", "csv", "-f", "md", "-f", "html", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "discovery.csv").read_text(encoding="utf-8").startswith("rank,group,")
    assert "| 1 |" in (tmp_path / "discovery.md").read_text(encoding="utf-8")
    assert (tmp_path / "discovery.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


@pytest.mark.parametrize(("args", "message"), [
    (["-f", "xml"], "unknown report format"),
    (["-f", "json", "-f", "csv"], "need --output DIR"),
    (["--glossary", "terms", "--no-glossary"], "contradict"),
])
def test_cli_errors_are_one_line(args: list[str], message: str) -> None:
    if not TMX.exists():
        pytest.skip("the bundled corpus is not there")
    result = runner.invoke(app, ["discover", str(TMX), *args])
    assert result.exit_code == 2 and message in result.output and "Traceback" not in result.output


def test_suggestions_are_valid_terms_files_outside_the_glossary(report, tmp_path: Path) -> None:
    path = tmp_path / "review" / "suggested.yaml"
    result = write_suggestions(report, path, glossary_root=tmp_path / "terms")
    glossary = load_glossary(path)  # validates like terms/
    assert len(glossary) == len(result.concepts) > 0
    unodc = next(c for c in glossary if any(t.text == "UNDOC" for t in c.terms_in("en")))
    assert unodc.preferred("en").text == "UNODC" and unodc.preferred("vi").text == "UNODC"
    assert {t.text: t.status for t in unodc.terms_in("en")}["UNDOC"] is Status.FORBIDDEN
    assert "glossary discover --suggest" in path.read_text(encoding="utf-8").splitlines()[0]
    (tmp_path / "terms").mkdir()
    with pytest.raises(UsageError, match="never into the glossary"):
        write_suggestions(report, tmp_path / "terms" / "new.yaml", glossary_root=tmp_path / "terms")


def test_cli_suggest_writes_the_review_file(tmp_path: Path) -> None:
    if not TMX.exists():
        pytest.skip("the bundled corpus is not there")
    path = tmp_path / "suggest.yaml"
    result = runner.invoke(app, ["discover", str(TMX), "--no-glossary", "-f", "json", "-o", str(tmp_path / "r.json"),
                                 "--suggest", str(path)])
    assert result.exit_code == 0, result.output
    assert len(load_glossary(path)) > 10


def test_vi_and_vi_vn_are_one_language_when_the_pair_is_chosen() -> None:
    from glossary.corpora.segments import Origin, Segment
    from glossary.discovery.report import choose_pair

    def pair(target_lang: str, n: int) -> Segment:
        return Segment("file", "tập tin", "en", target_lang, Origin("x.mo", n), str(n))

    segments = [pair("vi", 1), pair("vi", 2), pair("vi-VN", 3)]
    assert choose_pair(segments, "en", "vi")[:2] == ("en", "vi")
    assert choose_pair(segments, None, None)[:2] == ("en", "vi")  # the tag most used names it
    assert len(choose_pair(segments, None, None)[2]) == 3
    with pytest.raises(UsageError, match="several language pairs"):
        choose_pair(segments + [pair("fr", 4)], None, None)


def _rank_of(report, *texts: str) -> int:
    """The best rank of a group holding every one of ``texts`` among its renderings."""
    ranks = [g.rank for g in report.groups if all(g.rendering(t) for t in texts)]
    assert ranks, texts
    return min(ranks)


def test_the_known_drifts_are_among_the_first_twelve_groups(report) -> None:
    for texts in (("5 pushes", "5 Strengthens"), ("UNDOC", "UNODC"), ("Opening Ceremony", "signing ceremony"),
                  ("Pham Minh Chinh", "Phạm Minh Chính"), ("Bui Thanh Son", "Bùi Thanh Sơn"),
                  ("regional organisations", "regional organizations"), ("$83.5 million", "AUD 83.5 million"),
                  ("no one is left behind in the digital age", "no one is left behind in the digital era")):
        assert _rank_of(report, *texts) <= 12, texts


def test_with_the_glossary_deprecated_renderings_come_first() -> None:
    if not TMX.exists():
        pytest.skip("the bundled corpus is not there")
    report = discover(read_corpus([TMX]), glossary=load_glossary(REPO / "terms"))
    for texts in (("5 pushes", "5 Strengthens"), ("UNDOC",), ("Opening Ceremony", "signing ceremony"),
                  ("Pham Minh Chinh", "Phạm Minh Chính"), ("international organisations", "international organizations"),
                  ("$83.5 million", "AUD 83.5 million")):
        assert _rank_of(report, *texts) <= 12, texts
    # two source terms of one concept (UNODC and its full name) finding the same renderings are one group
    assert sum(1 for g in report.groups if g.rendering("UNDOC")) == 1
