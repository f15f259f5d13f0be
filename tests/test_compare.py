"""core.compare: run store, labels naming what differs, the lesson's experiments."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from core.compare import (
    EXPERIMENT_ITERATIONS,
    EXPERIMENT_MAX_EPOCHS,
    EXPERIMENT_SETTINGS,
    EXPERIMENTS,
    FULL_BATCH,
    MAX_POINTS,
    MAX_RUNS,
    RunRecord,
    RunStore,
    config_table,
    describe_setting,
    differing_keys,
    differing_labels,
    experiment_budget,
    experiment_configs,
    final_metrics,
    overlay_frame,
    record_from_trainer,
    resolve_batch_size,
)
from core.i18n import t
from core.training import DEFAULT_CONFIG, build_trainer, validate_config


def _record(run_id: int, n: int = 10, **config) -> RunRecord:
    it = np.arange(1, n + 1)
    history = pd.DataFrame({"iteration": it, "epoch": it / 5, "loss": 2.3 / it,
                            "grad_W1": 0.1 / it, "grad_b1": 0.01 / it,
                            "grad_W2": 0.3 / it, "grad_b2": 0.02 / it})
    evaluations = pd.DataFrame({"iteration": [0, 5, 10], "epoch": [0.0, 1.0, 2.0],
                                "train_loss": [2.3, 1.0, 0.5], "train_acc": [0.1, 0.6, 0.8],
                                "test_loss": [2.3, 1.1, 0.6], "test_acc": [0.1, 0.55, 0.75]})
    return RunRecord(run_id, {**DEFAULT_CONFIG, **config}, history, evaluations,
                     final_metrics(history, evaluations), "done")


# ------------------------------------------------------------------ RunStore

def test_store_evicts_the_oldest_beyond_max_runs() -> None:
    store = RunStore()
    for i in range(1, MAX_RUNS + 4):
        store.add(_record(i))
    assert len(store) == MAX_RUNS == 8
    assert store.ids() == list(range(4, MAX_RUNS + 4))  # oldest three gone, order kept
    assert store.get(1) is None and store.get(4) is not None


@pytest.mark.parametrize("max_runs", [1, 3, 8])
def test_store_never_holds_more_than_max_runs(max_runs: int) -> None:
    store = RunStore(max_runs=max_runs)
    for _ in range(20):
        store.add(_record(store.next_id()))
        assert len(store) <= max_runs
    assert store.list()[-1].run_id == 20


def test_store_get_remove_clear_and_ids_are_not_reused() -> None:
    store = RunStore()
    a, b = store.add(_record(store.next_id())), store.add(_record(store.next_id()))
    assert (a.run_id, b.run_id) == (1, 2)
    assert store.get(2) is b and 2 in store
    assert store.remove(2) and not store.remove(2)
    assert store.next_id() == 3  # a removed id is never handed out again
    store.clear()
    assert store.list() == [] and len(store) == 0 and store.next_id() == 3


def test_store_add_with_an_existing_id_replaces_it() -> None:
    store = RunStore()
    store.add(_record(1))
    newer = store.add(_record(1, n=4))
    assert store.list() == [newer]


def test_store_rejects_a_zero_capacity() -> None:
    with pytest.raises(ValueError):
        RunStore(max_runs=0)


def test_stores_are_independent() -> None:
    one, two = RunStore(), RunStore()
    one.add(_record(1))
    assert len(two) == 0


def test_record_is_frozen_and_its_config_a_snapshot() -> None:
    config = {"batch_size": 10, "hidden_sizes": (50,)}
    record = RunRecord(1, config, pd.DataFrame(), pd.DataFrame())
    config["batch_size"] = 99
    assert record.config["batch_size"] == 10
    assert json.loads(json.dumps(record.config))["batch_size"] == 10  # exportable as JSON
    with pytest.raises(AttributeError):
        record.run_id = 2  # type: ignore[misc]


# ------------------------------------------------------------------ records from a trainer

class _Toy:
    """A tiny 2-class problem (duck-typed like a Dataset)."""

    def __init__(self, n: int = 60) -> None:
        rng = np.random.default_rng(0)
        self.x_train = rng.normal(size=(n, 4)).astype(np.float32)
        self.t_train = (self.x_train[:, 0] > 0).astype(np.int64)
        self.x_test = rng.normal(size=(20, 4)).astype(np.float32)
        self.t_test = (self.x_test[:, 0] > 0).astype(np.int64)
        self.n_classes = 2


def test_record_from_trainer_downsamples_and_keeps_final_metrics() -> None:
    config = {"batch_size": 1, "iterations": MAX_POINTS + 500, "hidden_size": 4, "seed": 1}
    trainer = build_trainer(config, _Toy())
    while not trainer.done:
        trainer.step(1000)
    record = record_from_trainer(trainer, config, run_id=7)
    assert record.run_id == 7 and record.stop_reason == "done"
    assert len(record.history) <= MAX_POINTS
    assert record.history["iteration"].iloc[-1] == MAX_POINTS + 500  # the last row survives
    last = trainer.evaluations[-1]
    assert record.final["test_acc"] == pytest.approx(last["test_acc"])
    assert record.final["iterations"] == MAX_POINTS + 500
    assert list(record.evaluations.columns)[:2] == ["iteration", "epoch"]


def test_store_add_trainer_assigns_ids() -> None:
    store = RunStore()
    trainer = build_trainer({"iterations": 3, "hidden_size": 4}, _Toy())
    trainer.step(3)
    first = store.add_trainer(trainer, {"iterations": 3})
    second = store.add_trainer(trainer, {"iterations": 3})
    assert (first.run_id, second.run_id) == (1, 2)


# ------------------------------------------------------------------ labels

@pytest.mark.parametrize(("configs", "lang", "expected"), [
    ([{"batch_size": 10}, {"batch_size": 100}], "en", ["batch 10", "batch 100"]),
    ([{"batch_size": 10}, {"batch_size": 100}], "zh", ["mini-batch 10", "mini-batch 100"]),
    ([{"learning_rate": 0.001}, {"learning_rate": 0.1}], "en", ["lr 0.001", "lr 0.1"]),
    ([{"learning_rate": 0.001}, {"learning_rate": 10.0}], "zh", ["学习率 0.001", "学习率 10"]),
    ([{"activation": "step"}, {"activation": "sigmoid"}], "en", ["step", "sigmoid"]),
    ([{"activation": "step"}, {"activation": "relu"}], "zh", ["阶跃函数", "ReLU 函数"]),
    ([{"loss": "mse"}, {"loss": "cross_entropy"}], "en", ["MSE", "cross-entropy"]),
    ([{"loss": "mse"}, {"loss": "cross_entropy"}], "zh", ["均方误差", "交叉熵误差"]),
    ([{"a": 1}, {"a": 1}], "en", ["run 1", "run 2"]),
    ([{"a": 1}, {"a": 1}, {"a": 1}], "zh", ["第 1 次训练", "第 2 次训练", "第 3 次训练"]),
])
def test_differing_labels(configs, lang, expected) -> None:
    base = dict(DEFAULT_CONFIG)
    assert differing_labels([{**base, **c} for c in configs], lang) == expected


def test_labels_name_only_the_differing_keys_lesson_knobs_first() -> None:
    configs = [{"seed": 0, "batch_size": 10, "loss": "mse", "learning_rate": 0.1},
               {"seed": 1, "batch_size": 100, "loss": "mse", "learning_rate": 0.1}]
    assert differing_labels(configs, "en") == ["batch 10 · seed 0", "batch 100 · seed 1"]


def test_run_length_is_named_only_when_nothing_else_differs() -> None:
    configs = experiment_configs(DEFAULT_CONFIG, "batch", 1437)
    assert differing_labels(configs, "en") == ["batch 1", "batch 10", "batch 100", "batch 1437"]
    assert differing_labels([{"epochs": 5}, {"epochs": 20}], "en") == ["5 epochs", "20 epochs"]
    assert differing_labels([{"iterations": 5, "seed": 1}, {"iterations": 9, "seed": 2}],
                            "zh") == ["种子 1", "种子 2"]


def test_labels_stay_unique_when_configs_repeat() -> None:
    configs = [{"batch_size": 10}, {"batch_size": 100}, {"batch_size": 10}]
    labels = differing_labels(configs, "en")
    assert labels == ["batch 10", "batch 100", "batch 10 (2)"]
    assert len(set(labels)) == len(labels)


def test_validated_configs_name_hidden_sizes_once() -> None:
    a = validate_config({"hidden_size": 50})
    b = validate_config({"hidden_size": 100})
    assert differing_keys([a, b]) == ["hidden_sizes"]
    assert differing_labels([a, b], "en") == ["hidden 50", "hidden 100"]


def test_labels_for_unknown_keys_and_missing_keys_do_not_crash() -> None:
    labels = differing_labels([{"mystery": 3}, {}], "en")
    assert labels[0] == "mystery 3" and len(set(labels)) == 2


def test_labels_have_no_missing_translation_markers() -> None:
    configs = [dict(c, **o) for c in [dict(DEFAULT_CONFIG)]
               for o in ({"optimizer": "adam", "weight_init": "he", "sampling": "shuffle",
                          "epochs": 3, "train_size": 100, "weight_init_std": 0.1},
                         {})]
    for lang in ("zh", "en"):
        assert all("⟦" not in label for label in differing_labels(configs, lang))


def test_config_table_has_a_row_per_run_with_metrics() -> None:
    records = [_record(1, batch_size=10), _record(2, batch_size=100)]
    labels = differing_labels([r.config for r in records], "en")
    table = config_table(records, labels, "en")
    assert list(table[t("cmp.col.run", "en")]) == ["batch 10", "batch 100"]
    assert t("cmp.col.batch_size", "en") in table and t("cmp.col.test_acc", "en") in table
    assert list(table[t("cmp.col.iterations", "en")]) == [10, 10]
    assert list(table[t("cmp.col.test_acc", "en")]) == [75.0, 75.0]  # percent, as headed
    assert list(table[t("cmp.col.test_loss", "en")]) == [0.6, 0.6]
    assert not any("⟦" in str(c) for c in table.columns)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_config_table_translates_names_and_never_mixes_two_losses_in_one_column(lang) -> None:
    records = [_record(1, loss="mse", activation="step", dataset="spiral"),
               _record(2, loss="cross_entropy", activation="relu", dataset="xor")]
    labels = differing_labels([r.config for r in records], lang)
    table = config_table(records, labels, lang)
    assert t("cmp.col.test_loss", lang) not in table  # MSE and cross-entropy differ in units
    assert list(table[t("cmp.col.test_loss_rel", lang)]) == pytest.approx([0.6 / 2.3] * 2, rel=1e-3)
    shown = " ".join(str(v) for v in table.to_numpy().ravel())
    for raw in ("step", "mse", "spiral", "cross_entropy"):
        assert raw not in shown.split() or lang == "en" and raw == "step"
    assert t("cmp.act.step", lang) in shown and t("data.spiral.title", lang) in shown
    assert t("cmp.loss.mse", lang) in shown


# ------------------------------------------------------------------ overlay frames

@pytest.mark.parametrize(("kind", "column"), [("loss", "loss_smooth"), ("loss", "loss_rel"),
                                              ("accuracy", "test_acc"), ("gradient", "grad_norm")])
def test_overlay_frame_tags_each_run(kind: str, column: str) -> None:
    records = [_record(1), _record(2, n=6)]
    frame = overlay_frame(records, ["a", "b"], kind)
    assert list(dict.fromkeys(frame["run"])) == ["a", "b"]
    assert column in frame and frame[column].notna().all()


def test_overlay_gradient_is_the_l2_norm_of_each_layer() -> None:
    frame = overlay_frame([_record(1, n=1)], ["a"], "gradient")
    by_layer = dict(zip(frame["layer"], frame["grad_norm"]))
    assert by_layer == pytest.approx({1: np.sqrt(0.1**2 + 0.01**2), 2: np.sqrt(0.3**2 + 0.02**2)})


def test_overlay_loss_is_divided_by_the_training_loss_at_the_start() -> None:
    frame = overlay_frame([_record(1)], ["a"], "loss")
    assert np.allclose(frame["loss_rel"], frame["loss_smooth"] / 2.3)


def test_overlay_frame_rejects_an_unknown_kind_and_handles_no_runs() -> None:
    with pytest.raises(ValueError):
        overlay_frame([_record(1)], ["a"], "nonsense")
    assert overlay_frame([], [], "loss").empty


# ------------------------------------------------------------------ experiments

def test_experiments_are_the_lessons_four() -> None:
    assert list(EXPERIMENTS) == ["loss", "batch", "activation", "lr"]
    assert [o["batch_size"] for o in EXPERIMENTS["batch"]] == [1, 10, 100, FULL_BATCH]
    assert [o["learning_rate"] for o in EXPERIMENTS["lr"]] == [0.01, 0.1, 1.0, 100.0]
    assert [o["activation"] for o in EXPERIMENTS["activation"]] == ["step", "sigmoid", "relu"]
    assert [o["loss"] for o in EXPERIMENTS["loss"]] == ["mse", "cross_entropy"]


@pytest.mark.parametrize("experiment_id", list(EXPERIMENTS))
@pytest.mark.parametrize("n_train", [60, 1438, 4000])
def test_experiment_configs_resolve_and_validate(experiment_id: str, n_train: int) -> None:
    configs = experiment_configs(DEFAULT_CONFIG, experiment_id, n_train)
    assert len(configs) == len(EXPERIMENTS[experiment_id])
    for config, override in zip(configs, EXPERIMENTS[experiment_id]):
        checked = validate_config(config, n_train=n_train)
        assert checked["notes"] == []  # nothing had to be clamped
        assert 1 <= config["batch_size"] <= n_train
        assert 1 <= config["iterations"] <= EXPERIMENT_ITERATIONS
        for key, value in {**EXPERIMENT_SETTINGS.get(experiment_id, {}), **override}.items():
            if key == "batch_size":  # clamped to a small training set, as the trainer would
                assert config[key] == (n_train if value == FULL_BATCH else min(value, n_train))
            else:
                assert config[key] == value
    labels = differing_labels(configs, "en")
    assert len(set(labels)) == len(labels)


def test_full_batch_resolves_to_the_training_set_and_is_capped_in_epochs() -> None:
    configs = experiment_configs(DEFAULT_CONFIG, "batch", 1438)
    assert [c["batch_size"] for c in configs] == [1, 10, 100, 1438]
    assert [c["iterations"] for c in configs] == [2000, 2000, 2000, EXPERIMENT_MAX_EPOCHS]
    assert experiment_configs({**DEFAULT_CONFIG, "train_size": 500}, "batch", 1438)[-1][
        "batch_size"] == 500


def test_experiments_start_from_the_books_settings_keep_the_data_and_do_not_mutate_the_base() -> None:
    # The lab's own tweaks would void the captions' claims; its data choices are kept.
    base = {**DEFAULT_CONFIG, "hidden_size": 7, "activation": "tanh", "optimizer": "adam",
            "seed": 3, "train_size": 500, "dataset": "mnist-5k"}
    before = dict(base)
    for config in experiment_configs(base, "lr", 1000):
        assert config["hidden_size"] == DEFAULT_CONFIG["hidden_size"]
        assert config["activation"] == "sigmoid" and config["optimizer"] == "sgd"
        assert (config["seed"], config["train_size"], config["dataset"]) == (3, 500, "mnist-5k")
    assert base == before


def test_unknown_experiment_raises() -> None:
    with pytest.raises(KeyError):
        experiment_configs(DEFAULT_CONFIG, "nope", 100)


@pytest.mark.parametrize(("batch", "n_train", "expected"), [
    (FULL_BATCH, 1438, 1438), (100, 50, 50), (0, 50, 1), (10, 1438, 10)])
def test_resolve_batch_size(batch, n_train, expected) -> None:
    assert resolve_batch_size(batch, n_train) == expected


def test_budget_limits_batch_one_in_iterations_and_full_batch_in_epochs() -> None:
    assert experiment_budget(1, 60_000) == EXPERIMENT_ITERATIONS
    assert experiment_budget(60_000, 60_000) == EXPERIMENT_MAX_EPOCHS


def test_experiment_strings_exist_in_both_languages() -> None:
    for exp in EXPERIMENTS:
        for key in (f"cmp.exp.{exp}", f"cmp.exp.{exp}_note"):
            assert "⟦" not in t(key, "zh") and "⟦" not in t(key, "en")


@pytest.mark.parametrize("key", [k for k in DEFAULT_CONFIG if k != "notes"] + ["dataset"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_config_key_has_a_label_and_a_column(key: str, lang: str) -> None:
    assert "⟦" not in t(f"cmp.key.{key}", lang, value=1)
    assert "⟦" not in t(f"cmp.col.{key}", lang)


@pytest.mark.parametrize(("key", "values"), [
    ("loss", ["cross_entropy", "mse"]), ("activation", ["step", "sigmoid", "relu", "tanh"]),
    ("optimizer", ["sgd", "momentum", "adam"]), ("weight_init", ["std", "xavier", "he"]),
    ("sampling", ["replacement", "shuffle"])])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_named_value_is_translated(key: str, values: list[str], lang: str) -> None:
    texts = [describe_setting(key, v, lang) for v in values]
    assert all("⟦" not in text for text in texts) and len(set(texts)) == len(texts)


@pytest.mark.parametrize("reason", ["none", "done", "diverged"])
def test_stop_reasons_are_translated(reason: str) -> None:
    assert "⟦" not in t(f"cmp.stop.{reason}", "zh") and "⟦" not in t(f"cmp.stop.{reason}", "en")
