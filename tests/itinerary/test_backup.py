"""A full backup of every itinerary restores to the same programmes; a bad one writes nothing."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import pytest

from itinerary import backup, ical, services
from itinerary.storage import Store
from tests.builders import daily_briefing

SETTINGS = ical.FeedSettings(uid_domain="itinerary.test", base_url="https://itinerary.test")
SLUGS = ("china-state-visit-2018", "russia-china-contacts-2017-2018")


@pytest.fixture
def busy(seeded, clock):
    """The seed with a recurring briefing, one moved occurrence and a cancelled event."""
    clock.now += timedelta(days=1)
    daily_briefing(seeded, SLUGS[0], count=3, title="Delegation briefing", visibility="restricted")
    services.change_occurrence(seeded, SLUGS[0], "briefing", datetime(2018, 6, 9, 7), start=datetime(2018, 6, 9, 6))
    services.cancel_event(seeded, SLUGS[0], "cn2018-press")
    return seeded


def test_dump_restore_dump_is_identical(busy, clock):
    first = backup.dump(busy, SETTINGS)
    target = Store("sqlite://", clock=clock)
    target.create_schema()
    restored = backup.restore(target, first)
    assert [str(r) for r in restored] == [
        "russia-china-contacts-2017-2018: 4 created, 0 updated, 0 unchanged",
        "china-state-visit-2018: 13 created, 0 updated, 0 unchanged",
    ]
    assert backup.dump(target, SETTINGS) == first
    for slug in SLUGS:
        assert services.list_events(target, slug) == services.list_events(busy, slug)
        assert services.get_itinerary(target, slug) == services.get_itinerary(busy, slug)
    target.dispose()


def test_restore_twice_changes_nothing(busy, clock):
    data = backup.dump(busy, SETTINGS)
    before = {slug: services.list_events(busy, slug) for slug in SLUGS}
    reports = backup.restore(busy, data)
    assert [(r.report.created, r.report.updated) for r in reports] == [(0, 0), (0, 0)]
    assert {slug: services.list_events(busy, slug) for slug in SLUGS} == before


def test_dump_is_readable_json(busy):
    document = json.loads(backup.dump(busy, SETTINGS))
    assert document["format"] == "itinerary-backup/1"
    assert [i["slug"] for i in document["itineraries"]] == list(reversed(SLUGS))
    assert "Working lunch in narrow format" in document["itineraries"][1]["calendar"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"not json", "not a backup file (not JSON"),
        (b'{"format": "other"}', "not a backup file of this service"),
        (b'{"format": "itinerary-backup/1", "uid_domain": "x"}', "no list of itineraries"),
        (
            b'{"format": "itinerary-backup/1", "uid_domain": "x", "itineraries": [{"slug": "x"}]}',
            "missing or garbles 'title'",
        ),
        (
            json.dumps(
                {
                    "format": "itinerary-backup/1",
                    "uid_domain": "x",
                    "itineraries": [
                        {
                            "slug": "fine",
                            "title": "Fine",
                            "timezone": "UTC",
                            "summary": "",
                            "visibility": "public",
                            "created": "2018-01-01T00:00:00+00:00",
                            "updated": "2018-01-01T00:00:00+00:00",
                            "calendar": "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n",
                        },
                        {
                            "slug": "broken",
                            "title": "Broken",
                            "timezone": "UTC",
                            "summary": "",
                            "visibility": "public",
                            "created": "2018-01-01T00:00:00+00:00",
                            "updated": "2018-01-01T00:00:00+00:00",
                            "calendar": "garbage",
                        },
                    ],
                }
            ).encode(),
            "file: this is not an iCalendar file",
        ),
    ],
)
def test_bad_backup_is_refused_and_writes_nothing(store, data, message):
    with pytest.raises(backup.InvalidBackup) as caught:
        backup.restore(store, data)
    assert message in str(caught.value)
    assert services.list_itineraries(store, include_restricted=True) == []


def test_dump_of_an_itinerary_with_a_two_line_summary_restores_it(seeded, clock):
    """Regression: a summary with a line break (what a textarea sends) made every dump of the database fail."""
    services.update_itinerary(seeded, SLUGS[0], summary="Beijing, Qingdao and Tianjin.\r\nThe SCO summit.")
    data = backup.dump(seeded, SETTINGS)
    target = Store("sqlite://", clock=clock)
    target.create_schema()
    backup.restore(target, data)
    assert services.get_itinerary(target, SLUGS[0]).summary == "Beijing, Qingdao and Tianjin.\r\nThe SCO summit."
    assert backup.dump(target, SETTINGS) == data
    target.dispose()


def test_write_file_keeps_the_old_file_when_writing_fails(tmp_path, monkeypatch):
    path = tmp_path / "backup.json"
    path.write_bytes(b"the old backup\n")

    def disk_full(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(backup.os, "fsync", disk_full)
    with pytest.raises(OSError) as raised:
        backup.write_file(path, b"the new backup\n")
    assert (raised.value.strerror, raised.value.filename) == ("No space left on device", str(path))
    assert path.read_bytes() == b"the old backup\n"
    assert [p.name for p in tmp_path.iterdir()] == ["backup.json"]


def test_write_file_replaces_the_old_file_whole_and_keeps_its_mode(tmp_path):
    path = tmp_path / "backup.json"
    path.write_bytes(b"old")
    path.chmod(0o640)
    backup.write_file(path, b"new")
    assert (path.read_bytes(), path.stat().st_mode & 0o777) == (b"new", 0o640)
    assert [p.name for p in tmp_path.iterdir()] == ["backup.json"]
