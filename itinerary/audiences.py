"""Audiences: who reads an itinerary, and the one rule that decides what each of them sees of an event.

Each itinerary has named audiences (``public``, ``press``, ``delegation`` and ``staff`` to start with).
For each event and audience the visibility is

- ``full``: everything;
- ``busy``: only the time, the city and a label (the event's own public label, or a neutral one per
  kind: "Closed talks", "Private meeting"), with no participants, description, venue name, outcomes or
  sessions;
- ``hidden``: nothing.

The event's old visibility (public or restricted) is the default, so today's data maps without loss:
public is full for every audience; restricted is full for staff and hidden from everyone else. An event
keeps only the entries that differ from that default (:func:`normalized`), and its ``visibility`` says
whether the public sees it in full, which the storage's fast paths (search, spans) still filter on.
Sessions inherit their summit's limits: a session is shown only when its parent is shown in full, and
never more than its own visibility allows.

:func:`project` is the one function every surface (pages, feeds, the JSON API, changes, search) uses
to turn an event into what an audience may see: the event itself, a busy stand-in, or nothing.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from enum import StrEnum

from itinerary.errors import InvalidEvent
from itinerary.model import CONTROL_MESSAGE, MAX_TITLE, SLUG_RE, Event, Format, Kind, Venue, Visibility, has_control

PUBLIC = "public"
PRESS = "press"
DELEGATION = "delegation"
STAFF = "staff"
AUDIENCES: tuple[str, ...] = (PUBLIC, PRESS, DELEGATION, STAFF)
EVERYTHING = "*"  # not an audience: every event in full, as editors see it (backups); never a slug
BUSY_VENUE_KEY = "busy"  # the key of a busy event's stand-in place: never the venue's own key


class Access(StrEnum):
    """What an audience sees of an event."""

    FULL = "full"
    BUSY = "busy"
    HIDDEN = "hidden"


_RANK = {Access.HIDDEN: 0, Access.BUSY: 1, Access.FULL: 2}

# What a busy event is called when it has no label of its own: says what kind of thing, never what.
NEUTRAL_LABELS: dict[Kind, str] = {
    Kind.TALKS: "Closed talks",
    Kind.MEETING: "Private meeting",
    Kind.MEAL: "Private meal",
    Kind.CEREMONY: "Closed ceremony",
    Kind.PRESS: "Closed press event",
    Kind.TRAVEL: "Travel",
    Kind.CULTURE: "Private programme",
    Kind.SUMMIT: "Closed summit",
    Kind.SUMMIT_SESSION: "Closed session",
    Kind.ARRIVAL: "Arrival",
    Kind.DEPARTURE: "Departure",
    Kind.CALL: "Private call",
    Kind.OTHER: "Private engagement",
}


# The neutral labels in the other languages of content (itinerary.languages): readers of a page or feed in
# Russian or Chinese read them in the register of the two sides' official programmes.
NEUTRAL_LABELS_IN: dict[str, dict[Kind, str]] = {
    "ru": {
        Kind.TALKS: "Закрытые переговоры",
        Kind.MEETING: "Закрытая встреча",
        Kind.MEAL: "Закрытая трапеза",
        Kind.CEREMONY: "Закрытая церемония",
        Kind.PRESS: "Закрытое мероприятие для прессы",
        Kind.TRAVEL: "Переезд",
        Kind.CULTURE: "Закрытая культурная программа",
        Kind.SUMMIT: "Закрытый саммит",
        Kind.SUMMIT_SESSION: "Закрытое заседание",
        Kind.ARRIVAL: "Прибытие",
        Kind.DEPARTURE: "Отбытие",
        Kind.CALL: "Закрытый телефонный разговор",
        Kind.OTHER: "Закрытое мероприятие",
    },
    "zh": {
        Kind.TALKS: "闭门会谈",
        Kind.MEETING: "非公开会见",
        Kind.MEAL: "非公开餐叙",
        Kind.CEREMONY: "非公开仪式",
        Kind.PRESS: "非公开媒体活动",
        Kind.TRAVEL: "出行",
        Kind.CULTURE: "非公开文化活动",
        Kind.SUMMIT: "闭门峰会",
        Kind.SUMMIT_SESSION: "闭门会议",
        Kind.ARRIVAL: "抵达",
        Kind.DEPARTURE: "启程",
        Kind.CALL: "非公开通话",
        Kind.OTHER: "非公开活动",
    },
}


def neutral_label(kind: Kind, lang: str) -> str | None:
    """The neutral label of ``kind`` in ``lang`` (``Закрытые переговоры``), or None where it has none (English).

    >>> neutral_label(Kind.TALKS, "zh")
    '闭门会谈'
    """
    labels = NEUTRAL_LABELS_IN.get(lang)
    return labels.get(kind, labels[Kind.OTHER]) if labels else None


def check_audience(name: object, field_name: str = "audience") -> str:
    """The audience name, or :class:`InvalidEvent` naming ``field_name``."""
    if not isinstance(name, str) or not SLUG_RE.match(name) or len(name) > 40:
        raise InvalidEvent(field_name, "an audience is named with 1 to 40 lower-case letters, digits and hyphens")
    return name


def default(visibility: Visibility | str, audience: str) -> Access:
    """What ``audience`` sees of an event of the old ``visibility``: public is full for everyone; restricted
    is full for staff only."""
    if visibility == Visibility.PUBLIC or audience == STAFF:
        return Access.FULL
    return Access.HIDDEN


def normalized(
    visibility: Visibility | str, access: Iterable[tuple[str, str]]
) -> tuple[Visibility, tuple[tuple[str, Access], ...]]:
    """The event's visibility (public when the public sees it in full) and only the entries of ``access``
    that differ from that visibility's defaults, by audience: one form for every equal meaning."""
    given: dict[str, Access] = {}
    for audience, value in access:
        check_audience(audience)
        try:
            given[audience] = Access(value)
        except ValueError:
            raise InvalidEvent(
                f"access-{audience}", f"unknown visibility {str(value)[:20]!r}; choose one of: full, busy, hidden"
            ) from None
    if PUBLIC in given:
        visibility = Visibility.PUBLIC if given[PUBLIC] is Access.FULL else Visibility.RESTRICTED
    visibility = Visibility(visibility)
    kept = tuple(sorted((a, v) for a, v in given.items() if v is not default(visibility, a)))
    return visibility, kept


def check_label(label: object) -> str:
    """The public label, or :class:`InvalidEvent` naming the field."""
    if not isinstance(label, str) or len(label) > MAX_TITLE:
        raise InvalidEvent("label", f"must be at most {MAX_TITLE} characters")
    if has_control(label):
        raise InvalidEvent("label", CONTROL_MESSAGE)
    return label.strip()


def own_access(visibility: Visibility | str, access: Sequence[tuple[str, str]], audience: str) -> Access:
    """What ``audience`` sees of an event by its own settings (its parent aside)."""
    for name, value in access:
        if name == audience:
            return Access(value)
    return default(visibility, audience)


def access_of(event: Event, audience: str, parent: Access = Access.FULL) -> Access:
    """What ``audience`` sees of ``event`` whose parent it sees as ``parent`` (a session of a summit shown
    busy or hidden is hidden: a busy event has no sessions)."""
    if parent is not Access.FULL:
        return Access.HIDDEN
    return own_access(event.visibility, event.access, audience)


def access_map(event: Event, audiences: Iterable[str] = AUDIENCES) -> dict[str, Access]:
    """Every audience's own visibility of the event, for the editor's form."""
    return {audience: own_access(event.visibility, event.access, audience) for audience in audiences}


def label_of(event: Event) -> str:
    """What a busy event is called: its own public label, or the neutral one of its kind."""
    return event.label or NEUTRAL_LABELS.get(event.kind, NEUTRAL_LABELS[Kind.OTHER])


def busy(event: Event) -> Event:
    """The busy stand-in of ``event``: its time, its city and its label, nothing else.

    Its SEQUENCE and LAST-MODIFIED are the stand-in's own when stored (:attr:`Event.standin_state`).
    The place becomes the city alone (named by the city, its coordinates rounded to a tenth of a degree,
    about 10 km), so that the map and the feed's LOCATION say where without saying which building.
    """
    venue = event.venue
    place = (
        Venue(
            BUSY_VENUE_KEY,
            venue.city,
            venue.city,
            venue.country,
            venue.timezone,
            round(venue.latitude, 1),
            round(venue.longitude, 1),
        )
        if venue is not None
        else None
    )
    return dataclasses.replace(
        event,
        title=label_of(event),
        format=Format.NONE,
        description="",
        venue=place,
        destination=None,
        participants=(),
        categories=(),
        outcomes=(),
        url="",
        overrides=tuple(dataclasses.replace(o, title=None) for o in event.overrides),
        mode=None,
        access=(),
        label="",
        children=(),
        standin=True,
        # Its own SEQUENCE and LAST-MODIFIED (itinerary.storage.views): a change to what it hides moves neither.
        sequence=event.standin_state[2] if event.standin_state else event.sequence,
        updated=event.standin_state[3] if event.standin_state else event.updated,
    )


def project(event: Event, audience: str, parent: Access = Access.FULL) -> Event | None:
    """What ``audience`` may see of ``event``: the event, its busy stand-in, or None (hidden)."""
    seen = access_of(event, audience, parent)
    if seen is Access.FULL:
        return event
    return busy(event) if seen is Access.BUSY else None


def accesses(
    events: Iterable[Event], audience: str, *, parents: Mapping[str, Event] | None = None
) -> dict[str, Access]:
    """Each event's visibility for ``audience`` by UID, parents' limits applied (``parents``: events by UID
    that the parents are looked up in, by default ``events`` themselves)."""
    events = list(events)
    by_uid = dict(parents) if parents is not None else {}
    by_uid.update((e.uid, e) for e in events)
    found: dict[str, Access] = {}

    def of(event: Event, depth: int = 0) -> Access:
        if event.uid in found:
            return found[event.uid]
        parent = by_uid.get(event.parent) if event.parent else None
        above = of(parent, depth + 1) if parent is not None and depth < len(by_uid) else Access.FULL
        found[event.uid] = access_of(event, audience, above)
        return found[event.uid]

    for event in events:
        of(event)
    return found


def visible(events: Iterable[Event], audience: str, *, parents: Mapping[str, Event] | None = None) -> list[Event]:
    """The events as ``audience`` sees them, in their order: busy ones as stand-ins, hidden ones left out."""
    events = list(events)
    seen = accesses(events, audience, parents=parents)
    shown = []
    for event in events:
        access = seen[event.uid]
        if access is Access.FULL:
            shown.append(event)
        elif access is Access.BUSY:
            shown.append(busy(event))
    return shown


def seen_outside_staff(visibility: Visibility | str, access: Sequence[tuple[str, str]]) -> bool:
    """Whether any audience but staff sees anything of an event: its changes move the public change stamp."""
    return visibility == Visibility.PUBLIC or any(a != STAFF and v != Access.HIDDEN for a, v in access)


def itinerary_visible(itinerary_visibility: Visibility | str, audience: str) -> bool:
    """Whether ``audience`` may read the itinerary at all: a restricted itinerary is staff's alone."""
    return itinerary_visibility == Visibility.PUBLIC or audience in (STAFF, EVERYTHING)


def stamp_audience(audience: str) -> bool:
    """Whether ``audience``'s answers go by the private (staff) change stamp rather than the public one."""
    return audience in (STAFF, EVERYTHING)
