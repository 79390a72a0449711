"""The settings block and the signature state the corpus evidence a run had and the spelling and
alignment thresholds, from the values the code uses."""
from __future__ import annotations

from pathlib import Path

import pytest

from glossary.store.load import load_glossary
from glossary.variance import evidence as evidence_module
from glossary.variance import report as report_module
from glossary.variance import spelling
from glossary.variance.dictionary import dictionary_file
from glossary.variance.report import run_variance

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def bundled():
    return run_variance([str(ROOT / "corpora")], glossary=load_glossary(ROOT / "terms"), glossary_path="terms")


def test_the_thresholds_are_the_modules_values(bundled, monkeypatch) -> None:
    thresholds = bundled.settings.thresholds
    assert thresholds["misspelling_max_pairs_however_rare"] == spelling.TYPO_PAIRS
    assert thresholds["misspelling_max_share_of_term_pairs"] == spelling.TYPO_SHARE
    assert thresholds["misspelling_word_from_pairs"] == spelling.KNOWN_PAIRS
    assert thresholds["alignment_min_distinct_pairs"] == evidence_module.MIN_ALIGN_PAIRS
    monkeypatch.setattr(spelling, "TYPO_PAIRS", spelling.TYPO_PAIRS + 7)
    assert report_module.default_thresholds()["misspelling_max_pairs_however_rare"] == spelling.TYPO_PAIRS


def test_a_small_corpus_says_it_was_not_aligned_and_names_its_dictionary(bundled) -> None:
    settings = bundled.settings
    assert f"under {evidence_module.MIN_ALIGN_PAIRS:,}" in settings.evidence
    found = dictionary_file("en")
    expected = f"dict:{found.name}" if found else "dict:none"
    assert f"evidence:noalign+{expected}" in bundled.signature
    assert (found.name if found else "no spelling dictionary") in settings.evidence


def test_no_guessing_says_so(tmp_path: Path) -> None:
    report = run_variance([str(ROOT / "corpora")], glossary=load_glossary(ROOT / "terms"), guess=False)
    assert report.settings.evidence_signature == "none" and "evidence:none" in report.signature
