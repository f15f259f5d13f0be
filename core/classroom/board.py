"""What the projector shows, as tables: how many joined, predicted and finished; each run's
test accuracy against its value and the median per value; every loss curve; the predictions.

Values are named in the viewer's language and ordered as the teacher listed them (numbers
increasing), so every chart gives a value the same place and the same colour.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from core.classroom.question import value_label
from core.classroom.store import Room, RoomRun, Student


@dataclass(frozen=True)
class Counts:
    joined: int
    predicted: int
    finished: int


def counts(students: Sequence[Student], runs: Sequence[RoomRun]) -> Counts:
    return Counts(joined=len(students),
                  predicted=sum(s.prediction is not None for s in students),
                  finished=len(runs))


def _key(value: Any) -> str:
    return json.dumps(value, sort_keys=True)


def value_names(room: Room, runs: Sequence[RoomRun], lang: str) -> dict[str, str]:
    """{value key: label} in board order: the teacher's values, then any others (free mode)
    by label."""
    setting = room.question.setting
    names = {_key(v): value_label(setting, v, lang) for v in room.question.values}
    others = {_key(r.value): value_label(setting, r.value, lang) for r in runs}
    for key, label in sorted(others.items(), key=lambda item: item[1]):
        names.setdefault(key, label)
    return names


def points_frame(room: Room, runs: Sequence[RoomRun], lang: str) -> pd.DataFrame:
    """One row per run: student, value label and order, accuracies in percent."""
    names = value_names(room, runs, lang)
    order = {key: i for i, key in enumerate(names)}
    rows = [{"number": r.number, "nickname": r.nickname or f"#{r.number}",
             "value": names[_key(r.value)], "order": order[_key(r.value)],
             "test_acc": 100 * float(r.final["test_acc"]),
             "train_acc": 100 * float(r.final["train_acc"]),
             "test_loss": r.final.get("test_loss"), "diverged": r.diverged} for r in runs]
    columns = ["number", "nickname", "value", "order", "test_acc", "train_acc", "test_loss",
               "diverged"]
    return pd.DataFrame(rows, columns=columns)


def medians_frame(points: pd.DataFrame) -> pd.DataFrame:
    """The median test accuracy per value and how many runs it is the median of."""
    if points.empty:
        return pd.DataFrame(columns=["value", "order", "test_acc", "runs"])
    grouped = points.groupby(["order", "value"], as_index=False)
    return grouped.agg(test_acc=("test_acc", "median"), runs=("number", "size"))[
        ["value", "order", "test_acc", "runs"]]


def best_value(medians: pd.DataFrame) -> str | None:
    """The value with the highest median test accuracy (None before the first run)."""
    if medians.empty:
        return None
    return str(medians.sort_values(["test_acc", "order"], ascending=[False, True])
               .iloc[0]["value"])


def curves_frame(room: Room, runs: Sequence[RoomRun], lang: str) -> pd.DataFrame:
    """Every run's thinned loss curve, long form (one row per point)."""
    names = value_names(room, runs, lang)
    order = {key: i for i, key in enumerate(names)}
    frames = [pd.DataFrame({"number": r.number, "nickname": r.nickname or f"#{r.number}",
                            "value": names[_key(r.value)], "order": order[_key(r.value)],
                            "iteration": list(r.iterations),
                            "loss": pd.array(list(r.losses), dtype="Float64")})
              for r in runs if r.iterations]
    if not frames:
        return pd.DataFrame(columns=["number", "nickname", "value", "order", "iteration", "loss"])
    out = pd.concat(frames, ignore_index=True)
    out["loss"] = out["loss"].astype("float64")  # a missing loss (diverged) is a gap
    return out


def tally_frame(room: Room, students: Sequence[Student], runs: Sequence[RoomRun],
                lang: str) -> pd.DataFrame:
    """How many students predicted each value (every value listed, zero included)."""
    names = value_names(room, runs, lang)
    votes = Counter(_key(s.prediction) for s in students if s.prediction is not None)
    return pd.DataFrame([{"value": names[_key(v)], "order": i, "votes": votes.get(_key(v), 0)}
                         for i, v in enumerate(room.question.values)],
                        columns=["value", "order", "votes"])
