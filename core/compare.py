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

from core.diagnosis import diagnose_trainer
from core.history import downsample, exponential_moving_average, layer_norm_columns
from core.i18n import t
from core.training import DEFAULT_CONFIG, clamp_batch

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
    findings: tuple[str, ...] = ()  # core.diagnosis kinds, most serious first

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


def changed_weights(initial: np.ndarray, current: np.ndarray) -> int:
    """How many weights differ from their initial values (0: the layer never learned)."""
    return int(np.count_nonzero(np.asarray(current) != np.asarray(initial)))


def record_from_trainer(trainer: Any, config: Mapping[str, Any], run_id: int,
                        initial_w1: np.ndarray | None = None) -> RunRecord:
    """A snapshot of a Trainer (core.training) as a RunRecord, history downsampled; with
    `initial_w1`, final["w1_changed"] counts the first-layer weights the run changed."""
    history = trainer.history_frame()
    evaluations = trainer.evaluation_frame()
    final = final_metrics(history, evaluations)
    if initial_w1 is not None:
        w1 = trainer.network.params["W1"]
        final["w1_changed"] = float(changed_weights(initial_w1, w1))
        final["w1_size"] = float(w1.size)
    return RunRecord(
        run_id=run_id,
        config=dict(config),
        # min/max downsampling keeps the spikes of a noisy or diverging loss
        history=downsample(history, MAX_POINTS, extremes_of="loss") if len(history) else history,
        evaluations=evaluations.reset_index(drop=True),
        final=final,
        stop_reason=trainer.stop_reason,
        findings=tuple(f.kind for f in diagnose_trainer(trainer)),
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

    def add_trainer(self, trainer: Any, config: Mapping[str, Any],
                    initial_w1: np.ndarray | None = None) -> RunRecord:
        """Snapshot a trainer under the next free id and keep it."""
        return self.add(record_from_trainer(trainer, config, self.next_id(), initial_w1))

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
    "dataset": "data.{}.title",
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


def _named_value(key: str, value: Any, lang: str) -> str | None:
    """The translated name of a value that is a name ("sigmoid 函数"), else None."""
    if key in _NAMED_VALUES and isinstance(value, str):
        text = t(_NAMED_VALUES[key].format(value.replace("-", "_")), lang)
        if not text.startswith("⟦"):
            return text
    return None


def describe_setting(key: str, value: Any, lang: str) -> str:
    """One config setting in the user's language: "batch 10", "学习率 0.001", "sigmoid"."""
    named = _named_value(key, value, lang)
    if named is not None:
        return named
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


def losses_differ(records: Sequence[RunRecord]) -> bool:
    """True when the runs minimise different losses (their values are then not comparable)."""
    return len({r.config.get("loss") for r in records}) > 1


def config_table(records: Sequence[RunRecord], labels: Sequence[str], lang: str) -> pd.DataFrame:
    """One row per run: its label, the settings that differ (translated), accuracies in %,
    the test loss (relative to its start when the runs minimise different losses), what the
    diagnosis found and how the run ended."""
    configs = [r.config for r in records]
    keys = differing_keys(configs)
    relative = losses_differ(records)
    loss_column = t("cmp.col.test_loss_rel" if relative else "cmp.col.test_loss", lang)
    rows = []
    for record, label in zip(records, labels):
        row: dict[str, Any] = {t("cmp.col.run", lang): label}
        for key in keys:
            title = t(f"cmp.col.{key}", lang)
            value = record.config.get(key, "")
            row[key if title.startswith("⟦") else title] = describe_value(key, value, lang)
        for metric in ("train_acc", "test_acc"):
            value = record.final.get(metric)
            row[t(f"cmp.col.{metric}", lang)] = None if value is None else round(100 * value, 1)
        loss = relative_loss(record) if relative else record.final.get("test_loss")
        row[loss_column] = None if loss is None else float(f"{loss:.4g}")  # one precision
        iterations = record.final.get("iterations")
        row[t("cmp.col.iterations", lang)] = None if iterations is None else int(iterations)
        row[t("cmp.col.findings", lang)] = "; ".join(
            t(f"diag.short.{kind}", lang) for kind in record.findings) or "–"
        reason = record.stop_reason or "none"
        row[t("cmp.col.stop_reason", lang)] = t(f"cmp.stop.{reason}", lang)
        rows.append(row)
    return pd.DataFrame(rows)


def describe_value(key: str, value: Any, lang: str) -> str:
    """A setting's value alone, translated where it is a name ("阶跃函数", not "step")."""
    return _named_value(key, value, lang) or format_value(value)


def relative_loss(record: RunRecord) -> float | None:
    """The final test loss divided by the test loss at iteration 0 (1 = no progress)."""
    evaluations = record.evaluations
    if "test_loss" not in evaluations or len(evaluations) == 0:
        return None
    start, end = float(evaluations["test_loss"].iloc[0]), record.final.get("test_loss")
    return None if end is None or not start > 0 else end / start


# ------------------------------------------------------------------ overlay frames


def overlay_frame(records: Sequence[RunRecord], labels: Sequence[str], kind: str) -> pd.DataFrame:
    """Long data for the overlay charts: one block of rows per run, tagged with its label.

    kind "loss": run, iteration, epoch, loss, loss_smooth (a moving average), loss_rel
    (loss_smooth divided by the run's full training-set loss at iteration 0, so that runs
    minimising different losses share one axis);
    kind "accuracy": run, iteration, epoch, train_acc, test_acc;
    kind "gradient": run, iteration, epoch, layer (1, 2, ...), grad_norm (the L2 norm of that
    layer's weight and bias gradients: exactly 0 for a layer that cannot learn).
    """
    frames = []
    for record, label in zip(records, labels):
        if kind == "accuracy":
            cols = [c for c in ("iteration", "epoch", "train_acc", "test_acc")
                    if c in record.evaluations]
            frame = record.evaluations[cols].copy()
        elif kind == "loss":
            frame = _loss_rows(record)
        elif kind == "gradient":
            frame = _layer_gradient_rows(record)
        else:
            raise ValueError(f"unknown overlay kind {kind!r}")
        frame.insert(0, "run", label)
        frames.append(frame)
    if not frames:
        return pd.DataFrame(columns=["run"])
    return pd.concat(frames, ignore_index=True)


def _loss_rows(record: RunRecord) -> pd.DataFrame:
    history = record.history
    frame = history[[c for c in ("iteration", "epoch") if c in history]].copy()
    frame["loss"] = history["loss"].astype(np.float64)
    span = max(5.0, len(history) / 50)  # ~50 spans whatever the run length
    frame["loss_smooth"] = exponential_moving_average(frame["loss"].to_numpy(), span)
    evaluations = record.evaluations
    start = float(evaluations["train_loss"].iloc[0]) if "train_loss" in evaluations and len(
        evaluations) else math.nan
    frame["loss_rel"] = frame["loss_smooth"] / start if start > 0 else np.nan
    return frame


def _layer_gradient_rows(record: RunRecord) -> pd.DataFrame:
    history = record.history
    blocks = []
    for layer, columns in layer_norm_columns(history.columns).items():
        block = history[[c for c in ("iteration", "epoch") if c in history]].copy()
        squares = np.square(history[columns].to_numpy(dtype=np.float64))
        block["layer"] = layer
        block["grad_norm"] = np.sqrt(squares.sum(axis=1))
        blocks.append(block)
    if not blocks:
        return pd.DataFrame(columns=["iteration", "epoch", "layer", "grad_norm"])
    return pd.concat(blocks, ignore_index=True)


# ------------------------------------------------------------------ the lesson's experiments

FULL_BATCH = "full"  # stands for "the whole training set"; resolved against n_train

# What each run of an experiment changes. Measured on the bundled digits (tests/test_compare.py
# and tests/test_experiments.py run every one through the engine and check its caption):
#  - loss: at the book's rate 0.1, MSE through softmax gets so small a gradient that it is
#    still at chance after 2,000 updates; at 1.0 both learn (~96 %) and cross-entropy passes
#    80 % test accuracy in about a sixth of the updates MSE needs (150 against 975);
#  - activation: with 20 hidden units step stays near 68 % (its first layer never changes:
#    the output layer alone learns on 20 fixed random yes/no features) while sigmoid and ReLU
#    pass 95 %; with the book's 50 units the random features alone reach ~83 %, which hides
#    the lesson behind a 7-point gap;
#  - lr: 0.01 barely moves the loss in the budget, 0.1 (the book's) learns, 1.0 learns fastest,
#    100 saturates the softmax (loss 2.3 -> ~37, accuracy at chance) without any NaN.
EXPERIMENTS: OrderedDict[str, list[dict[str, Any]]] = OrderedDict([
    ("loss", [{"loss": "mse"}, {"loss": "cross_entropy"}]),
    ("batch", [{"batch_size": 1}, {"batch_size": 10}, {"batch_size": 100},
               {"batch_size": FULL_BATCH}]),
    ("activation", [{"activation": "step"}, {"activation": "sigmoid"}, {"activation": "relu"}]),
    ("lr", [{"learning_rate": 0.01}, {"learning_rate": 0.1}, {"learning_rate": 1.0},
            {"learning_rate": 100.0}]),
])
# Settings every run of an experiment shares, on top of the book's (see above for why).
EXPERIMENT_SETTINGS: dict[str, dict[str, Any]] = {
    "loss": {"learning_rate": 1.0},
    "activation": {"hidden_size": 20, "learning_rate": 1.0},
}
# An experiment starts from the book's settings whatever the lab's controls say, so that its
# caption holds; it keeps only the student's data: which set, how much of it, and the seed.
KEPT_FROM_BASE: tuple[str, ...] = ("dataset", "train_size", "seed", "dtype")

# A small budget so a whole experiment runs in seconds on the bundled digits (a 2,000-iteration
# run of the default network takes about 0.2 s there on one core). Every run of every
# experiment gets the same rule: stop after EXPERIMENT_ITERATIONS updates or after
# EXPERIMENT_MAX_EPOCHS passes over the training data, whichever comes first. The budget is
# written into the config as "iterations" (the trainer's run length; it wins over "epochs").
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
    return clamp_batch(n_train if batch_size == FULL_BATCH else batch_size, n_train)


def experiment_configs(base_config: Mapping[str, Any], experiment_id: str,
                       n_train: int) -> list[dict[str, Any]]:
    """The full configs of one experiment: the book's settings with the base config's data
    settings (KEPT_FROM_BASE), the experiment's shared settings and each run's override,
    batch sizes resolved against `n_train` and the experiment budget set."""
    if experiment_id not in EXPERIMENTS:
        raise KeyError(f"unknown experiment {experiment_id!r}")
    kept = {k: base_config[k] for k in KEPT_FROM_BASE if k in base_config}
    shared = {**DEFAULT_CONFIG, **kept, **EXPERIMENT_SETTINGS.get(experiment_id, {})}
    configs = []
    for override in EXPERIMENTS[experiment_id]:
        config = {**shared, **override}
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


# ------------------------------------------------------------------ what an experiment showed

def first_reaching(record: RunRecord, accuracy: float) -> int | None:
    """The first evaluated iteration at which the run's test accuracy reached `accuracy`."""
    evaluations = record.evaluations
    hit = evaluations[evaluations["test_acc"] >= accuracy]
    return None if hit.empty else int(hit["iteration"].iloc[0])


def loss_fall(record: RunRecord) -> float:
    """How much of its starting value the full training-set loss lost (0.1 = 10 %)."""
    losses = record.evaluations["train_loss"].to_numpy(dtype=np.float64)
    return float((losses[0] - losses[-1]) / losses[0]) if len(losses) and losses[0] > 0 else 0.0


def experiment_summary(experiment_id: str, records: Sequence[RunRecord],
                       labels: Sequence[str], lang: str) -> list[str]:
    """Sentences stating what the finished runs of an experiment show, in figures."""
    def pct(value: float) -> str:
        text = f"{value:.1f}"
        return "0.0" if text == "-0.0" else text  # a loss that rose by a hair: never "-0.0"

    runs = list(zip(records, labels))
    if not runs or any("test_acc" not in r.final for r, _ in runs):
        return []
    best_record, best_label = max(runs, key=lambda pair: pair[0].final["test_acc"])
    lines: list[str] = []
    if experiment_id == "activation":
        for record, label in runs:
            if record.config.get("activation") == "step" and "w1_changed" in record.final:
                gap = 100 * (best_record.final["test_acc"] - record.final["test_acc"])
                lines.append(t("cmp.sum.step", lang, label=label,
                               changed=f"{int(record.final['w1_changed']):,}",
                               size=f"{int(record.final['w1_size']):,}",
                               acc=pct(100 * record.final["test_acc"]), gap=pct(gap),
                               best=best_label, best_acc=pct(100 * best_record.final["test_acc"])))
    elif experiment_id == "lr":
        (low, low_label), (high, high_label) = runs[0], runs[-1]
        lines.append(t("cmp.sum.lr_low", lang, label=low_label, fall=pct(100 * loss_fall(low)),
                       n=f"{int(low.final.get('iterations', 0)):,}"))
        if high.findings:
            lines.append(t("cmp.sum.lr_high", lang, label=high_label,
                           finding=t(f"diag.short.{high.findings[0]}", lang),
                           acc=pct(100 * high.final["test_acc"]),
                           start=f"{high.evaluations['train_loss'].iloc[0]:.3g}",
                           end=f"{high.final.get('train_loss', math.nan):.3g}"))
        lines.append(t("cmp.sum.best", lang, label=best_label,
                       acc=pct(100 * best_record.final["test_acc"])))
    elif experiment_id == "loss":
        target = min(0.8, 0.9 * best_record.final["test_acc"])
        parts = []
        for record, label in runs:
            reached = first_reaching(record, target)
            parts.append(t("cmp.sum.reached" if reached is not None else "cmp.sum.not_reached",
                           lang, label=label, n=f"{reached or 0:,}",
                           acc=pct(100 * record.final["test_acc"])))
        lines.append(t("cmp.sum.loss", lang, target=pct(100 * target), runs="; ".join(parts)))
    return lines
