"""Zones, DST and storage: instants survive exactly, wall-clock times stay put."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from itinerary import services
from itinerary.model import AllDay, Timed
from itinerary.storage import Store
from tests.builders import days, when
from tests.conftest import make_event

BERLIN = ZoneInfo("Europe/Berlin")


def test_berlin_event_across_march_switch_keeps_wall_clock_and_utc(store, trip):
    # The night of 24-25 March 2018 Berlin moved from +01:00 to +02:00 at 02:00.
    event = make_event(store, trip, title="Night train", **when("2018-03-25 01:30", "03:30"))
    stored = services.get_event(store, trip, event.uid)
    assert stored.timing.start.replace(tzinfo=None) == datetime(2018, 3, 25, 1, 30)
    assert stored.timing.end.replace(tzinfo=None) == datetime(2018, 3, 25, 3, 30)
    assert stored.timing.instants() == (
        datetime(2018, 3, 25, 0, 30, tzinfo=UTC),
        datetime(2018, 3, 25, 1, 30, tzinfo=UTC),
    )
    assert stored.timing.duration == timedelta(hours=1)


def test_daily_event_keeps_nine_o_clock_across_the_switch(store, trip):
    event = make_event(store, trip, title="Briefing", **when("2018-03-23 09:00", "09:30"), rrule="FREQ=DAILY;COUNT=4")
    found = services.list_occurrences(store, trip)
    assert [o.event.uid for o in found] == [event.uid] * 4
    assert [o.timing.start.astimezone(BERLIN).strftime("%d %H:%M") for o in found] == [
        "23 09:00",
        "24 09:00",
        "25 09:00",
        "26 09:00",
    ]
    assert [o.start.strftime("%d %H:%M") for o in found] == ["23 08:00", "24 08:00", "25 07:00", "26 07:00"]


def test_round_trip_preserves_zone_and_instant_exactly(store, trip):
    start = datetime(2018, 6, 8, 23, 59, 59, 123456, tzinfo=ZoneInfo("Europe/Moscow"))
    end = datetime(2018, 6, 9, 8, 15, tzinfo=ZoneInfo("Asia/Shanghai"))
    event = make_event(
        store,
        trip,
        title="Flight",
        kind="travel",
        venue="vnukovo",
        destination="chancellery",
        start=start,
        end=end,
        timezone="Europe/Moscow",
        end_timezone="Asia/Shanghai",
    )
    stored = services.get_event(store, trip, event.uid)
    assert stored.timing == Timed(start, end)
    assert stored.timing.timezone == "Europe/Moscow"
    assert stored.timing.end_timezone == "Asia/Shanghai"
    assert stored.timing.start.utcoffset() == timedelta(hours=3)
    assert stored.timing.end.utcoffset() == timedelta(hours=8)
    assert stored == event


def test_aware_input_is_kept_as_the_same_instant_in_the_event_zone(store, trip):
    event = make_event(store, trip, start=datetime(2018, 6, 8, 8, tzinfo=UTC), end=datetime(2018, 6, 8, 9, tzinfo=UTC))
    assert event.timing.start == datetime(2018, 6, 8, 10, tzinfo=BERLIN)
    assert event.timing.timezone == "Europe/Berlin"


def test_travel_leg_ends_in_its_destination_zone_by_default(store, trip):
    event = make_event(
        store,
        trip,
        kind="travel",
        title="Flight",
        venue="chancellery",
        destination="vnukovo",
        **when("2018-06-08 10:00", "15:30"),
    )
    assert event.timing.timezone == "Europe/Berlin"
    assert event.timing.end_timezone == "Europe/Moscow"
    assert event.timing.duration == timedelta(hours=4, minutes=30)


def test_all_day_round_trip(store, trip):
    event = make_event(store, trip, **days("2018-06-09", "2018-06-10"))
    stored = services.get_event(store, trip, event.uid)
    assert stored.timing == AllDay(date(2018, 6, 9), date(2018, 6, 10), "Europe/Berlin")


def test_storage_holds_utc_and_zone_name(store, trip):
    make_event(store, trip, uid="raw", **when("2018-06-08 10:00", "11:00"))
    with store.engine.connect() as connection:
        row = connection.execute(text("SELECT start_utc, timezone FROM events WHERE uid = 'raw'")).one()
    assert str(row.start_utc).startswith("2018-06-08 08:00:00")
    assert row.timezone == "Europe/Berlin"


def test_naive_datetime_never_reaches_storage(store, trip):
    from itinerary.storage import UTCDateTime

    with pytest.raises(ValueError, match="naive"):
        UTCDateTime().process_bind_param(datetime(2018, 6, 8), None)


def test_file_database_round_trip(tmp_path, trip, store):
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    first = Store(url)
    first.create_schema()
    services.create_itinerary(first, slug="x", title="X", timezone="Asia/Shanghai")
    event = make_event(first, "x")
    first.dispose()
    second = Store(url)
    assert services.get_event(second, "x", event.uid) == event
    second.dispose()


def test_light_read_of_the_last_change(store, trip, clock):
    updated = services.get_itinerary(store, trip).updated
    assert store.itinerary_updated(trip) == updated and updated.tzinfo is not None
    clock.now += timedelta(minutes=5)
    make_event(store, trip, title="Later", **when("2018-06-08 09:00", "10:00"))
    assert store.itinerary_updated(trip) == clock.now
    assert store.itinerary_updated("no-such-itinerary") is None


def test_light_read_errors_are_sqlalchemy_errors():
    bare = Store("sqlite://")  # no schema: the driver's "no such table" comes out as SQLAlchemy's
    with pytest.raises(OperationalError, match="no such table"):
        bare.itinerary_updated("anything")
    bare.dispose()
