"""The class experiment under AppTest, in Chinese and English: the teacher makes a room, a
student joins by the link, predicts, trains and is posted once; the board counts, plots and
(after "reveal") tallies; refusals are translated and join attempts limited per session."""

from __future__ import annotations

import json

import pyarrow as pa
import pytest
from streamlit.testing.v1 import AppTest

from core.classroom import AttemptLimiter, Question, shown_code
from core.classroom.store import store_from_env
from core.i18n import t
from pages import room_store as room_store_page
from tests.classroom.rooms import CONFIG, DATA
from tests.conftest import assert_clean, choice_widget, open_page, rendered_text

BOARD, LAB = "pages/class_experiment.py", "pages/training_lab.py"
LR = Question("learning_rate", "assigned", (0.1, 1.0, 2.0))


@pytest.fixture(autouse=True)
def rooms(tmp_path, monkeypatch):
    """A fresh store and a fresh attempt limiter per test; the store as the pages open it."""
    monkeypatch.setenv("LFD_ROOMS_DB", str(tmp_path / "rooms.sqlite3"))
    monkeypatch.delenv("LFD_DATABASE_URL", raising=False)
    monkeypatch.setattr(room_store_page, "LIMITER", AttemptLimiter())
    return store_from_env()


def charts(at: AppTest) -> dict[str, list]:
    out = {}
    for chart in at.get("vega_lite_chart"):
        spec = json.loads(chart.proto.spec)
        title = spec.get("title")
        title = title.get("text") if isinstance(title, dict) else title
        if isinstance(title, list):  # on the projector a long title is wrapped into lines
            title = " ".join(title)
        out[title] = [
            pa.ipc.open_stream(d.data.data).read_all().to_pandas() for d in chart.proto.datasets]
    return out


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def join(rooms, lang: str, nickname: str = "Ann") -> tuple[AppTest, object, str]:
    room, token = rooms.create_room(LR, CONFIG, DATA, now=None)
    at = open_page(LAB, lang=lang, query={"room": room.code})
    assert_clean(at)
    assert at.text_input(key="_room_code_input").value == room.code  # filled in from the link
    at.text_input(key="_room_nickname").input(nickname)
    at.button(key="_room_join").click().run()
    assert_clean(at)
    return at, room, token


def train_to_end(at: AppTest) -> None:
    at.button(key="_lab_train").click().run()
    for _ in range(60):
        if at.session_state["_lab"].run.status != "running":
            break
        at.run()
    assert_clean(at)
    assert at.session_state["_lab"].run.status == "finished"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_teacher_makes_a_room_from_the_labs_settings(lang, monkeypatch) -> None:
    monkeypatch.setenv("LFD_PUBLIC_URL", "https://school.example/lfd")
    at = open_page(BOARD, lang=lang)
    assert_clean(at)
    assert t("room.new", lang) in rendered_text(at)
    at.button(key="_room_create").click().run()
    assert_clean(at)
    code, token = at.session_state["_room_teacher"]
    text = rendered_text(at)
    assert shown_code(code) in text and t("room.ask.learning_rate", lang) in text
    codes = [c.value for c in at.code]
    assert f"https://school.example/lfd/training-lab?room={code}" in codes
    assert any(token in c and "class-experiment" in c for c in codes)  # the teacher link
    assert len(at.get("image")) == 1  # the QR code
    assert metrics(at) == {t("room.count.joined", lang): "0",
                           t("room.count.predicted", lang): "0",
                           t("room.count.finished", lang): "0"}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_student_joins_predicts_trains_and_lands_on_the_board(lang, rooms) -> None:
    at, room, token = join(rooms, lang, nickname="<b>Ann</b>")
    text = rendered_text(at)
    assert t("room.ask.learning_rate", lang) in text
    assert t("room.your_value", lang, value="0.1") in text
    assert "\\<b\\>Ann\\</b\\>" in text  # the nickname shown literally
    assert at.query_params["room"] == room.code and at.query_params["seat"]
    choice_widget(at, "radio", f"_room_prediction_{room.code}").set_value(2.0).run()
    assert_clean(at)
    at.select_slider(key="lab_lr").set_value(10.0).run()  # the room's settings win over the widgets
    train_to_end(at)
    assert at.session_state["_lab"].run.config["learning_rate"] == 0.1
    assert t("room.posted", lang) in rendered_text(at)
    _, students, runs = rooms.board(room.code)
    assert students[0].prediction == 2.0 and len(runs) == 1
    assert runs[0].nickname == "<b>Ann</b>" and 0 < len(runs[0].iterations) <= 200
    at.run()  # a later run does not post again
    assert len(rooms.board(room.code)[2]) == 1

    board = open_page(BOARD, lang=lang, query={"room": room.code, "teacher": token})
    assert_clean(board)
    assert "teacher" not in board.query_params  # the token left the address bar
    assert metrics(board) == {t("room.count.joined", lang): "1",
                              t("room.count.predicted", lang): "1",
                              t("room.count.finished", lang): "1"}
    shown = charts(board)
    points = next(d for d in shown[t("room.chart.acc.title", lang)] if "nickname" in d)
    assert list(points["nickname"]) == ["<b>Ann</b>"] and list(points["value"]) == ["0.1"]
    assert t("room.chart.loss.title", lang) in shown
    assert t("room.chart.tally.title", lang) not in shown  # hidden until revealed
    assert t("room.tally.hidden", lang, n=1) in rendered_text(board)
    board.button(key="_room_reveal").click().run()
    assert_clean(board)
    tally = charts(board)[t("room.chart.tally.title", lang)][0]
    assert dict(zip(tally["value"], tally["votes"])) == {"0.1": 0, "1": 0, "2": 1}
    assert t("room.tally.outcome", lang, best="0.1", right=0, n=1) in rendered_text(board)
    board.button(key="_room_close").click().run()
    assert rooms.room(room.code).closed
    assert t("room.status.closed", lang) in rendered_text(board)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_join_refusals_are_translated_and_limited_per_session(lang, rooms) -> None:
    at = open_page(LAB, lang=lang)
    for code, key in (("O0I1", "err.room.code"), ("AAAAAAA", "err.room.unknown")):
        at.text_input(key="_room_code_input").input(code)
        at.button(key="_room_join").click().run()
        assert_clean(at)
        assert [e.value for e in at.error] == [t(key, lang)]
    for _ in range(8):
        at.button(key="_room_join").click().run()
    room, _ = rooms.create_room(LR, CONFIG, DATA)
    at.text_input(key="_room_code_input").input(room.code)  # the right code, too late
    at.button(key="_room_join").click().run()
    assert_clean(at)
    assert at.error[0].value.startswith(t("err.room.too_many", lang, seconds=1)[:5])
    assert "_room" not in at.session_state and rooms.room(room.code).joined == 0


def test_a_reload_puts_the_student_back_in_their_seat(rooms) -> None:
    at, room, _ = join(rooms, "en")
    seat = at.session_state["_room"][1]
    again = open_page(LAB, lang="en", query={"room": room.code, "seat": seat})
    assert_clean(again)
    assert again.session_state["_room"] == (room.code, seat)
    assert rooms.room(room.code).joined == 1  # the same seat, not a new student
    stranger = open_page(LAB, lang="en", query={"room": room.code, "seat": "guess"})
    assert [e.value for e in stranger.error] == [t("err.room.seat", "en")]


def test_a_closed_room_takes_no_one_and_frees_the_lab(rooms) -> None:
    at, room, token = join(rooms, "zh")
    rooms.close(room.code, token)
    at.run()
    assert t("room.closed_now", "zh") in rendered_text(at)
    late = open_page(LAB, lang="zh", query={"room": room.code})
    late.button(key="_room_join").click().run()
    assert [e.value for e in late.error] == [t("err.room.closed", "zh")]


def test_a_wrong_teacher_link_leads_nothing(rooms) -> None:
    room, _ = rooms.create_room(LR, CONFIG, DATA)
    at = open_page(BOARD, lang="en", query={"room": room.code, "teacher": "not-the-token"})
    assert_clean(at)
    assert [e.value for e in at.error] == [t("err.room.teacher", "en")]
    assert "_room_teacher" not in at.session_state


def test_values_the_server_cannot_run_are_refused_when_the_room_is_made() -> None:
    at = open_page(BOARD, lang="en")
    choice_widget(at, "selectbox", "_room_setting").set_value("batch_size").run()
    at.text_input(key="_room_values_batch_size").input("10, 5000").run()
    assert_clean(at)
    assert [e.value for e in at.error] == [t("err.room.batch", "en", value=5000, n=1437)]
    assert at.button(key="_room_create").disabled


def test_in_choice_mode_a_student_picks_a_value_and_trains_it(rooms) -> None:
    room, _ = rooms.create_room(Question("activation", "choice", ("sigmoid", "relu")), CONFIG,
                                DATA)
    at = open_page(LAB, lang="zh", query={"room": room.code})
    at.button(key="_room_join").click().run()
    picker = choice_widget(at, "selectbox", f"_room_value_{room.code}")
    assert picker.options == [t("cmp.act.sigmoid", "zh"), t("cmp.act.relu", "zh")]
    picker.set_value("relu").run()
    assert_clean(at)
    assert at.session_state["lab_act"] == "relu"  # the lab's widget shows the choice
    train_to_end(at)
    run = rooms.board(room.code)[2][0]
    assert run.value == "relu" and run.config["activation"] == "relu"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_on_the_projector_the_room_the_board_and_the_predictions_are_one_scene_each(lang,
                                                                                  rooms) -> None:
    """present=1: the join code, the board (full screen) and the predictions, one at a time."""
    from pages.class_experiment import SCENES
    from pages.scenes import SCENE
    from tests.classroom.rooms import post_for

    at = open_page(BOARD, lang=lang, query={"present": "1"})
    assert_clean(at)
    assert at.button(key="_room_create")  # the first scene: a new room's form
    for number in (2, 3):  # no room yet: each scene says where to make one
        at.session_state[SCENE] = number
        at.run()
        assert_clean(at)
        assert [i.value for i in at.info] == [t("room.scene.no_room", lang)]
    room, token = rooms.create_room(LR, CONFIG, DATA)
    for nickname in ("Ann", "Bo"):
        student, seat = rooms.join(room.code, nickname)
        rooms.predict(room.code, seat, 2.0)
        rooms.post(room.code, seat, post_for(student.value))
    at = open_page(BOARD, lang=lang, query={"present": "1", "room": room.code, "teacher": token})
    assert_clean(at)
    shown = {}
    for number, scene in enumerate(SCENES, start=1):
        at.session_state[SCENE] = number
        at.run()
        assert_clean(at)
        assert t(scene.caption_key, lang) in [m.value for m in at.markdown]
        shown[scene.key] = (rendered_text(at), charts(at), metrics(at))
    text, _, _ = shown["room"]
    assert shown_code(room.code) in text
    _, board, counts = shown["board"]
    assert counts[t("room.count.finished", lang)] == "2"
    assert {t("room.chart.acc.title", lang), t("room.chart.loss.title", lang)} <= set(board)
    text, tally, _ = shown["predictions"]
    assert t("room.tally.hidden", lang, n=2) in text and not tally
    at.button(key="_room_reveal").click().run()
    assert_clean(at)
    assert list(charts(at)) == [t("room.chart.tally.title", lang)]
    assert at.session_state[SCENE] == 3  # the reveal keeps the predictions on screen
