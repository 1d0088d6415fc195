"""VTIMEZONE components of IANA zones, and the years a feed's zones must cover. Pure functions."""

from __future__ import annotations

from calendar import monthrange
from collections import deque
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import icalendar

from itinerary import recurrence
from itinerary.model import (
    MAX_YEAR,
    AllDay,
    Timed,
)

# VTIMEZONE. icalendar's ``Timezone.from_tzid`` writes several onsets on one RDATE line, of which
# Mozilla ical.js (Thunderbird) and vobject read only the first, and once a sub-component has RDATEs
# ical.js no longer counts its DTSTART as an onset. So each onset here is an RDATE line of its own,
# DTSTART repeated as the first (RFC 5545 counts a repeated instant once); where the zone keeps one
# yearly rule up to the end of the span a feed needs, that rule is written as an RRULE instead.
# Onsets are found in ``zoneinfo``: the same data every Python reader of the feed uses.

_DAY = 86400  # seconds between samples of a zone's offset; bisected to the second where it changes
_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
# A zone's state: UTC offset, whether it is daylight time, abbreviation.
_State = tuple[timedelta, bool, str]


def _state(moment: int, tz: ZoneInfo) -> _State:
    local = datetime.fromtimestamp(moment, tz)
    offset = local.utcoffset()
    return offset, bool(local.dst()), local.tzname() or _offset_name(offset)


def _offset_name(offset: timedelta) -> str:
    return icalendar.vUTCOffset(offset).to_ical().decode()


def _timestamp(year: int) -> int:
    return int(datetime(year, 1, 1, tzinfo=UTC).timestamp())


@lru_cache(maxsize=4096)
def _year_onsets(tzid: str, year: int) -> tuple[tuple[int, _State, _State], ...]:
    """Each change of the zone in a UTC year, and at the next year's first instant: (POSIX time, before, after).

    Sampled daily and bisected: two changes less than a day apart that undo each other would be missed
    (the zone database has none since 1900; sampling weekly would miss some, e.g. in Asia/Gaza).
    """
    tz = ZoneInfo(tzid)
    moment, end = _timestamp(year), _timestamp(year + 1)
    state = _state(moment, tz)
    found = []
    while moment < end:
        sample = min(moment + _DAY, end)
        if _state(sample, tz) == state:
            moment = sample
            continue
        low, high = moment, sample
        while high - low > 1:
            middle = (low + high) // 2
            low, high = (middle, high) if _state(middle, tz) == state else (low, middle)
        after = _state(high, tz)
        found.append((high, state, after))
        moment, state = high, after
    return tuple(found)


def _local(moment: int, offset: timedelta) -> datetime:
    """The wall-clock time of ``moment`` at ``offset``, as an onset is written (RFC 5545, 3.6.5)."""
    return datetime.fromtimestamp(moment, UTC).replace(tzinfo=None) + offset


def _yearly_rule(local: datetime) -> list[tuple[str, int]]:
    """The yearly rules whose day in ``local``'s year is ``local``'s day, most usual first."""
    day, month = local.day, local.month
    shortest = 28 if month == 2 else 30 if month in (4, 6, 9, 11) else 31
    rules = []
    if day <= 28:
        rules.append(("nth", (day - 1) // 7 + 1))  # the first to fourth Sunday...
    if day + 7 > monthrange(local.year, month)[1]:
        rules.append(("last", -1))
    # The weekday within seven given days: the Sunday after the first Saturday (America/Santiago),
    # the Friday before the last Sunday (Asia/Jerusalem).
    rules.extend(
        ("window", first) for first in range(max(1, day - 6), day + 1) if (first - 1) % 7 and first + 6 <= shortest
    )
    if day <= shortest:
        rules.append(("date", day))
    return rules


def _rule_day(rule: tuple[str, int], year: int, month: int, weekday: int) -> date:
    kind, value = rule
    if kind == "date":
        return date(year, month, value)
    if kind == "last":
        last = date(year, month, monthrange(year, month)[1])
        return last - timedelta(days=(last.weekday() - weekday) % 7)
    first = date(year, month, 7 * (value - 1) + 1 if kind == "nth" else value)
    return first + timedelta(days=(weekday - first.weekday()) % 7)


def _rrule(rule: tuple[str, int], month: int, weekday: int) -> icalendar.vRecur:
    kind, value = rule
    parts: dict = {"FREQ": "YEARLY", "BYMONTH": month}
    if kind == "date":
        parts["BYMONTHDAY"] = value
    elif kind == "window":
        parts["BYDAY"] = _WEEKDAYS[weekday]
        parts["BYMONTHDAY"] = list(range(value, value + 7))
    else:
        parts["BYDAY"] = f"{value}{_WEEKDAYS[weekday]}"
    return icalendar.vRecur(parts)


def _open_rule(onsets: list[tuple[int, _State, _State]], until: int) -> tuple[int, icalendar.vRecur] | None:
    """How many of the last ``onsets`` (all of one kind) one yearly RRULE gives, with the rule; or None.

    The rule must give exactly those onsets up to ``until``: each of the years before the last one, at
    the same wall-clock time, and none after the last before ``until``.
    """
    offset = onsets[-1][1][0]
    times = [_local(moment, offset) for moment, _, _ in onsets]
    last = times[-1]
    best: tuple[int, tuple[str, int]] | None = None
    for rule in _yearly_rule(last):
        count = 1
        for earlier, later in zip(reversed(times[:-1]), reversed(times[1:]), strict=True):
            if (
                earlier.year != later.year - 1
                or earlier.time() != last.time()
                or earlier.date() != _rule_day(rule, earlier.year, last.month, last.weekday())
            ):
                break
            count += 1
        if best is None or count > best[0]:
            best = (count, rule)
    count, rule = best
    following = datetime.combine(_rule_day(rule, last.year + 1, last.month, last.weekday()), last.time())
    if count < 2 or (following - offset).replace(tzinfo=UTC).timestamp() < until:
        return None
    return count, _rrule(rule, last.month, last.weekday())


def _observance(before: _State, after: _State, onsets: list[datetime], rule: icalendar.vRecur | None = None):
    """A STANDARD or DAYLIGHT sub-component: its first onset, then the rule or each onset on an RDATE line.

    The first onset is also an RDATE: ical.js and the ``ical`` package count only the RDATEs of a
    sub-component that has any, and without RRULE or RDATE the ``ical`` package ignores it.
    """
    offset, dst, name = after
    component = icalendar.TimezoneDaylight() if dst else icalendar.TimezoneStandard()
    component.add("DTSTART", onsets[0])
    if rule is not None:
        component.add("RRULE", rule)
    else:
        for onset in onsets:
            component.add("RDATE", onset)
    component.add("TZOFFSETFROM", before[0])
    component.add("TZOFFSETTO", offset)
    component.add("TZNAME", name)
    return component


@lru_cache(maxsize=256)
def timezone_component(tzid: str, first_year: int, last_year: int) -> bytes:
    """The VTIMEZONE of an IANA zone for the UTC years ``first_year`` to ``last_year``, serialized once and reused.

    It starts with the zone's state at the first instant of ``first_year``, then gives every onset
    up to the end of ``last_year``; a rule the zone keeps to that end is an RRULE without end.
    """
    tz = ZoneInfo(tzid)
    since, until = _timestamp(first_year), _timestamp(last_year + 1)
    initial = _state(since, tz)
    kinds: dict[tuple[_State, _State], list[tuple[int, _State, _State]]] = {}
    for year in range(first_year, last_year + 1):
        for onset in _year_onsets(tzid, year):
            if onset[0] < until:
                kinds.setdefault(onset[1:], []).append(onset)
    observances = [(since, _observance(initial, initial, [_local(since, initial[0])]))]
    for (before, after), onsets in kinds.items():
        ruled = _open_rule(onsets, until)
        listed = onsets[: -ruled[0]] if ruled else onsets
        if listed:
            observances.append((listed[0][0], _observance(before, after, [_local(m, before[0]) for m, _, _ in listed])))
        if ruled:
            first = onsets[-ruled[0]][0]
            observances.append((first, _observance(before, after, [_local(first, before[0])], ruled[1])))
    timezone = icalendar.Timezone()
    timezone.add("TZID", tzid)
    for _, component in sorted(observances, key=lambda pair: pair[0]):
        timezone.add_component(component)
    return timezone.to_ical()


def feed_years(spans: Iterable[tuple[datetime, datetime, str, str, bool]]) -> tuple[int, int]:
    """The UTC years a feed's VTIMEZONEs cover, from each event's (start and end in UTC, rule, zone, all-day).

    From the year before the earliest start to the year after the last occurrence of every series ends;
    a series without COUNT or UNTIL runs to the horizon of :func:`itinerary.recurrence.starts`, the end of
    :data:`~itinerary.model.MAX_YEAR`. The year either side leaves room for the zone's offset, and for an
    occurrence moved a little beyond its series.

    >>> feed_years([])
    (1970, 1971)
    """
    first = last = None
    for start, end, rule, zone, all_day in spans:
        ends = _series_end(start, end, rule, zone, all_day) if rule else end
        first = start.year if first is None else min(first, start.year)
        last = ends.year if last is None else max(last, ends.year)
    if first is None:
        return 1970, 1971
    return first - 1, min(last + 1, MAX_YEAR + 1)  # no occurrence starts after MAX_YEAR


_HORIZON = datetime(MAX_YEAR, 12, 31, 23, 59, 59, tzinfo=UTC)


@lru_cache(maxsize=4096)
def _series_end(start: datetime, end: datetime, rule: str, zone: str, all_day: bool) -> datetime:
    """When the last occurrence of a series ends, in UTC, as far as the recurrence expansion goes."""
    parts = dict(part.partition("=")[::2] for part in recurrence.normalize(rule).split(";"))
    length = end - start
    if "UNTIL" in parts:  # no occurrence starts after UNTIL: no need to step through them
        until = parts["UNTIL"]
        last_day = min(datetime(int(until[:4]), int(until[4:6]), int(until[6:8]), tzinfo=UTC), _HORIZON)
        return last_day + timedelta(days=1) + length
    if "COUNT" not in parts:
        return _HORIZON + length
    tz = ZoneInfo(zone)
    local = start.astimezone(tz)
    if all_day:
        timing = AllDay(local.date(), max(local.date(), end.astimezone(tz).date() - timedelta(days=1)), zone)
    else:
        timing = Timed(local, max(end, start + timedelta(seconds=1)).astimezone(tz))
    kept = deque(recurrence.starts(recurrence.parse(rule, timing)), maxlen=1)
    if not kept:
        return end
    last = kept[0]
    return (last.replace(tzinfo=tz) if last.tzinfo is None else last).astimezone(UTC) + length
