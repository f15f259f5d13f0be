"""The class experiment's live board (drawn by pages/class_experiment.py in a fragment that
refreshes every BOARD_SECONDS): counts, accuracy per value, every loss curve, the predictions
(hidden until the teacher reveals them), and the teacher's buttons."""

from __future__ import annotations

import time

import streamlit as st

from core.budget import duration_text
from core.charts.classroom import accuracy_chart, curves_chart, tally_chart
from core.charts.labels import labels_for
from core.classroom import (
    best_value,
    counts,
    curves_frame,
    medians_frame,
    points_frame,
    results_csv,
    tally_frame,
)
from core.classroom.board import value_names
from core.classroom.question import value_label
from core.classroom.store import Room
from core.errors import RoomError
from pages import shared
from pages.room_store import question_text, room_store

BOARD_SECONDS = 2.0
ERROR = "_room_board_error"  # a refusal in a button's callback, shown on the next run


def _reveal(code: str, token: str, revealed: bool) -> None:
    room_store().set_revealed(code, token, revealed)


def _close(code: str, token: str) -> None:
    room_store().close(code, token)


def draw_status(room: Room) -> None:
    tr, lang = shared.tr, shared.lang()
    left = room.expires - time.time()
    if room.closed:
        st.caption(tr("room.status.closed"))
    elif left <= 0:
        st.caption(tr("room.status.expired"))
    else:
        st.caption(tr("room.status.open", left=duration_text(left, lang)))


def draw_board(code: str, token: str) -> None:
    """The board of room `code`; `token` (the teacher's) for its buttons."""
    tr, lang = shared.tr, shared.lang()
    room, students, runs = room_store().board(code)
    if room is None:
        st.warning(tr("room.gone"), icon="🕰️")
        return
    st.subheader(question_text(room))
    draw_status(room)
    n = counts(students, runs)
    cols = shared.metric_row(3)
    cols[0].metric(tr("room.count.joined"), f"{n.joined:,}")
    cols[1].metric(tr("room.count.predicted"), f"{n.predicted:,}")
    cols[2].metric(tr("room.count.finished"), f"{n.finished:,}")
    values = list(value_names(room, runs, lang).values())
    points = points_frame(room, runs, lang)
    medians = medians_frame(points)
    if runs:
        # Side by side on a laptop; one under the other on a projector (presentation mode).
        left, right = (st.container(), st.container()) if shared.presentation() else st.columns(
            2, gap="large")
        with left:
            shared.altair(accuracy_chart(points, medians, values, labels_for("room.accuracy", lang)))
        with right:
            shared.altair(curves_chart(curves_frame(room, runs, lang), values,
                                       labels_for("room.curves", lang)))
    else:
        st.info(tr("room.board.waiting"), icon="⏳")
    draw_predictions(room, students, runs, medians, values)
    draw_buttons(room, token, students, runs)


def draw_predictions(room: Room, students, runs, medians, values) -> None:
    tr, lang = shared.tr, shared.lang()
    if room.question.free:
        st.caption(tr("room.tally.free"))
        return
    predicted = sum(s.prediction is not None for s in students)
    if not room.revealed:
        st.info(tr("room.tally.hidden", n=predicted), icon="🙈")
        return
    best = best_value(medians)
    tally = tally_frame(room, students, runs, lang)
    shared.altair(tally_chart(tally, values, best, labels_for("room.tally", lang)))
    if best is None:
        st.caption(tr("room.tally.no_runs"))
        return
    right = sum(s.prediction is not None and value_label(room.question.setting, s.prediction,
                                                         lang) == best for s in students)
    st.markdown(tr("room.tally.outcome", best=shared.plain(best), right=right, n=predicted))


def draw_buttons(room: Room, token: str, students, runs) -> None:
    tr, lang = shared.tr, shared.lang()
    with st.container(horizontal=True):
        if not room.question.free:
            st.button(tr("room.hide") if room.revealed else tr("room.reveal"),
                      icon="🙈" if room.revealed else "🎉", key="_room_reveal",
                      type="secondary" if room.revealed else "primary",
                      on_click=_guard, args=(_reveal, room.code, token, not room.revealed))
        st.download_button(tr("room.export"), icon="⬇️", key="_room_export",
                           data=lambda: results_csv(room, students, runs, lang),  # made on click
                           file_name=f"class-experiment-{room.code}.csv", mime="text/csv",
                           on_click="ignore")
        st.button(tr("room.close"), icon="🔒", key="_room_close", disabled=room.closed,
                  on_click=_guard, args=(_close, room.code, token))



def _guard(action, *args) -> None:
    """A button's callback: a refusal (a stale token) is shown on the next run."""
    try:
        action(*args)
    except RoomError as error:
        st.session_state[ERROR] = error


def show_pending_error() -> None:
    if ERROR in st.session_state:
        shared.show_error(st.session_state.pop(ERROR))
