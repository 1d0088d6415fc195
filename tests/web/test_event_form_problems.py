"""All problems at once: the event form answers every problem of a save in one response, in plain words."""

from __future__ import annotations

import pytest

from itinerary import services
from itinerary.errors import InvalidEvent
from itinerary.model import EventSpec
from tests.web.forms import snapshot, submit
from tests.web.html import parse

SLUG = "china-state-visit-2018"
NEW_EVENT = f"/itineraries/{SLUG}/new-event"

# What an editor typed, wrong in four places that each used to come back in a round trip of its own.
FOUR_MISTAKES = {
    "title": "",
    "start_date": "2018-06-08",
    "start_time": "15:00",
    "end_time": "14:00",
    "url": "example.org/press",
    "venue": "",
    "new_venue_name": "Diaoyutai State Guesthouse",
    "new_venue_city": "Beijing",
    "new_venue_country": "China",
    "new_venue_timezone": "Beijing",
    "new_venue_latitude": "139.92",
    "new_venue_longitude": "116.305",
}


def _summary(doc) -> list[tuple[str, str]]:
    """(link target, text) of each entry of the error summary."""
    return [(li.one("a").get("href"), li.text) for li in doc.select(".error-summary li")]


def test_four_round_trips_come_back_together_in_one_answer(client, app_store, editor):
    # Regression: the bad latitude, then the venue's zone, then the title and web address, then the end before the
    # start each came back in an answer of its own.
    before = snapshot(app_store)
    response = submit(client, NEW_EVENT, FOUR_MISTAKES)
    assert response.status_code == 400
    doc = parse(response.data)
    summary = doc.one(".error-summary")
    assert (summary.get("tabindex"), "autofocus" in summary.attrs) == ("-1", True)
    assert _summary(doc) == [
        ("#title", "Title: must not be empty"),
        ("#end_time", "End time (Beijing): must not be before the start"),
        (
            "#new_venue_timezone",
            "New venue: time zone: unknown time zone 'Beijing'; use an IANA name such as Europe/Moscow",
        ),
        ("#new_venue_latitude", "New venue: latitude: must be a number between -90 and 90"),
        ("#url", "Web address: must be an http:// or https:// address without spaces"),
    ]
    beside = {node.get("id"): node.text for node in doc.select("p.error")}
    assert beside == {
        "title-error": "must not be empty",
        "end_time-error": "must not be before the start",
        "new_venue_timezone-error": "unknown time zone 'Beijing'; use an IANA name such as Europe/Moscow",
        "new_venue_latitude-error": "must be a number between -90 and 90",
        "url-error": "must be an http:// or https:// address without spaces",
    }
    assert "tz:" not in doc.text and "timezone:" not in doc.text
    assert snapshot(app_store) == before


def test_a_latitude_that_is_no_number_comes_back_with_the_rest(client, app_store, editor):
    response = submit(client, NEW_EVENT, {**FOUR_MISTAKES, "new_venue_latitude": "north"})
    assert response.status_code == 400
    assert [href for href, _ in _summary(parse(response.data))] == [
        "#title",
        "#end_time",
        "#new_venue_timezone",
        "#new_venue_latitude",
        "#url",
    ]


def test_missing_times_come_back_with_the_other_fields(client, editor):
    response = submit(client, NEW_EVENT, {"title": " ", "start_date": "2018-06-08", "url": "nope"})
    assert response.status_code == 400
    assert [href for href, _ in _summary(parse(response.data))] == ["#title", "#start_time", "#end_time", "#url"]


def test_the_domain_names_every_problem_of_an_event_at_once():
    spec = EventSpec(title="", url="example.org", start=_at(15), end=_at(14), timezone="Asia/Shanghai", kind="trip")
    problems = services.event_problems(spec, "Asia/Shanghai")
    assert {name: error.errors[name] for name, error in problems.items()} == {
        "title": "must not be empty",
        "kind": "unknown kind 'trip'; choose one of: talks, ceremony, press, travel, meal, culture, summit-session, "
        "summit, arrival, departure, meeting, call, other",
        "url": "must be an http:// or https:// address without spaces",
        "end": "must not be before the start",
    }
    with pytest.raises(InvalidEvent) as refused:
        services.check_spec(spec, "Asia/Shanghai")
    assert [str(p) for p in refused.value.every_problem] == [
        "Title: must not be empty",
        "Kind: unknown kind 'trip'; choose one of: talks, ceremony, press, travel, meal, culture, summit-session, "
        "summit, arrival, departure, meeting, call, other",
        "Web address: must be an http:// or https:// address without spaces",
        "End: must not be before the start",
    ]


def test_a_save_names_a_missing_venue_with_the_events_own_problems(app_store):
    with pytest.raises(InvalidEvent) as refused:
        services.save_event(app_store, SLUG, {"title": "", "venue": "nowhere", "start": _at(10), "end": _at(9)})
    assert refused.value.errors == {
        "title": "must not be empty",
        "end": "must not be before the start",
        "venue": "no venue with key 'nowhere'",
    }


def test_a_venue_names_its_zone_with_its_other_problems():
    from itinerary.errors import InvalidInput
    from itinerary.model import Venue

    with pytest.raises(InvalidInput) as refused:
        Venue("v", "Hall", "Beijing", "China", "Beijing", 139.9, 116.3)
    assert list(refused.value.errors) == ["latitude", "timezone"]


def _at(hour: int):
    from datetime import datetime

    return datetime(2018, 6, 8, hour, 0)
