"""Precision and recall of discovered variant groups on generated, labelled corpora.

For each language pair (vi-en, en-vi) and size, ``gen_variants.generate`` injects
variants at known places and rates; ``glossary.discovery.discover`` runs with no
glossary; then:

- a discovered group is *correct* when two or more of its renderings are forms of one
  labelled drifting term (its canonical rendering or an injected variant);
- precision = correct groups / discovered groups;
- recall = labelled drifting terms found by some correct group / labelled drifting terms;
- anchored = share of the found terms whose group names the right source term;
- class accuracy = share of injected variant forms, in correct groups, given their labelled class.

Prints one line per run, and the time taken (a benchmark reports figures, it asserts nothing).

    python benchmarks/discovery_quality.py              # vi-en and en-vi, 2,000 and 20,000 pairs
    python benchmarks/discovery_quality.py --sizes 500
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from benchmarks.gen_variants import Generated, generate  # noqa: E402
from glossary.discovery import DiscoveryOptions, discover  # noqa: E402
from glossary.discovery.spans import plain  # noqa: E402
from glossary.normalize import match_key  # noqa: E402


def evaluate(gen: Generated, report) -> dict[str, float]:
    truth = {lab.source: lab for lab in gen.labels}
    form_owner: dict[str, set[str]] = {}
    for lab in gen.labels:
        for form in lab.counts:
            form_owner.setdefault(plain(form), set()).add(lab.source)
    correct = 0
    found: dict[str, bool] = {}
    class_hits = class_total = 0
    for group in report.groups:
        owners: dict[str, int] = {}
        for r in group.renderings:
            for source in form_owner.get(plain(r.text), ()):
                owners[source] = owners.get(source, 0) + 1
        hit = [s for s, n in owners.items() if n >= 2]
        if not hit:
            continue
        correct += 1
        source = hit[0]
        anchored = group.source_term is not None and match_key(group.source_term) == match_key(source)
        found[source] = found.get(source, False) or anchored
        lab = truth[source]
        for r in group.renderings:
            cls = lab.variants.get(plain(r.text))
            if cls is not None and not r.canonical:
                class_total += 1
                class_hits += r.cls.value == cls
    groups = len(report.groups)
    return {
        "groups": groups, "correct": correct, "truth": len(truth), "found": len(found),
        "precision": correct / groups if groups else 1.0,
        "recall": len(found) / len(truth) if truth else 1.0,
        "anchored": sum(found.values()) / len(found) if found else 0.0,
        "class_accuracy": class_hits / class_total if class_total else 0.0,
    }


def run(pair: str, size: int, seed: int, rate: float) -> dict[str, float]:
    gen = generate(pair, pairs=size, seed=seed, variant_rate=rate)
    start = time.perf_counter()
    report = discover(gen.segments, options=DiscoveryOptions())
    seconds = time.perf_counter() - start
    figures = evaluate(gen, report)
    figures.update(seconds=seconds, pairs_per_second=size / seconds if seconds else 0.0)
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Precision/recall of glossary discover on generated corpora.")
    parser.add_argument("--pairs", nargs="+", default=["vi-en", "en-vi"], choices=("vi-en", "en-vi"))
    parser.add_argument("--sizes", nargs="+", type=int, default=[2000, 20000])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--rate", type=float, default=0.25, help="share of a drifting term's uses given a variant")
    args = parser.parse_args(argv)
    print(f"{'pair':6} {'pairs':>7} {'groups':>6} {'correct':>7} {'terms':>5} {'found':>5} "
          f"{'precision':>9} {'recall':>6} {'anchored':>8} {'class-acc':>9} {'seconds':>7} {'pairs/s':>8}")
    for pair in args.pairs:
        for size in args.sizes:
            f = run(pair, size, args.seed, args.rate)
            print(f"{pair:6} {size:>7} {f['groups']:>6} {f['correct']:>7} {f['truth']:>5} {f['found']:>5} "
                  f"{f['precision']:>9.3f} {f['recall']:>6.3f} {f['anchored']:>8.3f} {f['class_accuracy']:>9.3f} "
                  f"{f['seconds']:>7.1f} {f['pairs_per_second']:>8.0f}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
