"""What a folder walk could not read, told to whoever listens (the CLI warns, once).

``expand_paths`` (``base``) walks folders; a file no format claims is not read, and
that is never silent: the walk calls ``unread(folder, read, names)`` here, and the
listener the caller set with ``listening`` hears it. Kept apart from ``base`` so that
the CLI can listen without importing the readers (start-up time).
"""
from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from typing import Callable, Iterator

# Never read and never warned about: documentation beside the corpus files.
DOCUMENTATION = ("readme", "license", "licence", "copying", "notice", "changelog", "authors")
SHOWN_NAMES = 10  # unread files named in one warning; past this, only counted

_LISTENER: ContextVar[Callable[[str], None] | None] = ContextVar("glossary_walk_listener", default=None)


@contextmanager
def listening(callback: Callable[[str], None]) -> Iterator[None]:
    """Inside the block, every walk that left files unread calls ``callback(message)``."""
    token = _LISTENER.set(callback)
    try:
        yield
    finally:
        _LISTENER.reset(token)


def is_documentation(name: str) -> bool:
    return name.lower().startswith(DOCUMENTATION)


def unread_message(folder: str, read: int, names: list[str]) -> str:
    shown = ", ".join(names[:SHOWN_NAMES]) + (f" and {len(names) - SHOWN_NAMES} more" if len(names) > SHOWN_NAMES
                                              else "")
    return f"{folder}: {read} file(s) read; {len(names)} not read (no corpus format claims them): {shown}"


def unread(folder: str, read: int, names: list[str]) -> None:
    """Tell the listener, if any, that a walk of ``folder`` read ``read`` files and not ``names``."""
    listener = _LISTENER.get()
    if listener is not None and names:
        listener(unread_message(folder, read, names))


def irregular(folder: str, entries: list[str]) -> None:
    """Tell the listener that a walk of ``folder`` found entries it cannot read (FIFOs, devices,
    dangling symbolic links, loops): each named with why, never skipped in silence."""
    listener = _LISTENER.get()
    if listener is not None and entries:
        shown = ", ".join(entries[:SHOWN_NAMES]) + (f" and {len(entries) - SHOWN_NAMES} more"
                                                    if len(entries) > SHOWN_NAMES else "")
        listener(f"{folder}: {len(entries)} entr{'y' if len(entries) == 1 else 'ies'} not read "
                 f"(not regular files): {shown}")
