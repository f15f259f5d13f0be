"""The gradient page through the real frame (AppTest): both languages, the book's numbers."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from streamlit.dataframe_util import convert_arrow_bytes_to_pandas_df

from core.calculus import (
    FLAT,
    FUNCTIONS,
    SURFACE_PRESETS,
    central_diff,
    descend,
    explore,
    forward_diff,
    sum_of_squares,
)
from core.i18n import t
from core.network import MultiLayerNet
from pages.shared import widget_key
from tests.conftest import assert_clean, open_page, rendered_text

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


def chart_frames(at, title: str) -> list[pd.DataFrame]:
    """The data drawn by the chart with this title (Streamlit ships it beside the spec)."""
    for chart in at.get("vega_lite_chart"):
        if json.loads(chart.proto.spec).get("title") == title:
            return [convert_arrow_bytes_to_pandas_df(d.data.data) for d in chart.proto.datasets]
    raise AssertionError(f"no chart titled {title!r}")


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
    assert len(specs) == 8
    assert all(spec.get("title") for spec in specs)
    titles = [s["title"] for s in specs]
    assert t("grad.error_title", lang, precision="float64") in titles
    assert t("grad.trap.path_title", lang, lr="0.5", steps=100) in titles
    assert t("grad.trap.progress_title", lang) in titles


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
    # The differences shown are computed in the precision the option names.
    dtype = np.float32 if precision == "float32" else np.float64
    for key, rule in (("grad.central_value", central_diff), ("grad.forward_value", forward_diff)):
        shown = float(metric(at, key, "zh"))
        assert shown == pytest.approx(rule(FUNCTIONS[fn].f, 1.0, 1e-4, dtype), rel=1e-8)
    central = float(metric(at, "grad.central_value", "zh"))
    if precision == "float64":
        assert central == pytest.approx(exact, rel=1e-6)
    else:  # float32 with h = 1e-4 keeps only about 3-4 digits: visibly off
        assert abs(central - exact) > 1e-5 * abs(exact)
        assert len(metric(at, "grad.central_value", "zh").replace(".", "")) <= 10  # 9 digits
    assert t("grad.precision_note", "zh", precision=precision) in rendered_text(at)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_float32_changes_the_numbers_not_only_the_chart(lang: str) -> None:
    at = open_page(PAGE, lang=lang)
    before = metric(at, "grad.central_value", lang)
    at.radio(key="grad_dtype").set_value("float32").run()
    after = metric(at, "grad.central_value", lang)
    assert before == "0.1999999999990898"  # the book's value, float64
    assert float(after) == pytest.approx(
        central_diff(FUNCTIONS["function_1"].f, 5.0, 1e-4, np.float32), rel=1e-8)
    assert after != before and abs(float(after) - 0.2) > 1e-4
    assert metric(at, "grad.exact", lang) == "0.2"  # the float64 yardstick, said so below
    assert t("grad.precision_note", lang, precision="float32") in rendered_text(at)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_lr_10_distance_line_turns_flat_and_the_page_says_why(lang: str) -> None:
    at = open_page(PAGE, lang=lang, query={"grad_lr": "10"})
    assert_clean(at)
    run = descend(sum_of_squares, (-3.0, 4.0), 10.0, 100)
    # What is drawn: the distance stops changing at step 10.
    (frame,) = chart_frames(at, t("grad.progress_title", lang))
    drawn = frame.set_index("step")["distance"]
    assert len(drawn) == 101 and drawn.loc[10:].nunique() == 1 and drawn[9] != drawn[10]
    # What is said: the caption no longer promises an endless straight line; the note explains.
    notes = [i.value for i in at.info if "10⁻⁴" in i.value]
    assert notes == [t("grad.frozen", lang, step=10, x=f"{run.magnitude:.2e}", spacing="2.4e-04",
                       grad=f"{2 * run.magnitude:.1e}", book=t("grad.frozen_book", lang))]
    assert t("grad.progress_caption", lang) in rendered_text(at)
    assert ("变平" if lang == "zh" else "turns flat") in t("grad.progress_caption", lang)


def test_converging_run_has_no_freeze_note() -> None:
    at = open_page(PAGE, lang="en")
    assert not any("10⁻⁴" in i.value and "rounds back" in i.value for i in at.info)


@pytest.mark.parametrize("n_check", [10, 60, 130, 200])
def test_network_tab_states_one_parameter_count(n_check: int) -> None:
    # It said "60" on the slider and "65 parameters checked" in the caption.
    at = open_page(PAGE, lang="en")
    at.slider(key="grad_n_check").set_value(n_check).run()
    assert not at.exception
    net = MultiLayerNet(64, [10], 10, dtype=np.float64)  # digits: 64 inputs, 10 classes
    n_total = sum(p.size for p in net.params.values())
    assert n_total == 760
    caption = t("grad.check_setup", "en", inputs=64, hidden=10, outputs=10,
                n_total=f"{n_total:,}", batch=10, n=n_check)
    assert caption in [c.value for c in at.caption]
    summary = next(df.value for df in at.dataframe if t("grad.checked", "en") in df.value.columns)
    assert int(summary[t("grad.checked", "en")].sum()) == n_check
    help_text = [m.proto.help for m in at.metric if m.label == t("grad.time_numerical", "en")]
    assert help_text == [t("grad.time_numerical_help", "en", n=n_check)]


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
        explore,
        gradient_check,
        gradient_field,
        grid_points,
        log_spaced_h,
        non_convex,
        sum_of_squares,
    )
    from core.charts import gradient as charts
    from core.network import MultiLayerNet

    labels = {k: f"<{k}>" for k in ("title", "x", "y", "x0", "x1", "g0", "g1", "magnitude",
                                    "book", "f", "step", "start", "minimum", "point", "method",
                                    "estimate", "line", "slope", "param", "index", "abs_diff",
                                    "grad_norm")}
    fn = FUNCTIONS["sin"]
    table = difference_error_table(fn.f, fn.df, 1.0, log_spaced_h(-1, -20, 1))
    field = gradient_field(sum_of_squares, grid_points(-2, 2, 0.5))
    book = field.head(3).assign(label="∇f")
    run = descend(sum_of_squares, (-3.0, 4.0), 10.0, 20)  # diverged: points leave the window
    rng = np.random.default_rng(0)
    net = MultiLayerNet(4, [3], 2, dtype=np.float64, weight_init="he")
    check = gradient_check(net, rng.normal(size=(5, 4)), rng.integers(0, 2, 5), 10, rng)
    surface = explore((0.0, 2.0), 0.5, 50)
    landmarks = pd.DataFrame({"x0": [0.0, -2.0, 1.0, 0.0], "x1": [2.0, 0.0, 0.0, 0.0],
                              "kind": ["s", "g", "l", "d"]})
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
        charts.descent_path_chart(charts.contour_cells(non_convex, 4.0, 10), surface.path, labels,
                                  extent=4.0, landmarks=landmarks),
        charts.descent_progress_chart(surface.path, labels, field="grad_norm"),
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


# ------------------------------------------------------------------ the non-convex surface
TRAP_KEYS = ("grad_trap_lr", "grad_trap_steps", "grad_trap_x0", "grad_trap_x1")


def trap_state(at) -> tuple:
    return (at.select_slider(key="grad_trap_lr").value, at.slider(key="grad_trap_steps").value,
            at.number_input(key="grad_trap_x0").value, at.number_input(key="grad_trap_x1").value)


def trap_end(at, lang: str) -> np.ndarray:
    """The end point the new section shows (the second pair of end-point metrics)."""
    values = [[float(m.value) for m in at.metric if m.label == t(f"grad.end_x{i}", lang)]
              for i in (0, 1)]
    return np.array([values[0][1], values[1][1]])


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_traps_section_renders_clean_with_the_book_terms(lang: str) -> None:
    at = open_page(PAGE, lang=lang)
    assert_clean(at)
    assert t("grad.tab.traps", lang) in [tab.label for tab in at.tabs]
    text = rendered_text(at)
    terms = ("局部极小值", "鞍点", "学习高原") if lang == "zh" else (
        "local minimum", "saddle point", "plateau")
    assert all(term in text for term in terms)
    preset = SURFACE_PRESETS["local"]
    assert trap_state(at) == (preset.lr, preset.steps, *preset.start)
    np.testing.assert_allclose(trap_end(at, lang), [1.0, 0.0], atol=1e-3)


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("name", list(SURFACE_PRESETS))
def test_each_preset_shows_what_its_caption_says(lang: str, name: str) -> None:
    at = open_page(PAGE, lang=lang)
    at.slider(key="grad_trap_steps").set_value(7).run()
    at.button(key=f"grad_trap_{name}").click().run()
    assert_clean(at)
    preset = SURFACE_PRESETS[name]
    assert trap_state(at) == (preset.lr, preset.steps, *preset.start)
    run = explore(preset.start, preset.lr, preset.steps)
    assert run.outcome == name  # the page's verdict is the preset's name
    np.testing.assert_allclose(trap_end(at, lang), run.end, rtol=1e-5, atol=1e-6)
    shown = {"local": at.warning, "saddle": at.warning, "plateau": at.warning}[name]
    verdict = t(f"grad.trap.outcome.{name}", lang, f="", grad="", n="", steps="", moved="",
                drop="")
    assert any(verdict[:12] in w.value for w in shown), [w.value for w in shown]
    # The caption under the button carries the run's own numbers.
    captions = [c.value for c in at.caption]
    start = f"({preset.start[0]:g}, {preset.start[1]:g})".replace("-", "−")
    claim = t(f"grad.trap.claim.{name}", lang, start=start, lr=f"{preset.lr:g}",
              steps=preset.steps, later=preset.later, f=f"{float(run.path['f'].iloc[-1]):.3f}",
              n=run.saddle_steps, flat=f"{FLAT:g}", moved=f"{run.moved:.2f}",
              per_step=f"{run.moved / preset.steps:.4f}", drop=f"{run.f_drop:.4f}")
    assert claim in captions
    # Both charts draw this run: the path and |grad f| at each of its steps.
    specs = chart_specs(at)
    path = next(s for s in specs
                if s.get("title") == t("grad.trap.path_title", lang, lr=f"{preset.lr:g}",
                                       steps=preset.steps))
    (norms,) = chart_frames(at, t("grad.trap.progress_title", lang))
    np.testing.assert_allclose(norms["grad_norm"], run.path["grad_norm"])
    shapes = [layer for layer in path["layer"] if layer.get("mark", {}).get("type") == "point"
              or layer.get("mark") == "point"]
    assert shapes  # the start and the three critical points are marked


def test_traps_settings_come_from_the_link_and_go_back_to_it() -> None:
    query = {"grad_trap_lr": "0.2", "grad_trap_steps": "300", "grad_trap_x0": "-3.5",
             "grad_trap_x1": "3.5"}
    at = open_page(PAGE, lang="en", query=query)
    assert_clean(at)
    assert trap_state(at) == (0.2, 300, -3.5, 3.5)
    assert not any("not valid" in i.value for i in at.info)
    at.number_input(key="grad_trap_x1").set_value(2.0).run()
    assert at.query_params["grad_trap_x1"] in ("2", ["2"])
    at.button(key="grad_trap_local").click().run()  # back to the defaults: dropped from the link
    assert not any(k in at.query_params for k in TRAP_KEYS)


def test_bad_traps_link_values_are_replaced_with_a_notice() -> None:
    query = {"grad_trap_lr": "1e9", "grad_trap_steps": "-4", "grad_trap_x0": "99",
             "grad_trap_x1": "<script>"}
    at = open_page(PAGE, lang="en", query=query)
    assert_clean(at)
    assert trap_state(at) == (10.0, 1, 4.0, SURFACE_PRESETS["local"].start[1])
    notices = " ".join(i.value for i in at.info)
    assert all(key in notices for key in query), notices
    # One step at lr 10 from (4, 1), on the plateau: the page shows that run's verdict.
    run = explore((4.0, 1.0), 10.0, 1)
    verdict = t(f"grad.trap.outcome.{run.outcome}", "en", f="", grad="", n="", steps="",
                moved="", drop="", lr="", x0="", x1="")[:12]
    assert any(verdict in el.value for kind in ("success", "warning", "info", "error")
               for el in at.get(kind))
    np.testing.assert_allclose(trap_end(at, "en"), run.end, rtol=1e-5)


def test_a_large_learning_rate_leaves_the_picture_and_says_so() -> None:
    at = open_page(PAGE, lang="zh", query={"grad_trap_lr": "10", "grad_trap_steps": "50"})
    assert_clean(at)
    assert explore((2.0, 1.0), 10.0, 50).outcome == "left"
    assert any(t("grad.trap.outcome.left", "zh", lr="10", x0="", x1="")[:8] in e.value
               for e in at.error)


def test_every_preset_and_outcome_has_its_strings() -> None:
    from core.calculus import CRITICAL_POINTS

    outcomes = {*CRITICAL_POINTS, "plateau", "moving", "left"}
    keys = [f"grad.trap.preset.{n}" for n in SURFACE_PRESETS] + [
        f"grad.trap.claim.{n}" for n in SURFACE_PRESETS] + [
        f"grad.trap.outcome.{o}" for o in outcomes]
    for key in keys:
        for lang in ("zh", "en"):
            assert "⟦" not in t(key, lang), key


# ------------------------------------------------------------------ the projector's scenes
def on_projector(lang: str, scene: str, query: dict | None = None):
    """The page in presentation mode at the scene named `scene` (set after the frame's first
    run, which would read it for the default page)."""
    from pages.gradient import SCENES

    at = open_page(None, lang=lang, query={"present": "1", **(query or {})})
    at.query_params["scene"] = str([s.key for s in SCENES].index(scene) + 1)
    return at.switch_page(PAGE).run()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_scene_shows_alone_with_its_chart_and_no_tabs(lang: str) -> None:
    from pages.gradient import SCENES

    for scene in SCENES:
        at = on_projector(lang, scene.key)
        assert_clean(at)
        assert not at.tabs and not at.error, scene.key
        assert t(scene.caption_key, lang) in [m.value for m in at.markdown]
        assert len(chart_specs(at)) == (0 if scene.key == "speed" else 1), scene.key


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_distance_scene_says_why_the_line_turns_flat(lang: str) -> None:
    at = on_projector(lang, "distance", {"grad_lr": "10"})
    assert_clean(at)
    run = descend(sum_of_squares, (-3.0, 4.0), 10.0, 100)
    assert [i.value for i in at.info if "10" in i.value] == [
        t("grad.frozen_short", lang, step=run.frozen_at)]
    # The full explanation is in the notes, with the book's frozen point.
    assert t("grad.frozen_book", lang) in rendered_text(at)
    assert np.hypot(*end_point(at, lang)) > 1e12
