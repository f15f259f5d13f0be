"""core.charts.training: the lab's live charts carry titles, axis labels, tooltips, the palette."""

from __future__ import annotations

import json

import altair as alt
import numpy as np
import pandas as pd
import pytest

from core.charts import training as ct
from core.charts.spec import spec_dicts
from core.charts.theme import OKABE_ITO
from core.history import HistoryBuffer

LABELS = {
    "title": "T", "x": "Iteration", "y": "Y", "epoch": "Epoch", "series": "Series",
    "minibatch": "Each mini-batch", "smoothed": "Smoothed", "train": "Train", "test": "Test",
    "gap": "Gap", "layer": "Layer {n}", "from": "From", "to": "To",
}


def _buffer(n: int = 300, layers: int = 2, first_zero: bool = False) -> HistoryBuffer:
    rng = np.random.default_rng(0)
    buf = HistoryBuffer()
    records = []
    for i in range(n):
        rec = {"iteration": i + 1, "epoch": (i + 1) / 30, "loss": 2.3 * np.exp(-i / 100) + 0.1 * rng.random()}
        for k in range(1, layers + 1):
            value = 0.0 if first_zero and k == 1 else 0.5 / (k + i / 50)
            rec[f"grad_W{k}"], rec[f"grad_b{k}"] = value, value / 10
        records.append(rec)
    buf.append(records)
    return buf


def _evals(epochs: int = 10) -> pd.DataFrame:
    e = np.arange(epochs + 1, dtype=float)
    return pd.DataFrame({"iteration": e * 30, "epoch": e, "train_loss": 2.3 / (1 + e),
                         "test_loss": 2.4 / (1 + e), "train_acc": 1 - 0.9 / (1 + e),
                         "test_acc": 1 - 0.95 / (1 + e)})


def _spec(chart: alt.TopLevelMixin) -> dict:
    spec = chart.to_dict()
    json.dumps(spec)  # serialisable, no NaN sneaking through as a Python float in the spec
    return spec


def _data(spec: dict) -> list[pd.DataFrame]:
    return [pd.DataFrame(rows) for rows in spec.get("datasets", {}).values()]


def _tooltips(spec: dict) -> list:
    return [node["tooltip"] for node in spec_dicts(spec) if isinstance(node, dict) and "tooltip" in node
            and isinstance(node["tooltip"], list)]


def _no_configure(spec: dict) -> bool:
    """Only Altair's default view size: no configure_* styling by the builder."""
    return set(spec.get("config", {})) <= {"view"}


def _builds() -> dict[str, alt.TopLevelMixin]:
    buf = _buffer()
    evals = _evals()
    loss = ct.loss_frame(buf.loss_frame(10), evals, LABELS)
    return {
        "loss": ct.loss_chart(loss, LABELS),
        "loss_log": ct.loss_chart(loss, LABELS, log_scale=True),
        "grad": ct.gradient_norm_chart(ct.gradient_frame(buf.gradient_frame(), LABELS), LABELS, 2),
        "hist": ct.gradient_histogram(ct.histogram_frame(np.linspace(-1, 1, 500)), LABELS),
        "acc": ct.accuracy_chart(*ct.accuracy_frames(evals, LABELS), LABELS),
    }


@pytest.mark.parametrize("name", ["loss", "loss_log", "grad", "hist", "acc"])
def test_chart_has_title_axes_tooltips_and_no_configure(name: str) -> None:
    spec = _spec(_builds()[name])
    assert spec["title"] == "T"
    assert _no_configure(spec)
    titles = {node.get("title") for node in spec_dicts(spec) if isinstance(node, dict)}
    assert {"Iteration", "Y"} & titles or {"Epoch", "Y"} & titles
    assert _tooltips(spec), "hover values on the curves"


def test_loss_chart_holds_every_series_and_log_scale() -> None:
    spec = _spec(_builds()["loss_log"])
    frame = max(_data(spec), key=len)  # the lines; the others are hover and dot subsets
    assert set(frame["series"]) == {"Each mini-batch", "Smoothed", "Train", "Test"}
    assert (frame["series"] == "Each mini-batch").sum() == 300
    assert (frame["series"] == "Train").sum() == 11
    scales = [node["scale"] for node in spec_dicts(spec) if isinstance(node, dict) and "scale" in node]
    assert {"type": "log"} in scales
    colours = [node["scale"]["range"] for node in spec_dicts(spec)
               if isinstance(node, dict) and isinstance(node.get("scale"), dict)
               and "range" in node["scale"] and isinstance(node["scale"]["range"][0], str)]
    assert colours and all(c in OKABE_ITO for rng in colours for c in rng)
    hover = min(_data(spec), key=len)
    assert len(hover) <= 4 * ct.HOVER_POINTS


def test_linear_loss_axis_starts_at_zero_so_a_flat_loss_looks_flat() -> None:
    # An MSE run stuck at 0.450 was auto-zoomed to 0.449-0.451 and looked like learning.
    spec = _spec(_builds()["loss"])
    scales = [node["scale"] for node in spec_dicts(spec)
              if isinstance(node, dict) and isinstance(node.get("scale"), dict)
              and node.get("field") == "value"]
    assert scales and all(scale.get("zero") is True for scale in scales)


def test_no_per_row_filters_on_the_big_data() -> None:
    """Streamlit interprets Vega expressions: the lines must not filter thousands of rows."""
    for name in ("loss", "grad"):
        spec = _spec(_builds()[name])
        for layer in spec["layer"]:
            filtered = any("filter" in step for step in layer.get("transform", []))
            if filtered:  # only the hover rule/points filter, and only the thinned rows
                rows = spec["datasets"][layer["data"]["name"]]
                assert len(rows) <= 4 * ct.HOVER_POINTS


def test_loss_chart_turns_infinite_loss_into_a_gap() -> None:
    steps = pd.DataFrame({"iteration": [1, 2, 3], "epoch": [0.1, 0.2, 0.3],
                          "loss": [1.0, np.inf, np.nan], "smoothed": [1.0, np.nan, np.nan]})
    frame = ct.loss_frame(steps, _evals(0), LABELS)
    mini = frame[frame["series"] == "Each mini-batch"]["value"]
    assert mini.iloc[0] == 1.0 and mini.iloc[1:].isna().all()
    json.dumps(_spec(ct.loss_chart(frame, LABELS)))


def test_gradient_chart_draws_zero_at_the_floor_and_keeps_the_true_value() -> None:
    buf = _buffer(first_zero=True)
    spec = _spec(ct.gradient_norm_chart(ct.gradient_frame(buf.gradient_frame(), LABELS), LABELS, 2))
    frame = pd.concat(_data(spec))
    first = frame[frame["series"] == "Layer 1"]
    assert (first["norm"] == 0).all() and (first["shown"] == ct.NORM_FLOOR).all()
    assert set(frame["series"]) == {"Layer 1", "Layer 2"}


@pytest.mark.parametrize("values,bars", [
    (np.zeros((64, 50)), 1),            # the step function: every gradient exactly 0
    (np.linspace(-1, 1, 1000), 40),
    (np.random.default_rng(0).normal(size=500), 40),  # the why-a-loss page's use: any spread
    (np.array([np.nan, np.inf]), 1),    # nothing finite: one empty bar, no error
])
def test_histogram_frame(values: np.ndarray, bars: int) -> None:
    hist = ct.histogram_frame(values)
    assert len(hist) == bars
    finite = np.isfinite(np.asarray(values, dtype=float)).sum()
    assert hist["count"].sum() == finite
    assert (hist["bin_end"] >= hist["bin_start"]).all()


def test_accuracy_chart_shows_the_gap() -> None:
    evals = _evals(5)
    spec = _spec(ct.accuracy_chart(*ct.accuracy_frames(evals, LABELS), LABELS))
    marks = [node.get("mark") for node in spec["layer"]]
    assert any((m == "area") or (isinstance(m, dict) and m.get("type") == "area") for m in marks)
    frames = _data(spec)
    wide = next(f for f in frames if "gap" in f and "train_acc" in f)
    assert np.allclose(wide["gap"], evals["train_acc"] - evals["test_acc"])


def test_empty_run_still_builds() -> None:
    buf = HistoryBuffer()
    evals = _evals(0)
    for chart in (ct.loss_chart(ct.loss_frame(buf.loss_frame(5), evals, LABELS), LABELS),
                  ct.gradient_norm_chart(ct.gradient_frame(buf.gradient_frame(), LABELS), LABELS, 1),
                  ct.accuracy_chart(*ct.accuracy_frames(evals, LABELS), LABELS)):
        _spec(chart)


def test_named_data_template_has_no_rows_and_names_its_data() -> None:
    """The page builds each spec once with named data and swaps only the rows per refresh."""
    spec = _spec(ct.loss_chart(alt.NamedData(name="lab_loss"), LABELS))
    assert "datasets" not in spec
    names = {node["data"]["name"] for node in spec_dicts(spec)
             if isinstance(node, dict) and isinstance(node.get("data"), dict)}
    assert names == {"lab_loss"}
    spec = _spec(ct.accuracy_chart(alt.NamedData(name="w"), alt.NamedData(name="l"), LABELS))
    names = {node["data"]["name"] for node in spec_dicts(spec)
             if isinstance(node, dict) and isinstance(node.get("data"), dict)}
    assert names == {"w", "l"}


def test_hover_points_are_few_per_series() -> None:
    buf = _buffer(5000)
    frame = ct.loss_frame(buf.loss_frame(10), _evals(300), LABELS)
    per_series = frame[frame["hover"]].groupby("series").size()
    assert (per_series <= ct.HOVER_POINTS).all() and len(per_series) == 4
    grads = ct.gradient_frame(buf.gradient_frame(), LABELS)
    assert (grads[grads["hover"]].groupby("series").size() <= ct.HOVER_POINTS).all()
    small = ct.hover_mask(pd.Series(["a", "a", "b"]))
    assert small.tolist() == [True, True, True]


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("chart, one_row", [("lab.chart.loss", False), ("lab.chart.accuracy", True)])
def test_legend_entries_fit_a_half_width_chart(lang: str, chart: str, one_row: bool) -> None:
    """The four loss series take two rows (one row cut "Test data" off); three short ones one."""
    from core.i18n import t

    keys = {"lab.chart.loss": ["lab.chart.loss.minibatch", "lab.chart.loss.smoothed",
                               "lab.chart.train", "lab.chart.test"],
            "lab.chart.accuracy": ["lab.chart.train", "lab.chart.test", "lab.chart.acc.gap"]}[chart]
    domain = [t(key, lang) for key in keys]
    assert not any("⟦" in label for label in domain)
    assert ct.legend_columns(domain) == (len(domain) if one_row else 2)


def test_a_cjk_label_counts_double() -> None:
    assert ct.label_width("训练数据") == ct.label_width("Training") == 8 + 5
