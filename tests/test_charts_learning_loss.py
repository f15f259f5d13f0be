"""Chart builders of the learning and loss pages: their data frames and their Vega-Lite specs."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator

import altair as alt
import numpy as np
import pandas as pd
import pytest

from core import cross_entropy_error, mean_squared_error
from core.charts import learning, losses
from core.charts.theme import OKABE_ITO

BOOK_Y = np.array([0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0])
NAMES = [str(k) for k in range(10)]
ROLES = ("right class", "other classes")
SPLITS = ("train set", "test set")


def walk(node: object) -> Iterator[tuple[str, object]]:
    """Every (key, value) pair anywhere in a nested spec."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield key, value
            yield from walk(value)
    elif isinstance(node, list):
        for item in node:
            yield from walk(item)


def titles(spec: dict) -> set[str]:
    found = set()
    for key, value in walk(spec):
        if key == "title":
            if isinstance(value, str):
                found.add(value)
            elif isinstance(value, dict) and isinstance(value.get("text"), str):
                found.add(value["text"])
    return found


def labels_for(*names: str) -> dict[str, str]:
    """Distinctive label strings, so the test can find each one in the spec."""
    return {name: f"<{name}>" for name in names}


# ------------------------------------------------------------------ specs
def _image_chart(lbl: dict) -> alt.TopLevelMixin:
    images = np.random.default_rng(0).random((3, 64), dtype=np.float32)
    return learning.image_grid(learning.image_frame(images, (8, 8), ["1 · #0", "2 · #5", "1 · #9"]), lbl)


def _points_chart(lbl: dict) -> alt.TopLevelMixin:
    rng = np.random.default_rng(1)
    df = learning.points_frame(rng.random((20, 2)), rng.integers(0, 2, 20), rng.random((5, 2)),
                               rng.integers(0, 2, 5), ["a", "b"], SPLITS)
    return learning.points_scatter(df, lbl)


def _split_chart(lbl: dict) -> alt.TopLevelMixin:
    df = learning.balance_frame(np.array([0, 1, 1, 2]), np.array([0, 2]), ["a", "b", "c"], SPLITS)
    return learning.split_bars(df, lbl)


def _accuracy_chart(lbl: dict) -> alt.TopLevelMixin:
    evaluations = pd.DataFrame({"epoch": [0.0, 1.0, 2.0], "train_acc": [0.1, 0.8, 1.0],
                                "test_acc": [0.1, 0.5, 0.6]})
    return learning.accuracy_curves(learning.accuracy_frame(evaluations, SPLITS), lbl)


def _class_chart(lbl: dict) -> alt.TopLevelMixin:
    return losses.class_bars(losses.output_frame(BOOK_Y, 2, NAMES, ROLES), lbl)


def _curve_chart(lbl: dict) -> alt.TopLevelMixin:
    return losses.loss_curves(losses.curve_frame(10, 0.6, (0.0975, 0.5108), ("MSE", "CE")), lbl)


def _delta_chart(lbl: dict) -> alt.TopLevelMixin:
    return losses.delta_curves(losses.delta_frame(("no delta", "with delta")), lbl)


# builder, its label names, the labels that must appear as axis titles (None: no axes)
BUILDERS: list[tuple[str, Callable, tuple[str, ...], tuple[str, ...]]] = [
    ("image_grid", _image_chart, ("title", "class", "row", "col", "value"), ()),
    ("points_scatter", _points_chart, ("title", "x", "y", "class", "split"), ("x", "y")),
    ("split_bars", _split_chart, ("title", "x", "y", "split", "share"), ("x", "y")),
    ("accuracy_curves", _accuracy_chart, ("title", "x", "y", "split"), ("x", "y")),
    ("class_bars", lambda lbl: _class_chart({**lbl, "correct": ROLES[0], "other": ROLES[1]}),
     ("title", "x", "y", "role"), ("x", "y")),
    ("loss_curves", _curve_chart, ("title", "x", "y", "loss", "current"), ("x", "y")),
    ("delta_curves", _delta_chart, ("title", "x", "y", "variant"), ("x", "y")),
]


@pytest.mark.parametrize(("name", "build", "names", "axes"), BUILDERS, ids=[b[0] for b in BUILDERS])
def test_spec_has_title_axis_titles_and_tooltips(name, build, names, axes) -> None:
    lbl = labels_for(*names)
    chart = build(lbl)
    spec = chart.to_dict()
    found = titles(spec)
    assert lbl["title"] in found
    for axis in axes:
        assert lbl[axis] in found, f"{name}: axis title {axis!r} missing"
    tooltips = [value for key, value in walk(spec) if key == "tooltip"]
    assert tooltips and all(tooltips)
    # builders leave styling to pages.shared.altair (presentation mode): no configure_*()
    assert chart.config is alt.Undefined


@pytest.mark.parametrize("build", [_points_chart, _split_chart, _accuracy_chart, _class_chart],
                         ids=["points", "split", "accuracy", "class"])
def test_colours_come_from_the_okabe_ito_palette(build) -> None:
    spec = build(labels_for("title", "x", "y", "class", "split", "share", "role",
                            "correct", "other")).to_dict()
    ranges = [value for key, value in walk(spec) if key == "range" and isinstance(value, list)]
    assert ranges and all(colour in OKABE_ITO for r in ranges for colour in r)


# ------------------------------------------------------------------ data frames
@pytest.mark.parametrize("correct", [0, 2, 7, 9])
@pytest.mark.parametrize("y", [BOOK_Y, np.full(10, 0.1), np.eye(10)[3], np.eye(10)[2] * 0.91 + 0.009])
def test_contributions_add_up_to_the_losses(y: np.ndarray, correct: int) -> None:
    t = np.eye(10)[correct]
    assert losses.mse_contributions(y, t).sum() == pytest.approx(mean_squared_error(y, t))
    ce_terms = losses.cross_entropy_contributions(y, t)
    assert ce_terms.sum() == pytest.approx(cross_entropy_error(y, t))
    assert np.count_nonzero(ce_terms) <= 1  # only the correct class counts


def test_book_values() -> None:
    t = np.eye(10)[2]
    assert losses.mse_contributions(BOOK_Y, t).sum() == pytest.approx(0.0975)
    assert losses.cross_entropy_contributions(BOOK_Y, t).sum() == pytest.approx(0.510825, abs=1e-6)


def test_curve_frame() -> None:
    df = losses.curve_frame(10, 0.6, (0.0975, 0.5108), ("MSE", "CE"))
    curve = df[df.kind == "curve"]
    ce = curve[curve.loss == "CE"]
    assert ce.value.iloc[0] == pytest.approx(-math.log(1e-7))  # p = 0: capped by delta
    assert ce.value.iloc[-1] == pytest.approx(0.0, abs=1e-6)
    mse = curve[curve.loss == "MSE"]
    # p = 0.1 with the rest spread evenly is the uniform output: 1/2 (0.81 + 9 * 0.01) = 0.45
    assert np.interp(0.1, mse.p, mse.value) == pytest.approx(0.45, abs=1e-3)
    current = df[df.kind == "current"]
    assert list(current.value) == [0.0975, 0.5108] and list(current.p) == [0.6, 0.6]


def test_delta_frame_levels_off_at_minus_log_delta() -> None:
    df = losses.delta_frame(("without", "with"))
    with_delta = df[df.variant == "with"].value
    assert with_delta.max() == pytest.approx(16.118, abs=1e-3)
    assert df[df.variant == "without"].value.max() > 27  # -log(1e-12)


def test_image_frame_puts_pixels_in_place() -> None:
    images = np.arange(2 * 12, dtype=np.float32).reshape(2, 12) / 24
    df = learning.image_frame(images, (3, 4), ["a", "b"])
    assert len(df) == 24
    pixel = df[(df["sample"] == 1) & (df.row == 2) & (df.col == 1)]
    assert pixel.value.item() == pytest.approx(round(images[1, 2 * 4 + 1], 2))
    assert set(df[df["sample"] == 1].caption) == {"b"}


def test_balance_frame_counts_each_split() -> None:
    df = learning.balance_frame(np.array([0, 0, 1, 2, 2, 2]), np.array([1, 2]), ["a", "b", "c"], SPLITS)
    train = df[df.split == SPLITS[0]].set_index("class")["count"]
    test = df[df.split == SPLITS[1]].set_index("class")["count"]
    assert train.to_dict() == {"a": 2, "b": 1, "c": 3}
    assert test.to_dict() == {"a": 0, "b": 1, "c": 1}
    assert df[df.split == SPLITS[0]].share.sum() == pytest.approx(1.0)


def test_accuracy_frame_is_long_form() -> None:
    evaluations = pd.DataFrame({"epoch": [0, 1], "train_acc": [0.2, 0.9], "test_acc": [0.2, 0.6]})
    df = learning.accuracy_frame(evaluations, SPLITS)
    assert len(df) == 4 and set(df.split) == set(SPLITS)
    assert df[df.split == SPLITS[1]].accuracy.tolist() == [0.2, 0.6]
