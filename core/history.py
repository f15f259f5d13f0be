"""Training histories for charts: a growing column store, smoothing, and downsampling.

A long run records one row per iteration (60,000 rows per epoch for MNIST with batch 1).
The browser only needs about 2,000 points per series to draw a faithful curve, so the page
keeps the full history here and sends a downsampled copy that still shows the spikes.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

import numpy as np
import pandas as pd

MAX_POINTS = 2000


def finite_or_nan(values: np.ndarray) -> np.ndarray:
    """float64 copy with inf replaced by NaN (Vega-Lite draws NaN as a gap, inf breaks scales)."""
    out = np.asarray(values, dtype=np.float64).copy()
    out[~np.isfinite(out)] = np.nan
    return out


def _bucket_extremes(values: np.ndarray, n_buckets: int) -> np.ndarray:
    """Row indices of the minimum and the maximum of each of `n_buckets` equal slices."""
    n = len(values)
    size = -(-n // n_buckets)  # ceil: the last bucket may be short
    padded_lo = np.full(n_buckets * size, np.inf)
    padded_hi = np.full(n_buckets * size, -np.inf)
    clean = np.where(np.isfinite(values), values, np.nan)
    # A NaN never wins: it is +inf for the minimum and -inf for the maximum.
    padded_lo[:n] = np.where(np.isnan(clean), np.inf, clean)
    padded_hi[:n] = np.where(np.isnan(clean), -np.inf, clean)
    starts = np.arange(n_buckets) * size
    lo = starts + padded_lo.reshape(n_buckets, size).argmin(axis=1)
    hi = starts + padded_hi.reshape(n_buckets, size).argmax(axis=1)
    return np.minimum(np.concatenate([lo, hi]), n - 1)


def downsample_index(n: int, max_points: int = MAX_POINTS,
                     values: np.ndarray | None = None) -> np.ndarray:
    """Sorted row indices (first and last always kept) of at most `max_points` rows.

    With `values`, each slice of the series keeps its lowest and highest point, so spikes
    (a diverging loss, a noisy mini-batch) survive; without, rows are taken at a uniform stride.
    """
    if max_points < 2:
        raise ValueError("max_points must be at least 2")
    if n <= max_points:
        return np.arange(n)
    if values is None:
        picked = np.linspace(0, n - 1, max_points).round().astype(np.int64)
    else:
        n_buckets = max(1, (max_points - 2) // 2)
        picked = _bucket_extremes(np.asarray(values, dtype=np.float64), n_buckets)
    return np.unique(np.concatenate([[0, n - 1], picked]))


def downsample(frame: pd.DataFrame, max_points: int = MAX_POINTS,
               extremes_of: str | None = None) -> pd.DataFrame:
    """At most `max_points` rows of `frame`, keeping first/last rows (and extremes of a column)."""
    values = None if extremes_of is None else frame[extremes_of].to_numpy(dtype=np.float64)
    idx = downsample_index(len(frame), max_points, values)
    return frame.iloc[idx].reset_index(drop=True)


def exponential_moving_average(values: np.ndarray, span: float = 20.0) -> np.ndarray:
    """Bias-corrected EMA (as TensorBoard smooths curves); NaN/inf points are skipped, not spread."""
    clean = finite_or_nan(values)
    if clean.size == 0:
        return clean
    ema = pd.Series(clean).ewm(span=max(float(span), 1.0), adjust=True, ignore_na=True).mean()
    out = ema.to_numpy(dtype=np.float64, copy=True)
    out[np.isnan(clean)] = np.nan  # a gap stays a gap (pandas would carry the last value over)
    return out


def smoothing_span(iters_per_epoch: int) -> float:
    """Smooth over about half an epoch: enough to see the trend, short enough to keep its shape."""
    return float(min(max(iters_per_epoch / 2, 5), 200))


def layer_norm_columns(columns: Iterable[str]) -> dict[int, list[str]]:
    """{layer: [grad_W<layer>, grad_b<layer>]} from record columns such as 'grad_W1', 'grad_b1'."""
    layers: dict[int, list[str]] = {}
    for col in columns:
        if col.startswith(("grad_W", "grad_b")) and col[6:].isdigit():
            layers.setdefault(int(col[6:]), []).append(col)
    return dict(sorted(layers.items()))


class HistoryBuffer:
    """Per-iteration records kept as growing NumPy columns (amortised O(1) appends).

    The one store of a run's iterations: core.training.Trainer appends the records of each
    `step(k)` here, and the charts, the diagnosis, the comparison and the downloads read it.
    About 50 bytes per iteration (a list of dicts took ~0.5 kB), and no DataFrame is rebuilt
    from the whole run on every refresh. Indexing and iterating give dict records.
    """

    def __init__(self, capacity: int = 1024) -> None:
        self._capacity = max(int(capacity), 16)
        self._columns: dict[str, np.ndarray] = {}
        self._n = 0

    def __len__(self) -> int:
        return self._n

    def __getitem__(self, i: int | slice) -> dict[str, float] | list[dict[str, float]]:
        """Record i (negative counts from the end) as a dict, or a slice of them as a list,
        like the list of dicts it replaces."""
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(self._n))]
        if not -self._n <= i < self._n:
            raise IndexError(i)
        i %= self._n
        return {key: float(col[i]) for key, col in self._columns.items()}

    def __iter__(self) -> Iterator[dict[str, float]]:
        return (self[i] for i in range(self._n))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, HistoryBuffer):
            return self.columns == other.columns and all(
                np.array_equal(self.column(k), other.column(k), equal_nan=True) for k in self.columns)
        if isinstance(other, list):
            return list(self) == other
        return NotImplemented

    __hash__ = None  # mutable, compared by value

    @property
    def columns(self) -> list[str]:
        return list(self._columns)

    @property
    def nbytes(self) -> int:
        """Memory held by the columns, spare capacity included."""
        return sum(col.nbytes for col in self._columns.values())

    def append(self, records: Iterable[Mapping[str, float]]) -> None:
        """Add records (dicts of numbers); keys missing in a record are stored as NaN."""
        records = list(records)
        if not records:
            return
        if len(records) == 1 and records[0].keys() == self._columns.keys():
            # The trainer's step(1): one row of known columns (a fifth of the general path).
            self._reserve(self._n + 1)
            try:
                for key, value in records[0].items():
                    self._columns[key][self._n] = value
            except (TypeError, ValueError):  # a value that is not a number: the general path
                pass
            else:
                self._n += 1
                return
        keys = list(dict.fromkeys(k for r in records for k in r))
        m = len(records)
        self._reserve(self._n + m)
        for key in keys:
            if key not in self._columns:
                self._columns[key] = np.full(self._capacity, np.nan)
            self._columns[key][self._n:self._n + m] = [_as_float(r.get(key)) for r in records]
        for key in self._columns.keys() - set(keys):
            self._columns[key][self._n:self._n + m] = np.nan
        self._n += m

    def _reserve(self, size: int) -> None:
        if size <= self._capacity:
            return
        while self._capacity < size:
            self._capacity *= 2
        for key, col in self._columns.items():
            grown = np.full(self._capacity, np.nan)
            grown[:self._n] = col[:self._n]
            self._columns[key] = grown

    def column(self, key: str) -> np.ndarray:
        """A read-only view of one column's values so far."""
        view = self._columns[key][:self._n]
        view.flags.writeable = False
        return view

    def frame(self) -> pd.DataFrame:
        """All records as a DataFrame (copies; for downloads, not for every refresh)."""
        return pd.DataFrame({k: v[:self._n].copy() for k, v in self._columns.items()})

    def loss_columns(self, span: float, max_points: int = MAX_POINTS) -> dict[str, np.ndarray]:
        """loss_frame's columns as NumPy arrays (for a live refresh: no pandas work)."""
        if self._n == 0 or "loss" not in self._columns:
            return {key: np.zeros(0) for key in ("iteration", "epoch", "loss", "smoothed")}
        loss = self.column("loss")
        idx = downsample_index(self._n, max_points, loss)
        return {
            "iteration": self.column("iteration")[idx],
            "epoch": (self.column("epoch")[idx] if "epoch" in self._columns
                      else np.full(len(idx), np.nan)),
            "loss": finite_or_nan(loss[idx]),
            "smoothed": exponential_moving_average(loss, span)[idx],
        }

    def loss_frame(self, span: float, max_points: int = MAX_POINTS) -> pd.DataFrame:
        """iteration, epoch, loss, smoothed: the mini-batch loss, downsampled keeping its spikes."""
        if self._n == 0 or "loss" not in self._columns:
            return pd.DataFrame(columns=["iteration", "epoch", "loss", "smoothed"])
        return pd.DataFrame(self.loss_columns(span, max_points))

    def gradient_columns(self, max_points: int = MAX_POINTS) -> dict[str, np.ndarray]:
        """gradient_frame's columns as NumPy arrays, layer after layer."""
        layers = layer_norm_columns(self._columns)
        if self._n == 0 or not layers:
            return {"iteration": np.zeros(0), "layer": np.zeros(0, dtype=np.int64),
                    "norm": np.zeros(0)}
        idx = downsample_index(self._n, max_points)
        iterations = self.column("iteration")[idx]
        # ||(W, b)|| = sqrt(||W||^2 + ||b||^2): one number per layer.
        norms = [finite_or_nan(np.sqrt(sum(np.square(self.column(c)[idx]) for c in cols)))
                 for cols in layers.values()]
        return {"iteration": np.tile(iterations, len(layers)),
                "layer": np.repeat(np.array(list(layers), dtype=np.int64), len(idx)),
                "norm": np.concatenate(norms)}

    def gradient_frame(self, max_points: int = MAX_POINTS) -> pd.DataFrame:
        """Long form (iteration, layer, norm): the L2 norm of each layer's gradient (W and b together)."""
        if self._n == 0 or not layer_norm_columns(self._columns):
            return pd.DataFrame(columns=["iteration", "layer", "norm"])
        return pd.DataFrame(self.gradient_columns(max_points))


def _as_float(value: object) -> float:
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return float("nan")


def history_with_evaluations(history: pd.DataFrame, evaluations: pd.DataFrame) -> pd.DataFrame:
    """One table for download: every iteration, with the per-epoch evaluation on its row.

    Iteration 0 (the evaluation before any update) gets a row of its own.
    """
    evals = evaluations.drop(columns=["epoch"], errors="ignore")
    if history.empty:
        history = pd.DataFrame({"iteration": pd.Series(dtype=float)})
    table = history.merge(evals, on="iteration", how="outer").sort_values("iteration")
    table["iteration"] = table["iteration"].astype("int64")
    return table.reset_index(drop=True)
