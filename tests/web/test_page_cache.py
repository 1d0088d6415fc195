"""The itinerary page keeps its laid-out days by the stored state they show: a kept page is byte-identical to
one made afresh after every kind of change, whoever made the change and wherever, and never crosses readers."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bench import data
from itinerary import changelog, services
from itinerary.storage import Store
from tests.builders import TIANJIN_ARENA, when
from tests.conftest import make_event
from tests.web.html import parse
from web.app import ANSWERS_KEY

SLUG = "china-state-visit-2018"
PAGE = f"/itineraries/{SLUG}"
URLS = (PAGE, f"{PAGE}?tz=Europe/Moscow", "/itineraries/bench-100", "/itineraries/bench-100?from=2018-06-15")


@pytest.fixture
def reader(app, app_store):
    """A client without cookies (no "last visit" link), on an app that also holds a long programme."""
    data.add_scaled(app_store, 100)
    return app.test_client(use_cookies=False)


def afresh(app, reader, url) -> bytes:
    """The page as made with nothing kept."""
    app.extensions.pop(ANSWERS_KEY, None)
    return reader.get(url).data


def venue(store, name):
    services.put_venue(store, **{**TIANJIN_ARENA, "name": name})


CHANGES = {
    "title": lambda store: services.update_event(store, SLUG, "cn2018-hockey-tianjin", title="Hockey in Tianjin"),
    "cancel": lambda store: services.cancel_event(store, SLUG, "cn2018-hockey-tianjin"),
    "create": lambda store: make_event(store, SLUG, title="Late supper", **when("2018-06-08 22:00", "23:00")),
    "delete": lambda store: services.delete_event(store, SLUG, "cn2018-hockey-tianjin"),
    "venue": lambda store: venue(store, "Tianjin arena"),
    "itinerary": lambda store: services.update_itinerary(store, SLUG, title="State visit, revised"),
    "publish": lambda store: changelog.publish_version(store, SLUG, note="as agreed"),
    "long": lambda store: services.update_event(store, "bench-100", "cn2018-hockey-tianjin-1", title="Hockey, 2"),
}


@pytest.mark.parametrize("change", CHANGES)
def test_a_kept_page_is_the_page_made_afresh_after_each_change(app, app_store, reader, change):
    before = {url: reader.get(url).data for url in URLS}  # kept now
    CHANGES[change](app_store)  # the test clock stands still: the change has the same stamp as the last one
    after = {url: reader.get(url).data for url in URLS}
    assert after == {url: afresh(app, reader, url) for url in URLS}
    assert after != before


def test_a_change_written_by_another_process_shows_at_once(app, app_store, reader, clock):
    reader.get(PAGE)
    clock.now += timedelta(microseconds=1)  # another worker: it shares only the database and the clock
    other = Store(app_store.url, clock=clock)
    other.publish_every_save = app_store.publish_every_save  # another worker of the same deployment
    services.update_event(other, SLUG, "cn2018-hockey-tianjin", title="Hockey elsewhere")
    other.dispose()
    doc = parse(reader.get(PAGE).data)
    titles = [a.text for a in doc.select("li.entry h3 a")]
    assert "Hockey elsewhere" in titles and "Junior ice hockey match in Tianjin" not in titles


def test_a_version_published_by_another_process_shows_at_once(app, app_store, reader, clock):
    reader.get(PAGE)
    other = Store(app_store.url, clock=clock)
    changelog.publish_version(other, SLUG, note="from elsewhere")
    other.dispose()
    doc = parse(reader.get(PAGE).data)
    assert [li.text.strip() for li in doc.select("li.version")] == [
        "Release 1, 4 June 2018, 17:00: loaded from china-state-visit-2018.toml",
        "Release 2, 4 June 2018, 17:00: from elsewhere",
    ]


@pytest.mark.usefixtures("lunch_restricted")
def test_an_editors_page_is_never_shown_to_a_reader(app, client, editor, reader):
    restricted = "cn2018-lunch-narrow"  # made plainly restricted (the seed has it busy for readers)
    editors_page = parse(client.get(PAGE).data)
    assert restricted in {li.get("data-uid") for li in editors_page.select("li.entry")}
    readers_page = parse(reader.get(PAGE).data)
    assert restricted not in {li.get("data-uid") for li in readers_page.select("li.entry")}
    assert readers_page.select("#problems") == []


def test_each_week_of_a_long_programme_is_kept_apart(reader):
    first, later = "/itineraries/bench-100", "/itineraries/bench-100?from=2018-06-15"
    pages = {url: reader.get(url).data for url in (first, later)}
    assert pages[first] != pages[later]
    assert {url: reader.get(url).data for url in (later, first)} == pages


def test_a_page_asked_for_again_is_not_laid_out_again(reader, monkeypatch):
    from web import viewmodels

    laid_out = []
    lay_out = viewmodels._lay_out
    monkeypatch.setattr(viewmodels, "_lay_out", lambda *args: laid_out.append(args[1].slug) or lay_out(*args))
    first = reader.get(PAGE).data
    assert reader.get(PAGE).data == first
    assert laid_out == [SLUG]
