"""The rooms in one SQLite file (the default): WAL mode, so the board reads while students
write; each write takes the file's write lock at its start (BEGIN IMMEDIATE), so concurrent
posts queue for a few milliseconds instead of failing."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from core.classroom.sql import SqlRoomStore

BUSY_SECONDS = 10.0  # how long a write waits for another one before giving up


class SqliteRoomStore(SqlRoomStore):
    """SQLite at `path` (its folder is created)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        super().__init__(self._connect)

    def _connect(self) -> sqlite3.Connection:
        # isolation_level=None: this class writes BEGIN and COMMIT itself; a connection is
        # used by one thread at a time (the pool hands it out), so any thread may hold it.
        conn = sqlite3.connect(self.path, timeout=BUSY_SECONDS, isolation_level=None,
                               check_same_thread=False)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")  # WAL: durable at checkpoints, never corrupt
        return conn

    @contextmanager
    def _begin(self, conn: sqlite3.Connection, write: bool) -> Iterator[sqlite3.Cursor]:
        cur = conn.cursor()
        cur.execute("BEGIN IMMEDIATE" if write else "BEGIN")
        try:
            yield cur
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
