"""Charts for the 'learning from data' page: samples, the train/test split, over-fitting.

Builders take a tidy DataFrame and a dict of translated labels and return an Altair chart;
the *_frame helpers turn NumPy arrays into those DataFrames (pure NumPy/pandas, no Streamlit).
"""

from __future__ import annotations

import json
from collections.abc import Sequence

import altair as alt
import numpy as np
import pandas as pd

from core.charts.theme import TEST_COLOUR, TRAIN_COLOUR, categorical, pixel_cell


# ------------------------------------------------------------------ data frames
def image_frame(images: np.ndarray, image_shape: tuple[int, ...], captions: Sequence[str],
                decimals: int = 2) -> pd.DataFrame:
    """One row per pixel of each image: sample, caption, row, col, value (rounded: smaller spec)."""
    images = np.asarray(images, dtype=np.float32)
    n = images.shape[0]
    height, width = int(image_shape[-2]), int(image_shape[-1])
    pixels = images.reshape(n, -1)[:, : height * width]  # first channel only (grey images)
    rows, cols = np.divmod(np.arange(height * width), width)
    return pd.DataFrame({
        "sample": np.repeat(np.arange(n), height * width),
        "caption": np.repeat(np.asarray(captions, dtype=object), height * width),
        "row": np.tile(rows, n),
        "col": np.tile(cols, n),
        "value": np.round(pixels.ravel(), decimals),
    })


def points_frame(x_train: np.ndarray, t_train: np.ndarray, x_test: np.ndarray,
                 t_test: np.ndarray, class_names: Sequence[str],
                 split_names: tuple[str, str]) -> pd.DataFrame:
    """The first two features of every sample, with its class name and split name."""
    names = np.asarray(class_names, dtype=object)
    train, test = split_names
    return pd.concat([
        pd.DataFrame({"x0": x_train[:, 0], "x1": x_train[:, 1],
                      "class": names[t_train], "split": train}),
        pd.DataFrame({"x0": x_test[:, 0], "x1": x_test[:, 1],
                      "class": names[t_test], "split": test}),
    ], ignore_index=True)


def balance_frame(t_train: np.ndarray, t_test: np.ndarray, class_names: Sequence[str],
                  split_names: tuple[str, str]) -> pd.DataFrame:
    """Samples per class in each split: order, class, split, count, share (of that split)."""
    k = len(class_names)
    frames = []
    for labels, split in zip((t_train, t_test), split_names):
        counts = np.bincount(np.asarray(labels, dtype=np.int64), minlength=k)[:k]
        total = max(int(counts.sum()), 1)
        frames.append(pd.DataFrame({"order": np.arange(k), "class": list(class_names),
                                    "split": split, "count": counts, "share": counts / total}))
    return pd.concat(frames, ignore_index=True)


def accuracy_frame(evaluations: pd.DataFrame, split_names: tuple[str, str]) -> pd.DataFrame:
    """Long form of a Trainer's evaluation frame: epoch, split, accuracy."""
    train, test = split_names
    return pd.concat([
        pd.DataFrame({"epoch": evaluations["epoch"], "split": train,
                      "accuracy": evaluations["train_acc"]}),
        pd.DataFrame({"epoch": evaluations["epoch"], "split": test,
                      "accuracy": evaluations["test_acc"]}),
    ], ignore_index=True)


# ------------------------------------------------------------------ charts
GRID_HEADER_PX, GRID_SPACING_PX = 30, 6  # a facet's label above each image, the gap between


def grid_cell(n: int, columns: int, *, height: float, width: float, max_px: int) -> int:
    """The side of each image so that `n` images in `columns` columns fill about `height` px
    (each row also carries its label) within `width` px: at most `max_px`, at least 24 px."""
    rows = max(1, -(-n // columns))
    tall = (height - rows * (GRID_HEADER_PX + GRID_SPACING_PX)) / rows
    wide = width / columns - GRID_SPACING_PX
    return int(max(24, min(max_px, tall, wide)))


def image_grid(df: pd.DataFrame, labels: dict[str, str], *, columns: int = 8,
               cell: int = 80, header_px: int = 14,
               short: Sequence[str] | None = None) -> alt.FacetChart:
    """Each sample as a small grey-scale heat map, its class above it.

    labels: title, class, row, col, value (tooltip names). `short`: one label per sample to
    write above it instead of its caption (the projector's large type has room for the class
    only); the tooltip keeps the caption.
    """
    header = alt.Header(labelFontSize=header_px, labelPadding=2)
    if short is None:
        captions = list(dict.fromkeys(df["caption"]))  # facet order = sample order
        facet = alt.Facet("caption:N", title=None, sort=captions, header=header)
    else:  # captions may repeat ("3" twice): facet on the sample, label it from `short`
        names = ", ".join(json.dumps(str(label)) for label in short)
        header = alt.Header(labelFontSize=header_px, labelPadding=2,
                            labelExpr=f"[{names}][datum.value]")
        facet = alt.Facet("sample:O", title=None, header=header)
    return pixel_cell(df, "caption", labels["class"], labels, cell).facet(
        facet=facet, columns=columns, spacing=GRID_SPACING_PX,
    ).properties(title=labels["title"])


def points_scatter(df: pd.DataFrame, labels: dict[str, str]) -> alt.Chart:
    """A 2-D data set: colour = class, shape = training or test data.

    labels: title, x, y, class, split.
    """
    return alt.Chart(df, title=labels["title"]).mark_point(filled=True, size=45, opacity=0.75).encode(
        x=alt.X("x0:Q", title=labels["x"], scale=alt.Scale(zero=False)),
        y=alt.Y("x1:Q", title=labels["y"], scale=alt.Scale(zero=False)),
        color=alt.Color("class:N", title=labels["class"], scale=categorical()),
        shape=alt.Shape("split:N", title=labels["split"]),
        tooltip=[
            alt.Tooltip("class:N", title=labels["class"]),
            alt.Tooltip("split:N", title=labels["split"]),
            alt.Tooltip("x0:Q", title=labels["x"], format=".3f"),
            alt.Tooltip("x1:Q", title=labels["y"], format=".3f"),
        ],
    ).properties(height=440)


def split_bars(df: pd.DataFrame, labels: dict[str, str]) -> alt.Chart:
    """Samples per class, training and test data side by side.

    labels: title, x, y, split, share (tooltip name for the share of the split).
    """
    splits = list(dict.fromkeys(df["split"]))
    return alt.Chart(df, title=labels["title"]).mark_bar().encode(
        x=alt.X("class:N", title=labels["x"], sort=alt.SortField("order"),
                axis=alt.Axis(labelAngle=0)),
        xOffset=alt.XOffset("split:N", sort=splits),
        y=alt.Y("count:Q", title=labels["y"]),
        color=alt.Color("split:N", title=labels["split"], sort=splits,
                        scale=alt.Scale(domain=splits, range=[TRAIN_COLOUR, TEST_COLOUR])),
        tooltip=[
            alt.Tooltip("class:N", title=labels["x"]),
            alt.Tooltip("split:N", title=labels["split"]),
            alt.Tooltip("count:Q", title=labels["y"]),
            alt.Tooltip("share:Q", title=labels["share"], format=".1%"),
        ],
    ).properties(height=340)


def accuracy_curves(df: pd.DataFrame, labels: dict[str, str]) -> alt.Chart:
    """Training vs test accuracy per epoch: the gap between the lines is over-fitting.

    labels: title, x, y, split.
    """
    splits = list(dict.fromkeys(df["split"]))
    return alt.Chart(df, title=labels["title"]).mark_line(point=True, strokeWidth=2.5).encode(
        x=alt.X("epoch:Q", title=labels["x"]),
        y=alt.Y("accuracy:Q", title=labels["y"], scale=alt.Scale(domain=[0, 1]),
                axis=alt.Axis(format="%")),
        color=alt.Color("split:N", title=labels["split"], sort=splits,
                        scale=alt.Scale(domain=splits, range=[TRAIN_COLOUR, TEST_COLOUR])),
        strokeDash=alt.StrokeDash("split:N", sort=splits, title=labels["split"]),  # one merged legend
        tooltip=[
            alt.Tooltip("split:N", title=labels["split"]),
            alt.Tooltip("epoch:Q", title=labels["x"], format=".0f"),
            alt.Tooltip("accuracy:Q", title=labels["y"], format=".1%"),
        ],
    ).properties(height=380)

