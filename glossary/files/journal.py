"""A change to several files, all or nothing: a redo journal written before the renames.

One ``rename`` is atomic; several are not, and a process killed between two of them would
leave some new files beside old ones. So a change to more than one file goes like this:

1. every new file is written and fsynced to a temporary name beside its target;
2. the journal (``.glossary-journal`` in the glossary folder: each target, its temporary and
   the sha256 of its new bytes) is written to a temporary, fsynced and renamed into place:
   from this moment the change is decided;
3. each temporary is renamed over its target, the folders are fsynced;
4. the journal is removed.

``recover`` (run under the glossary's lock before any command reads or writes the glossary)
finishes a change whose journal it finds: a temporary still there is renamed into place, a
target already renamed is left alone, then the journal goes. A process killed before step 2
leaves only temporaries, which ``recover`` removes (their pid is dead): the state before.
Killed at or after step 2: the state after. Readers that recover first never see a mix.
The caller holds ``files.lock.glossary_lock`` around ``commit`` and ``recover``.
"""
from __future__ import annotations

import contextlib
import hashlib
import json
import os
from pathlib import Path

from glossary.errors import GlossaryError
from glossary.files.atomic import (
    named,
    orphan_temporaries,
    remove_quietly,
    replace,
    stage,
    stage_all,
    sync_folder,
)
from glossary.files.lock import glossary_lock, is_one_file

JOURNAL_NAME = ".glossary-journal"
VERSION = 1


class UnfinishedChange(GlossaryError):
    """A journal that cannot be replayed (unreadable, or its new files damaged): nothing more was changed."""

    exit_code = 3


def journal_path(root: str | Path) -> Path:
    """The journal of glossary ``root``: in the folder, or beside a one-file glossary."""
    path = Path(root)
    if is_one_file(path):
        return path.parent / f".{path.name}.journal"
    return path / JOURNAL_NAME


def commit(files: dict[Path, bytes], journal: Path) -> list[Path]:
    """Write ``files`` (target -> bytes) as one change: all of them or, after a crash, none or all
    once ``recover`` has run. One file needs no journal: its rename is atomic on its own."""
    targets = [Path(p) for p in files]
    if not targets:
        return []
    staged = stage_all(files)
    if len(staged) == 1:
        tmp_name, target = staged[0]
        try:
            replace(tmp_name, target)
        except BaseException:
            remove_quietly([tmp_name])
            raise
        sync_folder(target.parent)
        return targets
    try:
        _write_journal(journal, staged, files)
    except BaseException:
        remove_quietly(tmp for tmp, _ in staged)
        raise
    # decided: from here on a crash is finished by ``recover``; an error in this process is too
    try:
        for tmp_name, target in staged:
            replace(tmp_name, target)
    except OSError as error:
        raise UnfinishedChange(f"the change to {len(staged)} files was interrupted ({_reason(error)}); the next "
                               f"glossary command finishes it from the journal", path=journal) from None
    except BaseException:  # Ctrl-C or SIGTERM between two renames: the change was decided, so finish it first
        with contextlib.suppress(Exception):
            _replay(journal)
        raise
    _finish(journal, {target.parent for _, target in staged})
    return targets


def recover(journal: Path) -> list[Path]:
    """Finish the change ``journal`` records, if there is one, and remove temporaries of killed writers
    in its folder: the files put in place (empty when there was nothing to finish)."""
    folder = journal.parent
    done: list[Path] = []
    if journal.exists():
        done = _replay(journal)
    remove_quietly([str(p) for p in orphan_temporaries(folder)])
    return done


def recover_glossary(root: str | Path) -> list[Path]:
    """``recover`` for glossary ``root`` under its lock; costs a ``stat`` and a folder listing when
    there is nothing to do. Every command that reads or writes a glossary calls it first."""
    path = Path(root)
    if not path.exists():
        return []
    journal = journal_path(path)
    if not needs_recovery(journal):
        return []
    with glossary_lock(path):
        return recover(journal)


def needs_recovery(journal: Path) -> bool:
    """Cheap test, without the lock: a journal, or a temporary left by a killed writer."""
    return journal.exists() or bool(orphan_temporaries(journal.parent))


def _write_journal(journal: Path, staged: list[tuple[str, Path]], files: dict[Path, bytes]) -> None:
    base = journal.parent
    entries = [{"target": os.path.relpath(target, base), "staged": os.path.relpath(tmp_name, base),
                "sha256": hashlib.sha256(files[target]).hexdigest()} for tmp_name, target in staged]
    record = json.dumps({"journal": VERSION, "pid": os.getpid(), "files": entries}, ensure_ascii=False, indent=1)
    tmp_name = stage(journal, record.encode("utf-8"))
    try:
        replace(tmp_name, journal)
    except BaseException:
        remove_quietly([tmp_name])
        raise
    sync_folder(base)


def _replay(journal: Path) -> list[Path]:
    base = journal.parent
    try:
        record = json.loads(journal.read_text(encoding="utf-8"))
        entries = [(base / e["target"], base / e["staged"], str(e["sha256"])) for e in record["files"]]
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise UnfinishedChange(f"the journal of an interrupted change cannot be read ({error}); remove it by hand "
                               f"once the glossary's files are checked", path=journal) from None
    for _, staged, expected in entries:  # check every new file before renaming any
        if staged.exists() and _digest(staged) != expected:
            raise UnfinishedChange(f"the interrupted change cannot be finished: {staged} is damaged; "
                                   f"nothing was changed", path=journal)
    done = []
    for target, staged, _ in entries:
        if staged.exists():
            replace(str(staged), target)
            done.append(target)
        # no temporary: this file was renamed before the interruption (or edited by hand since): kept as it is
    _finish(journal, {target.parent for target, _, _ in entries})
    return done


def _finish(journal: Path, folders: set[Path]) -> None:
    for folder in folders:
        sync_folder(folder)
    try:
        os.unlink(journal)
    except FileNotFoundError:
        pass
    except OSError as error:
        raise named(error, journal) from None
    sync_folder(journal.parent)


def _digest(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError as error:
        raise named(error, path) from None


def _reason(error: OSError) -> str:
    where = f"{error.filename}: " if error.filename else ""
    return f"{where}{error.strerror or error}"
