"""The network: shapes, losses, and backprop checked against the numerical gradient."""

from __future__ import annotations

import numpy as np
import pytest

import core.network as network_module
from core import (
    ConfigError,
    MultiLayerNet,
    cross_entropy_error,
    mean_squared_error,
)

LOSS_NAMES = ["cross_entropy", "mse"]
SMOOTH_ACTIVATIONS = ["sigmoid", "relu", "tanh", "identity"]
DEPTHS = [1, 2, 3]


def small_net(activation: str, loss: str, depth: int, *, seed: int = 0,
              dtype: type = np.float64) -> MultiLayerNet:
    """A 6-input, 4-class net with random (non-zero) biases, so no unit sits on a kink."""
    net = MultiLayerNet(6, [5] * depth, 4, activation=activation, loss=loss,
                        weight_init="xavier", seed=seed, dtype=dtype)
    rng = np.random.default_rng(100 + seed)
    for key, value in net.params.items():
        if key.startswith("b"):
            value[...] = rng.normal(0, 0.5, value.shape)
    return net


def batch(n: int = 8, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    return rng.standard_normal((n, 6)), rng.integers(0, 4, n)


def relative_error(a: np.ndarray, b: np.ndarray) -> float:
    """||a - b|| / max(||a||, ||b||) for one parameter's gradient (0 when both are 0)."""
    scale = max(np.linalg.norm(a), np.linalg.norm(b))
    return float(np.linalg.norm(a - b) / scale) if scale else 0.0


# --- gradient checks (item 4) -----------------------------------------------------------

@pytest.mark.parametrize("depth", DEPTHS)
@pytest.mark.parametrize("activation", SMOOTH_ACTIVATIONS)
@pytest.mark.parametrize("loss", LOSS_NAMES)
@pytest.mark.parametrize("targets", ["labels", "one_hot"])
def test_backprop_matches_numerical_gradient(loss: str, activation: str, depth: int,
                                             targets: str) -> None:
    """Max relative error over all parameters <= 1e-6, in float64.

    Relative error is taken per parameter array (the norm of the difference over the larger
    norm): element-wise ratios of near-zero components measure the O(h^2) error of the
    central difference, not backprop. Every element is also checked in absolute terms.
    """
    net = small_net(activation, loss, depth, seed=depth)
    x, t = batch(seed=depth)
    if activation == "relu":  # no pre-activation within h of the kink, or the check is moot
        a = x
        for i in range(1, depth + 1):
            a = a @ net.params[f"W{i}"] + net.params[f"b{i}"]
            assert np.abs(a).min() > 1e-3
            a = np.maximum(a, 0)
    if targets == "one_hot":
        t = np.eye(4)[t]
    grad = net.gradient(x, t)
    numeric = net.numerical_gradient(x, t)
    assert grad.keys() == numeric.keys() == net.params.keys()
    errors = {key: relative_error(grad[key], numeric[key]) for key in grad}
    assert max(errors.values()) <= 1e-6, errors
    for key in grad:
        np.testing.assert_allclose(grad[key], numeric[key], rtol=0, atol=1e-7)


@pytest.mark.parametrize("n", [1, 2])
@pytest.mark.parametrize("loss", LOSS_NAMES)
def test_backprop_matches_for_tiny_batches(loss: str, n: int) -> None:
    """One sample takes a separate path for z^T @ da (an outer product)."""
    net = small_net("sigmoid", loss, 2)
    x, t = batch(n)
    grad, numeric = net.gradient(x, t), net.numerical_gradient(x, t)
    assert max(relative_error(grad[k], numeric[k]) for k in grad) <= 1e-6
    single = net.gradient(x[0], t[0])  # one sample given as a 1-D row and a scalar label
    if n == 1:
        for key in grad:
            np.testing.assert_array_equal(single[key], grad[key])


@pytest.mark.parametrize("loss", LOSS_NAMES)
def test_backprop_matches_for_soft_targets(loss: str) -> None:
    net = small_net("tanh", loss, 2)
    x, _ = batch()
    t = np.random.default_rng(5).dirichlet(np.ones(4), size=8)  # rows of probabilities
    grad, numeric = net.gradient(x, t), net.numerical_gradient(x, t)
    assert max(relative_error(grad[k], numeric[k]) for k in grad) <= 1e-6


@pytest.mark.parametrize("depth", DEPTHS)
@pytest.mark.parametrize("loss", LOSS_NAMES)
def test_step_activation_blocks_every_gradient_before_the_last_layer(loss: str,
                                                                     depth: int) -> None:
    net = small_net("step", loss, depth)
    x, t = batch()
    grad = net.gradient(x, t)
    last = depth + 1
    for i in range(1, last):
        assert not np.any(grad[f"W{i}"]), f"W{i}"  # exactly zero, not just small
        assert not np.any(grad[f"b{i}"]), f"b{i}"
    assert np.any(grad[f"W{last}"]) and np.any(grad[f"b{last}"])
    # the output layer's gradient is still right: check it numerically
    numeric = net.numerical_gradient(x, t)
    for key in (f"W{last}", f"b{last}"):
        assert relative_error(grad[key], numeric[key]) <= 1e-6


def test_float32_gradient_agrees_with_float64() -> None:
    x, t = batch()
    g64 = small_net("sigmoid", "cross_entropy", 2).gradient(x, t)
    g32 = small_net("sigmoid", "cross_entropy", 2, dtype=np.float32).gradient(x, t)
    for key in g64:
        assert g32[key].dtype == np.float32
        np.testing.assert_allclose(g32[key], g64[key], rtol=1e-4, atol=1e-6)


# --- forward, loss, accuracy ------------------------------------------------------------

@pytest.mark.parametrize("depth", DEPTHS)
def test_parameter_shapes(depth: int) -> None:
    net = MultiLayerNet(784, [50, 40, 30][:depth], 10)
    sizes = [784, 50, 40, 30][: depth + 1] + [10]
    assert list(net.params) == [k for i in range(1, depth + 2) for k in (f"W{i}", f"b{i}")]
    for i in range(1, depth + 2):
        assert net.params[f"W{i}"].shape == (sizes[i - 1], sizes[i])
        assert net.params[f"b{i}"].shape == (sizes[i],)
        assert net.params[f"W{i}"].dtype == np.float32
        assert not np.any(net.params[f"b{i}"])


@pytest.mark.parametrize(("init", "std"), [("std", 0.01), ("xavier", np.sqrt(1 / 400)),
                                           ("he", np.sqrt(2 / 400))])
def test_weight_initialisations(init: str, std: float) -> None:
    net = MultiLayerNet(400, [300], 10, weight_init=init)
    assert net.params["W1"].std() == pytest.approx(std, rel=0.02)


def test_same_seed_same_weights_float32_and_float64() -> None:
    a = MultiLayerNet(20, [10], 3, seed=7)
    b = MultiLayerNet(20, [10], 3, seed=7, dtype=np.float64)
    c = MultiLayerNet(20, [10], 3, seed=8)
    np.testing.assert_array_equal(a.params["W1"], b.params["W1"].astype(np.float32))
    assert not np.array_equal(a.params["W1"], c.params["W1"])


@pytest.mark.parametrize("activation", ["sigmoid", "step", "relu"])
def test_predict_gives_probabilities(activation: str) -> None:
    net = MultiLayerNet(6, [5, 5], 4, activation=activation, weight_init_std=3.0)
    x, _ = batch(20)
    y = net.predict(x)
    assert y.shape == (20, 4) and y.dtype == np.float32
    np.testing.assert_allclose(y.sum(axis=1), 1.0, rtol=1e-5)
    np.testing.assert_allclose(net.predict(x[0]), y[0], rtol=1e-6)  # one sample -> 1-D


@pytest.mark.parametrize("loss", LOSS_NAMES)
def test_loss_is_the_book_loss_of_the_prediction(loss: str) -> None:
    net = small_net("sigmoid", loss, 1)
    x, t = batch(10)
    book = {"cross_entropy": cross_entropy_error, "mse": mean_squared_error}[loss]
    expected = book(net.predict(x), np.eye(4)[t])
    # cross-entropy is taken from the logits: it differs from -log(y + 1e-7) by ~1e-7 / y
    rel = 1e-6 if loss == "cross_entropy" else 1e-12
    assert net.loss(x, t) == pytest.approx(expected, rel=rel)
    assert net.loss(x, np.eye(4)[t]) == pytest.approx(net.loss(x, t), rel=1e-12)
    loss_value, grads = net.loss_and_gradient(x, t)
    assert loss_value == pytest.approx(net.loss(x, t), rel=1e-12)
    for key, g in net.gradient(x, t).items():
        np.testing.assert_array_equal(grads[key], g)


def test_cross_entropy_gradient_is_the_books_softmax_with_loss() -> None:
    """The output-layer gradient is (y - t) / N, as in the book's SoftmaxWithLoss.backward."""
    net = small_net("sigmoid", "cross_entropy", 1)
    x, t = batch(10)
    hidden = net.hidden_activations(x)[0]
    dy = (net.predict(x) - np.eye(4)[t]) / 10
    grads = net.gradient(x, t)
    np.testing.assert_allclose(grads["W2"], hidden.T @ dy, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(grads["b2"], dy.sum(axis=0), rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("loss", LOSS_NAMES)
def test_rows_far_below_the_batch_max_do_not_underflow(loss: str) -> None:
    """The softmax shifts by the batch max; a row ~300 lower is redone with its own max."""
    nets = [MultiLayerNet(1, [1], 2, activation="identity", loss=loss, dtype=d)
            for d in (np.float32, np.float64)]
    for net in nets:
        net.params["W1"][...] = 1.0
        net.params["W2"][...] = [[1.0, 1.0]]
        net.params["b2"][...] = [0.0, 1.0]
    x, t = np.array([[0.0], [300.0]]), np.array([0, 1])
    y32, y64 = (net.predict(x) for net in nets)
    np.testing.assert_allclose(y32, [[0.26894142, 0.73105858]] * 2, rtol=1e-6)
    np.testing.assert_allclose(y32, y64, rtol=1e-6)
    assert nets[0].loss(x, t) == pytest.approx(nets[1].loss(x, t), rel=1e-6)
    g32, g64 = (net.gradient(x, t) for net in nets)
    for key in g64:
        np.testing.assert_allclose(g32[key], g64[key], rtol=1e-5, atol=1e-6)


def test_confidently_wrong_samples_still_get_a_gradient() -> None:
    net = MultiLayerNet(2, [3], 2, activation="identity", dtype=np.float64)
    net.params["W2"][...] = [[100.0, -100.0]] * 3
    net.params["W1"][...] = 1.0
    x, t = np.array([[5.0, 5.0]]), np.array([1])  # logits differ by 6000: y_1 underflows to 0
    assert net.predict(x)[0, 1] == 0.0
    assert net.loss(x, t) == pytest.approx(6000.0)
    np.testing.assert_allclose(net.gradient(x, t)["b2"], [1.0, -1.0])


def test_accuracy_with_labels_and_one_hot() -> None:
    net = small_net("tanh", "cross_entropy", 1)
    x, _ = batch(50)
    t = net.predict(x).argmax(axis=1)
    assert net.accuracy(x, t) == 1.0
    assert net.accuracy(x, np.eye(4)[t]) == 1.0
    assert net.accuracy(x, (t + 1) % 4) == 0.0


def test_large_inputs_are_evaluated_in_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    net = small_net("sigmoid", "mse", 2, dtype=np.float32)
    x, t = batch(103)
    whole = net.evaluate(x, t), net.predict(x)
    monkeypatch.setattr(network_module, "EVAL_CHUNK", 10)
    chunked = net.evaluate(x, t), net.predict(x)
    assert chunked[0][0] == pytest.approx(whole[0][0], rel=1e-6)
    assert chunked[0][1] == whole[0][1]
    np.testing.assert_allclose(chunked[1], whole[1], rtol=1e-6)


@pytest.mark.parametrize("n", [1, 9, 10, 11, 35, 103])
@pytest.mark.parametrize("onehot", [False, True])
def test_evaluation_threads_give_the_serial_result_bit_for_bit(
        monkeypatch: pytest.MonkeyPatch, n: int, onehot: bool) -> None:
    """Chunks shared out over threads are summed in chunk order: no last-bit drift."""
    net = small_net("sigmoid", "cross_entropy", 2, dtype=np.float32)
    x, t = batch(n)
    target = np.eye(4)[t] if onehot else t
    monkeypatch.setattr(network_module, "EVAL_CHUNK", 10)
    monkeypatch.setattr(network_module, "EVAL_WORKERS", 1)
    serial = net.evaluate(x, target)
    monkeypatch.setattr(network_module, "EVAL_WORKERS", 2)
    parts = network_module._evaluation_parts(n)
    assert parts[0][0] == 0 and parts[-1][1] == n
    assert all(a[1] == b[0] and a[1] % 10 == 0 for a, b in zip(parts, parts[1:]))
    assert len(parts) == min(2, -(-n // 10))
    assert net.evaluate(x, target) == serial


def test_hidden_activations() -> None:
    net = MultiLayerNet(6, [5, 3], 4, activation="step", weight_init_std=1.0)
    x, _ = batch(7)
    hidden = net.hidden_activations(x)
    assert [h.shape for h in hidden] == [(7, 5), (7, 3)]
    for h in hidden:
        assert set(np.unique(h)) <= {0.0, 1.0}  # the step function's binary features


def test_public_methods_do_not_change_parameters() -> None:
    net = small_net("relu", "cross_entropy", 2)
    before = {k: v.copy() for k, v in net.params.items()}
    x, t = batch()
    net.gradient(x, t)
    net.numerical_gradient(x, t)
    net.loss(x, t)
    net.accuracy(x, t)
    for key, value in before.items():
        np.testing.assert_array_equal(net.params[key], value)


def test_copy_is_independent() -> None:
    net = small_net("sigmoid", "cross_entropy", 1)
    clone = net.copy()
    clone.params["W1"][0, 0] += 1.0
    assert net.params["W1"][0, 0] != clone.params["W1"][0, 0]
    assert clone.sizes == net.sizes and clone.loss_name == net.loss_name


@pytest.mark.parametrize(("kwargs", "key"), [
    ({"activation": "softplus"}, "err.config.activation"),
    ({"loss": "hinge"}, "err.config.loss"),
    ({"weight_init": "zeros"}, "err.config.weight_init"),
    ({"dtype": np.float16}, "err.config.dtype"),
])
def test_bad_configuration_raises_config_error(kwargs: dict, key: str) -> None:
    with pytest.raises(ConfigError) as info:
        MultiLayerNet(6, [5], 4, **kwargs)
    assert info.value.key == key


@pytest.mark.parametrize("bad_t", [np.array([0, 1]), np.array([0, 1, 2, 4, 0, 1, 2, 3]),
                                   np.zeros((8, 3))])
def test_targets_that_do_not_fit_are_rejected(bad_t: np.ndarray) -> None:
    net = small_net("sigmoid", "cross_entropy", 1)
    x, _ = batch()
    with pytest.raises(ValueError):
        net.gradient(x, bad_t)
