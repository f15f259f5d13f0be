"""The training lab's three live charts: loss, gradient and accuracy.

The *_frame helpers turn a run's (already downsampled) history into tidy DataFrames; the
builders take those frames and a dict of translated labels and return Altair charts. A builder
also accepts `alt.NamedData(name)` instead of a frame: the page then builds the chart's spec
once and only swaps the data on each live refresh (building and validating an Altair chart
costs far more than the training step it would interrupt). Builders never call configure_*.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping

import altair as alt
import numpy as np
import pandas as pd

from core.charts.theme import OKABE_ITO, TEST_COLOUR, TRAIN_COLOUR

MINIBATCH_COLOUR, SMOOTHED_COLOUR, GAP_COLOUR = OKABE_ITO[5], OKABE_ITO[2], OKABE_ITO[4]
LAYER_COLOURS = (OKABE_ITO[0], OKABE_ITO[1], OKABE_ITO[2], OKABE_ITO[3])
# A gradient of exactly 0 (the step function's first layer) has no place on a log axis:
# it is drawn at this floor and the tooltip shows the true value.
NORM_FLOOR = 1e-12
# Height of the plot itself: title, axes and legend come on top of it where the chart is drawn
# with autosize "fit-x" (FIT_WIDTH; Streamlit's default "fit" would squeeze a plot whose legend
# takes two rows). With the legends below the axis, charts side by side then have their plots
# and x axes level, whatever their legends.
HEIGHT = 220
# Hover picks the nearest of at most this many points per series: Vega builds a Voronoi
# diagram over the hover points on every refresh, which must stay cheap for the browser.
HOVER_POINTS = 100
Labels = Mapping[str, str]
Data = pd.DataFrame | alt.NamedData


def _hover(field: str, name: str) -> alt.Parameter:
    """Nearest-point hover on the x field: the rule and the highlighted points follow it.

    Named per chart, so charts put side by side (the HTML export) keep their own hover.
    """
    return alt.selection_point(name=name, nearest=True, on="pointerover", fields=[field],
                               empty=False, clear="pointerout")


LEGEND_ROW = 56  # label widths (a CJK character counts 2) that fit one row of a half-width chart


def label_width(text: str) -> int:
    """Rough width of a legend label in half-width characters, plus its symbol and gap."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text) + 5


def legend_columns(domain: list[str]) -> int:
    """All entries in one row when they fit a half-width chart, else two per row."""
    return len(domain) if sum(map(label_width, domain)) <= LEGEND_ROW else 2


def _colour(domain: list[str], colours: list[str], title: str) -> alt.Color:
    # Legend below the plot, untitled (the entries name themselves; `title` labels tooltips):
    # one row, or two per row when one row would be cut off at the chart's edge (four loss
    # series in a half-width column).
    return alt.Color("series:N", title=title,
                     scale=alt.Scale(domain=domain, range=colours),
                     legend=alt.Legend(orient="bottom", title=None, direction="horizontal",
                                       labelLimit=200, columns=legend_columns(domain)))


def hover_mask(groups: pd.Series, limit: int = HOVER_POINTS) -> np.ndarray:
    """True for at most `limit` evenly spread rows of each group (first and last included)."""
    mask = np.zeros(len(groups), dtype=bool)
    for rows in groups.groupby(groups, sort=False).indices.values():
        keep = np.unique(np.linspace(0, len(rows) - 1, min(limit, len(rows))).round().astype(int))
        mask[rows[keep]] = True
    return mask


def _hover_layers(hover_rows: Data, x: alt.X, y: alt.Y, colour: alt.Color,
                  tooltip: list[alt.Tooltip], name: str,
                  field: str = "iteration") -> list[alt.Chart]:
    """Invisible points over `hover_rows` (a thinned copy of the data) catch the pointer; the
    nearest x gets a rule and highlighted points with a tooltip.

    Separate rows rather than a filter: Streamlit evaluates Vega expressions with an
    interpreter (no eval), so a per-row filter on every refresh costs the browser dearly.
    """
    hover = _hover(field, name)
    base = alt.Chart(hover_rows).encode(x=x, y=y, color=colour)
    catcher = base.mark_point(opacity=0, size=80).encode(tooltip=tooltip).add_params(hover)
    rule = alt.Chart(hover_rows).mark_rule(color="#999999").encode(x=x).transform_filter(hover)
    marked = base.transform_filter(hover).mark_point(filled=True, size=50, clip=True).encode(
        tooltip=tooltip)
    return [rule, marked, catcher]


def _rows(data: Data, mask_column: str | None = None, series: list[str] | None = None) -> Data:
    """A frame's rows picked by a boolean column or by series; named data passes through."""
    if not isinstance(data, pd.DataFrame):
        return data
    if mask_column is not None:
        return data[data[mask_column].astype(bool)].reset_index(drop=True)
    return data[data["series"].isin(series or [])].reset_index(drop=True)


# ------------------------------------------------------------------ loss
def _block_hover(lengths: list[int], limit: int = HOVER_POINTS) -> np.ndarray:
    """hover_mask for series stored one after the other in blocks of `lengths` rows."""
    mask = np.zeros(sum(lengths), dtype=bool)
    start = 0
    for n in lengths:
        if n:
            mask[start + np.unique(np.linspace(0, n - 1, min(limit, n)).round().astype(int))] = True
        start += n
    return mask


def _series(names: list[str], lengths: list[int]) -> np.ndarray:
    return np.repeat(np.array(names, dtype=object), lengths)


def loss_columns(steps: Mapping, evals: Mapping, labels: Labels) -> dict[str, np.ndarray]:
    """loss_frame's columns as NumPy arrays (no pandas work: the page refreshes this live).

    steps and evals: DataFrames or dicts of arrays with loss_frame's columns.
    """
    parts = [(steps, col, name) for col, name in (("loss", "minibatch"), ("smoothed", "smoothed"))
             if len(steps["iteration"])]
    parts += [(evals, col, name) for col, name in (("train_loss", "train"), ("test_loss", "test"))
              if len(evals["iteration"])]
    lengths = [len(src["iteration"]) for src, _, _ in parts]

    def joined(key) -> np.ndarray:
        return np.concatenate([np.asarray(key(src, col), dtype=np.float64)
                               for src, col, _ in parts]) if parts else np.zeros(0)

    value = joined(lambda src, col: src[col])
    return {"iteration": joined(lambda src, col: src["iteration"]),
            "epoch": joined(lambda src, col: src["epoch"]),
            # Infinite values become NaN (a gap in the line).
            "value": np.where(np.isfinite(value), value, np.nan),
            "series": _series([labels[name] for _, _, name in parts], lengths),
            "hover": _block_hover(lengths)}


def loss_frame(steps: pd.DataFrame, evals: pd.DataFrame, labels: Labels) -> pd.DataFrame:
    """Long form (iteration, epoch, value, series) of the mini-batch, smoothed, train and test loss.

    steps: iteration, epoch, loss, smoothed (per iteration); evals: iteration, epoch,
    train_loss, test_loss (per epoch). Infinite values become NaN (a gap in the line).
    """
    columns = loss_columns(steps, evals, labels)
    if not len(columns["series"]):
        columns["series"] = columns["series"].astype(str)
    return pd.DataFrame(columns)


def loss_chart(data: Data, labels: Labels, *, log_scale: bool = False, points: bool = True,
               hover: Data | None = None, marks: Data | None = None) -> alt.LayerChart:
    """Faint mini-batch loss per iteration, its smoothed line, and the per-epoch train/test loss.

    data: loss_frame(...). labels: title, x, y, epoch, series, minibatch, smoothed, train, test.
    points: mark each evaluation with a dot (clutter, and work for the browser, past ~60).
    hover, marks: the rows that catch the pointer and the evaluation rows to dot; taken from
    `data` when it is a DataFrame, to be given (named data) with a template.
    """
    names = [labels["minibatch"], labels["smoothed"], labels["train"], labels["test"]]
    colour = _colour(names, [MINIBATCH_COLOUR, SMOOTHED_COLOUR, TRAIN_COLOUR, TEST_COLOUR],
                     labels["series"])
    # A loss is never negative: the linear axis starts at 0, so a loss stuck at 0.450 (MSE at
    # a small rate) draws as the flat line it is, not zoomed to 0.449-0.451 to look like learning.
    y = alt.Y("value:Q", title=labels["y"],
              scale=alt.Scale(type="log") if log_scale else alt.Scale(zero=True))
    x = alt.X("iteration:Q", title=labels["x"])
    tooltip = [alt.Tooltip("series:N", title=labels["series"]),
               alt.Tooltip("iteration:Q", title=labels["x"], format=",d"),
               alt.Tooltip("epoch:Q", title=labels["epoch"], format=".2f"),
               alt.Tooltip("value:Q", title=labels["y"], format=".4g")]
    hover = _rows(data, "hover") if hover is None else hover
    marks = _rows(data, series=names[2:]) if marks is None else marks
    # One line layer, the series told apart by channels rather than filters: the mini-batch
    # loss faint and thin, the smoothed line bold.
    lines = alt.Chart(data).mark_line(clip=True).encode(
        x=x, y=y, color=colour,
        opacity=alt.Opacity("series:N", legend=None,
                            scale=alt.Scale(domain=names, range=[0.35, 1, 1, 1])),
        strokeWidth=alt.StrokeWidth("series:N", legend=None,
                                    scale=alt.Scale(domain=names, range=[1, 2.5, 2, 2])))
    layers = [lines]
    if points:
        layers.append(alt.Chart(marks).mark_point(filled=True, size=30, clip=True).encode(
            x=x, y=y, color=colour))
    return alt.layer(*layers, *_hover_layers(hover, x, y, colour, tooltip, "hover_loss")
                     ).properties(title=labels["title"], height=HEIGHT)


# ------------------------------------------------------------------ gradient
def layer_names(n_layers: int, labels: Labels) -> list[str]:
    return [labels["layer"].format(n=n) for n in range(1, max(1, n_layers) + 1)]


def gradient_columns(norms: Mapping, labels: Labels) -> dict[str, np.ndarray]:
    """gradient_frame's columns as NumPy arrays; norms: iteration, layer, norm (layer by layer)."""
    layer = np.asarray(norms["layer"])
    layers, starts = np.unique(layer, return_index=True)
    order = np.argsort(starts)  # blocks in the order they come
    lengths = [int(np.count_nonzero(layer == layers[i])) for i in order]
    names = [labels["layer"].format(n=int(layers[i])) for i in order]
    norm = np.asarray(norms["norm"], dtype=np.float64)
    return {"iteration": np.asarray(norms["iteration"], dtype=np.float64), "layer": layer,
            "norm": norm, "series": _series(names, lengths),
            "shown": np.maximum(norm, NORM_FLOOR),  # NaN stays NaN
            "hover": _block_hover(lengths)}


def gradient_frame(norms: pd.DataFrame, labels: Labels) -> pd.DataFrame:
    """iteration, layer, norm, series ("Layer 1"...), shown (norm floored at NORM_FLOOR for the log axis)."""
    frame = norms.copy()
    columns = gradient_columns(norms, labels)
    for key in ("series", "shown", "hover"):
        frame[key] = columns[key]
    return frame


def gradient_norm_chart(data: Data, labels: Labels, n_layers: int, *,
                        hover: Data | None = None) -> alt.LayerChart:
    """The L2 norm of each layer's gradient per iteration on a log axis (0 drawn at NORM_FLOOR).

    data: gradient_frame(...). labels: title, x, y, series, layer ("Layer {n}").
    hover: the rows that catch the pointer (from `data` when it is a DataFrame).
    """
    names = layer_names(n_layers, labels)
    colour = _colour(names, list(LAYER_COLOURS[:len(names)]), labels["series"])
    x = alt.X("iteration:Q", title=labels["x"])
    y = alt.Y("shown:Q", title=labels["y"], scale=alt.Scale(type="log"))
    tooltip = [alt.Tooltip("series:N", title=labels["series"]),
               alt.Tooltip("iteration:Q", title=labels["x"], format=",d"),
               alt.Tooltip("norm:Q", title=labels["y"], format=".3g")]
    hover = _rows(data, "hover") if hover is None else hover
    lines = alt.Chart(data).encode(x=x, y=y, color=colour).mark_line(strokeWidth=1.5, clip=True)
    return alt.layer(lines, *_hover_layers(hover, x, y, colour, tooltip, "hover_grad")).properties(
        title=labels["title"], height=HEIGHT)


def histogram_frame(values: np.ndarray, bins: int = 40) -> pd.DataFrame:
    """bin_start, bin_end, count of the finite values (np.histogram; all-equal values give one bar)."""
    flat = np.asarray(values, dtype=np.float64).ravel()
    flat = flat[np.isfinite(flat)]
    if flat.size == 0:
        return pd.DataFrame({"bin_start": [0.0], "bin_end": [0.0], "count": [0]})
    lo, hi = float(flat.min()), float(flat.max())
    if lo == hi:
        # Every entry is the same number (the step function's gradient is exactly 0): one bar.
        width = max(abs(lo) * 1e-3, 1e-12)
        return pd.DataFrame({"bin_start": [lo - width], "bin_end": [lo + width],
                             "count": [flat.size]})
    counts, edges = np.histogram(flat, bins=bins)
    return pd.DataFrame({"bin_start": edges[:-1], "bin_end": edges[1:], "count": counts})


def gradient_histogram(data: Data, labels: Labels) -> alt.Chart:
    """Histogram of the current gradient of the first layer's weights.

    data: histogram_frame(...). labels: title, x, y, from, to.
    """
    # Rectangles from 0 up to the count over each bin's exact edges (the bins come from NumPy).
    return alt.Chart(data).mark_rect(color=OKABE_ITO[0]).encode(
        x=alt.X("bin_start:Q", title=labels["x"], axis=alt.Axis(format=".2g")),
        x2="bin_end:Q",
        y=alt.Y("count:Q", title=labels["y"]),
        y2=alt.Y2(datum=0),
        tooltip=[alt.Tooltip("bin_start:Q", title=labels["from"], format=".3g"),
                 alt.Tooltip("bin_end:Q", title=labels["to"], format=".3g"),
                 alt.Tooltip("count:Q", title=labels["y"], format=",d")],
    ).properties(title=labels["title"], height=HEIGHT)


# ------------------------------------------------------------------ accuracy
def accuracy_columns(evals: Mapping, labels: Labels
                     ) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """accuracy_frames' (wide, long) columns as NumPy arrays."""
    wide = {key: np.asarray(evals[key], dtype=np.float64)
            for key in ("iteration", "epoch", "train_acc", "test_acc")}
    n = len(wide["epoch"])
    wide["gap"] = wide["train_acc"] - wide["test_acc"]
    wide["series"] = _series([labels["gap"]], [n])
    long = {"iteration": np.tile(wide["iteration"], 2), "epoch": np.tile(wide["epoch"], 2),
            "accuracy": np.concatenate([wide["train_acc"], wide["test_acc"]]),
            "series": _series([labels["train"], labels["test"]], [n, n])}
    return wide, long


def accuracy_frames(evals: pd.DataFrame, labels: Labels) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(wide, long) per-epoch accuracy: wide has train_acc, test_acc, gap (train - test) and the
    gap's series name; long has one row per epoch and split (accuracy, series)."""
    wide, long = accuracy_columns(evals, labels)
    return pd.DataFrame(wide), pd.DataFrame(long)


def accuracy_chart(wide: Data, long: Data, labels: Labels, *,
                   points: bool = True) -> alt.LayerChart:
    """Train and test accuracy per epoch with the gap between them shaded.

    wide, long: accuracy_frames(...). labels: title, x, y, series, train, test, gap.
    points: mark each epoch with a dot.
    """
    names = [labels["train"], labels["test"], labels["gap"]]
    colour = _colour(names, [TRAIN_COLOUR, TEST_COLOUR, GAP_COLOUR], labels["series"])
    x = alt.X("epoch:Q", title=labels["x"])
    y_scale = alt.Scale(domain=[0, 1])
    tooltip = [alt.Tooltip("epoch:Q", title=labels["x"], format=".2f"),
               alt.Tooltip("train_acc:Q", title=labels["train"], format=".2%"),
               alt.Tooltip("test_acc:Q", title=labels["test"], format=".2%"),
               alt.Tooltip("gap:Q", title=labels["gap"], format="+.2%")]
    # The gap (over-fitting shows as a widening band) is an area from test up to train.
    gap = alt.Chart(wide).mark_area(opacity=0.25).encode(
        x=x, y=alt.Y("train_acc:Q", title=labels["y"], scale=y_scale,
                     axis=alt.Axis(format="%")), y2="test_acc:Q", color=colour,
        tooltip=tooltip)
    lines = alt.Chart(long).mark_line(point=points, strokeWidth=2).encode(
        x=x, y=alt.Y("accuracy:Q", title=labels["y"], scale=y_scale,
                     axis=alt.Axis(format="%")),
        color=colour,
        tooltip=[alt.Tooltip("series:N", title=labels["series"]),
                 alt.Tooltip("epoch:Q", title=labels["x"], format=".2f"),
                 alt.Tooltip("accuracy:Q", title=labels["y"], format=".2%")])
    return alt.layer(gap, lines).properties(title=labels["title"], height=HEIGHT)
