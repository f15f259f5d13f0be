"""Turns at the processor: at most a few runs of the whole server train at the same moment.

Every lab session trains in its own script thread. Thirty of them at once would share one
interpreter lock and two cores with the server's event loop and every other student's page:
each would train slowly, redraw its charts after every short slice, and the pages would stop
answering. Through the gate, one run trains at a time (default_slots), for one slice;
the next turn goes to the waiting session that was served longest ago (then to the first to
ask): turns go round the class, so thirty equal runs started together progress together,
whichever run each student is on. The others wait their turn without redrawing anything.

Pages first: a page's full run (a student's click, a lesson opened: streamlit_app.py runs it
in `page_run`) is what a student waits for, a training slice is not. The run that holds the
turn trains in short chunks and, between them, waits while another page runs
(`yield_to_pages`), for at most its slice; a page then shares the interpreter with the other
pages only, not with the training.
"""

from __future__ import annotations

import itertools
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

SLOTS_ENV = "LFD_TRAINING_SLOTS"


def default_slots() -> int:
    """One run at a time, unless LFD_TRAINING_SLOTS says otherwise. The runs are threads of one
    interpreter: a training step of this size holds its lock most of the time, so a second
    run training at once adds no speed; it only makes the two fight for the lock across two
    cores (30 students on 2 cores finished 25 runs in 120 s with two at once, against 74 runs
    in 135 s on one core with one at a time: benchmarks/RESULTS_CLASSROOM.md)."""
    raw = os.environ.get(SLOTS_ENV, "")
    return int(raw) if raw.strip().isdigit() and int(raw) > 0 else 1


class TrainingGate:
    """A turnstile with `slots` places; the waiter with the smallest `served` goes first."""

    def __init__(self, slots: int) -> None:
        self.slots = slots
        self._busy = 0
        self._arrivals = itertools.count()
        self._waiting: dict[object, tuple[float, int]] = {}  # ticket -> (served, arrival)
        self._changed = threading.Condition()
        self._pages = 0  # page runs going on now (not counting those waiting for a turn)
        self._local = threading.local()  # this thread's page run, if any

    @property
    def pages(self) -> int:
        return self._pages

    def _in_page(self) -> bool:
        return getattr(self._local, "depth", 0) > 0

    @contextmanager
    def page_run(self) -> Iterator[None]:
        """Mark a page's full run, which training yields to while it lasts."""
        with self._changed:
            self._local.depth = getattr(self._local, "depth", 0) + 1
            if self._local.depth == 1:
                self._pages += 1
        try:
            yield
        finally:
            with self._changed:
                self._local.depth -= 1
                if self._local.depth == 0:
                    self._pages -= 1
                    self._changed.notify_all()

    def _other_pages(self) -> int:
        return self._pages - (1 if self._in_page() else 0)

    def yield_to_pages(self, limit: float) -> float:
        """Wait, up to `limit` seconds, while pages other than the caller's own are running;
        return the seconds waited."""
        t0 = time.monotonic()
        with self._changed:
            self._changed.wait_for(lambda: self._other_pages() == 0, max(limit, 0.0))
        return time.monotonic() - t0

    @property
    def waiting(self) -> int:
        return len(self._waiting)

    def _next(self) -> object:
        return min(self._waiting, key=self._waiting.__getitem__)

    @contextmanager
    def turn(self, timeout: float, served: float = 0.0) -> Iterator[bool]:
        """Wait up to `timeout` seconds for a place; among the waiting, the smallest `served`
        (e.g. when the caller was last served) goes first, then the first to arrive. Yields
        whether a place was given (False: the caller goes on without training this time)."""
        ticket = object()
        # A page waiting for a turn is not running: the turn-holder must not yield to it.
        paused_page = self._in_page()
        with self._changed:
            self._waiting[ticket] = (served, next(self._arrivals))
            self._pages -= paused_page
            self._changed.notify_all()
            granted = self._changed.wait_for(
                lambda: self._busy < self.slots and self._next() is ticket, timeout)
            self._pages += paused_page
            del self._waiting[ticket]
            if granted:
                self._busy += 1
            self._changed.notify_all()  # another may now be next
        try:
            yield granted
        finally:
            if granted:
                with self._changed:
                    self._busy -= 1
                    self._changed.notify_all()


GATE = TrainingGate(default_slots())  # one per server process: all sessions share it
