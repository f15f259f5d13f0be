"""Trainer, optimisers and config validation: learning works, runs are reproducible."""

from __future__ import annotations

import math
import warnings
from types import SimpleNamespace

import numpy as np
import pytest

from core import (
    DEFAULT_CONFIG,
    SGD,
    Adam,
    ConfigError,
    DataError,
    Momentum,
    MultiLayerNet,
    Trainer,
    build_trainer,
    make_optimizer,
    t,
    validate_config,
)
from core.i18n import MISSING


def blobs(n_train: int = 300, n_test: int = 150, *, seed: int = 0, d: int = 4,
          k: int = 3) -> SimpleNamespace:
    """k Gaussian clusters in d dimensions: a small problem the tests generate themselves."""
    rng = np.random.default_rng(seed)
    centers = rng.normal(0, 2, (k, d))

    def draw(n: int) -> tuple[np.ndarray, np.ndarray]:
        labels = rng.integers(0, k, n)
        return (centers[labels] + rng.normal(0, 1, (n, d))).astype(np.float32), labels

    x_train, t_train = draw(n_train)
    x_test, t_test = draw(n_test)
    return SimpleNamespace(x_train=x_train, t_train=t_train, x_test=x_test, t_test=t_test,
                           n_classes=k)


# --- learning works (item 5) ------------------------------------------------------------

@pytest.mark.parametrize("config", [
    {},
    {"optimizer": "momentum"},
    {"optimizer": "adam", "learning_rate": 0.01},
    {"activation": "relu", "weight_init": "he"},
    {"activation": "tanh", "hidden_layers": 3, "weight_init": "xavier"},
    {"loss": "mse", "learning_rate": 1.0},
    {"sampling": "shuffle"},
])
def test_learning_reaches_well_above_chance(config: dict) -> None:
    data = blobs()
    trainer = build_trainer({**config, "epochs": 50, "batch_size": 30}, data)
    first = trainer.evaluations[0]
    trainer.step(10**6)
    last = trainer.evaluations[-1]
    assert trainer.stop_reason == "done"
    assert last["test_acc"] >= 0.8  # chance is 1/3
    assert last["train_loss"] < 0.6 * first["train_loss"]


def test_step_activation_only_trains_the_output_layer() -> None:
    data = blobs()
    trainer = build_trainer({"activation": "step", "hidden_layers": 2, "weight_init_std": 1.0,
                             "learning_rate": 1.0, "iterations": 200}, data)
    params = trainer.network.params
    before = {k: v.copy() for k, v in params.items()}
    trainer.step(200)
    for key in ("W1", "b1", "W2", "b2"):
        np.testing.assert_array_equal(params[key], before[key])  # never moved
        assert trainer.history_frame()[f"grad_{key}"].eq(0).all()
    assert not np.array_equal(params["W3"], before["W3"])
    assert trainer.evaluations[-1]["train_acc"] > trainer.evaluations[0]["train_acc"]


@pytest.mark.slow
def test_step_plateaus_below_sigmoid_on_mnist_5k() -> None:
    """The lesson's point, measured on the 5,000 bundled MNIST digits after 2,000 iterations.

    Seed 0 gives about 0.66 (step) and 0.91 (sigmoid) test accuracy.
    """
    from core import load_dataset

    data = load_dataset("mnist-5k")
    accuracy = {}
    for activation in ("step", "sigmoid"):
        trainer = build_trainer({"activation": activation, "iterations": 2000}, data)
        w1 = trainer.network.params["W1"].copy()
        trainer.step(2000)
        assert trainer.stop_reason == "done"
        accuracy[activation] = trainer.evaluations[-1]["test_acc"]
        if activation == "step":
            np.testing.assert_array_equal(trainer.network.params["W1"], w1)
    assert 0.55 <= accuracy["step"] <= 0.75
    assert accuracy["sigmoid"] >= 0.87
    assert accuracy["sigmoid"] - accuracy["step"] >= 0.15


# --- epochs, evaluations, records -------------------------------------------------------

def test_epochs_and_evaluation_schedule() -> None:
    data = blobs(n_train=250)
    trainer = build_trainer({"batch_size": 100, "epochs": 2}, data)
    assert trainer.iters_per_epoch == 3  # ceil(250 / 100)
    assert trainer.max_iterations == 6
    assert [e["iteration"] for e in trainer.evaluations] == [0]
    records = trainer.step(4)
    assert [r["iteration"] for r in records] == [1, 2, 3, 4]
    assert [r["epoch"] for r in records] == pytest.approx([1 / 3, 2 / 3, 1.0, 4 / 3])
    assert [e["iteration"] for e in trainer.evaluations] == [0, 3]
    assert trainer.evaluations[1]["epoch"] == 1.0
    assert not trainer.done and trainer.stop_reason is None
    assert len(trainer.step(100)) == 2  # only what is left of the run
    assert trainer.done and trainer.stop_reason == "done"
    assert [e["iteration"] for e in trainer.evaluations] == [0, 3, 6]
    assert trainer.step(5) == []
    assert trainer.iteration == 6 and trainer.epoch == 2.0


def test_run_ending_between_epochs_is_evaluated_at_the_end() -> None:
    trainer = build_trainer({"batch_size": 100, "iterations": 4}, blobs(n_train=250))
    trainer.step(10)
    assert [e["iteration"] for e in trainer.evaluations] == [0, 3, 4]


def test_records_and_frames() -> None:
    data = blobs()
    trainer = build_trainer({"hidden_layers": 2, "iterations": 5}, data)
    record = trainer.step(1)[0]
    assert list(record) == ["iteration", "epoch", "loss", "grad_W1", "grad_b1", "grad_W2",
                            "grad_b2", "grad_W3", "grad_b3"]
    assert all(isinstance(v, (int, float)) for v in record.values())
    grads = trainer.last_grads
    for key, g in grads.items():
        assert record[f"grad_{key}"] == pytest.approx(float(np.linalg.norm(g)), rel=1e-5)
    trainer.step(4)
    frame = trainer.history_frame()
    assert list(frame.columns) == list(record) and len(frame) == 5
    evals = trainer.evaluation_frame()
    assert list(evals.columns) == ["iteration", "epoch", "train_loss", "train_acc",
                                   "test_loss", "test_acc"]
    assert 0 <= evals["test_acc"].min() <= evals["test_acc"].max() <= 1


def test_record_loss_is_the_mini_batch_loss_before_the_update() -> None:
    data = blobs()
    trainer = build_trainer({"batch_size": 300, "iterations": 3}, data)  # batch = everything
    net = trainer.network
    # with replacement the batch is not exactly the training set, so use shuffle sampling
    trainer = Trainer(net, data, batch_size=300, iterations=3, sampling="shuffle")
    expected = net.loss(data.x_train, data.t_train)
    assert trainer.step(1)[0]["loss"] == pytest.approx(expected, rel=1e-5)


def test_last_grads_are_copies_of_the_last_gradient() -> None:
    data = blobs()
    trainer = build_trainer({"iterations": 3}, data)
    assert trainer.last_grads == {}
    trainer.step(1)
    first = trainer.last_grads
    assert set(first) == {"W1", "b1", "W2", "b2"}
    trainer.step(1)
    assert not np.array_equal(first["W1"], trainer.last_grads["W1"])  # not overwritten


def test_empty_history_frames_have_columns() -> None:
    trainer = build_trainer({"iterations": 3}, blobs())
    assert list(trainer.history_frame().columns)[:3] == ["iteration", "epoch", "loss"]
    assert len(trainer.evaluation_frame()) == 1


# --- sampling, determinism ---------------------------------------------------------------

def test_same_seed_and_config_give_bit_identical_history() -> None:
    data = blobs()
    config = {"iterations": 40, "batch_size": 16, "optimizer": "adam", "learning_rate": 0.01}
    a, b = build_trainer(config, data), build_trainer(config, data)
    a.step(40)
    for _ in range(8):
        b.step(5)  # a different step size must not matter
    assert a.history == b.history
    assert a.evaluations == b.evaluations
    for key in a.network.params:
        np.testing.assert_array_equal(a.network.params[key], b.network.params[key])
    c = build_trainer({**config, "seed": 1}, data)
    c.step(40)
    assert c.history != a.history


def test_replacement_sampling_draws_like_the_books_choice() -> None:
    data = blobs(n_train=50)
    data.t_train = np.arange(50) % 3
    trainer = Trainer(MultiLayerNet(4, [5], 3), data, batch_size=10, seed=3)
    _, labels = trainer._next_batch()
    expected = np.random.default_rng(3).choice(50, 10)
    np.testing.assert_array_equal(labels, data.t_train[expected])


def test_shuffle_sampling_visits_every_sample_once_per_epoch() -> None:
    n = 23
    data = SimpleNamespace(x_train=np.arange(n, dtype=np.float32).reshape(n, 1),
                           t_train=np.zeros(n, dtype=np.int64),
                           x_test=np.zeros((2, 1), np.float32), t_test=np.zeros(2, np.int64),
                           n_classes=2)
    trainer = Trainer(MultiLayerNet(1, [2], 2), data, batch_size=5, sampling="shuffle",
                      epochs=2)
    assert trainer.iters_per_epoch == 5
    for _epoch in range(2):
        seen = []
        for _ in range(trainer.iters_per_epoch):
            xb, _ = trainer._next_batch()
            seen.extend(xb[:, 0].astype(int).tolist())
            trainer.iteration += 1
        assert sorted(seen) == list(range(n))


def test_training_data_is_never_modified() -> None:
    data = blobs()
    data.x_train.setflags(write=False)  # pages hand over read-only cached arrays
    before = data.x_train.copy()
    trainer = build_trainer({"iterations": 20}, data)
    trainer.step(20)
    np.testing.assert_array_equal(data.x_train, before)


def test_replacing_a_parameter_array_is_picked_up() -> None:
    trainer = build_trainer({"iterations": 10}, blobs())
    net = trainer.network
    params = net.params
    net.params["W2"] = np.zeros_like(net.params["W2"])  # e.g. a page resetting one layer
    trainer.step(1)
    assert net.params is params  # the same dict, now holding the trained array
    assert np.any(net.params["W2"])  # it was updated, not a stale copy
    np.testing.assert_array_equal(net.flat_params()[-net.params["b2"].size:], net.params["b2"])


def test_float64_training_from_float32_data() -> None:
    trainer = build_trainer({"dtype": "float64", "iterations": 5}, blobs())
    assert trainer.network.params["W1"].dtype == np.float64
    trainer.step(5)
    assert trainer.stop_reason == "done"


# --- divergence --------------------------------------------------------------------------

def test_divergence_stops_the_run_and_keeps_the_history() -> None:
    data = blobs()
    data.x_train = data.x_train * 1e3
    trainer = build_trainer({"activation": "identity", "hidden_layers": 3,
                             "weight_init_std": 10.0, "learning_rate": 1000.0,
                             "iterations": 500}, data)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # detected and reported, never a NumPy warning
        trainer.step(500)
    assert trainer.stop_reason == "diverged" and trainer.done
    assert 0 < len(trainer.history) < 500
    assert trainer.history[-1]["iteration"] == trainer.iteration
    last = trainer.history[-1]
    assert not all(math.isfinite(v) for v in last.values())
    assert all(math.isfinite(v) for r in trainer.history[:-1] for v in r.values())
    for value in trainer.network.params.values():
        assert np.isfinite(value).all()  # the non-finite update was not applied
    assert trainer.step(10) == []


def test_user_can_stop_a_run() -> None:
    trainer = build_trainer({"iterations": 100}, blobs())
    trainer.step(7)
    trainer.stop()
    assert trainer.done and trainer.stop_reason == "done"
    assert trainer.evaluations[-1]["iteration"] == 7
    assert trainer.step(1) == []


# --- optimisers --------------------------------------------------------------------------

def test_sgd_update() -> None:
    params = {"W": np.array([1.0, 2.0])}
    SGD(0.1).update(params, {"W": np.array([10.0, -10.0])})
    np.testing.assert_allclose(params["W"], [0.0, 3.0])


def test_momentum_update_follows_the_book() -> None:
    params = {"W": np.array([1.0])}
    opt = Momentum(0.1, momentum=0.9)
    opt.update(params, {"W": np.array([1.0])})  # v = -0.1
    opt.update(params, {"W": np.array([1.0])})  # v = -0.09 - 0.1
    np.testing.assert_allclose(params["W"], [1.0 - 0.1 - 0.19])


def test_adam_update_follows_the_book() -> None:
    rng = np.random.default_rng(0)
    w = rng.standard_normal(5)
    params = {"W": w.copy()}
    opt = Adam(0.01)
    m = v = np.zeros(5)
    for it in range(1, 4):
        g = rng.standard_normal(5)
        opt.update(params, {"W": g})
        lr_t = 0.01 * np.sqrt(1 - 0.999**it) / (1 - 0.9**it)
        m = m + (1 - 0.9) * (g - m)
        v = v + (1 - 0.999) * (g**2 - v)
        w = w - lr_t * m / (np.sqrt(v) + 1e-7)
        np.testing.assert_allclose(params["W"], w, rtol=1e-12)


def test_make_optimizer() -> None:
    assert type(make_optimizer("sgd", 0.1)) is SGD
    assert isinstance(make_optimizer("momentum", 0.1), Momentum)
    assert make_optimizer("adam", 0.001).lr == 0.001
    with pytest.raises(ConfigError) as info:
        make_optimizer("rmsprop", 0.1)
    assert info.value.key == "err.config.optimizer"


# --- configuration -----------------------------------------------------------------------

def test_default_config_is_the_book_setting_and_read_only() -> None:
    assert DEFAULT_CONFIG["loss"] == "cross_entropy"
    assert DEFAULT_CONFIG["activation"] == "sigmoid"
    assert DEFAULT_CONFIG["batch_size"] == 100 and DEFAULT_CONFIG["learning_rate"] == 0.1
    assert DEFAULT_CONFIG["hidden_size"] == 50 and DEFAULT_CONFIG["weight_init_std"] == 0.01
    with pytest.raises(TypeError):
        DEFAULT_CONFIG["batch_size"] = 1  # shared by every session: must not be mutable
    cfg = validate_config({})
    assert cfg["hidden_sizes"] == (50,) and cfg["notes"] == []
    assert {k: cfg[k] for k in DEFAULT_CONFIG if k != "hidden_sizes"} == {
        k: v for k, v in DEFAULT_CONFIG.items() if k != "hidden_sizes"}


@pytest.mark.parametrize(("field", "value"), [
    ("learning_rate", 0), ("learning_rate", -0.1), ("learning_rate", math.nan),
    ("learning_rate", math.inf), ("learning_rate", 1e4), ("learning_rate", "0.1"),
    ("learning_rate", True), ("learning_rate", None),
    ("batch_size", 0), ("batch_size", 2.5), ("batch_size", "100"), ("batch_size", 10**7),
    ("epochs", 0), ("epochs", -1), ("epochs", 1001),
    ("iterations", 0),
    ("hidden_layers", 0), ("hidden_layers", 4),
    ("hidden_size", 0), ("hidden_size", 1001),
    ("weight_init_std", -0.01), ("weight_init_std", math.nan),
    ("train_size", 0),
    ("seed", -1), ("seed", 1.5),
    ("loss", "hinge"), ("activation", "softplus"), ("optimizer", "rmsprop"),
    ("weight_init", "zeros"), ("sampling", "stratified"), ("dtype", "float16"),
])
def test_invalid_values_raise_a_translated_config_error(field: str, value: object) -> None:
    with pytest.raises(ConfigError) as info:
        validate_config({field: value})
    error = info.value
    assert error.key == f"err.config.{field}"
    for lang in ("zh", "en"):
        text = t(error.key, lang, **error.params)
        assert MISSING.format(error.key) != text and "{" not in text


def test_hidden_sizes_list() -> None:
    cfg = validate_config({"hidden_sizes": [30, 20]})
    assert cfg["hidden_sizes"] == (30, 20) and cfg["hidden_layers"] == 2
    with pytest.raises(ConfigError):
        validate_config({"hidden_sizes": [30, 20, 10, 5]})
    with pytest.raises(ConfigError):
        validate_config({"hidden_sizes": [30, 0]})


def test_validate_config_accepts_equivalent_values() -> None:
    cfg = validate_config({"batch_size": 100.0, "epochs": np.int64(3), "dtype": np.float64,
                           "learning_rate": np.float32(0.5), "extra": "kept"})
    assert cfg["batch_size"] == 100 and isinstance(cfg["batch_size"], int)
    assert cfg["epochs"] == 3 and cfg["dtype"] == "float64"
    assert cfg["learning_rate"] == 0.5 and cfg["extra"] == "kept"


def test_batch_larger_than_the_training_set_is_clamped_with_a_note() -> None:
    data = blobs(n_train=60)
    trainer = build_trainer({"batch_size": 500, "epochs": 2}, data)
    assert trainer.batch_size == 60 and trainer.iters_per_epoch == 1
    assert trainer.config["batch_size"] == 60
    (note,) = trainer.config["notes"]
    assert note == {"key": "engine.note.batch_clamped", "params": {"requested": 500, "used": 60}}
    for lang in ("zh", "en"):
        assert "500" in t(note["key"], lang, **note["params"])


def test_train_size_takes_a_subset() -> None:
    data = blobs(n_train=300)
    trainer = build_trainer({"train_size": 120, "batch_size": 50, "epochs": 1}, data)
    assert trainer.n_train == 120 and trainer.iters_per_epoch == 3
    bigger = build_trainer({"train_size": 1000, "epochs": 1}, data)
    assert bigger.n_train == 300
    assert bigger.config["notes"][0]["key"] == "engine.note.train_size_clamped"


def test_very_long_runs_are_capped_with_a_note() -> None:
    from core.training import MAX_TOTAL_ITERATIONS

    trainer = build_trainer({"batch_size": 1, "epochs": 1000}, blobs(n_train=300))
    assert trainer.max_iterations == MAX_TOTAL_ITERATIONS
    (note,) = trainer.config["notes"]
    assert note["key"] == "engine.note.iterations_clamped"
    assert note["params"] == {"requested": 300_000, "used": MAX_TOTAL_ITERATIONS}


def test_zero_iterations_is_done_at_once() -> None:
    trainer = Trainer(MultiLayerNet(4, [5], 3), blobs(), iterations=0)
    assert trainer.done and trainer.step(3) == []
    assert len(trainer.evaluations) == 1


def test_build_trainer_shapes_the_network_from_the_data() -> None:
    data = blobs(d=7, k=5)
    trainer = build_trainer({"hidden_sizes": [9, 8], "activation": "tanh"}, data)
    assert trainer.network.sizes == (7, 9, 8, 5)
    assert trainer.network.dtype == np.float32
    assert trainer.max_iterations == DEFAULT_CONFIG["epochs"] * trainer.iters_per_epoch


def test_no_training_data_is_a_data_error() -> None:
    data = blobs()
    data.x_train, data.t_train = data.x_train[:0], data.t_train[:0]
    with pytest.raises(DataError) as info:
        build_trainer({}, data)
    assert t(info.value.key, "zh") != MISSING.format(info.value.key)
    with pytest.raises(DataError):
        build_trainer({}, None)


def test_engine_strings_exist_in_both_languages() -> None:
    from core.strings import engine

    for key, entry in engine.STRINGS.items():
        assert entry["zh"].strip() and entry["en"].strip(), key
        assert t(key, "zh") != MISSING.format(key)


# --- BLAS threads ------------------------------------------------------------------------

def test_training_uses_one_blas_thread_unless_the_environment_chose(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from core.blas import blas_info, blas_threads, get_blas_threads

    if get_blas_threads() is None:
        pytest.skip("NumPy does not use OpenBLAS here: nothing to control")
    for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS"):
        monkeypatch.delenv(name, raising=False)
    with blas_threads(2):
        assert get_blas_threads() == 2
        build_trainer({"iterations": 2}, blobs()).step(1)
        assert get_blas_threads() == 1
        monkeypatch.setenv("OPENBLAS_NUM_THREADS", "2")
        with blas_threads(2):
            build_trainer({"iterations": 2}, blobs()).step(1)
            assert get_blas_threads() == 2  # an explicit choice is respected
    info = blas_info()
    assert {"numpy", "blas", "blas_threads"} <= set(info)


def test_what_each_seed_fixes_as_the_help_texts_say() -> None:
    """Sidebar seed: the split. Lab seed: initial weights, mini-batch order, the subset kept."""
    from core.datasets import load_dataset

    a, b = load_dataset("digits", seed=1), load_dataset("digits", seed=2)
    assert not np.array_equal(a.t_train, b.t_train)  # another split
    one, two = build_trainer({"seed": 1, "train_size": 500}, a), build_trainer(
        {"seed": 2, "train_size": 500}, a)
    assert not np.array_equal(one.network.params["W1"], two.network.params["W1"])
    assert not np.array_equal(one.x_train, two.x_train)  # another subset of the same split
    assert not np.array_equal(one._next_batch()[1], two._next_batch()[1])  # another order
    assert np.array_equal(one.x_test, two.x_test)  # the test data is the split's, untouched
    # the sidebar's seed also makes the points of a 2-D toy set (sidebar.seed_help)
    from core.datasets import toy

    assert not np.array_equal(toy.make_toy("xor", 200, 0.1, 1)[0], toy.make_toy("xor", 200, 0.1, 2)[0])


@pytest.mark.parametrize(("batch", "n", "expected"), [(100, 1437, 100), (5000, 1437, 1437),
                                                      (0, 50, 1), (-3, 50, 1), (10, 0, 1)])
def test_one_batch_clamp_for_the_whole_app(batch: int, n: int, expected: int) -> None:
    # the engine, the experiments, the mini-batch page and the lab all clamp with it
    from core.training import clamp_batch

    assert clamp_batch(batch, n) == expected
