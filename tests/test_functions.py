"""Activations, softmax and losses: the book's values are the oracles."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from core import (
    ACTIVATIONS,
    LOSSES,
    cross_entropy_error,
    mean_squared_error,
    numerical_diff,
    sigmoid,
    softmax,
    step_function,
)

# The book's 10-class example: the network says class 2 (0.6), the truth is class 2 ...
Y_GOOD = np.array([0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0])
# ... and the same output with the 0.6 moved to class 7 (a wrong answer).
Y_BAD = np.array([0.1, 0.05, 0.1, 0.0, 0.05, 0.1, 0.0, 0.6, 0.0, 0.0])
T_ONE_HOT = np.eye(10)[2]


# --- book oracles ------------------------------------------------------------------------

def test_mean_squared_error_book_values() -> None:
    assert mean_squared_error(Y_GOOD, T_ONE_HOT) == 0.09750000000000003
    assert mean_squared_error(Y_BAD, T_ONE_HOT) == 0.5975


def test_cross_entropy_error_book_values() -> None:
    assert cross_entropy_error(Y_GOOD, T_ONE_HOT) == 0.510825457099338
    assert cross_entropy_error(Y_BAD, T_ONE_HOT) == 2.302584092994546


@pytest.mark.parametrize("target", [2, np.int64(2), np.array(2), np.array([2])])
def test_single_sample_integer_label_equals_one_hot(target: object) -> None:
    assert cross_entropy_error(Y_GOOD, target) == 0.510825457099338
    assert mean_squared_error(Y_GOOD, target) == 0.09750000000000003


def test_batch_cross_entropy_labels_and_one_hot() -> None:
    y = np.stack([Y_GOOD, Y_BAD])
    assert cross_entropy_error(y, np.array([2, 2])) == 1.406704775046942
    assert cross_entropy_error(y, np.stack([T_ONE_HOT, T_ONE_HOT])) == 1.406704775046942


def test_batch_mean_squared_error_is_mean_over_samples() -> None:
    y = np.stack([Y_GOOD, Y_BAD])
    expected = (0.09750000000000003 + 0.5975) / 2
    assert mean_squared_error(y, np.array([2, 2])) == pytest.approx(expected, abs=1e-15)
    assert mean_squared_error(y, np.stack([T_ONE_HOT] * 2)) == pytest.approx(expected, abs=1e-15)


def test_cross_entropy_delta_keeps_log_zero_finite() -> None:
    # probability 0 for the true class: -log(0 + 1e-7), not infinity
    assert cross_entropy_error(Y_GOOD, 3) == pytest.approx(-np.log(1e-7))


def test_cross_entropy_accepts_soft_targets() -> None:
    t = np.full(10, 0.1)
    assert cross_entropy_error(Y_GOOD, t) == pytest.approx(-np.sum(t * np.log(Y_GOOD + 1e-7)))


def test_losses_registry() -> None:
    assert set(LOSSES) == {"cross_entropy", "mse"}
    assert LOSSES["cross_entropy"] is cross_entropy_error
    assert LOSSES["mse"] is mean_squared_error


@pytest.mark.parametrize("loss", [mean_squared_error, cross_entropy_error])
@pytest.mark.parametrize("bad_t", [np.array([2, 3]), np.array([10]), np.array([-1]),
                                   np.zeros(9), np.array([0.5])])
def test_losses_reject_targets_that_do_not_fit(loss, bad_t: np.ndarray) -> None:
    with pytest.raises(ValueError):
        loss(Y_GOOD, bad_t)


# --- softmax -----------------------------------------------------------------------------

def test_softmax_is_overflow_safe() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        y = softmax(np.array([1010.0, 1000.0, 990.0]))
    assert np.all(np.isfinite(y))
    assert y.sum() == pytest.approx(1.0)
    expected = np.exp([0.0, -10.0, -20.0]) / np.exp([0.0, -10.0, -20.0]).sum()
    np.testing.assert_allclose(y, expected, rtol=1e-12)


def test_softmax_book_example() -> None:
    y = softmax(np.array([0.3, 2.9, 4.0]))
    np.testing.assert_allclose(y, [0.01821127, 0.24519181, 0.73659691], rtol=1e-6)


@settings(max_examples=50, deadline=None)
@given(arrays(np.float64, st.tuples(st.integers(1, 5), st.integers(1, 6)),
              elements=st.floats(-1e4, 1e4)))
def test_softmax_rows_are_probabilities(x: np.ndarray) -> None:
    y = softmax(x)
    assert y.shape == x.shape
    assert np.all((y >= 0) & (y <= 1))
    np.testing.assert_allclose(y.sum(axis=1), 1.0, rtol=1e-12)
    rows = np.arange(x.shape[0])
    np.testing.assert_array_equal(y[rows, x.argmax(axis=1)], y.max(axis=1))  # order kept
    np.testing.assert_allclose(softmax(x[0]), y[0])  # 1-D gives the same as a row of 2-D


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_softmax_keeps_float_dtype(dtype: type) -> None:
    assert softmax(np.array([1.0, 2.0], dtype=dtype)).dtype == dtype


# --- activations -------------------------------------------------------------------------

def test_activation_registry_names() -> None:
    assert list(ACTIVATIONS) == ["step", "sigmoid", "relu", "tanh", "identity"]
    for name, act in ACTIVATIONS.items():
        assert act.name == name
        assert callable(act.forward) and callable(act.derivative)


def test_activation_values() -> None:
    x = np.array([-2.0, -0.5, 0.0, 0.5, 2.0])
    np.testing.assert_array_equal(step_function(x), [0, 0, 0, 1, 1])
    np.testing.assert_allclose(sigmoid(x), 1 / (1 + np.exp(-x)))
    assert sigmoid(np.array(0.0)) == 0.5
    np.testing.assert_array_equal(ACTIVATIONS["relu"].forward(x), [0, 0, 0, 0.5, 2])
    np.testing.assert_allclose(ACTIVATIONS["tanh"].forward(x), np.tanh(x))
    np.testing.assert_array_equal(ACTIVATIONS["identity"].forward(x), x)


def test_sigmoid_saturates_without_warnings() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        y = sigmoid(np.array([-1000.0, 1000.0]))
        g = ACTIVATIONS["sigmoid"].derivative(np.array([-1000.0, 1000.0]))
    np.testing.assert_array_equal(y, [0.0, 1.0])
    np.testing.assert_array_equal(g, [0.0, 0.0])


@pytest.mark.parametrize("name", ["sigmoid", "relu", "tanh", "identity", "step"])
def test_derivative_matches_numerical_diff_away_from_kinks(name: str) -> None:
    act = ACTIVATIONS[name]
    for x in [-3.0, -1.2, -0.3, 0.4, 1.1, 2.5]:
        numeric = numerical_diff(lambda v: float(act.forward(np.array(v))), x)
        assert float(act.derivative(np.array(x))) == pytest.approx(numeric, abs=1e-7)


@pytest.mark.parametrize("name", list(ACTIVATIONS))
def test_derivative_from_output_equals_derivative_from_input(name: str) -> None:
    act = ACTIVATIONS[name]
    x = np.linspace(-4, 4, 41)
    np.testing.assert_allclose(act.from_output(act.forward(x)), act.derivative(x), atol=1e-12)


def test_step_derivative_is_zero_everywhere() -> None:
    x = np.linspace(-5, 5, 101)
    assert not np.any(ACTIVATIONS["step"].derivative(x))


@pytest.mark.parametrize("name", list(ACTIVATIONS))
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_activations_keep_float_dtype(name: str, dtype: type) -> None:
    x = np.array([-1.0, 0.0, 2.0], dtype=dtype)
    act = ACTIVATIONS[name]
    assert act.forward(x).dtype == dtype
    assert act.derivative(x).dtype == dtype


@pytest.mark.parametrize("name", list(ACTIVATIONS))
def test_activations_promote_integer_input(name: str) -> None:
    y = ACTIVATIONS[name].forward(np.array([-1, 0, 2]))
    assert y.dtype == np.float64
