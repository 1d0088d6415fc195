"""Dates an editor types, read against the programme they belong to.

A programme has a span: the first and last day of its events in its home zone.
A date typed without a year ("2 Dec 10am") takes the year that puts it nearest
to that span; there is never a default year. A date far from the span (more
than :data:`FAR_DAYS` days) is worth a warning: it is more often a typing slip
than a plan.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from itinerary import errors
from itinerary.model import AllDay, Event

FAR_DAYS = 60


@dataclass(frozen=True, slots=True)
class Span:
    """The first and last day of a programme, in its home zone."""

    first: date
    last: date

    def distance(self, day: date) -> int:
        """Days from the span to ``day``: 0 inside it."""
        if day < self.first:
            return (self.first - day).days
        if day > self.last:
            return (day - self.last).days
        return 0

    def __str__(self) -> str:
        return f"{_long(self.first)} to {_long(self.last)}"


def _long(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def span(events: Iterable[Event], timezone: str) -> Span | None:
    """The days the events' own times cover in ``timezone`` (a series by its first occurrence); None for none.

    A series counts by its first occurrence, so that one without an end cannot stretch the programme for years.
    """
    tz = ZoneInfo(timezone)
    days: list[date] = []
    for event in events:
        timing = event.timing
        if isinstance(timing, AllDay):
            days += [timing.first, timing.last]
        else:
            days += [timing.start.astimezone(tz).date(), timing.end.astimezone(tz).date()]
    return Span(min(days), max(days)) if days else None


def nearest_year(month: int, day: int, around: Span | None, today: date) -> int:
    """The year that puts ``day`` ``month`` nearest to the programme ``around`` (to ``today`` without one).

    >>> summit = Span(date(2026, 12, 1), date(2026, 12, 3))
    >>> nearest_year(12, 2, summit, date(2026, 1, 5)), nearest_year(1, 4, summit, date(2026, 1, 5))
    (2026, 2027)
    >>> nearest_year(2, 29, None, date(2026, 1, 5))
    2028
    """
    reference = around or Span(today, today)
    candidates = []
    for year in range(reference.first.year - 1, reference.last.year + 2):
        try:
            candidates.append(date(year, month, day))
        except ValueError:
            continue  # 29 February in a common year
    if not candidates:  # 29 February, and no leap year next to the span: the next one
        year = reference.last.year + 2
        while True:
            try:
                return date(year, month, day).year
            except ValueError:
                year += 1
    return min(candidates, key=lambda found: (reference.distance(found), found)).year


def far_from(around: Span | None, when: date | datetime) -> errors.Message | None:
    """A warning when ``when`` is more than :data:`FAR_DAYS` days from the programme ``around``; else None.

    The warning is a :class:`~itinerary.errors.Message` (its day and span typed values) that the web interface
    says in the page's language; ``str()`` of it is the English sentence.
    """
    if around is None:
        return None
    day = when.date() if isinstance(when, datetime) else when
    distance = around.distance(day)
    if distance <= FAR_DAYS:
        return None
    rest = errors.Span(around.first, around.last, str(around))
    if day < around.first:
        return errors.Message.count(
            "%(day)s is %(num)s day before the rest of the programme (%(around)s); check the date, "
            "and save again if it is right",
            "%(day)s is %(num)s days before the rest of the programme (%(around)s); check the date, "
            "and save again if it is right",
            distance,
            day=errors.Day(day),
            around=rest,
        )
    return errors.Message.count(
        "%(day)s is %(num)s day after the rest of the programme (%(around)s); check the date, "
        "and save again if it is right",
        "%(day)s is %(num)s days after the rest of the programme (%(around)s); check the date, "
        "and save again if it is right",
        distance,
        day=errors.Day(day),
        around=rest,
    )


__all__ = ["FAR_DAYS", "Span", "far_from", "nearest_year", "span"]
