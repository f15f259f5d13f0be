"""core.lessons: the numbers behind the mini-batch and why-a-loss pages."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from core import lessons
from core.datasets import load_dataset
from core.functions import cross_entropy_error, softmax
from core.network import MultiLayerNet

RNG_X = np.random.default_rng(0).standard_normal((300, 12)).astype(np.float32)
RNG_T = np.random.default_rng(1).integers(0, 4, 300)


def small_net(activation: str = "sigmoid", loss: str = "cross_entropy",
              hidden: tuple[int, ...] = (8,), dtype=np.float64) -> MultiLayerNet:
    # a large init spreads the per-sample losses, so accuracy really moves in a sweep
    return MultiLayerNet(12, hidden, 4, activation=activation, loss=loss, weight_init_std=1.0,
                         seed=3, dtype=dtype)


# ----------------------------------------------------------------- losses per sample
def test_cross_entropy_from_logits_matches_the_books_formula() -> None:
    a = np.random.default_rng(2).standard_normal((50, 10)) * 3
    t = np.random.default_rng(3).integers(0, 10, 50)
    per_sample = lessons.cross_entropy_from_logits(a, t)
    y_t = softmax(a)[np.arange(50), t]
    # the book's -log(y + 1e-7) differs by at most log(1 + 1e-7 / y_t) <= 1e-7 / y_t
    book = np.array([cross_entropy_error(softmax(a[k]), t[k]) for k in range(50)])
    assert np.all(np.abs(per_sample - book) <= 1e-7 / y_t + 1e-12)
    assert per_sample.mean() == pytest.approx(cross_entropy_error(softmax(a), t), rel=1e-3)


def test_squared_error_from_logits_matches_the_definition() -> None:
    a = np.random.default_rng(4).standard_normal((20, 5))
    t = np.arange(20) % 5
    y = softmax(a)
    expected = 0.5 * ((y - np.eye(5)[t]) ** 2).sum(axis=1)
    np.testing.assert_allclose(lessons.squared_error_from_logits(a, t), expected, rtol=1e-12)


@pytest.mark.parametrize("loss", ["cross_entropy", "mse"])
@pytest.mark.parametrize("activation", ["sigmoid", "relu", "step", "tanh"])
@pytest.mark.parametrize("hidden", [(8,), (6, 5)])
def test_per_sample_losses_average_to_the_network_loss(loss, activation, hidden) -> None:
    net = small_net(activation, loss, hidden)
    per_sample = lessons.per_sample_losses(net, RNG_X, RNG_T)
    assert per_sample.shape == (len(RNG_T),)
    assert per_sample.mean() == pytest.approx(net.loss(RNG_X, RNG_T), rel=1e-10)


def test_per_sample_losses_of_a_float32_network() -> None:
    net = small_net(dtype=np.float32)
    assert lessons.per_sample_losses(net, RNG_X, RNG_T).mean() == pytest.approx(
        net.loss(RNG_X, RNG_T), rel=1e-5)


# ----------------------------------------------------------------- mini-batches
@pytest.mark.parametrize(("sizes", "n", "clamped", "too_big"), [
    ((1, 10, 100, 1000), 5000, [1, 10, 100, 1000], []),
    ((1, 10, 100, 1000), 320, [1, 10, 100, 320], [1000]),
    ((1000, 500, 1), 320, [1, 320], [500, 1000]),
    ((0, 3), 10, [1, 3], []),
])
def test_clamp_batch_sizes(sizes, n, clamped, too_big) -> None:
    assert lessons.clamp_batch_sizes(sizes, n) == (clamped, too_big)


def test_draw_mini_batch_is_the_books_choice_from_a_seeded_generator() -> None:
    a = lessons.draw_mini_batch(np.random.default_rng(7), 60000, 100)
    b = np.random.default_rng(7).choice(60000, 100)
    np.testing.assert_array_equal(a, b)
    assert a.shape == (100,) and a.min() >= 0 and a.max() < 60000


def test_estimates_have_one_row_per_draw_and_batch_size() -> None:
    losses = np.random.default_rng(0).exponential(0.5, 1000)
    df = lessons.loss_estimates_from_losses(losses, [1, 10, 100], 50, np.random.default_rng(1))
    assert list(df.columns) == ["batch_size", "draw", "loss"]
    assert df.groupby("batch_size").size().to_dict() == {1: 50, 10: 50, 100: 50}


def test_a_mini_batch_of_one_is_one_samples_loss() -> None:
    losses = np.arange(10.0)
    df = lessons.loss_estimates_from_losses(losses, [1], 30, np.random.default_rng(0))
    assert set(df["loss"]).issubset(set(losses))


@pytest.mark.parametrize("batch_size", [1, 10, 100, 1000])
def test_estimates_are_unbiased_and_spread_like_one_over_sqrt_b(batch_size) -> None:
    losses = np.random.default_rng(0).exponential(0.5, 5000)  # skewed, like real losses
    draws = 2000
    df = lessons.loss_estimates_from_losses(losses, [batch_size], draws, np.random.default_rng(9))
    spread = lessons.estimate_spread(df, float(losses.std()))
    row = spread.iloc[0]
    assert row["reference"] == pytest.approx(losses.std() / np.sqrt(batch_size))
    # std of a std estimate from 2000 draws is a few per cent; allow 10 %
    assert row["std"] == pytest.approx(row["reference"], rel=0.10)
    # mean of the estimates: within 4 standard errors of the full-set loss
    assert abs(row["mean"] - losses.mean()) < 4 * row["reference"] / np.sqrt(draws)


def test_minibatch_loss_estimates_on_a_network_shrink_with_batch_size() -> None:
    net = small_net()
    df = lessons.minibatch_loss_estimates(net, RNG_X, RNG_T, [1, 10, 100], 400,
                                          np.random.default_rng(0))
    stds = df.groupby("batch_size")["loss"].std()
    assert stds[1] > stds[10] > stds[100]
    assert stds[1] / stds[100] == pytest.approx(10, rel=0.35)


class _CountingNet:
    def __init__(self) -> None:
        self.calls: list[int] = []

    def gradient(self, x, t):
        self.calls.append(len(x))
        return {}


def test_gradient_step_seconds_takes_the_fastest_of_timed_repeats() -> None:
    ticks = iter([0.0, 2.0, 10.0, 13.0, 20.0, 21.0,  # batch 5: 2, 3, 1 s -> fastest 1
                  30.0, 30.5, 40.0, 40.5, 50.0, 50.5])  # batch 50: 0.5 s each
    net = _CountingNet()
    df = lessons.gradient_step_seconds(net, RNG_X, RNG_T, [5, 50], np.random.default_rng(0),
                                       repeats=3, clock=lambda: next(ticks))
    assert df["batch_size"].tolist() == [5, 50]
    assert df["seconds"].tolist() == [1.0, 0.5]
    assert df["ms"].tolist() == [1000.0, 500.0]
    assert net.calls == [5, 5, 5, 5, 50, 50, 50, 50]  # one untimed warm-up per size


def test_gradient_step_seconds_on_a_real_network() -> None:
    df = lessons.gradient_step_seconds(small_net(), RNG_X, RNG_T, [1, 100],
                                       np.random.default_rng(0), repeats=2)
    assert (df["seconds"] > 0).all()


def test_as_images_scales_to_unit_range_and_enlarges_by_whole_pixels() -> None:
    x = np.stack([np.arange(64, dtype=np.float32), np.full(64, 3.0, dtype=np.float32)])
    images = lessons.as_images(x, (8, 8), min_pixels=56)
    assert images[0].shape == (56, 56)
    assert images[0].min() == 0.0 and images[0].max() == 1.0
    assert np.all(images[1] == 0.0)  # a constant image has no range: shown black, no NaN
    assert images[0][0, 0] == images[0][6, 6]  # 7x7 blocks of one pixel


def test_as_images_can_keep_the_values_as_they_are() -> None:
    """normalise=False: 0.5 stays mid-grey (a zero weight on the drawing page), only clipped."""
    x = np.array([[0.5] * 63 + [1.7], [0.25] * 64], dtype=np.float32)
    kept = lessons.as_images(x, (8, 8), min_pixels=16, normalise=False)
    assert kept[0].shape == (16, 16) and kept[0][0, 0] == 0.5 and kept[0].max() == 1.0
    assert np.all(kept[1] == 0.25)


def test_data_fingerprint_tells_data_sets_apart() -> None:
    a = load_dataset("xor", seed=0, n_points=100)
    b = load_dataset("xor", seed=1, n_points=100)
    assert lessons.data_fingerprint(a) == lessons.data_fingerprint(load_dataset("xor", seed=0,
                                                                                n_points=100))
    assert lessons.data_fingerprint(a) != lessons.data_fingerprint(b)


# ----------------------------------------------------------------- training
def test_train_briefly_zero_iterations_is_untrained() -> None:
    data = load_dataset("digits")
    net = lessons.train_briefly(data, 0, seed=0)
    # an untrained net is close to guessing: loss near log(10)
    assert net.loss(data.x_train, data.t_train) == pytest.approx(np.log(10), abs=0.3)


def test_train_briefly_learns_digits() -> None:
    data = load_dataset("digits")
    net = lessons.train_briefly(data, 300, seed=0)
    assert net.accuracy(data.x_train, data.t_train) > 0.85
    assert net.activation_name == "sigmoid"


def test_with_activation_keeps_weights_and_copies_them() -> None:
    net = small_net(dtype=np.float32)
    step = lessons.with_activation(net, "step")
    assert step.activation_name == "step" and net.activation_name == "sigmoid"
    for key in net.params:
        np.testing.assert_array_equal(step.params[key], net.params[key])
    step.params["W1"][0, 0] += 1.0
    assert step.params["W1"][0, 0] != net.params["W1"][0, 0]


def test_step_function_gives_an_all_zero_first_layer_gradient() -> None:
    net = small_net(dtype=np.float32)
    grads = {name: lessons.with_activation(net, name).gradient(RNG_X[:50], RNG_T[:50])["W1"]
             for name in ("step", "sigmoid")}
    assert lessons.gradient_summary(grads["step"])["nonzero"] == 0
    assert lessons.gradient_summary(grads["sigmoid"])["nonzero"] > 0.9 * grads["sigmoid"].size


# ----------------------------------------------------------------- weight sweeps
def test_sweep_values_contain_the_centre() -> None:
    v = lessons.sweep_values(0.123, 3.0, 301)
    assert len(v) == 301 and v[150] == 0.123
    assert v[0] == pytest.approx(-2.877) and v[-1] == pytest.approx(3.123)


@pytest.mark.parametrize("loss", ["cross_entropy", "mse"])
@pytest.mark.parametrize("activation", ["sigmoid", "relu", "step"])
@pytest.mark.parametrize("hidden", [(8,), (6, 5)])
def test_loss_and_accuracy_at_equals_changing_the_weight(loss, activation, hidden) -> None:
    net = small_net(activation, loss, hidden)
    for layer in range(1, net.n_layers + 1):
        for index in ((0, 0), (2, 3)):
            w = float(net.params[f"W{layer}"][index])
            values = np.array([w - 4.0, w - 0.3, w, w + 0.6, w + 5.0])
            got_loss, got_acc = lessons.loss_and_accuracy_at(
                net.params, activation, RNG_X, RNG_T, layer, index, values, loss)
            for v, gl, ga in zip(values, got_loss, got_acc):
                other = net.copy()
                other.params[f"W{layer}"][index] = v
                want_loss, want_acc = other.evaluate(RNG_X, RNG_T)
                assert gl == pytest.approx(want_loss, rel=1e-9)
                assert ga == want_acc


def test_weight_sweep_derivative_of_the_loss_matches_backprop() -> None:
    net = small_net()
    grads = net.gradient(RNG_X, RNG_T)
    for layer, index in ((1, (3, 2)), (2, (1, 0))):
        w = float(net.params[f"W{layer}"][index])
        df = lessons.weight_sweep(net, RNG_X, RNG_T, layer, index, np.array([w]))
        assert df["d_loss"].iloc[0] == pytest.approx(grads[f"W{layer}"][index], rel=1e-5)
        assert df["loss"].iloc[0] == pytest.approx(net.loss(RNG_X, RNG_T), rel=1e-10)
        assert df["accuracy"].iloc[0] == net.accuracy(RNG_X, RNG_T)


@pytest.mark.parametrize("layer", [1, 2])
def test_accuracy_is_a_staircase_and_the_loss_is_not(layer) -> None:
    net = small_net()
    index = lessons.largest_gradient_index(net.gradient(RNG_X, RNG_T)[f"W{layer}"])
    w = float(net.params[f"W{layer}"][index])
    df = lessons.weight_sweep(net, RNG_X, RNG_T, layer, index, lessons.sweep_values(w, 3.0, 301))
    assert list(df.columns) == ["value", "loss", "accuracy", "d_loss", "d_accuracy"]
    # accuracy moves in jumps: its derivative is 0 at (nearly) every point ...
    assert (df["d_accuracy"] == 0).mean() > 0.95
    assert len(lessons.accuracy_jumps(df)) > 0  # ... yet it does change over the range
    # ... while the loss changes everywhere
    assert (df["d_loss"] != 0).mean() > 0.99
    assert df["loss"].nunique() == len(df)


def test_accuracy_jumps_lists_the_risers() -> None:
    df = pd.DataFrame({"value": [0.0, 0.1, 0.2, 0.3], "accuracy": [0.5, 0.5, 0.6, 0.6]})
    jumps = lessons.accuracy_jumps(df)
    assert jumps["value"].tolist() == [0.2] and jumps["accuracy"].tolist() == [0.6]


def book_default_sweep() -> tuple[pd.DataFrame, MultiLayerNet, np.ndarray, np.ndarray, tuple]:
    """The why-a-loss page's default sweep: digits, 300 steps, the output weight the loss is
    most sensitive to, ±3 in 301 points, on the (at most 2000) training samples."""
    data = load_dataset("digits", seed=0)
    net = lessons.train_briefly(data, 300, 0)
    x, t = data.x_train[:2000], data.t_train[:2000]
    index = lessons.largest_gradient_index(net.gradient(x, t)["W2"])
    w = float(net.params["W2"][index])
    return lessons.weight_sweep(net, x, t, 2, index, lessons.sweep_values(w, 3.0, 301)), net, x, t, index


def test_accuracys_derivative_is_non_zero_exactly_where_a_step_falls_within_h() -> None:
    """The page's caption: accuracy jumps many times between sweep points, but its central
    difference is non-zero only at a point with a step inside [w - h, w + h], a spike of
    k / n / 2h; the window covers 2h / spacing of the gap between two points."""
    df, net, x, t, index = book_default_sweep()
    stairs = lessons.staircase_derivative(df, len(t))
    assert stairs["points"] == 301
    assert stairs["spacing"] == pytest.approx(0.02) and stairs["window"] == 2 * lessons.H
    assert stairs["share"] == pytest.approx(0.01)
    assert stairs["height"] == pytest.approx(1 / (len(t) * 2 * lessons.H))
    # accuracy over each point's window, densely: does it change inside the window?
    inside = np.linspace(-lessons.H, lessons.H, 41)
    grid = (df["value"].to_numpy()[:, None] + inside[None, :]).ravel()
    _, acc = lessons.loss_and_accuracy_at(net.params, "sigmoid", x, t, 2, index, grid)
    step_inside = np.ptp(acc.reshape(len(df), -1), axis=1) > 0
    np.testing.assert_array_equal(df["d_accuracy"].to_numpy() != 0, step_inside)
    assert stairs["spikes"] == step_inside.sum() > 0
    assert stairs["jumps"] > 10 * stairs["spikes"]  # most jumps fall between two windows
    spikes = np.abs(df["d_accuracy"].to_numpy()[step_inside]) / stairs["height"]
    np.testing.assert_allclose(spikes, np.round(spikes), atol=1e-6)  # k samples each, k >= 1
    assert (np.round(spikes) >= 1).all()
    assert stairs["points"] - stairs["spikes"] == int((df["d_accuracy"] == 0).sum())


def test_staircase_derivative_of_a_flat_sweep() -> None:
    df = pd.DataFrame({"value": [0.0, 0.5, 1.0], "accuracy": [0.3] * 3, "d_accuracy": [0.0] * 3})
    stairs = lessons.staircase_derivative(df, 10)
    assert (stairs["jumps"], stairs["spikes"], stairs["points"]) == (0, 0, 3)
    assert stairs["spacing"] == 0.5 and stairs["height"] == pytest.approx(1 / (10 * 2 * lessons.H))


def digits_batch() -> tuple[MultiLayerNet, np.ndarray, np.ndarray, np.ndarray]:
    data = load_dataset("digits", seed=0)
    net = lessons.train_briefly(data, 300, 0)
    idx = lessons.draw_mini_batch(np.random.default_rng([0, 7]), data.n_train, 100)
    return net, data.x_train[idx], data.t_train[idx], data.x_train


@pytest.mark.parametrize("activation", ["sigmoid", "tanh"])
def test_the_zero_gradient_entries_are_the_weights_of_the_batchs_zero_inputs(activation) -> None:
    """With a smooth activation every zero of dL/dW1 is a weight of an input pixel that is 0 in
    the whole batch (more pixels than the few that are 0 in every training image)."""
    net, x, t, x_train = digits_batch()
    grad = lessons.with_activation(net, activation).gradient(x, t)["W1"]
    zero_rows = np.flatnonzero(~np.any(grad != 0, axis=1))
    dead = lessons.zero_inputs(x)
    np.testing.assert_array_equal(zero_rows, dead)
    zeros = lessons.first_layer_zeros(grad, x)
    assert zeros == {"zeros": dead.size * grad.shape[1], "zero_inputs": dead.size,
                     "from_inputs": dead.size * grad.shape[1], "other": 0}
    assert int(np.count_nonzero(grad)) + zeros["zeros"] == grad.size
    always = lessons.zero_inputs(x_train)
    assert 0 < always.size < dead.size and set(always) <= set(dead)


def test_relus_other_zero_gradients_are_neurons_off_for_every_sample_using_the_pixel() -> None:
    net, x, t, _ = digits_batch()
    grad = lessons.with_activation(net, "relu").gradient(x, t)["W1"]
    zeros = lessons.first_layer_zeros(grad, x)
    assert zeros["other"] > 0 and zeros["from_inputs"] + zeros["other"] == zeros["zeros"]
    a1 = x @ net.params["W1"] + net.params["b1"]  # ReLU's h'(a) = 0 where a <= 0
    # entry (i, j) can only get gradient from samples where pixel i is on and neuron j is on
    reach = (x != 0).astype(float).T @ (a1 > 0).astype(float)
    np.testing.assert_array_equal(grad == 0, reach == 0)
    dead = lessons.zero_inputs(x)
    assert int((reach[np.setdiff1d(np.arange(x.shape[1]), dead)] == 0).sum()) == zeros["other"]


def test_largest_gradient_index() -> None:
    g = np.zeros((3, 4))
    g[2, 1] = -5.0
    g[0, 3] = 4.0
    assert lessons.largest_gradient_index(g) == (2, 1)


@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "step"])
def test_numerical_partials_agree_with_backprop(activation) -> None:
    net = small_net(activation)
    grads = net.gradient(RNG_X, RNG_T)["W1"]
    entries = [(0, 0), (5, 3), (11, 7)]
    numeric = lessons.numerical_partials(net, RNG_X, RNG_T, 1, entries)
    np.testing.assert_allclose(numeric, [grads[e] for e in entries], rtol=1e-5, atol=1e-9)


# ----------------------------------------------------------------- small helpers
def test_activation_curves() -> None:
    x = np.linspace(-5, 5, 101)
    df = lessons.activation_curves(["step", "sigmoid", "relu", "tanh"], x)
    by = {name: g for name, g in df.groupby("name")}
    assert (by["step"]["derivative"] == 0).all()  # the shishi-odoshi: flat everywhere
    assert (by["sigmoid"]["derivative"] > 0).all()  # never 0: learning can follow it
    assert by["sigmoid"]["derivative"].max() == pytest.approx(0.25)
    assert set(by["step"]["value"]) == {0.0, 1.0}


def test_gradient_summary() -> None:
    assert lessons.gradient_summary(np.zeros((3, 2))) == {"nonzero": 0, "size": 6, "max_abs": 0.0}
    assert lessons.gradient_summary(np.array([[0.0, -2.0], [1.0, 0.0]]))["max_abs"] == 2.0


def test_matrix_frame_and_busiest_rows() -> None:
    m = np.array([[0.0, 0.0], [1.0, -3.0], [0.5, 0.0], [2.0, 2.0]])
    assert lessons.busiest_rows(m, 2).tolist() == [1, 3]
    df = lessons.matrix_frame(m, [1, 3])
    assert df["row"].tolist() == [1, 1, 3, 3] and df["value"].tolist() == [1.0, -3.0, 2.0, 2.0]
    assert len(lessons.matrix_frame(m, max_cols=1)) == 4
