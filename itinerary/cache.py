"""Small bounded caches, safe to share between threads: the one layer of answers feeds and pages keep."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

T = TypeVar("T")


class Bounded(Generic[T]):
    """At most ``size`` values by key; the least recently used goes first.

    Values must depend on nothing but their key, so that one made twice by two
    threads at once is the same either way: making happens outside the lock.
    """

    def __init__(self, size: int):
        if size < 1:
            raise ValueError("size must be at least 1")
        self.size = size
        self._items: OrderedDict[Hashable, T] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._items)

    def get(self, key: Hashable) -> T | None:
        """The value kept for ``key``, or None."""
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
            return found

    def put(self, key: Hashable, value: T) -> T:
        """Keep ``value`` for ``key``, forgetting the least recently used beyond ``size``."""
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return value

    def get_or_make(self, key: Hashable, make: Callable[[], T]) -> T:
        """The value kept for ``key``, made and kept on a miss."""
        found = self.get(key)
        return found if found is not None else self.put(key, make())

    def clear(self) -> None:
        """Forget everything."""
        with self._lock:
            self._items.clear()


class Answers(Generic[T]):
    """The one per-process cache of answers (built feeds; pages may keep theirs here too), bounded.

    Each answer is kept by the stored state it shows (for a feed: the itinerary, its audience's stamp,
    the filter, privacy and settings), so a change to what is stored makes a new key and the old answer
    simply ages out; nothing is ever invalidated. ``fresh_for`` > 0 lets :meth:`fresh` trust a lookup
    of that state made less than that many seconds ago, while this process has written nothing since.
    """

    def __init__(self, size: int = 128, fresh_for: float = 0.0):
        self.size = size
        self.fresh_for = fresh_for
        self._items: Bounded[T] = Bounded(size)
        self._checked: dict[Hashable, tuple[float, int, T]] = {}
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._items)

    def get(self, key: Hashable) -> T | None:
        """The answer kept for ``key`` (a stored state), or None."""
        return self._items.get(key)

    def get_or_build(self, key: Hashable, build: Callable[[], T]) -> T:
        """The answer kept for ``key``, built and kept on a miss."""
        return self._items.get_or_make(key, build)

    def fresh(self, lookup: Hashable, generation: int) -> T | None:
        """The answer found for ``lookup`` less than ``fresh_for`` seconds ago, if this process wrote nothing since."""
        found = self._checked.get(lookup)
        if found is None or found[1] != generation or time.monotonic() - found[0] >= self.fresh_for:
            return None
        return found[2]

    def checked(self, lookup: Hashable, generation: int, answer: T, at: float) -> None:
        """Note that ``answer`` was current for ``lookup`` at ``at`` (monotonic), the store at ``generation``."""
        if self.fresh_for > 0:
            with self._lock:
                if len(self._checked) >= 4 * self.size:
                    self._checked.clear()
                self._checked[lookup] = (at, generation, answer)

    def clear(self) -> None:
        """Forget every answer."""
        self._items.clear()
        with self._lock:
            self._checked.clear()
