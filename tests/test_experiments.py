"""The lab's key experiments prove what their captions say, on the default data.

Each experiment is run here exactly as the lab runs it (core.compare.experiment_configs from
the lab's base config, core.training.build_trainer, core.compare.record_from_trainer), on
the bundled digits with the sidebar's default split and seed; every figure a caption quotes
is checked with the margin the caption promises.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pytest

from core.compare import (
    RunRecord,
    differing_labels,
    experiment_configs,
    experiment_summary,
    first_reaching,
    loss_fall,
    overlay_frame,
    record_from_trainer,
)
from core.datasets import load_dataset
from core.i18n import MISSING, t
from core.training import DEFAULT_CONFIG, build_trainer

LAB_BASE = {**DEFAULT_CONFIG, "dataset": "digits", "seed": 0}  # the lab's defaults


@lru_cache(maxsize=None)
def digits():
    return load_dataset("digits", seed=0)


def train(config: dict, run_id: int = 1) -> RunRecord:
    trainer = build_trainer(config, digits())
    w1 = trainer.network.params["W1"].copy()
    while not trainer.done:
        trainer.step(1000)
    return record_from_trainer(trainer, config, run_id, w1)


@lru_cache(maxsize=None)
def experiment(experiment_id: str) -> tuple[RunRecord, ...]:
    configs = experiment_configs(LAB_BASE, experiment_id, digits().n_train)
    return tuple(train(config, i) for i, config in enumerate(configs, start=1))


def by(records, key: str) -> dict:
    return {r.config[key]: r for r in records}


# ------------------------------------------------------------------ step vs sigmoid vs ReLU

def test_step_changes_not_one_first_layer_weight_and_the_others_do() -> None:
    runs = by(experiment("activation"), "activation")
    assert runs["step"].final["w1_changed"] == 0
    assert runs["step"].final["w1_size"] == 64 * 20
    assert runs["sigmoid"].final["w1_changed"] > 0 and runs["relu"].final["w1_changed"] > 0


def test_step_first_layer_gradient_is_exactly_zero_in_every_update() -> None:
    records = experiment("activation")
    frame = overlay_frame(records, ["step", "sigmoid", "relu"], "gradient")
    step_layer1 = frame[(frame["run"] == "step") & (frame["layer"] == 1)]["grad_norm"]
    assert len(step_layer1) > 0 and (step_layer1 == 0.0).all()
    step_layer2 = frame[(frame["run"] == "step") & (frame["layer"] == 2)]["grad_norm"]
    assert (step_layer2 > 0).any()  # the output layer still learns
    sigmoid_layer1 = frame[(frame["run"] == "sigmoid") & (frame["layer"] == 1)]["grad_norm"]
    assert (sigmoid_layer1 > 0).all()


def test_step_trails_sigmoid_and_relu_by_at_least_15_points_as_the_caption_says() -> None:
    runs = by(experiment("activation"), "activation")
    step = runs["step"].final["test_acc"]
    assert 0.60 <= step <= 0.75  # "step stays near 68 %"
    for other in ("sigmoid", "relu"):
        assert runs[other].final["test_acc"] > 0.95  # "sigmoid and ReLU pass 95 %"
        assert runs[other].final["test_acc"] - step >= 0.15


# ------------------------------------------------------------------ learning rate

def test_the_smallest_rate_barely_moves_the_loss() -> None:
    runs = by(experiment("lr"), "learning_rate")
    assert min(runs) == 0.01
    assert loss_fall(runs[0.01]) < 0.01  # less than 1 % of its start in 2,000 updates


def test_the_books_rate_learns_and_1_learns_fastest() -> None:
    runs = by(experiment("lr"), "learning_rate")
    assert runs[0.1].final["test_acc"] > 0.85
    assert max(runs, key=lambda lr: runs[lr].final["test_acc"]) == 1.0
    assert first_reaching(runs[1.0], 0.8) < first_reaching(runs[0.1], 0.8)


def test_the_largest_rate_saturates_visibly_without_a_nan() -> None:
    run = by(experiment("lr"), "learning_rate")[100.0]
    assert max(by(experiment("lr"), "learning_rate")) == 100.0
    assert run.stop_reason == "done" and run.findings[0] == "saturated"
    start = run.evaluations["train_loss"].iloc[0]
    assert run.final["train_loss"] > 10 * start  # "climbs far above its start"
    assert run.final["test_acc"] < 0.15  # "falls to chance" (10 classes)
    assert np.isfinite(run.history["loss"]).all()


# ------------------------------------------------------------------ MSE vs cross-entropy

def test_both_losses_learn_and_cross_entropy_gets_there_first() -> None:
    runs = by(experiment("loss"), "loss")
    assert all(r.config["learning_rate"] == 1.0 for r in runs.values())
    for record in runs.values():
        assert record.final["test_acc"] > 0.9
    ce, mse = first_reaching(runs["cross_entropy"], 0.8), first_reaching(runs["mse"], 0.8)
    assert 100 <= ce <= 250  # "after about 150 updates"
    assert 700 <= mse <= 1300  # "MSE after about 1,000"


def test_mse_at_the_books_rate_is_still_guessing_after_the_budget() -> None:
    # The caption's reason for learning rate 1.0.
    record = train({**experiment_configs(LAB_BASE, "loss", digits().n_train)[0],
                    "learning_rate": 0.1})
    assert record.config["loss"] == "mse" and record.final["test_acc"] < 0.15
    assert "learned_nothing" in record.findings


# ------------------------------------------------------------------ batch size

def test_smaller_batches_update_more_often_and_more_noisily() -> None:
    runs = by(experiment("batch"), "batch_size")
    full = max(runs)
    assert full == digits().n_train
    assert runs[full].final["iterations"] == 150  # one update per epoch
    noise = {b: np.std(np.diff(r.history["loss"].to_numpy())) for b, r in runs.items()}
    assert noise[1] > noise[10] > noise[100] > noise[full]


# ------------------------------------------------------------------ what the lab then says

@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("experiment_id", ["activation", "lr", "loss"])
def test_the_summary_states_the_figures_in_both_languages(experiment_id: str, lang: str) -> None:
    records = experiment(experiment_id)
    labels = differing_labels([r.config for r in records], lang)
    lines = experiment_summary(experiment_id, records, labels, lang)
    assert lines and all(MISSING.split("{")[0] not in line for line in lines)
    text = " ".join(lines)
    if experiment_id == "activation":
        said = {"en": "0 of 1,280 first-layer weights changed", "zh": "1,280 个权重中改变了 0 个"}
        assert said[lang] in text and t("cmp.act.step", lang) in text
    if experiment_id == "lr":
        assert t("diag.short.saturated", lang) in text
    if experiment_id == "loss":
        assert "80.0" in text
