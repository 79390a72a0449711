"""Rows that grow with the corpus, kept on disk so a scan's memory does not.

A ``Spill`` is an append-only table of one fixed shape. Rows are buffered in memory
and written in batches to a temporary SQLite database; reading them back, sorting and
grouping happen in SQLite, whose page cache is bounded (``CACHE_KIB``), so holding a
million rows costs disk, not memory. The table is called ``rows``; its ``rowid`` is
the insertion order, which ``merge`` keeps (a later part's rows come after ours).
Rows are never removed or reordered; ``update`` changes values of written rows in place.

A spill crosses a process boundary (``--jobs``, Dask) by pickling. On the same machine
the pickle carries the database file's path and the receiver takes the file over; to
another machine (``portable=True``) it carries the database's bytes.
"""
from __future__ import annotations

import os
import shutil
import socket
import sqlite3
import tempfile
import weakref
from contextlib import contextmanager
from typing import Any, Iterable, Iterator, Sequence

BATCH_ROWS = 20_000  # rows buffered in memory before they are written
CACHE_KIB = 8 * 1024  # SQLite page cache per spill
TMPDIR_ENV = "GLOSSARY_TMPDIR"  # where spills go (default: the system's temporary directory)
_portable_default = False


@contextmanager
def portable_spills(on: bool = True) -> Iterator[None]:
    """Spills made inside this block carry their rows when pickled (a worker on another
    machine, whose files the receiver cannot open), unless they say otherwise."""
    global _portable_default
    before, _portable_default = _portable_default, on
    try:
        yield
    finally:
        _portable_default = before


def _remove(directory: str, connection: sqlite3.Connection | None) -> None:
    if connection is not None:
        try:
            connection.close()
        except sqlite3.Error:
            pass
    shutil.rmtree(directory, ignore_errors=True)


class Spill:
    """An append-only table on disk; see the module docstring."""

    def __init__(self, columns: Sequence[str], *, indexes: Sequence[Sequence[str]] = (),
                 portable: bool | None = None) -> None:
        self.columns = tuple(columns)
        self.indexes = tuple(tuple(i) for i in indexes)
        self.portable = _portable_default if portable is None else portable
        self._buffer: list[tuple] = []
        self._written = 0
        self._indexed = False
        self._directory = tempfile.mkdtemp(prefix="glossary-spill-", dir=os.environ.get(TMPDIR_ENV) or None)
        self._connection = self._open(create=True)
        self._finalizer = weakref.finalize(self, _remove, self._directory, self._connection)

    # -- the database ---------------------------------------------------------------------
    @property
    def path(self) -> str:
        return os.path.join(self._directory, "spill.sqlite")

    def _open(self, *, create: bool) -> sqlite3.Connection:
        connection = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        # a scratch file: nothing to recover after a crash, so no journal and no syncs
        connection.execute("PRAGMA journal_mode=OFF")
        connection.execute("PRAGMA synchronous=OFF")
        connection.execute(f"PRAGMA cache_size=-{CACHE_KIB}")
        connection.execute("PRAGMA temp_store=FILE")
        if create:
            connection.execute(f"CREATE TABLE rows ({', '.join(self.columns)})")
        return connection

    def _flush(self) -> None:
        if self._buffer:
            marks = ", ".join("?" * len(self.columns))
            # one transaction per batch: in autocommit mode (isolation_level=None) ``with connection``
            # begins none, and a transaction per row costs about four times as much
            self._connection.execute("BEGIN")
            try:
                self._connection.executemany(f"INSERT INTO rows VALUES ({marks})", self._buffer)
            except BaseException:
                self._connection.execute("ROLLBACK")
                raise
            self._connection.execute("COMMIT")
            self._written += len(self._buffer)
            self._buffer = []
            self._indexed = False

    def _ready(self) -> sqlite3.Connection:
        """Everything written and indexed: ready to query."""
        self._flush()
        if not self._indexed:
            for number, columns in enumerate(self.indexes):
                self._connection.execute(f"CREATE INDEX IF NOT EXISTS i{number} ON rows ({', '.join(columns)})")
            self._indexed = True
        return self._connection

    # -- writing ----------------------------------------------------------------------------
    def append(self, row: tuple) -> None:
        self._buffer.append(row)
        if len(self._buffer) >= BATCH_ROWS:
            self._flush()

    def extend(self, rows: Iterable[tuple]) -> None:
        for row in rows:
            self.append(row)

    def update(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        """Run the statement ``sql`` (an ``UPDATE rows ...``) once per parameter row, in one
        transaction; rows already written change in place, so the insertion order is kept."""
        connection = self._ready()
        connection.execute("BEGIN")
        try:
            connection.executemany(sql, rows)
        except BaseException:
            connection.execute("ROLLBACK")
            raise
        connection.execute("COMMIT")

    def merge(self, later: "Spill") -> None:
        """Append every row of ``later`` (a spill of the same shape), after ours."""
        if later.columns != self.columns:
            raise ValueError(f"cannot merge spills of different shapes: {later.columns} and {self.columns}")
        later._flush()
        if later._written == 0:
            return
        self._flush()
        connection = self._connection
        connection.execute("ATTACH DATABASE ? AS later", (later.path,))
        try:
            with connection:
                connection.execute("INSERT INTO rows SELECT * FROM later.rows ORDER BY rowid")
        finally:
            connection.execute("DETACH DATABASE later")
        self._written += later._written
        self._indexed = False

    # -- reading ----------------------------------------------------------------------------
    def __len__(self) -> int:
        return self._written + len(self._buffer)

    def __iter__(self) -> Iterator[tuple]:
        return self.query(f"SELECT {', '.join(self.columns)} FROM rows ORDER BY rowid")

    def query(self, sql: str, parameters: Sequence[Any] = ()) -> Iterator[tuple]:
        """Rows of ``sql`` over the table ``rows``, streamed (a cursor, not a list)."""
        return self._ready().execute(sql, parameters)

    def close(self) -> None:
        """Delete the database now (it is deleted when the spill is collected anyway)."""
        self._finalizer()

    # -- crossing processes -----------------------------------------------------------------
    def __getstate__(self) -> dict[str, Any]:
        self._flush()
        state: dict[str, Any] = {"columns": self.columns, "indexes": self.indexes, "portable": self.portable,
                                 "written": self._written, "host": socket.gethostname(), "pid": os.getpid()}
        if self.portable:
            state["data"] = self._connection.serialize()
        else:
            # the receiver takes the file over: this side must no longer delete it
            self._connection.close()
            self._finalizer.detach()
            state["directory"] = self._directory
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.columns, self.indexes, self.portable = state["columns"], state["indexes"], state["portable"]
        self._buffer, self._written, self._indexed = [], state["written"], False
        if "data" in state:
            self._directory = tempfile.mkdtemp(prefix="glossary-spill-", dir=os.environ.get(TMPDIR_ENV) or None)
            memory = sqlite3.connect(":memory:")
            memory.deserialize(state["data"])
            disk = sqlite3.connect(self.path)
            memory.backup(disk)
            memory.close()
            disk.close()
        else:
            if state["host"] != socket.gethostname() or not os.path.exists(os.path.join(state["directory"], "spill.sqlite")):
                raise RuntimeError("a spill was sent to another machine without its data (portable=False)")
            self._directory = state["directory"]
        self._connection = self._open(create=False)
        self._finalizer = weakref.finalize(self, _remove, self._directory, self._connection)
