"""Several renderings of one source: score them against each other and diff them.

Renderings of one source passage are segments that share a source id, or whose
sources are identical once normalised. Each pair is scored with sacrebleu (chrF,
BLEU, TER; the signatures are reported) per passage and, over every passage two
documents share, per document pair. The token-level diff of a pair gives the spans
where the renderings part; the ones that carry terms (quoted phrases, capitalised
phrases, acronyms, numbers, glossary terms) are kept. On a tiny corpus, where
co-occurrence statistics are weak, these diffs carry the discovery.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from difflib import SequenceMatcher
from itertools import combinations
from typing import Callable, Sequence

from sacrebleu.metrics import BLEU, CHRF, TER

from glossary.corpora.segments import Segment
from glossary.discovery.lexicon import coarse_token_key, deinflect_token
from glossary.discovery.model import Comparison, DocumentScore, PassageScore
from glossary.discovery.spans import (
    Span,
    lower_case_words,
    name_spans,
    number_spans,
    quoted_spans,
)
from glossary.model.langtags import uses_word_spaces
from glossary.progress import NO_PROGRESS, Progress, counted
from glossary.text.classify import figures, is_acronym, is_near_miss
from glossary.text.normalize import Token, match_key, nfc, straighten, tokenize

MAX_DIFF_TOKENS = 8  # a longer differing stretch is a rewrite, not a term choice
MIN_DIFF_CHRF = 40.0  # pairs less alike than this are rewrites, not renderings to diff
MAX_PAIRS_PER_PASSAGE = 15  # many copies of one source: compare the first few pairs (counted)


@dataclass(frozen=True, slots=True)
class RawDiff:
    """Differing spans of two renderings (segment indices a < b), by character offsets."""

    a: int
    b: int
    a_span: tuple[int, int]
    b_span: tuple[int, int]
    a_text: str
    b_text: str
    both: bool = True  # a term on both sides (else only one side vouches for it)


def passage_groups(segments: Sequence[Segment]) -> list[list[int]]:
    """Segments rendering one source passage: same source id, or same normalised source text."""
    parent = list(range(len(segments)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first: dict[tuple[str, str], int] = {}
    for i, seg in enumerate(segments):
        for key in (("id", seg.source_id), ("text", match_key(seg.source))):
            if not key[1]:
                continue
            j = first.setdefault(key, i)
            if j != i:
                parent[find(i)] = find(j)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(segments)):
        groups[find(i)].append(i)
    return [g for g in groups.values() if len(g) > 1]


def rendering_pairs(groups: list[list[int]], segments: Sequence[Segment]) -> tuple[list[tuple[int, int]], int]:
    """Pairs to compare (the one from the document sorting first is ``a``) and how many were left out."""
    pairs, skipped = [], 0
    for group in groups:
        all_pairs = list(combinations(group, 2))
        skipped += max(0, len(all_pairs) - MAX_PAIRS_PER_PASSAGE)
        for i, j in all_pairs[:MAX_PAIRS_PER_PASSAGE]:
            a, b = (i, j) if (segments[i].document, i) <= (segments[j].document, j) else (j, i)
            pairs.append((a, b))
    return pairs, skipped


def _bleu_tokenizer(lang: str) -> str:
    return "13a" if uses_word_spaces(lang) else "char"


def score_pairs(pairs: list[tuple[int, int]], segments: Sequence[Segment], *, target_lang: str,
                source_ids: dict[int, str], progress: Progress = NO_PROGRESS) -> Comparison:
    """chrF, BLEU and TER of every pair (``b`` is the reference) and of every document pair;
    ``progress`` advances once per pair."""
    tokenizer = _bleu_tokenizer(target_lang)
    chrf, bleu, ter = CHRF(), BLEU(effective_order=True, tokenize=tokenizer), TER(asian_support=tokenizer == "char")
    comparison = Comparison()
    by_docs: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    for a, b in counted(pairs, progress):
        hyp, ref = segments[a].target, segments[b].target
        comparison.passages.append(PassageScore(
            source_id=source_ids[a], a=segments[a].key, b=segments[b].key,
            document_a=segments[a].document, document_b=segments[b].document,
            chrf=chrf.sentence_score(hyp, [ref]).score, bleu=bleu.sentence_score(hyp, [ref]).score,
            ter=ter.sentence_score(hyp, [ref]).score))
        by_docs[(segments[a].document, segments[b].document)].append((hyp, ref))
    corpus_bleu = BLEU(tokenize=tokenizer)
    corpus_chrf, corpus_ter = CHRF(), TER(asian_support=tokenizer == "char")
    for (doc_a, doc_b), texts in sorted(by_docs.items()):
        hyps, refs = [h for h, _ in texts], [[r for _, r in texts]]
        comparison.documents.append(DocumentScore(
            document_a=doc_a, document_b=doc_b, passages=len(texts),
            chrf=corpus_chrf.corpus_score(hyps, refs).score, bleu=corpus_bleu.corpus_score(hyps, refs).score,
            ter=corpus_ter.corpus_score(hyps, refs).score))
    if pairs:
        comparison.signatures = {
            "chrF (passage)": str(chrf.get_signature()), "BLEU (passage)": str(bleu.get_signature()),
            "TER (passage)": str(ter.get_signature()),
            "chrF (document)": str(corpus_chrf.get_signature()), "BLEU (document)": str(corpus_bleu.get_signature()),
            "TER (document)": str(corpus_ter.get_signature()),
        }
    return comparison


# --- token-level diffs -------------------------------------------------------------------------
def _token_ranges(spans: list[Span], tokens: list[Token]) -> list[tuple[int, int]]:
    """Token index ranges [i, j) covered by each span."""
    out = []
    for span in spans:
        inside = [k for k, t in enumerate(tokens) if t.start >= span.start and t.end <= span.end]
        if inside:
            out.append((inside[0], inside[-1] + 1))
    return out


def _units(text: str, lang: str, common: frozenset[str]) -> list[tuple[int, int]]:
    tokens = tokenize(text)
    spans = quoted_spans(text) + name_spans(text, lang, common) + number_spans(text, lang, with_units_only=True)
    return _token_ranges(spans, tokens)


def _expand(i1: int, i2: int, units: list[tuple[int, int]], lo: int, hi: int) -> tuple[int, int]:
    """Grow a token range to whole term units (a quoted phrase, a name) it cuts into.

    Only units inside [lo, hi), the surrounding stretch that lines up token for token
    with the other rendering, are used: beyond it the two texts no longer correspond.
    """
    changed = True
    while changed:
        changed = False
        for u1, u2 in units:
            if u1 < i2 and i1 < u2 and (u1 < i1 or u2 > i2) and lo <= u1 and u2 <= hi:
                if u2 - u1 <= MAX_DIFF_TOKENS:
                    i1, i2 = min(i1, u1), max(i2, u2)
                    changed = True
    return i1, i2


MAX_TERM_QUOTE_TOKENS = 6  # a longer quotation is a citation: a word changed inside it is not a term


def opens_sentence(full: str, start: int) -> bool:
    """Nothing but punctuation, digits or list markers before ``start``: capitalised by position."""
    return not any(ch.isalpha() for ch in full[:start])


def _term_token(tok: Token, full: str, quotes: list[Span]) -> bool:
    """A token that marks a term: inside a short quotation, an acronym, capitalised mid-sentence."""
    if any(q.start <= tok.start and tok.end <= q.end for q in quotes):
        return True
    if is_acronym(tok.text):
        return True
    return tok.text[:1].isupper() and not opens_sentence(full, tok.start)


def carries_term(tokens: list[Token], full: str, other: list[Token], other_full: str, *,
                 is_term: Callable[[str], bool] | None = None) -> bool:
    """Does a changed stretch hold a term (on this side)? Figures count when they differ across sides."""
    if not tokens:
        return False
    quotes = [q for q in quoted_spans(full) if len(tokenize(q.text)) <= MAX_TERM_QUOTE_TOKENS]
    if any(_term_token(t, full, quotes) for t in tokens):
        return True
    text = full[tokens[0].start:tokens[-1].end]
    other_text = other_full[other[0].start:other[-1].end] if other else ""
    if any(t.text[:1].isdigit() for t in tokens) and figures(text) != figures(other_text):
        return True
    return bool(is_term and is_term(text))


MAX_CHANGED_TOKENS = 4  # the changed core of a term difference; more is a rewrite


def diff_pair(a: str, b: str, *, lang: str, is_term: Callable[[str], bool] | None = None,
              common: frozenset[str] = frozenset()) -> list[tuple[tuple[int, int], tuple[int, int], bool]]:
    """Character ranges where two renderings differ in a term-carrying way.

    Tokens are compared without case and diacritics, so a stretch that differs only in
    those ("Bui Thanh Son" / "Bùi Thanh Sơn") is found inside the equal blocks, and a
    replaced stretch is a different word or spelling. Both are grown to the quoted
    phrase or name they cut into.
    """
    ta, tb = tokenize(a), tokenize(b)
    ka = [match_key(t.text, fold=True) for t in ta]
    kb = [match_key(t.text, fold=True) for t in tb]
    units_a, units_b = _units(a, lang, common), _units(b, lang, common)
    # (changed a-range, changed b-range, how far each side lines up around it: a lo/hi, b lo/hi)
    blocks: list[tuple[int, int, int, int, int, int, int, int]] = []
    opcodes = SequenceMatcher(None, ka, kb, autojunk=False).get_opcodes()
    for k, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag == "equal":
            blocks.extend((*c, i1, i2, j1, j2) for c in _surface_changes(ta, tb, i1, i2, j1))
            continue
        if tag != "replace":
            continue  # an omission or an addition is not a competing rendering
        before = opcodes[k - 1] if k > 0 and opcodes[k - 1][0] == "equal" else None
        after = opcodes[k + 1] if k + 1 < len(opcodes) and opcodes[k + 1][0] == "equal" else None
        bounds = (before[1] if before else i1, after[2] if after else i2,
                  before[3] if before else j1, after[4] if after else j2)
        if i2 - i1 <= MAX_CHANGED_TOKENS and j2 - j1 <= MAX_CHANGED_TOKENS:
            blocks.append((i1, i2, j1, j2, *bounds))
    # Word order changes too: a word written two ways anywhere outside the shared stretches.
    loose_a = [k for tag, i1, i2, _, _ in opcodes if tag != "equal" for k in range(i1, i2)]
    loose_b = [k for tag, _, _, j1, j2 in opcodes if tag != "equal" for k in range(j1, j2)]
    blocks.extend((*c, *c) for c in _near_pairs(ta, tb, loose_a, loose_b, lang))
    out: list[tuple[tuple[int, int], tuple[int, int], bool]] = []
    for i1, i2, j1, j2, lo_a, hi_a, lo_b, hi_b in blocks:
        term_a = carries_term(ta[i1:i2], a, tb[j1:j2], b, is_term=is_term)
        term_b = carries_term(tb[j1:j2], b, ta[i1:i2], a, is_term=is_term)
        if not (term_a or term_b):
            continue
        e1, e2 = _expand(i1, i2, units_a, lo_a, hi_a)
        f1, f2 = _expand(j1, j2, units_b, lo_b, hi_b)
        # the tokens around the change line up one to one, so both sides grow alike
        left = min(max(i1 - e1, j1 - f1), i1 - lo_a, j1 - lo_b)
        right = min(max(e2 - i2, f2 - j2), hi_a - i2, hi_b - j2)
        i1, i2, j1, j2 = i1 - left, i2 + right, j1 - left, j2 + right
        if i2 - i1 > MAX_DIFF_TOKENS or j2 - j1 > MAX_DIFF_TOKENS:
            continue
        ra, rb = (ta[i1].start, ta[i2 - 1].end), (tb[j1].start, tb[j2 - 1].end)
        if any(_overlaps(ra, x) or _overlaps(rb, y) for x, y, _ in out):
            continue
        out.append((ra, rb, term_a and term_b))
    return out


def _surface_changes(ta: list[Token], tb: list[Token], i1: int, i2: int, j1: int) -> list[tuple[int, int, int, int]]:
    """Runs inside an equal block whose tokens differ in case or diacritics (one same token may sit inside)."""
    differing = [k for k in range(i2 - i1) if nfc(straighten(ta[i1 + k].text)) != nfc(straighten(tb[j1 + k].text))]
    runs: list[list[int]] = []
    for k in differing:
        if runs and k - runs[-1][-1] <= 2:
            runs[-1].append(k)
        else:
            runs.append([k])
    return [(i1 + r[0], i1 + r[-1] + 1, j1 + r[0], j1 + r[-1] + 1) for r in runs]


def _near_pairs(ta: list[Token], tb: list[Token], loose_a: list[int], loose_b: list[int],
                lang: str) -> list[tuple[int, int, int, int]]:
    """Among tokens outside the shared stretches, words written two ways: one word under case,
    diacritics and US/UK spelling (Program / Programme), or capitalised near misses (UNDOC / UNODC)."""
    out = []
    for x in loose_a:
        tx = ta[x]
        for y in loose_b:
            ty = tb[y]
            if tx.text == ty.text or len(tx.text) < 4 or len(ty.text) < 4:
                continue
            same_word = coarse_token_key(tx.text, lang) == coarse_token_key(ty.text, lang) \
                and deinflect_token(tx.text, lang) != deinflect_token(ty.text, lang)
            if same_word or (tx.text[:1].isupper() and ty.text[:1].isupper() and is_near_miss(tx.text, ty.text)):
                out.append((x, x + 1, y, y + 1))
    return out


def _overlaps(x: tuple[int, int], y: tuple[int, int]) -> bool:
    return x[0] < y[1] and y[0] < x[1]


def compare_renderings(segments: Sequence[Segment], *, target_lang: str,
                       is_term: Callable[[str], bool] | None = None,
                       progress: Progress = NO_PROGRESS) -> tuple[Comparison, list[RawDiff]]:
    """Scores and term-carrying diffs of every pair of renderings of one source; ``progress`` gets
    the total (two steps a pair: scored, then diffed) once the pairs are known."""
    groups = passage_groups(segments)
    source_ids = {i: segments[g[0]].source_id for g in groups for i in g}
    pairs, skipped = rendering_pairs(groups, segments)
    progress.update(0, total=2 * len(pairs))
    comparison = score_pairs(pairs, segments, target_lang=target_lang, source_ids=source_ids, progress=progress)
    comparison.shared_passages = len(groups)
    diffs: list[RawDiff] = []
    common = lower_case_words(seg.target for seg in segments)
    for (a, b), score in counted(zip(pairs, comparison.passages), progress):
        if score.chrf < MIN_DIFF_CHRF:
            continue  # a rewrite: its differences are not term choices (form-based alignment still sees it)
        ta, tb = segments[a].target, segments[b].target
        for ra, rb, both in diff_pair(ta, tb, lang=target_lang, is_term=is_term, common=common):
            diffs.append(RawDiff(a, b, ra, rb, ta[ra[0]:ra[1]], tb[rb[0]:rb[1]], both))
    comparison.pairs_left_out = skipped
    return comparison, diffs
