"""The class experiment, the teacher's page: make a room from the lab's settings, show its
code, join link and QR code on the projector, and watch the board fill as students finish.

UI only: core.classroom holds the rooms (pages.room_store gives this process's store), the
board is pages.room_board. The teacher's token stays in this browser session (and in the
teacher link, for a second device); without it the page makes a new room.

Three scenes (pages.scenes): the room (a new one's form, or how to join it), the board (every
student's run, full screen on the projector) and the predictions with the teacher's buttons.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from core.budget import duration_text
from core.classroom import (
    DEFAULT_HOURS,
    DEFAULT_VALUES,
    MAX_HOURS,
    MODES,
    NUMERIC,
    VARIED,
    Question,
    Room,
    normalise_code,
    parse_values,
    shown_code,
)
from core.classroom.qr import qr_svg
from core.classroom.question import check_values, settings_text
from core.compare import describe_value, format_value
from core.errors import RoomError
from core.training import CHOICES
from pages import scenes, shared
from pages.lab_controls import (
    P,
    auto_epochs,
    estimate,
    lab_config,
    params,
    prepare_state,
    run_limit,
)
from pages.room_board import (
    BOARD_SECONDS,
    draw_new_room,
    draw_outcome,
    draw_results,
    show_pending_error,
)
from pages.room_store import (
    BOARD_ADDRESS,
    LAB_ADDRESS,
    TEACHER,
    data_key,
    limited,
    link,
    room_store,
)

SETTING_KEYS = {"learning_rate": "room.setting.learning_rate",
                "batch_size": "room.setting.batch_size", "activation": "room.setting.activation",
                "loss": "room.setting.loss", "hidden_size": "room.setting.hidden_size",
                "free": "room.setting.free"}
MODE_KEYS = {"assigned": "room.mode.assigned", "choice": "room.mode.choice"}
QR_PX_PROJECTOR = 280  # beside the code and the link, under the top bar, at 1280 x 720
CODE_CSS = """
<style>
.st-key-room_code p { font-size: clamp(2.5rem, 8vw, 7rem); font-weight: 700; line-height: 1.1;
  letter-spacing: 0.12em; white-space: nowrap; font-family: "Source Code Pro", monospace;
  margin: 0; }
</style>
"""


# ------------------------------------------------------------------ a new room
def chosen_values(setting: str, n_train: int) -> tuple:
    """The teacher's list of values for `setting`, checked (RoomError if it is not usable)."""
    tr, lang = shared.tr, shared.lang()
    if setting == "free":
        return ()
    if setting in NUMERIC:
        # A first suggestion the data can take (a toy set's 320 rows take no batch of 1000).
        fits = [v for v in DEFAULT_VALUES[setting] if setting != "batch_size" or v <= n_train]
        default = ", ".join(format_value(v) for v in (fits if len(fits) > 1 else (1, n_train)))
        text = st.text_input(tr("room.values"), default, key=f"_room_values_{setting}",
                             help=tr("room.values_help"), max_chars=200, persist_state="session")
        return parse_values(setting, text)
    options, key = CHOICES[setting], f"_room_values_{setting}"
    st.session_state.setdefault(key, [v for v in DEFAULT_VALUES[setting] if v in options])
    picked = shared.localized(st.multiselect, tr("room.values"), options, key=key,
                              format_func=lambda v: describe_value(setting, v, lang))
    return check_values(setting, picked)


def check_runs(setting: str, values: tuple, config: dict, dataset) -> None:
    """Every student's run must fit the data and the server's time limit per run."""
    lang = shared.lang()
    for value in values:
        if setting == "batch_size" and value > dataset.n_train:
            raise RoomError("err.room.batch", value=value, n=dataset.n_train)
        cost = estimate({**config, setting: value}, dataset)
        if cost is not None and cost.seconds > run_limit():
            raise RoomError("err.room.slow", value=describe_value(setting, value, lang),
                            estimate=duration_text(cost.seconds, lang),
                            limit=duration_text(run_limit(), lang))


def draw_create(dataset) -> None:
    tr, lang = shared.tr, shared.lang()
    st.subheader(tr("room.new"))
    if shared.dataset_key()[0] == shared.CSV_CHOICE:
        st.info(tr("room.csv"), icon="📄")
        return
    # The lab's settings, also when the lab was not opened yet; like the lab, this page reads
    # them from its link (with a notice for a wrong one) and writes them back.
    n_used = prepare_state(dataset)
    shared.show_url_notices()
    shared.write_url(params(auto_epochs(n_used, int(st.session_state[f"{P}batch"])), shared.seed()))
    config = lab_config()
    # Labels bound now: a format_func may be called after the run, outside the script thread.
    settings = {v: tr(SETTING_KEYS[v]) for v in VARIED}
    modes = {v: tr(MODE_KEYS[v]) for v in MODES}
    # The question left and the room's terms right on the projector; one column on a laptop.
    left, right = (st.columns(2, gap="large") if scenes.presenting() else
                   (st.container(), st.container()))
    with left:
        setting = shared.select(st, tr("room.setting"), VARIED, key="_room_setting",
                                format_func=settings.get)
        try:
            values = chosen_values(setting, dataset.n_train)
            mode = "assigned" if setting == "free" else shared.localized(
                st.radio, tr("room.mode"), MODES, key="_room_mode", horizontal=True,
                format_func=modes.get)
            question = Question(setting, mode, values)
            check_runs(setting, values, config, dataset)
        except RoomError as error:
            shared.show_error(error)
            question = None
    with right:
        hours = st.number_input(tr("room.hours"), 0.5, MAX_HOURS, DEFAULT_HOURS, step=0.5,
                                key="_room_hours", persist_state="session")
        _terms(settings_text(config, setting, lang))
        if st.button(tr("room.create"), icon="🚪", type="primary", key="_room_create",
                     disabled=question is None):
            room, token = room_store().create_room(question, config, data_key(), hours=hours)
            st.session_state[TEACHER] = (room.code, token)
            st.rerun()


def _terms(settings: str) -> None:
    """The lab's settings every student trains with, and the way to change them."""
    scenes.aside("room.fixed", settings=shared.plain(settings))  # long: the projector's notes
    st.page_link("pages/training_lab.py", label=shared.tr("room.change_settings"), icon="🧪")



def draw_reclaim() -> None:
    """A teacher who lost this session (a reload) pastes the teacher link to lead again."""
    with st.expander(shared.tr("room.reclaim")):
        text = st.text_input(shared.tr("room.reclaim_link"), key="_room_reclaim",
                             max_chars=300, type="password")
        if st.button(shared.tr("room.reclaim_button"), key="_room_reclaim_go") and text:
            adopt(*_parts(text))


def _parts(text: str) -> tuple[str, str]:
    from urllib.parse import parse_qs, urlsplit

    query = parse_qs(urlsplit(text.strip()).query)
    return query.get("room", [""])[0], query.get("teacher", [""])[0]


def adopt(code_text: str, token: str) -> None:
    """Lead the room of a teacher link (on this device too); a wrong one counts as a failed
    attempt."""
    def attempt() -> Room:
        code = normalise_code(code_text)
        room = None if code is None else room_store().teacher_room(code, token)
        if room is None:
            raise RoomError("err.room.teacher")
        return room

    try:
        room = limited(attempt)
    except RoomError as error:
        shared.show_error(error)
        return
    st.session_state[TEACHER] = (room.code, token)
    st.rerun()


# ------------------------------------------------------------------ the room
def draw_join(room: Room, token: str) -> None:
    """Code, join link and QR code, big enough for the back row; the teacher link."""
    tr = shared.tr
    join = link(LAB_ADDRESS, room=room.code)
    st.markdown(CODE_CSS, unsafe_allow_html=True)  # static CSS, no user text
    # On the projector the code and the link beside the QR code: one screen.
    where, qr = (st.columns([3, 2], gap="large", vertical_alignment="center")
                 if scenes.presenting() else (st.container(), None))
    with where:
        st.markdown(tr("room.join_at"))
        with st.container(key="room_code"):
            st.markdown(shown_code(room.code))  # letters and digits of codes.ALPHABET only
        if qr is None:
            left, qr = st.columns([3, 2], gap="large", vertical_alignment="center")
        else:
            left = st.container()
        with left:
            st.code(join, language=None, wrap_lines=True)
            st.caption(tr("room.join_how"))
    with qr:
        if join.startswith(("http://", "https://")):
            st.image(qr_svg(join), width=QR_PX_PROJECTOR if scenes.presenting() else 320,
                     caption=tr("room.qr"))
    with st.expander(tr("room.teacher_link")):
        st.code(link(BOARD_ADDRESS, room=room.code, teacher=token), language=None,
                wrap_lines=True)
        st.caption(tr("room.teacher_link_help"))


@dataclass(frozen=True)
class Lead:
    """The room this session leads, if any: what every scene of the page reads."""

    code: str | None = None
    token: str = ""

    @property
    def room(self) -> Room | None:
        return None if self.code is None else room_store().teacher_room(self.code, self.token)


def prepare() -> Lead:
    """Adopt the room of a teacher link; the room this session leads (no widgets)."""
    query = st.query_params
    if "teacher" in query and TEACHER not in st.session_state:
        token = query.get("teacher", "")
        del query["teacher"]  # the secret leaves the address bar (and the projector)
        adopt(query.get("room", ""), token)
    held = st.session_state.get(TEACHER)
    if held is None:
        return Lead()
    lead = Lead(*held)
    if lead.room is None:  # purged, or the database was replaced
        st.session_state.pop(TEACHER, None)
        st.warning(shared.tr("room.gone"), icon="🕰️")
        return Lead()
    return lead


def _scene_room(lead: Lead) -> None:
    """A new room's form, or how to join the room."""
    scenes.aside("room.intro")
    room = lead.room
    if room is None:
        dataset = shared.current_dataset()
        if dataset is None:
            return
        draw_create(dataset)
        draw_reclaim()
        return
    draw_join(room, lead.token)
    show_pending_error()


def _no_room(lead: Lead) -> bool:
    """A scene of the room's board without a room: on the projector it says where to make one."""
    if lead.code is None and scenes.presenting():
        st.info(shared.tr("room.scene.no_room"), icon="🚪")
    return lead.code is None


def _scene_board(lead: Lead) -> None:
    """Every student's run: counts, accuracy per value, every loss curve (live)."""
    if _no_room(lead):
        return

    @st.fragment(run_every=BOARD_SECONDS)
    def board() -> None:
        shared.guarded(lambda: draw_results(lead.code))

    board()


def _scene_predictions(lead: Lead) -> None:
    """The class's predictions (revealed on the teacher's word), Reveal, Export, Close (live)."""
    if _no_room(lead):
        return

    @st.fragment(run_every=BOARD_SECONDS)
    def outcome() -> None:
        shared.guarded(lambda: draw_outcome(lead.code, lead.token))

    outcome()
    if not scenes.presenting():  # on the projector beside the other buttons (draw_outcome)
        draw_new_room()


SCENES: tuple[scenes.Scene, ...] = (
    scenes.Scene("room", "room.scene.room", "room.scene.room.caption", _scene_room,
                 heading=False),
    scenes.Scene("board", "room.scene.board", "room.scene.board.caption", _scene_board,
                 heading=False),
    scenes.Scene("predictions", "room.scene.predictions", "room.scene.predictions.caption",
                 _scene_predictions, heading=False),
)


def main() -> None:
    scenes.show("room.title", SCENES, prepare())


if __name__ == "__main__":  # Streamlit runs a page as __main__; tests import its helpers
    shared.guarded(main)
