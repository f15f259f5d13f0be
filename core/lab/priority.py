"""Training at a lower priority than the pages: its chunks run on threads the OS schedules after
the server's own (Linux `nice` 10 for one thread).

The interpreter lock lets one thread run Python at a time, but NumPy releases it inside its
matrix products: while a run evaluates a whole data set (1-2 s for the largest networks the lab
allows) or multiplies large layers, a page's script and the training both want the processor.
At equal priority they get half each; a thread at nice 10 gets about a tenth when the other
is busy, and all of it when nothing else wants it. Turns (gate.py) decide whose run trains;
this decides that a page goes first when they overlap.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from core.lab.gate import GATE

NICENESS = 10
T = TypeVar("T")


def lower_this_threads_priority(niceness: int = NICENESS) -> bool:
    """Lower the calling thread's OS priority (Linux: per thread); False where not possible."""
    try:
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), niceness)
    except (AttributeError, OSError):  # not Linux, or not allowed: normal priority then
        return False
    return True


# As many threads as runs may train at once; they live as long as the server.
_POOL = ThreadPoolExecutor(max_workers=GATE.slots, thread_name_prefix="lfd-training",
                           initializer=lower_this_threads_priority)


def at_low_priority(fn: Callable[..., T], *args: object) -> T:
    """fn(*args) on a low-priority thread; the caller waits for its result (or exception)."""
    return _POOL.submit(fn, *args).result()
