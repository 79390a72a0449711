"""Writing an edit of terms/ the one way every editing command does: show the diff, ask, write.

The edits (``glossary term ...``, ``glossary concept ...``, ``glossary adopt``, ``glossary
import --merge``) change a ``TermStore`` in memory, then hand it here: the diff is printed
(coloured on a terminal), ``--dry-run`` stops there, otherwise the user is asked unless
``--yes`` (no answer, as with standard input closed, is no: exit 1, nothing written), and
each changed file is written atomically after the whole glossary validates.
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from glossary.cli.common import CONSOLES, EXIT_FINDINGS, console, note

if TYPE_CHECKING:
    from glossary.store.termstore import TermStore


def confirm_and_write(store: TermStore, *, yes: bool, dry_run: bool,
                      unchanged: str = "nothing to change") -> list[Path] | None:
    """Show ``store``'s pending diff, then write it if confirmed: the files written, or None when
    nothing was (no change: ``unchanged`` is printed; --dry-run). Not confirmed: exit 1."""
    from glossary.render.lookup_view import print_diff

    diff = store.diff()
    if not diff:
        console.print(unchanged, markup=False, soft_wrap=True)
        return None
    print_diff(diff, CONSOLES.out)
    if dry_run:
        note("dry run: nothing written")
        return None
    if not yes:
        try:
            confirmed = typer.confirm("Write these changes?", default=False, err=True)
        except (typer.Abort, EOFError):  # no answer (stdin closed) is no
            confirmed = False
        if not confirmed:
            note("nothing written")
            raise typer.Exit(EXIT_FINDINGS)
    # each file is replaced atomically: one that failed to write is as it was (an OSError is exit 3)
    written = store.save()
    for path in written:
        note(f"wrote {path}")
    return written
