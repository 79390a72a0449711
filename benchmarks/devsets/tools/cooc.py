"""Top target n-grams co-occurring with an English term (a proposal aid, not a label)."""
import re
import sys
from collections import Counter

from common import WORK, load_jsonl, term_occurrences

pair = sys.argv[1]
terms = sys.argv[2].split(",")
top = int(sys.argv[3]) if len(sys.argv) > 3 else 8
recs = list(load_jsonl(WORK / f"{pair}.pairs.jsonl"))


def grams(text):
    text = re.sub(r"%[-\w.$]*[sdiuxlf]|<[^>]+>|_", " ", text)
    if pair == "en-ja":
        s = re.sub(r"[\s\W]+", " ", text)
        out = set()
        for chunk in s.split():
            for n in range(1, 6):
                for i in range(len(chunk) - n + 1):
                    out.add(chunk[i:i + n])
        return out
    toks = re.findall(r"\w+", text.lower())
    out = set()
    for n in (1, 2, 3):
        for i in range(len(toks) - n + 1):
            out.add(" ".join(toks[i:i + n]))
    return out


df = Counter()
G = []
for r in recs:
    g = grams(r["msgstr"])
    G.append(g)
    df.update(g)
for t in terms:
    hit = [i for i, r in enumerate(recs) if term_occurrences(t, r["clean"])]
    c = Counter()
    for i in hit:
        c.update(G[i])
    n = len(hit)
    scored = []
    for g, k in c.items():
        if k < 2:
            continue
        dice = 2 * k / (n + df[g])
        scored.append((dice, k, g))
    scored.sort(reverse=True)
    print(f"{t} [{n}]: " + " | ".join(f"{g}:{k}" for d, k, g in scored[:top]))
