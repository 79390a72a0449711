"""Streaming TMX read: throughput and peak memory at growing file sizes.

Run: python -m benchmarks.tmx_stream [--sizes 10,100,1000] [--dir DIR] [--keep]

For each size (MB) writes a TMX 1.4b file into a temporary folder (the bundled
corpus's units cycled with new ids, props and an inline code in every tenth unit,
some units with two renderings), then reads it in a fresh process with
``read_corpus`` and prints segments/s, MB/s and the peak resident memory of
that process. Flat memory shows as a peak that does not grow with the file.
Not part of the test suite: it prints figures, it asserts nothing.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from xml.sax.saxutils import escape

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "corpora" / "hanoi-convention" / "hanoi-convention.tmx"


def _pairs() -> list[tuple[str, str]]:
    from glossary.corpora.formats import read_corpus

    return [(s.source, s.target) for s in read_corpus([CORPUS])]


def generate(path: Path, megabytes: int) -> int:
    """Write a TMX of about ``megabytes`` MB; return the number of units."""
    pairs = _pairs()
    limit = megabytes * 1_000_000
    written = units = 0
    with path.open("w", encoding="utf-8") as out:
        head = ('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n'
                '  <header creationtool="bench" creationtoolversion="1" segtype="sentence" o-tmf="bench" '
                'adminlang="en" srclang="vi" datatype="plaintext"/>\n  <body>\n')
        out.write(head)
        written += len(head.encode())
        while written < limit:
            source, target = pairs[units % len(pairs)]
            target_xml = escape(target)
            if units % 10 == 0:
                target_xml = f'<bpt i="1">&lt;b&gt;</bpt>{target_xml}<ept i="1">&lt;/b&gt;</ept>'
            second = (f'      <tuv xml:lang="en"><seg>{escape(target.upper())}</seg></tuv>\n'
                      if units % 7 == 0 else "")
            block = (f'    <tu tuid="b{units}">\n'
                     f'      <prop type="x-document">doc-{units // 50}</prop>\n'
                     f'      <prop type="x-source-id">s{units % 5000}</prop>\n'
                     f'      <tuv xml:lang="vi"><seg>{escape(source)}</seg></tuv>\n'
                     f'      <tuv xml:lang="en"><seg>{target_xml}</seg></tuv>\n{second}'
                     f'    </tu>\n')
            out.write(block)
            written += len(block.encode())
            units += 1
        out.write("  </body>\n</tmx>\n")
    return units


def measure(path: Path) -> dict[str, float]:
    """Read ``path`` in this process; the figures as a dict (run it in a fresh process)."""
    from glossary.corpora.formats import ReadStats, read_corpus

    from .rss import peak_rss_kb

    baseline_kb = peak_rss_kb()  # interpreter and imports
    stats = ReadStats()
    start = time.perf_counter()
    segments = sum(1 for _ in read_corpus([path], stats=stats))
    seconds = time.perf_counter() - start
    peak_kb = peak_rss_kb()
    return {"segments": segments, "seconds": seconds, "bytes": path.stat().st_size,
            "baseline_rss_mb": baseline_kb / 1024, "peak_rss_mb": peak_kb / 1024}


def measure_sizes(sizes: list[int], *, folder: Path | None = None, keep: bool = False) -> dict[str, dict[str, float]]:
    """Generate and read a file of each size (MB), each read in a fresh process; figures per size."""
    work = Path(tempfile.mkdtemp(prefix="tmx-stream-", dir=folder))
    out: dict[str, dict[str, float]] = {}
    try:
        for size in sizes:
            path = work / f"bench-{size}mb.tmx"
            generate(path, size)
            child = subprocess.run([sys.executable, "-m", "benchmarks.tmx_stream", "--measure", str(path)],
                                   cwd=REPO, capture_output=True, text=True, check=True)
            r = json.loads(child.stdout)
            mb = r["bytes"] / 1_000_000
            out[f"{size}MB"] = r | {"megabytes": mb, "segments_per_s": r["segments"] / r["seconds"],
                                    "mb_per_s": mb / r["seconds"]}
            if not keep:
                path.unlink()
    finally:
        if not keep:
            for leftover in work.glob("*"):
                leftover.unlink()
            work.rmdir()
    return out


def run(quick: bool) -> dict:
    """Raw read rate and peak RSS; quick: 10 MB, full: 10, 100 and 1000 MB."""
    sizes = measure_sizes([10] if quick else [10, 100, 1000])
    peaks = [r["peak_rss_mb"] for r in sizes.values()]
    return {"sizes": sizes, "peak_rss_growth_mb": max(peaks) - min(peaks)}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10,100,1000", help="file sizes in MB, comma-separated")
    parser.add_argument("--dir", type=Path, default=None, help="folder for the generated files (default: a temp dir)")
    parser.add_argument("--keep", action="store_true", help="keep the generated files")
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)  # child mode: read one file
    args = parser.parse_args(argv)
    if args.measure:
        print(json.dumps(measure(args.measure)))
        return
    print(f"{'size':>8} {'segments':>10} {'seconds':>8} {'segments/s':>11} {'MB/s':>7} "
          f"{'RSS at start':>13} {'peak RSS':>9}")
    for size in (int(s) for s in args.sizes.split(",")):  # one at a time, so each line shows as it is measured
        for r in measure_sizes([size], folder=args.dir, keep=args.keep).values():
            print(f"{r['megabytes']:>6.0f}MB {r['segments']:>10,} {r['seconds']:>8.1f} {r['segments_per_s']:>11,.0f} "
                  f"{r['mb_per_s']:>7.1f} {r['baseline_rss_mb']:>10.0f} MB {r['peak_rss_mb']:>6.0f} MB", flush=True)


if __name__ == "__main__":
    main()
