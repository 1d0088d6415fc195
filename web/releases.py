"""Releases for readers: the list of an itinerary's releases with their notes, and the same as an Atom feed.

Which state each page shows is :mod:`web.shown`'s answer; publishing is an editor's form (:mod:`web.editing`).
"""

from __future__ import annotations

import hashlib

from flask import Blueprint, current_app, render_template, request, url_for
from flask_babel import force_locale, gettext

from itinerary import atom, languages, releases, texts
from web import i18n, release_words
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
    """The releases as an Atom feed, for feed readers: in ``?lang=`` (400 for none of ours), else the itinerary's
    own language; each language its own bytes, so its own ETag."""
    own = visible_itinerary(slug)
    asked = request.args.get("lang")
    lang = languages.language(asked) if asked else own.language
    body = _atom(own, lang, {"lang": lang} if asked else {})  # the links keep the language asked for
    response = current_app.response_class(body, mimetype="application/atom+xml")
    response.set_etag(hashlib.sha256(body).hexdigest()[:32])
    return response.make_conditional(request)


def _atom(own, lang: str, chosen: dict) -> bytes:
    """The releases feed of the itinerary ``own`` in ``lang``, its links with ``chosen`` (``lang`` when asked)."""
    slug = own.slug
    localized = texts.itinerary_in(shown_store(), slug, lang)
    itinerary, title_lang = localized.value, localized.languages["title"]
    with force_locale(lang):
        return atom.releases_feed(
            itinerary,
            releases.releases(shown_store(), slug),
            uid_domain=current_app.config["UID_DOMAIN"],
            self_url=_absolute("releases.releases_atom", slug=slug, **chosen),
            page_url=_absolute("releases.releases_page", slug=slug, **chosen),
            release_url=lambda number: _absolute(
                "releases.releases_page", slug=slug, _anchor=f"release-{number}", **chosen
            ),
            lang=lang,
            title=gettext("Releases of %(title)s", title=itinerary.title),
            entry_title=lambda number: gettext("Release %(number)s", number=number),
            summary=lambda version: release_words.feed_summary(version, own),
            title_lang=title_lang if title_lang != lang else "",
        )


def _absolute(endpoint: str, **values) -> str:
    """An absolute link: under ``BASE_URL`` when it is set, never from the request's ``Host`` then."""
    base = current_app.config.get("BASE_URL")
    return base.rstrip("/") + url_for(endpoint, **values) if base else url_for(endpoint, _external=True, **values)
