"""Releases for readers: the list of an itinerary's releases with their notes, and the same as an Atom feed.

Which state each page shows is :mod:`web.shown`'s answer; publishing is an editor's form (:mod:`web.editing`).
"""

from __future__ import annotations

from flask import Blueprint, current_app, render_template, url_for

from itinerary import atom, releases
from web import i18n
from web.pages import visible_itinerary
from web.shown import shown_store

bp = Blueprint("releases", __name__)


@bp.get("/itineraries/<slug>/releases")
def releases_page(slug: str):
    """The releases, newest first, each with its note and a link to what it changed."""
    itinerary = i18n.shown_itinerary(visible_itinerary(slug))
    return render_template("releases.html", itinerary=itinerary, versions=releases.releases(shown_store(), slug))


@bp.get("/itineraries/<slug>/releases.atom")
def releases_atom(slug: str):
    """The releases as an Atom feed, for feed readers."""
    itinerary = visible_itinerary(slug)
    body = atom.releases_feed(
        itinerary,
        releases.releases(shown_store(), slug),
        uid_domain=current_app.config["UID_DOMAIN"],
        self_url=_absolute("releases.releases_atom", slug=slug),
        page_url=_absolute("releases.releases_page", slug=slug),
        release_url=lambda number: _absolute("releases.releases_page", slug=slug, _anchor=f"release-{number}"),
    )
    return current_app.response_class(body, mimetype="application/atom+xml")


def _absolute(endpoint: str, **values) -> str:
    """An absolute link: under ``BASE_URL`` when it is set, never from the request's ``Host`` then."""
    base = current_app.config.get("BASE_URL")
    return base.rstrip("/") + url_for(endpoint, **values) if base else url_for(endpoint, _external=True, **values)
