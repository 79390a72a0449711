"""Compile the reviewed labels into ../<pair>.<set>.json.

    python build.py en-vi dev          # writes ../en-vi.dev.json, prints the rendering table per term

Renderings: each labelled span, accelerators (_ &) removed and runs of whitespace made one space,
is a rendering as written; ``key`` is its case-folded NFC form. The canonical rendering is the most used
translated key (ties: the first seen in sorted pair order), shown in its most used written form. Classes
against the canonical are proposed by rules (classify) and corrected by hand in labels/classes.<pair>.txt:
    <term> | <rendering text> | <class>
"""
from __future__ import annotations

import json
import re
import sys
import unicodedata
from collections import Counter, OrderedDict
from datetime import date
from pathlib import Path

from common import DEVSETS, WORK, catalogue_paths, package_of
from propose import CAP, LABELS, label_all
from rapidfuzz.distance import Levenshtein

CLASSES = ("identical", "case", "orthographic", "diacritics", "inflection", "abbreviation", "misspelling", "lexical")
TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


_VOWEL = re.compile(r"[aeiouyăâêôơưáàảãạéèẻẽẹíìỉĩịóòỏõọúùủũụýỳỷỹỵấầẩẫậắằẳẵặếềểễệốồổỗộớờởỡợứừửữự]", re.IGNORECASE)


def strip_accel(span: str, lang: str) -> str:
    """GTK _ / Qt & accelerators out (_Thư, thư _mục, Mạ_ng, &Datei). In Vietnamese an underscore between two
    syllables (tập_tin, tùy_chọn: a metavariable-style join) is kept; it is an accelerator when a side has no vowel."""
    out = re.sub(r"&(?=\w)", "", span)
    out = re.sub(r"(?:(?<=\s)|^|(?<=\())_(?=\w)", "", out)

    def mid(m: re.Match) -> str:
        left, right = m.group(1), m.group(2)
        if lang == "vi" and _VOWEL.search(left) and _VOWEL.search(right):
            return m.group(0)
        return left + right
    return re.sub(r"(\w+)_(\w+)", mid, out)


def key_of(text: str) -> str:
    return unicodedata.normalize("NFC", text).casefold()


def _base_and_tones(s: str) -> tuple[str, list[str]]:
    syls = []
    for syl in s.split():
        d = unicodedata.normalize("NFD", syl)
        tones = "".join(ch for ch in d if ch in TONES)
        base = unicodedata.normalize("NFC", "".join(ch for ch in d if ch not in TONES))
        syls.append((base.replace("y", "i"), tones))
    return " ".join(b for b, _ in syls), [t for _, t in syls]


def _strip_all(s: str) -> str:
    d = unicodedata.normalize("NFD", s.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in d if not unicodedata.combining(ch))


def _sep_free(s: str) -> str:
    return re.sub(r"[\s\-_‐・·]+", "", s)


_DE_SUFFIXES = ("enden", "ender", "endes", "ende", "end", "sses", "ses", "sen", "se", "nen", "ens", "en", "er",
                "es", "em", "ns", "e", "n", "s", "tet", "ten", "te", "t", "st")
_DE_UMLAUT = str.maketrans({"ä": "a", "ö": "o", "ü": "u"})


def _de_stems(word: str) -> set[str]:
    """Candidate stems of a German word form: itself, minus one inflection ending, minus a ge- participle
    prefix, ies->y; umlauts folded (Passwort / Passwörter)."""
    w = word.replace("ß", "ss")
    forms = {w}
    if w.endswith("ies"):
        forms.add(w[:-3] + "y")
    if w.startswith("ge") and len(w) > 5:
        forms.add(w[2:])
    out = set()
    for f in forms:
        out.add(f)
        for suf in _DE_SUFFIXES:
            if f.endswith(suf) and len(f) - len(suf) >= 3:
                out.add(f[:-len(suf)])
    return {x.translate(_DE_UMLAUT) for x in out}


def classify(lang: str, text: str, canon: str) -> str:
    if text == canon:
        return "identical"
    a, b = key_of(text), key_of(canon)
    if a == b:
        return "case"
    if _sep_free(a) == _sep_free(b):
        return "orthographic"
    if lang == "vi" and _base_and_tones(a) == _base_and_tones(b):
        return "orthographic"
    if lang == "ja":
        na, nb = unicodedata.normalize("NFKC", a), unicodedata.normalize("NFKC", b)
        if _sep_free(na).rstrip("ー") == _sep_free(nb).rstrip("ー") or na.replace("ー", "") == nb.replace("ー", ""):
            return "orthographic"
    if lang == "de":
        if a.replace("ß", "ss") == b.replace("ß", "ss"):
            return "orthographic"
        wa, wb = re.split(r"[\s\-‐]+", a), re.split(r"[\s\-‐]+", b)
        if len(wa) == len(wb) and all(_de_stems(x) & _de_stems(y) for x, y in zip(wa, wb)):
            return "inflection"
    if _strip_all(a) == _strip_all(b):
        return "diacritics"
    wa, wb = a.split(), b.split()
    short, long_ = (wa, wb) if len(wa) < len(wb) else (wb, wa)
    if len(short) < len(long_) and any(long_[i:i + len(short)] == short for i in range(len(long_) - len(short) + 1)):
        return "abbreviation"
    if "." in a and "." not in b:
        return "abbreviation"
    if len(a) >= 4 and Levenshtein.distance(a, b) <= (1 if len(b) < 6 else 2):
        return "misspelling"
    return "lexical"


def load_class_overrides(pair: str) -> dict[tuple[str, str], str]:
    path = LABELS / f"classes.{pair}.txt"
    out = {}
    if path.exists():
        for ln, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip() or line.startswith("#"):
                continue
            parts = [p.strip() for p in line.split("|")]
            if len(parts) != 3 or parts[2] not in CLASSES:
                raise SystemExit(f"{path}:{ln}: {line!r}")
            out[(parts[0], parts[1])] = parts[2]
    return out


def catalogue_info(lang: str) -> list[dict]:
    cache = WORK / f"packages.{lang}.json"
    if cache.exists():
        return json.loads(cache.read_text())
    files = json.loads((WORK / f"en-{lang}.files.json").read_text()) if (WORK / f"en-{lang}.files.json").exists() else None
    out = []
    counts = {Path(f["file"]).name: f["pairs"] for f in files} if files else {}
    for p in catalogue_paths(lang):
        pkg, ver = package_of(p)
        out.append({"file": str(p), "package": pkg, "version": ver, "pairs": counts.get(p.name)})
    cache.write_text(json.dumps(out, indent=1))
    return out


def build(pair: str, which: str) -> dict:
    lang = pair.split("-")[1]
    res = label_all(pair, which)
    overrides = load_class_overrides(pair)
    used_overrides = set()
    terms = OrderedDict()
    pairs_out = []
    for term, t in res.items():
        status = Counter()
        written = Counter()   # rendering text -> uses
        bound = Counter()     # rendering text -> uses inside a compound (de: Konfigurations|datei|)
        forms = {}            # rendering text -> Counter of exact spans
        untr = set()
        order = []
        for it in t["items"]:
            r = it["rec"]
            open_ = it["status"] == "open"
            if open_:
                raise SystemExit(f"{pair}.{which}: {term} {r['id']} has no decision")
            status[it["status"]] += 1
            spans_out = []
            for s, e, txt in it["spans"]:
                rt = re.sub(r"\s+", " ", strip_accel(txt, lang)).strip()
                written[rt] += 1
                msg = r["msgstr"]
                if lang == "de" and ((s > 0 and msg[s - 1].isalpha()) or (e < len(msg) and msg[e].isalpha())):
                    bound[rt] += 1
                forms.setdefault(rt, Counter())[txt] += 1
                if rt not in order:
                    order.append(rt)
                if it["status"] == "untranslated":
                    untr.add(rt)
                spans_out.append({"start": s, "end": e, "text": txt, "rendering": rt})
            pairs_out.append({"term": term, "id": r["id"], "files": r["files"], "msgid": r["msgid"],
                              "msgstr": r["msgstr"], "status": it["status"], "occurrences": it["occ"],
                              "spans": spans_out, **({"note": it["note"]} if it["note"] else {})})
        by_key = Counter()
        for rt, n in written.items():
            if rt not in untr:
                by_key[key_of(rt)] += n - bound[rt]  # de: the canonical is a free-standing word, not a compound element
        if by_key and not any(by_key.values()):
            by_key = Counter({key_of(rt): n for rt, n in written.items() if rt not in untr})
        by_key = Counter({k: v for k, v in by_key.items() if v > 0})
        canon_key = max(by_key, key=lambda k: (by_key[k], -min(order.index(x) for x in written if key_of(x) == k))) \
            if by_key else None
        canon = None
        if canon_key is not None:
            canon = max((x for x in written if key_of(x) == canon_key),
                        key=lambda x: (written[x] - bound[x], -order.index(x)))
        rends = []
        for rt in sorted(written, key=lambda x: (-written[x], order.index(x))):
            cls = classify(lang, rt, canon) if canon else "lexical"
            if (term, rt) in overrides:
                cls = overrides[(term, rt)]
                used_overrides.add((term, rt))
            if rt in untr and cls not in ("identical", "case"):
                cls = "lexical"
            rends.append({"text": rt, "key": key_of(rt), "count": written[rt], "class": cls,
                          "canonical": rt == canon, "untranslated": rt in untr,
                          **({"in_compound": bound[rt]} if bound[rt] else {}),
                          "written": dict(forms[rt])})
        terms[term] = {"term": term, "pairs_total": t["n"], "sample_step": t["k"], "labelled_pairs": len(t["items"]),
                       "status": {k: status.get(k, 0) for k in ("rendered", "omitted", "untranslated", "excluded")},
                       "uses": sum(written.values()), "canonical": canon, "canonical_key": canon_key,
                       "renderings": rends}
    return {
        "kind": "discovery-devset", "version": 1, "set": which,
        "language_pair": {"source": "en", "target": lang},
        "created": date.today().isoformat(),
        "catalogues": catalogue_info(lang),
        "reading": "polib.mofile; iso_* catalogues and symlinks left out; obsolete and untranslated entries left out "
                   "(a .mo holds no fuzzy entries); plural entries as (msgid, msgstr[0]) and (msgid_plural, msgstr[1]); "
                   "pairs deduplicated on (msgid, msgstr) across catalogues",
        "matching": "term as a whole word, case-insensitive, in the msgid after removing GTK _ / Qt & accelerators, "
                    "printf/brace/dollar placeholders, markup and --options; ALL-CAPS occurrences of a lower-case term "
                    "left out (metavariables) unless followed by ':' or '!'",
        "sampling": f"a term with more than {CAP} matching pairs: every k-th pair in (msgid, msgstr) order from the first, "
                    f"k = ceil(n / {CAP}); sample_step is k",
        "classes": list(CLASSES),
        "terms": terms,
        "pairs": pairs_out,
    }


def table(data: dict) -> str:
    lines = []
    for term, t in data["terms"].items():
        st = t["status"]
        lines.append(f"{term} [n={t['pairs_total']} k={t['sample_step']} lab={t['labelled_pairs']} uses={t['uses']} "
                     f"om={st['omitted']} un={st['untranslated']} ex={st['excluded']}] canon={t['canonical']!r}")
        for r in t["renderings"]:
            lines.append(f"    {r['count']:4} {r['text']!r:28} {r['class']}{' UNTR' if r['untranslated'] else ''}")
    return "\n".join(lines)


if __name__ == "__main__":
    pair, which = sys.argv[1], sys.argv[2]
    data = build(pair, which)
    out = DEVSETS / f"{pair}.{which}.json"
    out.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(table(data))
    print(out, len(data["pairs"]), "labelled pairs", file=sys.stderr)
