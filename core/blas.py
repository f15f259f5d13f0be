"""Which BLAS NumPy uses, and its thread count (OpenBLAS only; anything else is a no-op).

Why the engine trains with one BLAS thread: a training step multiplies small matrices
(100 x 784 by 784 x 50). OpenBLAS splits such a product over every core and then waits for
all of them; on a shared machine one busy core makes every product wait for a scheduler
time slice, and a 0.3 ms step took 4-60 ms here. One thread is as fast or faster for these
sizes anyway, and it keeps results independent of the machine's load.

The count is process-wide: OpenBLAS's `openblas_set_num_threads_local` changes the global
count too (checked with OpenBLAS 0.3.31), so switching back and forth from concurrent
Streamlit sessions would race. `train_single_threaded()` therefore sets one thread once and
leaves it, unless the user chose a count with OPENBLAS_NUM_THREADS or OMP_NUM_THREADS.
"""

from __future__ import annotations

import ctypes
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

import numpy as np

_ENV_VARS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS")


@lru_cache(maxsize=1)
def _openblas() -> ctypes.CDLL | None:
    """The OpenBLAS library NumPy has loaded, or None."""
    try:
        maps = Path("/proc/self/maps").read_text()
    except OSError:
        return None
    for path in sorted(set(re.findall(r"(/\S*openblas\S*\.so\S*)", maps))):
        try:
            return ctypes.CDLL(path)  # already loaded: this only returns a handle to it
        except OSError:
            continue
    return None


def _symbol(*names: str):
    lib = _openblas()
    for name in names:
        fn = getattr(lib, name, None) if lib is not None else None
        if fn is not None:
            return fn
    return None


@lru_cache(maxsize=1)
def _getter():
    fn = _symbol("openblas_get_num_threads", "scipy_openblas_get_num_threads64_",
                 "scipy_openblas_get_num_threads")
    if fn is not None:
        fn.restype = ctypes.c_int
    return fn


@lru_cache(maxsize=1)
def _setter():
    fn = _symbol("openblas_set_num_threads", "scipy_openblas_set_num_threads64_",
                 "scipy_openblas_set_num_threads")
    if fn is not None:
        fn.argtypes = [ctypes.c_int]
        fn.restype = None
    return fn


def get_blas_threads() -> int | None:
    """OpenBLAS's current thread count (None if unknown)."""
    getter = _getter()
    return int(getter()) if getter is not None else None


def set_blas_threads(n: int) -> int | None:
    """Set OpenBLAS's process-wide thread count; return the previous one (None: no-op)."""
    getter, setter = _getter(), _setter()
    if getter is None or setter is None:
        return None
    previous = int(getter())
    if previous != n:
        setter(int(n))
    return previous


def train_single_threaded() -> None:
    """One BLAS thread from now on, unless the environment asks for a count (cheap to repeat)."""
    if get_blas_threads() in (None, 1) or any(os.environ.get(name) for name in _ENV_VARS):
        return
    set_blas_threads(1)


@contextmanager
def blas_threads(n: int) -> Iterator[None]:
    """Run a block with n BLAS threads, then restore (process-wide: scripts and benchmarks)."""
    previous = set_blas_threads(n)
    try:
        yield
    finally:
        if previous is not None:
            set_blas_threads(previous)


def blas_info() -> dict[str, object]:
    """NumPy version, BLAS library, OpenBLAS core type and thread count (for reports)."""
    info: dict[str, object] = {"numpy": np.__version__}
    try:
        blas = np.show_config(mode="dicts")["Build Dependencies"]["blas"]
        info["blas"] = f"{blas.get('name')} {blas.get('version')}"
    except Exception:  # noqa: BLE001 - best effort, only for printing
        info["blas"] = "unknown"
    corename = _symbol("openblas_get_corename", "scipy_openblas_get_corename64_",
                       "scipy_openblas_get_corename")
    if corename is not None:
        corename.restype = ctypes.c_char_p
        info["openblas_core"] = corename().decode()
    info["blas_threads"] = get_blas_threads()
    return info
