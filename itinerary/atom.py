"""The releases of an itinerary as an Atom feed (RFC 4287): pure, built with the standard XML library.

Ids are ``tag:`` URIs (RFC 4151) made of the UID domain, the itinerary's creation date and its slug, so
they never change when the site moves to another address; links are absolute, built by the caller.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from xml.etree import ElementTree

from itinerary.model import Itinerary
from itinerary.records import Version

ATOM = "http://www.w3.org/2005/Atom"


def _stamp(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def feed_id(itinerary: Itinerary, uid_domain: str) -> str:
    """The feed's permanent id.

    >>> from itinerary.model import Itinerary
    >>> feed_id(Itinerary("trip", "Trip", "UTC", created=datetime(2018, 6, 1, tzinfo=UTC)), "example.org")
    'tag:example.org,2018-06-01:itineraries/trip/releases'
    """
    day = (itinerary.created or datetime(2000, 1, 1, tzinfo=UTC)).astimezone(UTC).date().isoformat()
    return f"tag:{uid_domain},{day}:itineraries/{itinerary.slug}/releases"


XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def releases_feed(
    itinerary: Itinerary,
    versions: list[Version],
    *,
    uid_domain: str,
    self_url: str,
    page_url: str,
    release_url: Callable[[int], str],
    lang: str = "",
    title: str | None = None,
    entry_title: Callable[[int], str] | None = None,
    summary: Callable[[Version], tuple[str, str]] | None = None,
    title_lang: str = "",
) -> bytes:
    """The feed of ``versions`` (oldest first, as stored), newest entry first; updated when the last was.

    Args:
        itinerary: the itinerary, its title in the feed's language (or the one it falls back to).
        lang: the feed's language, its ``xml:lang`` ("" for none).
        title: the feed's title ("Releases of …" in English by default).
        entry_title: a release's title by its number ("Release 2" by default).
        summary: a release's summary and the language it is in where that is not ``lang`` ("" else); by
            default the note as stored.
        title_lang: the language of the itinerary's title where it falls back to another than ``lang``.
    """
    ElementTree.register_namespace("", ATOM)

    def add(parent, name: str, text: str | None = None, **attributes) -> ElementTree.Element:
        element = ElementTree.SubElement(parent, f"{{{ATOM}}}{name}", attributes)
        element.text = text
        return element

    def said(version: Version) -> tuple[str, str]:
        return (version.note or f"Release {version.number} of {itinerary.title}.", "")

    feed = ElementTree.Element(f"{{{ATOM}}}feed", {XML_LANG: lang} if lang else {})
    identity = feed_id(itinerary, uid_domain)
    add(feed, "id", identity)
    add(feed, "title", title if title is not None else f"Releases of {itinerary.title}")
    latest = versions[-1].at if versions else itinerary.created or datetime(2000, 1, 1, tzinfo=UTC)
    add(feed, "updated", _stamp(latest))
    add(feed, "link", rel="self", type="application/atom+xml", href=self_url)
    add(feed, "link", rel="alternate", type="text/html", href=page_url)
    add(add(feed, "author"), "name", itinerary.title, **({XML_LANG: title_lang} if title_lang else {}))
    for version in reversed(versions):
        entry = add(feed, "entry")
        add(entry, "id", f"{identity}/{version.number}")
        add(entry, "title", entry_title(version.number) if entry_title else f"Release {version.number}")
        add(entry, "updated", _stamp(version.at))
        add(entry, "published", _stamp(version.at))
        add(entry, "link", rel="alternate", type="text/html", href=release_url(version.number))
        text, text_lang = (summary or said)(version)
        add(entry, "summary", text, **({XML_LANG: text_lang} if text_lang else {}))
    return ElementTree.tostring(feed, encoding="utf-8", xml_declaration=True)
