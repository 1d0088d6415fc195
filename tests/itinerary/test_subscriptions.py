"""Subscriptions: issued per audience, renamed, paused and revoked one by one; their feeds; batched feed health."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import icalendar
import pytest

from itinerary import ical, releases, services, subscriptions
from itinerary.errors import AlreadyExists, FeedNotFound, InvalidInput, NotFound
from itinerary.records import Fetches
from tests.conftest import make_trip

# Every test that uses the store runs on the SQL store and on the memory store (see tests/conftest.py).
STORES = ("sql", "memory")
SETTINGS = ical.FeedSettings("itinerary.test", "https://itinerary.test")


@pytest.fixture
def trip(two_talks):
    releases.publish(two_talks, "trip")
    return two_talks


def _summaries(store, subscription) -> list[str]:
    feed = subscriptions.feed_for(store.released(), subscription, SETTINGS)
    return sorted(str(e["SUMMARY"]) for e in icalendar.Calendar.from_ical(feed.body).walk("VEVENT"))


def _stored(store) -> list[tuple]:
    with store.transaction() as repo:
        return [(s.name, s.audience, s.paused) for s in repo.subscriptions.list("trip")]


def test_issue_stores_only_the_digest_and_the_token_opens_its_audience(trip):
    press = subscriptions.issue(trip, "trip", audience="press", name="TASS pool")
    staff = subscriptions.issue(trip, "trip", audience="staff", name="Protocol office")

    assert press.subscription.name == "TASS pool" and press.subscription.audience == "press"
    assert len(press.token) >= 43 and press.token != staff.token
    with trip.transaction() as repo:
        found = repo.subscriptions.by_digest(subscriptions.token_digest(press.token))
        assert repo.subscriptions.by_digest(press.token) is None  # the token itself is nowhere
    assert found == press.subscription
    assert subscriptions.by_token(trip, press.token) == press.subscription
    assert _summaries(trip, subscriptions.by_token(trip, press.token)) == ["Talks"]
    assert _summaries(trip, subscriptions.by_token(trip, staff.token)) == ["Closed talks", "Talks"]


def test_revoking_one_subscription_leaves_the_others_working(trip):
    tass = subscriptions.issue(trip, "trip", audience="press", name="TASS pool")
    xinhua = subscriptions.issue(trip, "trip", audience="press", name="Xinhua")
    ushakov = subscriptions.issue(trip, "trip", audience="delegation", name="Russian delegation: Ushakov")

    subscriptions.revoke(trip, "trip", xinhua.subscription.id)

    with pytest.raises(FeedNotFound):
        subscriptions.by_token(trip, xinhua.token)
    assert subscriptions.by_token(trip, tass.token).name == "TASS pool"
    assert subscriptions.by_token(trip, ushakov.token).name == "Russian delegation: Ushakov"
    assert _stored(trip) == [("TASS pool", "press", False), ("Russian delegation: Ushakov", "delegation", False)]


def test_paused_subscription_is_not_found_like_an_unknown_token_until_resumed(trip):
    issued = subscriptions.issue(trip, "trip", audience="press", name="TASS pool")
    subscriptions.pause(trip, "trip", issued.subscription.id)

    with pytest.raises(FeedNotFound) as paused:
        subscriptions.by_token(trip, issued.token)
    with pytest.raises(FeedNotFound) as unknown:
        subscriptions.by_token(trip, "x" * len(issued.token))
    assert str(paused.value) == str(unknown.value)

    subscriptions.pause(trip, "trip", issued.subscription.id, paused=False)
    assert subscriptions.by_token(trip, issued.token).paused is False


def test_rename_keeps_the_token_and_refuses_a_taken_name(trip):
    issued = subscriptions.issue(trip, "trip", audience="press", name="TASS pool")
    subscriptions.issue(trip, "trip", audience="press", name="Xinhua")

    subscriptions.rename(trip, "trip", issued.subscription.id, "  TASS pool (Beijing)  ")
    with pytest.raises(AlreadyExists, match="name: 'trip' has a subscription called 'Xinhua' already"):
        subscriptions.rename(trip, "trip", issued.subscription.id, "Xinhua")

    assert subscriptions.by_token(trip, issued.token).name == "TASS pool (Beijing)"


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"audience": "friends", "name": "TASS pool"}, "audience", "must be one of public, press, delegation, staff"),
        ({"audience": "press", "name": "  "}, "name", "must not be empty"),
        ({"audience": "press", "name": "x" * 101}, "name", "must be at most 100 characters"),
        ({"audience": "press", "name": "TASS\x00pool"}, "name", "must not contain control characters"),
    ],
)
def test_bad_input_is_refused_naming_the_field_and_nothing_is_stored(trip, fields, field, message):
    with pytest.raises(InvalidInput) as refused:
        subscriptions.issue(trip, "trip", **fields)
    assert refused.value.errors == {field: message}
    assert _stored(trip) == []


def test_same_name_twice_is_refused(trip):
    subscriptions.issue(trip, "trip", audience="press", name="TASS pool")
    with pytest.raises(AlreadyExists):
        subscriptions.issue(trip, "trip", audience="staff", name="TASS pool")
    assert _stored(trip) == [("TASS pool", "press", False)]


def test_old_private_address_is_listed_and_works_as_a_staff_subscription(trip):
    token = services.rotate_feed_token(trip, "trip")
    issued = subscriptions.issue(trip, "trip", audience="press", name="TASS pool")

    listed = subscriptions.listed(trip, "trip")
    assert [(s.id, s.name, s.audience) for s in listed] == [
        (0, "Private address", "staff"),
        (issued.subscription.id, "TASS pool", "press"),
    ]
    old = subscriptions.by_token(trip, token)
    assert (old.id, old.audience) == (0, "staff")
    assert _summaries(trip, old) == ["Closed talks", "Talks"]

    subscriptions.revoke(trip, "trip", subscriptions.find(trip, "trip", "Private address").id)
    assert services.feed_token(trip, "trip") is None
    assert subscriptions.by_token(trip, issued.token).name == "TASS pool"


def test_find_by_name_or_id_and_unknown_names_the_field(trip):
    issued = subscriptions.issue(trip, "trip", audience="press", name="Xinhua")
    assert subscriptions.find(trip, "trip", "Xinhua") == issued.subscription
    assert subscriptions.find(trip, "trip", str(issued.subscription.id)) == issued.subscription
    with pytest.raises(NotFound, match="subscription: 'trip' has no subscription 'Reuters'"):
        subscriptions.find(trip, "trip", "Reuters")


def test_subscriptions_belong_to_the_draft_not_the_release(trip):
    issued = subscriptions.issue(trip, "trip", audience="press", name="TASS pool")
    releases.publish(trip, "trip")
    with trip.released().transaction() as repo:
        assert repo.subscriptions.list("trip") == [issued.subscription]
    assert subscriptions.by_token(trip.released(), issued.token) == issued.subscription


def test_deleting_the_itinerary_takes_its_subscriptions(trip):
    from itinerary import lifecycle

    issued = subscriptions.issue(trip, "trip", audience="press", name="TASS pool")
    _record(trip, issued.subscription.id, "google", 1)
    lifecycle.delete_itinerary(trip, "trip")
    with pytest.raises(FeedNotFound):
        subscriptions.by_token(trip, issued.token)


def _record(store, subscription_id, family, count, at=datetime(2018, 6, 8, 9, tzinfo=UTC)):
    with store.transaction() as repo:
        return repo.subscriptions.record([Fetches(subscription_id, family, count, at, at, at)])


def test_recorded_fetches_add_up_by_family_and_a_revoked_one_s_are_dropped(trip):
    tass = subscriptions.issue(trip, "trip", audience="press", name="TASS pool").subscription
    gone = subscriptions.issue(trip, "trip", audience="press", name="Xinhua").subscription
    subscriptions.revoke(trip, "trip", gone.id)
    early, late = datetime(2018, 6, 8, 9, tzinfo=UTC), datetime(2018, 6, 8, 11, tzinfo=UTC)

    assert _record(trip, tass.id, "google", 3, late) == 1
    assert _record(trip, tass.id, "google", 2, early) == 1
    assert _record(trip, gone.id, "apple", 1) == 0

    with trip.transaction() as repo:
        assert repo.subscriptions.fetches("trip") == [Fetches(tass.id, "google", 5, early, late, late)]


def test_health_says_latest_behind_or_never_and_counts_audiences(trip, clock):
    fresh = subscriptions.issue(trip, "trip", audience="press", name="TASS pool").subscription
    stale = subscriptions.issue(trip, "trip", audience="delegation", name="Ushakov").subscription
    subscriptions.issue(trip, "trip", audience="press", name="Xinhua")
    _record(trip, stale.id, "apple", 2, clock.now - timedelta(hours=5))
    clock.now += timedelta(minutes=1)
    releases.publish(trip, "trip")
    clock.now += timedelta(minutes=1)
    _record(trip, fresh.id, "google", 1, clock.now)
    _record(trip, fresh.id, "microsoft", 4, clock.now)

    found, counts = subscriptions.health(trip, "trip")

    assert [(h.subscription.name, h.state, h.fetches, h.families) for h in found] == [
        ("TASS pool", "latest", 5, {"google": 1, "microsoft": 4}),
        ("Ushakov", "behind", 2, {"apple": 2}),
        ("Xinhua", "never", 0, {}),
    ]
    assert counts == {"public": 0, "press": 2, "delegation": 1, "staff": 0}


class _Failing:
    """A store whose transactions fail, as a database does while it restarts."""

    def transaction(self):
        raise ConnectionError("database restarting")


def test_recorder_writes_batches_and_a_lost_worker_loses_at_most_its_batch(trip, clock):
    tass = subscriptions.issue(trip, "trip", audience="press", name="TASS pool").subscription
    at = clock.now
    first = subscriptions.FetchRecorder(trip, every=3600, batch=1000, at_exit=False)
    for _ in range(7):
        first.record(tass.id, "google", at, at)
    assert first.flush() == 7
    for _ in range(3):
        first.record(tass.id, "google", at, at)  # the worker dies before these are written: this batch is lost
    _kill(first)

    second = subscriptions.FetchRecorder(trip, every=3600, batch=1000, at_exit=False)  # the restarted worker
    for _ in range(4):
        second.record(tass.id, "apple", at, at)
    second.close()  # at exit: what is left is written

    with trip.transaction() as repo:
        assert [(f.family, f.count) for f in repo.subscriptions.fetches("trip")] == [("apple", 4), ("google", 7)]


def _kill(recorder):
    """The worker is gone: its thread stops, and what it had not written is lost."""
    recorder._stop.set()
    recorder._wake.set()
    recorder._thread.join()


def test_recorder_thread_writes_once_a_batch_is_full(tmp_path, clock):
    from itinerary.storage import Store
    from tests.conftest import TEST_DATABASE_URL, fresh_store

    # A database the background thread shares (an in-memory SQLite one is one per thread).
    trip = fresh_store(clock) if TEST_DATABASE_URL else Store(f"sqlite:///{tmp_path / 'db.sqlite3'}", clock=clock)
    trip.create_schema()
    make_trip(trip, "trip", "Trip")
    tass = subscriptions.issue(trip, "trip", audience="press", name="TASS pool").subscription
    recorder = subscriptions.FetchRecorder(trip, every=3600, batch=5, at_exit=False)
    for _ in range(5):
        recorder.record(tass.id, "thunderbird", clock.now, clock.now)
    for _ in range(200):  # the thread is woken by the full batch, not by the hour-long timer
        if recorder.pending() == 0:
            break
        recorder._thread.join(0.05)
    recorder.close()
    with trip.transaction() as repo:
        assert [(f.family, f.count) for f in repo.subscriptions.fetches("trip")] == [("thunderbird", 5)]
    trip.dispose()


def test_recorder_drops_a_failed_batch_and_writes_the_next(trip, clock):
    tass = subscriptions.issue(trip, "trip", audience="press", name="TASS pool").subscription
    recorder = subscriptions.FetchRecorder(_Failing(), every=3600, batch=1000, at_exit=False)
    recorder.record(tass.id, "google", clock.now, clock.now)
    assert recorder.flush() == 0 and recorder.pending() == 0
    recorder.store = trip
    recorder.record(tass.id, "google", clock.now, clock.now)
    assert recorder.flush() == 1
    _kill(recorder)


def test_recorder_buffer_is_bounded(trip, clock):
    recorder = subscriptions.FetchRecorder(trip, every=3600, batch=1000, limit=2, at_exit=False)
    for subscription_id in (1, 2, 3, 3):
        recorder.record(subscription_id, "other", clock.now, clock.now)
    recorder.record(1, "other", clock.now, clock.now)  # an entry already kept still counts
    assert (recorder.pending(), recorder.dropped) == (3, 2)
    _kill(recorder)


@pytest.mark.parametrize(
    ("user_agent", "family"),
    [
        ("Google-Calendar-Importer", "google"),
        ("Mozilla/5.0 (compatible; Google-Calendar-Importer; +http://www.google.com/)", "google"),
        ("Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.17928; Pro)", "microsoft"),
        ("Microsoft.Exchange/15.20 (Windows NT 10.0; Win64; x64)", "microsoft"),
        ("Outlook-iOS/723.4027091.prod.iphone (4.2419.0)", "microsoft"),
        ("macOS/14.5 (23F79) CalendarAgent/988.5.1", "apple"),
        ("iOS/17.5.1 (21F90) dataaccessd/1.0", "apple"),
        ("Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Thunderbird/128.3.0", "thunderbird"),
        ("Mozilla/5.0 (X11; Linux x86_64; rv:52.0) Gecko/20100101 Thunderbird/52.9.1 Lightning/5.4.9", "thunderbird"),
        ("curl/8.5.0", "other"),
        ("", "other"),
        (None, "other"),
    ],
)
def test_client_family_from_user_agents_as_calendar_apps_send_them(user_agent, family):
    assert subscriptions.client_family(user_agent) == family
