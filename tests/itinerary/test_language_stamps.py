"""Per-language validators (issue 16, itinerary.storage.views.refresh_languages): a published text in one
language moves that language's feeds alone, for every audience; the own language's texts and changes that are
not per language move every language that shows them."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

import icalendar

from itinerary import feeds, ical, releases, services, texts
from itinerary.languages import event_key

STORES = ("sql", "memory")
SLUG = "china-state-visit-2018"
SETTINGS = ical.FeedSettings(base_url="http://test.invalid")
LANGUAGES = ("", "ru", "zh")  # "" the itinerary's own (English), as a feed without ?lang= shows it
AUDIENCES = ("public", "press", "delegation", "staff")
PRESS = "cn2018-press"  # seen in full by every audience, with a Russian and a Chinese title in the seed
LUNCH = "cn2018-lunch-narrow"  # busy for the public and the press


def answers(store) -> dict[tuple[str, str], feeds.RenderedFeed]:
    """Every audience's feed of the latest release in every language, as a reader's request builds it."""
    released = store.released()
    return {
        (audience, lang): feeds.itinerary_feed(
            released, SLUG, dataclasses.replace(SETTINGS, language=lang), audience=audience
        )
        for audience in AUDIENCES
        for lang in LANGUAGES
    }


def validators(feed: feeds.RenderedFeed) -> tuple:
    return feed.body, feed.etag, feed.last_modified


def set_text(store, uid: str, field: str, lang: str, text: str | None) -> None:
    """Save (or with None remove) one text of an event in another language, as the texts form does."""
    found, _ = texts.texts_of(store, "event", event_key(SLUG, uid))
    if text is None:
        found[field].pop(lang, None)
    else:
        found[field][lang] = text
    texts.save_texts(store, "event", event_key(SLUG, uid), found)


def summary(feed: feeds.RenderedFeed, uid: str) -> str:
    calendar = icalendar.Calendar.from_ical(feed.body)
    return next(str(e["SUMMARY"]) for e in calendar.walk("VEVENT") if str(e["UID"]).split("@")[0] == uid)


def test_chinese_title_published_moves_only_the_chinese_feeds(seeded, clock):
    before = answers(seeded)
    clock.now += timedelta(minutes=5)

    set_text(seeded, PRESS, "title", "zh", "联合新闻发布会")
    releases.publish(seeded, SLUG)

    after = answers(seeded)
    now = clock.now.replace(microsecond=0)
    for audience in AUDIENCES:
        for lang in ("", "ru"):
            assert validators(after[audience, lang]) == validators(before[audience, lang]), (audience, lang)
            assert seeded.released().language_changed(SLUG, audience, lang) == before[audience, lang].last_modified
        zh = after[audience, "zh"]
        assert zh.etag != before[audience, "zh"].etag
        assert zh.last_modified == now > before[audience, "zh"].last_modified
        assert summary(zh, PRESS) == "联合新闻发布会"
    # ?lang=en is the own language's feed: the same bytes as no ?lang=.
    english = feeds.itinerary_feed(seeded.released(), SLUG, dataclasses.replace(SETTINGS, language="en"))
    assert validators(english) == validators(before["public", ""])


def test_busy_event_chinese_title_moves_only_the_chinese_feeds_that_show_it(seeded, clock):
    before = answers(seeded)
    clock.now += timedelta(minutes=5)

    set_text(seeded, LUNCH, "title", "zh", "小范围工作午餐（新）")
    releases.publish(seeded, SLUG)

    after = answers(seeded)
    moved = {key for key in after if validators(after[key]) != validators(before[key])}
    assert moved == {("delegation", "zh"), ("staff", "zh")}  # the public and the press see the lunch busy
    assert {after[key].last_modified for key in moved} == {clock.now.replace(microsecond=0)}


def test_own_language_title_moves_the_language_that_falls_back_to_it(seeded, clock):
    set_text(seeded, PRESS, "title", "ru", None)  # the Russian feed shows the English title
    releases.publish(seeded, SLUG)
    before = answers(seeded)
    assert summary(before["public", "ru"], PRESS) == summary(before["public", ""], PRESS)
    clock.now += timedelta(minutes=5)

    services.update_event(seeded, SLUG, PRESS, title="Joint press statements")
    releases.publish(seeded, SLUG)

    after = answers(seeded)
    for audience in AUDIENCES:
        for lang in ("", "ru"):
            assert after[audience, lang].etag != before[audience, lang].etag, (audience, lang)
            assert after[audience, lang].last_modified == clock.now.replace(microsecond=0)
        assert summary(after[audience, "ru"], PRESS) == "Joint press statements"


def test_time_change_moves_every_language(seeded, clock):
    before = answers(seeded)
    clock.now += timedelta(minutes=5)
    press = services.get_event(seeded, SLUG, PRESS)

    services.update_event(
        seeded, SLUG, PRESS, start=press.timing.start + timedelta(hours=1), end=press.timing.end + timedelta(hours=1)
    )
    releases.publish(seeded, SLUG)

    after = answers(seeded)
    assert all(after[key].etag != before[key].etag for key in after)
    assert {after[key].last_modified for key in after} == {clock.now.replace(microsecond=0)}


def test_chinese_itinerary_title_moves_only_the_chinese_feeds(seeded, clock):
    before = answers(seeded)
    clock.now += timedelta(minutes=5)

    found, _ = texts.texts_of(seeded, "itinerary", SLUG)
    found["title"]["zh"] = "国事访问（2018年6月）"
    texts.save_texts(seeded, "itinerary", SLUG, found)
    releases.publish(seeded, SLUG)

    after = answers(seeded)
    moved = {key for key in after if validators(after[key]) != validators(before[key])}
    assert moved == {(audience, "zh") for audience in AUDIENCES}
    # Last-Modified moves too: an If-Modified-Since of the old answer must not be answered 304.
    assert {after[key].last_modified for key in moved} == {clock.now.replace(microsecond=0)}


def test_language_stamp_without_a_row_is_the_audience_stamp(seeded):
    stamp = seeded.audience_changed(SLUG, "press")
    assert seeded.language_changed(SLUG, "press", "zh") == stamp  # the seed's stamps start at the audience's
    assert seeded.language_changed(SLUG, "no-such-audience", "zh") == seeded.audience_changed(SLUG, "no-such-audience")
    assert seeded.language_changed("no-such-itinerary", "public", "") is None


def test_event_feed_follows_its_language_stamp(seeded, clock):
    released = seeded.released()
    before = {
        lang: feeds.event_feed(released, SLUG, PRESS, dataclasses.replace(SETTINGS, language=lang))
        for lang in LANGUAGES
    }
    clock.now += timedelta(minutes=5)

    set_text(seeded, PRESS, "title", "zh", "联合新闻发布会")
    releases.publish(seeded, SLUG)

    after = {
        lang: feeds.event_feed(released, SLUG, PRESS, dataclasses.replace(SETTINGS, language=lang))
        for lang in LANGUAGES
    }
    assert [validators(after[lang]) for lang in ("", "ru")] == [validators(before[lang]) for lang in ("", "ru")]
    assert after["zh"].etag != before["zh"].etag and after["zh"].last_modified == clock.now.replace(microsecond=0)


def test_versions_in_are_each_rows_block_version(seeded):
    """The versions the language stamps digest are those the blocks' refresh compares (itinerary.storage.blocks
    .version_in), made faster: else every save would render every block again."""
    from itinerary.storage import blocks, translations, views

    with seeded.transaction() as repo:
        index = repo.feed_index(SLUG)
        library = translations.library(repo, repo.itinerary(SLUG))
        for lang in ("", "ru", "zh"):
            wanted = {row.id: blocks.version_in(row, SLUG, library, lang) for row in index}
            assert views.versions_in(index, SLUG, library, lang) == wanted
