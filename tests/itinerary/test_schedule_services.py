"""Checked saves, a series' occurrences, what readers may see of the history, and when now-and-next shows."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from itinerary import changelog, programme, services
from itinerary.errors import InvalidInput, NotFound, ScheduleConflict, ScheduleWarnings
from itinerary.model import AllDay
from tests.builders import daily_briefing, when
from tests.conftest import make_event, restrict_lunch

# Every test that uses the store runs on the SQL store and on the memory store (see tests/conftest.py).
STORES = ("sql", "memory")

SLUG = "china-state-visit-2018"


def _stored(store):
    return services.list_events(store, SLUG), changelog.changes_since(store, SLUG)


# Checked saves


def test_checked_save_asking_refuses_new_warnings_without_a_reason_and_stores_nothing(seeded):
    before = _stored(seeded)
    with pytest.raises(ScheduleWarnings) as refused:
        services.save_checked(
            seeded,
            SLUG,
            lambda: services.update_event(seeded, SLUG, "cn2018-press", **when("2018-06-08 12:00", "12:30")),
            ask=True,
        )
    assert [(f.severity.value, f.code, f.events) for f in refused.value.findings] == [
        ("warning", "participant-overlap", ("cn2018-talks-enlarged", "cn2018-press")),
        ("warning", "venue-overlap", ("cn2018-talks-enlarged", "cn2018-press")),
        ("warning", "participant-overlap", ("cn2018-press", "cn2018-signing")),
        ("warning", "venue-overlap", ("cn2018-press", "cn2018-signing")),
    ]
    assert str(refused.value).startswith("Vladimir Putin and Xi Jinping cannot attend both")
    assert _stored(seeded) == before


def test_event_save_with_a_new_venue_refused_by_a_conflict_stores_neither(seeded):
    before = _stored(seeded), services.list_venues(seeded)
    venue = {
        "key": "press-centre",
        "name": "Press centre",
        "city": "Beijing",
        "country": "China",
        "timezone": "Asia/Shanghai",
        "latitude": 39.9,
        "longitude": 116.4,
    }
    press = services.get_event(seeded, SLUG, "cn2018-press")
    fields = {"venue": "press-centre", "start": datetime(2018, 6, 8, 12, 0), "end": datetime(2018, 6, 8, 12, 30)}
    with pytest.raises(ScheduleConflict):
        services.save_event(seeded, SLUG, fields, uid=press.uid, new_venue=venue, expected_sequence=press.sequence)
    assert (_stored(seeded), services.list_venues(seeded)) == before


def test_event_save_refuses_a_new_venue_named_like_a_stored_one_by_its_field(seeded):
    stored = services.list_venues(seeded)[0]
    venue = {**{name: getattr(stored, name) for name in stored.__slots__}, "name": "Another"}
    with pytest.raises(InvalidInput) as refused:
        services.save_event(seeded, SLUG, {"title": "Walk"}, new_venue=venue)
    assert refused.value.errors == {"new_venue_name": "a venue of this name exists already; pick it from the list"}


def test_checked_save_keeps_a_change_with_warnings_and_returns_them(seeded):
    event, found = services.save_checked(
        seeded,
        SLUG,
        lambda: make_event(
            seeded,
            SLUG,
            uid="photo",
            title="Photo call",
            venue="great-hall-of-the-people",
            **when("2018-06-08 12:50", "13:00"),
        ),
    )
    assert services.get_event(seeded, SLUG, "photo") == event
    assert [(f.severity.value, f.code, f.events) for f in found] == [
        ("warning", "venue-overlap", ("cn2018-press", "photo")),
    ]


def test_checked_save_lets_warnings_that_were_there_already_pass(seeded):
    services.update_event(seeded, SLUG, "cn2018-press", **when("2018-06-08 12:00", "12:30"))
    event, found = services.save_checked(
        seeded, SLUG, lambda: services.update_event(seeded, SLUG, "cn2018-press", description="Both leaders speak.")
    )
    assert event.description == "Both leaders speak."
    assert [(f.severity.value, f.code, f.events) for f in found] == [
        ("warning", "participant-overlap", ("cn2018-talks-enlarged", "cn2018-press")),
        ("warning", "venue-overlap", ("cn2018-talks-enlarged", "cn2018-press")),
        ("warning", "participant-overlap", ("cn2018-press", "cn2018-signing")),
        ("warning", "venue-overlap", ("cn2018-press", "cn2018-signing")),
    ]


def test_checked_save_asking_refuses_a_moved_occurrence_that_collides(seeded):
    daily_briefing(seeded, SLUG, count=3, participants=("yuri-ushakov",))
    before = _stored(seeded)
    with pytest.raises(ScheduleConflict) as refused:
        services.save_checked(
            seeded,
            SLUG,
            lambda: services.change_occurrence(
                seeded,
                SLUG,
                "briefing",
                datetime(2018, 6, 8, 7, 0),
                **when("2018-06-08 10:00", "10:30"),
            ),
            ask=True,
        )
    assert [f.code for f in refused.value.findings] == ["participant-overlap"]
    assert _stored(seeded) == before


# A series' occurrences


def test_series_occurrences_show_cancelled_and_moved_ones_from_an_instant(seeded):
    daily_briefing(seeded, SLUG)
    services.cancel_occurrence(seeded, SLUG, "briefing", datetime(2018, 6, 9, 7, 0))
    services.change_occurrence(
        seeded, SLUG, "briefing", datetime(2018, 6, 10, 7, 0), start=datetime(2018, 6, 10, 6, 0), end=None
    )
    found = services.series_occurrences(seeded, SLUG, "briefing", since=datetime(2018, 6, 8, 23, 0, tzinfo=UTC))
    assert [
        (o.recurrence_id.isoformat(), o.occurrence.timing.start.isoformat(), o.cancelled, o.moved) for o in found
    ] == [
        ("2018-06-09T07:00:00+08:00", "2018-06-09T07:00:00+08:00", True, False),
        ("2018-06-10T07:00:00+08:00", "2018-06-10T06:00:00+08:00", False, True),
        ("2018-06-11T07:00:00+08:00", "2018-06-11T07:00:00+08:00", False, False),
    ]
    assert services.series_occurrences(seeded, SLUG, "cn2018-press") == []
    assert len(services.series_occurrences(seeded, SLUG, "briefing", limit=2)) == 2


def test_find_occurrence_by_original_start_or_not_found(seeded):
    make_event(
        seeded,
        SLUG,
        uid="walk",
        title="Walk",
        all_day=True,
        first=date(2018, 6, 8),
        last=date(2018, 6, 8),
        rrule="FREQ=DAILY;COUNT=2",
    )
    assert services.find_occurrence(seeded, SLUG, "walk", date(2018, 6, 9)).original == AllDay(
        date(2018, 6, 9), date(2018, 6, 9), "Asia/Shanghai"
    )
    for missing in (date(2018, 6, 10), datetime(2018, 6, 9, 1, tzinfo=UTC)):
        with pytest.raises(NotFound, match="'Walk' has no occurrence starting"):
            services.find_occurrence(seeded, SLUG, "walk", missing)
    with pytest.raises(NotFound, match="has no occurrence"):
        services.find_occurrence(seeded, SLUG, "cn2018-press", datetime(2018, 6, 8, 4, 45, tzinfo=UTC))


# What readers may see of the history


def test_readers_log_leaves_restricted_events_out_and_shows_public_deletions(seeded, clock):
    # Each entry knows the visibility it left the event in: a public event's deletion is what readers saw
    # happen, so it shows (it used to be left out, when that visibility was not recorded).
    since = clock.now
    clock.now += timedelta(hours=1)
    services.update_event(seeded, SLUG, "cn2018-lunch-narrow", title="Lunch, narrow format")
    services.update_event(seeded, SLUG, "cn2018-press", description="Both leaders speak.")
    make_event(seeded, SLUG, uid="gone", title="Gone")
    services.delete_event(seeded, SLUG, "gone")
    make_event(seeded, SLUG, uid="quiet", title="Quiet dinner", visibility="restricted")
    services.delete_event(seeded, SLUG, "quiet")
    assert [(c.uid, c.action) for c in changelog.changes_since(seeded, SLUG, since, include_restricted=False)] == [
        ("gone", "deleted"),
        ("gone", "created"),
        ("cn2018-press", "changed"),
    ]
    assert len(changelog.changes_since(seeded, SLUG, since)) == 6


def test_readers_log_starts_where_an_event_was_made_public(seeded, clock):
    restrict_lunch(seeded)  # the lunch as a plainly restricted event (the seed makes it busy for the public)
    since = clock.now
    clock.now += timedelta(hours=1)
    services.update_event(seeded, SLUG, "cn2018-lunch-narrow", title="Secret lunch title")
    clock.now += timedelta(hours=1)
    services.update_event(seeded, SLUG, "cn2018-lunch-narrow", title="Working lunch", visibility="public")
    clock.now += timedelta(hours=1)
    services.update_event(seeded, SLUG, "cn2018-lunch-narrow", url="https://example.org/menu")
    shown = changelog.changes_since(seeded, SLUG, since, include_restricted=False)
    assert [(c.title, c.action, c.fields) for c in shown] == [
        ("Working lunch", "changed", {"url": ("", "https://example.org/menu")}),
        ("Working lunch", "created", {}),
    ]
    assert "Secret lunch title" not in repr(shown)


def test_readers_comparison_shows_only_what_was_public(seeded, clock):
    changelog.publish_version(seeded, SLUG)
    services.update_event(seeded, SLUG, "cn2018-lunch-narrow", title="Secret lunch title")
    services.update_event(seeded, SLUG, "cn2018-press", visibility="restricted")
    services.update_event(seeded, SLUG, "cn2018-signing", url="https://example.org/documents")
    make_event(seeded, SLUG, uid="quiet", title="Quiet dinner", visibility="restricted")
    changelog.publish_version(seeded, SLUG)
    readers = changelog.compare_versions(seeded, SLUG, 2, 3, include_restricted=False)  # the seed is release 1
    assert [(c.title, c.action, c.fields) for c in readers] == [
        ("Press statements", "deleted", {}),
        (
            "Signing of documents and adoption of joint statements",
            "changed",
            {"url": ("", "https://example.org/documents")},
        ),
    ]
    assert [c.title for c in changelog.compare_versions(seeded, SLUG, 2, 3)] == [
        "Press statements",
        "Quiet dinner",
        "Secret lunch title",
        "Signing of documents and adoption of joint statements",
    ]


# When now-and-next shows


@pytest.mark.parametrize(
    ("at", "shown"),
    [
        (datetime(2018, 6, 7, 0, 29, tzinfo=UTC), False),  # 24 h and a minute before the arrival
        (datetime(2018, 6, 7, 0, 30, tzinfo=UTC), True),  # 24 h before
        (datetime(2018, 6, 8, 2, 0, tzinfo=UTC), True),  # during the talks
        (datetime(2018, 6, 8, 20, 0, tzinfo=UTC), True),  # overnight, the summit begins within hours
        (datetime(2018, 6, 10, 6, 0, tzinfo=UTC), True),  # last day, the summit still on
        (datetime(2018, 6, 10, 16, 0, tzinfo=UTC), False),  # over
    ],
)
def test_now_and_next_shows_while_the_programme_is_under_way(seeded, at, shown):
    found = services.list_occurrences(seeded, SLUG, include_restricted=False)
    assert (programme.happening(found, at) is not None) is shown
