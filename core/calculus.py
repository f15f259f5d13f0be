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
from core.gradients import H, gradient_descent, numerical_diff

Scalar = Callable[[np.ndarray], np.ndarray]

BOOK_H = H  # the book's choice (core.gradients): small, yet far from float64's rounding floor


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
    """The book's numerical_diff, (f(x+h) - f(x-h)) / 2h, in the precision `dtype`."""
    with np.errstate(all="ignore"):
        return float(numerical_diff(f, dtype(x), dtype(h)))


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
    frozen_at: int | None = None  # first step of a rounding freeze (see frozen_step)


def descent_points(f: Scalar, init_x: Sequence[float], lr: float, step_num: int) -> np.ndarray:
    """Every point the book's gradient_descent visits from init_x, the start and the end included.

    Checks the settings first: a positive, finite learning rate and 1 to 100,000 steps.
    """
    if not (np.isfinite(lr) and lr > 0):
        raise ConfigError("err.grad.lr", value=lr)
    if not 1 <= int(step_num) <= 100_000:
        raise ConfigError("err.grad.steps", value=step_num)
    start = np.asarray(init_x, dtype=np.float64)
    with np.errstate(all="ignore"):  # divergence is a lesson here, not a warning
        end, history = gradient_descent(f, start.copy(), lr=float(lr), step_num=int(step_num))
    return path_points(start, np.asarray(history, dtype=np.float64),
                       np.asarray(end, dtype=np.float64))


def descend(f: Scalar, init_x: Sequence[float], lr: float, step_num: int,
            tolerance: float = 1e-6) -> DescentRun:
    """Run the book's gradient_descent and classify the outcome for the page."""
    start = np.asarray(init_x, dtype=np.float64)
    points = descent_points(f, start, lr, step_num)
    end = points[-1]
    with np.errstate(all="ignore"):
        values = f(points)
        distance = np.hypot(points[:, 0], points[:, 1])
    path = pd.DataFrame({"step": np.arange(len(points)), "x0": points[:, 0], "x1": points[:, 1],
                         "f": values, "distance": distance})
    magnitude = float(np.hypot(*end)) if np.all(np.isfinite(end)) else float("inf")
    moved = float(np.hypot(*(end - start))) if np.all(np.isfinite(end)) else float("inf")
    return DescentRun(path, end, classify(start, points, tolerance), magnitude, moved,
                      frozen_step(points))


def path_points(start: np.ndarray, history: np.ndarray, end: np.ndarray) -> np.ndarray:
    """Every point visited: history (start included, end excluded, as in the book) + end."""
    history = history.reshape(-1, start.size)
    return np.vstack([history if len(history) else start[None, :], end[None, :]])


def frozen_step(points: np.ndarray, h: float = BOOK_H) -> int | None:
    """The step from which the path stands still only because x + h rounds back to x.

    Far from 0, neighbouring float64 numbers are more than 2h apart (beyond |x| ~ 1e12 for the
    book's h = 1e-4): f(x + h) - f(x - h) is then exactly 0, so the numerical gradient is 0
    and the point freezes although the true gradient is huge. None when the path ends moving,
    or stands still for any other reason (a minimum, a tiny learning rate).
    """
    end = points[-1]
    if not np.all(np.isfinite(end)) or not np.all((end + h == end) & (end - h == end)):
        return None
    moving = np.flatnonzero(np.any(points != end, axis=1))
    step = int(moving[-1]) + 1 if moving.size else 0
    return step if step < len(points) - 1 else None


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


# ------------------------------------------------------------------ a non-convex surface
# Section 4.4.1: where the gradient is 0 need not be the minimum; it may be a local minimum or
# a saddle point, and on a nearly flat region learning may stall on a plateau. g below has
# exactly three critical points, at round numbers; 1 - exp(-g / 2) keeps them (its gradient
# is exp(-g / 2) / 2 times g's) and squashes g's high ground into a plateau at f ~ 1, as a
# saturated sigmoid flattens a network's loss.
NON_CONVEX_SCALE = 2.0
CRITICAL_POINTS: dict[str, tuple[float, float]] = {
    "global": (-2.0, 0.0),  # g = 0, f = 0
    "local": (1.0, 0.0),  # g = 9/4, f = 1 - exp(-9/8) ~ 0.675
    "saddle": (0.0, 0.0),  # g = 8/3: a maximum along x0, a minimum along x1
}
NEAR = 0.1  # a run that ends this close to a critical point has landed there
FLAT = 1e-2  # |grad f| below this: flat ground (a plateau, or close to a critical point)


def non_convex_g(x: np.ndarray) -> np.ndarray:
    """g(x0, x1) = x0^4/4 + x0^3/3 - x0^2 + x1^2/2 + 8/3, zero at the global minimum (-2, 0)."""
    x = np.asarray(x, dtype=np.float64)
    x0, x1 = x[..., 0], x[..., 1]
    return x0**4 / 4 + x0**3 / 3 - x0**2 + x1**2 / 2 + 8 / 3


def non_convex(x: np.ndarray) -> np.ndarray:
    """f(x0, x1) = 1 - exp(-g / 2): a global minimum, a local minimum, a saddle and a plateau."""
    return 1.0 - np.exp(-non_convex_g(x) / NON_CONVEX_SCALE)


def non_convex_gradient(x: np.ndarray) -> np.ndarray:
    """The exact gradient of non_convex: exp(-g/2)/2 * (x0^3 + x0^2 - 2 x0, x1)."""
    x = np.asarray(x, dtype=np.float64)
    x0, x1 = x[..., 0], x[..., 1]
    weight = np.exp(-non_convex_g(x) / NON_CONVEX_SCALE) / NON_CONVEX_SCALE
    return np.stack([weight * (x0**3 + x0**2 - 2 * x0), weight * x1], axis=-1)


@dataclass(frozen=True)
class SurfacePreset:
    """A start, learning rate and step count that shows one trap; `later` steps show its end."""

    start: tuple[float, float]
    lr: float
    steps: int
    later: int  # more steps: the saddle's and the plateau's way out (the local min has none)


SURFACE_PRESETS: dict[str, SurfacePreset] = {
    # Rolls into the well at (1, 0) and stays: f ~ 0.675 there, 0 at the global minimum.
    "local": SurfacePreset((2.0, 1.0), 0.5, 100, 1000),
    # On the ridge x0 = 0 the gradient points straight at the saddle; only the central
    # difference's h^2/3 from the x0^3 term (~3e-9) nudges it off, so it stands there ~90 steps.
    "saddle": SurfacePreset((0.0, 2.0), 0.5, 100, 200),
    # f ~ 0.9999 and |grad f| ~ 1e-3: hundreds of steps of crawling before the drop.
    "plateau": SurfacePreset((-3.5, 3.5), 0.5, 300, 400),
}


@dataclass(frozen=True)
class SurfaceRun:
    """Gradient descent on the non-convex surface: the path and where it ended up."""

    path: pd.DataFrame  # step, x0, x1, f, grad_norm (exact), move (length of the step taken)
    end: np.ndarray
    outcome: str  # "global" | "local" | "saddle" | "plateau" | "moving" | "left"
    saddle_steps: int  # points within NEAR of the saddle where |grad f| < FLAT
    flat_steps: int  # points where |grad f| < FLAT, wherever they are

    @property
    def moved(self) -> float:
        """The length of the whole path walked."""
        return float(self.path["move"].sum())

    @property
    def f_drop(self) -> float:
        """How much f fell from the start to the end."""
        return float(self.path["f"].iloc[0] - self.path["f"].iloc[-1])


def explore(init_x: Sequence[float], lr: float, step_num: int, extent: float = 4.0
            ) -> SurfaceRun:
    """The book's gradient_descent on non_convex from init_x; where it ends, in words.

    outcome: the critical point within NEAR of the end, else "plateau" where the ground is flat,
    "left" when the run leaves the [-extent, extent] square (or overflows), else "moving".
    """
    points = descent_points(non_convex, init_x, lr, step_num)
    with np.errstate(all="ignore"):
        grad_norm = np.hypot(*non_convex_gradient(points).T)
        values = non_convex(points)
        move = np.concatenate([[0.0], np.hypot(*np.diff(points, axis=0).T)])
    path = pd.DataFrame({"step": np.arange(len(points)), "x0": points[:, 0], "x1": points[:, 1],
                         "f": values, "grad_norm": grad_norm, "move": move})
    end = points[-1]
    flat = grad_norm < FLAT
    near_saddle = np.hypot(*(points - CRITICAL_POINTS["saddle"]).T) < NEAR
    return SurfaceRun(path, end, surface_outcome(end, float(grad_norm[-1]), extent),
                      int(np.sum(flat & near_saddle)), int(np.sum(flat)))


def surface_outcome(end: np.ndarray, grad_norm: float, extent: float) -> str:
    """Name the place a run on non_convex ended: a critical point, a plateau, or neither."""
    if not np.all(np.isfinite(end)) or np.max(np.abs(end)) > extent:
        return "left"
    for name, point in CRITICAL_POINTS.items():
        if np.hypot(*(end - point)) < NEAR:
            return name
    return "plateau" if grad_norm < FLAT else "moving"


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
    """Exactly min(n_params, all parameters) (name, flat index) pairs, drawn without replacement.

    Every array gets a few (min_each, fewer when n_params is too small to give each that
    many), so small biases are never left out; the rest go out in proportion to the arrays'
    sizes, by largest remainder, so the count is the one asked for (60 asked, 60 checked).
    """
    names = list(params)
    sizes = np.array([params[name].size for name in names])
    n = int(min(max(n_params, 1), sizes.sum()))
    base = np.minimum(sizes, min(min_each, n // len(names)))
    room = sizes - base
    share = (n - base.sum()) * room / max(room.sum(), 1)
    counts = base + np.floor(share).astype(int)
    leftover = n - int(counts.sum())
    counts[np.argsort(-(share - np.floor(share)), kind="stable")[:leftover]] += 1
    picks: list[tuple[str, int]] = []
    for name, k in zip(names, counts):
        picks.extend((name, int(i)) for i in rng.choice(params[name].size, size=int(k),
                                                        replace=False))
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
