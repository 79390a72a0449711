"""The lean glossary check: the yardstick `glossary variance` is measured against (issue 17).

Written plainly, on purpose: no batching, no caching across pairs, no shortcut that skips a
pair. For every aligned pair it does what any glossary checker must do at the least:

- NFC and casefold the source and the target;
- find every source term of the glossary with one Aho-Corasick automaton (pyahocorasick)
  over the source, keeping matches that start and end at word boundaries;
- find every target term the same way with a second automaton over the target;
- give each concept found in the source one verdict: ``preferred`` if its preferred target
  term is in the target, else ``admitted``, else ``forbidden`` (a deprecated, superseded or
  forbidden term of the concept is there), else ``missing``;
- tally the verdicts per concept.

It finds no misspellings, classes no variant, names no rendering, writes no report: what it
does is the floor of the work, and `glossary variance` is judged by how close it comes.

Reads TMX (lxml ``iterparse``, elements cleared as read) or TSV (a header naming ``id`` and the
two languages, as ``benchmarks/synth.py`` writes it). The
glossary is read the project's way (``load_glossary``, from its warm cache), which is not
timed as part of the scan.

Run: python -m benchmarks.lean_reference GLOSSARY CORPUS [--source-lang vi --target-lang en]
Prints one JSON object: pairs, seconds (scan, build), pairs/s, verdict totals, and per
injected kind (when --truth names the generator's truth file) how many the verdicts caught.
"""
from __future__ import annotations

import argparse
import csv
import json
import sys
import time
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path
from typing import Iterator

import ahocorasick
from lxml import etree

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
AVOIDED = ("deprecated", "superseded", "forbidden")


def normal(text: str) -> str:
    return unicodedata.normalize("NFC", text).casefold()


def automaton(entries: dict[str, set[tuple[str, str]]]) -> ahocorasick.Automaton:
    """Key: normalised term; value: (key, {(concept id, status)})."""
    found = ahocorasick.Automaton()
    for key, values in entries.items():
        found.add_word(key, (key, frozenset(values)))
    found.make_automaton()
    return found


def at_word_boundaries(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else " "
    after = text[end + 1] if end + 1 < len(text) else " "
    return not before.isalnum() and not after.isalnum()


def matches(found: ahocorasick.Automaton, text: str) -> Iterator[tuple[str, str]]:
    """(concept id, status) of every whole-word term in ``text``."""
    for end, (key, values) in found.iter(text):
        start = end - len(key) + 1
        if at_word_boundaries(text, start, end):
            yield from values


def build(glossary, source_lang: str, target_lang: str):
    sources: dict[str, set[tuple[str, str]]] = defaultdict(set)
    targets: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for concept in glossary.concepts:
        for term in concept.terms_in(source_lang):
            sources[normal(term.text)].add((concept.id, term.status.value))
        for term in concept.terms_in(target_lang):
            targets[normal(term.text)].add((concept.id, term.status.value))
    return automaton(sources), automaton(targets)


def verdict(concept_id: str, in_target: dict[str, set[str]]) -> str:
    statuses = in_target.get(concept_id, set())
    if "preferred" in statuses:
        return "preferred"
    if "admitted" in statuses:
        return "admitted"
    if any(status in statuses for status in AVOIDED):
        return "forbidden"
    return "missing"


def tmx_pairs(path: Path, source_lang: str, target_lang: str) -> Iterator[tuple[str, str, str]]:
    """(unit id, source, target) of every <tu>."""
    for _, tu in etree.iterparse(str(path), tag="tu", resolve_entities=False, no_network=True):
        texts: dict[str, str] = {}
        for tuv in tu.iter("tuv"):
            seg = tuv.find("seg")
            if seg is not None:
                texts[tuv.get(XML_LANG, "").split("-")[0].lower()] = "".join(seg.itertext())
        if source_lang in texts and target_lang in texts:
            yield tu.get("tuid", ""), texts[source_lang], texts[target_lang]
        tu.clear()
        while tu.getprevious() is not None:
            del tu.getparent()[0]


def tsv_pairs(path: Path, source_lang: str, target_lang: str) -> Iterator[tuple[str, str, str]]:
    """(unit id, source, target) of every row of a TSV whose header names ``id`` and the two languages."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(rows)
        unit, source, target = header.index("id"), header.index(source_lang), header.index(target_lang)
        for row in rows:
            yield row[unit], row[source], row[target]


def check(glossary_path: Path, corpus: Path, source_lang: str, target_lang: str, *, truth: Path | None = None) -> dict:
    from glossary.store.load import load_glossary

    glossary = load_glossary(glossary_path)
    started = time.perf_counter()
    source_terms, target_terms = build(glossary, source_lang, target_lang)
    built = time.perf_counter()
    tallies: dict[str, Counter] = defaultdict(Counter)
    verdicts: dict[tuple[str, str], str] = {}
    keep = truth is not None
    pairs = 0
    read = tsv_pairs if corpus.suffix == ".tsv" else tmx_pairs
    reader = read(corpus, source_lang, target_lang)
    for unit_id, source, target in reader:
        pairs += 1
        in_source = {concept_id for concept_id, _ in matches(source_terms, normal(source))}
        if not in_source:
            continue
        in_target: dict[str, set[str]] = defaultdict(set)
        for concept_id, status in matches(target_terms, normal(target)):
            in_target[concept_id].add(status)
        for concept_id in in_source:
            said = verdict(concept_id, in_target)
            tallies[concept_id][said] += 1
            if keep:
                verdicts[(unit_id, concept_id)] = said
    scanned = time.perf_counter()
    totals: Counter = Counter()
    for counts in tallies.values():
        totals.update(counts)
    result = {"pairs": pairs, "build_s": round(built - started, 3), "scan_s": round(scanned - built, 3),
              "pairs_per_s": round(pairs / (scanned - built)) if scanned > built else None,
              "concepts_seen": len(tallies), "verdicts": dict(sorted(totals.items()))}
    if truth is not None:
        result["caught"] = caught(verdicts, truth)
    return result


def caught(verdicts: dict[tuple[str, str], str], truth: Path) -> dict:
    """Per injected kind the generator recorded: the share the lean verdicts name as that kind."""
    hits: Counter = Counter()
    totals: Counter = Counter()
    with truth.open(encoding="utf-8") as lines:
        for line in lines:
            item = json.loads(line)
            kind = item["kind"]
            if kind not in ("admitted", "forbidden", "missing"):
                continue
            totals[kind] += 1
            hits[kind] += verdicts.get((item["unit_id"], item["concept_id"])) == kind
    return {kind: round(hits[kind] / totals[kind], 4) for kind in sorted(totals)}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("glossary", type=Path)
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--source-lang", default="vi")
    parser.add_argument("--target-lang", default="en")
    parser.add_argument("--truth", type=Path)
    args = parser.parse_args(argv)
    print(json.dumps(check(args.glossary, args.corpus, args.source_lang, args.target_lang, truth=args.truth)))


if __name__ == "__main__":
    sys.exit(main())
