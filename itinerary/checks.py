"""Conflicts and feasibility: what in a programme cannot happen as planned.

:func:`find_problems` reads occurrences (recurrences already expanded, so every
occurrence of a recurring event is checked on its own) and returns
:class:`Finding` values, each with a severity, a code, the UIDs involved and a
sentence a planner can act on. Times in messages are local to each event's own
zone; zone abbreviations are added when the events of a finding use more than
one zone.

Only what cannot be as planned is an error; everything else is a warning that an
editor looks at and may accept with a reason (a delegation may really split up, a
leg may really be that fast):

- ``outside-parent`` (error): a child occurrence (a session) does not lie inside
  any occurrence of its parent (the summit). The service refuses this when an
  event is saved, but a recurrence can still carry an occurrence outside.
- ``participant-overlap`` (warning): two timed occurrences share a participant and
  overlap (a double booking). One finding per pair of occurrences, naming every
  participant they share.
- ``venue-overlap`` (warning): two timed occurrences at the same venue overlap;
  a venue such as the Great Hall of the People has many halls.
- ``travel-time`` (warning): a participant's consecutive timed occurrences are in
  different cities, no travel leg of theirs lies between them, and the gap is
  shorter than the move takes by the assumption for its distance: by air above
  :attr:`CheckSettings.air_above_km` (at :attr:`CheckSettings.air_speed_kmh`, plus
  :attr:`CheckSettings.airport_time`), by car below (at :attr:`CheckSettings.speed_kmh`),
  plus the transfer buffer. The finding names the missing leg.
- ``missing-leg`` (warning): the same move without a leg, when there is time
  for it (but no more than :attr:`CheckSettings.leg_window`): the editor learns
  which leg to add (who, from which city to which, between which times).
- ``leg-too-short`` (warning): a travel leg's own time is shorter than its
  distance takes at the top speed of its mode (:data:`LEG_SPEEDS_KMH`), or, for a leg
  that does not say its mode, by the assumption for its distance.
- ``participant-days-overlap`` and ``venue-days-overlap`` (warnings): two
  all-day occurrences overlap and share a participant or a venue.

A travel leg covers a move because it then sits between the two events in the
participant's day: a leg is in its origin's city at its start and its
destination's city at its end.

What never gives a finding:

- A cancelled event: it stays in the programme only so subscribers learn of it.
  A child of a cancelled parent is not checked against that parent.
- A tentative event, as either party of an overlap or a move: it may not take
  place, so it neither warns nor is warned about (it is still checked against
  its parent).
- An event and any of its ancestors (a summit and its sessions, a banquet and
  its toasts): a child is meant to take place during its parent.
- Two occurrences of the same event.
- An all-day event against a timed one. An all-day range (the SCO summit on
  9-10 June) marks presence at an occasion, not hours blocked: the flight in,
  the sessions and side meetings on those days are the timed detail and are
  checked among themselves. For the same reason all-day events take no part in
  travel checks; there is no clock time to travel from or to.
- Travel to or from an event without a venue (a call placed from wherever the
  participant is): such an event is skipped, and the events around it compared.
- A travel leg at its origin venue: the leg occupies a vehicle, not a hall, so
  legs take no part in venue overlaps.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum

from itinerary.errors import Clock, Day, InvalidInput, Message, Named, Names, Place, Span
from itinerary.model import AllDay, Event, Kind, Participant, Status, Timed, Timing, TravelMode, Venue, is_repeated
from itinerary.occurrences import Occurrence

EARTH_RADIUS_KM = 6371.0088  # the IUGG mean radius


class Severity(StrEnum):
    """How bad a finding is: an error must be fixed, a warning must be looked at."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem in a programme: its severity, a code, a sentence, the event UIDs and when it begins."""

    severity: Severity
    code: str
    message: str
    events: tuple[str, ...]
    when: datetime | None = None

    def __str__(self) -> str:
        return f"{self.severity.upper()}: {self.message}"


@dataclass(frozen=True, slots=True)
class CheckSettings:
    """How delegations are assumed to move between cities where no travel leg says so, and the time lost at each move.

    Distances are great-circle distances; a move above ``air_above_km`` is assumed to be flown
    (at ``air_speed_kmh``, plus ``airport_time``), a shorter one driven (at ``speed_kmh``).
    """

    # By car: a motorcade on cleared roads averages about 100 km/h, and roads run about a quarter longer than
    # the straight line.
    speed_kmh: float = 80.0
    # Leaving one venue (farewells, boarding the cars) and being received at the next.
    transfer_buffer: timedelta = timedelta(minutes=15)
    # Beyond a few hundred kilometres a delegation flies (Moscow to Irkutsk, 4,200 km, is a flight, not a drive).
    air_above_km: float = 300.0
    # Block speed of a government jet over the straight line: cruise at 850-900 km/h, less climb and approach.
    air_speed_kmh: float = 800.0
    # To the airport, boarding, taxiing, and from the airport at the other end.
    airport_time: timedelta = timedelta(hours=2)
    # A change of city with more time than this between the two events is not a missing leg of this programme
    # (a November meeting abroad, a March call from home), unless the time is too short for the move.
    leg_window: timedelta = timedelta(days=2)

    def __post_init__(self):
        errors = {}
        for name in ("speed_kmh", "air_speed_kmh"):
            speed = getattr(self, name)
            if isinstance(speed, bool) or not isinstance(speed, int | float) or not math.isfinite(speed) or speed <= 0:
                errors[name] = "must be a positive number of kilometres per hour"
        above = self.air_above_km
        if isinstance(above, bool) or not isinstance(above, int | float) or not math.isfinite(above) or above < 0:
            errors["air_above_km"] = "must be a number of kilometres, zero or more"
        for name in ("transfer_buffer", "airport_time", "leg_window"):
            value = getattr(self, name)
            if not isinstance(value, timedelta) or value < timedelta(0):
                errors[name] = "must be a duration of zero or more"
        if errors:
            raise InvalidInput(errors)

    def by_air(self, km: float) -> bool:
        """Whether a move of ``km`` without a travel leg is assumed to be flown."""
        return km > self.air_above_km

    def travel_time(self, km: float) -> timedelta:
        """The time assumed for a move of ``km`` without a travel leg, airports and buffer included."""
        if self.by_air(km):
            return timedelta(hours=km / self.air_speed_kmh) + self.airport_time + self.transfer_buffer
        return timedelta(hours=km / self.speed_kmh) + self.transfer_buffer


# The top speed a travel leg of each mode can average over the straight line, so that a leg is flagged only
# when it cannot be made: an airliner's cruise, a helicopter's, the fastest high-speed trains in service,
# a car on a motorway, a brisk walk.
LEG_SPEEDS_KMH: dict[TravelMode, float] = {
    TravelMode.PLANE: 950.0,
    TravelMode.HELICOPTER: 300.0,
    TravelMode.TRAIN: 350.0,
    TravelMode.CAR: 130.0,
    TravelMode.FOOT: 6.0,
}


def leg_mode(event: Event, km: float, settings: CheckSettings) -> TravelMode:
    """A travel leg's mode: the one it says, else the fastest plausible for its distance (plane or train)."""
    if event.mode is not None:
        return event.mode
    return TravelMode.PLANE if settings.by_air(km) else TravelMode.TRAIN


DEFAULT_SETTINGS = CheckSettings()


def great_circle_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """The great-circle distance in kilometres between two points (haversine formula).

    >>> round(great_circle_km(39.9033, 116.3874, 39.1060, 117.1650), 1)  # Great Hall to Tianjin arena
    111.0
    >>> great_circle_km(55.75, 37.62, 55.75, 37.62)
    0.0
    """
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlambda = phi2 - phi1, math.radians(lon2 - lon1)
    h = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def find_problems(occurrences: Iterable[Occurrence], settings: CheckSettings = DEFAULT_SETTINGS) -> list[Finding]:
    """Every conflict and infeasible move among ``occurrences``, by when it begins."""
    occurrences = list(occurrences)
    parents = {o.event.uid: o.event.parent for o in occurrences}
    slots = sorted(
        (_Slot(o.event, o.timing, *o.timing.instants()) for o in occurrences if not o.event.cancelled),
        key=lambda s: (s.begin, s.end, s.event.title, s.event.uid),
    )
    # A tentative event may not take place: it takes no part in overlaps or moves, either way.
    firm = [s for s in slots if s.event.status is not Status.TENTATIVE]
    findings = [
        *_overlaps([s for s in firm if not s.all_day], parents),
        *_overlaps([s for s in firm if s.all_day], parents),
        *_outside_parent(slots),
        *_travel([s for s in firm if not s.all_day and s.event.venue], settings),
        *_legs([s for s in firm if not s.all_day], settings),
    ]
    return sorted(findings, key=_order)


@dataclass(frozen=True, slots=True)
class _Slot:
    """An occurrence with its instants in UTC, worked out once."""

    event: Event
    timing: Timing
    begin: datetime
    end: datetime

    @property
    def all_day(self) -> bool:
        return isinstance(self.timing, AllDay)

    @property
    def start_venue(self) -> Venue | None:
        return self.event.venue

    @property
    def end_venue(self) -> Venue | None:
        return self.event.destination or self.event.venue


def _overlaps(slots: list[_Slot], parents: dict[str, str | None]) -> Iterator[Finding]:
    active: list[_Slot] = []
    for current in slots:
        active = [slot for slot in active if slot.end > current.begin]
        for earlier in active:
            if earlier.event.uid == current.event.uid or _related(earlier.event.uid, current.event.uid, parents):
                continue
            if not current.all_day and min(earlier.end, current.end) <= max(earlier.begin, current.begin):
                continue  # a moment (zero length: a deadline, an arrival) shares no time with anything
            yield from _pair(earlier, current)
        active.append(current)


def _pair(a: _Slot, b: _Slot) -> Iterator[Finding]:
    uids = (a.event.uid, b.event.uid)
    when = max(a.begin, b.begin)
    zones = _zones(a, b)
    both = Message(
        "'%(a)s' (%(a_span)s) and '%(b)s' (%(b_span)s)",
        a=_title(a.event),
        a_span=_span(a.timing, zones),
        b=_title(b.event),
        b_span=_span(b.timing, zones),
    )
    if a.all_day:
        days = (min(a.timing.last, b.timing.last) - max(a.timing.first, b.timing.first)).days + 1
        shared = max(days, 1)  # at least one when zones shift the dates
    else:
        shared = _minutes(min(a.end, b.end) - max(a.begin, b.begin))
    keys = {p.key for p in b.event.participants}
    people = [p for p in a.event.participants if p.key in keys]
    if people and a.all_day:
        message = Message.count(
            "%(both)s both list %(names)s and share %(num)s day; check that both are meant.",
            "%(both)s both list %(names)s and share %(num)s days; check that both are meant.",
            shared,
            both=both,
            names=_names(people, a.event.itinerary),
        )
        yield Finding(Severity.WARNING, "participant-days-overlap", message, uids, when)
    elif people:
        message = Message(
            "%(names)s cannot attend both %(both)s: they overlap for %(duration)s.",
            names=_names(people, a.event.itinerary),
            both=both,
            duration=shared,
        )
        yield Finding(Severity.WARNING, "participant-overlap", message, uids, when)
    legs = a.event.kind is Kind.TRAVEL or b.event.kind is Kind.TRAVEL
    if not legs and a.event.venue and b.event.venue and a.event.venue.key == b.event.venue.key:
        place = _place(a.event.venue, a.event.itinerary)
        if a.all_day:
            message = Message.count(
                "%(both)s are both at %(place)s and share %(num)s day; check that they use different rooms.",
                "%(both)s are both at %(place)s and share %(num)s days; check that they use different rooms.",
                shared,
                both=both,
                place=place,
            )
        else:
            message = Message(
                "%(both)s are both at %(place)s and overlap for %(duration)s; check that they use different rooms.",
                both=both,
                place=place,
                duration=shared,
            )
        code = "venue-days-overlap" if a.all_day else "venue-overlap"
        yield Finding(Severity.WARNING, code, message, uids, when)


def _outside_parent(slots: list[_Slot]) -> Iterator[Finding]:
    by_uid: dict[str, list[_Slot]] = {}
    for slot in slots:
        by_uid.setdefault(slot.event.uid, []).append(slot)
    for child in slots:
        spans = by_uid.get(child.event.parent or "")
        if not spans or any(p.begin <= child.begin and child.end <= p.end for p in spans):
            continue
        parent = min(spans, key=lambda p: (abs(p.begin - child.begin), p.begin))
        zones = _zones(child, parent)
        message = Message(
            "'%(child)s' (%(child_span)s) lies outside its parent '%(parent)s' (%(parent_span)s); "
            "move it inside or change the parent.",
            child=_title(child.event),
            child_span=_span(child.timing, zones),
            parent=_title(parent.event),
            parent_span=_span(parent.timing, zones),
        )
        yield Finding(Severity.ERROR, "outside-parent", message, (child.event.uid, parent.event.uid), child.begin)


def _travel(slots: list[_Slot], settings: CheckSettings) -> Iterator[Finding]:
    moves: dict[tuple[int, int], list[Participant]] = {}  # (from, to) slot indexes -> who makes the move
    people: dict[str, Participant] = {}
    for slot in slots:
        for person in slot.event.participants:
            people.setdefault(person.key, person)
    for key, person in people.items():
        latest: int | None = None  # where the person is once free: the event that ends last so far
        for index, slot in enumerate(slots):
            if all(p.key != key for p in slot.event.participants):
                continue
            # An overlap is a participant-overlap already; moves are judged between events that follow.
            if latest is not None and slot.begin >= slots[latest].end and _moves(slots[latest], slot):
                moves.setdefault((latest, index), []).append(person)
            if latest is None or slot.end > slots[latest].end:
                latest = index
    for (first, then), movers in moves.items():
        if finding := _travel_finding(slots[first], slots[then], movers, settings):
            yield finding


def _moves(a: _Slot, b: _Slot) -> bool:
    """Whether going from ``a`` to ``b`` changes city (with no travel leg between them, or it would be ``b``)."""
    return _city(a.end_venue) != _city(b.start_venue)


def _km(origin: Venue, target: Venue) -> float:
    return great_circle_km(origin.latitude, origin.longitude, target.latitude, target.longitude)


def _travel_finding(a: _Slot, b: _Slot, people: list[Participant], settings: CheckSettings) -> Finding | None:
    origin, target = a.end_venue, b.start_venue
    km = _km(origin, target)
    gap, needed = b.begin - a.end, settings.travel_time(km)
    ends, starts = a.timing.end, b.timing.start
    zones = _zones(a, b)
    clock = {"end": _clock(ends, zones), "start": _clock(starts, zones), "next": _title(b.event)}
    if ends.date() == starts.date():
        times = Message("ends at %(end)s and '%(next)s' starts at %(start)s on %(day)s", day=_day(ends), **clock)
    else:
        times = Message(
            "ends at %(end)s on %(end_day)s and '%(next)s' starts at %(start)s on %(start_day)s",
            end_day=_day(ends),
            start_day=_day(starts),
            **clock,
        )
    slug = a.event.itinerary
    cities = {"origin": _city_named(origin, slug), "target": _city_named(target, slug)}
    uids = (a.event.uid, b.event.uid)
    if gap >= needed:
        if gap > settings.leg_window:
            return None
        message = Message.count(
            "%(names)s has no travel leg from %(origin)s to %(target)s between '%(a)s' and '%(b)s': "
            "'%(a)s' %(times)s; add the leg they take.",
            "%(names)s have no travel leg from %(origin)s to %(target)s between '%(a)s' and '%(b)s': "
            "'%(a)s' %(times)s; add the leg they take.",
            len(people),
            names=_names(people, a.event.itinerary),
            a=_title(a.event),
            b=_title(b.event),
            times=times,
            **cities,
        )
        return Finding(Severity.WARNING, "missing-leg", message, uids, b.begin)
    if settings.by_air(km):
        template = (
            "%(names)s cannot get from %(origin_place)s to %(target_place)s in time: '%(a)s' %(times)s; "
            "by air, airports included, the %(km)s km need about %(needed)s, %(more)s more than the "
            "%(gap)s between them, and there is no travel leg from %(origin)s to %(target)s for them."
        )
    else:
        template = (
            "%(names)s cannot get from %(origin_place)s to %(target_place)s in time: '%(a)s' %(times)s; "
            "by car, the %(km)s km need about %(needed)s, %(more)s more than the "
            "%(gap)s between them, and there is no travel leg from %(origin)s to %(target)s for them."
        )
    message = Message(
        template,
        names=_names(people, a.event.itinerary),
        origin_place=_place(origin, slug),
        target_place=_place(target, slug),
        a=_title(a.event),
        times=times,
        km=round(km),
        needed=_minutes(needed),
        more=_minutes(needed - gap),
        gap=_minutes(gap, up=False),
        **cities,
    )
    return Finding(Severity.WARNING, "travel-time", message, uids, b.begin)


def _legs(slots: list[_Slot], settings: CheckSettings) -> Iterator[Finding]:
    """Travel legs shorter than their distance takes at their mode's top speed."""
    for slot in slots:
        event = slot.event
        if event.kind is not Kind.TRAVEL or not event.venue or not event.destination or slot.end == slot.begin:
            continue  # a leg given as a moment says when it leaves, not how long it takes
        km = _km(event.venue, event.destination)
        mode = leg_mode(event, km, settings)
        needed = timedelta(hours=km / LEG_SPEEDS_KMH[mode])
        taken = slot.end - slot.begin
        if taken >= needed:
            continue
        values = {
            "title": _title(event),
            "span": _span(slot.timing, _zones(slot)),
            "taken": _minutes(taken, up=False),
            "origin": _city_named(event.venue, event.itinerary),
            "target": _city_named(event.destination, event.itinerary),
            "km": round(km),
            "needed": _minutes(needed),
            "mode": _MODE_WORDS[mode],
        }
        if event.mode is not None:
            template = (
                "'%(title)s' (%(span)s) takes %(taken)s from %(origin)s to %(target)s, but the %(km)s km need at "
                "least %(needed)s %(mode)s; check its times or its mode of travel."
            )
        else:
            template = (
                "'%(title)s' (%(span)s) takes %(taken)s from %(origin)s to %(target)s, but the %(km)s km need at "
                "least %(needed)s %(mode)s (the fastest way over that distance); check its times or its mode of travel."
            )
        message = Message(template, **values)
        yield Finding(Severity.WARNING, "leg-too-short", message, (event.uid,), slot.begin)


def _related(a: str, b: str, parents: dict[str, str | None]) -> bool:
    """Whether one of the two events is an ancestor of the other."""
    return _ancestor(a, b, parents) or _ancestor(b, a, parents)


def _ancestor(older: str, younger: str, parents: dict[str, str | None]) -> bool:
    seen = {younger}
    while (younger := parents.get(younger)) and younger not in seen:
        if younger == older:
            return True
        seen.add(younger)
    return False


def _city(venue: Venue) -> tuple[str, str]:
    return venue.city.strip().casefold(), venue.country.strip().casefold()


def _order(finding: Finding) -> tuple:
    rank = 0 if finding.severity is Severity.ERROR else 1
    when = finding.when or datetime.min.replace(tzinfo=UTC)
    return (finding.when is None, when, rank, finding.code, finding.events, finding.message)


def _zones(*slots: _Slot) -> bool:
    """Whether the slots use more than one zone, so that times need their zone named."""
    return len({s.timing.timezone for s in slots} | {s.timing.end_timezone for s in slots}) > 1


def _names(people: list[Participant], slug: str) -> Names:
    """The people named for the web interface to say in the page's language (``A, B and C`` in English)."""
    return Names(tuple(Named("participant", p.key, p.name, slug) for p in people))


def _title(event: Event) -> Named:
    return Named("event", event.uid, event.title, event.itinerary)


def _city_named(venue: Venue, slug: str) -> Named:
    return Named("city", venue.key, venue.city, slug)


def _place(venue: Venue, slug: str) -> Place:
    return Place(Named("venue", venue.key, venue.name, slug), _city_named(venue, slug))


def _day(value: date | datetime) -> Day:
    return Day(value.date() if isinstance(value, datetime) else value)


def _clock(value: datetime, zones: bool) -> Clock:
    # A time in the repeated hour (the clocks go back) always says which of the two it is.
    return Clock(value, zoned=zones or is_repeated(value))


def _span(timing: Timing, zones: bool) -> Span:
    """The timing as a span the web interface writes in the page's language; its English text for the rest."""
    if isinstance(timing, AllDay):
        first, last = timing.first, timing.last
        if first == last:
            text = str(_day(first))
        elif (first.year, first.month) == (last.year, last.month):
            text = f"{first.day}-{_day(last)}"
        elif first.year == last.year:
            text = f"{first.day} {first:%B}-{_day(last)}"
        else:
            text = f"{_day(first)}-{_day(last)}"
        return Span(first, last, text)
    assert isinstance(timing, Timed)
    start, end = timing.start, timing.end
    if start.date() == end.date():
        text = f"{_day(start)} {_clock(start, zones)}-{_clock(end, zones)}"
    else:
        text = f"{_day(start)} {_clock(start, zones)} to {_day(end)} {_clock(end, zones)}"
    return Span(start, end, text, zones)  # a repeated hour's clock names its zone anyway


_UNITS = {
    "day": ("%(num)s day", "%(num)s days"),
    "hour": ("%(num)s hour", "%(num)s hours"),
    "minute": ("%(num)s minute", "%(num)s minutes"),
}
_MODE_WORDS = {
    TravelMode.PLANE: Message("by plane"),
    TravelMode.TRAIN: Message("by train"),
    TravelMode.CAR: Message("by car"),
    TravelMode.HELICOPTER: Message("by helicopter"),
    TravelMode.FOOT: Message("on foot"),
}


def _count(n: int, unit: str) -> str:
    return Message.count(*_UNITS[unit], n)


def _minutes(span: timedelta, up: bool = True) -> str:
    """A duration in whole minutes (rounded up unless ``up`` is false), in hours from two hours on."""
    minutes = span.total_seconds() / 60
    n = math.ceil(minutes) if up else math.floor(minutes)
    if n < 120:
        return _count(n, "minute")
    hours, rest = divmod(n, 60)
    if not rest:
        return _count(hours, "hour")
    return Message("%(hours)s %(minutes)s", hours=_count(hours, "hour"), minutes=_count(rest, "minute"))
