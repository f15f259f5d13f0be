"""The book's TwoLayerNet, generalised to 1-3 hidden layers, with backprop for every loss.

Layers: a_l = z_{l-1} @ W_l + b_l, z_l = h(a_l) for the hidden layers, y = softmax(a_L).
The loss is cross-entropy or mean squared error, both taken on the softmax output.

Cross-entropy is computed from the logits, -log softmax(a)_k = log(sum_j exp(a_j)) - a_k
(shifted by the row max). It equals the book's -log(y_k + 1e-7) to within 1e-7 / y_k, never
stalls at -log(1e-7) = 16.1 for a confidently wrong sample, and its exact gradient is the
book's SoftmaxWithLoss backward, (y - t) / N, so learning follows the book's code step for
step (with the delta inside the log, a sample with y_k ~ 0 would get no gradient at all).
For MSE the gradient goes through the full softmax Jacobian: da = y * (g - sum(g * y)).

Public methods allocate fresh arrays and never touch shared state, so they are safe on a
network shared between callers. The trainer uses the private `_loss_and_gradient_into`, which
reuses per-batch-size buffers for speed: one trainer per network while training.
"""

from __future__ import annotations

import copy as _copy
import math
import os
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from core.errors import ConfigError
from core.functions import ACTIVATIONS, LOSSES, Activation
from core.gradients import numerical_gradient as _numerical_gradient

WEIGHT_INITS: tuple[str, ...] = ("std", "xavier", "he")
DTYPES: tuple[str, ...] = ("float32", "float64")
EVAL_CHUNK = 4096  # rows per chunk when evaluating many samples (bounds temporary memory)
# Evaluating the full data set every epoch is one big product, split by whole chunks between
# two threads (NumPy releases the GIL in matmul). Not by more BLAS threads: the count is
# process-wide in OpenBLAS and would also split every other session's small training products.
EVAL_WORKERS = max(1, min(2, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
                          else (os.cpu_count() or 1)))
_EVAL_POOL = ThreadPoolExecutor(max_workers=4, thread_name_prefix="lfd-eval")
_SAFE_SUM = 1e-30  # a softmax row sum below this (after the batch-max shift) is redone per row


def _evaluation_parts(n: int) -> list[tuple[int, int]]:
    """Row ranges, in whole chunks, one per evaluation thread (one range for small inputs)."""
    chunks = -(-n // EVAL_CHUNK)
    workers = min(EVAL_WORKERS, chunks)
    if workers <= 1:
        return [(0, n)]
    bounds = [min(n, round(chunks * w / workers) * EVAL_CHUNK) for w in range(workers + 1)]
    return [(bounds[w], bounds[w + 1]) for w in range(workers)]


# In-place versions of the activations for the training hot path (same maths as ACTIVATIONS).
def _sigmoid_(a: np.ndarray) -> None:
    np.negative(a, out=a)
    np.exp(a, out=a)  # may overflow to inf for very negative input: 1 / inf = 0 is right
    a += 1
    np.reciprocal(a, out=a)


def _step_(a: np.ndarray) -> None:
    np.copyto(a, a > 0)


_FORWARD_INPLACE = {
    "step": _step_,
    "sigmoid": _sigmoid_,
    "relu": lambda a: np.maximum(a, 0, out=a),
    "tanh": lambda a: np.tanh(a, out=a),
    "identity": lambda a: None,
}


def _sigmoid_back_(dz: np.ndarray, z: np.ndarray, tmp: np.ndarray) -> None:
    np.subtract(1, z, out=tmp)
    dz *= z
    dz *= tmp


def _tanh_back_(dz: np.ndarray, z: np.ndarray, tmp: np.ndarray) -> None:
    np.multiply(z, z, out=tmp)
    np.subtract(1, tmp, out=tmp)
    dz *= tmp


def _relu_back_(dz: np.ndarray, z: np.ndarray, tmp: np.ndarray) -> None:
    np.greater(z, 0, out=tmp)  # bool -> 0.0 / 1.0 in tmp's float dtype
    dz *= tmp


def _step_back_(dz: np.ndarray, z: np.ndarray, tmp: np.ndarray) -> None:
    dz.fill(0)  # the derivative is 0 everywhere: nothing flows back through a step


_BACKWARD_INPLACE = {
    "step": _step_back_,
    "sigmoid": _sigmoid_back_,
    "relu": _relu_back_,
    "tanh": _tanh_back_,
    "identity": lambda dz, z, tmp: None,
}


class _Workspace:
    """Preallocated arrays for one batch size: activations, deltas, scratch."""

    def __init__(self, n: int, sizes: Sequence[int], dtype: np.dtype) -> None:
        self.z = [np.empty((n, s), dtype=dtype) for s in sizes[1:]]  # z_1..z_{L-1}, then y
        self.dz = [np.empty((n, s), dtype=dtype) for s in sizes[1:-1]]
        self.tmp = [np.empty((n, s), dtype=dtype) for s in sizes[1:-1]]
        self.rows = np.arange(n)
        self.flat_rows = self.rows * sizes[-1]  # row offsets into the flattened output
        self.flat_idx = np.empty(n, dtype=np.intp)  # flat positions of the true classes
        self.col = np.empty((n, 1), dtype=dtype)
        # row sums and column sums as matrix-vector products: much faster than sum(axis=...)
        self.ones_k = np.ones((sizes[-1], 1), dtype=dtype)
        self.ones_n = np.ones((1, n), dtype=dtype)
        # For one sample, z^T @ da is an outer product (inner dimension 1), which NumPy's
        # matmul computes ~6x slower than the same product padded with a row of zeros.
        self.pad = ([np.zeros((2, s), dtype=dtype) for s in sizes] if n == 1 else None)


class MultiLayerNet:
    """A fully connected network with 1-3 hidden layers and a softmax output."""

    def __init__(self, input_size: int, hidden_sizes: Sequence[int] | int, output_size: int, *,
                 activation: str = "sigmoid", loss: str = "cross_entropy",
                 weight_init: str = "std", weight_init_std: float = 0.01, seed: int = 0,
                 dtype: type | str | np.dtype = np.float32) -> None:
        if isinstance(hidden_sizes, (int, np.integer)):
            hidden_sizes = [int(hidden_sizes)]
        sizes = [int(input_size), *(int(h) for h in hidden_sizes), int(output_size)]
        if len(sizes) < 3 or min(sizes) < 1:  # validate_config reports this to users
            raise ValueError(f"need at least one hidden layer and sizes >= 1, got {sizes}")
        if activation not in ACTIVATIONS:
            raise ConfigError("err.config.activation", value=activation,
                              choices=", ".join(ACTIVATIONS))
        if loss not in LOSSES:
            raise ConfigError("err.config.loss", value=loss, choices=", ".join(LOSSES))
        if weight_init not in WEIGHT_INITS:
            raise ConfigError("err.config.weight_init", value=weight_init,
                              choices=", ".join(WEIGHT_INITS))
        self.dtype = np.dtype(dtype)
        if self.dtype.name not in DTYPES:
            raise ConfigError("err.config.dtype", value=str(dtype), choices=", ".join(DTYPES))
        self.sizes: tuple[int, ...] = tuple(sizes)
        self.n_layers = len(sizes) - 1  # weight layers (hidden layers + output layer)
        self.activation_name = activation
        self.activation: Activation = ACTIVATIONS[activation]
        self.loss_name = loss
        self.weight_init = weight_init
        self.weight_init_std = float(weight_init_std)
        self.seed = seed
        rng = np.random.default_rng(seed)
        self.params: dict[str, np.ndarray] = {}
        for i, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:]), start=1):
            scale = {"std": self.weight_init_std, "xavier": np.sqrt(1.0 / n_in),
                     "he": np.sqrt(2.0 / n_in)}[weight_init]
            # drawn in float64 so float32 and float64 nets with one seed start from the same point
            self.params[f"W{i}"] = (scale * rng.standard_normal((n_in, n_out))).astype(self.dtype)
            self.params[f"b{i}"] = np.zeros(n_out, dtype=self.dtype)
        self._workspaces: dict[int, _Workspace] = {}
        self.flat_params()

    def flat_params(self) -> np.ndarray:
        """All parameters as one contiguous vector whose slices *are* the arrays in params.

        Elementwise optimisers then update every parameter with a few NumPy calls. If an
        entry of params was replaced by another array, the vector is rebuilt from params.
        """
        flat = getattr(self, "_flat", None)
        if flat is None or any(v.base is not flat for v in self.params.values()):
            values = {k: np.asarray(v, dtype=self.dtype) for k, v in self.params.items()}
            flat = np.empty(sum(v.size for v in values.values()), dtype=self.dtype)
            start = 0
            for key, value in values.items():
                view = flat[start:start + value.size].reshape(value.shape)
                view[...] = value
                self.params[key] = view  # the same dict: references to it stay valid
                start += value.size
            self._flat = flat
        return flat

    # --- shapes and inputs ---------------------------------------------------------------
    @property
    def input_size(self) -> int:
        return self.sizes[0]

    @property
    def hidden_sizes(self) -> tuple[int, ...]:
        return self.sizes[1:-1]

    @property
    def output_size(self) -> int:
        return self.sizes[-1]

    def _inputs(self, x: np.ndarray) -> tuple[np.ndarray, bool]:
        """x as a 2-D array (n, input_size), and whether it was one sample."""
        a = np.asarray(x)
        single = a.ndim == 1
        a = a.reshape(1, -1) if single else a.reshape(a.shape[0], -1)
        if a.shape[1] != self.input_size:
            raise ValueError(f"expected {self.input_size} features, got {a.shape[1]}")
        return a, single

    def _targets(self, t: np.ndarray, n: int) -> tuple[np.ndarray | None, np.ndarray | None]:
        """(labels, None) for integer labels or (None, one-hot/probabilities) for 2-D targets."""
        a = np.asarray(t)
        k = self.output_size
        if a.ndim == 2 or (n == 1 and a.ndim == 1 and a.size == k > 1):
            if a.size != n * k:
                raise ValueError(f"one-hot targets must have shape ({n}, {k}), got {a.shape}")
            return None, a.reshape(n, k).astype(self.dtype, copy=False)
        if a.ndim > 1 or a.size != n:
            raise ValueError(f"targets must be {n} labels or an ({n}, {k}) one-hot array, "
                             f"got shape {a.shape}")
        if not np.issubdtype(a.dtype, np.integer):
            if not (np.issubdtype(a.dtype, np.number) and np.all(np.mod(a, 1) == 0)):
                raise ValueError("labels must be whole numbers")
        labels = a.reshape(n).astype(np.intp, copy=False)
        if n and (labels.min() < 0 or labels.max() >= k):
            raise ValueError(f"labels must be in [0, {k - 1}]")
        return labels, None

    def _workspace(self, n: int, *, cached: bool) -> _Workspace:
        if not cached:
            return _Workspace(n, self.sizes, self.dtype)
        ws = self._workspaces.get(n)
        if ws is None:
            if len(self._workspaces) >= 4:  # at most a few batch sizes are in use at once
                self._workspaces.clear()
            ws = self._workspaces[n] = _Workspace(n, self.sizes, self.dtype)
        return ws

    # --- forward ---------------------------------------------------------------------------
    def _forward(self, x: np.ndarray, ws: _Workspace, labels: np.ndarray | None = None,
                 onehot: np.ndarray | None = None) -> tuple[np.ndarray, float]:
        """Fill ws.z with the hidden outputs and the softmax output y.

        Returns (y, loss summed over the rows) when targets are given, else (y, nan).
        """
        if x.dtype != self.dtype:
            x = x.astype(self.dtype)
        with np.errstate(over="ignore", under="ignore", invalid="ignore", divide="ignore"):
            logits = self._logits(x, ws)
            # Softmax shifted by the batch max (one fast reduction; a per-row max over 10
            # columns costs more than the rest of the softmax). Every exp is then <= 1, so
            # nothing overflows; only a row whose own max lies ~80 below the batch max could
            # underflow entirely, and that batch is redone with per-row shifts.
            logits -= logits.max()
            y, loss_sum = self._softmax_and_loss(logits, ws, labels, onehot)
            if not ws.col.min() > _SAFE_SUM:  # also catches NaN
                logits = self._logits(x, ws, hidden_done=True)
                logits -= logits.max(axis=1, keepdims=True)
                y, loss_sum = self._softmax_and_loss(logits, ws, labels, onehot)
        return y, loss_sum

    def _logits(self, x: np.ndarray, ws: _Workspace, *, hidden_done: bool = False) -> np.ndarray:
        """a_L into ws.z[-1] (the hidden layers' outputs are left in ws.z[:-1])."""
        p = self.params
        last = self.n_layers
        forward = _FORWARD_INPLACE[self.activation_name]
        for i in range(last if hidden_done else 1, last + 1):
            a = ws.z[i - 1]
            np.matmul(x if i == 1 else ws.z[i - 2], p[f"W{i}"], out=a)
            a += p[f"b{i}"]
            if i < last:
                forward(a)
        return ws.z[last - 1]

    def _softmax_and_loss(self, z: np.ndarray, ws: _Workspace, labels: np.ndarray | None,
                          onehot: np.ndarray | None) -> tuple[np.ndarray, float]:
        """Turn shifted logits z into softmax probabilities in place; loss summed over rows."""
        cross_entropy = self.loss_name == "cross_entropy"
        picked = None
        if cross_entropy and labels is not None:
            flat = np.add(ws.flat_rows, labels, out=ws.flat_idx)
            picked = z.reshape(-1)[flat]  # shifted logit of the true class
        elif cross_entropy and onehot is not None:
            picked = np.einsum("ij,ij->i", onehot, z)
        np.exp(z, out=z)
        np.matmul(z, ws.ones_k, out=ws.col)
        if picked is not None:
            # -log softmax(a)_k = log(sum exp(shifted)) - shifted_k
            log_sum = np.log(ws.col[:, 0])
            if labels is None:
                log_sum *= onehot.sum(axis=1)
            loss_sum = float(log_sum.sum(dtype=np.float64) - picked.sum(dtype=np.float64))
        z /= ws.col
        if picked is not None:
            return z, loss_sum
        if labels is None and onehot is None:
            return z, math.nan
        diff = z - onehot if onehot is not None else z.copy()
        if labels is not None:
            diff.reshape(-1)[ws.flat_rows + labels] -= 1
        return z, 0.5 * float(np.square(diff).sum(dtype=np.float64))

    def _chunks(self, x: np.ndarray, labels: np.ndarray | None = None,
                onehot: np.ndarray | None = None):
        """(start, stop, softmax output, summed loss) over chunks of x, reusing one workspace."""
        n = x.shape[0]
        size = max(1, min(n, EVAL_CHUNK))
        ws = self._workspace(size, cached=False)
        for start in range(0, n, size):
            stop = min(start + size, n)
            if stop - start != size:
                ws = self._workspace(stop - start, cached=False)
            lab = None if labels is None else labels[start:stop]
            oh = None if onehot is None else onehot[start:stop]
            y, loss_sum = self._forward(x[start:stop], ws, lab, oh)
            yield start, stop, y, loss_sum

    def predict(self, x: np.ndarray) -> np.ndarray:
        """Softmax probabilities, shape (n, output_size) (or (output_size,) for one sample)."""
        x2, single = self._inputs(x)
        out = np.empty((x2.shape[0], self.output_size), dtype=self.dtype)
        for start, stop, y, _ in self._chunks(x2):
            out[start:stop] = y
        return out[0] if single else out

    def hidden_activations(self, x: np.ndarray) -> list[np.ndarray]:
        """The outputs z_1, ..., z_{L-1} of the hidden layers for the inputs x."""
        x2, single = self._inputs(x)
        ws = self._workspace(x2.shape[0], cached=False)
        self._forward(x2, ws)
        return [z[0] if single else z for z in ws.z[:-1]]

    def evaluate(self, x: np.ndarray, t: np.ndarray) -> tuple[float, float]:
        """(mean loss, accuracy) over all of x, in chunks shared out over EVAL_WORKERS threads.

        Each chunk is computed exactly as in one serial pass (one BLAS thread per caller) and
        the per-chunk sums are added in chunk order, so the result does not depend on the
        number of threads, bit for bit.
        """
        x2, _ = self._inputs(x)
        n = x2.shape[0]
        labels, onehot = self._targets(t, n)
        true = labels if labels is not None else onehot.argmax(axis=1)
        parts = _evaluation_parts(n)
        if len(parts) == 1:
            sums = self._evaluate_rows(x2, labels, onehot, true)
        else:
            def rows(start: int, stop: int) -> list:
                return [None if a is None else a[start:stop] for a in (x2, labels, onehot, true)]

            # The caller takes the first part itself: with many sessions evaluating at once,
            # each still makes progress while its other parts wait for a pool thread.
            jobs = [_EVAL_POOL.submit(self._evaluate_rows, *rows(*part)) for part in parts[1:]]
            sums = self._evaluate_rows(*rows(*parts[0]))
            sums += [s for job in jobs for s in job.result()]
        total, correct = 0.0, 0
        for loss_sum, right in sums:
            total += loss_sum
            correct += right
        return total / n, correct / n

    def _evaluate_rows(self, x: np.ndarray, labels: np.ndarray | None,
                       onehot: np.ndarray | None, true: np.ndarray) -> list[tuple[float, int]]:
        """(summed loss, number correct) of every chunk of x, in order."""
        return [(loss_sum, int(np.count_nonzero(y.argmax(axis=1) == true[start:stop])))
                for start, stop, y, loss_sum in self._chunks(x, labels, onehot)]

    def loss(self, x: np.ndarray, t: np.ndarray) -> float:
        """Mean loss over the samples of x (targets as labels or one-hot)."""
        return self.evaluate(x, t)[0]

    def accuracy(self, x: np.ndarray, t: np.ndarray) -> float:
        """Fraction of samples whose most probable class is the target class."""
        return self.evaluate(x, t)[1]

    # --- backward --------------------------------------------------------------------------
    def _loss_and_gradient_into(self, x: np.ndarray, t: np.ndarray,
                                grads: dict[str, np.ndarray], *, cached: bool = True) -> float:
        """Mean mini-batch loss; writes d loss / d param into the arrays of `grads`."""
        labels, onehot = self._targets(t, x.shape[0])
        return self._backprop(x, labels, onehot, grads, cached=cached)

    def _backprop(self, x: np.ndarray, labels: np.ndarray | None, onehot: np.ndarray | None,
                  grads: dict[str, np.ndarray], *, cached: bool = True,
                  scale: float = 1.0) -> float:
        """Forward and backward pass for checked targets: the training hot path.

        The gradients written are `scale` times the true ones (backprop is linear in the
        output delta, so SGD's learning rate costs nothing when folded in here).
        """
        n = x.shape[0]
        if x.dtype != self.dtype:
            x = x.astype(self.dtype)
        ws = self._workspace(n, cached=cached)
        y, loss_sum = self._forward(x, ws, labels, onehot)
        if self.loss_name == "cross_entropy":
            # d/da of sum_j t_j * -log softmax(a)_j = y * sum(t) - t: the book's (y - t) / N
            if labels is not None:
                y.reshape(-1)[ws.flat_idx] -= 1  # filled by the forward pass
            else:
                y *= onehot.sum(axis=1, keepdims=True)
                y -= onehot
            y *= scale / n
            da = y
        else:
            g = y - onehot if onehot is not None else y.copy()
            if labels is not None:
                g.reshape(-1)[ws.flat_rows + labels] -= 1
            g *= scale / n
            # back through the softmax Jacobian: da_j = y_j * (g_j - sum_k g_k y_k)
            np.matmul(g * y, ws.ones_k, out=ws.col)
            g -= ws.col
            g *= y
            da = g
        backward = _BACKWARD_INPLACE[self.activation_name]
        p = self.params
        for i in range(self.n_layers, 0, -1):
            z_prev = ws.z[i - 2] if i > 1 else x
            if ws.pad is None:
                np.matmul(z_prev.T, da, out=grads[f"W{i}"])
            else:
                left, right = ws.pad[i - 1], ws.pad[i]
                left[0] = z_prev[0]
                right[0] = da[0]
                np.matmul(left.T, right, out=grads[f"W{i}"])
            np.matmul(ws.ones_n, da, out=grads[f"b{i}"].reshape(1, -1))
            if i > 1:
                dz = ws.dz[i - 2]
                np.matmul(da, p[f"W{i}"].T, out=dz)
                backward(dz, z_prev, ws.tmp[i - 2])
                da = dz
        return loss_sum / n

    def loss_and_gradient(self, x: np.ndarray, t: np.ndarray) -> tuple[float, dict[str, np.ndarray]]:
        """Mean loss and its gradient by backprop, from one forward pass."""
        x2, _ = self._inputs(x)
        grads = {k: np.empty_like(v) for k, v in self.params.items()}
        loss = self._loss_and_gradient_into(x2, t, grads, cached=False)
        return loss, grads

    def gradient(self, x: np.ndarray, t: np.ndarray) -> dict[str, np.ndarray]:
        """d loss / d param for every parameter, by backprop (same keys as params)."""
        return self.loss_and_gradient(x, t)[1]

    def numerical_gradient(self, x: np.ndarray, t: np.ndarray) -> dict[str, np.ndarray]:
        """The same gradient by central differences (slow; use dtype float64 for checks)."""
        def loss_w(_: np.ndarray) -> float:
            return self.loss(x, t)  # reads the parameter numerical_gradient perturbs in place
        return {key: _numerical_gradient(loss_w, param) for key, param in self.params.items()}

    def copy(self) -> MultiLayerNet:
        """An independent network with the same configuration and a copy of the weights."""
        clone = _copy.copy(self)
        clone.params = {k: v.copy() for k, v in self.params.items()}
        clone._flat = None
        clone._workspaces = {}
        clone.flat_params()
        return clone

    def __repr__(self) -> str:
        return (f"{type(self).__name__}(sizes={self.sizes}, activation={self.activation_name!r}, "
                f"loss={self.loss_name!r}, dtype={self.dtype.name})")
