"""The training lab's live charts as data: the columns drawn on each refresh, and the
Vega-Lite specs they fill. NumPy and Altair only; the page sends them to the browser.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import altair as alt
import numpy as np
import pandas as pd

from core.charts import training as charts
from core.charts.labels import labels_for
from core.charts.spec import spec_dicts
from core.charts.theme import FIT_WIDTH, laptop_config, presentation_config
from core.history import downsample_index, smoothing_span
from core.i18n import t
from core.lab.session import LabRun

LIVE_POINTS = 600  # points per series sent per refresh (about one per pixel of a chart)
LIVE_EVALS = 300  # per-epoch evaluations drawn (a 1,000-epoch run is thinned evenly)
MARKED_EVALS = 60  # up to this many evaluations, each gets a dot on its curve

# Each live chart's named data sets (the spec is built once per language/scale, see chart_specs).
CHART_DATA = {"loss": ("lab_loss", "lab_loss_hover", "lab_loss_marks"),
              "acc": ("lab_acc_wide", "lab_acc_long"),
              "grad": ("lab_grad", "lab_grad_hover"), "hist": ("lab_hist",)}
# The columns each data set's layers read (encodings, tooltips): only these are sent live.
LIVE_COLUMNS = {
    "lab_loss": ("iteration", "value", "series"),
    "lab_loss_hover": ("iteration", "epoch", "value", "series"),
    "lab_loss_marks": ("iteration", "value", "series"),
    "lab_acc_wide": ("epoch", "train_acc", "test_acc", "gap", "series"),
    "lab_acc_long": ("epoch", "accuracy", "series"),
    "lab_grad": ("iteration", "shown", "series"),
    "lab_grad_hover": ("iteration", "shown", "norm", "series"),
    "lab_hist": ("bin_start", "bin_end", "count"),
}
EVAL_KEYS = ("iteration", "epoch", "train_loss", "train_acc", "test_loss", "test_acc")


def evaluation_columns(evaluations: list[dict[str, float]],
                       max_points: int) -> dict[str, np.ndarray]:
    """The per-epoch evaluations as arrays, at most max_points of them (evenly thinned)."""
    idx = downsample_index(len(evaluations), max_points) if evaluations else []
    rows = [evaluations[i] for i in idx]
    return {key: np.array([row[key] for row in rows], dtype=np.float64) for key in EVAL_KEYS}


def _take(columns: dict[str, np.ndarray], mask: np.ndarray) -> dict[str, np.ndarray]:
    return {key: value[mask] for key, value in columns.items()}


def chart_data(run: LabRun, lang: str) -> dict[str, dict[str, np.ndarray]]:
    """The columns the live charts draw: LIVE_POINTS per series, LIVE_EVALS evaluations at most.

    NumPy only: this runs on every refresh, between two slices of training.
    """
    trainer = run.trainer
    buffer = trainer.history  # the run's one store of its iterations
    evals = evaluation_columns(trainer.evaluations, LIVE_EVALS)
    steps = buffer.loss_columns(smoothing_span(trainer.iters_per_epoch), LIVE_POINTS)
    first = trainer.last_grads.get("W1", np.zeros_like(run.w1_init))
    wide, long = charts.accuracy_columns(evals, labels_for("lab.accuracy", lang))
    loss = charts.loss_columns(steps, evals, labels_for("lab.loss", lang))
    grad = charts.gradient_columns(buffer.gradient_columns(LIVE_POINTS), labels_for("lab.gradient", lang))
    evaluated = np.isin(loss["series"], [t("lab.chart.train", lang), t("lab.chart.test", lang)])
    hist = charts.histogram_frame(first)
    return {"lab_loss": loss, "lab_loss_hover": _take(loss, loss["hover"]),
            "lab_loss_marks": _take(loss, evaluated),
            "lab_acc_wide": wide, "lab_acc_long": long,
            "lab_grad": grad, "lab_grad_hover": _take(grad, grad["hover"]),
            "lab_hist": {key: hist[key].to_numpy() for key in hist.columns}}


def chart_frames(data: dict[str, dict[str, np.ndarray]]) -> dict[str, pd.DataFrame]:
    """chart_data as DataFrames with every column (for Altair charts built with their rows)."""
    return {name: pd.DataFrame(columns) for name, columns in data.items()}


def build_charts(data: dict[str, Any], lang: str, log_scale: bool, n_layers: int,
                 points: bool = True) -> dict[str, Any]:
    """Altair charts over `data`: DataFrames, or alt.NamedData for a reusable template."""
    return {
        "loss": charts.loss_chart(data["lab_loss"], labels_for("lab.loss", lang), log_scale=log_scale,
                                  points=points, hover=data["lab_loss_hover"],
                                  marks=data["lab_loss_marks"]),
        "acc": charts.accuracy_chart(data["lab_acc_wide"], data["lab_acc_long"],
                                     labels_for("lab.accuracy", lang), points=points),
        "grad": charts.gradient_norm_chart(data["lab_grad"], labels_for("lab.gradient", lang), n_layers,
                                           hover=data["lab_grad_hover"]),
        "hist": charts.gradient_histogram(data["lab_hist"], labels_for("lab.histogram", lang)),
    }


# On the projector the legends sit inside the plots, in the corner each curve leaves free
# (a loss falls away from the top right, an accuracy rises away from the top left): below
# three charts side by side, one entry per row, they took a third of a 720 px screen.
INSIDE_LEGEND = {"loss": "top-right", "acc": "top-left", "grad": "top-right",
                 "hist": "top-right"}
SCENE_CHARTS = ("loss", "acc", "grad")  # the projector's live run: three charts side by side
INSIDE_LEGEND_FONT = 16  # a legend inside a plot a third of 1,024 px wide: 18 px covered it


@dataclass(frozen=True)
class SceneLayout:
    """The live charts as a projector scene shows them: plots of `height` px, legends inside
    the plots, and no title (each y axis names its chart; the titles' line pushed the x axes
    off a 720 px screen)."""

    height: int


def chart_specs(lang: str, log_scale: bool, n_layers: int, present: bool,
                points: bool, scene: SceneLayout | None = None) -> dict[str, dict]:
    """Vega-Lite specs of the live charts without their rows (the page caches them).

    Building an Altair chart costs tens of milliseconds; on every refresh only the rows
    change, so the page fills these templates instead (fill_spec).
    """
    names = {name: alt.NamedData(name=name) for names in CHART_DATA.values() for name in names}
    built = build_charts(names, lang, log_scale, n_layers, points)
    if scene is not None:
        built = {kind: built[kind] for kind in SCENE_CHARTS}
    # The same styling pages.shared.altair applies to other pages' charts.
    # Not validated here (that is two thirds of the time, on a student's first refresh): the
    # tests validate every template (test_live_data_sets_carry_every_field_their_layers_read).
    styled = {kind: presentation_config(chart) if present else laptop_config(chart)
              for kind, chart in built.items()}
    specs = {kind: chart.to_dict(validate=False) for kind, chart in styled.items()}
    for kind, spec in specs.items():
        spec["autosize"] = FIT_WIDTH  # plots of HEIGHT, level side by side
        if scene is not None:
            spec["height"] = scene.height
            spec.pop("title", None)
        # A canvas redraws a few thousand marks several times a second far faster than SVG.
        spec["usermeta"] = {"embedOptions": {"renderer": "canvas"}}
        # Per-point ARIA descriptions are SVG-only; on a canvas they are never shown, yet Vega
        # would format one for every point of every line on each refresh (by interpreter).
        spec.setdefault("config", {})["aria"] = False
        for node in spec_dicts(spec):
            data, legend = node.get("data"), node.get("legend")
            if isinstance(data, dict) and set(data) == {"name"}:
                # Rows arrive typed (Arrow numbers): without this, Vega-Lite adds a per-row
                # toNumber() that the browser re-evaluates for every row on each refresh.
                data["format"] = {"parse": None}
            if present and isinstance(legend, dict) and "columns" in legend:
                # Labels ~1.7x larger: even two per row were cut off at the edge of a
                # half-width chart at 1280 px ("测试数据"). Below the plot, extra rows cost
                # height only: the plots beside each other stay level.
                legend["columns"] = 1
                if scene is not None:
                    legend.update(orient=INSIDE_LEGEND[kind], direction="vertical",
                                  fillColor="rgba(255, 255, 255, 0.85)", padding=4,
                                  cornerRadius=4, labelFontSize=INSIDE_LEGEND_FONT,
                                  symbolSize=60, rowPadding=2)
    return specs


def fill_spec(template: dict, data: dict[str, Any], kind: str) -> dict:
    """A copy of a chart's spec with this refresh's rows for its named data sets."""
    spec = dict(template)
    spec["datasets"] = {name: data[name] for name in CHART_DATA[kind]}
    return spec


def n_layers(run: LabRun) -> int:
    """Layers with weights: the hidden layers and the output layer."""
    return len(run.config["hidden_sizes"]) + 1


def marked(run: LabRun) -> bool:
    """Dot each evaluation on its curve (few enough of them to stay readable)."""
    return len(run.trainer.evaluations) <= MARKED_EVALS
