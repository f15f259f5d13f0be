"""Class experiments: a teacher's room, the students' runs in it, and the board that shows
them all (pure Python; the pages are pages/class_experiment.py and pages/lab_room.py).

codes (room codes and secrets), question (what varies and how values are given out),
post (what a student posts and its checks), store (the interface) with sql, sqlite and
postgres (its backends), limiter (attempts per session), board and export (what the
teacher sees and downloads), qr (the join link as a QR code).
"""

from core.classroom.board import (
    Counts,
    best_value,
    counts,
    curves_frame,
    medians_frame,
    points_frame,
    tally_frame,
)
from core.classroom.codes import CODE_BITS, normalise_code, shown_code
from core.classroom.export import results_csv
from core.classroom.limiter import AttemptLimiter
from core.classroom.post import MAX_CURVE_POINTS, MAX_NICKNAME, RunPost, check_post, run_post
from core.classroom.question import DEFAULT_VALUES, MODES, NUMERIC, VARIED, Question, parse_values
from core.classroom.store import (
    DEFAULT_HOURS,
    MAX_HOURS,
    MAX_STUDENTS,
    Room,
    RoomRun,
    RoomStore,
    Student,
    store_from_env,
)

__all__ = [
    "CODE_BITS", "Counts", "DEFAULT_HOURS", "DEFAULT_VALUES", "MAX_CURVE_POINTS", "MAX_HOURS",
    "MAX_NICKNAME", "MAX_STUDENTS", "MODES", "NUMERIC", "Question", "Room", "RoomRun",
    "RoomStore", "RunPost", "Student", "VARIED", "AttemptLimiter", "best_value", "check_post",
    "counts", "curves_frame", "medians_frame", "normalise_code", "parse_values", "points_frame",
    "results_csv", "run_post", "shown_code", "store_from_env", "tally_frame",
]
