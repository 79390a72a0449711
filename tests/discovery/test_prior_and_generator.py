"""The glossary as a prior, and the labelled generator the benchmark relies on."""
from __future__ import annotations

from benchmarks.discovery_quality import evaluate
from benchmarks.gen_variants import generate
from glossary.discovery import discover
from glossary.model import Concept, Glossary, Status, Term

from .helpers import corpus

PAIRS = [
    ("Bộ Công an họp về dữ liệu.", "The Ministry of Public Security met on data."),
    ("Bộ Công an cảnh báo người dân.", "The Ministry of Public Security warned citizens."),
    ("Bộ Công an bắt nhóm lừa đảo.", "The Ministry of Police arrested a gang."),
    ("Người dân tin Bộ Công an.", "Citizens trust the Ministry of Police."),
    ("Doanh nghiệp gặp Bộ Công an.", "Businesses met the Ministry of Police."),
    ("Người dân họp về dữ liệu.", "Citizens met on data."),  # the term is absent from these ("Doanh nghiệp cảnh báo người dân.", "Businesses warned citizens."),
    ("Nhóm lừa đảo bị bắt.", "A gang was arrested."), ("Người dân tin doanh nghiệp.", "Citizens trust businesses."),
    ("Dữ liệu của doanh nghiệp.", "The data of businesses."), ("Người dân gặp nhóm.", "Citizens met the group."),
]


WHEN = [("hôm nay", "today"), ("tuần này", "this week"), ("năm ngoái", "last year")]
PAIRS = [(vi[:-1] + f" {w_vi}.", en[:-1] + f" {w_en}.") for vi, en in PAIRS for w_vi, w_en in WHEN]


def test_without_a_glossary_the_most_used_rendering_is_proposed() -> None:
    report = discover(corpus(PAIRS))
    group = next(g for g in report.groups if g.source_term == "Bộ Công an")
    assert group.canonical == "Ministry of Police" and group.concept is None


def test_the_glossary_prior_proposes_its_preferred_term_and_names_the_concept() -> None:
    glossary = Glossary(concepts=[Concept(id="mps", terms={
        "vi": [Term("Bộ Công an", "vi")],
        "en": [Term("Ministry of Public Security", "en"), Term("Ministry of Police", "en", status=Status.DEPRECATED)]})])
    report = discover(corpus(PAIRS), glossary=glossary)
    group = next(g for g in report.groups if g.source_term == "Bộ Công an")
    assert group.canonical == "Ministry of Public Security" and group.concept == "mps"
    assert "glossary" in group.canonical_evidence and report.glossary["concepts"] == 1


def test_generator_is_deterministic_and_labels_what_it_injected() -> None:
    a, b = generate("en-vi", pairs=300, seed=3), generate("en-vi", pairs=300, seed=3)
    assert a.tmx() == b.tmx() and len(a.segments) >= 300
    assert any(s.source_id == t.source_id for s, t in zip(a.segments, a.segments[1:]))  # shared renderings
    for label in a.labels:
        assert label.canonical in label.counts and len(label.counts) >= 2
        assert all(form in label.counts for form in label.variants)
    assert generate("en-vi", pairs=300, seed=4).tmx() != a.tmx()


def test_benchmark_scoring_counts_hits_and_false_groups() -> None:
    gen = generate("vi-en", pairs=600, seed=5)
    figures = evaluate(gen, discover(gen.segments))
    assert 0 < figures["recall"] <= 1 and 0 < figures["precision"] <= 1
    empty = evaluate(gen, type("R", (), {"groups": []})())
    assert empty["recall"] == 0 and empty["groups"] == 0
