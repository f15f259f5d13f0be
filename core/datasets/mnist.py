"""The full MNIST (60,000 training / 10,000 test images), downloaded on demand and cached.

Files are fetched from the public mirrors today's loaders use, tried in order, checked against
their SHA-256 and parsed as IDX (magic number and dimensions checked) before they are moved
into the cache folder. A download is written to a temporary file and renamed only when it
is verified, so an interrupted or corrupt download never leaves a file that is trusted later.
"""

from __future__ import annotations

import gzip
import hashlib
import http.client
import logging
import os
import tempfile
import threading
import urllib.error
import urllib.request
import zlib
from collections.abc import Callable, Mapping, Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

from core.datasets.dataset import Dataset, readonly
from core.errors import DataError, DownloadError

log = logging.getLogger(__name__)

MIRRORS: tuple[str, ...] = (
    "https://storage.googleapis.com/cvdf-datasets/mnist/",
    "https://ossci-datasets.s3.amazonaws.com/mnist/",
)
# role -> file name; the roles double as the progress message keys "data.download.<role>".
FILES: dict[str, str] = {
    "train_images": "train-images-idx3-ubyte.gz",
    "train_labels": "train-labels-idx1-ubyte.gz",
    "test_images": "t10k-images-idx3-ubyte.gz",
    "test_labels": "t10k-labels-idx1-ubyte.gz",
}
CHECKSUMS: dict[str, str] = {
    "train-images-idx3-ubyte.gz": "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609",
    "train-labels-idx1-ubyte.gz": "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c",
    "t10k-images-idx3-ubyte.gz": "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6",
    "t10k-labels-idx1-ubyte.gz": "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6",
}
# Sizes of the real files: they weight the progress bar (the images are 99.6 % of the bytes).
SIZES: dict[str, int] = {
    "train-images-idx3-ubyte.gz": 9_912_422,
    "train-labels-idx1-ubyte.gz": 28_881,
    "t10k-images-idx3-ubyte.gz": 1_648_877,
    "t10k-labels-idx1-ubyte.gz": 4_542,
}
CACHE_ENV = "LFD_CACHE_DIR"
DEFAULT_CACHE = Path("~/.cache/learning-from-data")
IMAGE_MAGIC, LABEL_MAGIC = 2051, 2049  # 0x00000803 (ubyte, 3 dims), 0x00000801 (ubyte, 1 dim)
IMAGE_SIDE = 28
MAX_FILE_BYTES = 64 * 2**20  # far above the largest real file: a runaway response is cut off
CHUNK = 2**16
TIMEOUT = 30.0  # seconds without an answer before a mirror counts as down

Progress = Callable[[float, str], object]
_download_lock = threading.Lock()  # one download per process: other sessions wait, then reuse


def cache_dir() -> Path:
    """The user cache folder: $LFD_CACHE_DIR, else ~/.cache/learning-from-data."""
    return Path(os.environ.get(CACHE_ENV) or DEFAULT_CACHE).expanduser()


def mnist_dir(base: str | Path | None = None) -> Path:
    return Path(base).expanduser() / "mnist" if base is not None else cache_dir() / "mnist"


def mnist_available(cache_dir: str | Path | None = None) -> bool:
    """True when all four MNIST files are in the cache (they are only ever put there verified)."""
    folder = mnist_dir(cache_dir)
    return all((folder / name).is_file() for name in FILES.values())


# --------------------------------------------------------------------------- IDX format
def parse_idx(raw: bytes, *, images: bool) -> np.ndarray:
    """An uncompressed IDX file as uint8: (n, 28, 28) images or (n,) labels 0-9.

    Raises ValueError naming what is wrong (magic number, dimensions, length, label values).
    """
    magic = IMAGE_MAGIC if images else LABEL_MAGIC
    n_dims = 3 if images else 1
    header = 4 + 4 * n_dims
    if len(raw) < header:
        raise ValueError("file shorter than its header")
    found = int.from_bytes(raw[:4], "big")
    if found != magic:
        raise ValueError(f"magic number {found}, expected {magic}")
    dims = tuple(int.from_bytes(raw[4 + 4 * i: 8 + 4 * i], "big") for i in range(n_dims))
    if images and dims[1:] != (IMAGE_SIDE, IMAGE_SIDE):
        raise ValueError(f"images are {dims[1]}x{dims[2]}, expected 28x28")
    if len(raw) != header + int(np.prod(dims)):
        raise ValueError(f"{len(raw) - header} data bytes for dimensions {dims}")
    data = np.frombuffer(raw, dtype=np.uint8, offset=header).reshape(dims)
    if not images and data.size and data.max() > 9:
        raise ValueError("a label is not a digit 0-9")
    return data


def read_idx_gz(path: Path, *, images: bool) -> np.ndarray:
    """Decompress and parse one .gz IDX file (ValueError if it is not a valid one)."""
    try:
        raw = gzip.decompress(path.read_bytes())
    except (OSError, EOFError, zlib.error) as error:  # gzip.BadGzipFile is an OSError
        raise ValueError(f"not a complete gzip file ({error})") from None
    return parse_idx(raw, images=images)


def _check_pair(images: np.ndarray, labels: np.ndarray) -> None:
    if len(images) != len(labels):
        raise ValueError(f"{len(images)} images but {len(labels)} labels")


@lru_cache(maxsize=1)
def _load_arrays(folder: str, stamp: tuple[float, ...]) -> tuple[np.ndarray, ...]:
    """(x_train, t_train, x_test, t_test), pixels in [0, 1]; cached, read-only, shared by all keys."""
    del stamp  # part of the cache key only: new files on disk mean a fresh parse
    base = Path(folder)
    arrays = []
    for split in ("train", "test"):
        images = read_idx_gz(base / FILES[f"{split}_images"], images=True)
        labels = read_idx_gz(base / FILES[f"{split}_labels"], images=False)
        _check_pair(images, labels)
        x = images.reshape(len(images), -1).astype(np.float32) / np.float32(255.0)
        t = labels.astype(np.int64)
        arrays += [readonly(x, np.float32), readonly(t, np.int64)]
    return tuple(arrays)


def load_mnist(cache_dir: str | Path | None = None) -> Dataset:
    """The downloaded MNIST with its official split; DataError("err.data.mnist_missing") if absent."""
    from core.datasets.registry import DATASETS, DIGIT_NAMES

    folder = mnist_dir(cache_dir)
    if not mnist_available(cache_dir):
        raise DataError("err.data.mnist_missing")
    try:
        stamp = tuple((folder / name).stat().st_mtime for name in FILES.values())
        x_train, t_train, x_test, t_test = _load_arrays(str(folder), stamp)
    except (OSError, ValueError) as error:
        log.warning("the cached MNIST in %s cannot be read: %s", folder, error)  # not shown
        raise DataError("err.data.mnist_corrupt", detail=str(error)) from None
    return Dataset("mnist", x_train, t_train, x_test, t_test, 10, DIGIT_NAMES,
                   (IMAGE_SIDE, IMAGE_SIDE), DATASETS["mnist"])


# --------------------------------------------------------------------------- download
class _MirrorFailed(Exception):
    """One mirror could not deliver one file; `reason` is the last part of an err.download key."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason
        self.detail = detail


# When every mirror fails, the most telling reason is reported.
_REASONS = ("checksum", "format", "truncated", "offline")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(2**20), b""):
            digest.update(block)
    return digest.hexdigest()


def _fetch(url: str, part: Path, expected: str, images: bool, timeout: float,
           on_bytes: Callable[[int, int | None], None]) -> None:
    """Stream `url` into `part`, then verify length, SHA-256 and IDX format (or raise _MirrorFailed)."""
    digest = hashlib.sha256()
    received = 0
    try:
        # url: a mirror from MIRRORS (https) or a test's http://127.0.0.1, never user input
        with urllib.request.urlopen(url, timeout=timeout) as response, part.open("wb") as out:  # noqa: S310
            length = response.headers.get("Content-Length")
            total = int(length) if length and length.isdigit() else None
            while block := response.read(CHUNK):
                received += len(block)
                if received > MAX_FILE_BYTES:
                    raise _MirrorFailed("checksum", f"more than {MAX_FILE_BYTES} bytes")
                digest.update(block)
                out.write(block)
                on_bytes(received, total)
    except http.client.IncompleteRead as error:
        raise _MirrorFailed("truncated", f"{received} bytes, connection closed early") from error
    except urllib.error.HTTPError as error:
        raise _MirrorFailed("offline", f"HTTP {error.code}") from error
    except urllib.error.URLError as error:
        raise _MirrorFailed("offline", str(error.reason)) from error
    except (TimeoutError, ConnectionError, http.client.HTTPException) as error:
        raise _MirrorFailed("offline", type(error).__name__) from error
    if total is not None and received != total:
        raise _MirrorFailed("truncated", f"{received} of {total} bytes")
    if digest.hexdigest() != expected.lower():
        raise _MirrorFailed("checksum", f"SHA-256 {digest.hexdigest()[:12]}...")
    try:
        read_idx_gz(part, images=images)
    except ValueError as error:
        raise _MirrorFailed("format", str(error)) from error


def _download_file(name: str, folder: Path, mirrors: Sequence[str], expected: str,
                   images: bool, timeout: float, on_bytes: Callable[[int, int | None], None]) -> None:
    """Put a verified copy of `name` into `folder`, trying each mirror in turn."""
    failures: list[_MirrorFailed] = []
    for mirror in mirrors:
        handle, tmp = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".part")
        os.close(handle)
        part = Path(tmp)
        try:
            _fetch(mirror.rstrip("/") + "/" + name, part, expected, images, timeout, on_bytes)
            os.replace(part, folder / name)  # atomic: the file appears complete or not at all
            return
        except _MirrorFailed as failure:
            failures.append(failure)
        except OSError as error:  # the local disk, not the mirror: no use trying the next one
            raise _cache_dir_error(folder, error) from None
        finally:
            part.unlink(missing_ok=True)
    worst = min(failures, key=lambda f: _REASONS.index(f.reason)) if failures else None
    log.warning("MNIST %s: every mirror failed: %s", name, "; ".join(f.detail for f in failures))
    raise DownloadError(f"err.download.{worst.reason if worst else 'offline'}", file=name,
                        mirrors=len(mirrors), detail=worst.detail if worst else "no mirror")


def _cache_dir_error(folder: Path, error: OSError) -> DownloadError:
    """The cache folder cannot be written. The message says so in the user's language; the
    folder's path and the OS's own words ("[Errno 17] File exists: ...") go to the server's
    log, for whoever runs the app, never to a student's screen."""
    log.warning("cannot write the MNIST cache folder %s: %s", folder, error)
    return DownloadError("err.download.cache_dir", path=str(folder), detail=str(error))


def download_mnist(progress: Progress | None = None, mirrors: Sequence[str] | None = None,
                   cache_dir: str | Path | None = None, *, checksums: Mapping[str, str] | None = None,
                   timeout: float = TIMEOUT) -> Path:
    """Download and verify the four MNIST files into the cache; return the folder.

    `progress(fraction, message_key)` is called as bytes arrive (fraction 0-1; the key is
    "data.download.<role>" or "data.download.done" for the i18n table). Files already in the
    cache with the right checksum are kept. Raises DownloadError with an "err.download.*" key.
    `checksums` (file name -> SHA-256) replaces the official ones, for tests with tiny files.
    """
    sums = {**CHECKSUMS, **(checksums or {})}
    sources = tuple(MIRRORS if mirrors is None else mirrors)
    folder = mnist_dir(cache_dir)
    report = progress or (lambda fraction, key: None)
    weights = np.array([SIZES[name] for name in FILES.values()], dtype=np.float64)
    starts = np.concatenate(([0.0], np.cumsum(weights)[:-1])) / weights.sum()
    shares = weights / weights.sum()
    with _download_lock:
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise _cache_dir_error(folder, error) from None
        for i, (role, name) in enumerate(FILES.items()):
            key = f"data.download.{role}"
            report(float(starts[i]), key)
            target = folder / name
            if target.is_file() and _sha256(target) == sums[name].lower():
                continue
            shown = [starts[i]]

            def on_bytes(received: int, total: int | None, i: int = i, key: str = key,
                         shown: list = shown) -> None:
                done = min(received / total, 1.0) if total else 0.0
                fraction = float(starts[i] + shares[i] * done)
                if fraction - shown[0] >= 0.01:  # about a hundred updates, not one per block
                    shown[0] = fraction
                    report(fraction, key)

            _download_file(name, folder, sources, sums[name], role.endswith("images"),
                           timeout, on_bytes)
        report(1.0, "data.download.done")
    return folder
