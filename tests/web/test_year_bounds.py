"""The 1900-2199 rule on every path that stores a date, through the forms; no overflow reaches a 500."""

from __future__ import annotations

import pytest

from itinerary import services
from tests.builders import daily_briefing, when
from tests.conftest import make_event
from tests.web.forms import snapshot, submit
from tests.web.html import parse

SLUG = "china-state-visit-2018"
CHINA = f"/itineraries/{SLUG}"
BRIEFING = f"{CHINA}/events/briefing"
MOVE_SECOND = f"{BRIEFING}/occurrences/20180608T230000Z/move"

pytestmark = pytest.mark.usefixtures("editor")


@pytest.fixture
def briefing(app_store):
    """A daily briefing at 07:00 in Beijing, 8 to 11 June."""
    daily_briefing(app_store, SLUG)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"start_date": "0001-01-01", "end_date": "0001-01-01"}, "start_time"),
        ({"start_date": "1899-12-31", "end_date": "1899-12-31"}, "start_time"),
        ({"start_date": "2200-01-01", "end_date": "2200-01-01"}, "start_time"),
        (
            {"start_date": "9999-12-31", "end_date": "9999-12-31", "start_time": "23:00", "end_time": "23:30"},
            "start_time",
        ),
        ({"end_date": "9999-12-31"}, "end_time"),
    ],
)
def test_moving_one_occurrence_out_of_the_years_is_refused(client, app_store, briefing, changes, field):
    """Regression: a move to the year 0001 was stored; to 9999-12-31 23:00 it answered 500 (an overflow)."""
    before = snapshot(app_store)
    response = submit(client, MOVE_SECOND, changes)
    assert response.status_code == 400
    assert parse(response.data).one(f"#{field}-error").text == "must be in the years 1900 to 2199"
    assert snapshot(app_store) == before


def test_moving_one_occurrence_to_9999_in_new_york_is_refused_not_a_500(client, app_store):
    """Regression: 9999-12-31 23:00 America/New_York is in the year 10000 in UTC, which datetime cannot hold."""
    services.create_itinerary(app_store, slug="un-week", title="UN week", timezone="America/New_York")
    make_event(
        app_store,
        "un-week",
        uid="walk",
        title="Morning walk",
        **when("2018-09-24 07:00", "08:00"),
        rrule="FREQ=DAILY;COUNT=3",
    )
    before = snapshot(app_store)
    url = "/itineraries/un-week/events/walk/occurrences/20180925T110000Z/move"
    response = submit(client, url, {"start_date": "9999-12-31", "start_time": "23:00", "end_time": "23:59"})
    assert response.status_code == 400
    assert parse(response.data).one("#start_time-error").text == "must be in the years 1900 to 2199"
    assert snapshot(app_store) == before


@pytest.mark.parametrize("day", ["0001-01-01", "1899-12-31", "2200-01-01", "9999-12-31"])
def test_an_event_out_of_the_years_is_refused_by_the_event_form(client, app_store, day):
    before = snapshot(app_store)
    response = submit(
        client,
        f"{CHINA}/new-event",
        {
            "title": "Far away",
            "start_date": day,
            "start_time": "23:00",
            "end_time": "23:30",
            "timezone": "America/New_York",
        },
    )
    assert response.status_code == 400
    assert parse(response.data).one("#start_time-error").text == "must be in the years 1900 to 2199"
    assert snapshot(app_store) == before
