"""The itinerary page keeps its laid-out days by the stored state they show: a kept page is byte-identical to
one made afresh after every kind of change, whoever made the change and wherever, and never crosses readers."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest

from bench import data
from itinerary import changelog, services
from itinerary.storage import Store
from tests.builders import TIANJIN_ARENA, when
from tests.conftest import make_event
from tests.web.html import parse
from web import kept, viewmodels
from web.app import ANSWERS_KEY

SLUG = "china-state-visit-2018"
PAGE = f"/itineraries/{SLUG}"
URLS = (
    PAGE,
    f"{PAGE}?tz=Europe/Moscow",
    f"{PAGE}?lang=ru",
    f"{PAGE}?lang=zh&tz=Europe/Moscow&participant=xi-jinping",
    "/itineraries/bench-100",
    "/itineraries/bench-100?from=2018-06-15",
)


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


# The whole page is kept (web/kept.py): what each request adds is filled in per request, never kept for another


CSRF_TOKEN = re.compile(rb'name="csrf_token" value="[^"]+"')


def tokens_out(page: bytes) -> bytes:
    """The page without its CSRF tokens: each is made per request, stamped with the second it was made in."""
    return CSRF_TOKEN.sub(b'name="csrf_token" value=""', page)


@pytest.mark.parametrize("change", [change for change in CHANGES if change != "long"])
def test_a_kept_editors_page_is_the_page_made_afresh_after_each_change(app, app_store, client, editor, change):
    urls = (PAGE, f"{PAGE}?lang=ru&tz=Europe/Moscow")
    before = {url: tokens_out(client.get(url).data) for url in urls}
    CHANGES[change](app_store)
    after = {url: tokens_out(client.get(url).data) for url in urls}
    assert after == {url: tokens_out(afresh(app, client, url)) for url in urls}
    assert after != before


def test_a_page_asked_for_again_is_not_rendered_again(reader, monkeypatch):
    rendered = []
    render = kept.HtmlWithHoles.render
    monkeypatch.setattr(
        kept.HtmlWithHoles, "render", lambda *args, **values: rendered.append(1) or render(*args, **values)
    )
    first = reader.get(PAGE).data
    assert reader.get(PAGE).data == first
    assert reader.get(f"{PAGE}?utm_source=mail").data != first  # its own language links and sign-in link...
    assert rendered == [1]  # ...filled into the page kept


def signed_in_as(page) -> str | None:
    found = page.select(".signed-in strong")
    return found[0].text if found else None


@pytest.mark.usefixtures("lunch_restricted")
def test_an_editors_name_token_and_draft_never_reach_a_reader(app, client, editor, reader):
    editors = parse(client.get(PAGE).data)  # kept first
    token = editors.one(".publish-form input[name=csrf_token]").get("value")
    assert signed_in_as(editors) == "editor" and token
    assert editors.one("nav.account input[name=csrf_token]").get("value") == token
    page = reader.get(PAGE).data
    assert page == afresh(app, reader, PAGE)
    readers = parse(page)
    assert signed_in_as(readers) is None and readers.select("input[name=csrf_token]") == []
    assert token.encode() not in page and b"cn2018-lunch-narrow" not in page
    assert [readers.select(part) for part in ("#problems", "#private-feed", ".publish-form", ".unpublished")] == [
        []
    ] * 4
    assert [a.text for a in readers.select("nav.account a")] == ["Editor sign-in"]


def test_each_editor_sees_their_own_name_and_token(app, app_store, client, editor):
    from itinerary import accounts
    from tests.web.conftest import PASSWORD
    from tests.web.forms import sign_in

    first = parse(client.get(PAGE).data)  # kept for the first editor
    accounts.create_editor(app_store, "second", PASSWORD)
    other = app.test_client()
    assert sign_in(other, "second", PASSWORD).status_code == 302
    second = parse(other.get(PAGE).data)
    assert (signed_in_as(first), signed_in_as(second)) == ("editor", "second")
    tokens = [page.one(".publish-form input[name=csrf_token]").get("value") for page in (first, second)]
    assert tokens[0] != tokens[1]
    assert other.post(f"{PAGE}/publish", data={"csrf_token": tokens[0], "note": "x"}).status_code == 400


def test_each_language_and_zone_is_kept_apart(reader):
    pages = {url: reader.get(url).data for url in URLS[:4]}
    assert len(set(pages.values())) == 4
    assert [parse(page).one("html").get("lang") for page in pages.values()] == ["en", "en", "ru", "zh"]
    assert {url: reader.get(url).data for url in reversed(URLS[:4])} == pages
    moscow = parse(pages[URLS[1]]).one("#zone-note").text
    assert "Moscow" in moscow and "Moscow" not in parse(pages[PAGE]).one("#zone-note").text


def visited(day: str) -> dict:
    """A last-visit cookie, as a reader's browser sends it, of a visit on ``day`` (midnight UTC)."""
    stamp = int(datetime.fromisoformat(f"{day}T00:00:00+00:00").timestamp())
    return {"Cookie": f"last-visit-{SLUG}={stamp}.{stamp}"}


def test_each_reader_sees_their_own_last_visit(reader):
    def since(headers):
        return [a.get("href") for a in parse(reader.get(PAGE, headers=headers).data).select("a.since-last-visit")]

    assert since({}) == []
    assert since(visited("2018-06-01")) == [f"{PAGE}/changes?since=2018-06-01T00:00:00Z"]
    assert since(visited("2018-06-02")) == [f"{PAGE}/changes?since=2018-06-02T00:00:00Z"]
    assert since({}) == []


def test_each_audience_is_kept_apart(app, app_store):
    """Two audiences' pages (the itinerary page's view model takes an audience) share nothing but the state."""
    store = app_store.released()

    def page(audience: str) -> bytes:
        with app.test_request_context(PAGE):
            state = viewmodels.stored_state(store, SLUG)
            itinerary = services.get_itinerary(store, SLUG)
            reader = viewmodels.Reader(False)
            return kept.itinerary_html(viewmodels.itinerary_page(store, itinerary, state, reader, None, audience), None)

    public, delegation = page("public"), page("delegation")
    assert public != delegation
    assert "Closed working lunch" in public and "Working lunch in narrow format" not in public
    assert "Working lunch in narrow format" in delegation and "Closed working lunch" not in delegation
    assert (page("public"), page("delegation")) == (public, delegation)
