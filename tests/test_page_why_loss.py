"""The why-a-loss page, rendered through the real frame with AppTest."""

from __future__ import annotations

import json
import re

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from core import lessons
from core.datasets import load_dataset
from core.i18n import t
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
    _, size = count_of(metric(at, "why.nonzero"))
    assert size == 2 * 50


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


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_zero_gradient_entries_are_exactly_the_weights_of_zero_inputs(lang: str) -> None:
    # The page says: the other entries belong to input pixels that are 0 in the whole batch.
    at = open_page(PAGE, lang=lang)
    text = rendered_text(at)
    ok = [s.value for s in at.success]
    assert ok, "the sigmoid's gradient summary"
    numbers = {int(n) for n in re.findall(r"\d+", ok[0])}
    # digits, default seed: 2750 of 3200 non-zero; 450 = 9 zero input pixels x 50 hidden
    assert {2750, 3200, 450, 9} <= numbers
    assert t("why.spikes", lang).split("{")[0] in text


def test_zero_inputs_give_zero_gradient_rows_for_every_smooth_activation() -> None:
    net = lessons.train_briefly(load_dataset("digits"), 50)
    data = load_dataset("digits")
    x, t_ = data.x_train[:100], data.t_train[:100]
    dead = lessons.zero_inputs(x)
    assert dead.size > 0
    for name in ("sigmoid", "relu", "tanh"):
        _, grads = lessons.with_activation(net, name).loss_and_gradient(x, t_)
        zero_rows = np.flatnonzero(~np.any(grads["W1"] != 0, axis=1))
        np.testing.assert_array_equal(zero_rows, dead)


def test_the_derivative_is_non_zero_only_where_a_step_falls_within_h() -> None:
    data = load_dataset("digits")
    net = lessons.train_briefly(data, 300)
    x, t_ = data.x_train[:200], data.t_train[:200]
    grads = net.loss_and_gradient(x, t_)[1]
    row, col = lessons.largest_gradient_index(grads["W1"])
    w0 = float(net.params["W1"][row, col])
    sweep = lessons.weight_sweep(net, x, t_, 1, (row, col), np.linspace(w0 - 3, w0 + 3, 301))
    jumps, spikes = len(lessons.accuracy_jumps(sweep)), lessons.derivative_spikes(sweep)
    assert jumps > spikes  # most jumps fall between two ±h windows
    nonzero = sweep[sweep["d_accuracy"] != 0]["d_accuracy"].abs()
    assert len(nonzero) == spikes
    # a spike is (k / n) / (2h) for k samples changing at once: of the order of 1/(2h)
    assert ((nonzero * 2 * lessons.H * len(t_)).round(6) % 1 == 0).all()


@pytest.mark.parametrize(("dataset", "expected"), [("digits", "all 64 inputs × 50 hidden neurons"),
                                                   ("mnist-5k", "the 64 inputs (of 784)")])
def test_the_heat_map_says_all_inputs_when_it_shows_all(dataset: str, expected: str) -> None:
    import json

    at = open_page(PAGE, query={"dataset": dataset})
    subtitles = [json.loads(c.proto.spec).get("title") for c in at.get("vega_lite_chart")]
    shown = [s["subtitle"] for s in subtitles if isinstance(s, dict) and "subtitle" in s]
    assert any(expected in s for s in shown), shown
