"""The draw-a-digit page through the real frame, with AppTest.

AppTest cannot draw on the pad, so a test puts a drawing where the pad's callback puts it:
session_state[DRAWING], in the very form the pad sends ({"bitmap": base64, "strokes": [...]}).
The reference network is trained once for this module (core.drawing.train_reference is
tested in tests/test_drawing.py) and handed to the page's server-wide cache.
"""

from __future__ import annotations

import json
import re

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from core import drawing
from core.datasets import load_dataset
from core.i18n import t
from core.lab import LabSession
from core.lab.session import new_run
from core.training import DEFAULT_CONFIG
from pages import draw_pad
from pages.draw import COLLECTED, DRAWING, LABEL, PAD_KEY, after_stroke
from pages.lab_views import SESSION
from tests.conftest import APP, assert_clean, choice_widget, open_page, rendered_text

PAGE = "pages/draw.py"
LANGS = ("zh", "en")
SIDE = drawing.PAD_SIDE


@pytest.fixture(scope="module")
def trained() -> drawing.Reader:
    return drawing.train_reference()


@pytest.fixture(autouse=True)
def _reference(trained, monkeypatch: pytest.MonkeyPatch) -> None:
    """The page's cache is cleared between tests; its one training run need not be repeated."""
    monkeypatch.setattr(drawing, "train_reference", lambda: trained)


@pytest.fixture(scope="module")
def mnist():
    return load_dataset("mnist-5k", seed=0)


def value_of(pad: np.ndarray, strokes: list | None = None) -> dict:
    return {"bitmap": drawing.encode_bitmap(pad), "strokes": strokes or []}


def upscaled(image: np.ndarray) -> np.ndarray:
    return np.kron(image.reshape(28, 28), np.ones((SIDE // 28, SIDE // 28)))


def drawn(at: AppTest, pad: np.ndarray | dict | object) -> AppTest:
    """What the pad's callback does at the end of a stroke, then the rerun it causes."""
    at.session_state[DRAWING] = value_of(pad) if isinstance(pad, np.ndarray) else pad
    return at.run()


def metric(at: AppTest, key: str, lang: str) -> str:
    values = [m.value for m in at.metric if m.label == t(key, lang)]
    assert values, key
    return values[0]


def probabilities(at: AppTest, lang: str) -> list[float]:
    head = t("draw.answer.values", lang, values="\x00", total="\x00").split("\x00")[0]
    line = next(c.value for c in at.caption if c.value.startswith(head))
    return [float(v) for v in re.findall(r"\d\.\d{3}", line)[:10]]


def assert_empty(at: AppTest, lang: str) -> None:
    """An empty pad: no digit read, no probabilities, no losses; the student is asked to draw."""
    assert t("draw.state.empty", lang) in [c.value for c in at.caption]
    assert metric(at, "draw.answer.predicted", lang) == "–"
    assert not [c for c in at.caption if c.value.startswith("y₀")]
    assert not [m for m in at.metric if m.label == t("loss.ce", lang)]


def picture_captions(at: AppTest) -> list[str]:
    return [image.caption for element in at.get("image") for image in element.proto.imgs]


def ink_pixels(at: AppTest, lang: str) -> int:
    head = t("draw.sees.ink", lang, n="\x00", total="\x00").split("\x00")[0]
    if head:
        line = next(c.value for c in at.caption if c.value.startswith(head))
    else:  # English starts with the number
        tail = t("draw.sees.ink", lang, n="\x00", total="\x00").split("\x00")[1]
        line = next(c.value for c in at.caption if tail in c.value)
    return int(re.findall(r"\d+", line)[0])


@pytest.mark.parametrize("lang", LANGS)
def test_an_mnist_digit_drawn_on_the_pad_is_read_with_ten_probabilities(lang: str, mnist,
                                                                         trained) -> None:
    at = open_page(PAGE, lang=lang)
    assert_clean(at)
    assert t("draw.title", lang) in [x.value for x in at.title]
    assert_empty(at, lang)
    assert any(t("draw.net.reference_info", lang, n_train="4,000", n_test="1,000",
                 accuracy=f"{trained.test_accuracy:.1%}") == i.value for i in at.info)

    digit = int(mnist.t_test[0])
    drawn(at, upscaled(mnist.x_test[0]))
    assert_clean(at)
    assert metric(at, "draw.answer.predicted", lang) == str(digit)
    y = probabilities(at, lang)
    assert len(y) == 10 and abs(sum(y) - 1) < 0.01 and int(np.argmax(y)) == digit
    assert ink_pixels(at, lang) == int((mnist.x_test[0] > 0).sum())
    # the loss page's bar chart of the output, the input image, the teaching charts
    specs = [json.dumps(json.loads(c.proto.spec), ensure_ascii=False)
             for c in at.get("vega_lite_chart")]
    assert any(t("draw.chart.probs.title", lang) in s for s in specs)
    assert any('"28 × 28"' in s for s in specs)  # the input's heat map
    assert "⟦" not in "\n".join(specs)
    # the busiest hidden units' weights and the nearest training images, as pictures
    assert t("draw.units.header", lang) in [s.value for s in at.subheader]
    assert t("draw.nearest.header", lang, digit=digit) in [s.value for s in at.subheader]
    captions = [c.value for c in at.caption]
    assert t("draw.units.title", lang) in captions and t("draw.nearest.title", lang) in captions
    pictures = picture_captions(at)
    head = t("draw.units.caption", lang, unit="\x00", output="", vote="").split("\x00")[0]
    assert sum(c.startswith(head) for c in pictures) == 8
    assert t("draw.nearest.caption", lang, rank=6, distance="\x00").split("\x00")[0] in "\n".join(pictures)


@pytest.mark.parametrize("lang", LANGS)
def test_the_digit_meant_gives_both_losses_from_the_core_functions(lang: str, mnist,
                                                                     trained) -> None:
    at = drawn(open_page(PAGE, lang=lang), upscaled(mnist.x_test[0]))
    digit = int(mnist.t_test[0])
    answer = drawing.read(trained.network, drawing.to_mnist(upscaled(mnist.x_test[0])).x)
    for label in (digit, (digit + 1) % 10):
        at.button_group(key=LABEL).set_value(label).run()
        assert_clean(at)
        ce, mse = answer.losses(label)
        assert metric(at, "loss.ce", lang) == f"{ce:.4f}"
        assert metric(at, "loss.mse", lang) == f"{mse:.4f}"
        assert any(f"{ce:.4f}" in x.value for x in at.get("latex"))
    assert t("draw.loss.wrong", lang, label=(digit + 1) % 10, predicted=digit,
             p=f"{answer.probabilities[(digit + 1) % 10]:.1%}") in [e.value for e in at.error]
    at.button_group(key=LABEL).set_value(digit).run()
    assert t("draw.loss.right", lang, label=digit) in [s.value for s in at.success]


@pytest.mark.parametrize("lang", LANGS)
def test_odd_drawings_are_named_never_a_crash(lang: str) -> None:
    at = open_page(PAGE, lang=lang)
    dot = np.zeros((SIDE, SIDE))
    dot[70:76, 70:76] = 1
    edge = np.zeros((SIDE, SIDE))
    edge[0:90, 60:75] = 1
    messages = {
        "dot": (dot, t("draw.state.dot", lang, box="20 × 20")),
        "edge": (edge, t("draw.state.border", lang)),
        "scribble": (np.ones((SIDE, SIDE)), t("draw.state.filled", lang, share="100%")),
    }
    for name, (pad, message) in messages.items():
        drawn(at, pad)
        assert_clean(at)
        assert message in [w.value for w in at.warning], name
        y = probabilities(at, lang)
        assert abs(sum(y) - 1) < 0.01, name
    drawn(at, np.zeros((SIDE, SIDE)))
    assert_clean(at)
    assert_empty(at, lang)


@pytest.mark.parametrize("value", [
    {"bitmap": "<script>alert(1)</script>", "strokes": [["<b>x</b>"]]},
    {"bitmap": 7, "strokes": "x"}, "not a dict", None,
    {"bitmap": drawing.encode_bitmap(np.ones((SIDE, SIDE)))[:100]},
], ids=["markup", "wrong-types", "text", "none", "short-bitmap"])
def test_a_malformed_value_from_the_browser_is_an_empty_pad(value: object) -> None:
    at = drawn(open_page(PAGE), value)
    assert_clean(at)
    assert_empty(at, "en")
    assert "<script>" not in rendered_text(at) and "<b>" not in rendered_text(at)


def test_the_pad_is_constant_code_and_gets_its_strokes_as_data(mnist) -> None:
    """Nothing from a drawing reaches the component's HTML, CSS or JS: strokes come back as data."""
    at = open_page(PAGE, lang="zh")
    strokes = [[10.0, 20.0, 30.0, 40.0], ["</script><b>", 5]]
    drawn(at, value_of(upscaled(mnist.x_test[1]), strokes))
    assert_clean(at)
    (component,) = at.get("bidi_component")
    proto = component.proto
    assert proto.component_name == draw_pad.NAME
    assert proto.html_content.strip() == draw_pad.HTML.strip()
    assert proto.js_content.strip() == draw_pad.JS.strip()
    assert proto.css_content.strip() == draw_pad.CSS.strip()
    data = json.loads(proto.json) if proto.json else {}
    assert data["strokes"] == [[10.0, 20.0, 30.0, 40.0]]
    assert data["undo"] == t("draw.pad.undo", "zh") and data["line"] == drawing.LINE_WIDTH
    assert "</script>" not in proto.json


def test_the_pads_callback_keeps_the_drawing_and_an_emptied_pad_forgets_the_digit() -> None:
    """pages.draw.after_stroke is what the pad's on_drawing_change callback runs."""
    pad = np.zeros((SIDE, SIDE))
    pad[20:120, 60:74] = 1
    state = {PAD_KEY: {"drawing": value_of(pad)}, LABEL: 1}
    after_stroke(state)
    assert state[DRAWING] == value_of(pad) and state[LABEL] == 1
    state[PAD_KEY] = {"drawing": value_of(np.zeros((SIDE, SIDE)))}
    after_stroke(state)
    assert state[LABEL] is None
    state.update({PAD_KEY: {"drawing": "junk"}, LABEL: 4})
    after_stroke(state)
    assert state[DRAWING] == "junk" and state[LABEL] is None


@pytest.mark.parametrize("lang", LANGS)
def test_collect_mode_scores_the_network_on_the_class_s_own_digits(lang: str, mnist) -> None:
    at = open_page(PAGE, lang=lang)
    add = at.button(key="_draw_add")
    assert add.disabled and t("draw.collect.need_drawing", lang) in [c.value for c in at.caption]
    for i in range(3):
        drawn(at, upscaled(mnist.x_test[i]))
        if i == 0:
            assert at.button(key="_draw_add").disabled  # no digit meant yet
            assert t("draw.collect.need_label", lang) in [c.value for c in at.caption]
        at.button_group(key=LABEL).set_value(int(mnist.t_test[i])).run()
        at.button(key="_draw_add").click().run()
        assert_clean(at)
    items = at.session_state[COLLECTED]
    assert [d.label for d in items] == [int(v) for v in mnist.t_test[:3]]
    assert metric(at, "draw.collect.count", lang) == "3"
    assert metric(at, "draw.collect.accuracy", lang) == "100.0%"
    table = at.dataframe[0].value
    assert int(table.iloc[:, 1].sum()) == 3
    at.button(key="_draw_remove").click().run()
    assert metric(at, "draw.collect.count", lang) == "2"
    at.button(key="_draw_clear").click().run()
    assert_clean(at)
    assert t("draw.collect.empty", lang) in [c.value for c in at.caption]


def test_skipping_the_preprocessing_leaves_a_corner_digit_in_its_corner(mnist) -> None:
    pad = np.zeros((SIDE, SIDE))
    pad[2:58, 2:58] = np.kron(mnist.x_test[0].reshape(28, 28), np.ones((2, 2)))
    at = drawn(open_page(PAGE), pad)
    centred = ink_pixels(at, "en")
    at.toggle(key="draw_raw").set_value(True).run()
    assert_clean(at)
    assert t("draw.sees.raw", "en", side=28) in [c.value for c in at.caption]
    assert ink_pixels(at, "en") < centred  # the whole pad shrunk: the digit is small
    assert at.query_params["draw_raw"] in ("1", ["1"])


@pytest.mark.parametrize("lang", LANGS)
def test_the_network_trained_last_in_the_lab_answers_when_it_reads_digits(lang: str) -> None:
    """A finished lab run on the 8 x 8 digits: it answers (8 x 8 input), and the student can
    switch to the reference network."""
    session = LabSession()
    session.run = new_run({**DEFAULT_CONFIG, "learning_rate": 2.0, "epochs": 5},
                          load_dataset("digits", seed=0))
    session.run.trainer.step(10**6)
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = lang
    at.session_state[SESSION] = session
    at.run()
    at.switch_page(PAGE).run()
    assert_clean(at)
    radio = choice_widget(at, "radio", "draw_net")
    assert radio.value == "lab"
    accuracy = f"{session.run.trainer.evaluations[-1]['test_acc']:.1%}"
    assert any(accuracy in i.value and "8 × 8" in i.value for i in at.info)
    pad = np.zeros((SIDE, SIDE))
    pad[20:120, 62:76] = 1  # a 1
    drawn(at, pad)
    assert_clean(at)
    assert ink_pixels(at, lang) <= 64
    assert metric(at, "draw.answer.predicted", lang) in [str(d) for d in range(10)]
    radio.set_value("reference").run()
    assert_clean(at)
    assert ink_pixels(at, lang) > 20  # now 28 x 28


def test_a_lab_run_on_points_leaves_the_answer_to_the_reference_network() -> None:
    session = LabSession()
    session.run = new_run(DEFAULT_CONFIG, load_dataset("circles", seed=0))
    session.run.trainer.step(20)
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state[SESSION] = session
    at.run()
    at.switch_page(PAGE).run()
    assert_clean(at)
    assert t("draw.net.lab_unusable", "en") in [c.value for c in at.caption]
    assert not [r for r in at.radio if (r.key or "").startswith("_draw_net__")]


def test_link_values_of_the_page_are_checked() -> None:
    at = open_page(PAGE, query={"draw_pen": "<b>huge</b>", "draw_raw": "maybe"})
    assert_clean(at)
    assert at.session_state["draw_pen"] == "thick" and at.session_state["draw_raw"] is False
    at = open_page(PAGE, query={"draw_pen": "thin"})
    assert choice_widget(at, "radio", "draw_pen").value == "thin"
    (component,) = at.get("bidi_component")
    assert json.loads(component.proto.json)["line"] < drawing.LINE_WIDTH


@pytest.mark.parametrize("lang", LANGS)
def test_on_the_projector_every_scene_shows_its_part_of_the_same_drawing(lang: str, mnist) -> None:
    """present=1: one scene at a time, each reading the digit drawn in the first."""
    from pages.draw import SCENES
    from pages.scenes import SCENE

    at = open_page(PAGE, lang=lang, query={"present": "1"})
    assert_clean(at)
    assert at.get("bidi_component") and not at.title  # the pad's scene, under the top bar
    digit = int(mnist.t_test[0])
    drawn(at, upscaled(mnist.x_test[0]))
    assert metric(at, "draw.answer.predicted", lang) == str(digit)
    assert probabilities(at, lang)  # beside the pad
    shown: dict[str, AppTest] = {}
    for number, scene in enumerate(SCENES, start=1):
        at.session_state[SCENE] = number
        at.run()
        assert_clean(at)
        assert t("draw.scene." + scene.key + ".caption", lang) in [m.value for m in at.markdown]
        shown[scene.key] = rendered_text(at)
        if scene.key == "loss":
            assert not [m for m in at.metric if m.label == t("loss.ce", lang)]
            at.button_group(key=LABEL).set_value(digit).run()
            assert t("draw.loss.right", lang, label=digit) in [s.value for s in at.success]
            assert metric(at, "loss.ce", lang)
        if scene.key == "reads":
            assert any('"28 × 28"' in json.dumps(json.loads(c.proto.spec), ensure_ascii=False)
                       for c in at.get("vega_lite_chart"))
            assert not at.get("bidi_component")  # the pad is the first scene's alone
    assert t("draw.units.header", lang) in shown["inside"]
    assert t("draw.nearest.header", lang, digit=digit) in shown["inside"]
    assert t("draw.collect.add", lang) in [b.label for b in at.button]
    at.button(key="_draw_add").click().run()  # the digit meant, kept while other scenes showed
    assert [d.label for d in at.session_state[COLLECTED]] == [digit]
