"""glossary.variance.findings: findings on disk, read back as they went in, in the renderers' order, counted."""
from __future__ import annotations

import os
import pickle
import random
from pathlib import Path

import pytest

from glossary.run import spill
from glossary.variance.checks import Finding, Severity
from glossary.variance.findings import FindingStore
from glossary.variance.report import ScanState

SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2, "ok": 3}  # the renderers' order before the store


def finding(n: int, *, check: str = "term.deprecated", severity: Severity = Severity.WARNING,
            segment: str | None = None, **fields) -> Finding:
    return Finding(id=f"F{n:012x}", check=check, severity=severity, message=f"message {n}",
                   segment=segment or f"doc#u{n}", document="doc", origin=f"c.tmx:{n}",
                   source=f"nguồn {n}", target=f"target {n}", **fields)


def python_order(findings: list[Finding]) -> list[Finding]:
    """What Markdown, HTML and text did: a stable sort by severity, check and segment."""
    return sorted(findings, key=lambda f: (SEVERITY_ORDER[f.severity.value], f.check, f.segment))


def mixed(count: int, seed: int = 3) -> list[Finding]:
    """Findings with many ties (same severity, check and segment) and non-ASCII segments."""
    rng = random.Random(seed)
    checks = ["term.forbidden", "term.deprecated", "figure.lost", "target.inconsistent-in-document"]
    segments = ["doc#u1", "doc#u10", "doc#u2", "Doc#u1", "đoc#u1", "doc#é", "doc#z", "doc#\uffff", "doc#\U0001f600"]
    return [finding(n, check=rng.choice(checks), severity=rng.choice(list(Severity)), segment=rng.choice(segments))
            for n in range(count)]


def test_every_field_comes_back() -> None:
    full = finding(1, severity=Severity.ERROR, concept_id="c1", span=(0, 6), source_span=(3, 9), term="Lễ mở ký",
                   found="Opening Ceremony", expected="signing ceremony", variant_class="lexical")
    empty_span = finding(2, span=(0, 0))  # a span at the start is still a span
    bare = finding(3)
    store = FindingStore([full, empty_span, bare])
    assert list(store) == [full, empty_span, bare]
    assert list(store)[0].severity is Severity.ERROR


def test_insertion_order_across_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(spill, "BATCH_ROWS", 7)
    findings = mixed(60)
    store = FindingStore()
    for f in findings:
        store.append(f)
    assert len(store) == 60
    assert list(store) == findings


def test_ordered_is_the_stable_python_sort() -> None:
    findings = mixed(400)
    store = FindingStore(findings)
    assert [f.id for f in store.ordered()] == [f.id for f in python_order(findings)]
    assert [f.id for f in store.ordered(25)] == [f.id for f in python_order(findings)[:25]]
    assert list(store.ordered(0)) == []


def test_counts_and_severity_threshold() -> None:
    findings = mixed(300, seed=5)
    store = FindingStore(findings)
    by_severity: dict[str, int] = {}
    by_check: dict[str, int] = {}
    for f in findings:
        by_severity[f.severity.value] = by_severity.get(f.severity.value, 0) + 1
        by_check[f.check] = by_check.get(f.check, 0) + 1
    assert store.counts("severity") == by_severity
    assert store.counts("check_id") == by_check
    for level in Severity:
        assert store.any_at_least(level) == any(f.severity.at_least(level) for f in findings)
    infos = FindingStore([finding(1, severity=Severity.INFO)])
    assert infos.any_at_least(Severity.INFO) and not infos.any_at_least(Severity.WARNING)
    with pytest.raises(ValueError):
        store.counts("message; DROP TABLE rows")


def test_without_drops_known_ids_and_keeps_order() -> None:
    findings = mixed(120)
    store = FindingStore(findings)
    known = {f.id for f in findings[::3]} | {"F-not-in-the-report"}
    kept = store.without(known)
    assert list(kept) == [f for f in findings if f.id not in known]
    assert len(store) == 120  # the original is left as it was
    assert len(store.without({f.id for f in findings})) == 0


def test_merge_appends_a_later_part_after_ours() -> None:
    findings = mixed(90)
    first, later, empty = FindingStore(findings[:40]), FindingStore(findings[40:]), FindingStore()
    first.merge(empty)
    first.merge(later)
    assert list(first) == findings
    assert list(later) == findings[40:]  # the later part keeps its own
    into_empty = FindingStore()
    into_empty.merge(FindingStore(findings[:5]))
    assert list(into_empty) == findings[:5]


def test_indexing_and_slices() -> None:
    findings = mixed(30)
    store = FindingStore(findings)
    assert store[0] == findings[0] and store[-1] == findings[-1] and store[12] == findings[12]
    assert store[3:9] == findings[3:9] and store[25:] == findings[25:] and store[-4:-1] == findings[-4:-1]
    assert store[::7] == findings[::7] and store[40:50] == []
    with pytest.raises(IndexError):
        store[30]
    with pytest.raises(IndexError):
        FindingStore()[0]


def test_an_empty_store_makes_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A partitioned scan makes a store per part; the empty ones cost nothing on disk."""
    monkeypatch.setenv(spill.TMPDIR_ENV, str(tmp_path))
    store = FindingStore()
    assert (len(store), list(store), list(store.ordered()), store.counts("severity")) == (0, [], [], {})
    assert not store.any_at_least(Severity.INFO) and not store
    assert os.listdir(tmp_path) == []
    store.append(finding(1))
    assert len(os.listdir(tmp_path)) == 1
    store.close()
    assert os.listdir(tmp_path) == [] and len(store) == 0


@pytest.mark.parametrize("portable", [False, True])
def test_pickle_carries_the_findings(portable: bool) -> None:
    findings = mixed(50)
    store = FindingStore(findings, portable=portable)
    copy = pickle.loads(pickle.dumps(store))
    assert list(copy) == findings
    copy.append(finding(99))
    assert len(copy) == 51 and copy[-1] == finding(99)
    assert list(pickle.loads(pickle.dumps(FindingStore()))) == []


def test_a_pickled_scan_state_carries_its_findings_and_merges() -> None:
    """What a --jobs worker sends back: the state with its store, merged in order."""
    findings = mixed(40)
    parts = []
    for start in (0, 15, 30):
        state = ScanState()
        state.findings.extend(findings[start:start + 15])
        parts.append(pickle.loads(pickle.dumps(state)))
    whole = ScanState()
    for part in parts:
        whole.merge(part)
    assert list(whole.findings) == findings


def test_longest_values_are_those_the_text_report_prints() -> None:
    findings = [finding(1, segment="news/a.tmx#u12"), finding(2, segment="x#y#abcdefghij", check="figure.lost"),
                finding(3, segment="nohash", severity=Severity.ERROR), finding(4, segment="đoc#ừ")]
    store = FindingStore(findings)
    labels = [f.segment.rsplit("#", 1)[-1] for f in findings]  # what the text report shows
    assert store.longest() == {"severity": max(len(f.severity.value) for f in findings),
                               "check": max(len(f.check) for f in findings), "segment": max(map(len, labels))}
    assert FindingStore().longest() == {"severity": 0, "check": 0, "segment": 0}
