"""What went wrong in a training run, read from its curves alone.

A run can fail without a NaN: the softmax can saturate on one class, the loss can swing up
and down by more than it falls, a flat start can eat most of the budget, or the network can
end no better than guessing. Each check below is a few lines of arithmetic on the run's
per-iteration mini-batch losses and its per-epoch evaluations (core.training.Trainer), so the
same verdict is given live in the lab, in the comparison table and in the tests.

Thresholds were measured on the bundled digits (see tests/test_diagnosis.py): every check is
silent on the book's default run and fires on a run built to show it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

FINDINGS: tuple[str, ...] = ("diverged", "saturated", "oscillating", "plateau", "learned_nothing")

PLATEAU_DROP = 0.10  # "flat": the smoothed loss is still within 10 % of where it started
PLATEAU_SHARE = 0.40  # ... for at least 40 % of the run (the book's default run: about 30 %)
MIN_ITERATIONS = 50  # too short a run to judge its shape
SATURATED_RISE = 1.5  # saturated: the final loss is at least 1.5 x the loss at the start
JUMP_SHARE = 0.05  # a jump: the full-set loss rises by more than 5 % of its start in one epoch
BARELY_MOVED = 0.05  # "barely moved": the loss fell by less than 5 % of its start


@dataclass(frozen=True)
class Finding:
    """One diagnosis: its kind (a FINDINGS name) and the figures its message quotes."""

    kind: str
    params: dict[str, float] = field(default_factory=dict)


def chance_accuracy(labels: np.ndarray) -> float:
    """The accuracy of always answering the most common class (the floor a net must beat)."""
    counts = np.bincount(np.asarray(labels, dtype=np.intp).reshape(-1))
    return float(counts.max() / counts.sum()) if counts.sum() else math.nan


def chance_margin(chance: float, n: int) -> float:
    """How far above chance an accuracy must be to count as learned: 5 points, or two
    standard errors of a guesser's accuracy on n samples when the test set is small."""
    return max(0.05, 2.0 * math.sqrt(chance * (1.0 - chance) / max(n, 1)))


def at_chance(accuracy: float, chance: float, n: int) -> bool:
    """True when `accuracy` is no better than guessing the most common class."""
    return not math.isfinite(accuracy) or accuracy <= chance + chance_margin(chance, n)


def smoothed(losses: np.ndarray) -> np.ndarray:
    """A running mean over ~1/50 of the run (at least 10 iterations): the mini-batch noise
    averaged out so that "flat" and "falling" can be told apart."""
    values = np.asarray(losses, dtype=np.float64)
    width = max(10, len(values) // 50)
    if len(values) < width:
        return values
    return np.convolve(values, np.ones(width) / width, mode="valid")


def plateau_length(losses: np.ndarray) -> int:
    """Iterations before the smoothed loss first falls PLATEAU_DROP below its start."""
    curve = smoothed(losses)
    if curve.size == 0 or not math.isfinite(curve[0]):
        return 0
    below = np.flatnonzero(curve < (1.0 - PLATEAU_DROP) * curve[0])
    return int(below[0]) if below.size else len(losses)


def jumps(train_losses: np.ndarray) -> float:
    """The sum of the big rises of the full-set training loss between two evaluations."""
    values = np.asarray(train_losses, dtype=np.float64)
    if values.size < 2:
        return 0.0
    rises = np.diff(values)
    return float(rises[rises > JUMP_SHARE * abs(values[0])].sum())


def diagnose(losses: Sequence[float] | np.ndarray, evaluations: Sequence[Mapping[str, float]],
             *, chance: float, n_test: int, stop_reason: str | None = None) -> list[Finding]:
    """The findings for one run, most serious first; [] for a run that learned normally.

    `losses`: the mini-batch loss of every iteration; `evaluations`: the trainer's rows
    (train_loss, train_acc, test_loss, test_acc) from iteration 0 on; `chance`: the test
    set's chance_accuracy; `n_test`: its size.
    """
    if stop_reason == "diverged":
        return [Finding("diverged")]
    losses = np.asarray(losses, dtype=np.float64)
    if len(evaluations) < 2 or losses.size < MIN_ITERATIONS:
        return []
    first, last = evaluations[0], evaluations[-1]
    start, end = float(first["train_loss"]), float(last["train_loss"])
    test_acc = float(last["test_acc"]) if math.isfinite(last["test_acc"]) else float(last["train_acc"])
    nothing = at_chance(test_acc, chance, n_test)
    figures = {"start": start, "end": end, "test_acc": test_acc, "chance": chance}
    if nothing and end >= SATURATED_RISE * start:
        return [Finding("saturated", figures)]  # covers "learned nothing": it says why
    found: list[Finding] = []
    rises = jumps(np.array([float(row["train_loss"]) for row in evaluations]))
    fall = start - end
    if rises > max(fall, 2 * JUMP_SHARE * start):
        found.append(Finding("oscillating", {**figures, "rises": rises, "fall": fall}))
    flat = plateau_length(losses)
    # A start that never ended is the "barely moved" case of learned_nothing below.
    if flat >= PLATEAU_SHARE * losses.size and not (nothing and flat == losses.size):
        found.append(Finding("plateau", {**figures, "iterations": float(flat),
                                         "share": flat / losses.size}))
    if nothing:
        barely = abs(fall) < BARELY_MOVED * start
        found.append(Finding("learned_nothing", {**figures, "barely_moved": float(barely)}))
    return found


def diagnose_trainer(trainer) -> list[Finding]:
    """diagnose() on a core.training.Trainer as it stands now."""
    labels = trainer.t_test if trainer.t_test.size else trainer.t_train
    losses = trainer.history.column("loss") if len(trainer.history) else np.zeros(0)
    return diagnose(losses, trainer.evaluations,
                    chance=chance_accuracy(labels), n_test=int(labels.size),
                    stop_reason=trainer.stop_reason)


def learned_nothing(findings: Sequence[Finding]) -> bool:
    """True when the run ended no better than chance (a train/test gap then means nothing)."""
    return any(f.kind in ("saturated", "learned_nothing") for f in findings)
