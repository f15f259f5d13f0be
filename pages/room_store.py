"""What the class-experiment pages share: the process's one room store, the limit on join
attempts per browser session, and the links a room is reached by."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

import streamlit as st

from core.classroom import AttemptLimiter, Room, RoomStore, store_from_env
from core.classroom.store import DATABASE_PATH_ENV, DATABASE_URL_ENV
from core.errors import RoomError
from pages import shared

LAB_ADDRESS, BOARD_ADDRESS = "training-lab", "class-experiment"  # streamlit_app.LESSONS
TEACHER = "_room_teacher"  # (code, token) of the room this session leads
QUESTION_KEYS = {"learning_rate": "room.ask.learning_rate", "batch_size": "room.ask.batch_size",
                 "activation": "room.ask.activation", "loss": "room.ask.loss",
                 "hidden_size": "room.ask.hidden_size", "free": "room.ask.free"}
PUBLIC_URL_ENV = "LFD_PUBLIC_URL"  # the address students reach the app at, if not the teacher's
# One per process, shared by every session (its state is a few numbers per session).
LIMITER = AttemptLimiter()


@st.cache_resource(max_entries=2, show_spinner=False)
def _store(url: str, path: str) -> RoomStore:
    return store_from_env({DATABASE_URL_ENV: url, DATABASE_PATH_ENV: path})


def room_store() -> RoomStore:
    """The store every session of this process shares (SQLite, or PostgreSQL if configured)."""
    return _store(os.environ.get(DATABASE_URL_ENV, ""), os.environ.get(DATABASE_PATH_ENV, ""))


def session_key() -> str:
    """This browser session's id: what attempts are counted against."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    return getattr(ctx, "session_id", None) or "no-session"


def limited(attempt: Callable[[], Any]) -> Any:
    """Run `attempt` (a look-up by code or secret) unless this session failed too often
    lately; a RoomError counts as a failure and propagates."""
    key = session_key()
    wait = LIMITER.wait_seconds(key)
    if wait > 0:
        raise RoomError("err.room.too_many", seconds=int(wait) + 1)
    try:
        return attempt()
    except RoomError:
        LIMITER.failed(key)
        raise


def app_url() -> str:
    """The app's address ("https://school.example/lfd"), or "" when unknown (then links are
    relative). LFD_PUBLIC_URL wins: a teacher at http://localhost needs the address the
    students' devices reach."""
    public = os.environ.get(PUBLIC_URL_ENV, "").strip().rstrip("/")
    if public:
        return public
    try:
        url = st.context.url or ""
    except Exception:  # noqa: BLE001 - no browser context (AppTest, a bare run)
        url = ""
    for address in (BOARD_ADDRESS, LAB_ADDRESS):
        url = url.rstrip("/").removesuffix(f"/{address}")
    return url.rstrip("/")


def link(address: str, **query: str) -> str:
    return f"{app_url()}/{address}?{urlencode(query)}"



def question_text(room: Room) -> str:
    """The room's question in the user's language ("Which learning rate ...?")."""
    return shared.tr(QUESTION_KEYS[room.question.setting])


def data_key() -> dict[str, Any]:
    """The sidebar's data set as a room records it (a student's lab switches to it)."""
    name, seed, fraction, noise, points = shared.dataset_key()
    return {"dataset": name, "seed": seed, "test_fraction": fraction, "noise": noise,
            "n_points": points}
