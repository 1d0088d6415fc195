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


def leg(mode: str | None = None, *, origin: str = "chancellery", destination: str = "vnukovo") -> dict[str, object]:
    """A travel leg's fields: ``kind``, ``mode`` (when said), where it starts (``venue``) and ends.

    >>> leg("car")
    {'kind': 'travel', 'venue': 'chancellery', 'destination': 'vnukovo', 'mode': 'car'}
    """
    fields: dict[str, object] = {"kind": "travel", "venue": origin, "destination": destination}
    if mode is not None:
        fields["mode"] = mode
    return fields


def venue(key: str, name: str, city: str, country: str, timezone: str, latitude: float, longitude: float) -> dict:
    """A venue's fields as ``services.put_venue`` takes them."""
    names = ("key", "name", "city", "country", "timezone", "latitude", "longitude")
    return dict(zip(names, (key, name, city, country, timezone, latitude, longitude), strict=True))


# The trip fixture's two venues (tests/conftest.py) and two of the seed's. A test that changes one writes
# ``services.put_venue(store, **{**GREAT_HALL, "name": "New name"})``.
CHANCELLERY = venue("chancellery", "Federal Chancellery", "Berlin", "Germany", "Europe/Berlin", 52.5202, 13.3692)
VNUKOVO = venue("vnukovo", "Vnukovo Airport", "Moscow", "Russia", "Europe/Moscow", 55.5915, 37.2615)
GREAT_HALL = venue(
    "great-hall-of-the-people", "Great Hall of the People", "Beijing", "China", "Asia/Shanghai", 39.9033, 116.3874
)
TIANJIN_ARENA = venue(
    "tianjin-ice-arena", "Tianjin ice hockey arena", "Tianjin", "China", "Asia/Shanghai", 39.1060, 117.1650
)


# The seed's public events of the China state visit (its lunch is not public), by start.
CHINA_PUBLIC = (
    "cn2018-arrival-beijing",
    "cn2018-talks-narrow",
    "cn2018-talks-enlarged",
    "cn2018-signing",
    "cn2018-press",
    "cn2018-train-tianjin",
    "cn2018-hockey-tianjin",
    "sco2018-summit",  # all day, 9 to 10 June: from midnight in Qingdao, 16:00 UTC on the 8th
    "cn2018-flight-qingdao",
    "sco2018-restricted-session",
    "sco2018-enlarged-session",
)


def daily_briefing(store, slug: str, *, count: int = 4, **fields):
    """A daily "Morning briefing" at 07:00-07:30 from 8 June 2018, ``count`` times (uid ``briefing``); the event.

    ``fields`` add to or replace these (``title="Briefing"``, ``participants=(...)``, ``rrule=...``).
    """
    from itinerary import services

    fields = {
        "uid": "briefing",
        "title": "Morning briefing",
        **when("2018-06-08 07:00", "07:30"),
        "rrule": f"FREQ=DAILY;COUNT={count}",
        **fields,
    }
    return services.create_event(store, slug, **fields)
