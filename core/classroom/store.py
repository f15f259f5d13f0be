"""Where class experiments live: rooms, the students who joined, the runs they posted.

RoomStore is what the pages call; core.classroom.sql implements it once in SQL for two
backends: SQLite (the default, one file: a single app process such as Community Cloud) and
PostgreSQL (LFD_DATABASE_URL: several app replicas of a school server share one database).
"""

from __future__ import annotations

import os
import tempfile
from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from core.classroom.post import RunPost
from core.classroom.question import Question

MAX_STUDENTS = 200  # a room takes this many students, so at most this many runs
MAX_HOURS = 72.0  # the longest a teacher can keep a room open
DEFAULT_HOURS = 3.0
PURGE_AFTER_HOURS = 24.0  # an expired room's results stay this long for a late export
DATABASE_URL_ENV, DATABASE_PATH_ENV = "LFD_DATABASE_URL", "LFD_ROOMS_DB"


@dataclass(frozen=True)
class Room:
    """A class experiment: the question, the settings every run keeps, the data set."""

    code: str
    question: Question
    config: dict[str, Any]  # the teacher's lab settings when the room was made
    data: dict[str, Any]  # the sidebar's data key (name, seed, test fraction, noise, points)
    created: float
    expires: float
    closed: bool
    revealed: bool
    joined: int

    def open_at(self, now: float) -> bool:
        return not self.closed and now < self.expires

    @property
    def dataset(self) -> str:
        return str(self.config.get("dataset"))


@dataclass(frozen=True)
class Student:
    """One seat in a room (the secret that identifies it stays with the student)."""

    number: int  # 1, 2, ... in the order they joined
    nickname: str
    value: Any  # assigned or chosen (None in free mode)
    prediction: Any
    joined: float
    posted: bool


@dataclass(frozen=True)
class RoomRun:
    """A posted run, as the board shows it."""

    number: int
    nickname: str
    value: Any
    config: dict[str, Any]
    final: dict[str, float | None]
    iterations: tuple[int, ...]
    losses: tuple[float | None, ...]
    diverged: bool
    posted: float


class RoomStore(ABC):
    """Rooms, students and runs; every call is one transaction; RoomError on a refusal."""

    @abstractmethod
    def schema_version(self) -> int: ...

    @abstractmethod
    def create_room(self, question: Question, config: Mapping[str, Any],
                    data: Mapping[str, Any], hours: float = DEFAULT_HOURS,
                    now: float | None = None) -> tuple[Room, str]:
        """A new room and the teacher's token (shown once; the store keeps its digest)."""

    @abstractmethod
    def room(self, code: str) -> Room | None: ...

    @abstractmethod
    def teacher_room(self, code: str, token: str) -> Room | None:
        """The room if `token` is its teacher's, else None."""

    @abstractmethod
    def set_revealed(self, code: str, token: str, revealed: bool) -> None: ...

    @abstractmethod
    def close(self, code: str, token: str) -> None: ...

    @abstractmethod
    def join(self, code: str, nickname: str = "", now: float | None = None
             ) -> tuple[Student, str]:
        """A new seat: the student and their secret seat id (for every later call)."""

    @abstractmethod
    def student(self, code: str, seat: str) -> Student | None: ...

    @abstractmethod
    def choose(self, code: str, seat: str, value: Any, now: float | None = None) -> None:
        """In "choice" mode, the student's value (until they post)."""

    @abstractmethod
    def predict(self, code: str, seat: str, value: Any, now: float | None = None) -> None:
        """The value the student expects to win (until they post)."""

    @abstractmethod
    def post(self, code: str, seat: str, post: RunPost, now: float | None = None) -> RoomRun:
        """The student's finished run, once."""

    @abstractmethod
    def board(self, code: str) -> tuple[Room | None, list[Student], list[RoomRun]]:
        """Everything the board shows, read in one transaction."""

    @abstractmethod
    def purge(self, now: float | None = None) -> int:
        """Forget rooms expired more than PURGE_AFTER_HOURS ago; how many were dropped."""


def default_path() -> Path:
    """The SQLite file: in the temporary directory, which a hosted app may write."""
    return Path(tempfile.gettempdir()) / "learning-from-data" / "rooms.sqlite3"


def store_from_env(env: Mapping[str, str] | None = None) -> RoomStore:
    """PostgreSQL when LFD_DATABASE_URL is set, else SQLite at LFD_ROOMS_DB or default_path()."""
    env = os.environ if env is None else env
    url = env.get(DATABASE_URL_ENV, "").strip()
    if url:
        from core.classroom.postgres import PostgresRoomStore

        return PostgresRoomStore(url)
    from core.classroom.sqlite import SqliteRoomStore

    return SqliteRoomStore(Path(env.get(DATABASE_PATH_ENV) or default_path()))
