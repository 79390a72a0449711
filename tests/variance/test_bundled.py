"""End to end on the bundled Hanoi Convention corpus and terms/: the report shows what the issue asks."""
from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from glossary.render.json_report import report_to_dict
from glossary.store.termstore import load_glossary
from glossary.variance.report import VarianceReport, run_variance

REPO = Path(__file__).resolve().parents[2]
TERMS = REPO / "terms"
CORPUS = REPO / "corpora"


@pytest.fixture(scope="module")
def report() -> VarianceReport:
    if not (CORPUS / "hanoi-convention" / "hanoi-convention.tmx").is_file() or not any(TERMS.glob("*.yaml")):
        pytest.skip("the bundled corpus or terms/ is absent")
    return run_variance([CORPUS], glossary=load_glossary(TERMS), glossary_path="terms")


def renderings(report: VarianceReport, concept_id: str) -> dict[str | None, tuple[str | None, str]]:
    concept = next(c for c in report.concepts if c.concept_id == concept_id)
    return {r.text: (r.variant_class, r.status) for r in concept.renderings}


def findings(report: VarianceReport, check: str, found: str) -> list:
    return [f for f in report.findings if f.check == check and f.found == found]


def test_five_day_manh_has_at_least_four_renderings(report: VarianceReport) -> None:
    seen = renderings(report, "five-accelerations")
    written = {text for text in seen if text}
    assert len(written) >= 4
    assert {"5 pushes", "5 Strengthens", "5 Accents", "5 Accelerations", "five key actions"} <= written
    assert seen["5 pushes"] == ("lexical", "deprecated") and seen["5 Accents"] == ("lexical", "forbidden")
    assert findings(report, "term.forbidden", "5 Accents") and findings(report, "term.deprecated", "5 pushes")
    assert findings(report, "term.deprecated", "5 Strengthens")
    assert findings(report, "term.admitted", "five key actions")


def test_undoc_is_a_misspelling_of_unodc(report: VarianceReport) -> None:
    hits = findings(report, "term.misspelling", "UNDOC")
    assert len(hits) == 2 and {f.document for f in hits} == {
        "dantri-2025-10-25-pm-5-day-manh", "unknown-2025-10-25-high-level-discussion"}
    assert all(f.variant_class == "misspelling" and "“UNODC”" in f.message and f.severity.value == "error"
               for f in hits)
    assert renderings(report, "unodc")["UNDOC"] == ("misspelling", "forbidden")


def test_opening_vs_signing_ceremony(report: VarianceReport) -> None:
    seen = renderings(report, "signing-ceremony")
    assert seen["signing ceremony"] == ("identical", "preferred")
    assert seen["Opening Ceremony"] == ("lexical", "deprecated")
    (finding,) = findings(report, "term.deprecated", "Opening Ceremony")
    assert finding.expected == "signing ceremony" and "signing ceremony" in finding.message
    event = renderings(report, "signing-ceremony-and-high-level-conference")
    assert event["Opening Ceremony and High-Level Meeting on the United Nations Convention against Cybercrime"] == \
        ("lexical", "deprecated")


def test_names_with_and_without_diacritics(report: VarianceReport) -> None:
    assert renderings(report, "pham-minh-chinh")["Pham Minh Chinh"] == ("identical", "preferred")
    assert renderings(report, "pham-minh-chinh")["Phạm Minh Chính"] == ("diacritics", "admitted")
    assert renderings(report, "bui-thanh-son")["Bùi Thanh Sơn"] == ("diacritics", "admitted")
    assert renderings(report, "antonio-guterres")["Antonio Guterres"] == ("diacritics", "deprecated")
    assert findings(report, "term.admitted", "Phạm Minh Chính")[0].variant_class == "diacritics"


def test_aud_lost_as_dollar(report: VarianceReport) -> None:
    (lost,) = [f for f in report.findings if f.check == "currency.lost"]
    assert lost.segment.endswith("high-level-discussion-p15-s1") and lost.found == "$83.5 million"
    assert lost.term == "83,5 triệu AUD" and lost.severity.value == "error"
    assert renderings(report, "australian-dollar")["$"] == ("numeric", "deprecated")
    assert renderings(report, "australian-dollar")["AUD"] == ("numeric", "admitted")


def test_program_vs_programme(report: VarianceReport) -> None:
    seen = renderings(report, "southeast-asia-pacific-cyber-program")
    assert seen["Southeast Asia and Pacific Cyber Programme"] == ("us-uk-spelling", "admitted")
    assert seen["Cyber Security Program in Southeast Asia and the Pacific"] == ("lexical", "deprecated")


def test_un_vs_united_nations(report: VarianceReport) -> None:
    seen = renderings(report, "united-nations")
    assert seen["United Nations"] == ("identical", "preferred") and seen["UN"] == ("abbreviation", "admitted")
    assert findings(report, "term.admitted", "UN")[0].variant_class == "abbreviation"


def test_summary_signature_and_schema(report: VarianceReport) -> None:
    assert report.summary.segments == 95 and report.summary.documents == 5
    assert report.signature.startswith(f"glossary:{report.settings.glossary_fingerprint[:12]}|src:vi|tgt:en|")
    assert report.summary.conflicts["same-source"] >= 10  # shared sources rendered differently
    schema = json.loads((REPO / "glossary" / "schemas" / "variance-report.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(json.loads(json.dumps(report_to_dict(report))))
    from glossary.variance.consistency import FIX_TIERS

    tiers = [FIX_TIERS.index(c.fix) for c in report.concepts]  # what to fix first (tests/variance/test_fix_first.py)
    assert tiers == sorted(tiers)
