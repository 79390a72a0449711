"""From aligned occurrences to variant groups, each with a proposed canonical rendering.

Occurrences of one source term are bucketed by surface form: inflection ("country" /
"countries") and capitals that only open a sentence are not variance and share a bucket.
A bucket that is a fragment of another (an alignment that caught part of the phrase)
joins it. What is left, when two or more forms, is a variant group; every form is
classified against the proposed canonical one with ``glossary.text.classify``.

Two more sources of groups: spelling variants of names in the target that collapse
under case, diacritics and hyphenation (rapidfuzz near misses are left to the aligned
groups, where a source term vouches for them), and differences between renderings of
one source that no source term explains (grouped across passages when they share a form).
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Sequence

from rapidfuzz import fuzz

from glossary.corpora.segments import Segment
from glossary.discovery.align import Alignment, Occurrence
from glossary.discovery.candidates import CandidateSet, units
from glossary.discovery.lexicon import builtin_stopwords, coarse_text_key, coarse_token_key, deinflect, is_syllabic
from glossary.discovery.model import (
    Example,
    Rendering,
    ReverseGroup,
    SourceUse,
    SpanDiff,
    VariantGroup,
)
from glossary.discovery.renderings import RawDiff, opens_sentence
from glossary.discovery.spans import lower_case_words, name_spans, plain
from glossary.model.langtags import uses_word_spaces
from glossary.progress import NO_PROGRESS, Progress, counted
from glossary.text.classify import (
    VariantClass,
    classify_variant,
    is_near_miss,
    most_serious,
    squashed_key,
)
from glossary.text.normalize import match_key

METHOD_PRIORITY = {"glossary": 0, "number": 1, "quoted": 1, "name": 1, "diff": 2, "alignment": 3, "association": 4,
                   "fuzzy": 5}
STRONG_METHODS = frozenset({"glossary", "number", "quoted", "name", "diff"})
SURE_METHODS = STRONG_METHODS - {"diff"}  # a diff grows to whatever differs, neighbours included
STRONG_DICE = 0.7  # a form seen once by co-occurrence alone needs at least this association
MAX_EXAMPLES = 3
WEAK_LEXICAL_SHARE = 0.02  # a lexical variant on weak evidence needs this share of the term's uses
ONCE_AMONG = 50  # a lexical variant used once among this many uses of the term is not reported
REVERSE_MIN_SHARE = 0.3  # a rendering must be this share of a source term's uses to count for it


@dataclass(slots=True)
class Bucket:
    """One surface form (up to inflection and sentence-initial capitals) of one source term."""

    key: str
    forms: Counter = field(default_factory=Counter)
    occurrences: list[Occurrence] = field(default_factory=list)

    def add(self, form: str, occ: Occurrence) -> None:
        self.forms[form] += 1
        self.occurrences.append(occ)

    @property
    def display(self) -> str:
        return self.forms.most_common(1)[0][0]

    @property
    def count(self) -> int:
        return len({o.segment for o in self.occurrences})

    @property
    def methods(self) -> set[str]:
        return {o.method for o in self.occurrences}

    @property
    def strong(self) -> bool:
        return self.count >= 2 or bool(self.methods & STRONG_METHODS) or max(o.score for o in self.occurrences) >= STRONG_DICE


def one_per_segment(occurrences: list[Occurrence]) -> list[Occurrence]:
    """The best-evidenced occurrence of a term in each segment."""
    best: dict[int, Occurrence] = {}
    for occ in occurrences:
        held = best.get(occ.segment)
        if held is None or (METHOD_PRIORITY[occ.method], -occ.score) < (METHOD_PRIORITY[held.method], -held.score):
            best[occ.segment] = occ
    return [best[s] for s in sorted(best)]


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def buckets_of(occurrences: list[Occurrence], segments: Sequence[Segment], lang: str) -> list[Bucket]:
    """Bucket occurrences by form; inflection and sentence-opening capitals do not make a new form."""
    buckets: dict[str, Bucket] = {}
    initial: list[tuple[Occurrence, str]] = []
    for occ in occurrences:
        form = plain(occ.text)
        first = form.split(" ", 1)[0]
        if opens_sentence(segments[occ.segment].target, occ.start) and first[:1].isupper() and not first.isupper():
            initial.append((occ, form))
            continue
        key = deinflect(form, lang)
        buckets.setdefault(key, Bucket(key)).add(form, occ)
    for occ, form in initial:
        lowered = deinflect(_lower_first(form), lang)
        key = lowered if lowered in buckets else deinflect(form, lang)
        buckets.setdefault(key, Bucket(key)).add(_lower_first(form) if key == lowered else form, occ)
    merged = merge_overreach(merge_derivations(merge_fragments(_fold_shouted(buckets), lang, segments), lang), lang)
    return merged if uses_word_spaces(lang) else merge_unspaced_compounds(merged)


_LONG_MARKS = "ー・ｰ･-"  # a long-vowel mark or a middle dot more is a spelling (フォルダー), not a compound
COMPOUND_SHARE = 2.0  # a compound joins the rendering it holds when that is used at least this much more


def merge_unspaced_compounds(buckets: list[Bucket]) -> list[Bucket]:
    """In a language written without spaces a compound is one run (アーカイブステータスファイル for
    "archive status file"): a form that holds a form of the same term used at least
    ``COMPOUND_SHARE`` times as often is that rendering inside a compound, and its
    occurrences are cut to it (ファイル), as a reviewer marks the element. Forms the glossary,
    a quote or the form of a name vouches for stay whole."""
    if len(buckets) < 2:
        return buckets
    folded = {id(b): b.display.casefold() for b in buckets}

    def host(bucket: Bucket, kept: list[Bucket]) -> Bucket | None:
        if bucket.methods & STRONG_METHODS:
            return None
        mine = folded[id(bucket)]
        inside = [k for k in kept if k.count >= COMPOUND_SHARE * bucket.count
                  and len(folded[id(k)]) < len(mine) and folded[id(k)] in mine
                  and mine.replace(folded[id(k)], "", 1).strip(_LONG_MARKS)]
        return max(inside, key=lambda k: (k.count, len(folded[id(k)])), default=None)

    kept: list[Bucket] = []
    first = {id(b): i for i, b in enumerate(buckets)}
    for bucket in sorted(buckets, key=lambda b: (-b.count, b.key)):
        into = host(bucket, kept)
        if into is None:
            kept.append(bucket)
            continue
        want = folded[id(into)]
        for occ in bucket.occurrences:
            at = occ.text.casefold().find(want)
            cut = occ if at < 0 else Occurrence(occ.candidate, occ.segment, occ.text[at:at + len(want)],
                                                occ.start + at, occ.start + at + len(want), occ.method, occ.score)
            into.add(plain(cut.text), cut)
    return sorted(kept, key=lambda b: first[id(b)])


OVERREACH_SHARE = 0.05  # a rare aligned form holding a common one is the common one with a neighbour


def merge_overreach(buckets: list[Bucket], lang: str) -> list[Bucket]:
    """A form found only by the word alignment that holds another form of the term and is used
    under ``OVERREACH_SHARE`` as often ("đầu tư đầu" beside 1,567 "đầu tư", "tin tập tin") is a
    span that took in a neighbouring word: it joins the form it holds."""
    if len(buckets) < 2:
        return buckets
    words = {id(b): _coarse(b.display, lang) for b in buckets}  # once per bucket: a term may have thousands
    top = max(b.count for b in buckets)

    by_words: dict[tuple[str, ...], list[Bucket]] = defaultdict(list)  # kept buckets by their words

    def host(bucket: Bucket, kept: list[Bucket]) -> Bucket | None:
        if bucket.count >= OVERREACH_SHARE * top or bucket.methods != {"alignment"}:
            return None
        mine = words[id(bucket)]
        inside = [b for part in _parts(mine) for b in by_words.get(part, ())
                  if bucket.count < OVERREACH_SHARE * b.count and not _spelling_only(bucket.key, b.key, lang)]
        return max(inside, key=lambda b: b.count, default=None)

    first = {id(b): i for i, b in enumerate(buckets)}  # most used first, so the host is seen; then as found
    kept: list[Bucket] = []
    for bucket in sorted(buckets, key=lambda b: -b.count):
        into = host(bucket, kept)
        if into is not None:
            into.occurrences.extend(bucket.occurrences)
            into.forms.update(bucket.forms)
        else:
            kept.append(bucket)
            by_words[words[id(bucket)]].append(bucket)
    return sorted(kept, key=lambda b: first[id(b)])


def _parts(words: tuple[str, ...]) -> list[tuple[str, ...]]:
    """Every shorter run of ``words`` (distinct, longest first)."""
    n = len(words)
    return list(dict.fromkeys(words[i:i + size] for size in range(n - 1, 0, -1) for i in range(n - size + 1)))


def _fold_shouted(buckets: dict[str, Bucket]) -> list[Bucket]:
    """An ALL-CAPS or underscore-joined form (a UI label or a metavariable: TẬP_TIN, TẬP-TIN) joins
    the bucket of the same words in lower case when there is one: the same rendering, shouted."""
    def plain_key(key: str) -> str:
        return " ".join(key.replace("_", " ").replace("-", " ").casefold().split())

    quiet = {plain_key(k): b for k, b in buckets.items() if not _shouted(k)}
    out = []
    for key, bucket in buckets.items():
        host = quiet.get(plain_key(key)) if _shouted(key) else None
        if host is None or host is bucket:
            out.append(bucket)
            continue
        for form, n in bucket.forms.items():
            host.forms[form] += n
        host.occurrences.extend(bucket.occurrences)
    return out


def _shouted(form: str) -> bool:
    letters = [c for c in form if c.isalpha()]
    return "_" in form or (len(letters) > 1 and all(c.isupper() for c in letters))


@lru_cache(maxsize=200_000)
def _coarse(text: str, lang: str) -> tuple[str, ...]:
    """Coarse token keys of a form, as the statistics cut it (characters where words are not spaced)."""
    if uses_word_spaces(lang):
        return tuple(coarse_text_key(text, lang).split())
    return tuple(coarse_token_key(t.text, lang) for t in units(text, lang) if t is not None)


def _inside(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    n = len(short)
    return n < len(long) and any(long[i:i + n] == short for i in range(len(long) - n + 1))


def merge_fragments(buckets: list[Bucket], lang: str, segments: Sequence[Segment] | None = None) -> list[Bucket]:
    """A form found by statistics that is part of another form is a partial alignment of it."""
    buckets.sort(key=lambda b: (-len(_coarse(b.key, lang)), -b.count, b.key))
    holders: dict[tuple[str, ...], list[Bucket]] = defaultdict(list)  # every shorter run -> kept buckets holding it

    def host(bucket: Bucket) -> Bucket | None:
        if bucket.methods & STRONG_METHODS:
            return None
        words = _coarse(bucket.key, lang)
        # the most used form holding it: a rare span that took in a neighbour ("THƯ_MỤC thư mục",
        # 3 uses) holds "mục" as well as "thư mục" (412) does, and must not gather the fragments
        inside = [k for k in holders.get(words, ()) if k.count >= bucket.count
                  and not _spelling_only(bucket.key, k.key, lang)]
        return max(inside, key=lambda k: k.count, default=None)

    kept: list[Bucket] = []
    for bucket in buckets:
        into = host(bucket)
        if into is not None and segments is not None and is_syllabic(lang):
            # in Vietnamese, where a syllable or two is often a word of its own, it is a piece of the
            # longer form only where that form stands around it; alone, it is a shorter rendering
            # (tìm beside tìm kiếm, cỡ beside kích cỡ). In English the statistics often take a
            # part of a phrase ("cooperation" of "international cooperation"): a fragment there.
            alone = [o for o in bucket.occurrences if not _held_by(into, o, segments)]
            if alone and len(alone) < len(bucket.occurrences):
                rest = Bucket(bucket.key)
                for o in alone:
                    rest.add(plain(o.text), o)
                inside = [o for o in bucket.occurrences if o not in alone]
                into.occurrences.extend(inside)
                into.forms.update(Counter(plain(o.text) for o in inside))
                bucket = rest
                into = None
            elif alone:
                into = None
        if into is not None:
            into.occurrences.extend(bucket.occurrences)
            into.forms.update(bucket.forms)
        else:
            kept.append(bucket)
            for part in _parts(_coarse(bucket.key, lang)):
                holders[part].append(bucket)
    return kept


def _held_by(host: Bucket, occ: Occurrence, segments: Sequence[Segment]) -> bool:
    """Does a form of ``host`` stand in the occurrence's segment around (or over) it?"""
    text = segments[occ.segment].target.casefold()
    for form in host.forms:
        want = form.casefold()
        at = text.find(want)
        while at >= 0:
            if at < occ.end and occ.start < at + len(want):
                return True
            at = text.find(want, at + 1)
    return False


MIN_STEM = 5  # shared start of two words of one family: cooperat-ion/-e, respons-ible/-ibility


def _same_family(a: str, b: str) -> bool:
    if a == b:
        return True
    stem = 0
    for x, y in zip(a, b):
        if x != y:
            break
        stem += 1
    return stem >= MIN_STEM and stem >= 0.6 * min(len(a), len(b))


def _derivation_of(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Same words but for derivational endings (international / internationally): grammar, not a term choice."""
    return len(a) == len(b) and a != b and all(_same_family(x, y) for x, y in zip(a, b))


def merge_derivations(buckets: list[Bucket], lang: str) -> list[Bucket]:
    """A form of the same word family as a more used form joins it (spelling variants keep apart:
    they share coarse keys, so they never differ here)."""
    buckets.sort(key=lambda b: (-b.count, b.key))
    # forms of one family share their words' first MIN_STEM letters (or are equal), so only forms
    # with the same such prefixes are compared: a German term may have thousands of forms
    by_prefix: dict[tuple[str, ...], list[Bucket]] = defaultdict(list)
    kept: list[Bucket] = []
    for bucket in buckets:
        words = _coarse(bucket.key, lang)
        prefix = tuple(w[:MIN_STEM] for w in words)
        host = next((k for k in by_prefix[prefix] if _derivation_of(words, _coarse(k.key, lang))), None)
        if host is not None:
            host.occurrences.extend(bucket.occurrences)
            host.forms.update(bucket.forms)
        else:
            kept.append(bucket)
            by_prefix[prefix].append(bucket)
    return kept


def example(seg: Segment) -> Example:
    return Example(segment=seg.key, document=seg.document, origin=str(seg.origin), source=seg.source, target=seg.target)


def _is_copy(form: str, source: str) -> bool:
    return " ".join(form.split()) == " ".join(source.split())


def choose_canonical(buckets: list[Bucket], segments: Sequence[Segment], *, source_text: str | None,
                     kinds: set[str], glossary_terms: list[str],
                     avoid: frozenset[str] = frozenset()) -> tuple[Bucket, str]:
    """The proposed canonical form and the evidence for it, in this order of weight:
    the glossary's usable terms, preferred first; for names and acronyms, the form written as in
    the source; the most frequent translated form (a source word left in the target is not a
    translation unless the term is a name or an acronym); the one used in more documents; the
    earliest. A form the glossary deprecates, supersedes or forbids (``avoid``: match keys) is
    never proposed while another form is there."""
    def documents(b: Bucket) -> int:
        return len({segments[o.segment].document for o in b.occurrences})

    def first_seen(b: Bucket) -> int:
        return min(o.segment for o in b.occurrences)

    def avoided(b: Bucket) -> bool:
        return any(match_key(f) in avoid for f in b.forms)

    for wanted in (t for t in glossary_terms if match_key(t) not in avoid):
        exact = next((b for b in buckets if wanted in b.forms), None)
        loose = next((b for b in buckets if any(match_key(f) == match_key(wanted) for f in b.forms)), None)
        if exact or loose:
            return exact or loose, f"the glossary's usable term ({wanted!r})"
    def copied(b: Bucket) -> bool:
        """The source word written across: as is, without its diacritics, or misspelt (UNDOC)."""
        if source_text is None:
            return False
        return any(match_key(f) == match_key(source_text) or squashed_key(f) == squashed_key(source_text)
                   or is_near_miss(f, source_text) for f in b.forms)

    copy_kinds = {"name", "acronym"}
    translated = [b for b in buckets if not copied(b)]
    most_translated = max((b.count for b in translated), default=0)
    if source_text and kinds & copy_kinds:
        # a name or acronym written across is canonical when the corpus mostly does so (UNODC); a
        # word left untranslated in a few strings ("file" beside 1,829 "tập tin") is not
        for b in buckets:
            if any(_is_copy(f, source_text) for f in b.forms) and b.count >= most_translated:
                return b, (f"written as in the source ({source_text!r}); "
                           f"{b.count} of {sum(x.count for x in buckets)} uses")
    pool = [b for b in buckets if not avoided(b)] or buckets
    pool = [b for b in pool if not copied(b)] or pool
    ranked = sorted(pool, key=lambda b: (-b.count, -documents(b), first_seen(b)))
    best = ranked[0]
    total = sum(b.count for b in buckets)
    docs_all = len({segments[o.segment].document for b in buckets for o in b.occurrences})
    why = f"most used translated form: {best.count} of {total} uses, in {documents(best)} of {docs_all} documents"
    if len(ranked) > 1 and ranked[1].count == best.count:
        why += "; tied on uses, chosen by " + ("more documents" if documents(best) > documents(ranked[1]) else "first use")
    if len(pool) < len(buckets):
        why += "; forms the glossary avoids or the source word left as is were not proposed"
    return best, why


def rendering_of(bucket: Bucket, cls: VariantClass, segments: Sequence[Segment], canonical: bool) -> Rendering:
    segs = sorted({o.segment for o in bucket.occurrences})
    return Rendering(
        text=bucket.display, count=len(segs), cls=cls,
        documents=sorted({segments[s].document for s in segs}),
        segments=[segments[s].key for s in segs],
        examples=[example(segments[s]) for s in segs[:MAX_EXAMPLES]],
        methods=sorted(bucket.methods), canonical=canonical)


def group_id(source_key: str | None, forms: list[str]) -> str:
    digest = hashlib.sha1(("\x1f".join([source_key or ""] + sorted(forms))).encode("utf-8")).hexdigest()
    return "g" + digest[:10]


def confidence_of(occurrences: list[Occurrence]) -> float:
    weights = {"glossary": 1.0, "number": 1.0, "quoted": 1.0, "name": 1.0, "diff": 0.9, "alignment": 1.0}
    values = [weights[o.method] * o.score if o.method in weights else
              (o.score if o.method == "association" else 0.8 * o.score) for o in occurrences]
    return sum(values) / len(values) if values else 0.0


def make_group(buckets: list[Bucket], segments: Sequence[Segment], *, target_lang: str, source_text: str | None,
               source_key: str | None, kinds: set[str], evidence: list[str], concept: str | None = None,
               glossary_terms: list[str] | None = None, avoid: frozenset[str] = frozenset(),
               min_lexical_share: float = 0.0) -> VariantGroup:
    """The group of ``buckets`` with its canonical and classes. A lexical (or abbreviated) variant with only weak
    evidence (the statistics, no Dice of ``STRONG_DICE``; or the source word written across, which
    shows the letters are the same, not that they render it: in catalogues mostly code, "file" 40
    times beside 2,000 "tập tin") used in under ``min_lexical_share`` of
    the term's uses is left out: on a large corpus that is a misalignment (オフセット for "file"
    beside 1,600 ファイル), not a competing term; so is one used once among ``ONCE_AMONG`` uses or
    more, whatever found it ("Package" once beside 211 "gói"). The group may then hold one
    rendering (no group)."""
    canon, why = choose_canonical(buckets, segments, source_text=source_text, kinds=kinds,
                                  glossary_terms=glossary_terms or [], avoid=avoid)
    # each variant is classed against the nearest usable rendering: the canonical, or a usable
    # glossary term (UNDOC is a misspelling of the admitted UNODC, not lexical beside the full form)
    usable = [canon.display] + [t for t in glossary_terms or [] if match_key(t) not in avoid]
    references = list(dict.fromkeys(deinflect(u, target_lang) for u in usable))
    renderings, kept = [], []
    total = sum(b.count for b in buckets)
    for b in sorted(buckets, key=lambda b: (b is not canon, -b.count, b.display)):
        form = deinflect(b.display, target_lang)
        # a usable term itself (PM, admitted) is classed against the canonical, not against itself
        others = [r for r in references if r != form] or references
        reference = max(others, key=lambda r: fuzz.ratio(r.casefold(), form.casefold()))
        cls = VariantClass.IDENTICAL if b is canon else _classify(form, reference, target_lang)
        weak = _weak(b) or (source_text is not None and not kinds & {"acronym"}
                            and any(match_key(f) == match_key(source_text) for f in b.forms))
        if cls in (VariantClass.LEXICAL, VariantClass.ABBREVIATION) and min_lexical_share and (
                (b.count < min_lexical_share * total and weak) or (b.count < 2 and total >= ONCE_AMONG)
                or (not b.methods & SURE_METHODS and _joins_clauses(b.display, canon.display, target_lang))):
            continue
        renderings.append(rendering_of(b, cls, segments, b is canon))
        kept.append(b)
    occurrences = [o for b in kept for o in b.occurrences]
    # how sure the group is that its variants render the term: the evidence for the variants (the
    # canonical's many sure uses say nothing about "rights" beside "technology")
    variants = [o for b in kept if b is not canon for o in b.occurrences] or occurrences
    return VariantGroup(
        id=group_id(source_key, [r.text for r in renderings]), source_term=source_text, source_key=source_key,
        kinds=sorted(kinds), renderings=renderings, canonical=canon.display, canonical_evidence=why,
        cls=most_serious([r.cls for r in renderings if not r.canonical]), confidence=confidence_of(variants),
        evidence=evidence, concept=concept,
        drift_weight=_drift_weight([b for b in kept if b is not canon], [r.cls for r in renderings if not r.canonical],
                                   glossary_terms or [], avoid))


def _joins_clauses(form: str, canonical: str, lang: str) -> bool:
    """A form with a function word inside that the canonical has not ("Ceremony and High-Level" for
    "conference", "countries and international organizations"): two things side by side, where the
    statistics took in a neighbour. Only in spaced, non-syllabic languages (a Vietnamese word may
    hold one: "không hợp lệ")."""
    if not uses_word_spaces(lang) or is_syllabic(lang):
        return False
    stop = builtin_stopwords(lang) or frozenset()
    inner = _coarse(form, lang)[1:-1]
    return any(w in stop for w in inner) and not any(w in stop for w in _coarse(canonical, lang))


AVOIDED_WEIGHT = 1.5  # a variant the glossary deprecates, supersedes or forbids: drift first
SANCTIONED_WEIGHT = 0.3  # every variant a term the glossary prefers or admits: variation it allows


def _drift_weight(variants: list[Bucket], classes: list[VariantClass], glossary_terms: list[str],
                  avoid: frozenset[str]) -> float:
    """Another word or a short form the glossary admits is allowed variation; a spelling of a name
    with and without its diacritics, or US and UK spelling side by side, stays drift either way."""
    if not glossary_terms and not avoid:
        return 1.0
    if any(match_key(f) in avoid for b in variants for f in b.forms):
        return AVOIDED_WEIGHT
    usable = {match_key(t) for t in glossary_terms} - avoid
    spelling = {VariantClass.DIACRITICS, VariantClass.US_UK, VariantClass.MISSPELLING}
    if variants and not spelling & set(classes) and all(
            any(match_key(f) in usable for f in b.forms) for b in variants):
        return SANCTIONED_WEIGHT
    return 1.0


def _weak(bucket: Bucket) -> bool:
    """Found by the statistics alone, none of it with a strong association."""
    return not bucket.methods & STRONG_METHODS and max(o.score for o in bucket.occurrences) < STRONG_DICE


def _unspaced_spelling(text: str) -> str:
    """A form of a language written without spaces with its spelling marks out: width (NFKC), case,
    long-vowel marks, middle dots, spaces and hyphens (サーバ / サーバー, ホーム・ディレクトリ)."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return "".join(c for c in folded if c not in _LONG_MARKS and not c.isspace())


def _spelling_only(a: str, b: str, lang: str) -> bool:
    """Two forms of a language written without spaces that differ only by spelling marks."""
    return not uses_word_spaces(lang) and _unspaced_spelling(a) == _unspaced_spelling(b)


def _classify(form: str, reference: str, lang: str) -> VariantClass:
    if not uses_word_spaces(lang) and form != reference and _unspaced_spelling(form) == _unspaced_spelling(reference):
        return VariantClass.ORTHOGRAPHIC
    cls = classify_variant(form, reference, lang=lang)
    if cls is VariantClass.LEXICAL and is_syllabic(lang):
        # a Vietnamese word written with part of its syllables (tìm for tìm kiếm, kho for kho chứa)
        a, b = _coarse(form, lang), _coarse(reference, lang)
        if _inside(a, b) or _inside(b, a):
            return VariantClass.ABBREVIATION
    return cls


def describe_evidence(occurrences: list[Occurrence], alignment: Alignment, cid: int, lang: str) -> list[str]:
    methods = Counter(o.method for o in occurrences)
    out = []
    labels = {
        "glossary": "glossary term found in the target", "number": "same number on both sides",
        "quoted": "quoted phrase opposite a quoted phrase", "name": "name or acronym written across",
        "diff": "renderings of one source differ here", "fuzzy": "near miss of the main rendering",
        "alignment": "aligned word by word (IBM Model 2, both directions, grow-diag-final-and)",
    }
    for method, n in sorted(methods.items(), key=lambda x: METHOD_PRIORITY[x[0]]):
        if method == "association":
            assoc = alignment.associations.get(cid, [])
            # show spans as written in the corpus, not as their (spelling-neutral) keys
            shown = {" ".join(_coarse(o.text, lang)): plain(o.text) for o in occurrences}
            best = ", ".join(f"{shown.get(a.span, a.span)!r} Dice {a.dice:.2f} G² {a.llr:.1f}" for a in assoc[:3])
            out.append(f"co-occurrence in {n} segment(s): {best}")
        else:
            out.append(f"{labels[method]} ({n})")
    return out


# --- the three kinds of group --------------------------------------------------------------------
def term_groups(segments: Sequence[Segment], cset: CandidateSet, alignment: Alignment, *, target_lang: str,
                glossary_targets: dict[int, list[str]], avoid: frozenset[str] = frozenset(),
                progress: Progress = NO_PROGRESS) -> tuple[list[VariantGroup], dict[int, list[Bucket]]]:
    """Variant groups of source terms, and every term's buckets (for the reverse direction);
    ``progress`` advances once per aligned term."""
    groups: list[VariantGroup] = []
    all_buckets: dict[int, list[Bucket]] = {}
    for cid, occs in counted(alignment.occurrences.items(), progress):
        cand = cset.candidates[cid]
        chosen = one_per_segment(occs)
        buckets = buckets_of(chosen, segments, target_lang)
        all_buckets[cid] = buckets
        strong = [b for b in buckets if b.strong]
        if len(strong) < 2:
            continue
        used = [o for b in strong for o in b.occurrences]
        group = make_group(
            strong, segments, target_lang=target_lang, source_text=cand.text, source_key=cand.key,
            kinds=set(cand.kinds), evidence=describe_evidence(used, alignment, cid, target_lang), concept=cand.concept,
            glossary_terms=glossary_targets.get(cid), avoid=avoid, min_lexical_share=WEAK_LEXICAL_SHARE)
        if len(group.renderings) >= 2:
            groups.append(group)
    return drop_nested(groups), all_buckets


ECHO_SHARE = 0.25  # an echo's shared variants are under this share of the shorter term's uses


def drop_nested(groups: list[VariantGroup]) -> list[VariantGroup]:
    """Of two groups whose source terms nest and whose renderings are the same, keep the better supported."""
    def words(g: VariantGroup) -> tuple[str, ...]:
        return tuple((g.source_key or "").split())

    def forms(g: VariantGroup) -> frozenset[str]:
        return frozenset(r.text for r in g.renderings)

    def echoes(g: VariantGroup, k: VariantGroup) -> bool:
        """Most uses of g's variants are uses of k's renderings (a form k uses 14 times does not
        explain 154 uses of it under the shorter term: "list" beside "list of")."""
        variant_uses = [(r.text, r.count) for r in g.renderings if not r.canonical]
        k_uses = {r.text: r.count for r in k.renderings}
        shared = sum(min(n, k_uses.get(text, 0)) for text, n in variant_uses)
        # ... and are a spill-over, not a real share of the shorter term's own uses ("permission":
        # アクセス in 36 of its 81 uses, all in "permission denied", is a rendering of it too)
        return shared >= 0.8 * sum(n for _, n in variant_uses) and shared < ECHO_SHARE * g.total

    order = sorted(groups, key=lambda g: (-g.total, -len(words(g)), g.source_key or ""))
    kept: list[VariantGroup] = []
    for g in order:
        if any((_inside(words(g), words(k)) or _inside(words(k), words(g))) and forms(g) <= forms(k) for k in kept):
            continue
        kept.append(g)
    # A shorter term whose variants are a longer term's renderings only echoes it ("quốc tế" inside
    # "hợp tác quốc tế" picking up "global collaboration").
    kept = [g for g in kept if not any(k is not g and _inside(words(g), words(k)) and echoes(g, k) for k in kept)]
    # two source terms of one glossary concept (UNODC and its full name) found the same renderings:
    # one group
    seen: set[tuple[str, frozenset[tuple[str, int]]]] = set()
    out = []
    for g in kept:
        key = (g.concept, frozenset((r.text, r.count) for r in g.renderings)) if g.concept else None
        if key is not None and key in seen:
            continue
        if key is not None:
            seen.add(key)
        out.append(g)
    return out


def _composed(form: str, covered: set[str]) -> bool:
    """Does ``form`` hold a rendering some term group already reports (two terms side by side)?

    Every stretch of ``form`` not cut inside a word is looked up in ``covered``: a form is short,
    the set of reported renderings large (a German report has thousands)."""
    def word(i: int) -> bool:
        return form[i].isalnum() or form[i] == "_"
    n = len(form)
    starts = [i for i in range(n) if i == 0 or not word(i - 1)]
    ends = [j for j in range(1, n + 1) if j == n or not word(j)]
    return any(j - i >= 2 and (i, j) != (0, n) and form[i:j] in covered for i in starts for j in ends if j > i)


def name_spelling_groups(segments: Sequence[Segment], *, target_lang: str, covered: set[str],
                         progress: Progress = NO_PROGRESS) -> list[VariantGroup]:
    """Names in the target written several ways (case, diacritics, hyphen/space), whatever the source;
    ``progress`` advances once per segment."""
    by_key: dict[str, list[Occurrence]] = defaultdict(list)
    common = lower_case_words(seg.target for seg in segments)
    for s, seg in enumerate(counted(segments, progress)):
        for span in name_spans(seg.target, target_lang, common):
            if len(span.text) < 4:
                continue
            key = match_key(span.text, fold=True).replace(" ", "")
            by_key[key].append(Occurrence(-1, s, span.text, span.start, span.end, "name", 1.0))
    groups = []
    for key, occs in by_key.items():
        forms = Counter(plain(o.text) for o in occs)
        if len(forms) < 2 or sum(1 for f in forms if f in covered) >= 2 or any(_composed(f, covered) for f in forms):
            continue
        buckets: dict[str, Bucket] = {}
        for occ in one_per_segment(occs):
            form = plain(occ.text)
            buckets.setdefault(form, Bucket(form)).add(form, occ)
        if len(buckets) < 2:
            continue
        groups.append(make_group(list(buckets.values()), segments, target_lang=target_lang, source_text=None,
                                 source_key=None, kinds={"target"},
                                 evidence=["the same name written differently in the target (case, diacritics, hyphens)"]))
    return groups


def diff_groups(diffs: list[RawDiff], segments: Sequence[Segment], *, target_lang: str,
                covered: set[str]) -> list[VariantGroup]:
    """Differences between renderings that no source term explains, joined across passages by shared forms."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    occs: dict[str, list[Occurrence]] = defaultdict(list)
    for d in diffs:
        fa, fb = plain(d.a_text), plain(d.b_text)
        if fa == fb or not d.both or _derivation_of(_coarse(fa, target_lang), _coarse(fb, target_lang)):
            continue  # with no source term to vouch for it, both sides must look like terms
        parent[find(fa)] = find(fb)
        occs[fa].append(Occurrence(-1, d.a, d.a_text, d.a_span[0], d.a_span[1], "diff", 0.9))
        occs[fb].append(Occurrence(-1, d.b, d.b_text, d.b_span[0], d.b_span[1], "diff", 0.9))
    components: dict[str, list[str]] = defaultdict(list)
    for form in occs:
        components[find(form)].append(form)
    groups = []
    for forms in components.values():
        if len(forms) < 2 or sum(1 for f in forms if f in covered) >= 2 or any(_composed(f, covered) for f in forms):
            continue
        buckets = []
        for form in forms:
            b = Bucket(form)
            b.forms[form] += 1
            b.occurrences = one_per_segment(occs[form])
            buckets.append(b)
        passages = len({segments[o.segment].source_id for f in forms for o in occs[f]})
        groups.append(make_group(buckets, segments, target_lang=target_lang, source_text=None, source_key=None,
                                 kinds={"diff"}, evidence=[f"renderings of one source differ ({passages} passage(s))"]))
    return groups


# --- anchoring diffs to source terms ---------------------------------------------------------------
def anchor_diffs(diffs: list[RawDiff], segments: Sequence[Segment], cset: CandidateSet,
                 alignment: Alignment) -> tuple[list[SpanDiff], list[RawDiff]]:
    """Attach each diff to the source term whose rendering it covers on one side.

    The other side's span becomes that term's rendering there (or replaces a shorter,
    partial one). Returns the diffs for the report and those no term explains.
    """
    by_segment: dict[int, dict[int, Occurrence]] = defaultdict(dict)
    for cid, occs in alignment.occurrences.items():
        for occ in one_per_segment(occs):
            by_segment[occ.segment][cid] = occ
    reported: list[SpanDiff] = []
    loose: list[RawDiff] = []
    for d in diffs:
        anchor = None
        for side, other, span, other_span, text in ((d.a, d.b, d.a_span, d.b_span, d.b_text),
                                                     (d.b, d.a, d.b_span, d.a_span, d.a_text)):
            for cid, occ in by_segment[side].items():
                if _covers(occ, span):
                    anchor = cid
                    held = by_segment[other].get(cid)
                    if held is None or (held.text != text and _within(held, other_span)):
                        new = Occurrence(cid, other, text, other_span[0], other_span[1], "diff", 0.9)
                        if held is not None:
                            alignment.occurrences[cid].remove(held)
                        alignment.add(new)
                        by_segment[other][cid] = new
                    break
            if anchor is not None:
                break
        if anchor is None:
            loose.append(d)
        reported.append(SpanDiff(source_id=segments[d.a].source_id, a=segments[d.a].key, b=segments[d.b].key,
                                 a_text=d.a_text, b_text=d.b_text,
                                 source_term=cset.candidates[anchor].text if anchor is not None else None))
    return reported, loose


def _covers(occ: Occurrence, span: tuple[int, int]) -> bool:
    """The occurrence is the diff span: a known rendering that the other rendering replaced.

    Exact, because a diff grown to a name ("Training United Nations") must not lend the
    other side to whichever term holds part of it ("Training").
    """
    return occ.start == span[0] and occ.end == span[1]


def _within(occ: Occurrence, span: tuple[int, int]) -> bool:
    return span[0] <= occ.start and occ.end <= span[1]


# --- the reverse direction -----------------------------------------------------------------------
def reverse_groups(all_buckets: dict[int, list[Bucket]], cset: CandidateSet, segments: Sequence[Segment], *,
                   source_lang: str, target_lang: str) -> list[ReverseGroup]:
    """One rendering used for several distinct source terms (not nested, not always together)."""
    users: dict[tuple[str, ...], list[tuple[int, Bucket]]] = defaultdict(list)
    for cid, buckets in all_buckets.items():
        total = sum(b.count for b in buckets)
        for b in buckets:
            if b.count >= 2 and b.count >= REVERSE_MIN_SHARE * total:
                users[_coarse(b.key, target_lang)].append((cid, b))
    out = []
    for key, uses in users.items():
        uses.sort(key=lambda u: (-u[1].count, cset.candidates[u[0]].key))
        distinct: list[tuple[int, Bucket]] = []
        for cid, b in uses:
            if any(_related(cset, cid, other) for other, _ in distinct):
                continue
            distinct.append((cid, b))
        if len(distinct) < 2:
            continue
        top = cset.candidates[distinct[0][0]].text
        sources = []
        for cid, b in distinct:
            text = cset.candidates[cid].text
            cls = VariantClass.IDENTICAL if text == top else classify_variant(text, top, lang=source_lang)
            segs = sorted({o.segment for o in b.occurrences})
            sources.append(SourceUse(text=text, count=len(segs), cls=cls,
                                     examples=[example(segments[s]) for s in segs[:MAX_EXAMPLES]]))
        target = Counter(f for _, b in distinct for f in b.forms.elements()).most_common(1)[0][0]
        out.append(ReverseGroup(id=group_id("reverse", [target]), target=target, sources=sources,
                                cls=most_serious([s.cls for s in sources[1:]])))
    return out


def _related(cset: CandidateSet, a: int, b: int) -> bool:
    """Nested keys, or passages that mostly coincide: the same stretch of source, not two terms."""
    ca, cb = cset.candidates[a], cset.candidates[b]
    wa, wb = tuple(ca.key.split()), tuple(cb.key.split())
    if wa == wb or _inside(wa, wb) or _inside(wb, wa):
        return True
    pa, pb = set(ca.passages), set(cb.passages)
    return len(pa & pb) >= 0.5 * min(len(pa), len(pb))
