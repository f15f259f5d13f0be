"""core.book: the book's own chapter-4 code gives the book's printed numbers, and the app's
functions and fast engine give the same numbers as it."""

from __future__ import annotations

import inspect

import numpy as np
import pytest

import core
from core import book
from core.book.train_neuralnet import BookTraining
from core.gradients import gradient_descent as app_gradient_descent
from core.gradients import numerical_diff as app_numerical_diff
from core.gradients import numerical_gradient as app_numerical_gradient
from core.network import MultiLayerNet
from core.training import Trainer
from tests.test_training import blobs

# The book's example: the network says "2" with 0.6; the right answer is 2 (then 7).
Y = np.array([0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0])
T2, T7 = np.eye(10)[2], np.eye(10)[7]


def function_1(x):
    return 0.01 * x**2 + 0.1 * x


def function_2(x):
    return x[0] ** 2 + x[1] ** 2


@pytest.mark.parametrize(("t", "mse", "ce"), [(T2, 0.0975, 0.510825457099338),
                                              (T7, 0.5975, 2.302584092994546)])
def test_the_books_printed_losses(t, mse, ce) -> None:
    assert book.mean_squared_error(Y, t) == pytest.approx(mse, abs=1e-15)
    assert book.cross_entropy_error(Y, t) == pytest.approx(ce, abs=1e-15)
    # the app's general functions agree with the book's on its examples
    assert core.mean_squared_error(Y, t) == pytest.approx(mse, abs=1e-15)
    assert core.cross_entropy_error(Y, t) == pytest.approx(ce, abs=1e-15)


def test_the_books_cross_entropy_takes_labels_and_batches_too() -> None:
    batch = np.stack([Y, Y])
    assert book.cross_entropy_error(batch, np.array([2, 7])) == pytest.approx(
        (0.510825457099338 + 2.302584092994546) / 2)
    assert book.cross_entropy_error(batch, np.stack([T2, T7])) == pytest.approx(
        core.cross_entropy_error(batch, np.array([2, 7])))


def test_the_books_numerical_diff() -> None:
    assert book.numerical_diff(function_1, 5) == 0.1999999999990898
    assert book.numerical_diff(function_1, 10) == 0.2999999999986347
    assert app_numerical_diff(function_1, 5) == book.numerical_diff(function_1, 5)


@pytest.mark.parametrize(("x", "grad"), [([3.0, 4.0], [6.0, 8.0]), ([0.0, 2.0], [0.0, 4.0]),
                                         ([3.0, 0.0], [6.0, 0.0])])
def test_the_books_numerical_gradient(x, grad) -> None:
    np.testing.assert_allclose(book.numerical_gradient(function_2, np.array(x)), grad, atol=1e-7)
    np.testing.assert_array_equal(app_numerical_gradient(function_2, np.array(x)),
                                  book.numerical_gradient(function_2, np.array(x)))


@pytest.mark.parametrize(("lr", "expected"), [
    (0.1, [-6.11110793e-10, 8.14814391e-10]), (10.0, [-2.58983747e13, -1.29524862e12]),
    (1e-10, [-2.99999994, 3.99999992])])
def test_the_books_gradient_descent(lr, expected) -> None:
    x = book.gradient_descent(function_2, np.array([-3.0, 4.0]), lr=lr, step_num=100)
    np.testing.assert_allclose(x, expected, rtol=1e-8)
    app_x, _ = app_gradient_descent(function_2, np.array([-3.0, 4.0]), lr=lr, step_num=100)
    np.testing.assert_array_equal(app_x, x)


def test_the_books_two_layer_net() -> None:
    net = core.TwoLayerNet(input_size=784, hidden_size=50, output_size=10)
    assert core.TwoLayerNet is book.TwoLayerNet
    assert {k: v.shape for k, v in net.params.items()} == {
        "W1": (784, 50), "b1": (50,), "W2": (50, 10), "b2": (10,)}
    assert net.params["W1"].std() == pytest.approx(0.01, rel=0.05)  # weight_init_std * randn
    x = np.random.default_rng(0).random((3, 784))
    assert net.predict(x).shape == (3, 10)
    np.testing.assert_allclose(net.predict(x).sum(axis=1), 1.0)


def test_the_books_backprop_matches_its_numerical_gradient() -> None:
    rng = np.random.default_rng(1)
    net = book.TwoLayerNet(6, 5, 3, weight_init_std=0.5, rng=rng)
    x, t = rng.random((4, 6)), np.eye(3)[[0, 2, 1, 2]]
    numerical, backprop = net.numerical_gradient(x, t), net.gradient(x, t)
    for key in net.params:
        np.testing.assert_allclose(backprop[key], numerical[key], rtol=1e-5, atol=1e-8)


def test_the_engine_follows_the_books_two_layer_net_step_for_step() -> None:
    """In float64, the engine's SGD steps match the book's TwoLayerNet + update loop."""
    data = blobs(n_train=200, d=6, k=4)
    reference = book.TwoLayerNet(6, 8, 4, weight_init_std=0.5, rng=np.random.default_rng(3))
    ours = MultiLayerNet(6, [8], 4, dtype=np.float64)
    for key in ours.params:
        ours.params[key][...] = reference.params[key]
    trainer = Trainer(ours, data, batch_size=20, learning_rate=0.5, iterations=50, seed=9)
    draws = np.random.default_rng(9)  # the book's np.random.choice, with the trainer's seed
    one_hot = np.eye(4)[data.t_train]
    for _ in range(50):
        mask = draws.choice(200, 20)
        x_batch, t_batch = data.x_train[mask].astype(np.float64), one_hot[mask]
        book_loss = reference.loss(x_batch, t_batch)  # before the update, as the trainer records
        grad = reference.gradient(x_batch, t_batch)
        for key in ("W1", "b1", "W2", "b2"):
            reference.params[key] -= 0.5 * grad[key]
        record = trainer.step(1)[0]
        # the engine's cross-entropy has no 1e-7 inside the log: equal to ~1e-7 / y_k
        assert record["loss"] == pytest.approx(book_loss, rel=1e-5)
    for key in ours.params:
        np.testing.assert_allclose(ours.params[key], reference.params[key], rtol=1e-10, atol=1e-12)


def test_the_books_training_loop_learns() -> None:
    data = blobs(n_train=300, d=4, k=3)
    one_hot = np.eye(3)
    run = BookTraining(data.x_train, one_hot[data.t_train], data.x_test, one_hot[data.t_test],
                       batch_size=30, learning_rate=0.5)
    run.run(iters_num=300)
    assert run.test_acc_list[-1] > 0.8 and len(run.train_loss_list) == 300


def test_the_book_module_reads_like_the_book() -> None:
    # The page shows this source: the book's lines, with no type hints or app helpers.
    source = inspect.getsource(book.cross_entropy_error)
    assert "np.log(y[np.arange(batch_size), t] + 1e-7)" in source and "->" not in source
