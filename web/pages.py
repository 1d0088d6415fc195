"""Pages for readers: the itineraries, one programme day by day, one event, a printable programme.

What changed (the change log since a date or the reader's last visit) and the
comparison of two published versions are pages for readers too; they leave
restricted events out for anyone who is not a signed-in editor. Editors also
see the programme's problems (conflicts and moves that cannot be made in time).

Each route parses what the request asks for (:mod:`web.params`), builds its
view model (:mod:`web.viewmodels`) and renders it.
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from babel import dates, numbers
from flask import Blueprint, current_app, has_request_context, make_response, render_template, request, url_for
from flask_babel import gettext

from itinerary import checks, programme, services, texts, zones
from itinerary.audiences import PUBLIC
from itinerary.errors import EventNotFound, InvalidInput, ItineraryNotFound
from itinerary.model import Event, Itinerary, Visibility, is_repeated
from web import i18n, kept, params, viewmodels, visits, words
from web.auth import is_editor
from web.forms import COMMON_ZONES
from web.shown import shown_store as get_store  # the state this request sees

bp = Blueprint("pages", __name__)


# Lookups that hide what a reader may not see


def stored_state(slug: str) -> viewmodels.StoredState:
    """The itinerary's :class:`~web.viewmodels.StoredState`, or "not found"."""
    state = viewmodels.stored_state(get_store(), slug)
    if state is None:
        raise ItineraryNotFound(slug)
    return state


def visible_itinerary(slug: str, state: viewmodels.StoredState | None = None) -> Itinerary:
    """The itinerary, or "not found" when it is restricted and the reader is not an editor.

    ``state`` is the itinerary's :func:`stored_state` when the caller has read it already.
    """
    store = get_store()
    key = viewmodels.ItineraryKey(state or stored_state(slug))
    itinerary = viewmodels.kept(key, lambda: services.get_itinerary(store, slug))
    if itinerary.visibility is Visibility.RESTRICTED and not is_editor():
        raise ItineraryNotFound(slug)
    return itinerary


def visible_event(slug: str, uid: str) -> tuple[Itinerary, Event]:
    """The itinerary and the event as the reader sees it: in full for an editor, else as the public sees it
    (a busy event's stand-in); "not found" when either is hidden from the reader."""
    itinerary = visible_itinerary(slug)
    event = services.get_event(get_store(), slug, uid)
    if not is_editor():
        event = next((e for e in services.list_events(get_store(), slug, audience=PUBLIC) if e.uid == uid), None)
        if event is None:
            raise EventNotFound(slug, uid)
    return itinerary, event


def _visit(slug: str, now: datetime) -> visits.Visits:
    """The reader's visits to the itinerary after a look at ``now``, from its visit cookie."""
    return visits.look(visits.read(request.cookies.get(visits.cookie_name(slug)), now), now)


def _remember(response, slug: str, seen: visits.Visits) -> None:
    """Keep the reader's visits in the itinerary's visit cookie."""
    response.set_cookie(
        visits.cookie_name(slug),
        seen.value(),
        max_age=visits.MAX_AGE,
        path=url_for("pages.itinerary", slug=slug),
        secure=current_app.config["SESSION_COOKIE_SECURE"],
        httponly=True,
        samesite="Lax",
    )
    response.vary.add("Cookie")  # the "since your last visit" link depends on it


def _reader(itinerary: Itinerary) -> viewmodels.Reader:
    """Who reads the itinerary page: editor or not, the zone they chose (by ``?tz=`` or their cookie) when it is
    not the home zone, and the participant or delegation asked for."""
    chosen = params.chosen_zone(request.args, request.cookies)
    other = None if chosen == itinerary.timezone else chosen
    language = i18n.content_language(itinerary)
    return viewmodels.Reader(
        is_editor(),
        other,
        request.script_root,
        params.participant(request.args),
        language,
        delegation=params.delegation(request.args),
    )


ZONE_MAX_AGE = timedelta(days=365)


def _keep_zone(response) -> None:
    """Keep a zone chosen with ``?tz=`` in the reader's zone cookie, for every page; an empty ``?tz=`` forgets it."""
    if "tz" not in request.args:
        return
    chosen = params.chosen_zone(request.args, {})
    if chosen:
        secure = current_app.config["SESSION_COOKIE_SECURE"]
        response.set_cookie(
            params.ZONE_COOKIE, chosen, max_age=ZONE_MAX_AGE, path="/", secure=secure, httponly=True, samesite="Lax"
        )
    else:
        response.delete_cookie(params.ZONE_COOKIE, path="/")
    response.vary.add("Cookie")


# Display helpers for the templates


def locale() -> str:
    """The page's language for Babel's formats; English outside a request (a command, a worker)."""
    return i18n.language() if has_request_context() else "en"


# English keeps the day-month order the pages have always used; the other languages take CLDR's own patterns.
_EN_LONG, _EN_SHORT, _EN_STAMP = "EEEE d MMMM y", "EEE d MMM", "d MMMM y"


@bp.app_template_filter("long_date")
def long_date(value: date) -> str:
    """``Friday 8 June 2018``, ``пятница, 8 июня 2018 г.``, ``2018年6月8日星期五`` (Babel)."""
    lang = locale()
    return dates.format_date(value, _EN_LONG if lang == "en" else "full", locale=lang)


@bp.app_template_filter("short_date")
def short_date(value: date) -> str:
    """``Fri 8 Jun``, ``пт, 8 июн.``, ``6月8日周五`` (Babel)."""
    lang = locale()
    if lang == "en":
        return dates.format_date(value, _EN_SHORT, locale=lang)
    return dates.format_skeleton("MMMEd", value, locale=lang)


@bp.app_template_filter("dated_short")
def dated_short(value: date) -> str:
    """``Fri 10 Nov 2017``, ``пт, 10 нояб. 2017 г.``, ``2017年11月10日周五``: :func:`short_date` with the year, as
    each language places it (Babel's ``yMMMEd``), for day links that span years."""
    lang = locale()
    if lang == "en":
        return dates.format_date(value, _EN_SHORT + " y", locale=lang)
    return dates.format_skeleton("yMMMEd", value, locale=lang)


@bp.app_template_filter("hm")
def hm(value: datetime) -> str:
    """``09:45``; a time in an hour the clocks repeat says which of the two it is: ``02:30 CET``."""
    return f"{value:%H:%M} {value.tzname()}" if is_repeated(value) else f"{value:%H:%M}"


@bp.app_template_filter("in_zone")
def in_zone(value: datetime, name: str) -> datetime:
    """The same instant in the zone called ``name``."""
    return value.astimezone(ZoneInfo(name))


@bp.app_template_filter("zone_label")
def zone_label(name: str, at: datetime) -> str:
    """``Beijing (UTC+8)``, ``Пекин (UTC+8)``: the zone called ``name`` as people say it, with its offset at ``at``."""
    return zones.label(name, at, locale())


@bp.app_template_filter("zone_label_inside")
def zone_label_inside(name: str, at: datetime) -> str:
    """``Beijing, UTC+8``, ``北京，UTC+8``: :func:`zone_label` as it reads inside the catalog's brackets."""
    return zones.label_inside(name, at, locale())


@bp.app_template_filter("zone_city")
def zone_city(name: str) -> str:
    """``Beijing``: the zone called ``name`` as people say it, without an offset (for whole days)."""
    return zones.city(name, locale())


@bp.app_template_filter("utc_offset")
def utc_offset(value: datetime) -> str:
    """``UTC+08:00``."""
    text = f"{value:%z}"
    return f"UTC{text[:3]}:{text[3:]}"


@bp.app_template_filter("coordinates")
def coordinates(venue) -> str:
    """``39.9033° N, 116.3874° E``; ``39,9033° с. ш., 116,3874° в. д.``; ``北纬39.9033°, 东经116.3874°``."""
    lang = locale()
    north, east = (numbers.format_decimal(abs(v), "0.0000", locale=lang) for v in (venue.latitude, venue.longitude))
    latitude = (
        gettext("%(degrees)s° N", degrees=north) if venue.latitude >= 0 else gettext("%(degrees)s° S", degrees=north)
    )
    longitude = (
        gettext("%(degrees)s° E", degrees=east) if venue.longitude >= 0 else gettext("%(degrees)s° W", degrees=east)
    )
    return gettext(", ").join((latitude, longitude))  # zh: a full-width comma between the two


def when(value: datetime) -> str:
    """``7 June 2018, 18:00``, ``7 июня 2018 г., 18:00``, ``2018年6月7日 18:00``: a date and a clock time (Babel)."""
    lang = locale()
    day = dates.format_date(value, _EN_STAMP if lang == "en" else "long", locale=lang)
    return dates.get_datetime_format("medium", locale=lang).format(f"{value:%H:%M}", day)


@bp.app_template_filter("plain_day")
def plain_day(value: date) -> str:
    """``10 June 2018``, ``10 июня 2018 г.``, ``2018年6月10日``: a date without its weekday, where a sentence names it
    after a preposition ("перенесено с 10 июня 2018 г.", not "с воскресенье") (Babel)."""
    lang = locale()
    return dates.format_date(value, _EN_STAMP if lang == "en" else "long", locale=lang)


@bp.app_template_filter("stamp")
def stamp(value: datetime, name: str) -> str:
    """``7 June 2018, 18:00`` in the zone called ``name``."""
    return when(value.astimezone(ZoneInfo(name)))


@bp.app_template_global()
def severity_word(finding: checks.Finding) -> str:
    """``Error`` or ``Warning``, in the page's language."""
    return words.severity(finding.severity.value)


bp.add_app_template_global(params.occurrence_id)


@bp.app_template_global()
def zone_offer_names() -> str:
    """The cities of the common zones in the page's language (JSON), for app.js to name the reader's own zone
    (a zone not among them it names by its IANA city, marked English)."""
    return json.dumps({key: zones.city(key, locale()) for key in COMMON_ZONES}, ensure_ascii=False)


@bp.app_context_processor
def _zone_names() -> dict:
    return {"common_zones": COMMON_ZONES, "chosen_zone": _chosen_quietly()}


def _chosen_quietly() -> str | None:
    """The zone the reader chose, for links that keep it; None (never an error) where none is usable."""
    if not has_request_context():
        return None
    try:
        return params.chosen_zone(request.args, request.cookies)
    except InvalidInput:
        return None


# Routes


@bp.get("/")
def home():
    """The itineraries, each with its dates."""
    store = get_store()
    rows = []
    for itinerary in services.list_itineraries(store, include_restricted=is_editor()):
        found = services.list_occurrences(store, itinerary.slug, include_restricted=is_editor())
        days = programme.days(found, itinerary.timezone)
        shown, marks = _home_texts(store, itinerary)
        rows.append((shown, days[0].date if days else None, days[-1].date if days else None, marks))
    return render_template("home.html", rows=rows)


def _home_texts(store, itinerary: Itinerary) -> tuple[Itinerary, dict[str, str]]:
    """The itinerary with its title and summary in the page's language, and the ``lang`` to mark each with where it
    falls back to the own language (none where it is in the page's)."""
    lang = i18n.language()
    if lang == itinerary.language:
        return itinerary, {}
    localized = texts.itinerary_in(store, itinerary.slug, lang)
    return localized.value, {field: found for field, found in localized.languages.items() if found != lang}


@bp.get("/itineraries/<slug>")
def itinerary(slug: str):
    """The programme day by day in the home zone, and in a reader's zone beside it on request.

    What it shows is kept by the stored state it shows (see :mod:`web.viewmodels`).
    """
    state = stored_state(slug)
    itinerary = i18n.shown_itinerary(visible_itinerary(slug, state))
    page = viewmodels.itinerary_page(get_store(), itinerary, state, _reader(itinerary), params.first_day(request.args))
    seen = _visit(slug, page.now)
    response = make_response(kept.itinerary_html(page, seen.previous))
    _remember(response, slug, seen)
    _keep_zone(response)
    return response


@bp.get("/itineraries/<slug>/changes")
def changes(slug: str):
    """What changed in the programme since a date or an instant (everything without one), newest first."""
    itinerary = i18n.shown_itinerary(visible_itinerary(slug))  # its title in the page's language
    since = params.since(request.args, itinerary.timezone)
    page = viewmodels.changes_page(get_store(), slug, since, editor=is_editor())
    return render_template(
        "changes.html",
        itinerary=itinerary,
        since=since,
        since_date=params.text(request.args, "since")[:10],
        zone_name=params.reader_zone(request.args, itinerary.timezone) or itinerary.timezone,
        **page,
    )


@bp.get("/itineraries/<slug>/versions/compare")
def compare_versions(slug: str):
    """What changed, event by event, from one published version to another."""
    itinerary = i18n.shown_itinerary(visible_itinerary(slug))
    older, newer = params.versions(request.args)
    page = viewmodels.compare_page(get_store(), slug, older, newer, editor=is_editor())
    return render_template("compare.html", itinerary=itinerary, **page)


@bp.get("/itineraries/<slug>/print")
def printable(slug: str):
    """The programme as one clean list per day, for paper."""
    itinerary = i18n.shown_itinerary(visible_itinerary(slug))
    other = _reader(itinerary).zone
    found = services.list_occurrences(get_store(), slug, include_restricted=is_editor())
    found = i18n.shown_occurrences(get_store(), itinerary, found)  # titles and places in the page's language
    days = viewmodels.nested(programme.days(found, itinerary.timezone))
    return render_template("print.html", itinerary=itinerary, days=days, other_zone=other)


@bp.get("/itineraries/<slug>/events/<event_id>")
def event(slug: str, event_id: str):
    """Everything about one event, with an "add to calendar" link."""
    itinerary, event = visible_event(slug, event_id)
    itinerary, event = i18n.shown_itinerary(itinerary), i18n.shown_event(event, itinerary.language)
    page = viewmodels.event_page(get_store(), slug, event, editor=is_editor())
    if page["parent"]:  # the parent's and the sessions' titles in the page's language too
        page["parent"] = i18n.shown_event(page["parent"], itinerary.language)
    page["children"] = [i18n.shown_event(child, itinerary.language) for child in page["children"]]
    response = make_response(render_template("event.html", itinerary=itinerary, **page))
    _keep_zone(response)
    return response
