"""Discovery end to end: ``discover(segments) -> DiscoveryReport``.

Stages, each in its own module: candidate source terms (``candidates``), their
renderings in the aligned targets (``align``), several renderings of one source
compared and diffed (``renderings``), occurrences turned into variant groups with a
proposed canonical rendering (``grouping``), then ranked (``rank``). A glossary, when
given, is a prior: its source terms are candidates whatever their frequency, its target
terms are looked for first, and its preferred term is proposed as canonical.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Iterable

from glossary.corpora.segments import Segment
from glossary.discovery.align import AlignOptions, align
from glossary.discovery.candidates import extract_candidates
from glossary.discovery.grouping import (
    anchor_diffs,
    diff_groups,
    name_spelling_groups,
    reverse_groups,
    term_groups,
)
from glossary.discovery.model import DiscoveryReport
from glossary.discovery.prepare import PreparedText
from glossary.discovery.rank import rank_groups, rank_reverse
from glossary.discovery.renderings import (
    MAX_DIFF_TOKENS,
    MIN_DIFF_CHRF,
    compare_renderings,
)
from glossary.errors import UsageError
from glossary.model import Glossary, Status
from glossary.model.langtags import base_language, normalize_lang, same_language
from glossary.progress import Progress
from glossary.progress import resolve as resolve_progress
from glossary.text.normalize import match_key, nfc

__all__ = ["DiscoveryOptions", "DiscoveryReport", "discover"]

# the phases ``discover`` reports (glossary.progress), in order; each counted in steps
PHASES = ("mining candidates", "aligning", "comparing renderings", "grouping", "ranking")

_STATUS_ORDER = {Status.PREFERRED: 0, Status.ADMITTED: 1, Status.DEPRECATED: 2, Status.SUPERSEDED: 3,
                 Status.FORBIDDEN: 4}


@dataclass(slots=True, kw_only=True)
class DiscoveryOptions:
    min_passages: int = 2  # distinct source passages an n-gram needs to be a candidate
    max_candidates: int = 20_000  # n-gram candidates kept (best first); the rest are counted
    align: AlignOptions = field(default_factory=AlignOptions)


def choose_pair(segments: list[Segment], source_lang: str | None, target_lang: str | None) -> tuple[str, str, list[Segment]]:
    """The one language pair to work on; several in the corpus need --source-lang/--target-lang."""
    src = normalize_lang(source_lang) if source_lang else None
    tgt = normalize_lang(target_lang) if target_lang else None
    chosen = [s for s in segments
              if (src is None or same_language(s.source_lang, src)) and (tgt is None or same_language(s.target_lang, tgt))]
    if not chosen:
        raise UsageError("no segments in the corpus" if not segments else
                         f"no segments for {src or '*'} -> {tgt or '*'} in the corpus")
    # vi, vi-VN and vi_VN are one language for choosing the pair; the most used tags name it
    tags = Counter((s.source_lang, s.target_lang) for s in chosen)
    pairs = Counter()
    for (a, b), n in tags.items():
        pairs[(base_language(a), base_language(b))] += n
    if len(pairs) > 1:
        listing = ", ".join(f"{a}->{b} ({n})" for (a, b), n in tags.most_common())
        raise UsageError(f"the corpus holds several language pairs ({listing}); choose one with --source-lang and --target-lang")
    (pair_src, pair_tgt), _ = tags.most_common(1)[0]
    return src or pair_src, tgt or pair_tgt, chosen


def glossary_prior(glossary: Glossary | None, source_lang: str, target_lang: str) -> list[tuple[str, str, list[str]]]:
    """(source term, concept id, target terms preferred first) for every concept with both languages."""
    out = []
    for concept in glossary or []:
        sources = [t for lang, ts in concept.terms.items() if same_language(lang, source_lang) for t in ts]
        targets = sorted((t for lang, ts in concept.terms.items() if same_language(lang, target_lang) for t in ts),
                         key=lambda t: _STATUS_ORDER[t.status])
        if sources and targets:
            for term in sources:
                out.append((term.text, concept.id, [t.text for t in targets]))
    return out


def avoided_targets(glossary: Glossary | None, target_lang: str) -> frozenset[str]:
    """Match keys of the target terms the glossary deprecates, supersedes or forbids: never proposed
    as a canonical rendering while another form is there."""
    unusable = {Status.DEPRECATED, Status.SUPERSEDED, Status.FORBIDDEN}
    return frozenset(match_key(t.text) for concept in glossary or [] for lang, ts in concept.terms.items()
                     if same_language(lang, target_lang) for t in ts if t.status in unusable)


def discover(segments: Iterable[Segment], *, source_lang: str | None = None, target_lang: str | None = None,
             glossary: Glossary | None = None, options: DiscoveryOptions | None = None,
             inputs: Iterable[str] = (), prepared: PreparedText | None = None,
             progress: Progress | None = None) -> DiscoveryReport:
    """Find source terms rendered in more than one way, from the aligned corpus alone (or with a glossary prior).

    ``prepared``: tokens already made per partition (``prepare``, ``DiscoveryTask``); the report is the same.
    ``progress`` (default: the one made active with ``with``) gets ``PHASES`` in order, each with
    its total in steps: two per passage (n-grams counted, candidates found), one per candidate
    and one per pair (aligned), two per pair of renderings (scored, diffed), one per aligned term
    and one per pair (grouped), two for ranking. Reading ``segments``, when they are a lazy
    read, comes before them (``read_corpus``'s own phase).
    """
    options = options or DiscoveryOptions()
    progress = resolve_progress(progress)
    src, tgt, segs = choose_pair(list(segments), source_lang, target_lang)

    passage_of: dict[str, int] = {}
    segment_passage: list[int] = []
    passage_segments: list[list[int]] = []
    for i, seg in enumerate(segs):
        key = " ".join(nfc(seg.source).split())
        p = passage_of.setdefault(key, len(passage_of))
        if p == len(passage_segments):
            passage_segments.append([])
        passage_segments[p].append(i)
        segment_passage.append(p)
    passages = [segs[ps[0]].source for ps in passage_segments]

    prior = glossary_prior(glossary, src, tgt)
    mining, aligning, comparing, grouping, ranking = PHASES
    progress.phase(mining, total=2 * len(passages), unit="steps")
    cset = extract_candidates(passages, lang=src, min_passages=options.min_passages,
                              max_candidates=options.max_candidates,
                              glossary_terms=[(s, cid) for s, cid, _ in prior],
                              tokens=prepared.source_tokens(passages, src) if prepared is not None else None,
                              progress=progress)
    index = cset.by_key()
    prior_by_cid: dict[int, list[str]] = {}
    for source_term, _, targets in prior:
        cid = index.get(match_key(source_term))
        if cid is not None:
            prior_by_cid.setdefault(cid, targets)

    progress.phase(aligning, total=len(cset.candidates) + len(segs), unit="steps")
    alignment = align(segs, segment_passage, passage_segments, cset, source_lang=src, target_lang=tgt,
                      prior=prior_by_cid, options=options.align,
                      target_keys=prepared.target_keys((s.target for s in segs), tgt) if prepared is not None else None,
                      progress=progress)
    glossary_keys = {match_key(t) for _, _, ts in prior for t in ts}
    progress.phase(comparing, unit="steps")  # the total once the pairs of renderings are known
    comparison, raw_diffs = compare_renderings(
        segs, target_lang=tgt, is_term=(lambda text: match_key(text) in glossary_keys) if glossary_keys else None,
        progress=progress)
    comparison.diffs, loose = anchor_diffs(raw_diffs, segs, cset, alignment)

    progress.phase(grouping, total=len(alignment.occurrences) + len(segs), unit="steps")
    groups, buckets = term_groups(segs, cset, alignment, target_lang=tgt, glossary_targets=prior_by_cid,
                                  avoid=avoided_targets(glossary, tgt), progress=progress)
    covered = {r.text for g in groups for r in g.renderings}
    groups += name_spelling_groups(segs, target_lang=tgt, covered=covered, progress=progress)
    covered = {r.text for g in groups for r in g.renderings}
    groups += diff_groups(loose, segs, target_lang=tgt, covered=covered)
    progress.phase(ranking, total=2, unit="steps")  # the groups, then the reverse groups
    groups = rank_groups(groups)
    progress.advance()
    by_form = {(g.id, r.text) for g in groups for r in g.renderings}
    for d in comparison.diffs:
        d.group = next((g.id for g in groups if (g.id, " ".join(d.b_text.split())) in by_form
                        or (g.id, " ".join(d.a_text.split())) in by_form), None)
    reverse = rank_reverse(reverse_groups(buckets, cset, segs, source_lang=src, target_lang=tgt))
    progress.advance()

    occurrences = sum(len(v) for v in alignment.occurrences.values())
    stats = {
        "candidates": len(cset.candidates),
        "candidates_left_out": cset.truncated,
        "terms_aligned": len(alignment.occurrences),
        "occurrences": occurrences,
        "occurrences_without_rendering": sum(len(v) for v in alignment.unexplained.values()),
        "target_spans": alignment.target_spans,
        "rendering_pairs": len(comparison.passages),
        "diffs": len(comparison.diffs),
        "groups": len(groups),
        "reverse_groups": len(reverse),
    }
    settings = {"min_passages": options.min_passages, "max_candidates": options.max_candidates,
                **{f"align.{k}": v for k, v in asdict(options.align).items()},
                "diff.min_chrf": MIN_DIFF_CHRF, "diff.max_tokens": MAX_DIFF_TOKENS}
    glossary_info = ({"files": glossary.files, "fingerprint": glossary.fingerprint, "concepts": len(glossary)}
                     if glossary is not None else None)
    return DiscoveryReport(
        source_lang=src, target_lang=tgt, segments=len(segs), passages=len(passages),
        documents=sorted({s.document for s in segs if s.document}), groups=groups, reverse=reverse,
        comparison=comparison, glossary=glossary_info, stats=stats, settings=settings, inputs=list(inputs))
