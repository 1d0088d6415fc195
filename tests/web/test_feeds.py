"""Feeds over HTTP: headers, validators, 304s, HEAD, filters, private tokens and 404s."""

from __future__ import annotations

import gzip
from datetime import UTC, datetime, timedelta

import icalendar
import pytest
from werkzeug.http import http_date, parse_date

from itinerary import services
from tests.builders import TIANJIN_ARENA
from tests.rfc5545 import unescape

SLUG = "china-state-visit-2018"
FEED = f"/itineraries/{SLUG}.ics"


def _store(app):
    return app.extensions["itinerary.store"]


def _uids(response) -> list[str]:
    return [str(e["UID"]).removesuffix("@itinerary.test") for e in icalendar.Calendar.from_ical(response.data).events]


# Written of the seed's lunch as a restricted event: see ``lunch_restricted`` in tests/web/conftest.py.
pytestmark = pytest.mark.usefixtures("lunch_restricted")


def test_feed_headers(client, app):
    response = client.get(FEED)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert response.headers["Content-Disposition"] == 'inline; filename="china-state-visit-2018.ics"'
    assert response.headers["Cache-Control"] == "public, max-age=300, must-revalidate"
    assert response.headers["ETag"].startswith('"') and len(response.headers["ETag"]) == 34
    stamp = services.get_itinerary(_store(app), SLUG).public_changed
    assert response.headers["Last-Modified"] == http_date(stamp)
    assert len(_uids(response)) == 11


def test_if_none_match_answers_304_without_body(client):
    etag = client.get(FEED).headers["ETag"]
    response = client.get(FEED, headers={"If-None-Match": etag})
    assert (response.status_code, response.data, response.headers["ETag"]) == (304, b"", etag)
    assert client.get(FEED, headers={"If-None-Match": '"other"'}).status_code == 200
    assert client.get(FEED, headers={"If-None-Match": f'"x", {etag}'}).status_code == 304


def test_if_modified_since_answers_304(client):
    last_modified = client.get(FEED).headers["Last-Modified"]
    assert client.get(FEED, headers={"If-Modified-Since": last_modified}).status_code == 304
    assert client.get(FEED, headers={"If-Modified-Since": "Mon, 01 Jan 2018 00:00:00 GMT"}).status_code == 200


def count_feed_builds(monkeypatch) -> list[str]:
    """Each step of building a feed's bytes from now on: its index read ("index"), its head ("head")."""
    from itinerary import ical
    from itinerary.storage import Repository

    built: list[str] = []
    index, head = Repository.feed_index, ical.calendar_head
    monkeypatch.setattr(Repository, "feed_index", lambda self, slug: built.append("index") or index(self, slug))
    monkeypatch.setattr(ical, "calendar_head", lambda *args, **kw: built.append("head") or head(*args, **kw))
    return built


def test_304_does_not_rebuild_the_calendar(client, app, monkeypatch):
    built = count_feed_builds(monkeypatch)
    etag = client.get(FEED).headers["ETag"]
    assert built == ["index", "head"]  # the counters are on the path: the first request builds the feed
    built.clear()

    assert client.get(FEED, headers={"If-None-Match": etag}).status_code == 304
    assert client.get(FEED, headers={"If-Modified-Since": http_date(2**31)}).status_code == 304
    assert client.get(FEED).status_code == 200
    assert built == []  # answered from the one cache of answers, after one light read of the feed's stamp


def test_two_edits_within_one_second_change_last_modified(client, app, clock):
    clock.now = datetime(2018, 6, 4, 10, 0, 0, 200_000, tzinfo=UTC)
    services.update_event(_store(app), SLUG, "cn2018-press", title="Statements for the press")
    first = client.get(FEED)
    clock.now = datetime(2018, 6, 4, 10, 0, 0, 700_000, tzinfo=UTC)  # the same second
    services.update_event(_store(app), SLUG, "cn2018-press", title="Press statements")

    # A client that sends only If-Modified-Since learns of the second edit.
    again = client.get(FEED, headers={"If-Modified-Since": first.headers["Last-Modified"]})
    assert again.status_code == 200
    assert [first.headers["Last-Modified"], again.headers["Last-Modified"]] == [
        "Mon, 04 Jun 2018 10:00:00 GMT",
        "Mon, 04 Jun 2018 10:00:01 GMT",
    ]
    assert client.get(FEED, headers={"If-Modified-Since": again.headers["Last-Modified"]}).status_code == 304


def test_restricted_edit_keeps_public_feed_validators(client, app, clock):
    token = services.rotate_feed_token(_store(app), SLUG)
    public, private = client.get(FEED), client.get(f"/feeds/{token}.ics")
    clock.now += timedelta(hours=1)
    services.update_event(_store(app), SLUG, "cn2018-lunch-narrow", title="Working lunch, narrow format")

    after = client.get(FEED)
    assert after.data == public.data
    for name in ("ETag", "Last-Modified"):
        assert after.headers[name] == public.headers[name]
    assert client.get(FEED, headers={"If-None-Match": public.headers["ETag"]}).status_code == 304
    stamps = {e["DTSTAMP"].dt for e in icalendar.Calendar.from_ical(after.data).events}
    assert stamps == {parse_date(public.headers["Last-Modified"])}
    changed = client.get(f"/feeds/{token}.ics")
    assert changed.headers["ETag"] != private.headers["ETag"]
    assert changed.headers["Last-Modified"] == http_date(clock.now)


def test_made_up_host_does_not_rebuild_feed(app, client, monkeypatch):
    from itinerary import ical

    # Hosts the operator trusts (any other is refused before a view runs: tests/security/test_hosts.py).
    app.config["TRUSTED_HOSTS"] = ["made-up.example", "another.example", "localhost"]
    client.get(FEED)
    rendered = []
    original = ical.event_components
    monkeypatch.setattr(
        ical.export, "event_components", lambda event, **kw: rendered.append(event.uid) or original(event, **kw)
    )
    hosts = ["made-up.example", "another.example:8443", "localhost"]
    answers = [client.get(FEED, headers={"Host": host}) for host in hosts]
    dated = [client.get(f"{FEED}?from=2018-06-{day:02}") for day in range(1, 11)]

    assert rendered == []
    assert all(answer.status_code == 200 for answer in answers + dated)
    for host, answer in zip(hosts, answers, strict=True):
        urls = {str(e["URL"]) for e in icalendar.Calendar.from_ical(answer.data).events}
        assert all(url.startswith(f"http://{host}/itineraries/{SLUG}/events/") for url in urls), urls


def test_etag_changes_after_an_edit_and_not_otherwise(client, app, clock):
    first = client.get(FEED)
    assert client.get(FEED).headers["ETag"] == first.headers["ETag"]
    services.update_event(_store(app), SLUG, "cn2018-press", title="Press statements")  # no change
    assert client.get(FEED).headers["ETag"] == first.headers["ETag"]
    clock.now += timedelta(hours=2)
    services.update_event(_store(app), SLUG, "cn2018-press", title="Statements for the press")
    second = client.get(FEED)
    assert second.headers["ETag"] != first.headers["ETag"]
    assert second.headers["Last-Modified"] == http_date(clock.now)
    assert client.get(FEED, headers={"If-None-Match": first.headers["ETag"]}).status_code == 200


def test_etag_changes_when_a_venue_is_renamed(client, app, clock):
    first = client.get(FEED).headers["ETag"]
    clock.now += timedelta(minutes=1)
    services.put_venue(_store(app), **{**TIANJIN_ARENA, "name": "Tianjin arena"})
    response = client.get(FEED)
    assert response.headers["ETag"] != first
    hockey = next(e for e in icalendar.Calendar.from_ical(response.data).events if "hockey" in str(e["UID"]))
    assert hockey["LOCATION"] == "Tianjin arena"


def test_head_answers_headers_only(client):
    get = client.get(FEED)
    head = client.head(FEED)
    assert (head.status_code, head.data) == (200, b"")
    for name in ("Content-Type", "ETag", "Last-Modified", "Content-Length"):
        assert head.headers[name] == get.headers[name]


def test_gzip_for_clients_that_ask_for_it(client):
    plain = client.get(FEED)
    packed = client.get(FEED, headers={"Accept-Encoding": "gzip, deflate"})
    assert (packed.status_code, packed.headers["Content-Encoding"]) == (200, "gzip")
    assert gzip.decompress(packed.data) == plain.data
    assert packed.headers["Content-Length"] == str(len(packed.data)) and len(packed.data) < len(plain.data) / 3
    assert "Accept-Encoding" in plain.vary and "Accept-Encoding" in packed.vary
    assert "Content-Encoding" not in plain.headers
    # Each representation has its own strong ETag, the same on every request and in every worker.
    assert packed.headers["ETag"] != plain.headers["ETag"] and len(packed.headers["ETag"]) == 34
    assert client.get(FEED, headers={"Accept-Encoding": "gzip"}).headers["ETag"] == packed.headers["ETag"]
    for name in ("Content-Type", "Content-Disposition", "Cache-Control", "Last-Modified"):
        assert packed.headers[name] == plain.headers[name]


def test_accept_encoding_gzip_upper_case_is_honoured(client):
    plain = client.get(FEED)
    for header in ("GZIP", "Gzip, deflate", "br;q=1.0, GZip;q=0.8", "x-gzip", "*", "identity;q=0.5, *;q=0.1"):
        packed = client.get(FEED, headers={"Accept-Encoding": header})
        assert packed.headers.get("Content-Encoding") == "gzip", header
        assert gzip.decompress(packed.data) == plain.data, header


def test_gzip_refused_with_q_zero_or_not_asked(client):
    for header in ("gzip;q=0", "GZIP;Q=0", "gzip;q=0.000, *", "*;q=0", "identity", "br", ""):
        response = client.get(FEED, headers={"Accept-Encoding": header})
        assert "Content-Encoding" not in response.headers, header
        assert response.data.startswith(b"BEGIN:VCALENDAR"), header


def test_304_matches_the_etag_of_the_representation_sent(client):
    gzip_etag = client.get(FEED, headers={"Accept-Encoding": "gzip"}).headers["ETag"]
    plain_etag = client.get(FEED).headers["ETag"]
    again = client.get(FEED, headers={"Accept-Encoding": "gzip", "If-None-Match": gzip_etag})
    assert (again.status_code, again.data, again.headers["ETag"]) == (304, b"", gzip_etag)
    assert "Accept-Encoding" in again.vary
    # A client that holds the other representation gets this one whole.
    switched = client.get(FEED, headers={"Accept-Encoding": "gzip", "If-None-Match": plain_etag})
    assert (switched.status_code, switched.headers["ETag"]) == (200, gzip_etag)
    assert client.get(FEED, headers={"If-None-Match": gzip_etag}).status_code == 200


def test_gzip_etag_changes_after_an_edit(client, app, clock):
    first = client.get(FEED, headers={"Accept-Encoding": "gzip"})
    clock.now += timedelta(minutes=1)
    services.update_event(_store(app), SLUG, "cn2018-hockey-tianjin", title="Hockey")
    second = client.get(FEED, headers={"Accept-Encoding": "gzip", "If-None-Match": first.headers["ETag"]})
    assert second.status_code == 200 and second.headers["ETag"] != first.headers["ETag"]
    assert b"SUMMARY:Hockey" in gzip.decompress(second.data)


def test_private_feed_gzip_keeps_private_headers(client, app):
    token = services.rotate_feed_token(_store(app), SLUG)
    response = client.get(f"/feeds/{token}.ics", headers={"Accept-Encoding": "gzip"})
    assert (response.status_code, response.headers["Content-Encoding"]) == (200, "gzip")
    assert response.headers["Cache-Control"] == "private, max-age=300, must-revalidate"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert b"X-ITINERARY-VISIBILITY:restricted" in gzip.decompress(response.data)


def test_event_feed(client):
    response = client.get(f"/itineraries/{SLUG}/events/cn2018-hockey-tianjin.ics")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == 'inline; filename="cn2018-hockey-tianjin.ics"'
    calendar = icalendar.Calendar.from_ical(response.data)
    assert [str(e["SUMMARY"]) for e in calendar.events] == ["Junior ice hockey match in Tianjin"]
    assert [str(tz["TZID"]) for tz in calendar.timezones] == ["Asia/Shanghai"]


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/itineraries/nowhere.ics", "Not found: no itinerary with slug 'nowhere'\n"),
        (f"/itineraries/{SLUG}/events/ghost.ics", f"Not found: no event 'ghost' in itinerary '{SLUG}'\n"),
        (
            f"/itineraries/{SLUG}/events/cn2018-lunch-narrow.ics",
            f"Not found: no event 'cn2018-lunch-narrow' in itinerary '{SLUG}'\n",
        ),
        (
            "/feeds/" + "x" * 43 + ".ics",
            "Not found: no feed at this address; ask an editor for the current private feed link\n",
        ),
    ],
)
def test_unknown_feeds_are_404_with_short_text(client, path, body):
    response = client.get(path)
    assert (response.status_code, response.text) == (404, body)
    assert response.headers["Content-Type"] == "text/plain; charset=utf-8"


def test_private_feed_includes_restricted_and_follows_rotation(client, app):
    store = _store(app)
    token = services.rotate_feed_token(store, SLUG)
    response = client.get(f"/feeds/{token}.ics")
    assert response.status_code == 200
    assert "cn2018-lunch-narrow" in _uids(response)
    assert response.headers["Cache-Control"] == "private, max-age=300, must-revalidate"
    assert response.headers["Content-Disposition"] == 'inline; filename="china-state-visit-2018-private.ics"'
    calendar = icalendar.Calendar.from_ical(response.data)
    assert unescape(calendar["X-WR-CALNAME"]) == "State visit to China and the SCO summit, June 2018 (private)"
    new = services.rotate_feed_token(store, SLUG)
    assert client.get(f"/feeds/{token}.ics").status_code == 404
    assert client.get(f"/feeds/{new}.ics").status_code == 200
    services.revoke_feed_token(store, SLUG)
    assert client.get(f"/feeds/{new}.ics").status_code == 404


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kind=travel", ["cn2018-train-tianjin", "cn2018-flight-qingdao"]),
        (
            "participant=yuri-ushakov",
            ["cn2018-arrival-beijing", "cn2018-talks-narrow", "cn2018-talks-enlarged", "cn2018-flight-qingdao"],
        ),
        ("category=sport", ["cn2018-hockey-tianjin"]),
        ("from=2018-06-10&to=2018-06-10", ["sco2018-summit", "sco2018-restricted-session", "sco2018-enlarged-session"]),
        ("kind=summit-session&from=2018-06-10", ["sco2018-restricted-session", "sco2018-enlarged-session"]),
        ("unrelated=1", None),
    ],
)
def test_filters(client, query, expected):
    response = client.get(f"{FEED}?{query}")
    assert response.status_code == 200
    assert _uids(response) == (expected if expected is not None else _uids(client.get(FEED)))


def test_participant_feed_is_named_for_the_participant(client):
    calendar = icalendar.Calendar.from_ical(client.get(f"{FEED}?participant=xi-jinping").data)
    assert unescape(calendar["X-WR-CALNAME"]) == "State visit to China and the SCO summit, June 2018: Xi Jinping"


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("kind=party", "kind: unknown kind 'party'; choose one of: talks, ceremony"),
        ("from=8 June 2018", "from: '8 June 2018' is not a date; write YYYY-MM-DD"),
        ("to=2018-13-01", "to: '2018-13-01' is not a date"),
        ("from=2018-06-10&to=2018-06-09", "to: must not be before 'from'"),
        ("participant=nobody", "participant: no participant 'nobody' in this itinerary's feed"),
        ("category=secret", "category: no category 'secret' in this itinerary's feed"),
    ],
)
def test_bad_filters_are_400_with_a_clear_message(client, app, query, message):
    before = services.list_events(_store(app), SLUG)
    response = client.get(f"{FEED}?{query}")
    assert response.status_code == 400
    assert response.text.startswith(f"Bad request: {message}")
    assert services.list_events(_store(app), SLUG) == before


def test_restricted_event_never_shows_through_a_filter(client):
    assert "cn2018-lunch-narrow" not in _uids(client.get(f"{FEED}?kind=meal&from=2018-06-08"))
    response = client.get(f"{FEED}?participant=yuri-ushakov&kind=meal")
    assert response.status_code == 200
    assert _uids(response) == []
