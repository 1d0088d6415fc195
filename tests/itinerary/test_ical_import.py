"""Import: other producers' files work, bad files are refused and write nothing."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from itinerary import feeds, ical, imports, services
from itinerary.ical import InvalidCalendar
from itinerary.model import AllDay, Status, Visibility

DATA = Path(__file__).parent / "data"
SETTINGS = ical.FeedSettings(uid_domain="itinerary.test", base_url="https://itinerary.test")


@pytest.fixture
def moscow(store):
    services.create_itinerary(store, slug="moscow", title="Moscow week", timezone="Europe/Moscow")
    return "moscow"


def test_foreign_file_imports_with_notes(store, moscow):
    report = imports.import_ics(store, moscow, (DATA / "outlook-moscow.ics").read_bytes())
    assert (report.created, report.updated, report.skipped) == (5, 0, 0)
    assert report.notes == (
        "'Briefing of the delegation': Windows zone 'Russian Standard Time' read as Europe/Moscow",
        "'Rehearsal': floating time placed in Europe/Moscow",
    )
    events = {e.uid: e for e in services.list_events(store, moscow)}
    briefing = events["040000008200E00074C5B7101A82E00800000000A1B2C3D4"]
    assert briefing.timing.start == datetime(2018, 6, 7, 10, tzinfo=ZoneInfo("Europe/Moscow"))
    assert briefing.timing.instants()[0] == datetime(2018, 6, 7, 7, tzinfo=UTC)
    assert (briefing.visibility, briefing.sequence) == (Visibility.RESTRICTED, 3)
    assert briefing.description == "Kremlin, Senate Palace"  # the place as written, no label of ours
    call = events["utc-call@example.org"]
    assert call.timing.start == datetime(2018, 6, 7, 6, tzinfo=ZoneInfo("UTC"))  # a UTC time stays UTC
    assert call.status is Status.TENTATIVE
    assert events["floating@example.org"].timing.start == datetime(2018, 6, 7, 18, tzinfo=ZoneInfo("Europe/Moscow"))
    forum = events["forum@example.org"]
    assert forum.timing == AllDay(date(2018, 5, 24), date(2018, 5, 26), "Europe/Moscow")
    assert forum.categories == ("Forum", "Economy")
    weekly = events["weekly@example.org"]
    assert (weekly.rrule, weekly.timing.timezone) == ("FREQ=WEEKLY;COUNT=6", "Europe/Berlin")
    assert weekly.exdates == (datetime(2018, 3, 19, 9, tzinfo=ZoneInfo("Europe/Berlin")),)
    starts = [o.timing.start.day for o in services.list_occurrences(store, moscow) if o.event.uid == weekly.uid]
    assert starts == [5, 12, 26, 2, 9]


def test_reimport_updates_by_uid_and_skips_stale_versions(store, moscow, clock):
    data = (DATA / "outlook-moscow.ics").read_bytes()
    imports.import_ics(store, moscow, data)
    clock.now += timedelta(hours=1)
    newer = data.replace(b"SUMMARY:Call with the embassy", b"SUMMARY:Call with the consulate")
    report = imports.import_ics(store, moscow, newer)
    assert (report.created, report.updated, report.unchanged) == (0, 1, 4)
    assert services.get_event(store, moscow, "utc-call@example.org").title == "Call with the consulate"
    stale = data.replace(b"SEQUENCE:3", b"SEQUENCE:1").replace(b"Briefing of the delegation", b"Old briefing")
    report = imports.import_ics(store, moscow, stale)
    assert (report.skipped, report.unchanged) == (2, 3)
    assert report.notes[-2:] == (
        "'Old briefing': the file's version is older than the stored one; skipped",
        "'Call with the embassy': the file's version is older than the stored one; skipped",
    )
    assert services.get_event(store, moscow, "utc-call@example.org").title == "Call with the consulate"


def _minimal(body: str) -> bytes:
    return ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\n" + body + "END:VCALENDAR\r\n").encode()


GOOD_EVENT = (
    "BEGIN:VEVENT\r\nUID:ok\r\nDTSTAMP:20180101T000000Z\r\nSUMMARY:Fine\r\nDTSTART:20180101T100000Z\r\n"
    "DTEND:20180101T110000Z\r\nEND:VEVENT\r\n"
)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"%PDF-1.4 not a calendar", "this is not an iCalendar file"),
        (b"\xff\xfe\x00garbage", "not UTF-8 text"),
        (_minimal(GOOD_EVENT + "BEGIN:VEVENT\r\nUID:x\r\nSUMMARY:unclosed\r\n"), "structure is broken"),
        (
            _minimal(GOOD_EVENT.replace("DTSTART:20180101T100000Z", "DTSTART;TZID=Mars/Olympus:20180101T100000")),
            "time zone 'Mars/Olympus' is neither an IANA zone nor defined in the file",
        ),
        (
            _minimal(GOOD_EVENT.replace("DTEND:20180101T110000Z", "DTEND:20170101T110000Z")),
            "end: must not be before the start",
        ),
        (_minimal(GOOD_EVENT.replace("UID:ok\r\n", "")), "has no UID"),
        (_minimal(GOOD_EVENT * (ical.MAX_IMPORT_EVENTS + 1)), "at most 2000 at once"),
        (
            b"BEGIN:VCALENDAR\r\n" + b"X-PAD:" + b"x" * ical.MAX_IMPORT_BYTES + b"\r\nEND:VCALENDAR\r\n",
            "larger than 2 MiB",
        ),
    ],
)
def test_bad_files_are_refused_and_nothing_is_written(store, moscow, data, message):
    imports.import_ics(store, moscow, _minimal(GOOD_EVENT.replace("UID:ok", "UID:existing")))
    before = services.list_events(store, moscow)
    feed_before = feeds.itinerary_feed(store, moscow, SETTINGS).body
    with pytest.raises(InvalidCalendar, match=message.replace("(", r"\(").replace(")", r"\)")) as caught:
        imports.import_ics(store, moscow, data)
    assert caught.value.field == "file"
    assert services.list_events(store, moscow) == before
    assert feeds.itinerary_feed(store, moscow, SETTINGS).body == feed_before


def test_failure_in_a_later_event_rolls_back_earlier_ones(store, moscow):
    bad = GOOD_EVENT.replace("UID:ok", "UID:second").replace("SUMMARY:Fine", "SUMMARY:" + "x" * 300)
    with pytest.raises(InvalidCalendar, match="title: must be at most 200 characters"):
        imports.import_ics(store, moscow, _minimal(GOOD_EVENT + bad))
    assert services.list_events(store, moscow) == []


def test_child_before_parent_in_file_is_nested(store, moscow):
    child = GOOD_EVENT.replace("UID:ok", "UID:child").replace("END:VEVENT", "RELATED-TO:parent\r\nEND:VEVENT")
    parent = GOOD_EVENT.replace("UID:ok", "UID:parent").replace("DTEND:20180101T110000Z", "DTEND:20180101T180000Z")
    imports.import_ics(store, moscow, _minimal(child + parent))
    assert services.get_event(store, moscow, "child").parent == "parent"


def test_unknown_parent_is_dropped_with_a_note(store, moscow):
    child = GOOD_EVENT.replace("END:VEVENT", "RELATED-TO:elsewhere@example.org\r\nEND:VEVENT")
    report = imports.import_ics(store, moscow, _minimal(child))
    assert report.notes == ("'Fine': its parent 'elsewhere@example.org' is not in this itinerary; left out",)
    assert services.get_event(store, moscow, "ok").parent is None
