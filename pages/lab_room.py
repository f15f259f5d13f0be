"""The student's side of a class experiment, inside the training lab.

pages/training_lab.py calls adopt_from_url (a seat in the link, before any scene is drawn)
and three functions: room_panel (join with a code or the teacher's link, then see the
question, your value, the settings everyone keeps, and predict),
room_config (the settings the room imposes on the lab's until your run is posted) and
post_if_finished (your run, once, when it ends). A seat's secret travels in the address
(?room=CODE&seat=...), so a reload puts the student back in the same seat.
"""

from __future__ import annotations

import time
import weakref
from functools import partial
from typing import Any

import streamlit as st

from core.classroom import MAX_NICKNAME, Room, Student, normalise_code, run_post, shown_code
from core.classroom.post import check_fits_room, check_nickname
from core.classroom.question import settings_text, value_label
from core.errors import RoomError
from core.lab import LabSession
from pages import shared
from pages.lab_controls import (
    ALL,
    FOLLOW,
    LR_PRESETS,
    MAX_SEED,
    SETTING_KEYS,
    TRAIN_SIZES,
    P,
    lab_config,
    over_budget,
    set_controls,
)
from pages.room_store import data_key, limited, question_text, room_store

ROOM = "_room"  # (code, seat) while this session sits in a room
ERROR = "_room_error"  # a refusal in a callback, shown on the next run
TRIED = "_room_tried"  # a weak reference to the run last posted (each run is tried once)
URL_READ = "_room_url_read"
CODE_INPUT, NICKNAME = "_room_code_input", "_room_nickname"
DATA_KEYS = {"dataset": shared.DATASET, "seed": shared.SEED,
             "test_fraction": shared.TEST_FRACTION, "noise": shared.NOISE,
             "n_points": shared.N_POINTS}


def membership() -> tuple[Room, Student, str] | None:
    """(room, this student, their seat) while in a room that still exists."""
    held = st.session_state.get(ROOM)
    if held is None:
        return None
    code, seat = held
    store = room_store()
    room, student = store.room(code), store.student(code, seat)
    if room is None or student is None:  # purged
        st.session_state.pop(ROOM, None)
        return None
    return room, student, seat


def imposed(room: Room, student: Student) -> dict[str, Any]:
    """The room's settings with this student's value, and a seed of their own (so the class
    also sees how much chance alone moves a result)."""
    config = dict(room.config)
    if not room.question.free:
        config[room.question.setting] = student.value
    config["seed"] = (int(room.config.get("seed") or 0) + student.number) % (MAX_SEED + 1)
    return config


def room_config(config: dict[str, Any]) -> dict[str, Any]:
    """The config the lab trains: the room's while this student has a run to post."""
    held = membership()
    if held is None:
        return config
    room, student, _ = held
    if room.question.free or student.posted or not room.open_at(time.time()):
        return config
    return {**config, **imposed(room, student)}


# ------------------------------------------------------------------ callbacks
def use_room_settings(room: Room, student: Student) -> None:
    """Callback: the sidebar's data and the lab's widgets show the room's settings (values a
    widget cannot show are still trained: room_config imposes them)."""
    s = st.session_state
    for name, key in DATA_KEYS.items():
        if room.data.get(name) is not None:
            s[key] = room.data[name]
    config = imposed(room, student) if not room.question.free else dict(room.config)
    shown = {k: v for k, v in config.items() if k in SETTING_KEYS
             and (k != "learning_rate" or v in LR_PRESETS)}
    set_controls(shown)
    s.setdefault(FOLLOW, set()).difference_update({f"{P}seed", f"{P}epochs"})
    size = config.get("train_size")
    if size is None or size in TRAIN_SIZES:
        s[f"{P}train"] = ALL if size is None else size


def _join() -> None:
    s = st.session_state
    try:
        nickname = check_nickname(s.get(NICKNAME, ""))

        def attempt() -> tuple[str, Student, str]:
            code = normalise_code(s.get(CODE_INPUT, ""))
            if code is None:
                raise RoomError("err.room.code")
            return (code, *room_store().join(code, nickname))

        code, student, seat = limited(attempt)
    except RoomError as error:
        s[ERROR] = error
        return
    s[ROOM] = (code, seat)
    st.query_params["room"], st.query_params["seat"] = code, seat
    use_room_settings(room_store().room(code), student)


def _leave() -> None:
    for key in (ROOM, TRIED):
        st.session_state.pop(key, None)
    for key in ("room", "seat"):
        if key in st.query_params:
            del st.query_params[key]


def _seat_call(action: str, code: str, seat: str, key: str) -> None:
    """Callback: store the student's chosen value or prediction (a widget's new value)."""
    try:
        getattr(room_store(), action)(code, seat, st.session_state[key])
        if action == "choose":
            room, student, _ = membership()
            use_room_settings(room, student)
    except RoomError as error:
        st.session_state[ERROR] = error


def adopt_from_url() -> None:
    """Once per session: ?room=CODE&seat=SEAT (a reload) puts the student back in their seat."""
    s, query = st.session_state, st.query_params
    if s.get(URL_READ) or ROOM in s:
        return
    s[URL_READ] = True
    code, seat = normalise_code(query.get("room", "")), query.get("seat", "")
    if code is not None:
        s.setdefault(CODE_INPUT, code)
    if code is None or not seat:
        return

    def attempt() -> None:
        if room_store().student(code, seat) is None:
            raise RoomError("err.room.seat")

    try:
        limited(attempt)
        s[ROOM] = (code, seat)
    except RoomError as error:
        s[ERROR] = error


# ------------------------------------------------------------------ the panel
def draw_join_box() -> None:
    tr = shared.tr
    with st.expander(tr("room.join.title"), icon="🏫", expanded=CODE_INPUT in st.session_state):
        left, right = st.columns(2)
        left.text_input(tr("room.join.code"), key=CODE_INPUT, max_chars=12,
                        placeholder="K7Q XM2B")
        right.text_input(tr("room.join.nickname"), key=NICKNAME, max_chars=MAX_NICKNAME,
                         help=tr("room.join.nickname_help", most=MAX_NICKNAME))
        st.button(tr("room.join.button"), icon="🚪", type="primary", key="_room_join",
                  on_click=_join)


def draw_choices(room: Room, student: Student, seat: str) -> None:
    """The value (in "choice" mode) and the prediction, until the run is posted."""
    tr, lang = shared.tr, shared.lang()
    question = room.question

    def label(v: Any) -> str:
        return value_label(question.setting, v, lang)

    if question.mode == "choice":
        key = f"_room_value_{room.code}"
        st.session_state.setdefault(key, student.value)
        shared.select(st, tr("room.your_choice"), question.values, key=key, format_func=label,
                      on_change=partial(_seat_call, "choose", room.code, seat, key))
    key = f"_room_prediction_{room.code}"
    st.session_state.setdefault(key, student.prediction)  # after a reload too
    shared.localized(st.radio, tr("room.predict"), question.values, key=key, index=None,
                     horizontal=True, format_func=label, help=tr("room.predict_help"),
                     on_change=partial(_seat_call, "predict", room.code, seat, key))
    if student.prediction is not None:
        st.caption(tr("room.predicted", value=shared.plain(label(student.prediction))))


def draw_room(room: Room, student: Student, seat: str, session: LabSession, dataset) -> None:
    tr, lang = shared.tr, shared.lang()
    setting = room.question.setting
    with st.container(border=True, key="room_panel"):
        who = shared.plain(student.nickname) or f"#{student.number}"
        st.markdown(tr("room.panel.title", code=shown_code(room.code), who=who,
                       number=student.number))
        st.markdown(f"**{question_text(room)}**")
        if not room.question.free:
            st.markdown(tr("room.your_value",
                           value=shared.plain(value_label(setting, student.value, lang))))
        st.caption(tr("room.fixed_student", seed=imposed(room, student)["seed"],
                      settings=shared.plain(settings_text(room.config, setting, lang))))
        open_now = room.open_at(time.time())
        if not room.question.free and not student.posted and open_now:
            draw_choices(room, student, seat)
        if data_key() != room.data:
            st.warning(tr("room.other_data"), icon="🗂️")
            st.button(tr("room.use_data"), key="_room_use_data", on_click=use_room_settings,
                      args=(room, student))
        if student.posted:
            st.success(tr("room.posted"), icon="📮")
        elif not open_now:
            st.warning(tr("room.closed_now"), icon="🔒")
        elif session.running:
            st.caption(tr("room.training"))
        else:
            refusal = over_budget(room_config(lab_config()), dataset)
            st.caption(refusal or tr("room.press_train"))
        st.button(tr("room.leave"), key="_room_leave", on_click=_leave)


def room_panel(session: LabSession, dataset, *, join_box: bool = True) -> None:
    """At the top of the lab: the join box (unless `join_box` is False: the projector has no
    room for it), or the room this student sits in."""
    adopt_from_url()
    if ERROR in st.session_state:
        shared.show_error(st.session_state.pop(ERROR))
    held = membership()
    if held is None:
        if join_box:
            draw_join_box()
        return
    draw_room(*held, session, dataset)


def post_if_finished(session: LabSession) -> None:
    """Post this student's run to the board once, when a run of the room's settings ends."""
    held = membership()
    run = session.run
    if held is None or run is None or not run.ended:
        return
    room, student, seat = held
    tried = st.session_state.get(TRIED)
    if student.posted or (tried is not None and tried() is run):
        return
    if (not room.open_at(time.time()) or data_key() != room.data
            or run.config.get("dataset") != room.dataset):
        return
    config = {**run.config, "dataset": room.dataset}
    try:  # a run of other settings (a key experiment, say) is not this student's answer
        check_fits_room(config, room.config, room.question.setting, student.value)
    except RoomError:
        return
    st.session_state[TRIED] = weakref.ref(run)
    try:
        room_store().post(room.code, seat, run_post(run.trainer, config))
    except RoomError as error:
        shared.show_error(error)
        return
    st.rerun()  # the panel above, drawn before the post, now says it is on the board
