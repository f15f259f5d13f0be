"""Datasets: one shape for every source, stratified seeded splits, no leaks, read-only arrays."""

from __future__ import annotations

import dataclasses
import re
import string
from pathlib import Path

import numpy as np
import pytest

import core
from core.datasets import Dataset, DatasetMeta, bundled, dataset_info, list_datasets, load_dataset, toy
from core.datasets.dataset import stratified_split, stratified_take
from core.errors import DataError
from core.i18n import STRINGS, t

LOCAL = [name for name in list_datasets() if name != "mnist"]  # loadable without a download
TOYS = list(toy.TOY_SETS)
ROOT = Path(__file__).resolve().parent.parent


def test_list_datasets_in_ui_order() -> None:
    assert list_datasets() == ["digits", "mnist-5k", "mnist", "circles", "xor", "gaussians",
                               "spiral", "spiral3", "moons"]


def test_top_level_names() -> None:
    for name in ("Dataset", "DatasetMeta", "load_dataset", "list_datasets", "dataset_info",
                 "mnist_available", "download_mnist", "dataset_from_csv"):
        assert name in core.__all__ and hasattr(core, name)


@pytest.mark.parametrize("name", list_datasets())
def test_dataset_info_has_translated_texts(name: str) -> None:
    meta = dataset_info(name)
    assert isinstance(meta, DatasetMeta)
    assert meta.kind == ("points" if name in TOYS else "image")
    assert meta.source and meta.licence
    for lang in ("zh", "en"):
        for key in (meta.title_key, meta.description_key):
            assert not t(key, lang).startswith("⟦"), (key, lang)


@pytest.mark.parametrize("name", ["nope", "", None, "MNIST"])
def test_unknown_name_is_a_data_error(name: object) -> None:
    with pytest.raises(DataError) as info:
        load_dataset(name)  # type: ignore[arg-type]
    assert info.value.key == "err.data.unknown"
    with pytest.raises(DataError):
        dataset_info(name)  # type: ignore[arg-type]


@pytest.mark.parametrize("name", LOCAL)
def test_shape_dtypes_and_ranges(name: str) -> None:
    data = load_dataset(name)
    for x in (data.x_train, data.x_test):
        assert x.dtype == np.float32 and x.flags.c_contiguous and x.ndim == 2
        assert x.shape[1] == data.n_features and np.isfinite(x).all()
    for labels in (data.t_train, data.t_test):
        assert labels.dtype == np.int64 and labels.min() >= 0 and labels.max() < data.n_classes
    assert len(data.class_names) == data.n_classes
    assert set(np.unique(data.t_train)) == set(range(data.n_classes))
    assert set(np.unique(data.t_test)) == set(range(data.n_classes))
    if data.meta.kind == "image":
        assert data.x_train.min() >= 0.0 and data.x_train.max() == 1.0
        assert int(np.prod(data.image_shape)) == data.n_features
        assert data.class_names == tuple(string.digits)
    else:
        assert data.image_shape is None and data.n_features == 2


@pytest.mark.parametrize("name, total, shape", [("digits", 1797, (8, 8)), ("mnist-5k", 5000, (28, 28))])
def test_bundled_sizes(name: str, total: int, shape: tuple[int, int]) -> None:
    data = load_dataset(name)
    assert data.n_train + data.n_test == total and data.image_shape == shape
    counts = np.bincount(np.concatenate((data.t_train, data.t_test)), minlength=10)
    if name == "mnist-5k":
        assert (counts == 500).all()


def test_bundled_files_are_uint8_without_pickles() -> None:
    for file, shape, top in bundled.BUNDLED.values():
        with np.load(bundled.DATA_DIR / file, allow_pickle=False) as archive:
            assert archive["x"].dtype == np.uint8 and archive["t"].dtype == np.uint8
            assert archive["x"].shape[1] == shape[0] * shape[1] and archive["x"].max() == top


def test_bundled_set_is_a_partition_of_its_file() -> None:
    """Train and test together are exactly the file's rows, each once: nothing lost, nothing shared."""
    data = load_dataset("digits", seed=3)
    x, labels = bundled.load_pixels("digits")
    together = np.column_stack((np.vstack((data.x_train, data.x_test)),
                                np.concatenate((data.t_train, data.t_test))))
    original = np.column_stack((x, labels))
    assert len(together) == len(original)
    np.testing.assert_array_equal(together[np.lexsort(together.T[::-1])],
                                  original[np.lexsort(original.T[::-1])])


@pytest.mark.parametrize("name", TOYS)
@pytest.mark.parametrize("seed", [0, 7])
def test_toy_train_and_test_share_no_row(name: str, seed: int) -> None:
    data = load_dataset(name, seed=seed, noise=0.2, n_points=300)
    assert data.n_train + data.n_test == 300
    rows_train = {row.tobytes() for row in data.x_train}
    assert not any(row.tobytes() in rows_train for row in data.x_test)


@pytest.mark.parametrize("n, k, fraction", [(100, 2, 0.2), (1797, 10, 0.1), (301, 3, 0.5), (7, 3, 0.3)])
@pytest.mark.parametrize("seed", [0, 1])
def test_stratified_split_is_a_disjoint_stratified_partition(n: int, k: int, fraction: float, seed: int) -> None:
    labels = np.random.default_rng(seed).integers(0, k, n)
    labels[:k] = np.arange(k)  # every class present
    counts = np.bincount(labels, minlength=k)
    train, test = stratified_split(labels, fraction, k, np.random.default_rng(seed))
    assert len(np.intersect1d(train, test)) == 0
    np.testing.assert_array_equal(np.sort(np.concatenate((train, test))), np.arange(n))
    test_counts = np.bincount(labels[test], minlength=k)
    for c in range(k):
        if counts[c] >= 2:
            assert 1 <= test_counts[c] <= counts[c] - 1
            assert abs(test_counts[c] - fraction * counts[c]) <= 1


def test_split_is_shuffled_not_sorted_by_class() -> None:
    data = load_dataset("mnist-5k")
    assert (np.diff(data.t_train) != 0).mean() > 0.5


@pytest.mark.parametrize("name", LOCAL)
def test_same_key_same_data_other_seed_other_split(name: str) -> None:
    a, b = load_dataset(name, seed=5), load_dataset(name, seed=5)
    np.testing.assert_array_equal(a.x_train, b.x_train)
    np.testing.assert_array_equal(a.t_test, b.t_test)
    c = load_dataset(name, seed=6)
    assert not np.array_equal(a.t_train, c.t_train) or not np.array_equal(a.x_train, c.x_train)


@pytest.mark.parametrize("fraction", [0.1, 0.25, 0.5, 0.15000000000000002])
def test_test_fraction(fraction: float) -> None:
    data = load_dataset("digits", test_fraction=fraction)
    assert abs(data.n_test / 1797 - fraction) < 0.01


@pytest.mark.parametrize("fraction", [0.05, 0.6, -1, "abc", float("nan"), 1.0, 0.0])
def test_test_fraction_out_of_range(fraction: object) -> None:
    with pytest.raises(DataError) as info:
        load_dataset("circles", test_fraction=fraction)  # type: ignore[arg-type]
    assert info.value.key == "err.data.test_fraction"


def test_toy_sets_are_standardised_with_training_statistics_only() -> None:
    seed, fraction = 4, 0.3
    data = load_dataset("moons", seed=seed, test_fraction=fraction, noise=0.1, n_points=500)
    x, labels = toy.make_toy("moons", 500, 0.1, seed)
    train, test = stratified_split(labels, fraction, 2, np.random.default_rng(seed))
    mean, std = x[train].mean(axis=0, dtype=np.float64), x[train].std(axis=0, dtype=np.float64)
    np.testing.assert_allclose(data.x_train, (x[train] - mean) / std, atol=1e-5)
    np.testing.assert_allclose(data.x_test, (x[test] - mean) / std, atol=1e-5)
    np.testing.assert_allclose(data.x_train.mean(axis=0), 0, atol=1e-5)
    np.testing.assert_allclose(data.x_train.std(axis=0), 1, atol=1e-4)
    assert np.abs(data.x_test.mean(axis=0)).max() > 1e-4  # the test split was not scaled by itself


@pytest.mark.parametrize("name", TOYS)
@pytest.mark.parametrize("n_points", [50, 401, 5000])
def test_toy_n_points_and_balance(name: str, n_points: int) -> None:
    x, labels = toy.make_toy(name, n_points, 0.1, 0)
    assert x.shape == (n_points, 2) and x.dtype == np.float32
    counts = np.bincount(labels)
    assert counts.max() - counts.min() <= 1


def test_toy_shapes_without_noise() -> None:
    x, labels = toy.make_toy("circles", 1000, 0.0, 0)
    radius = np.hypot(x[:, 0], x[:, 1])
    assert radius[labels == 0].max() <= 0.5 + 1e-6 and radius[labels == 1].min() >= 0.7 - 1e-6
    x, labels = toy.make_toy("xor", 1000, 0.0, 0)
    np.testing.assert_array_equal(labels, (x[:, 0] * x[:, 1] < 0).astype(int))
    x, labels = toy.make_toy("gaussians", 1000, 0.0, 0)
    assert ((x.sum(axis=1) < 0) == (labels == 1)).mean() > 0.99


@pytest.mark.parametrize("name", TOYS)
def test_noise_blurs_the_classes(name: str) -> None:
    """With more noise, a point's nearest neighbour more often belongs to another class."""
    def mixing(noise: float) -> float:
        x, labels = toy.make_toy(name, 600, noise, 0)
        d = ((x[:, None, :] - x[None, :, :]) ** 2).sum(-1)
        np.fill_diagonal(d, np.inf)
        return float((labels[d.argmin(axis=1)] != labels).mean())

    assert mixing(0.0) < mixing(0.5)


@pytest.mark.parametrize("kwargs, key", [
    ({"noise": -0.1}, "err.data.noise"), ({"noise": 0.51}, "err.data.noise"),
    ({"noise": "x"}, "err.data.noise"), ({"n_points": 49}, "err.data.n_points"),
    ({"n_points": 5001}, "err.data.n_points"), ({"n_points": 100.5}, "err.data.n_points"),
    ({"train_size": 0}, "err.data.train_size"), ({"train_size": 2.5}, "err.data.train_size"),
    ({"train_size": True}, "err.data.train_size"), ({"seed": -1}, "err.data.seed"),
    ({"seed": 1.5}, "err.data.seed"), ({"seed": "3"}, "err.data.seed"),
])
def test_bad_toy_settings(kwargs: dict, key: str) -> None:
    with pytest.raises(DataError) as info:
        load_dataset("spiral", **kwargs)
    assert info.value.key == key
    assert not t(key, "zh", **info.value.params).startswith("⟦")


def test_noise_and_n_points_do_not_matter_for_images() -> None:
    a = load_dataset("digits", noise=0.3, n_points=77)
    b = load_dataset("digits")
    np.testing.assert_array_equal(a.x_train, b.x_train)


# ------------------------------------------------------------------ read-only, frozen
@pytest.mark.parametrize("name", ["digits", "spiral3"])
def test_arrays_are_read_only_and_dataclass_frozen(name: str) -> None:
    data = load_dataset(name)
    for field in ("x_train", "t_train", "x_test", "t_test"):
        array = getattr(data, field)
        with pytest.raises(ValueError):
            array[0] = 0
        with pytest.raises(ValueError):
            array.flags.writeable = True
    with pytest.raises(dataclasses.FrozenInstanceError):
        data.n_classes = 3  # type: ignore[misc]


def test_dataset_copies_views_of_writable_memory() -> None:
    base = np.zeros((6, 2), dtype=np.float32)
    labels = np.array([0, 1, 0, 1, 0, 1])
    data = Dataset("x", base[:4], labels[:4], base[4:], labels[4:], 2, ("a", "b"), None,
                   dataset_info("xor"))
    base[:] = 9.0
    assert (data.x_train == 0).all() and (data.x_test == 0).all()


def test_dataset_rejects_broken_shapes() -> None:
    meta = dataset_info("xor")
    with pytest.raises(ValueError):
        Dataset("x", np.zeros((3, 2)), np.zeros(2), np.zeros((1, 2)), np.zeros(1), 2, ("a", "b"), None, meta)
    with pytest.raises(ValueError):
        Dataset("x", np.zeros((3, 2)), np.zeros(3), np.zeros((1, 3)), np.zeros(1), 2, ("a", "b"), None, meta)
    with pytest.raises(ValueError):
        Dataset("x", np.zeros((2, 2)), np.array([0, 2]), np.zeros((1, 2)), np.zeros(1), 2, ("a", "b"), None, meta)
    with pytest.raises(ValueError):
        Dataset("x", np.zeros((2, 2)), np.array([0, 1]), np.zeros((1, 2)), np.zeros(1), 2, ("a",), None, meta)


# ------------------------------------------------------------------ subset (over-fitting demos)
@pytest.mark.parametrize("size", [10, 100, 333])
@pytest.mark.parametrize("seed", [0, 2])
def test_subset_keeps_class_shares_and_the_test_split(size: int, seed: int) -> None:
    full = load_dataset("mnist-5k")
    small = full.subset(size, seed=seed)
    assert small.n_train == size
    assert small.x_test is full.x_test and small.t_test is full.t_test
    counts = np.bincount(small.t_train, minlength=10)
    expected = size * np.bincount(full.t_train, minlength=10) / full.n_train
    assert (np.abs(counts - expected) <= 1).all() and (counts >= 1).all()
    rows = {row.tobytes() for row in full.x_train}
    assert all(row.tobytes() in rows for row in small.x_train)
    assert len({row.tobytes() for row in small.x_train}) == size  # no row twice
    again = full.subset(size, seed=seed)
    np.testing.assert_array_equal(again.x_train, small.x_train)


def test_subset_via_load_dataset_and_larger_than_train() -> None:
    assert load_dataset("digits", train_size=100).n_train == 100
    full = load_dataset("digits")
    assert full.subset(10**6) is full


def test_subset_smaller_than_the_number_of_classes() -> None:
    labels = np.repeat(np.arange(10), 50)
    rows = stratified_take(labels, 3, 10, np.random.default_rng(0))
    assert len(rows) == 3 and len(set(labels[rows])) == 3


def test_subset_every_class_when_shares_round_to_zero() -> None:
    labels = np.array([0] * 98 + [1, 2])
    rows = stratified_take(labels, 5, 3, np.random.default_rng(0))
    assert len(rows) == 5 and set(labels[rows]) == {0, 1, 2}


# ------------------------------------------------------------------ failures and strings
def test_missing_bundled_file_is_a_data_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(bundled, "DATA_DIR", tmp_path)
    bundled.load_pixels.cache_clear()
    try:
        with pytest.raises(DataError) as info:
            load_dataset("digits")
        assert info.value.key == "err.data.bundled_missing"
    finally:
        bundled.load_pixels.cache_clear()


def _keys_used_in_code() -> set[str]:
    keys: set[str] = set()
    for path in (ROOT / "core" / "datasets").glob("*.py"):
        keys |= set(re.findall(r'"((?:err|data)\.[a-z0-9_.]+[a-z0-9_])"', path.read_text()))
    return keys


def test_every_message_key_used_has_both_languages() -> None:
    keys = _keys_used_in_code() | {f"err.download.{r}" for r in ("offline", "checksum", "truncated", "format")}
    keys |= {f"data.download.{role}" for role in ("train_images", "train_labels", "test_images", "test_labels")}
    assert len(keys) > 30
    for key in keys:
        assert key in STRINGS, key
        assert STRINGS[key].get("zh") and STRINGS[key].get("en"), key


def test_data_strings_share_placeholders_and_read_as_chinese() -> None:
    from core.strings.data import STRINGS as DATA_STRINGS

    for key, entry in DATA_STRINGS.items():
        assert key.startswith(("data.", "err.data.", "err.csv.", "err.download.")), key
        names = [set(re.findall(r"{(\w+)", entry[lang])) for lang in ("zh", "en")]
        assert names[0] == names[1], key
        assert re.search(r"[\u4e00-\u9fff]", entry["zh"]), key


# ------------------------------------------------------------------ the build script
def _build_script():
    import importlib.util

    spec = importlib.util.spec_from_file_location("build_bundled_data", ROOT / "scripts" / "build_bundled_data.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def test_build_script_reads_a_wheel_and_writes_uint8_npz(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import gzip
    import zipfile

    script = _build_script()
    rng = np.random.default_rng(0)
    x = rng.integers(0, 17, size=(1797, 64))
    x[0, 0], x[0, 1] = 0, 16
    labels = np.arange(1797) % 10
    csv_text = "\n".join(",".join(map(str, row)) + f",{t}" for row, t in zip(x, labels))
    wheel = tmp_path / "scikit_learn-0-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as archive:
        archive.writestr(script.SOURCES["digits"][1], gzip.compress(csv_text.encode()))
    monkeypatch.setattr(script, "DATA", tmp_path)
    monkeypatch.setattr(script, "ROOT", tmp_path.parent)
    script.build("digits", wheel)
    with np.load(tmp_path / "digits.npz", allow_pickle=False) as archive:
        np.testing.assert_array_equal(archive["x"], x)
        np.testing.assert_array_equal(archive["t"], labels)
        assert archive["x"].dtype == np.uint8
    with pytest.raises(ValueError):
        script.check_mnist5k(x, labels)
