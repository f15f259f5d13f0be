"""The CSV importer in a class: bounded memory, the same data set in blocks, and messages a
student can act on (no server path, no pandas English, UTF-16 named as such)."""

from __future__ import annotations

import tracemalloc

import numpy as np
import pytest

from core.datasets import csv_import, dataset_from_csv
from core.datasets.dataset import DatasetMeta, permute_rows, split_dataset
from core.errors import DataError
from core.i18n import t

META = DatasetMeta("data.csv.title", "data.csv.desc", "x.csv", "", "table")


def one_digit_csv(rows: int, columns: int, classes: int = 50) -> bytes:
    """The classroom's shape (issue 17): one-digit features, the label n % classes last."""
    rng = np.random.default_rng(0)
    features = columns - 1
    table = np.full((rows, 2 * features), ord(","), dtype=np.uint8)
    table[:, 0::2] = rng.integers(0, 10, size=(rows, features), dtype=np.uint8) + ord("0")
    head = (",".join(f"f{j}" for j in range(features)) + ",label\n").encode()
    return head + b"".join(bytes(row) + f"{i % classes}\n".encode() for i, row in enumerate(table))


# ------------------------------------------------------------------ memory
def test_parsing_a_20_mb_csv_peaks_at_most_at_three_times_its_size() -> None:
    data = one_digit_csv(100_000, 100)  # 20 MB; the float32 table alone is 2x that
    assert 19e6 < len(data) < 21e6
    dataset_from_csv(b"a,label\n1,0\n2,1\n3,0\n4,1\n")  # first-call imports are not the file's
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        data_set = dataset_from_csv(data)
        peak = tracemalloc.get_traced_memory()[1] - before
    finally:
        tracemalloc.stop()
    assert data_set.n_train + data_set.n_test == 100_000 and data_set.n_features == 99
    assert peak <= 3 * len(data), f"{peak / len(data):.2f}x the file"


def test_the_training_and_test_data_share_one_table() -> None:
    data = dataset_from_csv(one_digit_csv(300, 11))
    assert data.x_train.base is not None and data.x_train.base is data.x_test.base
    assert not data.x_train.base.flags.writeable  # frozen at the root, not only the views
    with pytest.raises(ValueError):
        data.x_train.flags.writeable = True  # so no view of it can be made writable again


@pytest.mark.parametrize("width", [2, 40])  # 8-byte rows are gathered, 160-byte rows cycled
def test_permute_rows_in_place_equals_fancy_indexing(width: int) -> None:
    rng = np.random.default_rng(1)
    x = rng.normal(size=(1_000, width)).astype(np.float32)
    order = rng.permutation(1_000)
    expected = x[order]
    permute_rows(x, order)
    np.testing.assert_array_equal(x, expected)


def test_the_in_place_split_equals_the_copying_split() -> None:
    rng = np.random.default_rng(2)
    x = (rng.normal(size=(500, 7)) * [1, 10, 100, 1e3, 1e4, 0, 1e-3] + 5).astype(np.float32)
    t = rng.integers(0, 4, size=500)
    kwargs = dict(n_classes=4, class_names=("a", "b", "c", "d"), image_shape=None, meta=META,
                  seed=3, test_fraction=0.3, scale=True)
    copied = split_dataset("csv", x.copy(), t, **kwargs)
    in_place = split_dataset("csv", x.copy(), t, in_place=True, **kwargs)
    np.testing.assert_array_equal(copied.t_train, in_place.t_train)
    np.testing.assert_allclose(in_place.x_train, copied.x_train, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(in_place.x_test, copied.x_test, rtol=1e-5, atol=1e-5)


def test_reading_in_blocks_gives_the_same_data_set(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "a;b;when;animal\n" + "".join(
        f"{i % 7},{i % 3};{'TRUE' if i % 2 else 'false'};{1_700_000_000 + i};{('cat', 'dog', '1.0')[i % 3]}\n"
        for i in range(90))
    whole = dataset_from_csv(text.encode(), test_fraction=0.25)
    monkeypatch.setattr(csv_import, "BLOCK_CELLS", 12)  # 3 rows a block
    blocks = dataset_from_csv(text.encode(), test_fraction=0.25)
    assert blocks.class_names == whole.class_names == ("1.0", "cat", "dog")
    np.testing.assert_array_equal(blocks.t_train, whole.t_train)
    np.testing.assert_allclose(blocks.x_train, whole.x_train, rtol=1e-5, atol=1e-5)


def test_timestamps_keep_their_seconds() -> None:
    # float32 alone holds 1.7e9 only to 128 s: each column is stored minus an offset first
    text = "when,label\n" + "".join(f"{1_700_000_000 + i},{i % 2}\n" for i in range(200))
    data = dataset_from_csv(text.encode())
    values = np.sort(np.concatenate((data.x_train[:, 0], data.x_test[:, 0])))
    steps = np.diff(values)
    np.testing.assert_allclose(steps, steps.mean(), rtol=1e-3)  # 199 equal one-second steps


def test_an_outlier_does_not_blur_the_other_values() -> None:
    # The offset is the first block's median: with the mean (6e8 here) the digits would all
    # round to one float32 value, which standardising could not pull apart again.
    text = "v,label\n" + "".join(f"{i % 10},{i % 2}\n" for i in range(40)) + "12345678901,0\n"
    for seed in range(20):  # a split with the outlier among the test data
        data = dataset_from_csv(text.encode(), seed=seed)
        if np.abs(data.x_test).max() > 1e3:
            break
    assert len(np.unique(data.x_train[:, 0])) == 10  # the ten digits stay ten values


def test_a_label_column_is_typed_as_a_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    # "1" and "1.0" are one class in a column of numbers, two in a column that holds text too,
    # even when the text comes only in a later block
    numbers = "x,label\n" + "".join(f"{i},{('1', '1.0', '2')[i % 3]}\n" for i in range(30))
    assert dataset_from_csv(numbers.encode()).class_names == ("1", "2")
    monkeypatch.setattr(csv_import, "BLOCK_CELLS", 8)
    mixed = numbers + "".join(f"{i},x\n" for i in range(30, 33))
    assert dataset_from_csv(mixed.encode()).class_names == ("1", "1.0", "2", "x")


def test_values_beyond_float32_are_refused_by_name() -> None:
    error = error_of(b"a,b,label\n1,4e38,0\n2,3,0\n3,4,1\n4,5,1\n")
    assert error.key == "err.csv.non_finite" and error.params["column"] == "b"


# ------------------------------------------------------------------ what a student never sees
def error_of(content: bytes) -> DataError:
    with pytest.raises(DataError) as info:
        dataset_from_csv(content)
    return info.value


def messages(error: DataError) -> dict[str, str]:
    return {lang: t(error.key, lang, **error.params) for lang in ("zh", "en")}


RAW_ENGLISH = ("Error tokenizing", "C error", "EOF", "Expected", "Errno", "pandas", "/root", "/home")


@pytest.mark.parametrize("content, line", [
    (b'a,b,label\n1,2,0\n3,"4,1\n5,6,0\n', 3),
    (b'a,b,label\n\n1,2,0\n3,4,1\n5,"6,0\n7,8,1\n', 5),  # the blank line counts
])
def test_an_unclosed_quote_is_our_message_with_its_line(content: bytes, line: int) -> None:
    error = error_of(content)
    assert error.key == "err.csv.unclosed_quote" and error.params == {"line": line}
    for lang, text in messages(error).items():
        assert not any(word in text for word in RAW_ENGLISH), (lang, text)
        assert str(line) in text


def test_an_unclosed_quote_in_a_later_block_names_its_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(csv_import, "BLOCK_CELLS", 6)
    content = b"a,b,label\n" + b"1,2,0\n3,4,1\n" * 10 + b'5,"6,0\n7,8,1\n'
    assert error_of(content).params == {"line": 22}


def test_other_parser_errors_never_show_pandas_english() -> None:
    for message, key in [("Error tokenizing data. C error: Buffer overflow caught - possible "
                          "malformed input file.", "err.csv.parse_unknown"),
                         ("Error tokenizing data. C error: Calling read(nbytes) on source "
                          "failed at row 17.", "err.csv.parse")]:
        error = csv_import._parser_error(ValueError(message), 3)
        assert error.key == key
        for text in messages(error).values():
            assert not any(word in text for word in RAW_ENGLISH), text


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("header", ["a,b,label", "身高,体重,类别"])
def test_utf16_without_a_bom_is_named_utf16(encoding: str, header: str) -> None:
    content = (header + "\n" + "".join(f"{i},{i % 5},{i % 2}\n" for i in range(20))).encode(encoding)
    assert not content.startswith((b"\xff\xfe", b"\xfe\xff"))
    error = error_of(content)
    assert error.key == "err.csv.utf16"
    texts = messages(error)
    assert "UTF-16" in texts["zh"] and "UTF-8" in texts["zh"] and "UTF-16" in texts["en"]
    assert "Excel, an archive or an image" not in texts["en"]


def test_a_stray_nul_byte_is_still_binary() -> None:
    assert error_of(b"a,b,label\n1,2\x00,3\n").key == "err.csv.binary"


def test_mnist_errors_show_no_path_and_no_os_english(tmp_path, monkeypatch: pytest.MonkeyPatch,
                                                      caplog: pytest.LogCaptureFixture) -> None:
    import socket

    from core.datasets import download_mnist, load_dataset, mnist

    with socket.socket() as s:  # a port where nothing listens: every mirror fails
        s.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{s.getsockname()[1]}/mnist/"
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")  # mkdir: [Errno 17] File exists
    with pytest.raises(DataError) as cache_error:
        download_mnist(mirrors=[dead], cache_dir=blocker)
    with pytest.raises(DataError) as offline:
        download_mnist(mirrors=[dead], cache_dir=tmp_path / "ok")
    monkeypatch.setenv(mnist.CACHE_ENV, str(tmp_path / "broken"))
    mnist._load_arrays.cache_clear()
    (tmp_path / "broken" / "mnist").mkdir(parents=True)
    for name in mnist.FILES.values():
        (tmp_path / "broken" / "mnist" / name).write_bytes(b"not gzip")
    with pytest.raises(DataError) as corrupt:
        load_dataset("mnist")
    mnist._load_arrays.cache_clear()
    keys = [e.value.key for e in (cache_error, offline, corrupt)]
    assert keys == ["err.download.cache_dir", "err.download.offline", "err.data.mnist_corrupt"]
    for error in (cache_error.value, offline.value, corrupt.value):
        for lang, text in messages(error).items():
            assert str(tmp_path) not in text and "/" not in text.replace("/mnist/", ""), (lang, text)
            assert not any(w in text for w in ("Errno", "File exists", "refused", "gzip")), (lang, text)
    assert str(blocker) in caplog.text  # whoever runs the server finds the folder in its log
