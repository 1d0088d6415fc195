"""The people-and-places pages (/venues, /participants): each action, and each refusal with nothing stored changed."""

from __future__ import annotations

import pytest

from itinerary import changelog, services
from tests.web.forms import snapshot, submit
from tests.web.html import parse

CHINA = "china-state-visit-2018"
IRKUTSK = {
    "name": "Irkutsk Airport",
    "city": "Irkutsk",
    "country": "Russia",
    "latitude": "52.2678",
    "longitude": "104.3889",
}


@pytest.fixture
def signed_in(editor):
    return editor


def _venue(store, key):
    return next(v for v in services.list_venues(store) if v.key == key)


def _error(response, field: str) -> str:
    return parse(response.data).one(f"#{field}-error").text


# Lists and navigation


def test_editors_header_links_people_and_places(client, signed_in):
    links = parse(client.get("/").data).select("nav.account a")
    assert [(a.text, a.get("href")) for a in links] == [("Participants", "/participants"), ("Venues", "/venues")]


def test_venues_page_lists_every_venue_with_its_uses(client, signed_in):
    doc = parse(client.get("/venues").data)
    station = doc.one("li.record[data-key=tianjin-station]")
    assert (station.one("a").text, station.one("a").get("href")) == (
        "Tianjin Railway Station",
        "/venues/tianjin-station",
    )
    assert station.one(".record-uses").text == "used by 1 event"
    assert len(doc.select("li.record")) == 11


def test_participants_page_groups_by_delegation(client, signed_in):
    doc = parse(client.get("/participants").data)
    assert doc.texts("section.delegation h2") == ["China", "Russia"]
    ushakov = doc.one("li.record[data-key=yuri-ushakov]")
    assert (ushakov.one("a").get("href"), ushakov.one(".record-uses").text) == (
        "/participants/yuri-ushakov",
        "attends 5 events",
    )


def test_participant_page_lists_the_events_they_attend(client, signed_in):
    doc = parse(client.get("/participants/yuri-ushakov").data)
    uses = doc.select("ul.uses > li > a")
    assert [a.text for a in uses][:2] == ["Arrival in Beijing", "Russian-Chinese talks in narrow format"]
    assert uses[0].get("href") == f"/itineraries/{CHINA}/events/cn2018-arrival-beijing"


# Venues: create (with a suggested zone), rename, merge, delete


def test_new_venue_without_a_zone_suggests_one_and_stores_nothing_until_saved_again(client, signed_in, app_store):
    before = snapshot(app_store)
    response = submit(client, "/venues/new", IRKUTSK)
    assert response.status_code == 200
    doc = parse(response.data)
    assert doc.one("#suggestion-title").text == "Suggested time zone: Asia/Irkutsk"
    assert doc.one("input[name=timezone]").get("value") == "Asia/Irkutsk"
    assert snapshot(app_store) == before
    response = client.post("/venues/new", data={**IRKUTSK, "timezone": "Asia/Irkutsk", "csrf_token": _token(doc)})
    assert (response.status_code, response.location) == (302, "/venues/irkutsk-airport")
    assert _venue(app_store, "irkutsk-airport").timezone == "Asia/Irkutsk"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"latitude": "north"}, "latitude", "'north' is not a number; write it in degrees, e.g. 52.2978"),
        ({"city": "", "timezone": "Asia/Irkutsk"}, "city", "must be 1 to 200 characters"),
        (
            {"timezone": "Asia/Atlantis"},
            "timezone",
            "unknown time zone 'Asia/Atlantis'; use an IANA name such as Europe/Moscow",
        ),
        ({"latitude": "95", "timezone": "Asia/Irkutsk"}, "latitude", "must be a number between -90 and 90"),
        (
            {"latitude": "-50", "longitude": "-110"},
            "timezone",
            "no city is near these coordinates to suggest a zone from; write the zone",
        ),
    ],
)
def test_new_venue_refusals_name_the_field_and_store_nothing(client, signed_in, app_store, changes, field, message):
    before = snapshot(app_store)
    response = submit(client, "/venues/new", {**IRKUTSK, **changes})
    assert response.status_code == 400
    assert _error(response, field) == message
    assert snapshot(app_store) == before


def test_rename_venue_changes_its_events(client, signed_in, app_store):
    response = submit(client, "/venues/tianjin-station", {"name": "Tianjin Station"})
    assert (response.status_code, response.location) == (302, "/venues")
    event = services.get_event(app_store, CHINA, "cn2018-train-tianjin")
    assert event.destination.name == "Tianjin Station"
    change = changelog.changes_since(app_store, CHINA)[0]
    assert (change.editor, change.fields) == (
        "editor",
        {"destination": ("Tianjin Railway Station", "Tianjin Station")},
    )


def test_merge_venue_moves_its_events_to_the_survivor(client, signed_in, app_store):
    page = parse(client.get("/venues/tianjin-station/merge").data)
    assert [a.text for a in page.select("ul.uses > li > a")] == ["Train from Beijing to Tianjin"]
    response = submit(client, "/venues/tianjin-station/merge", {"survivor": "tianjin-ice-arena"})
    assert (response.status_code, response.location) == (302, "/venues/tianjin-ice-arena")
    assert "tianjin-station" not in {v.key for v in services.list_venues(app_store)}
    event = services.get_event(app_store, CHINA, "cn2018-train-tianjin")
    assert event.destination.key == "tianjin-ice-arena"
    assert changelog.changes_since(app_store, CHINA)[0].uid == "cn2018-train-tianjin"


@pytest.mark.parametrize(
    ("survivor", "message"),
    [("", "choose the venue to keep"), ("tianjin-station", "choose one of the listed options")],
)
def test_merge_venue_refusals_change_nothing(client, signed_in, app_store, survivor, message):
    before = snapshot(app_store)
    response = submit(client, "/venues/tianjin-station/merge", {"survivor": survivor})
    assert response.status_code == 400
    assert _error(response, "survivor") == message
    assert snapshot(app_store) == before


def test_delete_venue_in_use_is_refused_with_the_events(client, signed_in, app_store):
    page = parse(client.get("/venues/tianjin-station/delete").data)
    assert page.select("form.form button") == []  # nothing to confirm while events use it
    assert [a.text for a in page.select("ul.uses > li > a")] == ["Train from Beijing to Tianjin"]
    before = snapshot(app_store)
    response = _post(client, "/venues/tianjin-station/delete", {})
    assert response.status_code == 409
    doc = parse(response.data)
    assert doc.one("p.refusal").text == (
        "Tianjin Railway Station cannot be deleted: 1 event still uses it. "
        "Change or delete it first, or merge it into another venue."
    )
    assert doc.texts("ul.refusal-uses li") == [f"Train from Beijing to Tianjin (8 June 2018, {CHINA})"]
    assert snapshot(app_store) == before


def test_delete_unused_venue_after_confirming(client, signed_in, app_store):
    submit(client, "/venues/new", {**IRKUTSK, "timezone": "Asia/Irkutsk"})
    page = parse(client.get("/venues/irkutsk-airport/delete").data)
    assert page.one("form.form button").text == "Yes, delete Irkutsk Airport"
    response = submit(client, "/venues/irkutsk-airport/delete")
    assert (response.status_code, response.location) == (302, "/venues")
    assert "irkutsk-airport" not in {v.key for v in services.list_venues(app_store)}


# Participants and delegations


def test_new_participant_and_edit(client, signed_in, app_store):
    response = submit(
        client, "/participants/new", {"name": "Sergey Lavrov", "role": "Foreign Minister", "delegation": "Russia"}
    )
    assert (response.status_code, response.location) == (302, "/participants/sergey-lavrov")
    response = submit(client, "/participants/sergey-lavrov", {"role": "Minister of Foreign Affairs"})
    assert response.status_code == 302
    found = next(p for p in services.list_participants(app_store) if p.key == "sergey-lavrov")
    assert (found.name, found.role, found.delegation) == ("Sergey Lavrov", "Minister of Foreign Affairs", "Russia")


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"name": ""}, "name", "must be 1 to 200 characters"),
        ({"name": "Tab\x07name"}, "name", "must not contain control characters"),
        ({"role": "r" * 201}, "role", "Field cannot be longer than 200 characters."),
    ],
)
def test_participant_refusals_name_the_field_and_store_nothing(client, signed_in, app_store, changes, field, message):
    before = snapshot(app_store)
    response = submit(client, "/participants/yuri-ushakov", changes)
    assert response.status_code == 400
    assert _error(response, field) == message
    assert snapshot(app_store) == before


def test_merge_participant_into_another(client, signed_in, app_store):
    submit(client, "/participants/new", {"name": "Y. Ushakov", "role": "Aide", "delegation": "Russia"})
    event = services.get_event(app_store, CHINA, "cn2018-talks-narrow")
    services.update_event(app_store, CHINA, event.uid, participants=(*[p.key for p in event.participants], "y-ushakov"))
    response = submit(client, "/participants/y-ushakov/merge", {"survivor": "yuri-ushakov"})
    assert (response.status_code, response.location) == (302, "/participants/yuri-ushakov")
    keys = [p.key for p in services.get_event(app_store, CHINA, event.uid).participants]
    assert keys == [p.key for p in event.participants]


def test_delete_participant_in_use_is_refused_with_the_events(client, signed_in, app_store):
    before = snapshot(app_store)
    response = _post(client, "/participants/yuri-ushakov/delete", {})
    assert response.status_code == 409
    doc = parse(response.data)
    assert doc.one("p.refusal").text.startswith("Yuri Ushakov cannot be deleted: 5 events still use it.")
    assert len(doc.select("ul.refusal-uses li")) == 5
    assert snapshot(app_store) == before


def test_rename_delegation_renames_every_member(client, signed_in, app_store):
    response = _post(client, "/participants/delegation", {"old": "Russia", "new": "Russian Federation"})
    assert response.status_code == 302
    delegations = {p.key: p.delegation for p in services.list_participants(app_store)}
    assert (delegations["vladimir-putin"], delegations["yuri-ushakov"], delegations["xi-jinping"]) == (
        "Russian Federation",
        "Russian Federation",
        "China",
    )


def test_rename_delegation_refuses_a_control_character(client, signed_in, app_store):
    before = snapshot(app_store)
    response = _post(client, "/participants/delegation", {"old": "Russia", "new": "Rus\x00sia"})
    assert response.status_code == 400
    assert parse(response.data).one(".error-summary li").text == "New name: must not contain control characters"
    assert snapshot(app_store) == before


def _token(doc) -> str:
    return doc.select("input[name=csrf_token]")[0].get("value")


def _post(client, url: str, data: dict):
    """Post ``data`` to ``url`` with a CSRF token of the client's session."""
    return client.post(url, data={**data, "csrf_token": _token(parse(client.get("/participants").data))})
