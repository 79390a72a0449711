"""Writing an edit of terms/ the one way every editing command does: show the diff, ask, write.

The edits (``glossary term ...``, ``glossary concept ...``, ``glossary adopt``, ``glossary
import --merge``) change a ``TermStore`` in memory, then hand it here: the diff is printed
(coloured on a terminal), ``--dry-run`` stops there, otherwise the user is asked unless
``--yes`` (no answer, as with standard input closed, is no: exit 1, nothing written), and
each changed file is written atomically after the whole glossary validates.

Two edits at once are never lost. The question may wait for minutes, so the glossary is not
locked while it is asked; the write is (``TermStore.save``), and it refuses when another edit
wrote the files since they were read. Then the edit is made again, by ``redo``, on the
glossary as it is now: with ``--yes`` under the lock, so it cannot be overtaken again; without
it, the new diff is asked about again when it differs from the one confirmed. An edit that no
longer applies (the other edit added the same term) is refused with the library's message.
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Callable

import typer

from glossary.cli.common import CONSOLES, EXIT_FINDINGS, console, note

if TYPE_CHECKING:
    from glossary.store.termstore import TermStore

MAX_REDOS = 5  # without --yes: how often an edit is made again before it is refused (each one asks)


def confirm_and_write(store: TermStore, *, yes: bool, dry_run: bool, unchanged: str = "nothing to change",
                      redo: Callable[[], TermStore] | None = None) -> list[Path] | None:
    """Show ``store``'s pending diff, then write it if confirmed: the files written, or None when
    nothing was (no change: ``unchanged`` is printed; --dry-run). Not confirmed: exit 1.

    ``redo`` makes the same edit on a freshly opened glossary; it is called when another edit
    wrote the glossary since ``store`` read it. Without it such a write is refused."""
    from glossary.files.lock import glossary_lock
    from glossary.store.termstore import StaleGlossary

    diff = store.diff()
    if not diff:
        console.print(unchanged, markup=False, soft_wrap=True)
        return None
    _show(diff)
    if dry_run:
        note("dry run: nothing written")
        return None
    if not yes:
        _ask()
    for _ in range(MAX_REDOS):
        try:
            return _save(store)
        except StaleGlossary as stale:
            if redo is None:
                raise
            note(f"{stale.path}: another edit wrote the glossary since it was read; making this edit again on it")
        if yes:
            with glossary_lock(store.root):  # opened and written under one hold: cannot be overtaken again
                store = redo()
                return _save(store) if _pending(store, unchanged) else None
        store = redo()
        if not _pending(store, unchanged):
            return None
        again = store.diff()
        if _changed_lines(again) != _changed_lines(diff):  # not what was confirmed: ask about the new diff
            _show(again)
            _ask()
            diff = again
    raise StaleGlossary(f"the glossary kept changing while this edit was made ({MAX_REDOS} times); "
                        "nothing was written, try again", path=store.root)


def _save(store: TermStore) -> list[Path]:
    # one step under the glossary's lock: all the changed files or none (an OSError is exit 3)
    written = store.save()
    for path in written:
        note(f"wrote {path}")
    return written


def _pending(store: TermStore, unchanged: str) -> bool:
    if store.diff():
        return True
    console.print(f"{unchanged} (another edit made it already)", markup=False, soft_wrap=True)
    return False


def _show(diff: str) -> None:
    from glossary.render.lookup_view import print_diff

    print_diff(diff, CONSOLES.out)


def _ask() -> None:
    try:
        confirmed = typer.confirm("Write these changes?", default=False, err=True)
    except (typer.Abort, EOFError):  # no answer (stdin closed) is no
        confirmed = False
    if not confirmed:
        note("nothing written")
        raise typer.Exit(EXIT_FINDINGS)


def _changed_lines(diff: str) -> list[str]:
    """The lines a diff adds and removes, without its hunk positions (which move with other edits)."""
    return [line for line in diff.splitlines() if line[:1] in "+-" and not line.startswith(("+++", "---"))]
