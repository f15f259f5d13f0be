"""Activations, softmax and the two loss functions of chapter 4 (the book's common/functions.py).

Every function works on NumPy arrays of any floating dtype and keeps that dtype (integer
input is promoted to float64). Activation derivatives take the *input* x, as the book's
``sigmoid_grad(x)`` does; ``Activation.from_output`` gives the same derivative written in
terms of the activation's output, which is what backprop has at hand.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np

DELTA = 1e-7  # the book's delta: keeps log(0) from giving -inf in cross_entropy_error


def _float(x: object) -> np.ndarray:
    """x as a floating array (integer/bool input promoted to float64, float kept as is)."""
    a = np.asarray(x)
    return a if np.issubdtype(a.dtype, np.floating) else a.astype(np.float64)


# --- activations -----------------------------------------------------------------------

def step_function(x: np.ndarray) -> np.ndarray:
    """1 where x > 0, else 0 (same float dtype as x)."""
    a = _float(x)
    return (a > 0).astype(a.dtype)


def step_function_grad(x: np.ndarray) -> np.ndarray:
    """0 everywhere (undefined at 0, taken as 0): why the step function cannot learn."""
    return np.zeros_like(_float(x))


def sigmoid(x: np.ndarray) -> np.ndarray:
    """1 / (1 + exp(-x)); exp overflowing to inf for very negative x correctly gives 0."""
    a = _float(x)
    with np.errstate(over="ignore"):
        return 1.0 / (1.0 + np.exp(-a))


def sigmoid_grad(x: np.ndarray) -> np.ndarray:
    """sigmoid(x) * (1 - sigmoid(x))."""
    s = sigmoid(x)
    return (1.0 - s) * s


def relu(x: np.ndarray) -> np.ndarray:
    """max(0, x)."""
    return np.maximum(_float(x), 0)


def relu_grad(x: np.ndarray) -> np.ndarray:
    """1 where x > 0, else 0 (the derivative at 0 is taken as 0)."""
    return step_function(x)


def tanh(x: np.ndarray) -> np.ndarray:
    """Hyperbolic tangent."""
    return np.tanh(_float(x))


def tanh_grad(x: np.ndarray) -> np.ndarray:
    """1 - tanh(x)^2."""
    y = np.tanh(_float(x))
    return 1.0 - y * y


def identity(x: np.ndarray) -> np.ndarray:
    """x itself (as a float array)."""
    return _float(x)


def identity_grad(x: np.ndarray) -> np.ndarray:
    """1 everywhere."""
    return np.ones_like(_float(x))


def sigmoid_grad_from_output(y: np.ndarray) -> np.ndarray:
    """sigmoid'(x) written with y = sigmoid(x): y (1 - y), as the book's backward pass does."""
    return y * (1.0 - y)


def relu_grad_from_output(y: np.ndarray) -> np.ndarray:
    return (y > 0).astype(y.dtype)


def tanh_grad_from_output(y: np.ndarray) -> np.ndarray:
    return 1.0 - y * y


@dataclass(frozen=True)
class Activation:
    """A named activation: forward(x), derivative(x), and the derivative from the output y."""

    name: str
    forward: Callable[[np.ndarray], np.ndarray]
    derivative: Callable[[np.ndarray], np.ndarray]
    from_output: Callable[[np.ndarray], np.ndarray]


ACTIVATIONS: MappingProxyType[str, Activation] = MappingProxyType({
    "step": Activation("step", step_function, step_function_grad, np.zeros_like),
    # Named functions, not lambdas: a network (and so a lab session) must pickle.
    "sigmoid": Activation("sigmoid", sigmoid, sigmoid_grad, sigmoid_grad_from_output),
    "relu": Activation("relu", relu, relu_grad, relu_grad_from_output),
    "tanh": Activation("tanh", tanh, tanh_grad, tanh_grad_from_output),
    "identity": Activation("identity", identity, identity_grad, np.ones_like),
})


# --- softmax and losses ----------------------------------------------------------------

def softmax(x: np.ndarray) -> np.ndarray:
    """exp(x) / sum(exp(x)) over the last axis, shifted by the max so large logits stay finite."""
    a = _float(x)
    e = np.exp(a - a.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def _as_batch(y: object, t: object) -> tuple[np.ndarray, np.ndarray, bool]:
    """(y as 2-D floats, t as 2-D one-hot/probabilities or 1-D labels, t_is_labels)."""
    y2 = _float(y)
    t2 = np.asarray(t)
    if y2.ndim == 1:
        y2 = y2.reshape(1, -1)
        t2 = t2.reshape(1, -1) if t2.size == y2.size else t2.reshape(1)
    if y2.ndim != 2:
        raise ValueError(f"y must be one sample (1-D) or a batch (2-D), got shape {y2.shape}")
    if t2.shape == y2.shape:
        return y2, _float(t2), False
    if t2.shape == (y2.shape[0],) and np.issubdtype(t2.dtype, np.integer):
        if t2.size and (t2.min() < 0 or t2.max() >= y2.shape[1]):
            raise ValueError(f"labels must be in [0, {y2.shape[1] - 1}]")
        return y2, t2, True
    raise ValueError(f"t must be one-hot with shape {y2.shape} or integer labels of shape "
                     f"({y2.shape[0]},), got shape {t2.shape} and dtype {t2.dtype}")


def mean_squared_error(y: np.ndarray, t: np.ndarray) -> float:
    """1/2 * sum_k (y_k - t_k)^2, averaged over the samples of a batch; t one-hot or labels."""
    y2, t2, labels = _as_batch(y, t)
    if labels:
        t2 = np.eye(y2.shape[1], dtype=y2.dtype)[t2]
    return float(0.5 * np.sum((y2 - t2) ** 2) / y2.shape[0])


def cross_entropy_error(y: np.ndarray, t: np.ndarray) -> float:
    """-sum_k t_k * log(y_k + 1e-7), averaged over the samples of a batch; t one-hot or labels."""
    y2, t2, labels = _as_batch(y, t)
    n = y2.shape[0]
    # The delta keeps log(0) finite; capped at 1 it cannot make a certain right answer (y = 1)
    # cost -1e-7 instead of 0. Below 1 - 1e-7 the book's values are unchanged.
    if labels:
        return float(0.0 - np.sum(np.log(np.minimum(y2[np.arange(n), t2] + DELTA, 1)))) / n
    # t may be soft (probabilities); the one-hot case reduces to the book's formula exactly
    return float(0.0 - np.sum(t2 * np.log(np.minimum(y2 + DELTA, 1)))) / n  # 0.0 - : never -0.0


LOSSES: MappingProxyType[str, Callable[[np.ndarray, np.ndarray], float]] = MappingProxyType({
    "cross_entropy": cross_entropy_error,
    "mse": mean_squared_error,
})
