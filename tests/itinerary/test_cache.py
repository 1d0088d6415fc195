"""The bounded cache that feeds and pages keep what they made in."""

from __future__ import annotations

import threading

import pytest

from itinerary.cache import Bounded


def test_the_least_recently_used_goes_first():
    kept = Bounded(2)
    kept.put("a", 1)
    kept.put("b", 2)
    assert kept.get("a") == 1  # "a" is now the most recently used
    kept.put("c", 3)
    assert (kept.get("a"), kept.get("b"), kept.get("c"), len(kept)) == (1, None, 3, 2)


def test_get_or_make_makes_only_on_a_miss():
    kept, made = Bounded(4), []

    def make():
        made.append(1)
        return "value"

    assert [kept.get_or_make("key", make) for _ in range(3)] == ["value"] * 3
    assert made == [1]
    kept.clear()
    assert (kept.get("key"), len(kept)) == (None, 0)


def test_a_size_below_one_is_refused():
    with pytest.raises(ValueError, match="size must be at least 1"):
        Bounded(0)


def test_threads_never_see_more_than_size():
    kept = Bounded(8)

    def fill(offset):
        for number in range(500):
            kept.get_or_make((offset, number), lambda number=number: number)

    threads = [threading.Thread(target=fill, args=(offset,)) for offset in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(kept) == 8
