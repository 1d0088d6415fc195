"""Storage: SQLAlchemy tables, the mapping to domain values, and transactions.

Instants are stored in UTC beside the name of the zone they were entered in;
a naive datetime is refused before it reaches the database.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, date, datetime, timedelta
from itertools import groupby
from operator import itemgetter
from typing import NamedTuple
from zoneinfo import ZoneInfo

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    Select,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    and_,
    bindparam,
    cast,
    create_engine,
    event,
    false,
    func,
    or_,
    select,
    type_coerce,
    update,
)
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import (
    DeclarativeBase,
    Mapped,
    Session,
    aliased,
    mapped_column,
    relationship,
    selectinload,
    sessionmaker,
)

from itinerary.errors import EditConflict, EventNotFound, InvalidEvent, ItineraryNotFound, NotFound
from itinerary.model import (
    MAX_SEQUENCE,
    SLUG_RE,
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
    Timing,
    Venue,
    Visibility,
)


def utc_now() -> datetime:
    """The current instant in UTC (the default clock)."""
    return datetime.now(UTC)


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


class UTCDateTime(TypeDecorator):
    """An aware datetime stored as UTC; a naive one is refused."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r} cannot be stored")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    """Base of the tables; constraints get stable names so that migrations can refer to them."""

    metadata = MetaData(
        naming_convention={
            "ix": "ix_%(column_0_label)s",
            "uq": "uq_%(table_name)s_%(column_0_N_name)s",
            "ck": "ck_%(table_name)s_%(constraint_name)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
            "pk": "pk_%(table_name)s",
        }
    )


class ItineraryRow(Base):
    __tablename__ = "itineraries"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text, default="")
    timezone: Mapped[str] = mapped_column(String(64))
    visibility: Mapped[str] = mapped_column(String(16), default="public")
    feed_token: Mapped[str | None] = mapped_column(String(128), unique=True)
    created: Mapped[datetime] = mapped_column(UTCDateTime)
    updated: Mapped[datetime] = mapped_column(UTCDateTime)
    # When each audience's feed last changed, in whole seconds, never backwards (see Repository.mark_changed):
    # the Last-Modified and DTSTAMP of the public feed and of the private (staff) feed.
    public_changed: Mapped[datetime] = mapped_column(UTCDateTime)
    private_changed: Mapped[datetime] = mapped_column(UTCDateTime)

    events: Mapped[list[EventRow]] = relationship(back_populates="itinerary", cascade="all, delete-orphan")


class VenueRow(Base):
    __tablename__ = "venues"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(100), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    city: Mapped[str] = mapped_column(String(200))
    country: Mapped[str] = mapped_column(String(200))
    timezone: Mapped[str] = mapped_column(String(64))
    latitude: Mapped[float] = mapped_column(Float)
    longitude: Mapped[float] = mapped_column(Float)


class ParticipantRow(Base):
    __tablename__ = "participants"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(100), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(200), default="")
    delegation: Mapped[str] = mapped_column(String(200), default="")


class EventParticipantRow(Base):
    __tablename__ = "event_participants"

    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), primary_key=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, default=0)

    participant: Mapped[ParticipantRow] = relationship(lazy="joined")


class OutcomeRow(Base):
    __tablename__ = "outcomes"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    title: Mapped[str] = mapped_column(String(200))
    area: Mapped[str] = mapped_column(String(200), default="")


class EventRow(Base):
    __tablename__ = "events"
    __table_args__ = (UniqueConstraint("itinerary_id", "uid"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    itinerary_id: Mapped[int] = mapped_column(ForeignKey("itineraries.id", ondelete="CASCADE"), index=True)
    uid: Mapped[str] = mapped_column(String(255))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    kind: Mapped[str] = mapped_column(String(32))
    format: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16))
    visibility: Mapped[str] = mapped_column(String(16))
    all_day: Mapped[bool] = mapped_column(Boolean, default=False)
    start_utc: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    end_utc: Mapped[datetime | None] = mapped_column(UTCDateTime)
    first_day: Mapped[date | None] = mapped_column(Date)
    last_day: Mapped[date | None] = mapped_column(Date)
    timezone: Mapped[str] = mapped_column(String(64))
    end_timezone: Mapped[str] = mapped_column(String(64))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("events.id", ondelete="SET NULL"))
    venue_id: Mapped[int | None] = mapped_column(ForeignKey("venues.id"))
    destination_id: Mapped[int | None] = mapped_column(ForeignKey("venues.id"))
    categories: Mapped[list] = mapped_column(JSON, default=list)
    url: Mapped[str] = mapped_column(String(2000), default="")
    rrule: Mapped[str] = mapped_column(String(500), default="")
    exdates: Mapped[list] = mapped_column(JSON, default=list)
    overrides: Mapped[list] = mapped_column(JSON, default=list)
    rdates: Mapped[list] = mapped_column(JSON, default=list)
    foreign_uid: Mapped[bool] = mapped_column(Boolean, default=False)
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    created: Mapped[datetime] = mapped_column(UTCDateTime)
    updated: Mapped[datetime] = mapped_column(UTCDateTime)
    # Every UPDATE says "WHERE lock_version = <the one read>": of two transactions
    # that read the same state, the second to write fails instead of overwriting.
    lock_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    __mapper_args__ = {"version_id_col": lock_version}  # noqa: RUF012 (SQLAlchemy reads it as a class attribute)

    itinerary: Mapped[ItineraryRow] = relationship(back_populates="events")
    parent: Mapped[EventRow | None] = relationship(remote_side=[id], lazy="joined", join_depth=1)
    venue: Mapped[VenueRow | None] = relationship(foreign_keys=[venue_id], lazy="joined")
    destination: Mapped[VenueRow | None] = relationship(foreign_keys=[destination_id], lazy="joined")
    participant_links: Mapped[list[EventParticipantRow]] = relationship(
        order_by=EventParticipantRow.position, cascade="all, delete-orphan", passive_deletes=True
    )
    outcome_rows: Mapped[list[OutcomeRow]] = relationship(
        order_by=OutcomeRow.position, cascade="all, delete-orphan", passive_deletes=True
    )


def _venue(row: VenueRow | None) -> Venue | None:
    if row is None:
        return None
    return Venue(row.key, row.name, row.city, row.country, row.timezone, row.latitude, row.longitude)


def _participant(row: ParticipantRow) -> Participant:
    return Participant(row.key, row.name, row.role, row.delegation)


def _itinerary(row: ItineraryRow) -> Itinerary:
    return Itinerary(
        slug=row.slug,
        title=row.title,
        timezone=row.timezone,
        summary=row.summary,
        visibility=Visibility(row.visibility),
        created=row.created,
        updated=row.updated,
        public_changed=row.public_changed,
        private_changed=row.private_changed,
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

    @property
    def people(self) -> tuple[tuple[str, str, str, str], ...]:
        """(key, name, role, delegation) of each participant, in order."""
        return self.version[6] or ()

    @property
    def categories(self) -> list[str]:
        """The event's categories."""
        return _json_list(self.categories_json)


_PARENT = aliased(EventRow)  # built once: an alias costs more to make than the query it serves

_EVENT_COLUMNS = (
    EventRow.id,
    EventRow.uid,
    EventRow.title,
    EventRow.description,
    EventRow.kind,
    EventRow.format,
    EventRow.status,
    EventRow.visibility,
    EventRow.all_day,
    EventRow.start_utc,
    EventRow.end_utc,
    EventRow.first_day,
    EventRow.last_day,
    EventRow.timezone,
    EventRow.end_timezone,
    EventRow.venue_id,
    EventRow.destination_id,
    type_coerce(EventRow.categories, Text).label("categories"),  # decoded only when not empty
    EventRow.url,
    EventRow.rrule,
    type_coerce(EventRow.exdates, Text).label("exdates"),  # decoded only when not empty
    type_coerce(EventRow.overrides, Text).label("overrides"),  # decoded only when not empty
    type_coerce(EventRow.rdates, Text).label("rdates"),  # decoded only when not empty
    EventRow.foreign_uid,
    EventRow.sequence,
    EventRow.created,
    EventRow.updated,
)


_KINDS = {member.value: member for member in Kind}
_FORMATS = {member.value: member for member in Format}
_STATUSES = {member.value: member for member in Status}
_VISIBILITIES = {member.value: member for member in Visibility}


def _member(members: dict, kind: type, value: str):
    """The enum member with this value, looked up in ``members`` (an unknown value raises as ``kind(value)`` does)."""
    found = members.get(value)
    return found if found is not None else kind(value)


def _events_from_columns(
    rows: Iterable, slug: str, venues: dict[int, Venue], links: dict[int, list], outcomes: dict[int, list]
) -> list[Event]:
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


class Repository:
    """Reads and writes domain values inside one session (one transaction)."""

    def __init__(self, session: Session):
        self.session = session

    # Itineraries
    def itinerary_row(self, slug: str) -> ItineraryRow:
        if not isinstance(slug, str) or len(slug) > 100 or not SLUG_RE.match(slug):
            raise ItineraryNotFound(slug)  # no such slug is ever stored; a NUL would be a database error
        row = self.session.scalar(select(ItineraryRow).where(ItineraryRow.slug == slug))
        if row is None:
            raise ItineraryNotFound(slug)
        return row

    def itinerary(self, slug: str) -> Itinerary:
        """The itinerary with this slug."""
        return _itinerary(self.itinerary_row(slug))

    def itineraries(self) -> list[Itinerary]:
        """All itineraries, by title."""
        rows = self.session.scalars(select(ItineraryRow).order_by(ItineraryRow.title))
        return [_itinerary(row) for row in rows]

    def has_itinerary(self, slug: str) -> bool:
        """Whether an itinerary has this slug."""
        return self.session.scalar(select(ItineraryRow.id).where(ItineraryRow.slug == slug)) is not None

    def feed_tokens(self) -> list[tuple[str, str]]:
        """(slug, token) of every itinerary that has a private feed token."""
        query = select(ItineraryRow.slug, ItineraryRow.feed_token).where(ItineraryRow.feed_token.is_not(None))
        return [(slug, token) for slug, token in self.session.execute(query)]

    def add_itinerary(self, itinerary: Itinerary, now: datetime) -> Itinerary:
        """Store a new itinerary."""
        row = ItineraryRow(
            slug=itinerary.slug,
            title=itinerary.title,
            summary=itinerary.summary,
            timezone=itinerary.timezone,
            visibility=itinerary.visibility.value,
            created=now,
            updated=now,
            public_changed=_whole_second(now),
            private_changed=_whole_second(now),
        )
        self.session.add(row)
        self.session.flush()
        self.session.info.setdefault("feed_stamps_moved", set()).update({(row.id, False), (row.id, True)})
        return _itinerary(row)

    def save_itinerary(self, itinerary: Itinerary, now: datetime) -> Itinerary:
        """Store changed fields of an existing itinerary."""
        row = self.itinerary_row(itinerary.slug)
        fields = (itinerary.title, itinerary.summary, itinerary.timezone, itinerary.visibility.value)
        changed = fields != (row.title, row.summary, row.timezone, row.visibility)
        row.title, row.summary = itinerary.title, itinerary.summary
        row.timezone, row.visibility = itinerary.timezone, itinerary.visibility.value
        if changed:  # every feed's head shows these (or, for visibility, whether there is a public feed)
            self.mark_changed(row, now, public=True)
        else:
            row.updated = now
        self.session.flush()
        return _itinerary(row)

    def mark_changed(self, row: ItineraryRow, now: datetime, *, public: bool) -> None:
        """Note a change that readers of the itinerary see, ``public`` when readers of public events see it.

        ``updated`` becomes ``now``; the private feed's stamp, and with ``public`` the public feed's,
        move to ``now`` in whole seconds, or one second past their last value when that is not
        later: HTTP dates (Last-Modified, If-Modified-Since) have one-second resolution, so two
        changes within one second must still give two stamps, and an import of an event with an
        old LAST-MODIFIED, or a clock set back, never moves a stamp backwards. The stamps are
        read again under a row lock, so that two transactions never give two changes one stamp.
        A transaction moves each stamp once, however many events it writes (an import of 2,000).
        """
        row.updated = now
        marked = self.session.info.setdefault("feed_stamps_moved", set())
        wanted = {(row.id, False), (row.id, True)} if public else {(row.id, False)}
        if wanted <= marked:
            return
        stamps = self.session.execute(
            select(ItineraryRow.public_changed, ItineraryRow.private_changed)
            .where(ItineraryRow.id == row.id)
            .with_for_update()
        ).one()
        if (row.id, False) not in marked:
            row.private_changed = _next_stamp(stamps.private_changed, now)
        if public and (row.id, True) not in marked:
            row.public_changed = _next_stamp(stamps.public_changed, now)
        marked |= wanted

    # Venues and participants
    def venue_row(self, key: str, field_name: str = "venue") -> VenueRow:
        row = self.session.scalar(select(VenueRow).where(VenueRow.key == key))
        if row is None:
            raise NotFound(f"{field_name}: no venue with key {key!r}")
        return row

    def venue(self, key: str) -> Venue:
        """The venue with this key."""
        return _venue(self.venue_row(key))

    def venues(self) -> list[Venue]:
        """All venues, by name."""
        return [_venue(row) for row in self.session.scalars(select(VenueRow).order_by(VenueRow.name))]

    def put_venue(self, venue: Venue, now: datetime) -> Venue:
        """Insert or update a venue by its key."""
        row = self.session.scalar(select(VenueRow).where(VenueRow.key == venue.key)) or VenueRow(key=venue.key)
        if row.id is not None and _venue(row) == venue:
            return venue
        row.name, row.city, row.country = venue.name, venue.city, venue.country
        row.timezone, row.latitude, row.longitude = venue.timezone, venue.latitude, venue.longitude
        self.session.add(row)
        self.session.flush()
        self._touch_itineraries((EventRow.venue_id == row.id) | (EventRow.destination_id == row.id), now)
        return _venue(row)

    def participant_rows(self, keys: Sequence[str]) -> list[ParticipantRow]:
        rows = {r.key: r for r in self.session.scalars(select(ParticipantRow).where(ParticipantRow.key.in_(keys)))}
        missing = [key for key in keys if key not in rows]
        if missing:
            raise NotFound(f"participants: no participant with key {', '.join(map(repr, missing))}")
        return [rows[key] for key in keys]

    def participants(self) -> list[Participant]:
        """All participants, by name."""
        rows = self.session.scalars(select(ParticipantRow).order_by(ParticipantRow.name))
        return [_participant(row) for row in rows]

    def put_participant(self, participant: Participant, now: datetime) -> Participant:
        """Insert or update a participant by key."""
        row = self.session.scalar(select(ParticipantRow).where(ParticipantRow.key == participant.key))
        row = row or ParticipantRow(key=participant.key)
        if row.id is not None and _participant(row) == participant:
            return participant
        row.name, row.role, row.delegation = participant.name, participant.role, participant.delegation
        self.session.add(row)
        self.session.flush()
        linked = select(EventParticipantRow.event_id).where(EventParticipantRow.participant_id == row.id)
        self._touch_itineraries(EventRow.id.in_(linked), now)
        return _participant(row)

    def events_showing(self, *, venue: str | None = None, participant: str | None = None) -> dict[int, Event]:
        """The events of every itinerary that show this venue (or destination) or participant, by row id."""
        if venue is not None:
            ids = select(VenueRow.id).where(VenueRow.key == venue)
            clause = EventRow.venue_id.in_(ids) | EventRow.destination_id.in_(ids)
        else:
            person = select(ParticipantRow.id).where(ParticipantRow.key == participant)
            clause = EventRow.id.in_(
                select(EventParticipantRow.event_id).where(EventParticipantRow.participant_id.in_(person))
            )
        found: dict[int, Event] = {}
        rows = self.session.execute(
            select(EventRow.id, ItineraryRow.slug).join(EventRow.itinerary).where(clause).order_by(ItineraryRow.slug)
        ).all()
        for slug, pairs in groupby(rows, itemgetter(1)):
            found.update(self.events_by_id(slug, [id_ for id_, _ in pairs]))
        return found

    def _touch_itineraries(self, events_clause, now: datetime) -> None:
        """Mark changed the itineraries whose events match, and those events: their VEVENTs show what changed.

        Each event's SEQUENCE (shared by its changed occurrences' VEVENTs) and updated stamp move,
        so that subscribed calendars take the new text; a SEQUENCE at :data:`MAX_SEQUENCE` stays there.
        The public feed's stamp moves for the itineraries where a public event shows the change.
        """
        rows = self.session.scalars(select(EventRow).where(events_clause).order_by(EventRow.id)).all()
        public: dict[int, bool] = {}
        for event_row in rows:
            event_row.sequence = min(event_row.sequence + 1, MAX_SEQUENCE)
            event_row.updated = now
            public[event_row.itinerary_id] = public.get(event_row.itinerary_id, False) or (
                event_row.visibility == Visibility.PUBLIC.value
            )
        # Row locks taken in id order, the same in every transaction, so that two renames cannot deadlock.
        itineraries = select(ItineraryRow).where(ItineraryRow.id.in_(public)).order_by(ItineraryRow.id)
        for itinerary in self.session.scalars(itineraries):
            self.mark_changed(itinerary, now, public=public[itinerary.id])
        self.session.flush()

    # Events
    def _events_query(self):
        return select(EventRow).options(selectinload(EventRow.participant_links), selectinload(EventRow.outcome_rows))

    def event_row(self, slug: str, uid: str) -> EventRow:
        if not isinstance(uid, str) or not UID_RE.match(uid):
            self.itinerary_row(slug)
            raise EventNotFound(slug, uid)  # no such UID is ever stored; a NUL would be a database error
        row = self.session.scalar(
            self._events_query().join(EventRow.itinerary).where(ItineraryRow.slug == slug, EventRow.uid == uid)
        )
        if row is None:
            self.itinerary_row(slug)
            raise EventNotFound(slug, uid)
        return row

    def event(self, slug: str, uid: str) -> Event:
        """The event with this UID in the itinerary."""
        itinerary = self.itinerary_row(slug)
        if not isinstance(uid, str) or not UID_RE.match(uid):
            raise EventNotFound(slug, uid)  # no such UID is ever stored; a NUL would be a database error
        scope = (EventRow.itinerary_id == itinerary.id) & (EventRow.uid == uid)
        found = self._load_events(slug, [scope], scope)
        if not found:
            raise EventNotFound(slug, uid)
        return found[0]

    def events(
        self,
        slug: str,
        *,
        include_restricted: bool = True,
        since: datetime | None = None,
        until: datetime | None = None,
    ) -> list[Event]:
        """The itinerary's events by start: all, or those that may have an occurrence in [since, until).

        A single event is read when it overlaps the window; a series when it starts
        before ``until`` (its occurrences never start earlier), or whenever it has
        changed occurrences, which may have been moved anywhere.
        """
        itinerary = self.itinerary_row(slug)
        where = [EventRow.itinerary_id == itinerary.id]
        if not include_restricted:
            where.append(EventRow.visibility == Visibility.PUBLIC.value)
        if since is not None or until is not None:
            # A series is a rule or extra dates (RDATE) or both; rdates is JSON, compared as text.
            has_rdates = cast(EventRow.rdates, String) != "[]"
            single = and_(
                EventRow.rrule == "",
                ~has_rdates,
                EventRow.end_utc > since if since is not None else True,
                EventRow.start_utc < until if until is not None else True,
            )
            series = and_(
                or_(EventRow.rrule != "", has_rdates),
                or_(EventRow.start_utc < until, cast(EventRow.overrides, String) != "[]")
                if until is not None
                else True,
            )
            where.append(or_(single, series))
        events = self._load_events(slug, where, and_(*where))
        events.sort(key=lambda e: (e.timing.instants()[0], e.parent is not None, e.title, e.uid))
        return events

    def event_span(self, slug: str, *, include_restricted: bool = True) -> tuple[int, datetime | None, datetime | None]:
        """How many events the itinerary has, its first start and its last end (a series by its first occurrence)."""
        itinerary = self.itinerary_row(slug)
        query = select(func.count(EventRow.id), func.min(EventRow.start_utc), func.max(EventRow.end_utc)).where(
            EventRow.itinerary_id == itinerary.id
        )
        if not include_restricted:
            query = query.where(EventRow.visibility == Visibility.PUBLIC.value)
        count, first, last = self.session.execute(query).one()
        return count, first, last

    def events_by_id(self, slug: str, ids: Sequence[int]) -> dict[int, Event]:
        """The events of the itinerary with these row ids (from :meth:`feed_index`), by id.

        Read by ranges of ids rather than one long ``IN`` list, which costs more to
        compile than to run; rows in a range that were not asked for are dropped.
        """
        itinerary_id = self._itinerary_id(slug)
        connection = self.session.connection()
        wanted = set(ids)
        found: dict[int, Event] = {}
        ordered = sorted(wanted)
        start = 0
        while start < len(ordered):
            # A range holds at most 2,000 asked-for ids and is cut where the ids leave a gap of 100 or more.
            end = start + 1
            while end < len(ordered) and end - start < 2000 and ordered[end] - ordered[end - 1] < 100:
                end += 1
            values = {"itinerary": itinerary_id, "low": ordered[start], "high": ordered[end - 1]}
            rows = [row for row in connection.execute(_EVENTS_IN_RANGE, values).fetchall() if row[0] in wanted]
            pairs = [pair for pair in connection.execute(_LINKS_IN_RANGE, values).fetchall() if pair[0] in wanted]
            outcomes = [row for row in connection.execute(_OUTCOMES_IN_RANGE, values).fetchall() if row[0] in wanted]
            found.update(self._assemble(slug, rows, pairs, outcomes, with_ids=True))
            start = end
        return found

    def _itinerary_id(self, slug: str) -> int:
        found = self.session.connection().execute(_ITINERARY_ID, {"slug": slug}).scalar()
        if found is None:
            raise ItineraryNotFound(slug)
        return found

    def feed_index(self, slug: str) -> list[FeedRow]:
        """One light row per event of the itinerary, restricted ones included, in no particular order."""
        connection = self.session.connection()
        values = {"itinerary": self._itinerary_id(slug)}
        # Only the venues and participants this itinerary's events use, not every one in the database.
        venues = {row[0]: tuple(row[1:]) for row in connection.execute(_FEED_VENUES, values)}
        people = {row[0]: tuple(row[1:]) for row in connection.execute(_FEED_PEOPLE, values)}
        links = {
            event_id: tuple(people[person_id] for _, person_id in pairs)
            for event_id, pairs in groupby(connection.execute(_FEED_LINKS, values).fetchall(), itemgetter(0))
        }
        restricted = Visibility.RESTRICTED.value
        # The same zone names over and over: one string each rather than one per row.
        names: dict[str, str] = {}
        return [
            FeedRow(
                id,
                uid,
                title,
                visibility == restricted,
                all_day,
                start,
                end,
                names.setdefault(tz, tz),
                names.setdefault(end_tz, end_tz),
                rrule,
                parent_id is not None,
                names.setdefault(kind, kind),
                categories,
                (id, sequence, updated, parent_id, venues.get(venue_id), venues.get(dest_id), links.get(id)),
                _extra_end(rdates, tz, start, end) if rdates and rdates != "[]" else None,
            )
            for (
                id,
                uid,
                title,
                visibility,
                all_day,
                start,
                end,
                tz,
                end_tz,
                rrule,
                sequence,
                updated,
                parent_id,
                venue_id,
                dest_id,
                kind,
                categories,
                rdates,
            ) in connection.execute(_FEED_EVENTS, values).fetchall()
        ]

    def _load_events(self, slug: str, where: list, scope, *, with_ids: bool = False) -> list:
        """Events read with plain column queries: far cheaper than ORM objects for thousands of rows.

        ``scope`` selects the events whose participants and outcomes are read (a superset of ``where``).
        """
        rows = self.session.execute(
            select(*_EVENT_COLUMNS, _PARENT.uid).outerjoin(_PARENT, _PARENT.id == EventRow.parent_id).where(*where)
        ).all()
        pairs = self.session.execute(
            select(EventParticipantRow.event_id, EventParticipantRow.participant_id)
            .join(EventRow, EventRow.id == EventParticipantRow.event_id)
            .where(scope)
            .order_by(EventParticipantRow.event_id, EventParticipantRow.position)
        ).all()
        outcomes = self.session.execute(
            select(OutcomeRow.event_id, OutcomeRow.title, OutcomeRow.area)
            .join(EventRow, EventRow.id == OutcomeRow.event_id)
            .where(scope)
            .order_by(OutcomeRow.event_id, OutcomeRow.position)
        ).all()
        return self._assemble(slug, rows, pairs, outcomes, with_ids=with_ids)

    def _assemble(self, slug: str, rows: list, pairs: list, outcome_rows: list, *, with_ids: bool) -> list:
        """Events from their rows (``_EVENT_COLUMNS`` and the parent's UID), participant links and outcomes."""
        connection = self.session.connection()
        people: dict[int, Participant] = {}
        used_people = {person_id for _, person_id in pairs}
        if used_people:
            for id_, key, name, role, delegation in connection.execute(_PEOPLE_BY_ID, {"ids": list(used_people)}):
                people[id_] = Participant(key, name, role, delegation)
        links: dict[int, list[Participant]] = {}
        for event_id, person_id in pairs:
            links.setdefault(event_id, []).append(people[person_id])
        outcomes: dict[int, list[Outcome]] = {}
        for event_id, title, area in outcome_rows:
            outcomes.setdefault(event_id, []).append(Outcome(title, area))
        venues: dict[int, Venue] = {}
        used = {v for row in rows for v in (row.venue_id, row.destination_id) if v is not None}
        if used:
            for id_, *fields in connection.execute(_VENUES_BY_ID, {"ids": list(used)}):
                venues[id_] = Venue(*fields)
        events = _events_from_columns(rows, slug, venues, links, outcomes)
        return list(zip((row.id for row in rows), events, strict=True)) if with_ids else events

    def children(self, slug: str, uid: str) -> list[Event]:
        """The events nested directly under this one, by start."""
        parent = self.event_row(slug, uid)
        scope = EventRow.parent_id == parent.id
        found = self._load_events(slug, [scope], scope)
        return sorted(found, key=lambda e: (e.timing.instants()[0], e.title, e.uid))

    def write_event(self, event: Event, *, read_sequence: int | None = None, now: datetime | None = None) -> Event:
        """Insert or replace the event with this UID in its itinerary, at ``now`` (the event's updated stamp without).

        ``read_sequence`` is the SEQUENCE the change was computed from; if the
        row holds another one now, someone else's change came first and
        :class:`EditConflict` is raised rather than overwriting it. (A write
        still in flight elsewhere is caught by the row's ``lock_version``.)
        The public feed's stamp moves when the event is public before or after.
        """
        if not 0 <= event.sequence <= MAX_SEQUENCE:
            raise InvalidEvent("sequence", f"{event.title!r} ({event.uid}): must be 0 to {MAX_SEQUENCE}")
        itinerary = self.itinerary_row(event.itinerary)
        row = self.session.scalar(
            select(EventRow).where(EventRow.itinerary_id == itinerary.id, EventRow.uid == event.uid)
        ) or EventRow(itinerary=itinerary, uid=event.uid)
        if read_sequence is not None and row.sequence != read_sequence:
            raise EditConflict(f"{event.uid!r} was changed by someone else while you were saving; reload and try again")
        with self.session.no_autoflush:
            parent = self.event_row(event.itinerary, event.parent) if event.parent else None
            venue = self.venue_row(event.venue.key) if event.venue else None
            destination = self.venue_row(event.destination.key, "destination") if event.destination else None
            people = self.participant_rows([p.key for p in event.participants])
        # Public readers see the change if they saw the event before or see it now.
        public = row.visibility == Visibility.PUBLIC.value or event.visibility is Visibility.PUBLIC
        timing = event.timing
        row.title, row.description = event.title, event.description
        row.kind, row.format = event.kind.value, event.format.value
        row.status, row.visibility = event.status.value, event.visibility.value
        row.all_day = isinstance(timing, AllDay)
        row.start_utc, row.end_utc = timing.instants()
        row.first_day, row.last_day = (timing.first, timing.last) if row.all_day else (None, None)
        row.timezone, row.end_timezone = timing.timezone, timing.end_timezone
        row.parent, row.venue, row.destination = parent, venue, destination
        row.participant_links = [EventParticipantRow(participant=p, position=i) for i, p in enumerate(people)]
        row.outcome_rows = [OutcomeRow(title=o.title, area=o.area, position=i) for i, o in enumerate(event.outcomes)]
        row.categories = list(event.categories)
        row.url, row.rrule = event.url, event.rrule
        row.exdates = _encode_exdates(event.exdates)
        row.overrides = _encode_overrides(event.overrides)
        row.rdates = _encode_exdates(event.rdates)
        row.foreign_uid = event.foreign_uid
        row.sequence, row.created, row.updated = event.sequence, event.created, event.updated
        self.session.add(row)
        self.mark_changed(itinerary, now or event.updated, public=public)
        self.session.flush()
        return self.event(event.itinerary, event.uid)

    def delete_event(self, slug: str, uid: str, now: datetime) -> None:
        """Remove the event for good (its children lose their parent)."""
        row = self.event_row(slug, uid)
        self.mark_changed(row.itinerary, now, public=row.visibility == Visibility.PUBLIC.value)
        # Its children's VEVENTs lose their RELATED-TO: that is a change of theirs.
        self._touch_itineraries(EventRow.parent_id == row.id, now)
        self.session.delete(row)
        self.session.flush()


class Store:
    """The database: an engine, a clock, and one transaction per unit of work."""

    def __init__(self, url: str, *, clock: Callable[[], datetime] = utc_now, echo: bool = False):
        self.url = url
        self.clock = clock
        # pre_ping: a connection that died with a database server is replaced, not handed
        # out, so the service recovers by itself when the server returns. An SQLite file
        # has no server to lose, and the ping would double the cost of the lightest reads.
        server = not url.startswith("sqlite")
        self.engine: Engine = create_engine(url, echo=echo, pool_pre_ping=server)
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._light_reads: dict[int, tuple] = {}  # compiled statements by id(): see light_read
        self._current: ContextVar[Repository | None] = ContextVar(f"transaction-{id(self)}", default=None)
        # Commits that wrote, counted in this process: a cache may trust what it read while this stays put.
        self.generation = 0
        # Event blocks stored at write time (itinerary/storage_blocks.py): for which UID domains, and whether at all
        # (off: nothing is stored and feeds render every event on the fly; tests prove the blocks matter).
        self.block_domains: tuple[str, ...] = ("itinerary.invalid",)
        self.stored_blocks = True
        event.listen(self._sessions, "after_flush", _mark_written)
        event.listen(self._sessions, "do_orm_execute", _mark_written_statement)
        event.listen(self._sessions, "after_commit", self._count_write)

    def _count_write(self, session: Session) -> None:
        if session.info.pop("wrote", False):
            self.generation += 1

    def create_schema(self) -> None:
        """Create or upgrade the schema to the newest migration."""
        from itinerary import migrations

        migrations.upgrade(self.engine)

    def now(self) -> datetime:
        """The injected clock's current instant, aware."""
        now = self.clock()
        if now.tzinfo is None:
            raise ValueError("the clock must return an aware datetime")
        return now

    @contextmanager
    def transaction(self) -> Iterator[Repository]:
        """A repository whose writes commit together at the end, or not at all.

        Inside another transaction of this store it joins that one, so that
        services can be composed into one larger unit of work.
        """
        current = self._current.get()
        if current is not None:
            yield current
            return
        with self._sessions() as session, session.begin():
            repo = Repository(session)
            token = self._current.set(repo)
            try:
                yield repo
                moved = session.info.get("feed_stamps_moved")
                if moved and self.stored_blocks:  # hook (h4): blocks written in the same transaction
                    from itinerary import storage_blocks

                    storage_blocks.refresh(repo, {itinerary_id for itinerary_id, _ in moved}, self.block_domains)
            finally:
                self._current.reset(token)

    def itinerary_updated(self, slug: str) -> datetime | None:
        """When the itinerary last changed, or None if there is none: one indexed read, no ORM session.

        What a cached feed is checked against on every request, so it costs as little as a query can.
        """
        row = self.light_read(_UPDATED_BY_SLUG, slug=slug)
        return None if row is None else row[0]

    def feed_changed(self, slug: str, *, private: bool) -> datetime | None:
        """When the itinerary's public (or private) feed last changed, or None if there is no such itinerary.

        One indexed read, no ORM session: what a cached feed is checked against on every request.
        """
        row = self.light_read(_PRIVATE_CHANGED_BY_SLUG if private else _PUBLIC_CHANGED_BY_SLUG, slug=slug)
        return None if row is None else row[0]

    def light_read(self, statement: Select, **params) -> tuple | None:
        """The first row of ``statement`` (built once, at module level, with ``bindparam`` for ``params``), or None.

        For the reads made on every request, so they cost as little as a query can: the statement is
        compiled once and run on a pooled driver connection, past SQLAlchemy's execution machinery (which
        costs twice the query). Values come out converted by their column types, and driver errors as
        SQLAlchemy's errors, as from any other read.
        """
        compiled = self._light_reads.get(id(statement))
        if compiled is None:
            dialect = self.engine.dialect
            query = statement.compile(dialect=dialect)
            converters = [
                column.type.dialect_impl(dialect).result_processor(dialect, None)
                for column in statement.selected_columns
            ]
            fixed = {name: value for name, value in query.params.items() if value is not None}  # literals
            compiled = self._light_reads[id(statement)] = (str(query), query.positiontup, fixed, converters)
        sql, names, fixed, converters = compiled
        params = {**fixed, **params}
        values = tuple(params[name] for name in names) if names is not None else params
        dbapi = self.engine.dialect.loaded_dbapi
        connection = None
        try:
            connection = self.engine.raw_connection()
            cursor = connection.cursor()
            cursor.execute(sql, values)
            row = cursor.fetchone()
            cursor.close()
        except dbapi.Error as error:
            if connection is not None and self.engine.dialect.is_disconnect(error, connection.dbapi_connection, None):
                connection.invalidate(error)
            raise DBAPIError.instance(sql, values, error, dbapi.Error) from error
        finally:
            if connection is not None:
                connection.close()  # back to the pool, which ends the read's transaction
        if row is None:
            return None
        return tuple(convert(value) if convert else value for convert, value in zip(converters, row, strict=True))

    def ping(self) -> bool:
        """Whether the database answers."""
        with self.engine.connect() as connection:
            return connection.exec_driver_sql("SELECT 1").scalar() == 1

    def probe_write(self) -> None:
        """Raise the database's error when it would refuse a write (read-only, a standby, a locked or full file).

        An update that matches no row, rolled back: the database still takes the write path (PostgreSQL
        refuses it in a read-only transaction, SQLite takes its write lock), but nothing is written.
        """
        with self.engine.connect() as connection:
            connection.execute(_WRITE_PROBE)
            connection.rollback()

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()


_WRITE_PROBE = update(ItineraryRow).where(false()).values(updated=ItineraryRow.updated)
# Built once: SQLAlchemy caches its compiled form, and building a statement costs more than running this one.
_UPDATED_BY_SLUG = select(ItineraryRow.updated).where(ItineraryRow.slug == bindparam("slug"))
_PUBLIC_CHANGED_BY_SLUG = select(ItineraryRow.public_changed).where(ItineraryRow.slug == bindparam("slug"))
_PRIVATE_CHANGED_BY_SLUG = select(ItineraryRow.private_changed).where(ItineraryRow.slug == bindparam("slug"))


# The feed's reads, built once with bind parameters for the same reason.
_ITINERARY_ID = select(ItineraryRow.id).where(ItineraryRow.slug == bindparam("slug"))
_IN_ITINERARY = EventRow.itinerary_id == bindparam("itinerary")
_FEED_EVENTS = select(
    EventRow.id,
    EventRow.uid,
    EventRow.title,
    EventRow.visibility,
    EventRow.all_day,
    EventRow.start_utc,
    EventRow.end_utc,
    EventRow.timezone,
    EventRow.end_timezone,
    EventRow.rrule,
    EventRow.sequence,
    EventRow.updated,
    EventRow.parent_id,
    EventRow.venue_id,
    EventRow.destination_id,
    EventRow.kind,
    type_coerce(EventRow.categories, Text).label("categories"),  # decoded only when not empty
    type_coerce(EventRow.rdates, Text).label("rdates"),  # likewise
).where(_IN_ITINERARY)
_FEED_VENUES = select(*VenueRow.__table__.c).where(
    or_(
        VenueRow.id.in_(select(EventRow.venue_id).where(_IN_ITINERARY)),
        VenueRow.id.in_(select(EventRow.destination_id).where(_IN_ITINERARY)),
    )
)
_FEED_PEOPLE = select(*ParticipantRow.__table__.c).where(
    ParticipantRow.id.in_(
        select(EventParticipantRow.participant_id)
        .join(EventRow, EventRow.id == EventParticipantRow.event_id)
        .where(_IN_ITINERARY)
    )
)
_FEED_LINKS = (
    select(EventParticipantRow.event_id, EventParticipantRow.participant_id)
    .join(EventRow, EventRow.id == EventParticipantRow.event_id)
    .where(_IN_ITINERARY)
    .order_by(EventParticipantRow.event_id, EventParticipantRow.position)
)
_EVENTS_IN_RANGE = (
    select(*_EVENT_COLUMNS, _PARENT.uid)
    .outerjoin(_PARENT, _PARENT.id == EventRow.parent_id)
    .where(_IN_ITINERARY, EventRow.id.between(bindparam("low"), bindparam("high")))
)
# Links and outcomes of a range of event ids; those of events not asked for (another itinerary's) are dropped.
_LINKS_IN_RANGE = (
    select(EventParticipantRow.event_id, EventParticipantRow.participant_id)
    .where(EventParticipantRow.event_id.between(bindparam("low"), bindparam("high")))
    .order_by(EventParticipantRow.event_id, EventParticipantRow.position)
)
_OUTCOMES_IN_RANGE = (
    select(OutcomeRow.event_id, OutcomeRow.title, OutcomeRow.area)
    .where(OutcomeRow.event_id.between(bindparam("low"), bindparam("high")))
    .order_by(OutcomeRow.event_id, OutcomeRow.position)
)
_PEOPLE_BY_ID = select(
    ParticipantRow.id, ParticipantRow.key, ParticipantRow.name, ParticipantRow.role, ParticipantRow.delegation
).where(ParticipantRow.id.in_(bindparam("ids", expanding=True)))
_VENUES_BY_ID = select(
    VenueRow.id,
    VenueRow.key,
    VenueRow.name,
    VenueRow.city,
    VenueRow.country,
    VenueRow.timezone,
    VenueRow.latitude,
    VenueRow.longitude,
).where(VenueRow.id.in_(bindparam("ids", expanding=True)))


def _mark_written(session: Session, _context) -> None:
    session.info["wrote"] = True


def _mark_written_statement(state) -> None:
    if not state.is_select:
        state.session.info["wrote"] = True


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


# Hook (h4): the stored event blocks' table joins the schema (itinerary/storage_blocks.py).
from itinerary import storage_blocks  # noqa: E402,F401

__all__ = ["FeedRow", "Repository", "Store", "utc_now"]
