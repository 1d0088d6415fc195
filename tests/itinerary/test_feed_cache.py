"""A feed rebuilt from cached event blocks is byte-identical to one built afresh, after every kind of change."""

from __future__ import annotations

from datetime import timedelta

import pytest

from itinerary import feeds, ical, services

SLUG = "china-state-visit-2018"
SETTINGS = ical.FeedSettings(uid_domain="example.org", base_url="https://itinerary.example.org")


def fresh(store, *, private: bool) -> bytes:
    """The feed as the library builds it in one tree, no cache involved."""
    itinerary = services.get_itinerary(store, SLUG)
    calendar = ical.build_calendar(
        itinerary,
        services.list_events(store, SLUG, include_restricted=private),
        now=feeds.changed(itinerary, private),
        settings=SETTINGS,
        name=itinerary.title + (" (private)" if private else ""),
        include_restricted=private,
    )
    return ical.to_ics(calendar)


def cached(store, cache, *, private: bool) -> bytes:
    return feeds.itinerary_feed(store, SLUG, SETTINGS, private=private, cache=cache).body


CHANGES = {
    "event edit": lambda s: services.update_event(s, SLUG, "cn2018-press", title="Joint press statements"),
    "event moved": lambda s: services.update_event(
        s,
        SLUG,
        "cn2018-press",
        start=services.get_event(s, SLUG, "cn2018-press").timing.start + timedelta(minutes=5),
        end=services.get_event(s, SLUG, "cn2018-press").timing.end + timedelta(minutes=5),
    ),
    "cancel": lambda s: services.cancel_event(s, SLUG, "cn2018-hockey-tianjin"),
    "delete": lambda s: services.delete_event(s, SLUG, "cn2018-signing"),
    "delete a parent": lambda s: services.delete_event(s, SLUG, "sco2018-summit"),
    "restricted edit": lambda s: services.update_event(s, SLUG, "cn2018-lunch-narrow", title="Lunch (narrow)"),
    "venue rename": lambda s: services.put_venue(
        s,
        key="great-hall-of-the-people",
        name="Great Hall",
        city="Beijing",
        country="China",
        timezone="Asia/Shanghai",
        latitude=39.9033,
        longitude=116.3874,
    ),
    "participant rename": lambda s: services.put_participant(
        s, key="xi-jinping", name="Xi Jinping", role="President of the PRC", delegation="China"
    ),
}


@pytest.mark.parametrize("private", [False, True], ids=["public", "private"])
@pytest.mark.parametrize("change", list(CHANGES))
def test_feed_cached_equals_fresh_after_change(seeded, clock, change, private):
    cache = feeds.FeedCache()
    assert cached(seeded, cache, private=private) == fresh(seeded, private=private)
    before = cached(seeded, cache, private=private)

    clock.now += timedelta(minutes=1)
    CHANGES[change](seeded)

    after = cached(seeded, cache, private=private)
    # A restricted event's change is no change of the public feed: not one byte (DTSTAMP included) moves.
    assert (after != before) is (private or change != "restricted edit")
    assert after == fresh(seeded, private=private)
    assert after == feeds.itinerary_feed(seeded, SLUG, SETTINGS, private=private).body


def test_feed_warm_rebuild_serializes_only_the_changed_event(seeded, clock, monkeypatch):
    cache = feeds.FeedCache()
    cached(seeded, cache, private=True)
    serialized = []
    original = ical.event_block
    monkeypatch.setattr(ical, "event_block", lambda event, **kw: serialized.append(event.uid) or original(event, **kw))

    clock.now += timedelta(minutes=1)
    services.update_event(seeded, SLUG, "cn2018-press", title="Joint press statements")
    cached(seeded, cache, private=True)

    assert serialized == ["cn2018-press"]


def test_feed_participant_rename_reserializes_exactly_their_events(seeded, clock, monkeypatch):
    cache = feeds.FeedCache()
    cached(seeded, cache, private=True)
    serialized = []
    original = ical.event_block
    monkeypatch.setattr(ical, "event_block", lambda event, **kw: serialized.append(event.uid) or original(event, **kw))

    clock.now += timedelta(minutes=1)
    services.put_participant(seeded, key="xi-jinping", name="Xi Jinping", role="President", delegation="PRC")
    cached(seeded, cache, private=True)

    with_xi = {e.uid for e in services.list_events(seeded, SLUG) if any(p.key == "xi-jinping" for p in e.participants)}
    assert sorted(serialized) == sorted(with_xi)


def test_feed_blocks_are_kept_apart_by_settings(seeded):
    cache = feeds.FeedCache()
    other = ical.FeedSettings(uid_domain="other.example", base_url="https://other.example")
    first = feeds.itinerary_feed(seeded, SLUG, SETTINGS, cache=cache).body
    second = feeds.itinerary_feed(seeded, SLUG, other, cache=cache).body

    assert first == fresh(seeded, private=False)
    assert second == feeds.itinerary_feed(seeded, SLUG, other).body
    assert b"@other.example" in second and b"@other.example" not in first


def test_feed_fresh_window_still_shows_this_process_writes_at_once(seeded, clock):
    cache = feeds.FeedCache(fresh_for=3600)
    cached(seeded, cache, private=False)
    cached(seeded, cache, private=False)  # found in the cache: trusted for the window from now on

    clock.now += timedelta(minutes=1)
    services.update_event(seeded, SLUG, "cn2018-press", title="Joint press statements")

    assert cached(seeded, cache, private=False) == fresh(seeded, private=False)


def test_feed_fresh_window_trusts_a_recent_read_only_for_its_length(seeded):
    cache = feeds.FeedCache(fresh_for=3600)
    before = cached(seeded, cache, private=False)
    cached(seeded, cache, private=False)
    lookup = (SLUG, "", False, SETTINGS)

    assert cache.fresh(lookup, seeded.generation).body == before
    assert cache.fresh(lookup, seeded.generation + 1) is None  # this process wrote since
    cache.fresh_for = 0
    assert cache.fresh(lookup, seeded.generation) is None
