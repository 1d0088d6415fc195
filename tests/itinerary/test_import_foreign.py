"""Import of what other calendars export: each file in the forms Google, Outlook, Apple, Thunderbird and
CalDAV servers write gives exactly the occurrences listed here, and each import defect of issues 11 and 12
has a regression test named for it."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
from sqlalchemy import event as sa_event

from itinerary import feeds, ical, imports, occurrences, services
from itinerary.imports import ImportRefused
from itinerary.storage import Store

DATA = Path(__file__).parent / "data"
SETTINGS = ical.FeedSettings(uid_domain="itinerary.test", base_url="https://itinerary.test")
HOME = "Asia/Shanghai"  # no clock changes, and far from every zone in the files: re-anchoring would show
WINDOW = (datetime(2018, 1, 1, tzinfo=UTC), datetime(2027, 1, 1, tzinfo=UTC))


def _z(text: str) -> datetime:
    """A UTC instant written as ``2025-03-20 08:00``."""
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=UTC)


def _span(start: str, end: str) -> tuple[datetime, datetime]:
    return _z(start), _z(end)


# For each file: title -> every occurrence (UTC start, UTC end) in WINDOW, in order.
EXPECTED = {
    "google-weekly.ics": {
        "Weekly planning": [  # Europe/Berlin, across the clock change of 30 March
            _span("2025-03-20 08:00", "2025-03-20 09:00"),
            _span("2025-03-27 08:00", "2025-03-27 09:00"),
            _span("2025-04-03 07:00", "2025-04-03 08:00"),
            _span("2025-04-10 07:00", "2025-04-10 08:00"),
        ],
        "Deadline: papers in": [_span("2025-04-01 12:00", "2025-04-01 12:00")],  # zero length: a moment
        "Stand-up (UTC)": [
            _span("2025-03-24 15:00", "2025-03-24 15:30"),
            _span("2025-03-25 15:00", "2025-03-25 15:30"),
            _span("2025-03-26 15:00", "2025-03-26 15:30"),
        ],
        "Open day": [_span("2025-04-04 16:00", "2025-04-05 16:00")],  # a date, in the itinerary's zone
    },
    "outlook-pacific.ics": {
        "Seattle sync": [  # Pacific Standard Time = America/Los_Angeles; DST from 9 March
            _span("2025-03-03 17:00", "2025-03-03 17:30"),
            _span("2025-03-10 16:00", "2025-03-10 16:30"),
            _span("2025-03-17 16:00", "2025-03-17 16:30"),
        ],
        "Trade fair": [  # all-day series ended by a UTC DATE-TIME
            _span("2025-03-09 16:00", "2025-03-10 16:00"),
            _span("2025-03-10 16:00", "2025-03-11 16:00"),
            _span("2025-03-11 16:00", "2025-03-12 16:00"),
        ],
        "Arrival of the delegation": [_span("2025-03-14 15:00", "2025-03-14 15:00")],  # no DTEND
    },
    "outlook-custom-zones.ics": {
        "Talks at the ministry": [_span("2025-06-12 07:00", "2025-06-12 08:30")],
        "Board call": [  # Outlook's "(UTC+01:00) Amsterdam, Berlin…": the clocks go back on 26 October
            _span("2025-10-20 16:00", "2025-10-20 17:00"),
            _span("2025-10-27 17:00", "2025-10-27 18:00"),
            _span("2025-11-03 17:00", "2025-11-03 18:00"),
        ],
        "Signal window": [_span("2025-07-01 10:23", "2025-07-01 11:23")],  # +01:37: no IANA zone
    },
    "outlook-moscow.ics": {
        "Briefing of the delegation": [_span("2018-06-07 07:00", "2018-06-07 08:00")],
        "Call with the embassy": [_span("2018-06-07 06:00", "2018-06-07 06:30")],
        "Rehearsal": [_span("2018-06-07 10:00", "2018-06-07 11:00")],  # floating, placed in Asia/Shanghai
        "Forum days": [_span("2018-05-23 16:00", "2018-05-26 16:00")],
        "Weekly planning": [
            _span("2018-03-05 08:00", "2018-03-05 08:30"),
            _span("2018-03-12 08:00", "2018-03-12 08:30"),
            _span("2018-03-26 07:00", "2018-03-26 07:30"),
            _span("2018-04-02 07:00", "2018-04-02 07:30"),
            _span("2018-04-09 07:00", "2018-04-09 07:30"),
        ],
    },
    "apple-london.ics": {
        "Morning briefing": [_span("2025-10-24 07:30", "2025-10-24 08:00")],
        "Morning briefing (late start)": [_span("2025-10-25 09:00", "2025-10-25 09:30")],  # RECURRENCE-ID
        "Morning briefing ": [  # (after the clocks go back on 26 October)
            _span("2025-10-26 08:30", "2025-10-26 09:00"),
            _span("2025-10-27 08:30", "2025-10-27 09:00"),
        ],
        "State visit": [_span("2025-10-26 16:00", "2025-10-28 16:00")],
    },
    "thunderbird-berlin.ics": {
        "Club evening": [
            _span("2025-01-15 18:00", "2025-01-15 19:00"),
            _span("2025-03-15 18:00", "2025-03-15 19:00"),
            _span("2025-04-15 17:00", "2025-04-15 18:00"),
        ],
        "Breakfast at the hotel": [_span("2025-03-01 00:00", "2025-03-01 01:00")],
    },
    "caldav-rdates.ics": {
        "Language course": [
            _span("2025-03-10 13:00", "2025-03-10 14:00"),
            _span("2025-03-24 13:00", "2025-03-24 14:00"),
            _span("2025-04-02 12:00", "2025-04-02 13:00"),  # RDATE: two values on one line
            _span("2025-04-09 12:00", "2025-04-09 13:00"),
            _span("2025-04-16 14:00", "2025-04-16 15:00"),  # RDATE: a line of its own, another time
            _span("2025-04-30 10:00", "2025-04-30 12:00"),  # RDATE;VALUE=PERIOD, two hours long
        ],
        "Exam days": [  # RDATE-only series of dates
            _span("2025-05-04 16:00", "2025-05-05 16:00"),
            _span("2025-05-06 16:00", "2025-05-07 16:00"),
            _span("2025-05-08 16:00", "2025-05-09 16:00"),
        ],
    },
}


@pytest.fixture
def home(store):
    services.create_itinerary(store, slug="home", title="Imports", timezone=HOME)
    return "home"


def _occurrences(store, slug) -> dict[str, list[tuple[datetime, datetime]]]:
    found: dict[str, list[tuple[datetime, datetime]]] = {}
    for occurrence in services.list_occurrences(store, slug, since=WINDOW[0], until=WINDOW[1]):
        found.setdefault(occurrence.event.title, []).append(occurrence.timing.instants())
    return found


def _expected(name: str) -> dict[str, list[tuple[datetime, datetime]]]:
    # The trailing space only keeps two groups of one series apart in the table above.
    merged: dict[str, list] = {}
    for title, spans in EXPECTED[name].items():
        merged.setdefault(title.rstrip(), []).extend(spans)
    return {title: sorted(spans) for title, spans in merged.items()}


def test_every_foreign_file_has_its_expected_occurrences():
    assert sorted(p.name for p in DATA.glob("*.ics")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_foreign_file_gives_its_occurrences(store, home, name):
    imports.import_ics(store, home, (DATA / name).read_bytes(), uid_domain=SETTINGS.uid_domain)
    assert {t: sorted(s) for t, s in _occurrences(store, home).items()} == _expected(name)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_foreign_file_round_trips_through_our_feed(store, home, name):
    imports.import_ics(store, home, (DATA / name).read_bytes(), uid_domain=SETTINGS.uid_domain)
    body = feeds.itinerary_feed(store, home, SETTINGS, private=True).body
    other = Store("sqlite://", clock=store.clock)
    other.create_schema()
    services.create_itinerary(other, slug=home, title="Imports", timezone=HOME)
    imports.import_ics(other, home, body, uid_domain=SETTINGS.uid_domain)
    assert _occurrences(other, home) == _occurrences(store, home)
    assert feeds.itinerary_feed(other, home, SETTINGS, private=True).body == body
    other.dispose()


# Regression tests, one per defect (issue 11, import; issue 12, import items)


def test_windows_zone_series_is_not_reanchored_in_the_home_zone(store, home):
    report = imports.import_ics(store, home, (DATA / "outlook-pacific.ics").read_bytes())
    sync = next(e for e in services.list_events(store, home) if e.title == "Seattle sync")
    assert (sync.timing.timezone, sync.timing.start.hour) == ("America/Los_Angeles", 9)
    assert "'Seattle sync': Windows zone 'Pacific Standard Time' read as America/Los_Angeles" in report.notes
    assert not any("shown in" in note for note in report.notes)


def test_utc_series_stays_a_utc_series(store, home):
    imports.import_ics(store, home, (DATA / "google-weekly.ics").read_bytes())
    standup = next(e for e in services.list_events(store, home) if e.title == "Stand-up (UTC)")
    assert (standup.timing.timezone, standup.rrule) == ("UTC", "FREQ=DAILY;COUNT=3")


def test_custom_vtimezone_maps_to_an_iana_zone_with_the_same_offsets(store, home):
    report = imports.import_ics(store, home, (DATA / "outlook-custom-zones.ics").read_bytes())
    zones = {e.title: e.timing.timezone for e in services.list_events(store, home)}
    assert zones == {"Talks at the ministry": "Europe/Moscow", "Board call": "Europe/Amsterdam", "Signal window": "UTC"}
    assert "'Signal window': zone 'Lunar Base Time' from the file matches no IANA zone; kept as UTC instants" in (
        report.notes
    )


def test_rdate_is_not_dropped_silently(store, home):
    imports.import_ics(store, home, (DATA / "caldav-rdates.ics").read_bytes())
    course = next(e for e in services.list_events(store, home) if e.title == "Language course")
    berlin = ZoneInfo("Europe/Berlin")
    assert course.rdates == (
        datetime(2025, 4, 2, 14, tzinfo=berlin),
        datetime(2025, 4, 9, 14, tzinfo=berlin),
        datetime(2025, 4, 16, 16, tzinfo=berlin),
        datetime(2025, 4, 30, 12, tzinfo=berlin),
    )
    assert len(occurrences.expand(course, since=WINDOW[0], until=WINDOW[1])) == 6


def test_rdate_is_exported_one_value_per_line(store, home):
    imports.import_ics(store, home, (DATA / "caldav-rdates.ics").read_bytes())
    body = feeds.itinerary_feed(store, home, SETTINGS).body
    events = body.decode().partition("BEGIN:VEVENT")[2]
    lines = [line for line in events.split("\r\n") if line.startswith("RDATE")]
    assert lines == [
        "RDATE;TZID=Europe/Berlin:20250402T140000",
        "RDATE;TZID=Europe/Berlin:20250409T140000",
        "RDATE;TZID=Europe/Berlin:20250416T160000",
        "RDATE;TZID=Europe/Berlin:20250430T120000",
        "RDATE;VALUE=DATE:20250505",  # the start again: ical.js and ical list it only so (no RRULE)
        "RDATE;VALUE=DATE:20250507",
        "RDATE;VALUE=DATE:20250509",
    ]
    exams = [c for c in icalendar.Calendar.from_ical(body).walk("VEVENT") if c["SUMMARY"] == "Exam days"]
    assert "RRULE" not in exams[0]  # an RDATE-only event is a series without a rule
    stored = next(e for e in services.list_events(store, home) if e.title == "Exam days")
    assert stored.rdates == (date(2025, 5, 7), date(2025, 5, 9))  # the start is not stored as an extra date


def test_zero_length_google_event_is_imported(store, home):
    imports.import_ics(store, home, (DATA / "google-weekly.ics").read_bytes())
    deadline = next(e for e in services.list_events(store, home) if e.title == "Deadline: papers in")
    assert deadline.timing.start == deadline.timing.end == datetime(2025, 4, 1, 12, tzinfo=ZoneInfo("UTC"))


def _calendar(*events: str) -> bytes:
    return ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\n" + "".join(events) + "END:VCALENDAR\r\n").encode()


def _event(uid: str, summary: str, *lines: str) -> str:
    body = "".join(f"{line}\r\n" for line in lines)
    return f"BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTAMP:20250101T000000Z\r\nSUMMARY:{summary}\r\n{body}END:VEVENT\r\n"


def test_event_without_dtend_ends_at_its_start_and_a_date_the_next_day(store, home):
    data = _calendar(
        _event("moment", "Arrival", "DTSTART;TZID=Europe/Paris:20250601T101500"),
        _event("day", "Holiday", "DTSTART;VALUE=DATE:20250602"),
        _event("long", "Workshop", "DTSTART;TZID=Europe/Paris:20250603T090000", "DURATION:PT2H30M"),
    )
    imports.import_ics(store, home, data)
    assert _occurrences(store, home) == {
        "Arrival": [_span("2025-06-01 08:15", "2025-06-01 08:15")],
        "Holiday": [_span("2025-06-01 16:00", "2025-06-02 16:00")],
        "Workshop": [_span("2025-06-03 07:00", "2025-06-03 09:30")],
    }


def test_outlook_all_day_series_with_utc_until_is_accepted(store, home):
    report = imports.import_ics(store, home, (DATA / "outlook-pacific.ics").read_bytes())
    fair = next(e for e in services.list_events(store, home) if e.title == "Trade fair")
    assert fair.rrule == "FREQ=DAILY;UNTIL=20250312;INTERVAL=1"
    assert "'Trade fair': the series' end (UNTIL) read as the date 2025-03-12" in report.notes


def test_relative_url_is_dropped_with_a_note_not_the_whole_file(store, home):
    report = imports.import_ics(store, home, (DATA / "caldav-rdates.ics").read_bytes())
    assert report.created == 2
    assert (
        "'Language course': dropped URL '/remote.php/dav/calendars/anna/personal/b7c1e0d2.ics' "
        "(not an absolute http(s) address)"
    ) in report.notes


def test_todos_and_journals_are_counted_as_skipped(store, home):
    report = imports.import_ics(store, home, (DATA / "caldav-rdates.ics").read_bytes())
    assert str(report) == "2 created, 0 updated, 0 unchanged, 1 to-do skipped, 1 journal skipped"


def test_alarms_and_vendor_properties_are_dropped_with_a_note(store, home):
    report = imports.import_ics(store, home, (DATA / "apple-london.ics").read_bytes())
    assert report.notes == (
        "'Morning briefing': dropped X-APPLE-TRAVEL-ADVISORY-BEHAVIOR, X-APPLE-STRUCTURED-LOCATION, an alarm (VALARM)",
        "'State visit': dropped TRANSP, X-APPLE-TRAVEL-ADVISORY-BEHAVIOR",
    )


def test_foreign_uid_without_at_stays_exactly_as_written(store, home):
    imports.import_ics(store, home, (DATA / "outlook-pacific.ics").read_bytes())
    body = feeds.itinerary_feed(store, home, SETTINGS).body
    uids = sorted(str(c["UID"]) for c in icalendar.Calendar.from_ical(body).walk("VEVENT"))
    written = icalendar.Calendar.from_ical((DATA / "outlook-pacific.ics").read_bytes()).walk("VEVENT")
    assert uids == sorted(str(c["UID"]) for c in written)
    assert not any(uid.endswith("@itinerary.test") for uid in uids)


def test_our_own_uids_keep_our_domain(store, home):
    services.create_event(
        store, home, uid="talks", title="Talks", start=datetime(2025, 1, 1, 10), end=datetime(2025, 1, 1, 11)
    )
    body = feeds.itinerary_feed(store, home, SETTINGS).body
    assert [str(c["UID"]) for c in icalendar.Calendar.from_ical(body).walk("VEVENT")] == ["talks@itinerary.test"]


def test_event_links_percent_encode_the_uid(store, home):
    imports.import_ics(store, home, _calendar(_event("a%b?c#d", "Odd", "DTSTART:20250101T100000Z")))
    event = services.get_event(store, home, "a%b?c#d")
    assert ical.event_url(event, SETTINGS) == "https://itinerary.test/itineraries/home/events/a%25b%3Fc%23d"


def test_duplicate_uids_are_refused_by_uid_and_summary(store, home):
    data = _calendar(
        _event("twice@example.org", "First", "DTSTART:20250101T100000Z"),
        _event("twice@example.org", "Second", "DTSTART:20250102T100000Z"),
        _event("fine@example.org", "Fine", "DTSTART:20250103T100000Z"),
    )
    with pytest.raises(ImportRefused) as caught:
        imports.import_ics(store, home, data)
    message = (
        "2 events in the file have the UID twice@example.org ('First' at line 4, 'Second' at line 10); "
        "rename all but one"
    )
    assert [str(p) for p in caught.value.problems] == [
        f"line 4: event twice@example.org ('First'): uid: {message}",
        f"line 10: event twice@example.org ('Second'): uid: {message}",
    ]
    assert caught.value.accepted == 1
    assert services.list_events(store, home) == []


def test_sequence_outside_the_32_bit_range_is_refused_by_name(store, home):
    data = _calendar(_event("big@example.org", "Too new", "DTSTART:20250101T100000Z", "SEQUENCE:2147483648"))
    with pytest.raises(ImportRefused) as caught:
        imports.import_ics(store, home, data)
    assert [str(p) for p in caught.value.problems] == [
        "line 4: event big@example.org ('Too new'): sequence: 2147483648 is not a whole number from 0 to 2147483647"
    ]
    assert services.list_events(store, home) == []


def test_one_upload_reports_every_problem_at_once(store, home):
    data = _calendar(
        _event("ok@example.org", "Fine", "DTSTART:20250101T100000Z"),
        _event("back@example.org", "Backwards", "DTSTART:20250101T100000Z", "DTEND:20250101T090000Z"),
        _event("mars@example.org", "On Mars", "DTSTART;TZID=Mars/Olympus:20250101T100000"),
        _event("old@example.org", "Too old", "DTSTART:18000101T100000Z"),
    )
    with pytest.raises(ImportRefused) as caught:
        imports.import_ics(store, home, data)
    assert [(p.uid, p.title, p.line, p.field) for p in caught.value.problems] == [
        ("back@example.org", "Backwards", 10, "end"),
        ("mars@example.org", "On Mars", 17, "timezone"),
        ("old@example.org", "Too old", 23, "start"),
    ]
    assert [p.message for p in caught.value.problems] == [
        "must not be before the start",
        "time zone 'Mars/Olympus' is neither an IANA zone nor defined in the file",
        "must be in the years 1900 to 2199",
    ]
    assert caught.value.errors["file"].startswith(
        "3 events cannot be imported, so nothing was stored: line 10: event back@example.org ('Backwards'): end: "
    )
    assert services.list_events(store, home) == []


def test_accepted_only_imports_the_accepted_events_and_reports_the_rest(store, home):
    data = _calendar(
        _event("ok@example.org", "Fine", "DTSTART:20250101T100000Z", "DTEND:20250101T110000Z"),
        _event("back@example.org", "Backwards", "DTSTART:20250101T100000Z", "DTEND:20250101T090000Z"),
    )
    report = imports.import_ics(store, home, data, accepted_only=True)
    assert str(report) == "1 created, 0 updated, 0 unchanged, 1 refused"
    assert [str(p) for p in report.problems] == [
        "line 11: event back@example.org ('Backwards'): end: must not be before the start"
    ]
    assert [e.uid for e in services.list_events(store, home)] == ["ok@example.org"]


def test_imported_venue_without_coordinates_is_refused_by_field(store, home):
    venue = "X-ITINERARY-VENUE;X-NAME=Hall;X-CITY=Kazan;X-COUNTRY=Russia;X-TZID=Europe/Moscow:hall"
    data = _calendar(_event("v", "Talks", "DTSTART:20250101T100000Z", "X-ITINERARY-KIND:talks", venue))
    with pytest.raises(ImportRefused) as caught:
        imports.import_ics(store, home, data)
    assert [(p.field, p.message) for p in caught.value.problems] == [
        ("venue latitude", "must be a number between -90 and 90"),
        ("venue longitude", "must be a number between -180 and 180"),
    ]
    assert "not supported" not in str(caught.value)


def test_imported_unknown_kind_is_refused_by_field_and_nothing_stored(store, home):
    # Found by hypothesis: an unknown X-ITINERARY-KIND raised ValueError while reading the event's languages.
    data = _calendar(
        _event("k", "Talks", "DTSTART:20250101T100000Z", "DTEND:20250101T110000Z", "X-ITINERARY-KIND:picnic")
    )
    with pytest.raises(ImportRefused) as caught:
        imports.import_ics(store, home, data)
    assert [p.field for p in caught.value.problems] == ["kind"]
    assert services.list_events(store, home) == []


@pytest.mark.parametrize(
    ("lines", "field", "message"),
    [
        (("DTSTART:00010101T100000Z",), "start", "must be in the years 1900 to 2199"),
        (("DTSTART;VALUE=DATE:22000101",), "first", "must be in the years 1900 to 2199"),
        (
            ("DTSTART:20250101T100000Z", "RRULE:FREQ=DAILY;COUNT=3", "EXDATE:00010102T100000Z"),
            "exdates",
            "0001-01-02T10:00:00+00:00 is not in the years 1900 to 2199",
        ),
        (
            ("DTSTART:20250101T100000Z", "RDATE:99991231T230000Z"),
            "rdates",
            "9999-12-31T23:00:00+00:00 is not in the years 1900 to 2199",
        ),
    ],
)
def test_import_applies_the_1900_to_2199_rule_to_every_date(store, home, lines, field, message):
    with pytest.raises(ImportRefused) as caught:
        imports.import_ics(store, home, _calendar(_event("far@example.org", "Far", *lines)))
    assert [(p.field, p.message) for p in caught.value.problems] == [(field, message)]
    assert services.list_events(store, home) == []


def test_refused_import_never_writes_so_never_holds_the_write_lock(store, home):
    good = [_event(f"e{n}@example.org", f"Event {n}", f"DTSTART:2025010{n}T100000Z") for n in range(1, 8)]
    bad = _event("bad@example.org", "Bad", "DTSTART:20250101T100000Z", "SEQUENCE:-1")
    statements: list[str] = []

    def record(conn, cursor, statement, *args):
        statements.append(statement.split(None, 1)[0].upper())

    sa_event.listen(store.engine, "before_cursor_execute", record)
    try:
        with pytest.raises(ImportRefused):
            imports.import_ics(store, home, _calendar(*good, bad))
    finally:
        sa_event.remove(store.engine, "before_cursor_execute", record)
    assert statements and not {"INSERT", "UPDATE", "DELETE"} & set(statements)


def test_recurrence_id_of_an_rdate_occurrence_is_kept(store, home):
    data = _calendar(
        _event(
            "s@example.org", "Series", "DTSTART:20250101T100000Z", "DTEND:20250101T110000Z", "RDATE:20250105T100000Z"
        ),
        _event(
            "s@example.org",
            "Series (moved)",
            "RECURRENCE-ID:20250105T100000Z",
            "DTSTART:20250105T120000Z",
            "DTEND:20250105T130000Z",
        ),
    )
    imports.import_ics(store, home, data)
    assert _occurrences(store, home) == {
        "Series": [_span("2025-01-01 10:00", "2025-01-01 11:00")],
        "Series (moved)": [_span("2025-01-05 12:00", "2025-01-05 13:00")],
    }


def test_windows_zone_name_without_vtimezone_is_read(store, home):
    data = _calendar(
        _event(
            "w",
            "Call",
            "DTSTART;TZID=Tokyo Standard Time:20250101T100000",
            "DTEND;TZID=Tokyo Standard Time:20250101T110000",
        )
    )
    imports.import_ics(store, home, data)
    assert services.get_event(store, home, "w").timing.start == datetime(2025, 1, 1, 10, tzinfo=ZoneInfo("Asia/Tokyo"))


def test_outlook_all_day_until_keeps_the_last_day_east_of_utc(store, home):
    # Written in Moscow: the last day's local midnight is the previous day in UTC.
    data = _calendar(
        _event(
            "d",
            "Days",
            "DTSTART;VALUE=DATE:20250310",
            "DTEND;VALUE=DATE:20250311",
            "RRULE:FREQ=DAILY;UNTIL=20250311T210000Z",
        )
    )
    imports.import_ics(store, home, data)
    days = [o.timing.first for o in services.list_occurrences(store, home)]
    assert days == [date(2025, 3, 10), date(2025, 3, 11), date(2025, 3, 12)]


def test_zero_length_event_shares_no_time_in_the_checks(store, home):
    from itinerary import checks

    services.put_participant(store, key="anna", name="Anna")
    services.create_event(
        store, home, uid="talks", title="Talks", start=datetime(2025, 1, 1, 10), end=datetime(2025, 1, 1, 11)
    )
    for uid, moment in (("arrival", datetime(2025, 1, 1, 10, 30)), ("deadline", datetime(2025, 1, 1, 11))):
        services.create_event(store, home, uid=uid, title=uid, start=moment, end=moment)
    for uid in ("talks", "arrival", "deadline"):
        services.update_event(store, home, uid, participants=("anna",))
    assert [f.code for f in services.check_itinerary(store, home, checks.DEFAULT_SETTINGS)] == []


def test_rule_that_depends_on_the_stored_programme_names_the_event(store, home):
    services.create_event(
        store, home, uid="summit", title="Summit", start=datetime(2025, 1, 1, 9), end=datetime(2025, 1, 1, 12)
    )
    child = _event(
        "late@example.org", "Late session", "DTSTART:20250101T130000Z", "DTEND:20250101T140000Z", "RELATED-TO:summit"
    )
    with pytest.raises(ImportRefused) as caught:
        imports.import_ics(store, home, _calendar(child), uid_domain="itinerary.test")
    assert [(p.uid, p.title, p.line, p.field) for p in caught.value.problems] == [
        ("late@example.org", "Late session", 4, "parent")
    ]
    assert [e.uid for e in services.list_events(store, home)] == ["summit"]
