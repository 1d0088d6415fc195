"""iCalendar export and import, built with the ``icalendar`` library throughout.

This is the only module that speaks RFC 5545 (SUMMARY, DTSTART, VTIMEZONE...);
the rest of the domain says title, start and zone.

Fields the RFC has no property for travel as ``X-ITINERARY-*`` properties, so
that our own export imports back without loss; other producers' files work
without them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import icalendar
from icalendar.timezone import tzid_from_dt

from itinerary.errors import InvalidInput
from itinerary.model import (
    MAX_NAME,
    AllDay,
    Event,
    Format,
    Itinerary,
    Kind,
    Outcome,
    Participant,
    Status,
    Timed,
    Venue,
    Visibility,
)

PRODID = "-//Itinerary//Itinerary scheduling service 1.0//EN"
MAX_IMPORT_BYTES = 2 * 1024 * 1024
MAX_IMPORT_EVENTS = 2000
_X = "X-ITINERARY-"
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

    uid_domain: str = "itinerary.invalid"
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
        component.add(_X + "DESCRIPTION", event.description)
    for name, venue in (("VENUE", event.venue), ("DESTINATION", event.destination)):
        if venue is not None:
            component.add(_X + name, venue.key, parameters=_venue_parameters(venue))
    for person in event.participants:
        component.add(
            _X + "PARTICIPANT",
            person.key,
            parameters={"X-NAME": person.name, "X-ROLE": person.role, "X-DELEGATION": person.delegation},
        )
    for outcome in event.outcomes:
        component.add(_X + "OUTCOME", outcome.title, parameters={"X-AREA": outcome.area})
    if event.url:
        component.add(_X + "LINK", event.url)


def _venue_parameters(venue: Venue) -> dict[str, str]:
    parameters = {"X-NAME": venue.name, "X-CITY": venue.city, "X-COUNTRY": venue.country, "X-TZID": venue.timezone}
    if venue.latitude is not None:
        parameters["X-GEO"] = f"{venue.latitude};{venue.longitude}"
    return parameters


@lru_cache(maxsize=256)
def timezone_component(tzid: str, first_year: int, last_year: int) -> bytes:
    """The VTIMEZONE of an IANA zone for the given years, serialized once and reused."""
    component = icalendar.Timezone.from_tzid(tzid, first_date=date(first_year, 1, 1), last_date=date(last_year, 1, 1))
    return component.to_ical()


def _year_span(events: Sequence[Event]) -> tuple[int, int]:
    if not events:
        return 1970, 1971
    firsts = [e.timing.instants()[0].year for e in events]
    lasts = [e.timing.instants()[1].year for e in events]
    open_ended = any(e.rrule and "COUNT=" not in e.rrule and "UNTIL=" not in e.rrule for e in events)
    last = max(lasts) + (20 if open_ended else 2)
    return min(firsts) - 1, last


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
    calendar.add("x-published-ttl", icalendar.vDuration(settings.ttl))
    calendar.add("x-wr-timezone", itinerary.timezone)
    first_year, last_year = _year_span(events)
    zones = sorted(
        {zone for e in events if isinstance(e.timing, Timed) for zone in (e.timing.timezone, e.timing.end_timezone)}
    )
    for tzid in zones:
        calendar.add_component(
            icalendar.Calendar.from_ical(
                b"BEGIN:VCALENDAR\r\n" + timezone_component(tzid, first_year, last_year) + b"END:VCALENDAR\r\n"
            ).walk("VTIMEZONE")[0]
        )
    for event in events:
        calendar.add_component(event_component(event, now=now, settings=settings))
    return calendar


def to_ics(calendar: icalendar.Calendar) -> bytes:
    """The calendar's bytes: CRLF lines folded at 75 octets, by the library."""
    return calendar.to_ical()


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
    except (ValueError, KeyError, IndexError, TypeError) as error:
        raise InvalidCalendar(f"the iCalendar structure is broken: {error}") from None
    if len(calendars) != 1 or calendars[0].name != "VCALENDAR":
        raise InvalidCalendar("the iCalendar structure is broken: the file must hold exactly one complete VCALENDAR")
    calendar = calendars[0]
    unknown = sorted(tzid for tzid in calendar.get_missing_tzids() if not _is_iana(tzid))
    if unknown:
        raise InvalidCalendar(f"time zone {unknown[0]!r} is neither an IANA zone nor defined in the file")
    components = calendar.walk("VEVENT")
    if len(components) > MAX_IMPORT_EVENTS:
        raise InvalidCalendar(f"the file holds {len(components)} events; at most {MAX_IMPORT_EVENTS} at once")
    parsed = ParsedCalendar()
    for number, component in enumerate(components, 1):
        if "RECURRENCE-ID" in component:
            parsed.notes.append(f"event #{number}: a change to one occurrence was left out (not supported yet)")
            continue
        try:
            parsed.events.append(_read_event(component, home_zone, uid_domain))
        except (ValueError, KeyError, TypeError, AttributeError) as error:
            raise InvalidCalendar(f"event #{number} ({component.get('SUMMARY', 'untitled')}): {error}") from None
    for event in parsed.events:
        parsed.notes.extend(event.notes)
    return parsed


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
            str(p), p.params.get("X-NAME", str(p)), p.params.get("X-ROLE", ""), p.params.get("X-DELEGATION", "")
        )
        for p in _many(component, _X + "PARTICIPANT")
    )
    fields["participants"] = tuple(p.key for p in participants)
    fields["outcomes"] = tuple(Outcome(str(o), o.params.get("X-AREA", "")) for o in _many(component, _X + "OUTCOME"))
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
        name=parameters.get("X-NAME", str(value)),
        city=parameters.get("X-CITY", ""),
        country=parameters.get("X-COUNTRY", ""),
        timezone=parameters.get("X-TZID", "UTC"),
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


def import_ics(store, slug: str, data: bytes, *, uid_domain: str = FeedSettings.uid_domain) -> ImportReport:
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
