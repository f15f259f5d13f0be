"""Objects built from uploaded bytes, kept once per content however many sessions use them.

A class uploads the same file at once: the server should parse it once and hold it once. The
store is keyed by the content's digest (plus whatever else the object depends on) and holds
its objects *weakly*: an object lives exactly as long as some session holds it, and the last
session to let go frees it at once, with no timer and without waiting for another session's
disconnect. Builds run one at a time, so uploads arriving together cost one parse's peak
memory at a time, and a second session asking while the first is parsing waits for that parse
instead of starting its own.
"""

from __future__ import annotations

import hashlib
import threading
import weakref
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

T = TypeVar("T")


def digest(data: bytes) -> str:
    """The content key of uploaded bytes (SHA-256, hex)."""
    return hashlib.sha256(data).hexdigest()


class SharedStore(Generic[T]):
    """key -> object, weakly held; `get` builds a missing object once (see the module doc)."""

    def __init__(self) -> None:
        self._items: weakref.WeakValueDictionary[Hashable, T] = weakref.WeakValueDictionary()
        self._lock = threading.Lock()  # guards _items
        self._build = threading.Lock()  # one build at a time, server-wide

    def get(self, key: Hashable, build: Callable[[], T]) -> T:
        """The object stored under `key`, built by `build()` if nobody holds one now.

        A build that raises stores nothing (the error reaches the caller)."""
        with self._lock:
            found = self._items.get(key)
        if found is not None:
            return found
        with self._build:
            with self._lock:  # built by another session while this one waited?
                found = self._items.get(key)
            if found is not None:
                return found
            made = build()
            with self._lock:
                self._items[key] = made
            return made

    def __contains__(self, key: Hashable) -> bool:
        with self._lock:
            return self._items.get(key) is not None

    def __len__(self) -> int:
        """How many objects some session still holds."""
        with self._lock:
            return len(self._items)
