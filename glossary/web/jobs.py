"""The long runs a server does in the background, one after another: the corpus index (built
on start when missing, brought up to date otherwise), the variance report and discovery.

Each job reports on its own ``glossary.progress`` reporter; the pages show the current phase,
its count and total (``/api/status``, polled by ``static/app.js``). The reports are written
atomically to the server's report folder as ``variance.json`` and ``discovery.json``: ``adopt``
reads the finding it turns into a decision from there, and names the file in the evidence,
as ``glossary adopt REPORT.json`` does.
"""
from __future__ import annotations

import tempfile
import threading
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from glossary.errors import GlossaryError
from glossary.files.atomic import atomic_write_set
from glossary.progress import Phase, Reporter
from glossary.web.config import ServeConfig
from glossary.web.reportview import ReportView
from glossary.web.state import GlossaryState

INDEX, VARIANCE, DISCOVERY = "index", "variance", "discovery"


class JobProgress(Reporter):
    """Keeps the current phase's counts where a request can read them."""

    def __init__(self) -> None:
        super().__init__(interval=0.2)
        self.now: dict[str, Any] = {}

    def show(self, phase: Phase) -> None:
        self.now = {"phase": phase.name, "done": phase.done, "total": phase.total, "unit": phase.unit,
                    "items": phase.items, "item_unit": phase.item_unit}


@dataclass(slots=True)
class Job:
    name: str
    state: str = "waiting"  # waiting, running, done, failed, off
    error: str | None = None
    progress: JobProgress = field(default_factory=JobProgress)
    started: float | None = None
    seconds: float | None = None
    runs: int = 0

    def status(self) -> dict[str, Any]:
        now = dict(self.progress.now) if self.state == "running" else {}
        percent = None
        if now.get("total"):
            percent = max(0, min(100, round(100 * now["done"] / now["total"])))
        return {"name": self.name, "state": self.state, "error": self.error, "phase": now.get("phase"),
                "done": now.get("done"), "total": now.get("total"), "unit": now.get("unit"),
                "items": now.get("items"), "item_unit": now.get("item_unit"), "percent": percent,
                "seconds": round(self.seconds, 2) if self.seconds is not None else None, "runs": self.runs}


class Jobs:
    """The background runs and what they made (the index path, the report view, the discovery report)."""

    def __init__(self, config: ServeConfig, glossary: GlossaryState) -> None:
        self.config = config
        self.glossary = glossary
        self.jobs = {name: Job(name) for name in (INDEX, VARIANCE, DISCOVERY)}
        if not config.corpora:
            for job in self.jobs.values():
                job.state, job.error = "off", "no corpus given"
        if not config.discover:
            self.jobs[DISCOVERY].state, self.jobs[DISCOVERY].error = "off", "started with --no-discover"
        self.view: ReportView | None = None
        self.discovery: Any = None  # DiscoveryReport
        self.report_fingerprint: str | None = None  # the glossary the reports were made with
        self.index_ready = False
        self._scratch = tempfile.TemporaryDirectory(prefix="glossary-serve-")
        self._wanted = threading.Event()
        self._queue: list[str] = []
        self._queue_lock = threading.Lock()
        self._idle = threading.Event()
        self._idle.set()
        self._thread: threading.Thread | None = None

    @property
    def variance_path(self) -> Path:
        return self.config.reports / "variance.json"

    @property
    def discovery_path(self) -> Path:
        return self.config.reports / "discovery.json"

    # -- running ---------------------------------------------------------------------------
    def start(self) -> None:
        """Run every job once, in a background thread."""
        self.schedule(INDEX, VARIANCE, DISCOVERY)

    def schedule(self, *names: str) -> list[str]:
        """Queue these jobs (those that are not off and not queued already); returns the ones queued."""
        queued = []
        with self._queue_lock:
            for name in names:
                job = self.jobs[name]
                if job.state == "off" or name in self._queue:
                    continue
                if job.state != "running":
                    job.state = "waiting"
                self._queue.append(name)
                queued.append(name)
            if queued:
                self._idle.clear()
                if self._thread is None or not self._thread.is_alive():
                    self._thread = threading.Thread(target=self._work, name="glossary-serve-jobs", daemon=True)
                    self._thread.start()
        return queued

    def wait(self, timeout: float | None = None) -> bool:
        """Until no job is queued or running; False on time-out."""
        return self._idle.wait(timeout)

    def busy(self) -> bool:
        return not self._idle.is_set()

    def _work(self) -> None:
        while True:
            with self._queue_lock:
                if not self._queue:
                    self._idle.set()
                    return
                name = self._queue.pop(0)
            self._run(self.jobs[name], getattr(self, f"_{name}"))

    def _run(self, job: Job, body: Callable[[JobProgress], None]) -> None:
        job.state, job.error, job.progress = "running", None, JobProgress()
        job.started = time.monotonic()
        try:
            body(job.progress)
        except GlossaryError as error:
            job.state, job.error = "failed", str(error)
        except Exception as error:  # a bug: said on the page and on stderr, the server goes on
            traceback.print_exc()
            job.state, job.error = "failed", f"internal error: {type(error).__name__}: {error}"
        else:
            job.state = "done"
        finally:
            job.progress.close()
            job.seconds = time.monotonic() - job.started
            job.runs += 1

    # -- the jobs ----------------------------------------------------------------------------
    def _index(self, progress: JobProgress) -> None:
        from glossary.search.concordance import CorpusIndex

        with CorpusIndex.open(self.config.index, create=True) as index:
            index.update(self.config.corpora, options=self.config.options, progress=progress)
        self.index_ready = True

    def _variance(self, progress: JobProgress) -> None:
        from glossary.render.json_report import write_json
        from glossary.variance.report import run_variance

        snapshot = self.glossary.current()
        report = run_variance(self.config.corpora, glossary=snapshot.glossary, glossary_path=str(self.glossary.root),
                              options=self.config.options, progress=progress, profile=self.config.profile)
        if not report.summary.segments:
            raise GlossaryError("no aligned pair was read from the corpus")
        with atomic_write_set() as files, files.open(self.variance_path) as out:
            write_json(report, out, progress=progress, phase=f"writing {self.variance_path}")
        progress.phase("preparing the report's pages", total=len(report.findings), unit="findings")
        view = ReportView(report, Path(self._scratch.name), fingerprint=snapshot.fingerprint, progress=progress)
        report.findings.close()  # the view holds its own copy, indexed for the pages
        old, self.view = self.view, view
        self.report_fingerprint = snapshot.fingerprint
        if old is not None:
            old.close()

    def _discovery(self, progress: JobProgress) -> None:
        from glossary.corpora.formats.base import read_corpus
        from glossary.discovery import discover
        from glossary.render.discovery import render

        glossary = self.glossary.current().glossary
        options = self.config.options
        report = discover(read_corpus(self.config.corpora, options, progress=progress),
                          source_lang=options.source_lang, target_lang=options.target_lang,
                          glossary=glossary if len(glossary) else None,
                          inputs=[str(p) for p in self.config.corpora], progress=progress)
        with atomic_write_set() as files, files.open(self.discovery_path) as out:
            out.write(render(report, "json"))
        self.discovery = report

    def close(self) -> None:
        if self.view is not None:
            self.view.close()
        self._scratch.cleanup()

    def status(self) -> dict[str, Any]:
        snapshot = self.glossary.current()
        made_with = self.report_fingerprint
        return {"busy": self.busy(), "jobs": {name: job.status() for name, job in self.jobs.items()},
                "glossary": snapshot.fingerprint, "edits": self.glossary.edits,
                "reports_stale": made_with is not None and made_with != snapshot.fingerprint,
                "problems": list(snapshot.problems)}
