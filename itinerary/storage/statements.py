"""Statements built once, at import, with bind parameters: SQLAlchemy caches their compiled form,
and building a statement costs more than running the light ones."""

from __future__ import annotations

from sqlalchemy import (
    Text,
    and_,
    bindparam,
    false,
    func,
    or_,
    select,
    type_coerce,
    update,
)
from sqlalchemy.orm import (
    aliased,
)

from itinerary.storage.mapping import EVENT_COLUMNS, JSON_COLUMNS
from itinerary.storage.tables import (
    EditorRow,
    EventAudienceRow,
    EventLabelRow,
    EventParticipantRow,
    EventRow,
    ItineraryRow,
    OutcomeRow,
    ParticipantRow,
    SessionRow,
    SignInFailureRow,
    VenueRow,
    VersionRow,
)

_PARENT = aliased(EventRow)  # built once: an alias costs more to make than the query it serves

_EVENT_COLUMNS = tuple(
    type_coerce(getattr(EventRow, name), Text).label(name) if name in JSON_COLUMNS else getattr(EventRow, name)
    for name in EVENT_COLUMNS
)


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
_FEED_AUDIENCES = (
    select(EventAudienceRow.event_id, EventAudienceRow.audience, EventAudienceRow.visibility)
    .join(EventRow, EventRow.id == EventAudienceRow.event_id)
    .where(_IN_ITINERARY)
    .order_by(EventAudienceRow.event_id, EventAudienceRow.audience)
)
_FEED_LABELS = (
    select(EventLabelRow.event_id, EventLabelRow.label)
    .join(EventRow, EventRow.id == EventLabelRow.event_id)
    .where(_IN_ITINERARY)
)
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

# The change log's state: the itinerary's last change and its latest version's number (0 for none).
_STATE = select(
    ItineraryRow.updated,
    select(func.coalesce(func.max(VersionRow.number), 0))
    .where(VersionRow.itinerary_id == ItineraryRow.id)
    .scalar_subquery(),
).where(ItineraryRow.slug == bindparam("slug"))

# Read on every editor's request: one lookup of a session by primary key.
_SESSION = (
    select(SessionRow.created, SessionRow.seen, EditorRow.username, EditorRow.created, EditorRow.disabled)
    .join(EditorRow, EditorRow.id == SessionRow.editor_id)
    .where(SessionRow.id == bindparam("session"))
)

# The latest end of a block among two counters (the same one twice when only the address counts).
_BLOCKED_UNTIL = select(func.max(SignInFailureRow.blocked_until)).where(
    or_(
        and_(SignInFailureRow.scope == bindparam("scope1"), SignInFailureRow.subject == bindparam("subject1")),
        and_(SignInFailureRow.scope == bindparam("scope2"), SignInFailureRow.subject == bindparam("subject2")),
    )
)


# The same reads of an itinerary's latest release (itinerary.releases): its row is found by its draft's slug.
_RELEASED = aliased(ItineraryRow)
_BY_DRAFT_SLUG = (
    _RELEASED.release_of == select(ItineraryRow.id).where(ItineraryRow.slug == bindparam("slug")).scalar_subquery()
)
_RELEASE_ID = select(_RELEASED.id).where(_BY_DRAFT_SLUG)
_RELEASE_UPDATED = select(_RELEASED.updated).where(_BY_DRAFT_SLUG)
_RELEASE_PUBLIC_CHANGED = select(_RELEASED.public_changed).where(_BY_DRAFT_SLUG)
_RELEASE_PRIVATE_CHANGED = select(_RELEASED.private_changed).where(_BY_DRAFT_SLUG)
# A release's state: when it was last published (or a shared venue or person it shows changed) and its number.
_RELEASE_STATE = select(
    _RELEASED.updated,
    select(func.coalesce(func.max(VersionRow.number), 0))
    .where(VersionRow.itinerary_id == _RELEASED.release_of)
    .scalar_subquery(),
).where(_BY_DRAFT_SLUG)


def _audience_changed(itinerary):
    """When an audience's answers of ``itinerary`` (a draft or its release) last changed: its own stamp
    (itinerary.storage.views), or staff's, which moves with every change, while it has none."""
    from itinerary.storage.tables import AudienceStampRow, UTCDateTime

    own = (
        select(AudienceStampRow.changed)
        .where(AudienceStampRow.itinerary_id == itinerary.id, AudienceStampRow.audience == bindparam("audience"))
        .scalar_subquery()
    )
    return type_coerce(func.coalesce(own, itinerary.private_changed), UTCDateTime)


_AUDIENCE_CHANGED_BY_SLUG = select(_audience_changed(ItineraryRow)).where(ItineraryRow.slug == bindparam("slug"))
_RELEASE_AUDIENCE_CHANGED = select(_audience_changed(_RELEASED)).where(_BY_DRAFT_SLUG)


def _language_changed(itinerary_id):
    """When an audience's feed of an itinerary row (``itinerary_id``: a draft's or its release's) in one language
    last changed (itinerary.storage.views.refresh_languages); no row while it has none."""
    from itinerary.storage.tables import LanguageStampRow

    return select(LanguageStampRow.changed).where(
        LanguageStampRow.itinerary_id == itinerary_id,
        LanguageStampRow.audience == bindparam("audience"),
        LanguageStampRow.language == bindparam("language"),
    )


_LANGUAGE_CHANGED_BY_SLUG = _language_changed(
    select(ItineraryRow.id).where(ItineraryRow.slug == bindparam("slug")).scalar_subquery()
)
_RELEASE_LANGUAGE_CHANGED = _language_changed(_RELEASE_ID.scalar_subquery())
