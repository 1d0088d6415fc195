"""Recurrence rules: checked and expanded with dateutil, always within a cap.

A rule may have neither COUNT nor UNTIL; that is allowed, because every
expansion here stops at a window's end, at :data:`MAX_OCCURRENCES` and at the
end of :data:`~itinerary.model.MAX_YEAR`. The last bound matters for rules whose
occurrences are rare or absent (``FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30``): dateutil
would otherwise step day by day up to the year 9999 looking for the next one.
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from itertools import islice
from zoneinfo import ZoneInfo

from dateutil.rrule import rrule, rrulestr

from itinerary.errors import InvalidRecurrence, Message
from itinerary.model import MAX_YEAR, AllDay, Timed, Timing, is_repeated, occurrence_key, original_start

MAX_OCCURRENCES = 1000
MAX_RULE_LENGTH = 500
MAX_COUNT = 10_000
MAX_INTERVAL = 1_000
# Parts that repeat an event several times a day, which FREQ (DAILY at the finest) is meant to rule out.
_SUB_DAILY = ("BYHOUR", "BYMINUTE", "BYSECOND")
# Parts that may filter out every day or week for ever (FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30): dateutil then steps
# day by day up to the year 9999 before it gives up, seconds of work; yearly and monthly steps cost far less.
_YEARLY_ONLY = ("BYYEARDAY", "BYWEEKNO")
_NOT_DAILY_OR_WEEKLY = ("BYMONTHDAY", "BYSETPOS", *_YEARLY_ONLY)
_RULE_RE = re.compile(r"^[A-Z0-9=;,+\-]+$")
_FREQUENCIES = {"YEARLY", "MONTHLY", "WEEKLY", "DAILY"}


def normalize(text: str) -> str:
    """The rule in canonical case without an ``RRULE:`` prefix; empty for none.

    >>> normalize(" rrule:freq=daily;count=3 ")
    'FREQ=DAILY;COUNT=3'
    """
    text = (text or "").strip().upper()
    return text.removeprefix("RRULE:").strip()


def parse(text: str, timing: Timing) -> rrule | None:
    """The dateutil rule for ``text`` anchored at the event's start, or None without one."""
    text = normalize(text)
    if not text:
        return None
    if len(text) > MAX_RULE_LENGTH or not _RULE_RE.match(text):
        raise InvalidRecurrence("rrule", Message("write one RRULE value such as FREQ=DAILY;COUNT=3"))
    parts = dict(part.partition("=")[::2] for part in text.split(";"))
    if parts.get("FREQ") not in _FREQUENCIES:
        raise InvalidRecurrence("rrule", Message("FREQ must be one of DAILY, WEEKLY, MONTHLY or YEARLY"))
    if "COUNT" in parts and "UNTIL" in parts:
        raise InvalidRecurrence("rrule", Message("give COUNT or UNTIL, not both"))
    for name in _SUB_DAILY:
        if name in parts:
            raise InvalidRecurrence(
                "rrule", Message("%(name)s is not supported: an event repeats at most once a day", name=name)
            )
    for name in _NOT_DAILY_OR_WEEKLY if parts["FREQ"] in {"DAILY", "WEEKLY"} else ():
        if name in parts:
            raise InvalidRecurrence("rrule", Message("%(name)s needs FREQ=MONTHLY or YEARLY", name=name))
    for name in _YEARLY_ONLY if parts["FREQ"] == "MONTHLY" else ():
        if name in parts:
            raise InvalidRecurrence("rrule", Message("%(name)s needs FREQ=YEARLY", name=name))
    for name, most in (("COUNT", MAX_COUNT), ("INTERVAL", MAX_INTERVAL)):
        if re.fullmatch(r"[+-]?[0-9]+", parts.get(name, "")) and not 1 <= int(parts[name]) <= most:
            raise InvalidRecurrence(
                "rrule", Message("%(name)s must be a whole number from 1 to %(most)s", name=name, most=most)
            )
    try:
        rule = rrulestr(text, dtstart=_anchor(timing), ignoretz=False)
    except (ValueError, TypeError, KeyError) as error:
        raise InvalidRecurrence("rrule", Message("does not parse: %(error)s", error=str(error))) from None
    if not isinstance(rule, rrule):
        raise InvalidRecurrence("rrule", Message("write a single rule"))
    if next(starts(rule), None) is None:
        raise InvalidRecurrence("rrule", Message("produces no occurrence before the end of %(year)s", year=MAX_YEAR))
    return rule


def with_local_until(text: str, timing: Timing) -> str:
    """The rule with a date-only UNTIL of a timed series made the UTC end of that day in the event's zone.

    RFC 5545 (3.3.10) wants UNTIL as a UTC time when the start has a zone; an editor
    (and the form's "until a date") names the last day. The series then runs through
    that day as the event's own zone counts it.

    >>> from itinerary.model import Timed
    >>> timing = Timed.of(datetime(2018, 6, 8, 7), datetime(2018, 6, 8, 8), "Asia/Shanghai")
    >>> with_local_until("FREQ=DAILY;UNTIL=20180610", timing)
    'FREQ=DAILY;UNTIL=20180610T155959Z'
    """
    text = normalize(text)
    if not isinstance(timing, Timed) or not re.search(r"(^|;)UNTIL=\d{8}(;|$)", text):
        return text
    parts = text.split(";")
    for number, part in enumerate(parts):
        if re.fullmatch(r"UNTIL=\d{8}", part):
            try:
                day = datetime.strptime(part[6:], "%Y%m%d")
                end = day.replace(hour=23, minute=59, second=59, tzinfo=timing.start.tzinfo).astimezone(UTC)
            except (ValueError, OverflowError):
                return text  # parse() says what is wrong with it
            parts[number] = f"UNTIL={end:%Y%m%dT%H%M%SZ}"
    return ";".join(parts)


def starts(rule: rrule) -> Iterator[datetime]:
    """The rule's occurrence starts in order, COUNT applied, none after the end of :data:`MAX_YEAR`.

    The horizon is given to dateutil as UNTIL, so that its own search for the
    next occurrence stops there too (COUNT is applied here, since dateutil
    refuses both at once).
    """
    start = rule._dtstart  # dateutil keeps these without public accessors
    horizon = datetime(MAX_YEAR, 12, 31, 23, 59, 59, tzinfo=UTC if start.tzinfo else None)
    until = rule._until if rule._until is not None and rule._until < horizon else horizon
    bounded = rule.replace(count=None, until=until)
    return islice(bounded, rule._count) if rule._count else iter(bounded)


def _anchor(timing: Timing) -> datetime:
    # dateutil steps on wall-clock fields, so an aware start keeps 09:00 at 09:00
    # across a DST change; all-day rules step on naive midnights.
    if isinstance(timing, Timed):
        return timing.start
    return datetime.combine(timing.first, datetime.min.time())


def occurrences(
    timing: Timing,
    rule_text: str = "",
    exdates: tuple[date | datetime, ...] = (),
    *,
    rdates: tuple[date | datetime, ...] = (),
    since: datetime | None = None,
    until: datetime | None = None,
    limit: int = MAX_OCCURRENCES,
) -> Iterator[Timing]:
    """Each occurrence's timing that overlaps [since, until), in order, at most ``limit``.

    Without a rule or extra dates (``rdates``, RDATE) the event itself is the one
    occurrence. With extra dates, they join the rule's starts (or the event's own
    start when there is no rule), as RFC 5545 (3.8.5.2) says. Occurrences whose
    start is in ``exdates`` are left out.
    """
    rule = parse(rule_text, timing)
    if rule is None and not rdates:
        if _overlaps(timing, since, until):
            yield timing
        return
    excluded = {occurrence_key(value) for value in exdates}
    produced = 0
    for start in series_starts(timing, rule, rdates):
        occurrence = _shift(timing, start)
        begin, _ = occurrence.instants()
        if until is not None and begin >= until:
            return
        if _key(occurrence) in excluded or not _overlaps(occurrence, since, until):
            continue
        yield occurrence
        produced += 1
        if produced >= limit:
            return


def series_starts(timing: Timing, rule: rrule | None, rdates: Iterable[date | datetime] = ()) -> Iterator[datetime]:
    """The starts of a series in order, each once: the rule's (or the event's own start) and the extra dates.

    Starts are aware datetimes in the event's zone for a timed event, naive
    midnights for an all-day one (as :func:`parse` anchors the rule).
    """
    first = starts(rule) if rule is not None else iter([_anchor(timing)])
    extra = sorted({_rdate_start(value, timing) for value in rdates}, key=_sort_key)
    previous = None
    for start in heapq.merge(first, extra, key=_sort_key):
        key = _sort_key(start)
        if key != previous:
            previous = key
            yield start


def _sort_key(start: datetime) -> datetime:
    return start.astimezone(UTC) if start.tzinfo is not None else start


def _rdate_start(value: date | datetime, timing: Timing) -> datetime:
    """An extra date as a series start: a date takes the event's time of day, an instant its zone."""
    if isinstance(timing, AllDay):
        day = value.date() if isinstance(value, datetime) else value
        return datetime.combine(day, datetime.min.time())
    zone = timing.start.tzinfo
    if not isinstance(value, datetime):
        return datetime.combine(value, timing.start.time(), zone)
    if value.tzinfo is None:
        return value.replace(tzinfo=zone)
    return value.astimezone(zone)


def occurrence_at(
    timing: Timing, rule_text: str, recurrence_id: date | datetime, rdates: tuple[date | datetime, ...] = ()
) -> Timing | None:
    """The occurrence that starts at ``recurrence_id`` in the series, or None if the series has none there."""
    rule = parse(rule_text, timing)
    if rule is None and not rdates:
        return None
    if isinstance(timing, AllDay):
        if isinstance(recurrence_id, datetime):
            return None
        anchor = datetime.combine(recurrence_id, datetime.min.time())
        for start in series_starts(timing, rule, rdates):
            if start >= anchor:
                return _shift(timing, start) if start == anchor else None
        return None
    if not isinstance(recurrence_id, datetime):
        return None
    anchor = recurrence_id.astimezone(UTC)  # instants: a skipped 02:30 is the 03:30 it becomes
    for start in series_starts(timing, rule, rdates):
        occurrence = _shift(timing, start)
        begin = occurrence.start.astimezone(UTC)
        if begin >= anchor:
            return occurrence if begin == anchor else None
    return None


def _shift(timing: Timing, start: datetime) -> Timing:
    if isinstance(timing, AllDay):
        first = start.date()
        return AllDay(first, first + (timing.last - timing.first), timing.timezone)
    # dateutil steps on wall-clock fields, so a 09:00 briefing stays at 09:00 across a DST change. Where that wall
    # clock time does not exist or happens twice, RFC 5545 (3.3.5) reads it with the offset before the change:
    # a skipped 02:30 is 03:30 summer time, a repeated 02:30 the first one; zoneinfo reads fold 0 just so. Every
    # occurrence lasts as long as the first (the "exact duration" of 3.8.5.3), so none shrinks to nothing in the
    # skipped hour or grows by the repeated one.
    begin = start.replace(fold=0).astimezone(UTC)
    end = (begin + timing.duration).astimezone(timing.end.tzinfo)
    return Timed(begin.astimezone(timing.start.tzinfo), end)


def as_written(timing: Timing, value: date | datetime) -> date | datetime:
    """An occurrence's original start as the rule writes it, for RECURRENCE-ID and EXDATE.

    That is the series' wall-clock time of day even where the clocks skip it
    (02:30, not the 03:30 it becomes), so that every client matches it with the
    occurrence it expands from the rule by its own reading of such a time.
    """
    if not isinstance(timing, Timed) or not isinstance(value, datetime):
        return value
    tz = timing.start.tzinfo
    local = value.astimezone(tz)
    clock = timing.start.time().replace(fold=0)
    for day in (local.date(), local.date() - timedelta(days=1)):
        written = datetime.combine(day, clock, tz)
        if written.astimezone(UTC) == local.astimezone(UTC):
            return written
    return local


def unclear(
    timing: Timing, rule_text: str, exdates: tuple[date | datetime, ...] = (), *, limit: int = MAX_OCCURRENCES
) -> Iterator[tuple[datetime, Timed]]:
    """The occurrences that calendar clients cannot all read from the rule as they happen.

    Each comes as (its start as the rule writes it, the occurrence as
    :func:`occurrences` gives it). These are the ones whose start the clocks
    skip or repeat, whose end they repeat, or that a change of the clocks cuts
    through: clients differ there (ical.js reads a repeated time as the second,
    Python clients add the length on the wall clock), so a feed spells them out.
    """
    if not isinstance(timing, Timed) or all(
        _steady(value.tzinfo.key, timing.start.year) for value in (timing.start, timing.end)
    ):
        return
    rule = parse(rule_text, timing)
    if rule is None:
        return
    excluded = {occurrence_key(value) for value in exdates}
    tz = timing.start.tzinfo
    length = timing.duration
    one_zone = timing.end.tzinfo is tz
    for start in islice(starts(rule), limit):
        # Most occurrences are nowhere near a change of the clocks: the start zone's offset is the same at either
        # reading of the start and of the end, so there is nothing to spell out (for a leg into another zone, its
        # end must not be a repeated time there either).
        later = start + length
        offset = start.utcoffset()
        if offset == start.replace(fold=1).utcoffset() == later.utcoffset() == later.replace(fold=1).utcoffset() and (
            one_zone or not is_repeated((start.astimezone(UTC) + length).astimezone(timing.end.tzinfo))
        ):
            continue
        occurrence = _shift(timing, start)
        if _key(occurrence) in excluded:
            continue
        begin, end = occurrence.start, occurrence.end
        if (
            begin.replace(tzinfo=None) != start.replace(tzinfo=None)  # skipped: 02:30 became 03:30
            or is_repeated(begin)
            or is_repeated(end)
            or begin.utcoffset() != end.astimezone(tz).utcoffset()  # the clocks change during it
        ):
            yield start.replace(fold=0), occurrence


def _steady(zone_name: str, year: int) -> bool:
    """Whether the zone keeps one UTC offset from the start of ``year`` to the end of :data:`MAX_YEAR`.

    >>> _steady("Asia/Shanghai", 2018), _steady("Europe/Berlin", 2018), _steady("Europe/Moscow", 2014)
    (True, False, False)
    """
    return _last_change(zone_name) + timedelta(days=7) < datetime(year, 1, 1, tzinfo=UTC)


@lru_cache(maxsize=256)
def _last_change(zone_name: str) -> datetime:
    """When the zone last changed its UTC offset before the end of :data:`MAX_YEAR`, up to a week early.

    Read a week at a time, backwards: no zone has changed its clocks for less than a week and back.
    """
    tz = ZoneInfo(zone_name)
    moment = datetime(MAX_YEAR, 12, 31, tzinfo=UTC)
    offset = moment.astimezone(tz).utcoffset()
    week = timedelta(days=7)
    while moment.year > 1800:
        moment -= week
        if moment.astimezone(tz).utcoffset() != offset:
            return moment
    return moment


def _key(timing: Timing) -> date | datetime:
    return occurrence_key(original_start(timing))


def _overlaps(timing: Timing, since: datetime | None, until: datetime | None) -> bool:
    begin, end = timing.instants()
    return (since is None or end > since) and (until is None or begin < until)


_DAY_NAMES = {
    "MO": "Monday",
    "TU": "Tuesday",
    "WE": "Wednesday",
    "TH": "Thursday",
    "FR": "Friday",
    "SA": "Saturday",
    "SU": "Sunday",
}
_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR")
_UNITS = {"DAILY": "day", "WEEKLY": "week", "MONTHLY": "month", "YEARLY": "year"}
_ORDINALS = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth", -1: "last", -2: "second to last"}
# English month names as the domain writes them (never the process's locale's, as strptime's %B would be).
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def _listed(items: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _ordinal(number: int) -> str:
    """``first``, ``last``; beyond the words, ``7th``, ``23rd``."""
    if number in _ORDINALS:
        return _ORDINALS[number]
    suffix = "th" if 10 <= abs(number) % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(abs(number) % 10, "th")
    return f"{abs(number)}{suffix}" + (" from the end" if number < 0 else "")


def _day_of_month(number: int) -> str:
    """``the 15th``, ``the 1st``, ``the last day``."""
    if number == -1:
        return "the last day"
    if number < 0:
        return f"the {_ordinal(number)} day"
    return f"the {_ordinal(number) if number > 5 else _numbered(number)}"


def _numbered(number: int) -> str:
    return f"{number}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(number, 'th') }"


def _weekdays(value: str) -> tuple[str, list[str]]:
    """The plain weekdays of a BYDAY value (``MO``) and the numbered ones in words (``1MO``: first Monday)."""
    plain, numbered = [], []
    for item in value.split(","):
        code, number = item[-2:], item[:-2]
        if number.lstrip("+-").isdigit():
            numbered.append(f"the {_ordinal(int(number))} {_DAY_NAMES.get(code, code)}")
        else:
            plain.append(code)
    return plain, numbered


def until_day(value: str, timezone: str | None) -> date | None:
    """The date an UNTIL value falls on in ``timezone``; None when it is not a date.

    >>> until_day("20180610T155959Z", "Asia/Shanghai")
    datetime.date(2018, 6, 10)
    """
    try:
        if "T" in value:
            moment = datetime.strptime(value.rstrip("Z"), "%Y%m%dT%H%M%S")
            if value.endswith("Z"):
                moment = moment.replace(tzinfo=UTC).astimezone(ZoneInfo(timezone or "UTC"))
            return moment.date()
        return datetime.strptime(value, "%Y%m%d").date()
    except (ValueError, KeyError):
        return None


def _until(value: str, timezone: str | None, year: int | None) -> str:
    """An UNTIL value as the date it falls on in ``timezone``: ``10 June``, with the year unless it is ``year``."""
    day = until_day(value, timezone)
    if day is None:
        return "a given date"
    return f"{day.day} {MONTHS[day.month - 1]}" + ("" if day.year == year else f" {day.year}")


def describe(text: str, timezone: str | None = None, *, year: int | None = None) -> str:
    """The rule in words for a reader, never its syntax; an UNTIL is named by its date in ``timezone``.

    The year of the end is left out when it is ``year`` (the year the event starts).

    >>> describe("FREQ=DAILY;UNTIL=20180610T155959Z", "Asia/Shanghai", year=2018)
    'every day until 10 June'
    >>> describe("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;COUNT=3")
    'every weekday, 3 times'
    >>> describe("FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE")
    'every 2 weeks on Monday and Wednesday'
    >>> describe("FREQ=MONTHLY;BYDAY=-1FR")
    'every month on the last Friday'
    """
    text = normalize(text)
    if not text:
        return ""
    parts = dict(part.partition("=")[::2] for part in text.split(";"))
    unit = _UNITS.get(parts.get("FREQ", ""), "time")
    interval = int(parts["INTERVAL"]) if parts.get("INTERVAL", "").isdigit() and int(parts["INTERVAL"]) > 0 else 1
    plain, numbered = _weekdays(parts["BYDAY"]) if parts.get("BYDAY") else ([], [])
    every = f"every {unit}" if interval == 1 else f"every {interval} {unit}s"
    weekdays = sorted(plain, key=list(_DAY_NAMES).index) == list(_WEEKDAYS)
    if weekdays and unit in {"day", "week"} and not numbered and "BYSETPOS" not in parts:
        words = "every weekday" if interval == 1 else f"{every} on weekdays"
    else:
        words = every
        on = []
        if "BYSETPOS" in parts and plain:
            positions = [_ordinal(int(p)) for p in parts["BYSETPOS"].split(",") if p.lstrip("+-").isdigit()]
            kind = "weekday" if weekdays else "of " + _listed([_DAY_NAMES.get(d, d) for d in plain])
            on.append(f"the {_listed(positions)} {kind}")
        elif plain:
            on.append(_listed([_DAY_NAMES.get(d, d) for d in plain]))
        on.extend(numbered)
        if parts.get("BYMONTHDAY"):
            days = [int(d) for d in parts["BYMONTHDAY"].split(",") if d.lstrip("+-").isdigit()]
            on.extend(_day_of_month(d) for d in days)
        if parts.get("BYYEARDAY"):
            on.extend(f"day {d} of the year" for d in parts["BYYEARDAY"].split(","))
        if on:
            words += " on " + _listed(on)
        if parts.get("BYWEEKNO"):
            words += " in week " + _listed(parts["BYWEEKNO"].split(","))
        if parts.get("BYMONTH"):
            months = [MONTHS[int(m) - 1] for m in parts["BYMONTH"].split(",") if m.isdigit() and 1 <= int(m) <= 12]
            if months:
                words += " in " + _listed(months)
    if parts.get("COUNT", "").isdigit():
        count = int(parts["COUNT"])
        words += ", once" if count == 1 else f", {count} times"
    if parts.get("UNTIL"):
        words += " until " + _until(parts["UNTIL"], timezone, year)
    return words
