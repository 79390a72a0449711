"""Edits that cannot be lost (issue 18): outcome counts of four fault runs on a glossary of four files.

    python -m benchmarks.edit_safety                  # 200 kills of each command, 20 concurrent rounds
    python -m benchmarks.edit_safety --quick          # 30 kills of each, 10 rounds
    python -m benchmarks.edit_safety --code /path/to/an/older/checkout   # the same runs on other code

1. **concurrent**: two ``term add`` on two concepts of one file, started together, ROUNDS times:
   both terms kept / one lost / one refused (a clear one-line refusal) / other.
2. **kill between renames**: ``import --merge`` changing 4 files, SIGKILLed at the k-th rename
   into terms/ (before it and right after it, every k), then ``glossary validate``: the state of
   the YAML files before recovery (what a reader that does not recover would see) and after.
3. **kill -9 at random moments** of ``term add`` and of ``import --merge`` (the delay drawn over
   the command's whole run, half of them in its last 15 %, where it writes): state right after the
   kill and after the next command, whether it validates, temporary files left.
4. **full disk**: ENOSPC injected at every fsync, and a real full tmpfs where one can be mounted,
   for ``term add``, ``import --merge``, ``export -o``, ``corpus convert -o``, ``variance -o``:
   one line naming the file with exit 3 / a traceback / other; whether anything was left behind.

States are byte comparisons of the YAML files with the state before the edit and the state an
uninterrupted run makes. Prints a table on stderr and the figures as JSON on stdout.
"""
from __future__ import annotations

import argparse
import contextlib
import json
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from tests.store import faults

MERGE = ("import", "extra.csv", "--merge", "--yes")
ADD = ("term", "add", "Big river", "-c", "river", "-l", "en", "--status", "admitted", "-y")
CORPUS = "vi,en\nBộ trưởng gặp Tỉnh,The Ministry met the Province\n"
WRITES = {"term add": (ADD, "terms/d.yaml"), "import --merge": (MERGE, "terms/a.yaml"),
          "export -o": (("export", "-f", "tbx", "-o", "out/g.tbx"), "out/g.tbx"),
          "corpus convert -o": (("corpus", "convert", "corpus.csv", "-o", "out/c.tmx"), "out/c.tmx"),
          "variance -o": (("variance", "corpus.csv", "-o", "out/r"), "out/r.")}


def _project(where: Path) -> Path:
    faults.make_glossary(where)
    faults.merge_csv(where / "extra.csv")
    (where / "corpus.csv").write_text(CORPUS, encoding="utf-8")
    (where / "out").mkdir()
    return where / "terms"


def _after(base: Path, args: tuple[str, ...]) -> tuple[dict[str, bytes], float]:
    """The YAML files after an uninterrupted run of ``args``, and how long it took."""
    done = base / f"done-{len(list(base.iterdir()))}"
    terms = _project(done)
    started = time.monotonic()
    result = faults.cli(*args, cwd=done)
    took = time.monotonic() - started
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed: {result.stderr}")
    return _yaml(faults.snapshot(terms)), took


def _yaml(snap: dict[str, bytes]) -> dict[str, bytes]:
    return {name: data for name, data in snap.items() if name.endswith(".yaml")}


def concurrent(base: Path, rounds: int) -> dict[str, int]:
    folder = base / "concurrent"
    terms = folder / "terms"
    terms.mkdir(parents=True)
    second = faults.file_text("province", "Tỉnh", "Province").split("concepts:\n", 1)[1]
    (terms / "admin.yaml").write_text(faults.file_text("ministry", "Bộ", "Ministry") + second, encoding="utf-8")
    out: Counter[str] = Counter()
    for i in range(rounds):
        procs = [faults.start("term", "add", f"{name} {i}", "-c", name.lower(), "-l", "en", "--status", "admitted",
                              "-y", cwd=folder) for name in ("Ministry", "Province")]
        results = [(p.wait(timeout=300), p.communicate()[1]) for p in procs]
        text = (terms / "admin.yaml").read_text(encoding="utf-8")
        kept = [f"term: {name} {i}\n" in text for name in ("Ministry", "Province")]
        codes = [code for code, _ in results]
        if all(kept) and codes == [0, 0]:
            out["both kept, both exit 0"] += 1
        elif any("Traceback" in err for _, err in results):
            out["traceback"] += 1
        elif not all(kept) and codes == [0, 0]:
            out["one lost, both exit 0"] += 1
        elif all(kept[j] or (codes[j] != 0 and _one_line(results[j][1])) for j in range(2)):
            out["one refused clearly"] += 1
        else:
            out["other"] += 1
        out["edits made again"] += sum("making this edit again" in err for _, err in results)
    return dict(out)


def _one_line(stderr: str) -> bool:
    return len([line for line in stderr.splitlines() if line.startswith("glossary: error:")]) == 1


def kill_between_renames(base: Path) -> dict[str, dict[str, int]]:
    before = _yaml(faults.snapshot(_project(base / "template")))
    after, _ = _after(base, MERGE)
    raw: Counter[str] = Counter()
    recovered: Counter[str] = Counter()
    left = 0
    for k in range(1, 6):
        for when in ("before", "after"):
            folder = base / f"k{k}-{when}"
            terms = _project(folder)
            killed = faults.cli_killed_at_rename(k, when, terms, *MERGE, cwd=folder)
            raw[faults.state_of(terms, before, after) + ("" if killed.returncode == -signal.SIGKILL else " (not killed)")] += 1
            check = faults.cli("validate", cwd=folder)
            recovered[faults.state_of(terms, before, after) + ("" if check.returncode == 0 else ", invalid")] += 1
            left += bool(faults.leftovers(terms))
    return {"right after the kill": dict(raw), "after the next command": dict(recovered),
            "runs with temporary files left": {"runs": left}}


def random_kills(base: Path, args: tuple[str, ...], runs: int, seed: int) -> dict[str, dict[str, int]]:
    before = _yaml(faults.snapshot(_project(base / f"template-{args[0]}")))
    after, took = _after(base, args)
    rng = random.Random(seed)
    raw: Counter[str] = Counter()
    recovered: Counter[str] = Counter()
    temporaries = Counter()
    for i in range(runs):
        folder = base / f"kill-{args[0]}-{i}"
        terms = _project(folder)
        delay = rng.uniform(0.85, 1.05) * took if i % 2 else rng.uniform(0.0, 1.1) * took
        proc = faults.start(*args, cwd=folder)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.communicate()
        raw[faults.state_of(terms, before, after)] += 1
        temporaries["left right after the kill"] += bool(faults.leftovers(terms))
        check = faults.cli("validate", cwd=folder)
        recovered[faults.state_of(terms, before, after) + ("" if check.returncode == 0 else ", invalid")] += 1
        temporaries["left after the next command"] += bool(faults.leftovers(terms))
        shutil.rmtree(folder)
    return {"right after the kill": dict(raw), "after the next command": dict(recovered),
            "runs with temporary files": dict(temporaries)}


def full_disk(base: Path) -> dict[str, dict[str, int]]:
    injected: Counter[str] = Counter()
    for errno_name in ("ENOSPC", "EDQUOT"):
        for label, (args, names) in WRITES.items():
            folder = base / f"full-{errno_name}-{label.split()[0]}"
            terms = _project(folder)
            before = faults.snapshot(terms)
            result = faults.cli_on_full_disk(errno_name, *args, cwd=folder)
            injected[_disk_outcome(result, names, terms, before, folder / "out")] += 1
    return {"injected ENOSPC/EDQUOT": dict(injected), "real full tmpfs": _tmpfs(base)}


def _disk_outcome(result: subprocess.CompletedProcess[str], names: str, terms: Path, before: dict[str, bytes],
                  out: Path) -> str:
    if "Traceback" in result.stderr:
        return "traceback"
    lines = [line for line in result.stderr.splitlines() if line.startswith("glossary: error:")]
    clean = faults.snapshot(terms) == before and not faults.leftovers(terms) and not list(out.iterdir())
    if result.returncode == 3 and len(lines) == 1 and names in lines[0]:
        return "one line naming the file, exit 3" + ("" if clean else ", but something left behind")
    return f"other (exit {result.returncode}: {lines[-1] if lines else result.stderr.strip()[-80:]!r})"


def _tmpfs(base: Path) -> dict[str, int]:
    where = base / "tmpfs"
    where.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "glossary-bench", str(where)],
                      capture_output=True).returncode != 0:
        return {"skipped: cannot mount a tmpfs (not root)": 1}
    out: Counter[str] = Counter()
    try:
        terms = _project(where / "p")
        before = faults.snapshot(terms)
        with open(where / "p" / "filler", "wb", buffering=0) as filler, contextlib.suppress(OSError):
            while True:
                filler.write(b"\0" * 1024)
        for args, names in WRITES.values():
            out[_disk_outcome(faults.cli(*args, cwd=where / "p"), names, terms, before, where / "p" / "out")] += 1
    finally:
        subprocess.run(["umount", "-l", str(where)], capture_output=True)
    return dict(out)


def run(quick: bool, *, rounds: int | None = None, kills: int | None = None, seed: int = 18) -> dict:
    rounds = rounds or (10 if quick else 20)
    kills = kills or (30 if quick else 200)
    with tempfile.TemporaryDirectory(prefix="edit-safety-") as tmp:
        base = Path(tmp)
        figures = {"concurrent term add": concurrent(base, rounds),
                   "kill between renames (import --merge, 4 files)": kill_between_renames(base),
                   "kill -9 of term add": random_kills(base, ADD, kills, seed),
                   "kill -9 of import --merge (4 files)": random_kills(base, MERGE, kills, seed + 1),
                   "full disk": full_disk(base)}
    figures["summary"] = summary(figures)
    figures["runs"] = {"concurrent rounds": rounds, "kills per command": kills, "seed": seed}
    return figures


def summary(figures: dict) -> dict[str, int]:
    """The counts that must be 0 (issue 18's "0 lost or mixed edits"), over every run above."""
    after_next = [figures[name]["after the next command"] for name in
                  ("kill between renames (import --merge, 4 files)", "kill -9 of term add",
                   "kill -9 of import --merge (4 files)")]
    disk = figures["full disk"]
    bad_disk = sum(n for part in disk.values() for outcome, n in part.items()
                   if not outcome.startswith(("one line naming the file, exit 3", "skipped")) or "left behind" in outcome)
    return {"lost edits (concurrent, both exit 0)": figures["concurrent term add"].get("one lost, both exit 0", 0),
            "mixed states after the next command": sum(c.get("mixed", 0) for c in after_next),
            "invalid glossaries after the next command": sum(n for c in after_next for k, n in c.items()
                                                             if "invalid" in k),
            "runs with temporary files left after the next command":
                figures["kill between renames (import --merge, 4 files)"]["runs with temporary files left"]["runs"]
                + sum(figures[name]["runs with temporary files"]["left after the next command"]
                      for name in ("kill -9 of term add", "kill -9 of import --merge (4 files)")),
            "full-disk runs not one line naming the file (exit 3, nothing left)": bad_disk,
            "tracebacks": figures["concurrent term add"].get("traceback", 0)
            + sum(n for part in disk.values() for outcome, n in part.items() if outcome == "traceback")}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="10 concurrent rounds, 30 kills of each command")
    parser.add_argument("--rounds", type=int, help="concurrent rounds (default 20)")
    parser.add_argument("--kills", type=int, help="random kills of each command (default 200)")
    parser.add_argument("--seed", type=int, default=18)
    parser.add_argument("--code", type=Path, help="run this checkout's glossary package instead (before/after)")
    args = parser.parse_args(argv)
    if args.code is not None:
        faults.REPO = args.code.resolve()  # the subprocesses' PYTHONPATH (faults.env)
    figures = run(args.quick, rounds=args.rounds, kills=args.kills, seed=args.seed)
    for section, value in figures.items():
        print(section, file=sys.stderr)
        for key, counts in value.items():
            print(f"  {key}: {counts}", file=sys.stderr)
    json.dump(figures, sys.stdout, ensure_ascii=False, indent=1)
    print()


if __name__ == "__main__":
    main()
