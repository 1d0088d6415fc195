"""Restricted stays restricted in the public change log and version comparisons, whatever happens to a UID."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

import pytest

from itinerary import services
from tests.rfc5545 import thunderbird_event
from tests.web.forms import csrf_token, sign_in
from tests.web.html import parse

SLUG = "china-state-visit-2018"
CHINA = f"/itineraries/{SLUG}"
REUSED, CONFIDENTIAL = "reused@example.org", "CLASS:CONFIDENTIAL"  # one UID, first restricted as Thunderbird marks it
SECRETS = ("Secret talks", "the secret agenda", "Secret dinner", "Dinner with a secret guest", "Hidden briefing")


def _import(client, data: bytes):
    url = f"{CHINA}/import"
    response = client.post(url, data={"csrf_token": csrf_token(client, url), "file": (io.BytesIO(data), "e.ics")})
    assert response.status_code == 302, response.text
    return response


def _publish(client):
    url = f"{CHINA}/publish"
    assert client.post(url, data={"csrf_token": csrf_token(client, url), "note": ""}).status_code == 302


def _rows(doc) -> list[tuple[str, str]]:
    return [
        (tr.one(".change-event").text, tr.one(".change-what .action").text) for tr in doc.select("ol.changes li.change")
    ]


def _assert_no_secret(text: str) -> None:
    for secret in SECRETS:
        assert secret.lower() not in text.lower(), secret


@pytest.fixture
def editor_client(app, app_store, clock):
    from itinerary import accounts

    accounts.create_editor(app_store, "editor", "correct horse battery staple")
    clock.now = datetime(2018, 6, 5, 1, tzinfo=UTC)  # before signing in: a session lasts 12 hours at most
    client = app.test_client()
    assert sign_in(client, "editor", "correct horse battery staple").status_code == 302
    return client


def test_a_public_event_imported_with_a_deleted_restricted_events_uid_does_not_show_its_history(
    app, app_store, clock, editor_client
):
    """Regression: import a restricted event, delete it, import a public one with the same UID: readers'
    changes page showed the restricted titles and descriptions."""
    _import(editor_client, thunderbird_event(REUSED, "Secret talks", "the secret agenda", restricted=CONFIDENTIAL))
    uid = next(e.uid for e in services.list_events(app_store, SLUG) if e.title == "Secret talks")
    clock.now += timedelta(minutes=5)
    _import(editor_client, thunderbird_event(REUSED, "Hidden briefing", "the secret agenda", restricted=CONFIDENTIAL))
    _publish(editor_client)
    clock.now += timedelta(minutes=5)
    delete = f"{CHINA}/events/{uid}/delete"
    assert editor_client.post(delete, data={"csrf_token": csrf_token(editor_client, delete)}).status_code == 302
    clock.now += timedelta(minutes=5)
    _import(editor_client, thunderbird_event(REUSED, "Public talks", "an open agenda"))
    _publish(editor_client)
    assert services.get_event(app_store, SLUG, uid).title == "Public talks"

    reader = app.test_client()
    doc = parse(reader.get(f"{CHINA}/changes?since=2018-06-05").data)
    assert _rows(doc) == [("Public talks", "Added")]
    _assert_no_secret(reader.get(f"{CHINA}/changes").text)
    compare = reader.get(f"{CHINA}/versions/compare?from=1&to=2")
    assert compare.status_code == 200
    _assert_no_secret(compare.text)
    # Editors still see the whole history.
    assert [row[0] for row in _rows(parse(editor_client.get(f"{CHINA}/changes?since=2018-06-05").data))] == [
        "Public talks",
        "Hidden briefing",
        "Hidden briefing",
        "Secret talks",
    ]


def test_a_public_event_made_restricted_goes_away_under_its_public_title(app, app_store, clock, editor_client):
    clock.now += timedelta(minutes=5)
    services.update_event(app_store, SLUG, "cn2018-press", visibility="restricted", title="Secret dinner")
    clock.now += timedelta(minutes=5)
    services.update_event(app_store, SLUG, "cn2018-press", description="the secret agenda")
    clock.now += timedelta(minutes=5)
    services.update_event(app_store, SLUG, "cn2018-press", visibility="public", title="Press statements again")
    reader = app.test_client()
    doc = parse(reader.get(f"{CHINA}/changes?since=2018-06-05").data)
    assert _rows(doc) == [("Press statements again", "Added"), ("Press statements", "Deleted")]
    _assert_no_secret(reader.get(f"{CHINA}/changes").text)


@pytest.mark.usefixtures("lunch_restricted")  # busy for readers, the lunch shows as its stand-in
def test_a_restricted_event_deleted_never_shows(app, app_store, clock, editor_client):
    clock.now += timedelta(minutes=5)
    services.update_event(app_store, SLUG, "cn2018-lunch-narrow", title="Dinner with a secret guest")
    clock.now += timedelta(minutes=5)
    services.delete_event(app_store, SLUG, "cn2018-lunch-narrow")
    clock.now += timedelta(minutes=5)
    services.delete_event(app_store, SLUG, "cn2018-press")
    reader = app.test_client()
    assert _rows(parse(reader.get(f"{CHINA}/changes?since=2018-06-05").data)) == [("Press statements", "Deleted")]
    _assert_no_secret(reader.get(f"{CHINA}/changes").text)
