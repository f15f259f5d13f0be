"""The data sets that ship with the app (data/*.npz, built by scripts/build_bundled_data.py)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy as np

from core.datasets.dataset import readonly
from core.errors import DataError

DATA_DIR = Path(__file__).resolve().parent.parent.parent / "data"

# name -> (file, image shape, largest pixel value)
BUNDLED: dict[str, tuple[str, tuple[int, int], float]] = {
    "digits": ("digits.npz", (8, 8), 16.0),
    "mnist-5k": ("mnist5k.npz", (28, 28), 255.0),
}


@lru_cache(maxsize=len(BUNDLED))
def load_pixels(name: str) -> tuple[np.ndarray, np.ndarray]:
    """(x, t) of a bundled set: pixels scaled to [0, 1] float32, labels int64, both read-only."""
    file, _shape, top = BUNDLED[name]
    try:
        with np.load(DATA_DIR / file, allow_pickle=False) as archive:
            raw_x, raw_t = archive["x"], archive["t"]
    except (OSError, KeyError, ValueError) as error:
        raise DataError("err.data.bundled_missing", name=name, file=file) from error
    x = raw_x.astype(np.float32) / np.float32(top)
    t = raw_t.astype(np.int64)
    return readonly(x, np.float32), readonly(t, np.int64)
