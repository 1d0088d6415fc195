"""Text in feeds: line breaks of every kind, in every property and parameter, read back exactly.

RFC 5545 TEXT has one line break, written ``\\n``: a CRLF (what a textarea sends) or a lone CR in
stored text becomes a line feed in every TEXT property. Parameter values cannot hold a line break
at all; ours carry it percent-encoded, losslessly (``%0D``, ``%0A``), and our import decodes it.
"""

from __future__ import annotations

from datetime import UTC, datetime

import icalendar
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ical.calendar_stream import IcsCalendarStream

from itinerary import feeds, ical, services
from itinerary.model import (
    MAX_NAME,
    Event,
    Itinerary,
    Kind,
    Outcome,
    Override,
    Participant,
    Timed,
    Venue,
)
from tests.conftest import make_event, put_venue
from tests.rfc5545 import unescape

SETTINGS = ical.FeedSettings(uid_domain="itinerary.test", base_url="https://itinerary.test")
NOW = datetime(2018, 1, 3, tzinfo=UTC)
START = Timed.of(datetime(2018, 6, 8, 10), datetime(2018, 6, 8, 11), "Asia/Shanghai")


def as_text(value: str) -> str:
    """What a TEXT property carries for stored text: each CRLF, then each lone CR, becomes a line feed."""
    return value.replace("\r\n", "\n").replace("\r", "\n")


def _lines_are_clean(body: bytes) -> None:
    assert body.endswith(b"\r\n")
    assert all(b"\r" not in line and b"\n" not in line for line in body.split(b"\r\n"))


def _calendar(itinerary: Itinerary, events: list[Event], name: str | None = None) -> bytes:
    calendar = ical.build_calendar(itinerary, events, now=NOW, settings=SETTINGS, name=name, include_restricted=True)
    body = ical.to_ics(calendar)
    _lines_are_clean(body)
    return body


def test_itinerary_summary_with_crlf_calendar_serializes():
    itinerary = Itinerary(slug="t", title="Visit", timezone="Asia/Shanghai", summary="Day one.\r\nDay two.\r\n\r\nEnd")
    calendar = icalendar.Calendar.from_ical(_calendar(itinerary, []))
    assert unescape(str(calendar["X-WR-CALDESC"])) == "Day one.\nDay two.\n\nEnd"
    assert str(calendar["DESCRIPTION"]) == "Day one.\nDay two.\n\nEnd"


def test_itinerary_title_with_lone_cr_reaches_name_escaped_not_raw():
    itinerary = Itinerary(slug="t", title="Visit\rto China", timezone="Asia/Shanghai", summary="A\rB")
    body = _calendar(itinerary, [])
    assert b"NAME:Visit\\nto China\r\n" in body
    assert b"X-WR-CALNAME:Visit\\nto China\r\n" in body
    assert b"X-WR-CALDESC:A\\nB\r\n" in body
    strict = IcsCalendarStream.calendar_from_ics(body.decode())
    assert strict.name == ["Visit\nto China"]
    assert strict.description == ["A\nB"]


def test_itinerary_title_with_comma_is_escaped_text_in_every_name():
    itinerary = Itinerary(slug="t", title="Visit, 2018; part\\one", timezone="Asia/Shanghai")
    calendar = icalendar.Calendar.from_ical(_calendar(itinerary, []))
    assert {unescape(str(calendar[key])) for key in ("NAME", "X-WR-CALNAME")} == {"Visit, 2018; part\\one"}


def test_participant_name_with_line_break_parameter_round_trips_exactly():
    itinerary = Itinerary(slug="t", title="Visit", timezone="Asia/Shanghai")
    person = Participant("anna", "Anna\r\nExample", "Chief\rof protocol", "Germany\n(host)")
    venue = Venue("hall", "Great\r\nHall", "Bei\rjing", "China\n", "Asia/Shanghai", 39.9, 116.4)
    event = Event(
        uid="e",
        itinerary="t",
        title="Talks",
        timing=START,
        venue=venue,
        participants=(person,),
        outcomes=(Outcome("Joint\r\nstatement", "trade\renergy"),),
    )
    body = _calendar(itinerary, [event], name=f"Visit: {person.name}")
    assert b"X-NAME=Anna%0D%0AExample" in body.replace(b"\r\n ", b"")  # unfolded
    imported = ical.parse_ics(body, home_zone="Asia/Shanghai", uid_domain="itinerary.test").events[0]
    assert imported.participants == (person,)
    assert imported.venues == (venue,)
    assert imported.fields["outcomes"] == (Outcome("Joint\nstatement", "trade\renergy"),)
    calendar = icalendar.Calendar.from_ical(body)
    assert unescape(str(calendar["NAME"])) == "Visit: Anna\nExample"


def test_parameters_written_before_line_breaks_were_encoded_still_import():
    # Feeds exported before this encoding carried the library's RFC 6868 caret form.
    body = _calendar(Itinerary(slug="t", title="Visit", timezone="Asia/Shanghai"), [])
    event = (
        b"BEGIN:VEVENT\r\nUID:e@itinerary.test\r\nDTSTAMP:20180103T000000Z\r\nSUMMARY:Talks\r\n"
        b"DTSTART;TZID=Asia/Shanghai:20180608T100000\r\nDTEND;TZID=Asia/Shanghai:20180608T110000\r\n"
        b"X-ITINERARY-KIND:talks\r\nX-ITINERARY-PARTICIPANT;X-NAME=Anna^nExample;X-ROLE=^'Chief^' 100%25:anna\r\n"
        b"END:VEVENT\r\n"
    )
    body = body.replace(b"END:VCALENDAR\r\n", event + b"END:VCALENDAR\r\n")
    imported = ical.parse_ics(body, home_zone="Asia/Shanghai", uid_domain="itinerary.test").events[0]
    assert imported.participants == (Participant("anna", "Anna\nExample", '"Chief" 100%'),)


def test_text_with_backslash_capital_n_is_kept_not_made_a_line_break():
    # The library's own escaping writes a stored backslash-N as RFC 5545's \\N, a line break.
    itinerary = Itinerary(slug="t", title="Share \\Nord", timezone="Asia/Shanghai", summary="C:\\New folder")
    event = Event(uid="e", itinerary="t", title="Files in C:\\New", timing=START, categories=("\\N",))
    body = _calendar(itinerary, [event])
    calendar = icalendar.Calendar.from_ical(body)
    assert (unescape(calendar["NAME"]), str(calendar["DESCRIPTION"])) == ("Share \\Nord", "C:\\New folder")
    assert str(calendar.events[0]["SUMMARY"]) == "Files in C:\\New"
    assert [str(c) for c in calendar.events[0].categories] == ["other", "\\N"]
    strict = IcsCalendarStream.calendar_from_ics(body.decode())
    assert (strict.name, strict.events[0].summary) == (["Share \\Nord"], "Files in C:\\New")


def test_override_title_with_crlf_is_escaped():
    itinerary = Itinerary(slug="t", title="Visit", timezone="Asia/Shanghai")
    series = Event(
        uid="daily",
        itinerary="t",
        title="Briefing",
        timing=START,
        rrule="FREQ=DAILY;COUNT=3",
        overrides=(Override(START.start.replace(day=9), title="Briefing\r\n(moved)"),),
    )
    events = icalendar.Calendar.from_ical(_calendar(itinerary, [series])).events
    assert [str(e["SUMMARY"]) for e in events] == ["Briefing", "Briefing\n(moved)"]


def test_every_event_text_with_line_breaks_in_the_stored_feed(store, clock):
    services.create_itinerary(
        store,
        slug="breaks",
        title="Visit\r\nto Berlin",
        timezone="Europe/Berlin",
        summary="Line one\r\nLine two\rthree",
    )
    put_venue(store, "hall", name="Hall\r\nNorth", latitude=52.5, longitude=13.4)
    services.put_participant(store, key="anna", name="Anna\r\nExample", role="Chief\nof protocol", delegation="DE\r")
    make_event(
        store,
        "breaks",
        uid="talks",
        title="Talks\r\n(narrow)",
        description="First\r\nSecond\rThird\nFourth",
        venue="hall",
        participants=("anna",),
        categories=("Bilateral\r\ntrack",),
        outcomes=(Outcome("Memorandum\r\non trade", "trade\r\nenergy"),),
    )
    for private in (False, True):
        body = feeds.itinerary_feed(store, "breaks", SETTINGS, private=private, cache=feeds.FeedCache()).body
        _lines_are_clean(body)
        event = icalendar.Calendar.from_ical(body).events[0]
        assert str(event["SUMMARY"]) == "Talks\n(narrow)"
        assert str(event["X-ITINERARY-DESCRIPTION"]) == "First\nSecond\nThird\nFourth"
        assert str(event["LOCATION"]) == "Hall\nNorth, Berlin"
        assert [str(c) for c in event.categories] == ["other", "Bilateral\ntrack"]
    filtered = feeds.itinerary_feed(store, "breaks", SETTINGS, feed_filter=feeds.FeedFilter(participant="anna")).body
    _lines_are_clean(filtered)
    assert unescape(str(icalendar.Calendar.from_ical(filtered)["NAME"])) == "Visit\nto Berlin: Anna\nExample"
    single = feeds.event_feed(store, "breaks", "talks", SETTINGS).body
    _lines_are_clean(single)


# Property: any text with line breaks, in any field, read back exactly by two strict parsers.

_BREAKS = st.sampled_from(["\r\n", "\r", "\n", "\r\r\n", "\n\r"])
_CHARS = st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from(
    [",", ";", ":", "\\", "\\N", '"', "^", "%", "%0A", "\t", " ", "会", "П", "🏒", "é", "\u2028"]
)
_TEXT = st.lists(_CHARS | _BREAKS, min_size=1, max_size=40).map("".join)


def _texts(most: int, *, no_commas: bool = False) -> st.SearchStrategy[str]:
    strategy = _TEXT.filter(lambda s: s.strip() and len(s) <= most)
    return strategy.filter(lambda s: "," not in s) if no_commas else strategy


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    itinerary_title=_texts(200),
    summary=_texts(400),
    title=_texts(200),
    description=_texts(400),
    place=st.tuples(_texts(MAX_NAME), _texts(MAX_NAME), _texts(MAX_NAME)),
    person=st.tuples(_texts(MAX_NAME), _texts(MAX_NAME), _texts(MAX_NAME)),
    category=_texts(MAX_NAME, no_commas=True),
    outcome=st.tuples(_texts(200), _texts(MAX_NAME)),
)
def test_text_with_line_breaks_reads_back_exactly(
    itinerary_title, summary, title, description, place, person, category, outcome
):
    itinerary = Itinerary(slug="p", title=itinerary_title, timezone="Asia/Shanghai", summary=summary)
    venue = Venue("v", *place, "Asia/Shanghai", 1.5, 2.5)
    participant = Participant("anna", *person)
    event = Event(
        uid="e",
        itinerary="p",
        title=title,
        timing=START,
        kind=Kind.TALKS,
        description=description,
        venue=venue,
        participants=(participant,),
        categories=(category,),
        outcomes=(Outcome(*outcome),),
    )
    name = f"{itinerary_title}: {participant.name}"
    body = _calendar(itinerary, [event], name=name)

    expected = {
        "name": as_text(name),
        "summary": as_text(summary),
        "title": as_text(title),
        "description": as_text(ical._description(event)),
        "plain description": as_text(description),
        "location": as_text(venue.place),
        "categories": [Kind.TALKS.label, as_text(category)],
        "outcome": as_text(outcome[0]),
    }
    loose = icalendar.Calendar.from_ical(body)
    read = loose.events[0]
    assert {
        "name": unescape(str(loose["NAME"])),
        "summary": unescape(str(loose["X-WR-CALDESC"])),
        "title": str(read["SUMMARY"]),
        "description": str(read["DESCRIPTION"]),
        "plain description": str(read["X-ITINERARY-DESCRIPTION"]),
        "location": str(read["LOCATION"]),
        "categories": [str(c) for c in read.categories],
        "outcome": str(read["X-ITINERARY-OUTCOME"]),
    } == expected
    assert unescape(str(loose["X-WR-CALNAME"])) == as_text(name)
    assert str(loose["DESCRIPTION"]) == as_text(summary)
    # Parameters come back exactly, line breaks of every kind included.
    assert [
        ical._param(read["X-ITINERARY-PARTICIPANT"].params, key) for key in ("X-NAME", "X-ROLE", "X-DELEGATION")
    ] == list(person)
    assert [ical._param(read["X-ITINERARY-VENUE"].params, key) for key in ("X-NAME", "X-CITY", "X-COUNTRY")] == list(
        place
    )
    assert ical._param(read["X-ITINERARY-OUTCOME"].params, "X-AREA") == outcome[1]

    strict = IcsCalendarStream.calendar_from_ics(body.decode())
    extras = {p.name: p for p in strict.extras}
    event_extras = {p.name: p for p in strict.events[0].extras}
    strict_event = strict.events[0]
    assert {
        "name": strict.name[0],
        "summary": strict.description[0],
        "title": strict_event.summary,
        "description": strict_event.description,
        "plain description": unescape(event_extras["x-itinerary-description"].value),
        "location": strict_event.location,
        "categories": strict_event.categories,
        "outcome": unescape(event_extras["x-itinerary-outcome"].value),
    } == expected
    assert unescape(extras["x-wr-calname"].value) == as_text(name)
    assert unescape(extras["x-wr-caldesc"].value) == as_text(summary)
    participant_params = {p.name: p.values[0] for p in event_extras["x-itinerary-participant"].params}
    assert [ical._param(participant_params, key) for key in ("X-NAME", "X-ROLE", "X-DELEGATION")] == list(person)


@pytest.mark.parametrize(
    "value", ["a\r\nb", "a\rb", "a\nb", "\r\n\r\n", "%0A\r", "50% \\ 50%", 'say "hi"^', " a\t", "\u2028a\u2028", "é 会"]
)
def test_params_decode_what_they_encode(value):
    assert ical._param(ical._params({"X-NAME": value}), "X-NAME") == value
    event = icalendar.Event()
    event.add("X-ITINERARY-PARTICIPANT", "anna", parameters=ical._params({"X-NAME": value}))
    parsed = icalendar.Event.from_ical(event.to_ical())
    assert ical._param(parsed["X-ITINERARY-PARTICIPANT"].params, "X-NAME") == value
