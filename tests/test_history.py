"""core.history: downsampling keeps first/last and spikes, smoothing, the column store."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from core.history import (
    HistoryBuffer,
    downsample,
    downsample_index,
    exponential_moving_average,
    finite_or_nan,
    history_with_evaluations,
    layer_norm_columns,
    smoothing_span,
)


@pytest.mark.parametrize("n", [0, 1, 2, 1999, 2000, 2001, 10_007, 100_000])
@pytest.mark.parametrize("extremes", [False, True])
def test_downsample_index_bounds(n: int, extremes: bool) -> None:
    values = np.random.default_rng(0).normal(size=n) if extremes else None
    idx = downsample_index(n, 2000, values)
    assert len(idx) <= 2000
    assert np.all(np.diff(idx) > 0)  # sorted, no duplicates
    if n:
        assert idx[0] == 0 and idx[-1] == n - 1
    if n <= 2000:
        assert len(idx) == n


@pytest.mark.parametrize("max_points", [2, 3, 10, 500])
def test_downsample_index_small_budgets(max_points: int) -> None:
    values = np.arange(10_000, dtype=float)
    assert len(downsample_index(10_000, max_points, values)) <= max_points
    assert len(downsample_index(10_000, max_points)) <= max_points


def test_spikes_survive_downsampling() -> None:
    values = np.ones(50_000)
    values[12_345] = 99.0  # one exploding mini-batch
    values[33_333] = -5.0
    idx = downsample_index(len(values), 2000, values)
    assert 12_345 in idx and 33_333 in idx


def test_nan_and_inf_do_not_break_extremes() -> None:
    values = np.linspace(1, 2, 10_000)
    values[5000:] = np.nan
    values[-1] = np.inf
    idx = downsample_index(len(values), 200, values)
    assert idx[-1] == len(values) - 1 and len(idx) <= 200


def test_downsample_frame_keeps_columns() -> None:
    frame = pd.DataFrame({"iteration": np.arange(5000), "loss": np.sin(np.arange(5000))})
    small = downsample(frame, 300, extremes_of="loss")
    assert list(small.columns) == ["iteration", "loss"] and len(small) <= 300
    assert small["iteration"].iloc[0] == 0 and small["iteration"].iloc[-1] == 4999
    assert downsample(frame.head(10)).equals(frame.head(10))


def test_ema_matches_definition_and_skips_non_finite() -> None:
    x = np.array([1.0, 2.0, 3.0, 4.0])
    ema = exponential_moving_average(x, span=3)  # alpha = 0.5, bias-corrected
    w = 0.5 ** np.arange(4)[::-1]
    assert ema[-1] == pytest.approx((w * x).sum() / w.sum())
    assert ema[0] == 1.0
    y = exponential_moving_average(np.array([1.0, np.inf, 1.0]), span=5)
    assert np.isnan(y[1]) and y[2] == pytest.approx(1.0)
    assert len(exponential_moving_average(np.array([]))) == 0


@pytest.mark.parametrize("ipe,expected", [(1, 5.0), (20, 10.0), (60_000, 200.0)])
def test_smoothing_span(ipe: int, expected: float) -> None:
    assert smoothing_span(ipe) == expected


def test_finite_or_nan() -> None:
    out = finite_or_nan(np.array([1, np.inf, -np.inf, np.nan], dtype=np.float32))
    assert out.dtype == np.float64 and out[0] == 1 and np.isnan(out[1:]).all()


def test_layer_norm_columns() -> None:
    cols = ["iteration", "loss", "grad_W2", "grad_b1", "grad_W1", "grad_b2", "grad_Wx"]
    assert layer_norm_columns(cols) == {1: ["grad_b1", "grad_W1"], 2: ["grad_W2", "grad_b2"]}


def _records(start: int, n: int) -> list[dict[str, float]]:
    return [{"iteration": i + 1, "epoch": (i + 1) / 10, "loss": 2.0 / (i + 1),
             "grad_W1": 3.0, "grad_b1": 4.0, "grad_W2": 0.0, "grad_b2": 0.0}
            for i in range(start, start + n)]


def test_buffer_appends_and_grows() -> None:
    buf = HistoryBuffer(capacity=16)
    for start in range(0, 5000, 700):
        buf.append(_records(start, 700))
    assert len(buf) == 5600
    frame = buf.frame()
    assert frame["iteration"].tolist() == list(range(1, 5601))
    assert frame["loss"].iloc[-1] == pytest.approx(2.0 / 5600)
    with pytest.raises(ValueError):
        buf.column("loss")[0] = 1.0  # read-only view


def test_buffer_missing_keys_become_nan() -> None:
    buf = HistoryBuffer()
    buf.append([{"iteration": 1, "loss": 1.0}])
    buf.append([{"iteration": 2, "accuracy": 0.5}])
    frame = buf.frame()
    assert np.isnan(frame["accuracy"].iloc[0]) and np.isnan(frame["loss"].iloc[1])
    buf.append([])
    assert len(buf) == 2


def test_buffer_loss_frame_downsampled_and_smoothed() -> None:
    buf = HistoryBuffer()
    buf.append(_records(0, 9000))
    frame = buf.loss_frame(span=10, max_points=500)
    assert list(frame.columns) == ["iteration", "epoch", "loss", "smoothed"]
    assert len(frame) <= 500 and frame["iteration"].iloc[-1] == 9000
    assert (frame["smoothed"] >= frame["loss"].min() - 1e-12).all()


def test_buffer_gradient_frame_combines_w_and_b() -> None:
    buf = HistoryBuffer()
    buf.append(_records(0, 3000))
    frame = buf.gradient_frame(max_points=100)
    assert set(frame["layer"]) == {1, 2}
    assert np.allclose(frame.loc[frame["layer"] == 1, "norm"], 5.0)  # sqrt(3^2 + 4^2)
    assert (frame.loc[frame["layer"] == 2, "norm"] == 0).all()
    assert (frame.groupby("layer").size() <= 100).all()


def test_empty_buffer_frames() -> None:
    buf = HistoryBuffer()
    assert buf.loss_frame(10).empty and buf.gradient_frame().empty and buf.frame().empty


def test_history_with_evaluations_puts_each_epoch_on_its_iteration() -> None:
    buf = HistoryBuffer()
    buf.append(_records(0, 20))
    evals = pd.DataFrame({"iteration": [0, 10, 20], "epoch": [0.0, 1.0, 2.0],
                          "train_loss": [2.3, 1.0, 0.5], "train_acc": [0.1, 0.6, 0.8],
                          "test_loss": [2.3, 1.1, 0.6], "test_acc": [0.1, 0.5, 0.7]})
    table = history_with_evaluations(buf.frame(), evals)
    assert table["iteration"].tolist() == list(range(0, 21))
    assert table.loc[table["iteration"] == 10, "test_acc"].item() == 0.5
    assert np.isnan(table.loc[table["iteration"] == 5, "test_acc"].item())
    assert np.isnan(table.loc[0, "loss"])  # no update has happened at iteration 0
    empty = history_with_evaluations(pd.DataFrame(), evals.head(1))
    assert empty["iteration"].tolist() == [0]


def test_the_trainers_history_is_one_column_store_read_as_records() -> None:
    # One store per run (it was a list of dicts in the Trainer and a second copy in the lab).
    from core.datasets import load_dataset
    from core.training import build_trainer

    trainer = build_trainer({"iterations": 30, "batch_size": 50}, load_dataset("digits"))
    returned = trainer.step(30)
    assert isinstance(trainer.history, HistoryBuffer) and len(trainer.history) == 30
    assert list(trainer.history) == returned and trainer.history[-1] == returned[-1]
    assert trainer.history[:2] == returned[:2]
    assert trainer.history_frame()["loss"].tolist() == [r["loss"] for r in returned]
    trainer = build_trainer({"iterations": 3000, "batch_size": 50}, load_dataset("digits"))
    trainer.step(3000)
    assert trainer.history.nbytes < 3000 * 500 / 5  # dicts took ~0.5 kB per iteration
