"""Read the catalogues of each pair into work/<pair>.pairs.jsonl: distinct (msgid, msgstr), with the files."""
from __future__ import annotations

import json
import sys

from common import PAIRS, WORK, catalogue_paths, clean_english, pair_id, read_pairs

WORK.mkdir(exist_ok=True)
for pair, lang in PAIRS.items():
    seen: dict[tuple[str, str], dict] = {}
    files = []
    for path in catalogue_paths(lang):
        ps = read_pairs(path)
        files.append({"file": str(path), "pairs": len(ps)})
        for msgid, msgstr in ps:
            rec = seen.get((msgid, msgstr))
            if rec is None:
                rec = seen[(msgid, msgstr)] = {"id": pair_id(msgid, msgstr), "msgid": msgid, "msgstr": msgstr,
                                              "clean": clean_english(msgid), "files": []}
            if path.name not in rec["files"]:
                rec["files"].append(path.name)
    with open(WORK / f"{pair}.pairs.jsonl", "w", encoding="utf-8") as fh:
        for rec in seen.values():
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    with open(WORK / f"{pair}.files.json", "w", encoding="utf-8") as fh:
        json.dump(files, fh, indent=1)
    print(pair, "files", len(files), "pairs", sum(f["pairs"] for f in files), "distinct", len(seen), file=sys.stderr)
