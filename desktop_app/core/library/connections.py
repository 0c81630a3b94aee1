"""The index's SQLite connections: one shared writer, one reader per thread.

WAL mode lets readers run beside the writer without blocking either way, but a
connection must not be used by two threads at once: so every reading thread gets its own
read-only connection (made on first use, closed with the library), and all writes go
through the single writer connection under one re-entrant lock, each in a
``BEGIN IMMEDIATE`` transaction so a writer in another process is waited for up front
instead of failing halfway with "database is locked".
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from desktop_app.core.library import schema


class LibraryConnections:
    """Owns the connections to the index at ``path`` and creates or migrates its schema.

    The operations (:mod:`~desktop_app.core.library.images`,
    :mod:`~desktop_app.core.library.captions`) build on :meth:`_reader` and
    :meth:`_write`; :class:`~desktop_app.core.library.Library` joins them."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self._write_lock = threading.RLock()
        self._writer = self._connect(readonly=False)
        self._local = threading.local()
        self._readers: list[sqlite3.Connection] = []
        self._readers_lock = threading.Lock()
        self._init_schema()

    def _connect(self, *, readonly: bool) -> sqlite3.Connection:
        """A new connection in autocommit mode (transactions are begun explicitly)."""
        if readonly:
            uri = f"{self.path.resolve().as_uri()}?mode=ro"
            conn = sqlite3.connect(
                uri, uri=True, check_same_thread=False, timeout=30, isolation_level=None
            )
        else:
            conn = sqlite3.connect(
                self.path, check_same_thread=False, timeout=30, isolation_level=None
            )
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute("PRAGMA busy_timeout=30000")
        conn.row_factory = sqlite3.Row
        return conn

    def _reader(self) -> sqlite3.Connection:
        """This thread's read-only connection, made on its first read."""
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._connect(readonly=True)
            self._local.conn = conn
            with self._readers_lock:
                self._readers.append(conn)
        return conn

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """The writer inside one transaction: committed on success, else rolled back."""
        with self._write_lock:
            try:
                self._writer.execute("BEGIN IMMEDIATE")
                yield self._writer
                self._writer.execute("COMMIT")
            except BaseException:
                self._writer.execute("ROLLBACK")
                raise

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """A write transaction for core modules that keep their own SQL on these tables
        (the job queue); committed on success, rolled back on any exception."""
        with self._write() as db:
            yield db

    def rows(self, sql: str, params: Iterable[Any] = ()) -> list[sqlite3.Row]:
        """Run a read-only query on this thread's reader connection."""
        return list(self._reader().execute(sql, tuple(params)))

    def _init_schema(self) -> None:
        """Create or migrate the schema, once, whoever opens the file at the same time.

        A library already at this version is left alone (no write, so no lock). Else
        the write lock is taken first (BEGIN IMMEDIATE waits for other writers) and the
        version read again inside the transaction: two processes opening an old index
        together migrate it once, and a read-then-write upgrade never fails with
        "database is locked".
        """
        if not schema.needs_upgrade(self._writer, self.path):
            return
        with self._write_lock:
            db = self._writer
            db.execute("BEGIN IMMEDIATE")
            try:
                schema.upgrade(db, self.path)
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise

    def close(self) -> None:
        """Close every thread's reader, then the writer (after any write in progress)."""
        with self._readers_lock:
            for conn in self._readers:
                conn.close()
            self._readers.clear()
        with self._write_lock:
            self._writer.close()
