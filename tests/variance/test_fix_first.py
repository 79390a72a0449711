"""The report leads with what to fix: wrong renderings ranked by use, admitted renderings counted as
consistent (the preferred share beside), concepts never rendered said so, quotes cut at words, and a
settings block made from the values the code uses."""
from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from rich.console import Console

from glossary.render.markdown import render_markdown
from glossary.render.spans import ELLIPSIS, excerpt
from glossary.render.text import render_plain_text, render_text
from glossary.store.termstore import load_glossary
from glossary.text import classify
from glossary.variance import report as report_module
from glossary.variance.consistency import FIX_TIERS
from glossary.variance.report import VarianceReport, distance_bands, run_variance

from .helpers import glossary, write_tmx

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def bundled() -> VarianceReport:
    if not (REPO / "corpora" / "hanoi-convention" / "hanoi-convention.tmx").is_file():
        pytest.skip("the bundled corpus is absent")
    return run_variance([REPO / "corpora"], glossary=load_glossary(REPO / "terms"), glossary_path="terms")


def test_bundled_first_five_concepts_hold_the_known_drift(bundled: VarianceReport) -> None:
    first = [c.concept_id for c in bundled.concepts[:5]]
    assert {"unodc", "five-accelerations", "australian-dollar"} <= set(first), first
    # and the terminal shows them in that order, first
    buffer = io.StringIO()
    render_text(bundled, Console(file=buffer, width=200, color_system=None), limit=5)
    table = buffer.getvalue().split("Concepts, what to fix first", 1)[1]
    shown = re.findall(r"^│ (\S+)", table, re.M)[:5]
    assert shown == first


def test_wrong_renderings_rank_by_how_often_they_are_used(bundled: VarianceReport) -> None:
    tiers = [c.fix for c in bundled.concepts]
    assert tiers == sorted(tiers, key=FIX_TIERS.index)
    errors = [c for c in bundled.concepts if c.fix == "error"]
    assert [c.wrong_uses for c in errors] == sorted((c.wrong_uses for c in errors), reverse=True)
    unodc = next(c for c in bundled.concepts if c.concept_id == "unodc")
    assert unodc.fix == "error" and unodc.wrong_uses == 2  # UNDOC twice
    # UNODC (admitted) counts as consistent; the preferred full form's own share is beside it
    assert (unodc.consistency, unodc.preferred_share) == (pytest.approx(2 / 4), pytest.approx(1 / 4))


def test_a_concept_never_rendered_says_so(bundled: VarianceReport) -> None:
    never = [c for c in bundled.concepts if not c.rendered]
    assert never, "the bundled corpus has a concept the target never renders"
    for c in never:
        assert c.variant_class == "missing" and c.fix == "missing" and c.consistency == 0.0
    text = render_plain_text(bundled, width=220)
    row = next(line for line in text.splitlines() if line.startswith(f"│ {never[0].concept_id} "))
    assert "never rendered" in row and "identical" not in row


TESTAMENT = "In the New Testament the words of the Secretary General of the United Nations were quoted at length"


@pytest.mark.parametrize("text, span, context, expected", [
    # the window starts inside "testament": the partial word is dropped, an ellipsis marks the cut
    (TESTAMENT, (TESTAMENT.index("Secretary"), TESTAMENT.index("Secretary") + 17), 24,
     (f"{ELLIPSIS}the words of the ", "Secretary General", f" of the United Nations{ELLIPSIS}")),
    ("short text here", (6, 10), 60, ("short ", "text", " here")),  # nothing to cut
    ("x" * 40, (20, 22), 5, (f"{ELLIPSIS}xxxxx", "xx", f"xxxxx{ELLIPSIS}")),  # one long word: cut at a character
    ("ab cd ef", None, 2, (f"ab{ELLIPSIS}", "", "")),  # no span: the start, at a word
])
def test_quotes_are_cut_at_word_boundaries_with_an_ellipsis(text, span, context, expected) -> None:
    assert excerpt(text, span, context=context) == expected


def test_no_quote_in_a_report_starts_or_ends_inside_a_word(bundled: VarianceReport) -> None:
    cut = 0
    for f in bundled.findings:
        if f.span is None:
            continue
        before, inside, after = excerpt(f.target, f.span, context=20)
        whole_before, whole_after = f.target[:f.span[0]], f.target[f.span[1]:]
        if before.startswith(ELLIPSIS):
            cut += 1
            kept = before[1:]
            assert whole_before.endswith(kept)
            start = len(whole_before) - len(kept)
            assert f.target[start - 1].isspace(), (f.target, before)
        if after.endswith(ELLIPSIS):
            cut += 1
            kept = after[:-1]
            assert whole_after.startswith(kept)
            end = f.span[1] + len(kept)
            assert f.target[end].isspace() or not f.target[end - 1].isalnum(), (f.target, after)
    assert cut > 10


# -- the settings block is the code's values ------------------------------------------------------
def test_distance_bands_are_the_matchers_own() -> None:
    bands = distance_bands()
    for length in range(1, 120):
        allowed = next(d for longest, d in bands if longest is None or length <= longest)
        assert allowed == classify._max_distance(length), length


SMALL = glossary({"unodc": {"vi": ["UNODC"], "en": ["UNODC"]}})


@pytest.fixture
def small(tmp_path: Path) -> VarianceReport:
    return run_variance([write_tmx(tmp_path / "c.tmx", [("d", "UNODC họp", "UNDOC met")])], glossary=SMALL)


def test_settings_block_and_signature_state_the_thresholds_the_code_uses(small: VarianceReport) -> None:
    thresholds = small.settings.thresholds
    assert thresholds["near_miss_min_length_mixed_case"] == classify.MIN_LEN_MIXED
    assert thresholds["near_miss_min_length_lower_case"] == classify.MIN_LEN_LOWER
    assert thresholds["near_miss_min_similarity"] == classify.MIN_SIMILARITY
    stated = [int(n) for n in re.findall(r"\d+", thresholds["near_miss_max_osa_distance"])]
    # "1 up to 10 characters, 2 up to 20, 3 beyond": every band's distance and longest length
    expected = [n for longest, d in distance_bands() for n in ((d, longest) if longest else (d,))]
    assert stated == expected
    assert classify._max_distance(expected[1]) == expected[0] and classify._max_distance(expected[1] + 1) != expected[0]
    from glossary.render.html import render_html

    page = render_html(small)
    settings = page[page.index('<table id="settings">'):]
    for key, value in thresholds.items():
        assert f"<tr><th>threshold {key}</th><td>{value}</td></tr>" in settings
    assert "8 characters" not in settings and "up to 16" not in settings  # the old hand-written string
    markdown = render_markdown(small)
    text = render_plain_text(small)
    for rendered in (markdown, text):
        assert small.signature in rendered.replace("\n", "")
    assert f"len{classify.MIN_LEN_MIXED}/{classify.MIN_LEN_LOWER}" in small.signature
    assert f"osa{expected[0]}<={expected[1]}" in small.signature


def test_the_settings_follow_a_change_in_the_code(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(classify, "_max_distance", lambda n: 1 if n <= 8 else 2 if n <= 16 else 3)
    monkeypatch.setattr(classify, "MIN_SIMILARITY", 0.75)
    report = run_variance([write_tmx(tmp_path / "c.tmx", [("d", "UNODC họp", "UNODC met")])], glossary=SMALL)
    assert report.settings.thresholds["near_miss_max_osa_distance"] == "1 up to 8 characters, 2 up to 16, 3 beyond"
    assert report.settings.thresholds["near_miss_min_similarity"] == 0.75
    assert "osa1<=8,2<=16,3+sim0.75" in report.signature
    assert report_module.default_thresholds()["near_miss_max_osa_distance"].startswith("1 up to 8 ")
