"""The change log's sentences in the page's language: what happened to each changed occurrence of a series.

The domain keeps each sentence as a message template with its values (:func:`itinerary.changelog.
occurrence_messages`: moments, spans, titles); here each template is looked up in the catalogs and its values
said: days as Babel writes them in the page's language, a title marked with its language where that is not
the page's. The templates are listed below once each, so that ``pybabel extract`` finds them.
"""

from __future__ import annotations

from babel.dates import format_date
from babel.lists import format_list
from flask import g
from flask_babel import get_locale, gettext, lazy_gettext
from markupsafe import Markup, escape

from itinerary import changelog, services, texts
from itinerary.errors import Message
from itinerary.languages import event_key, own_text_language
from itinerary.model import Format, Kind, Status, TravelMode
from web.auth import is_editor
from web.i18n import language
from web.shown import shown_store
from web.zone_names import zone_words  # the one zone helper, shared with the forms


def moment_words(moment: changelog.Moment | str, cities: bool = False) -> Markup:
    """A recorded moment as the page's language writes it: "30 November 2026, 08:00", "30 ноября 2026 г.,
    08:00", "2026年11月30日 08:00" (its zone after it where the log gave one; with ``cities``, by its city in
    every language, English too: "8 June 2018, 11:00 Beijing")."""
    if not isinstance(moment, changelog.Moment):
        return escape(moment)
    lang = language()
    day = format_date(moment.day, "d MMMM y" if lang == "en" else "long", locale=get_locale() or lang)
    words = gettext("%(day)s, %(time)s", day=day, time=moment.clock) if moment.clock else day
    zone = _city(moment.zone, lang) if cities and moment.zone else zone_words(moment.zone)
    return escape(f"{words} {zone}" if moment.zone else words)


def _city(zone: str, lang: str) -> str:
    from itinerary import zones

    try:
        return zones.city(zone, lang)
    except (KeyError, ValueError):  # not a zone (text recorded otherwise): as recorded
        return zone


def said(value: object, own: str = "") -> Markup:
    """A sentence's message (or one of its values) in the page's language; a ``title`` (the event's text, in
    the itinerary's own language ``own``) marked with its language where the page's is another."""
    if isinstance(value, changelog.Moment):
        return moment_words(value)
    if not isinstance(value, Message):
        return escape(value)
    params = {name: _said_param(name, v, own) for name, v in value.params.items()}
    template = escape(gettext(value.template))
    return Markup(template) % params if params else Markup(template)


def _said_param(name: str, value: object, own: str) -> Markup:
    if name == "title":
        return _title(value, own)
    if name == "zone" and isinstance(value, str):
        return escape(zone_words(value))
    return said(value, own)


def _title(text: str, own: str) -> Markup:
    if own and own != language():
        return Markup('<span lang="{}">{}</span>').format(own, text)
    return escape(text)


def occurrence_sentences(old: str, new: str, own: str = "") -> list[tuple[Markup, Markup]]:
    """Each changed occurrence between two recorded texts of a series' changed occurrences: its original start
    and what happened to it, in the page's language (``own``: the itinerary's language, that of titles)."""
    return [(moment_words(moment), said(what, own)) for moment, what in changelog.occurrence_messages(old, new)]


def change_title(change, itinerary) -> Markup:
    """The title of a change's event in the page's language: its text in that language where the event, as
    this reader sees it now, still has the title the change recorded (never a busy event's own, nor a newer
    title than the one shown); else the recorded title, marked with the itinerary's language."""
    own, lang = itinerary.language, language()
    # An imported title in one language only is really in it (walk 5, finding 2): marked with it, not the own.
    really = _really_in(itinerary.slug, own, change.uid, change.title)
    if lang == own and really == lang:
        return escape(change.title)
    found = None if lang == own else _titles(itinerary.slug, own, lang).get(change.uid)
    if found and found[0] == change.title and found[1]:
        return escape(found[1])
    if really == lang:
        return escape(change.title)
    return Markup('<span lang="{}">{}</span>').format(really, change.title)


def _really_in(slug: str, own: str, uid: str, title: str) -> str:
    """The language a recorded own title is really in (see :func:`itinerary.languages.own_text_language`)."""
    cache = g.setdefault("change_libraries", {})
    if slug not in cache:
        cache[slug] = texts.library_of(shown_store(), slug)
    return own_text_language(title, own, cache[slug].events.get(event_key(slug, uid), {}), "title")


def _titles(slug: str, own: str, lang: str) -> dict[str, tuple[str, str]]:
    """Each event this request's reader sees: its own title and its title in ``lang`` ("" for none), by UID."""
    cache = g.setdefault("change_titles", {})
    if slug not in cache:
        store = shown_store()
        library = texts.library_of(store, slug)
        cache[slug] = {
            event.uid: (event.title, library.events.get(event_key(slug, event.uid), {}).get("title", {}).get(lang, ""))
            for event in services.list_events(store, slug, include_restricted=is_editor())
            if not event.standin  # a busy event shows its label; its own texts are not the reader's to see
        }
    return cache[slug]


def value_words(value: str, name: str, itinerary=None) -> str:
    """A recorded field value in the page's language where it is one of the domain's words (a kind, a format, a
    status, a mode of travel) or a start or end (days as Babel writes them); as recorded on an English page.
    Audiences are said in every language (``itinerary``'s own by their labels, see :func:`audiences_words`)."""
    if value and name == "audiences":
        return audiences_words(value, itinerary)
    if value and name in ("start", "end"):  # in every language, English too (walk defect 7)
        moment = value.removesuffix(" (all day)")
        said_moment = moment_words(changelog.moment_of(moment), cities=True)
        return gettext("%(day)s (all day)", day=said_moment) if moment != value else str(said_moment)
    if not value or language() == "en":
        return value
    from web import words  # the domain's words at the web edge

    found = {
        "kind": {kind.label: words.KINDS.get(kind) for kind in Kind},
        "format": {fmt.value: words.FORMATS.get(fmt) for fmt in Format},
        "status": {status.value: words.STATUSES.get(status) for status in Status},
        "travel mode": {mode.label: words.MODES.get(mode) for mode in TravelMode},
    }.get(name, {}).get(value)
    if found is not None:
        return str(found)
    return value


# What an audience sees of an event, as the change log records it ("press: busy").
ACCESS_WORDS = {"full": lazy_gettext("full"), "busy": lazy_gettext("busy"), "hidden": lazy_gettext("hidden")}


def audiences_words(value: str, itinerary=None) -> Markup | str:
    """A recorded "audiences" text (``press: busy, interpreters: hidden``) in the page's language: each built-in
    audience by its word (``пресса``), one of ``itinerary``'s own by its label (written in the itinerary's
    language, marked with it on a page in another), one no longer listed as recorded, and what each sees; the
    list joined as the page's language joins lists (Babel's ``format_list``: "пресса: скрыто и штаб: занято",
    "媒体：隐藏和工作人员：忙碌")."""
    from web.words import AUDIENCE_WORDS

    pairs = [pair.partition(": ") for pair in value.split(", ")]
    if not all(sep for _, sep, _ in pairs):
        return value  # not as the log records it: as recorded
    labels = _own_labels(itinerary.slug) if itinerary is not None else {}
    own = itinerary.language if itinerary is not None else language()
    template = escape(gettext("%(audience)s: %(access)s"))
    said_pairs = []
    for audience, _, access in pairs:
        if audience in AUDIENCE_WORDS:
            name = escape(str(AUDIENCE_WORDS[audience]))
        elif audience in labels and own != language():
            name = Markup('<span lang="{}">{}</span>').format(own, labels[audience])
        else:
            name = escape(labels.get(audience, audience))
        said_pairs.append(
            Markup(template) % {"audience": name, "access": escape(str(ACCESS_WORDS.get(access, access)))}
        )
    return Markup(format_list(said_pairs, locale=get_locale() or language()))


def _own_labels(slug: str) -> dict[str, str]:
    """The labels of the itinerary's own audiences by name (the draft's list: a release keeps only names), read
    once per request."""
    from itinerary import own_audiences
    from itinerary.errors import ItineraryNotFound
    from web.app import get_store

    cache = g.setdefault("own_audience_labels", {})
    if slug not in cache:
        try:
            cache[slug] = {found.name: found.label for found in own_audiences.listed(get_store(), slug)}
        except ItineraryNotFound:
            cache[slug] = {}
    return cache[slug]


def _templates():
    """The sentences' templates (itinerary/changelog.py), for the catalogs; never called."""
    return (
        gettext("%(day)s, %(time)s"),
        gettext("%(day)s (all day)"),
        gettext("%(first)s to %(last)s (all day)"),
        gettext("%(day)s, %(start)s–%(end)s %(zone)s"),
        gettext("%(start)s to %(end)s"),
        gettext("cancelled"),
        gettext("marked tentative"),
        gettext("marked confirmed"),
        gettext("retitled “%(title)s”"),
        gettext("moved to %(span)s"),
        gettext("%(first)s, %(rest)s"),
        gettext("now %(now)s (was %(was)s)"),
        gettext("restored: it takes place again as planned"),
        gettext("back as the series has it"),
        gettext("changed"),
    )
