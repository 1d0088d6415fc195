"""Releases carry their translations: readers see the texts in other languages of the latest release, editors
the draft's; a translation edit reaches readers when the draft is published (at once where every save is)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from itinerary import releases, services, texts
from tests.web.forms import submit
from tests.web.html import parse
from tests.web.test_releases import CHINA, PRESS, SLUG, entry_titles, feed_summaries

FORM = f"{CHINA}/events/{PRESS}/translations"
OLD = "Заявления для прессы"
NEW = "Совместные заявления для прессы"
OLD_NAME = "Государственный визит в Китай и саммит ШОС, июнь 2018 года"
NEW_NAME = "Государственный визит Президента России в Китай"


@pytest.fixture
def reader(app):
    """An anonymous reader's browser."""
    return app.test_client()


def seen_in_russian(browser, token: str) -> dict:
    """What ``browser`` is shown in Russian of the press statements and of the itinerary's title."""
    event = parse(browser.get(f"{CHINA}/events/{PRESS}?lang=ru").data)
    return {
        "page": entry_titles(browser.get(f"{CHINA}?lang=ru"))[PRESS],
        "event page": event.one("h1").text,
        "public feed": feed_summaries(browser.get(f"{CHINA}.ics?lang=ru").data)[PRESS],
        "private feed": feed_summaries(browser.get(f"/feeds/{token}.ics?lang=ru").data)[PRESS],
        "event feed": feed_summaries(browser.get(f"{CHINA}/events/{PRESS}.ics?lang=ru").data)[PRESS],
        "itinerary": parse(browser.get(f"{CHINA}?lang=ru").data).one("h1").text,
    }


def edit_russian(client, app_store, clock) -> None:
    clock.now += timedelta(hours=1)
    assert submit(client, FORM, {"title_ru": NEW}).status_code == 302
    texts.add_other_texts(app_store, "itinerary", SLUG, {"ru": {"title": NEW_NAME}}, editor="editor")


def test_translation_edit_reaches_readers_only_when_published(app_store, drafts, client, editor, reader, clock):
    token = services.rotate_feed_token(app_store, SLUG)
    before = seen_in_russian(reader, token)
    assert set(before.values()) == {OLD, OLD_NAME}

    edit_russian(client, app_store, clock)
    assert seen_in_russian(reader, token) == before  # the reader page and every feed in Russian: the release's
    assert entry_titles(client.get(f"{CHINA}?lang=ru"))[PRESS] == NEW  # the editor's preview: the draft's
    assert parse(client.get(f"{CHINA}?lang=ru").data).one("h1").text == NEW_NAME

    clock.now += timedelta(hours=1)
    assert submit(client, f"{CHINA}/publish", {"note": "Russian titles"}).status_code == 302
    after = seen_in_russian(reader, token)
    assert after == {key: NEW_NAME if key == "itinerary" else NEW for key in before}


def test_translation_edit_is_an_unpublished_change_with_its_texts(app_store, drafts, client, editor, clock):
    edit_russian(client, app_store, clock)
    found = [(c.uid, c.title, c.action, c.fields) for c in releases.changes(app_store, SLUG)]
    assert found == [
        ("", "State visit to China and the SCO summit, June 2018", "translated", {"title (ru)": (OLD_NAME, NEW_NAME)}),
        (PRESS, "Press statements", "translated", {"title (ru)": (OLD, NEW)}),
    ]
    page = parse(client.get(f"{CHINA}/publish").data)
    assert page.one("#unpublished-title").text == "2 unpublished changes"
    releases.publish(app_store, SLUG)
    assert releases.changes(app_store, SLUG) == []


def test_translation_edit_where_every_save_is_published_reaches_readers_at_once(
    app_store, client, editor, reader, clock
):
    token = services.rotate_feed_token(app_store, SLUG)
    edit_russian(client, app_store, clock)
    assert seen_in_russian(reader, token) == {
        key: NEW_NAME if key == "itinerary" else NEW for key in seen_in_russian(client, token)
    }
