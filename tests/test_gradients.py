"""Numerical differentiation and gradient descent: the book's values are the oracles."""

from __future__ import annotations

import numpy as np
import pytest

from core import gradient_descent, numerical_diff, numerical_gradient


def function_1(x: float) -> float:
    """The book's 0.01 x^2 + 0.1 x."""
    return 0.01 * x**2 + 0.1 * x


def function_2(x: np.ndarray) -> float:
    """The book's x0^2 + x1^2."""
    return x[0] ** 2 + x[1] ** 2


def test_numerical_diff_book_values() -> None:
    assert numerical_diff(function_1, 5) == 0.1999999999990898
    assert numerical_diff(function_1, 10) == 0.2999999999986347


@pytest.mark.parametrize(("point", "expected"), [
    ((3.0, 4.0), (6.0, 8.0)),
    ((0.0, 2.0), (0.0, 4.0)),
    ((3.0, 0.0), (6.0, 0.0)),
])
def test_numerical_gradient_book_values(point: tuple, expected: tuple) -> None:
    # the book prints [6. 8.] etc.; the central difference is exact up to rounding (~1e-11)
    grad = numerical_gradient(function_2, np.array(point))
    np.testing.assert_allclose(grad, expected, rtol=0, atol=1e-9)


def test_numerical_gradient_of_integer_input_is_not_zero() -> None:
    # the book's version rounds x + h back to an integer and returns [0, 0] here
    grad = numerical_gradient(function_2, np.array([3, 4]))
    assert grad.dtype == np.float64
    np.testing.assert_allclose(grad, [6.0, 8.0], atol=1e-9)


def test_numerical_gradient_any_shape() -> None:
    x = np.arange(24, dtype=np.float64).reshape(2, 3, 4) / 7
    grad = numerical_gradient(lambda a: float(np.sum(a**2)), x)
    assert grad.shape == x.shape
    np.testing.assert_allclose(grad, 2 * x, atol=1e-8)


def test_numerical_gradient_restores_every_element_exactly() -> None:
    x = np.random.default_rng(0).standard_normal((3, 5))
    before = x.copy()
    numerical_gradient(lambda a: float(np.sum(np.sin(a))), x)
    np.testing.assert_array_equal(x, before)  # bit for bit, not just approximately


def test_numerical_gradient_perturbs_in_place_for_closures() -> None:
    # the network's numerical gradient relies on f seeing the perturbed array itself
    x = np.array([1.0, 2.0])
    grad = numerical_gradient(lambda _: float(x[0] * 3 + x[1] ** 2), x)
    np.testing.assert_allclose(grad, [3.0, 4.0], atol=1e-9)


def test_numerical_gradient_restores_when_f_raises() -> None:
    x = np.array([1.5, 2.5])
    calls = []

    def f(a: np.ndarray) -> float:
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("boom")
        return float(a.sum())

    with pytest.raises(RuntimeError):
        numerical_gradient(f, x)
    np.testing.assert_array_equal(x, [1.5, 2.5])


def test_gradient_descent_converges_book_lr() -> None:
    init = np.array([-3.0, 4.0])
    x, history = gradient_descent(function_2, init, lr=0.1, step_num=100)
    np.testing.assert_allclose(x, 0.8**100 * np.array([-3.0, 4.0]), rtol=0, atol=1e-12)
    np.testing.assert_array_equal(init, [-3.0, 4.0])  # not mutated


def test_gradient_descent_too_small_lr_barely_moves() -> None:
    x, _ = gradient_descent(function_2, np.array([-3.0, 4.0]), lr=1e-10, step_num=100)
    np.testing.assert_allclose(x, [-2.99999994, 3.99999992], rtol=0, atol=1e-8)


def test_gradient_descent_too_large_lr_diverges() -> None:
    x, _ = gradient_descent(function_2, np.array([-3.0, 4.0]), lr=10.0, step_num=100)
    assert np.linalg.norm(x) > 1e12


def test_gradient_descent_history_follows_the_book() -> None:
    """x_history[i] is the point before step i: step_num rows, starting at init_x."""
    init = np.array([-3, 4])  # integers are fine too
    x, history = gradient_descent(function_2, init, lr=0.1, step_num=20)
    assert history.shape == (20, 2)
    np.testing.assert_array_equal(history[0], [-3.0, 4.0])
    np.testing.assert_allclose(history[1], 0.8 * np.array([-3.0, 4.0]), atol=1e-9)
    np.testing.assert_allclose(x, 0.8 * history[-1], atol=1e-9)
    assert not np.shares_memory(x, history)
    np.testing.assert_array_equal(init, [-3, 4])
