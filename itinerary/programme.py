"""The programme laid out day by day in a reader's zone, for pages and text."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from itinerary.model import AllDay, Timed
from itinerary.occurrences import Occurrence


@dataclass(frozen=True, slots=True)
class Entry:
    """One occurrence as a reader sees it on one day."""

    occurrence: Occurrence
    start: datetime | None  # in the reader's zone; None for all-day
    end: datetime | None
    depth: int
    day_number: int = 1
    days: int = 1

    @property
    def event(self):
        """The event this entry shows."""
        return self.occurrence.event


@dataclass(frozen=True, slots=True)
class Day:
    """The entries of one local day."""

    date: date
    entries: tuple[Entry, ...]


def days(occurrences: Iterable[Occurrence], tz: str) -> list[Day]:
    """Group occurrences by local day in ``tz``; an all-day range appears on each of its days."""
    zone = ZoneInfo(tz)
    occurrences = list(occurrences)
    parents = {o.event.uid: o.event.parent for o in occurrences}
    by_day: dict[date, list[Entry]] = {}
    for occurrence in occurrences:
        depth = _depth(occurrence.event.uid, parents)
        timing = occurrence.timing
        if isinstance(timing, AllDay):
            for offset in range(timing.days):
                entry = Entry(occurrence, None, None, depth, offset + 1, timing.days)
                by_day.setdefault(timing.first + timedelta(days=offset), []).append(entry)
        else:
            assert isinstance(timing, Timed)
            start, end = timing.start.astimezone(zone), timing.end.astimezone(zone)
            by_day.setdefault(start.date(), []).append(Entry(occurrence, start, end, depth))
    return [Day(day, tuple(sorted(entries, key=_order))) for day, entries in sorted(by_day.items())]


def _order(entry: Entry) -> tuple:
    return (
        entry.start is not None,
        # Instants: aware times in one zone compare by wall clock, and the repeated hour has two 02:30s.
        entry.start.astimezone(UTC) if entry.start else datetime.min.replace(tzinfo=UTC),
        entry.depth,
        entry.event.title,
    )


def _depth(uid: str, parents: dict[str, str | None]) -> int:
    depth, seen = 0, {uid}
    while (uid := parents.get(uid)) and uid not in seen:
        seen.add(uid)
        depth += 1
    return depth


def as_text(title: str, programme: list[Day], tz: str) -> str:
    """The programme as plain text, one line an entry, for the CLI."""
    lines = [f"{title} (times in {tz})"]
    for day in programme:
        lines += ["", f"{day.date:%A} {day.date.day} {day.date:%B %Y}"]
        for entry in day.entries:
            event = entry.event
            when = (
                f"{entry.start:%H:%M}-{entry.end:%H:%M}"
                + (f" (ends {entry.end:%d %b})" if entry.end.date() != entry.start.date() else "")
                if entry.start
                else ("all day" if entry.days == 1 else f"day {entry.day_number}/{entry.days}")
            )
            place = event.venue.place if event.venue else ""
            if event.destination:
                place = f"{place} -> {event.destination.place}"
            marks = "".join(
                f" [{mark}]"
                for mark in (
                    event.status.value if event.status.value != "confirmed" else "",
                    "busy" if event.standin else "restricted" if event.restricted else "",
                )
                if mark
            )
            lines.append(f"  {'  ' * entry.depth}{when:<12} {event.title}{' - ' + place if place else ''}{marks}")
    return "\n".join(lines)


@dataclass(frozen=True, slots=True)
class NowAndNext:
    """What is happening at an instant, and what comes next."""

    now: tuple[Occurrence, ...]
    next: Occurrence | None


def now_and_next(occurrences: Iterable[Occurrence], at: datetime) -> NowAndNext:
    """The occurrences under way at ``at`` and the first one to start after it; cancelled ones never count."""
    if at.tzinfo is None:
        raise ValueError("at must be an aware datetime")
    # Each timing's instants worked out once: the itinerary page asks on every request.
    live = [(o, *o.timing.instants()) for o in occurrences if not o.event.cancelled]
    now = tuple(o for o, start, end in live if start <= at < end)
    later = [(start, o.event.title, o) for o, start, _ in live if start > at]
    return NowAndNext(now, min(later, key=lambda found: found[:2], default=(None,))[-1])


def happening(occurrences: Iterable[Occurrence], at: datetime, *, within: timedelta = timedelta(hours=24)):
    """What is on at ``at`` and what comes next, or None when nothing is on and nothing starts ``within``.

    A page shows this box only while a programme is under way: between its
    events (overnight, say) as long as the next one starts within ``within``.
    """
    found = now_and_next(occurrences, at)
    if found.now or (found.next is not None and found.next.start - at <= within):
        return found
    return None
