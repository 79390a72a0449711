"""The glossary's lock (one writer at a time, bounded wait) and the journal of a change to
several files (finished by the next command, refused plainly when it cannot be)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from glossary.files.journal import (
    UnfinishedChange,
    commit,
    journal_path,
    recover,
    recover_glossary,
)
from glossary.files.lock import GlossaryBusy, glossary_lock

from .faults import cli, env, leftovers, make_glossary, snapshot

HOLD = """
import sys, time
from glossary.files.lock import glossary_lock
with glossary_lock(sys.argv[1]):
    print("held", flush=True)
    time.sleep(float(sys.argv[2]))
"""


def _hold_in_another_process(terms: Path, seconds: float) -> subprocess.Popen[str]:
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(terms), str(seconds)], env=env(),
                              stdout=subprocess.PIPE, text=True)
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    return holder


def test_lock_is_reentrant_and_serialises_threads(tmp_path: Path) -> None:
    order: list[str] = []
    with glossary_lock(tmp_path):
        with glossary_lock(tmp_path):  # a save inside a locked re-read
            order.append("inner")
        other = threading.Thread(target=lambda: _locked_append(tmp_path, order))
        other.start()
        time.sleep(0.2)
        order.append("outer done")
    other.join(5)
    assert order == ["inner", "outer done", "thread"]


def _locked_append(folder: Path, order: list[str]) -> None:
    with glossary_lock(folder):
        order.append("thread")


def test_a_busy_glossary_is_refused_after_the_wait(tmp_path: Path) -> None:
    terms = make_glossary(tmp_path)
    before = snapshot(terms)
    holder = _hold_in_another_process(terms, 20)
    try:
        with pytest.raises(GlossaryBusy, match="another glossary command is writing"):
            with glossary_lock(terms, timeout=0.3):
                pass
        result = cli("term", "add", "Big river", "-c", "river", "-l", "en", "--status", "admitted", "-y",
                     cwd=tmp_path, GLOSSARY_LOCK_TIMEOUT="0.5")
    finally:
        holder.kill()
        holder.wait()
    assert result.returncode == 3, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.startswith("glossary:")]
    assert lines == ["glossary: error: terms: another glossary command is writing this glossary; waited 0.5 s "
                     "for it, nothing written (try again; GLOSSARY_LOCK_TIMEOUT sets the wait)"]
    assert snapshot(terms) == before


def test_an_edit_waits_for_the_lock_then_writes(tmp_path: Path) -> None:
    terms = make_glossary(tmp_path)
    holder = _hold_in_another_process(terms, 1.5)
    try:
        result = cli("term", "add", "Big river", "-c", "river", "-l", "en", "--status", "admitted", "-y",
                     cwd=tmp_path)
    finally:
        holder.wait(10)
    assert result.returncode == 0, result.stderr
    assert b"Big river" in (terms / "d.yaml").read_bytes()


def test_commit_of_several_files_leaves_no_journal(tmp_path: Path) -> None:
    files = {tmp_path / f"{n}.yaml": f"n: {n}\n".encode() for n in "abc"}
    with glossary_lock(tmp_path):
        assert commit(files, journal_path(tmp_path)) == list(files)
    assert snapshot(tmp_path) == {p.name: data for p, data in files.items()}


def test_recover_finishes_a_journalled_change(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_bytes(b"old a\n")
    (tmp_path / "b.yaml").write_bytes(b"new b\n")  # renamed before the crash
    staged = tmp_path / ".a.yaml.999999999.abcdefgh.tmp"
    staged.write_bytes(b"new a\n")
    import hashlib

    entries = [{"target": "a.yaml", "staged": staged.name, "sha256": hashlib.sha256(b"new a\n").hexdigest()},
               {"target": "b.yaml", "staged": ".b.yaml.999999999.abcdefgh.tmp",
                "sha256": hashlib.sha256(b"new b\n").hexdigest()}]
    (tmp_path / ".glossary-journal").write_text(json.dumps({"journal": 1, "pid": 1, "files": entries}))
    assert recover_glossary(tmp_path) == [tmp_path / "a.yaml"]
    assert snapshot(tmp_path) == {"a.yaml": b"new a\n", "b.yaml": b"new b\n"}


def test_a_damaged_journal_is_refused_and_nothing_changes(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_bytes(b"old a\n")
    (tmp_path / ".glossary-journal").write_text("{not json")
    with pytest.raises(UnfinishedChange, match="cannot be read"):
        recover(journal_path(tmp_path))
    (tmp_path / ".glossary-journal").write_text(json.dumps({"journal": 1, "files": [
        {"target": "a.yaml", "staged": ".a.yaml.1.abcdefgh.tmp", "sha256": "0" * 64}]}))
    (tmp_path / ".a.yaml.1.abcdefgh.tmp").write_bytes(b"not what the journal says\n")
    with pytest.raises(UnfinishedChange, match="is damaged; nothing was changed"):
        recover(journal_path(tmp_path))
    assert (tmp_path / "a.yaml").read_bytes() == b"old a\n"
    result = cli("validate", str(tmp_path), cwd=tmp_path)  # the CLI: one line, exit 3
    assert result.returncode == 3
    assert [line for line in result.stderr.splitlines() if line.startswith("glossary:")] == [
        f"glossary: error: {tmp_path / '.glossary-journal'}: the interrupted change cannot be finished: "
        f"{tmp_path / '.a.yaml.1.abcdefgh.tmp'} is damaged; nothing was changed"]


def test_temporaries_of_killed_writers_are_removed_not_those_of_live_ones(tmp_path: Path) -> None:
    make_glossary(tmp_path)
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    orphan = tmp_path / "terms" / f".a.yaml.{dead.stdout.strip()}.abcdefgh.tmp"
    live = tmp_path / "terms" / f".b.yaml.{os.getpid()}.abcdefgh.tmp"
    orphan.write_text("half")
    live.write_text("being written")
    assert cli("lookup", "River", cwd=tmp_path).returncode == 0
    assert leftovers(tmp_path / "terms") == [live.name]


def test_review_action_waits_for_the_cli_under_the_same_lock(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from glossary.model import Status, Term
    from glossary.store import maintenance
    from glossary.web import state as web_state

    terms = make_glossary(tmp_path)
    server = web_state.GlossaryState(terms)
    view = server.current().fingerprint
    monkeypatch.setattr(web_state, "WRITE_WAIT", 0.3)
    holder = _hold_in_another_process(terms, 20)
    try:
        with pytest.raises(GlossaryBusy):
            server.edit(view, lambda s: maintenance.add_term(s, "river", Term("Big river", "en", Status.ADMITTED)),
                        write=True)
    finally:
        holder.kill()
        holder.wait()
    outcome = server.edit(view, lambda s: maintenance.add_term(s, "river", Term("Big river", "en", Status.ADMITTED)),
                          write=True)
    assert outcome.written == [terms / "d.yaml"]


def test_ctrl_c_between_renames_finishes_the_decided_change(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files = {tmp_path / f"{n}.yaml": f"n: {n}\n".encode() for n in "abc"}
    for path in files:
        path.write_bytes(b"old\n")
    real_replace, calls = os.replace, []

    def interrupted(src: str, dst: str) -> None:
        calls.append(dst)
        if len(calls) == 3:  # the journal, a.yaml, then Ctrl-C before b.yaml
            raise KeyboardInterrupt
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt), glossary_lock(tmp_path):
        commit(files, journal_path(tmp_path))
    assert snapshot(tmp_path) == {p.name: data for p, data in files.items()}  # all new, no journal, no temporary


def test_a_report_set_removes_what_a_killed_run_left(tmp_path: Path) -> None:
    from glossary.files.atomic import atomic_write_set

    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    orphan = tmp_path / f".variance.json.{dead.stdout.strip()}.abcdefgh.tmp"
    orphan.write_text("{half a report")
    with atomic_write_set() as files:
        for name in ("variance.json", "variance.txt"):
            with files.open(tmp_path / name) as out:
                out.write(name)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["variance.json", "variance.txt"]
