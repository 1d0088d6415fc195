"""Feeds as a client sees them from a real ``itinerary serve`` on loopback (issue 12: hosts and dates, restricted).

What a subscriber's calendar app and an anonymous reader get over HTTP: ``?from=`` windows and host names
(that neither rebuilds a feed is checked with the test client in tests/web/test_feeds.py), the history of a
reused UID (tests/web/test_restricted_history.py), and the public feed's validators across a restricted
edit (tests/itinerary/test_sequence_and_stamps.py). One server for the module, on SQLite in a temporary
folder, or on the PostgreSQL test database when ITINERARY_TEST_DATABASE_URL is set.
"""

from __future__ import annotations

import time
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
from werkzeug.http import parse_date

from tests.rfc5545 import thunderbird_event
from tests.security.servers import Browser, database_env, serve_with_editor
from tests.web.html import parse

SLUG = "china-state-visit-2018"
CHINA = f"/itineraries/{SLUG}"
FEED = f"{CHINA}.ics"
TRUSTED = ("itinerary.example.org", "calendar.example.net")
EVIL = "evil.example"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """``itinerary serve`` answering two trusted names and loopback, with an editor account."""
    env = {"ITINERARY_TRUSTED_HOSTS": ",".join((*TRUSTED, "127.0.0.1")), **database_env()}
    env["ITINERARY_PUBLISH_EVERY_SAVE"] = "true"  # the feeds follow each edit at once
    with serve_with_editor(tmp_path_factory.mktemp("feeds"), env=env) as server:
        yield server


@pytest.fixture
def editor(server) -> Browser:
    browser = Browser(server.address)
    assert browser.sign_in()[0].status == 302
    return browser


def _import(editor: Browser, data: bytes) -> None:
    response, body = editor.upload(f"{CHINA}/import", "file", "event.ics", data)
    assert (response.status, response.headers["Location"]) == (302, CHINA), body


def _event_id(editor: Browser, title: str) -> str:
    """The id in the event's address, from the link to it on the editor's itinerary page."""
    response, body = editor.get(CHINA)
    assert response.status == 200
    links = [a.get("href") for a in parse(body).select("a") if a.text == title and "/events/" in a.get("href", "")]
    assert len(set(links)) == 1, links
    return links[0].rsplit("/", 1)[1]


def _uids(body: bytes) -> set[str]:
    return {str(event["UID"]) for event in icalendar.Calendar.from_ical(body).events}


def _raw(response, body: bytes) -> bytes:
    """Every byte a client received but the status line: headers and body."""
    return bytes(response.headers) + body


def _window(calendar: icalendar.Calendar, since: date) -> set[str]:
    """The UIDs of the events that end after ``since`` begins in the itinerary's zone (the seed has no series)."""
    zone = ZoneInfo(str(calendar["X-WR-TIMEZONE"]))
    begins = datetime.combine(since, datetime.min.time(), zone)
    chosen = set()
    for event in calendar.events:
        assert "RRULE" not in event and "RDATE" not in event
        end = event["DTEND"].dt
        if not isinstance(end, datetime):
            end = datetime.combine(end, datetime.min.time(), zone)
        if end > begins:
            chosen.add(str(event["UID"]))
    return chosen


# ?from= windows and host names


def test_from_windows_hold_exactly_their_events_with_stable_strong_etags(server):
    reader = Browser(server.address)
    response, body = reader.get(FEED)
    assert response.status == 200
    everything = icalendar.Calendar.from_ical(body)
    days = [date(2018, 6, 1) + timedelta(days=n) for n in range(12)] + [date(1990, 1, 1), date(2100, 1, 1)]
    sizes = set()

    for day in days:
        target = f"{FEED}?from={day.isoformat()}"
        first, first_body = reader.get(target)
        again, again_body = reader.get(target)
        unchanged, unchanged_body = reader.get(target, **{"If-None-Match": first.headers["ETag"]})

        assert first.status == again.status == 200, day
        assert _uids(first_body) == _window(everything, day), day
        assert again_body == first_body
        assert again.headers["ETag"] == first.headers["ETag"]
        assert first.headers["ETag"].startswith('"')  # strong: the same bytes, whichever request built them
        assert (unchanged.status, unchanged_body) == (304, b"")
        sizes.add(len(_uids(first_body)))
    assert sizes >= {0, 4, len(everything.events)}  # windows that hold nothing, some, and everything


def test_made_up_host_is_refused_and_shows_up_in_no_later_answer(server):
    reader = Browser(server.address)
    targets = [FEED, f"{FEED}?from=2018-06-09", CHINA, f"{CHINA}/changes", f"{CHINA}/events/cn2018-press.ics"]

    for target in targets:
        response, body = reader.get(target, Host=EVIL)
        assert response.status == 400, target
        assert "Location" not in response.headers

    for host in (*TRUSTED, f"127.0.0.1:{server.port}"):
        for target in targets:
            response, body = reader.get(target, Host=host)
            assert response.status == 200, (host, target)
            assert EVIL.encode() not in _raw(response, body), (host, target)


def test_each_trusted_host_gets_feed_links_to_itself(server):
    reader = Browser(server.address)
    for target in (FEED, f"{FEED}?from=2018-06-09", FEED):  # in turn, so that each follows the other's answer
        for host in (*TRUSTED, "calendar.example.net:8443"):
            response, body = reader.get(target, Host=host)
            calendar = icalendar.Calendar.from_ical(body)
            urls = [str(calendar["URL"]), *(str(event["URL"]) for event in calendar.events)]

            assert response.status == 200
            assert urls[0] == f"http://{host}{CHINA}"
            assert len(urls) > 1
            assert all(url.startswith(f"http://{host}{CHINA}/events/") for url in urls[1:]), urls
            assert all(other.encode() not in body for other in TRUSTED if other not in host)


def test_base_url_makes_feed_links_whatever_the_host(tmp_path):
    # Its own server, on SQLite whatever the suite's database: links and hosts do not depend on it.
    env = {"ITINERARY_BASE_URL": "https://itinerary.example.org", "ITINERARY_TRUSTED_HOSTS": "127.0.0.1,other.example"}
    with serve_with_editor(tmp_path, env=env) as base_server:
        reader = Browser(base_server.address)
        answers = [reader.get(FEED, Host=host) for host in ("other.example", f"127.0.0.1:{base_server.port}")]
        refused = reader.get(FEED, Host=EVIL)

    for response, body in answers:
        calendar = icalendar.Calendar.from_ical(body)
        assert response.status == 200
        assert str(calendar["URL"]) == f"https://itinerary.example.org{CHINA}"
        assert all(str(e["URL"]).startswith(f"https://itinerary.example.org{CHINA}/events/") for e in calendar.events)
        assert b"other.example" not in _raw(*answers[0]) and b"127.0.0.1" not in body
    assert answers[0][1] == answers[1][1]
    assert refused[0].status == 400


# Restricted history after a UID is reused


def test_restricted_history_of_a_reused_uid_reaches_no_reader(server, editor):
    """Regression (issue 12): import restricted, delete, import public with the same UID: readers saw the secret."""
    secret = thunderbird_event("reused@example.org", "Secret talks", "Secret agenda", restricted="CLASS:CONFIDENTIAL")
    _import(editor, secret)
    event_id = _event_id(editor, "Secret talks")
    delete = f"{CHINA}/events/{event_id}/delete"
    response, _ = editor.post_form(delete, {"csrf_token": editor.csrf_token(delete)})
    assert response.status == 302
    _import(editor, thunderbird_event("reused@example.org", "Public talks", "An open agenda"))
    assert _event_id(editor, "Public talks") == event_id

    reader = Browser(server.address)
    targets = [
        f"{CHINA}/changes",
        f"{CHINA}/changes?since=2018-06-01",
        FEED,
        f"{FEED}?from=2018-06-08",
        f"{CHINA}/events/{event_id}",
        f"{CHINA}/events/{event_id}.ics",
        CHINA,
    ]
    for target in targets:
        for headers in ({}, {"Accept-Encoding": "identity"}):
            response, body = reader.get(target, **headers)
            assert response.status == 200, target
            assert b"secret" not in _raw(response, body).lower(), target
    assert "Public talks" in reader.get(f"{CHINA}/changes")[1].decode()
    assert "reused@example.org" in _uids(reader.get(FEED)[1])
    # The editor's own change log still shows what the event said while it was restricted.
    editors_log = editor.get(f"{CHINA}/changes")[1].decode()
    assert "Secret talks" in editors_log
    assert "Public talks" in editors_log


# Validators of the public feed


def _validators(reader: Browser) -> tuple[str, str, set[datetime]]:
    response, body = reader.get(FEED)
    assert response.status == 200
    stamps = {event["DTSTAMP"].dt for event in icalendar.Calendar.from_ical(body).events}
    return response.headers["ETag"], response.headers["Last-Modified"], stamps


def test_public_feed_validators_hold_across_a_restricted_edit(server, editor):
    """Regression (issue 12): editing only a restricted event changed the public ETag, Last-Modified and DTSTAMP."""
    hidden = thunderbird_event(
        "dinner@example.org", "Closed dinner", "Seating plan", restricted="X-ITINERARY-VISIBILITY:restricted"
    )
    _import(editor, hidden)
    edit = f"{CHINA}/events/{_event_id(editor, 'Closed dinner')}/edit"
    reader = Browser(server.address)
    etag, last_modified, stamps = _validators(reader)
    time.sleep(1.1)  # a stamp moved by the edit would show in Last-Modified, whose unit is the second

    response, body = editor.submit(edit, {"description": "Seating plan, second draft"})
    assert response.status == 302, body

    assert _validators(reader) == (etag, last_modified, stamps)
    assert stamps == {parse_date(last_modified)}
    assert reader.get(FEED, **{"If-None-Match": etag})[0].status == 304
    assert reader.get(FEED, **{"If-Modified-Since": last_modified})[0].status == 304
    assert "Seating plan, second draft" in editor.get(edit)[1].decode()


def test_public_feed_validators_move_on_each_public_edit_even_within_one_second(server, editor):
    reader = Browser(server.address)
    etag, last_modified, _ = _validators(reader)
    forms = [f"{CHINA}/events/cn2018-press/edit", f"{CHINA}/events/cn2018-signing/edit"]
    while time.time() % 1 > 0.3:  # start early in a second, so that both edits most likely fall within it
        time.sleep(0.05)

    assert editor.submit(forms[0], {"description": "Statements to the press, first revision"})[0].status == 302
    first = _validators(reader)
    assert editor.submit(forms[1], {"description": "Documents signed, first revision"})[0].status == 302
    second = _validators(reader)

    assert first[0] != etag and parse_date(first[1]) > parse_date(last_modified)
    assert first[2] == {parse_date(first[1])}  # every DTSTAMP is the feed's new change stamp
    assert second[0] != first[0] and parse_date(second[1]) > parse_date(first[1])
    assert second[2] == {parse_date(second[1])}
    assert reader.get(FEED, **{"If-None-Match": etag})[0].status == 200
    assert reader.get(FEED, **{"If-Modified-Since": first[1]})[0].status == 200
    assert reader.get(FEED, **{"If-Modified-Since": second[1]})[0].status == 304
