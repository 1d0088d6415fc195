"""Links that hand a feed or one event to a calendar app: Google Calendar, Outlook.com, Microsoft 365, Apple.

Calendar apps each have their own way in. Google Calendar adds a calendar by address from its ``cid``
link and drafts one event from its ``action=TEMPLATE`` link; Outlook.com and Microsoft 365 subscribe from
``addfromweb`` (with the name the calendar gets) and draft an event from ``action/compose``; Apple Calendar
(and most other apps) open ``webcal://``. Every value goes into the query percent-encoded as UTF-8
(``quote``, so a space is ``%20``, never ``+``, which Outlook would show as a plus sign).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import quote, urlencode

import segno

from itinerary.model import AllDay, Event, Timing

GOOGLE = "https://calendar.google.com/calendar/render"
OUTLOOK_COM = "https://outlook.live.com/calendar/0"
MICROSOFT_365 = "https://outlook.office.com/calendar/0"
# The most of an event's description a drafted event carries: the whole of it would make links of many
# kilobytes, longer than some browsers and servers accept; the event's page, linked below it, has the rest.
MAX_DETAILS = 1000


@dataclass(frozen=True, slots=True)
class FeedLinks:
    """The ways to subscribe to one feed."""

    web: str  # https:// (or the server's own scheme): Google, Outlook, download, copy
    webcal: str  # webcal://: Apple Calendar and the other apps that register the scheme
    google: str
    outlook_com: str
    microsoft_365: str


@dataclass(frozen=True, slots=True)
class EventLinks:
    """The ways to add one event to a calendar as a copy (it does not follow later changes)."""

    google: str
    outlook_com: str
    microsoft_365: str


def _query(params: dict[str, str]) -> str:
    return urlencode(params, quote_via=quote, safe="")


def webcal(address: str) -> str:
    """The ``webcal://`` form of an ``http(s)://`` address.

    >>> webcal("https://example.org/itineraries/trip.ics")
    'webcal://example.org/itineraries/trip.ics'
    """
    scheme, found, rest = address.partition("://")
    if not found or scheme not in {"http", "https"}:
        raise ValueError(f"not an http(s) address: {address[:60]!r}")
    return "webcal://" + rest


def feed_links(address: str, name: str) -> FeedLinks:
    """Subscribe links for the feed at ``address`` (``https://…``) that calendar apps should call ``name``."""
    name = _one_line(name)
    return FeedLinks(
        web=address,
        webcal=webcal(address),
        google=f"{GOOGLE}?{_query({'cid': address})}",
        outlook_com=f"{OUTLOOK_COM}/addfromweb?{_query({'url': address, 'name': name})}",
        microsoft_365=f"{MICROSOFT_365}/addfromweb?{_query({'url': address, 'name': name})}",
    )


def event_links(event: Event, timing: Timing, page: str, place: str | None = None) -> EventLinks:
    """Links that draft ``event`` (at ``timing``, one occurrence's) in Google Calendar and Outlook.

    The draft carries the title, the times with their zone, the place (``place``, as the page's language says
    it, else its venue's name, city and country as stored) and the event's ``page`` address.
    """
    title = _one_line(event.title)
    place = _place(event) if place is None else _one_line(place)
    details = _details(event.description, page)
    google = {"action": "TEMPLATE", "text": title}
    outlook = {"rru": "addevent", "subject": title}
    if isinstance(timing, AllDay):
        after = timing.last + timedelta(days=1)  # both apps read the end of an all-day range as exclusive
        google |= {"dates": f"{timing.first:%Y%m%d}/{after:%Y%m%d}", "ctz": timing.timezone}
        outlook |= {"startdt": timing.first.isoformat(), "enddt": after.isoformat(), "allday": "true"}
    else:
        start, end = timing.instants()
        # Google: UTC instants (no repeated hour can be misread) and the zone the event is shown in.
        google |= {"dates": f"{start:%Y%m%dT%H%M%SZ}/{end:%Y%m%dT%H%M%SZ}", "ctz": timing.timezone}
        # Outlook: each end's own clock time with its offset from UTC.
        outlook |= {"startdt": _iso(timing.start), "enddt": _iso(timing.end), "allday": "false"}
    if place:
        google["location"] = place
        outlook["location"] = place
    google["details"] = details
    outlook["body"] = details
    return EventLinks(
        google=f"{GOOGLE}?{_query(google)}",
        outlook_com=f"{OUTLOOK_COM}/action/compose?{_query(outlook)}",
        microsoft_365=f"{MICROSOFT_365}/action/compose?{_query(outlook)}",
    )


def _iso(value: datetime) -> str:
    """``2018-06-08T09:45:00+08:00``: the wall clock in the value's zone and its offset."""
    return value.replace(microsecond=0).isoformat()


def _place(event: Event) -> str:
    if event.venue is None:
        return ""
    where = f"{event.venue.place}, {event.venue.country}"
    if event.destination is not None:
        where += f" → {event.destination.place}, {event.destination.country}"
    return where


def _details(description: str, page: str) -> str:
    text = description.replace("\r\n", "\n").replace("\r", "\n").strip()
    if len(text) > MAX_DETAILS:
        text = text[: MAX_DETAILS - 1].rstrip() + "…"
    return f"{text}\n\n{page}" if text else page


def _one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@functools.lru_cache(maxsize=256)
def qr_svg(text: str, label: str) -> str:
    """A QR code of ``text`` as inline SVG (scalable, dark on light), named ``label`` for assistive technology.

    Drawn here, with segno, so that no image service learns the (possibly private) address. Kept per process
    for the last addresses drawn: drawing one costs about half of the itinerary page's time, and a page shows
    the same few addresses to every reader.
    """
    code = segno.make(text, error="m")
    svg = code.svg_inline(scale=1, border=4, omitsize=True, svgclass="qr-code", dark="#000", light="#fff")
    # segno writes ``<svg viewBox=… class="qr-code">``: name it as an image.
    escaped = label.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")
    return svg.replace("<svg ", f'<svg role="img" aria-label="{escaped}" ', 1)


__all__ = ["EventLinks", "FeedLinks", "event_links", "feed_links", "qr_svg", "webcal"]
