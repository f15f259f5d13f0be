"""RoomStore in SQL that SQLite and PostgreSQL both run (placeholders written "?").

A backend supplies connections and transactions (core.classroom.sqlite, .postgres). Joins
count seats with one atomic UPDATE ... RETURNING, so two students never get the same number
and a room never takes more than MAX_STUDENTS; a run's primary key (room, seat) makes a
second post of the same student a no-op that is refused.
"""

from __future__ import annotations

import json
import queue
import time
from abc import abstractmethod
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from core.classroom.codes import digest, matches, new_code, new_secret
from core.classroom.post import RunPost, check_config, check_fits_room, check_nickname, check_post
from core.classroom.question import Question, check_value, free_value
from core.classroom.store import (
    MAX_HOURS,
    MAX_STUDENTS,
    PURGE_AFTER_HOURS,
    Room,
    RoomRun,
    RoomStore,
    Student,
)
from core.errors import RoomError

SCHEMA_VERSION = 1
SCHEMA: tuple[str, ...] = (
    "CREATE TABLE IF NOT EXISTS lfd_schema (version INTEGER NOT NULL)",
    """CREATE TABLE IF NOT EXISTS lfd_rooms (
        code TEXT PRIMARY KEY, token_digest TEXT NOT NULL, question TEXT NOT NULL,
        config TEXT NOT NULL, data TEXT NOT NULL, created DOUBLE PRECISION NOT NULL,
        expires DOUBLE PRECISION NOT NULL, closed INTEGER NOT NULL DEFAULT 0,
        revealed INTEGER NOT NULL DEFAULT 0, joined INTEGER NOT NULL DEFAULT 0)""",
    "CREATE INDEX IF NOT EXISTS lfd_rooms_expires ON lfd_rooms (expires)",
    """CREATE TABLE IF NOT EXISTS lfd_students (
        code TEXT NOT NULL, seat_digest TEXT NOT NULL, number INTEGER NOT NULL,
        nickname TEXT NOT NULL, value TEXT, prediction TEXT,
        joined DOUBLE PRECISION NOT NULL,
        PRIMARY KEY (code, seat_digest), UNIQUE (code, number))""",
    """CREATE TABLE IF NOT EXISTS lfd_runs (
        code TEXT NOT NULL, seat_digest TEXT NOT NULL, number INTEGER NOT NULL,
        value TEXT, config TEXT NOT NULL, train_loss DOUBLE PRECISION,
        train_acc DOUBLE PRECISION NOT NULL, test_loss DOUBLE PRECISION,
        test_acc DOUBLE PRECISION NOT NULL, iterations INTEGER NOT NULL,
        epochs DOUBLE PRECISION NOT NULL, diverged INTEGER NOT NULL, curve TEXT NOT NULL,
        posted DOUBLE PRECISION NOT NULL, PRIMARY KEY (code, seat_digest))""",
)
# Migrations from version n to n + 1 (none yet): statements run once, in order, at start-up.
MIGRATIONS: dict[int, tuple[str, ...]] = {}
# Every statement is written out whole (no SQL assembled from pieces at run time).
SELECT_ROOM = ("SELECT code, question, config, data, created, expires, closed, revealed, joined"
               " FROM lfd_rooms WHERE code = ?")
SET_REVEALED = "UPDATE lfd_rooms SET revealed = ? WHERE code = ?"
SET_CLOSED = "UPDATE lfd_rooms SET closed = ? WHERE code = ?"
SELECT_STUDENT = ("SELECT s.number, s.nickname, s.value, s.prediction, s.joined,"
                  " r.code IS NOT NULL FROM lfd_students s LEFT JOIN lfd_runs r"
                  " ON r.code = s.code AND r.seat_digest = s.seat_digest"
                  " WHERE s.code = ? AND s.seat_digest = ?")
SELECT_STUDENTS = ("SELECT s.number, s.nickname, s.value, s.prediction, s.joined,"
                   " r.code IS NOT NULL FROM lfd_students s LEFT JOIN lfd_runs r"
                   " ON r.code = s.code AND r.seat_digest = s.seat_digest"
                   " WHERE s.code = ? ORDER BY s.number")
SET_VALUE = "UPDATE lfd_students SET value = ? WHERE code = ? AND seat_digest = ?"
SET_PREDICTION = "UPDATE lfd_students SET prediction = ? WHERE code = ? AND seat_digest = ?"
SELECT_RUNS = ("SELECT r.number, s.nickname, r.value, r.config, r.train_loss, r.train_acc,"
               " r.test_loss, r.test_acc, r.iterations, r.epochs, r.diverged, r.curve, r.posted"
               " FROM lfd_runs r JOIN lfd_students s"
               " ON s.code = r.code AND s.seat_digest = r.seat_digest"
               " WHERE r.code = ? ORDER BY r.number")
PURGE = ("DELETE FROM lfd_runs WHERE code IN (SELECT code FROM lfd_rooms WHERE expires < ?)",
         "DELETE FROM lfd_students WHERE code IN (SELECT code FROM lfd_rooms WHERE expires < ?)",
         "DELETE FROM lfd_rooms WHERE expires < ?")


def _dump(value: Any) -> str:
    return json.dumps(value, allow_nan=False, separators=(",", ":"))


def _load(text: str | None) -> Any:
    return None if text is None else json.loads(text)


class Pool:
    """A few open connections reused across calls (Streamlit runs each script run on a new
    thread, so per-thread connections would pile up); a broken one is dropped."""

    def __init__(self, connect: Callable[[], Any], size: int = 4) -> None:
        self._connect = connect
        self._idle: queue.LifoQueue = queue.LifoQueue(maxsize=size)

    @contextmanager
    def connection(self) -> Iterator[Any]:
        try:
            conn = self._idle.get_nowait()
        except queue.Empty:
            conn = self._connect()
        try:
            yield conn
        except RoomError:  # a refusal: the transaction was rolled back, the connection is fine
            self._give_back(conn)
            raise
        except BaseException:
            conn.close()
            raise
        self._give_back(conn)

    def _give_back(self, conn: Any) -> None:
        try:
            self._idle.put_nowait(conn)
        except queue.Full:
            conn.close()

    def close(self) -> None:
        while True:
            try:
                self._idle.get_nowait().close()
            except queue.Empty:
                return


class SqlRoomStore(RoomStore):
    """The SQL of every call; subclasses open connections and run transactions."""

    def __init__(self, connect: Callable[[], Any]) -> None:
        self.pool = Pool(connect)
        self._migrate()
        self.purge()

    # --- what a backend provides ------------------------------------------------------------
    @abstractmethod
    def _begin(self, conn: Any, write: bool) -> Any:
        """A context manager: a transaction on `conn` yielding a cursor-like object whose
        execute(sql, params) takes "?" placeholders."""

    def _lock_schema(self, cur: Any) -> None:
        """Keep two processes starting at once from creating the tables twice."""

    @contextmanager
    def _tx(self, write: bool = False) -> Iterator[Any]:
        with self.pool.connection() as conn, self._begin(conn, write) as cur:
            yield cur

    # --- the schema -------------------------------------------------------------------------
    def _migrate(self) -> None:
        with self._tx(write=True) as cur:
            self._lock_schema(cur)
            for statement in SCHEMA:
                cur.execute(statement, ())
            row = cur.execute("SELECT version FROM lfd_schema", ()).fetchone()
            version = None if row is None else int(row[0])
            if version is None:
                cur.execute("INSERT INTO lfd_schema (version) VALUES (?)", (SCHEMA_VERSION,))
                return
            if version > SCHEMA_VERSION:
                raise RuntimeError(f"the rooms database has schema {version}; this app knows "
                                   f"{SCHEMA_VERSION}: update the app")
            for step in range(version, SCHEMA_VERSION):
                for statement in MIGRATIONS[step]:
                    cur.execute(statement, ())
            cur.execute("UPDATE lfd_schema SET version = ?", (SCHEMA_VERSION,))

    def schema_version(self) -> int:
        with self._tx() as cur:
            return int(cur.execute("SELECT version FROM lfd_schema", ()).fetchone()[0])

    # --- rooms ------------------------------------------------------------------------------
    def create_room(self, question: Question, config: Mapping[str, Any],
                    data: Mapping[str, Any], hours: float = 3.0,
                    now: float | None = None) -> tuple[Room, str]:
        if not isinstance(question, Question):
            raise RoomError("err.room.setting", setting=str(question)[:40])
        # The teacher's settings, checked; stored as given (no derived hidden_sizes, which
        # would win over a varied hidden_size).
        checked = check_config(config, str(config.get("dataset")) if config else "")
        config = {k: checked[k] for k in config}
        if not (isinstance(hours, (int, float)) and 0 < hours <= MAX_HOURS):
            raise RoomError("err.room.hours", most=int(MAX_HOURS))
        now = time.time() if now is None else now
        self.purge(now)
        token = new_secret()
        for _ in range(8):  # 2**35 codes: a clash is rare, two in a row rarer still
            code = new_code()
            with self._tx(write=True) as cur:
                cur.execute(
                    "INSERT INTO lfd_rooms (code, token_digest, question, config, data, created,"
                    " expires) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (code) DO NOTHING",
                    (code, digest(token), question.to_json(), _dump(config), _dump(dict(data)),
                     now, now + 3600 * hours))
                made = cur.rowcount == 1
            if made:
                return self.room(code), token
        raise RuntimeError("no free room code after 8 tries")

    def _room_row(self, cur: Any, code: str) -> Room | None:
        row = cur.execute(SELECT_ROOM, (code,)).fetchone()
        if row is None:
            return None
        return Room(code=row[0], question=Question.from_json(row[1]), config=_load(row[2]),
                    data=_load(row[3]), created=float(row[4]), expires=float(row[5]),
                    closed=bool(row[6]), revealed=bool(row[7]), joined=int(row[8]))

    def room(self, code: str) -> Room | None:
        with self._tx() as cur:
            return self._room_row(cur, code)

    def teacher_room(self, code: str, token: str) -> Room | None:
        with self._tx() as cur:
            row = cur.execute("SELECT token_digest FROM lfd_rooms WHERE code = ?",
                              (code,)).fetchone()
            if row is None or not matches(token, row[0]):
                return None
            return self._room_row(cur, code)

    def _teacher_update(self, code: str, token: str, statement: str, value: int) -> None:
        if self.teacher_room(code, token) is None:
            raise RoomError("err.room.teacher")
        with self._tx(write=True) as cur:
            cur.execute(statement, (value, code))

    def set_revealed(self, code: str, token: str, revealed: bool) -> None:
        self._teacher_update(code, token, SET_REVEALED, int(bool(revealed)))

    def close(self, code: str, token: str) -> None:
        self._teacher_update(code, token, SET_CLOSED, 1)

    # --- students ---------------------------------------------------------------------------
    def _refusal(self, cur: Any, code: str, now: float) -> RoomError:
        """Why `code` takes no one right now."""
        room = self._room_row(cur, code)
        if room is None:
            return RoomError("err.room.unknown")
        if room.closed or now >= room.expires:
            return RoomError("err.room.closed")
        return RoomError("err.room.full", most=MAX_STUDENTS)

    def join(self, code: str, nickname: str = "", now: float | None = None
             ) -> tuple[Student, str]:
        nickname = check_nickname(nickname)
        now = time.time() if now is None else now
        seat = new_secret()
        with self._tx(write=True) as cur:
            row = cur.execute(
                "UPDATE lfd_rooms SET joined = joined + 1 WHERE code = ? AND closed = 0"
                " AND expires > ? AND joined < ? RETURNING joined, question",
                (code, now, MAX_STUDENTS)).fetchall()
            if not row:
                raise self._refusal(cur, code, now)
            number, question = int(row[0][0]), Question.from_json(row[0][1])
            value = question.value_for(number)
            cur.execute("INSERT INTO lfd_students (code, seat_digest, number, nickname, value,"
                        " joined) VALUES (?, ?, ?, ?, ?, ?)",
                        (code, digest(seat), number, nickname, _dump(value), now))
        return Student(number, nickname, value, None, now, False), seat

    def _student_row(self, cur: Any, code: str, seat: str) -> Student | None:
        if not isinstance(seat, str) or not seat or len(seat) > 200:
            return None
        row = cur.execute(SELECT_STUDENT, (code, digest(seat))).fetchone()
        return None if row is None else self._student(row)

    @staticmethod
    def _student(row: tuple) -> Student:
        return Student(number=int(row[0]), nickname=row[1], value=_load(row[2]),
                       prediction=_load(row[3]), joined=float(row[4]), posted=bool(row[5]))

    def student(self, code: str, seat: str) -> Student | None:
        with self._tx() as cur:
            return self._student_row(cur, code, seat)

    def _seat_update(self, code: str, seat: str, statement: str, value: Any, now: float | None,
                     allowed: Callable[[Question], bool]) -> None:
        now = time.time() if now is None else now
        with self._tx(write=True) as cur:
            room = self._room_row(cur, code)
            student = self._student_row(cur, code, seat)
            if room is None or student is None:
                raise RoomError("err.room.seat")
            if not room.open_at(now):
                raise RoomError("err.room.closed")
            if student.posted:
                raise RoomError("err.room.posted")
            question = room.question
            if not allowed(question):
                raise RoomError("err.room.mode", mode=question.mode)
            value = check_value(question.setting, value)
            if value not in question.values:
                raise RoomError("err.room.value", value=str(value)[:40])
            cur.execute(statement, (_dump(value), code, digest(seat)))

    def choose(self, code: str, seat: str, value: Any, now: float | None = None) -> None:
        self._seat_update(code, seat, SET_VALUE, value, now, lambda q: q.mode == "choice")

    def predict(self, code: str, seat: str, value: Any, now: float | None = None) -> None:
        self._seat_update(code, seat, SET_PREDICTION, value, now, lambda q: not q.free)

    # --- runs -------------------------------------------------------------------------------
    def post(self, code: str, seat: str, post: RunPost, now: float | None = None) -> RoomRun:
        now = time.time() if now is None else now
        room = self.room(code)
        if room is None:
            raise RoomError("err.room.seat")
        post = check_post(post, room.dataset)
        with self._tx(write=True) as cur:
            student = self._student_row(cur, code, seat)
            if student is None:
                raise RoomError("err.room.seat")
            if not room.open_at(now):
                raise RoomError("err.room.closed")
            question = room.question
            value = free_value(post.config, room.config) if question.free else student.value
            check_fits_room(post.config, room.config, question.setting, value)
            final = post.final
            cur.execute(
                "INSERT INTO lfd_runs (code, seat_digest, number, value, config, train_loss,"
                " train_acc, test_loss, test_acc, iterations, epochs, diverged, curve, posted)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (code, seat_digest) DO NOTHING",
                (code, digest(seat), student.number, _dump(value), _dump(post.config),
                 final["train_loss"], final["train_acc"], final["test_loss"], final["test_acc"],
                 int(final["iterations"]), final["epochs"], int(post.diverged),
                 _dump({"iterations": post.iterations, "losses": post.losses}), now))
            if cur.rowcount != 1:
                raise RoomError("err.room.posted")
        return RoomRun(student.number, student.nickname, value, post.config, dict(final),
                       post.iterations, post.losses, post.diverged, now)

    @staticmethod
    def _run(row: tuple) -> RoomRun:
        curve = _load(row[11])
        return RoomRun(
            number=int(row[0]), nickname=row[1], value=_load(row[2]), config=_load(row[3]),
            final={"train_loss": row[4], "train_acc": float(row[5]), "test_loss": row[6],
                   "test_acc": float(row[7]), "iterations": float(row[8]),
                   "epochs": float(row[9])},
            iterations=tuple(curve["iterations"]), losses=tuple(curve["losses"]),
            diverged=bool(row[10]), posted=float(row[12]))

    def board(self, code: str) -> tuple[Room | None, list[Student], list[RoomRun]]:
        with self._tx() as cur:
            room = self._room_row(cur, code)
            if room is None:
                return None, [], []
            students = [self._student(row)
                        for row in cur.execute(SELECT_STUDENTS, (code,)).fetchall()]
            runs = [self._run(row) for row in cur.execute(SELECT_RUNS, (code,)).fetchall()]
        return room, students, runs

    def purge(self, now: float | None = None) -> int:
        now = time.time() if now is None else now
        cutoff = now - 3600 * PURGE_AFTER_HOURS
        with self._tx(write=True) as cur:
            for statement in PURGE:  # the rooms last: their rows say what to delete
                cur.execute(statement, (cutoff,))
            return max(cur.rowcount, 0)
