"""A room's results as CSV for the teacher's spreadsheet: one row per student who joined,
their value, prediction and (once posted) their run's figures and settings."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timezone

import pandas as pd

from core.classroom.post import FIXED_SETTINGS
from core.classroom.question import value_label
from core.classroom.store import Room, RoomRun, Student

SETTINGS = (*FIXED_SETTINGS, "batch_size", "train_size", "seed")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(text: str) -> str:
    """Text a spreadsheet shows as text, never runs as a formula (CSV injection)."""
    return f"'{text}" if text.startswith(_FORMULA_START) else text


def _utc(seconds: float) -> str:
    return datetime.fromtimestamp(seconds, tz=timezone.utc).strftime("%Y-%m-%d %H:%M:%S")


def results_csv(room: Room, students: Sequence[Student], runs: Sequence[RoomRun],
                lang: str) -> bytes:
    """UTF-8 CSV with a BOM (so spreadsheet programs read the Chinese names right)."""
    setting = room.question.setting
    by_number = {r.number: r for r in runs}
    rows = []
    for student in students:
        run = by_number.get(student.number)
        value = run.value if run is not None else student.value
        row = {"room": room.code, "student": student.number,
               "nickname": _cell(student.nickname), "setting": setting,
               "value": "" if value is None else value_label(setting, value, lang),
               "prediction": "" if student.prediction is None
               else value_label(setting, student.prediction, lang),
               "joined_utc": _utc(student.joined)}
        if run is not None:
            row.update({key: run.final.get(key) for key in
                        ("test_acc", "train_acc", "test_loss", "train_loss")})
            row.update(iterations_done=run.final.get("iterations"),
                       epochs_done=run.final.get("epochs"))
            row.update(diverged=run.diverged, posted_utc=_utc(run.posted))
            row.update({key: run.config.get(key) for key in SETTINGS})
        rows.append(row)
    columns = ["room", "student", "nickname", "setting", "value", "prediction", "joined_utc",
               "test_acc", "train_acc", "test_loss", "train_loss", "iterations_done",
               "epochs_done", "diverged", "posted_utc", *SETTINGS]
    return pd.DataFrame(rows, columns=columns).to_csv(index=False).encode("utf-8-sig")
