"""The change log's sentences about changed occurrences in the reader's language (issue 16): the words from the
catalogs, the days as Babel writes them, a title in the itinerary's own language marked with its language."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from itinerary import services
from tests.builders import when
from tests.web.html import parse
from tests.web.test_changes_in_sentences import SUMMIT, _summit

EXPECTED = {
    "en": [
        ["The occurrence of 30 November 2026, 08:00: restored: it takes place again as planned"],
        [
            "The occurrence of 1 December 2026, 08:00: retitled “Working breakfast”, moved to 1 December 2026, "
            "09:00–09:30 Europe/Moscow"
        ],
        ["The occurrence of 30 November 2026, 08:00: cancelled"],
    ],
    "ru": [
        ["Проведение 30 ноября 2026 г., 08:00: восстановлено: снова проводится по плану"],
        [
            "Проведение 1 декабря 2026 г., 08:00: переименовано в «Working breakfast», перенесено на "
            "1 декабря 2026 г., 09:00–09:30 Москва"
        ],
        ["Проведение 30 ноября 2026 г., 08:00: отменено"],
    ],
    "zh": [
        ["2026年11月30日 08:00的场次：已恢复：按原计划举行"],
        ["2026年12月1日 08:00的场次：改名为“Working breakfast”，改至2026年12月1日 09:00–09:30 莫斯科"],
        ["2026年11月30日 08:00的场次：已取消"],
    ],
}


def _changes(store, clock) -> None:
    _summit(store)
    rid = datetime(2026, 12, 1, 8)
    for change in (
        lambda: services.cancel_occurrence(store, "summit-2026", "breakfast", datetime(2026, 11, 30, 8)),
        lambda: services.change_occurrence(
            store, "summit-2026", "breakfast", rid, title="Working breakfast", **when("2026-12-01 09:00", "09:30")
        ),
        lambda: services.restore_occurrence(store, "summit-2026", "breakfast", datetime(2026, 11, 30, 8)),
    ):
        clock.now += timedelta(minutes=1)
        change()


@pytest.mark.parametrize("lang", ["en", "ru", "zh"])
def test_occurrence_sentences_in_the_pages_language(client, app_store, editor, clock, lang):
    _changes(app_store, clock)
    doc = parse(client.get(f"{SUMMIT}/changes?lang={lang}").data)
    found = [li.texts("li.occurrence-change") for li in doc.select("li[data-uid=breakfast]")]
    assert found[:3] == EXPECTED[lang]
    sentences = doc.select("li.occurrence-change")
    assert all(s.select("[lang=en]") == [] for s in sentences if "Working breakfast" not in s.text)
    titled = next(s for s in sentences if "Working breakfast" in s.text)
    # The title is the itinerary's own text (English): marked so on a page in another language, and only there.
    assert [span.text for span in titled.select("[lang=en]")] == ([] if lang == "en" else ["Working breakfast"])


CHINA = "/itineraries/china-state-visit-2018"


def test_change_titles_in_the_pages_language_with_the_own_one_marked_where_none(app, app_store, clock):
    reader = app.test_client()
    clock.now += timedelta(minutes=1)
    services.update_event(app_store, "china-state-visit-2018", "cn2018-press", description="Two statements.")
    doc = parse(reader.get(f"{CHINA}/changes?lang=ru").data)
    press = doc.select("li[data-uid=cn2018-press] .change-event")[0]
    assert (press.text, press.select("[lang]")) == ("Заявления для прессы", [])
    clock.now += timedelta(minutes=1)
    services.update_event(app_store, "china-state-visit-2018", "cn2018-press", title="Joint press statements")
    doc = parse(reader.get(f"{CHINA}/changes?lang=zh").data)
    # The entry that recorded the title the event has now shows its Chinese text, as the programme does; the older
    # entries, under a title the event no longer has, their recorded title, marked English.
    titles = [
        (li.text, [s.get("lang") for s in li.select("[lang]")])
        for li in doc.select("li[data-uid=cn2018-press] .change-event")
    ]
    assert titles[:2] == [("共同会见记者", []), ("Press statements", ["en"])]


def test_changed_fields_values_in_the_pages_language(client, app_store, editor, clock):
    clock.now += timedelta(minutes=1)
    services.update_event(
        app_store, "china-state-visit-2018", "cn2018-press", kind="meeting", **when("2018-06-08 13:30", "14:00")
    )
    doc = parse(client.get(f"{CHINA}/changes?lang=ru").data)
    found = doc.select("li[data-uid=cn2018-press]")[0].texts("ul.change-fields li")
    assert found == [
        # the recorded zone said as the page's language names it (issue 16), never its IANA name
        "Начало: 8 июня 2018 г., 12:45 Пекин → 8 июня 2018 г., 13:30 Пекин",
        "Окончание: 8 июня 2018 г., 13:15 Пекин → 8 июня 2018 г., 14:00 Пекин",
        "Вид: Мероприятие для прессы → Встреча",
    ]
    english = parse(client.get(f"{CHINA}/changes?lang=en").data).select("li[data-uid=cn2018-press]")[0]
    assert english.texts("ul.change-fields li")[2] == "Kind: press → meeting"  # as recorded
