"""A small in-memory limit on attempts (joining a room, opening a board, a teacher link) per
browser session, so a room code cannot be found by trying codes one after another."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable

MAX_ATTEMPTS = 10  # failed attempts a session may make ...
WINDOW_SECONDS = 300.0  # ... within this many seconds
MAX_KEYS = 10_000  # sessions remembered; the oldest is forgotten first (bounded memory)


class AttemptLimiter:
    """Counts failed attempts per key (a session id) in a sliding window; thread-safe."""

    def __init__(self, max_attempts: int = MAX_ATTEMPTS, window: float = WINDOW_SECONDS,
                 max_keys: int = MAX_KEYS, clock: Callable[[], float] = time.monotonic) -> None:
        self.max_attempts, self.window, self.max_keys = max_attempts, window, max_keys
        self._clock = clock
        self._failures: OrderedDict[str, deque[float]] = OrderedDict()
        self._lock = threading.Lock()

    def _recent(self, key: str, now: float) -> deque[float]:
        times = self._failures.get(key)
        if times is None:
            return deque()
        while times and times[0] <= now - self.window:
            times.popleft()
        return times

    def wait_seconds(self, key: str) -> float:
        """0 if `key` may try now, else how long until it may."""
        with self._lock:
            now = self._clock()
            times = self._recent(key, now)
            if len(times) < self.max_attempts:
                return 0.0
            return max(0.0, times[0] + self.window - now)

    def failed(self, key: str) -> None:
        """Record a failed attempt of `key`."""
        with self._lock:
            now = self._clock()
            times = self._recent(key, now)
            times.append(now)
            self._failures[key] = times
            self._failures.move_to_end(key)
            while len(self._failures) > self.max_keys:
                self._failures.popitem(last=False)
