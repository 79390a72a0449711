import sys

from common import WORK, load_jsonl

pair = sys.argv[1]
ids = set(sys.argv[2:])
for r in load_jsonl(WORK / f"{pair}.pairs.jsonl"):
    if r["id"] in ids:
        print("=" * 20, r["id"], r["files"])
        print(r["msgid"])
        print("---")
        print(r["msgstr"])
