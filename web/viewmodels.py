"""View models: what each reader's page shows, built from plain values the route parsed, ready for its template.

The itinerary page is the heavy one: its laid-out days are kept by the stored state they show (see
:func:`stored_state`), so a reader's request reads the itinerary's last change and, unless something changed,
nothing else of the programme. What is kept is named by a key of its own kind (:class:`DaysKey`…), never a bare
tuple, so that two kinds of value can never share a key.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import TypeVar
from zoneinfo import ZoneInfo

from flask import current_app, has_request_context, render_template, url_for
from markupsafe import Markup

from itinerary import audiences, changelog, checks, occurrences, programme, releases, services, texts, zones
from itinerary.errors import Choices, InvalidInput, Message, Typed
from itinerary.model import Event, Itinerary, Participant, delegation_key
from itinerary.occurrences import Occurrence
from itinerary.storage import Store
from web import i18n
from web.app import get_answers
from web.forms import COMMON_ZONES, ConfirmForm, PublishForm

T = TypeVar("T")

# What pages keep of what they read and laid out, by the stored state it shows


@dataclass(frozen=True, slots=True)
class StoredState:
    """What everything shown of an itinerary depends on: its last change and latest published version, and the
    writes this process made (so that two changes within one tick of the clock are never confused)."""

    slug: str
    changed: datetime
    version: int
    generation: int
    release: bool = False  # the latest release (what readers see), or the draft (editors)


@dataclass(frozen=True, slots=True)
class Reader:
    """Who reads a page, as far as what it shows depends on it: an editor or not, the zone asked for beside the
    home zone, the address the site is served under (the links in the laid-out days carry it) and the one
    participant or delegation whose programme they asked for (``?participant=``, ``?delegation=`` as its key; None:
    everyone's)."""

    editor: bool
    zone: str | None = None
    script_root: str = ""
    participant: str | None = None
    language: str = ""  # the page's language: the content's texts are shown in it where they have one
    delegation: str | None = None
    audience: str = "public"  # whose view a reader who is not an editor has (itinerary.audiences)

    @property
    def seen_as(self) -> str | None:
        """The audience the page is shown as: None for an editor (the draft, everything in full)."""
        return None if self.editor else self.audience


@dataclass(frozen=True, slots=True)
class ItineraryKey:
    """The itinerary itself."""

    state: StoredState


@dataclass(frozen=True, slots=True)
class _SeenKey:
    """Something of the stored state as one kind of reader sees it; each subclass is a kind of answer (keys of
    different kinds never compare equal, so they never share a cached answer)."""

    state: StoredState
    editor: bool
    audience: str = "public"


@dataclass(frozen=True, slots=True)
class OutlineKey(_SeenKey):
    """How many events the programme has, its first start and last end, and its delegations and participants, as
    one kind of reader sees them (see :class:`Outline`)."""


@dataclass(frozen=True, slots=True)
class EventDaysKey(_SeenKey):
    """How many days of the programme have events, as one kind of reader sees them (see :func:`listed_whole`)."""


@dataclass(frozen=True, slots=True)
class MapKey(_SeenKey):
    """The small route map of the itinerary page, as one kind of reader sees it, in one language."""

    language: str = ""


@dataclass(frozen=True, slots=True)
class DaysKey:
    """One window of the programme laid out for one reader (see :class:`Shown`); ``first`` None: the whole."""

    state: StoredState
    reader: Reader
    first: date | None


@dataclass(frozen=True, slots=True)
class PageKey:
    """The itinerary page's HTML but its per-request parts (see :mod:`web.kept`): one window of the programme for
    one reader, in one interface language, with the zone the reader chose (``?tz=`` or cookie: the page offers the
    browser's zone only when none is chosen), under one address (the feed links are absolute) and, for an editor,
    with the private feed token shown."""

    state: StoredState
    reader: Reader
    first: date | None
    interface: str
    chosen_zone: str | None
    host_url: str
    token: str | None = None


@dataclass(frozen=True, slots=True)
class VersionsKey:
    """The published versions."""

    state: StoredState


def stored_state(store: Store, slug: str) -> StoredState | None:
    """The itinerary's :class:`StoredState`, read with one light query; None when there is no such itinerary."""
    found = changelog.state(store, slug)
    return None if found is None else StoredState(slug, *found, store.generation, store.release)


def kept(
    key: ItineraryKey | OutlineKey | DaysKey | VersionsKey | MapKey | EventDaysKey | PageKey,
    make: Callable[[], T],
) -> T:
    """The value kept under ``key`` in the app's one cache of answers, made (and kept) first when there is none.

    Made afresh every time when that cache is off (``ANSWER_CACHE``).
    """
    answers = get_answers()
    return make() if answers is None else answers.get_or_build(key, make)


# A longer programme is shown a week at a time; a sparse one (a few days with events, months apart) whole.
WHOLE_MAX_EVENTS = 150
WHOLE_MAX_DAYS = 7
WINDOW_DAYS = 7
SPARSE_MAX_DAYS = 14  # a sparse programme lists at most this many days on its one page...
SPARSE_SPREAD = 3  # ...and has events on at most one day in three of its span


def listed_whole(count: int, first_day: date, last_day: date, event_days: int | None) -> bool:
    """Whether a programme is shown on one page rather than a week at a time.

    Short programmes (under :data:`WHOLE_MAX_DAYS` days from first to last) and sparse ones (at most
    :data:`SPARSE_MAX_DAYS` days with events, at most one day in :data:`SPARSE_SPREAD` of the span) are shown
    whole, so that nobody pages through empty weeks; either only up to :data:`WHOLE_MAX_EVENTS` events.
    ``event_days`` None: not counted (the programme is then judged by its span alone).

    >>> listed_whole(6, date(2017, 11, 10), date(2018, 6, 1), 6)  # the 2017-18 contacts: 6 days in 28 weeks
    True
    >>> listed_whole(100, date(2018, 6, 8), date(2018, 6, 17), 10)  # ten busy days in a row
    False
    """
    if count > WHOLE_MAX_EVENTS:
        return False
    if (last_day - first_day).days < WHOLE_MAX_DAYS:
        return True
    span = (last_day - first_day).days + 1
    return event_days is not None and event_days <= SPARSE_MAX_DAYS and event_days * SPARSE_SPREAD <= span


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


def programme_window(
    itinerary: Itinerary,
    span: Span,
    now: datetime,
    asked: date | None,
    other: str | None,
    *,
    event_days: int | None = None,
    participant: str | None = None,
    delegation: str | None = None,
) -> Window | None:
    """The window of days to show from the day ``asked``; None when the programme is shown whole
    (see :func:`listed_whole`: ``event_days`` is how many days have events).

    Without a day asked for, the window holds today (in the itinerary's zone)
    while the programme is under way, else its first days. ``other`` is the
    reader's zone and ``participant`` (``delegation``) the one asked for, kept in the links to the days before and
    after.
    """
    count, begin, end = span
    if begin is None or end is None:
        return None
    tz = ZoneInfo(itinerary.timezone)
    first_day = begin.astimezone(tz).date()
    last_day = max(first_day, (end - timedelta(microseconds=1)).astimezone(tz).date())
    if listed_whole(count, first_day, last_day, event_days):
        return None
    if asked is None:
        today = now.astimezone(tz).date()
        offset = (today - first_day).days // WINDOW_DAYS * WINDOW_DAYS if first_day <= today <= last_day else 0
        start = first_day + timedelta(days=offset)
    else:
        start = min(max(asked, first_day), last_day)
    stop = start + timedelta(days=WINDOW_DAYS)  # the day after the window

    def link(day: date) -> str:
        values = {"from": day.isoformat(), "participant": participant, "delegation": delegation}
        return url_for("pages.itinerary", slug=itinerary.slug, tz=other, **values)

    return Window(
        first=start,
        last=min(stop, last_day + timedelta(days=1)) - timedelta(days=1),
        since=datetime.combine(start, time(), tz) if start > first_day else None,
        until=datetime.combine(stop, time(), tz) if stop <= last_day else None,
        earlier=link(max(first_day, start - timedelta(days=WINDOW_DAYS))) if start > first_day else None,
        later=link(stop) if stop <= last_day else None,
    )


# The programme as nested lists


@dataclass
class Node:
    """An entry with the entries nested under it on the same day (a summit's sessions)."""

    entry: programme.Entry
    children: list[Node] = field(default_factory=list)
    times: tuple[zones.ZoneTime, ...] = ()  # see zones.row_times; () for an all-day entry or unasked


@dataclass
class DayView:
    """One local day with its entries nested."""

    date: date
    nodes: list[Node]


def nested(days: list[programme.Day], home: str | None = None, reader: str | None = None) -> list[DayView]:
    """Each day's entries, each under its parent when the parent shows that day too.

    With ``home`` (the itinerary's zone), each timed entry carries its times in that zone, the venue's and the
    ``reader``'s (see :func:`row_times`).
    """
    views = []
    for day in days:
        nodes: dict[str, Node] = {}
        roots: list[Node] = []
        for entry in day.entries:
            node = Node(entry, times=row_times(entry, home, reader) if home else ())
            parent = nodes.get(entry.event.parent or "")
            (parent.children if parent else roots).append(node)
            nodes.setdefault(entry.event.uid, node)
        views.append(DayView(day.date, roots))
    return views


def row_times(entry: programme.Entry, home: str, reader: str | None) -> tuple[zones.ZoneTime, ...]:
    """A timed entry's times in the home zone, at its venue (the zone it was given in, where it has no venue)
    and in the reader's zone; () for an all-day entry. A travel leg's two local ends show on its own line."""
    if entry.start is None:
        return ()
    event = entry.event
    venue = None if event.destination else (event.venue.timezone if event.venue else entry.occurrence.timing.timezone)
    return zones.row_times(entry.start, entry.end, home, venue, reader, locale=_locale())


def zone_choices(itinerary: Itinerary, events: list[Event], chosen: str | None, at: datetime) -> list[tuple[str, str]]:
    """Zones worth offering in the zone switch, each with its name at ``at``: common ones, those of the
    programme, and the chosen one; by name."""
    used = {event.timing.timezone for event in events} | {event.timing.end_timezone for event in events}
    keys = {*COMMON_ZONES, *used, *([chosen] if chosen else [])} - {itinerary.timezone}
    named = ((key, zones.label(key, at, _locale())) for key in keys)
    return sorted(named, key=lambda pair: (pair[1], pair[0]))


def participant_named(events: list[Event], key: str) -> Participant:
    """The participant ``key`` of one of ``events``; refused, like the feed refuses it, when none has them."""
    if len(key) > 200:
        raise InvalidInput("participant", "is too long")
    found = next((p for event in events for p in event.participants if p.key == key), None)
    if found is None:
        raise InvalidInput(
            "participant", Message("no participant %(key)s in this itinerary's programme", key=Typed(key, 60))
        )
    return found


def feed_links(endpoint: str, **values) -> dict[str, str]:
    """The ``https://`` (or this server's scheme) and ``webcal://`` addresses of a feed."""
    base = current_app.config.get("BASE_URL")
    web = base.rstrip("/") + url_for(endpoint, **values) if base else url_for(endpoint, _external=True, **values)
    return {"web": web, "webcal": "webcal://" + web.partition("://")[2]}


# The itinerary page


@dataclass(frozen=True)
class Shown:
    """One window of the programme laid out for one reader: what the itinerary page shows that depends on the
    stored state and nothing else of the request."""

    found: list[Occurrence]
    days_html: Markup
    zones: list[tuple[str, str]]  # (key, name) of each zone offered in the zone switch
    problems: list[checks.Finding] | None
    titles: dict[str, str]
    person: Participant | None = None  # the participant asked for
    at: datetime | None = None  # the instant the zones are named at (offsets): the shown programme's start
    delegation: str | None = None  # the name of the delegation asked for


@dataclass(frozen=True)
class ItineraryPage:
    """Everything the itinerary page shows but the reader's last visit."""

    itinerary: Itinerary
    reader: Reader
    window: Window | None
    shown: Shown
    token: str | None
    happening: programme.NowAndNext | None
    now: datetime
    versions: list[changelog.Version]
    unpublished: list | None = None  # for editors: the draft's changes against the latest release
    groups: tuple[Group, ...] = ()  # the delegations and participants a reader may filter by
    state: StoredState | None = None  # the stored state shown

    def context(self) -> dict:
        """The template's values."""
        editor, slug = self.reader.editor, self.itinerary.slug
        lang = i18n.feed_language(self.itinerary)  # the feeds offered in the page's language (subscribe block)
        return {
            "itinerary": self.itinerary,
            "days_html": self.shown.days_html,
            "window": self.window,
            "other_zone": self.reader.zone,
            "zones": self.shown.zones,
            "zones_at": self.shown.at or self.now,
            "person": self.shown.person,
            "person_feed": feed_links("feeds.itinerary_feed", slug=slug, participant=self.shown.person.key, lang=lang)
            if self.shown.person
            else None,
            "delegation": self.shown.delegation,
            "delegation_key": self.reader.delegation,
            "delegation_feed": feed_links(
                "feeds.itinerary_feed", slug=slug, delegation=self.reader.delegation, lang=lang
            )
            if self.shown.delegation
            else None,
            "groups": self.groups,
            "feed": feed_links("feeds.itinerary_feed", slug=slug, lang=lang),
            "private_feed": feed_links("feeds.private_feed", token=self.token, lang=lang) if self.token else None,
            "token_form": ConfirmForm() if editor else None,
            "happening": self.happening,
            "now": self.now,
            "problems": self.shown.problems,
            "titles": self.shown.titles,
            "versions": self.versions,
            "publish_form": PublishForm() if editor else None,
            "unpublished": self.unpublished,
        }


def itinerary_page(
    store: Store,
    itinerary: Itinerary,
    state: StoredState,
    reader: Reader,
    asked: date | None,
    audience: str | None = None,
) -> ItineraryPage:
    """The itinerary page for ``reader``, from the day ``asked`` (see :func:`programme_window`); a reader who is
    not an editor sees it as ``audience`` (by default the reader's, the public's)."""
    if audience is not None:
        reader = dataclasses.replace(reader, audience=audiences.check_audience(audience))
    slug, editor, now, seen_as = itinerary.slug, reader.editor, store.now(), reader.seen_as
    span, people = kept(OutlineKey(state, editor, reader.audience), lambda: _outline(store, slug, seen_as))
    event_days = None
    count, begin, end = span
    if count <= WHOLE_MAX_EVENTS and begin and end and end - begin > timedelta(days=WHOLE_MAX_DAYS - 2):  # not short
        days_key = EventDaysKey(state, editor, reader.audience)
        event_days = kept(days_key, lambda: _event_days(store, itinerary, seen_as))
    window = programme_window(
        itinerary,
        span,
        now,
        asked,
        reader.zone,
        event_days=event_days,
        participant=reader.participant,
        delegation=reader.delegation,
    )
    shown = kept(
        DaysKey(state, reader, window and window.first), lambda: _lay_out(store, itinerary, window, reader, people)
    )
    return ItineraryPage(
        itinerary=itinerary,
        reader=reader,
        window=window,
        shown=shown,
        token=services.feed_token(store, slug) if editor else None,
        happening=_happening_in(store, slug, _happening(store, slug, shown, window, now, seen_as), reader.language),
        now=now,
        versions=kept(VersionsKey(state), lambda: changelog.versions(store, slug)),
        unpublished=releases.changes(store, slug) if editor else None,
        groups=people,
        state=state,
    )


Outline = tuple[Span, "tuple[Group, ...]"]


def _outline(store: Store, slug: str, seen_as: str | None) -> Outline:
    """The programme's span (see :data:`Span`) and its people (see :func:`groups`) as ``seen_as`` sees them, from
    one read of its events (after each save a page reads them once, not once for each)."""
    events = services.list_events(store, slug, audience=seen_as)
    if seen_as is None:  # everything: the database works out the span
        return services.event_span(store, slug, audience=None), groups(events)
    spans = [event.timing.instants() for event in events]  # as services.event_span does for an audience
    span = (len(events), min(s for s, _ in spans), max(e for _, e in spans)) if events else (0, None, None)
    return span, groups(events)


def _event_days(store: Store, itinerary: Itinerary, seen_as: str | None) -> int:
    """How many days of the programme (in its zone) have events."""
    found = services.list_occurrences(store, itinerary.slug, audience=seen_as)
    return len(programme.days(found, itinerary.timezone))


def _lay_out(
    store: Store, itinerary: Itinerary, window: Window | None, reader: Reader, people: tuple[Group, ...] = ()
) -> Shown:
    since, until = (window.since, window.until) if window else (None, None)
    slug, editor, other, seen_as = itinerary.slug, reader.editor, reader.zone, reader.seen_as
    found = services.list_occurrences(store, slug, since=since, until=until, audience=seen_as)
    person = delegation = None
    if reader.participant is not None:
        person = participant_named(services.list_events(store, slug, audience=seen_as), reader.participant)
    if reader.delegation is not None:
        delegation = delegation_named(people, reader.delegation)
    listed = [
        o
        for o in found
        if (person is None or any(p.key == person.key for p in o.event.participants))
        and (delegation is None or any(delegation_key(p.delegation) == reader.delegation for p in o.event.participants))
    ]
    # In the own language too: the venues and people by their text in it, an own text really in another language
    # marked with it (walk 5, finding 2).
    listed, languages = texts.occurrences_in(store, slug, listed, reader.language or itinerary.language)
    i18n.remember_languages(languages)
    days = programme.days(listed, itinerary.timezone)
    if window:
        days = [day for day in days if window.first <= day.date <= window.last]
    whole = found if window is None else None
    if editor and whole is None:  # an editor sees every problem of the programme, not only this window's
        whole = services.list_occurrences(store, slug, include_restricted=editor)
    at = found[0].timing.instants()[0] if found else store.now()
    html = render_template(
        "_days.html",
        itinerary=itinerary,
        days=nested(days, itinerary.timezone, other),
        window=window,
        other_zone=other,
        editor=editor,
        person=person,
        delegation=delegation,
    )
    return Shown(
        found=found,
        days_html=Markup(html),
        zones=zone_choices(itinerary, [o.event for o in found], other, at),
        problems=checks.find_problems(whole) if editor else None,
        titles={o.event.uid: o.event.title for o in whole or found},
        person=person,
        at=at,
        delegation=delegation,
    )


def _happening(store, slug, shown: Shown, window: Window | None, now: datetime, seen_as: str | None):
    """What is on at ``now`` and what comes next (see :func:`programme.happening`), as ``seen_as`` sees it."""
    happening = programme.happening(_near(store, slug, shown.found, window, now, seen_as), now)
    if happening and happening.now and happening.next is None and window and window.until:
        # Something is on and nothing more in this window: the next may be in a later one.
        happening = programme.happening(_near(store, slug, None, None, now, seen_as, open_ended=True), now)
    return happening


def _happening_in(store, slug, happening: programme.NowAndNext | None, lang: str):
    """What is on now and next with its events' texts, venues and people in ``lang`` ("": the own language), each
    text's language noted for ``content_lang`` (a fallback's mark)."""
    if not happening or not lang:
        return happening
    listed = [*happening.now, *([happening.next] if happening.next else [])]
    shown, languages = texts.occurrences_in(store, slug, listed, lang)
    i18n.remember_languages(languages)
    return programme.NowAndNext(tuple(shown[: len(happening.now)]), shown[-1] if happening.next else None)


def _near(store, slug, found, window, now, seen_as, *, open_ended=False):
    """Occurrences enough to tell what is on at ``now`` and what comes next within a day: the window's when it covers
    that, else read for it."""
    soon = now + timedelta(hours=24)
    covered = window is None or (
        (window.since is None or window.since <= now) and (window.until is None or window.until > soon)
    )
    if covered and found is not None:
        return found
    until = None if open_ended else soon + timedelta(microseconds=1)
    return services.list_occurrences(store, slug, since=now, until=until, audience=seen_as)


# The other pages of one itinerary


def changes_page(store: Store, slug: str, since: datetime | None, *, editor: bool) -> dict:
    """The changes since ``since`` (all without it), newest first, and the events a reader may follow a link to."""
    return {
        "changes": changelog.changes_since(store, slug, since, include_restricted=editor),
        "shown": _shown_uids(store, slug, editor),
    }


def compare_page(store: Store, slug: str, older: int, newer: int, *, editor: bool) -> dict:
    """What changed, event by event, from version ``older`` to version ``newer``, and the two versions."""
    found = changelog.compare_versions(store, slug, older, newer, include_restricted=editor)
    published = {v.number: v for v in changelog.versions(store, slug)}
    return {
        "changes": found,
        "older": published[older],
        "newer": published[newer],
        "shown": _shown_uids(store, slug, editor),
    }


def event_page(store: Store, slug: str, event: Event, *, editor: bool) -> dict:
    """One event with its parent, its sessions, its coming occurrences and (for editors) its problems."""
    parent = services.get_event(store, slug, event.parent) if event.parent else None
    events = services.list_events(store, slug, include_restricted=editor)
    problems = [f for f in services.check_itinerary(store, slug) if event.uid in f.events] if editor else None
    if not editor:  # the parent as the public sees it (a busy event's stand-in has no parent shown)
        parent = next((e for e in events if e.uid == event.parent), None) if not event.standin else None
    return {
        "event": event,
        "parent": parent if parent and (editor or not parent.restricted or parent.standin) else None,
        "children": [e for e in events if e.parent == event.uid],
        "occurrences": occurrences.series(event, since=store.now(), limit=20)
        if event.standin  # the stand-in's own: no changed occurrence's title
        else services.series_occurrences(store, slug, event.uid, since=store.now()),
        "problems": problems,
        "titles": {e.uid: e.title for e in events},
    }


def _shown_uids(store: Store, slug: str, editor: bool) -> set[str]:
    return {e.uid for e in services.list_events(store, slug, include_restricted=editor)}


# Filtering the programme by delegation


@dataclass(frozen=True, slots=True)
class Group:
    """A delegation a reader may filter the programme by (``key`` empty: people of no delegation), with its people."""

    name: str
    key: str
    people: tuple[Participant, ...]


def groups(events: list[Event]) -> tuple[Group, ...]:
    """The delegations of the participants of ``events`` (those a reader sees), by name, each with its people by
    name; people of no delegation last."""
    people = {p.key: p for event in events for p in event.participants}
    keys: dict[str, str] = {}  # delegation key -> its first spelling (see delegation_named)
    for person in sorted(people.values(), key=lambda p: p.delegation):
        keys.setdefault(delegation_key(person.delegation), person.delegation)
    return tuple(
        Group(
            name,
            key,
            tuple(
                sorted(
                    (p for p in people.values() if delegation_key(p.delegation) == key),
                    key=lambda p: (p.name.casefold(), p.key),
                )
            ),
        )
        for key, name in sorted(keys.items(), key=lambda pair: (pair[0] == "", pair[1].casefold()))
    )


def delegation_named(people: tuple[Group, ...], key: str) -> str:
    """The name of the delegation ``key`` among ``people`` (see :func:`groups`: its first spelling, as the feed
    names it); refused, like the feed refuses it, when none of them is in it."""
    found = next((group.name for group in people if group.key and group.key == key), None)
    if found is None:
        known = sorted(group.key for group in people if group.key)
        raise InvalidInput(
            "delegation",
            Message(
                "no delegation %(key)s in this itinerary's programme; the delegations are: %(known)s",
                key=Typed(key, 60),
                known=Choices(tuple(known)),
            )
            if known
            else Message(
                "no delegation %(key)s in this itinerary's programme; it names no delegation", key=Typed(key, 60)
            ),
        )
    return found


def _locale() -> str:
    """The page's language, in which zones are named; English outside a request."""
    return i18n.language() if has_request_context() else "en"
