"""The labelled table: aligned pairs, a small glossary, and every finding they must give.

It covers every pair check and every variant class; ``test_table_covers_every_check_and_class``
keeps it that way when checks or classes are added.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from glossary.store.termstore import load_glossary
from glossary.text.classify import VariantClass
from glossary.variance.checks import all_checks
from glossary.variance.checks.context import Assessor
from glossary.variance.report import check_pair, run_variance

from .helpers import glossary, segment, write_glossary, write_tmx

SPEC = {
    "unodc": {"vi": ["Văn phòng Liên hợp quốc về Ma túy và Tội phạm", ("UNODC", "admitted", "acronym")],
              "en": ["United Nations Office on Drugs and Crime", ("UNODC", "admitted", "acronym"),
                     ("UNDOC", "forbidden", "variant")]},
    "un": {"vi": ["Liên hợp quốc"], "en": ["United Nations", ("UN", "admitted", "acronym")]},
    "sg": {"vi": ["Tổng Thư ký"], "en": ["Secretary-General"]},
    "ceremony": {"vi": ["Lễ mở ký"], "en": ["signing ceremony", ("Opening Ceremony", "deprecated", "variant")]},
    "five": {"vi": ["5 đẩy mạnh"], "en": ["five accelerations", ("5 Accents", "forbidden", "variant")]},
    "pm": {"vi": ["Phạm Minh Chính"], "en": ["Phạm Minh Chính"]},
    "program": {"vi": ["Chương trình An ninh mạng Đông Nam Á và Thái Bình Dương"],
                "en": ["Southeast Asia and Pacific Cyber Program"]},
    "peace": {"en": ["peace"], "vi": ["hòa bình"]},
    "aud": {"vi": ["AUD"], "en": ["Australian dollar", ("AUD", "admitted", "abbreviation"),
                                  ("$", "deprecated", "abbreviation")]},
    "guterres": {"vi": ["António Guterres"], "en": ["António Guterres"]},
    "org": {"vi": ["tổ chức quốc tế"], "en": [("international organization", None, None, "noun")]},
}
G = glossary(SPEC)

L, N, A, M, D, U, C, O, I = (VariantClass.LEXICAL, VariantClass.NUMERIC, VariantClass.ABBREVIATION,
                             VariantClass.MISSPELLING, VariantClass.DIACRITICS, VariantClass.US_UK,
                             VariantClass.CASE_HYPHEN, VariantClass.ORTHOGRAPHIC, VariantClass.IDENTICAL)

# (label, source, target, languages, expected findings: (check, what the target wrote, class))
CASES = [
    ("preferred", "Liên hợp quốc kêu gọi", "the United Nations called", "vi-en",
     [("term.preferred", "United Nations", I)]),
    ("preferred, inflected", "các tổ chức quốc tế", "international organizations", "vi-en",
     [("term.preferred", "international organizations", I)]),
    ("admitted acronym", "Liên hợp quốc sẽ hỗ trợ", "The UN will support", "vi-en",
     [("term.admitted", "UN", A)]),
    ("admitted, another currency name", "83,5 triệu AUD", "AUD 83.5 million", "vi-en",
     [("term.admitted", "AUD", N)]),
    ("hyphen vs space", "Tổng Thư ký phát biểu", "the Secretary General spoke", "vi-en",
     [("term.form", "Secretary General", C)]),
    ("tone-mark placement", "peace and prosperity", "hoà bình và thịnh vượng", "en-vi",
     [("term.form", "hoà bình", O)]),
    ("diacritics dropped", "Thủ tướng Phạm Minh Chính", "Prime Minister Pham Minh Chinh", "vi-en",
     [("term.spelling", "Pham Minh Chinh", D)]),
    ("US/UK spelling", "Chương trình An ninh mạng Đông Nam Á và Thái Bình Dương",
     "the Southeast Asia and Pacific Cyber Programme", "vi-en",
     [("term.spelling", "Southeast Asia and Pacific Cyber Programme", U)]),
    ("deprecated", "trong khuôn khổ Lễ mở ký", "within the Opening Ceremony", "vi-en",
     [("term.deprecated", "Opening Ceremony", L)]),
    ("forbidden", 'tinh thần "5 đẩy mạnh"', 'the spirit of "5 Accents"', "vi-en",
     [("term.forbidden", "5 Accents", L)]),
    ("listed misspelling", "Giám đốc điều hành Văn phòng Liên hợp quốc về Ma túy và Tội phạm (UNODC)",
     "Executive Director of UNDOC", "vi-en", [("term.misspelling", "UNDOC", M)]),
    ("unlisted misspelling", "Tổng Thư ký António Guterres", "Secretary-General António Guterress", "vi-en",
     [("term.preferred", "Secretary-General", I), ("term.misspelling", "António Guterress", M)]),
    ("unlisted, found by similarity", 'tinh thần "5 đẩy mạnh"', 'the spirit of "5 Strengthens"', "vi-en",
     [("term.unlisted", "5 Strengthens", L)]),
    ("missing, nothing like it", "Liên hợp quốc kêu gọi", "the organisation called", "vi-en",
     [("term.missing", None, None)]),
    ("currency lost", "83,5 triệu AUD", "$83.5 million", "vi-en",
     [("term.deprecated", "$", N), ("currency.lost", "$83.5 million", None)]),
    ("figure changed", "65 quốc gia đã ký", "69 countries signed", "vi-en", [("number.changed", "69", None)]),
    ("figure missing", "hơn 110 quốc gia", "many countries", "vi-en", [("number.missing", None, None)]),
    ("1.000 is 1,000", "hơn 1.000 đại biểu", "over 1,000 delegates", "vi-en", []),
    ("forbidden in target only", "tinh thần ấy", 'the spirit of "5 Accents"', "vi-en",
     [("target.forbidden", "5 Accents", L)]),
    ("deprecated in target only", "buổi lễ", "the Opening Ceremony", "vi-en",
     [("target.deprecated", "Opening Ceremony", L)]),
    ("misspelt in target only", "cơ quan này", "the UNDOC office", "vi-en",
     [("target.misspelling", "UNDOC", M)]),
]


def _run(source: str, target: str, langs: str) -> list[tuple[str, str | None, VariantClass | None]]:
    src, tgt = langs.split("-")
    findings = check_pair(segment(source, target, source_lang=src, target_lang=tgt), assessor=Assessor(G))
    return sorted((f.check, f.found, VariantClass(f.variant_class) if f.variant_class else None) for f in findings)


@pytest.mark.parametrize("label, source, target, langs, expected", CASES, ids=[c[0] for c in CASES])
def test_labelled_case(label: str, source: str, target: str, langs: str, expected: list) -> None:
    assert _run(source, target, langs) == sorted(expected)


def test_finding_names_the_preferred_and_quotes_offsets() -> None:
    seg = segment("trong khuôn khổ Lễ mở ký", "within the Opening Ceremony")
    (finding,) = check_pair(seg, assessor=Assessor(G))
    assert finding.check == "term.deprecated" and finding.severity.value == "warning"
    assert "signing ceremony" in finding.message and finding.expected == "signing ceremony"
    assert seg.target[slice(*finding.span)] == "Opening Ceremony"
    assert seg.source[slice(*finding.source_span)] == "Lễ mở ký"


def test_inconsistent_forms_in_one_document(tmp_path: Path) -> None:
    tmx = write_tmx(tmp_path / "c.tmx", [
        ("a", "Văn phòng Liên hợp quốc về Ma túy và Tội phạm (UNODC)", "the United Nations Office on Drugs and Crime (UNODC)"),
        ("a", "UNODC hỗ trợ", "UNODC supports"),
        ("a", "UNODC cho biết", "UNDOC said"),
        ("b", "UNODC cho biết", "UNODC said"),  # another document: consistent on its own
    ])
    report = run_variance([tmx], glossary=G)
    found = [(f.document, f.found, f.variant_class) for f in report.findings if f.check == "target.inconsistent-in-document"]
    assert found == [("a", "UNDOC", "misspelling")]


CORPUS_CHECKS = {"target.inconsistent-in-document"}
# named only from the corpus's word alignment, which one pair cannot give: tests/variance/test_real_checks.py
EVIDENCE_CHECKS = {"term.extended"}


def test_table_covers_every_check_and_class() -> None:
    checks = {c for *_, expected in CASES for c, _, _ in expected} | CORPUS_CHECKS | EVIDENCE_CHECKS
    assert checks == {c.id for c in all_checks()}
    classes = {cls for *_, expected in CASES for _, _, cls in expected if cls is not None}
    assert classes == set(VariantClass)


def test_same_glossary_from_yaml(tmp_path: Path) -> None:
    """The table's glossary is plain terms/ YAML: the store reads it the same."""
    loaded = load_glossary(write_glossary(tmp_path / "g.yaml", SPEC))
    assert sorted((c.id, t.text, t.status.value) for c in loaded for t in c.all_terms()) == \
        sorted((c.id, t.text, t.status.value) for c in G for t in c.all_terms())
