"""Feeds over HTTP: content type, compression, validators and 304s; the bytes come from itinerary.feeds.

A feed is polled by every subscriber's calendar app all day, so each answer
costs as little as it can: the feed itself comes from the app's one cache of
answers (:func:`web.app.get_answers`, keyed by the stored state a feed shows)
after one light read, and what this module adds to it (the gzip body that
calendar apps ask for, the headers) is made once per feed and kept with it.
"""

from __future__ import annotations

import gzip
import hashlib
import re
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import quote

from flask import Blueprint, current_app, request
from werkzeug.http import http_date, parse_date

from itinerary import feeds, languages, subscriptions
from itinerary.cache import Answers
from itinerary.feeds import FeedFilter, RenderedFeed
from itinerary.ical import FeedSettings
from web import fetches
from web.app import get_answers
from web.shown import released_store as get_store  # feeds show the latest release, whoever asks

bp = Blueprint("feeds", __name__)
GZIP_LEVEL = 9  # made once per feed and kept: the smallest body, for every answer after the first


@dataclass(frozen=True, slots=True)
class Answer:
    """One representation of a feed as sent: its body, ETag and headers."""

    body: bytes
    etag: str
    headers: tuple[tuple[str, str], ...]


def _answer(feed: RenderedFeed, *, private: bool, compressed: bool) -> Answer:
    body, etag = feed.body, feed.etag
    headers = [
        ("Content-Type", "text/calendar; charset=utf-8"),
        ("Content-Disposition", content_disposition(feed.filename)),
        ("Last-Modified", http_date(feed.last_modified)),
        ("Cache-Control", f"{'private' if private else 'public'}, max-age=300, must-revalidate"),
        ("Vary", "Accept-Encoding"),
        ("X-Content-Type-Options", "nosniff"),
    ]
    if compressed:
        # mtime=0: the same feed always compresses to the same bytes, so its ETag holds across workers.
        body = gzip.compress(feed.body, GZIP_LEVEL, mtime=0)
        etag = f'"{hashlib.sha256(body).hexdigest()[:32]}"'
        headers.append(("Content-Encoding", "gzip"))
    if private:
        headers.append(("Referrer-Policy", "no-referrer"))
    headers.append(("ETag", etag))
    return Answer(body, etag, tuple(headers))


def content_disposition(filename: str) -> str:
    """``inline`` with the file name, safe in a header whatever the name holds (RFC 6266).

    A name of anything but ASCII letters, digits, dots, hyphens and underscores (an imported UID may
    hold a quote, a semicolon or a backslash) is given as an ASCII fallback with each other character
    replaced, and in full, percent-encoded, as ``filename*`` (RFC 8187), which browsers prefer.

    >>> content_disposition("cn2018-press.ics")
    'inline; filename="cn2018-press.ics"'
    >>> print(content_disposition('a"b;c.ics'))
    inline; filename="a_b_c.ics"; filename*=UTF-8''a%22b%3Bc.ics
    """
    fallback = _UNSAFE_FILENAME.sub("_", filename)
    if fallback == filename:
        return f'inline; filename="{filename}"'
    return f"inline; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


_UNSAFE_FILENAME = re.compile(r"[^A-Za-z0-9._-]")


def _settings() -> FeedSettings:
    config = current_app.config
    base = config.get("BASE_URL") or request.host_url
    # ?lang=: the feed's texts in that language (a bad one is refused with 400, naming the parameter).
    lang = request.args.get("lang")
    key = (base, config["UID_DOMAIN"], config["FEED_TTL_SECONDS"], languages.language(lang) if lang else "")
    known = current_app.extensions.setdefault("itinerary.feed_settings", {})
    settings = known.get(key)
    if settings is None:
        settings = FeedSettings(key[1], base.rstrip("/"), timedelta(seconds=int(key[2])), key[3])
        if len(known) < 64:  # a handful of host names at most; more is someone making them up
            known[key] = settings
    return settings


def _cache() -> Answers | None:
    return get_answers()


@bp.get("/itineraries/<slug>.ics")
def itinerary_feed(slug: str):
    """The public feed of an itinerary, optionally filtered by query parameters."""
    feed_filter = FeedFilter.from_params(request.args) if request.args else FeedFilter()
    return _respond(
        feeds.itinerary_feed(get_store(), slug, _settings(), feed_filter=feed_filter, cache=_cache()), private=False
    )


@bp.get("/itineraries/<slug>/events/<event_id>.ics")
def event_feed(slug: str, event_id: str):
    """One public event, for "add to calendar"."""
    return _respond(feeds.event_feed(get_store(), slug, event_id, _settings(), cache=_cache()), private=False)


@bp.get("/feeds/<token>.ics")
def private_feed(token: str):
    """A subscription's feed, its audience's view (the old private token is a staff subscription); fetch noted."""
    subscription = subscriptions.by_token(get_store(), token)
    feed = subscriptions.feed_for(get_store(), subscription, _settings(), cache=_cache())
    response = _respond(feed, private=True)
    fetches.note(subscription, feed)  # after the answer is made; written later, off this request
    return response


def _respond(feed: RenderedFeed, *, private: bool):
    compressed = _accepts_gzip()
    # Kept with the feed itself, in the one cache of answers: made once per feed and representation.
    answer = feed.extras.get((private, compressed))
    if answer is None:
        answer = feed.extras[(private, compressed)] = _answer(feed, private=private, compressed=compressed)
    if _not_modified(feed, answer.etag):
        return "", 304, answer.headers
    return answer.body, 200, answer.headers


def _accepts_gzip() -> bool:
    """Whether the client takes gzip (as calendar apps do), as RFC 9110 (12.5.3) reads Accept-Encoding.

    Codings are tokens, compared without regard to case (``GZIP``); ``x-gzip`` is gzip (8.4.1.3);
    a coding named outright wins over ``*``; a quality of 0 (``gzip;q=0``) refuses it.
    """
    header = request.headers.get("Accept-Encoding")
    if not header:
        return False
    named = wildcard = None
    for coding, quality in request.accept_encodings:  # werkzeug parses the list and its q-values
        coding = coding.lower()
        if coding in ("gzip", "x-gzip"):
            named = quality if named is None else max(named, quality)
        elif coding == "*":
            wildcard = quality
    quality = named if named is not None else wildcard
    return quality is not None and quality > 0


def _not_modified(feed: RenderedFeed, etag: str) -> bool:
    # If-None-Match wins over If-Modified-Since (RFC 9110, 13.2.2).
    tags = request.headers.get("If-None-Match")
    if tags is not None:
        tags = [tag.strip() for tag in tags.split(",")]
        return "*" in tags or etag in tags or f"W/{etag}" in tags
    since = request.headers.get("If-Modified-Since")
    if since is None:
        return False
    since = parse_date(since)
    return since is not None and feed.last_modified.replace(microsecond=0) <= since
