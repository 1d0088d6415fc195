"""One day of a programme laid out as a timeline: hours down the page, events as blocks at their times.

The layout is pure arithmetic on instants, so a day on which the clocks change is 23 or 25 hours long and
its hour marks read 01:00, 03:00 or 02:00, 02:00 as the wall clock does. Positions are counted in slots
(five minutes by default) from the first hour shown; events that overlap share the width side by side,
and the sessions of a summit are laid out inside their summit's block.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from fractions import Fraction
from zoneinfo import ZoneInfo

from itinerary.model import AllDay
from itinerary.services import Occurrence

SLOT = timedelta(minutes=5)
HOUR = timedelta(hours=1)
MIN_SLOTS = 3  # a block is at least 15 minutes tall, so that a moment (an arrival) can carry its title
DEFAULT_HOURS = (8, 18)  # the hours shown on a day without timed events
MAX_SLOTS = 25 * 12  # the longest day (the clocks go back) in five-minute slots
COLUMNS = 60  # the width is cut into 60 columns: lanes of 1, 2, 3, 4, 5 and 6 divide it exactly
# A summit's sessions take the right part of its block; the left part keeps the summit's own name in view.
INSET = Fraction(2, 5)


@dataclass(frozen=True, slots=True)
class Block:
    """One event on the day's timeline."""

    occurrence: Occurrence
    start: datetime  # in the day's zone, not clipped (it may begin the day before)
    end: datetime
    top: int  # the first slot it covers, counted from the first hour shown
    slots: int  # how many slots tall
    left: Fraction  # share of the width before it, 0 to 1
    width: Fraction  # its share of the width
    depth: int = 0  # 1 for a session inside its summit
    before: bool = False  # it began before the first hour shown (the day before, or earlier that day)
    after: bool = False  # it goes on after the last hour shown
    frame: bool = False  # an all-day summit drawn as a frame around its sessions
    holds: bool = False  # sessions are drawn inside it (in its right part, see INSET)

    @property
    def event(self):
        """The event the block shows."""
        return self.occurrence.event

    @property
    def column(self) -> int:
        """Its first column, 1 to :data:`COLUMNS`."""
        return round(self.left * COLUMNS) + 1

    @property
    def columns(self) -> int:
        """How many columns wide (at least one)."""
        return max(1, round((self.left + self.width) * COLUMNS) - round(self.left * COLUMNS))


@dataclass(frozen=True, slots=True)
class HourMark:
    """An hour line: its wall-clock time in the day's zone and the slot it starts."""

    at: datetime
    slot: int


@dataclass(frozen=True, slots=True)
class DayLayout:
    """A day's timeline."""

    day: date
    timezone: str
    slots: int  # how many slots tall the shown hours are
    hours: tuple[HourMark, ...]
    blocks: tuple[Block, ...]  # in reading order: by start, a summit before its sessions
    all_day: tuple[Occurrence, ...]  # all-day events with no session on this day, shown above the hours


def day_bounds(day: date, tz: str) -> tuple[datetime, datetime]:
    """Local midnight at the start of ``day`` and of the day after, in UTC."""
    zone = ZoneInfo(tz)
    return tuple(datetime.combine(d, time(), zone).astimezone(UTC) for d in (day, day + timedelta(days=1)))


def event_days(occurrences: Iterable[Occurrence], tz: str) -> list[date]:
    """The local days in ``tz`` on which something happens: every day a timed event touches, every day of a range.

    >>> from itinerary.model import Event, Timed
    >>> late = Timed.of(datetime(2018, 6, 8, 22), datetime(2018, 6, 9, 1), "Asia/Shanghai")
    >>> event_days([Occurrence(Event("x", "trip", "Dinner", late), late)], "Asia/Shanghai")
    [datetime.date(2018, 6, 8), datetime.date(2018, 6, 9)]
    """
    zone = ZoneInfo(tz)
    found: set[date] = set()
    for occurrence in occurrences:
        timing = occurrence.timing
        if isinstance(timing, AllDay):
            found.update(timing.first + timedelta(days=n) for n in range(timing.days))
            continue
        start, end = (value.astimezone(zone) for value in timing.instants())
        last = (end - timedelta(microseconds=1)).date() if end > start else start.date()
        found.update(start.date() + timedelta(days=n) for n in range((last - start.date()).days + 1))
    return sorted(found)


def around(days: list[date], day: date) -> tuple[date | None, date | None]:
    """The days with events just before and just after ``day`` (None at either end).

    >>> around([date(2017, 11, 10), date(2018, 5, 26)], date(2018, 1, 1))
    (datetime.date(2017, 11, 10), datetime.date(2018, 5, 26))
    """
    earlier = [d for d in days if d < day]
    later = [d for d in days if d > day]
    return (earlier[-1] if earlier else None), (later[0] if later else None)


def lay_out_day(occurrences: Iterable[Occurrence], day: date, tz: str, *, slot: timedelta = SLOT) -> DayLayout:
    """The timeline of ``day`` in zone ``tz``: the hours that hold its timed events, and their blocks."""
    zone = ZoneInfo(tz)
    midnight, next_midnight = day_bounds(day, tz)
    occurrences = list(occurrences)
    timed = [o for o in occurrences if not isinstance(o.timing, AllDay) and _touches(o, midnight, next_midnight)]
    ranges = [o for o in occurrences if isinstance(o.timing, AllDay) and o.timing.first <= day <= o.timing.last]

    # Hour lines at every elapsed hour from local midnight: 23, 24 or 25 of them.
    count = math.ceil((next_midnight - midnight) / HOUR)
    marks = [midnight + n * HOUR for n in range(count)] + [next_midnight]
    if timed:
        first = min(max(o.timing.instants()[0], midnight) for o in timed)
        last = max(min(max(o.timing.instants()), next_midnight) for o in timed)
        low = max(n for n, mark in enumerate(marks) if mark <= first)
        high = min(n for n, mark in enumerate(marks) if mark >= last)
        high = max(high, low + 1)
    else:
        low, high = min(DEFAULT_HOURS[0], count - 1), min(DEFAULT_HOURS[1], count)
    shown_from, shown_to = marks[low], marks[high]
    total = math.ceil((shown_to - shown_from) / slot)
    hours = tuple(HourMark(mark.astimezone(zone), round((mark - shown_from) / slot)) for mark in marks[low:high])

    # Summits and sessions: a session goes inside its parent when the parent is on the timeline too.
    framed = {o.event.uid for o in ranges if any(t.event.parent == o.event.uid for t in timed)}
    placed: list[_Placed] = []
    for occurrence in timed:
        start, end = occurrence.timing.instants()
        top = math.floor((max(start, shown_from) - shown_from) / slot)
        bottom = math.ceil((min(end, shown_to) - shown_from) / slot)
        slots = min(max(bottom - top, MIN_SLOTS), max(total - top, 1))
        if top + slots > total:  # a moment at the very end: drawn up from the last line
            top = max(0, total - slots)
        placed.append(_Placed(occurrence, top, slots, start < shown_from, end > shown_to))
    for occurrence in ranges:
        if occurrence.event.uid in framed:
            timing = occurrence.timing
            placed.append(_Placed(occurrence, 0, total, timing.first < day, timing.last > day, frame=True))
    parents = {p.occurrence.event.uid for p in placed}
    children: dict[str | None, list[_Placed]] = {}
    for item in placed:
        parent = item.occurrence.event.parent
        children.setdefault(parent if parent in parents else None, []).append(item)

    blocks: list[Block] = []

    def lay(group: list[_Placed], left: Fraction, width: Fraction, depth: int) -> None:
        for item, lane, lanes in _lanes(group):
            share = width / lanes
            local = [value.astimezone(zone) for value in _span(item.occurrence)]
            block = Block(
                item.occurrence,
                local[0],
                local[1],
                item.top,
                item.slots,
                left + lane * share,
                share,
                depth,
                item.before,
                item.after,
                item.frame,
                bool(children.get(item.occurrence.event.uid)),
            )
            blocks.append(block)
            inner = children.get(item.occurrence.event.uid)
            if inner:
                lay(inner, block.left + block.width * INSET, block.width * (1 - INSET), depth + 1)

    lay(children.get(None, []), Fraction(0), Fraction(1), 0)
    blocks.sort(key=_reading_order)
    return DayLayout(
        day=day,
        timezone=tz,
        slots=total,
        hours=hours,
        blocks=tuple(blocks),
        all_day=tuple(o for o in ranges if o.event.uid not in framed),
    )


@dataclass(frozen=True, slots=True)
class _Placed:
    occurrence: Occurrence
    top: int
    slots: int
    before: bool
    after: bool
    frame: bool = False


def _touches(occurrence: Occurrence, since: datetime, until: datetime) -> bool:
    start, end = occurrence.timing.instants()
    return start < until and (end > since or (start == end and start >= since))


def _span(occurrence: Occurrence) -> tuple[datetime, datetime]:
    timing = occurrence.timing
    if isinstance(timing, AllDay):
        return timing.instants()
    return timing.start, timing.end


def _lanes(group: list[_Placed]):
    """Each item with its lane and the lane count of its cluster (items that overlap, directly or through others).

    Greedy in start order: an item takes the first lane free at its top, so items that overlap sit side by side.
    """
    ordered = sorted(group, key=lambda p: (p.top, -p.slots, p.occurrence.start, p.occurrence.event.title))
    cluster: list[tuple[_Placed, int]] = []
    ends: list[int] = []  # per lane: the slot where its last item ends
    cluster_end = -1
    for item in ordered:
        if cluster and item.top >= cluster_end:
            yield from ((p, lane, len(ends)) for p, lane in cluster)
            cluster, ends, cluster_end = [], [], -1
        lane = next((n for n, end in enumerate(ends) if end <= item.top), len(ends))
        if lane == len(ends):
            ends.append(0)
        ends[lane] = item.top + item.slots
        cluster.append((item, lane))
        cluster_end = max(cluster_end, item.top + item.slots)
    yield from ((p, lane, len(ends)) for p, lane in cluster)


def _reading_order(block: Block) -> tuple:
    return (block.top, block.depth, block.occurrence.start, -block.slots, block.event.title)
