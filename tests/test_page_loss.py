"""The loss-function page, rendered through the real frame with AppTest."""

from __future__ import annotations

import json
import math

import pytest
from streamlit.testing.v1 import AppTest

from core.i18n import STRINGS, t
from pages.loss_functions import BOOK_Y, PRESETS, PROB_KEYS, preset_probs
from tests.conftest import choice_widget, open_page, rendered_text

PAGE = "pages/loss_functions.py"


def metric(at: AppTest, key: str, lang: str = "en") -> str:
    """The value of the metric tile labelled with the string `key`."""
    label = t(key, lang)
    values = [m.value for m in at.metric if m.label == label]
    assert values, f"no metric labelled {label!r}"
    return values[0]


def chart_text(at: AppTest) -> str:
    return "\n".join(json.dumps(c.proto.spec, ensure_ascii=False) if isinstance(c.proto.spec, dict)
                     else str(c.proto.spec) for c in at.get("vega_lite_chart"))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_renders_book_values_in_both_languages(lang: str) -> None:
    at = open_page(PAGE, lang=lang)
    assert not at.exception
    text = rendered_text(at)
    assert "⟦" not in text and "⟦" not in chart_text(at)
    assert t("loss.title", lang) in text
    assert metric(at, "loss.mse", lang) == "0.0975"
    assert metric(at, "loss.ce", lang) == "0.5108"
    # batch form: label targets and one-hot targets agree on the book's value
    assert metric(at, "loss.batch.onehot", lang) == "1.4067"
    assert "1.4067" in text
    # delta: log(0) is -inf without it, 16.1181 at most with it
    assert metric(at, "loss.delta.without", lang) == "-inf"
    assert metric(at, "loss.delta.with", lang) == "16.1181"
    assert len(at.get("vega_lite_chart")) >= 5
    assert at.get("latex")


def test_correct_class_seven_gives_the_books_second_example() -> None:
    at = open_page(PAGE)
    at.selectbox(key="loss_class").set_value(7).run()
    assert not at.exception
    assert metric(at, "loss.mse") == "0.5975"
    assert metric(at, "loss.ce") == "2.3026"
    assert at.query_params["loss_class"] == ["7"] or at.query_params["loss_class"] == "7"


@pytest.mark.parametrize(("preset", "mse", "ce"), [
    ("right", 0.5 * (0.09**2 + 9 * 0.01**2), -math.log(0.91 + 1e-7)),
    ("wrong", 0.5 * (0.99**2 + 0.91**2 + 8 * 0.01**2), -math.log(0.01 + 1e-7)),
    ("uniform", 0.5 * (0.9**2 + 9 * 0.1**2), -math.log(0.1 + 1e-7)),
])
def test_presets(preset: str, mse: float, ce: float) -> None:
    at = open_page(PAGE)
    choice_widget(at, "radio", "loss_preset").set_value(preset).run()
    assert not at.exception
    assert metric(at, "loss.mse") == f"{mse:.4f}"
    assert metric(at, "loss.ce") == f"{ce:.4f}"


def test_confident_presets_follow_the_correct_class() -> None:
    at = open_page(PAGE)
    choice_widget(at, "radio", "loss_preset").set_value("right").run()
    at.selectbox(key="loss_class").set_value(5).run()
    assert at.number_input(key="loss_p5").value == pytest.approx(0.91)
    assert metric(at, "loss.ce") == f"{-math.log(0.91 + 1e-7):.4f}"


def test_editing_a_probability_renormalises_and_switches_to_custom() -> None:
    at = open_page(PAGE)
    at.number_input(key="loss_p2").set_value(0.9).run()  # sum is now 1.3
    assert not at.exception
    assert choice_widget(at, "radio", "loss_preset").value == "custom"
    assert any(t("loss.renormalised", "en", total="1.3") == i.value for i in at.info)
    assert metric(at, "loss.ce") == f"{-math.log(0.9 / 1.3 + 1e-7):.4f}"
    assert metric(at, "loss.mse") != "0.0975"


def test_all_zero_probabilities_fall_back_to_uniform() -> None:
    at = open_page(PAGE)
    for key in PROB_KEYS:
        at.number_input(key=key).set_value(0.0)
    at.run()
    assert not at.exception
    assert [w.value for w in at.warning] == [t("loss.all_zero", "en")]
    assert metric(at, "loss.ce") == f"{-math.log(0.1 + 1e-7):.4f}"


def test_a_link_sets_class_and_preset() -> None:
    at = open_page(PAGE, query={"loss_class": "7", "loss_preset": "wrong"})
    assert not at.exception
    assert at.selectbox(key="loss_class").value == 7
    assert metric(at, "loss.ce") == f"{-math.log(0.01 + 1e-7):.4f}"


def test_a_link_with_custom_probabilities() -> None:
    at = open_page(PAGE, query={"loss_y": "0.2,0.2,0.2,0.2,0.2,0,0,0,0,0"})
    assert not at.exception
    assert choice_widget(at, "radio", "loss_preset").value == "custom"
    assert metric(at, "loss.ce") == f"{-math.log(0.2 + 1e-7):.4f}"


@pytest.mark.parametrize("query", [
    {"loss_class": "42"}, {"loss_class": "two"}, {"loss_preset": "<script>"},
    {"loss_y": "1,2,3"}, {"loss_y": "0,0,0,0,0,0,0,0,0,0"}, {"loss_y": "nan," * 9 + "nan"},
])
def test_invalid_links_fall_back_with_a_notice(query: dict[str, str]) -> None:
    at = open_page(PAGE, query=query)
    assert not at.exception
    text = rendered_text(at)
    assert "⟦" not in text
    assert any(next(iter(query)) in i.value for i in at.info)  # the url.invalid notice
    assert at.selectbox(key="loss_class").value in range(10)
    assert choice_widget(at, "radio", "loss_preset").value in PRESETS
    assert math.isfinite(float(metric(at, "loss.ce")))


def test_settings_survive_a_visit_to_another_page() -> None:
    at = open_page(PAGE)
    at.selectbox(key="loss_class").set_value(7).run()
    at.switch_page("pages/learning_from_data.py").run()
    at.switch_page(PAGE).run()
    assert not at.exception
    assert metric(at, "loss.ce") == "2.3026"


def test_every_preset_has_a_name_and_sums_to_one() -> None:
    for preset in PRESETS:
        assert f"loss.preset.{preset}" in STRINGS
        assert sum(preset_probs(preset, 3)) == pytest.approx(1.0)
    assert sum(BOOK_Y) == pytest.approx(1.0)


def test_a_custom_output_round_trips_through_the_link() -> None:
    at = open_page(PAGE)
    for key, value in zip(PROB_KEYS, (0.123, 0.456, 0.111, 0.999, 0.5, 0.25, 0.125, 0.777, 0.333, 0.0)):
        at.number_input(key=key).set_value(value)
    at.run()
    link = at.query_params["loss_y"]
    link = link[0] if isinstance(link, list) else link
    assert len(link) <= 64 and at.query_params["loss_preset"] in ("custom", ["custom"])
    ce = metric(at, "loss.ce")
    again = open_page(PAGE, query={"loss_y": link, "loss_preset": "custom"})
    assert not again.exception
    assert not any("loss_y" in i.value for i in again.info)  # no "invalid link" notice
    assert metric(again, "loss.ce") == ce


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_code_shown_is_the_code_that_computed_the_numbers(lang: str) -> None:
    import inspect

    from core.book import functions as book

    at = open_page("pages/loss_functions.py", lang=lang)
    shown = "\n".join(c.value for c in at.code)
    for function in (book.cross_entropy_error, book.mean_squared_error):
        assert inspect.getsource(function) in shown
    assert "def cross_entropy_error(y, t):" in shown and "+ 1e-7" in shown
    tiles = {m.label: m.value for m in at.metric}
    assert "0.5108" in tiles.values() and "0.0975" in tiles.values()
