"""Synthetic corpora and glossaries for the scale benchmarks, with known variants.

Deterministic for a seed. A glossary of M terms pairs Vietnamese-like source terms
(real syllables, with tones) with English-like target terms; some concepts carry
an admitted acronym and a forbidden variant. A corpus of N aligned pairs puts one
to three glossary terms in each source sentence among filler words, and renders
each in the target as the preferred term, or, at ``variant_rate``, as an admitted,
forbidden or misspelt rendering or leaves it out, recording every injection in
``truth`` so speed and recall are measured on the same run.
Files are written streaming, so a million pairs never sit in memory.
"""
from __future__ import annotations

import json
import random
import unicodedata
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Iterator
from xml.sax.saxutils import escape

from glossary.model import Concept, Status, Term, TermType


def _vi_syllables() -> tuple[str, ...]:
    """Vietnamese-shaped syllables: onset x rhyme x tone, the tone mark on the rhyme's first
    vowel (NFC). About 5,000 of them, so that at 50,000 terms the source terms do not cover
    every pair of syllables (a glossary drawn from 85 syllables did: every bigram of a
    sentence became a term, a property of the generator, not of real glossaries)."""
    onsets = ("", "b", "c", "ch", "d", "đ", "g", "gi", "h", "kh", "l", "m", "n", "ng", "nh", "ph", "qu", "s",
              "t", "th", "tr", "v", "x")
    rhymes = ("a", "ai", "am", "an", "ang", "anh", "ao", "at", "ay", "âm", "ân", "âu", "em", "en", "eo", "ê",
              "êm", "ên", "i", "im", "in", "inh", "o", "oa", "oai", "oan", "oang", "oi", "om", "on", "ong", "ô",
              "ôi", "ôn", "ông", "ơ", "ơi", "ơn", "u", "ui", "um", "un", "ung", "uy", "ư", "ưa", "ưng", "ươn")
    tones = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")  # level, grave, acute, hook, tilde, dot
    out = []
    for onset in onsets:
        for rhyme in rhymes:
            for tone in tones:
                vowel = next(i for i, ch in enumerate(rhyme) if ch in "aăâeêioôơuưy")
                out.append(unicodedata.normalize("NFC", onset + rhyme[:vowel + 1] + tone + rhyme[vowel + 1:]))
    return tuple(dict.fromkeys(out))


VI_SYLLABLES = _vi_syllables()
VI_FILLER = "các và của trong với cho những đã được là này một có không về để theo từ tại khi".split()
EN_SYLLABLES = ("pro gram cy ber se cu ri ty na tion al fice con ven min is ter dis cus sion co op era le gal "
                "fra mer tra port ex ec tive di rec tor pol man dar vel ment stra teg").split()
EN_FILLER = "the of and to in a is that for on with as was by at from said it this be are".split()

VARIANT_KINDS = ("admitted", "forbidden", "misspelling", "missing")


@dataclass(frozen=True, slots=True)
class Injection:
    """What the generator put in one target: the check a scan should report."""

    unit_id: str
    concept_id: str
    kind: str  # preferred | admitted | forbidden | misspelling | missing
    text: str


def _en_word(rng: random.Random) -> str:
    return "".join(rng.choice(EN_SYLLABLES) for _ in range(rng.randint(2, 4)))


def _misspell(word: str, rng: random.Random) -> str:
    """Swap two neighbouring inner letters (UNODC -> UNDOC); the result differs from the input."""
    letters = list(word)
    inner = [i for i in range(1, len(letters) - 2) if letters[i] != letters[i + 1]]
    if not inner:
        return word + word[-1]
    i = rng.choice(inner)
    letters[i], letters[i + 1] = letters[i + 1], letters[i]
    return "".join(letters)


def make_concepts(terms: int, *, seed: int = 1, source_lang: str = "vi", target_lang: str = "en") -> list[Concept]:
    """About ``terms`` terms in all, unique per language, so no term is preferred twice."""
    rng = random.Random(seed)
    seen_src: set[str] = set()
    seen_tgt: set[str] = set()
    concepts: list[Concept] = []
    count = 0
    while count < terms:
        n = len(concepts) + 1
        src = " ".join(rng.choice(VI_SYLLABLES) for _ in range(rng.randint(2, 4)))
        tgt = " ".join(_en_word(rng) for _ in range(rng.randint(1, 3)))
        if src in seen_src or tgt.lower() in seen_tgt:
            continue
        seen_src.add(src)
        seen_tgt.add(tgt.lower())
        target_terms = [Term(tgt, target_lang, Status.PREFERRED, TermType.FULL_FORM)]
        if rng.random() < 0.3:
            forbidden = f"{_en_word(rng)} {tgt.split()[-1]}"
            if forbidden.lower() not in seen_tgt:
                seen_tgt.add(forbidden.lower())
                target_terms.append(Term(forbidden, target_lang, Status.FORBIDDEN, TermType.VARIANT))
        if len(tgt.split()) > 1 and rng.random() < 0.3:
            acronym = "".join(w[0] for w in tgt.split()).upper() + str(n)  # unique: the digit keeps it apart
            target_terms.append(Term(acronym, target_lang, Status.ADMITTED, TermType.ACRONYM))
        concepts.append(Concept(id=f"c{n}", terms={source_lang: [Term(src, source_lang)], target_lang: target_terms}))
        count += 1 + len(target_terms)
    return concepts


def write_glossary_yaml(concepts: list[Concept], path: Path) -> None:
    """The terms/ format, written directly (the round-trip writer is too slow for 50k concepts)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as out:
        out.write("# Generated by benchmarks/synth.py\nconcepts:\n")
        for concept in concepts:
            out.write(f"  - id: {concept.id}\n    terms:\n")
            for lang, terms in concept.terms.items():
                out.write(f"      {lang}:\n")
                for term in terms:
                    out.write(f"        - term: {json.dumps(term.text, ensure_ascii=False)}\n")
                    out.write(f"          status: {term.status.value}\n")
                    if term.type:
                        out.write(f"          type: {term.type.value}\n")


def iter_pairs(concepts: list[Concept], pairs: int, *, seed: int = 2, variant_rate: float = 0.1,
               source_lang: str = "vi", target_lang: str = "en") -> Iterator[tuple[str, str, str, list[Injection]]]:
    """(unit id, source, target, injections) for ``pairs`` aligned pairs."""
    rng = random.Random(seed)
    for number in range(1, pairs + 1):
        unit_id = f"u{number}"
        src_parts: list[str] = []
        tgt_parts: list[str] = []
        injections: list[Injection] = []
        for concept in rng.sample(concepts, rng.randint(1, 3)):
            src_parts += [rng.choice(VI_FILLER) for _ in range(rng.randint(2, 6))] + [concept.terms[source_lang][0].text]
            preferred = concept.preferred(target_lang)
            kind = "preferred"
            text = preferred.text
            if rng.random() < variant_rate:
                kind = rng.choice(VARIANT_KINDS)
                others = {
                    "admitted": concept.with_status(target_lang, Status.ADMITTED),
                    "forbidden": concept.with_status(target_lang, Status.FORBIDDEN),
                }.get(kind)
                if others is not None:
                    if others:
                        text = others[0].text
                    else:
                        kind = "preferred"
                elif kind == "misspelling":
                    words = text.split()
                    longest = max(range(len(words)), key=lambda i: len(words[i]))
                    words[longest] = _misspell(words[longest], rng)
                    text = " ".join(words)
                else:
                    text = ""
            injections.append(Injection(unit_id, concept.id, kind, text))
            tgt_parts += [rng.choice(EN_FILLER) for _ in range(rng.randint(2, 6))] + ([text] if text else [])
        source = _sentence(src_parts)
        target = _sentence(tgt_parts)
        yield unit_id, source, target, injections


def _sentence(parts: list[str]) -> str:
    text = " ".join(parts)
    return text[:1].upper() + text[1:] + "."  # not str.capitalize: it would lower-case acronyms


def write_tmx(pair_iter: Iterator[tuple[str, str, str, list[Injection]]], path: Path, *, truth: Path | None = None,
              source_lang: str = "vi", target_lang: str = "en") -> int:
    """Stream pairs to a TMX 1.4b file (and their injections to a JSONL truth file)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    truth_out = truth.open("w", encoding="utf-8") if truth else None
    try:
        with path.open("w", encoding="utf-8") as out:
            out.write('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n'
                      f'<header creationtool="glossary-bench" creationtoolversion="1" segtype="sentence" '
                      f'o-tmf="synth" adminlang="en" srclang="{source_lang}" datatype="plaintext"/>\n<body>\n')
            for unit_id, source, target, injections in pair_iter:
                doc = f"doc{int(unit_id[1:]) // 500}"
                out.write(f'<tu tuid="{unit_id}"><prop type="x-document">{doc}</prop>'
                          f'<tuv xml:lang="{source_lang}"><seg>{escape(source)}</seg></tuv>'
                          f'<tuv xml:lang="{target_lang}"><seg>{escape(target)}</seg></tuv></tu>\n')
                if truth_out:
                    for item in injections:
                        truth_out.write(json.dumps(asdict(item), ensure_ascii=False) + "\n")
                count += 1
            out.write("</body>\n</tmx>\n")
    finally:
        if truth_out:
            truth_out.close()
    return count


def write_tsv(pair_iter: Iterator[tuple[str, str, str, list[Injection]]], path: Path, *, truth: Path | None = None,
              source_lang: str = "vi", target_lang: str = "en") -> int:
    """Stream pairs to a TSV with a header row (id, document, the two languages), the same units
    and documents as ``write_tmx`` (and their injections to a JSONL truth file)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    truth_out = truth.open("w", encoding="utf-8") if truth else None
    try:
        with path.open("w", encoding="utf-8", newline="") as out:
            out.write(f"id\tdocument\t{source_lang}\t{target_lang}\n")
            for unit_id, source, target, injections in pair_iter:
                out.write(f"{unit_id}\tdoc{int(unit_id[1:]) // 500}\t{source}\t{target}\n")
                if truth_out:
                    for item in injections:
                        truth_out.write(json.dumps(asdict(item), ensure_ascii=False) + "\n")
                count += 1
    finally:
        if truth_out:
            truth_out.close()
    return count


def write_po(pair_iter: Iterator[tuple[str, str, str, list[Injection]]], path: Path, *, repeat_every: int = 7,
             target_lang: str = "en") -> int:
    """A PO file where every ``repeat_every``-th source reappears (with its own msgctxt) under another
    target, so segment-level conflicts exist for a poconflicts comparison."""
    path.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    previous: list[tuple[str, str]] = []

    def q(text: str) -> str:
        return json.dumps(text, ensure_ascii=False)

    with path.open("w", encoding="utf-8") as out:
        out.write('msgid ""\nmsgstr ""\n"Project-Id-Version: synth\\n"\n"PO-Revision-Date: 2026-01-01 00:00+0000\\n"\n'
                  '"Last-Translator: synth\\n"\n"Language-Team: synth\\n"\n"MIME-Version: 1.0\\n"\n'
                  '"Content-Type: text/plain; charset=UTF-8\\n"\n"Content-Transfer-Encoding: 8bit\\n"\n'
                  f'"Language: {target_lang}\\n"\n\n')
        for unit_id, source, target, _ in pair_iter:
            out.write(f"msgctxt {q(unit_id)}\nmsgid {q(source)}\nmsgstr {q(target)}\n\n")
            count += 1
            previous.append((source, target))
            if count % repeat_every == 0 and len(previous) > 1:
                old_source, old_target = previous[-2]
                out.write(f"msgctxt {q(unit_id + '-again')}\nmsgid {q(old_source)}\nmsgstr {q(old_target + ' again')}\n\n")
                count += 1
            if len(previous) > 4:
                previous.pop(0)
    return count
