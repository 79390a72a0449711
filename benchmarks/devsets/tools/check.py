"""Consistency checks over the built sets: spans point at their text, statuses and spans agree, sets are disjoint."""
import json
import sys

from common import DEVSETS, PAIRS, clean_english, term_occurrences

bad = 0
for pair in PAIRS:
    terms = {}
    for which in ("dev", "heldout"):
        d = json.loads((DEVSETS / f"{pair}.{which}.json").read_text(encoding="utf-8"))
        terms[which] = set(d["terms"])
        for p in d["pairs"]:
            if not term_occurrences(p["term"], clean_english(p["msgid"])):
                print(pair, which, p["id"], "term not in msgid"); bad += 1
            for s in p["spans"]:
                if p["msgstr"][s["start"]:s["end"]] != s["text"]:
                    print(pair, which, p["id"], "span mismatch", s); bad += 1
            if (p["status"] in ("omitted", "excluded")) != (not p["spans"]) and p["status"] != "untranslated":
                print(pair, which, p["id"], p["status"], "spans", len(p["spans"])); bad += 1
        for t, v in d["terms"].items():
            if sum(r["count"] for r in v["renderings"]) != v["uses"]:
                print(pair, which, t, "uses mismatch"); bad += 1
            if v["uses"] and not v["canonical"]:
                print(pair, which, t, "no canonical"); bad += 1
            if len(d["terms"]) < (30 if which == "dev" else 15):
                print(pair, which, "too few terms"); bad += 1
    if terms["dev"] & terms["heldout"]:
        print(pair, "dev and held-out overlap", terms["dev"] & terms["heldout"]); bad += 1
print("problems:", bad)
sys.exit(1 if bad else 0)
