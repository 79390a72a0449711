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

from glossary.concordance import CorpusIndex
from glossary.formats import read_corpus

from .synth import iter_pairs, make_concepts, write_tmx


def _mb(path: Path) -> float:
    return path.stat().st_size / 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--segments", type=int, default=1_000_000)
    parser.add_argument("--workdir", type=Path, default=None, help="Keep the files here (default: a temporary "
                                                                     "directory, removed afterwards).")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="glossary-index-bench-") as tmp:
        work = args.workdir or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        corpus, index_path = work / "synth.tmx", work / "corpus.sqlite"
        index_path.unlink(missing_ok=True)

        started = time.perf_counter()
        concepts = make_concepts(20_000, seed=1)
        written = write_tmx(iter_pairs(concepts, args.segments, seed=2), corpus)
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

        print(f"corpus: {written:,} segments, {_mb(corpus):,.0f} MB TMX (generated in {generated:.1f} s)")
        print(f"read only (TMX parse):  {read_seconds:7.1f} s  {read / read_seconds:10,.0f} segments/s")
        print(f"index build:            {summary.seconds:7.1f} s  {summary.segments_total / summary.seconds:10,.0f} "
              f"segments/s  ({summary.segments_total:,} segments, index {_mb(index_path):,.0f} MB)")
        print(f"update, file unchanged: {again.seconds:7.3f} s")
        print(f"concordance queries:    median {statistics.median(latencies):.1f} ms, "
              f"max {max(latencies):.1f} ms over {len(latencies)} terms (limit 20, with total count)")


if __name__ == "__main__":
    main()
