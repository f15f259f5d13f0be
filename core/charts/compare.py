"""Charts for comparing runs and for what a trained network gets right and wrong.

Each builder takes tidy DataFrames (from core.compare / core.evaluation) and a dict of
translated labels, and returns an Altair chart; none calls .configure_*() (the page's
pages.shared.altair applies presentation styling). `labels_for(name, lang)` gives the
labels dict each builder expects.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

import altair as alt
import numpy as np
import pandas as pd

from core.charts.labels import labels_for  # noqa: F401 - the builders' labels, re-exported
from core.charts.theme import FIT_WIDTH, SEQUENTIAL_SCHEME, categorical, pixel_cell

CHART_HEIGHT = 260


def _runs(df: pd.DataFrame) -> list[str]:
    """Run labels in order of first appearance (the legend order)."""
    return list(dict.fromkeys(df["run"])) if "run" in df else []


# Where the runs' legend goes: below the plot; inside its top right corner (on the projector,
# where a loss has fallen away from it: below, it pushed the x axis off a 720 px screen); or
# nowhere (the chart beside it names the same runs in the same colours).
LEGENDS = {"bottom": {"orient": "bottom", "columns": 2},
           "inside": {"orient": "top-right", "fillColor": "rgba(255, 255, 255, 0.85)",
                      "padding": 4, "cornerRadius": 4}}


def _run_colour(df: pd.DataFrame, title: str, legend: str = "bottom") -> alt.Color:
    runs = _runs(df)
    return alt.Color("run:N", title=title, scale=categorical(runs), sort=runs,
                     legend=alt.Legend(labelLimit=320, **LEGENDS[legend]) if legend in LEGENDS
                     else None)


# ------------------------------------------------------------------ overlays of runs


def loss_overlay(df: pd.DataFrame, labels: dict[str, str], *, log_scale: bool = False,
                 relative: bool = False, legend: str = "bottom") -> alt.Chart:
    """Smoothed mini-batch loss per iteration, one line per run (df from overlay_frame "loss").

    relative: each run's loss divided by its value at the start ("loss_rel"), for runs that
    minimise different losses (MSE and cross-entropy are in different units).
    legend: "bottom", "inside" or "none" (LEGENDS).
    """
    field, title, y_title = (("loss_rel", labels["title_rel"], labels["y_rel"]) if relative
                             else ("loss_smooth", labels["title"], labels["y"]))
    y_scale = alt.Scale(type="log") if log_scale else alt.Scale(zero=True)  # never zoom a flat loss
    data = df[df[field] > 0] if log_scale else df  # log scale: drop zeros, keep the rest
    return alt.Chart(data).mark_line(strokeWidth=2, clip=True).encode(
        x=alt.X("iteration:Q", title=labels["x"]),
        y=alt.Y(f"{field}:Q", title=y_title, scale=y_scale),
        color=_run_colour(df, labels["run"], legend),
        tooltip=[
            alt.Tooltip("run:N", title=labels["run"]),
            alt.Tooltip("iteration:Q", title=labels["x"]),
            alt.Tooltip("epoch:Q", title=labels["epoch"], format=".2f"),
            alt.Tooltip(f"{field}:Q", title=y_title, format=".4f"),
            alt.Tooltip("loss:Q", title=labels["raw"], format=".4f"),
        ],
    ).properties(title=title, height=CHART_HEIGHT, autosize=FIT_WIDTH)


def accuracy_overlay(df: pd.DataFrame, labels: dict[str, str], *, show_train: bool = True,
                     legend: str = "bottom") -> alt.Chart:
    """Test accuracy (solid) and, optionally, train accuracy (dashed) per epoch for each run;
    legend: "bottom", "inside" or "none" (LEGENDS)."""
    value_vars = ["test_acc"] + (["train_acc"] if show_train and "train_acc" in df else [])
    id_vars = [c for c in ("run", "iteration", "epoch") if c in df]
    long = df.melt(id_vars=id_vars, value_vars=value_vars, var_name="split", value_name="accuracy")
    long["split"] = long["split"].map({"train_acc": labels["train"], "test_acc": labels["test"]})
    splits = [labels["test"], labels["train"]]
    # The title says which line is which ("solid: test, dashed: training"): Streamlit's theme
    # drew the strokeDash legend's symbols invisible, so train and test looked alike there.
    return alt.Chart(long).mark_line(point=True, strokeWidth=2).encode(
        x=alt.X("epoch:Q", title=labels["x"]),
        y=alt.Y("accuracy:Q", title=labels["y"], scale=alt.Scale(domain=[0, 1]),
                axis=alt.Axis(format="%")),
        color=_run_colour(df, labels["run"], legend),
        strokeDash=alt.StrokeDash("split:N", title=labels["split"], sort=splits, legend=None,
                                  scale=alt.Scale(domain=splits, range=[[1, 0], [5, 3]])),
        tooltip=[
            alt.Tooltip("run:N", title=labels["run"]),
            alt.Tooltip("split:N", title=labels["split"]),
            alt.Tooltip("epoch:Q", title=labels["x"], format=".2f"),
            alt.Tooltip("accuracy:Q", title=labels["y"], format=".2%"),
        ],
    ).properties(title=labels["title"], height=CHART_HEIGHT, autosize=FIT_WIDTH)


def gradient_overlay(df: pd.DataFrame, labels: dict[str, str], layer: int) -> alt.Chart:
    """The L2 norm of one layer's gradient per iteration, one line per run (df from
    overlay_frame "gradient"). A linear axis from 0: a layer that cannot learn (the step
    function's first layer) lies exactly on 0, which a log axis could not show."""
    data = df[df["layer"] == layer]
    return alt.Chart(data).mark_line(strokeWidth=1.5, opacity=0.85).encode(
        x=alt.X("iteration:Q", title=labels["x"]),
        y=alt.Y("grad_norm:Q", title=labels["y"], scale=alt.Scale(zero=True)),
        color=_run_colour(df, labels["run"]),
        tooltip=[
            alt.Tooltip("run:N", title=labels["run"]),
            alt.Tooltip("iteration:Q", title=labels["x"]),
            alt.Tooltip("epoch:Q", title=labels["epoch"], format=".2f"),
            alt.Tooltip("grad_norm:Q", title=labels["y"], format=".3g"),
        ],
    ).properties(title=labels["title"].format(n=layer), height=CHART_HEIGHT, autosize=FIT_WIDTH)


# ------------------------------------------------------------------ after training


def confusion_heatmap(df: pd.DataFrame, labels: dict[str, str], *, normalise: bool = False) -> alt.LayerChart:
    """Confusion matrix as a heat map with the number (or row share) in each cell."""
    classes = list(dict.fromkeys(df["true"]))
    value, fmt = ("share", ".0%") if normalise else ("count", "d")
    top = float(df[value].max()) if len(df) else 0.0
    base = alt.Chart(df).encode(
        # Every class labelled: at projector size Vega dropped every other one (no 7).
        x=alt.X("predicted:N", title=labels["x"], sort=classes,
                axis=alt.Axis(labelAngle=0, labelOverlap=False)),
        y=alt.Y("true:N", title=labels["y"], sort=classes, axis=alt.Axis(labelOverlap=False)),
        tooltip=[
            alt.Tooltip("true:N", title=labels["y"]),
            alt.Tooltip("predicted:N", title=labels["x"]),
            alt.Tooltip("count:Q", title=labels["count"]),
            alt.Tooltip("share:Q", title=labels["share"], format=".1%"),
        ],
    )
    cells = base.mark_rect().encode(
        color=alt.Color(f"{value}:Q", title=labels["share" if normalise else "count"],
                        scale=alt.Scale(scheme=SEQUENTIAL_SCHEME),
                        legend=alt.Legend(format=fmt)),
    )
    # Light text on the dark (low) end of viridis, dark text on the bright end.
    text = base.mark_text(baseline="middle").encode(
        text=alt.Text(f"{value}:Q", format=fmt),
        color=alt.condition(alt.datum[value] > 0.5 * top, alt.value("black"), alt.value("white")),
    )
    side = max(240, 34 * len(classes))
    return alt.layer(cells, text).properties(title=labels["title"], width=side, height=side)


def misclassified_grid(df: pd.DataFrame, labels: dict[str, str], *, columns: int = 6,
                       size: int = 84, label_size: int = 11) -> alt.FacetChart:
    """Misclassified images as a facet of small heat maps (df from evaluation.images_frame).

    Each panel's title is its "true 3 → predicted 8" text; panels are keyed by `order` so two
    mistakes with the same title stay apart.
    """
    titles = df.drop_duplicates("order").sort_values("order")["sample"].tolist()
    label_expr = f"{json.dumps(titles, ensure_ascii=False)}[datum.value]"
    return pixel_cell(df, "sample", labels["image"], labels, size).facet(
        facet=alt.Facet("order:O", title=None,
                        header=alt.Header(labelExpr=label_expr, labelFontSize=label_size,
                                          labelLimit=size * 2)),
        columns=columns,
    ).properties(title=labels["title"])


def _step(values: pd.Series) -> float:
    """The spacing of an evenly spaced grid axis."""
    unique = np.unique(values.to_numpy())
    return float(unique[1] - unique[0]) if len(unique) > 1 else 1.0


def decision_boundary_chart(grid: pd.DataFrame, points: pd.DataFrame, labels: dict[str, str],
                            class_names: Sequence[str]) -> alt.LayerChart:
    """The predicted class over the plane (paler where the network is unsure), with the
    training points (circles) and test points (triangles) on top, coloured by true class.

    grid: x0, x1, predicted, probability (evaluation.decision_boundary);
    points: x0, x1, class, split (evaluation.points_frame, split = labels["train"/"test"]).
    """
    names = [str(c) for c in class_names]
    cells = grid[["x0", "x1", "probability"]].copy()
    cells["class"] = np.asarray(names, dtype=object)[grid["predicted"].to_numpy()]
    colour = categorical(names)
    # Cell edges are computed in the browser from the grid step: less data to send.
    h0, h1 = _step(grid["x0"]) / 2, _step(grid["x1"]) / 2
    x_scale = alt.Scale(domain=[float(grid["x0"].min() - h0), float(grid["x0"].max() + h0)], nice=False)
    y_scale = alt.Scale(domain=[float(grid["x1"].min() - h1), float(grid["x1"].max() + h1)], nice=False)
    background = alt.Chart(cells).transform_calculate(
        x0_lo=f"datum.x0 - {h0!r}", x0_hi=f"datum.x0 + {h0!r}",
        x1_lo=f"datum.x1 - {h1!r}", x1_hi=f"datum.x1 + {h1!r}",
    ).mark_rect().encode(
        x=alt.X("x0_lo:Q", title=labels["x"], scale=x_scale),
        x2="x0_hi:Q",
        y=alt.Y("x1_lo:Q", title=labels["y"], scale=y_scale),
        y2="x1_hi:Q",
        color=alt.Color("class:N", title=labels["class"], scale=colour, sort=names),
        opacity=alt.Opacity("probability:Q", scale=alt.Scale(domain=[1 / max(2, len(names)), 1],
                                                             range=[0.05, 0.45]), legend=None),
        tooltip=[
            alt.Tooltip("x0:Q", title=labels["x"], format=".2f"),
            alt.Tooltip("x1:Q", title=labels["y"], format=".2f"),
            alt.Tooltip("class:N", title=labels["predicted"]),
            alt.Tooltip("probability:Q", title=labels["probability"], format=".1%"),
        ],
    )
    splits = [labels["train"], labels["test"]]
    dots = alt.Chart(points).mark_point(filled=True, size=36, stroke="black", strokeWidth=0.6,
                                        opacity=0.9).encode(
        x=alt.X("x0:Q", scale=x_scale),
        y=alt.Y("x1:Q", scale=y_scale),
        color=alt.Color("class:N", scale=colour, sort=names, title=labels["class"]),
        shape=alt.Shape("split:N", title=labels["split"], sort=splits,
                        scale=alt.Scale(domain=splits, range=["circle", "triangle-up"])),
        tooltip=[
            alt.Tooltip("split:N", title=labels["split"]),
            alt.Tooltip("class:N", title=labels["class"]),
            alt.Tooltip("x0:Q", title=labels["x"], format=".2f"),
            alt.Tooltip("x1:Q", title=labels["y"], format=".2f"),
        ],
    )
    return alt.layer(background, dots).properties(title=labels["title"], width=420, height=420)
