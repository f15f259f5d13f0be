"""A whole class at once: 30 students post their runs (200-point curves) in the same second
while the board keeps refreshing; every refresh (read the room, build the frames and the three
charts' specs, as the board's fragment does) stays under 2 s, on SQLite and on PostgreSQL.

The issue's acceptance figure is 2 s; on this 2-core machine a refresh during the burst takes
tens of milliseconds, so the bound has a wide margin for a slower CI machine.
"""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import altair as alt

from core.charts.classroom import accuracy_chart, curves_chart, tally_chart
from core.charts.labels import labels_for
from core.classroom import (
    Question,
    best_value,
    curves_frame,
    medians_frame,
    points_frame,
    store_from_env,
    tally_frame,
)
from core.classroom.board import value_names
from tests.classroom.rooms import CONFIG, DATA, post_for

STUDENTS = 30
BOARD_LIMIT_SECONDS = 2.0


def refresh(store, code: str, lang: str = "en") -> int:
    """What one tick of the board does; returns how many runs it showed."""
    room, students, runs = store.board(code)
    values = list(value_names(room, runs, lang).values())
    points = points_frame(room, runs, lang)
    medians = medians_frame(points)
    with alt.data_transformers.disable_max_rows():
        accuracy_chart(points, medians, values, labels_for("room.accuracy", lang)).to_dict()
        curves_chart(curves_frame(room, runs, lang), values,
                     labels_for("room.curves", lang)).to_dict()
        tally_chart(tally_frame(room, students, runs, lang), values, best_value(medians),
                    labels_for("room.tally", lang)).to_dict()
    return len(runs)


def test_30_students_post_at_once_and_the_board_refreshes_within_2_s(backend) -> None:
    store = store_from_env(backend)
    question = Question("learning_rate", "assigned", (0.01, 0.1, 1.0, 10.0))
    room, _ = store.create_room(question, CONFIG, DATA)
    seats = [store.join(room.code, f"student {i}") for i in range(STUDENTS)]
    start = threading.Barrier(STUDENTS + 1)

    def post(i: int) -> None:
        student, seat = seats[i]
        start.wait()
        store.post(room.code, seat, post_for(student.value, acc=0.5 + i / 100, points=200))

    durations = []
    with ThreadPoolExecutor(max_workers=STUDENTS) as pool:
        done = [pool.submit(post, i) for i in range(STUDENTS)]
        start.wait()
        while not all(f.done() for f in done):
            t0 = time.perf_counter()
            refresh(store, room.code)
            durations.append(time.perf_counter() - t0)
        for future in done:
            future.result()
    t0 = time.perf_counter()
    shown = refresh(store, room.code)
    durations.append(time.perf_counter() - t0)
    print(f"\n{backend}: {len(durations)} refreshes, slowest {max(durations) * 1000:.0f} ms")
    assert shown == STUDENTS
    assert max(durations) < BOARD_LIMIT_SECONDS
