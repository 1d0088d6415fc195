"""Views for readers: subscribe links for every calendar app, a day timeline, a route map and the print stamp.

Routes take what the reader may see from :mod:`web.pages` (restricted itineraries and events only for
signed-in editors) and hand plain values to the pure builders in :mod:`itinerary.calendar_links`,
:mod:`itinerary.timeline` and :mod:`itinerary.routemap`. The template helpers registered here let the
existing pages include the subscribe block, the small map and the print stamp without changing their views.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import Blueprint, current_app, render_template, request, url_for
from flask_babel import gettext, ngettext
from markupsafe import Markup

from itinerary import calendar_links, changelog, releases, routemap, services, texts, timeline, zones
from itinerary.errors import InvalidInput, Message, Typed
from itinerary.model import Event, Itinerary
from web import i18n, place_words, viewmodels
from web.auth import is_editor
from web.pages import locale, stored_state, visible_itinerary, when
from web.shown import shown_store as get_store  # the state this request sees
from web.viewmodels import feed_links

bp = Blueprint("readers", __name__)
SMALL_MAP = (480, 300)


def day_param(text: str, days: list[date], now: datetime, tz: str) -> date:
    """The day asked for as ``?day=YYYY-MM-DD``; without it, today (in the itinerary's zone) or the next day with
    events while the programme is under way, else its first day."""
    text = text.strip()
    if text:
        try:
            if len(text) != 10:
                raise ValueError(text)
            return date.fromisoformat(text)
        except ValueError:
            raise InvalidInput(
                "day", Message("%(text)s is not a date; write it as YYYY-MM-DD, e.g. 2018-06-08", text=Typed(text, 40))
            ) from None
    today = now.astimezone(ZoneInfo(tz)).date()
    if days and days[0] <= today <= days[-1]:
        return next(day for day in days if day >= today)
    return days[0] if days else today


@dataclass(frozen=True, slots=True)
class DayLink:
    """A link to one day of the timeline."""

    day: date
    href: str
    current: bool


# Routes


@bp.get("/itineraries/<slug>/timeline")
def day_timeline(slug: str):
    """One day of the programme as a timeline: hours down the page, events as blocks at their times."""
    itinerary = visible_itinerary(slug)
    page = timeline_page(get_store(), itinerary, request.args.get("day", ""), editor=is_editor())
    return render_template("timeline.html", itinerary=itinerary, **page)


def timeline_page(store, itinerary: Itinerary, asked: str, *, editor: bool) -> dict:
    """What the timeline template shows of the day ``asked`` (``?day=``, may be empty)."""
    slug = itinerary.slug
    found = services.list_occurrences(store, slug, include_restricted=editor)
    found = i18n.shown_occurrences(store, itinerary, found)  # titles and places in the page's language
    days = timeline.event_days(found, itinerary.timezone)
    day = day_param(asked, days, store.now(), itinerary.timezone)

    def link(value: date) -> str:
        return url_for("readers.day_timeline", slug=slug, day=value.isoformat())

    previous, following = timeline.around(days, day)
    return {
        "layout": timeline.lay_out_day(found, day, itinerary.timezone),
        "day_links": [DayLink(d, link(d), d == day) for d in days],
        "previous": previous and DayLink(previous, link(previous), False),
        "following": following and DayLink(following, link(following), False),
        "midday": datetime.combine(day, datetime.min.time().replace(hour=12), ZoneInfo(itinerary.timezone)),
    }


@bp.get("/itineraries/<slug>/map")
def route_map(slug: str):
    """Where the programme goes: venues as points, travel legs as lines, over country outlines."""
    itinerary = visible_itinerary(slug)
    events = _in_language(itinerary, services.list_events(get_store(), slug, include_restricted=is_editor()))
    return render_template("map.html", itinerary=itinerary, drawn=routemap.route_map(events))


@bp.get("/timeline-grid.css")
def grid_css():
    """The timeline's placement classes (row, span, column, width), since the pages' policy allows no inline style.

    ``tl-rN`` starts a block at slot N, ``tl-sN`` makes it N slots tall, ``tl-cN`` and ``tl-wN`` give its
    first column and width out of :data:`itinerary.timeline.COLUMNS`. The same for every page and deployment.
    """
    response = current_app.response_class(GRID_CSS, mimetype="text/css")
    response.headers["Cache-Control"] = "public, max-age=86400"
    response.set_etag(GRID_ETAG)
    return response.make_conditional(request)


def _grid_css() -> str:
    slots = timeline.MAX_SLOTS
    rules = [f".tl-r{n}{{grid-row-start:{n}}}" for n in range(1, slots + 1)]
    rules += [f".tl-s{n}{{grid-row-end:span {n}}}" for n in range(1, slots + 1)]
    rules += [f".tl-c{n}{{grid-column-start:{n}}}" for n in range(1, timeline.COLUMNS + 1)]
    rules += [f".tl-w{n}{{grid-column-end:span {n}}}" for n in range(1, timeline.COLUMNS + 1)]
    return "/* Placement classes of the day timeline (web/readers.py). */\n" + "\n".join(rules) + "\n"


GRID_CSS = _grid_css()
GRID_ETAG = hashlib.sha256(GRID_CSS.encode()).hexdigest()[:32]


@bp.get("/itineraries/<slug>/print-stamp.css")
def print_stamp_css(slug: str):
    """The printable programme's stamp in the bottom margin of every sheet (CSS page-margin boxes).

    Made per request, like the page that links it: it says when it was printed.
    """
    itinerary = visible_itinerary(slug)
    stamp = print_stamp(itinerary)
    response = current_app.response_class(stamp_css(stamp_text(itinerary, stamp)), mimetype="text/css")
    response.headers["Cache-Control"] = "no-store"
    return response


def stamp_text(itinerary: Itinerary, stamp: PrintStamp) -> tuple[str, str]:
    """The stamp's two parts: the itinerary's title, and its release with the time it was printed."""
    zone_name = itinerary.timezone
    release = stamp.release_text(zone_name)
    return itinerary.title, f"{release} · {stamp.printed_text(zone_name)}"


def css_string(text: str) -> str:
    """``text`` as a CSS string: quoted, with backslashes, quotes and line breaks escaped (CSS Syntax 4.3.5).

    >>> print(css_string('Talks "narrow"\\n'))
    "Talks \\"narrow\\"\\a "
    """
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    escaped = "".join(f"\\{ord(c):x} " if c in "\r\n\f" or ord(c) < 0x20 or c == "\x7f" else c for c in escaped)
    return f'"{escaped}"'


def stamp_css(parts: tuple[str, str]) -> str:
    """The page-margin rules that print ``parts`` at the foot of every sheet."""
    title, rest = parts
    return (
        "@media print {\n"
        "  @page {\n"
        "    margin: 14mm 12mm 18mm;\n"
        f"    @bottom-left {{ content: {css_string(title)}; font: 8pt sans-serif; color: #333; }}\n"
        f"    @bottom-right {{ content: {css_string(rest)}; font: 8pt sans-serif; color: #333; }}\n"
        "  }\n"
        "}\n"
    )


# Helpers for templates


@bp.app_template_global()
def subscribe_links(address: str, name: str) -> calendar_links.FeedLinks:
    """The links that subscribe each calendar app to the feed at ``address``."""
    return calendar_links.feed_links(address, name)


@bp.app_template_global()
def qr_code(text: str, label: str) -> Markup:
    """A QR code of ``text`` as inline SVG."""
    return Markup(calendar_links.qr_svg(text, label))  # segno's SVG; the label is escaped in qr_svg


@bp.app_template_global()
def event_feed_address(itinerary: Itinerary, event: Event) -> str:
    """The address of one event's feed."""
    lang = i18n.feed_language(itinerary)  # the page's language, where the itinerary offers it
    return feed_links("feeds.event_feed", slug=itinerary.slug, event_id=event.uid, lang=lang)["web"]


@bp.app_template_global()
def event_add_links(itinerary: Itinerary, event: Event) -> calendar_links.EventLinks | None:
    """Links that draft ``event`` in Google Calendar and Outlook; None where a copy would mislead or leak.

    None for a restricted event (its details are not for other services), a cancelled one, and a series
    (one drafted event would hold only its first occurrence: the event's feed carries the whole series).
    """
    if event.restricted or event.cancelled or event.recurring:
        return None
    base = current_app.config.get("BASE_URL")
    # The page in the language it is read in, where that is not the itinerary's own.
    values = {"slug": itinerary.slug, "event_id": event.uid, "lang": i18n.content_language(itinerary) or None}
    path = url_for("pages.event", **values)
    page = base.rstrip("/") + path if base else url_for("pages.event", _external=True, **values)
    return calendar_links.event_links(event, event.timing, page, place_words.calendar_place(event))


@bp.app_template_global()
def small_route_map(itinerary: Itinerary) -> routemap.RouteMap | None:
    """The route map drawn small for the itinerary page; None when no event has a venue."""
    editor = is_editor()

    def make():
        events = _in_language(itinerary, services.list_events(get_store(), itinerary.slug, include_restricted=editor))
        drawn = routemap.route_map(events, width=SMALL_MAP[0], height=SMALL_MAP[1])
        return drawn if drawn.places else None

    key = viewmodels.MapKey(stored_state(itinerary.slug), editor, language=i18n.content_language(itinerary))
    return viewmodels.kept(key, make)


@dataclass(frozen=True, slots=True)
class PrintStamp:
    """What every printed page says about itself: which release it shows and when it was printed."""

    version: changelog.Version | None
    printed: datetime  # in the itinerary's zone
    unpublished: int = 0  # an editor's print of a draft: its changes not yet published

    def release_text(self, zone_name: str) -> str:
        """``Release 2 of 5 June 2018, 18:30``; for an editor's draft, how many changes it adds to it."""
        if not self.version:
            return gettext("Draft: nothing published yet")
        at = when(self.version.at.astimezone(ZoneInfo(zone_name)))
        release = gettext("Release %(number)s of %(when)s", number=self.version.number, when=at)
        if self.unpublished:
            changes = ngettext("%(num)d unpublished change", "%(num)d unpublished changes", self.unpublished)
            return gettext("Draft: %(release)s and %(changes)s", release=release, changes=changes)
        return release

    def printed_text(self, zone_name: str) -> str:
        """``Printed 8 June 2018, 09:30 (Beijing, UTC+8)``; ``Напечатано 8 июня 2018 г., 09:30 (Пекин, UTC+8)``;
        ``打印于2018年6月8日 09:30（北京，UTC+8）``: the zone said as the other zone sentences say it."""
        zone = zones.label_inside(zone_name, self.printed, locale())  # inside the catalog's brackets
        return gettext("Printed %(when)s (%(zone)s)", when=when(self.printed), zone=zone)


@bp.app_template_global()
def print_stamp(itinerary: Itinerary) -> PrintStamp:
    """The latest release (None before the first), the time now in the itinerary's zone, and for an editor
    the draft's unpublished changes."""
    store = get_store()
    versions = changelog.versions(store, itinerary.slug)
    unpublished = 0 if store.release else len(releases.changes(store, itinerary.slug))
    now = store.now().astimezone(ZoneInfo(itinerary.timezone))
    return PrintStamp(versions[-1] if versions else None, now, unpublished)


@bp.app_template_filter("local_hm")
def local_hm(value: datetime, zone_name: str) -> str:
    """``14:35``, plus the zone's abbreviation when ``value`` is in another zone than ``zone_name``."""
    shown = f"{value:%H:%M}"
    return shown if isinstance(value, datetime) and value.tzinfo.key == zone_name else f"{shown} {value.tzname()}"


def _in_language(itinerary: Itinerary, events: list[Event]) -> list[Event]:
    """The events with their titles and their venues' names and cities in the page's language (their own where
    they have none in it; in the own language, the venues by their text in it where they have one), each text's
    language noted for ``content_lang``."""
    lang = i18n.content_language(itinerary) or itinerary.language
    library = texts.library_of(get_store(), itinerary.slug)
    shown = [library.event(event, lang) for event in events]
    i18n.remember_languages(
        {event.uid: dict(localized.languages) for event, localized in zip(events, shown, strict=True)}
    )
    return [localized.value for localized in shown]
