"""What a default `glossary variance` run writes, and how long its HTML page takes to open in Chromium.

Run: python -m benchmarks.report_open [--quick] [--dir DIR] [--pairs N] [--terms N]

End to end: a synthetic corpus and glossary from benchmarks/synth.py (1,000,000 pairs x 50,000
terms; quick: 50,000 x 10,000), ``glossary variance CORPUS -g GLOSSARY -o DIR/variance`` with the
default formats (the text summary and the HTML page), in a fresh process; then the bytes written
(the page, the data folder beside it, everything) and the time from asking headless Chromium
(Debian's, driven by Playwright, as the browser tests do) to open the page until its first page of
findings is shown (``#findings[data-ready]``), best and median of three fresh tabs.
Also the same for the report model of ``benchmarks.report_model`` (what the browser test opens),
which needs no scan. Target (issue 16): a 1,000,000-pair report opens in under 3 s.
Figures only: this asserts nothing.
"""
from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.variance_speed import make_data, measured

TARGET_S = 3.0
FULL = {"pairs": 1_000_000, "terms": 50_000}
QUICK = {"pairs": 50_000, "terms": 10_000}
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
TABS = 3


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def sizes(folder: Path) -> dict:
    """Bytes of each file and folder the run wrote, and in all."""
    out = {}
    for path in sorted(folder.iterdir()):
        if path.is_dir():
            out[path.name + "/"] = sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
        elif not path.name.endswith((".tmx", ".yaml", ".jsonl")):
            out[path.name] = path.stat().st_size
    out["total"] = sum(out.values())
    return out


def open_times(html: Path, *, tabs: int = TABS, timeout_s: float = 180.0) -> dict:
    """Seconds from goto to the first page of findings shown, in ``tabs`` fresh browser contexts."""
    from playwright.sync_api import sync_playwright

    times = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=shutil.which("chromium") or CHROMIUM, args=ARGS)
        try:
            for _ in range(tabs):
                context = browser.new_context()
                tab = context.new_page()
                started = time.perf_counter()
                try:
                    tab.goto(html.as_uri(), wait_until="load", timeout=timeout_s * 1000)
                    tab.wait_for_selector("#findings[data-ready]", state="attached", timeout=timeout_s * 1000)
                    times.append(time.perf_counter() - started)
                except Exception as error:  # a page that does not open in time is a figure too
                    _log(f"{html}: {type(error).__name__}: {str(error)[:200]}")
                    times.append(None)
                finally:
                    context.close()
        finally:
            browser.close()
    done = [t for t in times if t is not None]
    return {"open_s_best": round(min(done), 3) if done else None,
            "open_s_median": round(statistics.median(done), 3) if done else None,
            "opened": f"{len(done)} of {len(times)}"}


def end_to_end(folder: Path, pairs: int, terms: int) -> dict:
    _log(f"generating {pairs:,} pairs x {terms:,} terms in {folder}")
    glossary, corpus, _ = make_data(folder, terms, pairs)
    out = folder / "report"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir()
    _log("glossary variance (default formats)")
    run = measured([sys.executable, "-m", "glossary", "variance", str(corpus), "-g", str(glossary),
                    "-o", str(out / "variance"), "-q"])
    return {"pairs": pairs, "terms": terms, "variance_wall_s": round(run["wall_s"], 1),
            "peak_rss_mb": round(run["peak_rss_mb"]), "bytes": sizes(out), **open_times(out / "variance.html")}


def model(folder: Path) -> dict:
    from benchmarks.report_model import million_pairs
    from glossary.render.html import write_html

    report = million_pairs()
    out = folder / "model"
    (out / "variance_files").mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    with (out / "variance.html").open("w", encoding="utf-8") as page:
        write_html(report, page, chunks=lambda name: (out / "variance_files" / name).open("w", encoding="utf-8"),
                   folder="variance_files")
    return {"findings": len(report.findings), "concepts": len(report.concepts),
            "write_s": round(time.perf_counter() - started, 1), "bytes": sizes(out),
            **open_times(out / "variance.html")}


def measure(pairs: int, terms: int, folder: Path) -> dict:
    result = {"model_1m": model(folder), "end_to_end": end_to_end(folder, pairs, terms)}
    opened = result["end_to_end"]["open_s_median"]
    result["targets"] = [{
        "target": f"a {pairs:,}-pair report opens in Chromium in under {TARGET_S:g} s (median of {TABS})",
        "value": opened, "unit": "s", "limit": TARGET_S, "met": opened is not None and opened < TARGET_S}]
    return result


def run(quick: bool) -> dict:
    sizes_ = QUICK if quick else FULL
    folder = Path(tempfile.mkdtemp(prefix="report-open-"))
    try:
        return measure(sizes_["pairs"], sizes_["terms"], folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="50,000 pairs x 10,000 terms")
    parser.add_argument("--dir", type=Path, help="keep generated files here (reused when present)")
    parser.add_argument("--pairs", type=int)
    parser.add_argument("--terms", type=int)
    args = parser.parse_args()
    chosen = dict(QUICK if args.quick else FULL)
    chosen.update({k: v for k, v in (("pairs", args.pairs), ("terms", args.terms)) if v})
    if args.dir:
        args.dir.mkdir(parents=True, exist_ok=True)
        result = measure(chosen["pairs"], chosen["terms"], args.dir)
    else:
        folder = Path(tempfile.mkdtemp(prefix="report-open-"))
        try:
            result = measure(chosen["pairs"], chosen["terms"], folder)
        finally:
            shutil.rmtree(folder, ignore_errors=True)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
