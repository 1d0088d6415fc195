"""A travel leg in the event form: either end created inline, the end read and labelled in the destination's zone."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from itinerary import services
from tests.web.forms import snapshot, submit
from tests.web.html import parse

SLUG = "china-state-visit-2018"
NEW_EVENT = f"/itineraries/{SLUG}/new-event"
FLIGHT = {
    "title": "Flight to Moscow",
    "kind": "travel",
    "start_date": "2018-06-10",
    "start_time": "15:00",
    "end_time": "19:00",
    "venue": "qingdao-liuting-airport",
}
NANYUAN = {
    "new_venue_name": "Beijing Nanyuan Airport",
    "new_venue_city": "Beijing",
    "new_venue_country": "China",
    "new_venue_timezone": "Asia/Shanghai",
    "new_venue_latitude": "39.7828",
    "new_venue_longitude": "116.3878",
}
SHEREMETYEVO = {
    "new_destination_name": "Sheremetyevo Airport",
    "new_destination_city": "Moscow",
    "new_destination_country": "Russia",
    "new_destination_timezone": "Europe/Moscow",
    "new_destination_latitude": "55.9726",
    "new_destination_longitude": "37.4146",
}


@pytest.fixture(autouse=True)
def _signed_in(editor):
    return editor


def _saved(app_store, response):
    assert response.status_code == 302, response.text
    return services.get_event(app_store, SLUG, response.location.rsplit("/", 1)[1])


def test_travel_leg_destination_must_already_exist(client, app_store):
    """Issue 14: "create a new venue" only created the origin; both ends are created, in one save."""
    response = submit(client, NEW_EVENT, {**FLIGHT, "venue": "", **NANYUAN, **SHEREMETYEVO})
    event = _saved(app_store, response)
    assert (event.venue.key, event.destination.key, event.destination.timezone) == (
        "beijing-nanyuan-airport",
        "sheremetyevo-airport",
        "Europe/Moscow",
    )
    assert event.timing.start == datetime(2018, 6, 10, 15, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    assert event.timing.end == datetime(2018, 6, 10, 19, 0, tzinfo=ZoneInfo("Europe/Moscow"))


def test_end_time_read_in_the_destination_s_zone_while_labelled_with_the_home_zone(client, app_store):
    """Issue 14: the end was read in the destination's zone while the form labelled it with the home zone."""
    doc = parse(client.get(NEW_EVENT).data)
    assert doc.one("#end_time-hint").text == "A travel leg's end is read in its destination's zone."
    assert doc.one("form.event-form").get("data-home-zone") == "Asia/Shanghai"
    assert doc.one("#destination option[value=moscow-kremlin]").get("data-zone") == "Europe/Moscow"
    # Refused for another reason (no title): the labels name the zones of the ends chosen, a new destination's too.
    for destination in ({"destination": "moscow-kremlin"}, SHEREMETYEVO):
        response = submit(client, NEW_EVENT, {**FLIGHT, "title": "", **destination})
        assert response.status_code == 400
        labels = parse(response.data)
        assert labels.one("label[for=start_time]").text == "Start time (Beijing)"
        assert labels.one("label[for=end_time]").text == "End time (Moscow, the destination's zone)"
    event = _saved(app_store, submit(client, NEW_EVENT, {**FLIGHT, "destination": "moscow-kremlin"}))
    assert (event.timing.end.hour, event.timing.end_timezone) == (19, "Europe/Moscow")


def test_new_destination_without_a_zone_gets_one_suggested_and_nothing_is_stored(client, app_store):
    before = snapshot(app_store)
    response = submit(client, NEW_EVENT, {**FLIGHT, **SHEREMETYEVO, "new_destination_timezone": ""})
    assert response.status_code == 400
    doc = parse(response.data)
    assert doc.one("#new_destination_timezone-error").text == (
        "suggested from the nearest city, Dolgoprudnyy (Russia): check it and save again"
    )
    assert doc.one("input[name=new_destination_timezone]").get("value") == "Europe/Moscow"
    assert "open" in doc.one("details.new-destination").attrs
    assert snapshot(app_store) == before


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"new_destination_latitude": "north"},
            "new_destination_latitude",
            "'north' is not a number; write it in degrees, e.g. 55.752",
        ),
        ({"new_destination_city": ""}, "new_destination_city", "a new destination needs its city"),
        (
            {"new_destination_timezone": "Europe/Atlantis"},
            "new_destination_timezone",
            "unknown time zone 'Europe/Atlantis'; use an IANA name such as Europe/Moscow",
        ),
        (
            {"new_destination_name": "Moscow Kremlin"},
            "new_destination_name",
            "a venue of this name exists already; pick it from the list",
        ),
        ({"new_destination_latitude": "100"}, "new_destination_latitude", "must be a number between -90 and 90"),
    ],
)
def test_new_destination_refusals_name_the_field_and_store_nothing(client, app_store, changes, field, message):
    before = snapshot(app_store)
    response = submit(client, NEW_EVENT, {**FLIGHT, **SHEREMETYEVO, **changes})
    assert response.status_code == 400
    assert parse(response.data).one(f"#{field}-error").text == message
    assert snapshot(app_store) == before
