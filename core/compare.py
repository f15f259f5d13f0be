"""Comparing training runs: a bounded store of finished runs, labels naming what differs,
and the lesson's key experiments as sets of configurations.

Pure Python + pandas; one RunStore per browser session (the page keeps it in session state).
"""

from __future__ import annotations

import math
from collections import OrderedDict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from core.history import downsample, exponential_moving_average
from core.i18n import t

MAX_RUNS = 8  # one colour of the Okabe-Ito palette per run; bounds memory per session
MAX_POINTS = 2000  # rows kept per run history: enough for a chart, small in memory

# ------------------------------------------------------------------ run records


@dataclass(frozen=True)
class RunRecord:
    """One finished (or stopped) run: its configuration, curves and final figures."""

    run_id: int
    config: dict[str, Any]
    history: pd.DataFrame  # iteration, epoch, loss, grad_W1, grad_b1, ... (downsampled)
    evaluations: pd.DataFrame  # iteration, epoch, train_loss, train_acc, test_loss, test_acc
    final: dict[str, float] = field(default_factory=dict)
    stop_reason: str | None = None

    def __post_init__(self) -> None:
        # Own copies: a record is a snapshot, whatever the caller does with its dicts later
        # (plain dicts, not read-only proxies, so json.dumps(record.config) works).
        object.__setattr__(self, "config", dict(self.config))
        object.__setattr__(self, "final", dict(self.final))


def final_metrics(history: pd.DataFrame, evaluations: pd.DataFrame) -> dict[str, float]:
    """The last epoch's train/test loss and accuracy, plus how far the run got."""
    final: dict[str, float] = {}
    if len(evaluations):
        last = evaluations.iloc[-1]
        for key in ("train_loss", "train_acc", "test_loss", "test_acc"):
            if key in evaluations:
                final[key] = float(last[key])
    if len(history):
        last = history.iloc[-1]
        final["iterations"] = float(last.get("iteration", len(history)))
        if "epoch" in history:
            final["epochs"] = float(last["epoch"])
        if "loss" in history:
            final["loss"] = float(last["loss"])
    return final


def record_from_trainer(trainer: Any, config: Mapping[str, Any], run_id: int) -> RunRecord:
    """A snapshot of a Trainer (core.training) as a RunRecord, history downsampled."""
    history = trainer.history_frame()
    evaluations = trainer.evaluation_frame()
    return RunRecord(
        run_id=run_id,
        config=dict(config),
        # min/max downsampling keeps the spikes of a noisy or diverging loss
        history=downsample(history, MAX_POINTS, extremes_of="loss") if len(history) else history,
        evaluations=evaluations.reset_index(drop=True),
        final=final_metrics(history, evaluations),
        stop_reason=trainer.stop_reason,
    )


class RunStore:
    """The last `max_runs` runs of one session, oldest first; adding more evicts the oldest."""

    def __init__(self, max_runs: int = MAX_RUNS) -> None:
        if max_runs < 1:
            raise ValueError("max_runs must be at least 1")
        self.max_runs = int(max_runs)
        self._runs: OrderedDict[int, RunRecord] = OrderedDict()
        self._next_id = 1

    def next_id(self) -> int:
        """A run id not used before in this store (ids are never reused)."""
        return self._next_id

    def add(self, record: RunRecord) -> RunRecord:
        """Keep `record` (replacing one with the same id); evict the oldest beyond max_runs."""
        self._runs.pop(record.run_id, None)
        self._runs[record.run_id] = record
        self._next_id = max(self._next_id, record.run_id + 1)
        while len(self._runs) > self.max_runs:
            self._runs.popitem(last=False)
        return record

    def add_trainer(self, trainer: Any, config: Mapping[str, Any]) -> RunRecord:
        """Snapshot a trainer under the next free id and keep it."""
        return self.add(record_from_trainer(trainer, config, self.next_id()))

    def list(self) -> list[RunRecord]:
        return list(self._runs.values())

    def ids(self) -> list[int]:
        return list(self._runs)

    def get(self, run_id: int) -> RunRecord | None:
        return self._runs.get(run_id)

    def remove(self, run_id: int) -> bool:
        """Forget one run; True if it was there."""
        return self._runs.pop(run_id, None) is not None

    def clear(self) -> None:
        self._runs.clear()

    def __len__(self) -> int:
        return len(self._runs)

    def __contains__(self, run_id: object) -> bool:
        return run_id in self._runs


# ------------------------------------------------------------------ labels

# Config keys whose values are names: the label shows the translated value alone ("step").
_NAMED_VALUES: dict[str, str] = {
    "loss": "cmp.loss.{}",
    "activation": "cmp.act.{}",
    "optimizer": "cmp.opt.{}",
    "weight_init": "cmp.init.{}",
    "sampling": "cmp.sampling.{}",
}
# Config keys shown as "short name + value" ("batch 10", "lr 0.001"); the order of this table
# is the order of the parts in a label, the lesson's knobs first.
_KEY_ORDER: tuple[str, ...] = (
    "dataset", "loss", "activation", "batch_size", "learning_rate", "hidden_sizes",
    "hidden_layers", "hidden_size", "weight_init", "weight_init_std",
    "optimizer", "epochs", "iterations", "sampling", "train_size", "seed", "dtype",
)


def format_value(value: Any) -> str:
    """A config value as a short text: 0.001, 100, 50-50, on/off."""
    if isinstance(value, bool):
        return "✓" if value else "✗"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, (list, tuple)):
        return "-".join(format_value(v) for v in value)
    return str(value)


def describe_setting(key: str, value: Any, lang: str) -> str:
    """One config setting in the user's language: "batch 10", "学习率 0.001", "sigmoid"."""
    if key in _NAMED_VALUES and isinstance(value, str):
        text = t(_NAMED_VALUES[key].format(value), lang)
        if not text.startswith("⟦"):
            return text
    template = t(f"cmp.key.{key}", lang, value=format_value(value))
    if template.startswith("⟦"):  # a key this table does not know: show it plainly
        return f"{key} {format_value(value)}"
    return template


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, float) or isinstance(b, float):
        try:
            return math.isclose(float(a), float(b), rel_tol=1e-12)
        except (TypeError, ValueError):
            return False
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    return a == b


_MISSING = object()
# Settings another differing setting already names (validated configs carry all three).
_IMPLIED_BY: dict[str, tuple[str, ...]] = {"hidden_sizes": ("hidden_size", "hidden_layers")}
_IGNORED: frozenset[str] = frozenset({"notes"})  # bookkeeping, not a setting
# How long a run lasted: named in a label only when nothing else differs, because the curves
# already show their length and an experiment's budget follows from its batch size
# ("batch 1" and "batch 1437", not "batch 1 · 2000 iterations"); the table still shows it.
_LENGTH_KEYS: tuple[str, ...] = ("epochs", "iterations")


def differing_keys(configs: Sequence[Mapping[str, Any]]) -> list[str]:
    """Config keys whose values are not the same in every run (lesson knobs first)."""
    keys: list[str] = []
    for config in configs:
        keys.extend(k for k in config if k not in keys)
    differ = [k for k in keys if k not in _IGNORED
              and any(not _same(c.get(k, _MISSING), configs[0].get(k, _MISSING)) for c in configs)]
    for key, implied in _IMPLIED_BY.items():
        if key in differ:
            differ = [k for k in differ if k not in implied]
    rank = {k: i for i, k in enumerate(_KEY_ORDER)}
    return sorted(differ, key=lambda k: (rank.get(k, len(rank)), keys.index(k)))


def differing_labels(configs: Sequence[Mapping[str, Any]], lang: str) -> list[str]:
    """A label per run naming only the settings that differ between the runs.

    ["batch 10", "batch 100"]; the run length (epochs, iterations) is named only when nothing
    else differs; identical configs give "run 1", "run 2", ...; labels stay
    unique (a repeated one gets "(2)", "(3)" appended) so each run keeps its own colour.
    """
    configs = list(configs)
    keys = differing_keys(configs)
    if any(k not in _LENGTH_KEYS for k in keys):
        keys = [k for k in keys if k not in _LENGTH_KEYS]
    labels = []
    for i, config in enumerate(configs, start=1):
        parts = [describe_setting(k, config[k], lang) for k in keys if k in config]
        labels.append(" · ".join(parts) if parts else t("cmp.run", lang, n=i))
    seen: dict[str, int] = {}
    unique = []
    for label in labels:
        seen[label] = seen.get(label, 0) + 1
        unique.append(label if seen[label] == 1 else f"{label} ({seen[label]})")
    return unique


def config_table(records: Sequence[RunRecord], labels: Sequence[str], lang: str) -> pd.DataFrame:
    """One row per run: its label, the settings that differ, and its final metrics."""
    configs = [r.config for r in records]
    keys = differing_keys(configs)
    rows = []
    for record, label in zip(records, labels):
        row: dict[str, Any] = {t("cmp.col.run", lang): label}
        for key in keys:
            title = t(f"cmp.col.{key}", lang)
            row[key if title.startswith("⟦") else title] = format_value(record.config.get(key, ""))
        for metric in ("train_acc", "test_acc", "test_loss"):
            row[t(f"cmp.col.{metric}", lang)] = record.final.get(metric)
        iterations = record.final.get("iterations")
        row[t("cmp.col.iterations", lang)] = None if iterations is None else int(iterations)
        reason = record.stop_reason or "none"
        row[t("cmp.col.stop_reason", lang)] = t(f"cmp.stop.{reason}", lang)
        rows.append(row)
    return pd.DataFrame(rows)


# ------------------------------------------------------------------ overlay frames


def overlay_frame(records: Sequence[RunRecord], labels: Sequence[str], kind: str) -> pd.DataFrame:
    """Long data for the overlay charts: one block of rows per run, tagged with its label.

    kind "loss": run, iteration, epoch, loss, loss_smooth (a moving average);
    kind "accuracy": run, iteration, epoch, train_acc, test_acc;
    kind "gradient": run, iteration, epoch, grad_norm (L2 norm over all parameters).
    """
    frames = []
    for record, label in zip(records, labels):
        if kind == "accuracy":
            cols = [c for c in ("iteration", "epoch", "train_acc", "test_acc")
                    if c in record.evaluations]
            frame = record.evaluations[cols].copy()
        else:
            history = record.history
            frame = history[[c for c in ("iteration", "epoch") if c in history]].copy()
            if kind == "loss":
                frame["loss"] = history["loss"].astype(np.float64)
                span = max(5.0, len(history) / 50)  # ~50 spans whatever the run length
                frame["loss_smooth"] = exponential_moving_average(frame["loss"].to_numpy(), span)
            elif kind == "gradient":
                grads = [c for c in history if c.startswith("grad_")]
                squares = np.square(history[grads].to_numpy(dtype=np.float64))
                frame["grad_norm"] = np.sqrt(squares.sum(axis=1)) if grads else np.nan
            else:
                raise ValueError(f"unknown overlay kind {kind!r}")
        frame.insert(0, "run", label)
        frames.append(frame)
    if not frames:
        return pd.DataFrame(columns=["run"])
    return pd.concat(frames, ignore_index=True)


# ------------------------------------------------------------------ the lesson's experiments

FULL_BATCH = "full"  # stands for "the whole training set"; resolved against n_train

EXPERIMENTS: OrderedDict[str, list[dict[str, Any]]] = OrderedDict([
    ("loss", [{"loss": "mse"}, {"loss": "cross_entropy"}]),
    ("batch", [{"batch_size": 1}, {"batch_size": 10}, {"batch_size": 100},
               {"batch_size": FULL_BATCH}]),
    ("activation", [{"activation": "step"}, {"activation": "sigmoid"}, {"activation": "relu"}]),
    ("lr", [{"learning_rate": 0.001}, {"learning_rate": 0.1}, {"learning_rate": 10.0}]),
])

# A small budget so a whole experiment runs in seconds on the bundled digits (a 2,000-iteration
# run of the default network takes about 0.6 s there on one core). Every run of every
# experiment gets the same rule: stop after EXPERIMENT_ITERATIONS updates or after
# EXPERIMENT_MAX_EPOCHS passes over the training data, whichever comes first. The budget is
# written into the config as "iterations" (the trainer's run length; it wins over "epochs").
#  - batch 100 on digits (1,438 training rows, 15 iterations per epoch) gets the full 2,000
#    iterations: the book's default has then reached about 0.89 test accuracy, far enough
#    along that step (plateau ~0.83), sigmoid and ReLU (~0.95) are told apart honestly. With
#    fewer (e.g. 750) sigmoid's slow start with std 0.01 would still trail the step function;
#  - batch 1 and 10 are limited in iterations: 2,000 updates (1.4 and 14 epochs of digits);
#  - the full training set is limited in epochs: 150 epochs are only 150 updates (one per
#    epoch), which is the point of that comparison - each update costs the whole set. On
#    digits that is 150 x 1,438 = 216,000 sample gradients, about as many as batch 100's
#    2,000 x 100, so the comparison is fair in work done as well.
EXPERIMENT_ITERATIONS = 2000
EXPERIMENT_MAX_EPOCHS = 150


def iterations_per_epoch(batch_size: int, n_train: int) -> int:
    """Iterations in one epoch, as the trainer counts them: ceil(n_train / batch_size)."""
    return max(1, math.ceil(n_train / max(1, batch_size)))


def experiment_budget(batch_size: int, n_train: int) -> int:
    """Iterations one experiment run may take (see EXPERIMENT_ITERATIONS above)."""
    return min(EXPERIMENT_ITERATIONS,
               EXPERIMENT_MAX_EPOCHS * iterations_per_epoch(batch_size, n_train))


def resolve_batch_size(batch_size: Any, n_train: int) -> int:
    """FULL_BATCH -> the whole training set; numbers are clamped to 1..n_train."""
    if batch_size == FULL_BATCH:
        return max(1, int(n_train))
    return max(1, min(int(batch_size), max(1, int(n_train))))


def experiment_configs(base_config: Mapping[str, Any], experiment_id: str,
                       n_train: int) -> list[dict[str, Any]]:
    """The full configs of one experiment: the base config with each override applied,
    batch sizes resolved against `n_train` and the experiment budget set."""
    if experiment_id not in EXPERIMENTS:
        raise KeyError(f"unknown experiment {experiment_id!r}")
    configs = []
    for override in EXPERIMENTS[experiment_id]:
        config = {**dict(base_config), **override}
        if "train_size" in config and config["train_size"]:
            n_train = min(int(n_train), int(config["train_size"]))
        config["batch_size"] = resolve_batch_size(config.get("batch_size", 100), n_train)
        config.update(_budget_settings(config["batch_size"], n_train))
        configs.append(config)
    return configs


def _budget_settings(batch_size: int, n_train: int) -> dict[str, Any]:
    """The budget in the trainer's own config keys ("iterations" wins over "epochs")."""
    return {"iterations": experiment_budget(batch_size, n_train)}


def experiment_ids() -> Iterable[str]:
    return EXPERIMENTS.keys()
