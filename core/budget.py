"""How long a run will take, estimated from its shape before it starts, and a limit per run.

A class shares one server (Community Cloud: one container, 1-2 cores). One link with batch
100,000 and three layers of 1,000 units would hold a core for an hour, so the lab estimates
every run first and refuses one over the limit, saying by how much and what to change.

The estimate: an update costs a fixed overhead, six floating-point operations per weight and
sample (forward 2, backward 4) and about a nanosecond per weight (reading and updating it,
which dominates at batch 1); an evaluation of the training and test sets costs two operations
per weight and row. The rates were measured on the development machine with
benchmarks/bench_budget.py (one core, float32); on a slower server the estimate is low by
that machine's factor.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

TRAIN_FLOPS = 80e9  # floating-point operations per second in a training step (float32, 1 core)
EVAL_FLOPS = 100e9  # ... in an evaluation (large products, closer to the peak)
STEP_OVERHEAD = 60e-6  # seconds per update besides the products (Python, sampling, update)
PER_WEIGHT = 1e-9  # seconds per weight and update (memory traffic: the batch-1 floor)
DEFAULT_LIMIT = 120.0  # seconds of computing per run on a shared server (2 minutes)


@dataclass(frozen=True)
class RunCost:
    """The estimated seconds of a run, and the work they come from."""

    seconds: float
    iterations: int
    evaluations: int
    per_epoch: float  # seconds one epoch costs (updates and its evaluation)


def weights(sizes: Sequence[int]) -> int:
    """Weights of a fully connected net with these layer sizes (biases are negligible)."""
    return sum(a * b for a, b in zip(sizes, sizes[1:]))


def run_cost(config: Mapping[str, Any], *, n_train: int, n_test: int, n_features: int,
             n_classes: int) -> RunCost:
    """The cost of a validated config (core.training.validate_config with n_train)."""
    used = int(config.get("train_size") or n_train)
    batch = min(int(config["batch_size"]), used)
    per_epoch_iterations = math.ceil(used / batch)
    iterations = int(config.get("iterations") or config["epochs"] * per_epoch_iterations)
    evaluations = 1 + math.ceil(iterations / per_epoch_iterations)
    w = weights([n_features, *config["hidden_sizes"], n_classes])
    step = STEP_OVERHEAD + 6.0 * batch * w / TRAIN_FLOPS + PER_WEIGHT * w
    evaluation = 2.0 * w * (used + n_test) / EVAL_FLOPS
    seconds = iterations * step + evaluations * evaluation
    return RunCost(seconds, iterations, evaluations, per_epoch_iterations * step + evaluation)


def epochs_within(cost: RunCost, limit: float) -> int:
    """How many epochs of this run fit the limit (at least 0)."""
    return max(0, int(limit // cost.per_epoch)) if cost.per_epoch > 0 else 0


def limit_from(value: object, default: float = DEFAULT_LIMIT) -> float:
    """A limit in seconds from a setting (env var or secrets): a positive number, else default."""
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return default
    return number if math.isfinite(number) and number > 0 else default


def duration_text(seconds: float, lang: str) -> str:
    """"about 58 minutes" in the user's language: seconds, minutes or hours, rounded."""
    from core.i18n import t

    if seconds < 90:
        return t("budget.seconds", lang, n=max(1, round(seconds)))
    if seconds < 90 * 60:
        return t("budget.minutes", lang, n=round(seconds / 60))
    return t("budget.hours", lang, n=f"{seconds / 3600:.1f}")
