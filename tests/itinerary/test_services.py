"""Services: one transaction each, SEQUENCE moves only on visible change, UIDs never change."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from itinerary import recurrence, services
from itinerary.errors import AlreadyExists, EventNotFound, InvalidEvent, InvalidItinerary, ItineraryNotFound
from itinerary.model import Status
from tests.conftest import make_event, restrict_lunch

# Every test that uses the store runs on the SQL store and on the memory store (see tests/conftest.py).
STORES = ("sql", "memory")


def test_new_event_starts_at_sequence_zero_with_stamps(store, trip, clock):
    event = make_event(store, trip)
    assert event.sequence == 0
    assert event.created == event.updated == clock.now


def test_update_bumps_sequence_and_updated(store, trip, clock):
    event = make_event(store, trip)
    clock.now += timedelta(hours=1)
    changed = services.update_event(store, trip, event.uid, title="Talks, enlarged")
    assert (changed.uid, changed.sequence, changed.updated, changed.created) == (event.uid, 1, clock.now, event.created)


def test_update_without_change_keeps_sequence(store, trip, clock):
    event = make_event(store, trip)
    clock.now += timedelta(hours=1)
    assert services.update_event(store, trip, event.uid, title="Talks") == event


def test_zone_change_at_same_instant_counts_as_change(store, trip):
    event = make_event(store, trip)
    moved = services.update_event(
        store, trip, event.uid, start=event.timing.start, end=event.timing.end, timezone="Europe/London"
    )
    assert moved.sequence == 1
    assert moved.timing.instants() == event.timing.instants()


def test_cancel_keeps_event_with_higher_sequence(store, trip):
    event = make_event(store, trip)
    cancelled = services.cancel_event(store, trip, event.uid)
    assert cancelled.status is Status.CANCELLED
    assert cancelled.sequence == event.sequence + 1
    assert [e.uid for e in services.list_events(store, trip)] == [event.uid]


def test_delete_removes_event(store, trip):
    event = make_event(store, trip)
    services.delete_event(store, trip, event.uid)
    with pytest.raises(EventNotFound):
        services.get_event(store, trip, event.uid)


def test_delete_parent_keeps_children_unnested(store, trip):
    make_event(store, trip, uid="summit", start=datetime(2018, 6, 8, 9), end=datetime(2018, 6, 8, 18))
    child = make_event(store, trip, parent="summit")
    services.delete_event(store, trip, "summit")
    assert services.get_event(store, trip, child.uid).parent is None


def test_failed_update_writes_nothing(store, trip):
    event = make_event(store, trip)
    with pytest.raises(InvalidEvent):
        services.update_event(store, trip, event.uid, title="", venue="chancellery")
    assert services.get_event(store, trip, event.uid) == event


def test_failure_midway_rolls_back_the_whole_transaction(store, trip):
    with pytest.raises(InvalidEvent), store.transaction():
        make_event(store, trip, uid="kept-only-if-all-succeeds")
        make_event(store, trip, title="")
    with pytest.raises(EventNotFound):
        services.get_event(store, trip, "kept-only-if-all-succeeds")


def test_duplicate_uid_is_refused(store, trip):
    make_event(store, trip, uid="same")
    with pytest.raises(AlreadyExists, match="exists already"):
        make_event(store, trip, uid="same")


def test_bad_uid_is_refused(store, trip):
    with pytest.raises(InvalidEvent, match="uid"):
        make_event(store, trip, uid="has/slash")


def test_duplicate_slug_is_refused(store, trip):
    with pytest.raises(AlreadyExists, match="exists already"):
        services.create_itinerary(store, slug=trip, title="Again", timezone="UTC")


def test_unknown_itinerary(store):
    with pytest.raises(ItineraryNotFound, match="no itinerary with slug 'nope'"):
        services.list_events(store, "nope")


def test_itinerary_slug_never_changes(store, trip):
    with pytest.raises(InvalidItinerary, match="slug"):
        services.update_itinerary(store, trip, slug="other")


def test_unbounded_recurrence_is_capped(store, trip):
    make_event(store, trip, rrule="FREQ=DAILY")
    assert len(services.list_occurrences(store, trip)) == recurrence.MAX_OCCURRENCES
    assert len(services.list_occurrences(store, trip, limit=7)) == 7


def test_recurrence_window_and_exdates(store, trip):
    event = make_event(store, trip, rrule="FREQ=DAILY", exdates=(datetime(2018, 6, 9).date(),))
    since = datetime(2018, 6, 8, 12, tzinfo=event.timing.start.tzinfo)
    found = services.list_occurrences(store, trip, since=since, until=since + timedelta(days=3))
    assert [o.timing.start.day for o in found] == [10, 11]


def test_exdates_without_rule_are_refused(store, trip):
    with pytest.raises(InvalidEvent, match="exdates"):
        make_event(store, trip, exdates=(datetime(2018, 6, 9).date(),))


def test_restricted_events_left_out_on_request(seeded):
    restrict_lunch(seeded)  # the lunch as a plainly restricted event (the seed makes it busy for the public)
    public = {e.uid for e in services.list_events(seeded, "china-state-visit-2018", include_restricted=False)}
    every = {e.uid for e in services.list_events(seeded, "china-state-visit-2018")}
    assert every - public == {"cn2018-lunch-narrow"}


def test_feed_token_rotate_and_revoke(store, trip):
    from itinerary.errors import FeedNotFound

    assert services.feed_token(store, trip) is None
    first = services.rotate_feed_token(store, trip)
    assert len(first) >= 43
    assert services.itinerary_for_token(store, first).slug == trip
    second = services.rotate_feed_token(store, trip)
    assert second != first
    with pytest.raises(FeedNotFound):
        services.itinerary_for_token(store, first)
    services.revoke_feed_token(store, trip)
    with pytest.raises(FeedNotFound, match="no feed at this address"):
        services.itinerary_for_token(store, second)


def test_stale_form_is_refused_with_a_clear_message(store, trip, clock):
    from itinerary.errors import EditConflict

    event = make_event(store, trip)
    clock.now += timedelta(minutes=3)
    services.update_event(store, trip, event.uid, title="Talks, first editor", expected_sequence=0)
    with pytest.raises(EditConflict, match=r"'Talks, first editor' was changed by someone else .*now version 1"):
        services.update_event(store, trip, event.uid, title="Talks, second editor", expected_sequence=0)
    assert services.get_event(store, trip, event.uid).title == "Talks, first editor"


@pytest.mark.sql_only  # another worker's UPDATE, written through the SQL session
def test_write_racing_another_transaction_is_refused(store, trip, monkeypatch):
    from sqlalchemy import text

    from itinerary.errors import EditConflict
    from itinerary.storage import Repository

    event = make_event(store, trip)
    read = Repository.event

    def read_then_someone_else_writes(self, slug, uid):
        found = read(self, slug, uid)
        # What another worker's committed UPDATE looks like to this transaction's final write.
        self.session.execute(
            text("UPDATE events SET sequence = sequence + 1, lock_version = lock_version + 1 WHERE uid = :uid"),
            {"uid": uid},
        )
        return found

    monkeypatch.setattr(Repository, "event", read_then_someone_else_writes)
    with pytest.raises(EditConflict, match="changed by someone else while you were saving"):
        services.update_event(store, trip, event.uid, title="Lost update")
    monkeypatch.undo()
    assert services.get_event(store, trip, event.uid).title == "Talks"
