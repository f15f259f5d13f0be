"""Numerical differentiation and gradient descent, as in chapter 4 of the book."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

H = 1e-4  # the book's h: small enough for accuracy, large enough to avoid rounding error


def numerical_diff(f: Callable[[float], float], x: float, h: float = H) -> float:
    """Central difference (f(x+h) - f(x-h)) / 2h."""
    return (f(x + h) - f(x - h)) / (2 * h)


def numerical_gradient(f: Callable[[np.ndarray], float], x: np.ndarray,
                       h: float = H) -> np.ndarray:
    """Central-difference gradient of f at x, for an array of any shape.

    A floating x is perturbed *in place* one element at a time and every element is
    restored afterwards, so f may read x through a closure (the network's parameters).
    Integer input is copied to float64 first (the book's version would round x + h back to
    an integer and return a zero gradient).
    """
    arr = np.asarray(x)
    if not np.issubdtype(arr.dtype, np.floating):
        arr = arr.astype(np.float64)
    grad = np.zeros_like(arr)
    for idx in np.ndindex(arr.shape):
        original = arr[idx]
        try:
            arr[idx] = original + h
            fxh1 = f(arr)
            arr[idx] = original - h
            fxh2 = f(arr)
        finally:
            arr[idx] = original  # restore even if f raises
        grad[idx] = (fxh1 - fxh2) / (2 * h)
    return grad


def gradient_descent(f: Callable[[np.ndarray], float], init_x: np.ndarray, lr: float = 0.01,
                     step_num: int = 100) -> tuple[np.ndarray, np.ndarray]:
    """step_num steps of x <- x - lr * grad f(x), starting from a float64 copy of init_x.

    Returns (x, x_history). As in the book, x_history[i] is the point *before* step i, so it
    has step_num rows, starts with init_x and does not contain the final x.
    """
    x = np.array(init_x, dtype=np.float64)  # a copy: init_x is never mutated
    history = np.empty((step_num, *x.shape), dtype=np.float64)
    for i in range(step_num):
        history[i] = x
        x -= lr * numerical_gradient(f, x)
    return x, history
