"""``python -m tests.fuzz``: the full fuzz run, printing the outcome table (README "Reliability").

    python -m tests.fuzz                 # full run: every class, random classes 5 times, variance/discover too
    python -m tests.fuzz --quick         # the subset the test suite runs
    python -m tests.fuzz --reader corpus:tmx --show-bad
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import Counter
from pathlib import Path

from tests.fuzz.runner import BAD, run_all


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.fuzz", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="the test suite's subset: each class once, reading commands only")
    parser.add_argument("--repeat", type=int, default=5, help="inputs per random class (full run; default 5)")
    parser.add_argument("--timeout", type=float, default=None, help="seconds per command (default 30; quick 15)")
    parser.add_argument("--memory-mb", type=int, default=2048, help="memory a command may add (MiB; default 2048)")
    parser.add_argument("--reader", action="append", help="only readers starting with this (corpus:tmx, import, terms)")
    parser.add_argument("--show-bad", action="store_true", help="print every bad case with the command's stderr")
    parser.add_argument("--json", action="store_true", help="the counts as JSON on standard output")
    parser.add_argument("--jobs", type=int, default=2, help="cases run at a time (default 2: the machine's cores)")
    parser.add_argument("--work", type=Path, default=None, help="scratch folder (default: a temporary one)")
    args = parser.parse_args(argv)
    quick = args.quick
    with tempfile.TemporaryDirectory(prefix="glossary-fuzz-") as scratch:
        work = args.work or Path(scratch)
        report = run_all(work, per_random_class=1 if quick else args.repeat,
                         timeout=args.timeout or (15 if quick else 30), memory_mb=args.memory_mb,
                         heavy=not quick, skip_bad=not quick, readers=set(args.reader or ()),
                         progress=None if args.json else _dot, jobs=args.jobs)
    bad = report.bad()
    if args.json:
        print(json.dumps({"inputs": len(report.cases), "runs": report.runs, "seconds": round(report.seconds, 1),
                          "outcomes": dict(report.counts()),
                          "readers": dict(Counter(c.seed.reader for c in report.cases)),
                          "classes": dict(Counter(c.mutant.cls for c in report.cases)),
                          "bad": [{"reader": c.seed.reader, "class": c.mutant.cls, "outcome": c.outcome, "why": c.why}
                                  for c in bad]}, ensure_ascii=False, indent=1))
    else:
        print(f"\n{len(report.cases)} inputs, {report.runs} command runs, {report.seconds:.0f} s\n")
        print(report.table())
        print()
        print(report.class_table())
        if args.show_bad or bad:
            print(f"\n{len(bad)} bad case(s):")
            for case in bad:
                print(f"- {case.seed.reader} / {case.mutant.cls}: {case.outcome}: {case.why}")
    return 1 if bad else 0


def _dot(case) -> None:
    sys.stderr.write("x" if case.outcome in BAD else ".")
    sys.stderr.flush()


if __name__ == "__main__":
    sys.exit(main())
