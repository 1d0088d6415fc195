"""Deleting an itinerary, copying one as a template, restoring a cancelled occurrence: the services (issue 14)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from itinerary import backup, changelog, ical, lifecycle, services
from itinerary.errors import AlreadyExists, FixtureError, InvalidEvent, ItineraryNotFound
from itinerary.model import Override
from tests.builders import daily_briefing, when
from tests.conftest import make_trip

STORES = ["sql", "memory"]
BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture
def trip(store):
    return make_trip(store, "berlin-2024", "Berlin, March 2024")


def test_delete_removes_the_itinerary_and_keeps_only_its_slug(store, trip):
    services.create_event(
        store, trip, uid="talks", title="Talks", venue="chancellery", **when("2024-03-28 10:00", "11:00")
    )
    token = services.rotate_feed_token(store, trip)
    changelog.publish_version(store, trip)
    gone = lifecycle.delete_itinerary(store, trip, editor="anna")
    assert (gone.slug, gone.title, gone.editor, gone.visibility, gone.deleted) == (
        trip,
        "Berlin, March 2024",
        "anna",
        "public",
        store.now(),
    )
    assert gone.token_digest == lifecycle.token_digest(token) and token not in repr(gone)
    with pytest.raises(ItineraryNotFound):
        services.get_itinerary(store, trip)
    assert lifecycle.deleted_itinerary(store, trip) == gone
    assert lifecycle.deleted_for_token(store, token) == gone
    assert lifecycle.deleted_itinerary(store, "never-was") is None
    assert lifecycle.any_deleted(store)
    assert [v.key for v in services.list_venues(store)] == ["chancellery", "vnukovo"]  # shared, kept


def test_deleted_slug_is_refused_unless_reused_on_purpose(store, trip):
    lifecycle.delete_itinerary(store, trip)
    with pytest.raises(AlreadyExists, match="belonged to 'Berlin, March 2024'"):
        services.create_itinerary(store, slug=trip, title="Another", timezone="UTC")
    services.create_itinerary(store, slug=trip, title="Back", timezone="UTC", reuse_deleted=True)
    assert lifecycle.deleted_itinerary(store, trip) is None


@pytest.mark.sql_only
def test_restoring_a_backup_brings_a_deleted_itinerary_back(store, trip):
    services.create_event(store, trip, uid="talks", title="Talks", **when("2024-03-28 10:00", "11:00"))
    data = backup.dump(store, ical.FeedSettings())
    lifecycle.delete_itinerary(store, trip)
    backup.restore(store, data)
    assert [e.uid for e in services.list_events(store, trip)] == ["talks"]
    assert lifecycle.deleted_itinerary(store, trip) is None


def test_duplicate_keeps_wall_clock_times_across_a_clock_change(store, trip):
    # 28 March 2024, 10:00 CET (UTC+1); moved to 4 April, after the clocks went forward: 10:00 CEST (UTC+2).
    services.create_event(
        store, trip, uid="summit", title="Summit", venue="chancellery", **when("2024-03-28 09:00", "18:00")
    )
    services.create_event(
        store,
        trip,
        uid="session",
        title="Session",
        parent="summit",
        participants=("anna",),
        **when("2024-03-28 10:00", "11:00"),
    )
    services.create_event(
        store,
        trip,
        uid="walk",
        title="Walk",
        rrule="FREQ=DAILY;COUNT=3",
        exdates=(datetime(2024, 3, 29, 7),),
        overrides=(Override(datetime(2024, 3, 30, 7, tzinfo=BERLIN), status="cancelled"),),
        **when("2024-03-28 07:00", "07:30"),
    )
    copy = lifecycle.duplicate_itinerary(store, trip, new_slug="berlin-2024b", title="Again", starting=date(2024, 4, 4))
    assert (copy.slug, copy.visibility.value) == ("berlin-2024b", "restricted")
    events = {e.title: e for e in services.list_events(store, "berlin-2024b")}
    session, summit, walk = events["Session"], events["Summit"], events["Walk"]
    assert session.timing.start.isoformat() == "2024-04-04T10:00:00+02:00"
    assert session.parent == summit.uid and summit.uid != "summit"
    assert [p.key for p in session.participants] == ["anna"] and summit.venue.key == "chancellery"
    assert walk.exdates == (datetime(2024, 4, 5, 7, tzinfo=walk.timing.start.tzinfo),)
    assert [(o.recurrence_id.isoformat(), o.status) for o in walk.overrides] == [
        ("2024-04-06T07:00:00+02:00", "cancelled")
    ]
    assert {e.sequence for e in events.values()} == {0}


def test_duplicate_without_a_new_day_keeps_the_dates(store, trip):
    services.create_event(store, trip, uid="talks", title="Talks", **when("2024-03-28 10:00", "11:00"))
    lifecycle.duplicate_itinerary(store, trip, new_slug="berlin-copy", title="Copy")
    (event,) = services.list_events(store, "berlin-copy")
    assert (event.title, event.timing.start.isoformat()) == ("Talks", "2024-03-28T10:00:00+01:00")
    assert event.uid != "talks"


def test_restore_occurrence_undoes_its_cancellation_and_logs_it(store, trip):
    daily_briefing(store, trip)
    services.cancel_occurrence(store, trip, "briefing", datetime(2018, 6, 9, 7), editor="anna")
    event = services.restore_occurrence(store, trip, "briefing", datetime(2018, 6, 9, 7), editor="boris")
    assert (event.overrides, event.sequence) == ((), 2)
    latest = changelog.changes_since(store, trip)[0]
    assert (latest.editor, latest.fields) == ("boris", {"changed occurrences": ("2018-06-09 07:00: cancelled", "")})
    with pytest.raises(InvalidEvent, match="is not cancelled"):
        services.restore_occurrence(store, trip, "briefing", datetime(2018, 6, 9, 7))


def test_loading_a_fixture_under_a_deleted_slug_is_refused(store):
    from itinerary import fixtures

    fixtures.load_seed(store)
    lifecycle.delete_itinerary(store, "china-state-visit-2018")
    with pytest.raises(FixtureError, match=r"'china-state-visit-2018' belonged to .*, deleted on 4 June 2018;"):
        fixtures.load_seed(store)


def test_search_finds_nothing_of_a_deleted_itinerary(store):
    from itinerary import fixtures, search

    fixtures.load_seed(store)
    assert search.search(store, "hockey", include_restricted=True) != []
    lifecycle.delete_itinerary(store, "china-state-visit-2018")
    assert search.search(store, "hockey", include_restricted=True) == []
