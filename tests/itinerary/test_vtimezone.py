"""VTIMEZONE: each onset on a line of its own or one yearly rule, read alike by every reader, for the whole feed.

Python readers use their own copy of the zone database for an IANA TZID and never look at the
feed's VTIMEZONE; Thunderbird (Mozilla ical.js) and vobject read only the VTIMEZONE. So these
tests rename the zone where the feed names it (``_own_zone``), which makes recurring-ical-events
(through icalendar and dateutil) and the ``ical`` package expand the feed with our VTIMEZONE, and
compare what they compute with the service's own expansion and with ``zoneinfo``.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from itertools import islice
from zoneinfo import ZoneInfo

import icalendar
import pytest
import recurring_ical_events
from ical.calendar_stream import IcsCalendarStream
from ical.timezone import IcsTimezoneInfo

from itinerary import feeds, ical, recurrence, services
from itinerary.model import MAX_YEAR
from tests.builders import days, when
from tests.conftest import make_event

SETTINGS = ical.FeedSettings(uid_domain="itinerary.test", base_url="https://itinerary.test")
OWN = "Own"  # the prefix that turns an IANA TZID into one only the feed's VTIMEZONE defines


def _itinerary(store, zone: str) -> str:
    slug = "zone-" + zone.lower().replace("/", "-").replace("_", "-")
    services.create_itinerary(store, slug=slug, title=f"Meetings in {zone}", timezone=zone)
    return slug


def _feed(store, slug: str) -> bytes:
    return feeds.itinerary_feed(store, slug, SETTINGS, private=True).body


def _own_zone(body: bytes) -> bytes:
    """The feed with every TZID renamed, so that a reader must take each zone from its VTIMEZONE."""
    return re.sub(rb"TZID([:=])", rb"TZID\1" + OWN.encode() + b"-", body)


def _first_values_only(body: bytes) -> bytes:
    """The feed as ical.js and vobject read a VTIMEZONE: only the first value of each RDATE line."""
    return re.sub(rb"(?m)^(RDATE[^:\r\n]*:[^,\r\n]*),[^\r\n]*", rb"\1", body)


def _vtimezones(body: bytes) -> list[icalendar.Timezone]:
    return list(icalendar.Calendar.from_ical(body).walk("VTIMEZONE"))


def _expected(store, slug: str) -> list[tuple[datetime, datetime]]:
    """Every occurrence's start and end in UTC, as the service expands the itinerary."""
    spans = []
    for event in services.list_events(store, slug):
        for timing in recurrence.occurrences(event.timing, event.rrule, event.exdates):
            spans.append(timing.instants())
    return sorted(spans)


def _read(body: bytes, limit: int | None = None) -> dict[str, list[tuple[datetime, datetime]]]:
    """The first ``limit`` occurrences' start and end in UTC, as two independent readers expand the feed."""
    recurring = recurring_ical_events.of(icalendar.Calendar.from_ical(body)).after(datetime(1899, 1, 1))
    strict = IcsCalendarStream.calendar_from_ics(body.decode()).timeline
    return {
        "recurring-ical-events": [(o.start.astimezone(UTC), o.end.astimezone(UTC)) for o in islice(recurring, limit)],
        "ical": [(o.dtstart.astimezone(UTC), o.dtend.astimezone(UTC)) for o in islice(strict, limit)],
    }


def _readers_use_the_vtimezone(body: bytes) -> None:
    calendar = icalendar.Calendar.from_ical(body)
    recurring = recurring_ical_events.of(calendar).after(datetime(1899, 1, 1))
    assert not any(isinstance(o.start.tzinfo, ZoneInfo) for o in islice(recurring, 100))
    strict = IcsCalendarStream.calendar_from_ics(body.decode())
    assert all(isinstance(o.dtstart.tzinfo, IcsTimezoneInfo) for o in islice(strict.timeline, 100))


def test_vtimezone_berlin_weekly_series_second_year_each_onset_own_line(store):
    slug = _itinerary(store, "Europe/Berlin")
    make_event(store, slug, uid="weekly", **when("2024-01-08 10:00", "11:00"), rrule="FREQ=WEEKLY;COUNT=104")
    body = _feed(store, slug)
    expected = _expected(store, slug)
    assert len(expected) == 104
    assert expected[60] == (datetime(2025, 3, 3, 9, tzinfo=UTC), datetime(2025, 3, 3, 10, tzinfo=UTC))
    assert expected[70] == (datetime(2025, 5, 12, 8, tzinfo=UTC), datetime(2025, 5, 12, 9, tzinfo=UTC))

    assert not re.search(rb"(?m)^RDATE[^\r\n]*,", body)
    own = _own_zone(body)
    _readers_use_the_vtimezone(own)
    for reading in (own, _first_values_only(own)):
        assert _read(reading) == {"recurring-ical-events": expected, "ical": expected}


def test_vtimezone_sub_component_lists_its_dtstart_among_its_rdates(store):
    # ical.js and the ical package count only the RDATEs of a sub-component that has any.
    slug = _itinerary(store, "Europe/Moscow")
    make_event(store, slug, uid="talks", **when("2010-06-01 10:00", "11:00"))
    make_event(store, slug, uid="later", **when("2015-06-01 10:00", "11:00"))
    (timezone,) = _vtimezones(_feed(store, slug))
    listed = [c for c in timezone.subcomponents if "RRULE" not in c]
    assert len(listed) == 5
    for component in listed:
        rdates = [value.dts[0].dt for value in _many(component, "RDATE")]
        assert all(len(value.dts) == 1 for value in _many(component, "RDATE"))
        assert rdates[0] == component.DTSTART
        assert rdates == sorted(rdates)


def _many(component, name: str) -> list:
    value = component.get(name, [])
    return value if isinstance(value, list) else [value]


def test_vtimezone_moscow_2011_permanent_summer_time_and_2014_return(store):
    slug = _itinerary(store, "Europe/Moscow")
    for uid, year in (("before", 2010), ("between", 2012), ("after", 2015)):
        for month in (1, 7):
            make_event(
                store,
                slug,
                uid=f"{uid}-{month}",
                start=datetime(year, month, 15, 10),
                end=datetime(year, month, 15, 11),
            )
    body = _own_zone(_feed(store, slug))
    expected = _expected(store, slug)
    assert [start.hour for start, _ in expected] == [7, 6, 6, 6, 7, 7]
    assert _read(body) == {"recurring-ical-events": expected, "ical": expected}


def test_vtimezone_covers_a_yearly_series_to_its_last_occurrence(store):
    slug = _itinerary(store, "Europe/Berlin")
    make_event(store, slug, uid="yearly", **when("2023-07-03 10:00", "11:00"), rrule="FREQ=YEARLY;COUNT=30")
    make_event(
        store, slug, uid="winter", **when("2023-01-09 10:00", "11:00"), rrule="FREQ=YEARLY;UNTIL=20400110T000000Z"
    )
    body = _feed(store, slug)
    assert b"COMMENT" not in body
    expected = _expected(store, slug)
    assert expected[-1] == (datetime(2052, 7, 3, 8, tzinfo=UTC), datetime(2052, 7, 3, 9, tzinfo=UTC))
    own = _own_zone(body)
    assert _read(own) == {"recurring-ical-events": expected, "ical": expected}


def test_vtimezone_endless_series_covered_to_the_expansion_horizon(store):
    slug = _itinerary(store, "America/Santiago")
    make_event(store, slug, uid="weekly", **when("2024-01-06 10:00", "11:00"), rrule="FREQ=WEEKLY")
    body = _feed(store, slug)
    (timezone,) = _vtimezones(body)
    # The zone's rule since 2023, the Sunday after the first Saturday of April and of September, once and open-ended.
    rules = [(c.name, c["RRULE"].to_ical()) for c in timezone.subcomponents if "RRULE" in c]
    assert rules == [
        ("STANDARD", b"FREQ=YEARLY;BYDAY=SU;BYMONTHDAY=2,3,4,5,6,7,8;BYMONTH=4"),
        ("DAYLIGHT", b"FREQ=YEARLY;BYDAY=SU;BYMONTHDAY=2,3,4,5,6,7,8;BYMONTH=9"),
    ]
    own = _own_zone(body)
    expected = _expected(store, slug)  # the service lists the first MAX_OCCURRENCES
    assert _read(own, len(expected)) == {"recurring-ical-events": expected, "ical": expected}
    # Up to the horizon: the last Saturday of MAX_YEAR, in summer time (-03).
    last = datetime(MAX_YEAR, 12, 28, 10)
    assert last.replace(tzinfo=ZoneInfo("America/Santiago")).utcoffset() == timedelta(hours=-3)
    assert _reader_offsets(own, last) == [timedelta(hours=-3)] * 2


def _reader_offsets(body: bytes, local: datetime) -> list[timedelta]:
    """The UTC offset of a wall-clock time by the feed's only VTIMEZONE, as dateutil and the ical package read it."""
    (timezone,) = _vtimezones(body)
    strict = next(
        t for t in IcsCalendarStream.calendar_from_ics(body.decode()).timezones if t.tz_id == timezone.tz_name
    )
    return [
        local.replace(tzinfo=timezone.to_tz(lookup_tzid=False)).utcoffset(),
        IcsTimezoneInfo(strict).utcoffset(local),
    ]


ZONES = {
    # Historical changes: Moscow's permanent summer time of 2011 and its return in 2014; Almaty's move to +05 in 2024.
    "moscow-2011-2014": ("Europe/Moscow", 2009, 2016),
    "almaty-2024": ("Asia/Almaty", 2022, 2026),
    # Half-hour and 45-minute offsets, with and without daylight time.
    "kolkata-war-time": ("Asia/Kolkata", 1940, 1946),
    "kathmandu-545-from-1986": ("Asia/Kathmandu", 1984, 1988),
    "adelaide": ("Australia/Adelaide", 2020, 2026),
    "lord-howe-half-hour-dst": ("Australia/Lord_Howe", 2022, 2025),
    "chatham-1245": ("Pacific/Chatham", 2022, 2025),
    # Southern hemisphere: daylight time over the new year.
    "sydney": ("Australia/Sydney", 2022, 2027),
    "santiago": ("America/Santiago", 2018, 2030),
    # No daylight time at all.
    "shanghai": ("Asia/Shanghai", 2017, 2020),
    # Rules no "nth weekday" expresses, negative DST, and onsets that follow no rule.
    "jerusalem-friday-before-last-sunday": ("Asia/Jerusalem", 2020, 2030),
    "nuuk-2023-2024": ("America/Nuuk", 2021, 2030),
    "dublin": ("Europe/Dublin", 2020, 2026),
    "casablanca-ramadan": ("Africa/Casablanca", 2019, 2027),
    "new-york-2007-rules": ("America/New_York", 2004, 2010),
}


def _probes(zone: str, first: int, last: int) -> list[datetime]:
    """Wall-clock times every few days, and around each change, that are neither skipped nor repeated."""
    tz = ZoneInfo(zone)
    times = [datetime(first, 1, 2, 12) + timedelta(days=5 * n, hours=n % 11) for n in range(73 * (last - first + 1))]
    for year in range(first, last + 1):
        for moment, _, _ in ical._year_onsets(zone, year):
            instant = datetime.fromtimestamp(moment, UTC)
            times.extend(
                (instant + timedelta(hours=hours)).astimezone(tz).replace(tzinfo=None) for hours in (-3, -1, 1, 3)
            )
    return [
        time
        for time in times
        if date(first, 1, 2) <= time.date()
        and time.year <= last
        and time.replace(tzinfo=tz, fold=0).utcoffset() == time.replace(tzinfo=tz, fold=1).utcoffset()
    ]


@pytest.mark.parametrize("case", list(ZONES))
def test_vtimezone_reads_like_zoneinfo(case):
    zone, first, last = ZONES[case]
    body = (
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:test\r\n"
        + ical.timezone_component(zone, first, last)
        + b"END:VCALENDAR\r\n"
    )
    assert not re.search(rb"(?m)^RDATE[^\r\n]*,", body)
    (timezone,) = _vtimezones(body)
    dateutil_zone = timezone.to_tz(lookup_tzid=False)
    (strict,) = IcsCalendarStream.calendar_from_ics(body.decode()).timezones
    strict_zone = IcsTimezoneInfo(strict)
    tz = ZoneInfo(zone)
    wrong = [
        (time, expected, read)
        for time in _probes(zone, first, last)
        for expected in [time.replace(tzinfo=tz).utcoffset()]
        for read in [(time.replace(tzinfo=dateutil_zone).utcoffset(), strict_zone.utcoffset(time))]
        if read != (expected, expected)
    ]
    assert wrong == []


def test_vtimezone_without_dst_is_one_observance():
    (timezone,) = _vtimezones(
        b"BEGIN:VCALENDAR\r\n" + ical.timezone_component("Asia/Kolkata", 2017, MAX_YEAR + 1) + b"END:VCALENDAR\r\n"
    )
    (standard,) = timezone.subcomponents
    assert (standard.name, standard.DTSTART, standard.TZOFFSETFROM, standard.TZOFFSETTO) == (
        "STANDARD",
        datetime(2017, 1, 1, 5, 30),
        timedelta(hours=5, minutes=30),
        timedelta(hours=5, minutes=30),
    )


def test_vtimezone_serialized_once_per_zone_and_span():
    assert ical.timezone_component("Europe/Berlin", 2017, 2019) is ical.timezone_component("Europe/Berlin", 2017, 2019)


def _span(start: datetime, end: datetime, rule: str = "", zone: str = "Europe/Berlin", all_day: bool = False):
    tz = ZoneInfo(zone)
    return (start.replace(tzinfo=tz).astimezone(UTC), end.replace(tzinfo=tz).astimezone(UTC), rule, zone, all_day)


def test_feed_years_from_the_year_before_the_first_to_the_year_after_the_last():
    spans = [
        _span(datetime(2018, 6, 8, 10), datetime(2018, 6, 8, 11)),
        _span(datetime(2019, 12, 31, 23), datetime(2020, 1, 1, 0, 30)),
    ]
    assert ical.feed_years(spans) == (2017, 2020)


def test_feed_years_counted_series_to_its_last_occurrence():
    weekly = _span(datetime(2024, 1, 8, 10), datetime(2024, 1, 8, 11), "FREQ=WEEKLY;COUNT=104")
    assert ical.feed_years([weekly]) == (2023, 2026)
    daily = _span(datetime(2024, 1, 8), datetime(2024, 1, 9), "FREQ=YEARLY;COUNT=10", all_day=True)
    assert ical.feed_years([daily]) == (2023, 2034)


def test_feed_years_series_until_to_its_until():
    until = _span(datetime(2024, 1, 8, 10), datetime(2024, 1, 8, 11), "FREQ=MONTHLY;UNTIL=20301231T235959Z")
    assert ical.feed_years([until]) == (2023, 2032)


def test_feed_years_endless_series_to_the_expansion_horizon():
    endless = _span(datetime(2024, 1, 8, 10), datetime(2024, 1, 8, 11), "FREQ=WEEKLY;INTERVAL=2")
    assert ical.feed_years([endless]) == (2023, MAX_YEAR + 1)


def test_cached_feed_equals_fresh_feed_with_series(store, clock):
    slug = _itinerary(store, "Europe/Berlin")
    make_event(store, slug, uid="weekly", **when("2024-01-08 10:00", "11:00"), rrule="FREQ=WEEKLY;COUNT=104")
    make_event(store, slug, uid="days", **days("2024-03-01", "2024-03-02"), rrule="FREQ=YEARLY;COUNT=5")
    make_event(
        store,
        slug,
        uid="sydney",
        **when("2024-02-01 09:00", "10:00"),
        timezone="Australia/Sydney",
        rrule="FREQ=MONTHLY",
    )
    cache = feeds.FeedCache()
    for rule in ("", "FREQ=WEEKLY;COUNT=300", "FREQ=WEEKLY"):
        if rule:
            clock.now += timedelta(minutes=1)
            services.update_event(store, slug, "weekly", rrule=rule)
        itinerary = services.get_itinerary(store, slug)
        events = services.list_events(store, slug)
        name = itinerary.title + " (private)"
        built = ical.build_calendar(
            itinerary, events, now=itinerary.private_changed, settings=SETTINGS, name=name, include_restricted=True
        )
        assert feeds.itinerary_feed(store, slug, SETTINGS, private=True, cache=cache).body == ical.to_ics(built)
    assert [str(tz["TZID"]) for tz in built.timezones] == ["Australia/Sydney", "Europe/Berlin"]
