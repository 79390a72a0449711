"""The variance report as the report page pages through it.

The report's findings live in a ``FindingStore`` (SQLite on disk, in the renderers' order);
the page filters them by severity, check, document and concept and shows one page at a
time, so a report of a 1,000,000-pair corpus answers each page from indexes. The findings
are copied once, in the renderers' order (``FindingStore.ordered``), into a table of the
server's own with a position and an index per filter; a page is then an indexed range read
(``WHERE ... ORDER BY pos LIMIT ... OFFSET ...``) and a count. The concepts, documents and
summary are the report's own objects.
"""
from __future__ import annotations

import sqlite3
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from glossary.progress import NO_PROGRESS, Progress
from glossary.variance.consistency import ConceptConsistency
from glossary.variance.report import VarianceReport

PAGE_SIZE = 50
SEVERITIES = ("error", "warning", "info")
_FILTERS = ("severity", "check_id", "document", "concept_id")
_BATCH = 5000


@dataclass(frozen=True, slots=True)
class FindingPage:
    findings: list[dict[str, Any]]  # finding_to_dict's shape
    total: int  # findings that pass the filters
    page: int
    pages: int
    size: int


class ReportView:
    def __init__(self, report: VarianceReport, scratch: Path, *, fingerprint: str,
                 progress: Progress = NO_PROGRESS) -> None:
        self.report = report
        self.summary = report.summary
        self.fingerprint = fingerprint  # the glossary the report was made with
        self.concepts = report.concepts
        self._by_concept = {c.concept_id: c for c in report.concepts}
        self._directory = tempfile.mkdtemp(prefix="report-view-", dir=scratch)
        self._db = sqlite3.connect(Path(self._directory) / "findings.sqlite", check_same_thread=False)
        self._lock = threading.Lock()
        self._db.execute("PRAGMA journal_mode=OFF")
        self._db.execute("PRAGMA synchronous=OFF")
        self._db.execute("CREATE TABLE findings (pos INTEGER PRIMARY KEY, id, check_id, severity, message, segment, "
                         "document, origin, source, target, concept_id, span_start, span_end, source_start, "
                         "source_end, term, found, expected, class)")
        batch: list[tuple] = []
        for finding in report.findings.ordered():
            span, source_span = finding.span or (None, None), finding.source_span or (None, None)
            batch.append((finding.id, finding.check, finding.severity.value, finding.message, finding.segment,
                          finding.document, finding.origin, finding.source, finding.target, finding.concept_id,
                          span[0], span[1], source_span[0], source_span[1], finding.term, finding.found,
                          finding.expected, finding.variant_class))
            if len(batch) >= _BATCH:
                self._insert(batch, progress)
        self._insert(batch, progress)
        for column in _FILTERS:  # a filter, then the position: each page is a range of one index
            self._db.execute(f"CREATE INDEX findings_{column} ON findings({column}, pos)")
        self._db.commit()
        self.checks = {c["id"]: c for c in report.checks}
        self.documents = sorted(d.document for d in report.documents)
        self.finding_concepts = [row[0] for row in self._db.execute(
            "SELECT DISTINCT concept_id FROM findings WHERE concept_id IS NOT NULL ORDER BY concept_id")]
        self.finding_documents = [row[0] for row in self._db.execute(
            "SELECT DISTINCT document FROM findings ORDER BY document")]

    def _insert(self, batch: list[tuple], progress: Progress) -> None:
        if batch:
            self._db.executemany("INSERT INTO findings (id, check_id, severity, message, segment, document, origin, "
                                 "source, target, concept_id, span_start, span_end, source_start, source_end, term, "
                                 f"found, expected, class) VALUES ({', '.join('?' * 18)})",
                                 batch)
            progress.advance(len(batch))
            batch.clear()

    def close(self) -> None:
        with self._lock:
            self._db.close()
        import shutil

        shutil.rmtree(self._directory, ignore_errors=True)

    # -- findings ----------------------------------------------------------------------------
    def page(self, *, severity: str | None = None, check: str | None = None, document: str | None = None,
             concept: str | None = None, page: int = 1, size: int = PAGE_SIZE) -> FindingPage:
        clauses, params = [], []
        for column, value in (("severity", severity), ("check_id", check), ("document", document),
                              ("concept_id", concept)):
            if value:
                clauses.append(f"{column} = ?")
                params.append(value)
        where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
        with self._lock:
            total = self._db.execute(f"SELECT COUNT(*) FROM findings{where}", params).fetchone()[0]
            pages = max(1, -(-total // size))
            page = max(1, min(page, pages))
            rows = self._db.execute(
                f"SELECT id, check_id, severity, message, segment, document, origin, source, target, concept_id, "
                f"span_start, span_end, source_start, source_end, term, found, expected, class FROM findings{where} "
                f"ORDER BY pos LIMIT ? OFFSET ?", [*params, size, (page - 1) * size]).fetchall()
        return FindingPage([_finding(row) for row in rows], total, page, pages, size)

    # -- concepts -----------------------------------------------------------------------------
    def concept(self, concept_id: str) -> ConceptConsistency | None:
        return self._by_concept.get(concept_id)

    def decisions_first(self) -> list[ConceptConsistency]:
        """The concepts that need a decision first: those whose renderings the glossary does not list
        (most occurrences first), then the rest from the least consistent (the report's order)."""
        def unlisted(concept: ConceptConsistency) -> int:
            return sum(r.count for r in concept.renderings if r.status == "unlisted" and r.text)

        need = sorted((c for c in self.concepts if unlisted(c)), key=lambda c: (-unlisted(c), c.consistency,
                                                                                  c.concept_id))
        rest = [c for c in self.concepts if not unlisted(c) and c.fix != "none"]
        return need + rest

    def unlisted(self) -> list[ConceptConsistency]:
        return [c for c in self.decisions_first() if any(r.status == "unlisted" and r.text for r in c.renderings)]


def _finding(row: tuple) -> dict[str, Any]:
    (id_, check, severity, message, segment, document, origin, source, target, concept_id, span_start, span_end,
     source_start, source_end, term, found, expected, cls) = row
    """A finding in ``render.json_report.finding_to_dict``'s shape."""
    return {"id": id_, "check": check, "severity": severity, "message": message, "segment": segment,
            "document": document, "origin": origin, "source": source, "target": target, "concept_id": concept_id,
            "span": [span_start, span_end] if span_start is not None else None,
            "source_span": [source_start, source_end] if source_start is not None else None,
            "term": term, "found": found, "expected": expected, "class": cls}

