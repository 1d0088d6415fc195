"""The export: every field a client needs, parsed back by two independent parsers."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
from ical.calendar_stream import IcsCalendarStream

from itinerary import feeds, ical, imports, services
from tests.conftest import make_event, restrict_lunch
from tests.rfc5545 import unescape

SETTINGS = ical.FeedSettings(uid_domain="itinerary.test", base_url="https://itinerary.test", ttl=timedelta(hours=1))
SLUG = "china-state-visit-2018"


def _feed(store, slug=SLUG, *, private=False) -> bytes:
    return feeds.itinerary_feed(store, slug, SETTINGS, private=private).body


def _events(body: bytes) -> dict[str, icalendar.Event]:
    return {str(e["UID"]): e for e in icalendar.Calendar.from_ical(body).events}


def test_calendar_properties(seeded):
    calendar = icalendar.Calendar.from_ical(_feed(seeded))
    assert calendar["VERSION"] == "2.0"
    assert calendar["PRODID"] == ical.PRODID
    assert (calendar["CALSCALE"], calendar["METHOD"]) == ("GREGORIAN", "PUBLISH")
    # TEXT, escaped (the library reads NAME and X- properties without unescaping them).
    assert calendar["NAME"] == calendar["X-WR-CALNAME"] == "State visit to China and the SCO summit\\, June 2018"
    assert unescape(calendar["NAME"]) == "State visit to China and the SCO summit, June 2018"
    assert calendar["DESCRIPTION"] == unescape(calendar["X-WR-CALDESC"])
    assert calendar["DESCRIPTION"].startswith("Vladimir Putin's state visit to China")
    assert calendar["REFRESH-INTERVAL"].dt == timedelta(hours=1)
    assert calendar["REFRESH-INTERVAL"].params["VALUE"] == "DURATION"
    assert calendar["X-PUBLISHED-TTL"].to_ical() == b"PT1H"


def test_every_used_zone_has_its_vtimezone(seeded):
    for slug in (SLUG, "russia-china-contacts-2017-2018"):
        calendar = icalendar.Calendar.from_ical(_feed(seeded, slug, private=True))
        used = calendar.get_used_tzids()
        assert used
        assert used <= {str(tz["TZID"]) for tz in calendar.timezones}
        assert calendar.get_missing_tzids() == set()
    contacts = icalendar.Calendar.from_ical(_feed(seeded, "russia-china-contacts-2017-2018"))
    assert contacts.get_used_tzids() == {"Asia/Ho_Chi_Minh", "Europe/Moscow", "Asia/Almaty"}


def test_lines_are_crlf_and_at_most_75_octets(seeded):
    body = _feed(seeded, private=True)
    assert body.endswith(b"\r\n")
    lines = body.split(b"\r\n")
    assert all(b"\n" not in line and b"\r" not in line for line in lines)
    assert max(len(line) for line in lines) <= 75


def test_strict_parser_reads_every_feed(seeded):
    for slug in (SLUG, "russia-china-contacts-2017-2018"):
        for private in (False, True):
            calendar = IcsCalendarStream.calendar_from_ics(_feed(seeded, slug, private=private).decode())
            expected = len(services.list_events(seeded, slug, include_restricted=private))
            assert len(calendar.events) == expected
    strict = IcsCalendarStream.calendar_from_ics(_feed(seeded).decode())
    hockey = next(e for e in strict.events if e.uid == "cn2018-hockey-tianjin@itinerary.test")
    assert hockey.dtstart == datetime(2018, 6, 8, 15, tzinfo=ZoneInfo("Asia/Shanghai"))
    assert hockey.dtstart.astimezone(UTC) == datetime(2018, 6, 8, 7, tzinfo=UTC)


def test_hockey_match_at_the_right_instant(seeded):
    hockey = _events(_feed(seeded))["cn2018-hockey-tianjin@itinerary.test"]
    assert hockey.start == datetime(2018, 6, 8, 15, tzinfo=ZoneInfo("Asia/Shanghai"))
    assert hockey.start.astimezone(UTC) == datetime(2018, 6, 8, 7, 0, tzinfo=UTC)
    assert hockey["DTSTART"].params["TZID"] == "Asia/Shanghai"
    assert hockey.end.astimezone(UTC) == datetime(2018, 6, 8, 8, 30, tzinfo=UTC)


def test_sco_summit_is_an_all_day_range_with_exclusive_end(seeded):
    summit = _events(_feed(seeded))["sco2018-summit@itinerary.test"]
    assert (summit.start, summit.end) == (date(2018, 6, 9), date(2018, 6, 11))
    assert summit["DTSTART"].to_ical() == b"20180609"
    assert summit["DTSTART"].params["VALUE"] == "DATE"
    session = _events(_feed(seeded))["sco2018-restricted-session@itinerary.test"]
    assert str(session["RELATED-TO"]) == "sco2018-summit@itinerary.test"
    assert session["RELATED-TO"].params["RELTYPE"] == "PARENT"


def test_narrow_lunch_only_in_private_feed(seeded):
    restrict_lunch(seeded)  # the lunch as a plainly restricted event (the seed makes it busy for the public)
    public = _events(_feed(seeded))
    private = _events(_feed(seeded, private=True))
    assert "cn2018-lunch-narrow@itinerary.test" not in public
    lunch = private["cn2018-lunch-narrow@itinerary.test"]
    assert lunch["CLASS"] == "CONFIDENTIAL"
    assert set(private) - set(public) == {"cn2018-lunch-narrow@itinerary.test"}
    assert {str(e["CLASS"]) for e in public.values()} == {"PUBLIC"}


def test_event_fields(seeded):
    signing = _events(_feed(seeded))["cn2018-signing@itinerary.test"]
    stored = services.get_event(seeded, SLUG, "cn2018-signing")
    assert signing["SUMMARY"] == "Signing of documents and adoption of joint statements"
    assert signing["SEQUENCE"] == 0
    assert signing["STATUS"] == "CONFIRMED"
    assert signing["DTSTAMP"].dt == services.get_itinerary(seeded, SLUG).public_changed
    assert signing["CREATED"].dt == stored.created
    assert signing["LAST-MODIFIED"].dt == stored.updated
    assert signing["LOCATION"] == "Great Hall of the People, Beijing"
    assert (signing["GEO"].latitude, signing["GEO"].longitude) == (39.9033, 116.3874)
    assert signing.categories == ["ceremony", "state visit"]
    assert signing["URL"] == "https://itinerary.test/itineraries/china-state-visit-2018/events/cn2018-signing"
    assert str(signing["DESCRIPTION"]).split("\n") == [
        "A substantial package of documents is signed, and joint statements are adopted to seal guidelines for "
        "practical cooperation and interaction in international affairs.",
        "",
        "Participants: Vladimir Putin (President of Russia, Russia); Xi Jinping (President of China, China)",
        # Each title names its area: said once, as on the event page.
        "Outcomes: Documents on cooperation in trade; Documents on cooperation in energy; Documents on cooperation "
        "in outer space; Documents on intellectual property protection; Joint statements on practical cooperation "
        "and international affairs",
    ]


def test_travel_leg_shows_both_places(seeded):
    train = _events(_feed(seeded))["cn2018-train-tianjin@itinerary.test"]
    assert train["LOCATION"] == "Beijing South Railway Station → Tianjin Railway Station"
    assert "From: Beijing South Railway Station\nTo: Tianjin Railway Station\n" in train["DESCRIPTION"]


def test_travel_leg_may_end_in_another_zone(store, trip):
    make_event(
        store,
        trip,
        uid="flight",
        kind="travel",
        title="Flight",
        venue="vnukovo",
        destination="chancellery",
        start=datetime(2018, 6, 8, 10),
        end=datetime(2018, 6, 8, 11, 30),
    )
    flight = _events(_feed(store, trip))["flight@itinerary.test"]
    assert flight["DTSTART"].params["TZID"] == "Europe/Moscow"
    assert flight["DTEND"].params["TZID"] == "Europe/Berlin"
    assert flight.end - flight.start == timedelta(hours=2, minutes=30)


def test_recurrence_and_exdates(store, trip):
    make_event(
        store,
        trip,
        uid="briefing",
        title="Briefing",
        start=datetime(2018, 3, 23, 9),
        end=datetime(2018, 3, 23, 9, 30),
        rrule="FREQ=DAILY;COUNT=5",
        exdates=(date(2018, 3, 25),),
    )
    briefing = _events(_feed(store, trip))["briefing@itinerary.test"]
    assert briefing["RRULE"].to_ical() == b"FREQ=DAILY;COUNT=5"
    assert briefing["EXDATE"].to_ical() == b"20180325T090000"
    assert briefing["EXDATE"].params["TZID"] == "Europe/Berlin"


def test_cancelling_bumps_sequence_and_keeps_the_event(seeded, clock):
    clock.now += timedelta(days=1)
    services.cancel_event(seeded, SLUG, "cn2018-press")
    press = _events(_feed(seeded))["cn2018-press@itinerary.test"]
    assert (press["STATUS"], press["SEQUENCE"]) == ("CANCELLED", 1)
    assert press["LAST-MODIFIED"].dt == clock.now


def test_editing_bumps_sequence_and_last_modified_uid_stays(seeded, clock):
    clock.now += timedelta(hours=5)
    services.update_event(
        seeded, SLUG, "cn2018-hockey-tianjin", start=datetime(2018, 6, 8, 15, 10), end=datetime(2018, 6, 8, 16, 40)
    )
    clock.now += timedelta(hours=1)
    services.update_event(seeded, SLUG, "cn2018-hockey-tianjin", title="Junior hockey match")
    hockey = _events(_feed(seeded))["cn2018-hockey-tianjin@itinerary.test"]
    assert (hockey["SUMMARY"], hockey["SEQUENCE"], hockey["LAST-MODIFIED"].dt) == ("Junior hockey match", 2, clock.now)
    assert hockey["CREATED"].dt == services.get_event(seeded, SLUG, "cn2018-press").created


def test_deleted_event_disappears(seeded):
    services.delete_event(seeded, SLUG, "cn2018-press")
    assert "cn2018-press@itinerary.test" not in _events(_feed(seeded))


def test_same_state_gives_the_same_bytes(seeded):
    assert _feed(seeded) == _feed(seeded)


@pytest.mark.parametrize("private", [False, True])
def test_round_trip_export_import_export(seeded, clock, private):
    restrict_lunch(seeded)  # the lunch as a plainly restricted event (the seed makes it busy for the public)
    from itinerary.storage import Store

    first = _feed(seeded, private=private)
    itinerary = services.get_itinerary(seeded, SLUG)
    target = Store("sqlite://", clock=clock)
    target.create_schema()
    services.create_itinerary(
        target, slug=SLUG, title=itinerary.title, timezone=itinerary.timezone, summary=itinerary.summary
    )
    report = imports.import_ics(target, SLUG, first, uid_domain=SETTINGS.uid_domain)
    assert (report.created, report.updated, report.notes) == (11 + private, 0, ())
    again = _feed(target, private=private)

    def without_stamp(body: bytes) -> list[bytes]:
        return [line for line in body.split(b"\r\n") if not line.startswith(b"DTSTAMP:")]

    assert without_stamp(again) == without_stamp(first)
    assert services.list_events(target, SLUG) == services.list_events(seeded, SLUG, include_restricted=private)
    target.dispose()


@pytest.mark.parametrize("length", [0, 1, 50, 69, 70, 71, 72, 73, 74, 75, 143, 144, 145, 146, 300])
def test_url_line_folds_as_the_library_at_every_length(length):
    from icalendar.parser import Contentline

    from itinerary.ical import blocks

    for base in ("http://127.0.0.1:8000", "https://été.example", "http://a^b.example", "http://a\\b.example"):
        path = ("/" + "p" * length).encode()
        url = base + path.decode()
        line = Contentline.from_parts("URL", icalendar.Parameters(), icalendar.vUri(url), sorted=True)
        assert blocks.url_line(base, path) == b"\r\n" + line.to_ical() + b"\r\n"
