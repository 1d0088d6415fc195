"""Independent calendar clients expanding one feed, each reduced to the same plain occurrences.

Four readers of a feed:

- ``recurring-ical-events`` (on the ``icalendar`` library; zones from zoneinfo by TZID),
- the ``ical`` package's timeline (pydantic models; zones from zoneinfo by TZID),
- Mozilla ical.js under Node, as Thunderbird uses it: zones from the feed's own VTIMEZONEs
  (``js/expand.mjs``, one long-lived process speaking JSON lines),
- the service's own expansion, :func:`itinerary.services.list_occurrences`, which the
  itinerary page, the timeline and the checks use.

Each gives :class:`Seen` occurrences: UID, RECURRENCE-ID as wall-clock text in the
series' zone (empty for an event that does not repeat), start and end as UTC text
(``2024-03-31T01:00:00Z``) or, for all-day events, as dates (``2024-03-31``, end
exclusive as in the feed: an all-day event is a range of days, seen at midnight of
whichever zone the reader is in, so its dates are what every client must agree on),
and whether the occurrence is cancelled. Cancelled occurrences are listed by every
client (calendars strike them out rather than hide them), with ``cancelled`` true.

An occurrence is kept when its start lies in the window [since, until): timed ones by
their instant, all-day ones by midnight UTC of their first day. Each client is asked
for a wider span than the window, so that its own rules at the window's edges
(overlap or start, the zone all-day events are seen in) never decide what is compared.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import threading
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import recurring_ical_events
from ical.calendar_stream import IcsCalendarStream

from itinerary import ical, services
from itinerary.model import AllDay
from itinerary.storage import Store

JS_DIR = Path(__file__).parent / "js"
EXPAND_SCRIPT = JS_DIR / "expand.mjs"
# How far beyond the window each client is asked to look: more than any move of an occurrence.
MARGIN = timedelta(days=8)


@dataclass(frozen=True, order=True, slots=True)
class Seen:
    """One occurrence as a client lists it."""

    uid: str
    rid: str
    start: str
    end: str
    cancelled: bool

    def times(self) -> tuple[str, str, str, bool]:
        """What the service's expansion can be compared on: it does not name occurrences."""
        return self.uid, self.start, self.end, self.cancelled


@dataclass(frozen=True, slots=True)
class Window:
    """The span compared: occurrences that start in [since, until)."""

    since: datetime
    until: datetime

    def holds(self, start: str) -> bool:
        """Whether an occurrence starting at ``start`` (UTC text or a date) is compared."""
        return self.since <= _instant(start) < self.until


def _instant(text: str) -> datetime:
    if len(text) == 10:
        return datetime.combine(date.fromisoformat(text), datetime.min.time(), UTC)
    return datetime.fromisoformat(text)


def utc_text(value: date | datetime) -> str:
    """A start or end as compared: UTC text for an instant, ISO text for a date."""
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise ValueError(f"floating time {value} in a feed under test")
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return value.isoformat()


def wall_text(value: date | datetime | None) -> str:
    """A RECURRENCE-ID as wall-clock text in its own zone."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y%m%dT%H%M%S")
    return value.strftime("%Y%m%d")


@lru_cache(maxsize=4)
def series_zones(ics: bytes) -> dict[str, tzinfo]:
    """The zone each series' DTSTART is written in, by UID (UTC for a UTC series)."""
    calendar = icalendar.Calendar.from_ical(ics)
    return {
        str(component["UID"]): component.start.tzinfo
        for component in calendar.walk("VEVENT")
        if "RECURRENCE-ID" not in component
        and isinstance(component.start, datetime)
        and component.start.tzinfo is not None
    }


@lru_cache(maxsize=4)
def recurring_uids(ics: bytes) -> frozenset[str]:
    """The UIDs of the feed's series (RRULE or RDATE): only their occurrences have a RECURRENCE-ID."""
    calendar = icalendar.Calendar.from_ical(ics)
    return frozenset(
        str(component["UID"]) for component in calendar.walk("VEVENT") if "RRULE" in component or "RDATE" in component
    )


def _finish(found: Iterable[Seen], window: Window, series: frozenset[str]) -> list[Seen]:
    return sorted(
        Seen(seen.uid, seen.rid if seen.uid in series else "", seen.start, seen.end, seen.cancelled)
        for seen in found
        if window.holds(seen.start)
    )


def _cancelled(status) -> bool:
    # The ical package gives an Enum whose str() is its name ("EventStatus.CANCELLED"), not its value.
    return str(getattr(status, "value", status) or "").upper() == "CANCELLED"


# The Python clients


def by_recurring_ical_events(ics: bytes, window: Window, *, skip_floating: bool = False) -> list[Seen]:
    """``recurring_ical_events.of(calendar).between(...)``.

    With ``skip_floating``, events in floating time (no instant until a reader places them)
    are left out; otherwise they are an error, since our own feeds never have them.
    """
    calendar = icalendar.Calendar.from_ical(ics)
    found = []
    for component in recurring_ical_events.of(calendar).between(window.since - MARGIN, window.until + MARGIN):
        if skip_floating and isinstance(component.start, datetime) and component.start.tzinfo is None:
            continue
        rid = component.get("RECURRENCE-ID")
        rid = rid.dt if rid is not None else None
        zone = series_zones(ics).get(str(component["UID"]))
        if isinstance(rid, datetime) and rid.tzinfo is not None and zone is not None:
            # recurring-ical-events turns UTC times into the X-WR-TIMEZONE zone; the series' own zone names it.
            rid = rid.astimezone(zone)
        found.append(
            Seen(
                str(component["UID"]),
                wall_text(rid),
                utc_text(component.start),
                utc_text(component.end),
                _cancelled(component.get("STATUS")),
            )
        )
    return _finish(found, window, recurring_uids(ics))


def by_ical_timeline(ics: bytes, window: Window) -> list[Seen]:
    """The ``ical`` package: ``IcsCalendarStream.calendar_from_ics(...).timeline_tz(UTC)``."""
    calendar = IcsCalendarStream.calendar_from_ics(ics.decode())
    found = []
    for event in calendar.timeline_tz(UTC).overlapping(window.since - MARGIN, window.until + MARGIN):
        found.append(
            Seen(
                event.uid,
                str(event.recurrence_id or ""),
                utc_text(event.dtstart),
                utc_text(event.end),
                _cancelled(event.status),
            )
        )
    return _finish(found, window, recurring_uids(ics))


def by_service(store: Store, slug: str, window: Window, settings: ical.FeedSettings) -> list[Seen]:
    """The service's own expansion (page, timeline, checks), restricted events included as in the private feed.

    It does not name occurrences, so ``rid`` is left empty: compare it with :meth:`Seen.times`.
    """
    found = []
    for occurrence in services.list_occurrences(
        store, slug, since=window.since - MARGIN, until=window.until + MARGIN, include_restricted=True
    ):
        timing = occurrence.timing
        if isinstance(timing, AllDay):
            start, end = timing.first.isoformat(), (timing.last + timedelta(days=1)).isoformat()
        else:
            start, end = (utc_text(value) for value in timing.instants())
        uid = ical.full_uid(occurrence.event.uid, settings, foreign=occurrence.event.foreign_uid)
        found.append(Seen(uid, "", start, end, occurrence.event.cancelled))
    return sorted(seen for seen in found if window.holds(seen.start))


# Mozilla ical.js


class IcalJsMissing(RuntimeError):
    """Node or the ical.js package is not installed."""


def ical_js_problem() -> str | None:
    """Why ical.js cannot run here, or None when it can."""
    if shutil.which("node") is None:
        return "node is not installed (apt-get install nodejs npm)"
    if not (JS_DIR / "node_modules" / "ical.js" / "package.json").exists():
        return f"ical.js is not installed: run `npm ci` in {JS_DIR} (.ci/run does)"
    return None


class IcalJs:
    """One Node process running ``expand.mjs``; each feed is one JSON line there and back."""

    def __init__(self):
        problem = ical_js_problem()
        if problem:
            raise IcalJsMissing(problem)
        # TZ=UTC: a time ical.js cannot place (floating) must not depend on the machine's zone.
        self._process = subprocess.Popen(
            ["node", str(EXPAND_SCRIPT)],
            cwd=JS_DIR,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            env={**os.environ, "TZ": "UTC"},
        )
        self._lock = threading.Lock()

    def expand(self, ics: bytes, window: Window) -> list[Seen]:
        """The feed's occurrences as ical.js lists them."""
        since, until = window.since - MARGIN, window.until + MARGIN
        request = {"ics": ics.decode(), "since": int(since.timestamp()), "until": int(until.timestamp())}
        with self._lock:
            self._process.stdin.write(json.dumps(request) + "\n")
            self._process.stdin.flush()
            line = self._process.stdout.readline()
        if not line:
            raise RuntimeError(f"ical.js stopped (exit status {self._process.poll()})")
        answer = json.loads(line)
        if "error" in answer:
            raise RuntimeError(f"ical.js could not read the feed: {answer['error']}")
        found = [
            Seen(
                item["uid"],
                item["rid"],
                _js_time(item["start"]),
                _js_time(item["end"]),
                bool(item["cancelled"]),
            )
            for item in answer["occurrences"]
        ]
        return _finish(found, window, recurring_uids(ics))

    def close(self) -> None:
        """End the Node process."""
        self._process.stdin.close()
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        self._process.stdout.close()


def _js_time(value: int | float | str) -> str:
    if isinstance(value, str):
        return value
    return datetime.fromtimestamp(value, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


# Comparison
#
# Where the clients read one feed differently by their own design, whatever the feed
# says, the comparison leaves that reading out, narrowly:
#
# - The end of a timed occurrence within two hours of a change of offset in one of its
#   zones (a DST night, Moscow 2011/2014, Almaty 2024) is not compared, only its start.
#   RFC 5545 (3.8.5.3) gives every instance of a series DTEND - DTSTART as an exact
#   duration, and the clients do not: recurring-ical-events and the ical package add the
#   wall-clock difference (all three clients list a weekly 02:30-03:30 that falls into
#   the skipped hour with no length at all); ical.js computes the exact duration but adds
#   it on the wall clock, so even a series' first instance that spans the change ends an
#   hour off its own DTEND (Event.getOccurrenceDetails: end.addDuration(this.duration));
#   recurring-ical-events moves a DTEND in another zone (a travel leg) onto the start's
#   wall clock (ComponentAdapter.span / make_comparable), so a leg that starts just
#   before its origin changes offset ends an hour off. The starts stay compared.
# - For the same reason, no end of a series is compared when its first instance spans a
#   change of offset (its wall-clock length differs from its exact one) or lies within two
#   hours of one: ical.js gives every instance the exact length, recurring-ical-events and
#   the ical package the wall-clock length, and RFC 5545 the exact one; a DTEND in UTC
#   (naming the first or second 01:30 of a fall-back night) is read differently again.
# - ical.js reads a local time in a repeated hour (a fall-back night) as its second
#   occurrence, where RFC 5545 (3.3.5) says the first: Timezone.utcOffset prefers
#   standard time ("let want_daylight = false; // TODO" in ical.js 2.2.1). Occurrences
#   in a repeated hour of their zones are left out of ical.js's comparisons.
# - recurring-ical-events loses the fold of a time in a repeated hour: a UTC DTSTART
#   (the way to name the second 02:30 that every client reads) that x-wr-timezone turns
#   into the X-WR-TIMEZONE zone, fold=1 kept, comes out of recurring_ical_events.of(...)
#   as the first 02:30, an hour early. Occurrences in a repeated hour of the calendar's
#   X-WR-TIMEZONE zone are left out of its comparisons.
# Every other client still compares what one client is left out of, and the service is
# compared with each client.

NEAR_CHANGE = timedelta(hours=2)


@dataclass(frozen=True, slots=True)
class FeedFacts:
    """What the comparison needs to know of the feed itself."""

    zones: dict[str, frozenset[str]]  # each UID's zones: the TZIDs of DTSTART and DTEND of its VEVENTs
    spanning: frozenset[str]  # the series whose first instance spans or touches a change of offset
    calendar_zone: str | None  # X-WR-TIMEZONE

    def zones_of(self, seen: Seen) -> frozenset[str]:
        """The zones of the occurrence's event."""
        return self.zones.get(seen.uid, frozenset())


@lru_cache(maxsize=4)
def feed_facts(ics: bytes) -> FeedFacts:
    """The zones, the series spanning a change of offset and the X-WR-TIMEZONE of a feed."""
    calendar = icalendar.Calendar.from_ical(ics)
    zones: dict[str, set[str]] = {}
    spanning = set()
    for component in calendar.walk("VEVENT"):
        uid = str(component["UID"])
        for name in ("DTSTART", "DTEND"):
            value = component.get(name)
            tzid = value.params.get("TZID") if value is not None else None
            if tzid:
                zones.setdefault(uid, set()).add(str(tzid))
    zones = {uid: frozenset(found) for uid, found in zones.items()}
    for component in calendar.walk("VEVENT"):
        uid = str(component["UID"])
        if ("RRULE" in component or "RDATE" in component) and _spans_a_change(component, zones.get(uid, frozenset())):
            spanning.add(uid)
    calendar_zone = calendar.get("X-WR-TIMEZONE")
    return FeedFacts(zones, frozenset(spanning), str(calendar_zone) if calendar_zone else None)


def _spans_a_change(component, zones: frozenset[str]) -> bool:
    """Whether the VEVENT itself (a series' first instance) lies next to a change of offset of its zones,
    or its wall-clock length (in its start's zone) differs from its exact length."""
    start, end = component.start, component.end
    if not isinstance(start, datetime) or start.tzinfo is None or end.tzinfo is None:
        return False
    wall = end.astimezone(start.tzinfo).replace(tzinfo=None) - start.replace(tzinfo=None)
    if wall != end.astimezone(UTC) - start.astimezone(UTC):  # aware values in one zone subtract as wall clocks
        return True
    return near_change(Seen("", "", utc_text(start), utc_text(end), False), zones)


def _zone(tzid: str) -> ZoneInfo | None:
    try:
        return ZoneInfo(tzid)
    except (ValueError, KeyError, OSError):
        return None  # a zone only the feed defines: nothing is left out for it


def near_change(seen: Seen, zones: frozenset[str]) -> bool:
    """Whether one of the zones changes offset within two hours of the timed occurrence.

    >>> berlin = frozenset({"Europe/Berlin"})
    >>> near_change(Seen("u", "", "2024-03-31T02:30:00Z", "2024-03-31T03:00:00Z", False), berlin)
    True
    >>> near_change(Seen("u", "", "2024-03-31T04:00:00Z", "2024-03-31T05:00:00Z", False), berlin)
    False
    """
    if len(seen.start) == 10:
        return False
    before, after = _instant(seen.start) - NEAR_CHANGE, _instant(seen.end) + NEAR_CHANGE
    return any(
        tz is not None and before.astimezone(tz).utcoffset() != after.astimezone(tz).utcoffset()
        for tz in map(_zone, zones)
    )


def in_repeated_hour(seen: Seen, zones: frozenset[str]) -> bool:
    """Whether the timed occurrence starts at a local time that one of the zones shows twice.

    >>> berlin = frozenset({"Europe/Berlin"})
    >>> [in_repeated_hour(Seen("u", "", start, start, False), berlin) for start in (
    ...     "2023-10-29T00:30:00Z", "2023-10-29T01:30:00Z", "2023-10-29T02:30:00Z")]
    [True, True, False]
    """
    if len(seen.start) == 10:
        return False
    at = _instant(seen.start)
    for tz in filter(None, map(_zone, zones)):
        wall = at.astimezone(tz).replace(tzinfo=None)
        if wall.replace(tzinfo=tz, fold=0).utcoffset() != wall.replace(tzinfo=tz, fold=1).utcoffset():
            return True
    return False


# Readings each client is left out of (see above), asked of every side of a comparison with it.
ABSTAINS = {
    "ical.js": lambda seen, facts: in_repeated_hour(seen, facts.zones_of(seen)),
    "recurring-ical-events": lambda seen, facts: (
        bool(facts.calendar_zone) and in_repeated_hour(seen, frozenset({facts.calendar_zone}))
    ),
}


def comparable(seen: Seen, facts: FeedFacts) -> Seen:
    """The occurrence as compared: no end next to a change of offset, nor for a series spanning one."""
    if len(seen.start) != 10 and (near_change(seen, facts.zones_of(seen)) or seen.uid in facts.spanning):
        return Seen(seen.uid, seen.rid, seen.start, "(end not compared)", seen.cancelled)
    return seen


def disagreements(ics: bytes, lists: dict[str, list[Seen]], service: list[Seen]) -> str:
    """Empty when every client and the service list the same occurrences of ``ics``; else each difference.

    The first client is the reference: the others are compared with it on everything
    (UID, RECURRENCE-ID, start, end, cancelled). The service, which does not name
    occurrences, is compared with each client on everything but the RECURRENCE-ID.
    All as :func:`comparable`, without the readings of :data:`ABSTAINS`.
    """
    facts = feed_facts(ics)

    def kept(found: list[Seen], *names: str) -> Counter:
        left_out = [ABSTAINS[name] for name in names if name in ABSTAINS]
        return Counter(
            comparable(seen, facts) for seen in found if not any(abstains(seen, facts) for abstains in left_out)
        )

    lines = []
    names = list(lists)
    reference = names[0]
    for name in names[1:]:
        here, there = kept(lists[name], name, reference), kept(lists[reference], name, reference)
        lines += [f"  {reference} lists {_show(seen)}; {name} does not" for seen in sorted((there - here).elements())]
        lines += [f"  {name} lists {_show(seen)}; {reference} does not" for seen in sorted((here - there).elements())]
    for name in names:
        theirs, ours = Counter(), Counter()
        for seen, count in kept(lists[name], name).items():
            theirs[_times(seen)] += count
        for seen, count in kept(service, name).items():
            ours[_times(seen)] += count
        lines += [f"  {name} lists {_show(seen)}; the service does not" for seen in sorted((theirs - ours).elements())]
        lines += [f"  the service lists {_show(seen)}; {name} does not" for seen in sorted((ours - theirs).elements())]
    return "\n".join(lines)


def _times(seen: Seen) -> Seen:
    return Seen(seen.uid, "", seen.start, seen.end, seen.cancelled)


def _show(seen: Seen) -> str:
    rid = f" RECURRENCE-ID {seen.rid}" if seen.rid else ""
    flag = " (cancelled)" if seen.cancelled else ""
    return f"{seen.uid}{rid}: {seen.start} to {seen.end}{flag}"
