"""Turns at the processor: at most a few runs of the whole server train at the same moment.

Every lab session trains in its own script thread. Thirty of them at once would share one
interpreter lock and two cores with the server's event loop and every other student's page:
each would train slowly, redraw its charts after every short slice, and the pages would stop
answering. Through the gate, as many runs train at once as there are cores, each for one slice,
in the order they asked (first come, first served); the others wait their turn without
redrawing anything.
"""

from __future__ import annotations

import os
import threading
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager

SLOTS_ENV = "LFD_TRAINING_SLOTS"


def default_slots() -> int:
    """One run per core this process may use (a container's CPU share, not the host's)."""
    raw = os.environ.get(SLOTS_ENV, "")
    if raw.strip().isdigit() and int(raw) > 0:
        return int(raw)
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


class TrainingGate:
    """A first-come-first-served turnstile with `slots` places."""

    def __init__(self, slots: int) -> None:
        self.slots = slots
        self._busy = 0
        self._queue: deque[object] = deque()
        self._changed = threading.Condition()

    @property
    def waiting(self) -> int:
        return len(self._queue)

    @contextmanager
    def turn(self, timeout: float) -> Iterator[bool]:
        """Wait up to `timeout` seconds for a place, in order of arrival; yields whether one
        was given (False: the caller goes on without training this time)."""
        ticket = object()
        with self._changed:
            self._queue.append(ticket)
            granted = self._changed.wait_for(
                lambda: self._busy < self.slots and self._queue[0] is ticket, timeout)
            self._queue.remove(ticket)
            if granted:
                self._busy += 1
            self._changed.notify_all()  # the next in line may now be first
        try:
            yield granted
        finally:
            if granted:
                with self._changed:
                    self._busy -= 1
                    self._changed.notify_all()


GATE = TrainingGate(default_slots())  # one per server process: all sessions share it
