"""The training lab: set the knobs, press Train, watch the loss, gradient and accuracy move.

UI only. The controls (pages.lab_controls) make one config dict; a button's callback records
which was pressed, and the page turns it into one call on this session's core.lab.LabSession
(train, step_epoch, pause, resume, reset, start_experiment). Training advances inside a
fragment that reruns on a timer while a run is going, a bounded slice of time per tick, so
the page stays responsive; the views (pages.lab_views) draw what the session holds.

The page is a deck of scenes (pages.scenes): the settings, the live run, what the run got
wrong, the key experiments and the comparison. On the projector one scene is shown at a time
and a run keeps training whichever scene is shown.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import streamlit as st

from core.errors import LearningError
from core.lab import LabRun, LabSession, Status
from core.training import validate_config
from pages import scenes, shared
from pages.lab_controls import (
    LOG,
    P,
    auto_epochs,
    draw_control_rows,
    draw_controls,
    draw_preset,
    lab_config,
    over_budget,
    params,
    prepare_state,
    save_state,
)
from pages.lab_room import adopt_from_url, post_if_finished, room_config, room_panel
from pages.lab_views import (
    draw_after_training,
    draw_charts,
    draw_comparison,
    draw_diagnosis,
    draw_experiments,
    draw_exports,
    draw_figures,
    draw_live,
    draw_progress,
    lab_session,
)

TICK_SECONDS = 0.4  # the fragment reruns this often while training: >= 2 chart refreshes/s
STEP_BUDGET = 0.36  # seconds of training between two redraws of the charts (a redraw: ~20 ms)
LOOP_SECONDS = 8.0  # a timer rerun trains and redraws for at most this long, then yields
ACTION = "_lab_action"  # the run button pressed, handled before anything is drawn
REFUSED = "_lab_refused"  # why the last Train was refused (over the compute budget), shown once


def _request(action: str) -> None:
    st.session_state[ACTION] = action


def _request_and_show(action: str, scene_key: str) -> None:
    """Callback on the projector: record the action and move to the scene that shows it
    (Train on the settings goes on to the live run, as a teacher expects)."""
    _request(action)
    st.session_state[scenes.SCENE] = scene_number(scene_key)


def scene_number(key: str) -> int:
    """The 1-based place of a scene in SCENES (the number in the address)."""
    return 1 + [scene.key for scene in SCENES].index(key)


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


def draw_run_controls(session: LabSession, dataset) -> Any:
    """The run's buttons (and, on a laptop, the log-scale toggle) in a row; returns the row.

    On the projector the row is drawn inside the live fragment, which puts the progress in
    it (above the charts, a row of its own pushed the plots off a 720 px screen); all but
    Train show their icon only, their label as the tooltip."""
    tr = shared.tr
    status = session.status
    buttons = (("train", "lab.train", "▶️", False),
               ("pause", "lab.pause", "⏸️", status != Status.RUNNING),
               ("resume", "lab.resume", "⏯️", status != Status.PAUSED),
               ("step", "lab.step_epoch", "⏭️", status == Status.RUNNING),
               ("reset", "lab.reset", "🔄", session.run is None))
    # A wrapping row of buttons as wide as their labels: fixed columns cut "Step one epoch"
    # to "Step one ep…" at 1280 px, and more so with presentation mode's larger type.
    icons_only = scenes.presenting()
    row = st.container(horizontal=True, vertical_alignment="center", wrap=not icons_only)
    with row:
        for action, key, icon, disabled in buttons:
            help_text = tr("lab.step_epoch_help") if action == "step" else None
            label = tr(key)
            if icons_only and action != "train":  # the icon as the label, the label as help
                label, icon, help_text = icon, None, f"{label}: {help_text}" if help_text else label
            st.button(label, icon=icon, key=f"_{P}{action}", disabled=disabled, width="content",
                      type="primary" if action == "train" else "secondary",
                      on_click=_request, args=(action,), help=help_text)
        if not icons_only:  # on the projector, among the settings
            st.toggle(tr("lab.log_scale"), key=LOG)
    if REFUSED in st.session_state:
        st.error(st.session_state.pop(REFUSED), icon="⏱️")
    if session.run is not None and session.run.config != validate_config_quiet(
            room_config(lab_config()), dataset):
        st.caption(tr("lab.settings_changed"))
    return row


def validate_config_quiet(config: dict[str, Any], dataset) -> dict[str, Any] | None:
    try:
        cfg = validate_config(config, n_train=dataset.n_train)
    except LearningError:
        return None
    cfg.pop("notes", None)
    return cfg


def live_panel(first_call: dict[str, bool], view: Callable[[LabRun], None],
               idle: Callable[[], None] | None) -> None:
    """The live part of a scene (`view` of the run, `idle` before any run); on the
    fragment's timer reruns it also trains.

    A full page run trains one slice before it declares this fragment (so it knows whether
    the timer is still needed) and draws once. A timer rerun trains and redraws in a loop for
    up to LOOP_SECONDS (so the gap between timer ticks costs little training time), then
    returns; a click anywhere interrupts it at the next redraw. When the run ends in a timer
    rerun, the whole page reruns to stop the timer and show the after-training parts.
    """
    session = lab_session()
    if session.run is None:
        if idle is not None:
            idle()
        return
    slot = st.empty()
    if first_call.pop("full_run", False) or not session.running:
        with slot.container():
            view(session.run)
        return
    beat = st.empty()  # touched while waiting for a turn, so that a click still interrupts
    deadline, drawn = time.perf_counter() + LOOP_SECONDS, False
    while True:
        # An experiment may move on to its next run here. A slice that got no turn at the
        # processor (core/lab/gate.py) changed nothing: thirty waiting pages redrawing the same
        # charts would take the interpreter from the one that trains.
        changed = session.advance(STEP_BUDGET)
        if changed or not drawn or not session.running:
            with slot.container():
                view(session.run)
            drawn = True
        else:
            beat.empty()
        if not session.running or time.perf_counter() >= deadline:
            break
    if not session.running:
        st.rerun()


def live(session: LabSession, view: Callable[[LabRun], None],
         idle: Callable[[], None] | None = None) -> None:
    """A fragment that shows the run with `view` and, while it runs, trains on a timer."""
    first_call = {"full_run": True}

    @st.fragment(run_every=TICK_SECONDS if session.running else None)
    def fragment() -> None:
        shared.guarded(lambda: live_panel(first_call, view, idle))

    fragment()


def keep_training(lab: Lab) -> None:
    """On the projector, a scene other than the live run: the run goes on training (with its
    progress in one line), and when it ends the scene is drawn again with it."""
    if scenes.presenting() and lab.session.running:
        live(lab.session, draw_progress)


# ---------------------------------------------------------------- the scenes
@dataclass(frozen=True)
class Lab:
    """What every scene of the lab needs: the data, the rows trained on, the session."""

    dataset: Any
    n_used: int
    session: LabSession


def prepare() -> Lab | None:
    """Read the link and the settings, apply the button pressed, train one slice: before any
    scene is drawn, so that every scene sees the same state. None without a data set."""
    dataset = shared.current_dataset()  # None after saying why (no CSV file yet)
    if dataset is None:
        return None
    n_used = prepare_state(dataset)
    shared.show_url_notices()  # this page's own link values are read after the frame's
    adopt_from_url()  # a class experiment's seat in the link, whichever scene is shown
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
    return Lab(dataset, n_used, session)


def _scene_settings(lab: Lab) -> None:
    room_panel(lab.session, lab.dataset, join_box=not scenes.presenting())
    dataset_name = str(st.session_state.get(shared.DATASET))
    if not scenes.presenting():
        with st.expander(shared.tr("lab.settings"), expanded=True):
            draw_controls(lab.dataset, lab.n_used)
            draw_preset(dataset_name)
        return

    def train_button() -> None:
        st.button(shared.tr("lab.train"), icon="▶️", key=f"_{P}train", type="primary",
                  on_click=_request_and_show, args=("train", "run"))
        draw_preset(dataset_name)

    draw_control_rows(lab.dataset, lab.n_used, train_button)
    keep_training(lab)


def _scene_run(lab: Lab) -> None:
    if not scenes.presenting():
        draw_run_controls(lab.session, lab.dataset)
        live(lab.session, draw_live, lambda: st.info(shared.tr("lab.press_train"), icon="🧪"))
        return
    if lab.session.run is not None:  # no room for them beside the charts
        for note in lab.session.run.notes:
            scenes.prose(note["key"], **note.get("params", {}))
    first_call = {"full_run": True}

    @st.fragment(run_every=TICK_SECONDS if lab.session.running else None)
    def fragment() -> None:
        shared.guarded(lambda: _live_run(lab, first_call))

    fragment()


def _live_run(lab: Lab, first_call: dict[str, bool]) -> None:
    """The projector's live run: the buttons with the progress and the test accuracy in one
    row, the three charts below. The buttons are inside the fragment (so the progress can
    share their row); a click reruns the fragment only, so it hands over to a page run,
    which applies it (handle_action) before anything is drawn."""
    if ACTION in st.session_state:
        st.rerun()
    row = draw_run_controls(lab.session, lab.dataset)
    figures = row.empty()
    if lab.session.run is None:
        charts = st.empty()
    else:  # the scene's main chart (the loss, first of the three), marked for the browser tests
        with st.container(key=scenes.next_main_chart()):
            charts = st.empty()

    def view(run: LabRun) -> None:
        with figures.container(horizontal=True, vertical_alignment="center", width="stretch"):
            draw_figures(run)
        with charts.container():
            draw_charts(run)

    live_panel(first_call, view, lambda: st.info(shared.tr("lab.press_train"), icon="🧪"))


def _scene_results(lab: Lab) -> None:
    run = lab.session.run
    # Outside the fragment: its button changes a setting, which needs the whole page.
    rows = draw_diagnosis(run) if run is not None else 0
    if run is not None and not lab.session.running:
        draw_after_training(run, rows)
        if not scenes.presenting():
            draw_exports(run)
    elif scenes.presenting():
        st.info(shared.tr("lab.results_wait"), icon="⏳")
    keep_training(lab)
    if not scenes.presenting():
        st.divider()


def _scene_experiments(lab: Lab) -> None:
    if scenes.presenting():  # a key experiment's runs are best watched side by side
        draw_experiments(lambda action: _request_and_show(action, "compare"))
    else:
        draw_experiments(_request)
    keep_training(lab)


def _scene_compare(lab: Lab) -> None:
    keep_training(lab)
    draw_comparison()


SCENES: tuple[scenes.Scene, ...] = (
    scenes.Scene("settings", "lab.settings", "lab.scene.settings", _scene_settings,
                 heading=False),
    scenes.Scene("run", "lab.scene.run_title", "lab.scene.run", _scene_run, heading=False),
    scenes.Scene("results", "lab.after.heading", "lab.scene.results", _scene_results,
                 heading=False),
    scenes.Scene("experiments", "cmp.exp.heading", "lab.scene.experiments", _scene_experiments),
    scenes.Scene("compare", "cmp.heading", "lab.scene.compare", _scene_compare),
)


def main() -> None:
    lab = prepare()
    if lab is None:
        st.title(shared.tr("lab.title"))
        return
    scenes.show("lab.title", SCENES, lab, intro_key="lab.intro")


if __name__ == "__main__":  # Streamlit runs a page as __main__; tests import its helpers
    shared.guarded(main)
