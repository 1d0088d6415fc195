"""Errors answered by their cause: a value the database cannot store is the request's fault (400, field named);
503 with Retry-After only when the database really does not answer; /healthz also knows a read-only database."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy.exc import DataError, DBAPIError, IntegrityError, OperationalError

from itinerary import accounts, changelog, services
from itinerary.errors import InvalidInput
from itinerary.model import EventSpec
from itinerary.storage import Store
from tests.conftest import TEST_DATABASE_URL
from tests.web.forms import csrf_token
from tests.web.html import parse
from web import create_app

SLUG = "china-state-visit-2018"
CHINA = f"/itineraries/{SLUG}"


def _field_errors(response) -> dict[str, str]:
    doc = parse(response.data)
    return {
        link.get("href").removeprefix("#"): item.text.split(": ", 1)[1]
        for item in doc.select(".error-summary li")
        for link in item.select("a")
    }


@pytest.mark.usefixtures("editor")
def test_a_nul_in_a_publish_note_is_refused_as_400_naming_the_note(client, app_store):
    """Regression: on PostgreSQL a NUL in the note answered 503 "database is not answering" with Retry-After."""
    url = f"{CHINA}/publish"
    response = client.post(url, data={"csrf_token": csrf_token(client, url), "note": "Sent\x00 to the pool"})
    assert response.status_code == 400
    assert "Retry-After" not in response.headers
    assert _field_errors(response) == {"note": "must not contain control characters"}
    assert [v.number for v in changelog.versions(app_store, SLUG)] == [1]  # the seed's release only


def test_publish_version_refuses_control_characters_in_the_note(seeded):
    with pytest.raises(InvalidInput) as refused:
        changelog.publish_version(seeded, SLUG, note="a\x1bb")
    assert refused.value.errors == {"note": "must not contain control characters"}
    assert changelog.publish_version(seeded, SLUG, note="Sent to the pool.\r\nSecond line.").number == 2


def test_an_out_of_range_sequence_is_refused_naming_the_sequence(seeded):
    """Regression: on PostgreSQL SEQUENCE:99999999999999999999 overflowed the column and answered 503."""
    spec = EventSpec(title="Briefing", start=datetime(2018, 6, 8, 7), end=datetime(2018, 6, 8, 8))
    with pytest.raises(InvalidInput) as refused:
        services.restore_event(seeded, SLUG, "huge", spec, sequence=10**20)
    assert refused.value.errors == {
        "sequence": "'Briefing' (huge): must be at most 2147483647, not 100000000000000000000"
    }
    assert services.restore_event(seeded, SLUG, "big", spec, sequence=2**31 - 1).sequence == 2**31 - 1


@pytest.mark.usefixtures("editor")
def test_an_import_with_an_out_of_range_sequence_is_refused_as_400(client, app_store):
    url = f"{CHINA}/import"
    data = (
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//EN\r\nBEGIN:VEVENT\r\nUID:huge@example.org\r\n"
        b"DTSTAMP:20180601T000000Z\r\nSUMMARY:Briefing\r\nSEQUENCE:99999999999999999999\r\n"
        b"DTSTART;TZID=Asia/Shanghai:20180608T070000\r\nDTEND;TZID=Asia/Shanghai:20180608T080000\r\n"
        b"END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    import io

    response = client.post(url, data={"csrf_token": csrf_token(client, url), "file": (io.BytesIO(data), "x.ics")})
    assert response.status_code == 400
    problems = [li.text for li in parse(response.data).select(".import-problems li")]
    assert len(problems) == 1
    assert "huge@example.org" in problems[0]
    assert "sequence" in problems[0] and "2147483647" in problems[0]
    assert "huge@example.org" not in {e.uid for e in services.list_events(app_store, SLUG)}


def test_a_nul_in_an_address_is_not_an_outage(client):
    """A slug or UID in the address that the database cannot even compare is not found, not a 503."""
    for url in (f"{CHINA}/events/a%00b", f"{CHINA}/events/x%00.ics", f"{CHINA}/changes%00"):
        response = client.get(url)
        assert response.status_code == 404, (url, response.status_code)
    for url in ("/itineraries/a%00b", "/itineraries/a%00b.ics"):  # one light read first: refused by PostgreSQL
        response = client.get(url)
        assert response.status_code in {400, 404}, (url, response.status_code)
        assert "Retry-After" not in response.headers


def test_a_nul_in_a_sign_in_name_is_a_wrong_name(client, app_store):
    """Regression: on PostgreSQL a NUL in the username answered 503."""
    accounts.create_editor(app_store, "editor", "correct horse battery staple")
    url = "/sign-in"
    response = client.post(
        url, data={"csrf_token": csrf_token(client, url), "username": "edi\x00tor", "password": "x" * 12}
    )
    assert response.status_code == 400
    assert "Retry-After" not in response.headers


@pytest.mark.parametrize(
    ("error", "status"),
    [
        (OperationalError("SELECT 1", {}, Exception("connection refused")), 503),
        (DataError("INSERT", {}, Exception("integer out of range")), 400),
        (IntegrityError("INSERT", {}, Exception("duplicate key")), 409),
    ],
)
def test_database_errors_are_answered_by_cause(app, client, monkeypatch, error, status):
    def fails(*args, **kwargs):
        raise error

    monkeypatch.setattr(services, "list_itineraries", fails)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    response = client.get("/")
    assert response.status_code == status
    assert ("Retry-After" in response.headers) == (status == 503)


def _read_only_url(tmp_path) -> str:
    if TEST_DATABASE_URL:
        joiner = "&" if "?" in TEST_DATABASE_URL else "?"
        return f"{TEST_DATABASE_URL}{joiner}options=-c%20default_transaction_read_only%3Don"
    return f"sqlite:///file:{tmp_path / 'test.sqlite3'}?mode=ro&uri=true"


def test_health_answers_503_when_the_database_refuses_writes(app, client, tmp_path, clock):
    """Regression: /healthz answered 200 while the database refused every write."""
    assert client.get("/healthz").status_code == 200
    read_only = Store(_read_only_url(tmp_path), clock=clock)
    try:
        other = create_app({"TESTING": True, "STORE": read_only, "SECRET_KEY": "test", "DATABASE_URL": "unused"})
        response = other.test_client().get("/healthz")
        assert (response.status_code, response.text) == (503, "database refuses writes\n")
        with pytest.raises(DBAPIError):  # what the probe foretold: a real write is refused
            services.create_itinerary(read_only, slug="new-trip", title="New trip", timezone="UTC")
    finally:
        read_only.dispose()
    assert client.get("/healthz").status_code == 200
