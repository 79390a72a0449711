"""Show English occurrences of a term and target matches of a regex, for long pairs."""
import re
import sys

from common import WORK, load_jsonl, term_occurrences

pair, pid, term, pat = sys.argv[1:5]
for r in load_jsonl(WORK / f"{pair}.pairs.jsonl"):
    if r["id"] == pid:
        en = r["clean"]
        for m in term_occurrences(term, en):
            print("EN", en[max(0, m.start() - 40):m.end() + 20].replace("\n", "⏎"))
        for i, m in enumerate(re.finditer(pat, r["msgstr"]), 1):
            print(f"T#{i}", repr(m.group(0)), r["msgstr"][max(0, m.start() - 40):m.end() + 20].replace("\n", "⏎"))
