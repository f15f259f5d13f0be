"""core.calculus: difference quotients, error study, gradient field, descent runs, gradient check.

The book's values are the oracles (Deep Learning from Scratch, chapter 4).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from core.calculus import (
    CRITICAL_POINTS,
    FLAT,
    FUNCTIONS,
    NEAR,
    SURFACE_PRESETS,
    arrow_angle,
    batched_numerical_gradient,
    best_step,
    central_diff,
    descend,
    descent_points,
    difference_error_table,
    explore,
    forward_diff,
    frozen_step,
    gradient_check,
    gradient_field,
    grid_points,
    log_spaced_h,
    non_convex,
    non_convex_gradient,
    relative_difference,
    sample_parameters,
    sum_of_squares,
    summarise_check,
    tangent_line,
)
from core.errors import ConfigError
from core.gradients import numerical_gradient
from core.network import MultiLayerNet

FUNCTION_1 = FUNCTIONS["function_1"].f


# ------------------------------------------------------------------ difference quotients
@pytest.mark.parametrize("x, expected", [(5.0, 0.1999999999990898), (10.0, 0.2999999999986347)])
def test_central_difference_gives_the_books_values(x: float, expected: float) -> None:
    assert central_diff(FUNCTION_1, x) == expected


@pytest.mark.parametrize("name", list(FUNCTIONS))
@pytest.mark.parametrize("x", [-1.5, 0.3, 2.0])
def test_central_beats_forward_at_the_books_h(name: str, x: float) -> None:
    fn = FUNCTIONS[name]
    exact = float(fn.df(np.float64(x)))
    central_error = abs(central_diff(fn.f, x) - exact)
    forward_error = abs(forward_diff(fn.f, x) - exact)
    assert central_error < 1e-6 * max(1.0, abs(exact))
    assert central_error < forward_error


def test_forward_difference_error_is_first_order() -> None:
    # For 0.01x² + 0.1x the forward error is exactly 0.01·h (up to rounding).
    for h in (1e-1, 1e-2, 1e-3):
        assert forward_diff(FUNCTION_1, 5.0, h) - 0.2 == pytest.approx(0.01 * h, rel=1e-6)


def test_float32_cannot_hold_1e_50_and_tiny_h_vanishes() -> None:
    assert np.float32(1e-50) == 0.0
    assert np.float64(1e-50) != 0.0
    assert forward_diff(FUNCTION_1, 5.0, 1e-20) == 0.0  # 5 + 1e-20 == 5 in float64
    assert np.isnan(forward_diff(FUNCTION_1, 5.0, 1e-50, np.float32))  # 0/0: h itself is gone


def test_float32_arithmetic_stays_float32() -> None:
    # 1e-6 is below float32's resolution at 5 (≈ 4.8e-7 half-ulp is borderline): estimate is poor.
    estimate32 = central_diff(FUNCTION_1, 5.0, 1e-6, np.float32)
    estimate64 = central_diff(FUNCTION_1, 5.0, 1e-6, np.float64)
    assert abs(estimate32 - 0.2) > 1e3 * abs(estimate64 - 0.2)


def test_log_spaced_h_runs_from_large_to_small() -> None:
    hs = log_spaced_h(-1, -20, 2)
    assert hs[0] == pytest.approx(1e-1) and hs[-1] == pytest.approx(1e-20)
    assert len(hs) == 39 and np.all(np.diff(hs) < 0)
    with pytest.raises(ConfigError):
        log_spaced_h(-5, -1)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_error_table_shows_truncation_then_rounding(dtype: type) -> None:
    table = difference_error_table(FUNCTION_1, FUNCTIONS["function_1"].df, 5.0,
                                   log_spaced_h(-1, -20, 1), dtype)
    assert list(table.columns) == ["h", "method", "estimate", "exact", "error"]
    assert len(table) == 40 and set(table["method"]) == {"forward", "central"}
    forward = table[table["method"] == "forward"].set_index("h")["error"]
    # Truncation: the error shrinks with h at first ...
    assert forward.iloc[1] < forward.iloc[0]
    # ... rounding: at h = 1e-20 the step vanishes, the estimate is 0, the error is the value.
    assert forward.iloc[-1] == pytest.approx(0.2)
    # In between lies the best h (central is exact for a quadratic up to rounding, so use forward).
    h_best, e_best = best_step(table, "forward")
    assert 1e-20 < h_best < 1e-1 and e_best < forward.iloc[0]


def test_best_step_for_float64_central_is_near_the_books_choice() -> None:
    fn = FUNCTIONS["sin"]
    table = difference_error_table(fn.f, fn.df, 1.0, log_spaced_h(-1, -20, 4))
    h, _ = best_step(table, "central")
    assert 1e-7 <= h <= 1e-3  # h = 1e-4 sits in the sweet spot


def test_tangent_line_passes_through_the_point() -> None:
    xs = np.array([4.0, 5.0, 6.0])
    line = tangent_line(FUNCTION_1, 5.0, 0.2, xs)
    assert line[1] == pytest.approx(FUNCTION_1(5.0))
    assert line[2] - line[1] == pytest.approx(0.2)


# ------------------------------------------------------------------ gradient field
@pytest.mark.parametrize("point, grad", [((3.0, 4.0), (6.0, 8.0)), ((0.0, 2.0), (0.0, 4.0)),
                                         ((3.0, 0.0), (6.0, 0.0))])
def test_batched_gradient_gives_the_books_points(point, grad) -> None:
    g = batched_numerical_gradient(sum_of_squares, np.array([point]))
    np.testing.assert_allclose(g[0], grad, atol=1e-6)


def test_gradient_field_points_downhill_and_scales_arrows() -> None:
    grid = grid_points(-2.0, 2.0, 0.5)
    assert grid.shape == (81, 2)
    field = gradient_field(sum_of_squares, grid)
    np.testing.assert_allclose(field[["g0", "g1"]].to_numpy(), 2 * grid, atol=1e-6)
    head = field[["x0_end", "x1_end"]].to_numpy()
    # -grad points at the origin: every head is closer to it than its tail (or both at 0).
    assert np.all(np.hypot(*head.T) <= np.hypot(*grid.T) + 1e-12)
    lengths = np.hypot(*(head - grid).T)
    assert lengths.max() == pytest.approx(0.5)  # longest arrow = grid step


@pytest.mark.parametrize("dx, dy, angle", [(0, 1, 0), (1, 0, 90), (0, -1, 180), (-1, 0, 270)])
def test_arrow_angle_is_clockwise_from_north(dx, dy, angle) -> None:
    assert arrow_angle(np.array([dx]), np.array([dy]))[0] == pytest.approx(angle)


# ------------------------------------------------------------------ gradient descent
def test_descent_lr_0_1_reaches_the_minimum() -> None:
    run = descend(sum_of_squares, (-3.0, 4.0), 0.1, 100)
    np.testing.assert_allclose(run.end, 0.8**100 * np.array([-3.0, 4.0]), rtol=1e-3)
    assert run.status == "converged"
    assert list(run.path.columns) == ["step", "x0", "x1", "f", "distance"]
    assert len(run.path) == 101 and run.path["step"].iloc[-1] == 100
    assert tuple(run.path[["x0", "x1"]].iloc[0]) == (-3.0, 4.0)


def test_descent_lr_10_diverges_like_the_book() -> None:
    run = descend(sum_of_squares, (-3.0, 4.0), 10.0, 100)
    assert run.status == "diverged" and run.magnitude > 1e12
    # The book prints [-2.58983747e+13, -1.29524862e+12] (numerical gradient at huge x).
    np.testing.assert_allclose(run.end, [-2.58983747e13, -1.29524862e12], rtol=1e-6)


def test_descent_lr_10_freezes_where_x_plus_h_rounds_to_x() -> None:
    # The distance line is flat from step 10: not a minimum, the numerical gradient is 0 there
    # because x + h == x in float64 (the page says so instead of "a rising straight line").
    run = descend(sum_of_squares, (-3.0, 4.0), 10.0, 100)
    assert run.frozen_at == 10
    distance = run.path["distance"].to_numpy()
    assert np.all(distance[10:] == distance[-1]) and distance[9] != distance[10]
    assert np.all(np.abs(np.diff(np.log10(distance[:10]))) > 1.2)  # x19 a step before that
    end = run.end
    assert np.all(end + 1e-4 == end) and np.all(end - 1e-4 == end)
    assert np.all(numerical_gradient(sum_of_squares, end.copy()) == 0)
    assert np.spacing(np.abs(end)).min() > 2e-4
    # Step 9 still moved: x0 was small enough for x0 + h to differ from x0.
    points = run.path[["x0", "x1"]].to_numpy()
    assert frozen_step(points[:10]) is None


@pytest.mark.parametrize("lr", [0.1, 0.5, 1.0, 1.1, 1e-10])
def test_runs_that_do_not_freeze_say_so(lr: float) -> None:
    assert descend(sum_of_squares, (-3.0, 4.0), lr, 100).frozen_at is None


def test_descent_lr_1e_10_hardly_moves() -> None:
    run = descend(sum_of_squares, (-3.0, 4.0), 1e-10, 100)
    np.testing.assert_allclose(run.end, [-2.99999994, 3.99999992], rtol=0, atol=1e-8)
    assert run.status == "stalled" and run.moved < 1e-6


@pytest.mark.parametrize("lr, status", [(0.5, "converged"), (1.0, "oscillating"),
                                        (1.1, "diverged"), (0.01, "moving")])
def test_descent_outcomes(lr: float, status: str) -> None:
    assert descend(sum_of_squares, (-3.0, 4.0), lr, 100).status == status


def test_descent_overflow_is_reported_not_raised() -> None:
    def steep(x: np.ndarray) -> np.ndarray:
        return np.sum(np.asarray(x) ** 4, axis=-1)

    run = descend(steep, (-3.0, 4.0), 10.0, 50)
    assert run.status == "diverged"
    assert not np.isfinite(run.magnitude) or run.magnitude > 1e12


@pytest.mark.parametrize("lr, steps", [(0.0, 10), (-1.0, 10), (float("nan"), 10), (0.1, 0),
                                       (0.1, 10**6)])
def test_descent_rejects_bad_settings(lr: float, steps: int) -> None:
    with pytest.raises(ConfigError):
        descend(sum_of_squares, (-3.0, 4.0), lr, steps)


def test_descent_does_not_mutate_the_start() -> None:
    start = np.array([-3.0, 4.0])
    descend(sum_of_squares, start, 0.1, 10)
    np.testing.assert_array_equal(start, [-3.0, 4.0])


# ------------------------------------------------------------------ gradient check
def test_relative_difference_is_calm_near_zero() -> None:
    rel = relative_difference(np.array([1.0, 0.0, 3e-13]), np.array([1.0 + 1e-9, 0.0, 0.0]))
    assert rel[0] == pytest.approx(5e-10, rel=1e-3)
    assert rel[1] == 0.0 and rel[2] < 1e-4


@pytest.mark.parametrize("n", [4, 10, 11, 60, 65, 200, 760])
def test_sample_parameters_draws_exactly_the_count_asked(n: int) -> None:
    # The page's slider said 60 while 65 were checked (each array's share was rounded up).
    params = {"W1": np.zeros((64, 10)), "b1": np.zeros(10), "W2": np.zeros((10, 10)),
              "b2": np.zeros(10)}
    picks = sample_parameters(params, n, np.random.default_rng(0))
    assert len(picks) == n and len(set(picks)) == n
    assert {name for name, _ in picks} == set(params)


def test_sample_parameters_stops_at_every_parameter() -> None:
    params = {"W1": np.zeros((4, 5)), "b1": np.zeros(5), "W2": np.zeros((5, 3)), "b2": np.zeros(3)}
    picks = sample_parameters(params, 200, np.random.default_rng(0))
    assert sorted(picks) == sorted((k, i) for k, v in params.items() for i in range(v.size))


def test_sample_parameters_covers_every_array() -> None:
    params = {"W1": np.zeros((64, 10)), "b1": np.zeros(10), "W2": np.zeros((10, 3)),
              "b2": np.zeros(3)}
    picks = sample_parameters(params, 40, np.random.default_rng(0))
    assert {name for name, _ in picks} == set(params)
    assert len(set(picks)) == len(picks)  # no parameter twice
    assert all(0 <= i < params[name].size for name, i in picks)


@pytest.mark.parametrize("activation", ["sigmoid", "relu", "tanh"])
@pytest.mark.parametrize("hidden", [[5], [6, 4]])
def test_gradient_check_agrees_with_backprop(activation: str, hidden: list[int]) -> None:
    rng = np.random.default_rng(1)
    x = rng.normal(size=(8, 6))
    t = rng.integers(0, 3, size=8)
    net = MultiLayerNet(6, hidden, 3, activation=activation, weight_init="he", dtype=np.float64,
                        seed=2)
    before = {k: v.copy() for k, v in net.params.items()}
    check = gradient_check(net, x, t, 30, np.random.default_rng(0))
    assert check.max_rel_diff < 1e-5 and check.max_abs_diff < 1e-7
    assert check.n_total == sum(v.size for v in before.values())
    assert check.n_checked == len(check.table) >= 4
    assert check.seconds_numerical > 0 and check.seconds_backprop > 0
    assert check.seconds_numerical_all >= check.seconds_numerical
    for key, value in before.items():  # every perturbed weight was put back
        np.testing.assert_array_equal(net.params[key], value)
    summary = summarise_check(check)
    assert isinstance(summary, pd.DataFrame) and set(summary["param"]) == set(before)


def test_gradient_check_catches_a_wrong_gradient() -> None:
    rng = np.random.default_rng(1)
    x, t = rng.normal(size=(4, 5)), rng.integers(0, 2, size=4)
    net = MultiLayerNet(5, [4], 2, weight_init="he", dtype=np.float64, seed=0)

    class Broken:
        params = net.params
        loss = staticmethod(net.loss)

        @staticmethod
        def gradient(x_, t_):
            return {k: 2 * v for k, v in net.gradient(x_, t_).items()}  # off by a factor 2

    check = gradient_check(Broken(), x, t, 20, np.random.default_rng(0))
    assert check.max_rel_diff > 0.1


# ------------------------------------------------------------------ the non-convex surface
def test_non_convex_gradient_agrees_with_the_books_numerical_gradient() -> None:
    points = np.random.default_rng(0).uniform(-4, 4, size=(200, 2))
    points = np.vstack([points, list(CRITICAL_POINTS.values()), [(-3.5, 3.5), (0.0, 2.0)]])
    for p in points:
        numerical = numerical_gradient(non_convex, p.copy())
        # The central difference is off by ~h²·f'''/6 ~ 1e-8: far below the gradients here.
        np.testing.assert_allclose(numerical, non_convex_gradient(p), rtol=1e-6, atol=1e-7)
    # Vectorised: one gradient per point along the last axis.
    np.testing.assert_allclose(non_convex_gradient(points)[:3],
                               [non_convex_gradient(p) for p in points[:3]])


def _hessian(p: tuple[float, float]) -> np.ndarray:
    p = np.asarray(p, dtype=np.float64)
    return np.array([(non_convex_gradient(p + e * 1e-5) - non_convex_gradient(p - e * 1e-5))
                     / 2e-5 for e in np.eye(2)])


def test_non_convex_has_a_global_minimum_a_local_minimum_and_a_saddle() -> None:
    for point in CRITICAL_POINTS.values():
        np.testing.assert_array_equal(non_convex_gradient(np.array(point)), [0.0, 0.0])
    curvature = {k: np.linalg.eigvalsh(_hessian(p)) for k, p in CRITICAL_POINTS.items()}
    assert np.all(curvature["global"] > 0) and np.all(curvature["local"] > 0)
    assert curvature["saddle"][0] < 0 < curvature["saddle"][1]  # max along x0, min along x1
    value = {k: float(non_convex(np.array(p))) for k, p in CRITICAL_POINTS.items()}
    assert value["global"] == 0.0 < value["local"] < value["saddle"] < 1.0
    assert value["local"] == pytest.approx(1 - np.exp(-9 / 8))
    assert value["saddle"] == pytest.approx(1 - np.exp(-4 / 3))
    # The plateau: f ~ 1 and the gradient tiny far from the three points.
    assert non_convex(np.array([-3.5, 3.5])) > 0.999
    assert np.hypot(*non_convex_gradient(np.array([-3.5, 3.5]))) < FLAT


def test_explore_uses_the_books_gradient_descent() -> None:
    preset = SURFACE_PRESETS["local"]
    run = explore(preset.start, preset.lr, preset.steps)
    np.testing.assert_array_equal(run.path[["x0", "x1"]].to_numpy(),
                                  descent_points(non_convex, preset.start, preset.lr, preset.steps))
    assert list(run.path.columns) == ["step", "x0", "x1", "f", "grad_norm", "move"]
    assert len(run.path) == preset.steps + 1


# What each preset's caption claims (core/strings/gradient_page.py, grad.trap.claim.*).
def test_local_preset_ends_in_the_local_minimum_not_the_global_one() -> None:
    preset = SURFACE_PRESETS["local"]
    run = explore(preset.start, preset.lr, preset.steps)
    assert run.outcome == "local"
    np.testing.assert_allclose(run.end, CRITICAL_POINTS["local"], atol=1e-3)
    assert np.hypot(*(run.end - CRITICAL_POINTS["global"])) > 2.9
    assert run.path["f"].iloc[-1] == pytest.approx(0.675, abs=5e-4)  # the global minimum: 0
    # "never climbs out": ten times the steps still end there.
    assert explore(preset.start, preset.lr, preset.later).outcome == "local"


def test_saddle_preset_stands_at_the_saddle_for_many_steps_then_rolls_off() -> None:
    preset = SURFACE_PRESETS["saddle"]
    run = explore(preset.start, preset.lr, preset.steps)
    assert run.outcome == "saddle"
    assert run.saddle_steps >= 40
    # Its last saddle_steps points: within NEAR of (0, 0), the gradient below FLAT.
    last = run.path.tail(run.saddle_steps)
    assert np.all(np.hypot(last["x0"], last["x1"]) < NEAR) and np.all(last["grad_norm"] < FLAT)
    assert last["grad_norm"].min() < 1e-3
    later = explore(preset.start, preset.lr, preset.later)
    assert later.outcome == "global" and later.saddle_steps > run.saddle_steps


def test_plateau_preset_crawls_with_near_zero_progress_then_drops() -> None:
    preset = SURFACE_PRESETS["plateau"]
    run = explore(preset.start, preset.lr, preset.steps)
    assert run.outcome == "plateau"
    assert np.all(run.path["grad_norm"] < FLAT)  # "|grad f| < 0.01 at every step"
    per_step = run.moved / preset.steps
    assert per_step < 1e-3 and run.f_drop < 1e-3
    # Against an ordinary descent at the same learning rate: twenty times slower at least.
    local = SURFACE_PRESETS["local"]
    ordinary = explore(local.start, local.lr, local.steps)
    assert ordinary.moved / local.steps > 20 * per_step
    assert explore(preset.start, preset.lr, preset.later).outcome == "global"


@pytest.mark.parametrize("start, lr, steps, outcome", [
    ((-3.0, 1.0), 0.5, 100, "global"),
    ((2.0, 1.0), 10.0, 50, "left"),
    ((2.0, 3.0), 0.5, 3, "moving"),
])
def test_explore_names_where_a_run_ends(start, lr, steps, outcome) -> None:
    assert explore(start, lr, steps).outcome == outcome


@pytest.mark.parametrize("lr, steps", [(0.0, 10), (-1.0, 10), (float("inf"), 10), (0.1, 0)])
def test_explore_rejects_bad_settings(lr: float, steps: int) -> None:
    with pytest.raises(ConfigError):
        explore((2.0, 1.0), lr, steps)
