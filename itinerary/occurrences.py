"""Occurrences: what an event expands to in time, each named by its series and original start.

An event that does not repeat has one occurrence, itself. A recurring event has
one per instance of its rule and extra dates, less its exception dates, with its
changed occurrences (:class:`~itinerary.model.Override`) applied. An occurrence
is told apart from the others of its series by its original start, compared as
:func:`~itinerary.model.occurrence_key` gives it; pages, checks and the services
all read occurrences from here.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date, datetime

from itinerary import recurrence
from itinerary.model import Event, Override, Timing, occurrence_key, original_start


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One occurrence of an event: the event itself, or one instance of its recurrence."""

    event: Event
    timing: Timing

    @property
    def start(self) -> datetime:
        """The occurrence's start in UTC."""
        return self.timing.instants()[0]


@dataclass(frozen=True, slots=True)
class SeriesOccurrence:
    """One occurrence of a recurring event with the original start that names it."""

    recurrence_id: date | datetime  # the original start: a date (all-day) or an aware datetime in the event's zone
    original: Timing
    occurrence: Occurrence

    @property
    def moved(self) -> bool:
        """Whether the occurrence takes place at another time than the rule gives."""
        return not same_times(self.occurrence.timing, self.original)

    @property
    def cancelled(self) -> bool:
        """Whether this one occurrence is cancelled."""
        return self.occurrence.event.cancelled


def same_times(one: Timing | None, other: Timing | None) -> bool:
    """Whether two timings are the same to a reader: the same instants, wall clocks and zones."""
    return _seen(one) == _seen(other)


def _seen(timing: Timing | None) -> tuple | None:
    return None if timing is None else (timing, timing.timezone, timing.end_timezone)


def expand(
    event: Event,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    limit: int = recurrence.MAX_OCCURRENCES,
) -> list[Occurrence]:
    """The event's occurrences overlapping [since, until), changed occurrences applied, at most ``limit``."""
    changed = {o.key: o for o in event.overrides}
    found = []
    for timing in recurrence.occurrences(
        event.timing, event.rrule, event.exdates, rdates=event.rdates, limit=limit, since=since, until=until
    ):
        override = changed.pop(occurrence_key(original_start(timing)), None)
        found.append(apply(event, timing, override))
    for override in changed.values():
        # A changed occurrence moved into the window from outside it.
        original = recurrence.occurrence_at(event.timing, event.rrule, override.recurrence_id, event.rdates)
        if original is None or override.recurrence_id in event.exdates:
            continue
        occurrence = apply(event, original, override)
        begin, end = occurrence.timing.instants()
        if (since is None or end > since) and (until is None or begin < until):
            found.append(occurrence)
    return found[:limit]


def series(event: Event, *, since: datetime | None = None, limit: int = 20) -> list[SeriesOccurrence]:
    """The first ``limit`` occurrences of a recurring event not over by ``since``, changes applied, by start.

    An event that does not repeat has none. Exception dates are left out (they do not take place).
    """
    if not event.recurring:
        return []
    changed = {o.key: o for o in event.overrides}
    found = []
    for timing in recurrence.occurrences(event.timing, event.rrule, event.exdates, rdates=event.rdates):
        named = _named(event, timing, changed)
        if since is None or named.occurrence.timing.instants()[1] > since:
            found.append(named)
    found.sort(key=lambda o: o.occurrence.start)
    return found[:limit]


def at(event: Event, timing: Timing) -> SeriesOccurrence:
    """The occurrence of ``event`` that the rule puts at ``timing``, named by its original start, changes applied."""
    return _named(event, timing, {o.key: o for o in event.overrides})


def _named(event: Event, timing: Timing, changed: dict[date | datetime, Override]) -> SeriesOccurrence:
    start = original_start(timing)
    return SeriesOccurrence(start, timing, apply(event, timing, changed.get(occurrence_key(start))))


def apply(event: Event, timing: Timing, override: Override | None) -> Occurrence:
    """The occurrence at ``timing`` with its change (a new time, title or status), if any, applied."""
    if override is None:
        return Occurrence(event, timing)
    changed = dataclasses.replace(event, title=override.title or event.title, status=override.status or event.status)
    return Occurrence(changed, override.timing or timing)
