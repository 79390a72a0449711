import sys

from common import WORK, load_jsonl, term_occurrences

terms = sys.argv[1].split(",")
pairs = {p: list(load_jsonl(WORK / f"{p}.pairs.jsonl")) for p in ("en-vi", "en-ja", "en-de")}
print(f"{'term':22} {'vi':>6} {'ja':>6} {'de':>6}")
for t in terms:
    row = [sum(1 for r in pairs[p] if term_occurrences(t, r["clean"])) for p in pairs]
    print(f"{t:22} {row[0]:6} {row[1]:6} {row[2]:6}")
