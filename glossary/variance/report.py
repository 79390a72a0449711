"""The variance report: check every aligned pair against the glossary and measure consistency.

``run_variance`` streams the corpus (``formats.read_corpus``), finds the glossary's
terms in each pair (``checks.context.Assessor``), runs every registered check,
and accumulates corpus-wide consistency (``consistency``). It returns a
``VarianceReport``: plain data that ``glossary.render`` turns into text, JSON,
CSV, Markdown or HTML. Every report carries the settings that produced it and a
one-line signature of them, as sacrebleu's scores do.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable

from glossary import __version__
from glossary.corpora.formats.base import ReadOptions, ReadStats, read_corpus
from glossary.corpora.segments import Segment
from glossary.model import Glossary
from glossary.model.langtags import base_language
from glossary.progress import Progress
from glossary.progress import resolve as resolve_progress
from glossary.text import classify
from glossary.text.normalize import nfc
from glossary.variance.checks import Check, Finding, Severity, all_checks
from glossary.variance.checks.context import Assessor
from glossary.variance.consistency import (
    ConceptConsistency,
    Conflict,
    ConsistencyTracker,
    CorpusContext,
    DocumentConsistency,
    DocumentForms,
    Scores,
    SegmentConflicts,
)
from glossary.variance import spelling
from glossary.variance.dictionary import dictionary_file
from glossary.variance.evidence import MIN_ALIGN_PAIRS, TRAIN_LIMIT, CorpusEvidence, corpus_evidence
from glossary.variance.findings import FindingStore
from glossary.variance.guess import GUESS_THRESHOLD
from glossary.variance.matching import FOLD_UNSAFE, terms_in_language
from glossary.variance.profile import DEFAULT as DEFAULT_PROFILE
from glossary.variance.profile import CheckProfile
from glossary.variance.report_ids import finding_ids

if TYPE_CHECKING:
    from glossary.run.engine import Partition

TOOL = "glossary"
NORMALISATION = "nfc+tone-placement+case+quotes+hyphen-space"
# the phases a run reports (glossary.progress): the scan reads and checks in one pass
SCAN_PHASE = "reading and checking"
FINISH_PHASE = "finishing"


_PROBED_LENGTHS = 400  # key lengths the near-miss distance bands are read over; longer keys take the last band


def distance_bands() -> list[tuple[int | None, int]]:
    """The near-miss OSA distance allowed per key length, read off the function the matcher calls
    (``classify._max_distance``), never restated by hand: (longest length, distance) per band, the
    last band open-ended (None)."""
    bands: list[tuple[int | None, int]] = []
    previous = None
    for length in range(1, _PROBED_LENGTHS + 1):
        distance = classify._max_distance(length)
        if distance != previous:
            if previous is not None:
                bands.append((length - 1, previous))
            previous = distance
    bands.append((None, previous if previous is not None else 0))
    return bands


def describe_bands(bands: list[tuple[int | None, int]]) -> str:
    """``1 up to 10 characters, 2 up to 20, 3 beyond`` for the bands ``distance_bands`` gives."""
    parts = []
    for i, (longest, distance) in enumerate(bands):
        if longest is None:
            parts.append(f"{distance} beyond" if parts else f"{distance} at any length")
        else:
            parts.append(f"{distance} up to {longest}" + (" characters" if i == 0 else ""))
    return ", ".join(parts)


def bands_signature(bands: list[tuple[int | None, int]]) -> str:
    """``osa1<=10,2<=20,3`` for the signature."""
    return "osa" + ",".join(f"{d}<={n}" if n is not None else str(d) for n, d in bands)


def default_thresholds() -> dict[str, float | str]:
    """The thresholds the run uses, read from the modules that use them (the settings block and the
    signature are made from these, so they cannot drift from the code)."""
    return {
        "near_miss_min_length_mixed_case": classify.MIN_LEN_MIXED,
        "near_miss_min_length_lower_case": classify.MIN_LEN_LOWER,
        "near_miss_min_similarity": classify.MIN_SIMILARITY,
        "near_miss_max_osa_distance": describe_bands(distance_bands()),
        "guess_min_score": GUESS_THRESHOLD,
        "alignment_min_distinct_pairs": MIN_ALIGN_PAIRS,
        "alignment_max_training_pairs": TRAIN_LIMIT,
        "misspelling_max_pairs_however_rare": spelling.TYPO_PAIRS,
        "misspelling_max_share_of_term_pairs": spelling.TYPO_SHARE,
        "misspelling_word_from_pairs": spelling.KNOWN_PAIRS,
    }


def evidence_settings(evidence: CorpusEvidence | None, target_lang: str | None) -> tuple[str, str]:
    """(what the run's corpus evidence was, its signature part): whether the word alignment ran,
    and the spelling dictionary of the target language, if this machine has one."""
    if evidence is None:
        return "none: renderings are not guessed (--no-guess)", "none"
    dictionary = dictionary_file(target_lang) if target_lang else None
    aligned = bool(evidence.aligned)
    if aligned:
        alignment = f"word alignment of {evidence.pairs:,} distinct pairs"
    elif evidence.pairs < MIN_ALIGN_PAIRS:
        alignment = f"no word alignment ({evidence.pairs:,} distinct pairs, under {MIN_ALIGN_PAIRS:,})"
    else:
        alignment = f"no word alignment (no glossary term in the {evidence.pairs:,} distinct pairs)"
    if dictionary is not None:
        spelled = f"spelling dictionary {dictionary.name} (Hunspell)"
    else:
        spelled = f"no spelling dictionary for {target_lang or 'the target'}: corpus frequencies only"
    return f"{alignment}; {spelled}", f"{'align' if aligned else 'noalign'}+dict:{dictionary.name if dictionary else 'none'}"


@dataclass(slots=True)
class VarianceSettings:
    """Everything that decides a report's content; ``signature`` is its one-line form."""

    glossary: str
    glossary_fingerprint: str
    glossary_concepts: int
    glossary_terms: int
    corpus: list[str]
    source_lang: str | None
    target_lang: str | None
    fold_source: bool = False
    fold_target: bool = True
    guess: bool = True
    normalisation: str = NORMALISATION
    thresholds: dict[str, float | str] = field(default_factory=default_thresholds)
    checks: list[str] = field(default_factory=list)
    tool_version: str = __version__
    profile: str = DEFAULT_PROFILE.summary()  # the check profile: its name, where it came from, what it changes
    profile_signature: str = DEFAULT_PROFILE.signature()
    evidence: str = "none"  # the corpus evidence the run had: word alignment, spelling dictionary
    evidence_signature: str = "none"

    def signature(self) -> str:
        folds = "+".join(side for side, on in (("src", self.fold_source), ("tgt", self.fold_target)) if on) or "none"
        return "|".join([
            f"glossary:{self.glossary_fingerprint[:12] or 'none'}",
            f"src:{self.source_lang or 'auto'}", f"tgt:{self.target_lang or 'auto'}",
            f"norm:{self.normalisation}", f"fold:{folds}",
            f"nearmiss:len{classify.MIN_LEN_MIXED}/{classify.MIN_LEN_LOWER}+{bands_signature(distance_bands())}"
            f"+sim{classify.MIN_SIMILARITY}",
            f"guess:{GUESS_THRESHOLD if self.guess else 'off'}", f"evidence:{self.evidence_signature}",
            f"checks:{len(self.checks)}", f"profile:{self.profile_signature}", f"version:{self.tool_version}",
        ])


@dataclass(slots=True)
class Summary:
    segments: int
    files: int
    documents: int
    language_pairs: list[str]
    skipped: dict[str, int]
    glossary_concepts: int
    concepts_found: int
    source_terms: int  # glossary concepts found in source segments (one per concept per pair)
    ok: int  # renderings judged fine (term.preferred): counted, not listed
    findings: dict[str, int]  # severity -> listed findings
    by_check: dict[str, int]  # check id -> listed findings
    consistency: Scores
    conflicts: dict[str, int]
    baseline: dict[str, Any] | None = None


@dataclass(slots=True)
class VarianceReport:
    settings: VarianceSettings
    summary: Summary
    concepts: list[ConceptConsistency]
    documents: list[DocumentConsistency]
    findings: FindingStore  # on disk; iterate, or ``ordered()`` for the renderers' order
    conflicts: list[Conflict]
    checks: list[dict[str, str]]
    warnings: list[str] = field(default_factory=list)
    discovered: list[dict[str, Any]] | None = None  # with --discover: drift the glossary does not cover
    tool: str = TOOL
    version: str = __version__

    @property
    def signature(self) -> str:
        return self.settings.signature()

    def fails(self, level: Severity) -> bool:
        """Is there a listed finding at ``level`` or worse (for ``--fail-on``)?"""
        return self.findings.any_at_least(level)


def _tally(findings: FindingStore) -> tuple[dict[str, int], dict[str, int]]:
    """Findings per severity (error, warning, info) and per check (by id), counted in the store."""
    severity = findings.counts("severity")
    order = [s.value for s in (Severity.ERROR, Severity.WARNING, Severity.INFO)]
    return {s: severity.get(s, 0) for s in order}, dict(sorted(findings.counts("check_id").items()))


def check_pair(segment: Segment, *, assessor: Assessor, checks: Iterable[Check] | None = None,
               profile: CheckProfile = DEFAULT_PROFILE) -> list[Finding]:
    """Every pair check the profile runs on one segment, ``ok`` verdicts included."""
    ctx = assessor.assess(segment)
    return [_graded(f, profile) for check in profile.select(checks if checks is not None else all_checks())
            if check.scope == "pair" for f in check.run(ctx)]


def _graded(finding: Finding, profile: CheckProfile) -> Finding:
    """``finding`` at the severity the profile gives its check."""
    if profile.severity:
        finding.severity = profile.grade(finding.check, finding.severity)
    return finding


@dataclass(slots=True)
class ScanState:
    """What a scan of some pairs accumulates; ``merge`` appends a later part of the corpus,
    so parts scanned apart (``--jobs``, Dask) give what one pass over them would."""

    stats: ReadStats = field(default_factory=ReadStats)
    tracker: ConsistencyTracker = field(default_factory=ConsistencyTracker)
    forms: DocumentForms = field(default_factory=DocumentForms)
    conflicts: SegmentConflicts = field(default_factory=SegmentConflicts)
    findings: FindingStore = field(default_factory=FindingStore)
    ok: int = 0
    source_terms: int = 0

    def merge(self, later: "ScanState") -> None:
        self.stats.merge(later.stats)
        self.tracker.merge(later.tracker)
        self.forms.merge(later.forms)
        self.conflicts.merge(later.conflicts)
        self.findings.merge(later.findings)
        self.ok += later.ok
        self.source_terms += later.source_terms


def new_assessor(glossary: Glossary, *, fold_source: bool = False, fold_target: bool = True,
                 guess: bool = True, evidence: CorpusEvidence | None = None) -> Assessor:
    return Assessor(glossary, fold_source=fold_source, fold_target=fold_target, guess=guess, evidence=evidence)


def scan_pairs(segments: Iterable[Segment], state: ScanState, *, assessor: Assessor,
               profile: CheckProfile = DEFAULT_PROFILE) -> ScanState:
    """Check each pair with the checks ``profile`` runs, at its severities, and add it to ``state``
    (reading counts go to ``state.stats`` by the reader, and so does reading progress:
    ``read_corpus(..., progress=...)``)."""
    pair_checks = [c for c in profile.select(all_checks()) if c.scope == "pair"]
    # ok verdicts are only counted, never listed: their checks count without building findings
    counted = [c for c in pair_checks if c.severity is Severity.OK]
    listed = [c for c in pair_checks if c.severity is not Severity.OK]
    findings = state.findings
    tracker, forms, conflicts = state.tracker, state.forms, state.conflicts
    ok = source_terms = 0
    for segment in segments:
        ctx = assessor.assess(segment)
        source_terms += len(ctx.occurrences)
        for check in counted:
            ok += check.count(ctx)
        for check in listed:
            for finding in check.run(ctx):
                if finding.severity is Severity.OK:
                    ok += 1
                else:
                    findings.append(_graded(finding, profile))
        tracker.add(ctx)
        forms.add(ctx)
        conflicts.add(ctx)
    state.ok += ok
    state.source_terms += source_terms
    return state


def run_variance(paths: Iterable[str | Path], *, glossary: Glossary, glossary_path: str = "",
                 options: ReadOptions | None = None, progress: Progress | Callable[[int], Any] | None = None,
                 fold_source: bool = False, fold_target: bool = True, guess: bool = True,
                 jobs: int = 1, engine: str = "local", scheduler: str | None = None,
                 split_bytes: int | None = None, discover: bool = False,
                 profile: CheckProfile = DEFAULT_PROFILE) -> VarianceReport:
    """Check every pair of the corpus at ``paths`` against ``glossary``; see the module docstring.

    ``jobs`` > 1 scans parts of the corpus in that many local processes, ``engine="dask"``
    (or a ``scheduler`` address) on a Dask cluster (``glossary.run.engine``); the report is the
    same as one pass in this process. ``profile`` (``variance.profile``) says which checks run and at
    what severity; the report's settings and signature name it. ``discover`` also runs discovery (``glossary.discovery``)
    over the corpus with the glossary as prior and adds the variant groups that no glossary
    concept covers: drift the glossary does not know about yet.

    ``progress`` (``glossary.progress``; default: the one made active with ``with``) gets the
    phases ``SCAN_PHASE`` (in bytes of the corpus, pairs beside them; with ``jobs`` moved on per
    partition), then ``FINISH_PHASE`` (in steps), then with ``discover`` discovery's phases.
    Writing the report is the caller's: the writers in ``glossary.render`` take ``progress`` too.
    """
    paths = [str(p) for p in paths]
    options = options or ReadOptions()
    progress = resolve_progress(progress)
    assessor = new_assessor(glossary, fold_source=fold_source, fold_target=fold_target, guess=guess)
    if guess:  # the alignment and form counts name renderings and tell misspellings from words
        assessor.evidence = corpus_evidence(paths, options, glossary, assessor.forms_in, progress=progress)
    if jobs <= 1 and engine == "local" and scheduler is None:
        state = ScanState()
        scan_pairs(read_corpus(paths, options, state.stats, progress=progress, phase=SCAN_PHASE), state,
                   assessor=assessor, profile=profile)
    else:
        from glossary.run.engine import run_partitions  # only the parallel path needs it
        task = VarianceTask(glossary, options, fold_source=fold_source, fold_target=fold_target, guess=guess,
                            profile=profile)
        task.settings["evidence"] = assessor.evidence
        state = ScanState()
        for part in run_partitions(task, paths, options, jobs=jobs, engine=engine, scheduler=scheduler,
                                   split_bytes=split_bytes, progress=progress, phase=SCAN_PHASE):
            state.merge(part)
    report = finish_report(state, glossary=glossary, glossary_path=glossary_path, paths=paths, options=options,
                           assessor=assessor, fold_source=fold_source, fold_target=fold_target, guess=guess,
                           progress=progress, profile=profile)
    if discover:
        report.discovered = uncovered_drift(paths, options, glossary, report.settings.source_lang,
                                            report.settings.target_lang, progress=progress)
    return report


def uncovered_drift(paths: list[str], options: ReadOptions, glossary: Glossary, source_lang: str | None,
                    target_lang: str | None, *, progress: Progress | None = None) -> list[dict[str, Any]]:
    """Discovery's variant groups whose source term no glossary concept covers, most serious first."""
    from glossary.discovery import discover  # discovery reads the whole corpus; only --discover pays for it

    progress = resolve_progress(progress)
    found = discover(read_corpus(paths, options, progress=progress), source_lang=source_lang,
                     target_lang=target_lang, glossary=glossary, progress=progress)
    return [{
        "group_id": g.id, "source_term": g.source_term, "canonical": g.canonical, "class": g.cls.value,
        "confidence": round(g.confidence, 6), "rank": g.rank,
        "renderings": [{"text": r.text, "count": r.count, "class": r.cls.value, "documents": r.documents,
                        "segments": r.segments} for r in g.renderings],
    } for g in found.groups if g.concept is None]


def finish_report(state: ScanState, *, glossary: Glossary, glossary_path: str, paths: list[str],
                  options: ReadOptions, assessor: Assessor, fold_source: bool, fold_target: bool,
                  guess: bool, progress: Progress | None = None,
                  profile: CheckProfile = DEFAULT_PROFILE) -> VarianceReport:
    """Corpus checks, scores and the report, once every pair is in ``state``; ``progress`` gets
    ``FINISH_PHASE``, one step per corpus check, then the concepts' scores and the conflicts."""
    checks = profile.select(all_checks())
    corpus_checks = [c for c in checks if c.scope == "corpus"]
    progress = resolve_progress(progress)
    progress.phase(FINISH_PHASE, total=len(corpus_checks) + 2, unit="steps")
    stats, tracker, conflicts = state.stats, state.tracker, state.conflicts
    findings = state.findings  # the report takes the scan's store over, corpus findings after the pairs'
    corpus_context = CorpusContext(state.forms)
    for check in corpus_checks:
        findings.extend(_graded(f, profile) for f in check.run(corpus_context))
        progress.advance()

    pairs = [f"{s}->{t}" for (s, t), _ in stats.language_pairs.most_common()]
    source_lang = options.source_lang or (stats.language_pairs.most_common(1)[0][0][0] if stats.language_pairs else None)
    target_lang = options.target_lang or (stats.language_pairs.most_common(1)[0][0][1] if stats.language_pairs else None)
    warnings = list(stats.warnings)
    if stats.warnings_not_kept:
        warnings.append(f"… and {stats.warnings_not_kept} more reading warning(s) not kept")
    for s, t in stats.language_pairs:
        for lang in (s, t):
            if not any(True for _ in terms_in_language(glossary, lang)):
                message = f"the glossary has no {base_language(lang)} terms: pairs {s}->{t} cannot be checked"
                if message not in warnings:
                    warnings.append(message)
    lang = target_lang or "en"
    concepts, scores, documents = tracker.results(
        glossary, target_lang=lang,
        classify=lambda text, cid: assessor.rendering_class(text, cid, lang),
        preferred=lambda cid: (p.text if (p := assessor.preferred(cid, lang)) is not None else None),
        status_of=lambda text, cid: _status_of(glossary, cid, lang, text))
    progress.advance()
    conflict_list = conflicts.results()
    progress.advance()
    settings = VarianceSettings(
        glossary=glossary_path, glossary_fingerprint=glossary.fingerprint, glossary_concepts=len(glossary),
        glossary_terms=glossary.term_count(), corpus=paths, source_lang=source_lang, target_lang=target_lang,
        # folding as applied: never for languages whose diacritics tell words apart (matching.FOLD_UNSAFE)
        fold_source=fold_source and source_lang is not None and base_language(source_lang) not in FOLD_UNSAFE,
        fold_target=fold_target and target_lang is not None and base_language(target_lang) not in FOLD_UNSAFE,
        guess=guess, checks=[c.id for c in checks], profile=profile.summary(), profile_signature=profile.signature())
    settings.evidence, settings.evidence_signature = evidence_settings(assessor.evidence, target_lang)
    by_severity, by_check = _tally(findings)
    summary = Summary(
        segments=stats.segments, files=sum(stats.files.values()), documents=len(stats.documents),
        language_pairs=pairs, skipped=dict(stats.skipped), glossary_concepts=len(glossary),
        concepts_found=len(concepts), source_terms=state.source_terms, ok=state.ok, findings=by_severity, by_check=by_check,
        consistency=scores, conflicts=dict(Counter(c.kind for c in conflict_list)))
    return VarianceReport(settings=settings, summary=summary, concepts=concepts, documents=documents,
                          findings=findings, conflicts=conflict_list, checks=[profile.describe_check(c) for c in checks],
                          warnings=warnings)


def _status_of(glossary: Glossary, concept_id: str, lang: str, text: str) -> str:
    concept = glossary.get(concept_id)
    if concept is None:
        return "unlisted"
    wanted = nfc(" ".join(text.split()))
    for term_lang, terms in concept.terms.items():
        if base_language(term_lang) == base_language(lang):
            for term in terms:
                if nfc(" ".join(term.text.split())) == wanted:
                    return term.status.value
    return "unlisted"


# -- CI: baselines --------------------------------------------------------------------------
def load_baseline(path: str | Path) -> set[str]:
    """Finding ids of an earlier JSON report, read piece by piece (a big report is never loaded whole)."""
    return finding_ids(path, tool=TOOL)


def apply_baseline(report: VarianceReport, known: set[str], *, path: str) -> VarianceReport:
    """Keep only findings whose id is not in ``known``; the summary says how many were dropped."""
    kept = report.findings.without(known)
    report.summary.baseline = {"file": path, "known": len(report.findings) - len(kept)}
    report.findings.close()  # its file can go now
    report.findings = kept
    report.summary.findings, report.summary.by_check = _tally(kept)
    return report


class VarianceTask:
    """Scan one partition for ``glossary variance`` (a ``run.engine.Task``); pickled to workers
    without its matchers."""

    def __init__(self, glossary: Glossary, options: ReadOptions, *, fold_source: bool, fold_target: bool,
                 guess: bool, profile: CheckProfile = DEFAULT_PROFILE) -> None:
        self.glossary = glossary
        self.options = options
        self.profile = profile
        self.settings = {"fold_source": fold_source, "fold_target": fold_target, "guess": guess}
        self._assessor: Assessor | None = None

    def __getstate__(self) -> dict[str, Any]:
        return {"glossary": self.glossary, "options": self.options, "settings": self.settings, "profile": self.profile}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._assessor = None

    def __call__(self, partition: Partition) -> ScanState:
        from glossary.run.engine import read_partition

        if self._assessor is None:  # once per worker: the matchers are the costly part
            self._assessor = new_assessor(self.glossary, **self.settings)
        state = ScanState()
        scan_pairs(read_partition(partition, self.options, state.stats), state, assessor=self._assessor,
                   profile=self.profile)
        return state
