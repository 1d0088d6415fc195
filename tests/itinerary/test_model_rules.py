"""Every invariant of an event is refused with a message naming its field."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from itinerary import services
from itinerary.errors import InvalidEvent, InvalidInput, InvalidItinerary, InvalidRecurrence, ItineraryError
from itinerary.model import MAX_TEXT, MAX_TITLE
from tests.builders import days, when
from tests.conftest import make_event


def _refused(store, slug, field, fragment, **fields):
    before = services.list_events(store, slug)
    with pytest.raises(InvalidEvent) as caught:
        make_event(store, slug, **fields)
    assert field in caught.value.errors, caught.value.errors
    assert fragment in caught.value.errors[field]
    assert services.list_events(store, slug) == before
    return caught.value


def test_end_before_start_is_refused(store, trip):
    _refused(store, trip, "end", "must not be before the start", **when("2018-06-08 10:00", "09:00"))


def test_zero_length_event_is_a_moment(store, trip):
    event = make_event(store, trip, **when("2018-06-08 10:00", "10:00"))
    assert event.timing.start == event.timing.end
    assert event.timing.duration == timedelta(0)


def test_unknown_zone_is_refused(store, trip):
    _refused(store, trip, "timezone", "unknown time zone 'Mars/Olympus'", timezone="Mars/Olympus")


def test_unknown_end_zone_is_refused(store, trip):
    _refused(store, trip, "end_timezone", "unknown time zone", end_timezone="Nowhere")


def test_all_day_with_times_is_refused(store, trip):
    _refused(
        store, trip, "start", "an all-day event has dates", **days("2018-06-09"), **when("2018-06-09 10:00", "11:00")
    )


def test_all_day_without_first_day_is_refused(store, trip):
    _refused(store, trip, "first", "needs its first day", all_day=True)


def test_timed_without_start_is_refused(store, trip):
    _refused(store, trip, "start", "needs a start", start=None)


def test_timed_without_end_is_refused(store, trip):
    _refused(store, trip, "end", "needs an end", end=None)


def test_timed_with_dates_is_refused(store, trip):
    _refused(store, trip, "first", "not all-day dates", first=date(2018, 6, 8))


def test_all_day_last_before_first_is_refused(store, trip):
    _refused(store, trip, "last", "must not be before", **days("2018-06-10", "2018-06-09"))


def test_child_outside_parent_span_is_refused(store, trip):
    make_event(store, trip, uid="summit", title="Summit", **days("2018-06-09", "2018-06-10"))
    error = _refused(
        store, trip, "parent", "outside its parent 'Summit'", parent="summit", **when("2018-06-11 09:00", "10:00")
    )
    assert "09 Jun 2018 to 10 Jun 2018" in str(error)


def test_child_inside_parent_span_is_kept(store, trip):
    make_event(store, trip, uid="summit", title="Summit", **days("2018-06-09", "2018-06-10"))
    child = make_event(store, trip, parent="summit", **when("2018-06-10 23:00", "2018-06-11 00:00"))
    assert child.parent == "summit"


def test_moving_a_parent_away_from_its_children_is_refused(store, trip):
    make_event(store, trip, uid="summit", title="Summit", **days("2018-06-09", "2018-06-10"))
    make_event(store, trip, title="Session", parent="summit", **when("2018-06-10 09:00", "10:00"))
    with pytest.raises(InvalidEvent, match="the session 'Session'"):
        services.update_event(store, trip, "summit", first=date(2018, 6, 1), last=date(2018, 6, 2))
    assert services.get_event(store, trip, "summit").timing.first == date(2018, 6, 9)


def test_unknown_parent_is_refused(store, trip):
    _refused(store, trip, "parent", "no event 'ghost'", parent="ghost")


def test_parent_loop_is_refused(store, trip):
    make_event(store, trip, uid="a", **when("2018-06-08 09:00", "12:00"))
    make_event(store, trip, uid="b", parent="a")
    with pytest.raises(InvalidEvent, match="loop"):
        services.update_event(store, trip, "a", parent="b")


def test_travel_without_origin_is_refused(store, trip):
    _refused(store, trip, "venue", "needs its origin", kind="travel", destination="vnukovo")


def test_travel_without_destination_is_refused(store, trip):
    _refused(store, trip, "destination", "needs its destination", kind="travel", venue="chancellery")


def test_destination_on_non_travel_is_refused(store, trip):
    _refused(store, trip, "destination", "only a travel leg", venue="chancellery", destination="vnukovo")


@pytest.mark.parametrize(
    ("rule", "fragment"),
    [
        ("FREQ=SOMETIMES", "FREQ must be one of"),
        ("FREQ=DAILY;COUNT=two", "does not parse"),
        ("FREQ=DAILY;COUNT=2;UNTIL=20180701T000000Z", "not both"),
        ("DTSTART:20180101T000000\nFREQ=DAILY", "write one RRULE value"),
        ("FREQ=HOURLY", "FREQ must be one of"),
    ],
)
def test_bad_recurrence_is_refused(store, trip, rule, fragment):
    error = _refused(store, trip, "rrule", fragment, rrule=rule)
    assert isinstance(error, InvalidRecurrence)


@pytest.mark.parametrize(
    ("field", "value", "fragment"),
    [
        ("kind", "party", "unknown kind 'party'"),
        ("format", "tiny", "unknown format 'tiny'"),
        ("status", "maybe", "unknown status 'maybe'"),
        ("visibility", "secret", "unknown visibility 'secret'"),
    ],
)
def test_unknown_vocabulary_is_refused(store, trip, field, value, fragment):
    _refused(store, trip, field, fragment, **{field: value})


def test_empty_title_is_refused(store, trip):
    _refused(store, trip, "title", "must not be empty", title="   ")


def test_over_long_title_is_refused(store, trip):
    _refused(store, trip, "title", f"at most {MAX_TITLE}", title="x" * (MAX_TITLE + 1))


def test_over_long_description_is_refused(store, trip):
    _refused(store, trip, "description", f"at most {MAX_TEXT}", description="x" * (MAX_TEXT + 1))


def test_bad_url_is_refused(store, trip):
    _refused(store, trip, "url", "http:// or https://", url="javascript:alert(1)")


def test_unknown_venue_is_refused(store, trip):
    _refused(store, trip, "venue", "no venue with key 'atlantis'", venue="atlantis")


def test_unknown_participant_is_refused(store, trip):
    _refused(store, trip, "participants", "'nobody'", participants=("anna", "nobody"))


def test_wall_time_in_dst_gap_is_refused(store, trip):
    _refused(store, trip, "start", "does not exist in Europe/Berlin", **when("2018-03-25 02:30", "04:00"))


def test_several_wrong_fields_are_all_named(store, trip):
    error = _refused(store, trip, "title", "must not be empty", title="", kind="party", url="ftp://x")
    assert set(error.errors) == {"title", "kind", "url"}


def test_errors_are_value_errors_of_one_family():
    assert issubclass(InvalidEvent, ItineraryError)
    assert issubclass(InvalidEvent, ValueError)
    assert issubclass(InvalidItinerary, InvalidInput)


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"slug": "Not A Slug"}, "slug"),
        ({"timezone": "Asia/Nowhere"}, "timezone"),
        ({"title": ""}, "title"),
        ({"visibility": "hidden"}, "visibility"),
    ],
)
def test_bad_itinerary_is_refused(store, fields, field):
    values = {"slug": "ok", "title": "Trip", "timezone": "Asia/Shanghai", **fields}
    with pytest.raises(InvalidItinerary) as caught:
        services.create_itinerary(store, **values)
    assert field in caught.value.errors
    assert services.list_itineraries(store, include_restricted=True) == []


@pytest.mark.parametrize("name", ["localtime", "posixrules", "Factory"])
def test_files_of_the_zone_database_are_not_zones(store, trip, name):
    _refused(store, trip, "timezone", f"unknown time zone {name!r}", timezone=name)
