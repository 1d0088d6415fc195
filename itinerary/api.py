"""The JSON API's answers: what a caller may see of itineraries and their events, as JSON bytes with validators.

The pydantic models below are both the serializers and the schemas: :func:`openapi_document` builds the
OpenAPI 3.1 document from them (pydantic writes JSON Schema 2020-12, the dialect OpenAPI 3.1 uses as it is),
so the document and the answers cannot drift apart. Times are RFC 3339 with the offset in force where the
event takes place, each with its IANA zone name; all-day events carry their dates too.

Every read of what a caller may see goes through :func:`_visible_events`, so that one function decides it.
An answer's bytes depend on nothing but the stored state its audience sees (the stamp the feeds use,
:meth:`Store.feed_changed`), the filter and the base URL: its ETag is a hash of the bytes, and it is kept in
the app's one cache of answers under that key, like a feed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal, NamedTuple, TypeVar
from urllib.parse import quote
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, Field
from pydantic.json_schema import models_json_schema

from itinerary import audiences, occurrences, recurrence, services
from itinerary.cache import Answers
from itinerary.errors import FeedNotFound, InvalidToken, ItineraryNotFound
from itinerary.feeds import FILTERS, FeedFilter, InvalidFilter, audience_stamp
from itinerary.model import AllDay, Event, Format, Itinerary, Kind, Status, Timing, Venue, Visibility

VERSION = "v1"
MAX_OCCURRENCES = 500  # occurrences listed per series; a longer series says it was cut ("truncated")
_UID_SAFE = "@-._~!$&'()*+,;=:"  # as in the feeds' event links (itinerary.ical.export)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Time(_Model):
    """A start or an end: the instant with its UTC offset, and the IANA zone it is given in."""

    datetime: dt.datetime = Field(
        description="RFC 3339 with the UTC offset in force in `timezone` (midnight for an all-day event)",
        examples=["2018-06-08T09:45:00+08:00"],
    )
    timezone: str = Field(description="IANA time zone name", examples=["Asia/Shanghai"])
    date: dt.date | None = Field(
        description="All-day events only: the day; an end is the day after the last, as in iCalendar"
    )


class Place(_Model):
    """A venue with its zone and coordinates (WGS 84 degrees)."""

    key: str
    name: str
    city: str
    country: str
    timezone: str = Field(description="IANA time zone name")
    latitude: float = Field(ge=-90, le=90)
    longitude: float = Field(ge=-180, le=180)


class Person(_Model):
    """A participant with a role and a delegation."""

    key: str
    name: str
    role: str
    delegation: str


class Result(_Model):
    """A document signed or a statement adopted at an event."""

    title: str
    area: str


class Occurrence(_Model):
    """One occurrence of a recurring event, changes to it applied."""

    id: str = Field(description="The original start as in the occurrence's address: 20180608T020000Z or 20180608")
    original_start: Time
    start: Time
    end: Time
    title: str
    status: Status
    moved: bool = Field(description="Whether it takes place at another time than the rule gives")


class Recurrence(_Model):
    """How an event repeats: the rule as written and in words, and its occurrences in the requested window."""

    rule: str = Field(description="The RFC 5545 RRULE value; empty when only extra dates are given")
    text: str = Field(description="The rule in words", examples=["every day until 10 June"])
    extra_dates: list[dt.datetime | dt.date] = Field(description="RDATE: occurrences added to the rule's")
    excluded_dates: list[dt.datetime | dt.date] = Field(description="EXDATE: occurrences left out")
    occurrences: list[Occurrence] = Field(
        description="The occurrences overlapping the window asked for with from/to (all when none is), by start"
    )
    truncated: bool = Field(
        description=f"Whether more occurrences than the {MAX_OCCURRENCES} listed fall in the window"
    )


class EventLinks(_Model):
    """Where the event lives on the site."""

    page: str
    ics: str


class EventOut(_Model):
    """One event of an itinerary, as the caller may see it."""

    id: str = Field(description="The event's UID; never changes")
    title: str
    kind: Kind
    format: Format
    status: Status
    visibility: Visibility = Field(description="restricted events are shown only to a bearer of the private token")
    sequence: int = Field(ge=0, description="Grows with every change a subscriber should see")
    created: dt.datetime | None
    last_modified: dt.datetime | None = Field(description="The last change, in UTC")
    all_day: bool
    start: Time
    end: Time
    description: str
    venue: Place | None
    destination: Place | None = Field(description="Travel legs: where they end")
    participants: list[Person]
    categories: list[str]
    outcomes: list[Result]
    url: str = Field(description="A link the editors gave (an organizer's page), or empty")
    parent: str | None = Field(description="The id of the event this one is part of (a session's summit)")
    children: list[str] = Field(description="The ids of the events that are part of this one")
    recurrence: Recurrence | None
    links: EventLinks


class Links(_Model):
    """Where the itinerary lives on the site and in the API."""

    page: str
    ics: str = Field(description="The public calendar feed")
    api: str


class ItinerarySummary(_Model):
    """An itinerary without its events."""

    slug: str
    title: str
    summary: str
    timezone: str = Field(description="The home IANA time zone")
    visibility: Visibility
    last_modified: dt.datetime | None = Field(description="When what the caller sees last changed")
    links: Links


class Filter(_Model):
    """The filters applied, as given (null: not given)."""

    participant: str | None
    kind: Kind | None
    category: str | None
    since: dt.date | None = Field(serialization_alias="from", description="The first day, in the home zone")
    until: dt.date | None = Field(serialization_alias="to", description="The last day, in the home zone")
    delegation: str | None = Field(default=None, description="The delegation, as its key (its name in lower case)")


class ItineraryOut(ItinerarySummary):
    """An itinerary with the events the caller may see that pass the filters, by start."""

    filter: Filter
    events: list[EventOut]


class ItineraryList(_Model):
    """The itineraries the caller may see, by title."""

    itineraries: list[ItinerarySummary]


class ErrorDetail(_Model):
    """What went wrong, with the query parameter to correct when there is one."""

    code: Literal[
        "invalid_parameter", "invalid_token", "not_found", "method_not_allowed", "bad_request", "unavailable", "error"
    ]
    message: str
    field: str | None = Field(description="The query parameter at fault")


class Error(_Model):
    """An error answer."""

    error: ErrorDetail


# Reading: the one place that decides what a caller sees


def _visible_events(store, slug: str, audience: str) -> tuple[Itinerary, list[Event]]:
    """The itinerary and every event of it as ``audience`` sees it (:func:`itinerary.audiences.visible`:
    busy ones as their stand-ins); "not found" for a restricted itinerary unless ``audience`` is staff
    (the same answer as for an itinerary that does not exist)."""
    itinerary = services.get_itinerary(store, slug)
    if not audiences.itinerary_visible(itinerary.visibility, audience):
        raise ItineraryNotFound(slug)
    return itinerary, audiences.visible(services.list_events(store, slug), audience)


def _visible_itineraries(store, opened: str | None) -> list[Itinerary]:
    """The public itineraries, and the one a bearer token opens."""
    return [
        i
        for i in services.list_itineraries(store, include_restricted=opened is not None)
        if i.visibility is Visibility.PUBLIC or i.slug == opened
    ]


def opened_by(store, token: str | None) -> str | None:
    """The slug of the itinerary whose private token ``token`` is; None without a token; InvalidToken else."""
    if token is None:
        return None
    try:
        return services.itinerary_for_token(store, token).slug
    except FeedNotFound:
        raise InvalidToken() from None


# Answers


@dataclass(frozen=True, slots=True)
class Answer:
    """A JSON answer's bytes with its validators (``last_modified`` in UTC)."""

    body: bytes
    etag: str
    last_modified: dt.datetime | None


def _answer(model: BaseModel, last_modified: dt.datetime | None) -> Answer:
    return _bytes(model.model_dump_json(by_alias=True).encode(), last_modified)


def _bytes(body: bytes, last_modified: dt.datetime | None) -> Answer:
    return Answer(body, f'"{hashlib.sha256(body).hexdigest()[:32]}"', last_modified)


def as_answer(document: dict) -> Answer:
    """A JSON document (the OpenAPI one) as an answer; it has no Last-Modified."""
    return _bytes(json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode(), None)


def read_filter(params: Mapping[str, str]) -> FeedFilter:
    """The feeds' filter from query parameters, as strict as the feeds; a parameter the API does not know is
    refused too, so that a misspelt one (``partcipant``) is not silently ignored."""
    unknown = sorted(name for name in params if name not in FILTERS)
    if unknown:
        raise InvalidFilter(unknown[0][:40], f"unknown parameter; the filters are {', '.join(FILTERS)}")
    return FeedFilter.from_params(params) if params else FeedFilter()


def itineraries(store, *, token: str | None, base_url: str) -> Answer:
    """The list of itineraries a caller with ``token`` (None: anonymous) may see."""
    opened = opened_by(store, token)
    found = _visible_itineraries(store, opened)
    stamps = [_stamp(i, i.slug == opened) for i in found]
    model = ItineraryList(itineraries=[_summary(i, i.slug == opened, base_url) for i in found])
    return _answer(model, max((s for s in stamps if s is not None), default=None))


def itinerary(
    store,
    slug: str,
    *,
    token: str | None,
    base_url: str,
    feed_filter: FeedFilter | None = None,
    audience: str | None = None,
    cache: Answers | None = None,
) -> Answer:
    """The itinerary with the events a caller with ``token`` may see that pass ``feed_filter``.

    A token that is not this itinerary's is refused (:class:`InvalidToken`), the same whether it opens
    another itinerary or nothing. The audience is ``audience`` when given (a subscription's), else staff
    for the itinerary's private token and the public for an anonymous call.
    """
    opened = opened_by(store, token)
    if token is not None and opened != slug:
        raise InvalidToken()
    if audience is None:
        audience = audiences.STAFF if opened is not None else audiences.PUBLIC
    audience = audiences.check_audience(audience)
    feed_filter = feed_filter or FeedFilter()
    if cache is None:
        return _build(store, slug, audience, feed_filter, base_url)
    stamp = store.audience_changed(slug, audience)
    if stamp is None:
        raise ItineraryNotFound(slug)
    key = ("api", VERSION, slug, stamp, feed_filter.key(), audience, base_url)
    return cache.get_or_build(key, lambda: _build(store, slug, audience, feed_filter, base_url))


def _build(store, slug: str, audience: str, feed_filter: FeedFilter, base_url: str) -> Answer:
    private = audiences.stamp_audience(audience)
    itinerary, events = _visible_events(store, slug, audience)
    if not private:  # its Last-Modified: the audience's own stamp (itinerary.storage.views)
        itinerary = dataclasses.replace(itinerary, public_changed=audience_stamp(store, itinerary, audience))
    if feed_filter:
        feed_filter.check_rows([_Row(tuple(_person_row(p) for p in e.participants), e.categories) for e in events])
    shown: dict[str, list[str]] = {e.uid: [] for e in events}  # each visible event's visible children
    for e in events:
        if e.parent in shown:
            shown[e.parent].append(e.uid)
    chosen = feed_filter.apply(events, itinerary.timezone) if feed_filter else events
    chosen = sorted(chosen, key=lambda e: (e.timing.instants()[0], e.parent is not None, e.title, e.uid))
    window = _window(feed_filter, itinerary.timezone)
    model = ItineraryOut(
        **_summary(itinerary, private, base_url).model_dump(),
        filter=Filter(
            participant=feed_filter.participant,
            kind=feed_filter.kind,
            category=feed_filter.category,
            since=feed_filter.since,
            until=feed_filter.until,
            delegation=feed_filter.delegation,
        ),
        events=[_event(e, shown, window, base_url) for e in chosen],
    )
    return _answer(model, _stamp(itinerary, private))


class _Row(NamedTuple):
    """What :meth:`FeedFilter.check_rows` reads of a feed index row, from an event: the same refusals."""

    people: tuple[tuple[str, str, str, str], ...]
    categories: tuple[str, ...]


def _person_row(person) -> tuple[str, str, str, str]:
    """A participant as a feed index row holds them: (key, name, role, delegation)."""
    return (person.key, person.name, person.role, person.delegation)


def _stamp(itinerary: Itinerary, private: bool) -> dt.datetime | None:
    return itinerary.private_changed if private else itinerary.public_changed


def _window(feed_filter: FeedFilter, zone: str) -> tuple[dt.datetime | None, dt.datetime | None]:
    """The filter's days as instants, [midnight of ``from``, midnight after ``to``) in the home zone, as the feeds."""
    tz = ZoneInfo(zone)
    since = dt.datetime.combine(feed_filter.since, dt.time(), tz) if feed_filter.since else None
    until = dt.datetime.combine(feed_filter.until + dt.timedelta(days=1), dt.time(), tz) if feed_filter.until else None
    return since, until


def _summary(itinerary: Itinerary, private: bool, base_url: str) -> ItinerarySummary:
    base = base_url.rstrip("/")
    return _copied(
        ItinerarySummary,
        itinerary,
        last_modified=_stamp(itinerary, private),
        links=Links(
            page=f"{base}/itineraries/{itinerary.slug}",
            ics=f"{base}/itineraries/{itinerary.slug}.ics",
            api=f"{base}/api/{VERSION}/itineraries/{itinerary.slug}",
        ),
    )


_M = TypeVar("_M", bound=BaseModel)


def _copied(model: type[_M], value: object, **given) -> _M:
    """The answer ``model`` built from ``given`` and, for every other field, ``value``'s attribute of its name."""
    return model(**{name: getattr(value, name) for name in model.model_fields if name not in given}, **given)


def times(timing: Timing) -> tuple[Time, Time]:
    """A timing's start and end as the API gives them.

    >>> from datetime import datetime
    >>> from itinerary.model import Timed
    >>> start, end = times(Timed.of(datetime(2018, 6, 8, 9, 45), datetime(2018, 6, 8, 10, 45), "Asia/Shanghai"))
    >>> start.model_dump(mode="json")
    {'datetime': '2018-06-08T09:45:00+08:00', 'timezone': 'Asia/Shanghai', 'date': None}
    >>> [t.model_dump(mode="json")["date"] for t in times(AllDay(dt.date(2018, 6, 9), dt.date(2018, 6, 10), "UTC"))]
    ['2018-06-09', '2018-06-11']
    """
    if isinstance(timing, AllDay):
        start, end = timing.midnights()
        return (
            Time(datetime=start, timezone=timing.timezone, date=start.date()),
            Time(datetime=end, timezone=timing.timezone, date=end.date()),
        )
    return (
        Time(datetime=timing.start, timezone=timing.timezone, date=None),
        Time(datetime=timing.end, timezone=timing.end_timezone, date=None),
    )


def _place(venue: Venue | None) -> Place | None:
    return None if venue is None else Place.model_validate(venue, from_attributes=True)


def _event(event: Event, shown: dict[str, list[str]], window, base_url: str) -> EventOut:
    start, end = times(event.timing)
    page = f"{base_url.rstrip('/')}/itineraries/{event.itinerary}/events/{quote(event.uid, safe=_UID_SAFE)}"
    return _copied(
        EventOut,
        event,
        id=event.uid,
        last_modified=event.updated,
        start=start,
        end=end,
        venue=_place(event.venue),
        destination=_place(event.destination),
        participants=[Person.model_validate(p, from_attributes=True) for p in event.participants],
        categories=list(event.categories),
        outcomes=[Result.model_validate(o, from_attributes=True) for o in event.outcomes],
        # A parent or child the caller may not see is not named at all, not even by its id.
        parent=event.parent if event.parent in shown else None,
        children=sorted(shown[event.uid]),
        recurrence=_recurrence(event, window),
        links=EventLinks(page=page, ics=f"{page}.ics"),
    )


def _recurrence(event: Event, window) -> Recurrence | None:
    if not event.recurring:
        return None
    since, until = window
    found = occurrences.expand(event, since=since, until=until, limit=MAX_OCCURRENCES + 1)
    found.sort(key=lambda o: o.start)
    listed = []
    for occurrence in found[:MAX_OCCURRENCES]:
        named = _original(event, occurrence)
        start, end = times(occurrence.timing)
        original_start, _ = times(named.original)
        listed.append(
            Occurrence(
                id=occurrence_id(named.recurrence_id),
                original_start=original_start,
                start=start,
                end=end,
                title=occurrence.event.title,
                status=occurrence.event.status,
                moved=named.moved,
            )
        )
    year = event.timing.first.year if event.all_day else event.timing.start.year
    return Recurrence(
        rule=event.rrule,
        text=recurrence.describe(event.rrule, event.timing.timezone, year=year) if event.rrule else "",
        extra_dates=list(event.rdates),
        excluded_dates=list(event.exdates),
        occurrences=listed,
        truncated=len(found) > MAX_OCCURRENCES,
    )


def _original(event: Event, occurrence: occurrences.Occurrence) -> occurrences.SeriesOccurrence:
    """The occurrence named by its original start (a changed one was moved from there)."""
    for override in event.overrides:
        if override.timing is not None and override.timing == occurrence.timing:
            original = recurrence.occurrence_at(event.timing, event.rrule, override.recurrence_id, event.rdates)
            if original is not None:
                return occurrences.at(event, original)
    return occurrences.at(event, occurrence.timing)


def occurrence_id(value: dt.date | dt.datetime) -> str:
    """An original start as in an occurrence's address (``web.params.occurrence_id``).

    >>> occurrence_id(dt.datetime(2018, 6, 8, 10, tzinfo=ZoneInfo("Asia/Shanghai"))), occurrence_id(dt.date(2018, 6, 8))
    ('20180608T020000Z', '20180608')
    """
    if isinstance(value, dt.datetime):
        return f"{value.astimezone(dt.UTC):%Y%m%dT%H%M%SZ}"
    return f"{value:%Y%m%d}"


# Errors

ERROR_CODES = {
    400: "bad_request",
    401: "invalid_token",
    404: "not_found",
    405: "method_not_allowed",
    503: "unavailable",
}


def error(status: int, message: str, *, field: str | None = None, code: str | None = None) -> bytes:
    """An error answer's body: ``{"error": {"code", "message", "field"}}``.

    >>> error(404, "no itinerary with slug 'x'")
    b'{"error":{"code":"not_found","message":"no itinerary with slug \\'x\\'","field":null}}'
    """
    code = code or ERROR_CODES.get(status, "error")
    return Error(error=ErrorDetail(code=code, message=message, field=field)).model_dump_json().encode()


# The OpenAPI document

_PARAMETERS = {
    "participant": ("A participant's key: only the events they take part in", {"type": "string", "maxLength": 200}),
    "kind": ("Only events of this kind", {"type": "string", "enum": [k.value for k in Kind]}),
    "category": ("Only events in this category", {"type": "string", "maxLength": 200}),
    "delegation": (
        "A delegation, by its name in lower case with hyphens between words (russia): only the events where any"
        " participant belongs to it",
        {"type": "string", "maxLength": 200},
    ),
    "from": (
        "The first day (YYYY-MM-DD, in the home zone); recurring events list their occurrences from it",
        {
            "type": "string",
            "format": "date",
        },
    ),
    "to": (
        "The last day (YYYY-MM-DD, in the home zone), at most 3660 days after from",
        {
            "type": "string",
            "format": "date",
        },
    ),
}


def schemas() -> dict[str, dict]:
    """Every answer's JSON Schema (2020-12) by name, references pointing into ``#/components/schemas``."""
    models = [ItineraryList, ItineraryOut, Error]
    _, found = models_json_schema(
        [(model, "serialization") for model in models], ref_template="#/components/schemas/{model}"
    )
    return found["$defs"]


def openapi_document() -> dict:
    """The OpenAPI 3.1 document of the API, made from the models and the feeds' filters."""
    media = "application/json"

    def answer(description: str, schema: str | None = None, headers: tuple[str, ...] = ()) -> dict:
        found: dict = {"description": description}
        if schema:
            found["content"] = {media: {"schema": {"$ref": f"#/components/schemas/{schema}"}}}
        if headers:
            found["headers"] = {name: {"$ref": f"#/components/headers/{name}"} for name in headers}
        return found

    validators = ("ETag", "Last-Modified")
    errors = {
        "400": answer("A filter with a value the API cannot use; `field` names it", "Error"),
        "401": answer("A bearer token that is not valid for this address", "Error"),
        "503": answer("The database is not answering just now; try again after Retry-After seconds", "Error"),
    }
    conditional = [{"$ref": "#/components/parameters/If-None-Match"}]
    security = [{}, {"privateToken": []}]  # anonymous, or the private feed token
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Itinerary API",
            "version": VERSION,
            "description": (
                "Read-only programmes of visits and summits. Anonymous calls see public itineraries and events; "
                "the itinerary's private feed token, sent as `Authorization: Bearer <token>`, opens its "
                "restricted events too. Times are RFC 3339 with offsets, each with its IANA zone."
            ),
        },
        "paths": {
            f"/api/{VERSION}/itineraries": {
                "get": {
                    "operationId": "listItineraries",
                    "summary": "The itineraries the caller may see",
                    "security": security,
                    "parameters": conditional,
                    "responses": {
                        "200": answer("The itineraries, by title", "ItineraryList", validators),
                        "304": answer("Not modified since the ETag given"),
                        "401": errors["401"],
                        "503": errors["503"],
                    },
                }
            },
            f"/api/{VERSION}/itineraries/{{slug}}": {
                "get": {
                    "operationId": "getItinerary",
                    "summary": "An itinerary with the events the caller may see",
                    "security": security,
                    "parameters": [
                        {"name": "slug", "in": "path", "required": True, "schema": {"type": "string"}},
                        *({"$ref": f"#/components/parameters/{name}"} for name in FILTERS),
                        *conditional,
                    ],
                    "responses": {
                        "200": answer("The itinerary and its events, by start", "ItineraryOut", validators),
                        "304": answer("Not modified since the ETag given"),
                        **errors,
                        "404": answer("No itinerary the caller may see has this slug", "Error"),
                    },
                }
            },
            f"/api/{VERSION}/openapi.json": {
                "get": {
                    "operationId": "getOpenAPI",
                    "summary": "This document",
                    "responses": {"200": {"description": "The OpenAPI document", "content": {media: {}}}},
                }
            },
        },
        "components": {
            "schemas": schemas(),
            "parameters": {
                **{
                    name: {"name": name, "in": "query", "required": False, "description": text, "schema": schema}
                    for name, (text, schema) in _PARAMETERS.items()
                },
                "If-None-Match": {
                    "name": "If-None-Match",
                    "in": "header",
                    "required": False,
                    "description": "An ETag of an earlier answer: 304 when nothing changed",
                    "schema": {"type": "string"},
                },
            },
            "headers": {
                "ETag": {"description": "A strong validator: a hash of the bytes", "schema": {"type": "string"}},
                "Last-Modified": {
                    "description": "When what the caller sees last changed",
                    "schema": {"type": "string"},
                },
            },
            "securitySchemes": {
                "privateToken": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "The itinerary's private feed token (the part of /feeds/<token>.ics)",
                }
            },
        },
    }
