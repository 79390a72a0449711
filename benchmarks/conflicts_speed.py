"""Segment-level conflicts, side by side with Translate Toolkit's ``poconflicts``.

Run: python -m benchmarks.conflicts_speed [--units 200000]

Writes one PO file with benchmarks/synth.py (``write_po``: every seventh source
comes back under another msgctxt with a different target, so conflicts exist at
known places), then, each in a fresh process and timed end to end (start-up,
imports, reading, detection, output):

- ``poconflicts -I`` (ignore case, because our keys ignore case) on the folder
  holding the file, writing its conflict files to another folder;
- ours: ``glossary corpus conflicts PO --json`` (its JSON on a pipe), and the library alone
  (``glossary.corpora.formats.read_corpus`` + ``glossary.variance.consistency.find_segment_conflicts``) for the
  breakdown: import, read and detect.

Prints the time of each and the ratio (and their CPU times, steadier than wall time on a
shared machine), the reading floor of each side (``read_corpus`` alone, our streaming PO
parser; Translate Toolkit's PO parser), each side's peak RSS, and how many source-side
conflicts each found and how many agree. poconflicts groups by the lower-cased
msgid; we group by token keys (case, Unicode form, tone placement and punctuation
inside a clause do not count), so both sets are compared on our keys.
Target (issue 8): ours at least 10x faster.
"""
from __future__ import annotations

import argparse
import json
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .rss import REPORT_AT_EXIT, peak_rss_mb, reported_peak_mb

REPO = Path(__file__).resolve().parents[1]
TARGET_RATIO = 10.0
_POCONFLICTS_LINE = re.compile(r"(\d+)/(\d+) different strings have conflicts")
# Translate Toolkit's poconflicts command, in a process that reports its own peak RSS at exit
# our command, installed or not
GLOSSARY = (sys.executable, "-m", "glossary")
POCONFLICTS = (sys.executable, "-c", f"{REPORT_AT_EXIT}; import runpy; "
                                     "runpy.run_module('translate.tools.poconflicts', run_name='__main__')")


def write_corpus(path: Path, units: int) -> int:
    """The shared PO: ``units`` generated pairs plus their repeats; returns the entries written."""
    from .synth import iter_pairs, make_concepts, write_po

    return write_po(iter_pairs(make_concepts(20_000, seed=1), units, seed=2), path)


def ours(path: Path) -> dict:
    """Our detection on ``path`` in this process (run in a fresh one): timings and what it found.
    The segments are streamed from the reader into the detection, as a user's run would."""
    started = time.perf_counter()
    from glossary.corpora.formats import ReadOptions, ReadStats, read_corpus
    from glossary.variance.consistency import find_segment_conflicts

    imported = time.perf_counter()
    stats = ReadStats()
    conflicts = find_segment_conflicts(read_corpus([path], ReadOptions(source_lang="vi", target_lang="en"), stats))
    done = time.perf_counter()
    return {"segments": stats.segments, "import_seconds": imported - started, "scan_seconds": done - imported,
            "peak_rss_mb": peak_rss_mb(),
            "same_source": sum(1 for c in conflicts if c.kind == "same-source"),
            "same_target": sum(1 for c in conflicts if c.kind == "same-target")}


def read_only(path: Path) -> dict:
    """Our reading floor: ``read_corpus`` over ``path``, segments counted and dropped."""
    from glossary.corpora.formats import ReadOptions, read_corpus

    started = time.perf_counter()
    count = sum(1 for _ in read_corpus([path], ReadOptions(source_lang="vi", target_lang="en")))
    return {"segments": count, "seconds": time.perf_counter() - started}


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _timed(command: list[str]) -> tuple[float, subprocess.CompletedProcess]:
    """Wall time of ``command``; its CPU time goes in ``done.cpu_seconds``."""
    started, cpu = time.perf_counter(), _children_cpu()
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    done.cpu_seconds = _children_cpu() - cpu  # type: ignore[attr-defined]
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command[:4])}... exited {done.returncode}: {done.stderr.strip()[-500:]}")
    return seconds, done


def _poconflicts_sources(folder: Path) -> list[str]:
    """The msgids poconflicts put in its conflict files (each conflicting unit is copied there)."""
    import polib

    return [entry.msgid for path in sorted(folder.glob("*.po")) for entry in polib.pofile(str(path)) if entry.msgid]


def _key(text: str) -> str:
    from glossary.variance.matching import KeyedText

    return KeyedText(text).key_string()[0].strip()


def measure(units: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="glossary-conflicts-bench-") as tmp:
        work = Path(tmp)
        source_dir, out_dir = work / "in", work / "out"
        source_dir.mkdir()
        out_dir.mkdir()
        po = source_dir / "synth.po"
        started = time.perf_counter()
        entries = write_corpus(po, units)
        generated = time.perf_counter() - started
        megabytes = po.stat().st_size / 1e6

        theirs_seconds, theirs = _timed([*POCONFLICTS, "-I", "--progress=none", str(source_dir), str(out_dir)])
        line = _POCONFLICTS_LINE.search(theirs.stdout + theirs.stderr)
        if line is None:
            raise RuntimeError(f"poconflicts did not print its summary line: {theirs.stdout[-300:]!r}")
        their_sources = _poconflicts_sources(out_dir)

        ours_seconds, command = _timed([*GLOSSARY, "corpus", "conflicts", str(po), "-s", "vi", "-t", "en", "--json"])
        listed = json.loads(command.stdout)
        _, child = _timed([sys.executable, "-m", "benchmarks.conflicts_speed", "--ours", str(po)])
        mine = json.loads(child.stdout)
        _, floor = _timed([sys.executable, "-m", "benchmarks.conflicts_speed", "--read-only", str(po)])
        read_seconds = json.loads(floor.stdout)["seconds"]
        parse_seconds, _ = _timed([sys.executable, "-c", "import sys; from translate.storage import factory; "
                                   "factory.getobject(sys.argv[1])", str(po)])

    our_keys = {_key(c["text"]) for c in listed["conflicts"] if c["kind"] == "same-source"}
    their_keys = {_key(text) for text in their_sources}
    ratio = theirs_seconds / ours_seconds
    return {
        "po_entries": entries, "po_megabytes": megabytes,
        "generate_seconds": generated,
        "poconflicts": {"seconds": theirs_seconds, "cpu_seconds": theirs.cpu_seconds,
                        "peak_rss_mb": reported_peak_mb(theirs.stderr),
                        "conflicting_sources": int(line.group(1)),
                        "distinct_sources": int(line.group(2)), "units_in_conflict_files": len(their_sources),
                        "parse_only_seconds": parse_seconds},
        "ours": {"seconds": ours_seconds, "cpu_seconds": command.cpu_seconds, "segments": listed["segments"],
                 "library_seconds": mine["import_seconds"] + mine["scan_seconds"],
                 "library_cpu_seconds": child.cpu_seconds, "peak_rss_mb": mine["peak_rss_mb"],
                 "import_seconds": mine["import_seconds"], "scan_seconds": mine["scan_seconds"],
                 "read_only_seconds": read_seconds,
                 "same_source_conflicts": mine["same_source"], "same_target_conflicts": mine["same_target"]},
        "agreement": {"ours": len(our_keys), "poconflicts": len(their_keys), "both": len(our_keys & their_keys),
                      "only_ours": len(our_keys - their_keys), "only_poconflicts": len(their_keys - our_keys)},
        "time_ratio": ratio, "cpu_ratio": theirs.cpu_seconds / max(command.cpu_seconds, 1e-9),
        "library_time_ratio": theirs_seconds / (mine["import_seconds"] + mine["scan_seconds"]),
        "targets": [{"target": "segment-level conflicts >= 10x faster than poconflicts (end to end, same PO)",
                     "value": ratio, "unit": "x", "limit": TARGET_RATIO, "met": ratio >= TARGET_RATIO}],
    }


def run(quick: bool) -> dict:
    """Quick: 20,000 generated units; full: 200,000 (plus the repeats that make the conflicts)."""
    return measure(20_000 if quick else 200_000)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=200_000)
    parser.add_argument("--ours", type=Path, help=argparse.SUPPRESS)  # child mode: our detection on one file
    parser.add_argument("--read-only", type=Path, help=argparse.SUPPRESS)  # child mode: our reading alone
    args = parser.parse_args()
    if args.ours:
        print(json.dumps(ours(args.ours), ensure_ascii=False))
        return
    if args.read_only:
        print(json.dumps(read_only(args.read_only)))
        return
    r = measure(args.units)
    p, o, a = r["poconflicts"], r["ours"], r["agreement"]
    print(f"PO: {r['po_entries']:,} entries, {r['po_megabytes']:.1f} MB (generated in {r['generate_seconds']:.1f} s)")
    print(f"poconflicts -I: {p['seconds']:7.2f} s end to end, {p['cpu_seconds']:.2f} s CPU (Translate Toolkit parse alone {p['parse_only_seconds']:.2f} s); "
          f"{p['conflicting_sources']:,} of {p['distinct_sources']:,} sources in conflict")
    print(f"ours:           {o['seconds']:7.2f} s end to end (`glossary corpus conflicts --json`, {o['cpu_seconds']:.2f} s CPU); "
          f"library alone {o['library_seconds']:.2f} s (import {o['import_seconds']:.2f} s, read and detect "
          f"{o['scan_seconds']:.2f} s); reading alone {o['read_only_seconds']:.2f} s; "
          f"{o['same_source_conflicts']:,} same-source, {o['same_target_conflicts']:,} same-target conflicts; "
          f"peak RSS {o['peak_rss_mb']:.0f} MB (poconflicts {p['peak_rss_mb'] or 0:.0f} MB)")
    print(f"agreement on source-side conflicts: {a['both']:,} both, {a['only_ours']:,} only ours, "
          f"{a['only_poconflicts']:,} only poconflicts")
    print(f"time ratio poconflicts/ours: {r['time_ratio']:.2f}x (CPU {r['cpu_ratio']:.2f}x; "
          f"library alone {r['library_time_ratio']:.2f}x) "
          f"(target >= {TARGET_RATIO:g}x: {'met' if r['targets'][0]['met'] else 'MISSED'})")


if __name__ == "__main__":
    main()
