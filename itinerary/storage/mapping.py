"""The mapping between table rows and domain values."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import NamedTuple
from zoneinfo import ZoneInfo

from itinerary.model import (
    AllDay,
    Event,
    Format,
    Itinerary,
    Kind,
    Override,
    Participant,
    Status,
    Timed,
    Timing,
    TravelMode,
    Venue,
    Visibility,
)
from itinerary.storage.tables import (
    ItineraryRow,
    ParticipantRow,
    VenueRow,
)


def _whole_second(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(microsecond=0)


def _next_stamp(previous: datetime | None, now: datetime) -> datetime:
    """A feed's next change stamp: ``now`` in whole seconds, or a second past ``previous`` if that is later.

    >>> from datetime import UTC, datetime
    >>> _next_stamp(datetime(2018, 6, 4, 9, 0, 0, tzinfo=UTC), datetime(2018, 6, 4, 9, 0, 0, 400000, tzinfo=UTC))
    datetime.datetime(2018, 6, 4, 9, 0, 1, tzinfo=datetime.timezone.utc)
    """
    stamp = _whole_second(now)
    if previous is None:
        return stamp
    return max(stamp, _whole_second(previous) + timedelta(seconds=1))


def _venue(row: VenueRow | None) -> Venue | None:
    if row is None:
        return None
    return Venue(row.key, row.name, row.city, row.country, row.timezone, row.latitude, row.longitude)


def _participant(row: ParticipantRow) -> Participant:
    return Participant(row.key, row.name, row.role, row.delegation)


def _itinerary(row: ItineraryRow, slug: str | None = None) -> Itinerary:
    """The itinerary of ``row``; ``slug`` names it when the row is a release (whose own slug is ``~<id>``)."""
    return Itinerary(
        slug=slug or row.slug,
        title=row.title,
        timezone=row.timezone,
        summary=row.summary,
        visibility=Visibility(row.visibility),
        created=row.created,
        updated=row.updated,
        public_changed=row.public_changed,
        private_changed=row.private_changed,
        language=row.language or "en",
    )


def _encode_exdates(values: Sequence[date | datetime]) -> list[str]:
    return [v.astimezone(UTC).isoformat() if isinstance(v, datetime) else v.isoformat() for v in values]


def _decode_exdates(values: Sequence[str], tz: str) -> tuple[date | datetime, ...]:
    zone = ZoneInfo(tz)
    return tuple(datetime.fromisoformat(v).astimezone(zone) if "T" in v else date.fromisoformat(v) for v in values)


def _extra_end(text: str | list, tz: str, start: datetime, end: datetime) -> datetime:
    """When the occurrence of the latest extra date (RDATE) ends, in UTC: its start plus the event's length."""
    latest = max(
        value.astimezone(UTC) if isinstance(value, datetime) else datetime.combine(value, datetime.min.time(), UTC)
        for value in _decode_exdates(_json_list(text), tz)
    )
    return latest + (end - start)


def _encode_timing(timing: Timing | None) -> dict | None:
    if timing is None:
        return None
    if isinstance(timing, AllDay):
        return {"first": timing.first.isoformat(), "last": timing.last.isoformat(), "tz": timing.timezone}
    start, end = timing.instants()
    return {"start": start.isoformat(), "end": end.isoformat(), "tz": timing.timezone, "end_tz": timing.end_timezone}


def _decode_timing(data: dict | None) -> Timing | None:
    if data is None:
        return None
    if "first" in data:
        return AllDay(date.fromisoformat(data["first"]), date.fromisoformat(data["last"]), data["tz"])
    return Timed(
        datetime.fromisoformat(data["start"]).astimezone(ZoneInfo(data["tz"])),
        datetime.fromisoformat(data["end"]).astimezone(ZoneInfo(data["end_tz"])),
    )


def _encode_overrides(overrides: Sequence[Override]) -> list[dict]:
    return [
        {
            "id": _encode_exdates([o.recurrence_id])[0],
            "timing": _encode_timing(o.timing),
            "status": o.status.value if o.status else None,
            "title": o.title,
        }
        for o in overrides
    ]


def _decode_overrides(values: Sequence[dict], tz: str) -> tuple[Override, ...]:
    return tuple(
        Override(_decode_exdates([v["id"]], tz)[0], _decode_timing(v["timing"]), v["status"], v["title"])
        for v in values
    )


class FeedRow(NamedTuple):
    """What a feed needs to know of an event before (and often instead of) loading it whole.

    ``version`` holds everything the event's VEVENT is made of: its own row's
    content, which ``id``, ``sequence`` and ``updated`` stand for (every change
    a subscriber sees raises the sequence, a renamed venue or participant and a
    deleted parent included), and, to be safe, the venue, participant and
    parent data themselves. ``kind``, ``categories`` and the participants serve
    the feed filters.
    """

    id: int
    uid: str
    title: str
    restricted: bool
    all_day: bool
    start_utc: datetime
    end_utc: datetime
    timezone: str
    end_timezone: str
    rrule: str
    has_parent: bool
    kind: str
    categories_json: str | list | None  # as the database gives it: decoded only by a feed filtered by category
    version: tuple
    # When the last occurrence from the series' extra dates (RDATE) ends, in UTC; None without extra dates.
    extra_end_utc: datetime | None = None
    # What each audience sees where it differs from the default of ``restricted`` (itinerary.audiences),
    # and the event's public label (what a busy event is called).
    access: tuple = ()
    label: str = ""

    @property
    def people(self) -> tuple[tuple[str, str, str, str], ...]:
        """(key, name, role, delegation) of each participant, in order."""
        return self.version[6] or ()

    @property
    def categories(self) -> list[str]:
        """The event's categories."""
        return _json_list(self.categories_json)


# The one list of an event's stored columns, in the order a read selects them (statements._EVENT_COLUMNS,
# the parent's UID after them) and _events_from_columns unpacks them. event_columns() gives them (but the
# row ids) from an Event: the SQL repository writes them onto the row, the memory store keeps them as they are.
EVENT_COLUMNS = (
    "id",
    "uid",
    "title",
    "description",
    "kind",
    "format",
    "status",
    "visibility",
    "all_day",
    "start_utc",
    "end_utc",
    "first_day",
    "last_day",
    "timezone",
    "end_timezone",
    "venue_id",
    "destination_id",
    "categories",
    "url",
    "rrule",
    "exdates",
    "overrides",
    "rdates",
    "foreign_uid",
    "travel_mode",
    "sequence",
    "created",
    "updated",
)
# JSON columns: read as text and decoded only when not empty.
JSON_COLUMNS = frozenset({"categories", "exdates", "overrides", "rdates"})
# Columns that hold ids of other rows: the repository fills them from the event's venue and destination.
ID_COLUMNS = frozenset({"id", "venue_id", "destination_id"})


def event_columns(event: Event) -> dict:
    """The event's own columns (every one of :data:`EVENT_COLUMNS` but :data:`ID_COLUMNS`) as stored."""
    timing = event.timing
    all_day = isinstance(timing, AllDay)
    start, end = timing.instants()
    return {
        "uid": event.uid,
        "title": event.title,
        "description": event.description,
        "kind": event.kind.value,
        "format": event.format.value,
        "status": event.status.value,
        "visibility": event.visibility.value,
        "all_day": all_day,
        "start_utc": start,
        "end_utc": end,
        "first_day": timing.first if all_day else None,
        "last_day": timing.last if all_day else None,
        "timezone": timing.timezone,
        "end_timezone": timing.end_timezone,
        "categories": list(event.categories),
        "url": event.url,
        "rrule": event.rrule,
        "exdates": _encode_exdates(event.exdates),
        "overrides": _encode_overrides(event.overrides),
        "rdates": _encode_exdates(event.rdates),
        "foreign_uid": event.foreign_uid,
        "travel_mode": event.mode.value if event.mode else "",
        "sequence": event.sequence,
        "created": event.created,
        "updated": event.updated,
    }


_KINDS = {member.value: member for member in Kind}
_FORMATS = {member.value: member for member in Format}
_STATUSES = {member.value: member for member in Status}
_VISIBILITIES = {member.value: member for member in Visibility}
_MODES = {member.value: member for member in TravelMode}


def _member(members: dict, kind: type, value: str):
    """The enum member with this value, looked up in ``members`` (an unknown value raises as ``kind(value)`` does)."""
    found = members.get(value)
    return found if found is not None else kind(value)


def _events_from_columns(
    rows: Iterable, slug: str, venues: dict[int, Venue], links: dict[int, list], outcomes: dict[int, list]
) -> list[Event]:
    """Events from rows of :data:`EVENT_COLUMNS` and the parent's UID (unpacked by name here, which is fastest)."""
    zones: dict[str, ZoneInfo] = {}
    events = []
    append = events.append
    for (
        id_,
        uid,
        title,
        description,
        kind,
        format_,
        status,
        visibility,
        all_day,
        start_utc,
        end_utc,
        first_day,
        last_day,
        timezone,
        end_timezone,
        venue_id,
        destination_id,
        categories,
        url,
        rrule,
        exdates,
        overrides,
        rdates,
        foreign_uid,
        travel_mode,
        sequence,
        created,
        updated,
        parent,
    ) in rows:
        if all_day:
            timing = AllDay(first_day, last_day, timezone)
        else:
            tz = zones.get(timezone) or zones.setdefault(timezone, ZoneInfo(timezone))
            end_tz = zones.get(end_timezone) or zones.setdefault(end_timezone, ZoneInfo(end_timezone))
            timing = Timed(start_utc.astimezone(tz), end_utc.astimezone(end_tz))
        found_links = links.get(id_)
        found_outcomes = outcomes.get(id_)
        append(
            Event(
                uid=uid,
                itinerary=slug,
                title=title,
                timing=timing,
                kind=_member(_KINDS, Kind, kind),
                format=_member(_FORMATS, Format, format_),
                status=_member(_STATUSES, Status, status),
                visibility=_member(_VISIBILITIES, Visibility, visibility),
                description=description,
                venue=venues.get(venue_id),
                destination=venues.get(destination_id),
                parent=parent,
                participants=tuple(found_links) if found_links else (),
                categories=tuple(_json_list(categories)),
                outcomes=tuple(found_outcomes) if found_outcomes else (),
                url=url,
                rrule=rrule,
                exdates=_decode_exdates(_json_list(exdates), timezone) if exdates and exdates != "[]" else (),
                overrides=_decode_overrides(_json_list(overrides), timezone) if overrides and overrides != "[]" else (),
                rdates=_decode_exdates(_json_list(rdates), timezone) if rdates and rdates != "[]" else (),
                foreign_uid=bool(foreign_uid),
                mode=_member(_MODES, TravelMode, travel_mode) if travel_mode else None,
                sequence=sequence,
                created=created,
                updated=updated,
            )
        )
    return events


def _json_list(text: str | list | None) -> list:
    if isinstance(text, list):  # a driver that decodes JSON itself (psycopg)
        return text
    return json.loads(text) if text and text != "[]" else []
