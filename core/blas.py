"""Which BLAS NumPy uses, and a per-thread limit on its thread count (OpenBLAS only).

Why: a training step multiplies small matrices (100 x 784 by 784 x 50). OpenBLAS splits such
a product over every core and then waits for all of them; on a shared machine one busy core
makes each product wait for a scheduler time slice, and a 0.3 ms step took 4-10 ms here.
One thread is faster for these sizes anyway. `openblas_set_num_threads_local` (OpenBLAS >=
0.3.27) changes the count for the calling thread only, so concurrent Streamlit sessions do not
disturb each other. Anything else (another BLAS, an older OpenBLAS, no /proc) is a no-op.
"""

from __future__ import annotations

import ctypes
import re
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

import numpy as np


@lru_cache(maxsize=1)
def _openblas() -> ctypes.CDLL | None:
    """The OpenBLAS library NumPy has loaded, or None."""
    try:
        maps = Path("/proc/self/maps").read_text()
    except OSError:
        return None
    paths = sorted(set(re.findall(r"(/\S*openblas\S*\.so\S*)", maps)))
    for path in paths:
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
def _set_local():
    fn = _symbol("openblas_set_num_threads_local")
    if fn is not None:
        fn.argtypes = [ctypes.c_int]
        fn.restype = ctypes.c_int
    return fn


@contextmanager
def blas_threads(n: int) -> Iterator[None]:
    """Run the block with at most n BLAS threads in this thread (no-op if unsupported)."""
    setter = _set_local()
    if setter is None:
        yield
        return
    previous = setter(int(n))
    try:
        yield
    finally:
        setter(previous)


def blas_info() -> dict[str, object]:
    """NumPy version, BLAS library, OpenBLAS core type and default thread count (for reports)."""
    info: dict[str, object] = {"numpy": np.__version__}
    try:
        blas = np.show_config(mode="dicts")["Build Dependencies"]["blas"]
        info["blas"] = f"{blas.get('name')} {blas.get('version')}"
    except Exception:  # noqa: BLE001 - best effort, only for printing
        info["blas"] = "unknown"
    corename = _symbol("openblas_get_corename", "scipy_openblas_get_corename64_",
                       "scipy_openblas_get_corename")
    threads = _symbol("openblas_get_num_threads", "scipy_openblas_get_num_threads64_",
                      "scipy_openblas_get_num_threads")
    if corename is not None:
        corename.restype = ctypes.c_char_p
        info["openblas_core"] = corename().decode()
    if threads is not None:
        info["blas_threads"] = int(threads())
    info["per_thread_limit"] = _set_local() is not None
    return info
