"""Import reads a LANGUAGE parameter: text in another language than the itinerary's own becomes that language's."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

import pytest

from itinerary import feeds, ical, imports, services, texts
from itinerary.languages import event_key
from tests.rfc5545 import thunderbird_event

SLUG = "china-state-visit-2018"


def _with_language(data: bytes, language: str) -> bytes:
    """The file with LANGUAGE on SUMMARY and DESCRIPTION, as Outlook and Apple write it (``ru-RU``)."""
    return data.replace(b"SUMMARY:", f"SUMMARY;LANGUAGE={language}:".encode()).replace(
        b"DESCRIPTION:", f"DESCRIPTION;LANGUAGE={language}:".encode()
    )


def test_import_new_event_in_another_language_keeps_it_as_that_languages_text(seeded):
    data = _with_language(thunderbird_event("briefing-zh@example.org", "代表团吹风会", "早餐前。"), "zh-CN")
    imports.import_ics(seeded, SLUG, data)
    event = services.get_event(seeded, SLUG, "briefing-zh@example.org")
    assert event.title == "代表团吹风会"  # a new event has no other text for its own language
    found, _ = texts.texts_of(seeded, "event", event_key(SLUG, event.uid))
    assert found["title"]["zh"] == "代表团吹风会" and found["description"]["zh"] == "早餐前。"


def test_import_without_language_takes_the_text_as_the_own_language(seeded):
    imports.import_ics(seeded, SLUG, thunderbird_event("briefing@example.org", "Брифинг", "До завтрака."))
    assert services.get_event(seeded, SLUG, "briefing@example.org").title == "Брифинг"
    assert texts.texts_of(seeded, "event", event_key(SLUG, "briefing@example.org"))[0]["title"] == {"en": "Брифинг"}


def test_import_of_our_russian_feed_keeps_the_own_texts_and_venue_names(seeded, clock):
    settings = ical.FeedSettings(language="ru")
    body = feeds.itinerary_feed(seeded, SLUG, settings, private=True).body
    before = services.list_events(seeded, SLUG)
    clock.now += timedelta(minutes=1)
    found, _ = texts.texts_of(seeded, "event", event_key(SLUG, "cn2018-press"))
    found["title"]["ru"] = "Устаревший заголовок"
    texts.save_texts(seeded, "event", event_key(SLUG, "cn2018-press"), found)

    imports.import_ics(seeded, SLUG, body)

    assert [dataclasses.replace(e, updated=None) for e in services.list_events(seeded, SLUG)] == [
        dataclasses.replace(e, updated=None) for e in before
    ]
    assert services.get_event(seeded, SLUG, "cn2018-press").title == "Press statements"
    assert texts.texts_of(seeded, "event", event_key(SLUG, "cn2018-press"))[0]["title"]["ru"] == "Заявления для прессы"
    assert {v.name for v in services.list_venues(seeded)} >= {"Great Hall of the People"}


@pytest.mark.parametrize("store", ["sql", "memory"], indirect=True)
def test_deleted_event_takes_its_texts_in_other_languages_with_it(seeded):
    """Regression guard: a new event with a deleted one's UID must not show the old event's translations."""
    services.delete_event(seeded, SLUG, "cn2018-press")
    assert all(row["key"] != event_key(SLUG, "cn2018-press") for row in texts.all_texts(seeded))
    assert any(row["key"] == event_key(SLUG, "cn2018-signing") for row in texts.all_texts(seeded))
