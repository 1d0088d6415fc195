"""One delegation's programme (``?delegation=``): the page, the feed and the JSON API choose the same events
where any participant belongs to the delegation, refuse an unknown one alike and never show a restricted event."""

from __future__ import annotations

import icalendar
import pytest

from itinerary import services
from tests.builders import CHINA_PUBLIC
from tests.rfc5545 import unescape
from tests.web.html import parse

CHINA = "china-state-visit-2018"
CONTACTS = "russia-china-contacts-2017-2018"
PAGE = f"/itineraries/{CHINA}"
FEED = f"/itineraries/{CHINA}.ics"
API = f"/api/v1/itineraries/{CHINA}"
SECRET = "cn2018-lunch-narrow"  # the seed's restricted event
EVERY_PUBLIC = list(CHINA_PUBLIC)
# Xi Jinping, the seed's one member of the delegation China, is at every public event but the two of the
# Russian delegation alone (the arrival in Beijing and the flight to Qingdao).
CHINA_EVENTS = [uid for uid in EVERY_PUBLIC if uid not in ("cn2018-arrival-beijing", "cn2018-flight-qingdao")]


def page(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, response.text
    return parse(response.data)


def page_uids(client, url) -> list[str]:
    """The events listed, in order, each once (the two-day summit is listed on each of its days)."""
    return listed(page(client, url))


def listed(doc) -> list[str]:
    return list(dict.fromkeys(li.get("data-uid") for li in doc.select("li.entry")))


def feed_uids(client, url) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200, response.text
    return [str(e["UID"]).removesuffix("@itinerary.test") for e in icalendar.Calendar.from_ical(response.data).events]


def api_uids(client, url) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200, response.text
    return [e["id"] for e in response.json["events"]]


@pytest.fixture
def kazakh(app_store):
    """A member of a third delegation at the SCO's enlarged session only, and one of a fourth at the restricted
    lunch only."""
    services.put_participant(app_store, key="kassym-tokayev", name="Kassym-Jomart Tokayev", delegation="Kazakhstan")
    services.put_participant(app_store, key="envoy", name="A quiet envoy", delegation="Mongolia")
    enlarged = services.get_event(app_store, CHINA, "sco2018-enlarged-session")
    keys = (*(p.key for p in enlarged.participants), "kassym-tokayev")
    services.update_event(app_store, CHINA, "sco2018-enlarged-session", participants=keys)
    services.update_event(app_store, CHINA, SECRET, participants=("envoy",))
    return app_store


# The page


def test_delegation_page_shows_its_events_and_links_its_feed(client):
    doc = page(client, f"{PAGE}?delegation=china")
    assert listed(doc) == CHINA_EVENTS
    section = doc.one("section.delegation-filter")
    assert section.one("h2").text == "The programme of the delegation China"
    assert section.one("a.delegation-feed").get("href") == f"http://localhost{FEED}?delegation=china"
    assert section.one("a.everyone").get("href") == PAGE


def test_delegation_page_reads_the_name_in_any_case_and_keeps_the_zone(client):
    doc = page(client, f"{PAGE}?delegation=%20CHINA%20&tz=Europe/Moscow")
    assert listed(doc) == CHINA_EVENTS
    assert doc.one("form.zone-switch input[name=delegation]").get("value") == "china"
    assert doc.one("a.delegation-feed").get("href") == f"http://localhost{FEED}?delegation=china"
    assert doc.one("a.everyone").get("href") == f"{PAGE}?tz=Europe/Moscow"


def test_delegation_page_offers_every_delegation_and_participant(client):
    doc = page(client, PAGE)
    offer = doc.one("details.people-filter")
    assert [(a.text, a.get("href")) for a in offer.select("a")] == [
        ("Delegation China", f"{PAGE}?delegation=china"),
        ("Xi Jinping", f"{PAGE}?participant=xi-jinping"),
        ("Delegation Russia", f"{PAGE}?delegation=russia"),
        ("Vladimir Putin", f"{PAGE}?participant=vladimir-putin"),
        ("Yuri Ushakov", f"{PAGE}?participant=yuri-ushakov"),
    ]
    assert offer.get("open") is None
    chosen = page(client, f"{PAGE}?delegation=russia").one("details.people-filter")
    assert chosen.get("open") is not None
    assert [a.text for a in chosen.select("a[aria-current=page]")] == ["Delegation Russia"]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (
            "mongolia",
            "delegation: no delegation 'mongolia' in this itinerary's programme; the delegations are: china, russia",
        ),
        ("!!!", "delegation: '!!!' is not a delegation's name; write it as in 'russia'"),
        ("x" * 201, "delegation: is too long"),
    ],
)
def test_delegation_page_refuses_unknown_delegation(client, value, message):
    doc = page(client, f"{PAGE}?delegation={value}", status=400)
    assert doc.one(".error-message").text == message


def test_delegation_of_restricted_events_only_is_unknown_to_readers(app, client, kazakh, editor):
    assert page_uids(client, f"{PAGE}?delegation=mongolia") == [SECRET]
    reader = app.test_client()
    doc = page(reader, f"{PAGE}?delegation=mongolia", status=400)
    assert doc.one(".error-message").text == (
        "delegation: no delegation 'mongolia' in this itinerary's programme; "
        "the delegations are: china, kazakhstan, russia"
    )
    offered = page(reader, PAGE).texts("details.people-filter a.delegation-link")
    assert offered == ["Delegation China", "Delegation Kazakhstan", "Delegation Russia"]
    assert "envoy" not in page(reader, PAGE).one("details.people-filter").text
    assert SECRET not in page_uids(reader, f"{PAGE}?delegation=russia")


def test_delegation_page_explains_an_empty_programme(client, kazakh):
    doc = page(client, f"{PAGE}?delegation=kazakhstan&participant=yuri-ushakov")
    assert doc.select("li.entry") == []
    assert doc.one("p.no-events").text == "No events for Yuri Ushakov with the delegation Kazakhstan in this programme."


# The feed


def test_delegation_feed_holds_its_events_and_is_named_for_it(client):
    assert feed_uids(client, f"{FEED}?delegation=china") == CHINA_EVENTS
    assert feed_uids(client, f"{FEED}?delegation=russia") == EVERY_PUBLIC
    calendar = icalendar.Calendar.from_ical(client.get(f"{FEED}?delegation=China").data)
    assert unescape(calendar["X-WR-CALNAME"]) == "State visit to China and the SCO summit, June 2018: China"


def test_delegation_feeds_of_one_itinerary_are_cached_apart(client):
    china, russia = client.get(f"{FEED}?delegation=china"), client.get(f"{FEED}?delegation=russia")
    assert china.headers["ETag"] != russia.headers["ETag"]
    assert client.get(f"{FEED}?delegation=china").data == china.data
    assert client.get(f"{FEED}?delegation=CHINA").headers["ETag"] == china.headers["ETag"]


def test_delegation_feed_refuses_unknown_delegation(client, kazakh):
    response = client.get(f"{FEED}?delegation=mongolia")
    assert response.status_code == 400
    assert response.text.startswith(
        "Bad request: delegation: no delegation 'mongolia' in this itinerary's feed; "
        "the delegations are: china, kazakhstan, russia"
    )


def test_delegation_feed_never_shows_a_restricted_event(client, kazakh):
    for delegation in ("china", "russia", "kazakhstan"):
        assert SECRET not in feed_uids(client, f"{FEED}?delegation={delegation}")
    assert feed_uids(client, f"{FEED}?delegation=kazakhstan") == ["sco2018-enlarged-session"]


# The API


def test_delegation_api_answers_its_events_and_filter(client):
    response = client.get(f"{API}?delegation=China&from=2018-06-10")
    assert [e["id"] for e in response.json["events"]] == [
        "sco2018-summit",
        "sco2018-restricted-session",
        "sco2018-enlarged-session",
    ]
    assert response.json["filter"]["delegation"] == "china"


def test_delegation_api_refuses_unknown_delegation_in_json(client):
    response = client.get(f"{API}?delegation=mongolia")
    assert (response.status_code, response.content_type) == (400, "application/json")
    assert response.json == {
        "error": {
            "code": "invalid_parameter",
            "message": "delegation: no delegation 'mongolia' in this itinerary's feed; "
            "the delegations are: china, russia",
            "field": "delegation",
        }
    }


def test_delegation_api_sees_a_restricted_event_only_with_the_token(client, kazakh):
    token = services.rotate_feed_token(kazakh, CHINA)
    assert client.get(f"{API}?delegation=mongolia").status_code == 400
    assert api_uids(client, f"{API}?delegation=russia") == EVERY_PUBLIC
    answer = client.get(f"{API}?delegation=mongolia", headers={"Authorization": f"Bearer {token}"})
    assert [e["id"] for e in answer.json["events"]] == [SECRET]


def test_delegation_is_listed_in_the_openapi_document(client):
    document = client.get("/api/v1/openapi.json").json
    parameter = document["components"]["parameters"]["delegation"]
    assert (parameter["name"], parameter["in"], parameter["schema"]) == (
        "delegation",
        "query",
        {"type": "string", "maxLength": 200},
    )


# All three agree


@pytest.mark.parametrize(
    ("slug", "delegation"),
    [(CHINA, "china"), (CHINA, "russia"), (CHINA, "kazakhstan"), (CONTACTS, "china"), (CONTACTS, "russia")],
)
def test_delegation_page_feed_and_api_choose_the_same_events(client, kazakh, slug, delegation):
    query = f"delegation={delegation}"
    from_feed = feed_uids(client, f"/itineraries/{slug}.ics?{query}")
    assert from_feed
    assert api_uids(client, f"/api/v1/itineraries/{slug}?{query}") == from_feed
    assert page_uids(client, f"/itineraries/{slug}?{query}") == from_feed
