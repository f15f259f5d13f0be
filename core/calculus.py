"""Numerical calculus for the gradient lesson: difference quotients, their error against h,
gradient fields, gradient descent runs and the gradient check of a network.

Built on core.gradients (the book's numerical_diff / numerical_gradient / gradient_descent);
what is here adds the comparisons the page draws. Pure NumPy + pandas, no Streamlit.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from core.errors import ConfigError
from core.gradients import gradient_descent

Scalar = Callable[[np.ndarray], np.ndarray]

BOOK_H = 1e-4  # the book's choice: small, yet far from the rounding floor of float64


# ------------------------------------------------------------------ functions of one variable
@dataclass(frozen=True)
class Function1D:
    """A function of one variable with its exact derivative (the oracle for the errors)."""

    f: Scalar
    df: Scalar
    latex: str
    dlatex: str


FUNCTIONS: dict[str, Function1D] = {
    # The book's function_1: numerical_diff gives 0.1999999999990898 at 5, 0.2999999999986347 at 10.
    "function_1": Function1D(lambda x: 0.01 * x**2 + 0.1 * x, lambda x: 0.02 * x + 0.1,
                             r"f(x) = 0.01x^2 + 0.1x", r"f'(x) = 0.02x + 0.1"),
    "sin": Function1D(np.sin, np.cos, r"f(x) = \sin x", r"f'(x) = \cos x"),
    "exp": Function1D(np.exp, np.exp, r"f(x) = e^{x}", r"f'(x) = e^{x}"),
    "cube": Function1D(lambda x: x**3, lambda x: 3 * x**2, r"f(x) = x^3", r"f'(x) = 3x^2"),
}


# ------------------------------------------------------------------ difference quotients
def forward_diff(f: Scalar, x: float, h: float = BOOK_H, dtype: type = np.float64) -> float:
    """(f(x+h) - f(x)) / h: the book's first, 'bad' numerical derivative."""
    x_, h_ = dtype(x), dtype(h)
    with np.errstate(all="ignore"):
        return float((f(x_ + h_) - f(x_)) / h_)


def central_diff(f: Scalar, x: float, h: float = BOOK_H, dtype: type = np.float64) -> float:
    """(f(x+h) - f(x-h)) / 2h: the central difference the book keeps."""
    x_, h_ = dtype(x), dtype(h)
    with np.errstate(all="ignore"):
        return float((f(x_ + h_) - f(x_ - h_)) / (dtype(2) * h_))


def log_spaced_h(largest_exp: int = -1, smallest_exp: int = -20, per_decade: int = 4) -> np.ndarray:
    """Step sizes from 10**largest_exp down to 10**smallest_exp, evenly spaced in log10."""
    if largest_exp <= smallest_exp or per_decade < 1:
        raise ConfigError("err.grad.h_range", hi=largest_exp, lo=smallest_exp)
    n = (largest_exp - smallest_exp) * per_decade + 1
    return np.logspace(largest_exp, smallest_exp, n)


def difference_error_table(f: Scalar, df: Scalar, x: float, hs: Sequence[float],
                           dtype: type = np.float64) -> pd.DataFrame:
    """Forward and central difference of f at x for every h, with the error against df(x).

    Columns: h, method ("forward"/"central"), estimate, exact, error (absolute). An h that
    vanishes in `dtype` (np.float32(1e-50) == 0) gives a non-finite estimate; it is kept so the
    page can say so, and the error is NaN there.
    """
    exact = float(df(np.float64(x)))
    rows = []
    for h in hs:
        for method, rule in (("forward", forward_diff), ("central", central_diff)):
            estimate = rule(f, x, float(h), dtype)
            error = abs(estimate - exact) if np.isfinite(estimate) else np.nan
            rows.append((float(h), method, estimate, exact, error))
    return pd.DataFrame(rows, columns=["h", "method", "estimate", "exact", "error"])


def best_step(table: pd.DataFrame, method: str) -> tuple[float, float]:
    """(h, error) with the smallest error for one method: where truncation meets rounding."""
    rows = table[(table["method"] == method) & np.isfinite(table["error"])]
    if rows.empty:
        return float("nan"), float("nan")
    best = rows.loc[rows["error"].idxmin()]
    return float(best["h"]), float(best["error"])


def tangent_line(f: Scalar, x: float, slope: float, xs: np.ndarray) -> np.ndarray:
    """The line through (x, f(x)) with the given slope, evaluated at xs (the book's Fig. 4-7)."""
    return f(np.float64(x)) + slope * (np.asarray(xs, dtype=np.float64) - x)


# ------------------------------------------------------------------ gradient fields
def batched_numerical_gradient(f: Scalar, points: np.ndarray, h: float = BOOK_H) -> np.ndarray:
    """Central-difference gradient at many points at once.

    f must map an array (..., d) to (...): one value per point along the last axis.
    """
    points = np.asarray(points, dtype=np.float64)
    grad = np.empty_like(points)
    for i in range(points.shape[-1]):  # loop over the d coordinates, never over points
        step = np.zeros(points.shape[-1])
        step[i] = h
        grad[..., i] = (f(points + step) - f(points - step)) / (2 * h)
    return grad


def grid_points(lo: float, hi: float, step: float) -> np.ndarray:
    """An (n*n, 2) array of grid points covering [lo, hi] in both coordinates."""
    axis = np.arange(lo, hi + step / 2, step)
    x0, x1 = np.meshgrid(axis, axis)
    return np.column_stack([x0.ravel(), x1.ravel()])


def gradient_field(f: Scalar, grid: np.ndarray, arrow_length: float | None = None) -> pd.DataFrame:
    """Arrows of -grad f at each grid point (the book's Fig. 4-9 points downhill).

    Columns x0, x1 (tail), g0, g1 (the gradient), magnitude, x0_end, x1_end (head of the
    -grad arrow, scaled so the longest arrow is `arrow_length`, by default the grid step),
    angle (degrees clockwise from 'up', for a rotated triangle marker).
    """
    grid = np.asarray(grid, dtype=np.float64)
    g = batched_numerical_gradient(f, grid)
    magnitude = np.hypot(g[:, 0], g[:, 1])
    if arrow_length is None:
        spacing = np.diff(np.unique(grid[:, 0]))
        arrow_length = float(spacing.min()) if spacing.size else 1.0
    top = float(magnitude.max()) if magnitude.size else 0.0
    scale = arrow_length / top if top > 0 else 0.0
    frame = pd.DataFrame({"x0": grid[:, 0], "x1": grid[:, 1], "g0": g[:, 0], "g1": g[:, 1],
                          "magnitude": magnitude})
    frame["x0_end"] = grid[:, 0] - scale * g[:, 0]
    frame["x1_end"] = grid[:, 1] - scale * g[:, 1]
    frame["angle"] = arrow_angle(-g[:, 0], -g[:, 1])
    return frame


def arrow_angle(dx: np.ndarray, dy: np.ndarray) -> np.ndarray:
    """Direction (dx, dy) as degrees clockwise from north, in [0, 360) (Vega's `angle`)."""
    return np.mod(np.degrees(np.arctan2(dx, dy)), 360.0)


def sum_of_squares(x: np.ndarray) -> np.ndarray:
    """The book's function_2, f(x0, x1) = x0² + x1², one value per point (last axis)."""
    x = np.asarray(x)
    return np.sum(x**2, axis=-1)


# ------------------------------------------------------------------ gradient descent
@dataclass(frozen=True)
class DescentRun:
    """One gradient-descent run: the path, where it ended and what became of it."""

    path: pd.DataFrame  # step, x0, x1, f, distance (from the minimum at the origin)
    end: np.ndarray
    status: str  # "converged" | "diverged" | "stalled" | "moving" | "oscillating"
    magnitude: float  # |x| at the end (inf when it overflowed)
    moved: float  # |x_end - x_start|


def descend(f: Scalar, init_x: Sequence[float], lr: float, step_num: int,
            tolerance: float = 1e-6) -> DescentRun:
    """Run the book's gradient_descent and classify the outcome for the page."""
    if not (np.isfinite(lr) and lr > 0):
        raise ConfigError("err.grad.lr", value=lr)
    if not 1 <= int(step_num) <= 100_000:
        raise ConfigError("err.grad.steps", value=step_num)
    start = np.asarray(init_x, dtype=np.float64)
    with np.errstate(all="ignore"):  # divergence is a lesson here, not a warning
        end, history = gradient_descent(f, start.copy(), lr=float(lr), step_num=int(step_num))
    end = np.asarray(end, dtype=np.float64)
    points = path_points(start, np.asarray(history, dtype=np.float64), end)
    with np.errstate(all="ignore"):
        values = f(points)
        distance = np.hypot(points[:, 0], points[:, 1])
    path = pd.DataFrame({"step": np.arange(len(points)), "x0": points[:, 0], "x1": points[:, 1],
                         "f": values, "distance": distance})
    magnitude = float(np.hypot(*end)) if np.all(np.isfinite(end)) else float("inf")
    moved = float(np.hypot(*(end - start))) if np.all(np.isfinite(end)) else float("inf")
    return DescentRun(path, end, classify(start, points, tolerance), magnitude, moved)


def path_points(start: np.ndarray, history: np.ndarray, end: np.ndarray) -> np.ndarray:
    """Every point visited: history (start included, end excluded, as in the book) + end."""
    history = history.reshape(-1, start.size)
    return np.vstack([history if len(history) else start[None, :], end[None, :]])


def classify(start: np.ndarray, path: np.ndarray, tolerance: float) -> str:
    """What the run did, in words the page translates."""
    start_size = max(float(np.hypot(*start)), 1.0)
    end = path[-1]
    if not np.all(np.isfinite(end)) or np.hypot(*end) > 10 * start_size:
        return "diverged"
    if np.hypot(*end) <= tolerance:
        return "converged"
    if np.max(np.hypot(*(path - start).T)) <= 1e-3 * start_size:
        return "stalled"  # never went anywhere: the learning rate is too small
    if np.isclose(np.hypot(*end), np.hypot(*start), rtol=1e-3):
        return "oscillating"  # bounced around the minimum without getting closer
    return "moving"


# ------------------------------------------------------------------ gradient check
@dataclass(frozen=True)
class GradientCheck:
    """Numerical vs backprop gradient for a sample of a network's parameters."""

    table: pd.DataFrame  # param, index, numerical, backprop, abs_diff, rel_diff
    max_abs_diff: float
    max_rel_diff: float
    n_checked: int
    n_total: int
    seconds_numerical: float  # for the checked sample
    seconds_backprop: float  # one backward pass: every parameter at once

    @property
    def seconds_numerical_all(self) -> float:
        """What the numerical gradient of every parameter would take, at the measured rate."""
        return self.seconds_numerical / max(self.n_checked, 1) * self.n_total

    @property
    def ratio(self) -> float:
        """How many times slower numerical differentiation is for the whole gradient."""
        return self.seconds_numerical_all / max(self.seconds_backprop, 1e-9)


def relative_difference(a: np.ndarray, b: np.ndarray, floor: float = 1e-8) -> np.ndarray:
    """|a - b| / max(|a| + |b|, floor): scale-free, and calm where both are ~0."""
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    return np.abs(a - b) / np.maximum(np.abs(a) + np.abs(b), floor)


def sample_parameters(params: dict[str, np.ndarray], n_params: int,
                      rng: np.random.Generator, min_each: int = 3) -> list[tuple[str, int]]:
    """(name, flat index) pairs drawn without replacement, every array represented."""
    names = list(params)
    total = sum(params[n].size for n in names)
    n = int(min(max(n_params, 1), total))
    # Every array gets its share, at least a few, so small biases are never left out.
    shares = {name: max(min_each, round(n * params[name].size / total)) for name in names}
    picks: list[tuple[str, int]] = []
    for name in names:
        k = min(shares[name], params[name].size)
        picks.extend((name, int(i)) for i in rng.choice(params[name].size, size=k, replace=False))
    return picks


def gradient_check(network, x: np.ndarray, t: np.ndarray, n_params: int,
                   rng: np.random.Generator, h: float = BOOK_H, repeats: int = 5) -> GradientCheck:
    """Compare the central difference of network.loss with network.gradient (backprop).

    Perturbs the sampled parameters one at a time and restores each, so the network is
    unchanged afterwards; use a network this call owns (not a shared cached one).
    """
    params = network.params
    picks = sample_parameters(params, n_params, rng)
    backprop_times = []
    for _ in range(max(repeats, 1)):
        t0 = time.perf_counter()
        grads = network.gradient(x, t)
        backprop_times.append(time.perf_counter() - t0)
    t0 = time.perf_counter()
    numerical = np.array([_partial(network, params[name], i, x, t, h) for name, i in picks])
    seconds_numerical = time.perf_counter() - t0
    backprop = np.array([float(np.ravel(grads[name])[i]) for name, i in picks])
    abs_diff = np.abs(numerical - backprop)
    rel_diff = relative_difference(numerical, backprop)
    table = pd.DataFrame({"param": [n for n, _ in picks], "index": [i for _, i in picks],
                          "numerical": numerical, "backprop": backprop,
                          "abs_diff": abs_diff, "rel_diff": rel_diff})
    return GradientCheck(table, float(abs_diff.max()), float(rel_diff.max()), len(picks),
                         int(sum(p.size for p in params.values())), seconds_numerical,
                         float(np.median(backprop_times)))


def _partial(network, array: np.ndarray, i: int, x: np.ndarray, t: np.ndarray, h: float) -> float:
    """dL/d(array.flat[i]) by central difference, restoring the value afterwards."""
    old = float(array.flat[i])  # .flat writes through to the network's own parameter
    try:
        array.flat[i] = old + h
        up = float(network.loss(x, t))
        array.flat[i] = old - h
        down = float(network.loss(x, t))
    finally:
        array.flat[i] = old
    return (up - down) / (2 * h)


def summarise_check(check: GradientCheck) -> pd.DataFrame:
    """Per parameter array: how many were checked, mean |difference| (as the book prints)."""
    grouped = check.table.groupby("param", sort=False)
    return pd.DataFrame({"checked": grouped.size(), "mean_abs_diff": grouped["abs_diff"].mean(),
                         "max_rel_diff": grouped["rel_diff"].max()}).reset_index()
