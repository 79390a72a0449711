"""Build hanoi-convention.tmx from the five English seeds and vi-source.tsv.

The English is copied exactly as published (errors included: they are what the
tool looks for); the Vietnamese source sentences are hand-written in the TSV.
Run from anywhere: ``python corpora/hanoi-convention/_build/make_tmx.py``.
"""
from __future__ import annotations

import argparse
import re
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

HERE = Path(__file__).resolve().parent
REPO = Path(__file__).resolve().parents[3]
DEFAULT_SEEDS = Path(__file__).resolve().parent / "seeds"  # the five renderings as published
TSV_HEADER = ["document", "paragraph", "sentence", "source_id", "vi"]
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@dataclass(frozen=True)
class Doc:
    id: str
    outlet: str  # "unknown" where the seed names none
    date: str  # ISO date of publication, else of the event
    rendering: str


# Keyed by the seed's three-digit prefix (the rest of the file name is a hash).
DOCS: dict[str, Doc] = {
    "000": Doc("dantri-2025-10-25-pm-5-day-manh", "Dân trí (dantri.com.vn)", "2025-10-25",
               "Dân trí, English rendering: PM calls for \"5 đẩy mạnh\" to implement the Hanoi Convention"),
    "001": Doc("unknown-2025-10-25-high-level-discussion", "unknown", "2025-10-25",
               "Unknown outlet, English rendering: high-level discussion session of 25 October"),
    "002": Doc("dantri-2025-10-26-no-country-alone", "Dân trí (dantri.com.vn)", "2025-10-26",
               "Dân trí, English rendering: no country can fight cybercrime alone"),
    "003": Doc("unknown-2025-10-25-press-conference", "unknown", "2025-10-25",
               "Unknown outlet (HCMC dateline), English: PM Chinh and Guterres press conference"),
    "004": Doc("gulfobserver-2025-10-29-global-unity", "The Gulf Observer", "2025-10-29",
               "The Gulf Observer: Vietnam Calls for Global Unity to Implement Hanoi Convention"),
}

# Page furniture, not article text. Checked in order; first match gives the reason.
FURNITURE: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"\(Photo:"), "photo caption"),
    (re.compile(r"^Comment \(\d+\)$"), "comment counter"),
    (re.compile(r"^Source: https?://\S+$"), "source URL line (kept as x-url)"),
    (re.compile(r"^[A-Z][a-z]+ \d{1,2}, \d{4}$"), "standalone dateline"),
    (re.compile(r"^Cornerstone of Cybersecurity Cooperation$"), "repeated kicker (duplicates the headline's end)"),
]

# A "." after these does not end a sentence.
ABBREVIATIONS = {"Mr.", "Ms.", "Mrs.", "Dr.", "Prof.", "St.", "No.", "vs.", "e.g.", "i.e.", "U.S.", "U.N."}
OPENERS = "\"“‘"


def split_sentences(text: str) -> list[str]:
    """Split at a single space after . ! ? (optionally closed by a quote) before a capital.

    Only the separating space is dropped, so " ".join(result) == text.
    """
    out: list[str] = []
    start = 0
    straight = False  # inside "…" (straight quotes toggle)
    curly = 0  # depth of “…”
    for i, ch in enumerate(text):
        if ch == '"':
            straight = not straight
        elif ch == "“":
            curly += 1
        elif ch == "”":
            curly = max(0, curly - 1)
        elif ch == " " and not straight and curly == 0 and _ends_sentence(text, start, i):
            out.append(text[start:i])
            start = i + 1
    out.append(text[start:])
    return out


def _ends_sentence(text: str, start: int, i: int) -> bool:
    before = text[start:i]
    end = before.rstrip("\"”’'")
    if not end or end[-1] not in ".!?" or i + 1 >= len(text):
        return False
    nxt = text[i + 1:].lstrip(OPENERS)
    if not nxt or not nxt[0].isupper() or text[i + 1] == " ":
        return False
    word = end.rsplit(" ", 1)[-1]
    # Abbreviations, list numbers ("1.") and initials ("A.") are not sentence ends.
    return not (word in ABBREVIATIONS or re.fullmatch(r"\d+\.|[A-Z]\.", word))


@dataclass(frozen=True)
class Sentence:
    seed: str
    doc: Doc
    url: str | None
    paragraph: int  # physical 1-based line number in the seed
    sentence: int
    en: str


def read_seed(path: Path) -> tuple[list[tuple[int, str]], list[tuple[int, str]], str | None]:
    """Kept (line number, stripped text), excluded (line number, reason), source URL."""
    kept: list[tuple[int, str]] = []
    excluded: list[tuple[int, str]] = []
    url: str | None = None
    # split("\n"), not splitlines(): line numbers must be physical file lines.
    for number, raw in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1):
        line = raw.strip()
        if not line:
            continue
        reason = next((r for pattern, r in FURNITURE if pattern.search(line)), None)
        if reason is None:
            kept.append((number, line))
            continue
        excluded.append((number, reason))
        if line.startswith("Source: "):
            url = line.removeprefix("Source: ")
    return kept, excluded, url


def seed_files(seeds: Path) -> list[Path]:
    files = sorted(seeds.glob("[0-9][0-9][0-9]_*.txt"))
    prefixes = [f.name[:3] for f in files]
    if sorted(prefixes) != sorted(DOCS):
        sys.exit(f"error: expected seeds {sorted(DOCS)} in {seeds}, found {prefixes}")
    return files


def collect(seeds: Path) -> tuple[list[Sentence], list[tuple[str, int, str]]]:
    sentences: list[Sentence] = []
    excluded: list[tuple[str, int, str]] = []
    for path in seed_files(seeds):
        doc = DOCS[path.name[:3]]
        kept, dropped, url = read_seed(path)
        excluded += [(path.name, number, reason) for number, reason in dropped]
        for number, line in kept:
            for index, en in enumerate(split_sentences(line), start=1):
                sentences.append(Sentence(path.name, doc, url, number, index, en))
    return sentences, excluded


def read_tsv(path: Path) -> dict[tuple[str, int, int], tuple[str, str]]:
    """(document, paragraph, sentence) -> (source_id, vi), with shape checks."""
    rows: dict[tuple[str, int, int], tuple[str, str]] = {}
    problems: list[str] = []
    lines = path.read_text(encoding="utf-8").split("\n")
    if lines[0].split("\t") != TSV_HEADER:
        sys.exit(f"error: {path.name}: header must be {TSV_HEADER}")
    vi_by_source: dict[str, str] = {}
    for number, line in enumerate(lines[1:], start=2):
        if not line:
            continue
        cells = line.split("\t")
        if len(cells) != len(TSV_HEADER):
            problems.append(f"line {number}: {len(cells)} columns, expected {len(TSV_HEADER)}")
            continue
        document, paragraph, sentence, source_id, vi = cells
        key = (document, int(paragraph), int(sentence))
        if key in rows:
            problems.append(f"line {number}: duplicate entry {document} p{paragraph} s{sentence}")
        if not vi.strip() or not unicodedata.is_normalized("NFC", vi):
            problems.append(f"line {number}: vi is empty or not NFC: {vi!r}")
        # One source id means one Vietnamese sentence, rendered several times.
        if vi_by_source.setdefault(source_id, vi) != vi:
            problems.append(f"line {number}: source_id {source_id} has a different vi than its first row")
        rows[key] = (source_id, vi)
    if problems:
        sys.exit(f"error: {path.name}:\n  " + "\n  ".join(problems))
    return rows


def build(sentences: list[Sentence], rows: dict[tuple[str, int, int], tuple[str, str]]) -> bytes:
    root = etree.Element("tmx", version="1.4")
    header = etree.SubElement(root, "header", {
        "creationtool": "glossary", "creationtoolversion": "0.1.0", "segtype": "sentence",
        "o-tmf": "glossary", "adminlang": "en", "srclang": "vi", "datatype": "plaintext",
    })
    etree.SubElement(header, "note").text = (
        "Vietnamese source sentences were written by the glossary project (the originals are not "
        "available); English segments are exactly as published.")
    body = etree.SubElement(root, "body")
    missing: list[str] = []
    used: set[tuple[str, int, int]] = set()
    for s in sentences:
        key = (s.doc.id, s.paragraph, s.sentence)
        if key not in rows:
            missing.append(f"{s.seed} line {s.paragraph} sentence {s.sentence}: {s.en!r}")
            continue
        used.add(key)
        source_id, vi = rows[key]
        tu = etree.SubElement(body, "tu", tuid=f"{s.doc.id}-p{s.paragraph}-s{s.sentence}")
        props = [("x-document", s.doc.id), ("x-outlet", s.doc.outlet), ("x-date", s.doc.date)]
        props += [("x-url", s.url)] if s.url else []
        props += [("x-rendering", s.doc.rendering), ("x-source-id", source_id),
                  ("x-paragraph", str(s.paragraph)), ("x-sentence", str(s.sentence)), ("x-seed", s.seed)]
        for kind, value in props:
            etree.SubElement(tu, "prop", type=kind).text = value
        for lang, text in (("vi", vi), ("en", s.en)):
            tuv = etree.SubElement(tu, "tuv", {XML_LANG: lang})
            etree.SubElement(tuv, "seg").text = text
    unused = [f"{d} p{p} s{n}: {rows[(d, p, n)][1]!r}" for d, p, n in sorted(set(rows) - used)]
    if missing or unused:
        report = [f"English sentence without Vietnamese source: {m}" for m in missing]
        report += [f"TSV entry matches no English sentence: {u}" for u in unused]
        sys.exit("error:\n  " + "\n  ".join(report))
    etree.indent(root, space="  ")
    # lxml would write the declaration with single quotes; write the usual one ourselves.
    body_bytes = etree.tostring(root, encoding="UTF-8", xml_declaration=False)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + body_bytes + b"\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=Path, default=DEFAULT_SEEDS, help="folder with 000_*.txt … 004_*.txt")
    parser.add_argument("--tsv", type=Path, default=HERE / "vi-source.tsv")
    parser.add_argument("--out", type=Path, default=HERE.parent / "hanoi-convention.tmx")
    parser.add_argument("--excluded", type=Path, default=HERE / "excluded.tsv")
    args = parser.parse_args(argv)
    if not args.seeds.is_dir():
        sys.exit(f"error: seeds folder not found: {args.seeds}")
    sentences, excluded = collect(args.seeds)
    data = build(sentences, read_tsv(args.tsv))
    args.out.write_bytes(data)
    lines = ["seed\tline\treason"] + [f"{seed}\t{line}\t{reason}" for seed, line, reason in excluded]
    args.excluded.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {args.out} ({len(sentences)} tus) and {args.excluded} ({len(excluded)} lines excluded)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
