"""Run every mutant through the commands that read it, each in a child process with a time
and a memory limit, and sort what happened into outcome classes.

The runner imports the CLI once and forks a child per command (``os.fork``: a run costs
milliseconds, not an interpreter start), so the child runs exactly what ``python -m glossary``
runs. In the child: an address-space limit (``RLIMIT_AS``), an alarm for the time limit,
standard output and error to files, and for the "unreadable file" class root's power to read
past file permissions dropped (the suite runs as root in CI, and root reads a mode-000 file).
"""
from __future__ import annotations

import json
import os
import re
import resource
import shutil
import signal
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path

from tests.fuzz.mutations import EXPANSION_CLASSES, SECRET, Mutant, mutants
from tests.fuzz.seeds import Seed, all_seeds, copy_terms, small_terms

# Outcome classes, worst first: a mutant's outcome is the worst over the commands run on it.
BAD = ("hang", "memory blow-up", "crash", "traceback", "expansion", "multi-line error", "unlocated error",
       "silent skip", "silent acceptance")
GOOD = ("refused (file and line)", "refused (file)", "counted warning", "accepted (valid)")
OUTCOMES = BAD + GOOD
SILENT_SKIP_CLASSES = {"unknown element where a unit belongs", "dangling symlink in a corpus folder",
                       "FIFO in a corpus folder", "truncated last record"}
# Classes about the file as a whole: naming the file is enough, a line is not expected.
FILE_CLASSES = {"a directory", "unreadable file", "dangling symlink", "symlink loop", "FIFO", "/dev/zero",
                "dangling symlink in a corpus folder", "FIFO in a corpus folder", "empty file", "BOM-only file"}
# Lines a refusal or a warning may print: one line each. Click's usage error is a block of its own
# ("Usage: ...", "Try ...", "Error: ..."); ``import`` lists conflicts one per line.
_ALLOWED_LINE = re.compile(r"^(glossary: error: |error: |Error: |warning: |conflict: |\d+ problem\(s\)|\d+ conflict\(s\)"
                           r"|Usage: |Try '.*' for help\.$)")


@dataclass
class Run:
    command: str
    exit: int | None
    signal: int | None
    stderr: str
    seconds: float
    leaked: bool


@dataclass
class Case:
    seed: Seed
    mutant: Mutant
    runs: list[Run] = field(default_factory=list)
    outcome: str = ""
    why: str = ""


class Runner:
    def __init__(self, work: Path, *, timeout: float, memory_mb: int, heavy: bool, skip_bad: bool) -> None:
        self.work = work
        self.timeout = timeout
        self.memory_mb = memory_mb
        self.heavy = heavy
        self.skip_bad = skip_bad
        work.mkdir(parents=True, exist_ok=True)
        os.chmod(work, 0o777)
        self.terms = copy_terms(work)
        self.small_terms = small_terms(work)
        self.secret = work / "secret.txt"
        self.secret.write_text(SECRET + "\n")
        self.dtd = work / "secret.dtd"
        self.dtd.write_text(f'<!ENTITY z "{SECRET}"><!ENTITY y "{SECRET}">\n')
        os.environ["GLOSSARY_CACHE_DIR"] = str(work / "cache")
        os.environ["HOME"] = str(work)
        self._count = 0
        _preload()

    def context(self) -> dict:
        return {"secret": str(self.secret), "dtd": str(self.dtd)}

    # -- one case ---------------------------------------------------------------------------
    def run(self, seed: Seed, mutant: Mutant, index: int | None = None) -> Case:
        self._count += 1
        folder = self.work / f"case{index if index is not None else self._count:05d}"
        if folder.exists():
            shutil.rmtree(folder)
        folder.mkdir()
        os.chmod(folder, 0o777)
        target = self._materialise(seed, mutant, folder)
        case = Case(seed, mutant)
        as_nobody = mutant.file_kind == "unreadable"
        for name, args in self._commands(seed, mutant, folder, target):
            case.runs.append(self._fork(name, args, folder, as_nobody, mutant.marker))
        case.outcome, case.why = classify(case)
        _remove(folder)
        return case

    def _materialise(self, seed: Seed, mutant: Mutant, folder: Path) -> Path:
        """Write the mutant where its command reads it; the path to name on the command line."""
        if seed.kind == "terms":
            terms = folder / "terms"
            shutil.copytree(self.terms, terms)
            place = terms / seed.name
            place.unlink()
            argument = terms
        elif mutant.in_folder:
            corpus = folder / "corpus"
            corpus.mkdir()
            (corpus / ("ok" + Path(seed.name).suffix)).write_bytes(seed.data) if not seed.companion else None
            if seed.companion:
                (corpus / "ok.vi").write_bytes(seed.data)
                (corpus / "ok.en").write_bytes(seed.companion[1])
            place = corpus / seed.name
            if seed.companion:
                (corpus / seed.companion[0]).write_bytes(seed.companion[1])
            argument = corpus
        else:
            place = folder / seed.name
            if seed.companion:
                (folder / seed.companion[0]).write_bytes(seed.companion[1])
            argument = place
        kind = mutant.file_kind
        if kind is None:
            place.write_bytes(mutant.data)
        elif kind == "directory":
            place.mkdir()
            (place / "inside.txt").write_text("x\n")
        elif kind == "dangling":
            place.symlink_to(folder / "no-such-file")
        elif kind == "loop":
            other = place.with_name(place.name + ".loop")
            place.symlink_to(other)
            other.symlink_to(place)
        elif kind == "fifo":
            os.mkfifo(place)
        elif kind == "devzero":
            place.symlink_to("/dev/zero")
        elif kind == "unreadable":
            place.write_bytes(seed.data)
            place.chmod(0)
        os.makedirs(folder / "out", exist_ok=True)
        os.chmod(folder / "out", 0o777)
        return argument

    def _commands(self, seed: Seed, mutant: Mutant, folder: Path, target: Path) -> list[tuple[str, list[str]]]:
        out = folder / "out"
        pair = ["-s", "vi", "-t", "en"]
        if seed.kind == "corpus":
            commands = [("corpus stats", ["corpus", "stats", str(target), *pair, "-q"]),
                        ("corpus convert", ["corpus", "convert", str(target), "-o", str(out / "c.jsonl"), *pair, "-q"])]
            if self.skip_bad and mutant.skip_bad:
                commands.append(("corpus stats --skip-bad", ["corpus", "stats", str(target), *pair, "-q", "--skip-bad"]))
            if self.heavy and (mutant.heavy or mutant.file_kind in ("fifo", "devzero")):
                commands += [
                    ("variance", ["variance", str(target), "-g", str(self.terms), *pair, "-o", str(out / "variance"), "-q"]),
                    ("discover", ["discover", str(target), "--no-glossary", *pair, "-o", str(out / "discovery"), "-q"]),
                ]
            return commands
        if seed.kind == "import":
            return [("import", ["import", str(target), "-g", str(self.small_terms), *pair, "-o", str(out / "i.yaml"),
                                "-q"])]
        if seed.reader == "terms:yaml (term add)":
            return [("term add", ["term", "add", "cyber-crime", "-c", "cybercrime", "-l", "en", "--status", "admitted",
                                  "-y", "-g", str(target)])]
        commands = [("validate", ["validate", str(target)])]
        if self.heavy:
            commands.append(("export", ["export", "-f", "csv", "-g", str(target), "-o", str(out / "e.csv"), "-q"]))
        return commands

    def _fork(self, name: str, args: list[str], folder: Path, as_nobody: bool, marker: str | None) -> Run:
        stdout, stderr = folder / "out" / "stdout.txt", folder / "out" / "stderr.txt"
        started = time.monotonic()
        pid = os.fork()
        if pid == 0:  # the child: never returns
            _child(args, folder, stdout, stderr, self.timeout, self.memory_mb, as_nobody)
        deadline = started + self.timeout + 10
        status = None
        while status is None:
            done, raw = os.waitpid(pid, os.WNOHANG)
            if done:
                status = raw
            elif time.monotonic() > deadline:
                os.kill(pid, signal.SIGKILL)
            else:
                time.sleep(0.005)
        seconds = time.monotonic() - started
        text = stderr.read_text(errors="replace") if stderr.exists() else ""
        leaked = bool(marker) and _leaked(folder, marker)
        code = os.WEXITSTATUS(status) if os.WIFEXITED(status) else None
        sig = os.WTERMSIG(status) if os.WIFSIGNALED(status) else None
        return Run(name, code, sig, text, seconds, leaked)


def _child(args: list[str], folder: Path, stdout: Path, stderr: Path, timeout: float, memory_mb: int,
           as_nobody: bool) -> None:
    try:
        os.setsid()
        out = os.open(stdout, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)
        err = os.open(stderr, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)
        os.dup2(out, 1)
        os.dup2(err, 2)
        os.chdir(folder)
        if as_nobody:
            _cannot_override_permissions()
        limit = _address_space() + memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        signal.signal(signal.SIGALRM, signal.SIG_DFL)
        signal.setitimer(signal.ITIMER_REAL, timeout)
        from glossary.cli.main import invoke

        code = invoke(args)
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    except BaseException as exc:  # noqa: BLE001 - report and leave; the parent classifies
        try:
            os.write(2, f"Traceback (most recent call last):\n  harness: {type(exc).__name__}: {exc}\n".encode())
        finally:
            os._exit(99)


def _cannot_override_permissions() -> None:
    """Make a mode-000 file unreadable to this child although it runs as root: drop the two
    capabilities that let root read past permissions (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH),
    keeping the user, so the interpreter can still import from a virtual environment only
    root may read (CI's private temporary folder). Where capabilities cannot be changed, become
    ``nobody``."""
    import ctypes

    class Header(ctypes.Structure):
        _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]

    class Data(ctypes.Structure):
        _fields_ = [("effective", ctypes.c_uint32), ("permitted", ctypes.c_uint32), ("inheritable", ctypes.c_uint32)]

    libc = ctypes.CDLL(None, use_errno=True)
    header = Header(0x20080522, 0)  # _LINUX_CAPABILITY_VERSION_3: two 32-bit words of each set
    data = (Data * 2)()
    if os.getuid() == 0 and libc.capget(ctypes.byref(header), data) == 0:
        drop = ~((1 << 1) | (1 << 2)) & 0xFFFFFFFF  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH
        data[0].effective &= drop
        data[0].permitted &= drop
        data[0].inheritable &= drop
        if libc.capset(ctypes.byref(header), data) == 0:
            return
    os.setgid(65534)
    os.setuid(65534)


def _address_space() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmSize:"):
            return int(line.split()[1]) * 1024
    return 0


def _leaked(folder: Path, marker: str) -> bool:
    needle = marker.encode()
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink() and path.parent.name == "out" or path.parent.parent.name == "out":
            try:
                if path.is_file() and needle in path.read_bytes():
                    return True
            except OSError:
                continue
    return False


def _remove(folder: Path) -> None:
    for path in folder.rglob("*"):
        try:
            if not path.is_symlink():
                path.chmod(0o755 if path.is_dir() else 0o644)
        except OSError:
            pass
    shutil.rmtree(folder, ignore_errors=True)


def _preload() -> None:
    """Import what the commands import, once, before forking (children then start at once)."""
    import glossary.cli.main  # noqa: F401
    from glossary.corpora.formats.base import registered_formats
    from glossary.exchange.base import registered_formats as exchange_formats

    registered_formats()
    exchange_formats()
    _warm_up()
    for module in ("colorsys", "glossary.store.load", "glossary.store.fastyaml", "openpyxl", "glossary.variance.report",
                   "glossary.cli.corpus_cmd", "glossary.cli.exchange_cmd", "glossary.cli.validate_cmd"):
        try:
            __import__(module)
        except ImportError:
            pass


def _warm_up() -> None:
    """Run each command once on a valid seed in this process, so that what they import lazily is
    imported before the children fork (a child without root's read override, or running as ``nobody``,
    may not read where the interpreter lives)."""
    from glossary.cli.main import invoke

    seeds = {s.reader: s for s in all_seeds()}
    with tempfile.TemporaryDirectory(prefix="glossary-fuzz-warm-") as scratch:
        folder = Path(scratch)
        saved = os.dup(1), os.dup(2)
        null = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(null, 1)
            os.dup2(null, 2)
            for reader, args in (("corpus:tmx", ["corpus", "stats"]), ("corpus:xlsx", ["corpus", "stats"]),
                                 ("corpus:po", ["corpus", "convert", "-o", str(folder / "c.jsonl")]),
                                 ("import:tbx", ["import", "-o", str(folder / "i.yaml")])):
                seed = seeds[reader]
                (folder / seed.name).write_bytes(seed.data)
                invoke([*args[:2], str(folder / seed.name), *args[2:], "-s", "vi", "-t", "en", "-q",
                        *(["-g", str(copy_terms(folder))] if args[0] == "import" else [])])
            invoke(["validate", str(copy_terms(folder))])
        finally:
            os.dup2(saved[0], 1)
            os.dup2(saved[1], 2)
            os.close(null)


# -- classification -------------------------------------------------------------------------------
def classify(case: Case) -> tuple[str, str]:
    """The worst outcome over the case's runs, and why (the command and the first lines of its stderr)."""
    worst = None
    for run in case.runs:
        outcome = classify_run(case, run)
        if worst is None or OUTCOMES.index(outcome) < OUTCOMES.index(worst[0]):
            worst = (outcome, f"{run.command}: exit {run.exit} signal {run.signal} in {run.seconds:.1f} s: "
                              + " | ".join(run.stderr.strip().splitlines()[:3])[:300])
    return worst if worst else ("accepted (valid)", "")


def classify_run(case: Case, run: Run) -> str:
    mutant, seed = case.mutant, case.seed
    err = run.stderr
    if run.signal in (signal.SIGALRM, signal.SIGKILL) and run.exit is None:
        return "hang"
    if "MemoryError" in err or "bad_alloc" in err or "Cannot allocate memory" in err:
        return "memory blow-up"
    if run.signal is not None:
        return "crash"
    if "Traceback (most recent call last)" in err or "internal error" in err or run.exit not in (0, 1, 2, 3):
        return "traceback"
    if run.leaked:
        return "expansion"
    lines = [line for line in err.splitlines() if line.strip()]
    if any(not _ALLOWED_LINE.match(line) for line in lines):
        return "multi-line error"
    errors = [line for line in lines if line.startswith(("glossary: error: ", "error: ", "Error: "))]
    warnings = [line for line in lines if line.startswith("warning: ")]
    names = {Path(seed.name).name, Path(seed.name).stem, "terms"}
    refused = bool(errors) and (run.exit in (2, 3) or (run.command == "validate" and run.exit == 1))
    if run.command == "import" and run.exit == 0 and any(line.startswith("conflict: ") for line in lines):
        warnings.append("conflicts listed")  # a diff against the glossary, printed: not silent
    if refused:
        first = errors[0]
        if not any(name in first for name in names) and not (mutant.in_folder and "corpus" in first):
            return "unlocated error"
        return "refused (file and line)" if re.search(r":\d+:", first) else "refused (file)"
    if run.exit not in (0, 1):
        return "unlocated error"
    if mutant.expect == "any":
        return "accepted (valid)"
    if warnings:
        return "counted warning"
    if mutant.cls in EXPANSION_CLASSES or mutant.notes.get("expansion_if_accepted"):
        return "expansion"
    return "silent skip" if mutant.cls in SILENT_SKIP_CLASSES else "silent acceptance"


# -- the whole run --------------------------------------------------------------------------------
@dataclass
class Report:
    cases: list[Case]
    seconds: float

    @property
    def runs(self) -> int:
        return sum(len(c.runs) for c in self.cases)

    def counts(self) -> Counter:
        return Counter(c.outcome for c in self.cases)

    def bad(self) -> list[Case]:
        return [c for c in self.cases if c.outcome in BAD]

    def table(self) -> str:
        by_reader: dict[str, Counter] = defaultdict(Counter)
        for case in self.cases:
            by_reader[case.seed.reader][case.outcome] += 1
        shown = [o for o in OUTCOMES if any(counter[o] for counter in by_reader.values()) or o in BAD]
        short = {o: o.replace("refused ", "ref. ").replace("(file and line)", "(file:line)") for o in shown}
        head = "| reader | inputs | " + " | ".join(short[o] for o in shown) + " |"
        rows = [head, "|" + "---|" * (len(shown) + 2)]
        total: Counter = Counter()
        for reader in sorted(by_reader):
            counter = by_reader[reader]
            total.update(counter)
            rows.append(f"| {reader} | {sum(counter.values())} | " + " | ".join(str(counter[o]) for o in shown) + " |")
        rows.append(f"| **all** | {sum(total.values())} | " + " | ".join(str(total[o]) for o in shown) + " |")
        return "\n".join(rows)

    def class_table(self) -> str:
        by_class: dict[str, Counter] = defaultdict(Counter)
        for case in self.cases:
            by_class[case.mutant.cls][case.outcome] += 1
        lines = []
        for cls in sorted(by_class):
            counter = by_class[cls]
            lines.append(f"{cls}: " + ", ".join(f"{o} {n}" for o, n in counter.most_common()))
        return "\n".join(lines)


def run_all(work: Path, *, per_random_class: int, timeout: float, memory_mb: int, heavy: bool, skip_bad: bool,
            readers: set[str] | None = None, progress=None, jobs: int = 1) -> Report:
    """Every mutant of every seed, ``jobs`` cases at a time (each case in a forked worker, which
    forks each command in turn); the cases in their deterministic order."""
    runner = Runner(work, timeout=timeout, memory_mb=memory_mb, heavy=heavy, skip_bad=skip_bad)
    started = time.monotonic()
    todo = [(seed, mutant) for seed in all_seeds(edits=heavy)
            if not readers or any(seed.reader.startswith(r) for r in readers)
            for mutant in mutants(seed, runner.context(), per_random_class=per_random_class)]
    cases: dict[int, Case] = {}
    running: dict[int, tuple[int, Path]] = {}  # worker pid -> (index, result file)
    next_index = 0
    while next_index < len(todo) or running:
        while next_index < len(todo) and len(running) < max(1, jobs):
            seed, mutant = todo[next_index]
            result = work / f"result{next_index:05d}.json"
            pid = os.fork()
            if pid == 0:  # the case worker
                code = 1
                try:
                    case = runner.run(seed, mutant, next_index)
                    result.write_text(json.dumps({"runs": [asdict(r) for r in case.runs], "outcome": case.outcome,
                                                  "why": case.why}))
                    code = 0
                finally:
                    os._exit(code)
            running[pid] = (next_index, result)
            next_index += 1
        pid, _ = os.wait()
        if pid not in running:
            continue
        index, result = running.pop(pid)
        seed, mutant = todo[index]
        try:
            saved = json.loads(result.read_text())
            case = Case(seed, mutant, [Run(**r) for r in saved["runs"]], saved["outcome"], saved["why"])
            result.unlink()
        except (OSError, ValueError):
            case = Case(seed, mutant, [], "crash", "the case worker died")
        cases[index] = case
        if progress:
            progress(case)
    return Report([cases[i] for i in sorted(cases)], time.monotonic() - started)
