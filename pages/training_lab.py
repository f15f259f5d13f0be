"""The training lab: set the knobs, press Train, watch the loss, gradient and accuracy move.

UI only. The controls (pages.lab_controls) make one config dict; a button's callback records
which was pressed, and the page turns it into one call on this session's core.lab.LabSession
(train, step_epoch, pause, resume, reset, start_experiment). Training advances inside a
fragment that reruns on a timer while a run is going, a bounded slice of time per tick, so
the page stays responsive; the views (pages.lab_views) draw what the session holds.
"""

from __future__ import annotations

import time
from typing import Any

import streamlit as st

from core.errors import LearningError
from core.lab import LabSession, Status
from core.training import validate_config
from pages import shared
from pages.lab_controls import (
    LOG,
    P,
    auto_epochs,
    draw_controls,
    draw_preset,
    lab_config,
    over_budget,
    params,
    prepare_state,
    save_state,
)
from pages.lab_room import post_if_finished, room_config, room_panel
from pages.lab_views import (
    draw_after_training,
    draw_comparison,
    draw_diagnosis,
    draw_experiments,
    draw_exports,
    draw_live,
    lab_session,
)

TICK_SECONDS = 0.4  # the fragment reruns this often while training: >= 2 chart refreshes/s
STEP_BUDGET = 0.36  # seconds of training between two redraws of the charts (a redraw: ~20 ms)
LOOP_SECONDS = 8.0  # a timer rerun trains and redraws for at most this long, then yields
ACTION = "_lab_action"  # the run button pressed, handled before anything is drawn
REFUSED = "_lab_refused"  # why the last Train was refused (over the compute budget), shown once


def _request(action: str) -> None:
    st.session_state[ACTION] = action


def handle_action(session: LabSession, dataset) -> None:
    """Apply the button pressed (set by its callback) so the whole run sees the new state."""
    action = st.session_state.pop(ACTION, None)
    if action is None:
        return
    new_run = action == "train" or (action == "step" and (session.run is None or session.run.ended))
    config = room_config(lab_config())  # in a class experiment, the room's settings
    refusal = over_budget(config, dataset) if new_run else None
    if refusal is not None:  # a shared server: no run that would hold a core for long
        st.session_state[REFUSED] = refusal
    elif action.startswith("exp:"):
        session.start_experiment(action[4:], config, dataset)
    elif action == "train":
        session.train(config, dataset)
    elif action == "step":
        session.step_epoch(config, dataset)
    elif action in ("pause", "resume", "reset"):
        getattr(session, action)()


def draw_run_controls(session: LabSession, dataset) -> None:
    tr = shared.tr
    status = session.status
    buttons = (("train", "lab.train", "▶️", False),
               ("pause", "lab.pause", "⏸️", status != Status.RUNNING),
               ("resume", "lab.resume", "⏯️", status != Status.PAUSED),
               ("step", "lab.step_epoch", "⏭️", status == Status.RUNNING),
               ("reset", "lab.reset", "🔄", session.run is None))
    # A wrapping row of buttons as wide as their labels: fixed columns cut "Step one epoch"
    # to "Step one ep…" at 1280 px, and more so with presentation mode's larger type.
    with st.container(horizontal=True, vertical_alignment="center"):
        for action, key, icon, disabled in buttons:
            st.button(tr(key), icon=icon, key=f"_{P}{action}", disabled=disabled, width="content",
                      type="primary" if action == "train" else "secondary",
                      on_click=_request, args=(action,),
                      help=tr("lab.step_epoch_help") if action == "step" else None)
        st.toggle(tr("lab.log_scale"), key=LOG)
    if REFUSED in st.session_state:
        st.error(st.session_state.pop(REFUSED), icon="⏱️")
    if session.run is not None and session.run.config != validate_config_quiet(
            room_config(lab_config()), dataset):
        st.caption(tr("lab.settings_changed"))


def validate_config_quiet(config: dict[str, Any], dataset) -> dict[str, Any] | None:
    try:
        cfg = validate_config(config, n_train=dataset.n_train)
    except LearningError:
        return None
    cfg.pop("notes", None)
    return cfg


def live_panel(first_call: dict[str, bool]) -> None:
    """The live part of the page; on the fragment's timer reruns it also trains.

    A full page run trains one slice before it declares this fragment (so it knows whether
    the timer is still needed) and draws once. A timer rerun trains and redraws in a loop for
    up to LOOP_SECONDS (so the gap between timer ticks costs little training time), then
    returns; a click anywhere interrupts it at the next redraw. When the run ends in a timer
    rerun, the whole page reruns to stop the timer and show the after-training parts.
    """
    session = lab_session()
    if session.run is None:
        st.info(shared.tr("lab.press_train"), icon="🧪")
        return
    slot = st.empty()
    if first_call.pop("full_run", False) or not session.running:
        with slot.container():
            draw_live(session.run)
        return
    deadline = time.perf_counter() + LOOP_SECONDS
    while True:
        session.advance(STEP_BUDGET)  # an experiment may move on to its next run here
        with slot.container():
            draw_live(session.run)
        if not session.running or time.perf_counter() >= deadline:
            break
    if not session.running:
        st.rerun()


def main() -> None:
    tr = shared.tr
    st.title(tr("lab.title"))
    st.caption(tr("lab.intro"))
    dataset = shared.current_dataset()
    if dataset is None:
        return
    n_used = prepare_state(dataset)
    shared.show_url_notices()  # this page's own link values are read after the frame's
    room_panel(lab_session(), dataset)  # a class experiment this student joined, if any
    with st.expander(tr("lab.settings"), expanded=True):
        draw_controls(dataset, n_used)
        draw_preset(str(st.session_state.get(shared.DATASET)))
    auto = auto_epochs(n_used, int(st.session_state[f"{P}batch"]))
    shared.write_url(params(auto, shared.seed()))
    save_state()
    session = lab_session()
    try:
        handle_action(session, dataset)
    except LearningError as error:
        shared.show_error(error)
    session.advance(STEP_BUDGET)
    post_if_finished(session)  # a class experiment's run goes to the board once it ends
    draw_run_controls(session, dataset)
    first_call = {"full_run": True}

    @st.fragment(run_every=TICK_SECONDS if session.running else None)
    def live() -> None:
        shared.guarded(lambda: live_panel(first_call))

    live()
    run = session.run
    if run is not None:
        # Outside the fragment: its button changes a setting, which needs the whole page.
        draw_diagnosis(run)
    if run is not None and not session.running:
        draw_after_training(run)
        draw_exports(run)
    st.divider()
    draw_experiments(_request)
    draw_comparison()


if __name__ == "__main__":  # Streamlit runs a page as __main__; tests import its helpers
    shared.guarded(main)
