"""core.charts.compare: every chart has a title, axis titles, tooltips and the run colours."""

from __future__ import annotations

import json

import altair as alt
import numpy as np
import pandas as pd
import pytest

from core.charts import compare as charts
from core.charts.spec import spec_dicts
from core.charts.theme import OKABE_ITO
from core.compare import RunRecord, differing_labels, overlay_frame
from core.evaluation import (
    confusion_frame,
    confusion_matrix,
    decision_boundary,
    images_frame,
    misclassified,
    points_frame,
)


def _record(run_id: int, **config) -> RunRecord:
    it = np.arange(1, 31)
    history = pd.DataFrame({"iteration": it, "epoch": it / 10, "loss": 2.3 / it,
                            "grad_W1": 0.1 / it, "grad_b1": 0.0 * it,
                            "grad_W2": 0.3 / it, "grad_b2": 0.02 / it})
    evaluations = pd.DataFrame({"iteration": [0, 10, 20, 30], "epoch": [0.0, 1.0, 2.0, 3.0],
                                "train_loss": [2.3, 1.0, 0.5, 0.4],
                                "train_acc": [0.1, 0.6, 0.8, 0.9],
                                "test_loss": [2.3, 1.1, 0.6, 0.5],
                                "test_acc": [0.1, 0.55, 0.75, 0.85]})
    return RunRecord(run_id, config, history, evaluations, {}, "done")


def _encodings(spec: dict) -> list[dict]:
    return [d["encoding"] for d in spec_dicts(spec) if "encoding" in d and "mark" in d] + [
        d["encoding"] for d in spec_dicts(spec) if "encoding" in d and "mark" not in d]


def _spec(chart) -> dict:
    with alt.data_transformers.disable_max_rows():
        return chart.to_dict()


def _check_legible(spec: dict, *, axes: bool = True) -> None:
    """A title, titled x/y axes and a tooltip on every mark."""
    assert spec.get("title"), "chart has no title"
    encodings = _encodings(spec)
    assert encodings
    for enc in encodings:
        assert "tooltip" in enc, f"no tooltip in {sorted(enc)}"
    if axes:
        titled = [enc for enc in encodings if enc.get("x", {}).get("title")
                  and enc.get("y", {}).get("title")]
        assert titled, "no layer has titled x and y axes"
    text = json.dumps(spec, ensure_ascii=False)
    assert "⟦" not in text, "a label is missing its translation"
    assert "configure" not in spec, "builders must not configure (the page does)"


@pytest.fixture(params=["en", "zh"])
def lang(request) -> str:
    return request.param


@pytest.fixture
def runs() -> tuple[list[RunRecord], list[str]]:
    records = [_record(1, batch_size=10), _record(2, batch_size=100), _record(3, batch_size=1)]
    return records, differing_labels([r.config for r in records], "en")


@pytest.mark.parametrize(("kind", "builder"), [
    ("loss", charts.loss_overlay), ("accuracy", charts.accuracy_overlay),
    ("gradient", lambda df, labels: charts.gradient_overlay(df, labels, 1))])
def test_overlays_are_legible_and_coloured_by_run(kind, builder, runs, lang) -> None:
    records, labels = runs
    df = overlay_frame(records, labels, kind)
    spec = _spec(builder(df, charts.labels_for(kind, lang)))
    _check_legible(spec)
    # The plot keeps its height under a legend of several runs (Streamlit's default "fit"
    # squeezed it to ~40 px): fixed height, width fitted.
    assert spec["height"] >= 240 and spec["autosize"]["type"] == "fit-x"
    colour = next(enc["color"] for enc in _encodings(spec) if "color" in enc)
    assert colour["field"] == "run"
    assert colour["scale"]["domain"] == labels
    assert colour["scale"]["range"][: len(labels)] == list(OKABE_ITO[: len(labels)])


def test_loss_overlay_log_scale(runs) -> None:
    records, labels = runs
    df = overlay_frame(records, labels, "loss")
    spec = _spec(charts.loss_overlay(df, charts.labels_for("loss", "en"), log_scale=True))
    assert spec["encoding"]["y"]["scale"]["type"] == "log"


@pytest.mark.parametrize("layer", [1, 2])
def test_gradient_overlay_draws_one_layer_on_a_linear_axis_that_shows_zero(runs, layer) -> None:
    # The step function's first layer has a gradient of exactly 0: it must be drawn, on 0.
    records, labels = runs
    df = overlay_frame(records, labels, "gradient")
    df.loc[df["layer"] == 1, "grad_norm"] = 0.0
    chart = charts.gradient_overlay(df, charts.labels_for("gradient", "en"), layer)
    spec = _spec(chart)
    assert spec["encoding"]["y"]["scale"].get("type", "linear") == "linear"
    assert spec["encoding"]["y"]["scale"]["zero"] is True
    assert set(chart.data["layer"]) == {layer} and len(chart.data) == len(df) // 2
    assert spec["title"] == f"Layer {layer}: gradient norm (0 = no learning)"


def test_loss_overlay_relative_plots_each_loss_over_its_start(runs) -> None:
    records, labels = runs
    df = overlay_frame(records, labels, "loss")
    spec = _spec(charts.loss_overlay(df, charts.labels_for("loss", "zh"), relative=True))
    assert spec["encoding"]["y"]["field"] == "loss_rel"
    assert spec["encoding"]["y"]["title"] == "损失 ÷ 初始损失"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_accuracy_chart_says_which_line_is_train_and_which_is_test(runs, lang) -> None:
    # Train and test shared one (invisible) legend symbol; the title now tells them apart.
    records, labels = runs
    spec = _spec(charts.accuracy_overlay(overlay_frame(records, labels, "accuracy"),
                                         charts.labels_for("accuracy", lang)))
    dash = spec["encoding"]["strokeDash"]
    assert dash["scale"]["range"] == [[1, 0], [5, 3]]  # test solid, training dashed
    words = {"en": ("solid: test", "dashed: training"), "zh": ("实线：测试", "虚线：训练")}[lang]
    assert all(word in spec["title"] for word in words)


def test_accuracy_overlay_separates_train_and_test(runs) -> None:
    records, labels = runs
    df = overlay_frame(records, labels, "accuracy")
    labels_dict = charts.labels_for("accuracy", "en")
    chart = charts.accuracy_overlay(df, labels_dict)
    assert set(chart.data["split"]) == {labels_dict["train"], labels_dict["test"]}
    only_test = charts.accuracy_overlay(df, labels_dict, show_train=False)
    assert set(only_test.data["split"]) == {labels_dict["test"]}


@pytest.mark.parametrize("normalise", [False, True])
def test_confusion_heatmap(normalise: bool, lang: str) -> None:
    rng = np.random.default_rng(0)
    y_true, y_pred = rng.integers(0, 4, 200), rng.integers(0, 4, 200)
    frame = confusion_frame(confusion_matrix(y_true, y_pred, 4), ("0", "1", "2", "3"))
    spec = _spec(charts.confusion_heatmap(frame, charts.labels_for("confusion", lang),
                                          normalise=normalise))
    _check_legible(spec)
    marks = [layer["mark"]["type"] if isinstance(layer["mark"], dict) else layer["mark"]
             for layer in spec["layer"]]
    assert marks == ["rect", "text"]
    text = spec["layer"][1]["encoding"]["text"]
    assert text["field"] == ("share" if normalise else "count")


def test_misclassified_grid_titles_each_panel(lang: str) -> None:
    rng = np.random.default_rng(0)
    x = rng.random((30, 64)).astype(np.float32)
    probs = rng.dirichlet(np.ones(10), size=30)
    t = (probs.argmax(axis=1) + 1) % 10  # every sample wrong
    wrong = misclassified(probs, None, t, limit=12)
    template = "true {true} → predicted {predicted}"
    frame = images_frame(x, wrong, (8, 8), tuple(str(i) for i in range(10)), template)
    chart = charts.misclassified_grid(frame, charts.labels_for("misclassified", lang))
    spec = _spec(chart)
    assert spec["title"]
    assert "tooltip" in spec["spec"]["encoding"]
    expr = spec["facet"]["header"]["labelExpr"]
    first = template.format(true=int(wrong["true"][0]), predicted=int(wrong["predicted"][0]))
    assert first in expr and "→" in expr
    assert len(chart.data) == 12 * 64


def test_decision_boundary_chart_points_on_the_grid(lang: str) -> None:
    rng = np.random.default_rng(0)
    x = rng.normal(size=(40, 2)).astype(np.float32)
    t = (x[:, 0] > 0).astype(np.int64)

    class Net:
        def predict(self, z):
            p = 1 / (1 + np.exp(-4 * z[:, 0]))
            return np.column_stack((1 - p, p))

    labels = charts.labels_for("boundary", lang)
    grid = decision_boundary(Net(), x, resolution=40)
    points = pd.concat([points_frame(x[:30], t[:30], ("a", "b"), labels["train"]),
                        points_frame(x[30:], t[30:], ("a", "b"), labels["test"])])
    spec = _spec(charts.decision_boundary_chart(grid, points, labels, ("a", "b")))
    _check_legible(spec, axes=False)
    background, dots = spec["layer"]
    assert background["encoding"]["x"]["title"] and background["encoding"]["y"]["title"]
    assert dots["encoding"]["shape"]["scale"]["range"] == ["circle", "triangle-up"]
    assert dots["encoding"]["shape"]["scale"]["domain"] == [labels["train"], labels["test"]]
    assert background["encoding"]["color"]["scale"]["range"][:2] == list(OKABE_ITO[:2])


@pytest.mark.parametrize("name", ["loss", "accuracy", "gradient", "confusion", "misclassified",
                                  "boundary"])
def test_labels_are_translated(name: str, lang: str) -> None:
    labels = charts.labels_for(name, lang)
    assert labels and all(v and "⟦" not in v for v in labels.values())
