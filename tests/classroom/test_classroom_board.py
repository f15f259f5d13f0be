"""What the board shows and the teacher downloads, without Streamlit: the frames, the charts
(titles, axis labels, tooltips, Okabe-Ito colours), the results CSV, the QR code, the typed
list of values, and the limit on attempts."""

from __future__ import annotations

import io
import json

import altair as alt
import pandas as pd
import pytest

from core.charts.classroom import accuracy_chart, curves_chart, tally_chart
from core.charts.labels import labels_for
from core.charts.theme import OKABE_ITO
from core.classroom import (
    AttemptLimiter,
    Counts,
    Question,
    Room,
    RoomRun,
    Student,
    best_value,
    counts,
    curves_frame,
    medians_frame,
    parse_values,
    points_frame,
    results_csv,
    tally_frame,
)
from core.classroom.board import value_names
from core.classroom.qr import qr_svg
from core.errors import RoomError

QUESTION = Question("learning_rate", "assigned", (0.01, 0.1, 1.0))
ROOM = Room(code="K7QXM2B", question=QUESTION, config={"dataset": "digits", "seed": 0},
            data={"dataset": "digits"}, created=0.0, expires=3600.0, closed=False,
            revealed=True, joined=5)


def student(number: int, value: float, prediction: float | None, nickname: str = "") -> Student:
    return Student(number, nickname or f"s{number}", value, prediction, 0.0, True)


def run(number: int, value: float, acc: float, nickname: str = "") -> RoomRun:
    return RoomRun(number, nickname or f"s{number}", value, {"learning_rate": value},
                   {"test_acc": acc, "train_acc": acc + 0.01, "test_loss": 0.3,
                    "train_loss": 0.2, "iterations": 10.0, "epochs": 1.0},
                   (1, 2, 3), (2.0, 1.0, None), False, 60.0)


STUDENTS = [student(1, 0.01, 1.0), student(2, 0.1, 1.0), student(3, 1.0, 0.1),
            student(4, 0.01, None), student(5, 1.0, 1.0, "=HYPERLINK(\"x\")")]
RUNS = [run(1, 0.01, 0.20), run(2, 0.1, 0.85), run(3, 1.0, 0.95), run(5, 1.0, 0.93)]


def test_the_board_frames() -> None:
    assert counts(STUDENTS, RUNS) == Counts(joined=5, predicted=4, finished=4)
    assert list(value_names(ROOM, RUNS, "zh").values()) == ["0.01", "0.1", "1"]
    points = points_frame(ROOM, RUNS, "en")
    assert list(points["test_acc"]) == pytest.approx([20.0, 85.0, 95.0, 93.0])
    medians = medians_frame(points)
    assert list(medians["test_acc"]) == pytest.approx([20.0, 85.0, 94.0])
    assert list(medians["runs"]) == [1, 1, 2] and best_value(medians) == "1"
    tally = tally_frame(ROOM, STUDENTS, RUNS, "en")
    assert list(tally["votes"]) == [0, 1, 3]  # every value listed, zero included
    curves = curves_frame(ROOM, RUNS, "en")
    assert len(curves) == 12 and curves["loss"].isna().sum() == 4  # a missing loss is a gap
    assert best_value(medians_frame(points_frame(ROOM, [], "en"))) is None


def _spec(chart) -> dict:
    with alt.data_transformers.disable_max_rows():
        return chart.to_dict()


def _tooltips(spec: dict) -> list[str]:
    found = []
    for layer in spec.get("layer", [spec]):
        found += [t["title"] for t in layer["encoding"].get("tooltip", [])]
    return found


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_charts_say_what_they_show(lang: str) -> None:
    points = points_frame(ROOM, RUNS, lang)
    values = list(value_names(ROOM, RUNS, lang).values())
    acc = _spec(accuracy_chart(points, medians_frame(points), values,
                               labels_for("room.accuracy", lang)))
    labels = labels_for("room.accuracy", lang)
    assert acc["title"] == labels["title"]
    dots = acc["layer"][1]["encoding"]  # drawn over the medians
    assert dots["x"]["title"] == labels["x"] and dots["y"]["title"] == labels["y"]
    assert dots["color"]["scale"]["range"][:3] == list(OKABE_ITO[:3])
    assert labels["student"] in _tooltips(acc) and labels["median"] in _tooltips(acc)
    curves = _spec(curves_chart(curves_frame(ROOM, RUNS, lang), values,
                                labels_for("room.curves", lang)))
    assert curves["title"] == labels_for("room.curves", lang)["title"]
    assert curves["encoding"]["detail"]["field"] == "number"
    tally = _spec(tally_chart(tally_frame(ROOM, STUDENTS, RUNS, lang), values, "1",
                              labels_for("room.tally", lang)))
    marks = [row["mark"] for row in next(iter(tally["datasets"].values()))]
    assert marks == ["", "", labels_for("room.tally", lang)["best"]]


def test_the_results_csv() -> None:
    data = results_csv(ROOM, STUDENTS, RUNS, "en")
    assert data.startswith(b"\xef\xbb\xbf")  # a BOM: spreadsheets read Chinese names right
    table = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", dtype={"prediction": str})
    assert list(table["student"]) == [1, 2, 3, 4, 5]
    assert table.loc[3, "test_acc"] != table.loc[3, "test_acc"]  # student 4 has not finished
    assert table.loc[4, "nickname"] == "'=HYPERLINK(\"x\")"  # never run as a formula
    assert list(table["prediction"].fillna("")) == ["1", "1", "0.1", "", "1"]


def test_the_qr_code_is_an_svg_of_the_link() -> None:
    svg = qr_svg("https://school.example/training-lab?room=K7QXM2B")
    assert svg.startswith("<svg") and "path" in svg
    with pytest.raises(ValueError):
        qr_svg("x" * 2000)


def test_typed_values() -> None:
    assert parse_values("learning_rate", "10, 0.01；0.1  1") == (0.01, 0.1, 1.0, 10.0)
    assert parse_values("batch_size", "100,10,10") == (10, 100)
    for text in ("0.1", "0.1, abc", "0.1, nan", "0.1, inf", "0, 1", "1, 2.5e9", "1," * 200):
        with pytest.raises(RoomError):
            parse_values("learning_rate" if "e9" not in text else "batch_size", text)
    assert json.loads(QUESTION.to_json())["values"] == [0.01, 0.1, 1.0]


def test_attempts_are_limited_per_session() -> None:
    now = [0.0]
    limiter = AttemptLimiter(max_attempts=3, window=60, max_keys=2, clock=lambda: now[0])
    for _ in range(3):
        assert limiter.wait_seconds("a") == 0
        limiter.failed("a")
    assert limiter.wait_seconds("a") == pytest.approx(60) and limiter.wait_seconds("b") == 0
    now[0] = 61.0
    assert limiter.wait_seconds("a") == 0
    for key in ("b", "c", "d"):  # a bounded memory: the oldest session is forgotten
        limiter.failed(key)
    assert len(limiter._failures) == 2
