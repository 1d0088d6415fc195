"""Hypothesis strategies for itineraries whose times sit where calendar clients go wrong.

A plan is drawn first (plain values), then made through the service layer by
:func:`build`, as an editor would: events created, then exception dates, moved,
retitled and cancelled occurrences, then whole events cancelled.

Times are drawn near the zones' offset changes: both DST nights of each
hemisphere (Europe/Berlin, America/New_York, Australia/Sydney, America/Santiago),
changes of standard time (Europe/Moscow 2011 and 2014, Asia/Almaty 2024), and
zones with half-hour and 45-minute offsets (Asia/Kolkata, Asia/Kathmandu). A
series is started a few periods before such a night, so that a later occurrence
falls into the skipped or the repeated hour, and runs for years (COUNT, UNTIL
or endless).
"""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import cache
from itertools import count
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta
from hypothesis import assume
from hypothesis import strategies as st

from itinerary import services
from itinerary.errors import InvalidEvent
from itinerary.storage import Store

ZONES = (
    "Europe/Berlin",
    "America/New_York",
    "Australia/Sydney",
    "America/Santiago",
    "Europe/Moscow",
    "Asia/Almaty",
    "Asia/Kolkata",
    "Asia/Kathmandu",
)
FIRST_YEAR, LAST_YEAR = 2009, 2027
# One itinerary's events start within SPAN_YEARS; the compared window runs WINDOW_YEARS past the last start.
# Together they keep every series within the service's 1,000 occurrences per expansion over the window
# (an endless daily series repeats every 4 days or more slowly).
SPAN_YEARS = 3
WINDOW_YEARS = 5
_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_slugs = count(1)


@cache
def transitions(zone: str) -> tuple[datetime, ...]:
    """The UTC instants at which the zone's offset changes between FIRST_YEAR and LAST_YEAR, to the minute."""
    tz = ZoneInfo(zone)
    found = []
    at = datetime(FIRST_YEAR, 1, 1, tzinfo=UTC)
    end = datetime(LAST_YEAR + 1, 1, 1, tzinfo=UTC)
    offset = at.astimezone(tz).utcoffset()
    while at < end:
        later = at + timedelta(days=1)
        if later.astimezone(tz).utcoffset() != offset:
            low, high = at, later
            while high - low > timedelta(minutes=1):
                middle = low + (high - low) / 2
                middle = middle.replace(second=0, microsecond=0)
                if middle.astimezone(tz).utcoffset() == offset:
                    low = middle
                else:
                    high = middle
            found.append(high)
            offset = later.astimezone(tz).utcoffset()
        at = later
    return tuple(found)


def exists(wall: datetime, zone: str) -> bool:
    """Whether the wall-clock time exists in the zone (is not skipped by a change of offset)."""
    tz = ZoneInfo(zone)
    aware = wall.replace(tzinfo=tz)
    return aware.astimezone(UTC).astimezone(tz).replace(tzinfo=None) == wall.replace(fold=0)


@st.composite
def instants(draw, zone: str, base: int) -> datetime:
    """An instant (UTC) in the years ``base`` to ``base + SPAN_YEARS - 1``, mostly near one of the zone's changes."""
    first, last = datetime(base, 1, 1, tzinfo=UTC), datetime(base + SPAN_YEARS, 1, 1, tzinfo=UTC)
    changes = [change for change in transitions(zone) if first <= change < last]
    if changes and draw(st.integers(0, 9)):
        change = draw(st.sampled_from(changes))
        # Mostly within three hours of the change, in quarter hours; sometimes up to a day away.
        quarters = draw(st.one_of(st.integers(-12, 12), st.integers(-96, 96)))
        return change + timedelta(minutes=15 * quarters)
    day = draw(st.dates(first.date(), last.date() - timedelta(days=1)))
    minute = draw(st.integers(0, 24 * 4 - 1)) * 15
    return datetime.combine(day, datetime.min.time(), UTC) + timedelta(minutes=minute)


@dataclass(frozen=True)
class Changes:
    """What an editor does to a series after creating it, by occurrence index (taken modulo their number)."""

    exdates: tuple[int, ...] = ()
    moves: tuple[tuple[int, int], ...] = ()  # (index, minutes)
    retitles: tuple[int, ...] = ()
    cancels: tuple[int, ...] = ()


@dataclass(frozen=True)
class TimedPlan:
    """A timed event or series; a travel leg when ``destination`` names the zone it ends in."""

    zone: str
    start: datetime  # aware, UTC
    minutes: int
    rule: str = ""
    destination: str | None = None
    changes: Changes = field(default_factory=Changes)
    cancelled: bool = False


@dataclass(frozen=True)
class AllDayPlan:
    """An all-day span or series."""

    zone: str
    first: date
    days: int
    rule: str = ""
    changes: Changes = field(default_factory=Changes)
    cancelled: bool = False


@dataclass(frozen=True)
class Plan:
    """An itinerary's home zone and its events."""

    home: str
    events: tuple[TimedPlan | AllDayPlan, ...]

    def window(self) -> tuple[datetime, datetime]:
        """From a week before the first start to WINDOW_YEARS after the last."""
        starts = [e.start if isinstance(e, TimedPlan) else _midnight(e.first) for e in self.events]
        return min(starts) - timedelta(days=7), max(starts) + relativedelta(years=WINDOW_YEARS)


def _midnight(day: date) -> datetime:
    return datetime.combine(day, datetime.min.time(), UTC)


@st.composite
def changes(draw, series: bool) -> Changes:
    """Exception dates, moved, retitled and cancelled occurrences, each at distinct indices."""
    if not series:
        return Changes()
    indices = draw(st.lists(st.integers(0, 39), unique=True, max_size=6))
    kinds = draw(st.lists(st.sampled_from(("exdate", "move", "retitle", "cancel")), min_size=len(indices)))
    exdates, moves, retitles, cancels = [], [], [], []
    for index, kind in zip(indices, kinds, strict=False):
        if kind == "exdate":
            exdates.append(index)
        elif kind == "move":
            # Up to two days either way, in quarter hours; often by whole hours, across the change itself.
            moves.append((index, 15 * draw(st.one_of(st.integers(-8, 8), st.integers(-192, 192)))))
        elif kind == "retitle":
            retitles.append(index)
        else:
            cancels.append(index)
    return Changes(tuple(exdates), tuple(moves), tuple(retitles), tuple(cancels))


def _until(start: datetime, years: int, all_day: bool) -> str:
    end = start + relativedelta(years=years)
    return f"UNTIL={end:%Y%m%d}" if all_day else f"UNTIL={end.astimezone(UTC):%Y%m%dT%H%M%SZ}"


@st.composite
def rules(draw, wall: datetime, start: datetime, all_day: bool = False) -> tuple[str, datetime]:
    """A rule and the series' first start (wall clock), that many periods before ``wall``.

    Plain rules step back by whole periods, so that a later occurrence lands on
    ``wall``; rules with BYDAY (the last Sunday of March) take their parts from
    ``wall`` itself and start on it, so they meet the zone's change every year.
    """
    frequency = draw(st.sampled_from(("DAILY", "WEEKLY", "MONTHLY", "YEARLY")))
    back = draw(st.integers(0, 6))
    step = {
        "DAILY": relativedelta(days=1),
        "WEEKLY": relativedelta(weeks=1),
        "MONTHLY": relativedelta(months=1),
        "YEARLY": relativedelta(years=1),
    }[frequency]
    if frequency == "YEARLY" and (wall.month, wall.day) == (2, 29):
        # ical.js lists a yearly series on 29 February on 1 March of other years, where RFC 5545 (3.3.10)
        # skips those years: kewisch/ical.js issue #91 (open pull request #1004). Not a question of our feed.
        frequency, step = "MONTHLY", relativedelta(months=1)
    parts = [f"FREQ={frequency}"]
    first = wall - back * step
    if first.day != wall.day and frequency in ("MONTHLY", "YEARLY"):
        first = wall  # no such day that many months back (the 31st, 29 February): start on it
    by_day = frequency in ("MONTHLY", "YEARLY") and draw(st.booleans())
    if by_day:
        first = wall
        week = (wall.day - 1) // 7 + 1
        last_week = (wall + timedelta(days=7)).month != wall.month
        parts.append(f"BYDAY={-1 if last_week else week}{_WEEKDAYS[wall.weekday()]}")
        if frequency == "YEARLY":
            parts.append(f"BYMONTH={wall.month}")
    end = draw(st.sampled_from(("count", "until", "endless")))
    if frequency == "DAILY":
        # An endless daily series stays within the service's 1,000 occurrences over the window.
        interval = draw(st.integers(1, 3)) if end == "count" else draw(st.integers(4, 10))
        if interval > 1:
            parts.append(f"INTERVAL={interval}")
    elif frequency == "WEEKLY" and draw(st.booleans()):
        parts.append(f"INTERVAL={draw(st.integers(2, 4))}")
    if end == "count":
        most = {"DAILY": 120, "WEEKLY": 200, "MONTHLY": 60, "YEARLY": 8}[frequency]
        parts.append(f"COUNT={draw(st.integers(2, most))}")
    elif end == "until":
        parts.append(_until(start, draw(st.integers(1, 4)), all_day))
    return ";".join(parts), first


@st.composite
def timed_events(draw, zone: str, base: int) -> TimedPlan:
    """A meeting or series in ``zone``, or a travel leg from it to another zone."""
    moment = draw(instants(zone, base))
    tz = ZoneInfo(zone)
    wall = moment.astimezone(tz)
    fold = wall.fold
    wall = wall.replace(tzinfo=None)
    travel = draw(st.integers(0, 3)) == 0
    minutes = 15 * draw(st.integers(1, 56 if travel else 20))
    rule = ""
    if draw(st.integers(0, 2)):
        rule, wall = draw(rules(wall, moment))
    # The first start must exist (an editor cannot enter a skipped time); a later occurrence may not.
    assume(exists(wall, zone))
    start = wall.replace(tzinfo=tz, fold=fold).astimezone(UTC)
    return TimedPlan(
        zone=zone,
        start=start,
        minutes=minutes,
        rule=rule,
        destination=draw(st.sampled_from([z for z in ZONES if z != zone])) if travel else None,
        changes=draw(changes(bool(rule))),
        cancelled=draw(st.integers(0, 9)) == 0,
    )


@st.composite
def all_day_events(draw, zone: str, base: int) -> AllDayPlan:
    """An all-day span (a forum's days) or series, around a change of offset."""
    moment = draw(instants(zone, base))
    wall = moment.astimezone(ZoneInfo(zone)).replace(tzinfo=None)
    wall = datetime.combine(wall.date(), datetime.min.time())
    rule = ""
    if draw(st.booleans()):
        rule, wall = draw(rules(wall, wall, all_day=True))
    return AllDayPlan(
        zone=zone,
        first=wall.date(),
        days=draw(st.integers(1, 4)),
        rule=rule,
        changes=draw(changes(bool(rule))),
        cancelled=draw(st.integers(0, 9)) == 0,
    )


@st.composite
def plans(draw) -> Plan:
    """An itinerary in one of ZONES with one to five events, each in its own zone, starting within SPAN_YEARS."""
    home = draw(st.sampled_from(ZONES))
    base = draw(st.integers(FIRST_YEAR + 1, LAST_YEAR - SPAN_YEARS + 1))
    events = []
    for _ in range(draw(st.integers(1, 5))):
        zone = draw(st.one_of(st.just(home), st.sampled_from(ZONES)))
        events.append(draw(st.one_of(timed_events(zone, base), all_day_events(zone, base))))
    return Plan(home, tuple(events))


# Making a plan through the services


def venue_key(zone: str) -> str:
    """The key of the test venue in ``zone``."""
    return "v-" + zone.lower().replace("/", "-").replace("_", "-")


def put_venues(store: Store) -> None:
    """One venue in each of ZONES, for travel legs."""
    for zone in ZONES:
        city = zone.rpartition("/")[2].replace("_", " ")
        services.put_venue(
            store,
            key=venue_key(zone),
            name=f"{city} Airport",
            city=city,
            country="Somewhere",
            timezone=zone,
            latitude=0.0,
            longitude=0.0,
        )


def build(store: Store, plan: Plan) -> str:
    """Make the plan's itinerary through the services (venues must exist: :func:`put_venues`); its slug."""
    slug = f"interop-{next(_slugs)}"
    services.create_itinerary(store, slug=slug, title="Interop", timezone=plan.home)
    for number, event in enumerate(plan.events, 1):
        title = f"Event {number}"
        if isinstance(event, TimedPlan):
            fields = {"start": event.start, "end": event.start + timedelta(minutes=event.minutes)}
            if event.destination:
                fields.update(kind="travel", venue=venue_key(event.zone), destination=venue_key(event.destination))
            else:
                fields["timezone"] = event.zone
        else:
            fields = {
                "all_day": True,
                "first": event.first,
                "last": event.first + timedelta(days=event.days - 1),
                "timezone": event.zone,
            }
        try:
            created = services.create_event(store, slug, title=title, rrule=event.rule, **fields)
        except InvalidEvent:
            # A rule of the domain refuses it, as it would refuse the editor (a series may not begin
            # at the second 02:30 of a fall-back night): nothing stored, nothing to compare.
            continue
        _change(store, slug, created.uid, event.changes)
        if event.cancelled:
            services.cancel_event(store, slug, created.uid)
    return slug


def _change(store: Store, slug: str, uid: str, changes: Changes) -> None:
    if changes == Changes():
        return
    found = services.series_occurrences(store, slug, uid, limit=40)
    if not found:
        return

    def rid(index: int):
        return found[index % len(found)].recurrence_id

    def original(index: int):
        return found[index % len(found)].original

    taken = set()

    def fresh(index: int) -> bool:
        # Two changes drawn for one occurrence (indices modulo a short series): keep the first.
        key = index % len(found)
        if key in taken:
            return False
        taken.add(key)
        return True

    exdates = tuple(rid(i) for i in changes.exdates if fresh(i))
    if exdates:
        _refusable(services.update_event, store, slug, uid, exdates=exdates)
    for index, minutes in changes.moves:
        if not fresh(index):
            continue
        timing = original(index)
        if not hasattr(timing, "start"):
            continue  # an all-day occurrence is changed by status or title only
        begin, end = timing.instants()
        shift = timedelta(minutes=minutes)
        _refusable(services.change_occurrence, store, slug, uid, rid(index), start=begin + shift, end=end + shift)
    for index in changes.retitles:
        if fresh(index):
            _refusable(services.change_occurrence, store, slug, uid, rid(index), title="Retitled")
    for index in changes.cancels:
        if fresh(index):
            _refusable(services.cancel_occurrence, store, slug, uid, rid(index))


def _refusable(change, *args, **fields) -> None:
    """Make a change an editor may be refused (a moved occurrence with no length, one the domain's rules
    forbid): a refused change stores nothing, and the agreement is checked on what is stored."""
    with suppress(InvalidEvent):
        change(*args, **fields)
