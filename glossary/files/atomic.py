"""Atomic file writes: write a temporary file beside the target, fsync, rename.

An interrupted write leaves either the old file or the new one, never half of one. An I/O
error while writing (a full disk: ENOSPC, EDQUOT) removes the temporary file and is raised
naming the file being written ("reports/x.json: No space left on device"), not the bare
errno a ``write`` gives. Temporary names carry the writer's pid
(``.NAME.PID.XXXXXXXX.tmp``) so that one left by a killed process can be told from one
being written (``orphan_temporaries``).
"""
from __future__ import annotations

import contextlib
import errno
import os
import re
import tempfile
from pathlib import Path
from typing import IO, Iterator

# errnos of a write that failed for want of room or of a writable disk: named after the target
# (not EIO: a reader in the caller's block can raise it too, and it is not this file's)
WRITE_ERRNOS = frozenset(e for e in (errno.ENOSPC, getattr(errno, "EDQUOT", None), errno.EFBIG, errno.EROFS)
                         if e is not None)
_TEMPORARY = re.compile(r"^\.(?P<name>.+)\.(?P<pid>[0-9]+)\.[a-z0-9_]{8}\.tmp$")


def atomic_write_text(path: str | Path, text: str, *, encoding: str = "utf-8") -> None:
    atomic_write_bytes(path, text.encode(encoding))


def atomic_write_bytes(path: str | Path, data: bytes) -> None:
    atomic_write_many({Path(path): data})


def atomic_write_many(files: dict[Path, bytes]) -> None:
    """Write several files as one step as far as a file system allows.

    Every temporary file is written and synced first; only then are they renamed
    over their targets, so a failure while writing changes nothing at all.
    """
    staged = stage_all(files)
    try:
        for tmp_name, target in staged:
            replace(tmp_name, target)
    except BaseException:
        remove_quietly(tmp for tmp, _ in staged)
        raise


def stage_all(files: dict[Path, bytes]) -> list[tuple[str, Path]]:
    """Every file written and synced to a temporary name beside it: [(temporary, target)].
    On any error every temporary made so far is removed and nothing else has changed."""
    staged: list[tuple[str, Path]] = []
    try:
        for path, data in files.items():
            staged.append((stage(Path(path), data), Path(path)))
    except BaseException:
        remove_quietly(tmp for tmp, _ in staged)
        raise
    return staged


def replace(tmp_name: str, target: Path) -> None:
    """``os.replace`` whose error names the target."""
    try:
        os.replace(tmp_name, target)
    except OSError as error:
        raise named(error, target) from None


def remove_quietly(names: Iterator[str] | list[str]) -> None:
    for name in names:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(name)


def sync_folder(folder: Path) -> None:
    """fsync a directory so that renames in it survive a power cut (where the system allows it)."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:  # some file systems cannot sync a directory: the renames are still atomic
        pass
    finally:
        os.close(fd)


def named(error: OSError, target: str | Path) -> OSError:
    """``error`` naming ``target`` when it names no file (a failed write or fsync names none)."""
    if error.filename is not None:
        return error
    try:
        renamed = type(error)(error.errno, error.strerror or str(error), str(target))
    except TypeError:
        renamed = OSError(error.errno, error.strerror or str(error), str(target))
    renamed.__cause__ = error
    return renamed


def orphan_temporaries(folder: Path) -> list[Path]:
    """Temporary files in ``folder`` whose writing process is gone (killed before its rename)."""
    try:
        names = os.listdir(folder)
    except OSError:
        return []
    found = []
    for name in names:
        match = _TEMPORARY.match(name)
        if match and not _alive(int(match["pid"])):
            found.append(folder / name)
    return found


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, ValueError):
        return True
    return True


@contextlib.contextmanager
def atomic_stream(path: str | Path) -> Iterator[IO[str]]:
    """Write a large file as a stream, atomically: a temporary file beside it, then rename.

    The streaming twin of ``atomic_write_text`` for converted corpora and reports, which
    may not fit in memory; an error leaves the old file (or none) in place.
    """
    target = Path(path)
    fd, tmp_name = _temporary(target)
    try:
        with _written(fd, tmp_name, target) as handle:
            yield handle
        replace(tmp_name, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp_name)
        raise


@contextlib.contextmanager
def _written(fd: int, tmp_name: str, target: Path) -> Iterator[IO[str]]:
    """A text stream on ``fd``, flushed, synced and given the target's mode at the end; a write error
    (raised in the caller's block or here) names ``target``."""
    handle = os.fdopen(fd, "w", encoding="utf-8", newline="\n")
    try:
        yield handle
    except BaseException as error:
        with contextlib.suppress(OSError):
            handle.close()  # the buffer may not fit either; the temporary is removed by the caller
        if isinstance(error, OSError) and error.errno in WRITE_ERRNOS:  # the caller's write hit a full disk
            raise named(error, target) from None
        raise
    try:
        handle.flush()
        os.fsync(handle.fileno())
        handle.close()
        _give_mode(tmp_name, target)
    except OSError as error:
        with contextlib.suppress(OSError):
            handle.close()
        raise named(error, target) from None


class WriteSet:
    """Files written as one set: each to a temporary name beside it, then all renamed at the end,
    so an error or an interrupt while writing leaves every old file (or none) in place and a run
    never leaves some files of its own beside others of an earlier run. See ``atomic_write_set``."""

    def __init__(self) -> None:
        self._staged: list[tuple[str, Path]] = []

    @contextlib.contextmanager
    def open(self, path: str | Path) -> Iterator[IO[str]]:
        """A text stream for one file of the set; it is renamed into place with the others."""
        target = Path(path)
        fd, tmp_name = _temporary(target)
        self._staged.append((tmp_name, target))  # removed by ``discard`` whatever happens next
        with _written(fd, tmp_name, target) as handle:
            yield handle

    @property
    def paths(self) -> list[Path]:
        return [target for _, target in self._staged]

    def commit(self) -> None:
        for tmp_name, target in self._staged:
            replace(tmp_name, target)
        for folder in {target.parent for _, target in self._staged}:  # what a run killed (-9) left behind
            remove_quietly([str(p) for p in orphan_temporaries(folder)])
        self._staged.clear()

    def discard(self) -> None:
        for tmp_name, _ in self._staged:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp_name)
        self._staged.clear()


@contextlib.contextmanager
def atomic_write_set() -> Iterator[WriteSet]:
    """``with atomic_write_set() as files: with files.open(path) as out: ...`` for each file; the
    set is renamed into place when the block ends without an error, else every temporary is removed."""
    files = WriteSet()
    try:
        yield files
        files.commit()
    except BaseException:
        files.discard()
        raise


def stage(target: Path, data: bytes) -> str:
    """``data`` written and synced to a new temporary file beside ``target``: its name."""
    fd, tmp_name = _temporary(target)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        _give_mode(tmp_name, target)
    except BaseException as error:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp_name)
        if isinstance(error, OSError):
            raise named(error, target) from None
        raise
    return tmp_name


def _temporary(target: Path) -> tuple[int, str]:
    """A new temporary file beside ``target`` (its directory made if need be): (fd, name)."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except FileExistsError:  # a file where a folder of the path should be: say which, plainly
        blocker = next((p for p in reversed(target.parents) if p.exists() and not p.is_dir()), target.parent)
        raise NotADirectoryError(errno.ENOTDIR, "Not a directory", str(blocker)) from None
    try:
        return tempfile.mkstemp(prefix=f".{target.name}.{os.getpid()}.", suffix=".tmp", dir=target.parent)
    except OSError as error:  # no room for even an empty file, or a folder that cannot be written: name the target
        raise type(error)(error.errno, error.strerror or str(error), str(target)) from None


def _give_mode(tmp_name: str, target: Path) -> None:
    """The target's mode; mkstemp makes 0600, so a new file gets the usual mode under the user's umask."""
    if target.exists():
        os.chmod(tmp_name, target.stat().st_mode & 0o777)
    else:
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp_name, 0o666 & ~umask)
