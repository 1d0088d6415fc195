"""Hostile files: whatever arrives, import either stores it or refuses it with a message, never half."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from itinerary import ical, imports, services
from itinerary.storage import Store
from tests.conftest import Clock

ZONE = "Europe/Moscow"
SAMPLE = (Path(__file__).parent / "data" / "outlook-moscow.ics").read_bytes()
LINES = SAMPLE.split(b"\r\n")


def _fresh() -> Store:
    store = Store("sqlite://", clock=Clock())
    store.create_schema()
    services.create_itinerary(store, slug="target", title="Target", timezone=ZONE)
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
        assert _counts(report) == _expected_counts(data, before, services.list_events(store, "target"))
        assert (report.refused, report.problems) == (0, ())  # one refused event refuses the whole file
        services.list_occurrences(store, "target")  # whatever was stored can be shown
    finally:
        store.dispose()


def _counts(report: imports.ImportReport) -> dict[str, int]:
    return {name: getattr(report, name) for name in ("created", "updated", "unchanged", "skipped")}


def _expected_counts(data: bytes, before: list, after: list) -> dict[str, int]:
    """What an import of ``data`` must report, from the file's events and the events stored before and after it.

    Every event of the file is counted once: created when its UID is new, skipped when its SEQUENCE is below the
    stored one, updated when its stored SEQUENCE moved, else unchanged. (These files name no venues or people, so
    nothing but the file's own events can change.)
    """
    old, new = {e.uid: e for e in before}, {e.uid: e for e in after}
    in_file = {e.uid: e for e in ical.parse_ics(data, home_zone=ZONE, uid_domain=ical.DEFAULT_UID_DOMAIN).events}
    assert new.keys() == old.keys() | in_file.keys()
    assert all(new[uid] == old[uid] for uid in old.keys() - in_file.keys())  # events not in the file stay
    known = in_file.keys() & old.keys()
    skipped = {uid for uid in known if in_file[uid].sequence < old[uid].sequence}
    assert all(new[uid] == old[uid] for uid in skipped)
    updated = {uid for uid in known - skipped if new[uid].sequence != old[uid].sequence}
    return {
        "created": len(in_file.keys() - old.keys()),
        "updated": len(updated),
        "unchanged": len(known - skipped - updated),
        "skipped": len(skipped),
    }


@pytest.mark.parametrize(
    ("edits", "counts"),
    [
        pytest.param(
            (), {"created": 0, "updated": 0, "unchanged": 5, "skipped": 0}, id="same_file_again_all_unchanged"
        ),
        pytest.param(
            ((b"SEQUENCE:3\r\n", b"SEQUENCE:1\r\n"),),
            {"created": 0, "updated": 0, "unchanged": 4, "skipped": 1},
            id="older_version_skipped",
        ),
        pytest.param(
            (
                (b"SUMMARY:Rehearsal\r\n", b"SUMMARY:Dress rehearsal\r\n"),
                (b"UID:utc-call@example.org\r\n", b"UID:another-call@example.org\r\n"),
            ),
            {"created": 1, "updated": 1, "unchanged": 3, "skipped": 0},
            id="a_changed_and_a_new_event_each",
        ),
    ],
)
def test_import_of_the_sample_again_counts_each_event(edits, counts):
    """Import the sample, edited (each edit replaces its first match), into a store holding the sample."""
    data = SAMPLE
    for old, new in edits:
        data = data.replace(old, new, 1)
    store = _fresh()
    report = imports.import_ics(store, "target", data)
    assert _counts(report) == counts
    _attempt(data)


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
@example(summary="Talks", rule="FREQ=DAILY", tzid="Europe/Berlin")  # imported: one event created
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
