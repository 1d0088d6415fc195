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
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import icalendar
from icalendar.timezone import tzid_from_dt

from itinerary import recurrence
from itinerary.errors import InvalidInput
from itinerary.model import (
    MAX_NAME,
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


def full_uid(uid: str, settings: FeedSettings) -> str:
    """The UID as the feed carries it: ours get ``@domain``, others' stay as they are.

    >>> full_uid("cn2018-press", FeedSettings(uid_domain="example.org"))
    'cn2018-press@example.org'
    """
    return uid if "@" in uid else f"{uid}@{settings.uid_domain}"


def event_url(event: Event, settings: FeedSettings) -> str:
    """The address of the event's page."""
    return f"{settings.base_url.rstrip('/')}/itineraries/{event.itinerary}/events/{event.uid}"


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
    component = icalendar.Event.new(
        uid=full_uid(event.uid, settings),
        summary=event.title,
        start=start,
        end=end,
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
    if event.venue is not None and event.venue.latitude is not None:
        component.add("geo", (event.venue.latitude, event.venue.longitude))
    if event.parent:
        component.add("related-to", full_uid(event.parent, settings), parameters={"RELTYPE": "PARENT"})
    if event.rrule:
        component.add("rrule", icalendar.vRecur.from_ical(event.rrule))
        if event.exdates:
            component.add("exdate", list(event.exdates))
    _add_extensions(component, event)
    return component


def event_components(event: Event, *, now: datetime, settings: FeedSettings) -> list[icalendar.Event]:
    """The VEVENT of an event, then one VEVENT with RECURRENCE-ID for each changed occurrence."""
    components = [event_component(event, now=now, settings=settings)]
    for override in event.overrides:
        original = recurrence.occurrence_at(event.timing, event.rrule, override.recurrence_id)
        changed = dataclasses.replace(
            event,
            title=override.title or event.title,
            status=override.status or event.status,
            timing=override.timing or original,
            rrule="",
            exdates=(),
            overrides=(),
        )
        component = event_component(changed, now=now, settings=settings)
        component.add("recurrence-id", override.recurrence_id)
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
    r"""Parameter values with ``%`` and ``\`` percent-encoded.

    RFC 6868 leaves the backslash alone in parameter values, but the parser
    reads one before a delimiter as an escape and loses the rest of the line;
    our own X- parameters therefore never carry a raw backslash.

    >>> _params({"X-NAME": "50% \\ 50%"})
    {'X-NAME': '50%25 %5C 50%25'}
    """
    return {name: value.replace("%", "%25").replace("\\", "%5C") for name, value in values.items()}


def _param(parameters, name: str, default: str = "") -> str:
    """A parameter written by :func:`_params`, decoded."""
    value = parameters.get(name)
    return default if value is None else value.replace("%5C", "\\").replace("%25", "%")


@lru_cache(maxsize=256)
def timezone_component(tzid: str, first_year: int, last_year: int) -> bytes:
    """The VTIMEZONE of an IANA zone for the given years, serialized once and reused."""
    component = icalendar.Timezone.from_tzid(tzid, first_date=date(first_year, 1, 1), last_date=date(last_year, 1, 1))
    return component.to_ical()


def _year_span(events: Sequence[Event]) -> tuple[int, int]:
    return feed_years((*e.timing.instants(), e.rrule) for e in events)


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
    if itinerary.summary:
        # The library adds X-WR-CALDESC beside DESCRIPTION untyped, so a line break in the summary reached the
        # output raw and serializing failed (every feed and backup of that itinerary); typed TEXT, it is escaped.
        calendar["X-WR-CALDESC"] = icalendar.vText(itinerary.summary, params=_TEXT)
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
# A block leaves out the DTSTAMP lines (the only bytes of a VEVENT that depend
# on the feed's instant rather than on the event), so it serves any instant.

_END = b"END:VCALENDAR\r\n"
_BLOCK_STAMP = datetime(1970, 1, 1, tzinfo=UTC)


@lru_cache(maxsize=64)
def _stamp_line(now: datetime) -> bytes:
    """The DTSTAMP line for ``now`` with the line break before it, as the library writes it."""
    component = icalendar.Event.new(stamp=now.astimezone(UTC))
    lines = [line for line in component.to_ical().split(b"\r\n") if line.startswith(b"DTSTAMP:")]
    return b"\r\n" + lines[0] + b"\r\n"


def event_block(event: Event, *, settings: FeedSettings) -> tuple[bytes, ...]:
    """The event's VEVENTs (see :func:`event_components`) in pieces that :func:`feed_bytes` joins with a DTSTAMP."""
    components = event_components(event, now=_BLOCK_STAMP, settings=settings)
    pieces = tuple(b"".join(c.to_ical() for c in components).split(_stamp_line(_BLOCK_STAMP)))
    if len(pieces) != len(components) + 1:  # a line that looks like the stamp: never split such an event
        raise ValueError(f"cannot cut the DTSTAMP out of event {event.uid!r}")
    return pieces


def feed_years(spans: Iterable[tuple[datetime, datetime, str]]) -> tuple[int, int]:
    """The years a feed's VTIMEZONEs cover, from each event's (start in UTC, end in UTC, rule)."""
    firsts, lasts, open_ended = [], [], False
    for start, end, rule in spans:
        firsts.append(start.year)
        lasts.append(end.year)
        open_ended = open_ended or bool(rule and "COUNT=" not in rule and "UNTIL=" not in rule)
    if not firsts:
        return 1970, 1971
    return min(firsts) - 1, max(lasts) + (20 if open_ended else 2)


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
    views: list[tuple[memoryview, ...]] | None = None,
) -> bytes:
    """Join a head and event blocks into the calendar's bytes, every VEVENT stamped ``now``.

    Equal to ``to_ics(build_calendar(...))`` for the same events. Each block is
    written out as it comes, so ``blocks`` may make them lazily and let each go
    once written. With ``views``, the pieces of every block are appended to it
    as views into the result: the same bytes, not a second copy of the feed.
    """
    stamp = _stamp_line(now)
    out = io.BytesIO()
    write = out.write
    write(head)
    # Where each piece starts and ends in the result, and how many pieces each block has.
    offsets = array("q") if views is not None else None
    counts = array("I") if views is not None else None
    for block in blocks:
        for number, piece in enumerate(block):
            if number:
                write(stamp)
            if offsets is not None:
                offsets.append(out.tell())
            write(piece)
            if offsets is not None:
                offsets.append(out.tell())
        if counts is not None:
            counts.append(len(block))
    write(_END)
    body = out.getvalue()  # the buffer itself, handed over without a copy
    del out
    if views is not None:
        whole = memoryview(body)
        at = 0
        for count in counts:
            views.append(tuple(whole[offsets[i] : offsets[i + 1]] for i in range(at, at + 2 * count, 2)))
            at += 2 * count
    return body


# Import


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


@dataclass(slots=True)
class ParsedCalendar:
    """Everything read from one file."""

    events: list[ImportedEvent] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def parse_ics(data: bytes, *, home_zone: str, uid_domain: str) -> ParsedCalendar:
    """Read an iCalendar file into plain values, or raise :class:`InvalidCalendar` saying why not.

    Times without a zone (floating) and UTC times are read in ``home_zone`` and
    noted; a TZID that is neither an IANA name nor defined in the file is refused.
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
        unknown = sorted(tzid for tzid in calendar.get_missing_tzids() if not _is_iana(tzid))
        components = calendar.walk("VEVENT")
    except InvalidCalendar:
        raise
    except _PARSER_ERRORS as error:
        raise InvalidCalendar(f"the iCalendar structure is broken: {error or type(error).__name__}") from None
    if unknown:
        raise InvalidCalendar(f"time zone {unknown[0]!r} is neither an IANA zone nor defined in the file")
    if len(components) > MAX_IMPORT_EVENTS:
        raise InvalidCalendar(f"the file holds {len(components)} events; at most {MAX_IMPORT_EVENTS} at once")
    parsed = ParsedCalendar()
    changes: list[tuple[int, ImportedEvent, date | datetime]] = []
    for number, component in enumerate(components, 1):
        try:
            event = _read_event(component, home_zone, uid_domain)
            if "RECURRENCE-ID" in component:
                changes.append((number, event, _recurrence_id(component["RECURRENCE-ID"].dt, home_zone)))
            else:
                parsed.events.append(event)
        except _PARSER_ERRORS as error:
            title = component.get("SUMMARY", "untitled")
            raise InvalidCalendar(f"event #{number} ({title}): {error or type(error).__name__}") from None
    _attach_changes(parsed, changes)
    for event in parsed.events:
        parsed.notes.extend(event.notes)
    return parsed


def _recurrence_id(value: date | datetime, home_zone: str) -> date | datetime:
    if isinstance(value, datetime) and value.tzinfo is None:
        return value.replace(tzinfo=ZoneInfo(home_zone))
    return value


def _attach_changes(parsed: ParsedCalendar, changes: list[tuple[int, ImportedEvent, date | datetime]]) -> None:
    """Turn RECURRENCE-ID components into overrides of their series."""
    series = {event.uid: event for event in parsed.events}
    overrides: dict[str, list[Override]] = {}
    for number, change, recurrence_id in changes:
        master = series.get(change.uid)
        if master is None or "rrule" not in master.fields:
            parsed.notes.append(f"event #{number} changes an occurrence of a series not in the file; left out")
            continue
        fields = change.fields
        timing = None
        if not fields.get("all_day"):
            start_zone = ZoneInfo(fields["timezone"])
            end_zone = ZoneInfo(fields.get("end_timezone") or fields["timezone"])
            start, end = fields["start"], fields["end"]
            timing = Timed(
                start if start.tzinfo else start.replace(tzinfo=start_zone),
                end if end.tzinfo else end.replace(tzinfo=end_zone),
            )
        status = fields["status"] if fields["status"] != master.fields["status"] else None
        title = fields["title"] if fields["title"] != master.fields["title"] else None
        overrides.setdefault(change.uid, []).append(Override(recurrence_id, timing, status, title))
    for index, event in enumerate(parsed.events):
        if event.uid in overrides:
            fields = {**event.fields, "overrides": tuple(overrides[event.uid])}
            parsed.events[index] = dataclasses.replace(event, fields=fields)


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


def _read_event(component: icalendar.Event, home_zone: str, uid_domain: str) -> ImportedEvent:
    uid = str(component.get("UID", "")).strip()
    if not uid:
        raise ValueError("has no UID")
    uid = uid.removesuffix(f"@{uid_domain}")
    title = str(component.get("SUMMARY", "")).strip() or "(untitled)"
    notes: list[str] = []
    extensions = {name: component.get(_X + name) for name in ("KIND", "FORMAT", "VISIBILITY", "DESCRIPTION", "LINK")}
    fields: dict = {"title": title}
    fields.update(_read_timing(component, home_zone, title, notes))
    venues = []
    for name in ("VENUE", "DESTINATION"):
        value = component.get(_X + name)
        if value is not None:
            venues.append(_read_venue(value))
            fields[name.lower()] = venues[-1].key
    participants = tuple(
        Participant(
            str(p), _param(p.params, "X-NAME", str(p)), _param(p.params, "X-ROLE"), _param(p.params, "X-DELEGATION")
        )
        for p in _many(component, _X + "PARTICIPANT")
    )
    fields["participants"] = tuple(p.key for p in participants)
    fields["outcomes"] = tuple(Outcome(str(o), _param(o.params, "X-AREA")) for o in _many(component, _X + "OUTCOME"))
    kind = str(extensions["KIND"] or Kind.OTHER)
    fields["kind"] = kind
    fields["format"] = str(extensions["FORMAT"] or Format.NONE)
    classification = str(component.get("CLASS", "PUBLIC")).upper()
    fields["visibility"] = str(
        extensions["VISIBILITY"] or (Visibility.PUBLIC if classification == "PUBLIC" else Visibility.RESTRICTED)
    )
    status = str(component.get("STATUS", "CONFIRMED")).upper()
    fields["status"] = {"TENTATIVE": Status.TENTATIVE, "CANCELLED": Status.CANCELLED}.get(status, Status.CONFIRMED)
    if extensions["KIND"] is not None:
        fields["description"] = str(extensions["DESCRIPTION"] or "")
    else:
        fields["description"] = str(component.get("DESCRIPTION", ""))
        if component.get("LOCATION") and not venues:
            fields["description"] = "\n\n".join(
                part for part in (fields["description"], f"Location: {component['LOCATION']}") if part
            )
    categories = [str(c) for c in component.categories]
    if extensions["KIND"] is not None and categories and categories[0] == Kind(kind).label:
        categories = categories[1:]
    fields["categories"] = tuple(c for c in categories if c and "," not in c and len(c) <= MAX_NAME)
    if extensions["LINK"] is not None:
        fields["url"] = str(extensions["LINK"])
    elif extensions["KIND"] is None and component.get("URL"):
        fields["url"] = str(component["URL"])
    related = component.get("RELATED-TO")
    if related is not None and str(getattr(related, "params", {}).get("RELTYPE", "PARENT")).upper() == "PARENT":
        fields["parent"] = str(related).removesuffix(f"@{uid_domain}")
    if "RRULE" in component:
        fields["rrule"] = component["RRULE"].to_ical().decode()
        fields["exdates"] = tuple(_read_exdates(component, fields))
    return ImportedEvent(
        uid=uid,
        fields=fields,
        venues=tuple(venues),
        participants=participants,
        sequence=int(component.get("SEQUENCE", 0)),
        created=_utc(component.get("CREATED")),
        updated=_utc(component.get("LAST-MODIFIED")),
        notes=tuple(notes),
    )


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


def _read_timing(component: icalendar.Event, home_zone: str, title: str, notes: list[str]) -> dict:
    start = component.start
    try:
        end = component.end
    except icalendar.InvalidCalendar:
        end = None
    if not isinstance(start, datetime):
        last = (end - timedelta(days=1)) if isinstance(end, date) and end > start else start
        return {"all_day": True, "first": start, "last": last, "timezone": home_zone}
    if end is None or not isinstance(end, datetime):
        end = start + timedelta(hours=1)
        notes.append(f"{title!r}: no end given; one hour assumed")
    start, start_zone = _zoned(start, home_zone, title, notes)
    end, end_zone = _zoned(end, home_zone, title, notes, quiet=True)
    return {
        "start": start,
        "end": end,
        "timezone": start_zone,
        "end_timezone": end_zone if end_zone != start_zone else None,
    }


def _zoned(value: datetime, home_zone: str, title: str, notes: list[str], quiet: bool = False):
    if value.tzinfo is None:
        if not quiet:
            notes.append(f"{title!r}: floating time read in {home_zone}")
        return value, home_zone
    tzid = tzid_from_dt(value)
    if tzid and _is_iana(tzid) and tzid != "UTC":
        return value.astimezone(ZoneInfo(tzid)), tzid
    if not quiet:
        reason = "UTC time" if tzid == "UTC" else f"zone {tzid!r} from the file"
        notes.append(f"{title!r}: {reason} shown in {home_zone}")
    return value.astimezone(ZoneInfo(home_zone)), home_zone


def _read_exdates(component: icalendar.Event, fields: dict) -> list[date | datetime]:
    values = []
    for exdate in _many(component, "EXDATE"):
        for item in exdate.dts:
            value = item.dt
            if isinstance(value, datetime) and value.tzinfo is None:
                value = value.replace(tzinfo=ZoneInfo(fields.get("timezone") or "UTC"))
            values.append(value)
    return values


def _utc(value) -> datetime | None:
    if value is None:
        return None
    moment = value.dt
    if not isinstance(moment, datetime):
        return None
    return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class ImportReport:
    """What an import did, and what it read differently from the file."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    notes: tuple[str, ...] = ()

    def __str__(self) -> str:
        counts = f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged"
        return counts + (f", {self.skipped} skipped" if self.skipped else "")


def import_ics(store, slug: str, data: bytes, *, uid_domain: str = DEFAULT_UID_DOMAIN) -> ImportReport:
    """Create or update the itinerary's events from an iCalendar file, by UID, in one transaction.

    A file event whose SEQUENCE is below the stored one is stale and skipped.
    On any refusal nothing is written and :class:`InvalidCalendar` says why.
    """
    from itinerary import services
    from itinerary.errors import NotFound
    from itinerary.model import EventSpec

    itinerary = services.get_itinerary(store, slug)
    parsed = parse_ics(data, home_zone=itinerary.timezone, uid_domain=uid_domain)
    notes = list(parsed.notes)
    counts = {"created": 0, "updated": 0, "unchanged": 0, "skipped": 0}
    in_file = {event.uid for event in parsed.events}
    try:
        with store.transaction():
            for event in parsed.events:
                for venue in event.venues:
                    services.put_venue(store, **_venue_fields(venue))
                for person in event.participants:
                    services.put_participant(
                        store, key=person.key, name=person.name, role=person.role, delegation=person.delegation
                    )
            for event in _parents_first(parsed.events):
                fields = dict(event.fields)
                parent = fields.get("parent")
                if parent and parent not in in_file and not _exists(services, store, slug, parent, NotFound):
                    notes.append(f"{fields['title']!r}: its parent {parent!r} is not in this itinerary; left out")
                    fields.pop("parent")
                spec = EventSpec(**fields)
                try:
                    current = services.get_event(store, slug, event.uid)
                except NotFound:
                    services.restore_event(
                        store,
                        slug,
                        event.uid,
                        spec,
                        sequence=event.sequence,
                        created=event.created,
                        updated=event.updated,
                    )
                    counts["created"] += 1
                    continue
                if event.sequence < current.sequence:
                    notes.append(f"{fields['title']!r}: the file's version is older than the stored one; skipped")
                    counts["skipped"] += 1
                    continue
                changed = services.update_event(store, slug, event.uid, spec)
                counts["updated" if changed.sequence != current.sequence else "unchanged"] += 1
    except InvalidCalendar:
        raise
    except InvalidInput as error:
        raise InvalidCalendar(f"an event cannot be imported: {error}") from None
    return ImportReport(**counts, notes=tuple(notes))


def _venue_fields(venue: Venue) -> dict:
    return {name: getattr(venue, name) for name in Venue.__slots__}


def _exists(services, store, slug: str, uid: str, not_found: type[Exception]) -> bool:
    try:
        services.get_event(store, slug, uid)
    except not_found:
        return False
    return True


def _parents_first(events: list[ImportedEvent]) -> list[ImportedEvent]:
    by_uid = {event.uid: event for event in events}
    ordered: list[ImportedEvent] = []
    placed: set[str] = set()

    def place(event: ImportedEvent, trail: frozenset[str]) -> None:
        if event.uid in placed:
            return
        parent = by_uid.get(event.fields.get("parent"))
        if parent is not None and parent.uid not in trail:
            place(parent, trail | {event.uid})
        placed.add(event.uid)
        ordered.append(event)

    for event in events:
        place(event, frozenset())
    return ordered
