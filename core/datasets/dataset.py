"""The one shape every data source takes: training data and test data, read-only."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

import numpy as np

from core.errors import DataError

Kind = Literal["image", "points", "table"]
TEST_FRACTION_RANGE = (0.1, 0.5)
DEFAULT_TEST_FRACTION = 0.2
_EPS = 1e-9  # slider values such as 0.15000000000000002 are still in range


@dataclass(frozen=True)
class DatasetMeta:
    """What the UI shows about a data set without loading it."""

    title_key: str
    description_key: str
    source: str  # the citation, or an uploaded file's name (user text: shown literally)
    licence: str
    kind: Kind
    source_key: str | None = None  # the citation in the user's language, for built-in sets


def readonly(array: np.ndarray, dtype: type) -> np.ndarray:
    """`array` as a C-contiguous `dtype` array that nobody can write to.

    A fresh array that owns its memory is frozen in place (the Dataset takes it over); a view
    of someone else's writable memory is copied first, so that memory cannot change it later.
    """
    out = np.ascontiguousarray(array, dtype=dtype)
    if out.flags.writeable:
        if out.base is not None:
            out = out.copy()
        out.flags.writeable = False
        # A view of a frozen owner cannot be made writable again (the owner itself could be).
        out = out.view()
    return out


# eq=False: arrays make field-wise equality meaningless; identity hashing keeps caches happy.
@dataclass(frozen=True, eq=False)
class Dataset:
    """Training data and test data of one classification problem (all arrays read-only)."""

    name: str
    x_train: np.ndarray  # float32, n_train x n_features
    t_train: np.ndarray  # int64 class ids 0..n_classes-1
    x_test: np.ndarray
    t_test: np.ndarray
    n_classes: int
    class_names: tuple[str, ...]
    image_shape: tuple[int, ...] | None
    meta: DatasetMeta

    def __post_init__(self) -> None:
        for field, dtype in (("x_train", np.float32), ("t_train", np.int64),
                             ("x_test", np.float32), ("t_test", np.int64)):
            object.__setattr__(self, field, readonly(getattr(self, field), dtype))
        object.__setattr__(self, "class_names", tuple(str(c) for c in self.class_names))
        object.__setattr__(self, "n_classes", int(self.n_classes))
        if self.image_shape is not None:
            object.__setattr__(self, "image_shape", tuple(int(s) for s in self.image_shape))
        # Broken invariants are programming errors, not user errors: fail loudly.
        if self.x_train.ndim != 2 or self.x_test.ndim != 2:
            raise ValueError("x_train and x_test must be 2-D (samples x features)")
        if self.x_train.shape[1] != self.x_test.shape[1]:
            raise ValueError("x_train and x_test need the same number of features")
        if len(self.x_train) != len(self.t_train) or len(self.x_test) != len(self.t_test):
            raise ValueError("features and labels differ in length")
        if len(self.class_names) != self.n_classes:
            raise ValueError("class_names must name every class")
        for labels in (self.t_train, self.t_test):
            if labels.size and not 0 <= labels.min() <= labels.max() < self.n_classes:
                raise ValueError("labels must be class ids 0..n_classes-1")

    @property
    def n_features(self) -> int:
        return int(self.x_train.shape[1])

    @property
    def n_train(self) -> int:
        return int(self.x_train.shape[0])

    @property
    def n_test(self) -> int:
        return int(self.x_test.shape[0])

    def subset(self, train_size: int, seed: int = 0) -> Dataset:
        """The same problem with only `train_size` training rows (class shares kept); test unchanged."""
        size = check_train_size(train_size)
        rng = np.random.default_rng(check_seed(seed))
        if size >= self.n_train:
            return self
        rows = stratified_take(self.t_train, size, self.n_classes, rng)
        return replace(self, x_train=self.x_train[rows], t_train=self.t_train[rows])


def check_train_size(train_size: object) -> int:
    if isinstance(train_size, bool) or not isinstance(train_size, (int, np.integer)) or train_size < 1:
        raise DataError("err.data.train_size", value=train_size)
    return int(train_size)


def check_seed(seed: object) -> int:
    """A seed for np.random.default_rng: a whole number >= 0."""
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise DataError("err.data.seed", value=seed)
    return int(seed)


def check_test_fraction(test_fraction: object) -> float:
    lo, hi = TEST_FRACTION_RANGE
    try:
        value = float(test_fraction)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise DataError("err.data.test_fraction", value=test_fraction, lo=lo, hi=hi) from None
    if not lo - _EPS <= value <= hi + _EPS:
        raise DataError("err.data.test_fraction", value=test_fraction, lo=lo, hi=hi)
    return min(max(value, lo), hi)


def _rank_in_class(labels: np.ndarray, n_classes: int) -> np.ndarray:
    """For each row, how many rows of its class come before it (0, 1, 2, ...)."""
    order = np.argsort(labels, kind="stable")
    counts = np.bincount(labels, minlength=n_classes)
    starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
    rank = np.empty(len(labels), dtype=np.int64)
    rank[order] = np.arange(len(labels)) - starts[labels[order]]
    return rank


def _quotas(counts: np.ndarray, total: int) -> np.ndarray:
    """Split `total` over classes in proportion to `counts` (largest remainders), >= 1 each if possible."""
    exact = counts * (total / counts.sum())
    quota = np.floor(exact).astype(np.int64)
    for c in np.argsort(-(exact - quota), kind="stable")[: total - quota.sum()]:
        quota[c] += 1
    present = counts > 0
    if total >= present.sum():
        # Every class shows up at least once: take the row from the class with most to spare.
        for c in np.flatnonzero(present & (quota == 0)):
            quota[np.argmax(quota)] -= 1
            quota[c] = 1
    return np.minimum(quota, counts)


def stratified_take(labels: np.ndarray, size: int, n_classes: int,
                    rng: np.random.Generator) -> np.ndarray:
    """Indices of `size` rows drawn at random so each class keeps its share."""
    perm = rng.permutation(len(labels))
    counts = np.bincount(labels, minlength=n_classes)
    quota = _quotas(counts, size)
    keep = _rank_in_class(labels[perm], n_classes) < quota[labels[perm]]
    return perm[keep]


def stratified_split(labels: np.ndarray, test_fraction: float, n_classes: int,
                     rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """(train rows, test rows): disjoint, shuffled, each class split in the same proportion.

    Every class with at least 2 rows has at least one row on each side.
    """
    perm = rng.permutation(len(labels))
    shuffled = labels[perm]
    counts = np.bincount(labels, minlength=n_classes)
    # As scikit-learn: ceil(fraction * n) test rows in all, shared out in proportion to the classes.
    n_test = _quotas(counts, int(np.ceil(test_fraction * len(labels) - 1e-9)))
    n_test = np.where(counts >= 2, np.clip(n_test, 1, counts - 1), 0)
    is_test = _rank_in_class(shuffled, n_classes) < n_test[shuffled]
    return perm[~is_test], perm[is_test]


def standardise(x_train: np.ndarray, x_test: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Scale features with the training split's mean and std only, so the test split never leaks in."""
    mean = x_train.mean(axis=0, dtype=np.float64)
    std = x_train.std(axis=0, dtype=np.float64)
    std = np.where(std > 0, std, 1.0)  # a constant feature stays 0 instead of dividing by 0
    return ((x_train - mean) / std).astype(np.float32), ((x_test - mean) / std).astype(np.float32)


def split_dataset(name: str, x: np.ndarray, t: np.ndarray, *, n_classes: int,
                  class_names: tuple[str, ...], image_shape: tuple[int, ...] | None,
                  meta: DatasetMeta, seed: int, test_fraction: float,
                  scale: bool, in_place: bool = False) -> Dataset:
    """Split one labelled table into a Dataset (standardising it with training statistics if `scale`).

    With `in_place` the Dataset takes `x` over (a float32, C-ordered array nobody else holds):
    its rows are reordered and standardised where they are, and the training and test data are
    two views of it, so splitting an uploaded table costs no second copy of it. The values are
    those of the copying split (the same rows in the same order), up to float rounding.
    """
    train, test = stratified_split(t, test_fraction, n_classes, np.random.default_rng(seed))
    if in_place:
        n_train = len(train)
        permute_rows(x, np.concatenate((train, test)))
        if scale:
            mean, std = _column_stats(x[:n_train])
            for rows in _blocks(x):
                x[rows] = (x[rows] - mean) / std  # float64 per block, stored as float32
        owner = x
        while isinstance(owner.base, np.ndarray):
            owner = owner.base
        owner.flags.writeable = x.flags.writeable = False  # frozen: the views are not copied again
        return Dataset(name, x[:n_train], t[train], x[n_train:], t[test], n_classes,
                       class_names, image_shape, meta)
    x_train, x_test = x[train], x[test]
    if scale:
        x_train, x_test = standardise(x_train, x_test)
    return Dataset(name, x_train, t[train], x_test, t[test], n_classes, class_names,
                   image_shape, meta)


BLOCK_BYTES = 4 * 2**20  # temporaries of the in-place work stay this small


def _blocks(x: np.ndarray) -> list[slice]:
    """Row slices of about BLOCK_BYTES of `x` each."""
    step = max(1, BLOCK_BYTES // max(1, x[:1].nbytes * 2))  # float64 temporaries: twice float32
    return [slice(i, min(i + step, len(x))) for i in range(0, len(x), step)]


def _column_stats(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each column's mean and (population) std in float64, read a block of rows at a time;
    a constant column gets std 1, so it becomes 0 instead of dividing by 0 (as `standardise`)."""
    n = max(1, len(x))
    mean = sum((x[rows].sum(axis=0, dtype=np.float64) for rows in _blocks(x)),
               np.zeros(x.shape[1])) / n
    square = sum((((x[rows] - mean) ** 2).sum(axis=0) for rows in _blocks(x)), np.zeros(x.shape[1]))
    std = np.sqrt(square / n)
    return mean, np.where(std > 0, std, 1.0)


def permute_rows(x: np.ndarray, order: np.ndarray) -> None:
    """x[:] = x[order] for a permutation `order`, without a second copy of x.

    The permutation is followed cycle by cycle (in pure Python: a few ms for 100,000 rows);
    each cycle's rows move a block at a time, so the temporaries stay near BLOCK_BYTES. Rows
    of at most 64 bytes are gathered into a copy instead: it is smaller than the bookkeeping.
    """
    if x[:1].nbytes <= 64:
        x[:] = x[order]
        return
    after = order.tolist()
    seen = bytearray(len(after))
    step = max(1, BLOCK_BYTES // max(1, x[:1].nbytes))
    for start, target in enumerate(after):
        if seen[start] or target == start:
            continue
        cycle = [start]
        seen[start] = 1
        while target != start:  # row cycle[i] receives row cycle[i + 1]
            cycle.append(target)
            seen[target] = 1
            target = after[target]
        rows = np.asarray(cycle)
        first = x[start].copy()
        for i in range(0, len(rows) - 1, step):
            j = min(i + step, len(rows) - 1)
            x[rows[i:j]] = x[rows[i + 1:j + 1]]  # the right side is gathered before it is written
        x[rows[-1]] = first
