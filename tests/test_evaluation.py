"""core.evaluation: confusion matrix, misclassified samples, decision boundary."""

from __future__ import annotations

import numpy as np
import pytest

from core.evaluation import (
    confusion_frame,
    confusion_matrix,
    decision_boundary,
    images_frame,
    misclassified,
    points_frame,
)
from core.network import MultiLayerNet


class _CountingNet:
    """A stand-in network: class 1 where x0 > 0; counts predict calls."""

    def __init__(self) -> None:
        self.calls = 0

    def predict(self, x: np.ndarray) -> np.ndarray:
        self.calls += 1
        p1 = 1 / (1 + np.exp(-10 * np.asarray(x)[:, 0]))
        return np.column_stack((1 - p1, p1))


# ------------------------------------------------------------------ confusion matrix

def test_confusion_matrix_small_example() -> None:
    y_true = np.array([0, 0, 1, 1, 2, 2, 2])
    y_pred = np.array([0, 1, 1, 1, 2, 0, 2])
    expected = np.array([[1, 1, 0], [0, 2, 0], [1, 0, 2]])
    np.testing.assert_array_equal(confusion_matrix(y_true, y_pred, 3), expected)


@pytest.mark.parametrize(("n", "n_classes", "seed"), [(0, 3, 0), (1, 2, 1), (500, 10, 2), (97, 4, 3)])
def test_confusion_matrix_sums(n: int, n_classes: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    y_true = rng.integers(0, n_classes, n)
    y_pred = rng.integers(0, n_classes, n)
    m = confusion_matrix(y_true, y_pred, n_classes)
    assert m.shape == (n_classes, n_classes)
    assert m.sum() == n
    np.testing.assert_array_equal(m.sum(axis=1), np.bincount(y_true, minlength=n_classes))
    np.testing.assert_array_equal(m.sum(axis=0), np.bincount(y_pred, minlength=n_classes))
    assert np.trace(m) == int((y_true == y_pred).sum())


def test_confusion_matrix_accepts_one_hot_and_probabilities() -> None:
    labels = np.array([0, 1, 2, 1])
    one_hot = np.eye(3)[labels]
    probs = np.eye(3)[[0, 2, 2, 1]] * 0.8 + 0.2 / 3
    m = confusion_matrix(one_hot, probs, 3)
    assert m[1, 2] == 1 and np.trace(m) == 3


@pytest.mark.parametrize(("y_true", "y_pred"), [([0, 3], [0, 1]), ([0, -1], [0, 1]), ([0, 1], [0])])
def test_confusion_matrix_rejects_bad_input(y_true, y_pred) -> None:
    with pytest.raises(ValueError):
        confusion_matrix(np.array(y_true), np.array(y_pred), 3)


def test_confusion_frame_shares_per_row() -> None:
    m = np.array([[3, 1], [0, 0]])
    frame = confusion_frame(m, ("cat", "dog"))
    assert len(frame) == 4 and frame["count"].sum() == 4
    row = frame[frame["true"] == "cat"]
    assert row["share"].sum() == pytest.approx(1.0)
    assert frame[frame["true"] == "dog"]["share"].sum() == 0  # an empty row stays 0, not NaN
    assert frame["correct"].sum() == 2


# ------------------------------------------------------------------ misclassified

def test_misclassified_most_confident_first_and_limited() -> None:
    probs = np.array([[0.9, 0.1], [0.3, 0.7], [0.45, 0.55], [0.1, 0.9], [0.2, 0.8]])
    t = np.array([0, 0, 0, 1, 0])
    wrong = misclassified(probs, None, t, limit=2)
    assert list(wrong["index"]) == [4, 1]
    assert list(wrong["true"]) == [0, 0] and list(wrong["predicted"]) == [1, 1]
    assert wrong["confidence"].tolist() == pytest.approx([0.8, 0.7])
    assert len(misclassified(probs, None, t, limit=10)) == 3


def test_misclassified_calls_predict_once() -> None:
    net = _CountingNet()
    x = np.linspace(-1, 1, 21)[:, None] * np.ones((1, 2))
    t = np.zeros(21, dtype=np.int64)  # everything right of 0 is wrong
    wrong = misclassified(net, x, t, limit=100)
    assert net.calls == 1
    assert (x[wrong["index"], 0] > 0).all() and len(wrong) == 10


def test_misclassified_none_wrong_is_an_empty_frame() -> None:
    probs = np.eye(3)
    wrong = misclassified(probs, None, np.arange(3), limit=5)
    assert wrong.empty and list(wrong.columns) == ["index", "true", "predicted", "confidence"]


def test_images_frame_one_row_per_pixel_with_titles() -> None:
    x = np.arange(3 * 6, dtype=np.float32).reshape(3, 6)
    wrong = misclassified(np.array([[0.1, 0.9], [0.8, 0.2], [0.3, 0.7]]), None, np.array([0, 1, 1]))
    frame = images_frame(x, wrong, (2, 3), ("three", "eight"), "true {true} → predicted {predicted}")
    assert len(frame) == len(wrong) * 6
    first = frame[frame["order"] == 0]
    assert first["sample"].iloc[0] == "true three → predicted eight"
    assert first["value"].tolist() == x[0].tolist()
    assert first["row"].tolist() == [0, 0, 0, 1, 1, 1] and first["col"].tolist() == [0, 1, 2] * 2


# ------------------------------------------------------------------ decision boundary

@pytest.mark.parametrize("resolution", [2, 10, 100])
def test_decision_boundary_grid_shape_and_one_predict(resolution: int) -> None:
    net = _CountingNet()
    points = np.array([[-1.0, -2.0], [1.0, 2.0], [0.0, 0.5]])
    grid = decision_boundary(net, points, resolution=resolution, margin=0.1)
    assert net.calls == 1
    assert len(grid) == resolution**2
    assert list(grid.columns) == ["x0", "x1", "predicted", "probability"]
    assert grid["x0"].min() == pytest.approx(-1.2) and grid["x0"].max() == pytest.approx(1.2)
    assert grid["x1"].min() == pytest.approx(-2.4) and grid["x1"].max() == pytest.approx(2.4)
    assert ((grid["probability"] >= 0.5) & (grid["probability"] <= 1)).all()
    assert (grid["predicted"] == (grid["x0"] > 0)).all()


def test_decision_boundary_with_a_real_network() -> None:
    rng = np.random.default_rng(0)
    x = rng.normal(size=(50, 2)).astype(np.float32)
    net = MultiLayerNet(2, [5], 3, seed=0)
    grid = decision_boundary(net, x, resolution=30)
    assert len(grid) == 900 and grid["predicted"].between(0, 2).all()
    assert np.isfinite(grid["probability"]).all()


def test_decision_boundary_needs_2d_points() -> None:
    with pytest.raises(ValueError):
        decision_boundary(_CountingNet(), np.zeros((5, 3)))


def test_decision_boundary_of_a_single_point_is_not_degenerate() -> None:
    grid = decision_boundary(_CountingNet(), np.array([[0.5, 0.5]]), resolution=5)
    assert grid["x0"].nunique() == 5 and grid["x1"].nunique() == 5


def test_points_frame() -> None:
    frame = points_frame(np.array([[0.0, 1.0], [2.0, 3.0]]), np.array([1, 0]), ("a", "b"), "test")
    assert frame["class"].tolist() == ["b", "a"] and (frame["split"] == "test").all()


@pytest.mark.parametrize("shape", [(2, 3), (1, 2, 3), (2, 3, 1)])
def test_images_frame_accepts_channel_dimensions(shape) -> None:
    x = np.arange(6, dtype=np.float32).reshape(1, 6)
    wrong = misclassified(np.array([[0.2, 0.8]]), None, np.array([0]))
    frame = images_frame(x, wrong, shape, ("a", "b"), "{true}→{predicted}")
    assert frame["row"].max() == 1 and frame["col"].max() == 2
