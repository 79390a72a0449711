"""One writer at a time for a glossary: an exclusive ``flock`` on its folder.

Every write to ``terms/`` (the CLI's edits, ``import --merge``, the server's review actions,
the recovery of an interrupted edit) holds this lock from the moment it checks what is on disk
until its files are renamed into place, so two edits at once are serialised instead of one
overwriting the other. The lock is taken on the folder itself (an ``O_RDONLY`` descriptor of
the directory), not on a lock file: nothing is left in ``terms/`` to show in ``git status``,
and no one can break the lock by deleting a file. Where a file system refuses ``flock`` on a
directory, a ``.glossary.lock`` file in the folder is locked instead.

The lock is re-entrant within a process (a save inside a locked re-read takes it again) and
serialises the threads of one process too (the server's request threads). A waiter gives up
after ``timeout`` seconds (``GLOSSARY_LOCK_TIMEOUT``, default 30) with ``GlossaryBusy``:
one line, nothing written, exit 3.
"""
from __future__ import annotations

import contextlib
import errno
import os
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from glossary.errors import GlossaryError

TIMEOUT_ENV = "GLOSSARY_LOCK_TIMEOUT"
DEFAULT_TIMEOUT = 30.0  # seconds: an edit holds the lock for well under one
LOCK_FILE = ".glossary.lock"  # only where a directory cannot be flock-ed


class GlossaryBusy(GlossaryError):
    """Another command held the glossary's lock for longer than the wait allowed: nothing was written."""

    exit_code = 3  # the tool could not do its job (README "Exit status"); not bad input


def lock_folder(root: str | Path) -> Path:
    """The folder whose lock guards glossary ``root``: the folder itself, or a file's folder."""
    path = Path(root)
    return path.parent if is_one_file(path) else path


def is_one_file(root: Path) -> bool:
    """A one-file glossary (``-g terms.yaml``), also before it exists; else a folder of files."""
    if root.exists():
        return not root.is_dir()
    return root.suffix in (".yaml", ".yml")


def lock_timeout() -> float:
    raw = os.environ.get(TIMEOUT_ENV)
    if not raw:
        return DEFAULT_TIMEOUT
    try:
        value = float(raw)
    except ValueError:
        raise GlossaryError(f"{TIMEOUT_ENV}={raw!r} is not a number of seconds") from None
    return max(value, 0.0)


@dataclass
class _Held:
    """The process's hold on one folder's lock: one flock, counted re-entries, one thread at a time."""

    threads: threading.RLock = field(default_factory=threading.RLock)
    fd: int | None = None
    depth: int = 0


_HELD: dict[str, _Held] = {}
_HELD_GUARD = threading.Lock()


@contextlib.contextmanager
def glossary_lock(root: str | Path, *, timeout: float | None = None) -> Iterator[None]:
    """Hold the exclusive lock of glossary ``root`` (waiting at most ``timeout`` seconds)."""
    folder = lock_folder(root)
    wait = lock_timeout() if timeout is None else timeout
    deadline = time.monotonic() + wait
    key = os.path.realpath(folder)
    with _HELD_GUARD:
        held = _HELD.setdefault(key, _Held())
    if not held.threads.acquire(timeout=max(0, wait)):
        raise _busy(folder, wait)
    try:
        if held.depth == 0:
            held.fd = _acquire(folder, deadline, wait)
        held.depth += 1
        try:
            yield
        finally:
            held.depth -= 1
            if held.depth == 0 and held.fd is not None:
                fd, held.fd = held.fd, None
                os.close(fd)  # closing the descriptor releases the flock
    finally:
        held.threads.release()


def _acquire(folder: Path, deadline: float, wait: float) -> int:
    import fcntl

    fd = _open_lock_target(folder)
    pause = 0.005
    try:
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return fd
            except BlockingIOError:
                pass
            except OSError as error:
                if error.errno not in (errno.EBADF, errno.EINVAL, errno.ENOLCK, errno.EOPNOTSUPP) or \
                        _is_lock_file(fd):
                    raise
                os.close(fd)  # this file system cannot lock a directory: lock a file in it instead
                fd = _open_lock_file(folder)
                continue
            if time.monotonic() >= deadline:
                raise _busy(folder, wait)
            time.sleep(pause)
            pause = min(pause * 2, 0.1)
    except BaseException:
        os.close(fd)
        raise


def _open_lock_target(folder: Path) -> int:
    try:
        return os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except FileNotFoundError:
        folder.mkdir(parents=True, exist_ok=True)  # a glossary about to be made (import --merge into a new folder)
        return os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))


def _open_lock_file(folder: Path) -> int:
    return os.open(folder / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o666)


def _is_lock_file(fd: int) -> bool:
    import stat

    return not stat.S_ISDIR(os.fstat(fd).st_mode)


def _busy(folder: Path, wait: float) -> GlossaryBusy:
    return GlossaryBusy(f"another glossary command is writing this glossary; waited {wait:g} s for it, nothing "
                        f"written (try again; {TIMEOUT_ENV} sets the wait)", path=folder)
