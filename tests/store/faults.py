"""Helpers for the edit-safety tests and ``benchmarks/edit_safety.py``: a glossary of four files,
the CLI as a real subprocess, the CLI with a fault injected (killed at the k-th rename, a full
disk), and the checks that a glossary is in the state before or after an edit.

The faults are injected from outside the product: the subprocess runs a few lines that wrap
``os.replace`` or ``os.fsync`` and then start ``python -m glossary`` as usual
(``runpy``), so the code under test has no test hook of its own.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

# one concept per file, each with a vi and an en preferred term (unique across the glossary)
CONCEPTS = {
    "a.yaml": ("ministry", "Bộ", "Ministry"),
    "b.yaml": ("province", "Tỉnh", "Province"),
    "c.yaml": ("village", "Làng", "Village"),
    "d.yaml": ("river", "Sông", "River"),
}


def file_text(concept_id: str, vi: str, en: str) -> str:
    return (f"# {concept_id}: a comment the edits must keep\n"
            f"subject: test\n"
            f"concepts:\n"
            f"  - id: {concept_id}\n"
            f"    definition: A {en.lower()}.\n"
            f"    terms:\n"
            f"      vi:\n"
            f"        - term: {vi}\n"
            f"          status: preferred\n"
            f"      en:\n"
            f"        - term: {en}\n"
            f"          status: preferred\n")


def make_glossary(folder: Path) -> Path:
    """``folder/terms`` with four files (``CONCEPTS``); returns the terms folder."""
    terms = folder / "terms"
    terms.mkdir(parents=True, exist_ok=True)
    for name, (concept_id, vi, en) in CONCEPTS.items():
        (terms / name).write_text(file_text(concept_id, vi, en), encoding="utf-8")
    return terms


def merge_csv(path: Path, suffix: str = "extra") -> Path:
    """A CSV import that adds one admitted en term to each of the four concepts: a merge changing 4 files."""
    rows = ["concept_id,lang,term,status"]
    for concept_id, vi, en in CONCEPTS.values():
        rows += [f"{concept_id},vi,{vi},preferred", f"{concept_id},en,{en},preferred",
                 f"{concept_id},en,{en} {suffix},admitted"]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def snapshot(terms: Path) -> dict[str, bytes]:
    """Every entry of the folder (hidden ones too) and its bytes."""
    return {p.name: p.read_bytes() for p in sorted(terms.iterdir()) if p.is_file()}


def env(**extra: str) -> dict[str, str]:
    out = dict(os.environ)
    out["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH", "")]))
    out.pop("GLOSSARY_TERMS", None)
    out.pop("GLOSSARY_DEBUG", None)
    out.update(extra)
    return out


def cli(*args: str, cwd: Path, timeout: float = 120, **extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "glossary", *args], cwd=cwd, env=env(**extra),
                          capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL)


def start(*args: str, cwd: Path, **extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "glossary", *args], cwd=cwd, env=env(**extra),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, stdin=subprocess.DEVNULL)


# The CLI with os.replace wrapped: the process kills itself (SIGKILL, as kill -9) at the k-th
# rename into FOLDER, before it (``before``) or right after it (``after``).
_KILL_AT_RENAME = """
import os, runpy, signal, sys
count, k, when, folder = [0], int(sys.argv[1]), sys.argv[2], os.path.realpath(sys.argv[3])
real_replace = os.replace
def replace(src, dst, *a, **kw):
    if os.path.dirname(os.path.realpath(os.fspath(dst))) != folder:
        return real_replace(src, dst, *a, **kw)
    count[0] += 1
    if count[0] == k and when == "before":
        os.kill(os.getpid(), signal.SIGKILL)
    real_replace(src, dst, *a, **kw)
    if count[0] == k and when == "after":
        os.kill(os.getpid(), signal.SIGKILL)
os.replace = replace
sys.argv = ["glossary"] + sys.argv[4:]
runpy.run_module("glossary", run_name="__main__", alter_sys=True)
"""

# The CLI on a disk that fills up: every fsync of a file (the moment buffered data must reach the disk)
# fails with ENOSPC (or EDQUOT), as a full disk or quota makes it fail.
_FULL_DISK = """
import errno, os, runpy, sys
code = getattr(errno, sys.argv[1])
def fsync(fd):
    raise OSError(code, os.strerror(code))
os.fsync = fsync
sys.argv = ["glossary"] + sys.argv[2:]
runpy.run_module("glossary", run_name="__main__", alter_sys=True)
"""


def cli_killed_at_rename(k: int, when: str, folder: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", _KILL_AT_RENAME, str(k), when, str(folder), *args], cwd=cwd,
                          env=env(), capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)


def cli_on_full_disk(errno_name: str, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", _FULL_DISK, errno_name, *args], cwd=cwd, env=env(),
                          capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)


def leftovers(folder: Path) -> list[str]:
    """Temporary files and journals in ``folder``: what an interrupted write could leave."""
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp") or "journal" in p.name)


def state_of(terms: Path, before: dict[str, bytes], after: dict[str, bytes]) -> str:
    """'before', 'after' or 'mixed': the glossary's YAML files compared byte for byte."""
    now = {name: data for name, data in snapshot(terms).items() if name.endswith(".yaml")}
    if now == before:
        return "before"
    if now == after:
        return "after"
    return "mixed"
