"""Releases readers can trust: every reader's surface shows the latest release, editors the draft."""

from __future__ import annotations

from datetime import timedelta
from xml.etree import ElementTree

import icalendar
import pytest

from itinerary import feeds, ical, releases, services
from tests.conftest import NOW, make_event
from tests.web.forms import submit
from tests.web.html import parse

SLUG = "china-state-visit-2018"
CHINA = f"/itineraries/{SLUG}"
PRESS = "cn2018-press"
ATOM = "{http://www.w3.org/2005/Atom}"


def feed_summaries(body: bytes) -> dict[str, str]:
    calendar = icalendar.Calendar.from_ical(body)
    return {str(e["UID"]).partition("@")[0]: str(e["SUMMARY"]) for e in calendar.walk("VEVENT")}


def entry_titles(response) -> dict[str, str]:
    assert response.status_code == 200, response.text
    return {li.get("data-uid"): li.select("h3.title")[0].text for li in parse(response.data).select("li.entry")}


def seen_by_reader(reader, token: str) -> dict:
    """What an anonymous reader is shown of the press statements on every surface."""
    event = parse(reader.get(f"{CHINA}/events/{PRESS}").data)
    found = parse(reader.get("/search?q=statements").data)
    return {
        "page": entry_titles(reader.get(CHINA)).get(PRESS),
        "event page": event.one("h1").text,
        "public feed": feed_summaries(reader.get(f"{CHINA}.ics").data)[PRESS],
        "private feed": feed_summaries(reader.get(f"/feeds/{token}.ics").data)[PRESS],
        "event feed": feed_summaries(reader.get(f"{CHINA}/events/{PRESS}.ics").data)[PRESS],
        "search": sorted(a.text for a in found.select(".search-results a")),
        "print": "Joint press statements" in reader.get(f"{CHINA}/print").text,
    }


def compared(response) -> list[tuple[str, str]]:
    doc = parse(response.data)
    return [(li.one(".change-event").text, li.one(".action").text) for li in doc.select(".compared-changes li.change")]


@pytest.fixture
def reader(app):
    """An anonymous reader's browser."""
    return app.test_client()


def test_reader_sees_nothing_of_a_draft_change_before_publishing_and_all_of_it_after(
    app, app_store, drafts, client, editor, reader, clock
):
    token = services.rotate_feed_token(app_store, SLUG)
    before = seen_by_reader(reader, token)
    assert before["page"] == before["event page"] == before["public feed"] == "Press statements"
    assert before["private feed"] == before["event feed"] == "Press statements"
    assert "Joint press statements" not in before["search"]

    clock.now += timedelta(hours=1)
    response = submit(client, f"{CHINA}/events/{PRESS}/edit", {"title": "Joint press statements"})
    assert response.status_code == 302, response.text
    assert seen_by_reader(reader, token) == before
    assert entry_titles(client.get(CHINA))[PRESS] == "Joint press statements"  # the editor sees the draft
    editor_page = parse(client.get(CHINA).data)
    assert editor_page.one(".unpublished a").text == "1 unpublished change"

    clock.now += timedelta(hours=1)
    response = submit(client, f"{CHINA}/publish", {"note": "Sent to the press pool"})
    assert response.status_code == 302, response.text
    after = seen_by_reader(reader, token)
    assert after["page"] == after["event page"] == after["public feed"] == "Joint press statements"
    assert after["private feed"] == after["event feed"] == "Joint press statements"
    assert "Joint press statements" in after["search"]
    assert after["print"] is True
    assert parse(client.get(CHINA).data).one(".unpublished").text == "No unpublished changes: readers see what you see."


def test_cached_feed_answers_are_those_of_the_release_byte_for_byte(app, app_store, drafts, reader, clock):
    first = reader.get(f"{CHINA}.ics")
    clock.now += timedelta(hours=1)
    services.update_event(app_store, SLUG, PRESS, title="Joint press statements")
    held = reader.get(f"{CHINA}.ics")
    assert (held.data, held.headers["ETag"], held.headers["Last-Modified"]) == (
        first.data,
        first.headers["ETag"],
        first.headers["Last-Modified"],
    )
    assert reader.get(f"{CHINA}.ics", headers={"If-None-Match": first.headers["ETag"]}).status_code == 304
    clock.now += timedelta(hours=1)
    releases.publish(app_store, SLUG)
    cached = reader.get(f"{CHINA}.ics")
    settings = ical.FeedSettings(base_url="http://localhost", uid_domain="itinerary.test")
    fresh = feeds.itinerary_feed(app_store.released(), SLUG, settings)
    assert cached.data == fresh.body
    assert cached.headers["ETag"] == fresh.etag != first.headers["ETag"]
    assert feed_summaries(cached.data)[PRESS] == "Joint press statements"


def test_editor_publishes_with_a_note_after_seeing_the_difference(app_store, drafts, client, editor, reader):
    services.update_event(app_store, SLUG, PRESS, title="Joint press statements")
    make_event(app_store, SLUG, uid="wreath", title="Wreath laying")
    page = parse(client.get(f"{CHINA}/publish").data)
    assert page.one("#unpublished-title").text == "2 unpublished changes"
    assert [(li.one(".change-event").text, li.one(".action").text) for li in page.select("li.change")] == [
        ("Joint press statements", "Changed"),
        ("Wreath laying", "Added"),
    ]
    assert page.texts("li.change .change-fields li") == ["Title: Press statements → Joint press statements"]
    response = submit(client, f"{CHINA}/publish", {"note": "After the sherpas' call"})
    assert response.status_code == 302
    releases_page = parse(reader.get(f"{CHINA}/releases").data)
    assert releases_page.texts("li.release h2") == ["Release 2", "Release 1"]
    assert releases_page.texts("li.release .release-note") == [
        "After the sherpas' call",
        "loaded from china-state-visit-2018.toml",
    ]
    assert "editor" not in releases_page.select("li.release .release-at")[0].text  # readers are not told who


def test_compare_releases_in_either_order(app_store, drafts, reader):
    """Regression: comparing version 2 to 1 answered a bare 400."""
    services.update_event(app_store, SLUG, PRESS, title="Joint press statements")
    releases.publish(app_store, SLUG)
    forwards, backwards = (reader.get(f"{CHINA}/versions/compare?from={a}&to={b}") for a, b in ((1, 2), (2, 1)))
    assert (forwards.status_code, backwards.status_code) == (200, 200)
    assert compared(forwards) == compared(backwards) == [("Joint press statements", "Changed")]
    assert parse(backwards.data).one("h1").text == "From version 1 to version 2"


def test_new_itinerary_with_nothing_published_shows_readers_an_honest_empty_state(app_store, drafts, reader):
    services.create_itinerary(app_store, slug="summit", title="Summit", timezone="Europe/Moscow")
    make_event(app_store, "summit", uid="opening", title="Opening")
    page = parse(reader.get("/itineraries/summit").data)
    assert page.select("li.entry") == []
    assert page.one("#versions .empty").text == "Nothing has been published yet."
    assert feed_summaries(reader.get("/itineraries/summit.ics").data) == {}


def test_page_never_says_nothing_is_published_while_readers_see_events(reader):
    """Regression: the page said "No version has been published yet" while readers saw every save."""
    page = parse(reader.get(CHINA).data)
    assert page.select("li.entry")
    assert page.select("#versions .empty") == []
    assert page.texts("#versions li.version") == [
        "Release 1, 4 June 2018, 17:00: loaded from china-state-visit-2018.toml"
    ]


def test_publish_every_save_is_a_setting_of_the_itinerary_form(app_store, drafts, client, editor, reader):
    response = submit(client, f"{CHINA}/edit", {"publish_on_save": "y"})
    assert response.status_code == 302, response.text
    assert releases.publishes_on_save(app_store, SLUG)
    services.update_event(app_store, SLUG, PRESS, title="Joint press statements")
    assert entry_titles(reader.get(CHINA))[PRESS] == "Joint press statements"
    response = submit(client, f"{CHINA}/edit", {"publish_on_save": None})
    assert response.status_code == 302, response.text
    assert not releases.publishes_on_save(app_store, SLUG)


def test_releases_atom_feed_parses_back_with_ids_titles_updated_and_links(app, app_store, drafts, reader, clock):
    app.config["BASE_URL"] = "https://itinerary.example.org"
    clock.now = NOW + timedelta(days=1)
    services.update_event(app_store, SLUG, PRESS, title="Joint press statements")
    releases.publish(app_store, SLUG, note="Sent to the press pool")
    response = reader.get(f"{CHINA}/releases.atom")
    assert response.status_code == 200
    assert response.mimetype == "application/atom+xml"
    feed = ElementTree.fromstring(response.data)
    assert feed.tag == f"{ATOM}feed"
    itinerary = services.get_itinerary(app_store, SLUG)
    identity = f"tag:itinerary.test,{itinerary.created:%Y-%m-%d}:itineraries/{SLUG}/releases"
    assert feed.findtext(f"{ATOM}id") == identity
    assert feed.findtext(f"{ATOM}title") == f"Releases of {itinerary.title}"
    assert feed.findtext(f"{ATOM}updated") == "2018-06-05T09:00:00Z"
    links = {link.get("rel"): link.get("href") for link in feed.findall(f"{ATOM}link")}
    assert links == {
        "self": f"https://itinerary.example.org{CHINA}/releases.atom",
        "alternate": f"https://itinerary.example.org{CHINA}/releases",
    }
    entries = [
        (
            e.findtext(f"{ATOM}id"),
            e.findtext(f"{ATOM}title"),
            e.findtext(f"{ATOM}updated"),
            e.find(f"{ATOM}link").get("href"),
            e.findtext(f"{ATOM}summary"),
        )
        for e in feed.findall(f"{ATOM}entry")
    ]
    first = releases.releases(app_store, SLUG)[0]
    assert entries == [
        (
            f"{identity}/2",
            "Release 2",
            "2018-06-05T09:00:00Z",
            f"https://itinerary.example.org{CHINA}/releases#release-2",
            "Sent to the press pool",
        ),
        (
            f"{identity}/1",
            "Release 1",
            f"{first.at:%Y-%m-%dT%H:%M:%SZ}",
            f"https://itinerary.example.org{CHINA}/releases#release-1",
            "loaded from china-state-visit-2018.toml",
        ),
    ]


def test_editors_print_of_a_draft_says_how_many_changes_are_unpublished(app_store, drafts, client, editor, reader):
    services.update_event(app_store, SLUG, PRESS, title="Joint press statements")
    editors = parse(client.get(f"{CHINA}/print").data).one(".stamp-release").text
    readers = parse(reader.get(f"{CHINA}/print").data).one(".stamp-release").text
    assert editors == "Draft: Release 1 of 4 June 2018, 17:00 and 1 unpublished change"
    assert readers == "Release 1 of 4 June 2018, 17:00"
