"""Every table of the database, declared in this one module, and the schema they make.

Instants are stored in UTC beside the name of the zone they were entered in;
a naive datetime is refused before it reaches the database.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import (
    DeclarativeBase,
    Mapped,
    mapped_column,
    relationship,
)

from itinerary.model import (
    Visibility,
)


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
    # The itinerary's own language (itinerary.languages): its texts are in it; texts in others fall back to it.
    language: Mapped[str] = mapped_column(String(8), default="en", server_default="en")
    # A release row holds the latest published state of the itinerary ``release_of`` names (its own copy of the
    # event rows; see itinerary.releases); None for the itinerary itself, which editors change (the draft).
    # Not a foreign key: a column SQLite adds and drops in place (never a copy of this table). The ORM deletes
    # an itinerary's release with it (``release`` below); a release whose draft is gone is never read (it is
    # found only by its draft's slug).
    release_of: Mapped[int | None] = mapped_column(Integer, index=True, unique=True, default=None)
    # Whether every save is published at once (the running days of a visit); read on the draft's row.
    publish_on_save: Mapped[bool] = mapped_column(default=False, server_default=false())

    events: Mapped[list[EventRow]] = relationship(back_populates="itinerary", cascade="all, delete-orphan")
    release: Mapped[ItineraryRow | None] = relationship(
        primaryjoin="remote(foreign(ItineraryRow.release_of)) == ItineraryRow.id",
        uselist=False,
        cascade="all, delete-orphan",
    )


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


class EventAudienceRow(Base):
    """What one audience sees of one event (itinerary.audiences), where it differs from the event's
    visibility's default; the event's public label (what a busy event is called) sits beside it."""

    __tablename__ = "event_audiences"

    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), primary_key=True)
    audience: Mapped[str] = mapped_column(String(40), primary_key=True)
    visibility: Mapped[str] = mapped_column(String(16))


class EventLabelRow(Base):
    """An event's own public label: what audiences that see it busy read instead of its title."""

    __tablename__ = "event_labels"

    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), primary_key=True)
    label: Mapped[str] = mapped_column(String(200))


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
    travel_mode: Mapped[str] = mapped_column(String(16), default="", server_default="")  # a leg's TravelMode
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
    audience_rows: Mapped[list[EventAudienceRow]] = relationship(
        order_by=EventAudienceRow.audience, cascade="all, delete-orphan", passive_deletes=True
    )
    label_rows: Mapped[list[EventLabelRow]] = relationship(cascade="all, delete-orphan", passive_deletes=True)


# The change log and published versions (itinerary.changelog).


class ChangeRow(Base):
    __tablename__ = "changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    itinerary_id: Mapped[int] = mapped_column(ForeignKey("itineraries.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    editor: Mapped[str] = mapped_column(String(64), default="")
    event_uid: Mapped[str] = mapped_column(String(255))
    event_title: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(16))
    fields: Mapped[dict] = mapped_column(JSON, default=dict)
    # The event's visibility in the state this entry leaves it in (for a deletion: the state it was deleted from).
    visibility: Mapped[str] = mapped_column(String(16), default=Visibility.RESTRICTED.value)
    # Why the editor saved the change despite the checks' warnings ("save anyway"); empty otherwise.
    reason: Mapped[str] = mapped_column(String(200), default="", server_default="")


class VersionRow(Base):
    __tablename__ = "versions"
    __table_args__ = (UniqueConstraint("itinerary_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    itinerary_id: Mapped[int] = mapped_column(ForeignKey("itineraries.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    editor: Mapped[str] = mapped_column(String(64), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    snapshot: Mapped[dict] = mapped_column(JSON, default=dict)


# Editors and their sessions (itinerary.accounts).


class EditorRow(Base):
    __tablename__ = "editors"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    created: Mapped[datetime] = mapped_column(UTCDateTime)
    disabled: Mapped[bool] = mapped_column(default=False, server_default=false())


class SessionRow(Base):
    """One signed-in browser of an editor: ended by signing out, by an administrator, or by time."""

    __tablename__ = "editor_sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # SHA-256 of the cookie's token, in hex
    editor_id: Mapped[int] = mapped_column(ForeignKey("editors.id", ondelete="CASCADE"), index=True)
    created: Mapped[datetime] = mapped_column(UTCDateTime)
    seen: Mapped[datetime] = mapped_column(UTCDateTime)  # last use, kept to the minute (see SessionRules)


# The sign-in throttle (itinerary.throttle).


class SignInFailureRow(Base):
    """Recent consecutive failed sign-ins of one account or one address."""

    __tablename__ = "sign_in_failures"
    __table_args__ = (Index("ix_sign_in_failures_last_failure", "last_failure"),)

    scope: Mapped[str] = mapped_column(String(16), primary_key=True)
    # MAX_SUBJECT of itinerary.throttle: longer input is cut before it gets here.
    subject: Mapped[str] = mapped_column(String(128), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer)
    last_failure: Mapped[datetime] = mapped_column(UTCDateTime)
    blocked_until: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class EventBlockRow(Base):
    """An event's VEVENTs serialized at write time for one UID domain and language (see
    :mod:`itinerary.storage.blocks`); language "" is the itinerary's own, without LANGUAGE parameters."""

    __tablename__ = "event_blocks"

    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), primary_key=True)
    uid_domain: Mapped[str] = mapped_column(String(255), primary_key=True)
    language: Mapped[str] = mapped_column(String(8), primary_key=True, default="", server_default="")
    depends: Mapped[str] = mapped_column(String(64))
    body: Mapped[bytes] = mapped_column(LargeBinary)  # the page path, then every piece, back to back
    cuts: Mapped[str] = mapped_column(Text)  # the length of each, comma-separated


class DeletedItineraryRow(Base):
    """A deleted itinerary's slug, kept so that its old addresses answer 410 Gone and the slug is not reused."""

    __tablename__ = "deleted_itineraries"

    slug: Mapped[str] = mapped_column(String(100), primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    deleted: Mapped[datetime] = mapped_column(UTCDateTime)
    editor: Mapped[str] = mapped_column(String(64), default="")
    visibility: Mapped[str] = mapped_column(String(16), default=Visibility.PUBLIC.value)
    # SHA-256 (hex) of the private feed token it had: the old private address answers 410 without the token kept.
    token_digest: Mapped[str | None] = mapped_column(String(64), index=True)


class TranslationRow(Base):
    """One text of an itinerary, event, venue or participant in a language other than the itinerary's own.

    ``kind`` and ``key`` name the thing (an event's key is its itinerary's slug and its UID, see
    :func:`itinerary.languages.event_key`); ``field`` is one of :data:`itinerary.languages.FIELDS`. The
    texts in the own language stay in the things' own columns (the one list of event fields is unchanged).
    """

    __tablename__ = "translations"

    kind: Mapped[str] = mapped_column(String(16), primary_key=True)
    key: Mapped[str] = mapped_column(String(400), primary_key=True)
    field: Mapped[str] = mapped_column(String(32), primary_key=True)
    language: Mapped[str] = mapped_column(String(8), primary_key=True)
    text: Mapped[str] = mapped_column(Text)


class SubscriptionRow(Base):
    """A named subscription of one audience to an itinerary (the draft's row, never a release's).

    Only the SHA-256 (hex) of its token is kept: the addresses are shown once, when it is issued.
    """

    __tablename__ = "subscriptions"
    __table_args__ = (UniqueConstraint("itinerary_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    itinerary_id: Mapped[int] = mapped_column(ForeignKey("itineraries.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    audience: Mapped[str] = mapped_column(String(32))
    token_digest: Mapped[str] = mapped_column(String(64), unique=True)
    created: Mapped[datetime] = mapped_column(UTCDateTime)
    paused: Mapped[bool] = mapped_column(default=False, server_default=false())


class SubscriptionFetchRow(Base):
    """Feed health: the fetches of one subscription by one client family (Google, Microsoft, Apple…)."""

    __tablename__ = "subscription_fetches"

    subscription_id: Mapped[int] = mapped_column(ForeignKey("subscriptions.id", ondelete="CASCADE"), primary_key=True)
    family: Mapped[str] = mapped_column(String(16), primary_key=True)
    count: Mapped[int] = mapped_column(Integer)
    first: Mapped[datetime] = mapped_column(UTCDateTime)
    last: Mapped[datetime] = mapped_column(UTCDateTime)
    copy_changed: Mapped[datetime] = mapped_column(UTCDateTime)  # the Last-Modified of the copy last fetched


class ItineraryAudienceRow(Base):
    """An audience an itinerary's editors added to the built-in ones (the draft's row, never a release's:
    a release's events keep the audience's name in their entries, which is all a reader needs)."""

    __tablename__ = "itinerary_audiences"

    itinerary_id: Mapped[int] = mapped_column(ForeignKey("itineraries.id", ondelete="CASCADE"), primary_key=True)
    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    label: Mapped[str] = mapped_column(String(100))


class ReleaseTranslationRow(Base):
    """A text of a release's itinerary or event (or the languages it offers) in another language: what its
    readers and feeds read, copied from ``translations`` when the draft is published (itinerary.releases).

    A table beside ``translations`` (never a column on a table publishing copies): keyed as there, and
    ``release_id`` names the release's itinerary row, so that the texts go with it.
    """

    __tablename__ = "release_translations"

    release_id: Mapped[int] = mapped_column(ForeignKey("itineraries.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16), primary_key=True)
    key: Mapped[str] = mapped_column(String(400), primary_key=True)
    field: Mapped[str] = mapped_column(String(32), primary_key=True)
    language: Mapped[str] = mapped_column(String(8), primary_key=True)
    text: Mapped[str] = mapped_column(Text)


class AudienceStampRow(Base):
    """When one audience's answers of an itinerary (draft or release row) last changed, and a digest of what it
    saw then (see :mod:`itinerary.storage.views`): its ETag, Last-Modified and DTSTAMP move exactly when
    what it sees does. Staff's stamp is the itinerary's ``private_changed``; the public's is mirrored to
    ``public_changed``."""

    __tablename__ = "audience_stamps"

    itinerary_id: Mapped[int] = mapped_column(ForeignKey("itineraries.id", ondelete="CASCADE"), primary_key=True)
    audience: Mapped[str] = mapped_column(String(40), primary_key=True)
    digest: Mapped[str] = mapped_column(String(64))
    changed: Mapped[datetime] = mapped_column(UTCDateTime)


class StandinRow(Base):
    """A busy event's stand-in (time, city, label) as its audiences last saw it: its own SEQUENCE and
    LAST-MODIFIED, which move only when the stand-in does (see :mod:`itinerary.storage.views`)."""

    __tablename__ = "standins"

    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), primary_key=True)
    digest: Mapped[str] = mapped_column(String(64))  # what the stand-in shows, its SEQUENCE and stamps aside
    access: Mapped[str] = mapped_column(Text)  # who saw the event how then (a full view turned busy bumps)
    sequence: Mapped[int] = mapped_column(Integer)
    changed: Mapped[datetime] = mapped_column(UTCDateTime)
    version: Mapped[str] = mapped_column(String(64))  # what it was computed from (its row's version, settings)


# A stand-in's state as its readers read it (by event row id): what every read of stand-ins selects.
STANDIN_STATE = (StandinRow.digest, StandinRow.access, StandinRow.sequence, StandinRow.changed)


class StandinBlockRow(Base):
    """A busy event's stand-in serialized at write time, per UID domain and language (the neutral label is said
    in the feed's language), as :class:`EventBlockRow` is for the event itself."""

    __tablename__ = "standin_blocks"

    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), primary_key=True)
    uid_domain: Mapped[str] = mapped_column(String(255), primary_key=True)
    language: Mapped[str] = mapped_column(String(8), primary_key=True)
    depends: Mapped[str] = mapped_column(String(64))
    body: Mapped[bytes] = mapped_column(LargeBinary)
    cuts: Mapped[str] = mapped_column(Text)


class LanguageStampRow(Base):
    """When one audience's feed of an itinerary (draft or release row) in one language last changed, and a
    digest of what that feed showed then (see :func:`itinerary.storage.views.refresh_languages`): a text
    changed in one language moves that language's feeds alone. ``language`` "" is the itinerary's own."""

    __tablename__ = "language_stamps"

    itinerary_id: Mapped[int] = mapped_column(ForeignKey("itineraries.id", ondelete="CASCADE"), primary_key=True)
    audience: Mapped[str] = mapped_column(String(40), primary_key=True)
    language: Mapped[str] = mapped_column(String(8), primary_key=True)
    digest: Mapped[str] = mapped_column(String(64))
    changed: Mapped[datetime] = mapped_column(UTCDateTime)


# The schema: every table above, assembled here and nowhere else.
SCHEMA = Base.metadata
