"""The why-a-loss page, rendered through the real frame with AppTest."""

from __future__ import annotations

import json
import re

import pytest
from streamlit.testing.v1 import AppTest

from core import lessons
from core.datasets import load_dataset
from core.i18n import t
from pages import scenes, why_loss
from pages.shared import widget_key
from tests.conftest import assert_clean, choice_widget, open_page, rendered_text

PAGE = "pages/why_loss.py"


def metric(at: AppTest, key: str, lang: str = "en") -> str:
    label = t(key, lang)
    values = [m.value for m in at.metric if m.label == label]
    assert values, f"no metric labelled {label!r}"
    return values[0]


def count_of(text: str) -> tuple[int, int]:
    """(k, n) from a "k of n" / "k / n" metric."""
    k, n = (int(v) for v in re.findall(r"\d+", text))
    return k, n


def chart_text(at: AppTest) -> str:
    return "\n".join(c.proto.spec for c in at.get("vega_lite_chart"))


def chart_titles(at: AppTest) -> list[str]:
    titles = []
    for chart in at.get("vega_lite_chart"):
        title = json.loads(chart.proto.spec).get("title")
        titles.append(title if isinstance(title, str) else (title or {}).get("text", ""))
    return titles


def weight_name(at: AppTest) -> str:
    match = re.search(r"`(W\d\[\d+, \d+\])`", rendered_text(at))
    assert match
    return match.group(1)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_renders_in_both_languages(lang: str) -> None:
    at = open_page(PAGE, lang=lang)
    assert_clean(at)
    text = rendered_text(at)
    assert "⟦" not in text and "⟦" not in chart_text(at)
    assert t("why.title", lang) in text
    assert "32" in text and "0.92543" in text  # the book's example
    assert ("竹筒敲石" in text) if lang == "zh" else ("shishi-odoshi" in text)
    titles = chart_titles(at)
    for key in ("why.acc_title", "why.loss_title", "why.dacc_title", "why.dloss_title",
                "why.act_title", "why.dact_title", "why.heat_title", "why.hist_title"):
        assert t(key, lang) in titles
    assert len(at.get("page_link")) == 2


def test_accuracy_derivative_is_zero_almost_everywhere_and_the_losss_is_not() -> None:
    at = open_page(PAGE)
    flat_acc, points = count_of(metric(at, "why.flat_acc"))
    flat_loss, points_loss = count_of(metric(at, "why.flat_loss"))
    assert points == points_loss == 301
    assert flat_acc >= 0.9 * points
    assert flat_loss <= 0.05 * points
    assert int(metric(at, "why.jumps")) > 0  # the staircase does have steps
    # the default weight is the one the loss is most sensitive to, in the output layer
    assert weight_name(at).startswith("W2[")


def test_live_sentence_in_the_spirit_of_32_to_33_percent() -> None:
    at = open_page(PAGE)
    text = rendered_text(at)
    match = re.search(r"Moving this weight from (-?[\d.]+) to (-?[\d.]+) leaves the recognition "
                      r"accuracy at ([\d.]+)% \((\d+) of (\d+)\).*the loss goes from ([\d.]+) to "
                      r"([\d.]+)", text)
    assert match, text
    w0, w1 = float(match.group(1)), float(match.group(2))
    assert 0 < w1 - w0 <= 0.0101
    assert match.group(6) != match.group(7)  # the loss moved, the accuracy did not


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_step_function_zeroes_the_first_layer_gradient(lang: str) -> None:
    at = open_page(PAGE, lang=lang)
    nonzero, size = count_of(metric(at, "why.nonzero", lang))  # default: sigmoid
    assert nonzero > 0 and size == 64 * 50
    assert t("why.step_zero", lang) not in rendered_text(at)
    choice_widget(at, "radio", "why_act").set_value("step").run()
    assert_clean(at)
    assert count_of(metric(at, "why.nonzero", lang)) == (0, 64 * 50)
    assert float(metric(at, "why.maxabs", lang)) == 0.0
    assert t("why.step_zero", lang) in rendered_text(at)
    # the numerical check agrees: central differences on the sampled entries are 0 too
    head = t("why.numeric_check", lang, k=20, nz=0, diff="@@").split("@@")[0]
    assert any(c.value.startswith(head) for c in at.caption)
    table = at.dataframe[0].value
    rows = dict(zip(table.iloc[:, 0], table.iloc[:, 1]))
    assert count_of(rows[t("why.act.step", lang)]) == (0, 3200)
    assert count_of(rows[t("why.act.sigmoid", lang)])[0] > 0


def test_numerical_check_matches_backprop_for_sigmoid() -> None:
    at = open_page(PAGE)
    text = rendered_text(at)
    match = re.search(r"give (\d+) non-zero values \(largest \|difference\| from backprop: "
                      r"([\d.e+-]+)\)", text)
    assert match, text
    assert float(match.group(2)) < 1e-4


def test_weight_from_the_link() -> None:
    at = open_page(PAGE, query={"why_layer": "1", "why_row": "20", "why_col": "5",
                                "why_span": "1.5", "why_points": "101"})
    assert_clean(at)
    assert weight_name(at) == "W1[20, 5]"
    _, points = count_of(metric(at, "why.flat_acc"))
    assert points == 101


def test_out_of_range_weight_from_the_link_is_replaced() -> None:
    at = open_page(PAGE, query={"why_row": "99999", "why_col": "3", "why_layer": "9"})
    assert_clean(at)
    name = weight_name(at)
    layer, row, col = (int(v) for v in re.findall(r"\d+", name))
    assert layer == 2 and 0 <= row < 50 and 0 <= col < 10


def test_layer_change_and_pick_button_choose_a_valid_sensitive_weight() -> None:
    at = open_page(PAGE)
    at.selectbox(key=widget_key("why_layer", "en")).set_value(1).run()
    assert_clean(at)
    picked = weight_name(at)
    assert picked.startswith("W1[")
    at.number_input(key="why_row").set_value(0).run()
    at.number_input(key="why_col").set_value(0).run()
    assert weight_name(at) == "W1[0, 0]"
    next(b for b in at.button if b.label == t("why.pick", "en")).click().run()
    assert weight_name(at) == picked


def test_no_activation_selected_shows_a_hint() -> None:
    at = open_page(PAGE)
    at.multiselect(key=widget_key("why_show", "en")).set_value([]).run()
    assert_clean(at)
    assert t("why.act_none", "en") in rendered_text(at)


def test_two_d_data_set() -> None:
    at = open_page(PAGE, query={"dataset": "moons", "n_points": "300"})
    assert_clean(at)
    assert "⟦" not in rendered_text(at)
    nonzero, size = count_of(metric(at, "why.nonzero"))
    assert size == 2 * 50
    # two coordinates are never 0 in a whole batch: no zero entry to explain, no "pixels"
    assert nonzero == size
    assert [s.value for s in at.success] == [t("why.grad_alive", "en", act=t("why.act.sigmoid", "en"),
                                                nz=nonzero, k=size)]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_activation_has_a_name(lang: str) -> None:
    # the page's GRAD_ACTS (importing a page module would run it outside Streamlit)
    for name in ("step", "sigmoid", "relu", "tanh"):
        assert "⟦" not in t(f"why.act.{name}", lang)


def test_mini_batch_and_why_a_loss_share_one_trained_network(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Both lessons use the same briefly trained network: visiting both trains it once."""
    from core import lessons

    calls = []
    real = lessons.train_briefly

    def counted(*args, **kwargs):
        calls.append(args[1:])
        return real(*args, **kwargs)

    monkeypatch.setattr(lessons, "train_briefly", counted)
    at = open_page("pages/mini_batch.py")
    assert_clean(at)
    at.switch_page(PAGE).run()
    assert_clean(at)
    assert len(calls) == 1, calls


def numbers(text: str) -> list[int]:
    return [int(v) for v in re.findall(r"\d+", text)]


def caption_with(at: AppTest, key: str, lang: str) -> str:
    """The caption or success box whose text starts like string `key`."""
    head = t(key, lang).split("{")[0]
    found = [c.value for c in (*at.caption, *at.success) if head in c.value]
    assert len(found) == 1, (head, [c.value for c in at.caption])
    return found[0]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_staircase_caption_agrees_with_the_metrics(lang: str) -> None:
    """71 jumps against 3 non-zero derivative points: the caption says both and why, with the
    numbers the metrics show (core's tests prove the reason: a step inside ±h)."""
    at = open_page(PAGE, lang=lang)
    assert_clean(at)
    flat, points = count_of(metric(at, "why.flat_acc", lang))
    jumps = int(metric(at, "why.jumps", lang))
    assert jumps > points - flat > 0  # the default sweep has spikes, far fewer than jumps
    text = caption_with(at, "why.spikes_count", lang)
    assert text.startswith(t("why.spikes_count", lang, jumps=jumps, spikes=points - flat,
                             points=points))
    n = load_dataset("digits").n_train  # the sweep uses every training sample (up to 2000)
    assert text.endswith(t("why.spikes_why", lang, spacing="0.02", h="0.0001", window="0.0002",
                           share="1", n=n, height=f"{1 / (n * 2 * lessons.H):.3g}"))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_sweep_without_spikes_says_so(lang: str) -> None:
    # the hidden layer's most sensitive weight after 300 steps: 30 jumps, no point within ±h
    at = open_page(PAGE, lang=lang, query={"why_layer": "1"})
    assert_clean(at)
    flat, points = count_of(metric(at, "why.flat_acc", lang))
    jumps = int(metric(at, "why.jumps", lang))
    assert flat == points and jumps > 0
    text = caption_with(at, "why.spikes_none", lang)
    assert text.startswith(t("why.spikes_none", lang, jumps=jumps, points=points))


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "relu"])
def test_every_zero_gradient_entry_is_accounted_for(lang: str, activation: str) -> None:
    """2750 of 3200 non-zero: the other 450 are the weights of the 9 input pixels that are 0 in
    the whole mini-batch (3 of them in every training image); ReLU adds neurons that were off.
    core's tests prove which entries are 0; here the page must say it with its own numbers."""
    at = open_page(PAGE, lang=lang)
    choice_widget(at, "radio", "why_act").set_value(activation).run()
    assert_clean(at)
    nonzero, size = count_of(metric(at, "why.nonzero", lang))
    hidden = 50
    # the sigmoid's zeros are exactly the weights of the batch's zero inputs (whatever the
    # activation): the comparison table gives their number
    table = at.dataframe[0].value
    sigmoid_nonzero, _ = count_of(dict(zip(table.iloc[:, 0], table.iloc[:, 1]))[
        t("why.act.sigmoid", lang)])
    from_inputs = size - sigmoid_nonzero
    rows, other = from_inputs // hidden, size - nonzero - from_inputs
    assert (size, from_inputs % hidden) == (64 * hidden, 0) and rows > 0
    assert (other > 0) == (activation == "relu")
    data = load_dataset("digits")
    always = lessons.zero_inputs(data.x_train).size
    assert 0 < always < rows
    parts = [t("why.grad_alive", lang, act=t(f"why.act.{activation}", lang), nz=nonzero, k=size),
             t("why.grad_zero_inputs" if other else "why.grad_zero_inputs_all", lang,
               zeros=size - nonzero, from_inputs=from_inputs, rows=rows, n=100, hidden=hidden,
               what=t("why.noun.pixels", lang), unit=t("why.noun.images", lang)),
             t("why.grad_zero_always", lang, always=always, n_train=data.n_train,
               unit=t("why.noun.train_images", lang)),
             t("why.grad_zero_why", lang, hidden=hidden)]
    if other:
        parts.append(t("why.grad_zero_other", lang, other=other))
    assert [s.value for s in at.success] == [("" if lang == "zh" else " ").join(parts)]
    if activation == "sigmoid":  # the figures, on the default page
        assert (nonzero, size - nonzero, rows, always) == (2750, 450, 9, 3)


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize(("dataset", "key"), [("digits", "why.heat_subtitle_all"),
                                               ("mnist-5k", "why.heat_subtitle")])
def test_the_heat_map_says_all_inputs_when_it_shows_all(lang: str, dataset: str, key: str) -> None:
    at = open_page(PAGE, lang=lang, query={"dataset": dataset})
    assert_clean(at)
    titles = [json.loads(c.proto.spec).get("title") for c in at.get("vega_lite_chart")]
    shown = [s["subtitle"] for s in titles if isinstance(s, dict) and "subtitle" in s]
    inputs = 64 if dataset == "digits" else 784
    want = (t(key, lang, total=64, cols=50) if dataset == "digits"
            else t(key, lang, rows=64, total=inputs, cols=50))
    assert want in shown, shown


# ------------------------------------------------------------------ the projector: one scene at a time
def on_the_projector(number: int, lang: str = "en") -> AppTest:
    """The page's scene `number` from a link (the frame's first run shows the first lesson:
    the scene joins the address on the way to this page, as tests/test_scenes.py does)."""
    at = open_page(None, lang=lang, query={"present": "1"})
    at.query_params["scene"] = str(number)
    return at.switch_page(PAGE).run()


def chart_heights(at: AppTest) -> list[int]:
    return [json.loads(c.proto.spec).get("height") for c in at.get("vega_lite_chart")]


# how many charts each scene shows on the projector
SCENE_CHARTS = {"staircase": 2, "derivative": 2, "nudge": 0, "activation": 2, "gradient": 1,
                "next": 0}


def test_the_scenes_are_the_ones_described_here() -> None:
    assert tuple(s.key for s in why_loss.SCENES) == tuple(SCENE_CHARTS)


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("number", range(1, len(SCENE_CHARTS) + 1))
def test_every_scene_alone_on_the_projector(number: int, lang: str) -> None:
    """Each scene: its caption, its own charts at the scene's plot height, no heading."""
    scene = why_loss.SCENES[number - 1]
    at = on_the_projector(number, lang)
    assert_clean(at)
    assert t(scene.caption_key, lang) in rendered_text(at)
    # untitled: the top bar and the caption name the scene, the axes or the tabs each chart
    assert chart_titles(at) == [""] * SCENE_CHARTS[scene.key]
    assert all(h == scenes.MAIN_CHART_HEIGHT for h in chart_heights(at))
    assert not at.subheader  # the top bar names the scene: no heading in its body


def notes(at: AppTest) -> str:
    """The text of the scene's notes (a popover in the top bar)."""
    found = [p for p in at.get("popover") if p.proto.popover.label == t("scene.notes_button", "en")]
    assert len(found) == 1
    return "\n".join(e.value for e in (*found[0].markdown, *found[0].caption))


def test_on_the_projector_the_long_texts_are_in_the_notes() -> None:
    at = on_the_projector(1)
    assert t("why.intro", "en") in notes(at)
    assert t("why.derivative_text", "en") in notes(at)
    assert "goes from" in notes(at)  # the sweep's live sentence
    at = on_the_projector(3)
    text = notes(at)
    assert "0.92543" in text and t("why.conclusion", "en") in text
    visible = "\n".join(m.value for m in at.markdown if m.value not in text)
    assert "Moving this weight from" in visible  # the live "32 % stays 32 %" stays on screen
    at = on_the_projector(5)
    assert t("why.grad_zero_why", "en", hidden=50) in notes(at)
    assert not at.success  # the long caption would push the heat map off the screen
    assert t("why.heat_subtitle_all", "en", total=64, cols=50) in notes(at)


def test_on_the_projector_the_sweep_controls_keep_their_values_across_scenes() -> None:
    """The weight chosen in the first scene is the one the next scenes show."""
    at = on_the_projector(1)
    at.number_input(key="why_row").set_value(3).run()
    at.number_input(key="why_col").set_value(4).run()
    at.slider(key="why_span").set_value(1.5).run()
    at.select_slider(key="why_points").set_value(101).run()
    at.button(key=scenes.NEXT).click().run()
    assert_clean(at)
    flat, points = count_of(metric(at, "why.flat_acc_short"))  # its label for the projector
    assert points == 101 and 0 < flat <= points
    assert count_of(metric(at, "why.flat_loss_short"))[1] == 101
    at.button(key=scenes.PREV).click().run()
    assert weight_name_in_charts(at) == "W2[3, 4]"
    assert at.slider(key="why_span").value == 1.5
    assert at.select_slider(key="why_points").value == 101


def weight_name_in_charts(at: AppTest) -> str:
    match = re.search(r"W\d\[\d+, \d+\]", chart_text(at))
    assert match
    return match.group(0)


def test_on_the_projector_the_step_function_empties_the_heat_map() -> None:
    at = on_the_projector(5)
    choice_widget(at, "radio", "why_act").set_value("step").run()
    assert_clean(at)
    assert count_of(metric(at, "why.nonzero")) == (0, 64 * 50)
    assert t("why.step_zero", "en") in notes(at)
    assert len(at.get("vega_lite_chart")) == 1 and not at.table  # the heat map alone
    choice_widget(at, "button_group", why_loss.VIEW).set_value("compare").run()
    assert_clean(at)
    assert not at.get("vega_lite_chart")
    table = at.table[0].value
    assert count_of(table.loc["step function"].iloc[0]) == (0, 3200)


def test_the_laptop_layout_keeps_its_headings_in_order() -> None:
    at = open_page(PAGE)
    assert [h.value for h in at.subheader] == [t(k, "en") for k in (
        "why.network_header", "why.sweep_header", "why.act_header", "why.grad_header",
        "why.next_header")]
    assert not at.get("popover") and not at.get("button_group")
