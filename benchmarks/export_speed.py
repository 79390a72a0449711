"""Export speed: TBX v3 and PO files for a generated glossary of 50,000 concepts.

Run: python -m benchmarks.export_speed [--concepts 50000] [--repeat 3] [--cli]

Generates the concepts with benchmarks/synth.py (vi source terms, en targets,
admitted acronyms and forbidden variants for some), then times, for each format,
``get_format(name).export`` (glossary in memory -> file bytes) and writing the
files with ``write_export`` (atomic), and prints seconds and concepts/s (the best
of ``--repeat`` runs, and the median). With ``--cli`` it also times
``glossary export`` end to end from a terms/ YAML file, cold (empty concept cache:
YAML parsing included) and warm, which is what a user waits for.
Target (issue 8): TBX v3 export of 50,000 concepts <= 5 s.
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from glossary.exchange import ExportOptions, get_format, write_export
from glossary.model import Concept, Glossary

from .rss import REPORT_AT_EXIT, reported_peak_mb
from .synth import make_concepts, write_glossary_yaml

REPO = Path(__file__).resolve().parents[1]

FORMATS = ("tbx", "po")
TBX_LIMIT_SECONDS = 5.0
OPTIONS = dict(date="2026-01-01", languages=["vi", "en"])
# the console script's entry function, run by this interpreter, reporting its own peak RSS
GLOSSARY_CLI = (sys.executable, "-c", f"{REPORT_AT_EXIT}; from glossary.cli.main import run; run()")


def concepts(count: int) -> list[Concept]:
    """Exactly ``count`` synthetic concepts (make_concepts counts terms, about 2.5 per concept)."""
    made = make_concepts(count * 3, seed=1)
    if len(made) < count:
        raise RuntimeError(f"synth made only {len(made)} concepts for {count * 3} terms")
    return made[:count]


def time_export(glossary: Glossary, name: str, folder: Path, repeat: int) -> dict:
    """Export seconds (in memory) and export + atomic write seconds, best and median of ``repeat`` runs."""
    fmt = get_format(name)
    exports: list[float] = []
    totals: list[float] = []
    for _ in range(repeat):
        started = time.perf_counter()
        files = fmt.export(glossary, ExportOptions(**OPTIONS))
        exported = time.perf_counter()
        write_export(files, folder / name if len(files) > 1 else folder / files[0].name)
        totals.append(time.perf_counter() - started)
        exports.append(exported - started)
    best = min(totals)
    return {"concepts": len(glossary.concepts), "entries": sum(f.entries for f in files),
            "megabytes": sum(len(f.data) for f in files) / 1e6,
            "export_seconds": min(exports), "export_median_seconds": statistics.median(exports),
            "with_write_seconds": best, "with_write_median_seconds": statistics.median(totals),
            "concepts_per_s": len(glossary.concepts) / best}


def time_cli(items: list[Concept], folder: Path) -> dict:
    """``glossary export`` from a YAML file in a fresh process: cold cache, then warm."""
    source = folder / "terms.yaml"
    write_glossary_yaml(items, source)
    env = dict(os.environ, GLOSSARY_CACHE_DIR=str(folder / "cache"))  # empty: the first run parses the YAML
    out: dict[str, float] = {}
    for name in FORMATS:
        for state in ("cold", "warm"):
            if state == "cold":
                shutil.rmtree(folder / "cache", ignore_errors=True)
            command = [*GLOSSARY_CLI, "export", "--format", name, "--glossary",
                       str(source), "--date", OPTIONS["date"], "--lang", "vi,en",
                       "--output", str(folder / f"cli-{name}" / ("glossary.tbx" if name == "tbx" else ""))]
            started = time.perf_counter()
            done = subprocess.run(command, check=True, capture_output=True, text=True, env=env, cwd=REPO)
            out[f"{name}_{state}_seconds"] = time.perf_counter() - started
            out[f"{name}_{state}_peak_rss_mb"] = reported_peak_mb(done.stderr)
    return out


def measure(count: int, repeat: int, cli: bool) -> dict:
    started = time.perf_counter()
    items = concepts(count)
    generated = time.perf_counter() - started
    glossary = Glossary(concepts=items)
    with tempfile.TemporaryDirectory(prefix="glossary-export-bench-") as tmp:
        folder = Path(tmp)
        result: dict = {"generate_seconds": generated,
                        "formats": {name: time_export(glossary, name, folder, repeat) for name in FORMATS}}
        if cli:
            result["cli_end_to_end"] = time_cli(items, folder)
    tbx = result["formats"]["tbx"]["with_write_seconds"]
    result["targets"] = [{"target": f"TBX v3 export of {count:,} concepts <= {TBX_LIMIT_SECONDS:g} s", "value": tbx,
                          "unit": "s", "limit": TBX_LIMIT_SECONDS, "met": tbx <= TBX_LIMIT_SECONDS}]
    return result


def run(quick: bool) -> dict:
    """50,000 concepts either way (the target's size); quick: one run and no CLI timing."""
    return measure(50_000, 1 if quick else 3, cli=not quick)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--concepts", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--cli", action="store_true", help="also time `glossary export` end to end, cold and warm")
    args = parser.parse_args()
    r = measure(args.concepts, args.repeat, args.cli)
    print(f"{args.concepts:,} concepts generated in {r['generate_seconds']:.1f} s; best of {args.repeat}")
    print(f"{'format':<7} {'entries':>8} {'MB':>6} {'export s':>9} {'+ write s':>10} {'concepts/s':>11}")
    for name, f in r["formats"].items():
        print(f"{name:<7} {f['entries']:>8,} {f['megabytes']:>6.1f} {f['export_seconds']:>9.2f} "
              f"{f['with_write_seconds']:>10.2f} {f['concepts_per_s']:>11,.0f}")
    cli = r.get("cli_end_to_end", {})
    for name in FORMATS:
        for state in ("cold", "warm"):
            if f"{name}_{state}_seconds" in cli:
                print(f"glossary export --format {name}, {state} cache: {cli[f'{name}_{state}_seconds']:.1f} s, "
                      f"peak RSS {cli[f'{name}_{state}_peak_rss_mb']:.0f} MB")
    for t in r["targets"]:
        print(f"target {t['target']}: {t['value']:.2f} s, {'met' if t['met'] else 'MISSED'}")


if __name__ == "__main__":
    main()
