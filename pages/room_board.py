"""The class experiment's live board (drawn by pages/class_experiment.py in fragments that
refresh every BOARD_SECONDS): counts, accuracy per value, every loss curve (draw_results, the
board scene), the predictions (hidden until the teacher reveals them) and the teacher's
buttons (draw_outcome, the predictions scene)."""

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
from pages.room_store import TEACHER, question_text, room_store
from pages.scenes import MAIN_CHART_HEIGHT

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


def draw_results(code: str) -> None:
    """The room's question, its counts, each student's accuracy and every loss curve. On the
    projector (a scene of its own): the question and counts left, the two charts beside them."""
    tr, lang = shared.tr, shared.lang()
    room, students, runs = room_store().board(code)
    if room is None:
        st.warning(tr("room.gone"), icon="🕰️")
        return
    presenting = shared.presentation()
    if presenting:
        about, left, right = st.columns([3, 4, 4], gap="medium")
    else:
        about = st.container()
    with about:
        if presenting:
            st.markdown(f"**{question_text(room)}**")
        else:
            st.subheader(question_text(room))
        draw_status(room)
        n = counts(students, runs)
        cols = shared.metric_row(3)  # on the projector two and one in the narrow column
        cols[0].metric(tr("room.count.joined"), f"{n.joined:,}")
        cols[1].metric(tr("room.count.predicted"), f"{n.predicted:,}")
        cols[2].metric(tr("room.count.finished"), f"{n.finished:,}")
    values = list(value_names(room, runs, lang).values())
    points = points_frame(room, runs, lang)
    if not runs:
        (left if presenting else st).info(tr("room.board.waiting"), icon="⏳")
        return
    if not presenting:
        left, right = st.columns(2, gap="large")
    with left:
        shared.altair(accuracy_chart(points, medians_frame(points), values,
                                     labels_for("room.accuracy", lang)), main=True, share=0.4)
    curves = curves_chart(curves_frame(room, runs, lang), values, labels_for("room.curves", lang),
                          legend_inside=presenting)
    if presenting:  # as tall as the main chart beside it (one main chart per scene)
        curves = curves.properties(height=MAIN_CHART_HEIGHT)
    with right:
        shared.altair(curves, share=0.4)


def draw_outcome(code: str, token: str) -> None:
    """The class's predictions (hidden until revealed) and the teacher's buttons. On the
    projector (a scene of its own): the tally chart right of the outcome and the buttons."""
    room, students, runs = room_store().board(code)
    if room is None:
        st.warning(shared.tr("room.gone"), icon="🕰️")
        return
    values = list(value_names(room, runs, shared.lang()).values())
    medians = medians_frame(points_frame(room, runs, shared.lang()))
    if shared.presentation():
        left, right = st.columns([2, 3], gap="large")
        with right:
            draw_predictions(room, students, runs, medians, values, text=left)
        with left:
            draw_buttons(room, token, students, runs)
            draw_new_room()
        return
    draw_predictions(room, students, runs, medians, values)
    draw_buttons(room, token, students, runs)


def draw_predictions(room: Room, students, runs, medians, values, text=st) -> None:
    """The tally of predictions once revealed, and what came of them; its sentences go to
    `text` (a column beside the chart on the projector)."""
    tr, lang = shared.tr, shared.lang()
    if room.question.free:
        text.caption(tr("room.tally.free"))
        return
    predicted = sum(s.prediction is not None for s in students)
    if not room.revealed:
        text.info(tr("room.tally.hidden", n=predicted), icon="🙈")
        return
    best = best_value(medians)
    tally = tally_frame(room, students, runs, lang)
    shared.altair(tally_chart(tally, values, best, labels_for("room.tally", lang)), main=True,
                  share=0.6)
    if best is None:
        text.caption(tr("room.tally.no_runs"))
        return
    right = sum(s.prediction is not None and value_label(room.question.setting, s.prediction,
                                                         lang) == best for s in students)
    text.markdown(tr("room.tally.outcome", best=shared.plain(best), right=right, n=predicted))


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



def draw_new_room() -> None:
    """Leave this room (it stays open for its students) for a new room's form."""
    if st.button(shared.tr("room.new_room"), icon="➕", key="_room_new"):
        st.session_state.pop(TEACHER, None)
        st.rerun()


def _guard(action, *args) -> None:
    """A button's callback: a refusal (a stale token) is shown on the next run."""
    try:
        action(*args)
    except RoomError as error:
        st.session_state[ERROR] = error


def show_pending_error() -> None:
    if ERROR in st.session_state:
        shared.show_error(st.session_state.pop(ERROR))
