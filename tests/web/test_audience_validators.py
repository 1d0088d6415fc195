"""Validators per audience over HTTP: a change to the busy lunch's hidden details answers the public's and the
press's conditional requests with 304 (same ETag, same Last-Modified, same bytes) on the feed and the JSON API,
while the delegation's and staff's subscriptions get the new copy; an audience of the itinerary's own that sees
an event in full never gets a stale 304."""

from __future__ import annotations

from datetime import timedelta

import pytest

from itinerary import own_audiences, services, subscriptions

SLUG = "china-state-visit-2018"
LUNCH = "cn2018-lunch-narrow"


def _store(app):
    return app.extensions["itinerary.store"]


def _addresses(app, client) -> dict[str, tuple[str, dict]]:
    """Per audience: its feed's path and its API call's headers (the public's anonymous, the others' by token)."""
    found = {"public": (f"/itineraries/{SLUG}.ics", {})}
    for audience in ("press", "delegation", "staff"):
        token = subscriptions.issue(_store(app), SLUG, audience=audience, name=f"{audience} reader").token
        found[audience] = (f"/feeds/{token}.ics", {"Authorization": f"Bearer {token}"})
    return found


def _answers(client, addresses) -> dict[str, tuple]:
    """Per audience: (feed, API answer)."""
    return {
        audience: (client.get(path), client.get(f"/api/v1/itineraries/{SLUG}", headers=headers))
        for audience, (path, headers) in addresses.items()
    }


@pytest.mark.parametrize(
    "change",
    [{"title": "Working lunch, narrow format"}, {"description": "Over dessert"}, {"participants": ("xi-jinping",)}],
)
def test_busy_lunch_hidden_change_answers_public_and_press_304_and_others_200(app, client, clock, change):
    addresses = _addresses(app, client)
    before = _answers(client, addresses)
    clock.now += timedelta(hours=1)

    services.update_event(_store(app), SLUG, LUNCH, **change)

    after = _answers(client, addresses)
    for audience in ("public", "press"):
        for old, new in zip(before[audience], after[audience], strict=True):
            assert new.data == old.data
            assert (new.headers["ETag"], new.headers["Last-Modified"]) == (
                old.headers["ETag"],
                old.headers["Last-Modified"],
            )
        path, headers = addresses[audience]
        for url, old in ((path, before[audience][0]), (f"/api/v1/itineraries/{SLUG}", before[audience][1])):
            conditional = headers | {"If-None-Match": old.headers["ETag"]}
            assert client.get(url, headers=conditional).status_code == 304
            dated = headers | {"If-Modified-Since": old.headers["Last-Modified"]}
            assert client.get(url, headers=dated).status_code == 304
    for audience in ("delegation", "staff"):
        path, headers = addresses[audience]
        for url, old in ((path, before[audience][0]), (f"/api/v1/itineraries/{SLUG}", before[audience][1])):
            response = client.get(url, headers=headers | {"If-None-Match": old.headers["ETag"]})
            assert response.status_code == 200
            assert response.headers["Last-Modified"] != old.headers["Last-Modified"]


def test_own_audience_that_sees_an_event_in_full_never_gets_a_stale_304(app, client, clock):
    store = _store(app)
    own_audiences.add(store, SLUG, name="interpreters", label="Interpreters")
    access = (("public", "busy"), ("press", "busy"), ("delegation", "hidden"), ("interpreters", "full"))
    services.update_event(store, SLUG, LUNCH, access=access)
    token = subscriptions.issue(store, SLUG, audience="interpreters", name="Interpreters' pool").token
    feed, public = client.get(f"/feeds/{token}.ics"), client.get(f"/itineraries/{SLUG}.ics")
    clock.now += timedelta(hours=1)

    services.update_event(store, SLUG, LUNCH, description="The interpreters' notes")

    response = client.get(f"/feeds/{token}.ics", headers={"If-None-Match": feed.headers["ETag"]})
    assert response.status_code == 200 and b"The interpreters' notes" in response.data
    assert (
        client.get(f"/feeds/{token}.ics", headers={"If-Modified-Since": feed.headers["Last-Modified"]}).status_code
        == 200
    )
    assert client.get(f"/itineraries/{SLUG}.ics", headers={"If-None-Match": public.headers["ETag"]}).status_code == 304
