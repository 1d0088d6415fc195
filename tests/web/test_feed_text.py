"""Feeds over HTTP with stored text that holds line breaks and quotes: always 200, never a raw CR or a broken header."""

from __future__ import annotations

from urllib.parse import quote

import icalendar
import pytest
from werkzeug.http import parse_options_header

from itinerary import ical, services
from itinerary.model import Outcome
from tests.builders import GREAT_HALL, when
from tests.conftest import make_event
from tests.rfc5545 import unescape
from tests.web.forms import submit
from web.feeds import content_disposition

SLUG = "china-state-visit-2018"
CHINA = f"/itineraries/{SLUG}"
TEXTAREA = "Vladimir Putin's state visit to China.\r\nThen the SCO summit in Qingdao.\r\n\r\nTimes are illustrative."


def _clean(response) -> icalendar.Calendar:
    assert response.status_code == 200, response.text
    lines = response.data.split(b"\r\n")
    assert all(b"\r" not in line and b"\n" not in line for line in lines)
    return icalendar.Calendar.from_ical(response.data)


def _every_feed(client, app_store, slug: str = SLUG) -> list[icalendar.Calendar]:
    token = services.rotate_feed_token(app_store, slug)
    urls = [f"/itineraries/{slug}.ics", f"/feeds/{token}.ics"]
    urls += [
        f"/itineraries/{slug}/events/{quote(e.uid)}.ics"
        for e in services.list_events(app_store, slug, include_restricted=False)
    ]
    return [_clean(client.get(url, headers={"Accept-Encoding": "identity"})) for url in urls]


def test_itinerary_summary_with_crlf_feed_answers_200(client, app_store, editor):
    # What a textarea sends: CRLF line breaks.
    response = submit(client, f"{CHINA}/edit", {"summary": TEXTAREA})
    assert response.status_code == 302, response.text
    assert services.get_itinerary(app_store, SLUG).summary == TEXTAREA
    calendars = _every_feed(client, app_store)
    assert len(calendars) > 3
    for calendar in calendars:
        assert str(calendar["DESCRIPTION"]) == TEXTAREA.replace("\r\n", "\n")
        assert unescape(calendar["X-WR-CALDESC"]) == TEXTAREA.replace("\r\n", "\n")


def test_itinerary_title_and_summary_with_lone_cr_never_reach_the_feed_raw(client, app_store):
    services.update_itinerary(app_store, SLUG, title="State visit\rto China", summary="One\rTwo")
    for calendar in _every_feed(client, app_store):
        assert unescape(calendar["X-WR-CALDESC"]) == "One\nTwo"
        assert unescape(calendar["NAME"]) in {"State visit\nto China", "State visit\nto China (private)"} | {
            str(e["SUMMARY"]) for e in calendar.events
        }


def test_participant_name_with_line_break_participant_feed_answers_200(client, app_store):
    services.put_participant(
        app_store, key="xi-jinping", name="Xi\r\nJinping", role="President\rof the PRC", delegation="China"
    )
    calendar = _clean(client.get(f"{CHINA}.ics?participant=xi-jinping"))
    assert unescape(calendar["X-WR-CALNAME"]) == "State visit to China and the SCO summit, June 2018: Xi\nJinping"
    people = [p for e in calendar.events for p in _many(e, "X-ITINERARY-PARTICIPANT") if str(p) == "xi-jinping"]
    assert people
    for person in people:
        assert (ical._param(person.params, "X-NAME"), ical._param(person.params, "X-ROLE")) == (
            "Xi\r\nJinping",
            "President\rof the PRC",
        )
    assert all("Xi\nJinping (President\nof the PRC, China)" in str(e["DESCRIPTION"]) for e in calendar.events)


def _many(component, name: str) -> list:
    value = component.get(name, [])
    return value if isinstance(value, list) else [value]


def test_event_texts_with_line_breaks_every_feed_answers_200(client, app_store):
    services.put_venue(app_store, **{**GREAT_HALL, "name": "Great Hall\r\nof the People", "city": "Beijing\r"})
    services.update_event(
        app_store,
        SLUG,
        "cn2018-press",
        title="Press\r\nstatements",
        description="First\r\nSecond\rThird",
        categories=("Press\r\npool",),
        outcomes=(Outcome("Joint\r\nstatement", "politics\r\nand trade"),),
    )
    for calendar in _every_feed(client, app_store):
        press = [e for e in calendar.events if str(e["UID"]).startswith("cn2018-press@")]
        assert [str(e["SUMMARY"]) for e in press] in ([], ["Press\nstatements"])
        for event in press:
            assert str(event["X-ITINERARY-DESCRIPTION"]) == "First\nSecond\nThird"
            assert [str(c) for c in event.categories][1:] == ["Press\npool"]
            assert ical._param(event["X-ITINERARY-OUTCOME"].params, "X-AREA") == "politics\r\nand trade"


def test_event_feed_uid_with_quote_content_disposition_stays_quoted(client, app_store):
    uid = 'press";filename="evil.exe'  # a UID may hold quotes and semicolons (printable ASCII)
    make_event(app_store, SLUG, uid=uid, title="Press", **when("2018-06-08 17:00", "18:00"))
    response = client.get(f"{CHINA}/events/{quote(uid)}.ics")
    _clean(response)
    header = response.headers["Content-Disposition"]
    fallback = 'inline; filename="press__filename__evil.exe.ics"'
    assert header == fallback + "; filename*=UTF-8''press%22%3Bfilename%3D%22evil.exe.ics"
    kind, options = parse_options_header(header)
    assert (kind, options["filename"]) == ("inline", f"{uid}.ics")


@pytest.mark.parametrize(
    ("filename", "header"),
    [
        ("china-state-visit-2018.ics", 'inline; filename="china-state-visit-2018.ics"'),
        ("a\\b.ics", "inline; filename=\"a_b.ics\"; filename*=UTF-8''a%5Cb.ics"),
        (
            "a\r\nSet-Cookie: x.ics",
            "inline; filename=\"a__Set-Cookie__x.ics\"; filename*=UTF-8''a%0D%0ASet-Cookie%3A%20x.ics",
        ),
        ("визит.ics", "inline; filename=\"_____.ics\"; filename*=UTF-8''%D0%B2%D0%B8%D0%B7%D0%B8%D1%82.ics"),
    ],
)
def test_content_disposition_never_carries_a_raw_quote_or_line_break(filename, header):
    assert content_disposition(filename) == header
    assert all(32 <= ord(c) < 127 for c in header)
