"""After training: what the network gets wrong, and where it draws the line between classes.

Pure NumPy + pandas. Every function evaluates the network in one vectorised `predict` call.
"""

from __future__ import annotations

from typing import Protocol

import numpy as np
import pandas as pd


class Predictor(Protocol):
    def predict(self, x: np.ndarray) -> np.ndarray: ...


def _labels(t: np.ndarray) -> np.ndarray:
    """Class ids from class ids or one-hot rows."""
    t = np.asarray(t)
    return t.argmax(axis=1) if t.ndim == 2 else t.astype(np.int64, copy=False)


def _probabilities(network_or_probs: Predictor | np.ndarray, x: np.ndarray | None) -> np.ndarray:
    """Class probabilities: the network's prediction for `x`, or the given array itself."""
    if hasattr(network_or_probs, "predict"):
        return np.asarray(network_or_probs.predict(x))
    return np.asarray(network_or_probs)


def confusion_matrix(y_true: np.ndarray, y_pred: np.ndarray, n_classes: int) -> np.ndarray:
    """Counts[i, j] = how many samples of true class i were predicted as class j."""
    y_true, y_pred = _labels(y_true).ravel(), _labels(y_pred).ravel()
    if y_true.shape != y_pred.shape:
        raise ValueError("y_true and y_pred differ in length")
    if y_true.size and (min(y_true.min(), y_pred.min()) < 0
                        or max(y_true.max(), y_pred.max()) >= n_classes):
        raise ValueError("class ids must lie in 0..n_classes-1")
    # One bincount over the flattened (true, predicted) cell index: no loop over samples.
    flat = np.bincount(y_true * n_classes + y_pred, minlength=n_classes * n_classes)
    return flat.reshape(n_classes, n_classes)


def confusion_frame(matrix: np.ndarray, class_names: tuple[str, ...] | list[str]) -> pd.DataFrame:
    """Tidy cells for a heat map: true, predicted, count, share of the true class (row share)."""
    n = matrix.shape[0]
    rows = matrix.sum(axis=1, keepdims=True)
    share = np.divide(matrix, rows, out=np.zeros(matrix.shape, dtype=np.float64), where=rows > 0)
    names = np.asarray([str(c) for c in class_names], dtype=object)
    true_idx, pred_idx = np.divmod(np.arange(n * n), n)
    return pd.DataFrame({
        "true": names[true_idx],
        "predicted": names[pred_idx],
        "count": matrix.ravel().astype(np.int64),
        "share": share.ravel(),
        "correct": true_idx == pred_idx,
    })


def misclassified(network_or_probs: Predictor | np.ndarray, x: np.ndarray | None,
                  t: np.ndarray, limit: int = 16) -> pd.DataFrame:
    """The wrongly classified samples, most confident mistakes first.

    `network_or_probs` is a network (its `predict(x)` is called once) or an array of class
    probabilities for the same samples. Columns: index (row in x), true, predicted,
    confidence (the probability given to the wrong prediction).
    """
    probs = _probabilities(network_or_probs, x)
    true = _labels(t)
    predicted = probs.argmax(axis=1)
    wrong = np.flatnonzero(predicted != true)
    confidence = probs[wrong, predicted[wrong]].astype(np.float64)
    order = np.argsort(-confidence, kind="stable")[: max(0, int(limit))]
    rows = wrong[order]
    return pd.DataFrame({
        "index": rows.astype(np.int64),
        "true": true[rows].astype(np.int64),
        "predicted": predicted[rows].astype(np.int64),
        "confidence": confidence[order],
    })


def images_frame(x: np.ndarray, mistakes: pd.DataFrame, image_shape: tuple[int, ...],
                 class_names: tuple[str, ...] | list[str], title: str) -> pd.DataFrame:
    """One row per pixel of each misclassified image, for a facet of heat maps.

    `title` is a translated template with {true}, {predicted} and {confidence} (a percent),
    e.g. "true {true} → predicted {predicted}".
    """
    # (h, w) or (channels, h, w) / (h, w, 1): the last two sizes that are not 1 are the image
    sizes = [int(v) for v in image_shape if int(v) != 1] or [1]
    height, width = (sizes[-2], sizes[-1]) if len(sizes) >= 2 else (1, sizes[-1])
    n_pixels = height * width
    names = [str(c) for c in class_names]
    titles = [
        title.format(true=names[tr], predicted=names[pr], confidence=f"{conf:.0%}")
        for tr, pr, conf in zip(mistakes["true"], mistakes["predicted"], mistakes["confidence"])
    ]
    pixels = np.asarray(x)[mistakes["index"].to_numpy()][:, :n_pixels]
    n = len(titles)
    return pd.DataFrame({
        "order": np.repeat(np.arange(n), n_pixels),
        "sample": np.repeat(np.asarray(titles, dtype=object), n_pixels),
        "row": np.tile(np.repeat(np.arange(height), width), n),
        "col": np.tile(np.tile(np.arange(width), height), n),
        "value": pixels.reshape(-1).astype(np.float64),
    })


def decision_boundary(network: Predictor, x_points: np.ndarray, resolution: int = 100,
                      margin: float = 0.1) -> pd.DataFrame:
    """The network's prediction on a resolution x resolution grid over the points (2-D data).

    The grid covers the points' bounding box widened by `margin` (a fraction of its size) on
    every side. Columns: x0, x1 (cell centre), predicted (class id), probability (of that class).
    """
    points = np.asarray(x_points, dtype=np.float64)
    if points.ndim != 2 or points.shape[1] != 2:
        raise ValueError("decision_boundary needs 2-D points (n x 2)")
    resolution = max(2, int(resolution))
    lo, hi = points.min(axis=0), points.max(axis=0)
    pad = np.maximum(hi - lo, 1e-6) * margin
    lo, hi = lo - pad, hi + pad
    g0 = np.linspace(lo[0], hi[0], resolution)
    g1 = np.linspace(lo[1], hi[1], resolution)
    mesh0, mesh1 = np.meshgrid(g0, g1)
    grid = np.column_stack((mesh0.ravel(), mesh1.ravel())).astype(np.float32)
    probs = np.asarray(network.predict(grid))  # one vectorised call for every cell
    predicted = probs.argmax(axis=1)
    return pd.DataFrame({
        "x0": grid[:, 0].astype(np.float64),
        "x1": grid[:, 1].astype(np.float64),
        "predicted": predicted.astype(np.int64),
        "probability": probs[np.arange(len(grid)), predicted].astype(np.float64),
    })


def points_frame(x: np.ndarray, t: np.ndarray, class_names: tuple[str, ...] | list[str],
                 split: str) -> pd.DataFrame:
    """2-D points with their class name and split label ("train"/"test" text from the caller)."""
    points = np.asarray(x)
    names = np.asarray([str(c) for c in class_names], dtype=object)
    return pd.DataFrame({
        "x0": points[:, 0].astype(np.float64),
        "x1": points[:, 1].astype(np.float64),
        "class": names[_labels(t)],
        "split": split,
    })
