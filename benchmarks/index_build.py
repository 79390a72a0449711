"""Building the concordance index over N generated segments (default 1,000,000).

Run: python -m benchmarks.index_build [--segments 1000000] [--workdir DIR]

Writes a TMX of N aligned pairs with benchmarks/synth.py (Vietnamese-like source,
English-like target, glossary terms among filler words), then times, on the same
file: reading it alone (TMX parsing, the floor), building the index from it
(``CorpusIndex.update``: read + SQLite FTS5 insert), an update that finds the file
unchanged, a few concordance queries, and prints segments per second and sizes.
"""
from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from glossary.corpora.formats import read_corpus
from glossary.search.concordance import CorpusIndex

from .synth import iter_pairs, make_concepts, write_tmx


def _mb(path: Path) -> float:
    return path.stat().st_size / 1e6


def measure(segments: int, workdir: Path | None = None) -> dict:
    """Generate ``segments`` pairs, then time reading them, building the index and querying it."""
    with tempfile.TemporaryDirectory(prefix="glossary-index-bench-") as tmp:
        work = workdir or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        corpus, index_path = work / "synth.tmx", work / "corpus.sqlite"
        index_path.unlink(missing_ok=True)

        started = time.perf_counter()
        concepts = make_concepts(20_000, seed=1)
        written = write_tmx(iter_pairs(concepts, segments, seed=2), corpus)
        generated = time.perf_counter() - started

        started = time.perf_counter()
        read = sum(1 for _ in read_corpus([corpus]))
        read_seconds = time.perf_counter() - started

        index = CorpusIndex.open(index_path, create=True)
        summary = index.update([corpus])
        again = index.update([corpus])

        queries = [concepts[i].terms["vi"][0].text for i in range(0, 2000, 100)]
        queries += [concepts[i].preferred("en").text for i in range(1, 2000, 100)]
        latencies = []
        for query in queries:
            t0 = time.perf_counter()
            index.search(query, limit=20)
            latencies.append((time.perf_counter() - t0) * 1000)
        index.close()
        return {
            "segments": written, "corpus_mb": _mb(corpus), "generate_seconds": generated,
            "read_seconds": read_seconds, "read_segments_per_s": read / read_seconds,
            "build_seconds": summary.seconds, "build_segments": summary.segments_total,
            "build_segments_per_s": summary.segments_total / summary.seconds, "index_mb": _mb(index_path),
            "unchanged_update_seconds": again.seconds, "queries": len(latencies),
            "query_median_ms": statistics.median(latencies), "query_max_ms": max(latencies),
        }


def run(quick: bool) -> dict:
    """Index build time; quick: 50,000 segments, full: 1,000,000."""
    return measure(50_000 if quick else 1_000_000)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--segments", type=int, default=1_000_000)
    parser.add_argument("--workdir", type=Path, default=None, help="Keep the files here (default: a temporary "
                                                                     "directory, removed afterwards).")
    args = parser.parse_args()
    r = measure(args.segments, args.workdir)
    print(f"corpus: {r['segments']:,} segments, {r['corpus_mb']:,.0f} MB TMX (generated in {r['generate_seconds']:.1f} s)")
    print(f"read only (TMX parse):  {r['read_seconds']:7.1f} s  {r['read_segments_per_s']:10,.0f} segments/s")
    print(f"index build:            {r['build_seconds']:7.1f} s  {r['build_segments_per_s']:10,.0f} "
          f"segments/s  ({r['build_segments']:,} segments, index {r['index_mb']:,.0f} MB)")
    print(f"update, file unchanged: {r['unchanged_update_seconds']:7.3f} s")
    print(f"concordance queries:    median {r['query_median_ms']:.1f} ms, "
          f"max {r['query_max_ms']:.1f} ms over {r['queries']} terms (limit 20, with total count)")


if __name__ == "__main__":
    main()
