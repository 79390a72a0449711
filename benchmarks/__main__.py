"""Run the benchmarks, print their figures, and keep them in reports/benchmarks.json.

    python -m benchmarks                      # the issue's sizes (about an hour on 2 cores)
    python -m benchmarks --quick              # small sizes, a few minutes (reports/benchmarks-quick.json)
    python -m benchmarks --only export_speed conflicts_speed
    python -m benchmarks --list

Each benchmark is a module of this package with ``run(quick: bool) -> dict``. Each
runs in a fresh process, so its peak memory (RSS) is its own: the child prints its
dict as JSON on stdout (anything the benchmark itself prints goes to stderr) and
the parent collects, prints every figure as tables, checks the targets the
benchmarks state, and writes everything with the machine it ran on, atomically.
With ``--only`` the other benchmarks' earlier figures in the output file are kept
when they were taken on the same machine. A module that is missing, has no
``run``, fails or times out is reported as such, never skipped, and the exit code
is 1. Benchmarks print figures; they are not tests and assert nothing.
"""
from __future__ import annotations

import argparse
import importlib
import inspect
import json
import os
import platform
import signal
import subprocess
import sys
import threading
import time
import traceback
from collections import deque
from datetime import datetime, timezone
from pathlib import Path

from glossary.files.atomic import atomic_write_text

from .rss import peak_rss_mb

REPO = Path(__file__).resolve().parents[1]
DEFAULT_OUTPUT = REPO / "reports" / "benchmarks.json"
QUICK_OUTPUT = REPO / "reports" / "benchmarks-quick.json"
# In the order they run; the headline figures (variance) first.
BENCHMARKS = ("variance_speed", "discovery_quality", "tmx_stream", "index_build", "lookup_latency", "export_speed",
              "conflicts_speed", "start_up", "discovery_real", "variance_real", "align_speed", "serve_latency",
              "report_open")
OK, MISSING, FAILED = "ok", "missing", "failed"
_TAIL_LINES = 20  # of a failing child's stderr, kept for the report


# -- the child: one benchmark in this process -------------------------------------------------
def _takes_quick(run: object) -> bool:
    try:
        inspect.signature(run).bind(True)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False
    return True


def _child(name: str, quick: bool) -> int:
    """Run one benchmark; write exactly one JSON object to the real stdout; 0 ok, 1 failed, 3 missing."""
    sys.stdout.flush()
    real_stdout = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)  # whatever the benchmark (or its subprocesses) print goes to stderr, not into the JSON
    started = time.perf_counter()
    outcome: dict
    try:
        module = importlib.import_module(f"{__package__}.{name}")
    except ModuleNotFoundError as exc:
        if exc.name != f"{__package__}.{name}":  # the module exists but something it imports does not
            traceback.print_exc()
            outcome = {"status": FAILED, "error": f"{type(exc).__name__}: {exc}"}
        else:
            outcome = {"status": MISSING, "error": f"no module benchmarks/{name}.py"}
    else:
        run = getattr(module, "run", None)
        if not callable(run) or not _takes_quick(run):
            what = f"a run{inspect.signature(run)}" if callable(run) else "no run"
            outcome = {"status": MISSING, "error": f"benchmarks/{name}.py has {what}, not run(quick: bool) -> dict"}
        else:
            try:
                figures = run(quick)
                if not isinstance(figures, dict):
                    raise TypeError(f"run() returned {type(figures).__name__}, not a dict")
                outcome = {"status": OK, "figures": figures}
            except Exception as exc:  # a benchmark's failure is a result to report, not a crash of the harness
                traceback.print_exc()
                outcome = {"status": FAILED, "error": f"{type(exc).__name__}: {exc}"}
    outcome["seconds"] = time.perf_counter() - started
    outcome["peak_rss_mb"] = peak_rss_mb()  # this process only; benchmarks report their subprocesses' own
    sys.stdout.flush()
    real_stdout.write(json.dumps(outcome, ensure_ascii=False, default=str) + "\n")
    real_stdout.flush()
    return {OK: 0, FAILED: 1, MISSING: 3}[outcome["status"]]


# -- the parent ------------------------------------------------------------------------------
def run_one(name: str, *, quick: bool, timeout: float | None) -> dict:
    """One benchmark in a fresh process; its outcome dict (status, figures or error, seconds, peak RSS)."""
    command = [sys.executable, "-m", __package__, "--child", name] + (["--quick"] if quick else [])
    load = os.getloadavg()[0]
    started = time.perf_counter()
    # own session: on a time-out the benchmark's own subprocesses go too
    proc = subprocess.Popen(command, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    tail: deque[str] = deque(maxlen=_TAIL_LINES)
    chunks: list[str] = []

    def echo() -> None:  # progress shows live, the tail is kept for the report
        assert proc.stderr is not None
        for line in proc.stderr:
            tail.append(line.rstrip("\n"))
            sys.stderr.write(f"  [{name}] {line}")
            sys.stderr.flush()

    def collect() -> None:
        assert proc.stdout is not None
        chunks.append(proc.stdout.read())

    readers = [threading.Thread(target=echo, daemon=True), threading.Thread(target=collect, daemon=True)]
    for reader in readers:
        reader.start()
    timed_out = False
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        timed_out = True
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    for reader in readers:
        reader.join(timeout=10)
    stdout = "".join(chunks)
    wall = time.perf_counter() - started
    outcome: dict | None = None
    for line in reversed(stdout.splitlines()):
        if line.startswith("{"):
            try:
                outcome = json.loads(line)
            except json.JSONDecodeError:
                pass
            break
    if timed_out:
        outcome = {"status": FAILED, "error": f"timed out after {timeout:g} s"}
    elif outcome is None:
        last = tail[-1] if tail else "no output"
        outcome = {"status": FAILED, "error": f"the benchmark process exited {proc.returncode} without a result: {last}"}
    if outcome["status"] == FAILED and tail:
        outcome["stderr_tail"] = list(tail)
    outcome["wall_seconds"] = wall
    outcome["load_average_at_start"] = load
    outcome["quick"] = quick
    outcome["date"] = datetime.now(timezone.utc).isoformat(timespec="seconds")
    return outcome


def machine() -> dict:
    """What the figures were taken on."""
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory_gb = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory_gb = round(int(line.split()[1]) / 1024 / 1024, 1)
                break
    except OSError:
        pass
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True,
                                timeout=10).stdout.strip() or None
    except (OSError, subprocess.SubprocessError):
        commit = None
    return {"cpu": model or platform.processor() or platform.machine(), "cores": os.cpu_count(),
            "usable_cores": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
            "memory_gb": memory_gb, "python": platform.python_version(), "implementation": platform.python_implementation(),
            "os": f"{platform.system()} {platform.release()}", "git_commit": commit,
            "date": datetime.now(timezone.utc).isoformat(timespec="seconds")}


def _same_machine(a: dict, b: dict) -> bool:
    return all(a.get(k) == b.get(k) for k in ("cpu", "cores", "memory_gb", "python"))


def merge(previous: dict | None, ran: dict[str, dict], now: dict, *, quick: bool) -> dict:
    """The report to write: this run's outcomes, plus earlier ones (same machine) for benchmarks not run now."""
    benchmarks: dict[str, dict] = {}
    if previous and _same_machine(previous.get("machine", {}), now):
        benchmarks.update(previous.get("benchmarks", {}))
    benchmarks.update(ran)
    ordered = {name: benchmarks[name] for name in BENCHMARKS if name in benchmarks}
    ordered.update({k: v for k, v in benchmarks.items() if k not in ordered})
    return {"machine": now, "quick": quick, "benchmarks": ordered}


# -- rendering: every figure, as tables ---------------------------------------------------------
def _fmt(value: object) -> str:
    if isinstance(value, bool) or value is None:
        return {True: "yes", False: "no", None: "-"}[value]
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        size = abs(value)
        if size >= 1000:
            return f"{value:,.0f}"
        if size >= 100:
            return f"{value:.1f}"
        if size >= 1 or size == 0:
            return f"{value:.2f}"
        return f"{value:.3g}"
    if isinstance(value, list):
        return ", ".join(_fmt(v) for v in value) if all(not isinstance(v, (dict, list)) for v in value) \
            else json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


def _flatten(value: dict, prefix: str = "") -> dict[str, object] | None:
    """Nested dicts to dotted keys; None when a list of dicts is inside (not one row)."""
    out: dict[str, object] = {}
    for key, inner in value.items():
        name = f"{prefix}{key}"
        if isinstance(inner, dict):
            nested = _flatten(inner, f"{name}.")
            if nested is None:
                return None
            out.update(nested)
        elif isinstance(inner, list) and any(isinstance(v, (dict, list)) for v in inner):
            return None
        else:
            out[name] = inner
    return out


def _as_rows(value: object) -> dict[str, dict[str, object]] | None:
    """A dict of dicts, or a list of dicts, whose leaves are plain values: one row per entry."""
    if isinstance(value, list) and len(value) > 0 and all(isinstance(v, dict) for v in value):
        flat = [_flatten(v) for v in value]
        if any(f is None for f in flat):
            return None
        # label each entry by the first figure that tells them apart (terms=1,000), else its position
        keys = [k for k in flat[0] if all(k in f for f in flat)]  # type: ignore[operator]
        label = next((k for k in keys if len({_fmt(f[k]) for f in flat}) == len(flat)), None)  # type: ignore[index]
        return {(f"{label}={_fmt(f[label])}" if label else str(i + 1)): f  # type: ignore[index]
                for i, f in enumerate(flat)}  # type: ignore[misc]
    if isinstance(value, dict) and value and all(isinstance(v, dict) for v in value.values()):
        flat_rows = {str(k): _flatten(v) for k, v in value.items()}
        if any(f is None for f in flat_rows.values()):
            return None
        return flat_rows  # type: ignore[return-value]
    return None


def _table(rows: list[list[str]], header: list[str]) -> list[str]:
    widths = [max(len(r[i]) for r in [header] + rows) for i in range(len(header))]
    line = lambda r: "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths)))  # noqa: E731
    return [line(header), line(["-" * w for w in widths])] + [line(r) for r in rows]


_WIDE = 8  # more columns than this: one row per figure and one column per entry instead


def render_figures(figures: dict, indent: str = "  ") -> list[str]:
    lines: list[str] = []
    flat: list[tuple[str, object]] = []

    def walk(prefix: str, value: object) -> None:
        rows = _as_rows(value)
        if rows is not None:
            columns: list[str] = []
            for row in rows.values():
                columns += [k for k in row if k not in columns]
            lines.append(f"{indent}{prefix}:")
            if len(columns) <= _WIDE:
                body = [[key] + [_fmt(row.get(c)) for c in columns] for key, row in rows.items()]
                lines.extend(indent + "  " + text for text in _table(body, [""] + columns))
            else:
                body = [[c] + [_fmt(row.get(c)) for row in rows.values()] for c in columns]
                lines.extend(indent + "  " + text for text in _table(body, [""] + list(rows)))
        elif isinstance(value, dict):
            for key, inner in value.items():
                walk(f"{prefix}.{key}" if prefix else key, inner)
        elif isinstance(value, list) and any(isinstance(v, (dict, list)) for v in value):
            for i, inner in enumerate(value):
                walk(f"{prefix}.{i + 1}", inner)
        else:
            flat.append((prefix, value))

    for key, value in figures.items():
        if key != "targets":
            walk(key, value)
    if flat:
        width = max(len(k) for k, _ in flat)
        lines[0:0] = [f"{indent}{k.ljust(width)}  {_fmt(v)}" for k, v in flat]
    return lines


def render_outcome(name: str, outcome: dict) -> list[str]:
    status = outcome["status"]
    head = f"== {name}: {status.upper()}"
    head += f" ({outcome.get('wall_seconds', 0):.1f} s"
    if "peak_rss_mb" in outcome:
        head += f", peak RSS {outcome['peak_rss_mb']:.0f} MB"
    head += f", {'quick' if outcome.get('quick') else 'full'}, load {outcome.get('load_average_at_start', 0):.1f})"
    lines = [head]
    if status != OK:
        lines.append(f"  {outcome.get('error', 'no result')}")
        lines.extend(f"  | {text}" for text in outcome.get("stderr_tail", [])[-5:])
        return lines
    lines.extend(render_figures(outcome["figures"]))
    return lines


def render_targets(benchmarks: dict[str, dict]) -> list[str]:
    rows = []
    for name, outcome in benchmarks.items():
        for target in (outcome.get("figures") or {}).get("targets", []):
            value = target.get("value")
            unit = target.get("unit", "")
            rows.append([name, str(target.get("target", "")), f"{_fmt(value)} {unit}".strip(),
                         "met" if target.get("met") else "MISSED"])
    if not rows:
        return []
    return ["== targets"] + ["  " + line for line in _table(rows, ["benchmark", "target", "measured", ""])]


def render_machine(info: dict) -> str:
    return (f"machine: {info['cpu']}, {info['cores']} cores ({info['usable_cores']} usable), {info['memory_gb']} GB, "
            f"Python {info['python']}, {info['os']}, commit {info['git_commit']}, {info['date']}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes: the whole run in a few minutes")
    parser.add_argument("--only", nargs="+", action="extend", metavar="NAME", default=[],
                        help=f"run only these benchmarks (of: {', '.join(BENCHMARKS)})")
    parser.add_argument("--output", type=Path, default=None, help="JSON file for the figures (default: "
                        "reports/benchmarks.json; with --quick reports/benchmarks-quick.json, so a quick run "
                        "never replaces the full figures)")
    parser.add_argument("--timeout", type=float, default=None, help="seconds allowed per benchmark (default: none)")
    parser.add_argument("--list", action="store_true", help="list the benchmarks and exit")
    parser.add_argument("--child", metavar="NAME", help=argparse.SUPPRESS)  # run one benchmark in this process
    args = parser.parse_args(argv)
    if args.child:
        return _child(args.child, args.quick)
    if args.list:
        print("\n".join(BENCHMARKS))
        return 0
    unknown = [name for name in args.only if name not in BENCHMARKS]
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(unknown)} (known: {', '.join(BENCHMARKS)})")
    names = [name for name in BENCHMARKS if not args.only or name in args.only]

    output = args.output or (QUICK_OUTPUT if args.quick else DEFAULT_OUTPUT)
    info = machine()
    print(render_machine(info), flush=True)
    ran: dict[str, dict] = {}
    for name in names:
        print(f"-- {name} ...", flush=True)
        ran[name] = run_one(name, quick=args.quick, timeout=args.timeout)
        print("\n".join(render_outcome(name, ran[name])), flush=True)

    previous = None
    if output.exists():
        try:
            previous = json.loads(output.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError):
            previous = None  # unreadable: this run replaces it
    report = merge(previous, ran, info, quick=args.quick)
    atomic_write_text(output, json.dumps(report, indent=2, ensure_ascii=False, default=str) + "\n")

    targets = render_targets(ran)
    if targets:
        print("\n" + "\n".join(targets))
    bad = {name: outcome["status"] for name, outcome in ran.items() if outcome["status"] != OK}
    summary = f"{len(ran) - len(bad)} of {len(ran)} benchmarks ran"
    if bad:
        summary += "; not run or failed: " + ", ".join(f"{name} ({status})" for name, status in bad.items())
    print(summary)
    print(f"figures written to {output}")
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
