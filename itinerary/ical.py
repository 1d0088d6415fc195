"""iCalendar export and import, built with the ``icalendar`` library throughout.

This is the only module that speaks RFC 5545 (SUMMARY, DTSTART, VTIMEZONE...);
the rest of the domain says title, start and zone.

Fields the RFC has no property for travel as ``X-ITINERARY-*`` properties, so
that our own export imports back without loss; other producers' files work
without them.
"""

from __future__ import annotations

import dataclasses
import io
import re
from array import array
from calendar import monthrange
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from urllib.parse import quote, unquote
from zoneinfo import ZoneInfo

import icalendar
from icalendar.parser import Contentline
from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

from itinerary import recurrence
from itinerary.errors import InvalidEvent, InvalidInput
from itinerary.model import (
    MAX_NAME,
    MAX_YEAR,
    MIN_YEAR,
    UID_RE,
    AllDay,
    Event,
    Format,
    Itinerary,
    Kind,
    Outcome,
    Override,
    Participant,
    Status,
    Timed,
    Venue,
    Visibility,
    _zone_names,
    is_repeated,
)

PRODID = "-//Itinerary//Itinerary scheduling service 1.0//EN"
DEFAULT_UID_DOMAIN = "itinerary.invalid"
# What the parser and the values it makes raise on malformed input: a hostile
# file can reach any of them, and each becomes a refusal with its message.
_PARSER_ERRORS = (ValueError, KeyError, IndexError, TypeError, AttributeError, OverflowError)
MAX_IMPORT_BYTES = 2 * 1024 * 1024
MAX_IMPORT_EVENTS = 2000
_X = "X-ITINERARY-"
# X- properties are TEXT by default (RFC 5545, 3.8.8.2); saying so makes parsers unescape them.
_TEXT = {"VALUE": "TEXT"}
_STATUS = {
    Status.CONFIRMED: icalendar.STATUS.CONFIRMED,
    Status.TENTATIVE: icalendar.STATUS.TENTATIVE,
    Status.CANCELLED: icalendar.STATUS.CANCELLED,
}


class InvalidCalendar(InvalidInput):
    """An uploaded file that cannot be imported; nothing of it was stored."""

    def __init__(self, message: str):
        super().__init__("file", message)


@dataclass(frozen=True, slots=True)
class FeedSettings:
    """What a feed needs besides the events: where it lives and how often to poll it."""

    uid_domain: str = DEFAULT_UID_DOMAIN
    base_url: str = "http://127.0.0.1:8000"
    ttl: timedelta = timedelta(hours=1)


def full_uid(uid: str, settings: FeedSettings, *, foreign: bool = False) -> str:
    """The UID as the feed carries it: ours get ``@domain``, another calendar's stays exactly as written.

    >>> settings = FeedSettings(uid_domain="example.org")
    >>> full_uid("cn2018-press", settings), full_uid("040000008200E001", settings, foreign=True)
    ('cn2018-press@example.org', '040000008200E001')
    """
    return uid if foreign or "@" in uid else f"{uid}@{settings.uid_domain}"


# Characters of a UID that stay as they are in a link's path; the rest is percent-encoded.
_UID_SAFE = "@-._~!$&'()*+,;=:"


def event_url(event: Event, settings: FeedSettings) -> str:
    """The address of the event's page, its UID percent-encoded (a foreign UID may hold any character)."""
    uid = quote(event.uid, safe=_UID_SAFE)
    return f"{settings.base_url.rstrip('/')}/itineraries/{event.itinerary}/events/{uid}"


def details(event: Event) -> str:
    """The readable lines appended to the description: format, places, participants, outcomes, link."""
    lines = []
    if event.format is not Format.NONE:
        lines.append(f"Format: {event.format.label}")
    if event.destination is not None and event.venue is not None:
        lines.append(f"From: {event.venue.place}")
        lines.append(f"To: {event.destination.place}")
    if event.participants:
        lines.append("Participants: " + "; ".join(str(p) for p in event.participants))
    if event.outcomes:
        lines.append("Outcomes: " + "; ".join(str(o) for o in event.outcomes))
    if event.url:
        lines.append(f"More: {event.url}")
    return "\n".join(lines)


def _description(event: Event) -> str:
    extra = details(event)
    if event.description and extra:
        return f"{event.description}\n\n{extra}"
    return event.description or extra


def event_component(event: Event, *, now: datetime, settings: FeedSettings) -> icalendar.Event:
    """One VEVENT for an event, stamped ``now``."""
    timing = event.timing
    if isinstance(timing, AllDay):
        start, end = timing.first, timing.last + timedelta(days=1)  # DTEND of a date range is exclusive
    else:
        start, end = timing.start, timing.end
    # Each occurrence of a series lasts as long as the first really did (RFC 5545, 3.8.5.3), but clients add
    # DTEND - DTSTART on the wall clock, an hour out when the clocks change during the first (whose wall-clock
    # end may even come before its start); a DURATION in hours and minutes is exact (3.3.6) to every client.
    # The first occurrence itself is spelled out (recurrence.unclear).
    exact = bool(event.rrule) and _clocks_change_during(timing)
    component = icalendar.Event.new(
        uid=full_uid(event.uid, settings, foreign=event.foreign_uid),
        summary=event.title,
        start=_unambiguous(start, event.rrule),
        end=None if exact else _unambiguous(end, event.rrule),
        stamp=now.astimezone(UTC),
        created=event.created.astimezone(UTC) if event.created else None,
        last_modified=event.updated.astimezone(UTC) if event.updated else None,
        sequence=event.sequence,
        description=_description(event) or None,
        location=_location(event),
        categories=[event.kind.label, *event.categories],
        status=_STATUS[event.status],
        classification=icalendar.CLASS.CONFIDENTIAL if event.restricted else icalendar.CLASS.PUBLIC,
        url=event_url(event, settings),
    )
    for name, value in (("DTSTART", start), ("DTEND", end)):
        if name in component and _unambiguous(value, event.rrule) is not value:
            component[name].params[_X + "TZID"] = value.tzinfo.key
    if exact:
        component.add("duration", timing.duration)
    if event.venue is not None and event.venue.latitude is not None:
        component.add("geo", (event.venue.latitude, event.venue.longitude))
    if event.parent:
        component.add("related-to", full_uid(event.parent, settings), parameters={"RELTYPE": "PARENT"})
    if event.rrule:
        component.add("rrule", icalendar.vRecur.from_ical(event.rrule))
    # Mozilla ical.js and the ical package leave DTSTART out of a series that has RDATEs but no RRULE, though
    # RFC 5545 (3.8.5.2) counts it; repeated as the first RDATE (an instance given twice counts once), every
    # client lists it. The domain never stores the start among the extra dates (services._series).
    for value in (start, *event.rdates) if event.rdates and not event.rrule else event.rdates:
        # One value per line: Mozilla's ical.js reads only the first value of a list.
        component.add("rdate", value)
    if event.recurring and event.exdates:
        component.add("exdate", [recurrence.as_written(timing, value) for value in event.exdates])
    _add_extensions(component, event)
    _exact_text(component)
    return component


def _clocks_change_during(timing) -> bool:
    """Whether a timed span's length on the wall clock differs from its real length (under a day, in one zone)."""
    return (
        isinstance(timing, Timed)
        and timing.end_timezone == timing.timezone
        and timing.duration < timedelta(days=1)
        and timing.end.replace(tzinfo=None) - timing.start.replace(tzinfo=None) != timing.duration
    )


def _unambiguous(value: date | datetime, rule: str) -> date | datetime:
    """A time in the repeated hour (the clocks go back) in UTC, so that every client reads the stored instant.

    RFC 5545 (3.3.5) reads such a local time as the first of the two, Mozilla
    ical.js as the second; a UTC time means one instant to all. Its zone goes
    into ``X-ITINERARY-TZID``, so that our import restores it. A series' start
    stays local (its rule repeats the wall-clock time); its occurrences in such
    an hour are spelled out (see :func:`event_components`).
    """
    if rule or not isinstance(value, datetime) or not is_repeated(value):
        return value
    return value.astimezone(UTC)


class _Text(icalendar.vText):
    r"""TEXT escaped as RFC 5545 (3.3.11) says, every character kept.

    The library's escaping first turns a backslash before a capital N in the
    text (``C:\New``) into a line break, taking it for an escaped one; here
    the backslash is escaped like any other. CRLF and CR become LF, as there.

    >>> _Text("C:\\New; a,b\r\nc\rd").to_ical()
    b'C:\\\\New\\; a\\,b\\nc\\nd'
    """

    def to_ical(self) -> bytes:
        text = str(self).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
        return text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n").encode(self.encoding)


def _exact_text(component: icalendar.Component) -> None:
    """Every TEXT value of ``component``'s own properties (CATEGORIES included) escaped by :class:`_Text`."""
    for name, value in list(component.items()):
        if isinstance(value, list):
            component[name] = [_exactly(item) for item in value]
        else:
            component[name] = _exactly(value)


def _exactly(value):
    # Only a backslash before N is escaped differently by the library; other values are left as they are.
    if type(value) is icalendar.vText and "\\N" in value:
        return _Text(str(value), params=value.params)
    if isinstance(value, icalendar.vCategory) and any("\\N" in item for item in value.cats):
        value.cats = [_Text(str(item)) for item in value.cats]
    return value


def event_components(event: Event, *, now: datetime, settings: FeedSettings) -> list[icalendar.Event]:
    """The VEVENT of an event, then one VEVENT with RECURRENCE-ID for each changed occurrence.

    Occurrences that clients read differently from the rule alone (in an hour
    the clocks skip or repeat, see :func:`recurrence.unclear`) also get their
    own VEVENT, with the times they take place, so every client shows them alike.
    """
    components = [event_component(event, now=now, settings=settings)]
    changed = {override.key for override in event.overrides}
    for written, occurrence in recurrence.unclear(event.timing, event.rrule, event.exdates):
        if occurrence.start.astimezone(UTC) in changed:
            continue
        plain = dataclasses.replace(event, timing=occurrence, rrule="", exdates=(), rdates=(), overrides=())
        component = event_component(plain, now=now, settings=settings)
        component.add("recurrence-id", written)
        components.append(component)
    for override in event.overrides:
        original = recurrence.occurrence_at(event.timing, event.rrule, override.recurrence_id, event.rdates)
        changed_event = dataclasses.replace(
            event,
            title=override.title or event.title,
            status=override.status or event.status,
            timing=override.timing or original,
            rrule="",
            exdates=(),
            rdates=(),
            overrides=(),
        )
        component = event_component(changed_event, now=now, settings=settings)
        component.add("recurrence-id", recurrence.as_written(event.timing, override.recurrence_id))
        components.append(component)
    return components


def _location(event: Event) -> str | None:
    if event.venue is None:
        return None
    if event.destination is not None:
        return f"{event.venue.place} → {event.destination.place}"
    return event.venue.place


def _add_extensions(component: icalendar.Event, event: Event) -> None:
    component.add(_X + "KIND", event.kind.value)
    component.add(_X + "FORMAT", event.format.value)
    component.add(_X + "VISIBILITY", event.visibility.value)
    if event.description:
        # The plain description, so an import can tell it from the readable details.
        component.add(_X + "DESCRIPTION", event.description, parameters=_TEXT)
    for name, venue in (("VENUE", event.venue), ("DESTINATION", event.destination)):
        if venue is not None:
            component.add(_X + name, venue.key, parameters=_venue_parameters(venue))
    for person in event.participants:
        component.add(
            _X + "PARTICIPANT",
            person.key,
            parameters=_params({"X-NAME": person.name, "X-ROLE": person.role, "X-DELEGATION": person.delegation}),
        )
    for outcome in event.outcomes:
        component.add(_X + "OUTCOME", outcome.title, parameters={**_TEXT, **_params({"X-AREA": outcome.area})})
    if event.url:
        component.add(_X + "LINK", event.url, parameters=_TEXT)


def _venue_parameters(venue: Venue) -> dict[str, str]:
    parameters = {"X-NAME": venue.name, "X-CITY": venue.city, "X-COUNTRY": venue.country, "X-TZID": venue.timezone}
    if venue.latitude is not None:
        parameters["X-GEO"] = f"{venue.latitude};{venue.longitude}"
    return _params(parameters)


def _params(values: dict[str, str]) -> dict[str, str]:
    r"""Parameter values with ``%``, ``\``, CR, LF and spaces at either end percent-encoded (UTF-8), losslessly.

    RFC 6868 leaves the backslash alone in parameter values, but the parser
    reads one before a delimiter as an escape and loses the rest of the line;
    our own X- parameters therefore never carry a raw backslash. A parameter
    value cannot hold a line break at all (RFC 5545, 3.1), and RFC 6868's ``^n``
    would turn a CR or CRLF into LF; the parser strips white space (tab,
    U+2028...) at either end of a value. :func:`_param` reads each back.

    >>> _params({"X-NAME": "50% \\ 50%", "X-ROLE": "Chief\r\nof staff ", "X-CITY": "\tBerlin"})
    {'X-NAME': '50%25 %5C 50%25', 'X-ROLE': 'Chief%0D%0Aof staff%20', 'X-CITY': '%09Berlin'}
    """
    return {name: _PARAM_ESCAPE.sub(_percent, value) for name, value in values.items()}


_PARAM_ESCAPE = re.compile(r"[%\\\r\n]|\A\s+|\s+\Z")


def _percent(match: re.Match) -> str:
    return quote(match[0], safe="")  # UTF-8, as in a URL


def _param(parameters, name: str, default: str = "") -> str:
    r"""A parameter written by :func:`_params`, decoded.

    >>> _param({"X-NAME": "50%25 %5C%0D%0A"}, "X-NAME")
    '50% \\\r\n'
    """
    value = parameters.get(name)
    return default if value is None else unquote(value)


# VTIMEZONE. icalendar's ``Timezone.from_tzid`` writes several onsets on one RDATE line, of which
# Mozilla ical.js (Thunderbird) and vobject read only the first, and once a sub-component has RDATEs
# ical.js no longer counts its DTSTART as an onset. So each onset here is an RDATE line of its own,
# DTSTART repeated as the first (RFC 5545 counts a repeated instant once); where the zone keeps one
# yearly rule up to the end of the span a feed needs, that rule is written as an RRULE instead.
# Onsets are found in ``zoneinfo``: the same data every Python reader of the feed uses.

_DAY = 86400  # seconds between samples of a zone's offset; bisected to the second where it changes
_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
# A zone's state: UTC offset, whether it is daylight time, abbreviation.
_State = tuple[timedelta, bool, str]


def _state(moment: int, tz: ZoneInfo) -> _State:
    local = datetime.fromtimestamp(moment, tz)
    offset = local.utcoffset()
    return offset, bool(local.dst()), local.tzname() or _offset_name(offset)


def _offset_name(offset: timedelta) -> str:
    return icalendar.vUTCOffset(offset).to_ical().decode()


def _timestamp(year: int) -> int:
    return int(datetime(year, 1, 1, tzinfo=UTC).timestamp())


@lru_cache(maxsize=4096)
def _year_onsets(tzid: str, year: int) -> tuple[tuple[int, _State, _State], ...]:
    """Each change of the zone in a UTC year, and at the next year's first instant: (POSIX time, before, after).

    Sampled daily and bisected: two changes less than a day apart that undo each other would be missed
    (the zone database has none since 1900; sampling weekly would miss some, e.g. in Asia/Gaza).
    """
    tz = ZoneInfo(tzid)
    moment, end = _timestamp(year), _timestamp(year + 1)
    state = _state(moment, tz)
    found = []
    while moment < end:
        sample = min(moment + _DAY, end)
        if _state(sample, tz) == state:
            moment = sample
            continue
        low, high = moment, sample
        while high - low > 1:
            middle = (low + high) // 2
            low, high = (middle, high) if _state(middle, tz) == state else (low, middle)
        after = _state(high, tz)
        found.append((high, state, after))
        moment, state = high, after
    return tuple(found)


def _local(moment: int, offset: timedelta) -> datetime:
    """The wall-clock time of ``moment`` at ``offset``, as an onset is written (RFC 5545, 3.6.5)."""
    return datetime.fromtimestamp(moment, UTC).replace(tzinfo=None) + offset


def _yearly_rule(local: datetime) -> list[tuple[str, int]]:
    """The yearly rules whose day in ``local``'s year is ``local``'s day, most usual first."""
    day, month = local.day, local.month
    shortest = 28 if month == 2 else 30 if month in (4, 6, 9, 11) else 31
    rules = []
    if day <= 28:
        rules.append(("nth", (day - 1) // 7 + 1))  # the first to fourth Sunday...
    if day + 7 > monthrange(local.year, month)[1]:
        rules.append(("last", -1))
    # The weekday within seven given days: the Sunday after the first Saturday (America/Santiago),
    # the Friday before the last Sunday (Asia/Jerusalem).
    rules.extend(
        ("window", first) for first in range(max(1, day - 6), day + 1) if (first - 1) % 7 and first + 6 <= shortest
    )
    if day <= shortest:
        rules.append(("date", day))
    return rules


def _rule_day(rule: tuple[str, int], year: int, month: int, weekday: int) -> date:
    kind, value = rule
    if kind == "date":
        return date(year, month, value)
    if kind == "last":
        last = date(year, month, monthrange(year, month)[1])
        return last - timedelta(days=(last.weekday() - weekday) % 7)
    first = date(year, month, 7 * (value - 1) + 1 if kind == "nth" else value)
    return first + timedelta(days=(weekday - first.weekday()) % 7)


def _rrule(rule: tuple[str, int], month: int, weekday: int) -> icalendar.vRecur:
    kind, value = rule
    parts: dict = {"FREQ": "YEARLY", "BYMONTH": month}
    if kind == "date":
        parts["BYMONTHDAY"] = value
    elif kind == "window":
        parts["BYDAY"] = _WEEKDAYS[weekday]
        parts["BYMONTHDAY"] = list(range(value, value + 7))
    else:
        parts["BYDAY"] = f"{value}{_WEEKDAYS[weekday]}"
    return icalendar.vRecur(parts)


def _open_rule(onsets: list[tuple[int, _State, _State]], until: int) -> tuple[int, icalendar.vRecur] | None:
    """How many of the last ``onsets`` (all of one kind) one yearly RRULE gives, with the rule; or None.

    The rule must give exactly those onsets up to ``until``: each of the years before the last one, at
    the same wall-clock time, and none after the last before ``until``.
    """
    offset = onsets[-1][1][0]
    times = [_local(moment, offset) for moment, _, _ in onsets]
    last = times[-1]
    best: tuple[int, tuple[str, int]] | None = None
    for rule in _yearly_rule(last):
        count = 1
        for earlier, later in zip(reversed(times[:-1]), reversed(times[1:]), strict=True):
            if (
                earlier.year != later.year - 1
                or earlier.time() != last.time()
                or earlier.date() != _rule_day(rule, earlier.year, last.month, last.weekday())
            ):
                break
            count += 1
        if best is None or count > best[0]:
            best = (count, rule)
    count, rule = best
    following = datetime.combine(_rule_day(rule, last.year + 1, last.month, last.weekday()), last.time())
    if count < 2 or (following - offset).replace(tzinfo=UTC).timestamp() < until:
        return None
    return count, _rrule(rule, last.month, last.weekday())


def _observance(before: _State, after: _State, onsets: list[datetime], rule: icalendar.vRecur | None = None):
    """A STANDARD or DAYLIGHT sub-component: its first onset, then the rule or each onset on an RDATE line.

    The first onset is also an RDATE: ical.js and the ``ical`` package count only the RDATEs of a
    sub-component that has any, and without RRULE or RDATE the ``ical`` package ignores it.
    """
    offset, dst, name = after
    component = icalendar.TimezoneDaylight() if dst else icalendar.TimezoneStandard()
    component.add("DTSTART", onsets[0])
    if rule is not None:
        component.add("RRULE", rule)
    else:
        for onset in onsets:
            component.add("RDATE", onset)
    component.add("TZOFFSETFROM", before[0])
    component.add("TZOFFSETTO", offset)
    component.add("TZNAME", name)
    return component


@lru_cache(maxsize=256)
def timezone_component(tzid: str, first_year: int, last_year: int) -> bytes:
    """The VTIMEZONE of an IANA zone for the UTC years ``first_year`` to ``last_year``, serialized once and reused.

    It starts with the zone's state at the first instant of ``first_year``, then gives every onset
    up to the end of ``last_year``; a rule the zone keeps to that end is an RRULE without end.
    """
    tz = ZoneInfo(tzid)
    since, until = _timestamp(first_year), _timestamp(last_year + 1)
    initial = _state(since, tz)
    kinds: dict[tuple[_State, _State], list[tuple[int, _State, _State]]] = {}
    for year in range(first_year, last_year + 1):
        for onset in _year_onsets(tzid, year):
            if onset[0] < until:
                kinds.setdefault(onset[1:], []).append(onset)
    observances = [(since, _observance(initial, initial, [_local(since, initial[0])]))]
    for (before, after), onsets in kinds.items():
        ruled = _open_rule(onsets, until)
        listed = onsets[: -ruled[0]] if ruled else onsets
        if listed:
            observances.append((listed[0][0], _observance(before, after, [_local(m, before[0]) for m, _, _ in listed])))
        if ruled:
            first = onsets[-ruled[0]][0]
            observances.append((first, _observance(before, after, [_local(first, before[0])], ruled[1])))
    timezone = icalendar.Timezone()
    timezone.add("TZID", tzid)
    for _, component in sorted(observances, key=lambda pair: pair[0]):
        timezone.add_component(component)
    return timezone.to_ical()


def _year_span(events: Sequence[Event]) -> tuple[int, int]:
    return feed_years(_feed_span(e) for e in events)


def _feed_span(event: Event) -> tuple[datetime, datetime, str, str, bool]:
    """What :func:`feed_years` needs of an event; the end reaches the occurrence of its latest extra date.

    The same as the feed index gives (``storage.FeedRow.extra_end_utc``), so cached and fresh feeds agree.
    """
    start, end = event.timing.instants()
    if event.rdates:
        latest = max(
            value.astimezone(UTC) if isinstance(value, datetime) else datetime.combine(value, datetime.min.time(), UTC)
            for value in event.rdates
        )
        end = max(end, latest + (end - start))
    return start, end, event.rrule, event.timing.timezone, event.all_day


def build_calendar(
    itinerary: Itinerary,
    events: Iterable[Event],
    *,
    now: datetime,
    settings: FeedSettings,
    name: str | None = None,
    include_restricted: bool = False,
) -> icalendar.Calendar:
    """The calendar of ``events`` with a VTIMEZONE for every zone they use.

    Restricted events are left out unless ``include_restricted``; then they carry
    CLASS:CONFIDENTIAL.
    """
    events = [e for e in events if include_restricted or not e.restricted]
    zones = {zone for e in events if isinstance(e.timing, Timed) for zone in (e.timing.timezone, e.timing.end_timezone)}
    calendar = _calendar_shell(itinerary, settings, name, zones, _year_span(events))
    for event in events:
        for component in event_components(event, now=now, settings=settings):
            calendar.add_component(component)
    return calendar


def _calendar_shell(
    itinerary: Itinerary, settings: FeedSettings, name: str | None, zones: Iterable[str], years: tuple[int, int]
) -> icalendar.Calendar:
    """The calendar's own properties and the VTIMEZONE of each of ``zones``, without events."""
    calendar = icalendar.Calendar.new(
        prodid=PRODID,
        calscale="GREGORIAN",
        method="PUBLISH",
        name=name or itinerary.title,
        description=itinerary.summary or None,
        refresh_interval=settings.ttl,
        uid=f"{itinerary.slug}@{settings.uid_domain}",
        url=f"{settings.base_url.rstrip('/')}/itineraries/{itinerary.slug}",
    )
    calendar["REFRESH-INTERVAL"].params["VALUE"] = "DURATION"  # RFC 7986 requires the parameter
    # The library writes NAME, X-WR-CALNAME and X-WR-CALDESC unescaped (it does not know their type), so a
    # line break made the feed unserializable and a CR went out raw. They are TEXT (RFC 7986, 5.1 and 5.2;
    # X- properties, RFC 5545, 3.8.8.2): escaped like SUMMARY, each CRLF or CR becoming a line feed.
    texts = {"NAME": name or itinerary.title, "X-WR-CALNAME": name or itinerary.title}
    if itinerary.summary:
        texts.update({"DESCRIPTION": itinerary.summary, "X-WR-CALDESC": itinerary.summary})
    for key, value in texts.items():
        calendar[key] = _Text(value)  # in the place the library gave it
    calendar.add("x-published-ttl", icalendar.vDuration(settings.ttl))
    calendar.add("x-wr-timezone", itinerary.timezone)
    first_year, last_year = years
    for tzid in sorted(zones):
        calendar.add_component(
            icalendar.Calendar.from_ical(
                b"BEGIN:VCALENDAR\r\n" + timezone_component(tzid, first_year, last_year) + b"END:VCALENDAR\r\n"
            ).walk("VTIMEZONE")[0]
        )
    return calendar


def to_ics(calendar: icalendar.Calendar) -> bytes:
    """The calendar's bytes: CRLF lines folded at 75 octets, by the library."""
    return calendar.to_ical()


# Feeds joined from per-event blocks. The library serializes every byte; a
# feed is its calendar's head, then each event's block, then the last line.
# A block leaves out the DTSTAMP and URL lines (the only bytes of a VEVENT that
# depend on the feed's instant or on the site's address rather than on the
# event), so it serves any instant and any base URL.

_END = b"END:VCALENDAR\r\n"
_BLOCK_STAMP = datetime(1970, 1, 1, tzinfo=UTC)
_BLOCK_BASE = "http://block.invalid"


@lru_cache(maxsize=64)
def _stamp_line(now: datetime) -> bytes:
    """The DTSTAMP line for ``now`` with the line break before it, as the library writes it."""
    component = icalendar.Event.new(stamp=now.astimezone(UTC))
    lines = [line for line in component.to_ical().split(b"\r\n") if line.startswith(b"DTSTAMP:")]
    return b"\r\n" + lines[0] + b"\r\n"


def url_line(base_url: str, path: bytes) -> bytes:
    """The URL line of an event whose page is ``path`` under ``base_url``, with the line breaks around it."""
    url = base_url.rstrip("/") + path.decode()
    line = Contentline.from_parts("URL", icalendar.Parameters(), icalendar.vUri(url), sorted=True)
    return b"\r\n" + line.to_ical() + b"\r\n"


def event_block(event: Event, *, settings: FeedSettings) -> tuple[bytes, ...]:
    """The event's VEVENTs (see :func:`event_components`) cut for :func:`feed_bytes`.

    The first item is the path of the event's page (its URL without the base URL); then come
    the pieces that the DTSTAMP and URL lines of each VEVENT fall between, in turn.
    """
    anywhere = dataclasses.replace(settings, base_url=_BLOCK_BASE)
    components = event_components(event, now=_BLOCK_STAMP, settings=anywhere)
    url = event_url(event, anywhere)
    path = url[len(_BLOCK_BASE) :].encode()
    link = url_line(_BLOCK_BASE, path)
    pieces = []
    for number, part in enumerate(b"".join(c.to_ical() for c in components).split(_stamp_line(_BLOCK_STAMP))):
        pieces.extend(part.split(link) if number else (part,))
    if not url.startswith(_BLOCK_BASE) or len(pieces) != 2 * len(components) + 1:
        # A line that looks like the stamp or the link: never split such an event.
        raise ValueError(f"cannot cut the DTSTAMP and URL out of event {event.uid!r}")
    return (path, *pieces)


def feed_years(spans: Iterable[tuple[datetime, datetime, str, str, bool]]) -> tuple[int, int]:
    """The UTC years a feed's VTIMEZONEs cover, from each event's (start and end in UTC, rule, zone, all-day).

    From the year before the earliest start to the year after the last occurrence of every series ends;
    a series without COUNT or UNTIL runs to the horizon of :func:`itinerary.recurrence.starts`, the end of
    :data:`~itinerary.model.MAX_YEAR`. The year either side leaves room for the zone's offset, and for an
    occurrence moved a little beyond its series.

    >>> feed_years([])
    (1970, 1971)
    """
    first = last = None
    for start, end, rule, zone, all_day in spans:
        ends = _series_end(start, end, rule, zone, all_day) if rule else end
        first = start.year if first is None else min(first, start.year)
        last = ends.year if last is None else max(last, ends.year)
    if first is None:
        return 1970, 1971
    return first - 1, min(last + 1, MAX_YEAR + 1)  # no occurrence starts after MAX_YEAR


_HORIZON = datetime(MAX_YEAR, 12, 31, 23, 59, 59, tzinfo=UTC)


@lru_cache(maxsize=4096)
def _series_end(start: datetime, end: datetime, rule: str, zone: str, all_day: bool) -> datetime:
    """When the last occurrence of a series ends, in UTC, as far as the recurrence expansion goes."""
    parts = dict(part.partition("=")[::2] for part in recurrence.normalize(rule).split(";"))
    length = end - start
    if "UNTIL" in parts:  # no occurrence starts after UNTIL: no need to step through them
        until = parts["UNTIL"]
        last_day = min(datetime(int(until[:4]), int(until[4:6]), int(until[6:8]), tzinfo=UTC), _HORIZON)
        return last_day + timedelta(days=1) + length
    if "COUNT" not in parts:
        return _HORIZON + length
    tz = ZoneInfo(zone)
    local = start.astimezone(tz)
    if all_day:
        timing = AllDay(local.date(), max(local.date(), end.astimezone(tz).date() - timedelta(days=1)), zone)
    else:
        timing = Timed(local, max(end, start + timedelta(seconds=1)).astimezone(tz))
    kept = deque(recurrence.starts(recurrence.parse(rule, timing)), maxlen=1)
    if not kept:
        return end
    last = kept[0]
    return (last.replace(tzinfo=tz) if last.tzinfo is None else last).astimezone(UTC) + length


def calendar_head(
    itinerary: Itinerary, *, settings: FeedSettings, name: str | None, zones: Iterable[str], years: tuple[int, int]
) -> bytes:
    """The bytes of a feed before its first VEVENT: the calendar's properties and VTIMEZONEs."""
    data = _calendar_shell(itinerary, settings, name, zones, years).to_ical()
    return data[: -len(_END)]


def feed_bytes(
    head: bytes,
    blocks: Iterable[tuple[bytes, ...]],
    *,
    now: datetime,
    links: Callable[[bytes], bytes],
    views: list[tuple[memoryview, ...]] | None = None,
) -> bytes:
    """Join a head and event blocks into the calendar's bytes, every VEVENT stamped ``now``.

    ``links`` gives the URL line of an event's page path (see :func:`url_line`). Equal to
    ``to_ics(build_calendar(...))`` for the same events. Each block is written out as it
    comes, so ``blocks`` may make them lazily and let each go once written. With ``views``,
    every block is appended to it as its path and views into the result: the same bytes,
    not a second copy of the feed.
    """
    stamp = _stamp_line(now)
    out = io.BytesIO()
    write = out.write
    write(head)
    # Where each piece starts and ends in the result, and each block's path and number of pieces.
    offsets = array("q") if views is not None else None
    paths: list[bytes] = []
    counts = array("I") if views is not None else None
    for block in blocks:
        link = links(block[0])
        for number in range(1, len(block)):
            if number > 1:
                write(link if number % 2 else stamp)
            if offsets is not None:
                offsets.append(out.tell())
            write(block[number])
            if offsets is not None:
                offsets.append(out.tell())
        if counts is not None:
            paths.append(block[0])
            counts.append(len(block) - 1)
    write(_END)
    body = out.getvalue()  # the buffer itself, handed over without a copy
    del out
    if views is not None:
        whole = memoryview(body)
        at = 0
        for path, count in zip(paths, counts, strict=True):
            views.append((path, *(whole[offsets[i] : offsets[i + 1]] for i in range(at, at + 2 * count, 2))))
            at += 2 * count
    return body


# Import: bytes in, proposed events and what was read differently out. Nothing here
# touches storage; :mod:`itinerary.imports` checks the proposals and writes them.

# Properties an event's import reads; others are dropped with a note naming them.
_READ = frozenset(
    {
        "UID", "SUMMARY", "DTSTART", "DTEND", "DURATION", "DTSTAMP", "CREATED", "LAST-MODIFIED", "SEQUENCE",
        "DESCRIPTION", "LOCATION", "CATEGORIES", "STATUS", "CLASS", "URL", "RELATED-TO", "RRULE", "RDATE",
        "EXDATE", "RECURRENCE-ID",
    }
)  # fmt: skip
MAX_SEQUENCE = 2_147_483_647  # RFC 5545's integers are 32-bit signed (3.3.8)
_URL_RE = re.compile(r"^https?://[^\s\x00-\x1f\x7f-\x9f]+$")
_UNTIL_RE = re.compile(r"UNTIL=([0-9]{8})(T[0-9]{6}Z?)?")


@dataclass(frozen=True, slots=True)
class Problem:
    """Why one event of a file cannot be imported, naming the event (UID, title, line) and the field."""

    uid: str
    title: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = f"line {self.line}: " if self.line else ""
        return f"{where}event {self.uid or '(no UID)'} ({self.title!r}): {self.field}: {self.message}"


@dataclass(frozen=True, slots=True)
class ImportedEvent:
    """One event read from a file, in plain values ready for the services."""

    uid: str
    fields: dict
    venues: tuple[Venue, ...] = ()
    participants: tuple[Participant, ...] = ()
    sequence: int = 0
    created: datetime | None = None
    updated: datetime | None = None
    notes: tuple[str, ...] = ()
    line: int | None = None

    @property
    def title(self) -> str:
        """The event's title as read."""
        return self.fields.get("title", "")

    def problem(self, field_name: str, message: str) -> Problem:
        """A problem of this event with ``field_name``."""
        return Problem(self.uid, self.title, self.line, field_name, message)


@dataclass(slots=True)
class ParsedCalendar:
    """Everything read from one file: the events that can be proposed, the problems of the others, notes."""

    events: list[ImportedEvent] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    skipped: dict[str, int] = field(default_factory=dict)  # components we do not import ("to-do": 2)


def parse_ics(data: bytes, *, home_zone: str, uid_domain: str) -> ParsedCalendar:
    """Read an iCalendar file into proposed events, problems and notes; pure (no storage).

    :class:`InvalidCalendar` only for a file that cannot be read at all; an event
    that cannot be imported becomes a :class:`Problem` naming it, so that one
    upload reports every problem at once.
    """
    if len(data) > MAX_IMPORT_BYTES:
        raise InvalidCalendar(f"the file is larger than {MAX_IMPORT_BYTES // 1024 // 1024} MiB")
    text = _decode(data)
    if not text.lstrip("\ufeff \r\n\t").upper().startswith("BEGIN:VCALENDAR"):
        raise InvalidCalendar("this is not an iCalendar file (it must begin with BEGIN:VCALENDAR)")
    try:
        calendars = icalendar.Calendar.from_ical(text, multiple=True)
        if len(calendars) != 1 or calendars[0].name != "VCALENDAR":
            raise InvalidCalendar(
                "the iCalendar structure is broken: the file must hold exactly one complete VCALENDAR"
            )
        calendar = calendars[0]
        components = calendar.walk("VEVENT")
        skipped = {"to-do": len(calendar.walk("VTODO")), "journal": len(calendar.walk("VJOURNAL"))}
        zones = _Zones(calendar, home_zone)
    except InvalidCalendar:
        raise
    except _PARSER_ERRORS as error:
        raise InvalidCalendar(f"the iCalendar structure is broken: {error or type(error).__name__}") from None
    if len(components) > MAX_IMPORT_EVENTS:
        raise InvalidCalendar(f"the file holds {len(components)} events; at most {MAX_IMPORT_EVENTS} at once")
    parsed = ParsedCalendar(skipped={name: count for name, count in skipped.items() if count})
    lines = _component_lines(text, "VEVENT")
    changes: list[tuple[ImportedEvent, date | datetime]] = []
    for number, component in enumerate(components):
        line = lines[number] if number < len(lines) else None
        try:
            event, recurrence_id = _read_event(component, zones, uid_domain, line)
        except _Refused as refusal:
            parsed.problems.extend(refusal.problems)
            continue
        if recurrence_id is None:
            parsed.events.append(event)
        else:
            changes.append((event, recurrence_id))
    _refuse_duplicates(parsed)
    _attach_changes(parsed, changes)
    for event in parsed.events:
        parsed.notes.extend(event.notes)
    return parsed


class _Refused(Exception):
    """The problems that keep one event out."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("; ".join(str(p) for p in problems))


def _component_lines(text: str, name: str) -> list[int]:
    """The line number (from 1) of each ``BEGIN:<name>`` in the file, in order: where each component begins."""
    begin = f"BEGIN:{name}"
    return [number for number, line in enumerate(re.split(r"\r\n|\n|\r", text), 1) if line.strip().upper() == begin]


def _refuse_duplicates(parsed: ParsedCalendar) -> None:
    """Events that share a UID without RECURRENCE-ID: which one is meant cannot be told; all are refused."""
    by_uid: dict[str, list[ImportedEvent]] = {}
    for event in parsed.events:
        by_uid.setdefault(event.uid, []).append(event)
    for uid, events in by_uid.items():
        if len(events) < 2:
            continue
        which = ", ".join(f"{e.title!r}" + (f" at line {e.line}" if e.line else "") for e in events)
        for event in events:
            message = f"{len(events)} events in the file have the UID {uid} ({which}); rename all but one"
            parsed.problems.append(event.problem("uid", message))
    parsed.events[:] = [event for event in parsed.events if len(by_uid[event.uid]) == 1]


def _attach_changes(parsed: ParsedCalendar, changes: list[tuple[ImportedEvent, date | datetime]]) -> None:
    """Turn RECURRENCE-ID components into overrides of their series."""
    series = {event.uid: event for event in parsed.events}
    overrides: dict[str, list[Override]] = {}
    for change, recurrence_id in changes:
        master = series.get(change.uid)
        if master is None or not (master.fields.get("rrule") or master.fields.get("rdates")):
            if not any(p.uid == change.uid for p in parsed.problems):
                parsed.notes.append(
                    f"{change.title!r} (line {change.line}) changes an occurrence of a series not in the file; left out"
                )
            continue
        fields = change.fields
        timing = None if fields.get("all_day") else Timed(fields["start"], fields["end"])
        status = fields["status"] if fields["status"] != master.fields["status"] else None
        title = fields["title"] if fields["title"] != master.fields["title"] else None
        overrides.setdefault(change.uid, []).append(Override(recurrence_id, timing, status, title))
    for index, event in enumerate(parsed.events):
        if event.uid in overrides:
            found = (*event.fields.get("overrides", ()), *overrides[event.uid])
            parsed.events[index] = dataclasses.replace(event, fields={**event.fields, "overrides": found})


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidCalendar("the file is not UTF-8 text") from None


def _is_iana(tzid: str) -> bool:
    try:
        ZoneInfo(tzid)
    except (ValueError, KeyError, OSError):
        return False
    return "/" in tzid or tzid == "UTC"


class _Zones:
    """The zones a file's TZIDs mean: IANA names as they are, Windows names by icalendar's table, the
    file's own VTIMEZONEs by an IANA zone with the same offsets; each reading other than the first noted."""

    def __init__(self, calendar: icalendar.Calendar, home_zone: str):
        self.home = home_zone
        self.defined = {str(tz["TZID"]): tz for tz in calendar.walk("VTIMEZONE") if "TZID" in tz}
        self._found: dict[tuple, tuple[str | None, str | None]] = {}

    def resolve(self, tzid: str, since: datetime, until: datetime) -> tuple[str | None, str | None]:
        """The IANA zone that ``tzid`` means over [since, until), or None; and a note when it was mapped."""
        if _is_iana(tzid):
            return tzid, None
        if tzid in WINDOWS_TO_OLSON:
            return WINDOWS_TO_OLSON[tzid], f"Windows zone {tzid!r} read as {WINDOWS_TO_OLSON[tzid]}"
        if tzid.startswith("/"):  # a "globally unique" TZID: /vendor/.../Europe/Berlin (RFC 5545, 3.2.19)
            parts = tzid.strip("/").split("/")
            for first in range(1, len(parts)):
                name = "/".join(parts[first:])
                if _is_iana(name):
                    return name, f"zone {tzid!r} read as {name}"
        if tzid not in self.defined:
            raise InvalidEvent("timezone", f"time zone {tzid!r} is neither an IANA zone nor defined in the file")
        key = (tzid, since.date(), until.date())
        if key not in self._found:
            custom = self.defined[tzid].to_tz(lookup_tzid=False)
            name = _equivalent_zone(tzid, custom, since, until)
            if name is None:
                self._found[key] = (None, f"zone {tzid!r} from the file matches no IANA zone; kept as UTC instants")
            else:
                self._found[key] = (name, f"zone {tzid!r} from the file read as {name} (the same offsets)")
        return self._found[key]


def _equivalent_zone(tzid: str, custom, since: datetime, until: datetime) -> str | None:
    """An IANA zone whose UTC offsets equal ``custom``'s over [since, until), preferring one named in ``tzid``.

    ``custom``'s offset is read once a day and, where it changes, found to the
    minute; a candidate must agree on every day and a minute either side of each
    change, so a zone that changes clocks at another hour or day differs.
    """

    def offset(moment: datetime) -> timedelta:
        return moment.astimezone(custom).utcoffset()

    samples: list[tuple[datetime, timedelta]] = []
    moment, previous = since, None
    while moment <= until:
        current = offset(moment)
        if previous is not None and current != previous[1]:
            low, high = previous[0], moment  # the change lies in (low, high]: halve it down to a minute
            while high - low > timedelta(minutes=1):
                middle = low + (high - low) / 2
                low, high = (middle, high) if offset(middle) == previous[1] else (low, middle)
            samples += [(low, previous[1]), (high, current)]
        samples.append((moment, current))
        previous = (moment, current)
        moment += timedelta(days=1)
    candidates = {name: ZoneInfo(name) for name in _zone_names()}
    for when, wanted in samples:
        candidates = {n: z for n, z in candidates.items() if when.astimezone(z).utcoffset() == wanted}
        if not candidates:
            return None
    if not candidates:
        return None
    text = tzid.lower()
    named = {olson for windows, olson in WINDOWS_TO_OLSON.items() if windows.lower() in text}

    def preference(name: str) -> tuple:
        city = name.rsplit("/", 1)[-1].replace("_", " ").lower()
        return (name not in named, city not in text, name.startswith("Etc/") or "/" not in name, name)

    return min(candidates, key=preference)


def _read_event(
    component: icalendar.Event, zones: _Zones, uid_domain: str, line: int | None
) -> tuple[ImportedEvent, date | datetime | None]:
    """One VEVENT as a proposed event and its RECURRENCE-ID, or :class:`_Refused` with every problem found."""
    written_uid = str(component.get("UID", "")).strip()
    title = str(component.get("SUMMARY", "")).strip() or "(untitled)"
    errors: dict[str, str] = {}
    notes: list[str] = []
    name = f"{title!r}"

    def refuse(field_name: str, message: str) -> None:
        errors.setdefault(field_name, message)

    uid = written_uid.removesuffix(f"@{uid_domain}")
    foreign = uid == written_uid
    if not written_uid:
        refuse("uid", "the event has no UID")
    elif not UID_RE.match(uid):
        refuse("uid", "a UID we keep is 1 to 255 printable ASCII characters without spaces or '/'")
    sequence = 0
    try:
        sequence = int(str(component.get("SEQUENCE", "0")).strip())
        if not 0 <= sequence <= MAX_SEQUENCE:
            refuse("sequence", f"{sequence} is not a whole number from 0 to {MAX_SEQUENCE}")
    except ValueError:
        refuse("sequence", f"{component.get('SEQUENCE')!r} is not a whole number from 0 to {MAX_SEQUENCE}")
    fields: dict = {"title": title, "foreign_uid": foreign}
    recurrence_id = None
    try:
        fields.update(_read_timing(component, zones, name, notes))
        fields.update(_read_series(component, zones, fields, name, notes))
        if "RECURRENCE-ID" in component:
            recurrence_id = _read_recurrence_id(component["RECURRENCE-ID"], zones, fields)
    except InvalidInput as error:
        for field_name, message in error.errors.items():
            refuse(field_name, message)
    except (*_PARSER_ERRORS, icalendar.InvalidCalendar) as error:
        refuse("start", f"cannot be read: {error or type(error).__name__}")
    extensions = {key: component.get(_X + key) for key in ("KIND", "FORMAT", "VISIBILITY", "DESCRIPTION", "LINK")}
    ours = extensions["KIND"] is not None
    venues: list[Venue] = []
    try:
        for key in ("VENUE", "DESTINATION"):
            value = component.get(_X + key)
            if value is not None:
                venues.append(_read_venue(value))
                fields[key.lower()] = venues[-1].key
    except InvalidInput as error:
        for field_name, message in error.errors.items():
            refuse(f"venue {field_name}", message)
    except _PARSER_ERRORS as error:
        refuse("venue", f"cannot be read: {error or type(error).__name__}")
    participants: tuple[Participant, ...] = ()
    try:
        participants = tuple(
            Participant(
                str(p), _param(p.params, "X-NAME", str(p)), _param(p.params, "X-ROLE"), _param(p.params, "X-DELEGATION")
            )
            for p in _many(component, _X + "PARTICIPANT")
        )
        fields["outcomes"] = tuple(
            Outcome(str(o), _param(o.params, "X-AREA")) for o in _many(component, _X + "OUTCOME")
        )
    except InvalidInput as error:
        for field_name, message in error.errors.items():
            refuse(f"participants {field_name}" if field_name != "outcomes" else field_name, message)
    fields["participants"] = tuple(p.key for p in participants)
    kind = str(extensions["KIND"] or Kind.OTHER)
    fields["kind"] = kind
    fields["format"] = str(extensions["FORMAT"] or Format.NONE)
    classification = str(component.get("CLASS", "PUBLIC")).upper()
    fields["visibility"] = str(
        extensions["VISIBILITY"] or (Visibility.PUBLIC if classification == "PUBLIC" else Visibility.RESTRICTED)
    )
    status = str(component.get("STATUS", "CONFIRMED")).upper()
    fields["status"] = {"TENTATIVE": Status.TENTATIVE, "CANCELLED": Status.CANCELLED}.get(status, Status.CONFIRMED)
    if ours:
        fields["description"] = str(extensions["DESCRIPTION"] or "")
    else:
        fields["description"] = str(component.get("DESCRIPTION", ""))
        if component.get("LOCATION") and not venues:
            fields["description"] = "\n\n".join(
                part for part in (fields["description"], f"Location: {component['LOCATION']}") if part
            )
    categories = [str(c) for c in component.categories]
    if ours and categories and categories[0] == Kind(kind).label:
        categories = categories[1:]
    fields["categories"] = tuple(c for c in categories if c and "," not in c and len(c) <= MAX_NAME)
    dropped = _dropped(component, ours)
    if extensions["LINK"] is not None:
        fields["url"] = str(extensions["LINK"])
    elif not ours and component.get("URL"):
        url = str(component["URL"]).strip()
        if _URL_RE.match(url) and len(url) <= 2000:
            fields["url"] = url
        else:
            dropped.append(f"URL {url[:80]!r} (not an absolute http(s) address)")
    related = component.get("RELATED-TO")
    if related is not None and str(getattr(related, "params", {}).get("RELTYPE", "PARENT")).upper() == "PARENT":
        fields["parent"] = str(related).removesuffix(f"@{uid_domain}")
    if dropped:
        notes.append(f"{name}: dropped {', '.join(dropped)}")
    if errors:
        raise _Refused([Problem(written_uid, title, line, key, message) for key, message in errors.items()])
    event = ImportedEvent(
        uid=uid,
        fields=fields,
        venues=tuple(venues),
        participants=participants,
        sequence=sequence,
        created=_utc(component.get("CREATED")),
        updated=_utc(component.get("LAST-MODIFIED")),
        notes=tuple(notes),
        line=line,
    )
    return event, recurrence_id


def _dropped(component: icalendar.Event, ours: bool) -> list[str]:
    """What of the VEVENT the import does not keep: properties (X- ones too) and alarms."""
    names = []
    for key in component:
        key = key.upper()
        if key in _READ or key.startswith(_X) or (ours and key == "GEO"):
            continue
        if key == "TRANSP" and str(component[key]).upper() == "OPAQUE":
            continue  # the default: busy
        names.append(key)
    for sub in component.subcomponents:
        names.append("an alarm (VALARM)" if sub.name == "VALARM" else sub.name)
    return sorted(set(names), key=names.index)


def _many(component: icalendar.Event, name: str) -> list:
    value = component.get(name)
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _read_venue(value) -> Venue:
    parameters = value.params
    latitude = longitude = None
    if parameters.get("X-GEO"):
        latitude, longitude = (float(part) for part in parameters["X-GEO"].split(";"))
    return Venue(
        key=str(value),
        name=_param(parameters, "X-NAME", str(value)),
        city=_param(parameters, "X-CITY"),
        country=_param(parameters, "X-COUNTRY"),
        timezone=_param(parameters, "X-TZID", "UTC"),
        latitude=latitude,
        longitude=longitude,
    )


def _read_timing(component: icalendar.Event, zones: _Zones, name: str, notes: list[str]) -> dict:
    """Start and end as written: no DTEND or DURATION ends a DATE-TIME at its start, a DATE the next day."""
    if "DTSTART" not in component:
        raise InvalidEvent("start", "the event has no DTSTART")
    start_property = component["DTSTART"]
    start = start_property.dt
    end = _exact_end(component, start)  # DTEND, or DTSTART + DURATION, or RFC 5545's default (3.6.1)
    end_property = component.get("DTEND")
    names = ("start", "end") if isinstance(start, datetime) else ("first", "last")
    for field_name, value in zip(names, (start, end), strict=True):
        if not MIN_YEAR <= value.year <= MAX_YEAR:  # the rule every stored date keeps (before any arithmetic)
            raise InvalidEvent(field_name, f"must be in the years {MIN_YEAR} to {MAX_YEAR}")
    if not isinstance(start, datetime):
        if isinstance(end, datetime):
            raise InvalidEvent("end", "an all-day event (DTSTART is a DATE) ends on a DATE")
        last = (end - timedelta(days=1)) if end > start else start
        return {"all_day": True, "first": start, "last": last, "timezone": zones.home}
    if not isinstance(end, datetime):
        raise InvalidEvent("end", "a timed event (DTSTART is a DATE-TIME) ends at a DATE-TIME")
    span = _span(component, start, end)
    start, start_zone = _own_zone(component, "DTSTART", start) or _place(
        start, start_property.params.get("TZID"), zones, span, name, notes
    )
    own_end = _own_zone(component, "DTEND", end)
    if own_end is not None:
        end, end_zone = own_end
    elif end_property is not None:
        end, end_zone = _place(end, end_property.params.get("TZID"), zones, span, name, notes)
    else:
        # DTSTART + DURATION: read in the start's zone (icalendar added the duration to the start as written).
        end, end_zone = _place(end, start_property.params.get("TZID"), zones, span, name, [])
    return {
        "start": start,
        "end": end,
        "timezone": start_zone,
        "end_timezone": end_zone if end_zone != start_zone else None,
        # A floating time the home zone repeats is the first of the two, as RFC 5545 (3.3.5) reads a local one.
        "start_fold": 0,
        "end_fold": 0,
    }


def _span(component: icalendar.Event, start: datetime, end: datetime) -> tuple[datetime, datetime]:
    """The instants a zone must agree over: the event, a year at least, three for a series."""
    first = _as_utc(start) - timedelta(days=1)
    years = 3 if ("RRULE" in component or "RDATE" in component) else 1
    return first, max(_as_utc(end) + timedelta(days=1), first + timedelta(days=365 * years))


def _own_zone(component: icalendar.Event, name: str, value) -> tuple[datetime, str] | None:
    """A UTC time that our own export wrote for a repeated hour, back in the zone its ``X-ITINERARY-TZID`` names.

    The zone's rules give the fold: the second 02:30 of the night the clocks go
    back comes back as the second (see :func:`_unambiguous`). None for any other time.
    """
    prop = component.get(name)
    tzid = prop.params.get(_X + "TZID") if prop is not None and hasattr(prop, "params") else None
    if tzid and isinstance(value, datetime) and value.tzinfo is not None and _is_iana(tzid):
        return value.astimezone(ZoneInfo(tzid)), tzid
    return None


def _exact_end(component: icalendar.Event, start):
    """DTEND, or DTSTART plus a DURATION under a day counted in real time, as hours and minutes are (RFC 5545, 3.3.6).

    The library adds a DURATION on the wall clock, an hour out when the clocks
    change in between (our export writes DURATION for just such a series).
    """
    duration = component.get("DURATION")
    if "DTEND" in component or duration is None or not isinstance(start, datetime) or start.tzinfo is None:
        return component.end
    length = duration.dt
    if not isinstance(length, timedelta) or not timedelta(0) <= length < timedelta(days=1):
        return component.end
    return (start.astimezone(UTC) + length).astimezone(start.tzinfo)


def _as_utc(value: datetime) -> datetime:
    return value.astimezone(UTC) if value.tzinfo is not None else value.replace(tzinfo=UTC)


def _place(
    value: datetime, tzid: str | None, zones: _Zones, span: tuple[datetime, datetime], name: str, notes: list[str]
) -> tuple[datetime, str]:
    """A DATE-TIME as an aware datetime and the zone it keeps: its own (mapped to IANA), UTC, or floating placed.

    Nothing is re-anchored in the itinerary's zone: an event keeps the zone it
    was written in, so a series repeats at the wall-clock time of that zone.
    """
    if tzid is not None:
        iana, note = zones.resolve(str(tzid), *span)
        if note and f"{name}: {note}" not in notes:
            notes.append(f"{name}: {note}")
        if iana is None:
            return value.astimezone(UTC).astimezone(ZoneInfo("UTC")), "UTC"
        return _wall_time(value.replace(tzinfo=None), iana), iana
    if value.tzinfo is not None:  # a UTC DATE-TIME (a trailing Z): the series stays a UTC series
        return value.astimezone(ZoneInfo("UTC")), "UTC"
    note = f"{name}: floating time placed in {zones.home}"
    if note not in notes:
        notes.append(note)
    return _wall_time(value, zones.home), zones.home


def _wall_time(wall: datetime, zone_name: str) -> datetime:
    """A wall-clock time read in an IANA zone. (The one spot where a repeated or skipped local time is read.)"""
    return wall.replace(tzinfo=ZoneInfo(zone_name))


def _moment_in(value, params, zones: _Zones, fields: dict) -> date | datetime:
    """A DATE or DATE-TIME of RDATE, EXDATE or RECURRENCE-ID, placed as the event's own times are."""
    if not isinstance(value, datetime):
        return value
    tzid = params.get("TZID")
    start = fields.get("start")
    span = (
        (start.astimezone(UTC) - timedelta(days=1), start.astimezone(UTC) + timedelta(days=3 * 365))
        if start
        else (
            _as_utc(value) - timedelta(days=1),
            _as_utc(value) + timedelta(days=365),
        )
    )
    if tzid is None and value.tzinfo is None:
        zone_name = fields.get("timezone") or zones.home
        return _wall_time(value, zone_name)
    placed, _ = _place(value, tzid, zones, span, "", [])
    return placed


def _read_series(component: icalendar.Event, zones: _Zones, fields: dict, name: str, notes: list[str]) -> dict:
    """RRULE, RDATE (every value of every line, DATE, DATE-TIME or PERIOD) and EXDATE."""
    series: dict = {}
    all_day = bool(fields.get("all_day"))
    if "RRULE" in component:
        rules = _many(component, "RRULE")
        if len(rules) > 1:
            raise InvalidEvent("rrule", "the event has more than one RRULE; RFC 5545 allows one")
        series["rrule"] = _until_like_start(rules[0].to_ical().decode(), fields, zones, name, notes)
    rdates, moved = [], []
    for prop in _many(component, "RDATE"):
        for item in prop.dts:
            value = item.dt
            if isinstance(value, tuple):  # PERIOD: a start and an end or a duration
                begin = _moment_in(value[0], prop.params, zones, fields)
                finish = value[1] if isinstance(value[1], datetime) else value[0] + value[1]
                finish = _moment_in(finish, prop.params, zones, fields)
                rdates.append(begin)
                if not all_day and finish - begin != fields["end"] - fields["start"]:
                    # An occurrence of its own length: the extra date, and a change of that occurrence.
                    start_zone, end_zone = fields["start"].tzinfo, fields["end"].tzinfo
                    moved.append(Override(begin, Timed(begin.astimezone(start_zone), finish.astimezone(end_zone))))
                continue
            rdates.append(_moment_in(value, prop.params, zones, fields))
    if rdates:
        series["rdates"] = tuple(rdates)
    if moved:
        series["overrides"] = tuple(moved)
    if series:
        series["exdates"] = tuple(
            _moment_in(item.dt, exdate.params, zones, fields)
            for exdate in _many(component, "EXDATE")
            for item in exdate.dts
        )
    return series


def _until_like_start(rule: str, fields: dict, zones: _Zones, name: str, notes: list[str]) -> str:
    """The rule with UNTIL of the start's kind (RFC 5545, 3.3.10): a DATE for an all-day series, else UTC.

    Outlook ends all-day series with a UTC DATE-TIME (the last day's local midnight
    in UTC); that reads as the later of its UTC date and its date in the itinerary's zone.
    """
    found = _UNTIL_RE.search(rule)
    if found is None:
        return rule
    day, time_part = found.group(1), found.group(2) or ""
    if fields.get("all_day"):
        if not time_part:
            return rule
        moment = datetime.strptime(day + time_part.rstrip("Z"), "%Y%m%dT%H%M%S")
        if time_part.endswith("Z"):
            moment = moment.replace(tzinfo=UTC)
            local = moment.astimezone(ZoneInfo(zones.home)).date()
            until = max(moment.date(), local)
        else:
            until = moment.date()
        notes.append(f"{name}: the series' end (UNTIL) read as the date {until.isoformat()}")
        return rule.replace(found.group(0), f"UNTIL={until:%Y%m%d}")
    if time_part.endswith("Z"):
        return rule
    zone = fields["start"].tzinfo
    wall = (
        datetime.strptime(day + time_part, "%Y%m%dT%H%M%S")
        if time_part
        else datetime.strptime(day, "%Y%m%d").replace(hour=23, minute=59, second=59)
    )
    until = wall.replace(tzinfo=zone).astimezone(UTC)
    return rule.replace(found.group(0), f"UNTIL={until:%Y%m%dT%H%M%SZ}")


def _read_recurrence_id(prop, zones: _Zones, fields: dict) -> date | datetime:
    value = prop.dt
    if fields.get("all_day"):
        if isinstance(value, datetime):
            return value.date()
        return value
    if not isinstance(value, datetime):
        return datetime.combine(value, fields["start"].timetz())
    return _moment_in(value, prop.params, zones, fields)


def _utc(value) -> datetime | None:
    if value is None:
        return None
    moment = value.dt
    if not isinstance(moment, datetime):
        return None
    return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)
