"""The gradient page through the real frame (AppTest): both languages, the book's numbers."""

from __future__ import annotations

import json

import numpy as np
import pytest

from core.i18n import t
from pages.shared import widget_key
from tests.conftest import open_page, rendered_text

PAGE = "pages/gradient.py"


def metric(at, key: str, lang: str) -> str:
    """The value of the metric whose label is the string `key` in `lang`."""
    label = t(key, lang)
    values = [m.value for m in at.metric if m.label == label]
    assert values, f"no metric {label!r}"
    return values[0]


def end_point(at, lang: str) -> np.ndarray:
    return np.array([float(metric(at, f"grad.end_x{i}", lang)) for i in (0, 1)])


def chart_specs(at) -> list[dict]:
    return [json.loads(c.proto.spec) for c in at.get("vega_lite_chart")]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_page_renders_in_both_languages(lang: str) -> None:
    at = open_page(PAGE, lang=lang)
    assert not at.exception
    text = rendered_text(at)
    assert "⟦" not in text
    assert t("grad.title", lang) in [el.value for el in at.title]
    assert not at.error, [e.value for e in at.error]
    # The book's values, computed live.
    assert "0.1999999999990898" in text and "0.2999999999986347" in text
    # np.float32(1e-50) is 0.0, shown computed.
    code = "\n".join(c.value for c in at.code)
    assert "np.float32(1e-50)\n0.0" in code
    # Every chart has a title and is labelled in the page's language.
    specs = chart_specs(at)
    assert len(specs) == 6
    assert all(spec.get("title") for spec in specs)
    assert t("grad.error_title", lang, precision="float64") in [s["title"] for s in specs]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_default_descent_reaches_the_minimum(lang: str) -> None:
    at = open_page(PAGE, lang=lang)
    np.testing.assert_allclose(end_point(at, lang), 0.8**100 * np.array([-3.0, 4.0]), rtol=1e-3)
    assert any(t("grad.status.converged", lang, lr="0.1", steps=100, f_end="")[:12] in s.value
               for s in at.success)


@pytest.mark.parametrize("lr, check", [
    (10.0, "diverged"),
    (1e-10, "stalled"),
    (0.1, "converged"),
])
def test_book_cases_are_one_click_away(lr: float, check: str) -> None:
    at = open_page(PAGE, lang="en")
    at.slider(key="grad_steps").set_value(7).run()
    at.button(key=f"grad_case_{lr:g}").click().run()
    assert not at.exception
    assert at.select_slider(key="grad_lr").value == lr
    assert at.slider(key="grad_steps").value == 100  # the book's step_num comes with the case
    end = end_point(at, "en")
    if check == "diverged":
        assert np.hypot(*end) > 1e12
        message = " ".join(e.value for e in at.error)
        assert "Diverged" in message and "e+13" in message
    elif check == "stalled":
        np.testing.assert_allclose(end, [-2.99999994, 3.99999992], rtol=0, atol=1e-8)
        assert any("Hardly moved" in w.value for w in at.warning)
    else:
        np.testing.assert_allclose(end, 0.8**100 * np.array([-3.0, 4.0]), rtol=1e-3)


def test_diverged_run_in_chinese_says_so() -> None:
    at = open_page(PAGE, lang="zh", query={"grad_lr": "10"})
    assert not at.exception
    assert any("发散" in e.value for e in at.error)
    assert np.hypot(*end_point(at, "zh")) > 1e12


@pytest.mark.parametrize("query, lr, steps", [
    ({"grad_lr": "1e-10", "grad_steps": "100"}, 1e-10, 100),
    ({"grad_lr": "0.5", "grad_steps": "3"}, 0.5, 3),
])
def test_settings_come_from_the_link(query: dict, lr: float, steps: int) -> None:
    at = open_page(PAGE, lang="en", query=query)
    assert not at.exception
    assert at.select_slider(key="grad_lr").value == lr
    assert at.slider(key="grad_steps").value == steps
    assert not any("not valid" in i.value for i in at.info)


@pytest.mark.parametrize("query, lr, steps", [
    # absurd values are clamped to the nearest valid one; junk falls back to the default
    ({"grad_lr": "1e9", "grad_steps": "999999", "grad_fn": "<script>"}, 10.0, 1000),
    ({"grad_lr": "-3", "grad_steps": "2.5"}, 1e-10, 2),
    ({"grad_lr": "banana", "grad_x": "1e400"}, 0.1, 100),
    ({"grad_lr": "0.07"}, 0.05, 100),  # off the slider's grid: the nearest option, with a notice
])
def test_bad_link_values_are_replaced_with_a_notice(query: dict, lr: float, steps: int) -> None:
    at = open_page(PAGE, lang="en", query=query)
    assert not at.exception
    assert at.select_slider(key="grad_lr").value == lr
    assert at.slider(key="grad_steps").value == steps
    notices = " ".join(i.value for i in at.info)
    assert all(key in notices for key in query), notices


def test_changed_settings_are_written_to_the_link() -> None:
    at = open_page(PAGE, lang="en")
    at.select_slider(key="grad_lr").set_value(0.2).run()
    at.slider(key="grad_steps").set_value(30).run()
    assert at.query_params["grad_lr"] in ("0.2", ["0.2"])
    assert at.query_params["grad_steps"] in ("30", ["30"])


def test_settings_survive_a_visit_to_another_page() -> None:
    at = open_page(PAGE, lang="en")
    at.select_slider(key="grad_lr").set_value(10.0).run()
    at.number_input(key="grad_x").set_value(3.0).run()
    at.switch_page("pages/loss_functions.py").run()
    at.switch_page(PAGE).run()
    assert not at.exception
    assert at.select_slider(key="grad_lr").value == 10.0
    assert at.number_input(key="grad_x").value == 3.0
    assert np.hypot(*end_point(at, "en")) > 1e12


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_gradient_check_agrees(lang: str) -> None:
    at = open_page(PAGE, lang=lang)
    assert float(metric(at, "grad.max_rel", lang)) < 1e-5
    assert float(metric(at, "grad.max_abs", lang)) < 1e-8
    assert any(t("grad.check_ok", lang, rel="")[:6] in s.value for s in at.success)
    # The speed comparison names a ratio in the text.
    assert t("grad.speed", lang, n_total="", all_ms="", bp_ms="", ratio="")[:8] in rendered_text(at)


@pytest.mark.parametrize("dataset", ["moons", "mnist-5k"])
def test_gradient_check_on_other_data(dataset: str) -> None:
    at = open_page(PAGE, lang="en", query={"dataset": dataset})
    assert not at.exception and not at.error
    assert float(metric(at, "grad.max_rel", "en")) < 1e-5


@pytest.mark.parametrize("fn, precision", [("sin", "float64"), ("exp", "float32"),
                                           ("cube", "float32")])
def test_other_functions_and_precisions(fn: str, precision: str) -> None:
    at = open_page(PAGE, lang="zh")
    at.selectbox(key=widget_key("grad_fn", "zh")).set_value(fn).run()
    at.radio(key="grad_dtype").set_value(precision).run()
    at.number_input(key="grad_x").set_value(1.0).run()
    assert not at.exception and not at.error
    assert "⟦" not in rendered_text(at)
    exact = float(metric(at, "grad.exact", "zh"))
    assert exact == pytest.approx({"sin": np.cos(1.0), "exp": np.e, "cube": 3.0}[fn])
    central = float(metric(at, "grad.central_value", "zh"))
    assert central == pytest.approx(exact, rel=1e-6)


def test_presentation_mode_renders() -> None:
    at = open_page(PAGE, lang="en", query={"present": "1"})
    assert not at.exception and not at.error


# ------------------------------------------------------------------ chart builders (no AppTest)
def _builders():
    import pandas as pd

    from core.calculus import (
        FUNCTIONS,
        descend,
        difference_error_table,
        gradient_check,
        gradient_field,
        grid_points,
        log_spaced_h,
        sum_of_squares,
    )
    from core.charts import gradient as charts
    from core.network import MultiLayerNet

    labels = {k: f"<{k}>" for k in ("title", "x", "y", "x0", "x1", "g0", "g1", "magnitude",
                                    "book", "f", "step", "start", "minimum", "point", "method",
                                    "estimate", "line", "slope", "param", "index", "abs_diff")}
    fn = FUNCTIONS["sin"]
    table = difference_error_table(fn.f, fn.df, 1.0, log_spaced_h(-1, -20, 1))
    field = gradient_field(sum_of_squares, grid_points(-2, 2, 0.5))
    book = field.head(3).assign(label="∇f")
    run = descend(sum_of_squares, (-3.0, 4.0), 10.0, 20)  # diverged: points leave the window
    rng = np.random.default_rng(0)
    net = MultiLayerNet(4, [3], 2, dtype=np.float64, weight_init="he")
    check = gradient_check(net, rng.normal(size=(5, 4)), rng.integers(0, 2, 5), 10, rng)
    curve = pd.DataFrame({"x": [0.0, 1.0], "y": [0.0, 1.0], "line": ["f", "t"]})
    point = pd.DataFrame({"x": [0.5], "y": [0.5], "slope": [1.0]})
    return labels, [
        charts.function_tangent_chart(curve, point, labels),
        charts.error_vs_h_chart(table, labels),
        charts.gradient_field_chart(field, book, labels, extent=2.5),
        charts.descent_path_chart(charts.contour_cells(sum_of_squares, 4.5, 10), run.path, labels,
                                  extent=4.5),
        charts.descent_progress_chart(run.path, labels),
        charts.gradient_check_chart(check.table, labels),
    ]


def _walk(node, found: dict) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            found.setdefault(key, []).append(value)
            _walk(value, found)
    elif isinstance(node, list):
        for value in node:
            _walk(value, found)


def test_chart_builders_have_titles_axes_tooltips_and_no_config() -> None:
    labels, built = _builders()
    for chart in built:
        spec = chart.to_dict()
        assert spec["title"] == "<title>"
        assert "config" not in spec or set(spec["config"]) <= {"view"}  # never configure_*()
        found: dict = {}
        _walk(spec, found)
        assert "tooltip" in found, spec.get("title")
        titles = {t for t in found.get("title", []) if isinstance(t, str)}
        assert titles & {"<x>", "<x0>"} and titles & {"<y>", "<x1>"}, titles
