"""Feeds per language: texts in Russian and Chinese with LANGUAGE, fallback, folding, blocks per language."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

import icalendar
import pytest
from ical.calendar_stream import IcsCalendarStream

from itinerary import feeds, ical, services, texts
from itinerary.languages import event_key
from tests.itinerary.test_feed_cache import SETTINGS, count_blocks_written
from tests.rfc5545 import unescape

SLUG = "china-state-visit-2018"
RU = dataclasses.replace(SETTINGS, language="ru")
ZH = dataclasses.replace(SETTINGS, language="zh")


@pytest.fixture(autouse=True)
def blocks_for_settings(store):
    store.block_domains = (SETTINGS.uid_domain,)


def feed(store, settings, *, private: bool = False, cache=None) -> bytes:
    return feeds.itinerary_feed(store, SLUG, settings, private=private, cache=cache).body


def fresh(store, settings, *, private: bool = False) -> bytes:
    """The feed as the library builds it in one tree, the texts localized in Python; no blocks involved."""
    itinerary = services.get_itinerary(store, SLUG)
    library = texts.library_of(store, SLUG)
    shown = texts.itinerary_in(store, SLUG, settings.language).value if settings.language else itinerary
    calendar = ical.build_calendar(
        itinerary,
        services.list_events(store, SLUG, include_restricted=private),
        now=feeds.language_stamp(store, itinerary, "staff" if private else "public", settings.language),
        settings=settings,
        name=shown.title + (" (private)" if private else ""),
        include_restricted=True,  # the events are already as the feed's audience sees them (busy ones as stand-ins)
        library=library,
    )
    return ical.to_ics(calendar)


def events_by_uid(body: bytes) -> dict[str, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(body)
    return {str(e["UID"]).split("@")[0]: e for e in calendar.walk("VEVENT")}


def test_feed_in_russian_carries_russian_texts_with_language(seeded):
    body = feed(seeded, RU)
    calendar = icalendar.Calendar.from_ical(body)
    assert unescape(calendar["X-WR-CALNAME"]) == "Государственный визит в Китай и саммит ШОС, июнь 2018 года"
    assert calendar["X-WR-CALNAME"].params["LANGUAGE"] == "ru" and calendar["NAME"].params["LANGUAGE"] == "ru"
    talks = events_by_uid(body)["cn2018-talks-narrow"]
    assert str(talks["SUMMARY"]) == "Российско-китайские переговоры в узком составе"
    assert talks["SUMMARY"].params["LANGUAGE"] == "ru"
    assert str(talks["LOCATION"]) == "Дом народных собраний, Пекин"
    assert talks["LOCATION"].params["LANGUAGE"] == "ru"
    assert str(talks["DESCRIPTION"]).startswith("Переговоры по приглашению Си Цзиньпина.\n\n")
    assert "Владимир Путин (Президент России, Делегация Российской Федерации)" in str(talks["DESCRIPTION"])


def test_feed_in_language_gives_categories_apart_from_the_kind_in_its_language(seeded):
    press = events_by_uid(feed(seeded, ZH))["cn2018-press"]
    lines = press["CATEGORIES"]
    found = [([str(name) for name in c.cats], c.params.get("LANGUAGE")) for c in lines]
    assert found == [(["记者会"], None), (["国事访问", "媒体"], "zh")]  # the kind: the service's word, in Chinese
    assert [str(c) for c in press.categories] == ["记者会", "国事访问", "媒体"]
    own = events_by_uid(feed(seeded, SETTINGS))["cn2018-press"]
    assert [str(c) for c in own.categories] == ["press", "state visit", "press"]
    assert "LANGUAGE" not in own["CATEGORIES"].params  # the own feed keeps one CATEGORIES, as before


def test_feed_in_chinese_carries_chinese_texts_with_language(seeded):
    body = feed(seeded, ZH, private=True)
    events = events_by_uid(body)
    assert str(events["cn2018-talks-enlarged"]["SUMMARY"]) == "中俄大范围会谈"
    assert str(events["cn2018-lunch-narrow"]["SUMMARY"]) == "小范围工作午餐"
    assert str(events["cn2018-signing"]["LOCATION"]) == "人民大会堂，北京"  # the language's comma
    assert {e["SUMMARY"].params["LANGUAGE"] for e in events.values()} == {"zh"}


@pytest.mark.parametrize("settings", [RU, ZH], ids=["ru", "zh"])
def test_feed_in_language_is_folded_whole_characters_and_reads_back_exactly(seeded, settings):
    body = feed(seeded, settings, private=True)
    for line in body.split(b"\r\n"):
        assert len(line) <= 75
        line.decode("utf-8")  # a line that split a character would not decode by itself
    assert body == fresh(seeded, settings, private=True)
    strict = {e.uid.split("@")[0]: e for e in IcsCalendarStream.calendar_from_ics(body.decode()).events}
    library = texts.library_of(seeded, SLUG)
    for event in services.list_events(seeded, SLUG):
        wanted = library.event(event, settings.language).value
        assert strict[event.uid].summary == wanted.title
        assert icalendar.Calendar.from_ical(body).walk("VEVENT")  # and the icalendar library reads it too
    long = events_by_uid(body)["cn2018-signing"]
    assert str(long["DESCRIPTION"]).startswith(
        library.event(services.get_event(seeded, SLUG, "cn2018-signing"), settings.language).value.description
    )


def test_feed_without_language_is_the_own_language_without_parameters(seeded):
    body = feed(seeded, SETTINGS)
    assert b"LANGUAGE=" not in body
    assert str(events_by_uid(body)["cn2018-press"]["SUMMARY"]) == "Press statements"
    english = dataclasses.replace(SETTINGS, language="en")
    assert feed(seeded, english) == body  # the own language asked for is the same feed


def test_feed_text_missing_in_language_falls_back_with_own_language(seeded, clock):
    clock.now += timedelta(minutes=1)
    key = event_key(SLUG, "cn2018-press")
    texts.put_other_texts(seeded, "event", key, {"zh": {"title": "共同会见记者"}})
    press = events_by_uid(feed(seeded, RU))["cn2018-press"]
    assert str(press["SUMMARY"]) == "Press statements" and press["SUMMARY"].params["LANGUAGE"] == "en"
    assert str(press["LOCATION"]) == "Дом народных собраний, Пекин"


BUSY = "cn2018-lunch-narrow"


def test_feed_russian_title_change_rebuilds_only_that_events_russian_block(seeded, clock, monkeypatch):
    cache = feeds.FeedCache()
    before = {lang: feed(seeded, settings, cache=cache) for lang, settings in (("", SETTINGS), ("ru", RU), ("zh", ZH))}
    russian = count_blocks_written(monkeypatch, "ru")
    own = count_blocks_written(monkeypatch, "")
    chinese = count_blocks_written(monkeypatch, "zh")
    clock.now += timedelta(minutes=1)

    found, _ = texts.texts_of(seeded, "event", event_key(SLUG, "cn2018-press"))
    found["title"]["ru"] = "Совместные заявления для прессы"
    texts.save_texts(seeded, "event", event_key(SLUG, "cn2018-press"), found)

    # The event's Russian block of the draft, no other (the latest release keeps its texts until published).
    assert (russian, own, chinese) == (["cn2018-press"], [], [])
    after = {lang: feed(seeded, settings, cache=cache) for lang, settings in (("", SETTINGS), ("ru", RU), ("zh", ZH))}
    # The feeds are joined from stored blocks, the busy stand-in's too (the seed's lunch, busy for the public):
    # nothing is rendered on the fly.
    assert (russian, own, chinese) == (["cn2018-press"], [], [])
    assert str(events_by_uid(after["zh"])[BUSY]["SUMMARY"]) == "非公开工作午餐"  # its own label, in Chinese
    assert str(events_by_uid(after["ru"])["cn2018-press"]["SUMMARY"]) == "Совместные заявления для прессы"
    assert services.get_event(seeded, SLUG, "cn2018-press").sequence == 0  # no SEQUENCE moved
    # Only the Russian feed's stamp moved: the others' bytes are as they were (issue 16).
    assert after["ru"] != before["ru"] and (after[""], after["zh"]) == (before[""], before["zh"])
    monkeypatch.undo()
    assert after["ru"] == fresh(seeded, RU) and after[""] == fresh(seeded, SETTINGS)


def test_event_feed_in_language(seeded):
    body = feeds.event_feed(seeded, SLUG, "cn2018-hockey-tianjin", ZH).body
    calendar = icalendar.Calendar.from_ical(body)
    assert unescape(calendar["X-WR-CALNAME"]) == "在天津观看青少年冰球比赛"
    assert str(calendar.walk("VEVENT")[0]["LOCATION"]) == "天津冰球馆"  # the city is in the name


@pytest.mark.parametrize(
    ("settings", "expected", "language"),
    [(SETTINGS, "Private meal", None), (RU, "Закрытая трапеза", "ru"), (ZH, "非公开餐叙", "zh")],
)
def test_feed_busy_event_neutral_label_in_the_feeds_language(seeded, settings, expected, language):
    services.update_event(seeded, SLUG, BUSY, label="")  # no label of its own: the neutral one of its kind
    summary = events_by_uid(feed(seeded, settings))[BUSY]["SUMMARY"]
    assert (str(summary), summary.params.get("LANGUAGE")) == (expected, language)


@pytest.mark.parametrize("settings", [RU, ZH])
def test_our_feed_in_a_language_imports_without_its_kind_among_the_categories(seeded, settings):
    body = feed(seeded, settings)
    parsed = ical.parse_ics(body, home_zone="Asia/Shanghai", uid_domain="itinerary.test").events
    parsed = {e.uid.partition("@")[0]: e for e in parsed}
    press = parsed["cn2018-press"]
    assert press.fields["kind"] == "press"
    assert (
        press.fields["categories"]
        == {"ru": ("государственный визит", "пресса"), "zh": ("国事访问", "媒体")}[settings.language]
    )
    assert ("categories", settings.language) in press.languages
