"""Regressions for values that once broke the service: each is now refused with a message, or bounded."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from itinerary import recurrence, services
from itinerary.errors import InvalidEvent, InvalidInput, InvalidItinerary
from itinerary.feeds import FeedFilter, InvalidFilter
from itinerary.model import MAX_YEAR, AllDay, Itinerary, Outcome, Participant, Timed, Venue
from tests.builders import days, when
from tests.conftest import make_event

SHANGHAI = ZoneInfo("Asia/Shanghai")
TIMED = Timed(datetime(2018, 6, 8, 10, tzinfo=SHANGHAI), datetime(2018, 6, 8, 11, tzinfo=SHANGHAI))
ALL_DAY = AllDay(date(2018, 6, 8), date(2018, 6, 8), "Asia/Shanghai")


def _refused(store, slug, field, message, **fields):
    before = services.list_events(store, slug)
    with pytest.raises(InvalidEvent) as caught:
        make_event(store, slug, **fields)
    assert caught.value.errors == {field: message}
    assert services.list_events(store, slug) == before


# Dates at the ends of the calendar: 9999-12-31 all day overflowed (500); year 1 broke every feed.


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"all_day": True, "first": date(9999, 12, 31)}, "first"),
        ({"all_day": True, "first": date(1, 1, 1)}, "first"),
        ({"all_day": True, "first": date(2018, 6, 8), "last": date(2200, 1, 1)}, "last"),
        ({"start": datetime(1, 1, 1, 10), "end": datetime(2018, 1, 1, 11)}, "start"),
        ({"start": datetime(2018, 6, 8, 10), "end": datetime(9999, 12, 31, 23)}, "end"),
    ],
)
def test_dates_outside_the_supported_years_are_refused(store, trip, fields, field):
    _refused(store, trip, field, "must be in the years 1900 to 2199", **fields)


def test_the_last_supported_day_is_stored(store, trip):
    event = make_event(store, trip, **days("2199-12-31"))
    assert event.timing == AllDay(date(2199, 12, 31), date(2199, 12, 31), "Europe/Berlin")
    assert services.list_occurrences(store, trip)[0].timing == event.timing


def test_an_exception_date_outside_the_supported_years_is_refused(store, trip):
    _refused(
        store,
        trip,
        "exdates",
        "9999-12-31T23:00:00+00:00 is not in the years 1900 to 2199",
        rrule="FREQ=DAILY",
        exdates=(datetime(9999, 12, 31, 23, tzinfo=ZoneInfo("UTC")),),
    )


# Control characters: NUL is refused by PostgreSQL (a 503) and no reader can see the others.


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"title": "Talks\x00"}, "title"),
        ({"title": "Talks\x1b[31m"}, "title"),
        ({"description": "Narrow\x07format"}, "description"),
        ({"categories": ("trade\x00",)}, "categories"),
    ],
)
def test_control_characters_in_event_text_are_refused(store, trip, fields, field):
    message = (
        "each category is 1 to 200 characters without commas"
        if field == "categories"
        else "must not contain control characters"
    )
    _refused(store, trip, field, message, **fields)


def test_tabs_and_line_breaks_stay_allowed(store, trip):
    event = make_event(store, trip, title="Talks\tnarrow", description="First line\r\nsecond line\n")
    assert (event.title, event.description) == ("Talks\tnarrow", "First line\r\nsecond line\n")


def test_a_url_with_a_control_character_is_refused(store, trip):
    _refused(store, trip, "url", "must be an http:// or https:// address without spaces", url="https://a\x00b")


def test_control_characters_in_names_are_refused():
    with pytest.raises(InvalidItinerary) as caught:
        Itinerary(slug="x", title="Visit\x00", timezone="UTC", summary="\x0b")
    assert caught.value.errors == {
        "title": "must not contain control characters",
        "summary": "must not contain control characters",
    }
    with pytest.raises(InvalidInput) as caught:
        Venue("hall", "Hall\x00", "Beijing", "China", "Asia/Shanghai", 39.9, 116.4)
    assert caught.value.errors == {"name": "must not contain control characters"}
    with pytest.raises(InvalidInput) as caught:
        Participant("anna", "Anna", role="Aide\x1f")
    assert caught.value.errors == {"role": "must not contain control characters"}
    with pytest.raises(InvalidEvent) as caught:
        Outcome("Treaty", "trade\x00")
    assert caught.value.errors == {"outcomes": "an outcome must not contain control characters"}


# Recurrence rules that made the server work without bound, or broke the feed.


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        ("FREQ=DAILY;COUNT=99999999999999999999", "COUNT must be a whole number from 1 to 10000"),
        ("FREQ=DAILY;COUNT=0", "COUNT must be a whole number from 1 to 10000"),
        ("FREQ=DAILY;INTERVAL=0", "INTERVAL must be a whole number from 1 to 1000"),
        ("FREQ=DAILY;INTERVAL=99999999999999999999", "INTERVAL must be a whole number from 1 to 1000"),
        ("FREQ=DAILY;INTERVAL=-1", "INTERVAL must be a whole number from 1 to 1000"),
        ("FREQ=DAILY;BYHOUR=9,15", "BYHOUR is not supported: an event repeats at most once a day"),
        (
            "FREQ=DAILY;BYMINUTE=0,1,2;BYSECOND=0,1,2",
            "BYMINUTE is not supported: an event repeats at most once a day",
        ),
        ("FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30", "BYMONTHDAY needs FREQ=MONTHLY or YEARLY"),
        ("FREQ=DAILY;BYSETPOS=2", "BYSETPOS needs FREQ=MONTHLY or YEARLY"),
        ("FREQ=WEEKLY;BYDAY=MO;BYSETPOS=3", "BYSETPOS needs FREQ=MONTHLY or YEARLY"),
        ("FREQ=MONTHLY;BYYEARDAY=366", "BYYEARDAY needs FREQ=YEARLY"),
        ("FREQ=MONTHLY;BYMONTH=2;BYMONTHDAY=30", "produces no occurrence before the end of 2199"),
        ("FREQ=YEARLY;BYMONTH=4;BYMONTHDAY=31", "produces no occurrence before the end of 2199"),
    ],
)
def test_rules_that_expand_without_bound_are_refused(rule, message):
    for timing in (TIMED, ALL_DAY):
        with pytest.raises(InvalidEvent) as caught:
            recurrence.parse(rule, timing)
        assert caught.value.errors == {"rrule": message}


@pytest.mark.parametrize(
    ("rule", "count", "last"),
    [
        ("FREQ=DAILY", recurrence.MAX_OCCURRENCES, date(2021, 3, 3)),
        ("FREQ=YEARLY", MAX_YEAR - 2018 + 1, date(MAX_YEAR, 6, 8)),
        ("FREQ=YEARLY;INTERVAL=1;BYMONTH=2;BYMONTHDAY=29", 44, date(2196, 2, 29)),
        ("FREQ=YEARLY;BYWEEKNO=53;BYDAY=MO", 32, date(2195, 12, 28)),
        ("FREQ=MONTHLY;BYDAY=MO;BYSETPOS=-1", recurrence.MAX_OCCURRENCES, date(2101, 9, 26)),
    ],
)
def test_open_rules_expand_to_the_cap_or_the_horizon(rule, count, last):
    for timing in (TIMED, ALL_DAY):
        found = list(recurrence.occurrences(timing, rule))
        last_day = found[-1].first if isinstance(timing, AllDay) else found[-1].start.date()
        assert (len(found), last_day) == (count, last)


def test_count_applies_under_the_horizon():
    found = list(recurrence.occurrences(TIMED, "FREQ=YEARLY;COUNT=10000"))
    assert (len(found), found[-1].start.year) == (MAX_YEAR - 2018 + 1, MAX_YEAR)


def test_an_occurrence_past_the_horizon_is_not_found():
    assert recurrence.occurrence_at(ALL_DAY, "FREQ=DAILY", date(2300, 1, 1)) is None
    assert recurrence.occurrence_at(ALL_DAY, "FREQ=DAILY", date(2190, 1, 1)) == AllDay(
        date(2190, 1, 1), date(2190, 1, 1), "Asia/Shanghai"
    )


# Feed filters at the ends of the calendar (to=9999-12-31 overflowed: 500).


@pytest.mark.parametrize(
    ("params", "errors"),
    [
        ({"to": "9999-12-31"}, {"to": "must be in the years 1900 to 2199"}),
        ({"from": "0001-01-01"}, {"from": "must be in the years 1900 to 2199"}),
        ({"from": "x" * 5000}, {"from": f"{'x' * 40!r} is not a date; write YYYY-MM-DD, e.g. 2018-06-08"}),
    ],
)
def test_feed_filter_dates_outside_the_supported_years_are_refused(params, errors):
    with pytest.raises(InvalidFilter) as caught:
        FeedFilter.from_params(params)
    assert caught.value.errors == errors


# A public part of a restricted event named it in public feeds (RELATED-TO).


def test_a_public_event_cannot_be_part_of_a_restricted_one(store, trip):
    make_event(store, trip, uid="secret", title="Secret talks", visibility="restricted")
    _refused(
        store,
        trip,
        "visibility",
        "must be restricted, like 'Secret talks' that it is part of",
        parent="secret",
        **when("2018-06-08 10:15", "10:45"),
    )
    inner = make_event(store, trip, parent="secret", visibility="restricted", **when("2018-06-08 10:15", "10:45"))
    assert inner.parent == "secret"


def test_restricting_an_event_with_public_parts_is_refused(store, trip):
    make_event(store, trip, uid="summit", title="Summit")
    make_event(store, trip, title="Session", parent="summit", start=datetime(2018, 6, 8, 10, 15))
    before = services.get_event(store, trip, "summit")
    with pytest.raises(InvalidEvent) as caught:
        services.update_event(store, trip, "summit", visibility="restricted")
    assert caught.value.errors == {"visibility": "the session 'Session' is public; restrict it first"}
    assert services.get_event(store, trip, "summit") == before
