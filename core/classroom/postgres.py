"""The rooms in PostgreSQL (LFD_DATABASE_URL): several app replicas share one database.

psycopg 3 is imported only when this backend is used. The shared SQL is written with "?"
placeholders; a thin cursor turns them into psycopg's "%s".
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from core.classroom.sql import SqlRoomStore

SCHEMA_LOCK = 0x4C46_4452  # an advisory lock id ("LFDR"): one replica creates the tables
CONNECT_SECONDS = 10


class _Cursor:
    """A psycopg cursor that takes the shared SQL's "?" placeholders."""

    def __init__(self, cursor: Any) -> None:
        self._cursor = cursor

    def execute(self, sql: str, params: tuple = ()) -> _Cursor:
        self._cursor.execute(sql.replace("?", "%s"), params)
        return self

    def fetchone(self) -> Any:
        return self._cursor.fetchone()

    def fetchall(self) -> list:
        return self._cursor.fetchall()

    @property
    def rowcount(self) -> int:
        return self._cursor.rowcount


class PostgresRoomStore(SqlRoomStore):
    """PostgreSQL at `url` (postgresql://user:password@host:port/database)."""

    def __init__(self, url: str) -> None:
        self.url = url
        super().__init__(self._connect)

    def _connect(self) -> Any:
        import psycopg

        # autocommit: each call opens its own transaction block (conn.transaction()).
        return psycopg.connect(self.url, autocommit=True, connect_timeout=CONNECT_SECONDS)

    @contextmanager
    def _begin(self, conn: Any, write: bool) -> Iterator[_Cursor]:
        with conn.transaction(), conn.cursor() as cursor:
            yield _Cursor(cursor)

    def _lock_schema(self, cur: Any) -> None:
        cur.execute("SELECT pg_advisory_xact_lock(?)", (SCHEMA_LOCK,))
