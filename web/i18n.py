"""The interface's language: Flask-Babel with the language picked per request, and dates formatted per language.

The language is ``?lang=`` when it names one of :data:`itinerary.languages.LANGUAGES`, else the ``lang``
cookie (set whenever a page is asked for with ``?lang=``), else the best match of ``Accept-Language``,
else English. Catalogs live in ``web/translations`` (compiled ``.mo`` files committed beside the ``.po``
sources, so that an install needs no build step).
"""

from __future__ import annotations

from datetime import date, datetime
from urllib.parse import urlencode

from flask import Flask, current_app, g, request
from flask_babel import Babel, format_date, get_locale
from markupsafe import Markup, escape

from itinerary import texts
from itinerary.languages import DEFAULT, LANGUAGE_NAMES, LANGUAGES
from web.shown import shown_store

COOKIE = "lang"
COOKIE_MAX_AGE = 365 * 24 * 3600


def asked() -> str | None:
    """The language ``?lang=`` names, or None when it names none of ours."""
    value = request.args.get("lang")
    return value if value in LANGUAGES else None


def select_locale() -> str:
    """The request's language: ``?lang=``, the cookie, ``Accept-Language``, English; a feed's ``?lang=`` or English."""
    if request.path.endswith((".ics", ".atom")) or request.path.startswith("/feeds/"):
        return asked() or DEFAULT  # a feed (its error answers) in its own ?lang=, never the browser's
    cookie = request.cookies.get(COOKIE)
    return (
        asked()
        or (cookie if cookie in LANGUAGES else None)
        or request.accept_languages.best_match(LANGUAGES)
        or DEFAULT
    )


def not_offered() -> Markup:
    """The notice of a page asked for with a ``?lang=`` that names none of our languages (the page comes in the
    cookie's or browser's language), listing the languages offered, each marked with its own ``lang``; else nothing.
    A feed refuses such a ``lang`` instead (400, see web.feeds)."""
    from flask_babel import gettext

    from web.place_words import listed  # web.place_words imports this module

    value = request.args.get("lang", "").strip()
    if not value or asked():
        return Markup("")
    names = [Markup('<span lang="{}">{}</span>').format(code, LANGUAGE_NAMES[code]) for code in LANGUAGES]
    said = gettext("There is no language “%(code)s” here; the pages come in %(languages)s.")
    return Markup(escape(said)) % {"code": value[:20], "languages": listed(names)}


def language() -> str:
    """The language of the page being made (one of :data:`LANGUAGES`)."""
    return str(get_locale() or DEFAULT)


def day(value: date | datetime, style: str = "full") -> str:
    """A date (or a datetime's date) as the page's language writes it: "Friday, June 8, 2018",
    "пятница, 8 июня 2018 г.", "2018年6月8日星期五" (Babel's CLDR formats)."""
    return format_date(value.date() if isinstance(value, datetime) else value, style)


def switcher() -> list[dict]:
    """The language links of the page: the same address and query with ``lang`` set to each language."""
    args = [(k, v) for k, v in request.args.items(multi=True) if k != "lang"]
    return [
        {
            "code": code,
            "name": LANGUAGE_NAMES[code],
            "url": f"{request.path}?{urlencode([*args, ('lang', code)])}",
            "current": code == language(),
        }
        for code in LANGUAGES
    ]


def remember_languages(languages: dict[str, dict[str, str]]) -> None:
    """Note the language each shown thing's texts are in (by event UID; "" the itinerary), for :func:`content_lang`."""
    g.setdefault("text_languages", {}).update(languages)


def content_language(itinerary) -> str:
    """The page's language when the itinerary's texts are to be shown in it; "" when it is their own."""
    return "" if language() == itinerary.language else language()


def text_language(key: str, field: str) -> str:
    """The language a shown text is in where noted (:func:`remember_languages`), else ""."""
    return g.get("text_languages", {}).get(key, {}).get(field, "")


def content_lang(key: str, field: str = "title") -> Markup:
    """A ``lang`` attribute for a shown text in another language than the page's (a fallback), else nothing."""
    found = g.get("text_languages", {}).get(key, {}).get(field)
    return Markup(' lang="{}"').format(found) if found and found != language() else Markup("")


def _remember(response):
    """Keep the language asked for with ``?lang=`` in the cookie; pages vary with the language headers."""
    if request.path.endswith(".ics") or request.path.startswith(("/feeds/", "/static/", "/api/")):
        return response
    wanted = asked()
    if wanted and request.cookies.get(COOKIE) != wanted:
        response.set_cookie(
            COOKIE,
            wanted,
            max_age=COOKIE_MAX_AGE,
            secure=current_app.config["SESSION_COOKIE_SECURE"],
            httponly=True,
            samesite="Lax",
        )
    if response.mimetype == "text/html":
        response.vary.update(("Accept-Language", "Cookie"))
    return response


def init_app(app: Flask) -> None:
    """Install Flask-Babel with the language picked per request, the ``day`` filter and the switcher."""
    Babel(app, locale_selector=select_locale, default_translation_directories="translations")
    app.add_template_filter(day)
    app.jinja_env.globals.update(
        language_links=switcher,
        page_language=language,
        content_lang=content_lang,
        text_language=text_language,
        language_not_offered=not_offered,
        feed_language=feed_language,
    )
    app.after_request(_remember)


def shown_itinerary(itinerary):
    """The itinerary with its title and summary in the page's language (its own where it has none): the
    latest release's texts for a reader, the draft's for an editor (see web.shown)."""
    if language() == itinerary.language:
        return itinerary
    localized = texts.itinerary_in(shown_store(), itinerary.slug, language())
    remember_languages({"": dict(localized.languages)})
    return localized.value


def shown_event(event, own: str):
    """The event with its texts in the page's language (its own where it has none); in the own language, its
    venues and people (shared by itineraries of every language) by their text in it where they have one."""
    localized = texts.event_in(shown_store(), event.itinerary, event, language())
    remember_languages({event.uid: dict(localized.languages)})
    return localized.value


def feed_language(itinerary) -> str | None:
    """The ``lang`` of the feed addresses a page offers: the page's language where it is not the itinerary's
    own and the itinerary offers it; else None (the feed in the itinerary's own language, without ``lang``)."""
    wanted = content_language(itinerary)
    return wanted if wanted and wanted in texts.offered_languages(shown_store(), itinerary.slug) else None


def shown_occurrences(store, itinerary, found: list) -> list:
    """The occurrences with their events' texts, venues and participants in the page's language (their own where
    they have none; in the own language, the venues and people by their text in it where they have one), each
    text's language noted for :func:`content_lang`."""
    shown, languages = texts.occurrences_in(store, itinerary.slug, found, language())
    remember_languages(languages)
    return shown
