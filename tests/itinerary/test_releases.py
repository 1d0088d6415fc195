"""Releases: readers see the latest published state; editors change a draft and publish it in one step."""

from __future__ import annotations

from datetime import timedelta

import icalendar
import pytest

from itinerary import changelog, feeds, fixtures, ical, releases, services
from itinerary.errors import InvalidInput
from tests.builders import when
from tests.conftest import NOW, make_event

STORES = ("sql", "memory")
SLUG = "china-state-visit-2018"
CONTACTS = "russia-china-contacts-2017-2018"


def titles(store, slug=SLUG) -> dict[str, str]:
    return {event.uid: event.title for event in services.list_events(store, slug)}


def summaries(feed: bytes) -> dict[str, str]:
    calendar = icalendar.Calendar.from_ical(feed)
    return {str(e["UID"]).partition("@")[0]: str(e["SUMMARY"]) for e in calendar.walk("VEVENT")}


def test_seed_loads_as_release_1_of_both_itineraries(seeded):
    for slug in (SLUG, CONTACTS):
        (release,) = releases.releases(seeded, slug)
        assert (release.number, release.note) == (1, f"\x1floaded from {slug}.toml")  # marked as the service's
        assert releases.changes(seeded, slug) == []
        assert titles(seeded.released(), slug) == titles(seeded, slug)
    fixtures.load_seed(seeded)  # loading again changes nothing, so publishes nothing
    assert [v.number for v in releases.releases(seeded, SLUG)] == [1]


def test_draft_change_is_unseen_by_readers_until_published(seeded, clock):
    services.update_event(seeded, SLUG, "cn2018-press", title="Joint press statements")
    assert titles(seeded)["cn2018-press"] == "Joint press statements"
    assert titles(seeded.released())["cn2018-press"] == "Press statements"
    clock.now += timedelta(hours=1)
    release = releases.publish(seeded, SLUG, editor="anna", note="Sent to the press pool")
    assert (release.number, release.at, release.editor, release.note) == (
        2,
        clock.now,
        "anna",
        "Sent to the press pool",
    )
    assert titles(seeded.released()) == titles(seeded)
    assert releases.changes(seeded, SLUG) == []


def test_unpublished_changes_are_counted_with_their_difference(seeded):
    services.update_event(seeded, SLUG, "cn2018-train-tianjin", **when("2018-06-08 13:50", "14:25"))
    services.cancel_event(seeded, SLUG, "cn2018-press")
    services.delete_event(seeded, SLUG, "cn2018-flight-qingdao")
    make_event(seeded, SLUG, uid="wreath", title="Wreath laying", **when("2018-06-08 08:00", "08:20"))
    found = releases.changes(seeded, SLUG)
    assert [(c.title, c.action) for c in found] == [
        ("Flight from Beijing to Qingdao", "deleted"),
        ("Press statements", "cancelled"),
        ("Train from Beijing to Tianjin", "changed"),
        ("Wreath laying", "created"),
    ]
    assert found[2].fields == {
        "start": ("2018-06-08 14:00 Asia/Shanghai", "2018-06-08 13:50 Asia/Shanghai"),
        "end": ("2018-06-08 14:35 Asia/Shanghai", "2018-06-08 14:25 Asia/Shanghai"),
    }
    releases.publish(seeded, SLUG)
    assert releases.changes(seeded, SLUG) == []
    assert "cn2018-flight-qingdao" not in titles(seeded.released())
    assert titles(seeded.released())["wreath"] == "Wreath laying"
    assert [(c.title, c.action) for c in changelog.compare_versions(seeded, SLUG, 1, 2)] == [
        (c.title, c.action) for c in found
    ]


def test_publish_every_save_publishes_in_the_saving_transaction(seeded, clock):
    releases.set_publish_on_save(seeded, SLUG, True)
    assert releases.publishes_on_save(seeded, SLUG) and not releases.publishes_on_save(seeded, CONTACTS)
    clock.now += timedelta(minutes=5)
    services.update_event(seeded, SLUG, "cn2018-press", title="Joint press statements")
    assert titles(seeded.released())["cn2018-press"] == "Joint press statements"
    latest = releases.releases(seeded, SLUG)[-1]
    assert (latest.number, latest.at, latest.note) == (2, clock.now, "\x1fpublished on save")
    releases.set_publish_on_save(seeded, SLUG, False)
    services.update_event(seeded, SLUG, "cn2018-press", title="Press statements again")
    assert titles(seeded.released())["cn2018-press"] == "Joint press statements"
    assert len(releases.releases(seeded, SLUG)) == 2


def test_turning_publish_on_save_on_publishes_what_waits(seeded):
    services.update_event(seeded, SLUG, "cn2018-press", title="Joint press statements")
    releases.set_publish_on_save(seeded, SLUG, True, editor="anna")
    assert titles(seeded.released())["cn2018-press"] == "Joint press statements"
    assert releases.releases(seeded, SLUG)[-1].editor == "anna"


def test_new_itinerary_has_an_empty_release_until_published(store):
    services.create_itinerary(store, slug="summit", title="Summit", timezone="Europe/Moscow")
    make_event(store, "summit", uid="opening", title="Opening")
    assert services.get_itinerary(store.released(), "summit").title == "Summit"
    assert services.list_events(store.released(), "summit") == []
    assert releases.releases(store, "summit") == []
    assert store.released().published_state("summit")[1] == 0
    assert [(c.title, c.action) for c in releases.changes(store, "summit")] == [("Opening", "created")]
    releases.publish(store, "summit")
    assert titles(store.released(), "summit") == {"opening": "Opening"}
    assert store.released().published_state("summit")[1] == 1


def test_itinerary_fields_wait_for_publishing_but_visibility_acts_at_once(seeded):
    services.update_itinerary(seeded, SLUG, title="State visit")
    assert services.get_itinerary(seeded.released(), SLUG).title == "State visit to China and the SCO summit, June 2018"
    assert [(c.title, c.action, c.fields) for c in releases.changes(seeded, SLUG)] == [
        ("State visit", "changed", {"title": ("State visit to China and the SCO summit, June 2018", "State visit")})
    ]
    services.update_itinerary(seeded, SLUG, visibility="restricted")
    assert services.get_itinerary(seeded.released(), SLUG).visibility.value == "restricted"
    assert services.get_itinerary(seeded.released(), SLUG).title == "State visit to China and the SCO summit, June 2018"


@pytest.mark.parametrize("note", ["x" * 501, "a\x00b"])
def test_publish_refuses_a_bad_note_and_publishes_nothing(seeded, note):
    services.update_event(seeded, SLUG, "cn2018-press", title="Joint press statements")
    with pytest.raises(InvalidInput) as refused:
        releases.publish(seeded, SLUG, note=note)
    assert list(refused.value.errors) == ["note"]
    assert [v.number for v in releases.releases(seeded, SLUG)] == [1]
    assert titles(seeded.released())["cn2018-press"] == "Press statements"


def test_release_feed_bytes_hold_through_draft_saves_and_match_a_fresh_build_after_publish(seeded, clock):
    settings = ical.FeedSettings(uid_domain="itinerary.test")
    cache = feeds.FeedCache(16)
    released = seeded.released()
    before = feeds.itinerary_feed(released, SLUG, settings, cache=cache)
    clock.now += timedelta(hours=1)
    services.update_event(seeded, SLUG, "cn2018-press", title="Joint press statements")
    held = feeds.itinerary_feed(released, SLUG, settings, cache=cache)
    assert (held.body, held.etag, held.last_modified) == (before.body, before.etag, before.last_modified)
    assert feeds.itinerary_feed(released, SLUG, settings).body == before.body  # fresh, without the cache
    draft = feeds.itinerary_feed(seeded, SLUG, settings, cache=cache)
    assert summaries(draft.body)["cn2018-press"] == "Joint press statements"
    clock.now += timedelta(hours=1)
    releases.publish(seeded, SLUG)
    after = feeds.itinerary_feed(released, SLUG, settings, cache=cache)
    assert after.body == feeds.itinerary_feed(released, SLUG, settings).body
    assert summaries(after.body)["cn2018-press"] == "Joint press statements"
    assert after.etag != before.etag
    assert (held.last_modified, after.last_modified) == (NOW, NOW + timedelta(hours=2))


def test_released_fast_reads_show_the_release_until_the_draft_is_published(seeded, clock):
    released = seeded.released()

    def fast_reads(store) -> tuple:
        return (
            store.itinerary_updated(SLUG),
            store.feed_changed(SLUG, private=False),
            store.feed_changed(SLUG, private=True),
            store.published_state(SLUG),
        )

    loaded = fast_reads(released)
    assert loaded == (NOW, NOW, NOW, (NOW, 1))
    clock.now += timedelta(hours=1)
    services.update_event(seeded, SLUG, "cn2018-press", title="Joint press statements")
    assert fast_reads(seeded)[:3] == (clock.now, clock.now, clock.now)  # the draft's
    assert fast_reads(released) == loaded
    clock.now += timedelta(hours=1)
    releases.publish(seeded, SLUG)
    assert fast_reads(released) == (clock.now, clock.now, clock.now, (clock.now, 2))
    assert (released.itinerary_updated("gone"), released.feed_changed("gone", private=True)) == (None, None)
    assert released.published_state("gone") is None


def test_release_keeps_its_translations_until_published_and_drops_them_with_the_itinerary(seeded, clock):
    from itinerary import lifecycle, texts
    from itinerary.languages import event_key

    key = event_key(SLUG, "cn2018-press")
    readers = seeded.released()
    press = services.get_event(readers, SLUG, "cn2018-press")
    clock.now += timedelta(minutes=1)
    texts.add_other_texts(seeded, "event", key, {"ru": {"title": "Совместные заявления"}})
    texts.set_languages(seeded, SLUG, "en", ["ru"])
    assert texts.event_in(readers, SLUG, press, "ru").value.title == "Заявления для прессы"
    assert texts.offered_languages(readers, SLUG) == ("en", "ru", "zh")
    assert texts.event_in(seeded, SLUG, press, "ru").value.title == "Совместные заявления"
    assert texts.offered_languages(seeded, SLUG) == ("en", "ru")
    assert [(c.uid, c.action) for c in releases.changes(seeded, SLUG)] == [
        ("cn2018-press", "translated"),
        ("", "translated"),
    ]

    before = readers.feed_changed(SLUG, private=False)
    clock.now += timedelta(minutes=1)
    releases.publish(seeded, SLUG)
    assert texts.event_in(readers, SLUG, press, "ru").value.title == "Совместные заявления"
    assert texts.offered_languages(readers, SLUG) == ("en", "ru")
    assert releases.changes(seeded, SLUG) == []
    assert readers.feed_changed(SLUG, private=False) > before  # the release's readers are told: its stamps moved

    lifecycle.delete_itinerary(seeded, SLUG)
    with seeded.transaction(release=True) as repo:
        assert repo.translations.texts("event", prefix=event_key(SLUG, "")) == {}
