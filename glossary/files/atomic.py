"""Atomic file writes: write a temporary file beside the target, fsync, rename.

An interrupted write leaves either the old file or the new one, never half of one.
"""
from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from pathlib import Path
from typing import IO, Iterator


def atomic_write_text(path: str | Path, text: str, *, encoding: str = "utf-8") -> None:
    atomic_write_bytes(path, text.encode(encoding))


def atomic_write_bytes(path: str | Path, data: bytes) -> None:
    atomic_write_many({Path(path): data})


def atomic_write_many(files: dict[Path, bytes]) -> None:
    """Write several files as one step as far as a file system allows.

    Every temporary file is written and synced first; only then are they renamed
    over their targets, so a failure while writing changes nothing at all.
    """
    staged: list[tuple[str, Path]] = []
    try:
        for path, data in files.items():
            staged.append((_stage(Path(path), data), Path(path)))
        for tmp_name, target in staged:
            os.replace(tmp_name, target)
    except BaseException:
        for tmp_name, _ in staged:
            try:
                os.unlink(tmp_name)
            except FileNotFoundError:
                pass
        raise


@contextlib.contextmanager
def atomic_stream(path: str | Path) -> Iterator[IO[str]]:
    """Write a large file as a stream, atomically: a temporary file beside it, then rename.

    The streaming twin of ``atomic_write_text`` for converted corpora and reports, which
    may not fit in memory; an error leaves the old file (or none) in place.
    """
    target = Path(path)
    fd, tmp_name = _temporary(target)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        _give_mode(tmp_name, target)
        os.replace(tmp_name, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp_name)
        raise


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
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        _give_mode(tmp_name, target)

    @property
    def paths(self) -> list[Path]:
        return [target for _, target in self._staged]

    def commit(self) -> None:
        for tmp_name, target in self._staged:
            os.replace(tmp_name, target)
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


def _stage(target: Path, data: bytes) -> str:
    fd, tmp_name = _temporary(target)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        _give_mode(tmp_name, target)
    except BaseException:
        os.unlink(tmp_name)
        raise
    return tmp_name


def _temporary(target: Path) -> tuple[int, str]:
    """A new temporary file beside ``target`` (its directory made if need be): (fd, name)."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except FileExistsError:  # a file where a folder of the path should be: say which, plainly
        blocker = next((p for p in reversed(target.parents) if p.exists() and not p.is_dir()), target.parent)
        raise NotADirectoryError(errno.ENOTDIR, "Not a directory", str(blocker)) from None
    return tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)


def _give_mode(tmp_name: str, target: Path) -> None:
    """The target's mode; mkstemp makes 0600, so a new file gets the usual mode under the user's umask."""
    if target.exists():
        os.chmod(tmp_name, target.stat().st_mode & 0o777)
    else:
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp_name, 0o666 & ~umask)
