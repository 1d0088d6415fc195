"""Event blocks: an event's VEVENTs serialized once, cut where a feed's DTSTAMP and URL lines go.

Feeds are joined from them.

Pure build steps over bytes: the library serializes every byte; a feed is its
calendar's head, then each event's block, then the last line.
"""

from __future__ import annotations

import dataclasses
import io
from array import array
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime
from functools import lru_cache

import icalendar
from icalendar.parser import Contentline

from itinerary.ical import export
from itinerary.ical.export import FeedSettings, _calendar_shell, event_url
from itinerary.model import (
    Event,
    Itinerary,
)

# Feeds joined from per-event blocks. The library serializes every byte; a
# feed is its calendar's head, then each event's block, then the last line.
# A block leaves out the DTSTAMP and URL lines (the only bytes of a VEVENT that
# depend on the feed's instant or on the site's address rather than on the
# event), so it serves any instant and any base URL.

_END = b"END:VCALENDAR\r\n"
_BLOCK_STAMP = datetime(1970, 1, 1, tzinfo=UTC)
_BLOCK_BASE = "http://block.invalid"


@lru_cache(maxsize=64)
def _stamp_line(now: datetime) -> bytes:
    """The DTSTAMP line for ``now`` with the line break before it, as the library writes it."""
    component = icalendar.Event.new(stamp=now.astimezone(UTC))
    lines = [line for line in component.to_ical().split(b"\r\n") if line.startswith(b"DTSTAMP:")]
    return b"\r\n" + lines[0] + b"\r\n"


@lru_cache(maxsize=16384)  # a feed's events' lines, made once per process (pure)
def url_line(base_url: str, path: bytes) -> bytes:
    """The URL line of an event whose page is ``path`` under ``base_url``, with the line breaks around it."""
    url = base_url.rstrip("/") + path.decode()
    line = Contentline.from_parts("URL", icalendar.Parameters(), icalendar.vUri(url), sorted=True)
    return b"\r\n" + _folded(line) + b"\r\n"


_FOLD = 74  # the library folds before the character that would make a line 75 octets


def _folded(line: Contentline) -> bytes:
    """``line.to_ical()``: the same bytes, without the library's per-character loop for plain ASCII.

    That loop costs more than the rest of a feed served from stored blocks (a URL line per event); an ASCII
    line without the escape characters it keeps together (backslash, caret) folds every 74 characters.

    >>> line = Contentline.from_parts("URL", icalendar.Parameters(), icalendar.vUri("http://a.example/" + "x" * 150))
    >>> _folded(line) == line.to_ical()
    True
    """
    text = str(line)
    if not text.isascii() or "\\" in text or "^" in text:
        return line.to_ical()
    return "\r\n ".join(text[at : at + _FOLD] for at in range(0, len(text), _FOLD)).encode()


def event_block(
    event: Event,
    *,
    settings: FeedSettings,
    languages: Mapping[str, str] | None = None,
    stored: Event | None = None,
) -> tuple[bytes, ...]:
    """The event's VEVENTs (see :func:`event_components`) cut for :func:`feed_bytes`.

    ``languages``: the language each of the event's texts is in, for LANGUAGE parameters (a feed in a language);
    ``stored``: the event as stored, for the properties an import reads back (see :func:`event_component`).

    The first item is the path of the event's page (its URL without the base URL); then come
    the pieces that the DTSTAMP and URL lines of each VEVENT fall between, in turn.
    """
    anywhere = dataclasses.replace(settings, base_url=_BLOCK_BASE)
    components = export.event_components(event, now=_BLOCK_STAMP, settings=anywhere, languages=languages, stored=stored)
    url = event_url(event, anywhere)
    path = url[len(_BLOCK_BASE) :].encode()
    link = url_line(_BLOCK_BASE, path)
    pieces = []
    for number, part in enumerate(b"".join(c.to_ical() for c in components).split(_stamp_line(_BLOCK_STAMP))):
        pieces.extend(part.split(link) if number else (part,))
    if not url.startswith(_BLOCK_BASE) or len(pieces) != 2 * len(components) + 1:
        # A line that looks like the stamp or the link: never split such an event.
        raise ValueError(f"cannot cut the DTSTAMP and URL out of event {event.uid!r}")
    return (path, *pieces)


def calendar_head(
    itinerary: Itinerary,
    *,
    settings: FeedSettings,
    name: str | None,
    zones: Iterable[str],
    years: tuple[int, int],
    languages: Mapping[str, str] | None = None,
) -> bytes:
    """The bytes of a feed before its first VEVENT: the calendar's properties and VTIMEZONEs."""
    data = _calendar_shell(itinerary, settings, name, zones, years, languages).to_ical()
    return data[: -len(_END)]


def feed_bytes(
    head: bytes,
    blocks: Iterable[tuple[bytes, ...]],
    *,
    now: datetime,
    links: Callable[[bytes], bytes],
    views: list[tuple[memoryview, ...]] | None = None,
) -> bytes:
    """Join a head and event blocks into the calendar's bytes, every VEVENT stamped ``now``.

    ``links`` gives the URL line of an event's page path (see :func:`url_line`). Equal to
    ``to_ics(build_calendar(...))`` for the same events. Each block is written out as it
    comes, so ``blocks`` may make them lazily and let each go once written. With ``views``,
    every block is appended to it as its path and views into the result: the same bytes,
    not a second copy of the feed.
    """
    stamp = _stamp_line(now)
    out = io.BytesIO()
    write = out.write
    write(head)
    # Where each piece starts and ends in the result, and each block's path and number of pieces.
    offsets = array("q") if views is not None else None
    paths: list[bytes] = []
    counts = array("I") if views is not None else None
    for block in blocks:
        link = links(block[0])
        for number in range(1, len(block)):
            if number > 1:
                write(link if number % 2 else stamp)
            if offsets is not None:
                offsets.append(out.tell())
            write(block[number])
            if offsets is not None:
                offsets.append(out.tell())
        if counts is not None:
            paths.append(block[0])
            counts.append(len(block) - 1)
    write(_END)
    body = out.getvalue()  # the buffer itself, handed over without a copy
    del out
    if views is not None:
        whole = memoryview(body)
        at = 0
        for path, count in zip(paths, counts, strict=True):
            views.append((path, *(whole[offsets[i] : offsets[i + 1]] for i in range(at, at + 2 * count, 2))))
            at += 2 * count
    return body
