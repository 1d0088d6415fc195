"""Pages for readers: the itineraries, one programme day by day, one event, a printable programme."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import Blueprint, current_app, render_template, request, url_for

from itinerary import programme, recurrence, services
from itinerary.errors import EventNotFound, ItineraryNotFound
from itinerary.model import Event, Itinerary, Visibility, zone
from web.app import get_store
from web.auth import is_editor
from web.forms import COMMON_ZONES, ConfirmForm

bp = Blueprint("pages", __name__)


# Lookups that hide what a reader may not see


def visible_itinerary(slug: str) -> Itinerary:
    """The itinerary, or "not found" when it is restricted and the reader is not an editor."""
    itinerary = services.get_itinerary(get_store(), slug)
    if itinerary.visibility is Visibility.RESTRICTED and not is_editor():
        raise ItineraryNotFound(slug)
    return itinerary


def visible_event(slug: str, uid: str) -> tuple[Itinerary, Event]:
    """The itinerary and event, or "not found" when either is restricted and the reader is not an editor."""
    itinerary = visible_itinerary(slug)
    event = services.get_event(get_store(), slug, uid)
    if event.restricted and not is_editor():
        raise EventNotFound(slug, uid)
    return itinerary, event


def reader_zone(itinerary: Itinerary) -> str | None:
    """The zone asked for with ``?tz=``, checked; None when none or the home zone was asked for."""
    name = request.args.get("tz", "").strip()
    if not name or name == itinerary.timezone:
        return None
    return zone(name, "tz").key


# The programme as nested lists


@dataclass
class Node:
    """An entry with the entries nested under it on the same day (a summit's sessions)."""

    entry: programme.Entry
    children: list[Node] = field(default_factory=list)


@dataclass
class DayView:
    """One local day with its entries nested."""

    date: date
    nodes: list[Node]


def nested(days: list[programme.Day]) -> list[DayView]:
    """Each day's entries, each under its parent when the parent shows that day too."""
    views = []
    for day in days:
        nodes: dict[str, Node] = {}
        roots: list[Node] = []
        for entry in day.entries:
            node = Node(entry)
            parent = nodes.get(entry.event.parent or "")
            (parent.children if parent else roots).append(node)
            nodes.setdefault(entry.event.uid, node)
        views.append(DayView(day.date, roots))
    return views


def zone_choices(itinerary: Itinerary, events: list[Event], chosen: str | None) -> list[str]:
    """Zones worth offering in the zone switch: common ones, those of the programme, and the chosen one."""
    used = {event.timing.timezone for event in events} | {event.timing.end_timezone for event in events}
    return sorted({*COMMON_ZONES, *used, *([chosen] if chosen else [])} - {itinerary.timezone})


def feed_links(endpoint: str, **values) -> dict[str, str]:
    """The ``https://`` (or this server's scheme) and ``webcal://`` addresses of a feed."""
    base = current_app.config.get("BASE_URL")
    web = base.rstrip("/") + url_for(endpoint, **values) if base else url_for(endpoint, _external=True, **values)
    return {"web": web, "webcal": "webcal://" + web.partition("://")[2]}


# Display helpers for the templates


@bp.app_template_filter("long_date")
def long_date(value: date) -> str:
    """``Friday 8 June 2018``."""
    return f"{value:%A} {value.day} {value:%B %Y}"


@bp.app_template_filter("short_date")
def short_date(value: date) -> str:
    """``Fri 8 Jun``."""
    return f"{value:%a} {value.day} {value:%b}"


@bp.app_template_filter("hm")
def hm(value: datetime) -> str:
    """``09:45``."""
    return f"{value:%H:%M}"


@bp.app_template_filter("in_zone")
def in_zone(value: datetime, name: str) -> datetime:
    """The same instant in the zone called ``name``."""
    return value.astimezone(ZoneInfo(name))


@bp.app_template_filter("utc_offset")
def utc_offset(value: datetime) -> str:
    """``UTC+08:00``."""
    text = f"{value:%z}"
    return f"UTC{text[:3]}:{text[3:]}"


@bp.app_template_filter("coordinates")
def coordinates(venue) -> str:
    """``39.9033° N, 116.3874° E``."""
    north = f"{abs(venue.latitude):.4f}° {'N' if venue.latitude >= 0 else 'S'}"
    east = f"{abs(venue.longitude):.4f}° {'E' if venue.longitude >= 0 else 'W'}"
    return f"{north}, {east}"


@bp.app_context_processor
def _zone_names() -> dict:
    return {"common_zones": COMMON_ZONES}


@bp.app_template_global()
def describe_rule(rule: str) -> str:
    """A recurrence rule in words."""
    return recurrence.describe(rule)


# Routes


@bp.get("/")
def home():
    """The itineraries, each with its dates."""
    store = get_store()
    rows = []
    for itinerary in services.list_itineraries(store, include_restricted=is_editor()):
        found = services.list_occurrences(store, itinerary.slug, include_restricted=is_editor())
        days = programme.days(found, itinerary.timezone)
        rows.append((itinerary, days[0].date if days else None, days[-1].date if days else None))
    return render_template("home.html", rows=rows)


@bp.get("/itineraries/<slug>")
def itinerary(slug: str):
    """The programme day by day in the home zone, and in a reader's zone beside it on request."""
    itinerary = visible_itinerary(slug)
    other = reader_zone(itinerary)
    store = get_store()
    found = services.list_occurrences(store, slug, include_restricted=is_editor())
    token = services.feed_token(store, slug) if is_editor() else None
    return render_template(
        "itinerary.html",
        itinerary=itinerary,
        days=nested(programme.days(found, itinerary.timezone)),
        other_zone=other,
        zones=zone_choices(itinerary, [o.event for o in found], other),
        feed=feed_links("feeds.itinerary_feed", slug=slug),
        private_feed=feed_links("feeds.private_feed", token=token) if token else None,
        token_form=ConfirmForm() if is_editor() else None,
    )


@bp.get("/itineraries/<slug>/print")
def printable(slug: str):
    """The programme as one clean list per day, for paper."""
    itinerary = visible_itinerary(slug)
    other = reader_zone(itinerary)
    found = services.list_occurrences(get_store(), slug, include_restricted=is_editor())
    days = nested(programme.days(found, itinerary.timezone))
    return render_template("print.html", itinerary=itinerary, days=days, other_zone=other)


@bp.get("/itineraries/<slug>/events/<event_id>")
def event(slug: str, event_id: str):
    """Everything about one event, with an "add to calendar" link."""
    itinerary, event = visible_event(slug, event_id)
    store = get_store()
    parent = services.get_event(store, slug, event.parent) if event.parent else None
    children = [e for e in services.list_events(store, slug, include_restricted=is_editor()) if e.parent == event.uid]
    return render_template(
        "event.html",
        itinerary=itinerary,
        event=event,
        parent=parent if parent and (is_editor() or not parent.restricted) else None,
        children=children,
    )
