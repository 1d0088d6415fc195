"""Import: bytes in, proposed events, problems and notes out. Pure: nothing here touches storage.

:mod:`itinerary.imports` checks the proposals against the stored events and writes them.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

from itinerary.errors import InvalidEvent, InvalidInput, Message, Typed
from itinerary.ical.export import _X, _param
from itinerary.ical.richtext import html_text
from itinerary.ical.words import WORDS
from itinerary.languages import LANGUAGES
from itinerary.model import (
    MAX_NAME,
    MAX_YEAR,
    MIN_YEAR,
    UID_RE,
    Format,
    Kind,
    Outcome,
    Override,
    Participant,
    Status,
    Timed,
    Venue,
    Visibility,
    _zone_names,
)

# What the parser and the values it makes raise on malformed input: a hostile
# file can reach any of them, and each becomes a refusal with its message.
_PARSER_ERRORS = (ValueError, KeyError, IndexError, TypeError, AttributeError, OverflowError)
MAX_IMPORT_BYTES = 2 * 1024 * 1024
MAX_IMPORT_EVENTS = 2000


class InvalidCalendar(InvalidInput):
    """An uploaded file that cannot be imported; nothing of it was stored."""

    def __init__(self, message: str):
        super().__init__("file", message)


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
    # The language of the title and description where SUMMARY and DESCRIPTION name one (LANGUAGE, RFC 5545 3.2.10).
    languages: tuple[tuple[str, str], ...] = ()
    # Texts in other languages besides (one SUMMARY, DESCRIPTION, LOCATION per LANGUAGE): (field, language, text).
    translations: tuple[tuple[str, str, str], ...] = ()

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


def parse_ics(data: bytes, *, home_zone: str, uid_domain: str, language: str = "en") -> ParsedCalendar:
    """Read an iCalendar file into proposed events, problems and notes; pure (no storage).

    :class:`InvalidCalendar` only for a file that cannot be read at all; an event
    that cannot be imported becomes a :class:`Problem` naming it, so that one
    upload reports every problem at once. ``language`` is the itinerary's own: of an event's texts in
    several languages (one SUMMARY per LANGUAGE), the one in it is the event's own text.
    """
    if len(data) > MAX_IMPORT_BYTES:
        raise InvalidCalendar(Message("the file is larger than %(most)s MiB", most=MAX_IMPORT_BYTES // 1024 // 1024))
    text = _decode(data)
    if not text.lstrip("\ufeff \r\n\t").upper().startswith("BEGIN:VCALENDAR"):
        raise InvalidCalendar(Message("this is not an iCalendar file (it must begin with BEGIN:VCALENDAR)"))
    try:
        calendars = icalendar.Calendar.from_ical(text, multiple=True)
        if len(calendars) != 1 or calendars[0].name != "VCALENDAR":
            raise InvalidCalendar(
                Message("the iCalendar structure is broken: the file must hold exactly one complete VCALENDAR")
            )
        calendar = calendars[0]
        components = calendar.walk("VEVENT")
        skipped = {"to-do": len(calendar.walk("VTODO")), "journal": len(calendar.walk("VJOURNAL"))}
        zones = _Zones(calendar, home_zone)
    except InvalidCalendar:
        raise
    except _PARSER_ERRORS as error:
        raise InvalidCalendar(
            Message("the iCalendar structure is broken: %(error)s", error=str(error) or type(error).__name__)
        ) from None
    if len(components) > MAX_IMPORT_EVENTS:
        raise InvalidCalendar(
            Message(
                "the file holds %(count)s events; at most %(most)s at once",
                count=len(components),
                most=MAX_IMPORT_EVENTS,
            )
        )
    parsed = ParsedCalendar(skipped={name: count for name, count in skipped.items() if count})
    lines = _component_lines(text, "VEVENT")
    changes: list[tuple[ImportedEvent, date | datetime]] = []
    for number, component in enumerate(components):
        line = lines[number] if number < len(lines) else None
        try:
            event, recurrence_id = _read_event(component, zones, uid_domain, line, language)
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
        which = _joined(
            [
                Message("%(title)s at line %(line)s", title=Typed(e.title), line=e.line) if e.line else Typed(e.title)
                for e in events
            ]
        )
        for event in events:
            message = Message(
                "%(count)s events in the file have the UID %(uid)s (%(which)s); rename all but one",
                count=len(events),
                uid=uid,
                which=which,
            )
            parsed.problems.append(event.problem("uid", message))
    parsed.events[:] = [event for event in parsed.events if len(by_uid[event.uid]) == 1]


def _joined(items: list) -> str:
    """Items (names, messages) in a list separated by commas, as a message the web says in the page's language.

    >>> str(_joined(["PRIORITY", Message("an alarm (VALARM)")]))
    'PRIORITY, an alarm (VALARM)'
    """
    if len(items) == 1:
        return items[0]
    return Message("%(first)s, %(rest)s", first=items[0], rest=_joined(items[1:]))


def _attach_changes(parsed: ParsedCalendar, changes: list[tuple[ImportedEvent, date | datetime]]) -> None:
    """Turn RECURRENCE-ID components into overrides of their series."""
    series = {event.uid: event for event in parsed.events}
    overrides: dict[str, list[Override]] = {}
    for change, recurrence_id in changes:
        master = series.get(change.uid)
        if master is None or not (master.fields.get("rrule") or master.fields.get("rdates")):
            if not any(p.uid == change.uid for p in parsed.problems):
                parsed.notes.append(
                    Message(
                        "%(title)s (line %(line)s) changes an occurrence of a series not in the file; left out",
                        title=Typed(change.title),
                        line=change.line,
                    )
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


# A fold (a line break and a space or tab) followed by UTF-8 continuation bytes: it fell inside a character.
_SPLIT_FOLD = re.compile(rb"(\r?\n[ \t])([\x80-\xbf]+)")


def _decode(data: bytes) -> str:
    # RFC 5545 (3.1): simple producers fold lines inside a multi-octet character, and unfolding must restore
    # it. The character's continuation bytes move before the fold, so every line keeps its number.
    data = _SPLIT_FOLD.sub(rb"\2\1", data)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidCalendar(Message("the file is not UTF-8 text")) from None


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
            return WINDOWS_TO_OLSON[tzid], Message(
                "Windows zone %(zone)s read as %(iana)s", zone=Typed(tzid), iana=WINDOWS_TO_OLSON[tzid]
            )
        if tzid.startswith("/"):  # a "globally unique" TZID: /vendor/.../Europe/Berlin (RFC 5545, 3.2.19)
            parts = tzid.strip("/").split("/")
            for first in range(1, len(parts)):
                name = "/".join(parts[first:])
                if _is_iana(name):
                    return name, Message("zone %(zone)s read as %(iana)s", zone=Typed(tzid), iana=name)
        if tzid not in self.defined:
            raise InvalidEvent(
                "timezone",
                Message("time zone %(zone)s is neither an IANA zone nor defined in the file", zone=Typed(tzid)),
            )
        key = (tzid, since.date(), until.date())
        if key not in self._found:
            custom = self.defined[tzid].to_tz(lookup_tzid=False)
            name = _equivalent_zone(tzid, custom, since, until)
            if name is None:
                self._found[key] = (
                    None,
                    Message("zone %(zone)s from the file matches no IANA zone; kept as UTC instants", zone=Typed(tzid)),
                )
            else:
                self._found[key] = (
                    name,
                    Message(
                        "zone %(zone)s from the file read as %(iana)s (the same offsets)", zone=Typed(tzid), iana=name
                    ),
                )
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
    component: icalendar.Event, zones: _Zones, uid_domain: str, line: int | None, own: str = "en"
) -> tuple[ImportedEvent, date | datetime | None]:
    """One VEVENT as a proposed event and its RECURRENCE-ID, or :class:`_Refused` with every problem found."""
    written_uid = str(component.get("UID", "")).strip()
    titles = _texts(component, "SUMMARY")
    title_tag, title = _own_text(titles, own)
    title = title.strip() or "(untitled)"
    errors: dict[str, str] = {}
    notes: list[str] = []
    name = Typed(title)

    def refuse(field_name: str, message: str) -> None:
        errors.setdefault(field_name, message)

    uid = written_uid.removesuffix(f"@{uid_domain}")
    foreign = uid == written_uid
    if not written_uid:
        refuse("uid", Message("the event has no UID"))
    elif not UID_RE.match(uid):
        refuse("uid", Message("a UID we keep is 1 to 255 printable ASCII characters without spaces or '/'"))
    sequence = 0
    try:
        sequence = int(str(component.get("SEQUENCE", "0")).strip())
        if not 0 <= sequence <= MAX_SEQUENCE:
            refuse(
                "sequence",
                Message("%(value)s is not a whole number from 0 to %(most)s", value=sequence, most=MAX_SEQUENCE),
            )
    except ValueError:
        refuse(
            "sequence",
            Message(
                "%(value)s is not a whole number from 0 to %(most)s",
                value=Typed(component.get("SEQUENCE")),
                most=MAX_SEQUENCE,
            ),
        )
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
        refuse("start", Message("cannot be read: %(error)s", error=str(error) or type(error).__name__))
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
        refuse("venue", Message("cannot be read: %(error)s", error=str(error) or type(error).__name__))
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
    if component.get(_X + "TRAVEL-MODE") is not None:
        fields["mode"] = str(component.get(_X + "TRAVEL-MODE"))
    classification = str(component.get("CLASS", "PUBLIC")).upper()
    fields["visibility"] = str(
        extensions["VISIBILITY"] or (Visibility.PUBLIC if classification == "PUBLIC" else Visibility.RESTRICTED)
    )
    status = str(component.get("STATUS", "CONFIRMED")).upper()
    fields["status"] = {"TENTATIVE": Status.TENTATIVE, "CANCELLED": Status.CANCELLED}.get(status, Status.CONFIRMED)
    descriptions = _texts(component, "DESCRIPTION")
    description_tag, _ = _own_text(descriptions, own)
    translations = [("title", tag, text.strip()) for tag, text in _other_texts(titles, own, title_tag).items()]
    if ours:
        fields["description"] = str(extensions["DESCRIPTION"] or "")
    else:
        translations += _described(fields, descriptions, [] if venues else _texts(component, "LOCATION"), own)
    # Before ``component.categories``, which joins every CATEGORIES line into one (losing their LANGUAGE).
    # An unknown kind is refused with the other fields (when the spec is built), not here.
    known = kind in {k.value for k in Kind}
    # Our feeds give the kind's label first, in the feed's language (itinerary.ical.words).
    labels = {words.kinds[Kind(kind)] for words in WORDS.values()} if ours and known else set()
    languages = _languages(component, labels, {"title": title_tag, "description": description_tag})
    categories = [str(c) for c in component.categories]
    if categories and categories[0] in labels:
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
            dropped.append(Message("URL %(url)s (not an absolute http(s) address)", url=Typed(url, 80)))
    related = component.get("RELATED-TO")
    if related is not None and str(getattr(related, "params", {}).get("RELTYPE", "PARENT")).upper() == "PARENT":
        fields["parent"] = str(related).removesuffix(f"@{uid_domain}")
    if dropped:
        notes.append(Message("%(title)s: dropped %(what)s", title=name, what=_joined(dropped)))
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
        languages=languages,
        translations=tuple(translations),
    )
    return event, recurrence_id


def _languages(
    component: icalendar.Event, kind_labels: Iterable[str] = (), chosen: dict[str, str] | None = None
) -> tuple[tuple[str, str], ...]:
    """(field, language) of the title, description, categories and outcomes whose LANGUAGE names one of ours
    (``ru-RU`` is ``ru``): of the title and description, the language of the text taken as the own (``chosen``).
    The categories have one when every CATEGORIES line says the same (our own kind's label, one of
    ``kind_labels``, on a line of its own in a feed of one language, aside); the outcomes when every
    X-ITINERARY-OUTCOME does."""
    found = [(name, tag) for name, tag in (chosen or {}).items() if tag in LANGUAGES]
    lines = component.get("CATEGORIES")
    lines = lines if isinstance(lines, list) else [] if lines is None else [lines]
    labels = [[label] for label in kind_labels]
    tags = {_language_tag(line) for line in lines if [str(c) for c in line.cats] not in labels}
    if len(tags) == 1 and (tag := tags.pop()) in LANGUAGES:
        found.append(("categories", tag))
    outcomes = {_language_tag(line) for line in _many(component, _X + "OUTCOME")}
    if len(outcomes) == 1 and (tag := outcomes.pop()) in LANGUAGES:  # a feed of ours in one language
        found.append(("outcomes", tag))
    return tuple(found)


def _texts(component: icalendar.Event, name: str) -> list[tuple[str, str]]:
    """Every line of a text property as (language, text), in the file's order: some producers write one SUMMARY
    per LANGUAGE. A language that is none of ours (or none) is ""."""
    value = component.get(name)
    lines = value if isinstance(value, list) else [] if value is None else [value]
    found = []
    for line in lines:
        tag = _language_tag(line)
        found.append((tag if tag in LANGUAGES else "", str(line)))
    return found


def _own_text(lines: list[tuple[str, str]], own: str) -> tuple[str, str]:
    """The (language, text) that is the event's own: the line in the itinerary's own language, else one that
    names no language of ours, else the first (the README's Languages: text in another language becomes that
    language's, and a new event takes it as its own too). ("", "") without a line.

    >>> _own_text([("ru", "Брифинг"), ("en", "Briefing")], "en"), _own_text([("zh", "吹风会")], "en")
    (('en', 'Briefing'), ('zh', '吹风会'))
    """
    for wanted in (own, ""):
        for tag, text in lines:
            if tag == wanted:
                return tag, text
    return lines[0] if lines else ("", "")


def _other_texts(lines: list[tuple[str, str]], own: str, chosen: str) -> dict[str, str]:
    """The texts in our other languages than the own and the one taken as the own, the first of each."""
    found: dict[str, str] = {}
    for tag, text in lines:
        if tag and tag not in (own, chosen):
            found.setdefault(tag, text)
    return found


def _described(
    fields: dict, descriptions: list[tuple[str, str]], locations: list[tuple[str, str]], own: str
) -> list[tuple[str, str, str]]:
    """A file's description as text (HTML, as Google writes it, read as text) with its place (LOCATION, where
    no venue of ours names it) as a paragraph of its own, into ``fields``; and as (field, language, text) the
    same in each other language the description is in (or the place, when there is no description), the place
    from the own text where it has no line in that language. A language with neither keeps to the own text whole
    (its fallback marked as such), never half in another language."""
    descriptions = [(tag, html_text(text).strip()) for tag, text in descriptions]
    locations = [(tag, text.strip()) for tag, text in locations]
    description_tag, description = _own_text(descriptions, own)
    # The place in the description's language where the description is not in the own (one text, one language).
    location_tag, location = _own_text(locations, own if description_tag in ("", own) else description_tag)

    def joined(*parts: str) -> str:
        return "\n\n".join(part for part in parts if part)

    fields["description"] = joined(description, location)
    other_descriptions = _other_texts(descriptions, own, description_tag)
    other_locations = _other_texts(locations, own, location_tag)
    languages = other_descriptions if description else {**other_descriptions, **other_locations}
    return [
        ("description", tag, joined(other_descriptions.get(tag, ""), other_locations.get(tag, location)))
        for tag in languages
    ]


def _language_tag(value) -> str:
    """The language a property's LANGUAGE parameter names, without its region (``zh-CN`` is ``zh``); or ""."""
    return str(getattr(value, "params", {}).get("LANGUAGE", "")).split("-")[0].lower()


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
        names.append(Message("an alarm (VALARM)") if sub.name == "VALARM" else sub.name)
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
        raise InvalidEvent("start", Message("the event has no DTSTART"))
    start_property = component["DTSTART"]
    start = start_property.dt
    end = _exact_end(component, start)  # DTEND, or DTSTART + DURATION, or RFC 5545's default (3.6.1)
    end_property = component.get("DTEND")
    names = ("start", "end") if isinstance(start, datetime) else ("first", "last")
    for field_name, value in zip(names, (start, end), strict=True):
        if not MIN_YEAR <= value.year <= MAX_YEAR:  # the rule every stored date keeps (before any arithmetic)
            raise InvalidEvent(
                field_name, Message("must be in the years %(first)s to %(last)s", first=MIN_YEAR, last=MAX_YEAR)
            )
    if not isinstance(start, datetime):
        if isinstance(end, datetime):
            raise InvalidEvent("end", Message("an all-day event (DTSTART is a DATE) ends on a DATE"))
        last = (end - timedelta(days=1)) if end > start else start
        return {"all_day": True, "first": start, "last": last, "timezone": zones.home}
    if not isinstance(end, datetime):
        raise InvalidEvent("end", Message("a timed event (DTSTART is a DATE-TIME) ends at a DATE-TIME"))
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
        if note and (said := Message("%(title)s: %(note)s", title=name, note=note)) not in notes:
            notes.append(said)
        if iana is None:
            return value.astimezone(UTC).astimezone(ZoneInfo("UTC")), "UTC"
        return _wall_time(value.replace(tzinfo=None), iana), iana
    if value.tzinfo is not None:  # a UTC DATE-TIME (a trailing Z): the series stays a UTC series
        return value.astimezone(ZoneInfo("UTC")), "UTC"
    note = Message("%(title)s: floating time placed in %(zone)s", title=name, zone=zones.home)
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
            raise InvalidEvent("rrule", Message("the event has more than one RRULE; RFC 5545 allows one"))
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
        notes.append(
            Message("%(title)s: the series' end (UNTIL) read as the date %(date)s", title=name, date=until.isoformat())
        )
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
