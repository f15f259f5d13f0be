"""Full-MNIST download, tested for real over HTTP on 127.0.0.1 with tiny IDX files built here."""

from __future__ import annotations

import gzip
import hashlib
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import numpy as np
import pytest

from core.datasets import download_mnist, load_dataset, mnist, mnist_available
from core.errors import DataError, DownloadError
from core.i18n import STRINGS

N_TRAIN, N_TEST = 12, 6


def idx_images(images: np.ndarray, magic: int = mnist.IMAGE_MAGIC) -> bytes:
    n, rows, cols = images.shape
    header = b"".join(v.to_bytes(4, "big") for v in (magic, n, rows, cols))
    return header + images.astype(np.uint8).tobytes()


def idx_labels(labels: np.ndarray, magic: int = mnist.LABEL_MAGIC) -> bytes:
    return magic.to_bytes(4, "big") + len(labels).to_bytes(4, "big") + labels.astype(np.uint8).tobytes()


@dataclass
class TinyMnist:
    """Four tiny, valid MNIST files (gzip bytes) and their SHA-256 values."""

    images: dict[str, np.ndarray]
    labels: dict[str, np.ndarray]
    files: dict[str, bytes] = field(default_factory=dict)

    @property
    def checksums(self) -> dict[str, str]:
        return {name: hashlib.sha256(data).hexdigest() for name, data in self.files.items()}


@pytest.fixture
def tiny() -> TinyMnist:
    rng = np.random.default_rng(0)
    data = TinyMnist(images={}, labels={})
    for split, n in (("train", N_TRAIN), ("test", N_TEST)):
        data.images[split] = rng.integers(0, 256, size=(n, 28, 28), dtype=np.uint8)
        data.labels[split] = (np.arange(n) % 10).astype(np.uint8)
        data.files[mnist.FILES[f"{split}_images"]] = gzip.compress(idx_images(data.images[split]))
        data.files[mnist.FILES[f"{split}_labels"]] = gzip.compress(idx_labels(data.labels[split]))
    return data


class Server:
    """A local HTTP server: `routes` maps a path to bytes; `truncate` paths send half the body."""

    def __init__(self) -> None:
        self.routes: dict[str, bytes] = {}
        self.truncate: set[str] = set()
        self.hits: list[str] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server's naming
                outer.hits.append(self.path)
                body = outer.routes.get(self.path)
                if body is None:
                    self.send_error(404)
                    return
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body[: len(body) // 2] if self.path in outer.truncate else body)
                self.close_connection = True

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.02,), daemon=True)
        self.thread.start()

    def mirror(self, prefix: str) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/{prefix}/"

    def serve(self, prefix: str, files: dict[str, bytes]) -> str:
        for name, data in files.items():
            self.routes[f"/{prefix}/{name}"] = data
        return self.mirror(prefix)

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server() -> Iterator[Server]:
    s = Server()
    yield s
    s.close()


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh cache folder, also set as LFD_CACHE_DIR (what the app reads)."""
    monkeypatch.setenv(mnist.CACHE_ENV, str(tmp_path))
    mnist._load_arrays.cache_clear()
    return tmp_path


def dead_mirror() -> str:
    """A URL on 127.0.0.1 where nothing listens (connection refused)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/mnist/"


def leftovers(cache: Path) -> list[str]:
    folder = cache / "mnist"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_success_then_load(server: Server, tiny: TinyMnist, cache: Path) -> None:
    assert not mnist_available()
    url = server.serve("a", tiny.files)
    folder = download_mnist(mirrors=[url], checksums=tiny.checksums)
    assert folder == cache / "mnist"
    assert leftovers(cache) == sorted(tiny.files)  # the four files and no .part file
    assert mnist_available()
    data = load_dataset("mnist")
    assert (data.n_train, data.n_test, data.n_features) == (N_TRAIN, N_TEST, 784)
    assert data.image_shape == (28, 28) and data.n_classes == 10
    np.testing.assert_allclose(data.x_train * 255, tiny.images["train"].reshape(N_TRAIN, -1), atol=1e-3)
    np.testing.assert_array_equal(data.t_test, tiny.labels["test"])
    assert data.x_train.dtype == np.float32 and not data.x_train.flags.writeable


def test_official_mirrors_and_checksums_are_the_contract() -> None:
    assert mnist.MIRRORS == ("https://storage.googleapis.com/cvdf-datasets/mnist/",
                             "https://ossci-datasets.s3.amazonaws.com/mnist/")
    assert mnist.CHECKSUMS["train-images-idx3-ubyte.gz"].startswith("440fcabf73cc")
    assert set(mnist.CHECKSUMS) == set(mnist.FILES.values()) == set(mnist.SIZES)


def test_checksum_mismatch_keeps_nothing(server: Server, tiny: TinyMnist, cache: Path) -> None:
    url = server.serve("a", tiny.files)  # the official checksums cannot match tiny files
    with pytest.raises(DownloadError) as info:
        download_mnist(mirrors=[url])
    assert info.value.key == "err.download.checksum"
    assert info.value.params["file"] == mnist.FILES["train_images"]
    assert leftovers(cache) == [] and not mnist_available()


def test_truncated_file_keeps_nothing(server: Server, tiny: TinyMnist, cache: Path) -> None:
    url = server.serve("a", tiny.files)
    server.truncate.add(f"/a/{mnist.FILES['test_images']}")
    with pytest.raises(DownloadError) as info:
        download_mnist(mirrors=[url], checksums=tiny.checksums)
    assert info.value.key == "err.download.truncated"
    assert info.value.params["file"] == mnist.FILES["test_images"]
    assert mnist.FILES["test_images"] not in leftovers(cache)
    assert not any(name.endswith(".part") for name in leftovers(cache))
    assert not mnist_available()


@pytest.mark.parametrize("role", ["train_images", "test_labels"])
def test_wrong_magic_is_refused_even_with_a_matching_checksum(
        server: Server, tiny: TinyMnist, cache: Path, role: str) -> None:
    split = role.split("_")[0]
    bad = (idx_images(tiny.images[split], magic=2049) if role.endswith("images")
           else idx_labels(tiny.labels[split], magic=2051))
    files = {**tiny.files, mnist.FILES[role]: gzip.compress(bad)}
    sums = {name: hashlib.sha256(data).hexdigest() for name, data in files.items()}
    with pytest.raises(DownloadError) as info:
        download_mnist(mirrors=[server.serve("a", files)], checksums=sums)
    assert info.value.key == "err.download.format"
    assert "magic" in info.value.params["detail"]
    assert mnist.FILES[role] not in leftovers(cache)


def test_first_mirror_down_second_works(server: Server, tiny: TinyMnist, cache: Path) -> None:
    good = server.serve("b", tiny.files)
    missing = server.mirror("nothing-here")  # answers 404
    download_mnist(mirrors=[dead_mirror(), missing, good], checksums=tiny.checksums)
    assert mnist_available()
    assert any(hit.startswith("/nothing-here/") for hit in server.hits)


def test_first_mirror_corrupt_second_works(server: Server, tiny: TinyMnist, cache: Path) -> None:
    broken = {name: data[:-10] for name, data in tiny.files.items()}
    download_mnist(mirrors=[server.serve("a", broken), server.serve("b", tiny.files)],
                   checksums=tiny.checksums)
    assert leftovers(cache) == sorted(tiny.files)


def test_all_mirrors_down_is_offline(cache: Path) -> None:
    with pytest.raises(DownloadError) as info:
        download_mnist(mirrors=[dead_mirror(), dead_mirror()], timeout=2)
    assert info.value.key == "err.download.offline"
    assert info.value.params["mirrors"] == 2
    assert leftovers(cache) == []


def test_silent_mirror_times_out(cache: Path) -> None:
    """A mirror that accepts the connection but never answers counts as down after `timeout`."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        url = f"http://127.0.0.1:{listener.getsockname()[1]}/mnist/"
        with pytest.raises(DownloadError) as info:
            download_mnist(mirrors=[url], timeout=0.3)
    assert info.value.key == "err.download.offline"


def test_progress_reports_monotone_fractions_with_known_keys(
        server: Server, tiny: TinyMnist, cache: Path) -> None:
    calls: list[tuple[float, str]] = []
    download_mnist(lambda fraction, key: calls.append((fraction, key)),
                   mirrors=[server.serve("a", tiny.files)], checksums=tiny.checksums)
    fractions = [f for f, _ in calls]
    assert fractions == sorted(fractions) and 0.0 <= fractions[0] and fractions[-1] == 1.0
    assert calls[-1][1] == "data.download.done"
    keys = {key for _, key in calls}
    assert {f"data.download.{role}" for role in mnist.FILES} <= keys
    assert all(key in STRINGS for key in keys)


def test_verified_files_are_not_downloaded_again(server: Server, tiny: TinyMnist, cache: Path) -> None:
    url = server.serve("a", tiny.files)
    download_mnist(mirrors=[url], checksums=tiny.checksums)
    first = len(server.hits)
    download_mnist(mirrors=[url], checksums=tiny.checksums)
    assert len(server.hits) == first


def test_a_damaged_cached_file_is_replaced(server: Server, tiny: TinyMnist, cache: Path) -> None:
    url = server.serve("a", tiny.files)
    download_mnist(mirrors=[url], checksums=tiny.checksums)
    target = cache / "mnist" / mnist.FILES["train_labels"]
    target.write_bytes(b"garbage")
    download_mnist(mirrors=[url], checksums=tiny.checksums)
    assert target.read_bytes() == tiny.files[mnist.FILES["train_labels"]]


def test_cache_dir_argument_wins_over_the_environment(
        server: Server, tiny: TinyMnist, cache: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    other = tmp_path_factory.mktemp("other")
    download_mnist(mirrors=[server.serve("a", tiny.files)], cache_dir=other, checksums=tiny.checksums)
    assert mnist_available(other) and not mnist_available()


def test_unwritable_cache_dir(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(DownloadError) as info:
        download_mnist(mirrors=[dead_mirror()], cache_dir=blocker)
    assert info.value.key == "err.download.cache_dir"


def test_missing_mnist_is_a_data_error(cache: Path) -> None:
    with pytest.raises(DataError) as info:
        load_dataset("mnist")
    assert info.value.key == "err.data.mnist_missing"


def test_corrupt_cache_is_a_data_error(tiny: TinyMnist, cache: Path) -> None:
    folder = cache / "mnist"
    folder.mkdir()
    for name, data in tiny.files.items():
        (folder / name).write_bytes(data)
    (folder / mnist.FILES["test_labels"]).write_bytes(gzip.compress(idx_labels(np.arange(N_TEST + 1))))
    with pytest.raises(DataError) as info:
        load_dataset("mnist")
    assert info.value.key == "err.data.mnist_corrupt"


def test_default_cache_dir(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(mnist.CACHE_ENV, raising=False)
    assert mnist.cache_dir() == Path("~/.cache/learning-from-data").expanduser()


# ------------------------------------------------------------------ IDX parsing
def test_parse_idx_reads_images_and_labels() -> None:
    images = np.arange(2 * 28 * 28, dtype=np.int64).reshape(2, 28, 28) % 256
    np.testing.assert_array_equal(mnist.parse_idx(idx_images(images), images=True), images)
    np.testing.assert_array_equal(mnist.parse_idx(idx_labels(np.array([3, 9])), images=False), [3, 9])


@pytest.mark.parametrize("raw, images, message", [
    (idx_images(np.zeros((2, 27, 28))), True, "28x28"),
    (idx_images(np.zeros((2, 28, 28)))[:-1], True, "data bytes"),
    (idx_images(np.zeros((2, 28, 28))) + b"\x00", True, "data bytes"),
    (idx_labels(np.array([1, 10])), False, "0-9"),
    (idx_labels(np.array([1, 2]), magic=2051), False, "magic"),
    (b"\x00\x00", False, "header"),
])
def test_parse_idx_rejects(raw: bytes, images: bool, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        mnist.parse_idx(raw, images=images)
