"""Builders of event fields, so a test reads its times on one line.

``make_event(store, slug, uid="lunch", **when("2018-06-08 10:30", "12:00"))`` stands for
``start=datetime(2018, 6, 8, 10, 30), end=datetime(2018, 6, 8, 12, 0)``.
"""

from __future__ import annotations

from datetime import date, datetime, time


def when(start: str, end: str) -> dict[str, datetime]:
    """``start`` and ``end`` of a timed event; an ``end`` given as a bare ``HH:MM`` is on the start's day.

    >>> when("2018-06-08 10:30", "12:00")
    {'start': datetime.datetime(2018, 6, 8, 10, 30), 'end': datetime.datetime(2018, 6, 8, 12, 0)}
    >>> when("2018-06-08 23:30", "2018-06-09 00:15")["end"]
    datetime.datetime(2018, 6, 9, 0, 15)
    """
    first = datetime.fromisoformat(start)
    if len(end) <= 5:
        return {"start": first, "end": datetime.combine(first.date(), time.fromisoformat(end))}
    return {"start": first, "end": datetime.fromisoformat(end)}


def days(first: str, last: str | None = None) -> dict[str, object]:
    """``all_day``, ``first`` and (when given) ``last`` of an all-day event.

    >>> days("2018-06-08", "2018-06-10")
    {'all_day': True, 'first': datetime.date(2018, 6, 8), 'last': datetime.date(2018, 6, 10)}
    """
    fields: dict[str, object] = {"all_day": True, "first": date.fromisoformat(first)}
    if last is not None:
        fields["last"] = date.fromisoformat(last)
    return fields
