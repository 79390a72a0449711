"""Propose spans for review, apply the reviewer's decisions, and show the result.

    python propose.py en-vi dev            # writes work/en-vi.dev.review.txt (proposals + decisions applied)
    python propose.py en-vi dev --only-open  # only lines with no span yet / fewer spans than occurrences

Decisions live in ../labels/<pair>.<set>.txt, one a line:
    <id> <term>: omit                    the translation leaves the term out / paraphrases it beyond a span
    <id> <term>: untr [TEXT[#n]]         the English word left as is (TEXT: where it is copied in msgstr)
    <id> <term>: excl REASON             not a use of the term (code identifier, keyword, metavariable)
    <id> <term>: span TEXT[#n][ ; TEXT[#n]]...   the spans, replacing the proposal (n-th occurrence, 1-based)
    <id> <term>: ok                      the proposal as it stands, checked (implicit for every reviewed line)
"""
from __future__ import annotations

import json
import math
import re
import sys

from common import DEVSETS, WORK, load_jsonl, term_occurrences

from terms import TERMS

CAP = 40  # a term with more pairs than this is sampled: every k-th pair in sorted order, k = ceil(n / CAP)
LABELS = DEVSETS / "labels"

_MASK = re.compile(r"%(?:\d+\$)?[-+ 0#']*(?:\d+|\*)?(?:\.(?:\d+|\*))?(?:hh|h|ll|l|L|q|j|z|t)?[diouxXeEfFgGaAcsSpnm%]"
                   r"|%<\w+>|\$\{[^}]*\}|\{[\w.:!#]*\}|</?[A-Za-z][^<>]*>|(?<![\w-])(?!-[A-ZÄÖÜ][a-zäöüß]{2})--?[A-Za-z][A-Za-z0-9_-]*(?:=[\x21-\x7e]*)?")
_ACCEL = re.compile(r"(?<=\w)_(?=\w)|(?<![\w])_(?=\w)|&(?=\w)(?![A-Za-z]+;)")


def masked_view(t: str) -> tuple[str, list[int]]:
    """Target text for matching: placeholders/options/markup masked, accelerators dropped; with a map
    from each view position to its position in t."""
    chars = list(t)
    for m in _MASK.finditer(t):
        for i in range(m.start(), m.end()):
            chars[i] = "\x00"
    keep_view, pos = [], []
    for i, ch in enumerate(chars):
        if ch in "_&" and _ACCEL.match(t, i) and i + 1 < len(t):
            continue  # a GTK _ or Qt & accelerator inside a word
        keep_view.append(ch)
        pos.append(i)
    pos.append(len(t))
    return "".join(keep_view), pos


def sample(term: str, recs: list[dict]) -> tuple[list[dict], int, int]:
    hit = [r for r in recs if term_occurrences(term, r["clean"])]
    hit.sort(key=lambda r: (r["msgid"], r["msgstr"]))
    n = len(hit)
    k = math.ceil(n / CAP) if n > CAP else 1
    return hit[::k], n, k


def finder(pair: str, cands: list[str]):
    lang = pair.split("-")[1]
    if lang == "de":
        return re.compile("|".join(f"(?:{c})" for c in cands), re.IGNORECASE)
    if lang == "ja":
        return re.compile("|".join(re.escape(c) for c in sorted(cands, key=len, reverse=True)))
    alts = "|".join(re.escape(c) for c in sorted(set(cands), key=len, reverse=True))
    return re.compile(r"(?<!\w)(?:" + alts + r")(?!\w)", re.IGNORECASE)


def proposals(pair, rx, r, occ):
    view, pos = masked_view(r["msgstr"])
    out = []
    for m in rx.finditer(view):
        s, e = pos[m.start()], pos[m.end() - 1] + 1
        txt = m.group(0)
        if len(txt) >= 3 and txt.isupper() and view[m.end():m.end() + 1] not in (":", "!"):
            continue  # an ALL-CAPS metavariable (BENUTZER, DATEI) in the translation
        out.append([s, e, r["msgstr"][s:e]])
        if len(out) >= occ:
            break
    return out


def nth(text: str, sub: str, n: int) -> int:
    i = -1
    for _ in range(n):
        i = text.find(sub, i + 1)
        if i < 0:
            return -1
    return i


def parse_spec(spec: str, msgstr: str, where: str) -> list[list]:
    spans = []
    for part in [p.strip() for p in spec.split(" ; ") if p.strip()]:
        part = part.replace("\\n", "\n").replace("\\t", "\t")
        n = 1
        if part.startswith("re:"):
            found = list(re.finditer(part[3:], msgstr))
            if not found:
                raise SystemExit(f"{where}: {part!r} not in msgstr {msgstr!r}")
            spans.append([found[0].start(), found[0].end(), found[0].group(0)])
            continue
        m = re.fullmatch(r"(.*)#(\d+)", part)
        if m:
            part, n = m.group(1), int(m.group(2))
        i = nth(msgstr, part, n)
        if i < 0:
            raise SystemExit(f"{where}: {part!r} (#{n}) not in msgstr {msgstr!r}")
        spans.append([i, i + len(part), part])
    spans.sort()
    return spans


def load_decisions(pair: str, which: str) -> dict[tuple[str, str], tuple[str, str]]:
    path = LABELS / f"{pair}.{which}.txt"
    out = {}
    if not path.exists():
        return out
    for ln, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = line.rstrip("\n")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        m = re.match(r"([0-9a-f]{10}) ([^:]+): (ok|omit|untr|excl|span)\s?(.*)$", line)
        if not m:
            raise SystemExit(f"{path}:{ln}: cannot read {line!r}")
        key = (m.group(1), m.group(2))
        if key in out:
            raise SystemExit(f"{path}:{ln}: second decision for {key}")
        out[key] = (m.group(3), m.group(4).strip())
    return out


def label_all(pair: str, which: str):
    recs = list(load_jsonl(WORK / f"{pair}.pairs.jsonl"))
    decisions = load_decisions(pair, which)
    used = set()
    result = {}
    for term, cands in TERMS[pair][which].items():
        picked, n, k = sample(term, recs)
        rx = finder(pair, cands)
        items = []
        for r in picked:
            occ = len(term_occurrences(term, r["clean"]))
            spans = proposals(pair, rx, r, occ)
            status, note, decided = ("rendered" if spans else "open"), "", False
            d = decisions.get((r["id"], term))
            if d:
                used.add((r["id"], term))
                decided = True
                act, arg = d
                where = f"{pair}.{which} {r['id']} {term}"
                if act == "omit":
                    status, spans = "omitted", []
                elif act == "untr":
                    status, spans = "untranslated", parse_spec(arg, r["msgstr"], where) if arg else []
                elif act == "excl":
                    status, spans, note = "excluded", [], arg
                elif act == "span":
                    status, spans = "rendered", parse_spec(arg, r["msgstr"], where)
                elif act == "ok" and not spans:
                    raise SystemExit(f"{where}: ok but nothing proposed")
            items.append({"rec": r, "occ": occ, "spans": spans, "status": status, "note": note, "decided": decided})
        result[term] = {"n": n, "k": k, "items": items}
    stale = set(decisions) - used
    if stale:
        print("decisions for pairs not in the sample:", sorted(stale)[:10], file=sys.stderr)
    return result


def squash(s: str) -> str:
    return s.replace("\n", "⏎").replace("\t", "⇥")


def show(item: dict, term: str) -> str:
    r, spans, occ = item["rec"], item["spans"], item["occ"]
    en = r["clean"]
    m = term_occurrences(term, en)[0]
    a, b = max(0, m.start() - 45), min(len(en), m.end() + 45)
    en_s = ("…" if a else "") + en[a:m.start()] + "[" + en[m.start():m.end()] + "]" + en[m.end():b] + ("…" if b < len(en) else "")
    t = r["msgstr"]
    marked = t
    for s, e, _ in reversed(spans):
        marked = marked[:s] + "[" + marked[s:e] + "]" + marked[e:]
    if len(marked) > 170 and spans:
        c = spans[0][0]
        a, b = max(0, c - 70), min(len(marked), c + 100)
        marked = ("…" if a else "") + marked[a:b] + ("…" if b < len(marked) else "")
    elif len(marked) > 300:
        marked = marked[:300] + "…"
    st = item["status"]
    flag = {"rendered": "  ", "open": "??", "omitted": "OM", "untranslated": "UN", "excluded": "EX"}[st]
    if st == "rendered" and len(spans) < occ:
        flag = f"{len(spans)}/{occ}"
    if item["decided"]:
        flag = flag.lower() if flag.strip() else "=="
    return f"{flag} {r['id']} | {squash(en_s)} || {squash(marked)}"


if __name__ == "__main__":
    pair, which = sys.argv[1], sys.argv[2]
    only_open = "--only-open" in sys.argv
    res = label_all(pair, which)
    lines = []
    for term, t in res.items():
        lines.append(f"\n## {term}  (pairs {t['n']}, k={t['k']}, labelled {len(t['items'])})")
        for it in t["items"]:
            line = show(it, term)
            if only_open and not (it["status"] == "open" or (it["status"] == "rendered" and len(it["spans"]) < it["occ"] and not it["decided"])):
                continue
            lines.append(line)
    snap_path = WORK / f"{pair}.{which}.snapshot.json"
    snap = {f"{term}|{it['rec']['id']}": [it["status"], it["spans"]] for term, t in res.items() for it in t["items"]}
    if snap_path.exists():
        before = json.loads(snap_path.read_text(encoding="utf-8"))
        for key, val in snap.items():
            if key in before and before[key] != val:
                print("CHANGED", key, before[key], "->", val, file=sys.stderr)
    snap_path.write_text(json.dumps(snap, ensure_ascii=False), encoding="utf-8")
    out = WORK / f"{pair}.{which}.review.txt"
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(out, sum(len(t["items"]) for t in res.values()), "pairs;",
          sum(1 for t in res.values() for it in t["items"] if it["status"] == "open"), "open", file=sys.stderr)
