"""Term-like spans in one text: names, acronyms, quoted phrases, numbers with units.

Used on both sides: in the source they are candidate terms whatever their frequency,
in the target they are what a rendering of such a term looks like, and in a diff
between renderings they mark the differences that carry terms.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from glossary.discovery.lexicon import is_syllabic
from glossary.text.classify import is_acronym
from glossary.text.normalize import straighten, tokenize
from glossary.text.numbers import reader as number_reader


@dataclass(frozen=True, slots=True)
class Span:
    """A piece of a text, by character offsets into it."""

    text: str
    start: int
    end: int
    kind: str  # "name" | "acronym" | "quoted" | "number"
    value: float | None = None  # numbers: the value, scale words applied
    currency: str | None = None  # numbers: ISO code or "$"


# --- quoted phrases -------------------------------------------------------------------
_QUOTE_RE = re.compile(r'"([^"\n]{1,300}?)"|“([^”"\n]{1,300}?)[”"]|«\s?([^»\n]{1,300}?)\s?»|„([^“”\n]{1,300}?)[“”]')
_TRAILING = " \t.,;:!?…'\"”’"
MAX_QUOTED_TOKENS = 12  # a longer quotation is a sentence, not a term


# Stricter than guess.quoted_spans on purpose (paired marks, no ‘single’ quotes,
# MAX_QUOTED_TOKENS): each span is a candidate term.
def quoted_spans(text: str) -> list[Span]:
    out = []
    for m in _QUOTE_RE.finditer(text):
        group = next(g for g in range(1, 5) if m.group(g) is not None)
        start, end = m.start(group), m.end(group)
        while end > start and text[end - 1] in _TRAILING:
            end -= 1
        while start < end and text[start].isspace():
            start += 1
        inner = text[start:end]
        if 1 <= len(tokenize(inner)) <= MAX_QUOTED_TOKENS:
            out.append(Span(inner, start, end, "quoted"))
    return out


# --- names and acronyms ----------------------------------------------------------------
# Lower-case words allowed inside a name ("Office on Drugs and Crime").
_NAME_CONNECTORS = frozenset("of on and for against de la du des del der von van".split())
_NAME_LEADERS = frozenset("the a an".split())  # dropped from the front of a run


def _capitalised(word: str) -> bool:
    return word[:1].isupper()


def name_spans(text: str, lang: str = "en", common: frozenset[str] = frozenset()) -> list[Span]:
    """Runs of capitalised words (and acronyms), joined only by spaces or hyphens.

    A single capitalised word opening the text is left out: it is capitalised because
    it opens a sentence. Connectors may sit inside a run, never at its ends. In a
    syllabic script one capital syllable is usually the start of a common word
    ("Liên hợp quốc"), so a name there needs two. ``common`` holds words seen in lower
    case in the corpus: one opening a sentence is not part of a name ("Training United Nations").
    """
    min_tokens = 2 if is_syllabic(lang) else 1
    tokens = tokenize(text)
    out: list[Span] = []
    i = 0
    while i < len(tokens):
        if not _capitalised(tokens[i].text):
            i += 1
            continue
        j = i + 1
        while j < len(tokens):
            gap = text[tokens[j - 1].end:tokens[j].start]
            if gap.strip(" -\u00a0\u2011") or "\n" in gap:
                break
            word = tokens[j].text
            if _capitalised(word) or word.isdigit():
                j += 1
                continue
            if word.lower() in _NAME_CONNECTORS and j + 1 < len(tokens) and _capitalised(tokens[j + 1].text) \
                    and not text[tokens[j].end:tokens[j + 1].start].strip(" -\u00a0"):
                j += 2
                continue
            break
        run = tokens[i:j]
        # an acronym stands alone: "UNODC Tổng Thư" is two neighbours, not one name
        cut = next((k for k, t in enumerate(run) if is_acronym(t.text)), None)
        if cut is not None and len(run) > 1:
            j = i + (cut if cut > 0 else 1)
            run = run[:cut] if cut > 0 else run[:1]
        while run and run[0].text.lower() in _NAME_LEADERS:
            run = run[1:]
        # "Countries of Phạm Minh Chính": a sentence-opening word joined by a connector is not part of the name
        opening = bool(run) and not any(ch.isalpha() for ch in text[:run[0].start])
        if opening and len(run) > 2 and run[1].text.lower() in _NAME_CONNECTORS:
            run = run[2:]
        elif opening and min_tokens == 1 and len(run) > 1 and run[0].text.lower() in common:
            # (not in a syllabic script, where "phạm" of "tội phạm" says nothing about "Phạm Minh Chính")
            run = run[1:]
        while run and (run[-1].text.isdigit() or run[-1].text.lower() in _NAME_CONNECTORS):
            run = run[:-1]
        while run and run[0].text.lower() in _NAME_CONNECTORS:
            run = run[1:]
        if run:
            single = len(run) == 1
            acronym = single and is_acronym(run[0].text)
            opens_text = run[0].start == 0 or not text[:run[0].start].strip(" \"'“‘(-–—")
            if acronym or not (len(run) < min_tokens or (single and opens_text)):
                kind = "acronym" if acronym else "name"
                out.append(Span(text[run[0].start:run[-1].end], run[0].start, run[-1].end, kind))
        i = max(j, i + 1)
    return out


# --- numbers with units ------------------------------------------------------------------
def number_spans(text: str, lang: str, *, with_units_only: bool = False) -> list[Span]:
    """Numbers with their scale word and currency ("83,5 triệu AUD", "$83.5 million").

    Read by ``glossary.text.numbers`` in the language's own CLDR number format; ``with_units_only``
    keeps those with a currency, a scale word or a percent sign (a bare "18" is rarely a term).
    """
    out = []
    for fig in number_reader(lang).figures(text):
        if fig.kind == "date" or fig.value is None:
            continue
        has_unit = bool(fig.currency) or fig.kind == "percent" or any(ch.isalpha() for ch in fig.text)
        if with_units_only and not has_unit:
            continue
        out.append(Span(fig.text, fig.start, fig.end, "number", float(fig.value), fig.currency))
    return out


def number_key(value: float) -> str:
    return f"#{value:.6g}"


def lower_case_words(texts) -> frozenset[str]:
    """Words written in lower case somewhere in ``texts``: common words, not names."""
    return frozenset(t.text for text in texts for t in tokenize(text) if t.text.islower())


def structural_spans(text: str, lang: str, common: frozenset[str] = frozenset()) -> list[Span]:
    """Every term-like span of a text (they may overlap; a currency code is part of its number, not an acronym)."""
    numbers = number_spans(text, lang, with_units_only=True)
    names = [s for s in name_spans(text, lang, common) if not any(n.start <= s.start and s.end <= n.end for n in numbers)]
    return quoted_spans(text) + names + numbers


def plain(text: str) -> str:
    """Straight quotes and single spaces: how spans are shown and compared."""
    return " ".join(straighten(text).split())
