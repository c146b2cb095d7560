"""This process's own small store: least recently used dropped first, optionally trusted only for a
while, safe for the threads of one worker. The versions (`partners.versions.recent`) and the warm
pages (`partners.public.cache.memory`) are both kept in one of these."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable


class ProcessStore:
    def __init__(self, size: int, max_age: Callable[[], float] | None = None) -> None:
        self.size = size
        self.max_age = max_age  # seconds an entry is trusted, read on every get (a setting may change)
        self.entries: OrderedDict[str, tuple[float, object]] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: str):
        with self.lock:
            found = self.entries.get(key)
            if found is None:
                return None
            if self.max_age is not None and time.monotonic() - found[0] >= self.max_age():
                return None
            self.entries.move_to_end(key)
            return found[1]

    def put(self, key: str, value) -> None:
        self.update({key: value})

    def update(self, values: dict) -> None:
        now = time.monotonic()
        with self.lock:
            for key, value in values.items():
                self.entries[key] = (now, value)
                self.entries.move_to_end(key)
            while len(self.entries) > self.size:
                self.entries.popitem(last=False)

    def forget(self, keys: Iterable[str]) -> None:
        with self.lock:
            for key in keys:
                self.entries.pop(key, None)

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()
