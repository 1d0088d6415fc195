"""The change log, published versions, and now-and-next at fixed instants."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from itinerary import changelog, programme, services
from itinerary.errors import NotFound
from itinerary.storage import Store
from tests.builders import when

# Every test that uses the store runs on the SQL store and on the memory store (see tests/conftest.py).
STORES = ("sql", "memory")

SLUG = "china-state-visit-2018"


def test_every_change_is_recorded_with_editor_and_fields(seeded, clock):
    clock.now += timedelta(days=1)
    services.update_event(seeded, SLUG, "cn2018-hockey-tianjin", **when("2018-06-08 15:15", "16:45"), editor="anna")
    clock.now += timedelta(minutes=5)
    services.cancel_event(seeded, SLUG, "cn2018-press", editor="boris")
    clock.now += timedelta(minutes=5)
    services.create_event(
        seeded, SLUG, uid="extra", title="Wreath laying", **when("2018-06-08 08:00", "08:20"), editor="anna"
    )
    clock.now += timedelta(minutes=5)
    services.delete_event(seeded, SLUG, "extra", editor="anna")
    changes = changelog.changes_since(seeded, SLUG, datetime(2018, 6, 5, tzinfo=UTC))
    assert [(c.editor, c.uid, c.action) for c in changes] == [
        ("anna", "extra", "deleted"),
        ("anna", "extra", "created"),
        ("boris", "cn2018-press", "cancelled"),
        ("anna", "cn2018-hockey-tianjin", "changed"),
    ]
    moved = changes[-1]
    assert moved.at == datetime(2018, 6, 5, 9, tzinfo=UTC)
    assert moved.fields == {
        "start": ("2018-06-08 15:00 Asia/Shanghai", "2018-06-08 15:15 Asia/Shanghai"),
        "end": ("2018-06-08 16:30 Asia/Shanghai", "2018-06-08 16:45 Asia/Shanghai"),
    }
    assert str(changes[2]) == "Press statements: cancelled"
    assert str(moved) == (
        "Junior ice hockey match in Tianjin: start 2018-06-08 15:00 Asia/Shanghai → 2018-06-08 "
        "15:15 Asia/Shanghai; end 2018-06-08 16:30 Asia/Shanghai → 2018-06-08 16:45 Asia/Shanghai"
    )


def test_changes_since_a_date_leaves_earlier_ones_out(seeded, clock):
    clock.now += timedelta(days=1)
    services.update_event(seeded, SLUG, "cn2018-press", title="Statements")
    assert [c.action for c in changelog.changes_since(seeded, SLUG, clock.now - timedelta(seconds=1))] == ["changed"]
    assert changelog.changes_since(seeded, SLUG, clock.now) == []
    assert len(changelog.changes_since(seeded, SLUG)) == 13  # 12 seeded, 1 edit


def test_no_op_update_records_nothing(seeded):
    before = len(changelog.changes_since(seeded, SLUG))
    services.update_event(seeded, SLUG, "cn2018-press", title="Press statements")
    assert len(changelog.changes_since(seeded, SLUG)) == before


def test_failed_change_records_nothing(seeded):
    before = changelog.changes_since(seeded, SLUG)
    with pytest.raises(ValueError):
        services.update_event(seeded, SLUG, "cn2018-press", title="")
    assert changelog.changes_since(seeded, SLUG) == before


def test_versions_and_their_differences(seeded, clock):
    clock.now = datetime(2018, 6, 7, 10, tzinfo=UTC)
    first = changelog.publish_version(seeded, SLUG, editor="anna", note="Agreed with the host")
    assert (first.number, str(first)) == (2, "version 2, 07 June 10:00 UTC")  # the seed loaded as release 1
    clock.now += timedelta(hours=8)
    services.update_event(seeded, SLUG, "cn2018-train-tianjin", **when("2018-06-08 13:50", "14:25"))
    services.cancel_event(seeded, SLUG, "cn2018-press")
    services.delete_event(seeded, SLUG, "cn2018-flight-qingdao")
    second = changelog.publish_version(seeded, SLUG, editor="boris")
    assert [v.number for v in changelog.versions(seeded, SLUG)] == [1, 2, 3]
    assert second.at == datetime(2018, 6, 7, 18, tzinfo=UTC)
    diff = changelog.compare_versions(seeded, SLUG, 2, 3)
    assert [(c.title, c.action) for c in diff] == [
        ("Flight from Beijing to Qingdao", "deleted"),
        ("Press statements", "cancelled"),
        ("Train from Beijing to Tianjin", "changed"),
    ]
    assert diff[2].fields == {
        "start": ("2018-06-08 14:00 Asia/Shanghai", "2018-06-08 13:50 Asia/Shanghai"),
        "end": ("2018-06-08 14:35 Asia/Shanghai", "2018-06-08 14:25 Asia/Shanghai"),
    }
    assert changelog.compare_versions(seeded, SLUG, 3, 3) == []
    with pytest.raises(NotFound, match="has no version 7"):
        changelog.compare_versions(seeded, SLUG, 1, 7)


def test_now_and_next_at_fixed_instants(seeded):
    found = services.list_occurrences(seeded, SLUG, include_restricted=False)
    during_talks = programme.now_and_next(found, datetime(2018, 6, 8, 2, 0, tzinfo=UTC))  # 10:00 in Beijing
    assert [o.event.uid for o in during_talks.now] == ["cn2018-talks-narrow"]
    assert during_talks.next.event.uid == "cn2018-talks-enlarged"
    on_summit_day = programme.now_and_next(found, datetime(2018, 6, 10, 1, 30, tzinfo=UTC))  # 09:30 in Qingdao
    assert [o.event.uid for o in on_summit_day.now] == ["sco2018-summit", "sco2018-restricted-session"]
    assert on_summit_day.next.event.uid == "sco2018-enlarged-session"
    after = programme.now_and_next(found, datetime(2018, 6, 11, tzinfo=UTC))
    assert (after.now, after.next) == ((), None)


def test_cancelled_is_neither_now_nor_next(seeded):
    services.cancel_event(seeded, SLUG, "cn2018-talks-enlarged")
    found = services.list_occurrences(seeded, SLUG)
    state = programme.now_and_next(found, datetime(2018, 6, 8, 2, 0, tzinfo=UTC))
    assert state.next.event.uid == "cn2018-signing"


def test_changelog_table_is_created_with_the_schema():
    store = Store("sqlite://")
    store.create_schema()
    services.create_itinerary(store, slug="x", title="X", timezone="UTC")
    assert changelog.changes_since(store, "x") == []
    store.dispose()
