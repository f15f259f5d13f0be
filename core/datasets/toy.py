"""2-D toy problems in the spirit of TensorFlow Playground, generated from a seed.

Every generator draws points in a box of about [-1, 1]^2 and takes `noise` (0 to 0.5) as
"how much the classes blur into each other": 0 gives clean shapes, 0.5 heavy overlap.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

Generator = Callable[[np.ndarray, np.random.Generator, float], np.ndarray]

NOISE_RANGE = (0.0, 0.5)
N_POINTS_RANGE = (50, 5000)
DEFAULT_NOISE = 0.1
DEFAULT_N_POINTS = 400


def _jitter(rng: np.random.Generator, n: int, scale: float) -> np.ndarray:
    return rng.normal(0.0, scale, size=(n, 2)) if scale > 0 else np.zeros((n, 2))


def circles(labels: np.ndarray, rng: np.random.Generator, noise: float) -> np.ndarray:
    """Class 0 inside a disc of radius 0.5, class 1 in a ring from 0.7 to 1."""
    n = len(labels)
    radius = np.where(labels == 0, rng.uniform(0.0, 0.5, n), rng.uniform(0.7, 1.0, n))
    angle = rng.uniform(0.0, 2 * np.pi, n)
    return np.column_stack((radius * np.cos(angle), radius * np.sin(angle))) + _jitter(rng, n, 0.3 * noise)


def xor(labels: np.ndarray, rng: np.random.Generator, noise: float) -> np.ndarray:
    """Class 0 where x*y > 0 (quadrants I and III), class 1 where x*y < 0."""
    n = len(labels)
    pad = 0.06  # a thin gap along the axes, as in the Playground
    a = rng.uniform(pad, 1.0, n) * rng.choice((-1.0, 1.0), n)
    b = rng.uniform(pad, 1.0, n) * np.sign(a) * np.where(labels == 0, 1.0, -1.0)
    return np.column_stack((a, b)) + _jitter(rng, n, 0.3 * noise)


def gaussians(labels: np.ndarray, rng: np.random.Generator, noise: float) -> np.ndarray:
    """Two round Gaussian clouds centred at (0.4, 0.4) and (-0.4, -0.4); noise widens them."""
    n = len(labels)
    centre = np.where(labels[:, None] == 0, 0.4, -0.4)
    return centre + rng.normal(0.0, 0.12 + 0.5 * noise, size=(n, 2))


def _spiral(labels: np.ndarray, rng: np.random.Generator, noise: float, arms: int) -> np.ndarray:
    n = len(labels)
    along = rng.uniform(0.0, 1.0, n)  # position along the arm: 0 at the centre, 1 at the tip
    angle = 1.75 * 2 * np.pi * along + labels * (2 * np.pi / arms)
    return np.column_stack((along * np.sin(angle), along * np.cos(angle))) + _jitter(rng, n, 0.12 * noise)


def spiral(labels: np.ndarray, rng: np.random.Generator, noise: float) -> np.ndarray:
    """Two interleaved spiral arms."""
    return _spiral(labels, rng, noise, 2)


def spiral3(labels: np.ndarray, rng: np.random.Generator, noise: float) -> np.ndarray:
    """Three interleaved spiral arms (a three-class problem)."""
    return _spiral(labels, rng, noise, 3)


def moons(labels: np.ndarray, rng: np.random.Generator, noise: float) -> np.ndarray:
    """Two interleaving half circles (scikit-learn's make_moons), centred on the origin."""
    n = len(labels)
    angle = rng.uniform(0.0, np.pi, n)
    upper = np.column_stack((np.cos(angle), np.sin(angle)))
    lower = np.column_stack((1.0 - np.cos(angle), 0.5 - np.sin(angle)))
    points = np.where(labels[:, None] == 0, upper, lower) - (0.5, 0.25)
    return points + _jitter(rng, n, 0.4 * noise)


# name -> (generator, number of classes)
TOY_SETS: dict[str, tuple[Generator, int]] = {
    "circles": (circles, 2),
    "xor": (xor, 2),
    "gaussians": (gaussians, 2),
    "spiral": (spiral, 2),
    "spiral3": (spiral3, 3),
    "moons": (moons, 2),
}


def make_toy(name: str, n_points: int, noise: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """(x, t): `n_points` points of toy set `name`, classes as equal in size as possible."""
    generate, n_classes = TOY_SETS[name]
    rng = np.random.default_rng([seed, 1])  # a stream of its own, apart from the split's
    labels = np.arange(n_points, dtype=np.int64) % n_classes
    x = generate(labels, rng, noise)
    return x.astype(np.float32), labels
