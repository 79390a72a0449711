"""Which target span renders each candidate source term, segment by segment.

Evidence, strongest first:

1. the glossary prior: the concept's target terms (any status) found in the target;
2. form: a number with the same value ("83,5 triệu AUD" / "$83.5 million"), a quoted
   phrase opposite a quoted phrase, a name or acronym copied across (same letters once
   case and diacritics are dropped, or a near miss of them: "UNDOC" for "UNODC");
3. co-occurrence: target spans that occur with the term far more than chance (Dice and
   log-likelihood G² over passages, a passage rendered k times weighing 1/k per rendering);
4. in a segment where none of those is present: a near-miss of the main rendering
   (rapidfuzz ratio), then spans that co-occur with the term in such left-over segments
   (a second, competing rendering: "5 pushes" where most say "5 Strengthens").

Counts go through a vectorised inverted index (``targets.TargetIndex``); each segment's
text is tokenised once, so the cost grows with the corpus, not with terms x segments.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Sequence

import numpy as np
from rapidfuzz import fuzz, process

from glossary.align import consistent_target_span, term_prior, train_and_align
from glossary.corpora.segments import Segment
from glossary.discovery.candidates import (
    Candidate,
    CandidateSet,
    _term_keys,
    tokenise_source,
)
from glossary.discovery.lexicon import coarse_text_key, coarse_token_key, is_syllabic
from glossary.discovery.shape import WORDS_ONLY, latin_only, settle
from glossary.discovery.spans import name_spans, number_spans, quoted_spans
from glossary.discovery.targets import (
    TargetIndex,
    build_target_index,
    coarse_clauses,
    find_windows,
    target_units,
    token_windows,
)
from glossary.model.langtags import uses_word_spaces
from glossary.progress import NO_PROGRESS, Progress, counted
from glossary.text.classify import is_acronym, is_near_miss, squashed_key
from glossary.text.mask import mask
from glossary.text.normalize import Token, match_key, token_key

WORDS_FIRST_PASSAGES = 1_000  # distinct source passages from which word alignment is the first evidence
ALIGNED_SCORE = 0.6  # the score of a rendering read off the word alignment
LOYAL_SHARE = 0.9  # a span seen with the term in this share of its uses belongs to it


@dataclass(slots=True)
class AlignOptions:
    min_cooc: float = 2.0  # weighted passages a term and a span must share
    min_dice: float = 0.3
    min_llr: float = 3.84  # G² for p < 0.05 with one degree of freedom
    top_k: int = 6  # renderings kept per term from the statistics
    sample: int = 600  # segments per term used to estimate co-occurrence (counts stay exact)
    fuzzy_min: float = 80.0  # rapidfuzz ratio to the main rendering for a near-miss rendering
    prefer_longer: float = 0.8  # a longer span wins when its Dice is at least this share of the best
    weak_share: float = 0.5  # a span under this share of the main rendering's Dice is not a rendering


@dataclass(slots=True)
class Occurrence:
    """One rendering of one candidate in one segment."""

    candidate: int
    segment: int
    text: str  # the target text as written
    start: int
    end: int
    method: str  # glossary | number | quoted | name | association | fuzzy | diff
    score: float


@dataclass(slots=True)
class Association:
    span: str  # coarse key of the target span
    dice: float
    cooc: float
    llr: float


@dataclass(slots=True)
class Alignment:
    occurrences: dict[int, list[Occurrence]] = field(default_factory=lambda: defaultdict(list))
    associations: dict[int, list[Association]] = field(default_factory=dict)
    unexplained: dict[int, list[int]] = field(default_factory=lambda: defaultdict(list))
    target_spans: int = 0

    def add(self, occ: Occurrence) -> None:
        self.occurrences[occ.candidate].append(occ)


def g2(k11: np.ndarray, row: float, col: np.ndarray, n: float) -> np.ndarray:
    """Dunning's log-likelihood ratio for positive association (0 when below chance)."""
    k12 = np.maximum(row - k11, 0.0)
    k21 = np.maximum(col - k11, 0.0)
    k22 = np.maximum(n - row - col + k11, 0.0)
    total = k11 + k12 + k21 + k22
    out = np.zeros_like(k11, dtype=np.float64)
    for k, r, c in ((k11, k11 + k12, k11 + k21), (k12, k11 + k12, k12 + k22),
                    (k21, k21 + k22, k11 + k21), (k22, k21 + k22, k12 + k22)):
        expected = r * c / np.where(total > 0, total, 1)
        with np.errstate(divide="ignore", invalid="ignore"):
            term = np.where((k > 0) & (expected > 0), k * np.log(k / expected), 0.0)
        out += term
    out *= 2.0
    below = k11 * total < (k11 + k12) * (k11 + k21)
    return np.where(below, 0.0, out)


class Aligner:
    """Holds the corpus-wide indexes; ``run`` returns the alignment."""

    def __init__(self, segments: Sequence[Segment], segment_passage: Sequence[int],
                 passage_segments: Sequence[Sequence[int]], cset: CandidateSet, *,
                 source_lang: str, target_lang: str, prior: dict[int, list[str]] | None = None,
                 options: AlignOptions | None = None, target_keys: list[list[list[str]]] | None = None) -> None:
        self.segments = segments
        self.segment_passage = segment_passage
        self.passage_segments = passage_segments
        self.cset = cset
        self.source_lang = source_lang
        self.target_lang = target_lang
        self.prior = prior or {}
        self.options = options or AlignOptions()
        self.weights = np.array([1.0 / len(passage_segments[p]) for p in segment_passage], dtype=np.float64)
        self.index: TargetIndex = build_target_index([s.target for s in segments], list(self.weights),
                                                     lang=target_lang, keyed=target_keys)
        self.n_passages = float(len(passage_segments))
        self.syllabic = is_syllabic(target_lang)
        self.result = Alignment(target_spans=len(self.index.keys))
        self.primary: dict[int, tuple[str, ...]] = {}
        self.shape: dict[int, tuple[str, ...]] = {}  # the main rendering at its fullest ("signing ceremony")
        self.loyal: dict[int, set[int]] = defaultdict(set)  # spans (nearly) only ever seen with the term
        self.owner: dict[int, tuple[int, float]] = {}  # span id -> (candidate, dice) of its best term
        self.words = WordAlignment(segments, source_lang, target_lang, cset, self.prior,
                                   stopwords=self.index.stopwords)
        # a statistical aligner needs data: on a small corpus co-occurrence (with the corpus-wide
        # form evidence) is surer, and the word links only fill in where it finds nothing
        self.words_first = len(passage_segments) >= WORDS_FIRST_PASSAGES

    # -- statistics -------------------------------------------------------------------
    def candidate_segments(self, cand: Candidate) -> np.ndarray:
        segs = [s for p in cand.passages for s in self.passage_segments[p]]
        return np.array(sorted(segs), dtype=np.int64)

    def associate(self, segs: np.ndarray, f_c: float) -> list[tuple[int, float, float, float]]:
        """(span id, dice, cooc, G²) of spans associated with a term found in ``segs``."""
        opts = self.options
        if len(segs) == 0:
            return []
        sample = segs
        if len(segs) > opts.sample:  # evenly spaced: deterministic, spread over the corpus
            sample = segs[np.linspace(0, len(segs) - 1, opts.sample).astype(np.int64)]
        ids, owner = self.index.gather(sample)
        if len(ids) == 0:
            return []
        uniq, inverse = np.unique(ids, return_inverse=True)
        cooc = np.bincount(inverse, weights=self.weights[sample][owner])
        cooc *= self.weights[segs].sum() / self.weights[sample].sum()
        f_t = self.index.freq[uniq]
        dice = 2.0 * cooc / (f_c + f_t)
        llr = g2(cooc, f_c, f_t, self.n_passages)
        keep = (cooc >= opts.min_cooc - 1e-9) & (dice >= opts.min_dice) & (llr >= opts.min_llr)
        chosen = np.nonzero(keep)[0]
        order = sorted(chosen, key=lambda i: (-round(float(dice[i]), 6), -int(self.index.lengths[uniq[i]]),
                                              self.index.keys[uniq[i]]))[:opts.top_k]
        return [(int(uniq[i]), float(dice[i]), float(cooc[i]), float(llr[i])) for i in order]

    def statistics(self, progress: Progress = NO_PROGRESS) -> dict[int, dict[int, list[tuple[int, float]]]]:
        """Per segment, per candidate: associated spans present there, with their Dice."""
        assign: dict[int, dict[int, list[tuple[int, float]]]] = defaultdict(lambda: defaultdict(list))
        for cid, cand in enumerate(counted(self.cset.candidates, progress)):
            if cand.key.startswith("#"):
                continue  # numbers align by value
            segs = self.candidate_segments(cand)
            found = self.associate(segs, float(cand.frequency))
            if not found:
                continue
            self.result.associations[cid] = [Association(" ".join(self.index.keys[t]), d, c, g)
                                             for t, d, c, g in found]
            self.primary[cid] = self.index.keys[found[0][0]]
            shape, top = self.primary[cid], found[0][1]
            for span, dice, _, _ in found[1:]:
                key = self.index.keys[span]
                if len(key) > len(shape) and dice >= self.options.prefer_longer * top and _contains(key, shape):
                    shape = key
            self.shape[cid] = shape
            for span, dice, cooc, _ in found:
                if cooc >= LOYAL_SHARE * self.index.freq[span]:
                    self.loyal[cid].add(span)
                best = self.owner.get(span)
                if best is None or dice > best[1]:
                    self.owner[span] = (cid, dice)
                for seg in np.intersect1d(segs, self.index.segments_of(span), assume_unique=True):
                    assign[int(seg)][cid].append((span, dice))
        return assign

    # -- one segment ---------------------------------------------------------------------
    def pick_statistical(self, seg: Segment, cid: int, spans: list[tuple[int, float]], s: int,
                         present: frozenset[int] = frozenset(), *, top: float | None = None) -> Occurrence | None:
        # Competitive linking: a span that another term in this passage explains better is theirs;
        # a span far weaker than the term's main rendering (or ``top``) is a coincidence.
        if top is None:
            top = self.result.associations[cid][0].dice if self.result.associations.get(cid) else 0.0
        # a weak span still counts when it holds the main rendering and is only seen with the term
        primary = self.primary.get(cid, ())
        loyal = {t for t in self.loyal[cid] if _contains(self.index.keys[t], primary)}
        spans = sorted(((span, dice) for span, dice in spans
                        if (dice >= self.options.weak_share * top or span in loyal)
                        and not self._owned_elsewhere(span, cid, dice, present)),
                       key=lambda x: -x[1])
        if not spans:
            return None
        best_span, best_dice = spans[0]
        best_key = self.index.keys[best_span]
        for span, dice in spans[1:]:
            # a longer span holding the best one wins when nearly as associated, or when it is only
            # ever seen with this term ("Tổng thư ký trưởng" beside the usual "Tổng Thư ký")
            key = self.index.keys[span]
            if len(key) > len(best_key) and _contains(key, best_key) and (
                    dice >= self.options.prefer_longer * best_dice or span in self.loyal[cid]) \
                    and not self._adds_other_term(key, best_key, cid, present):
                best_span, best_dice, best_key = span, dice, key
        shape = self.shape.get(cid, ())
        if len(shape) > len(best_key) and _contains(shape, best_key):
            # only a piece of the main rendering is here: take the span of its shape around it, or leave
            # the segment to the search for competing renderings ("bảo mật mạng" beside "an ninh mạng")
            owner = self.owner.get(best_span)
            if owner is not None and owner[0] == cid:
                return self.extend_to_shape(seg, cid, best_key, s, best_dice)
            return None
        windows = find_windows(seg.target, self.target_lang, best_key)
        if not windows:
            return None
        start, end = windows[0]
        return self.shaped(cid, s, seg.target, start, end, "association", best_dice)

    def extend_to_shape(self, seg: Segment, cid: int, key: tuple[str, ...], s: int, dice: float) -> Occurrence | None:
        """Only part of the main rendering is here ("ceremony" of "signing ceremony"): take the span of
        the same shape around it ("opening ceremony"), a competing rendering rather than a fragment."""
        shape = self.shape.get(cid)
        if shape is None or len(shape) <= len(key) or not _contains(shape, key):
            return None
        offset = next(k for k in range(len(shape) - len(key) + 1) if shape[k:k + len(key)] == key)
        for clause, keys, i in token_windows(seg.target, self.target_lang, key):
            first, last = i - offset, i - offset + len(shape) - 1
            if first < 0 or last >= len(clause):
                continue
            window = tuple(keys[first:last + 1])
            added = [keys[j] for j in range(first, last + 1) if not i <= j < i + len(key)]
            if window == shape or any(k in self.index.stopwords or k.isdigit() for k in added):
                continue
            start, end = clause[first].start, clause[last].end
            return self.shaped(cid, s, seg.target, start, end, "association", 0.9 * dice)
        return None

    def shaped(self, cid: int, s: int, text: str, start: int, end: int, method: str,
               score: float) -> Occurrence | None:
        """The occurrence of a span read off the statistics, taken to whole words (``shape.settle``)."""
        span = settle(text, start, end, spaced=self.words.spaced)
        if span is None or not self.words.plausible(cid, text[span[0]:span[1]]):
            return None
        return Occurrence(cid, s, text[span[0]:span[1]], span[0], span[1], method, score)

    def _adds_other_term(self, longer: tuple[str, ...], key: tuple[str, ...], cid: int, present: frozenset[int]) -> bool:
        """Does ``longer`` add to ``key`` words that render another term of the passage ("countries" + ...)?"""
        at = next(i for i in range(len(longer) - len(key) + 1) if longer[i:i + len(key)] == key)
        for part in (longer[:at], longer[at + len(key):]):
            span = self.index.ids.get(part) if part else None
            if span is not None and self._owned_elsewhere(span, cid, 0.0, present):
                return True
        return False

    def _owned_elsewhere(self, span: int, cid: int, dice: float, present: frozenset[int]) -> bool:
        """Another term of the passage explains the span better (a part of this term does not count:
        "international organizations" may take "tổ chức quốc tế" though "international" owns "quốc tế")."""
        owner = self.owner.get(span)
        if owner is None or owner[0] == cid or owner[0] not in present or owner[1] <= dice:
            return False
        return not _contains(tuple(self.cset.candidates[cid].key.split()), tuple(self.cset.candidates[owner[0]].key.split()))

    def structural(self, seg: Segment, cid: int, s: int) -> Occurrence | None:
        cand = self.cset.candidates[cid]
        if cid in self.prior:
            occ = self.by_glossary(seg, cid, s)
            if occ:
                return occ
        if "number" in cand.kinds and cand.value is not None:
            for span in number_spans(seg.target, self.target_lang):
                if span.value is not None and abs(span.value - cand.value) <= 1e-9 * max(1.0, abs(cand.value)):
                    return Occurrence(cid, s, span.text, span.start, span.end, "number", 1.0)
            return None
        if "quoted" in cand.kinds:
            occ = self.by_quotes(seg, cid, s)
            if occ:
                return occ
        if cand.kinds & {"name", "acronym"}:
            return self.by_form(seg, cid, s)
        return None

    def by_glossary(self, seg: Segment, cid: int, s: int) -> Occurrence | None:
        for term in self.prior[cid]:
            key = tuple(coarse_text_key(term, self.target_lang).split())
            windows = find_windows(seg.target, self.target_lang, key) if key else []
            if windows:
                start, end = windows[0]
                return Occurrence(cid, s, seg.target[start:end], start, end, "glossary", 1.0)
        return None

    def by_quotes(self, seg: Segment, cid: int, s: int) -> Occurrence | None:
        cand = self.cset.candidates[cid]
        src = quoted_spans(seg.source)
        tgt = quoted_spans(seg.target)
        if not src or not tgt:
            return None
        wanted = {cand.key, match_key(cand.text)}
        position = next((i for i, q in enumerate(src) if match_key(q.text) in wanted), -1)
        if position < 0:
            return None
        if len(src) == len(tgt):
            q = tgt[position]
        elif len(tgt) == 1 and len(src) == 1:
            q = tgt[0]
        else:
            return None
        if not WORDS_ONLY.fullmatch(q.text) or not mask(q.text).strip():
            return None  # a placeholder or code between the quotes (“%s”): not a rendering
        return Occurrence(cid, s, q.text, q.start, q.end, "quoted", 1.0)

    def by_form(self, seg: Segment, cid: int, s: int) -> Occurrence | None:
        """A name or acronym written across: same letters (case, diacritics, spaces aside) or a near miss."""
        cand = self.cset.candidates[cid]
        want = squashed_key(cand.text)
        if not want:
            return None
        n = len(cand.text.split())
        near: Occurrence | None = None
        for clause in target_units(seg.target, self.target_lang):
            for size in range(max(1, n - 1), n + 2):
                for i in range(len(clause) - size + 1):
                    start, end = clause[i].start, clause[i + size - 1].end
                    text = seg.target[start:end]
                    if squashed_key(text) == want:
                        return Occurrence(cid, s, text, start, end, "name", 1.0)
                    if near is None and text[:1].isupper() and is_near_miss(text, cand.text):
                        near = Occurrence(cid, s, text, start, end, "name", 0.9)
        if near:
            return near
        if "acronym" in cand.kinds and is_acronym(cand.text):
            for span in name_spans(seg.target, self.target_lang):
                initials = "".join(w[0] for w in span.text.replace("-", " ").split() if w[:1].isupper())
                if initials == cand.text.replace(".", "").upper():
                    return Occurrence(cid, s, span.text, span.start, span.end, "name", 0.8)
        return None

    def fuzzy(self, seg: Segment, cid: int, s: int, present: frozenset[int] = frozenset()) -> Occurrence | None:
        """A near miss of the main rendering, for a segment that has none of the associated spans.

        The main rendering itself does not count here: where it stands but was not taken,
        another term of the passage explains it better.
        """
        primary = self.primary.get(cid)
        if primary is None:
            return None
        want = " ".join(primary)
        choices: list[str] = []
        places: list[tuple[int, int]] = []
        # a syllable more or less is another word in a syllabic script
        sizes = [len(primary)] if self.syllabic else range(max(1, len(primary) - 1), len(primary) + 2)
        for clause, keys in zip(target_units(seg.target, self.target_lang), coarse_clauses(seg.target, self.target_lang)):
            for size in sizes:
                for i in range(len(keys) - size + 1):
                    if keys[i] in self.index.stopwords or keys[i + size - 1] in self.index.stopwords:
                        continue
                    window = tuple(keys[i:i + size])
                    span = self.index.ids.get(window)
                    if _contains(window, primary) or _contains(primary, window) or (
                            span is not None and self._owned_elsewhere(span, cid, 1.0, present)):
                        continue  # the rendering itself, a piece of it or it plus a neighbour: not a near miss
                    choices.append(" ".join(window))
                    places.append((clause[i].start, clause[i + size - 1].end))
        if not choices:
            return None
        hit = process.extractOne(want, choices, scorer=fuzz.ratio, score_cutoff=self.options.fuzzy_min)
        if hit is None:
            return None
        start, end = places[hit[2]]
        return self.shaped(cid, s, seg.target, start, end, "fuzzy", hit[1] / 100.0)

    # -- the whole corpus --------------------------------------------------------------------
    def run(self, progress: Progress = NO_PROGRESS) -> Alignment:
        """The alignment; ``progress`` advances once per candidate (statistics), then per segment."""
        assign = self.statistics(progress)
        for s, seg in enumerate(counted(self.segments, progress)):
            present = self.cset.passage_candidates[self.segment_passage[s]]
            present_set = frozenset(present)
            stats_here = assign.get(s, {})
            for cid in present:
                occ = self.structural(seg, cid, s)
                if occ is None and self.words_first:
                    occ = self.words.occurrence(cid, s)
                if occ is None and cid in stats_here:
                    occ = self.pick_statistical(seg, cid, stats_here[cid], s, present_set)
                if occ is None and not self.words_first:
                    occ = self.words.occurrence(cid, s)
                if occ is None:
                    occ = self.fuzzy(seg, cid, s, present_set)
                if occ is None:
                    self.result.unexplained[cid].append(s)
                else:
                    self.result.add(occ)
        self.second_renderings()
        return self.result

    def second_renderings(self) -> None:
        """Competing renderings: spans tied to the term in the segments its main rendering misses."""
        for cid, left in list(self.result.unexplained.items()):
            if cid not in self.primary or len(left) < 2:
                continue
            segs = np.array(sorted(left), dtype=np.int64)
            f_u = float(self.weights[segs].sum())
            found = self.associate(segs, f_u)
            taken: set[int] = set()
            here: dict[int, list[tuple[int, float]]] = defaultdict(list)
            for span, dice, cooc, llr in found:
                owner = self.owner.get(span)
                if owner is not None and owner[0] != cid and owner[1] >= dice:
                    continue  # the span is another term's rendering
                if cooc >= LOYAL_SHARE * self.index.freq[span]:
                    self.loyal[cid].add(span)
                self.result.associations.setdefault(cid, []).append(
                    Association(" ".join(self.index.keys[span]), dice, cooc, llr))
                for seg in np.intersect1d(segs, self.index.segments_of(span), assume_unique=True):
                    here[int(seg)].append((span, dice))
            top = found[0][1] if found else 0.0
            for s, spans in sorted(here.items()):
                present = frozenset(self.cset.passage_candidates[self.segment_passage[s]])
                occ = self.pick_statistical(self.segments[s], cid, spans, s, present, top=top)
                if occ:
                    taken.add(s)
                    self.result.add(occ)
            self.result.unexplained[cid] = [s for s in left if s not in taken]


class WordAlignment:
    """The corpus aligned word by word (``glossary.align``: fast_align's IBM Model 2 both ways,
    grow-diag-final-and), and a candidate's rendering in a segment read off it: the minimal target
    span consistent with the links of the candidate's tokens (whole tokens only)."""

    def __init__(self, segments: Sequence[Segment], source_lang: str, target_lang: str, cset: CandidateSet,
                 prior: dict[int, list[str]], *, stopwords: frozenset[str] = frozenset()) -> None:
        self.target_lang = target_lang
        self.stopwords = stopwords  # coarse keys: a rendering neither starts nor ends with one ("the")
        # only where words are spaced and are not syllables: in Vietnamese "không" opens "không hợp lệ",
        # and the frequent characters of a language without spaces are parts of words (ファイル)
        self.spaced = uses_word_spaces(target_lang)
        self.trims = self.spaced and not is_syllabic(target_lang)
        self.syllabic = is_syllabic(target_lang)  # grammar syllables at the edges go (VI_EDGE_SYLLABLES)
        self.sources: list[list[str]] = []
        self.targets: list[list[Token]] = []
        source_keys: dict[str, list[str]] = {}  # a source passage rendered k times is tokenised once
        for seg in segments:
            keys = source_keys.get(seg.source)
            if keys is None:
                keys = source_keys[seg.source] = [k for clause in tokenise_source(seg.source, source_lang)[1]
                                                  for k in clause]
            self.sources.append(keys)
            self.targets.append([t for clause in target_units(seg.target, target_lang) for t in clause])
        pairs = [(src, [token_key(t.text) for t in tgt]) for src, tgt in zip(self.sources, self.targets)]
        terms = [(cset.candidates[cid].key.split(), _term_keys(term, target_lang))
                 for cid, renderings in prior.items() for term in renderings]
        self.links: list[list[tuple[int, int]]] = []
        if pairs:
            _, self.links = train_and_align(pairs, prior=term_prior(terms) if terms else None)
        self.keys = [tuple(c.key.split()) for c in cset.candidates]
        self.texts = [seg.target for seg in segments]

    def occurrence(self, cid: int, s: int) -> Occurrence | None:
        key = self.keys[cid]
        if not key or not self.links:
            return None
        source, target, n = self.sources[s], self.targets[s], len(key)
        for i in range(len(source) - n + 1):
            if tuple(source[i:i + n]) != key:
                continue
            span = consistent_target_span(self.links[s], i, i + n, len(target))
            if span is None:
                continue
            low, high = span
            if self.trims:
                while high - low > 1 and self._function_word(target[low]):
                    low += 1
                while high - low > 1 and self._function_word(target[high - 1]):
                    high -= 1
            elif self.syllabic:
                low, high = trim_edge_syllables(target, low, high)
            if high - low > self.max_tokens(n) or (self.trims and high - low == 1 and self._function_word(target[low])):
                continue  # too long to be a rendering, or a function word alone ("the")
            seg_target = self.texts[s]
            settled = settle(seg_target, target[low].start, target[high - 1].end, spaced=self.spaced)
            if settled is None or not self.plausible(cid, seg_target[settled[0]:settled[1]]):
                continue  # across a placeholder, quote or clause mark, grammar alone: not one rendering
            start, end = settled
            # one link read off a statistical alignment: not enough alone for a form seen once
            # (grouping.STRONG_DICE), enough for one seen twice
            return Occurrence(cid, s, seg_target[start:end], start, end, "alignment", ALIGNED_SCORE)
        return None

    def plausible(self, cid: int, text: str) -> bool:
        """In a target written without spaces a Latin word is a rendering only as the source term
        left as is ("file" for file); any other is code or a name beside it ("source" for option), and
        one in capitals is a metavariable or a keyword (FILE, USER)."""
        if self.spaced or not latin_only(text):
            return True
        if text.isupper() and len(text) > 1:
            return False
        def squash(t: str) -> str:
            return re.sub(r"[^a-z0-9]", "", t.casefold()).removesuffix("s")
        return squash(text) == squash(" ".join(self.keys[cid]))

    def _function_word(self, token: Token) -> bool:
        return coarse_token_key(token.text, self.target_lang) in self.stopwords

    def max_tokens(self, n: int) -> int:
        """The longest rendering of an n-token term: Vietnamese words run to two or three syllables,
        a word written without spaces to several characters (ファイル, ディレクトリ)."""
        if not uses_word_spaces(self.target_lang):
            return 4 * n + 4
        return 2 * n + 2 if is_syllabic(self.target_lang) else n + 2


# Vietnamese syllables that stand at the edge of an aligned span as grammar, never as the edge of
# a term there: case and aspect markers, classifiers, plural markers, prepositions, conjunctions,
# and gặp "meet", which messages add before an error the English only names (gặp lỗi khi ...).
# Left out on purpose, as they open or close words: không, chưa (không hợp lệ, chưa biết), có
# (hiện có), cho (cho phép), bị (thiết bị), tại (hiện tại), sự (sự kiện), còn (còn lại), được, từ
# (từ khóa), theo (theo dõi), về (trả về), qua (bỏ qua), do (tự do), cùng (cuối cùng), nên (trở
# nên), như, nào, gì, đến, tới, ra, vào, lên (xuất ra), người, việc (người dùng).
VI_EDGE_SYLLABLES = frozenset(token_key(w) for w in """
    của các những một đã đang sẽ trên dưới trong khi để với và hoặc là này đó cái chiếc gặp mọi mỗi
    thì mà nếu vì bởi hay cũng vẫn rằng ở hãy
""".split())  # as token keys: tone marks placed one way


def trim_edge_syllables(target: Sequence[Token], low: int, high: int) -> tuple[int, int]:
    """``target[low:high]`` without the Vietnamese grammar syllables at its edges (của thiết bị)."""
    while high - low > 1 and token_key(target[low].text) in VI_EDGE_SYLLABLES:
        low += 1
    while high - low > 1 and token_key(target[high - 1].text) in VI_EDGE_SYLLABLES:
        high -= 1
    return low, high


def _contains(longer: tuple[str, ...], shorter: tuple[str, ...]) -> bool:
    n = len(shorter)
    return any(longer[i:i + n] == shorter for i in range(len(longer) - n + 1))


def align(segments: Sequence[Segment], segment_passage: Sequence[int], passage_segments: Sequence[Sequence[int]],
          cset: CandidateSet, *, source_lang: str, target_lang: str, prior: dict[int, list[str]] | None = None,
          options: AlignOptions | None = None, target_keys: list[list[list[str]]] | None = None,
          progress: Progress = NO_PROGRESS) -> Alignment:
    """Renderings of every candidate in every segment where one can be found (``target_keys``: each
    segment's coarse target clauses when already made); ``progress`` as for ``Aligner.run``."""
    return Aligner(segments, segment_passage, passage_segments, cset, source_lang=source_lang,
                   target_lang=target_lang, prior=prior, options=options, target_keys=target_keys).run(progress)
