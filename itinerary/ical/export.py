"""Export: domain values to iCalendar components and bytes, built with the ``icalendar`` library.

Pure functions: nothing here reads or writes storage. Fields the RFC has no
property for travel as ``X-ITINERARY-*`` properties, so that our own export
imports back without loss; other producers' files work without them.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from urllib.parse import quote, unquote

import icalendar

from itinerary import recurrence
from itinerary.ical.timezones import feed_years, timezone_component
from itinerary.ical.words import words_in
from itinerary.languages import DEFAULT, Library, localized_itinerary
from itinerary.model import (
    AllDay,
    Event,
    Itinerary,
    Status,
    Timed,
    Venue,
    is_repeated,
)

PRODID = "-//Itinerary//Itinerary scheduling service 1.0//EN"
DEFAULT_UID_DOMAIN = "itinerary.invalid"
_X = "X-ITINERARY-"
# X- properties are TEXT by default (RFC 5545, 3.8.8.2); saying so makes parsers unescape them.
_TEXT = {"VALUE": "TEXT"}
_STATUS = {
    Status.CONFIRMED: icalendar.STATUS.CONFIRMED,
    Status.TENTATIVE: icalendar.STATUS.TENTATIVE,
    Status.CANCELLED: icalendar.STATUS.CANCELLED,
}


@dataclass(frozen=True, slots=True)
class FeedSettings:
    """What a feed needs besides the events: where it lives and how often to poll it."""

    uid_domain: str = DEFAULT_UID_DOMAIN
    base_url: str = "http://127.0.0.1:8000"
    ttl: timedelta = timedelta(hours=1)
    # "": the itinerary's own language, its texts without LANGUAGE parameters; else the language asked for
    # (en, ru, zh), each text with a LANGUAGE parameter naming the language it is really in (a fallback's own).
    language: str = ""
    # The itinerary's own language: the one a feed without ``language`` writes its own words in ("Format: …").
    own: str = DEFAULT


# The properties whose text a feed gives per language, by the domain's name of the text.
_LANGUAGE_TEXTS = (("SUMMARY", "title"), ("DESCRIPTION", "description"), ("LOCATION", "location"))


def _mark_languages(component, languages: Mapping[str, str] | None, names=_LANGUAGE_TEXTS) -> None:
    """Give each text property its LANGUAGE parameter (RFC 5545, 3.2.10) from ``languages``."""
    for prop, text in names if languages else ():
        if prop in component and text in languages:
            component[prop].params["LANGUAGE"] = languages[text]


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


def details(event: Event, language: str = DEFAULT) -> str:
    """The readable lines appended to the description, in ``language``: format, places, participants,
    outcomes, link (their words from :mod:`itinerary.ical.words`)."""
    words = words_in(language)
    lines = []
    if event.format in words.formats:
        lines.append((words.format, words.formats[event.format]))
    if event.destination is not None and event.venue is not None:
        lines.append((words.origin, words.place(event.venue)))
        lines.append((words.destination, words.place(event.destination)))
    if event.mode is not None:
        lines.append((words.travel, words.modes[event.mode]))
    if event.participants:
        lines.append((words.participants, words.between.join(words.participant(p) for p in event.participants)))
    if event.outcomes:
        lines.append((words.outcomes, words.between.join(words.outcome(o) for o in event.outcomes)))
    if event.url:
        lines.append((words.more, event.url))
    return "\n".join(words.line.format(label=label, value=value) for label, value in lines)


def _description(event: Event, language: str = DEFAULT) -> str:
    extra = details(event, language)
    if event.description and extra:
        return f"{event.description}\n\n{extra}"
    return event.description or extra


def event_component(
    event: Event,
    *,
    now: datetime,
    settings: FeedSettings,
    languages: Mapping[str, str] | None = None,
    stored: Event | None = None,
) -> icalendar.Event:
    """One VEVENT for an event, stamped ``now``; ``languages``: the language of each text, for LANGUAGE.

    ``stored``: the event as stored, where ``event`` names its venues and people in the own language (the own
    feed): the ``X-ITINERARY-`` properties an import reads back keep the stored names, never written over.
    """
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
    said_in = settings.language or settings.own
    kind_label = words_in(said_in).kinds[event.kind]  # the kind in the feed's language, the first category
    if languages and not event.description:  # the description is the readable lines alone, in the feed's words
        languages = {**languages, "description": said_in}
    # In a feed of one language the event's own categories are a CATEGORIES of their own, with the LANGUAGE
    # they are in (RFC 5545, 3.8.1.2 allows several); the kind's label, the service's word, stays apart.
    apart = bool(languages and "categories" in languages and event.categories)
    component = icalendar.Event.new(
        uid=full_uid(event.uid, settings, foreign=event.foreign_uid),
        summary=event.title,
        start=_unambiguous(start, event.rrule),
        end=None if exact else _unambiguous(end, event.rrule),
        stamp=now.astimezone(UTC),
        created=event.created.astimezone(UTC) if event.created else None,
        last_modified=event.updated.astimezone(UTC) if event.updated else None,
        sequence=event.sequence,
        description=_description(event, said_in) or None,
        location=_location(event, said_in),
        categories=[kind_label] if apart else [kind_label, *event.categories],
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
    if apart:
        component.add("categories", list(event.categories), parameters={"LANGUAGE": languages["categories"]})
    _add_extensions(component, stored or event, (languages or {}).get("outcomes", ""))
    _mark_languages(component, languages)
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


def event_components(
    event: Event,
    *,
    now: datetime,
    settings: FeedSettings,
    languages: Mapping[str, str] | None = None,
    stored: Event | None = None,
) -> list[icalendar.Event]:
    """The VEVENT of an event, then one VEVENT with RECURRENCE-ID for each changed occurrence.

    Occurrences that clients read differently from the rule alone (in an hour
    the clocks skip or repeat, see :func:`recurrence.unclear`) also get their
    own VEVENT, with the times they take place, so every client shows them alike.
    """
    components = [event_component(event, now=now, settings=settings, languages=languages, stored=stored)]
    changed = {override.key for override in event.overrides}
    for written, occurrence in recurrence.unclear(event.timing, event.rrule, event.exdates):
        if occurrence.start.astimezone(UTC) in changed:
            continue
        plain = dataclasses.replace(event, timing=occurrence, rrule="", exdates=(), rdates=(), overrides=())
        component = event_component(plain, now=now, settings=settings, languages=languages, stored=stored)
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
        # An occurrence's own title is in the itinerary's own language, as the series' own title is.
        own = {**languages, "title": languages.get("own", "")} if languages and override.title else languages
        component = event_component(changed_event, now=now, settings=settings, languages=own, stored=stored)
        component.add("recurrence-id", recurrence.as_written(event.timing, override.recurrence_id))
        components.append(component)
    return components


def _location(event: Event, language: str) -> str | None:
    if event.venue is None:
        return None
    words = words_in(language)
    if event.destination is not None:
        return f"{words.place(event.venue)} → {words.place(event.destination)}"
    return words.place(event.venue)


def _add_extensions(component: icalendar.Event, event: Event, outcomes_language: str = "") -> None:
    """The ``X-ITINERARY-`` properties an import reads back; the outcomes with their ``LANGUAGE`` in a feed of
    one language (``outcomes_language``), as the texts have theirs."""
    component.add(_X + "KIND", event.kind.value)
    component.add(_X + "FORMAT", event.format.value)
    component.add(_X + "VISIBILITY", event.visibility.value)
    if event.mode is not None:
        component.add(_X + "TRAVEL-MODE", event.mode.value)
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
        said = {"LANGUAGE": outcomes_language} if outcomes_language else {}
        component.add(_X + "OUTCOME", outcome.title, parameters={**_TEXT, **said, **_params({"X-AREA": outcome.area})})
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
    library: Library | None = None,
) -> icalendar.Calendar:
    """The calendar of ``events`` with a VTIMEZONE for every zone they use.

    Restricted events are left out unless ``include_restricted``; then they carry
    CLASS:CONFIDENTIAL. With ``settings.language``, texts are in that language from ``library``
    (falling back to the itinerary's own), each with its LANGUAGE parameter.
    """
    settings = dataclasses.replace(settings, own=itinerary.language)
    events = [e for e in events if include_restricted or not e.restricted]
    zones = {zone for e in events if isinstance(e.timing, Timed) for zone in (e.timing.timezone, e.timing.end_timezone)}
    head = localized_itinerary(itinerary, (library or Library()).itinerary, settings.language or itinerary.language)
    shown = head.value if settings.language else itinerary
    calendar = _calendar_shell(
        shown, settings, name, zones, _year_span(events), head.languages if settings.language else None
    )
    texts = library or Library(itinerary.language)
    for event in events:
        stored = None
        if settings.language:
            localized = texts.event(event, settings.language)
            shown, languages = localized.value, localized.languages
        else:  # venues and people (shared by itineraries of every language) in the own language where they have it
            shown, languages = texts.event(event, itinerary.language).value, None
            stored = event
        for component in event_components(shown, now=now, settings=settings, languages=languages, stored=stored):
            calendar.add_component(component)
    return calendar


def _calendar_shell(
    itinerary: Itinerary,
    settings: FeedSettings,
    name: str | None,
    zones: Iterable[str],
    years: tuple[int, int],
    languages: Mapping[str, str] | None = None,
) -> icalendar.Calendar:
    """The calendar's own properties and the VTIMEZONE of each of ``zones``, without events.

    ``languages``: the language of the itinerary's title and summary, for their LANGUAGE parameters.
    """
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
    names = (("NAME", "title"), ("X-WR-CALNAME", "title"), ("DESCRIPTION", "summary"), ("X-WR-CALDESC", "summary"))
    _mark_languages(calendar, languages, names)
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
