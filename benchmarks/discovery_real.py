"""``glossary discover`` on real Debian message catalogues, scored against hand labels.

The labels are in ``benchmarks/devsets/<pair>.<set>.json`` (how they were made:
``benchmarks/devsets/README.md``): for English terms chosen from the catalogues, every labelled
catalogue pair's target span that renders the term (or "omitted" / "untranslated"), and from
those, per term, each rendering with its uses, its class against the canonical rendering and the
canonical itself. Pairs: en->vi, en->ja, en->de.

Per pair, the catalogues the labels were taken from (listed in the set's JSON) are copied into a
temporary directory and ``glossary discover DIR -s en -t LANG --no-glossary -f json -o FILE`` runs in
a fresh process (the console script's entry function, so its own peak RSS is reported;
``benchmarks/rss.py``). Without ``--skip-bad`` first; when that fails the failure is recorded and
the run repeated with ``--skip-bad``. The report's groups are then matched to the labelled terms by
``source_term`` (case-folded; hyphen and space alike) and scored:

- ``terms_with_group``: share of the labelled terms that have a group; ``variant_terms_with_group``: the same over
  the terms with two or more labelled translated renderings (a group needs two renderings, so a term rendered one
  way throughout can only get one from noise);
- ``recall_3``: share of the labelled renderings used 3 times or more (in the labelled pairs) that the
  term's groups report;
- ``recall_3_variant_terms``: the same over the terms with two or more labelled translated renderings (a
  term rendered one way in its labelled pairs has a group, so a rendering "found", only through another
  form: noise, an untranslated copy or a rendering outside the sample);
- ``recall_weighted``: the same over all labelled renderings, each weighted by its uses;
- ``precision``: share of the renderings reported for labelled terms that are labelled renderings of
  that term (a lower bound where the term was sampled: a rare true rendering may be in no labelled pair);
- ``precision_labelled``: the same judged where the labels can tell, occurrence by occurrence: each reported
  rendering in each labelled pair of its term (the pair's msgid among the rendering's segments, the
  rendering's text in the pair's msgstr) is right when it is one of the pair's labelled spans; a rare
  rendering seen in no labelled pair is not judged (``judged_occurrences`` counts those judged);
- ``class_accuracy``: reported renderings that match a labelled rendering and carry the labelled class
  (mapped to the report's classes, below); ``class_accuracy_agreed``: the same on terms whose canonical
  agrees, since classes are relative to the canonical;
- ``canonical_agreement``: terms whose group's canonical is the labelled canonical, over the terms with
  a group (``canonical_agreement_all``: over all labelled terms);
- ``calibration``: per band of reported confidence (0.2 wide), the groups of labelled terms and the
  share of them that are right (every rendering they report is a labelled rendering of the term);
- ``seconds``, ``peak_rss_mb`` of the ``glossary discover`` process.

Renderings are compared as keys: accelerators (``_``, ``&``) removed, whitespace runs made one space,
NFC, case-folded; a match is an equal key (a strict span match). A labelled class is taken per key
("case" variants of the canonical are the canonical key: identical). Report classes accepted for a
labelled class: identical: identical, case-hyphen; orthographic: orthographic, case-hyphen,
us-uk-spelling; diacritics; inflection: orthographic, identical, case-hyphen (discovery folds inflection
into one form); abbreviation; misspelling; lexical.

``run(quick)`` (for ``python -m benchmarks``) scores the dev set only, quick or not (the corpus is the
catalogues; there is no smaller size); the held-out set is scored only when asked for by name, so that
it stays out of routine tuning:

    python -m benchmarks.discovery_real --set dev
    python -m benchmarks.discovery_real --set heldout --pairs en-vi
    python -m benchmarks.discovery_real --set dev --detail        # per term: found and missed renderings
    python -m benchmarks.discovery_real --set dev --report-dir /tmp/reports   # keep the discovery JSON
    python -m benchmarks.discovery_real --set dev --reports-from /tmp/reports # score kept reports again
"""
from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from benchmarks.rss import REPORT_AT_EXIT, reported_peak_mb

DEVSETS = Path(__file__).resolve().parent / "devsets"
PAIRS = ("en-vi", "en-ja", "en-de")
SETS = ("dev", "heldout")
_CLI = (sys.executable, "-c", f"{REPORT_AT_EXIT}; from glossary.cli.main import run; run()")

# labelled class (per key) -> report classes accepted for it
ACCEPTED = {
    "identical": {"identical", "case-hyphen"},
    "case": {"identical", "case-hyphen"},
    "orthographic": {"orthographic", "case-hyphen", "us-uk-spelling"},
    "diacritics": {"diacritics"},
    "inflection": {"orthographic", "identical", "case-hyphen"},
    "abbreviation": {"abbreviation"},
    "misspelling": {"misspelling"},
    "lexical": {"lexical"},
}


def rendering_key(text: str) -> str:
    """The comparison key of a rendering: accelerators out, whitespace runs one space, NFC, case-folded."""
    t = re.sub(r"&(?=\w)", "", text)
    t = re.sub(r"(?:(?<=\s)|^|(?<=\())_(?=\w)", "", t)
    t = re.sub(r"\s+", " ", t).strip()
    return unicodedata.normalize("NFC", t).casefold()


def term_key(text: str | None) -> str:
    return re.sub(r"[\s\-]+", " ", unicodedata.normalize("NFC", text or "")).strip().casefold()


def load_set(pair: str, which: str) -> dict:
    path = DEVSETS / f"{pair}.{which}.json"
    return json.loads(path.read_text(encoding="utf-8"))


# -- running discovery ---------------------------------------------------------------------------
def stage_catalogues(devset: dict, into: Path) -> Path:
    """Copy the set's catalogues into ``into/<lang>/`` (their own names), so discovery reads exactly them."""
    lang = devset["language_pair"]["target"]
    corpus = into / lang
    corpus.mkdir(parents=True, exist_ok=True)
    for cat in devset["catalogues"]:
        shutil.copyfile(cat["file"], corpus / Path(cat["file"]).name)
    return corpus


def _warnings(stderr: str, limit: int = 10) -> list[str]:
    lines = [ln for ln in stderr.splitlines() if ln.strip() and not ln.startswith("peak-rss-kb")
             and not ln.startswith("wrote ")]
    return lines[:limit]


def run_discover(corpus: Path, lang: str, out_json: Path, skip_bad: bool, timeout: float | None) -> dict:
    command = [*_CLI, "discover", str(corpus), "-s", "en", "-t", lang, "--no-glossary",
               "-f", "json", "-o", str(out_json)] + (["--skip-bad"] if skip_bad else [])
    started = time.perf_counter()
    try:
        done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, check=False,
                              timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"skip_bad": skip_bad, "exit": None, "error": f"timed out after {timeout} s",
                "seconds": time.perf_counter() - started}
    seconds = time.perf_counter() - started
    result = {"skip_bad": skip_bad, "exit": done.returncode, "seconds": seconds,
              "peak_rss_mb": reported_peak_mb(done.stderr), "messages": _warnings(done.stderr)}
    if done.returncode != 0 or not out_json.exists():
        result["error"] = (done.stderr.strip().splitlines() or ["(no message)"])[-1][-500:]
    return result


def discover_pair(devset: dict, workdir: Path, timeout: float | None) -> tuple[dict, dict | None]:
    """Run discovery on the set's catalogues: without --skip-bad, then with it if that failed."""
    lang = devset["language_pair"]["target"]
    corpus = stage_catalogues(devset, workdir)
    out_json = workdir / f"discovery-{lang}.json"
    attempts = []
    report = None
    for skip_bad in (False, True):
        if out_json.exists():
            out_json.unlink()
        attempt = run_discover(corpus, lang, out_json, skip_bad, timeout)
        attempts.append(attempt)
        if attempt.get("error") is None:
            report = json.loads(out_json.read_text(encoding="utf-8"))
            break
    ok = attempts[-1]
    run_info = {"catalogues": len(devset["catalogues"]), "attempts": attempts,
                "needed_skip_bad": ok["skip_bad"] and report is not None,
                "seconds": ok.get("seconds"), "peak_rss_mb": ok.get("peak_rss_mb")}
    if report is not None:
        run_info.update(segments=report.get("segments"), passages=report.get("passages"),
                        groups=len(report.get("groups", [])))
    return run_info, report


# -- scoring -----------------------------------------------------------------------------------
def labelled_keys(term: dict) -> tuple[dict[str, int], dict[str, str], str | None]:
    """Per rendering key: uses, and the labelled class at key level; the canonical key."""
    uses: dict[str, int] = {}
    cls: dict[str, tuple[int, str]] = {}
    for r in term["renderings"]:
        k = rendering_key(r["text"])
        uses[k] = uses.get(k, 0) + r["count"]
        c = "identical" if r["class"] == "case" else r["class"]
        if k not in cls or r["count"] > cls[k][0]:
            cls[k] = (r["count"], c)
    canon = term.get("canonical_key")
    canon = rendering_key(canon) if canon else None
    classes = {k: ("identical" if k == canon else c) for k, (_, c) in cls.items()}
    return uses, classes, canon


def score(devset: dict, report: dict | None) -> dict:
    by_source: dict[str, list[dict]] = {}
    for g in (report or {}).get("groups", []):
        by_source.setdefault(term_key(g.get("source_term")), []).append(g)
    n_terms = with_group = 0
    r3_hit = r3_all = 0
    w_hit = w_all = 0
    p_hit = p_all = 0
    c_hit = c_all = ca_hit = ca_all = 0
    canon_hit = 0
    variant_terms = variant_with_group = 0
    pl_hit = pl_all = 0
    r3v_hit = r3v_all = 0
    pairs_of: dict[str, list[dict]] = {}
    for p in devset["pairs"]:
        if p["status"] != "excluded":
            pairs_of.setdefault(term_key(p["term"]), []).append(p)
    detail = {}
    for name, term in devset["terms"].items():
        n_terms += 1
        uses, classes, canon = labelled_keys(term)
        groups = by_source.get(term_key(name), [])
        reported: dict[str, str] = {}  # key -> report class
        for g in sorted(groups, key=lambda g: -g.get("occurrences", 0)):
            for r in g["renderings"]:
                reported.setdefault(rendering_key(r["text"]), r["class"])
        tool_canon = rendering_key(max(groups, key=lambda g: g.get("occurrences", 0))["canonical"]) if groups else None
        agreed = groups and tool_canon == canon
        translated = {rendering_key(r["text"]) for r in term["renderings"] if not r["untranslated"]}
        if len(translated) >= 2:
            variant_terms += 1
            variant_with_group += bool(groups)
        if groups:
            with_group += 1
            canon_hit += bool(agreed)
        for k, n in uses.items():
            w_all += n
            w_hit += n if k in reported else 0
            if n >= 3:
                r3_all += 1
                r3_hit += k in reported
                if len(translated) >= 2:
                    r3v_all += 1
                    r3v_hit += k in reported
        wrong: dict[str, int] = {}
        for g in groups:
            for r in g["renderings"]:
                k = rendering_key(r["text"])
                segs = set(r.get("segments", ()))
                for p in pairs_of.get(term_key(name), ()):
                    if p["msgid"] not in segs or k not in rendering_key(p["msgstr"]):
                        continue  # not seen in this labelled pair (or in another translation of its msgid)
                    pl_all += 1
                    if k in {rendering_key(sp.get("rendering") or sp["text"]) for sp in p.get("spans", ())}:
                        pl_hit += 1
                    else:
                        wrong[k] = wrong.get(k, 0) + 1
        for k, rc in reported.items():
            p_all += 1
            if k in uses:
                p_hit += 1
                ok = rc in ACCEPTED.get(classes[k], {classes[k]})
                c_all += 1
                c_hit += ok
                if agreed:
                    ca_all += 1
                    ca_hit += ok
        detail[name] = {
            "groups": len(groups), "canonical": term.get("canonical"), "reported_canonical": tool_canon,
            "found": sorted(k for k in uses if k in reported),
            "missed": sorted((k for k in uses if k not in reported), key=lambda k: -uses[k]),
            "not_labelled": sorted(k for k in reported if k not in uses)[:20],
            "wrong_in_labelled_pairs": dict(sorted(wrong.items(), key=lambda kv: (-kv[1], kv[0]))),
        }

    # calibration: a group of a labelled term is right when every rendering it reports is labelled
    bands: dict[str, list[int]] = {}
    for name, term in devset["terms"].items():
        keys = set(labelled_keys(term)[0])
        for g in by_source.get(term_key(name), []):
            band = f"{min(int(g.get('confidence', 0) * 5), 4) / 5:.1f}"
            right = all(rendering_key(r["text"]) in keys for r in g["renderings"])
            bands.setdefault(band, [0, 0])
            bands[band][0] += right
            bands[band][1] += 1

    def share(a: int, b: int) -> float | None:
        return round(a / b, 4) if b else None
    figures = {
        "terms": n_terms, "terms_with_group": share(with_group, n_terms),
        "variant_terms": variant_terms, "variant_terms_with_group": share(variant_with_group, variant_terms),
        "renderings_3plus": r3_all, "recall_3": share(r3_hit, r3_all),
        "recall_3_variant_terms": share(r3v_hit, r3v_all),
        "uses": w_all, "recall_weighted": share(w_hit, w_all),
        "reported_renderings": p_all, "precision": share(p_hit, p_all),
        "judged_occurrences": pl_all, "precision_labelled": share(pl_hit, pl_all),
        "class_accuracy": share(c_hit, c_all), "class_accuracy_agreed": share(ca_hit, ca_all),
        "canonical_agreement": share(canon_hit, with_group), "canonical_agreement_all": share(canon_hit, n_terms),
    }
    figures["calibration"] = {band: {"groups": n, "right": share(k, n)} for band, (k, n) in sorted(bands.items())}
    return {"figures": figures, "detail": detail}


def measure(pair: str, sets: list[str], timeout: float | None = None, report_dir: Path | None = None,
            detail: bool = False, reports_from: Path | None = None) -> dict:
    devsets = {which: load_set(pair, which) for which in sets}
    first = devsets[sets[0]]
    for which, d in devsets.items():  # every set of a pair is labelled on the same catalogues
        if [c["file"] for c in d["catalogues"]] != [c["file"] for c in first["catalogues"]]:
            raise RuntimeError(f"{pair}: the {which} set lists other catalogues than {sets[0]}")
    if reports_from is not None:  # score a report kept by an earlier run (--report-dir); nothing is timed
        report = json.loads((reports_from / f"discovery-{pair}.json").read_text(encoding="utf-8"))
        run_info = {"catalogues": len(first["catalogues"]), "attempts": [], "from_report": str(reports_from),
                    "seconds": None, "peak_rss_mb": None, "segments": report.get("segments"),
                    "passages": report.get("passages"), "groups": len(report.get("groups", []))}
        return _scored(devsets, report, run_info, detail)
    with tempfile.TemporaryDirectory(prefix="glossary-discovery-real-") as tmp:
        run_info, report = discover_pair(first, Path(tmp), timeout)
        if report_dir is not None and report is not None:
            report_dir.mkdir(parents=True, exist_ok=True)
            (report_dir / f"discovery-{pair}.json").write_text(json.dumps(report, ensure_ascii=False), encoding="utf-8")
    return _scored(devsets, report, run_info, detail)


def _scored(devsets: dict, report: dict | None, run_info: dict, detail: bool) -> dict:
    """The run's facts and each set's figures (and detail) from one discovery report."""
    out = {"run": run_info}
    for which, d in devsets.items():
        scored = score(d, report)
        out[which] = scored["figures"] | {"labelled_pairs": len(d["pairs"])}
        if detail:
            out[which + "_detail"] = scored["detail"]
    return out


def run(quick: bool) -> dict:
    """Every pair's dev set (quick or not: the corpus is the catalogues themselves)."""
    return {pair: measure(pair, ["dev"]) for pair in PAIRS}


def _row(pair: str, which: str, f: dict, run_info: dict) -> str:
    def v(x):
        return "-" if x is None else (f"{x:.3f}" if isinstance(x, float) else str(x))
    return (f"{pair:6} {which:7} {f['labelled_pairs']:>6} {f['terms']:>5} {v(f['terms_with_group']):>7} "
            f"{v(f['variant_terms_with_group']):>7} "
            f"{v(f['recall_3']):>6} {v(f['recall_3_variant_terms']):>6} {v(f['recall_weighted']):>6} {v(f['precision']):>6} {v(f['precision_labelled']):>6} "
            f"{v(f['class_accuracy']):>6} "
            f"{v(f['class_accuracy_agreed']):>6} {v(f['canonical_agreement']):>6} {v(run_info.get('seconds')):>7} "
            f"{v(run_info.get('peak_rss_mb')):>7}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="glossary discover on Debian catalogues, scored against hand labels.")
    parser.add_argument("--set", dest="sets", action="append", choices=SETS,
                        help="dev (default) or heldout; repeat for both")
    parser.add_argument("--pairs", nargs="+", default=list(PAIRS), choices=PAIRS)
    parser.add_argument("--timeout", type=float, default=None, help="seconds per discover run")
    parser.add_argument("--detail", action="store_true", help="per term: found, missed and unlabelled renderings")
    parser.add_argument("--report-dir", type=Path, default=None, help="keep each discovery report here")
    parser.add_argument("--reports-from", type=Path, default=None,
                        help="score the reports an earlier --report-dir run kept, without running discovery")
    parser.add_argument("--json", type=Path, default=None, help="also write every figure here")
    args = parser.parse_args(argv)
    sets = args.sets or ["dev"]
    results = {}
    print(f"{'pair':6} {'set':7} {'pairs':>6} {'terms':>5} {'w/group':>7} {'var/grp':>7} {'R>=3':>6} {'R3-var':>6} {'R-wt':>6} {'P':>6} {'P-lab':>6} "
          f"{'class':>6} {'cl-agr':>6} {'canon':>6} {'seconds':>7} {'RSS MB':>7}")
    for pair in args.pairs:
        res = measure(pair, sets, args.timeout, args.report_dir, args.detail, args.reports_from)
        results[pair] = res
        for a in res["run"]["attempts"]:
            if a.get("error"):
                print(f"{pair}: discover{' --skip-bad' if a['skip_bad'] else ''} failed (exit {a['exit']}): "
                      f"{a['error']}", file=sys.stderr)
            for m in a.get("messages", [])[:5]:
                print(f"{pair}: {m}", file=sys.stderr)
        for which in sets:
            print(_row(pair, which, res[which], res["run"]), flush=True)
            cal = res[which]["calibration"]
            print(f"       calibration ({which}; confidence band: groups, share right): "
                  + ", ".join(f">={band}: {c['groups']}, {c['right']}" for band, c in cal.items()))
        if args.detail:
            for which in sets:
                for term, d in res[which + "_detail"].items():
                    print(f"  {pair} {which} {term}: groups {d['groups']}, canonical {d['canonical']!r} / "
                          f"{d['reported_canonical']!r}; found {d['found']}; missed {d['missed'][:8]}; "
                          f"not labelled {d['not_labelled'][:8]}; wrong in labelled pairs "
                          f"{d['wrong_in_labelled_pairs']}")
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
