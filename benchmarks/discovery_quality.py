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

``run(quick)`` (for ``python -m benchmarks``) also times ``glossary discover --no-glossary``
end to end on the generated TMX in a fresh process (pairs/s, peak RSS) against a fresh
process that only reads the same file (the floor), and gives the share of the floor's rate.

    python benchmarks/discovery_quality.py              # vi-en and en-vi, 2,000 and 20,000 pairs
    python benchmarks/discovery_quality.py --sizes 500
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from benchmarks.gen_variants import Generated, generate  # noqa: E402
from benchmarks.rss import REPORT_AT_EXIT, reported_peak_mb  # noqa: E402
from glossary.discovery import DiscoveryOptions, discover  # noqa: E402
from glossary.discovery.spans import plain  # noqa: E402
from glossary.text.normalize import match_key  # noqa: E402


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


def measure(pair: str, size: int, seed: int, rate: float) -> dict[str, float]:
    gen = generate(pair, pairs=size, seed=seed, variant_rate=rate)
    start = time.perf_counter()
    report = discover(gen.segments, options=DiscoveryOptions())
    seconds = time.perf_counter() - start
    figures = evaluate(gen, report)
    figures.update(seconds=seconds, pairs_per_second=size / seconds if seconds else 0.0)
    return figures


# the console script's entry function, and the read-only floor, each in a fresh process that reports its peak RSS
_CLI = (sys.executable, "-c", f"{REPORT_AT_EXIT}; from glossary.cli.main import run; run()")
_READ_ONLY = (sys.executable, "-c", f"{REPORT_AT_EXIT}; from glossary.corpora.formats import read_corpus; "
                                    "print(sum(1 for _ in read_corpus(sys.argv[1:])))")


def _process(command: list[str]) -> tuple[float, float | None]:
    """Run ``command`` to the end: (wall seconds, its own peak RSS in MB)."""
    started = time.perf_counter()
    done = subprocess.run(command, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command[3:5])} exited {done.returncode}: {done.stderr[-500:]}")
    return seconds, reported_peak_mb(done.stderr)


def end_to_end(pair: str, size: int, seed: int, rate: float) -> dict[str, float]:
    """``glossary discover`` on a generated TMX, end to end in a fresh process, against reading the same file."""
    gen = generate(pair, pairs=size, seed=seed, variant_rate=rate)
    with tempfile.TemporaryDirectory(prefix="glossary-discover-bench-") as tmp:
        corpus = Path(tmp) / f"{pair}.tmx"
        corpus.write_text(gen.tmx(), encoding="utf-8")
        seconds, rss = _process([*_CLI, "discover", "--no-glossary", str(corpus), "--format", "json",
                                 "--output", str(Path(tmp) / "discovery.json")])
        read_seconds, read_rss = _process([*_READ_ONLY, str(corpus)])
    return {"pairs": len(gen.segments), "seconds": seconds, "pairs_per_s": len(gen.segments) / seconds,
            "peak_rss_mb": rss, "read_only_seconds": read_seconds,
            "read_only_pairs_per_s": len(gen.segments) / read_seconds, "read_only_peak_rss_mb": read_rss,
            "share_of_read_rate": read_seconds / seconds}


def run(quick: bool) -> dict:
    """Quality at 2,000 pairs (quick) or 2,000 and 20,000 (full), both directions; end-to-end speed of
    ``glossary discover`` at 20,000 pairs (quick) or 20,000 and 100,000 (full)."""
    sizes = [2000] if quick else [2000, 20000]
    quality = {f"{pair} {size:,}": measure(pair, size, 7, 0.25) for pair in ("vi-en", "en-vi") for size in sizes}
    speed = {f"vi-en {size:,}": end_to_end("vi-en", size, 7, 0.25)
             for size in ([20_000] if quick else [20_000, 100_000])}
    return {"quality": quality, "discover_end_to_end": speed}


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
            f = measure(pair, size, args.seed, args.rate)
            print(f"{pair:6} {size:>7} {f['groups']:>6} {f['correct']:>7} {f['truth']:>5} {f['found']:>5} "
                  f"{f['precision']:>9.3f} {f['recall']:>6.3f} {f['anchored']:>8.3f} {f['class_accuracy']:>9.3f} "
                  f"{f['seconds']:>7.1f} {f['pairs_per_second']:>8.0f}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
