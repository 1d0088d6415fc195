"""Times that mean one instant: the repeated hour when clocks go back, the skipped hour when they go forward.

Berlin's clocks went forward at 02:00 on 31 March 2024 (02:00-03:00 does not
exist) and back at 03:00 on 27 October 2024 (02:00-03:00 happens twice: first
in summer time, UTC+02:00, then in winter time, UTC+01:00).
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
import recurring_ical_events
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from ical.calendar_stream import IcsCalendarStream

from itinerary import backup, changelog, checks, feeds, fixtures, ical, imports, occurrences, recurrence, services
from itinerary.errors import AmbiguousTime, FixtureError, InvalidEvent
from itinerary.model import Event, Itinerary, Timed, is_second, localize
from itinerary.storage import Store
from tests.builders import when
from tests.conftest import make_event
from tests.rfc5545 import without_stamps

BERLIN = ZoneInfo("Europe/Berlin")
SETTINGS = ical.FeedSettings(uid_domain="itinerary.test", base_url="https://itinerary.test")
FIRST_0230 = datetime(2024, 10, 27, 2, 30, tzinfo=BERLIN)  # 00:30 UTC
SECOND_0230 = datetime(2024, 10, 27, 2, 30, fold=1, tzinfo=BERLIN)  # 01:30 UTC


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def _feed(store, slug) -> bytes:
    return feeds.itinerary_feed(store, slug, SETTINGS).body


def _ours(store, slug) -> list[tuple[datetime, datetime, str]]:
    return sorted(
        (*o.timing.instants(), o.event.status.value)
        for o in services.list_occurrences(store, slug)
        if not o.event.all_day
    )


def _recurring_ical_events(body: bytes, *, x_wr_timezone: bool = False) -> list[tuple[datetime, datetime, str]]:
    """The occurrences recurring-ical-events lists, by default without reading X-WR-TIMEZONE.

    With X-WR-TIMEZONE it turns UTC times into that zone and then drops their
    fold, so the second 02:30 comes out as the first (see the xfail test below).
    """
    calendar = icalendar.Calendar.from_ical(body)
    if not x_wr_timezone:
        calendar.pop("X-WR-TIMEZONE")
    return sorted(
        (e.start.astimezone(UTC), e.end.astimezone(UTC), str(e.get("STATUS", "CONFIRMED")).lower())
        for e in recurring_ical_events.of(calendar).between(date(2023, 1, 1), date(2026, 1, 1))
    )


def _ical_timeline(body: bytes) -> list[tuple[datetime, datetime, str]]:
    calendar = IcsCalendarStream.calendar_from_ics(body.decode())
    return sorted(
        (e.start.astimezone(UTC), e.end.astimezone(UTC), str(e.status.value if e.status else "CONFIRMED").lower())
        for e in calendar.timeline_tz(UTC).overlapping(utc(2023, 1, 1), utc(2026, 1, 1))
    )


def _copy(store, clock, slug) -> Store:
    """A fresh database holding what our own feed of ``slug`` imports as."""
    target = Store("sqlite://", clock=clock)
    target.create_schema()
    itinerary = services.get_itinerary(store, slug)
    services.create_itinerary(target, slug=slug, title=itinerary.title, timezone=itinerary.timezone)
    imports.import_ics(target, slug, _feed(store, slug), uid_domain=SETTINGS.uid_domain)
    return target


def _assert_same_after_copy(target: Store, store: Store, slug: str) -> None:
    """The copy holds the same events and serves the same feed but for its stamps; then it is closed."""
    assert services.list_events(target, slug) == services.list_events(store, slug)
    assert without_stamps(_feed(target, slug)) == without_stamps(_feed(store, slug))
    target.dispose()


# The model: a typed wall-clock time is never silently picked


def test_ambiguous_wall_time_is_refused_with_both_choices():
    with pytest.raises(AmbiguousTime) as caught:
        Timed.of(datetime(2024, 10, 27, 2, 30), datetime(2024, 10, 27, 2, 45), "Europe/Berlin")
    error = caught.value
    assert isinstance(error, InvalidEvent)
    assert error.choices == {
        "start": (FIRST_0230, SECOND_0230),
        "end": (FIRST_0230 + timedelta(minutes=15), SECOND_0230 + timedelta(minutes=15)),
    }
    assert [value.utcoffset() for value in error.choices["start"]] == [timedelta(hours=2), timedelta(hours=1)]
    assert error.errors["start"] == (
        "2024-10-27 02:30 happens twice in Europe/Berlin (the clocks go back): "
        "choose 02:30 CEST (UTC+02:00, first) or 02:30 CET (UTC+01:00, second)"
    )


def test_ambiguous_wall_time_with_a_fold_is_that_instant():
    timing = Timed.of(
        datetime(2024, 10, 27, 2, 30), datetime(2024, 10, 27, 2, 45), "Europe/Berlin", start_fold=0, end_fold=1
    )
    assert timing.instants() == (utc(2024, 10, 27, 0, 30), utc(2024, 10, 27, 1, 45))
    assert timing.duration == timedelta(hours=1, minutes=15)


def test_skipped_wall_time_is_refused_naming_the_field():
    with pytest.raises(InvalidEvent) as caught:
        Timed.of(datetime(2024, 3, 31, 1, 0), datetime(2024, 3, 31, 2, 30), "Europe/Berlin", end_fold=1)
    assert not isinstance(caught.value, AmbiguousTime)
    assert caught.value.errors == {"end": "2024-03-31 02:30 does not exist in Europe/Berlin (clocks skip it)"}


def test_unambiguous_wall_time_needs_no_fold():
    assert localize(datetime(2024, 10, 27, 3, 30), BERLIN, "start") == utc(2024, 10, 27, 2, 30)
    assert localize(datetime(2024, 10, 27, 1, 59), BERLIN, "start") == utc(2024, 10, 26, 23, 59)


def test_first_and_second_0230_are_different_timings():
    first = Timed(FIRST_0230, FIRST_0230 + timedelta(hours=2))
    second = Timed(SECOND_0230, FIRST_0230 + timedelta(hours=2))
    assert first != second
    assert first == Timed(FIRST_0230, FIRST_0230 + timedelta(hours=2))


def test_aware_input_in_the_repeated_hour_keeps_its_instant():
    timing = Timed.of(utc(2024, 10, 27, 1, 30), utc(2024, 10, 27, 3), "Europe/Berlin")
    assert timing.start.fold == 1 and is_second(timing.start)
    assert timing.start.replace(tzinfo=None) == datetime(2024, 10, 27, 2, 30)


def test_fold_outside_zero_and_one_is_refused(store, trip):
    with pytest.raises(InvalidEvent) as caught:
        make_event(store, trip, **when("2024-10-27 02:30", "04:00"), start_fold=2)
    assert set(caught.value.errors) == {"start"}


# Storage keeps the fold


def test_second_0230_is_stored_and_read_back_as_the_second(store, trip):
    event = make_event(store, trip, **when("2024-10-27 02:30", "04:00"), start_fold=1)
    stored = services.get_event(store, trip, event.uid)
    assert stored.timing.instants() == (utc(2024, 10, 27, 1, 30), utc(2024, 10, 27, 3))
    assert is_second(stored.timing.start)
    assert stored == event
    assert [o.timing.instants() for o in services.list_occurrences(store, trip)] == [stored.timing.instants()]


def test_choosing_the_other_0230_is_a_change_subscribers_see(store, trip):
    event = make_event(store, trip, **when("2024-10-27 02:30", "04:00"), start_fold=0)
    changed = services.update_event(store, trip, event.uid, start=datetime(2024, 10, 27, 2, 30), start_fold=1)
    assert changed.sequence == event.sequence + 1
    assert changed.timing.instants()[0] == utc(2024, 10, 27, 1, 30)


def test_event_created_without_saying_which_0230_stores_nothing(store, trip):
    with pytest.raises(AmbiguousTime):
        make_event(store, trip, **when("2024-10-27 02:30", "04:00"))
    assert services.list_events(store, trip) == []


# Export and our own import


def test_second_0230_of_fall_back_exports_the_stored_instant(store, trip):
    make_event(store, trip, uid="late", **when("2024-10-27 02:30", "04:00"), start_fold=1)
    body = _feed(store, trip)
    (component,) = icalendar.Calendar.from_ical(body).events
    assert component["DTSTART"].to_ical() == b"20241027T013000Z"
    assert component["DTSTART"].params["X-ITINERARY-TZID"] == "Europe/Berlin"
    assert component["DTEND"].to_ical() == b"20241027T040000"
    assert component["DTEND"].params["TZID"] == "Europe/Berlin"
    expected = [(utc(2024, 10, 27, 1, 30), utc(2024, 10, 27, 3), "confirmed")]
    assert _recurring_ical_events(body) == expected
    assert _ical_timeline(body) == expected


@pytest.mark.xfail(
    strict=True,
    reason="recurring-ical-events 3.8 turns UTC times into the X-WR-TIMEZONE zone and loses their fold",
)
def test_recurring_ical_events_with_x_wr_timezone_reads_the_second_0230(store, trip):
    make_event(store, trip, **when("2024-10-27 02:30", "04:00"), start_fold=1)
    body = _feed(store, trip)
    assert _recurring_ical_events(body, x_wr_timezone=True) == [
        (utc(2024, 10, 27, 1, 30), utc(2024, 10, 27, 3), "confirmed")
    ]


def test_first_0230_of_fall_back_exports_the_stored_instant(store, trip):
    # RFC 5545 reads a local 02:30 as the first, but Mozilla ical.js as the second: UTC means one instant to all.
    make_event(store, trip, **when("2024-10-27 02:30", "02:45"), start_fold=0, end_fold=0)
    (component,) = icalendar.Calendar.from_ical(_feed(store, trip)).events
    assert (component["DTSTART"].to_ical(), component["DTEND"].to_ical()) == (b"20241027T003000Z", b"20241027T004500Z")
    assert component["DTEND"].params["X-ITINERARY-TZID"] == "Europe/Berlin"


def test_own_export_import_keeps_second_0230(store, trip, clock):
    make_event(store, trip, uid="late", **when("2024-10-27 02:30", "02:45"), start_fold=1, end_fold=1)
    make_event(store, trip, uid="early", **when("2024-10-27 02:30", "04:00"), start_fold=0)
    # London's clocks went back an hour earlier in UTC (02:00 BST); the second 01:30 there is 01:30 UTC too.
    make_event(store, trip, uid="london", **when("2024-10-27 01:30", "03:00"), timezone="Europe/London", start_fold=1)
    target = _copy(store, clock, trip)
    london = services.get_event(target, trip, "london")
    assert (london.timing.timezone, london.timing.instants()[0]) == ("Europe/London", utc(2024, 10, 27, 1, 30))
    assert is_second(london.timing.start)
    late = services.get_event(target, trip, "late")
    assert late.timing.instants() == (utc(2024, 10, 27, 1, 30), utc(2024, 10, 27, 1, 45))
    assert (late.timing.timezone, is_second(late.timing.start), is_second(late.timing.end)) == (
        "Europe/Berlin",
        True,
        True,
    )
    _assert_same_after_copy(target, store, trip)


def test_backup_restore_keeps_second_0230(store, trip, clock):
    make_event(store, trip, uid="late", **when("2024-10-27 02:30", "04:00"), start_fold=1)
    dumped = backup.dump(store, SETTINGS)
    calendar = json.loads(dumped)["itineraries"][0]["calendar"]
    assert "DTSTART;X-ITINERARY-TZID=Europe/Berlin:20241027T013000Z" in calendar.splitlines()
    target = Store("sqlite://", clock=clock)
    target.create_schema()
    backup.restore(target, dumped)
    restored = services.get_event(target, trip, "late")
    assert restored.timing.instants() == (utc(2024, 10, 27, 1, 30), utc(2024, 10, 27, 3))
    assert is_second(restored.timing.start) and restored.timing.timezone == "Europe/Berlin"
    assert backup.dump(target, SETTINGS) == dumped
    target.dispose()


FIXTURE = """
[itinerary]
slug = "night-trip"
title = "Night trip"
timezone = "Europe/Berlin"

[[events]]
uid = "late"
title = "Night train"
start = {start}
end = 2024-10-27T04:00:00
"""


def test_fixture_with_an_offset_keeps_second_0230(store, tmp_path):
    path = tmp_path / "night.toml"
    path.write_text(FIXTURE.format(start="2024-10-27T02:30:00+01:00"))
    fixtures.load(store, path)
    event = services.get_event(store, "night-trip", "late")
    assert event.timing.instants()[0] == utc(2024, 10, 27, 1, 30) and is_second(event.timing.start)
    fixtures.load(store, path)
    assert services.get_event(store, "night-trip", "late").sequence == event.sequence  # loading twice changes nothing


def test_fixture_with_an_ambiguous_local_time_is_refused(store, tmp_path):
    path = tmp_path / "night.toml"
    path.write_text(FIXTURE.format(start="2024-10-27T02:30:00"))
    with pytest.raises((FixtureError, InvalidEvent), match="happens twice"):
        fixtures.load(store, path)


# Series over the nights the clocks change


def _weekly(store, trip, start, **fields):
    return make_event(
        store,
        trip,
        uid="weekly",
        title="Night shift handover",
        start=start,
        end=start + timedelta(hours=1),
        rrule="FREQ=WEEKLY;COUNT=4",
        **fields,
    )


def test_series_occurrence_in_skipped_hour_keeps_duration(store, trip):
    event = _weekly(store, trip, datetime(2024, 3, 17, 2, 30))
    found = services.list_occurrences(store, trip)
    # RFC 5545: the skipped 02:30 is read with the offset before the gap, as 03:30 summer time; it still lasts an hour.
    assert [o.timing.instants() for o in found] == [
        (utc(2024, 3, 17, 1, 30), utc(2024, 3, 17, 2, 30)),
        (utc(2024, 3, 24, 1, 30), utc(2024, 3, 24, 2, 30)),
        (utc(2024, 3, 31, 1, 30), utc(2024, 3, 31, 2, 30)),
        (utc(2024, 4, 7, 0, 30), utc(2024, 4, 7, 1, 30)),
    ]
    assert found[2].timing.start.replace(tzinfo=None) == datetime(2024, 3, 31, 3, 30)
    assert all(o.timing.duration == timedelta(hours=1) for o in found)
    assert recurrence.occurrence_at(event.timing, event.rrule, utc(2024, 3, 31, 1, 30)) == found[2].timing


def test_series_occurrence_in_skipped_hour_is_spelled_out_so_clients_agree(store, trip):
    _weekly(store, trip, datetime(2024, 3, 17, 2, 30))
    body = _feed(store, trip)
    master, spelled = icalendar.Calendar.from_ical(body).events
    assert spelled["RECURRENCE-ID"].to_ical() == b"20240331T023000"  # as the rule writes it, so every client matches it
    assert (spelled["DTSTART"].to_ical(), spelled["DTEND"].to_ical()) == (b"20240331T033000", b"20240331T043000")
    assert spelled["SEQUENCE"] == master["SEQUENCE"]
    ours = _ours(store, trip)
    assert _recurring_ical_events(body) == ours
    assert _ical_timeline(body) == ours


def test_series_occurrence_in_skipped_hour_overlaps_in_checks(store, trip):
    _weekly(store, trip, datetime(2024, 3, 17, 2, 30), participants=("anna",))
    make_event(store, trip, uid="call", title="Call", **when("2024-03-31 04:00", "04:15"), participants=("anna",))
    found = checks.find_problems(services.list_occurrences(store, trip))
    assert [(f.code, f.events) for f in found] == [("participant-overlap", ("weekly", "call"))]
    assert "03:30" in found[0].message and "04:30" in found[0].message


def test_check_message_says_which_0230(store, trip):
    make_event(
        store,
        trip,
        uid="late",
        title="Night talks",
        **when("2024-10-27 02:30", "04:00"),
        start_fold=1,
        participants=("anna",),
    )
    make_event(store, trip, uid="call", title="Call", **when("2024-10-27 03:00", "03:15"), participants=("anna",))
    (finding,) = checks.find_problems(services.list_occurrences(store, trip))
    assert "02:30 CET" in finding.message


def test_series_occurrence_on_fall_back_night_is_the_first_0230(store, trip):
    _weekly(store, trip, datetime(2024, 10, 13, 2, 30))
    found = services.list_occurrences(store, trip)
    # The first 02:30 (summer time), an hour long: it ends at the second 02:30.
    assert found[2].timing.instants() == (utc(2024, 10, 27, 0, 30), utc(2024, 10, 27, 1, 30))
    assert not is_second(found[2].timing.start) and is_second(found[2].timing.end)
    body = _feed(store, trip)
    _, spelled = icalendar.Calendar.from_ical(body).events
    assert spelled["RECURRENCE-ID"].to_ical() == b"20241027T023000"
    assert (spelled["DTSTART"].to_ical(), spelled["DTEND"].to_ical()) == (b"20241027T003000Z", b"20241027T013000Z")
    ours = _ours(store, trip)
    assert _recurring_ical_events(body) == ours
    assert _ical_timeline(body) == ours


def test_series_beginning_in_the_repeated_hour_spells_out_its_first_occurrence(store, trip):
    make_event(
        store,
        trip,
        uid="weekly",
        **when("2024-10-27 02:30", "02:45"),
        start_fold=0,
        end_fold=0,
        rrule="FREQ=WEEKLY;COUNT=3",
    )
    body = _feed(store, trip)
    master, spelled = icalendar.Calendar.from_ical(body).events
    assert master["DTSTART"].to_ical() == b"20241027T023000"  # the rule repeats the wall-clock time
    assert spelled["RECURRENCE-ID"].to_ical() == b"20241027T023000"
    assert (spelled["DTSTART"].to_ical(), spelled["DTEND"].to_ical()) == (b"20241027T003000Z", b"20241027T004500Z")
    ours = _ours(store, trip)
    assert [start for start, _, _ in ours] == [
        utc(2024, 10, 27, 0, 30),
        utc(2024, 11, 3, 1, 30),
        utc(2024, 11, 10, 1, 30),
    ]
    assert _recurring_ical_events(body) == ours
    assert _ical_timeline(body) == ours


def test_series_beginning_at_the_second_0230_is_refused(store, trip):
    with pytest.raises(InvalidEvent) as caught:
        _weekly(store, trip, datetime(2024, 10, 27, 2, 30), start_fold=1)
    assert set(caught.value.errors) == {"start"}
    assert services.list_events(store, trip) == []


def test_cancelled_occurrence_in_skipped_hour_is_cancelled_for_clients(store, trip):
    _weekly(store, trip, datetime(2024, 3, 17, 2, 30))
    services.cancel_occurrence(store, trip, "weekly", utc(2024, 3, 31, 1, 30))
    body = _feed(store, trip)
    components = icalendar.Calendar.from_ical(body).events
    assert [c["RECURRENCE-ID"].to_ical() for c in components[1:]] == [b"20240331T023000"]
    ours = _ours(store, trip)
    assert ours[2] == (utc(2024, 3, 31, 1, 30), utc(2024, 3, 31, 2, 30), "cancelled")
    assert _recurring_ical_events(body) == ours
    assert _ical_timeline(body) == ours


def test_occurrence_moved_to_the_second_0230_round_trips(store, trip, clock):
    _weekly(store, trip, datetime(2024, 10, 13, 9))
    services.change_occurrence(
        store, trip, "weekly", utc(2024, 10, 20, 7), **when("2024-10-27 02:30", "03:15"), start_fold=1
    )
    moved = services.get_event(store, trip, "weekly").overrides[0].timing
    assert moved.instants() == (utc(2024, 10, 27, 1, 30), utc(2024, 10, 27, 2, 15))
    body = _feed(store, trip)
    ours = _ours(store, trip)
    assert (utc(2024, 10, 27, 1, 30), utc(2024, 10, 27, 2, 15), "confirmed") in ours
    assert _recurring_ical_events(body) == ours
    assert _ical_timeline(body) == ours
    target = _copy(store, clock, trip)
    _assert_same_after_copy(target, store, trip)


def test_series_with_spelled_out_occurrences_round_trips_unchanged(store, trip, clock):
    _weekly(store, trip, datetime(2024, 3, 17, 2, 30))
    make_event(store, trip, uid="fall", **when("2024-10-13 02:30", "03:30"), rrule="FREQ=WEEKLY;COUNT=3")
    target = _copy(store, clock, trip)
    assert [e.overrides for e in services.list_events(target, trip)] == [(), ()]
    _assert_same_after_copy(target, store, trip)


# Any series over the nights the clocks change, in both hemispheres: clients list what we list

# Each zone with the nights of 2024 its clocks changed (Lord Howe by half an hour).
NIGHTS = {
    "Europe/Berlin": (date(2024, 3, 31), date(2024, 10, 27)),
    "Europe/London": (date(2024, 3, 31), date(2024, 10, 27)),
    "America/New_York": (date(2024, 3, 10), date(2024, 11, 3)),
    "Australia/Sydney": (date(2024, 4, 7), date(2024, 10, 6)),
    "Australia/Lord_Howe": (date(2024, 4, 7), date(2024, 10, 6)),
}


@st.composite
def series_near_a_clock_change(draw):
    zone_name = draw(st.sampled_from(sorted(NIGHTS)))
    night = draw(st.sampled_from(NIGHTS[zone_name]))
    freq = draw(st.sampled_from(["DAILY", "WEEKLY"]))
    day = night - timedelta(days=draw(st.integers(min_value=0, max_value=14 if freq == "WEEKLY" else 3)))
    minute = draw(st.one_of(st.integers(min_value=60, max_value=200), st.integers(min_value=0, max_value=1439)))
    return zone_name, day, minute, freq


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    series=series_near_a_clock_change(),
    length=st.integers(min_value=15, max_value=6 * 60),
    count=st.integers(min_value=2, max_value=8),
)
def test_clients_list_our_occurrences_across_clock_changes(series, length, count):
    zone_name, day, minute, freq = series
    tz = ZoneInfo(zone_name)
    wall = datetime.combine(day, datetime.min.time()) + timedelta(minutes=minute)
    start = wall.replace(tzinfo=tz).astimezone(UTC).astimezone(tz)
    end = (start.astimezone(UTC) + timedelta(minutes=length)).astimezone(tz)
    assume(not is_second(start))  # a series cannot begin there
    event = Event(
        uid="series",
        itinerary="trip",
        title="Series",
        timing=Timed(start, end),
        rrule=f"FREQ={freq};COUNT={count}",
    )
    itinerary = Itinerary(slug="trip", title="Trip", timezone=zone_name)
    body = ical.to_ics(ical.build_calendar(itinerary, [event], now=utc(2024, 1, 1), settings=SETTINGS))
    ours = sorted((*o.timing.instants(), "confirmed") for o in occurrences.expand(event))
    assert all(o.timing.duration == timedelta(minutes=length) for o in occurrences.expand(event))
    assert _recurring_ical_events(body) == ours
    assert _ical_timeline(body) == ours


def test_floating_time_in_the_repeated_hour_imports_as_the_first(store, trip):
    data = (
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Example//Floating//EN\r\n"
        b"BEGIN:VEVENT\r\nUID:floating-1\r\nDTSTAMP:20241001T000000Z\r\n"
        b"DTSTART:20241027T023000\r\nDTEND:20241027T033000\r\nSUMMARY:Night call\r\n"
        b"END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    report = imports.import_ics(store, trip, data, uid_domain=SETTINGS.uid_domain)
    assert str(report) == "1 created, 0 updated, 0 unchanged"
    event = services.get_event(store, trip, "floating-1")
    assert event.timing.instants() == (utc(2024, 10, 27, 0, 30), utc(2024, 10, 27, 2, 30))


def test_own_feed_imported_again_changes_nothing_for_a_skipped_hour_occurrence(store, trip):
    _weekly(store, trip, datetime(2024, 3, 17, 2, 30))
    services.cancel_occurrence(store, trip, "weekly", utc(2024, 3, 31, 1, 30))
    before = services.get_event(store, trip, "weekly")
    report = imports.import_ics(store, trip, _feed(store, trip), uid_domain=SETTINGS.uid_domain)
    assert str(report) == "0 created, 0 updated, 1 unchanged"
    assert services.get_event(store, trip, "weekly") == before


@pytest.mark.parametrize(
    ("start", "end", "length"),
    [
        (datetime(2024, 3, 31, 1, 30), datetime(2024, 3, 31, 3, 30), timedelta(hours=1)),  # clocks skip 02:00-03:00
        (datetime(2024, 10, 27, 1, 30), datetime(2024, 10, 27, 3, 30), timedelta(hours=3)),  # clocks repeat it
    ],
)
def test_series_whose_first_occurrence_the_clocks_cut_keeps_its_real_length(store, trip, clock, start, end, length):
    make_event(store, trip, uid="night", start=start, end=end, rrule="FREQ=WEEKLY;COUNT=3")
    found = services.list_occurrences(store, trip)
    assert [o.timing.duration for o in found] == [length] * 3
    body = _feed(store, trip)
    master = icalendar.Calendar.from_ical(body).events[0]
    assert ("DTEND" in master, master["DURATION"].dt) == (False, length)
    ours = _ours(store, trip)
    assert _recurring_ical_events(body) == ours
    assert _ical_timeline(body) == ours
    target = _copy(store, clock, trip)
    _assert_same_after_copy(target, store, trip)


def test_change_from_first_to_second_0230_reads_as_a_change(store, trip):
    event = make_event(store, trip, **when("2024-10-27 02:30", "04:00"), start_fold=0)
    changed = services.update_event(store, trip, event.uid, start=datetime(2024, 10, 27, 2, 30), start_fold=1)
    assert changelog.readable(event)["start"] == "2024-10-27 02:30 CEST Europe/Berlin"
    assert changelog.readable(changed)["start"] == "2024-10-27 02:30 CET Europe/Berlin"
    assert changelog.readable(changed)["end"] == "2024-10-27 04:00 Europe/Berlin"


def test_series_whose_first_wall_clock_end_comes_before_its_start_exports_a_duration(store):
    """Regression: 01:01 EDT for 59 minutes ends at 01:00 EST; building its VEVENT raised 'end must be after start'."""
    services.create_itinerary(store, slug="new-york", title="New York", timezone="America/New_York")
    make_event(
        store,
        "new-york",
        uid="night",
        **when("2024-11-03 01:01", "01:00"),
        start_fold=0,
        end_fold=1,
        rrule="FREQ=DAILY;COUNT=2",
    )
    master = next(e for e in icalendar.Calendar.from_ical(_feed(store, "new-york")).events if "RECURRENCE-ID" not in e)
    assert "DTEND" not in master
    assert master["DURATION"].dt == timedelta(minutes=59)
    occurrences = [o.timing.instants() for o in services.list_occurrences(store, "new-york")]
    assert occurrences == [
        (utc(2024, 11, 3, 5, 1), utc(2024, 11, 3, 6, 0)),
        (utc(2024, 11, 4, 6, 1), utc(2024, 11, 4, 7, 0)),
    ]
