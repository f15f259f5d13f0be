"""Mini-batch training as in the book's train_neuralnet.py, a few iterations at a time.

`Trainer.step(k)` advances k iterations and returns their records, so a page can drive a run
from a timer. Per iteration it records the mini-batch loss (computed in the forward pass that
gives the gradient, i.e. before the update) and the L2 norm of every parameter's gradient.
An epoch is ceil(n_train / batch_size) iterations; the full training and test sets are
evaluated (loss and accuracy, in chunks) at iteration 0, at the end of every epoch, and once
more when the run ends between two epoch boundaries.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from types import MappingProxyType, SimpleNamespace
from typing import Any

import numpy as np
import pandas as pd

from core.blas import train_single_threaded
from core.errors import ConfigError, DataError
from core.functions import ACTIVATIONS, LOSSES
from core.history import HistoryBuffer
from core.network import DTYPES, WEIGHT_INITS, MultiLayerNet
from core.optim import OPTIMIZERS, SGD, make_optimizer

SAMPLINGS: tuple[str, ...] = ("replacement", "shuffle")

DEFAULT_CONFIG: Mapping[str, Any] = MappingProxyType({
    "loss": "cross_entropy",
    "activation": "sigmoid",
    "batch_size": 100,
    "learning_rate": 0.1,
    "hidden_layers": 1,
    "hidden_size": 50,
    "hidden_sizes": None,  # optional explicit sizes, one per hidden layer (wins over the two above)
    "weight_init": "std",
    "weight_init_std": 0.01,
    "optimizer": "sgd",
    "epochs": 10,
    "iterations": None,  # when set, the run length in iterations (wins over epochs)
    "sampling": "replacement",
    "train_size": None,  # None = every training row
    "seed": 0,
    "dtype": "float32",
})

# Allowed ranges (inclusive unless noted). Generous on purpose: divergence with a large learning
# rate is part of the lesson, so the limits only keep values finite and the app responsive.
LIMITS: Mapping[str, tuple[float, float]] = MappingProxyType({
    "learning_rate": (0.0, 1000.0),  # 0 excluded
    "batch_size": (1, 100_000),
    "hidden_layers": (1, 3),
    "hidden_size": (1, 1000),
    "weight_init_std": (0.0, 10.0),
    "epochs": (1, 1000),
    "iterations": (1, 1_000_000),
    "train_size": (1, 10_000_000),
    "seed": (0, 2**32 - 1),
})
# Every iteration keeps a small record (~0.5 kB): a cap keeps a session's memory bounded.
# The book's run is 10,000 iterations; at ~0.3 ms per step the cap is half a minute of work.
MAX_TOTAL_ITERATIONS = 100_000

CHOICES: Mapping[str, tuple[str, ...]] = MappingProxyType({
    "loss": tuple(LOSSES),
    "activation": tuple(ACTIVATIONS),
    "optimizer": tuple(OPTIMIZERS),
    "weight_init": WEIGHT_INITS,
    "sampling": SAMPLINGS,
    "dtype": DTYPES,
})


def clamp_batch(batch_size: int, n_train: int) -> int:
    """A mini-batch of 1..n_train samples: the one rule every part of the app clamps with."""
    return max(1, min(int(batch_size), max(1, int(n_train))))


def _choice(name: str, value: object) -> str:
    if isinstance(value, str) and value in CHOICES[name]:
        return value
    if name == "dtype" and not isinstance(value, str):
        try:
            name_of = np.dtype(value).name  # accept np.float32 and friends
        except TypeError:
            name_of = None
        if name_of in CHOICES[name]:
            return name_of
    raise ConfigError(f"err.config.{name}", value=str(value), choices=", ".join(CHOICES[name]))


def _integer(name: str, value: object) -> int:
    low, high = LIMITS[name]
    number: int | None = None
    if isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_)):
        number = int(value)
    elif isinstance(value, (float, np.floating)) and math.isfinite(value) and value == int(value):
        number = int(value)  # 100.0 from a slider or URL is 100
    if number is None or not low <= number <= high:
        raise ConfigError(f"err.config.{name}", value=str(value), low=int(low), high=int(high))
    return number


def _real(name: str, value: object, *, exclude_low: bool = False) -> float:
    low, high = LIMITS[name]
    ok = isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(
        value, (bool, np.bool_))
    number = float(value) if ok else math.nan
    if not (math.isfinite(number) and (low < number if exclude_low else low <= number)
            and number <= high):
        raise ConfigError(f"err.config.{name}", value=str(value), low=low, high=high)
    return number


def validate_config(config: Mapping[str, Any] | None, *, n_train: int | None = None) -> dict:
    """A complete, checked copy of `config` (defaults filled in; unknown keys passed through).

    Raises ConfigError (key "err.config.<field>", params value/low/high or value/choices) for
    a value of the wrong type or out of range. With `n_train`, a train_size or batch_size
    larger than the training set is clamped to it, a run longer than MAX_TOTAL_ITERATIONS is
    shortened to it (cfg["iterations"]), and a note is added to cfg["notes"] as
    {"key": ..., "params": {...}} for the page to show.
    """
    cfg: dict[str, Any] = {**DEFAULT_CONFIG, **(config or {})}
    for name in CHOICES:
        cfg[name] = _choice(name, cfg[name])
    cfg["learning_rate"] = _real("learning_rate", cfg["learning_rate"], exclude_low=True)
    cfg["weight_init_std"] = _real("weight_init_std", cfg["weight_init_std"])
    for name in ("batch_size", "hidden_layers", "hidden_size", "epochs", "seed"):
        cfg[name] = _integer(name, cfg[name])
    for name in ("iterations", "train_size"):
        if cfg[name] is not None:
            cfg[name] = _integer(name, cfg[name])
    sizes = cfg["hidden_sizes"]
    if sizes is None:
        sizes = (cfg["hidden_size"],) * cfg["hidden_layers"]
    elif isinstance(sizes, (str, bytes)) or not hasattr(sizes, "__len__"):
        raise ConfigError("err.config.hidden_layers", value=str(sizes), low=1, high=3)
    else:
        _integer("hidden_layers", len(sizes))
    cfg["hidden_sizes"] = tuple(_integer("hidden_size", s) for s in sizes)
    cfg["hidden_layers"] = len(cfg["hidden_sizes"])
    notes = list(cfg.get("notes") or [])
    if n_train is not None:
        available = int(n_train)
        if cfg["train_size"] is not None and cfg["train_size"] > available:
            notes.append({"key": "engine.note.train_size_clamped",
                          "params": {"requested": cfg["train_size"], "used": available}})
            cfg["train_size"] = available
        used = cfg["train_size"] or available
        if used >= 1 and cfg["batch_size"] > used:
            notes.append({"key": "engine.note.batch_clamped",
                          "params": {"requested": cfg["batch_size"], "used": used}})
            cfg["batch_size"] = clamp_batch(cfg["batch_size"], used)
        total = cfg["iterations"] or cfg["epochs"] * math.ceil(used / cfg["batch_size"])
        if total > MAX_TOTAL_ITERATIONS:
            notes.append({"key": "engine.note.iterations_clamped",
                          "params": {"requested": total, "used": MAX_TOTAL_ITERATIONS}})
            cfg["iterations"] = MAX_TOTAL_ITERATIONS
    cfg["notes"] = notes
    return cfg


def _labels(t: np.ndarray) -> np.ndarray:
    """Integer labels (one-hot rows are turned into their argmax)."""
    a = np.asarray(t)
    return (a.argmax(axis=1) if a.ndim == 2 else a.reshape(-1)).astype(np.intp, copy=False)


def _rows(x: np.ndarray) -> np.ndarray:
    a = np.asarray(x)
    return a.reshape(a.shape[0], -1) if a.ndim != 2 else a


class Trainer:
    """Drives mini-batch gradient descent on a network, k iterations at a time."""

    def __init__(self, network: MultiLayerNet, dataset: Any, *, batch_size: int = 100,
                 learning_rate: float = 0.1, optimizer: str | SGD = "sgd",
                 epochs: int | None = None, iterations: int | None = None,
                 sampling: str = "replacement", seed: int = 0) -> None:
        if dataset is None or np.asarray(dataset.t_train).shape[0] == 0:
            raise DataError("err.train.empty")
        if sampling not in SAMPLINGS:
            raise ConfigError("err.config.sampling", value=str(sampling),
                              choices=", ".join(SAMPLINGS))
        self.network = network
        self.dataset = dataset
        self.x_train = _rows(dataset.x_train)
        self.t_train = _labels(dataset.t_train)
        self.x_test = _rows(dataset.x_test)
        self.t_test = _labels(dataset.t_test)
        self.n_train = self.x_train.shape[0]
        for labels in (self.t_train, self.t_test):
            if labels.size and (labels.min() < 0 or labels.max() >= network.output_size):
                raise DataError("err.train.labels", n_classes=network.output_size)
        if self.x_train.shape[1] != network.input_size:
            raise ValueError(f"network expects {network.input_size} features, "
                             f"data has {self.x_train.shape[1]}")
        self.batch_size = clamp_batch(batch_size, self.n_train)
        self.iters_per_epoch = math.ceil(self.n_train / self.batch_size)
        if iterations is not None:
            self.max_iterations: int | None = int(iterations)
        elif epochs is not None:
            self.max_iterations = int(epochs) * self.iters_per_epoch
        else:
            self.max_iterations = None  # runs until stopped (or diverged)
        if self.max_iterations is not None and self.max_iterations < 0:
            raise ValueError("iterations and epochs must not be negative")
        self.learning_rate = float(learning_rate)
        self.optimizer = (make_optimizer(optimizer, learning_rate)
                          if isinstance(optimizer, str) else optimizer)
        self.sampling = sampling
        self.seed = seed
        self.config: dict | None = None  # set by build_trainer
        self._rng = np.random.default_rng(seed)
        self._order: np.ndarray | None = None  # this epoch's permutation (sampling="shuffle")
        self.iteration = 0
        self.stop_reason: str | None = None
        self.history = HistoryBuffer()  # one row per iteration: the run's only record of them
        self.evaluations: list[dict[str, float]] = []
        # Gradients live in one vector laid out like network.flat_params(): an elementwise
        # optimiser then updates everything in a couple of NumPy calls.
        self._grad_flat = np.zeros_like(network.flat_params())
        self._link_grads()
        self._stepped = False
        self._grad_scale = 1.0  # the stored gradients are this multiple of the true ones
        dtype = network.dtype
        self._xb = np.empty((self.batch_size, self.x_train.shape[1]), dtype=dtype)
        self._xstage = (None if self.x_train.dtype == dtype
                        else np.empty_like(self._xb, dtype=self.x_train.dtype))
        self._tb = np.empty(self.batch_size, dtype=np.intp)
        # replacement sampling draws the indices of many iterations at once: the same stream
        # as one draw per iteration, minus the per-call overhead
        self._block = max(1, 65_536 // self.batch_size)
        self._drawn = np.empty((0, self.batch_size), dtype=np.int64)
        self._drawn_pos = 0
        self._grad_names = [f"grad_{key}" for key in network.params]
        self._evaluate()
        if self.max_iterations == 0:
            self.stop_reason = "done"

    def _link_grads(self) -> None:
        """Per-parameter views into the one gradient vector (backprop writes them in place)."""
        self._grads: dict[str, np.ndarray] = {}
        self._grad_vecs: list[np.ndarray] = []
        start = 0
        for key, p in self.network.params.items():
            vec = self._grad_flat[start:start + p.size]
            self._grads[key] = vec.reshape(p.shape)
            self._grad_vecs.append(vec)
            start += p.size

    def __getstate__(self) -> dict[str, Any]:
        # Pickling would turn the views into copies of their own: rebuild them on load.
        state = self.__dict__.copy()
        del state["_grads"], state["_grad_vecs"]
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._link_grads()

    # --- state -------------------------------------------------------------------------------
    @property
    def epoch(self) -> float:
        """Iterations done, in epochs (fractional)."""
        return self.iteration / self.iters_per_epoch

    @property
    def done(self) -> bool:
        return self.stop_reason is not None

    @property
    def last_grads(self) -> dict[str, np.ndarray]:
        """A copy of the gradients of the last iteration ({} before the first)."""
        if not self._stepped:
            return {}
        if self._grad_scale != 1.0:  # plain SGD: backprop returned lr * gradient (see _run)
            return {k: g / self._grad_scale for k, g in self._grads.items()}
        return {k: g.copy() for k, g in self._grads.items()}

    def stop(self, reason: str = "done") -> None:
        """End the run now (e.g. when the user presses stop)."""
        if self.stop_reason is None:
            if self.evaluations[-1]["iteration"] != self.iteration:
                self._evaluate()
            self.stop_reason = reason

    # --- one iteration -------------------------------------------------------------------
    def _next_batch(self) -> tuple[np.ndarray, np.ndarray]:
        if self.sampling == "replacement":
            # identical draws to the book's np.random.choice(train_size, batch_size)
            if self._drawn_pos == self._drawn.shape[0]:
                self._drawn = self._rng.integers(0, self.n_train,
                                                 size=(self._block, self.batch_size))
                self._drawn_pos = 0
            idx = self._drawn[self._drawn_pos]
            self._drawn_pos += 1
        else:
            j = self.iteration % self.iters_per_epoch
            if j == 0 or self._order is None:
                self._order = self._rng.permutation(self.n_train)
            idx = self._order[j * self.batch_size:(j + 1) * self.batch_size]
        m = idx.shape[0]
        xb, tb = self._xb[:m], self._tb[:m]
        if self._xstage is None:
            np.take(self.x_train, idx, axis=0, out=xb, mode="clip")  # no bounds buffer copy
        else:
            xb[...] = np.take(self.x_train, idx, axis=0, out=self._xstage[:m], mode="clip")
        np.take(self.t_train, idx, out=tb, mode="clip")
        return xb, tb

    def step(self, k: int = 1) -> list[dict[str, float]]:
        """Run up to k iterations; return their records (empty once the run is over)."""
        new: list[dict[str, float]] = []
        if self.done:
            return new
        k = int(k)
        if self.max_iterations is not None:
            k = min(k, self.max_iterations - self.iteration)
        train_single_threaded()  # small products: one BLAS thread is faster (core/blas.py)
        with np.errstate(over="ignore", invalid="ignore"):  # divergence is detected, not warned
            self._run(k, new)
        self.history.append(new)  # one columnar append per call, not one per iteration
        return new

    def _run(self, k: int, new: list[dict[str, float]]) -> None:
        net, grads, vecs = self.network, self._grads, self._grad_vecs
        # Plain SGD: backprop returns lr * gradient directly (it is linear in the output
        # delta), so the update is one subtraction; norms and last_grads divide lr back out.
        sgd = type(self.optimizer) is SGD
        scale = self.optimizer.lr if sgd else 1.0
        flat = net.flat_params()  # params replaced between two calls are picked up here
        for _ in range(k):
            xb, tb = self._next_batch()
            loss = net._backprop(xb, tb, None, grads, scale=scale)  # labels checked in __init__
            self._stepped = True
            self._grad_scale = scale
            norms = [math.sqrt(float(np.dot(g, g))) / scale for g in vecs]
            record = {"iteration": self.iteration + 1,
                      "epoch": (self.iteration + 1) / self.iters_per_epoch, "loss": loss}
            record.update(zip(self._grad_names, norms))
            if not (math.isfinite(loss) and math.isfinite(sum(norms))):
                # never apply a non-finite update; the weights stay at their last finite values
                self.iteration += 1
                new.append(record)
                self.stop_reason = "diverged"
                self._evaluate()
                break
            # With finite gradients (|g| < 1.9e19 or the norm overflows) and lr <= 1000 one
            # update cannot overflow the weights; they are checked in full at every evaluation.
            # One elementwise update of the whole parameter vector (see __init__).
            if sgd:
                flat -= self._grad_flat  # already lr * gradient
            else:
                self.optimizer.update({"all": flat}, {"all": self._grad_flat})
            self.iteration += 1
            new.append(record)
            if self.iteration % self.iters_per_epoch == 0:
                self._evaluate()
            if self.iteration == self.max_iterations:
                if self.evaluations[-1]["iteration"] != self.iteration:
                    self._evaluate()
                if self.stop_reason is None:
                    self.stop_reason = "done"
            if self.done:
                break

    # --- evaluation ----------------------------------------------------------------------
    def evaluate(self) -> dict[str, float]:
        """Loss and accuracy on the full training and test sets with the current weights."""
        net = self.network
        train_single_threaded()
        train_loss, train_acc = net.evaluate(self.x_train, self.t_train)
        if self.x_test.shape[0]:
            test_loss, test_acc = net.evaluate(self.x_test, self.t_test)
        else:
            test_loss = test_acc = math.nan
        return {"iteration": self.iteration, "epoch": self.epoch, "train_loss": train_loss,
                "train_acc": train_acc, "test_loss": test_loss, "test_acc": test_acc}

    def _evaluate(self) -> None:
        row = self.evaluate()
        self.evaluations.append(row)
        finite = all(np.isfinite(p).all() for p in self.network.params.values())
        if not (finite and math.isfinite(row["train_loss"])) and self.stop_reason is None:
            self.stop_reason = "diverged"

    # --- tables --------------------------------------------------------------------------
    def history_frame(self) -> pd.DataFrame:
        """One row per iteration: iteration, epoch, loss, grad_W1, grad_b1, ..."""
        columns = ["iteration", "epoch", "loss", *self._grad_names]
        frame = self.history.frame()
        return frame[columns] if len(frame.columns) else pd.DataFrame(columns=columns)

    def evaluation_frame(self) -> pd.DataFrame:
        """One row per evaluation: iteration, epoch, train/test loss and accuracy."""
        return pd.DataFrame(self.evaluations, columns=[
            "iteration", "epoch", "train_loss", "train_acc", "test_loss", "test_acc"])


def _subset(dataset: Any, train_size: int, seed: int) -> Any:
    """The dataset with a seeded random train_size rows of its training set."""
    if hasattr(dataset, "subset"):
        return dataset.subset(train_size, seed)
    idx = np.sort(np.random.default_rng(seed).choice(len(dataset.t_train), train_size,
                                                     replace=False))
    return SimpleNamespace(x_train=np.asarray(dataset.x_train)[idx],
                           t_train=np.asarray(dataset.t_train)[idx], x_test=dataset.x_test,
                           t_test=dataset.t_test, n_classes=dataset.n_classes)


def build_trainer(config: Mapping[str, Any] | None, dataset: Any) -> Trainer:
    """A network and its Trainer from a (validated here) config dict and a dataset."""
    if dataset is None or len(dataset.t_train) == 0:
        raise DataError("err.train.empty")
    cfg = validate_config(config, n_train=len(dataset.t_train))
    if cfg["train_size"] is not None and cfg["train_size"] < len(dataset.t_train):
        dataset = _subset(dataset, cfg["train_size"], cfg["seed"])
    n_features = int(np.prod(np.asarray(dataset.x_train).shape[1:]))
    network = MultiLayerNet(n_features, cfg["hidden_sizes"], int(dataset.n_classes),
                            activation=cfg["activation"], loss=cfg["loss"],
                            weight_init=cfg["weight_init"],
                            weight_init_std=cfg["weight_init_std"], seed=cfg["seed"],
                            dtype=cfg["dtype"])
    trainer = Trainer(network, dataset, batch_size=cfg["batch_size"],
                      learning_rate=cfg["learning_rate"], optimizer=cfg["optimizer"],
                      epochs=cfg["epochs"], iterations=cfg["iterations"],
                      sampling=cfg["sampling"], seed=cfg["seed"])
    trainer.config = cfg
    return trainer
