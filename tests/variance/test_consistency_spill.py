"""Consistency tallies and per-document forms kept on disk: bounded examples, exact numbers,
documents that come back, and parts merged or pickled as one pass would give."""
from __future__ import annotations

import csv
import io
import pickle
import random

import pytest

from benchmarks.synth import iter_pairs, make_concepts
from glossary.corpora.segments import Segment
from glossary.model import Glossary
from glossary.render.csv_report import render_renderings_csv
from glossary.render.json_report import report_to_dict
from glossary.variance.checks import all_checks
from glossary.variance.checks.context import Assessor
from glossary.variance.consistency import EXAMPLES, ConsistencyTracker, CorpusContext, DocumentForms
from glossary.variance.report import ScanState, finish_report, scan_pairs

from .helpers import glossary, segment

G = glossary({
    "ceremony": {"vi": ["Lễ mở ký"], "en": ["signing ceremony", ("Opening Ceremony", "deprecated")]},
    "unodc": {"vi": ["Văn phòng Liên hợp quốc về Ma túy và Tội phạm"],
              "en": ["United Nations Office on Drugs and Crime", ("UNODC", "admitted", "acronym"),
                     ("UNDOC", "forbidden", "variant")]},
})
SIGNING = ("Lễ mở ký diễn ra", "The signing ceremony took place")
OPENING = ("Lễ mở ký diễn ra", "The Opening Ceremony took place")


def _segments(rows: list[tuple[str, str, str]]) -> list[Segment]:
    """(document, source, target) rows as segments with unit ids in corpus order."""
    return [segment(source, target, unit=f"u{i}", document=document)
            for i, (document, source, target) in enumerate(rows, start=1)]


def _scan(segments: list[Segment], glossary: Glossary = G, assessor: Assessor | None = None) -> ScanState:
    return scan_pairs(segments, ScanState(), assessor=assessor or Assessor(glossary))


def _report(state: ScanState, glossary: Glossary = G, assessor: Assessor | None = None):
    from glossary.corpora.formats.base import ReadOptions

    return finish_report(state, glossary=glossary, glossary_path="", paths=[], options=ReadOptions(),
                         assessor=assessor or Assessor(glossary), fold_source=False, fold_target=True, guess=True)


def _concept(report, concept_id: str):
    return next(c for c in report.concepts if c.concept_id == concept_id)


def _inconsistent_forms(state: ScanState) -> list:
    check = next(c for c in all_checks() if c.id == "target.inconsistent-in-document")
    return list(check.run(CorpusContext(state.forms)))


# -- examples are bounded, numbers are not -----------------------------------------------------
def test_a_rendering_lists_its_first_segments_and_documents_and_counts_them_all() -> None:
    documents = [f"d{n:02d}" for n in range(30, 0, -1)]  # corpus order is the reverse of sorted order
    rows = [(document, *SIGNING) for document in documents for _ in range(2)]
    segments = _segments(rows)
    report = _report(_scan(segments))
    (rendering,) = _concept(report, "ceremony").renderings
    assert rendering.count == len(rows)
    assert rendering.segments == [s.key for s in segments[:EXAMPLES]]
    first = list(dict.fromkeys(documents))[:EXAMPLES]
    assert rendering.documents == sorted(first) and rendering.documents != sorted(documents)[:EXAMPLES]
    assert rendering.document_count == len(documents)
    data = report_to_dict(report)["concepts"][0]["renderings"][0]
    assert (len(data["segments"]), data["document_count"]) == (EXAMPLES, len(documents))


def test_the_renderings_csv_says_how_many_examples_it_left_out() -> None:
    rows = [(f"d{n}", *SIGNING) for n in range(EXAMPLES + 5)]
    report = _report(_scan(_segments(rows)))
    (row,) = list(csv.DictReader(io.StringIO(render_renderings_csv(report))))
    assert row["segments"].endswith(" … and 5 more") and row["documents"].endswith(" … and 5 more")
    assert len(row["segments"].split(" … ")[0].split()) == EXAMPLES


def test_few_occurrences_are_listed_whole_without_a_more_note() -> None:
    segments = _segments([("a", *SIGNING), ("b", *SIGNING)])
    (row,) = list(csv.DictReader(io.StringIO(render_renderings_csv(_report(_scan(segments))))))
    assert (row["segments"], row["documents"]) == (f"{segments[0].key} {segments[1].key}", "a b")


def test_concept_documents_table_keeps_only_documents_not_fully_consistent() -> None:
    rows = [("a", *SIGNING), ("a", *SIGNING), ("b", *SIGNING), ("b", *OPENING), ("c", *OPENING)]
    report = _report(_scan(_segments(rows)))
    concept = _concept(report, "ceremony")
    assert concept.documents == {"b": (1, 2), "c": (0, 1)}
    # the per-document scores still cover every document
    assert {d.document: (d.consistent, d.occurrences) for d in report.documents} == \
        {"a": (2, 2), "b": (1, 2), "c": (0, 1)}


# -- documents that come back -------------------------------------------------------------------
def test_a_document_that_comes_back_is_tallied_as_one() -> None:
    rows = [("a", *SIGNING), ("b", *SIGNING), ("a", *OPENING), ("b", *SIGNING), ("a", *SIGNING)]
    report = _report(_scan(_segments(rows)))
    assert {d.document: (d.concepts, d.consistent, d.occurrences) for d in report.documents} == \
        {"a": (1, 2, 3), "b": (1, 2, 2)}
    assert _concept(report, "ceremony").documents == {"a": (2, 3)}
    assert [(r.text, r.documents, r.document_count) for r in _concept(report, "ceremony").renderings] == \
        [("signing ceremony", ["a", "b"], 2), ("Opening Ceremony", ["a"], 1)]


UNODC_ROWS = [
    ("a", "Văn phòng Liên hợp quốc về Ma túy và Tội phạm hỗ trợ", "UNDOC supports"),
    ("b", "Văn phòng Liên hợp quốc về Ma túy và Tội phạm hỗ trợ", "UNODC supports"),
    ("a", "Văn phòng Liên hợp quốc về Ma túy và Tội phạm cho biết", "UNODC said"),
    ("b", "Văn phòng Liên hợp quốc về Ma túy và Tội phạm hỗ trợ", "UNODC supports"),
    ("a", "Văn phòng Liên hợp quốc về Ma túy và Tội phạm cho biết", "UNODC said"),
]


def test_forms_of_a_document_that_comes_back_are_summed_with_first_sighting_kept() -> None:
    segments = _segments(UNODC_ROWS)
    state = _scan(segments)
    groups = {key: {text: (seen.count, seen.segment) for text, seen in forms.items()}
              for key, forms in state.forms.groups()}
    assert groups[("a", "unodc", "abbreviated")] == {"UNDOC": (1, segments[0].key), "UNODC": (2, segments[2].key)}
    assert groups[("b", "unodc", "abbreviated")] == {"UNODC": (2, segments[1].key)}
    (finding,) = _inconsistent_forms(state)
    assert (finding.document, finding.found, finding.expected, finding.segment) == ("a", "UNDOC", "UNODC", segments[0].key)


def test_a_tie_between_forms_goes_to_the_first_seen_even_across_a_return() -> None:
    rows = [UNODC_ROWS[0], UNODC_ROWS[1], UNODC_ROWS[2]]  # a: UNDOC, then b, then a: UNODC (one each)
    (finding,) = _inconsistent_forms(_scan(_segments(rows)))
    assert (finding.expected, finding.found) == ("UNDOC", "UNODC")
    assert [key for key, _ in _scan(_segments(rows)).forms.groups(min_forms=2)] == [("a", "unodc", "abbreviated")]


# -- parts merged and pickled give one pass ------------------------------------------------------
@pytest.fixture(scope="module")
def synth() -> tuple[Glossary, list[Segment]]:
    """200 terms, 600 pairs in short documents that interleave and come back."""
    concepts = make_concepts(200, seed=3)
    rng = random.Random(5)
    segments = []
    for number, (unit, source, target, _) in enumerate(iter_pairs(concepts, 600, seed=4, variant_rate=0.35)):
        document = f"doc{(number // 4) % 9}" if number % 50 < 40 else f"doc{rng.randrange(30)}"
        segments.append(segment(source, target, unit=unit, document=document))
    return Glossary(concepts=concepts, fingerprint="1" * 64), segments


def _everything(state: ScanState, glossary: Glossary, assessor: Assessor):
    report = _report(state, glossary, assessor)
    return report_to_dict(report), [f.id for f in report.findings]


def _in_parts(segments: list[Segment], cuts: list[int], assessor: Assessor, *, pickled: bool) -> ScanState:
    merged = ScanState()
    for start, end in zip([0] + cuts, cuts + [len(segments)]):
        part = scan_pairs(segments[start:end], ScanState(), assessor=assessor)
        merged.merge(pickle.loads(pickle.dumps(part)) if pickled else part)
    return merged


@pytest.mark.parametrize("pickled", [False, True])
def test_parts_cut_inside_documents_merge_to_one_pass(synth, pickled: bool) -> None:
    glossary, segments = synth
    assessor = Assessor(glossary)
    one = _everything(_scan(segments, assessor=assessor), glossary, assessor)
    # cuts inside runs of one document (every 4 pairs a new document starts) and at a run's edge
    cuts = [1, 2, 130, 131, 302, 400, 599]
    assert segments[129].document == segments[130].document  # a document cut between two parts
    parts = _everything(_in_parts(segments, cuts, assessor, pickled=pickled), glossary, assessor)
    assert one[0]["concepts"] and one[0]["documents"] and one[1]
    assert parts == one


def test_the_numbers_do_not_depend_on_documents_being_contiguous(synth) -> None:
    glossary, segments = synth
    assessor = Assessor(glossary)
    grouped = sorted(segments, key=lambda s: s.document)  # each document's pairs together, same order within
    mixed, together = (_report(_scan(s, assessor=assessor), glossary, assessor) for s in (segments, grouped))
    assert len({s.document for s in segments}) < sum(1 for a, b in zip(segments, segments[1:]) if a.document != b.document)

    def numbers(report):
        return ([(d.document, d.concepts, d.occurrences, d.consistent, d.micro, round(d.macro, 12))
                 for d in report.documents],
                {c.concept_id: (c.occurrences, c.consistent, c.documents,
                                sorted((r.text or "", r.count, r.document_count) for r in c.renderings))
                 for c in report.concepts})

    assert numbers(mixed) == numbers(together)
    forms = [{key: {t: s.count for t, s in f.items()} for key, f in state.forms.groups()}
             for state in (_scan(segments, assessor=assessor), _scan(grouped, assessor=assessor))]
    assert forms[0] == forms[1] and any(len(f) > 1 for f in forms[0].values())


def test_a_pickled_tracker_and_forms_carry_the_current_document() -> None:
    assessor = Assessor(G)
    tracker, forms = ConsistencyTracker(), DocumentForms()
    for seg in _segments(UNODC_ROWS):
        ctx = assessor.assess(seg)
        tracker.add(ctx)
        forms.add(ctx)
    tracker, forms = pickle.loads(pickle.dumps(tracker)), pickle.loads(pickle.dumps(forms))
    state = ScanState(tracker=tracker, forms=forms)
    report = _report(state)
    assert {d.document: d.occurrences for d in report.documents} == {"a": 3, "b": 2}
    assert [f.found for f in _inconsistent_forms(state)] == ["UNDOC"]
