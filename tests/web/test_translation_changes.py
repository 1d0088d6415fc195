"""Edits of texts in other languages: in the change log for editors (never for readers), and a feed rebuilt only
in the language that changed."""

from __future__ import annotations

from datetime import timedelta

import icalendar

from itinerary import changelog, texts
from itinerary.languages import event_key
from tests.itinerary.test_feed_cache import count_blocks_written
from tests.web.forms import submit
from tests.web.html import parse

SLUG = "china-state-visit-2018"
FORM = f"/itineraries/{SLUG}/events/cn2018-press/translations"
OLD = "Заявления для прессы"
NEW = "Совместные заявления для прессы"


def test_translation_edit_is_logged_with_field_language_and_both_texts(client, editor, app_store, clock):
    clock.now += timedelta(minutes=5)
    assert submit(client, FORM, {"title_ru": NEW, "description_zh": "双方发表声明。"}).status_code == 302
    entry = changelog.changes_since(app_store, SLUG)[0]
    assert (entry.at, entry.editor, entry.uid, entry.title, entry.action) == (
        clock.now,
        "editor",
        "cn2018-press",
        "Press statements",
        "translated",
    )
    assert entry.fields == {"description (zh)": ("", "双方发表声明。"), "title (ru)": (OLD, NEW)}
    doc = parse(client.get(f"/itineraries/{SLUG}/changes").data)
    shown = doc.one("li.change-translated")
    assert shown.one(".change-editor").text == "by editor"
    assert [li.text for li in shown.select("ul.change-fields li")] == [
        "Description (zh): (none) → 双方发表声明。",
        f"Title (ru): {OLD} → {NEW}",
    ]


def test_translation_edit_stays_out_of_what_readers_see_changed(client, editor, app, app_store, clock):
    clock.now += timedelta(minutes=5)
    submit(client, FORM, {"title_ru": NEW})
    assert all(c.action != "translated" for c in changelog.changes_since(app_store, SLUG, include_restricted=False))
    reader = app.test_client()
    assert parse(reader.get(f"/itineraries/{SLUG}/changes").data).select("li.change-translated") == []


def test_venue_translation_edit_is_logged_on_each_itinerary_showing_it(client, editor, app_store, clock):
    clock.now += timedelta(minutes=5)
    url = "/venues/great-hall-of-the-people/translations"
    assert submit(client, url, {"name_ru": "Дом народных собраний (Пекин)"}).status_code == 302
    entry = changelog.changes_since(app_store, SLUG)[0]
    assert (entry.uid, entry.title, entry.action) == ("", "Great Hall of the People", "translated")
    assert entry.fields == {"name (ru)": ("Дом народных собраний", "Дом народных собраний (Пекин)")}


def test_translation_edit_rebuilds_only_that_events_block_in_that_language(
    client, editor, app_store, clock, monkeypatch
):
    feeds = {lang: f"/itineraries/{SLUG}.ics" + (f"?lang={lang}" if lang else "") for lang in ("", "ru", "zh")}
    before = {lang: client.get(url).data for lang, url in feeds.items()}
    written = {lang: count_blocks_written(monkeypatch, lang) for lang in feeds}
    clock.now += timedelta(minutes=5)

    assert submit(client, FORM, {"title_ru": NEW}).status_code == 302
    after = {lang: client.get(url).data for lang, url in feeds.items()}

    # The event's Russian block of the draft and of the release, no other: the seed's busy lunch's stand-in is
    # stored too (itinerary.storage.views), so no feed renders it.
    assert written == {"": [], "ru": ["cn2018-press", "cn2018-press"], "zh": []}
    summaries = {
        str(e["UID"]).split("@")[0]: str(e["SUMMARY"]) for e in icalendar.Calendar.from_ical(after["ru"]).walk("VEVENT")
    }
    assert summaries["cn2018-press"] == NEW
    assert texts.texts_of(app_store, "event", event_key(SLUG, "cn2018-press"))[0]["title"]["ru"] == NEW
    assert after["ru"] != before["ru"]
