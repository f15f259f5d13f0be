"""Property-based tests (Hypothesis) for core: losses, softmax, numerical_gradient.

The CSV importer's fuzzing (random bytes, random text, random tables -> a Dataset or a
DataError, nothing else) lives with the importer in tests/test_csv_import.py.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from core import MultiLayerNet, cross_entropy_error, mean_squared_error, softmax
from core.gradients import numerical_gradient

FLOATS = (np.float32, np.float64)
SETTINGS = settings(max_examples=200, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


@st.composite
def probabilities(draw, dtype=np.float64):
    """(y, labels): rows of a valid network output (each in [0, 1], summing to 1) and labels.

    Mixes the shapes the lessons use: exact one-hot rows (certain, right or wrong), rows with
    zeros, near-uniform rows, and softmax rows of arbitrary logits.
    """
    n = draw(st.integers(1, 8))
    k = draw(st.integers(2, 12))
    kind = draw(st.sampled_from(["onehot", "weights", "softmax"]))
    if kind == "onehot":
        hot = draw(hnp.arrays(np.intp, n, elements=st.integers(0, k - 1)))
        y = np.eye(k, dtype=dtype)[hot]
    elif kind == "weights":
        w = draw(hnp.arrays(np.float64, (n, k), elements=st.floats(0, 1e6)))
        assume((w.sum(axis=1) > 0).all())
        y = (w / w.sum(axis=1, keepdims=True)).astype(dtype)
    else:
        logits = draw(hnp.arrays(np.float64, (n, k), elements=st.floats(-1e4, 1e4)))
        y = softmax(logits).astype(dtype)
    labels = draw(hnp.arrays(np.intp, n, elements=st.integers(0, k - 1)))
    return y, labels


# ------------------------------------------------------------------ losses
@SETTINGS
@given(probabilities(), st.sampled_from(FLOATS), st.booleans())
def test_losses_are_finite_and_not_negative(data, dtype, one_hot: bool) -> None:
    y, labels = data
    y = y.astype(dtype)
    t = np.eye(y.shape[1], dtype=dtype)[labels] if one_hot else labels
    for loss in (mean_squared_error, cross_entropy_error):
        value = loss(y, t)
        assert np.isfinite(value) and value >= 0.0, (loss.__name__, value, y, t)


@SETTINGS
@given(probabilities(), st.data())
def test_cross_entropy_with_soft_targets_is_finite_and_not_negative(data, more) -> None:
    y, _ = data
    w = more.draw(hnp.arrays(np.float64, y.shape, elements=st.floats(0, 1e3)))
    assume((w.sum(axis=1) > 0).all())
    value = cross_entropy_error(y, w / w.sum(axis=1, keepdims=True))
    assert np.isfinite(value) and value >= 0.0


@pytest.mark.parametrize("dtype", FLOATS)
def test_a_certain_right_answer_costs_exactly_nothing(dtype) -> None:
    """y = 1 on the right class: the delta must not push log's argument above 1 (no -0.0000)."""
    y = np.eye(10, dtype=dtype)[[2, 7]]
    for value in (cross_entropy_error(y, np.array([2, 7])),
                  cross_entropy_error(y[0], np.eye(10)[2]),
                  mean_squared_error(y, np.array([2, 7]))):
        assert value == 0.0 and math.copysign(1.0, value) == 1.0  # not -0.0, shown as "-0.0000"


def test_book_values_are_unchanged() -> None:
    y = np.array([0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0])
    t = np.eye(10)[2]
    assert cross_entropy_error(y, t) == pytest.approx(0.510825457099338, abs=1e-12)
    assert cross_entropy_error(y, np.eye(10)[7]) == pytest.approx(2.302584092994546, abs=1e-12)
    assert mean_squared_error(y, t) == pytest.approx(0.09750000000000003, abs=1e-15)


@st.composite
def networks(draw):
    """A small network (any activation, loss and precision) with weights scaled up to
    make very confident outputs, a standardised-looking batch and its labels."""
    dtype = draw(st.sampled_from(FLOATS))
    hidden = [draw(st.integers(1, 6))] * draw(st.integers(1, 3))
    net = MultiLayerNet(draw(st.integers(1, 6)), hidden, draw(st.integers(2, 6)),
                        activation=draw(st.sampled_from(["sigmoid", "relu", "tanh", "step"])),
                        loss=draw(st.sampled_from(["cross_entropy", "mse"])),
                        weight_init=draw(st.sampled_from(["std", "xavier", "he"])),
                        seed=draw(st.integers(0, 2**16)), dtype=dtype)
    scale = draw(st.sampled_from([1.0, 1e2, 1e4]))
    for key in net.params:
        net.params[key] *= dtype(scale)
    n = draw(st.integers(1, 20))
    x = draw(hnp.arrays(dtype, (n, net.input_size), elements=st.floats(-10, 10, width=32)))
    t = draw(hnp.arrays(np.intp, n, elements=st.integers(0, net.output_size - 1)))
    return net, x, t


@SETTINGS
@given(networks())
def test_network_losses_are_finite_and_not_negative(case) -> None:
    net, x, t = case
    loss, grads = net.loss_and_gradient(x, t)
    assert np.isfinite(loss) and loss >= 0.0, loss
    assert all(np.isfinite(g).all() for g in grads.values())
    y = net.predict(x)
    np.testing.assert_allclose(y.sum(axis=1), 1.0, rtol=0, atol=1e-5)


# ------------------------------------------------------------------ softmax
def extreme_logits(dtype):
    big = float(np.finfo(dtype).max)
    elements = st.one_of(st.floats(-big, big, width=np.dtype(dtype).itemsize * 8),
                         st.sampled_from([big, -big, 0.0, -0.0, 1e-300 if dtype == np.float64
                                          else 1e-40, 88.7, -103.0, 709.8, -745.2]))
    return hnp.arrays(dtype, st.tuples(st.integers(1, 6), st.integers(1, 30)), elements=elements)


@SETTINGS
@given(st.data(), st.sampled_from(FLOATS))
def test_softmax_rows_sum_to_one_for_extreme_logits(data, dtype) -> None:
    logits = data.draw(extreme_logits(dtype))
    with np.errstate(over="ignore"):  # max - (-max) overflows to inf: exp(-inf) = 0 is right
        y = softmax(logits)
    assert y.dtype == dtype and y.shape == logits.shape
    assert np.isfinite(y).all() and (y >= 0).all() and (y <= 1).all()
    tolerance = 4 * logits.shape[1] * np.finfo(dtype).eps
    np.testing.assert_allclose(y.sum(axis=1), 1.0, rtol=0, atol=tolerance)
    # the largest logit of a row gets the largest probability
    np.testing.assert_array_equal(y[np.arange(len(y)), logits.argmax(axis=1)], y.max(axis=1))


@SETTINGS
@given(st.sampled_from(FLOATS), st.floats(-3e38, 3e38), st.integers(1, 40))
def test_softmax_of_equal_logits_is_uniform(dtype, value, k) -> None:
    with np.errstate(over="ignore"):
        y = softmax(np.full((2, k), value).astype(dtype))
    np.testing.assert_allclose(y, 1.0 / k, rtol=1e-6)


# ------------------------------------------------------------------ numerical_gradient
def any_float_array(dtype):
    elements = st.floats(allow_nan=True, allow_infinity=True, allow_subnormal=True,
                         width=np.dtype(dtype).itemsize * 8)
    return hnp.arrays(dtype, hnp.array_shapes(min_dims=0, max_dims=3, max_side=4),
                      elements=elements)


@SETTINGS
@given(st.data(), st.sampled_from(FLOATS), st.sampled_from([1e-4, 1e-50, 1.0, 1e10]))
def test_numerical_gradient_restores_its_input_bit_for_bit(data, dtype, h) -> None:
    x = data.draw(any_float_array(dtype))
    before = x.tobytes()  # bitwise: -0.0, NaN payloads and subnormals must come back as they were
    seen: list[bytes] = []

    def f(a: np.ndarray) -> float:
        assert a is x or np.shares_memory(a, x)  # perturbed in place, as the docstring says
        seen.append(a.tobytes())
        with np.errstate(all="ignore"):
            return float(np.sum(a.astype(np.float64) ** 2))

    with np.errstate(all="ignore"):
        numerical_gradient(f, x, h=h)
    assert x.tobytes() == before and x.dtype == dtype
    assert len(seen) == 2 * x.size


@SETTINGS
@given(st.data(), st.sampled_from(FLOATS), st.integers(0, 40))
def test_numerical_gradient_restores_its_input_when_f_raises(data, dtype, fail_at) -> None:
    x = data.draw(any_float_array(dtype))
    before = x.tobytes()
    calls = 0

    def f(a: np.ndarray) -> float:
        nonlocal calls
        calls += 1
        if calls > fail_at:
            raise ArithmeticError("stop")
        return 0.0

    try:
        numerical_gradient(f, x)
    except ArithmeticError:
        pass
    assert x.tobytes() == before


@SETTINGS
@given(hnp.arrays(np.float64, (4, 6), elements=st.floats(-1e6, 1e6)))
def test_numerical_gradient_restores_a_strided_view_and_its_base(base) -> None:
    before = base.tobytes()
    view = base[::2, 1::3]  # not contiguous: writes go through to base
    numerical_gradient(lambda a: float(np.sum(a ** 2)), view)
    assert base.tobytes() == before


@SETTINGS
@given(hnp.arrays(np.int64, hnp.array_shapes(max_dims=2, max_side=4),
                  elements=st.integers(-10**6, 10**6)))
def test_numerical_gradient_never_touches_integer_input(x) -> None:
    before = x.tobytes()
    grad = numerical_gradient(lambda a: float(np.sum(3 * a)), x)
    assert x.tobytes() == before
    np.testing.assert_allclose(grad, 3.0, rtol=1e-4)  # not 0: x was differentiated as floats


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 2**16), st.sampled_from(["sigmoid", "relu", "tanh"]))
def test_network_numerical_gradient_leaves_the_weights_as_they_were(seed, activation) -> None:
    net = MultiLayerNet(3, [4], 3, activation=activation, seed=seed, dtype=np.float64,
                        weight_init="he")
    before = {k: v.tobytes() for k, v in net.params.items()}
    flat = net.flat_params().tobytes()
    rng = np.random.default_rng(seed)
    net.numerical_gradient(rng.standard_normal((5, 3)), rng.integers(0, 3, 5))
    assert {k: v.tobytes() for k, v in net.params.items()} == before
    assert net.flat_params().tobytes() == flat
