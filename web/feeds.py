"""Feeds over HTTP: content type, validators and 304s; the bytes come from itinerary.feeds."""

from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, current_app, request
from werkzeug.http import http_date, parse_date

from itinerary import feeds
from itinerary.feeds import FeedCache, FeedFilter, RenderedFeed
from itinerary.ical import FeedSettings
from web.app import get_store

bp = Blueprint("feeds", __name__)
CACHE_KEY = "itinerary.feed_cache"


def _settings() -> FeedSettings:
    config = current_app.config
    base = config.get("BASE_URL") or request.host_url
    return FeedSettings(config["UID_DOMAIN"], base.rstrip("/"), timedelta(seconds=int(config["FEED_TTL_SECONDS"])))


def _cache() -> FeedCache:
    cache = current_app.extensions.get(CACHE_KEY)
    if cache is None:
        cache = current_app.extensions[CACHE_KEY] = FeedCache(fresh_for=float(current_app.config["FEED_FRESH_SECONDS"]))
    return cache


@bp.get("/itineraries/<slug>.ics")
def itinerary_feed(slug: str):
    """The public feed of an itinerary, optionally filtered by query parameters."""
    feed_filter = FeedFilter.from_params(request.args)
    return _respond(
        feeds.itinerary_feed(get_store(), slug, _settings(), feed_filter=feed_filter, cache=_cache()), private=False
    )


@bp.get("/itineraries/<slug>/events/<event_id>.ics")
def event_feed(slug: str, event_id: str):
    """One public event, for "add to calendar"."""
    return _respond(feeds.event_feed(get_store(), slug, event_id, _settings(), cache=_cache()), private=False)


@bp.get("/feeds/<token>.ics")
def private_feed(token: str):
    """The private feed behind a secret token, restricted events included."""
    return _respond(feeds.private_feed(get_store(), token, _settings(), cache=_cache()), private=True)


def _respond(feed: RenderedFeed, *, private: bool):
    headers = {
        "Content-Type": "text/calendar; charset=utf-8",
        "Content-Disposition": f'inline; filename="{feed.filename}"',
        "ETag": feed.etag,
        "Last-Modified": http_date(feed.last_modified),
        "Cache-Control": f"{'private' if private else 'public'}, max-age=300, must-revalidate",
        "X-Content-Type-Options": "nosniff",
    }
    if private:
        headers["Referrer-Policy"] = "no-referrer"
    if _not_modified(feed):
        return "", 304, headers
    return feed.body, 200, headers


def _not_modified(feed: RenderedFeed) -> bool:
    # If-None-Match wins over If-Modified-Since (RFC 9110, 13.2.2).
    if "If-None-Match" in request.headers:
        tags = [tag.strip() for tag in request.headers["If-None-Match"].split(",")]
        return "*" in tags or feed.etag in tags or f"W/{feed.etag}" in tags
    since = parse_date(request.headers.get("If-Modified-Since"))
    return since is not None and feed.last_modified.replace(microsecond=0) <= since
