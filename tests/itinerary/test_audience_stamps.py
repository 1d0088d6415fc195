"""Per-audience validators and stand-ins (itinerary.storage.views): each audience's feed bytes, ETag and
Last-Modified change exactly when what it sees does; a busy stand-in's SEQUENCE grows only with what it shows;
a cold public feed serializes nothing, its stand-ins included."""

from __future__ import annotations

from datetime import datetime, timedelta

import icalendar
import pytest

from itinerary import feeds, ical, own_audiences, releases, services
from itinerary.storage import blocks as stored_blocks
from tests.conftest import make_event

STORES = ("sql", "memory")
SLUG = "china-state-visit-2018"
LUNCH = "cn2018-lunch-narrow"  # busy for the public and the press, full for the delegations and staff
SETTINGS = ical.FeedSettings(base_url="http://test.invalid")
AUDIENCES = ("public", "press", "delegation", "staff")


def answers(store) -> dict[str, feeds.RenderedFeed]:
    """Each built-in audience's feed of the seed's state visit, built afresh."""
    return {a: feeds.itinerary_feed(store, SLUG, SETTINGS, audience=a) for a in AUDIENCES}


def lunch_in(feed: feeds.RenderedFeed):
    """The lunch's VEVENT as a feed shows it."""
    calendar = icalendar.Calendar.from_ical(feed.body)
    return next(e for e in calendar.walk("VEVENT") if str(e["UID"]).split("@")[0] == LUNCH)


HIDDEN_CHANGES = {
    "title": {"title": "Working lunch in a very narrow format"},
    "description": {"description": "Especially sensitive issues, over dessert."},
    "participants": {"participants": ("vladimir-putin", "xi-jinping")},
    "outcomes": {"outcomes": (("Joint statement on energy", "energy"),)},
}


@pytest.mark.parametrize("change", sorted(HIDDEN_CHANGES))
def test_busy_event_hidden_detail_change_leaves_public_and_press_answers_identical(seeded, clock, change):
    before = answers(seeded)
    clock.now += timedelta(minutes=5)

    services.update_event(seeded, SLUG, LUNCH, **HIDDEN_CHANGES[change])

    after = answers(seeded)
    for audience in ("public", "press"):
        assert (after[audience].body, after[audience].etag, after[audience].last_modified) == (
            before[audience].body,
            before[audience].etag,
            before[audience].last_modified,
        )
        assert seeded.audience_changed(SLUG, audience) == before[audience].last_modified
    for audience in ("delegation", "staff"):
        assert after[audience].etag != before[audience].etag
        assert after[audience].last_modified == clock.now.replace(microsecond=0) > before[audience].last_modified


def test_busy_event_session_added_leaves_public_and_press_answers_identical(seeded, clock):
    before = answers(seeded)
    clock.now += timedelta(minutes=5)

    lunch = services.get_event(seeded, SLUG, LUNCH)
    make_event(
        seeded,
        SLUG,
        title="Dessert talks",
        start=datetime(2018, 6, 8, 17, 30),
        end=datetime(2018, 6, 8, 17, 45),
        timezone=lunch.timing.timezone,
        parent=LUNCH,
        visibility="restricted",
        # Full for the press by its own settings, but hidden: the press sees its summit busy (sessions inherit).
        access=(("press", "full"), ("delegation", "full")),
    )

    after = answers(seeded)
    assert [after[a].etag for a in ("public", "press")] == [before[a].etag for a in ("public", "press")]
    assert [after[a].last_modified for a in ("public", "press")] == [
        before[a].last_modified for a in ("public", "press")
    ]
    assert b"Dessert talks" in after["delegation"].body and after["delegation"].etag != before["delegation"].etag


def test_busy_event_visible_change_moves_validators_and_standin_sequence_grows(seeded, clock):
    before = answers(seeded)
    old = lunch_in(before["public"])
    clock.now += timedelta(minutes=5)
    lunch = services.get_event(seeded, SLUG, LUNCH)

    services.update_event(seeded, SLUG, LUNCH, title="Still secret")  # hidden: the stand-in stays
    services.update_event(seeded, SLUG, LUNCH, start=datetime(2018, 6, 8, 17, 0), end=datetime(2018, 6, 8, 18, 15))

    after = answers(seeded)
    for audience in ("public", "press"):
        assert after[audience].etag != before[audience].etag
        assert after[audience].last_modified == clock.now.replace(microsecond=0)
    new = lunch_in(after["public"])
    assert new["SEQUENCE"] == old["SEQUENCE"] + 1  # one change that the public sees, not two
    assert new["LAST-MODIFIED"].dt == clock.now.replace(microsecond=0)
    assert new["DTSTAMP"].dt == clock.now.replace(microsecond=0)
    assert str(new["SUMMARY"]) == "Closed working lunch" and new["DTSTART"].dt.hour == 17
    assert services.get_event(seeded, SLUG, LUNCH).sequence == lunch.sequence + 2  # staff saw both


def test_standin_sequence_never_falls_when_a_full_view_turns_busy(seeded, clock):
    for _ in range(3):  # the event's SEQUENCE runs ahead of its stand-in's with changes the press never sees
        clock.now += timedelta(minutes=1)
        services.update_event(seeded, SLUG, LUNCH, description=f"Issue {clock.now:%M}")
    busy = lunch_in(feeds.itinerary_feed(seeded, SLUG, SETTINGS, audience="press"))["SEQUENCE"]
    clock.now += timedelta(minutes=1)
    access = {"public": "busy", "press": "full", "delegation": "full", "staff": "full"}
    services.update_event(seeded, SLUG, LUNCH, access=tuple(access.items()))
    full = lunch_in(feeds.itinerary_feed(seeded, SLUG, SETTINGS, audience="press"))["SEQUENCE"]
    clock.now += timedelta(minutes=1)
    services.update_event(seeded, SLUG, LUNCH, access=tuple((access | {"press": "busy"}).items()))

    again = lunch_in(feeds.itinerary_feed(seeded, SLUG, SETTINGS, audience="press"))
    assert busy < full <= again["SEQUENCE"]
    assert str(again["SUMMARY"]) == "Closed working lunch"


def test_own_audience_that_sees_an_event_in_full_gets_new_validators_when_it_changes(seeded, clock):
    """The opposite risk: an audience of the itinerary's own sees the event in full while the public sees it
    busy (or nothing); a change to that event must move that audience's validators (never a stale 304)."""
    own_audiences.add(seeded, SLUG, name="interpreters", label="Interpreters")
    access = (("public", "busy"), ("press", "hidden"), ("delegation", "hidden"), ("interpreters", "full"))
    services.update_event(seeded, SLUG, LUNCH, access=access)
    secret = make_event(seeded, SLUG, title="Interpreters' briefing", visibility="restricted")
    services.update_event(seeded, SLUG, secret.uid, access=(("interpreters", "full"),))
    before = feeds.itinerary_feed(seeded, SLUG, SETTINGS, audience="interpreters")
    public = feeds.itinerary_feed(seeded, SLUG, SETTINGS)
    stamp = seeded.audience_changed(SLUG, "interpreters")

    for uid, change in ((LUNCH, {"description": "New topics"}), (secret.uid, {"title": "Interpreters' rehearsal"})):
        clock.now += timedelta(minutes=5)
        services.update_event(seeded, SLUG, uid, **change)
        after = feeds.itinerary_feed(seeded, SLUG, SETTINGS, audience="interpreters")
        assert after.etag != before.etag
        assert after.last_modified == seeded.audience_changed(SLUG, "interpreters") == clock.now.replace(microsecond=0)
        assert after.last_modified > stamp
        before, stamp = after, after.last_modified
    assert feeds.itinerary_feed(seeded, SLUG, SETTINGS).etag == public.etag  # the public saw neither change
    assert b"New topics" in before.body and b"Interpreters' rehearsal" in before.body


def test_own_audience_feed_cached_is_rebuilt_after_a_change_it_sees(seeded, clock):
    own_audiences.add(seeded, SLUG, name="interpreters", label="Interpreters")
    secret = make_event(seeded, SLUG, title="Interpreters' briefing", visibility="restricted")
    services.update_event(seeded, SLUG, secret.uid, access=(("interpreters", "full"),))
    cache = feeds.FeedCache()
    before = feeds.itinerary_feed(seeded, SLUG, SETTINGS, audience="interpreters", cache=cache)
    clock.now += timedelta(minutes=5)

    services.update_event(seeded, SLUG, secret.uid, title="Interpreters' rehearsal")

    cached = feeds.itinerary_feed(seeded, SLUG, SETTINGS, audience="interpreters", cache=cache)
    assert cached.body == feeds.itinerary_feed(seeded, SLUG, SETTINGS, audience="interpreters").body
    assert cached.etag != before.etag and b"Interpreters' rehearsal" in cached.body


def test_itinerary_title_change_moves_every_audience_stamp(seeded, clock):
    before = {a: seeded.audience_changed(SLUG, a) for a in (*AUDIENCES, "unknown")}
    clock.now += timedelta(minutes=5)

    itinerary = services.get_itinerary(seeded, SLUG)
    services.update_itinerary(seeded, SLUG, title=itinerary.title + " (revised)")

    after = {a: seeded.audience_changed(SLUG, a) for a in (*AUDIENCES, "unknown")}
    assert all(after[a] == clock.now.replace(microsecond=0) > before[a] for a in after)


def test_published_release_keeps_public_validators_after_a_hidden_detail_change(seeded, clock):
    readers = seeded.released()
    releases.publish(seeded, SLUG)
    before = answers(readers)
    clock.now += timedelta(minutes=5)
    services.update_event(seeded, SLUG, LUNCH, description="Over dessert")
    releases.publish(seeded, SLUG)

    after = answers(readers)
    assert [after[a].body for a in ("public", "press")] == [before[a].body for a in ("public", "press")]
    assert after["delegation"].body != before["delegation"].body
    assert after["staff"].last_modified == clock.now.replace(microsecond=0)


@pytest.mark.sql_only
@pytest.mark.parametrize("language", ["", "ru"])
def test_cold_public_feed_serializes_no_event_and_no_standin(seeded, monkeypatch, language):
    settings = ical.FeedSettings(base_url="http://test.invalid", language=language)
    fresh = feeds.itinerary_feed(seeded, SLUG, settings)  # stored blocks joined; built once to compare

    def refuse(*args, **kwargs):
        raise AssertionError("a cold feed serialized an event")

    monkeypatch.setattr(ical, "event_block", refuse)
    monkeypatch.setattr(stored_blocks, "render", refuse)
    for audience in ("public", "press"):
        served = feeds.itinerary_feed(seeded, SLUG, settings, audience=audience)
        assert str(lunch_in(served)["SUMMARY"]) == {"": "Closed working lunch", "ru": "Закрытый рабочий обед"}[language]
    assert feeds.itinerary_feed(seeded, SLUG, settings).body == fresh.body


@pytest.mark.sql_only
def test_standin_block_stored_equals_the_one_rendered_on_the_fly(seeded, clock):
    clock.now += timedelta(minutes=5)
    services.update_event(seeded, SLUG, LUNCH, start=datetime(2018, 6, 8, 17, 0), end=datetime(2018, 6, 8, 18, 15))
    stored = feeds.itinerary_feed(seeded, SLUG, SETTINGS)
    seeded.stored_blocks = False
    assert feeds.itinerary_feed(seeded, SLUG, SETTINGS).body == stored.body


RU = ical.FeedSettings(base_url="http://test.invalid", language="ru")


def test_published_translation_moves_every_audiences_validators_in_the_release(seeded, clock):
    from itinerary import texts
    from itinerary.languages import event_key

    readers = seeded.released()
    releases.publish(seeded, SLUG)
    before = {a: feeds.itinerary_feed(readers, SLUG, RU, audience=a) for a in AUDIENCES}
    clock.now += timedelta(minutes=5)
    texts.add_other_texts(seeded, "event", event_key(SLUG, "cn2018-press"), {"ru": {"title": "Заявления"}})
    clock.now += timedelta(minutes=5)
    releases.publish(seeded, SLUG)

    for audience in AUDIENCES:  # every audience sees the press statements in full: each gets the new title
        after = feeds.itinerary_feed(readers, SLUG, RU, audience=audience)
        assert after.etag != before[audience].etag, audience
        assert after.last_modified == clock.now.replace(microsecond=0), audience
        calendar = icalendar.Calendar.from_ical(after.body)
        press = next(e for e in calendar.walk("VEVENT") if str(e["UID"]).startswith("cn2018-press@"))
        assert str(press["SUMMARY"]) == "Заявления", audience


def test_venue_translation_moves_every_audiences_validators_in_the_release_at_once(seeded, clock):
    from itinerary import texts

    readers = seeded.released()
    releases.publish(seeded, SLUG)
    before = {a: readers.audience_changed(SLUG, a) for a in AUDIENCES}
    clock.now += timedelta(minutes=5)
    venue = services.get_event(seeded, SLUG, "cn2018-press").venue.key
    texts.add_other_texts(seeded, "venue", venue, {"ru": {"name": "Новое название"}})

    after = {a: readers.audience_changed(SLUG, a) for a in AUDIENCES}
    assert all(after[a] == clock.now.replace(microsecond=0) > before[a] for a in AUDIENCES), (before, after)
