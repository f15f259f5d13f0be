"""The numbers behind the mini-batch and why-a-loss lessons (pure NumPy + pandas, no Streamlit).

Mini-batch: a mini-batch's loss is the mean of the per-sample losses it drew, so one forward
pass over the training data gives every estimate (no re-running the network per draw).
Why a loss: sweeping one weight changes one column of one layer's pre-activation, so the sweep
is a rank-1 update of a cached forward pass rather than a new forward pass per value.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence

import numpy as np
import pandas as pd

from core.functions import ACTIVATIONS, softmax
from core.gradients import H  # noqa: F401 - the book's h, one value everywhere (pages read lessons.H)
from core.network import MultiLayerNet
from core.training import DEFAULT_CONFIG, build_trainer, clamp_batch

CHUNK_CELLS = 4_000_000  # sweep values are evaluated in chunks of at most this many floats


# Both lessons look at a network trained only briefly: sure of some samples, unsure of others.
# Xavier initialisation and a large learning rate get there in a few hundred steps on every
# bundled data set (the book's std=0.01 start barely moves the 2-D sets in that time).
BRIEF_CONFIG: dict = {"activation": "sigmoid", "hidden_size": 50, "hidden_layers": 1,
                      "weight_init": "xavier", "learning_rate": 1.0, "batch_size": 100,
                      "loss": "cross_entropy", "optimizer": "sgd", "sampling": "replacement"}


def train_briefly(dataset, iterations: int, seed: int = 0) -> MultiLayerNet:
    """A two-layer sigmoid network after `iterations` mini-batch SGD steps (0 = untrained)."""
    config = {**DEFAULT_CONFIG, **BRIEF_CONFIG, "iterations": max(1, int(iterations)),
              "seed": int(seed)}
    trainer = build_trainer(config, dataset)
    trainer.step(int(iterations))
    return trainer.network


def with_activation(network: MultiLayerNet, activation: str) -> MultiLayerNet:
    """The same weights with another hidden-layer activation (e.g. the step function)."""
    other = MultiLayerNet(network.input_size, network.hidden_sizes, network.output_size,
                          activation=activation, loss=network.loss_name, dtype=network.dtype)
    for key, value in network.params.items():
        other.params[key][...] = value
    return other


# --------------------------------------------------------------------- losses per sample
# Like the engine, cross-entropy is taken from the logits a: -log softmax(a)_t =
# log(sum_j exp(a_j)) - a_t, which equals the book's -log(y_t + 1e-7) to within 1e-7 / y_t.
def cross_entropy_from_logits(a: np.ndarray, t: np.ndarray) -> np.ndarray:
    """Per-sample cross-entropy over the last axis of a (any leading shape; t labels)."""
    m = a.max(axis=-1, keepdims=True)
    lse = np.log(np.exp(a - m).sum(axis=-1)) + m[..., 0]
    picked = np.take_along_axis(a, np.broadcast_to(t, a.shape[:-1])[..., None], axis=-1)[..., 0]
    return lse - picked


def squared_error_from_logits(a: np.ndarray, t: np.ndarray) -> np.ndarray:
    """Per-sample 1/2 * sum_k (y_k - t_k)^2 with y = softmax(a) and one-hot t (labels given)."""
    y = softmax(a)
    picked = np.take_along_axis(y, np.broadcast_to(t, a.shape[:-1])[..., None], axis=-1)[..., 0]
    return 0.5 * (np.square(y).sum(axis=-1) - 2.0 * picked + 1.0)


LOSSES_FROM_LOGITS: dict[str, Callable[[np.ndarray, np.ndarray], np.ndarray]] = {
    "cross_entropy": cross_entropy_from_logits, "mse": squared_error_from_logits}


def forward_logits(params: dict, activation: str, x: np.ndarray,
                   chunk: int = 4096) -> np.ndarray:
    """The output layer's pre-softmax values a_L for every row of x, in float64 (chunked)."""
    act = ACTIVATIONS[activation].forward
    n_layers = layer_count(params)
    p = {k: np.asarray(v, dtype=np.float64) for k, v in params.items()}
    out = [_forward_to(p, act, x[start:start + chunk], n_layers)[-1] @ p[f"W{n_layers}"]
           + p[f"b{n_layers}"] for start in range(0, len(x), chunk)]
    return np.concatenate(out) if out else np.empty((0, params[f"b{n_layers}"].shape[0]))


def per_sample_losses(network, x: np.ndarray, t: np.ndarray) -> np.ndarray:
    """The loss of each sample under `network` (float64): their mean is network.loss(x, t)."""
    a = forward_logits(network.params, hidden_activation(network), x)
    return LOSSES_FROM_LOGITS[network.loss_name](a, np.asarray(t))


# --------------------------------------------------------------------- mini-batch learning
def clamp_batch_sizes(batch_sizes: Iterable[int], train_size: int) -> tuple[list[int], list[int]]:
    """(sorted distinct sizes clamped to 1..train_size, the requested sizes that were too big)."""
    requested = [int(b) for b in batch_sizes]
    too_big = sorted({b for b in requested if b > train_size})
    clamped = sorted({clamp_batch(b, train_size) for b in requested})
    return clamped, too_big


def draw_mini_batch(rng: np.random.Generator, train_size: int, batch_size: int) -> np.ndarray:
    """The book's `np.random.choice(train_size, batch_size)`, drawn from a seeded Generator."""
    return rng.choice(train_size, batch_size)


def minibatch_loss_estimates(network, x: np.ndarray, t: np.ndarray, batch_sizes: Sequence[int],
                             draws: int, rng: np.random.Generator) -> pd.DataFrame:
    """`draws` mini-batch losses per batch size: columns batch_size, draw, loss."""
    losses = per_sample_losses(network, x, t)
    return loss_estimates_from_losses(losses, batch_sizes, draws, rng)


def loss_estimates_from_losses(losses: np.ndarray, batch_sizes: Sequence[int], draws: int,
                               rng: np.random.Generator) -> pd.DataFrame:
    """Mini-batch means of per-sample `losses`, each batch drawn like the book (with replacement)."""
    frames = []
    for b in batch_sizes:
        idx = rng.choice(len(losses), size=(draws, int(b)))
        frames.append(pd.DataFrame({"batch_size": int(b), "draw": np.arange(draws),
                                    "loss": losses[idx].mean(axis=1)}))
    return pd.concat(frames, ignore_index=True)


def estimate_spread(estimates: pd.DataFrame, sample_std: float) -> pd.DataFrame:
    """Std of the estimates per batch size beside the theory sigma / sqrt(B).

    Drawing with replacement makes the B losses of a batch independent, so the standard
    deviation of their mean is the per-sample standard deviation over sqrt(B).
    """
    spread = (estimates.groupby("batch_size")["loss"]
              .agg(mean="mean", std=lambda s: float(np.std(s, ddof=1)))
              .reset_index())
    spread["reference"] = sample_std / np.sqrt(spread["batch_size"].to_numpy(dtype=float))
    return spread


def gradient_step_seconds(network, x: np.ndarray, t: np.ndarray, batch_sizes: Sequence[int],
                          rng: np.random.Generator, repeats: int = 5,
                          clock: Callable[[], float] = time.perf_counter) -> pd.DataFrame:
    """Fastest wall time of one backprop gradient per batch size: columns batch_size, seconds, ms.

    Each repeat draws a fresh mini-batch (as training would); an untimed first call warms
    caches and allocations. The fastest repeat is the one least disturbed by other processes
    (as timeit advises): with a median of 5 on a busy classroom server, batch 1000 was once
    shown slower than the whole 1,437-sample set.
    """
    rows = []
    for b in batch_sizes:
        network.gradient(x[:int(b)], t[:int(b)])  # warm-up, not timed
        times = []
        for _ in range(max(1, repeats)):
            idx = draw_mini_batch(rng, len(x), int(b))
            xb, tb = x[idx], t[idx]
            start = clock()
            network.gradient(xb, tb)
            times.append(clock() - start)
        seconds = float(min(times))
        rows.append({"batch_size": int(b), "seconds": seconds, "ms": seconds * 1e3})
    return pd.DataFrame(rows)


def as_images(x: np.ndarray, image_shape: Sequence[int], min_pixels: int = 56, *,
              normalise: bool = True) -> list[np.ndarray]:
    """Rows of `x` as 2-D images in [0, 1] (each on its own range, unless normalise=False:
    then the values are kept, clipped to [0, 1]), enlarged by whole pixels.

    Repeating pixels (rather than letting the browser smooth them) keeps an 8x8 digit crisp.
    """
    shape = tuple(image_shape)[-2:]
    factor = max(1, int(min_pixels) // max(shape))
    images = []
    for row in np.asarray(x, dtype=np.float32):
        img = row.reshape(shape)
        if normalise:
            lo, hi = float(img.min()), float(img.max())
            img = (img - lo) / (hi - lo) if hi > lo else np.zeros_like(img)
        else:
            img = np.clip(img, 0.0, 1.0)
        images.append(np.kron(img, np.ones((factor, factor), dtype=np.float32)))
    return images


def data_fingerprint(dataset) -> str:
    """A short digest of a data set's training arrays, to key caches on an uploaded file."""
    import hashlib

    digest = hashlib.blake2b(digest_size=8)
    for array in (dataset.x_train, dataset.t_train, dataset.x_test, dataset.t_test):
        digest.update(np.ascontiguousarray(array).tobytes())
    return digest.hexdigest()


# --------------------------------------------------------------------- why a loss
def layer_count(params: dict) -> int:
    """Number of affine layers (W1, W2, ... Wn)."""
    return sum(1 for k in params if k.startswith("W"))


def hidden_activation(network) -> str:
    """The name of the network's hidden-layer activation (one of ACTIVATIONS)."""
    for attr in ("activation", "activation_name"):
        value = getattr(network, attr, None)
        if isinstance(value, str) and value in ACTIVATIONS:
            return value
        name = getattr(value, "name", None)
        if isinstance(name, str) and name in ACTIVATIONS:
            return name
    raise AttributeError("cannot tell the network's activation")


def sweep_values(center: float, span: float, points: int) -> np.ndarray:
    """`points` evenly spaced values over center ± span (an odd count contains center exactly)."""
    values = np.linspace(center - span, center + span, int(points))
    if points % 2 == 1:
        values[points // 2] = center
    return values


def _forward_to(params: dict, act: Callable, x: np.ndarray, layer: int) -> list[np.ndarray]:
    """Inputs z_0 = x, z_1, ... z_layer-1 and the pre-activation of `layer` (float64)."""
    zs = [np.asarray(x, dtype=np.float64)]
    for k in range(1, layer):
        a = zs[-1] @ params[f"W{k}"] + params[f"b{k}"]
        zs.append(act(a))
    return zs


def _loss_and_accuracy(logits: np.ndarray, t: np.ndarray,
                       loss_name: str) -> tuple[np.ndarray, np.ndarray]:
    """Per-value mean loss and accuracy; logits shape (values, samples, classes)."""
    loss = LOSSES_FROM_LOGITS[loss_name](logits, t[None, :]).mean(axis=1)
    accuracy = (logits.argmax(axis=2) == t[None, :]).mean(axis=1)
    return loss, accuracy


def loss_and_accuracy_at(params: dict, activation: str, x: np.ndarray, t: np.ndarray,
                         layer: int, index: tuple[int, int], values: np.ndarray,
                         loss_name: str = "cross_entropy") -> tuple[np.ndarray, np.ndarray]:
    """Training loss and accuracy with weight W<layer>[index] set to each of `values`.

    Everything else is held fixed. Changing W[i, j] by d adds d * z[:, i] to column j of the
    layer's pre-activation, so only that column and the layers after it are recomputed.
    """
    p = {k: np.asarray(v, dtype=np.float64) for k, v in params.items()}
    act = ACTIVATIONS[activation].forward
    n_layers = layer_count(p)
    t = np.asarray(t)
    i, j = index
    zs = _forward_to(p, act, x, layer)
    z = zs[-1]
    a = z @ p[f"W{layer}"] + p[f"b{layer}"]
    deltas = np.asarray(values, dtype=np.float64) - p[f"W{layer}"][i, j]
    if layer == n_layers and loss_name == "cross_entropy":
        return _output_weight_sweep(a, z[:, i], t, j, deltas)
    n, width = a.shape
    # how many sweep values fit one chunk of (values x samples x width) floats
    widest = max(p[f"W{k}"].shape[1] for k in range(layer, n_layers + 1))
    per_chunk = max(1, CHUNK_CELLS // max(1, n * widest))
    losses, accs = [], []
    for start in range(0, len(deltas), per_chunk):
        d = deltas[start:start + per_chunk]
        column = a[None, :, j] + d[:, None] * z[None, :, i]  # (values, samples)
        if layer == n_layers:
            logits = np.broadcast_to(a, (len(d), n, width)).copy()
            logits[:, :, j] = column
        else:
            # the next layer's pre-activation moves along row j of W<layer+1> only
            h_base = act(a)
            change = act(column) - h_base[None, :, j]
            nxt = h_base @ p[f"W{layer + 1}"] + p[f"b{layer + 1}"]
            logits = nxt[None] + change[..., None] * p[f"W{layer + 1}"][j][None, None, :]
            for k in range(layer + 2, n_layers + 1):
                logits = act(logits) @ p[f"W{k}"] + p[f"b{k}"]
        loss, acc = _loss_and_accuracy(logits, t, loss_name)
        losses.append(loss)
        accs.append(acc)
    return np.concatenate(losses), np.concatenate(accs)


def _output_weight_sweep(a: np.ndarray, z_i: np.ndarray, t: np.ndarray, j: int,
                         deltas: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Cross-entropy and accuracy when only logit column j moves by deltas * z_i.

    The other classes' log-sum-exp and best logit are fixed, so each value costs O(samples)
    rather than O(samples x classes): log-sum-exp(all) = logaddexp(lse(others), a_j).
    """
    n = len(t)
    others = np.delete(a, j, axis=1)
    m = others.max(axis=1)
    lse_others = np.log(np.exp(others - m[:, None]).sum(axis=1)) + m
    best_other = others.argmax(axis=1)
    best_other += best_other >= j  # back to the original class index
    true_logit = a[np.arange(n), t]
    losses, accs = [], []
    per_chunk = max(1, CHUNK_CELLS // max(1, n))
    for start in range(0, len(deltas), per_chunk):
        d = deltas[start:start + per_chunk]
        column = a[None, :, j] + d[:, None] * z_i[None, :]  # (values, samples)
        picked = np.where(t[None, :] == j, column, true_logit[None, :])
        losses.append((np.logaddexp(lse_others[None, :], column) - picked).mean(axis=1))
        # argmax keeps the first of equal maxima: j wins a tie only against a later class
        wins = (column > m[None, :]) | ((column == m[None, :]) & (j < best_other)[None, :])
        pred_right = np.where(wins, t[None, :] == j, (best_other == t)[None, :])
        accs.append(pred_right.mean(axis=1))
    return np.concatenate(losses), np.concatenate(accs)


def weight_sweep(network, x: np.ndarray, t: np.ndarray, layer: int, index: tuple[int, int],
                 values: np.ndarray, h: float = H) -> pd.DataFrame:
    """Loss and accuracy against one weight, with their central-difference derivatives.

    Columns: value, loss, accuracy, d_loss, d_accuracy, where d_f = (f(w+h) - f(w-h)) / 2h as in
    the book's numerical_diff: accuracy hardly ever changes within ±h, so d_accuracy is 0
    nearly everywhere while d_loss is not.
    """
    values = np.asarray(values, dtype=np.float64)
    grid = np.concatenate([values, values + h, values - h])
    loss, acc = loss_and_accuracy_at(network.params, hidden_activation(network), x, t,
                                     layer, index, grid,
                                     getattr(network, "loss_name", "cross_entropy"))
    m = len(values)
    return pd.DataFrame({
        "value": values,
        "loss": loss[:m],
        "accuracy": acc[:m],
        "d_loss": (loss[m:2 * m] - loss[2 * m:]) / (2 * h),
        "d_accuracy": (acc[m:2 * m] - acc[2 * m:]) / (2 * h),
    })


def accuracy_jumps(sweep: pd.DataFrame) -> pd.DataFrame:
    """The sweep values where accuracy changes from one point to the next (its staircase risers)."""
    acc = sweep["accuracy"].to_numpy()
    where = np.flatnonzero(np.diff(acc) != 0) + 1
    return sweep.iloc[where][["value", "accuracy"]].reset_index(drop=True)


def staircase_derivative(sweep: pd.DataFrame, n_samples: int, h: float = H) -> dict[str, float]:
    """What the numerical derivative of the accuracy staircase shows, against the staircase.

    (acc(w + h) - acc(w - h)) / 2h is non-zero only at a sweep point with a step of the
    staircase inside its window [w - h, w + h]. The window, 2h wide, covers `share` of the
    gap between two sweep points, so most of the `jumps` fall between two windows and the
    derivative is 0 there. Where it is not, it is a spike of k/n / 2h for k samples whose
    answer flips inside the window: `height` per sample.
    """
    values = sweep["value"].to_numpy()
    spacing = float(np.diff(values).mean()) if len(values) > 1 else 0.0
    window = 2 * h
    return {"jumps": len(accuracy_jumps(sweep)),
            "spikes": int(np.count_nonzero(sweep["d_accuracy"].to_numpy())),
            "points": len(values), "spacing": spacing, "window": window,
            "share": window / spacing if spacing > 0 else 1.0,
            "height": 1.0 / (max(int(n_samples), 1) * window)}


def zero_inputs(x: np.ndarray) -> np.ndarray:
    """Indices of the inputs that are 0 in every row of x."""
    return np.flatnonzero(~np.any(np.asarray(x) != 0, axis=0))


def first_layer_zeros(grad_w1: np.ndarray, x: np.ndarray) -> dict[str, int]:
    """Why entries of dL/dW1 on the batch x are exactly 0.

    dL/dW1 = x.T @ delta (the book's np.dot(x.T, da1)): the row of an input that is 0 in
    every sample of x is 0 whatever the activation (`from_inputs` entries, from
    `zero_inputs` inputs). Any `other` zero is a weight whose hidden neuron passed no error
    back (h'(a) == 0) in every sample where its input is not 0: ReLU off, or a saturated
    sigmoid or tanh whose h' rounds to 0.
    """
    g = np.asarray(grad_w1)
    rows = zero_inputs(x)
    zeros = int(g.size - np.count_nonzero(g))
    from_inputs = int(rows.size * g.shape[1])
    return {"zeros": zeros, "zero_inputs": int(rows.size), "from_inputs": from_inputs,
            "other": zeros - from_inputs}


def largest_gradient_index(grad: np.ndarray) -> tuple[int, int]:
    """(row, column) of the entry with the largest |gradient|: a weight the loss cares about."""
    flat = int(np.argmax(np.abs(np.asarray(grad))))
    row, col = np.unravel_index(flat, np.shape(grad))
    return int(row), int(col)


def activation_curves(names: Sequence[str], x: np.ndarray) -> pd.DataFrame:
    """Each activation and its derivative over x: columns x, name, value, derivative."""
    frames = []
    for name in names:
        f = ACTIVATIONS[name]
        frames.append(pd.DataFrame({"x": x, "name": name,
                                    "value": f.forward(x), "derivative": f.derivative(x)}))
    return pd.concat(frames, ignore_index=True)


def gradient_summary(grad: np.ndarray) -> dict[str, float]:
    """How much a gradient can move the weights: non-zero count, size, largest |entry|."""
    g = np.asarray(grad)
    return {"nonzero": int(np.count_nonzero(g)), "size": int(g.size),
            "max_abs": float(np.abs(g).max()) if g.size else 0.0}


def matrix_frame(matrix: np.ndarray, rows: Sequence[int] | None = None,
                 max_cols: int = 64) -> pd.DataFrame:
    """Long form (row, col, value) of the chosen rows (default: all) of a matrix, for a heat map."""
    m = np.asarray(matrix)
    rows = np.arange(m.shape[0]) if rows is None else np.asarray(rows, dtype=int)
    block = m[rows][:, :max_cols]
    r, c = np.meshgrid(rows, np.arange(block.shape[1]), indexing="ij")
    return pd.DataFrame({"row": r.ravel(), "col": c.ravel(), "value": block.ravel()})


def busiest_rows(matrix: np.ndarray, k: int) -> np.ndarray:
    """Indices (ascending) of the k rows with the largest sum of |entries|."""
    m = np.abs(np.asarray(matrix, dtype=np.float64)).sum(axis=1)
    k = min(int(k), len(m))
    return np.sort(np.argsort(-m, kind="stable")[:k])


def numerical_partials(network, x: np.ndarray, t: np.ndarray, layer: int,
                       indices: Sequence[tuple[int, int]], h: float = H) -> np.ndarray:
    """Central-difference d loss / d W<layer>[i, j] for each (i, j), in float64."""
    act, loss_name = hidden_activation(network), getattr(network, "loss_name", "cross_entropy")
    W = network.params[f"W{layer}"]
    out = np.empty(len(indices))
    for n, (i, j) in enumerate(indices):
        w = float(W[i, j])
        loss, _ = loss_and_accuracy_at(network.params, act, x, t, layer, (i, j),
                                       np.array([w + h, w - h]), loss_name)
        out[n] = (loss[0] - loss[1]) / (2 * h)
    return out
