"""Hostile files: whatever arrives, import either stores it or refuses it with a message, never half."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from itinerary import ical, imports, services
from itinerary.storage import Store
from tests.conftest import Clock

SAMPLE = (Path(__file__).parent / "data" / "outlook-moscow.ics").read_bytes()
LINES = SAMPLE.split(b"\r\n")


def _fresh() -> Store:
    store = Store("sqlite://", clock=Clock())
    store.create_schema()
    services.create_itinerary(store, slug="target", title="Target", timezone="Europe/Moscow")
    imports.import_ics(store, "target", SAMPLE)
    return store


def _attempt(data: bytes) -> None:
    store = _fresh()
    before = services.list_events(store, "target")
    try:
        report = imports.import_ics(store, "target", data)
    except ical.InvalidCalendar as refusal:
        assert refusal.errors["file"]  # a message the uploader can read
        assert services.list_events(store, "target") == before
    else:
        assert report.created + report.updated + report.unchanged + report.skipped >= 0
        services.list_occurrences(store, "target")  # whatever was stored can be shown
    finally:
        store.dispose()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_random_bytes(data):
    _attempt(data)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.integers(min_value=0, max_value=len(LINES) - 1), max_size=6),
    st.lists(st.tuples(st.integers(min_value=0, max_value=len(LINES) - 1), st.binary(max_size=40)), max_size=4),
)
def test_mutated_calendars(dropped, replaced):
    lines = list(LINES)
    for index, junk in replaced:
        lines[index] = lines[index][: len(lines[index]) // 2] + junk
    lines = [line for i, line in enumerate(lines) if i not in set(dropped)]
    _attempt(b"\r\n".join(lines))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    summary=st.text(max_size=300),
    rule=st.sampled_from(
        [
            "FREQ=DAILY",
            "FREQ=SECONDLY",
            "FREQ=DAILY;INTERVAL=0",
            "FREQ=YEARLY;BYMONTH=13",
            "FREQ=WEEKLY;BYDAY=XX",
            "FREQ=DAILY;COUNT=999999999",
            "FREQ=MINUTELY;COUNT=5",
        ]
    ),
    tzid=st.sampled_from(["Europe/Berlin", "Not/AZone", "", "UTC", "../../etc/passwd"]),
)
def test_hostile_fields(summary, rule, tzid):
    summary = summary.replace("\r", " ").replace("\n", "\\n")
    start = f"DTSTART;TZID={tzid}:20180607T100000" if tzid else "DTSTART:20180607T100000"
    body = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\nBEGIN:VEVENT\r\nUID:hostile\r\n"
        f"DTSTAMP:20180101T000000Z\r\nSUMMARY:{summary}\r\n{start}\r\nDURATION:PT1H\r\nRRULE:{rule}\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    _attempt(body.encode())
