"""Parameter update rules: the chapter's SGD, plus Momentum and Adam (the book's chapter 6)."""

from __future__ import annotations

from types import MappingProxyType

import numpy as np

from core.errors import ConfigError

Params = dict[str, np.ndarray]


class SGD:
    """W <- W - lr * dL/dW."""

    def __init__(self, lr: float = 0.01) -> None:
        self.lr = float(lr)
        self._tmp: Params = {}  # scratch arrays, so an update allocates nothing

    def _scratch(self, key: str, like: np.ndarray) -> np.ndarray:
        buf = self._tmp.get(key)
        if buf is None or buf.shape != like.shape or buf.dtype != like.dtype:
            buf = self._tmp[key] = np.empty_like(like)
        return buf

    def update(self, params: Params, grads: Params) -> None:
        """Update every parameter in place."""
        for key, p in params.items():
            step = np.multiply(grads[key], self.lr, out=self._scratch(key, p))
            p -= step


class Momentum(SGD):
    """v <- momentum * v - lr * dL/dW;  W <- W + v."""

    def __init__(self, lr: float = 0.01, momentum: float = 0.9) -> None:
        super().__init__(lr)
        self.momentum = float(momentum)
        self.v: Params = {}

    def update(self, params: Params, grads: Params) -> None:
        for key, p in params.items():
            v = self.v.get(key)
            if v is None:
                v = self.v[key] = np.zeros_like(p)
            v *= self.momentum
            v -= np.multiply(grads[key], self.lr, out=self._scratch(key, p))
            p += v


class Adam(SGD):
    """Adam (Kingma & Ba), written as in the book's common/optimizer.py."""

    def __init__(self, lr: float = 0.001, beta1: float = 0.9, beta2: float = 0.999) -> None:
        super().__init__(lr)
        self.beta1 = float(beta1)
        self.beta2 = float(beta2)
        self.iter = 0
        self.m: Params = {}
        self.v: Params = {}

    def update(self, params: Params, grads: Params) -> None:
        self.iter += 1
        # bias correction folded into the step size, as the book does
        lr_t = self.lr * np.sqrt(1.0 - self.beta2 ** self.iter) / (1.0 - self.beta1 ** self.iter)
        for key, p in params.items():
            g = grads[key]
            if key not in self.m:
                self.m[key] = np.zeros_like(p)
                self.v[key] = np.zeros_like(p)
            m, v = self.m[key], self.v[key]
            tmp = self._scratch(key, p)
            np.subtract(g, m, out=tmp)
            tmp *= 1 - self.beta1
            m += tmp
            np.multiply(g, g, out=tmp)
            tmp -= v
            tmp *= 1 - self.beta2
            v += tmp
            np.sqrt(v, out=tmp)
            tmp += 1e-7
            np.divide(m, tmp, out=tmp)
            tmp *= lr_t
            p -= tmp


OPTIMIZERS: MappingProxyType[str, type[SGD]] = MappingProxyType(
    {"sgd": SGD, "momentum": Momentum, "adam": Adam})


def make_optimizer(name: str, lr: float) -> SGD:
    """A fresh optimizer by name: "sgd", "momentum" or "adam"."""
    if name not in OPTIMIZERS:
        raise ConfigError("err.config.optimizer", value=name, choices=", ".join(OPTIMIZERS))
    return OPTIMIZERS[name](lr)
