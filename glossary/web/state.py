"""The glossary as the server holds it, and edits written with compare-and-swap.

A ``Snapshot`` is the glossary read at one moment: its fingerprint (the sha256 of the files'
names and bytes, the recipe of ``store.load.check_glossary``, so it is the ``glossary:``
hash every report states), the ``Glossary`` and its ``LookupIndex``. Every page that offers
an edit carries the fingerprint it was drawn from (the *view*). An edit names that view;
``GlossaryState.edit`` reads the files' hash again under the glossary's lock (``files.lock``,
the one every CLI edit takes, so compare and swap is one step against them too) and refuses the edit
(``StaleView``) when it differs: someone wrote the glossary since the page was drawn, by
this server or by hand. Two reviewers who act on one view therefore never lose an edit: the
first is written, the second is refused with a clear message and shown the current state.

The files are stat-ed at most every ``CHECK_INTERVAL`` seconds; a change (an edit by hand,
``git checkout``) loads a new snapshot. A glossary that no longer validates keeps the last
good snapshot and states its problems; writes are refused until it validates again.
"""
from __future__ import annotations

import hashlib
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from glossary.errors import GlossaryError, ValidationError
from glossary.model import Glossary
from glossary.files.journal import recover_glossary
from glossary.files.lock import GlossaryBusy, glossary_lock
from glossary.search.lookup import LookupIndex
from glossary.store.load import glossary_files, load_glossary
from glossary.store.termstore import TermStore

CHECK_INTERVAL = 0.5  # seconds between two looks at the files' sizes and times
WRITE_WAIT = 10.0  # seconds a review action waits for a CLI edit holding the glossary's lock


class StaleView(GlossaryError):
    """An edit made on a page drawn from an older state of the glossary: nothing was written."""


@dataclass(frozen=True, slots=True)
class Snapshot:
    fingerprint: str
    glossary: Glossary
    index: LookupIndex
    signature: tuple
    problems: tuple[str, ...] = ()  # the files on disk do not validate (this snapshot is the last good one)
    loaded: float = field(default_factory=time.time)


@dataclass(frozen=True, slots=True)
class EditOutcome:
    diff: str  # the unified diff, as ``glossary term ...`` prints it
    written: list[Path]  # empty for a preview or an edit that changes nothing
    fingerprint: str  # the view after the edit


def files_signature(root: Path) -> tuple:
    """Names, sizes and modification times of the glossary's files: cheap, changes with any write."""
    out = []
    for path in glossary_files(root):
        try:
            stat = path.stat()
        except FileNotFoundError:
            continue
        out.append((path.name, stat.st_size, stat.st_mtime_ns))
    return tuple(out)


def content_hash(root: Path) -> str:
    """The sha256 of the files' names and bytes, as ``Glossary.fingerprint``."""
    digest = hashlib.sha256()
    for path in glossary_files(root):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


class GlossaryState:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self._lock = threading.Lock()  # one reload at a time
        self._write_lock = threading.Lock()  # one edit at a time: check, write and reload are one step
        self._checked = 0.0
        self.edits = 0  # edits written by this server
        self._snapshot = self._load(files_signature(self.root), None)

    def _load(self, signature: tuple, previous: Snapshot | None) -> Snapshot:
        try:
            recover_glossary(self.root)  # a CLI edit killed between its renames: finished, never shown half-done
            glossary = load_glossary(self.root)
        except ValidationError as error:
            if previous is None:
                raise
            problems = tuple(str(p) for p in error.problems[:20])
            return Snapshot(previous.fingerprint, previous.glossary, previous.index, signature, problems)
        except GlossaryBusy as error:  # a CLI edit holds the lock past the wait: keep the last snapshot, look again
            if previous is None:
                raise
            return Snapshot(previous.fingerprint, previous.glossary, previous.index, (), (str(error),))
        return Snapshot(glossary.fingerprint, glossary, LookupIndex(glossary), signature)

    def current(self) -> Snapshot:
        """The glossary as it is on disk (looked at no more often than every ``CHECK_INTERVAL``)."""
        snapshot = self._snapshot
        now = time.monotonic()
        if now - self._checked < CHECK_INTERVAL:
            return snapshot
        with self._lock:
            self._checked = time.monotonic()
            signature = files_signature(self.root)
            if signature != self._snapshot.signature:
                self._snapshot = self._load(signature, self._snapshot)
            return self._snapshot

    def reload(self) -> Snapshot:
        with self._lock:
            self._checked = time.monotonic()
            self._snapshot = self._load(files_signature(self.root), self._snapshot)
            return self._snapshot

    def edit(self, view: str, change: Callable[[TermStore], object], *, write: bool) -> EditOutcome:
        """Apply ``change`` to the glossary as it is now, if it is still the one ``view`` names.

        Without ``write`` only the diff is made (a preview). Raises ``StaleView`` when the files'
        hash is not ``view``, and the library's errors (``ConflictError``, ``UsageError``) when the
        edit itself is refused; either way nothing is written.
        """
        with self._write_lock:
            with glossary_lock(self.root, timeout=WRITE_WAIT):  # no CLI edit between the check and the write
                self._check_view(view)
                store = TermStore.open(self.root)
                change(store)
                diff = store.diff()
                if not write or not diff:
                    return EditOutcome(diff, [], view)
                self._check_view(view)  # the files did not move while the edit was made
                written = store.save()  # validated, atomic, comments kept: what the CLI writes
                self.edits += 1
            # reloaded after the glossary's lock is let go: a reload holds ``_lock`` and may wait for the
            # glossary's lock (recovery), so taking them in the other order here could deadlock
            snapshot = self.reload()
            return EditOutcome(diff, written, snapshot.fingerprint)

    def _check_view(self, view: str) -> None:
        now = content_hash(self.root)
        if now != view:
            raise StaleView("the glossary changed since this page was shown (another reviewer or an edit on disk "
                            "wrote it): nothing was written. The current state is shown; make the change again "
                            "if it is still wanted")
