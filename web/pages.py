"""Pages for readers: the itineraries, one programme day by day, one event, a printable programme.

What changed (the change log since a date or the reader's last visit) and the
comparison of two published versions are pages for readers too; they leave
restricted events out for anyone who is not a signed-in editor. Editors also
see the programme's problems (conflicts and moves that cannot be made in time).
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import Blueprint, current_app, make_response, render_template, request, url_for
from markupsafe import Markup

from itinerary import changelog, checks, programme, recurrence, services
from itinerary.cache import Bounded
from itinerary.errors import EventNotFound, InvalidInput, ItineraryNotFound, NotFound
from itinerary.model import MAX_YEAR, MIN_YEAR, Event, Itinerary, Visibility, is_repeated, zone
from web import visits
from web.app import get_store
from web.auth import is_editor
from web.forms import COMMON_ZONES, ConfirmForm, PublishForm

bp = Blueprint("pages", __name__)


# Lookups that hide what a reader may not see


def visible_itinerary(slug: str, state: tuple | None = None) -> Itinerary:
    """The itinerary, or "not found" when it is restricted and the reader is not an editor.

    ``state`` is the itinerary's :func:`stored_state` when the caller has read it already.
    """
    store = get_store()
    state = state or stored_state(slug)
    itinerary = _kept(("itinerary", *state), lambda: services.get_itinerary(store, slug))
    if itinerary.visibility is Visibility.RESTRICTED and not is_editor():
        raise ItineraryNotFound(slug)
    return itinerary


# What pages keep of what they read and laid out, by the stored state it shows

KEPT_KEY = "itinerary.pages_kept"


def stored_state(slug: str) -> tuple:
    """What everything shown of an itinerary depends on: its last change and latest published version, read
    with one light query, and the writes this process made (so that two changes within one tick of the clock
    are never confused)."""
    store = get_store()
    found = changelog.state(store, slug)
    if found is None:
        raise ItineraryNotFound(slug)
    return slug, *found, store.generation


def _kept(key: tuple, make):
    kept = current_app.extensions.get(KEPT_KEY)
    if kept is None:
        kept = current_app.extensions[KEPT_KEY] = Bounded(256)
    return kept.get_or_make(key, make)


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


def since_param(itinerary: Itinerary) -> datetime | None:
    """``?since=``: a date (from midnight in the itinerary's zone) or an instant such as 2018-06-04T09:00:00Z."""
    text = request.args.get("since", "").strip()
    if not text:
        return None
    try:
        if len(text) == 10:
            value = datetime.combine(date.fromisoformat(text), time(), ZoneInfo(itinerary.timezone))
        else:
            value = datetime.fromisoformat(text)
    except ValueError:
        value = None
    if value is None or value.tzinfo is None:
        raise InvalidInput("since", f"{text[:40]!r} is not a date; write it as YYYY-MM-DD, e.g. 2018-06-04")
    if not MIN_YEAR <= value.year <= MAX_YEAR:  # year 1 or 9999 overflow once turned into UTC
        raise InvalidInput("since", f"must be in the years {MIN_YEAR} to {MAX_YEAR}")
    return value


# A longer programme is shown a week at a time.
WHOLE_MAX_EVENTS = 150
WHOLE_MAX_DAYS = 7
WINDOW_DAYS = 7


@dataclass(frozen=True)
class Window:
    """The days of a long programme shown on one page, and the addresses of the days before and after."""

    first: date
    last: date
    since: datetime | None  # None: from the programme's start
    until: datetime | None  # None: to its end
    earlier: str | None = None
    later: str | None = None


Span = tuple[int, datetime | None, datetime | None]  # events, first start, last end (services.event_span)


def programme_window(itinerary: Itinerary, span: Span, now: datetime, other: str | None) -> Window | None:
    """The window of days to show, from ``?from=YYYY-MM-DD``; None when the programme is short enough to show whole.

    Without ``?from=`` the window holds today (in the itinerary's zone) while
    the programme is under way, else its first days.
    """
    text = request.args.get("from", "").strip()
    asked = None
    if text:
        with contextlib.suppress(ValueError):
            asked = date.fromisoformat(text) if len(text) == 10 else None
        if asked is None:
            raise InvalidInput("from", f"{text[:40]!r} is not a date; write it as YYYY-MM-DD, e.g. 2018-06-08")
    count, begin, end = span
    if begin is None or end is None:
        return None
    tz = ZoneInfo(itinerary.timezone)
    first_day = begin.astimezone(tz).date()
    last_day = max(first_day, (end - timedelta(microseconds=1)).astimezone(tz).date())
    if count <= WHOLE_MAX_EVENTS and (last_day - first_day).days < WHOLE_MAX_DAYS:
        return None
    if asked is None:
        today = now.astimezone(tz).date()
        offset = (today - first_day).days // WINDOW_DAYS * WINDOW_DAYS if first_day <= today <= last_day else 0
        start = first_day + timedelta(days=offset)
    else:
        start = min(max(asked, first_day), last_day)
    stop = start + timedelta(days=WINDOW_DAYS)  # the day after the window

    def link(day: date) -> str:
        return url_for("pages.itinerary", slug=itinerary.slug, tz=other, **{"from": day.isoformat()})

    return Window(
        first=start,
        last=min(stop, last_day + timedelta(days=1)) - timedelta(days=1),
        since=datetime.combine(start, time(), tz) if start > first_day else None,
        until=datetime.combine(stop, time(), tz) if stop <= last_day else None,
        earlier=link(max(first_day, start - timedelta(days=WINDOW_DAYS))) if start > first_day else None,
        later=link(stop) if stop <= last_day else None,
    )


def version_params() -> tuple[int, int]:
    """``?from=1&to=3``: two version numbers, the first earlier than the second."""
    numbers = {}
    for name in ("from", "to"):
        text = request.args.get(name, "").strip()
        if not (text.isascii() and text.isdigit()) or len(text) > 9 or int(text) < 1:  # "²".isdigit()
            raise InvalidInput(name, f"{text[:20]!r} is not a version number; write a whole number such as 1")
        numbers[name] = int(text)
    if numbers["from"] >= numbers["to"]:
        raise InvalidInput("from", "must be an earlier version than 'to'")
    return numbers["from"], numbers["to"]


def occurrence_id(value: date | datetime) -> str:
    """An occurrence's original start as it appears in an address: ``20180608T020000Z`` or ``20180608``."""
    if isinstance(value, datetime):
        return f"{value.astimezone(UTC):%Y%m%dT%H%M%SZ}"
    return f"{value:%Y%m%d}"


def parse_occurrence_id(text: str) -> date | datetime:
    """The original start named by :func:`occurrence_id`; "not found" for anything else."""
    try:
        if len(text) == 8 and text.isdigit():
            return datetime.strptime(text, "%Y%m%d").date()
        if len(text) == 16:
            return datetime.strptime(text, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    except ValueError:
        pass
    raise NotFound(f"occurrence: there is no occurrence {text[:40]!r}; follow a link from the event's page")


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
    """``09:45``; a time in an hour the clocks repeat says which of the two it is: ``02:30 CET``."""
    return f"{value:%H:%M} {value.tzname()}" if is_repeated(value) else f"{value:%H:%M}"


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


@bp.app_template_filter("stamp")
def stamp(value: datetime, name: str) -> str:
    """``7 June 2018, 18:00`` in the zone called ``name``."""
    local = value.astimezone(ZoneInfo(name))
    return f"{local.day} {local:%B %Y}, {local:%H:%M}"


@bp.app_template_global()
def severity_word(finding: checks.Finding) -> str:
    """``Error`` or ``Warning``."""
    return finding.severity.value.capitalize()


bp.add_app_template_global(occurrence_id)


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


@dataclass(frozen=True)
class Shown:
    """One window of the programme laid out for one kind of reader (editor or not) and one zone beside the home
    zone: what the itinerary page shows that depends on the stored state and nothing else of the request."""

    found: list[services.Occurrence]
    days_html: Markup
    zones: list[str]
    problems: list[checks.Finding] | None
    titles: dict[str, str]


@bp.get("/itineraries/<slug>")
def itinerary(slug: str):
    """The programme day by day in the home zone, and in a reader's zone beside it on request.

    The laid-out days are kept by the stored state they show (see :func:`stored_state`), so a reader's
    request reads the itinerary's last change and, unless something changed, nothing else of the programme.
    """
    store = get_store()
    editor = is_editor()
    state = stored_state(slug)
    itinerary = visible_itinerary(slug, state)
    other = reader_zone(itinerary)
    now = store.now()
    span = _kept(("span", editor, *state), lambda: services.event_span(store, slug, include_restricted=editor))
    window = programme_window(itinerary, span, now, other)
    shown = _kept(
        ("days", editor, other, window and window.first, request.script_root, *state),
        lambda: _lay_out(store, itinerary, window, other, editor),
    )
    token = services.feed_token(store, slug) if editor else None
    happening = programme.happening(_near(store, slug, shown.found, window, now, editor), now)
    if happening and happening.now and happening.next is None and window and window.until:
        # Something is on and nothing more in this window: the next may be in a later one.
        happening = programme.happening(_near(store, slug, None, None, now, editor, open_ended=True), now)
    cookie = visits.cookie_name(slug)
    seen = visits.look(visits.read(request.cookies.get(cookie), now), now)
    response = make_response(
        render_template(
            "itinerary.html",
            itinerary=itinerary,
            days_html=shown.days_html,
            window=window,
            other_zone=other,
            zones=shown.zones,
            feed=feed_links("feeds.itinerary_feed", slug=slug),
            private_feed=feed_links("feeds.private_feed", token=token) if token else None,
            token_form=ConfirmForm() if editor else None,
            happening=happening,
            now=now,
            problems=shown.problems,
            titles=shown.titles,
            versions=_kept(("versions", *state), lambda: changelog.versions(store, slug)),
            publish_form=PublishForm() if editor else None,
            last_visit=seen.previous,
        )
    )
    response.set_cookie(
        cookie,
        seen.value(),
        max_age=visits.MAX_AGE,
        path=url_for("pages.itinerary", slug=slug),
        secure=current_app.config["SESSION_COOKIE_SECURE"],
        httponly=True,
        samesite="Lax",
    )
    response.vary.add("Cookie")  # the "since your last visit" link depends on it
    return response


def _lay_out(store, itinerary: Itinerary, window: Window | None, other: str | None, editor: bool) -> Shown:
    since, until = (window.since, window.until) if window else (None, None)
    slug = itinerary.slug
    found = services.list_occurrences(store, slug, since=since, until=until, include_restricted=editor)
    days = programme.days(found, itinerary.timezone)
    if window:
        days = [day for day in days if window.first <= day.date <= window.last]
    whole = found if window is None else None
    if editor and whole is None:  # an editor sees every problem of the programme, not only this window's
        whole = services.list_occurrences(store, slug, include_restricted=editor)
    html = render_template("_days.html", itinerary=itinerary, days=nested(days), window=window, other_zone=other)
    return Shown(
        found=found,
        days_html=Markup(html),
        zones=zone_choices(itinerary, [o.event for o in found], other),
        problems=checks.find_problems(whole) if editor else None,
        titles={o.event.uid: o.event.title for o in whole or found},
    )


def _near(store, slug, found, window, now, editor, *, open_ended=False):
    """Occurrences enough to tell what is on at ``now`` and what comes next within a day: the window's when it covers
    that, else read for it."""
    soon = now + timedelta(hours=24)
    covered = window is None or (
        (window.since is None or window.since <= now) and (window.until is None or window.until > soon)
    )
    if covered and found is not None:
        return found
    until = None if open_ended else soon + timedelta(microseconds=1)
    return services.list_occurrences(store, slug, since=now, until=until, include_restricted=editor)


@bp.get("/itineraries/<slug>/changes")
def changes(slug: str):
    """What changed in the programme since a date or an instant (everything without one), newest first."""
    itinerary = visible_itinerary(slug)
    since = since_param(itinerary)
    store = get_store()
    found = changelog.changes_since(store, slug, since, include_restricted=is_editor())
    shown = {e.uid for e in services.list_events(store, slug, include_restricted=is_editor())}
    return render_template(
        "changes.html",
        itinerary=itinerary,
        changes=found,
        since=since,
        since_date=request.args.get("since", "").strip()[:10],
        shown=shown,
        zone_name=reader_zone(itinerary) or itinerary.timezone,
    )


@bp.get("/itineraries/<slug>/versions/compare")
def compare_versions(slug: str):
    """What changed, event by event, from one published version to another."""
    itinerary = visible_itinerary(slug)
    older, newer = version_params()
    store = get_store()
    found = changelog.compare_versions(store, slug, older, newer, include_restricted=is_editor())
    published = {v.number: v for v in changelog.versions(store, slug)}
    shown = {e.uid for e in services.list_events(store, slug, include_restricted=is_editor())}
    return render_template(
        "compare.html",
        itinerary=itinerary,
        changes=found,
        older=published[older],
        newer=published[newer],
        shown=shown,
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
    events = services.list_events(store, slug, include_restricted=is_editor())
    problems = None
    if is_editor():
        problems = [f for f in services.check_itinerary(store, slug) if event.uid in f.events]
    return render_template(
        "event.html",
        itinerary=itinerary,
        event=event,
        parent=parent if parent and (is_editor() or not parent.restricted) else None,
        children=[e for e in events if e.parent == event.uid],
        occurrences=services.series_occurrences(store, slug, event_id, since=store.now()),
        problems=problems,
        titles={e.uid: e.title for e in events},
    )
