"""The SQL repository: reads and writes domain values inside one session (one transaction)."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import datetime
from itertools import groupby
from operator import itemgetter

from sqlalchemy import (
    String,
    and_,
    cast,
    delete,
    func,
    or_,
    select,
)
from sqlalchemy.orm import (
    Session,
    aliased,
    selectinload,
)
from sqlalchemy.orm.exc import StaleDataError

from itinerary.errors import (
    EditConflict,
    EventNotFound,
    InUse,
    InvalidEvent,
    ItineraryNotFound,
    Message,
    NotFound,
)
from itinerary.languages import event_key
from itinerary.model import (
    MAX_SEQUENCE,
    SLUG_RE,
    UID_RE,
    Event,
    Itinerary,
    Outcome,
    Participant,
    Venue,
    Visibility,
)
from itinerary.records import DeletedItinerary
from itinerary.storage.accounts import Accounts
from itinerary.storage.history import ChangeLog
from itinerary.storage.mapping import (
    FeedRow,
    _events_from_columns,
    _extra_end,
    _itinerary,
    _next_stamp,
    _participant,
    _venue,
    _whole_second,
    event_columns,
)
from itinerary.storage.own_audiences import OwnAudiences
from itinerary.storage.search import Search
from itinerary.storage.statements import (
    _EVENT_COLUMNS,
    _EVENTS_IN_RANGE,
    _FEED_AUDIENCES,
    _FEED_EVENTS,
    _FEED_LABELS,
    _FEED_LINKS,
    _FEED_PEOPLE,
    _FEED_VENUES,
    _ITINERARY_ID,
    _LINKS_IN_RANGE,
    _OUTCOMES_IN_RANGE,
    _PARENT,
    _PEOPLE_BY_ID,
    _RELEASE_ID,
    _VENUES_BY_ID,
)
from itinerary.storage.subscriptions import Subscriptions
from itinerary.storage.tables import (
    STANDIN_STATE,
    DeletedItineraryRow,
    EventAudienceRow,
    EventLabelRow,
    EventParticipantRow,
    EventRow,
    ItineraryRow,
    OutcomeRow,
    ParticipantRow,
    StandinRow,
    VenueRow,
)
from itinerary.storage.throttle import Throttle
from itinerary.storage.translations import Translations

_DRAFT = aliased(ItineraryRow)  # the itinerary a release row is the published copy of
_CONFLICT = "%(uid)s was changed by someone else while you were saving; reload and try again"


class Repository:
    """Reads and writes domain values inside one session (one transaction).

    Itineraries and events, venues and participants are read and written here; the change log and
    versions through ``changes``, editor accounts and sessions through ``accounts``, the sign-in
    counters through ``throttle``, the search through ``search``. Nothing that leaves it is a row: every value
    is a domain value.
    """

    def __init__(self, session: Session, *, release: bool = False):
        self.session = session
        # Which state of each itinerary is read and written by slug: the draft, or (``release``) its latest
        # release, the copy readers see (see itinerary.releases). The change log is always the draft's.
        self.release = release
        self.changes = ChangeLog(session, self._draft_id)
        self.accounts = Accounts(session)
        self.throttle = Throttle(session)
        self.search = Search(session, release=release)
        self.translations = Translations(self)
        self.subscriptions = Subscriptions(session, self._draft_id)
        self.audiences = OwnAudiences(session, self._draft_id)

    def staged(self, *, release: bool) -> Repository:
        """This transaction's repository for the draft, or with ``release`` for the latest releases."""
        return self if release == self.release else Repository(self.session, release=release)

    def _draft_id(self, slug: str) -> int:
        return self.itinerary_row(slug).id if not self.release else self.staged(release=False).itinerary_row(slug).id

    # Itineraries
    def itinerary_row(self, slug: str) -> ItineraryRow:
        if not isinstance(slug, str) or len(slug) > 100 or not SLUG_RE.match(slug):
            raise ItineraryNotFound(slug)  # no such slug is ever stored; a NUL would be a database error
        if self.release:
            query = select(ItineraryRow).join(_DRAFT, ItineraryRow.release_of == _DRAFT.id).where(_DRAFT.slug == slug)
        else:
            query = select(ItineraryRow).where(ItineraryRow.slug == slug)
        row = self.session.scalar(query)
        if row is None:
            raise ItineraryNotFound(slug)
        return row

    def itinerary(self, slug: str) -> Itinerary:
        """The itinerary with this slug."""
        return _itinerary(self.itinerary_row(slug), slug)

    def itineraries(self) -> list[Itinerary]:
        """All itineraries, by title."""
        if self.release:
            rows = self.session.execute(
                select(ItineraryRow, _DRAFT.slug)
                .join(_DRAFT, ItineraryRow.release_of == _DRAFT.id)
                .order_by(ItineraryRow.title)
            )
            return [_itinerary(row, slug) for row, slug in rows]
        rows = self.session.scalars(
            select(ItineraryRow).where(ItineraryRow.release_of.is_(None)).order_by(ItineraryRow.title)
        )
        return [_itinerary(row) for row in rows]

    def has_itinerary(self, slug: str) -> bool:
        """Whether an itinerary has this slug."""
        return self.session.scalar(select(ItineraryRow.id).where(ItineraryRow.slug == slug)) is not None

    def publish_on_save(self, slug: str) -> bool:
        """Whether every save of the itinerary is published at once."""
        return self.staged(release=False).itinerary_row(slug).publish_on_save

    def set_publish_on_save(self, slug: str, value: bool) -> None:
        """Publish every save of the itinerary at once (or not)."""
        self.staged(release=False).itinerary_row(slug).publish_on_save = bool(value)

    def feed_token(self, slug: str) -> str | None:
        """The itinerary's private feed token, or None."""
        return self.itinerary_row(slug).feed_token

    def set_feed_token(self, slug: str, token: str | None) -> None:
        """Give the itinerary this private feed token (None: no private feed)."""
        self.itinerary_row(slug).feed_token = token

    def restore_stamps(
        self, slug: str, *, created: datetime, updated: datetime, public_changed: datetime, private_changed: datetime
    ) -> None:
        """Set the itinerary's stamps as a backup recorded them."""
        row = self.itinerary_row(slug)
        row.created, row.updated = created, updated
        row.public_changed, row.private_changed = public_changed, private_changed

    def language_stamps(self, slug: str) -> dict[str, dict[str, datetime]]:
        """When each audience's feed of the itinerary in each language last changed (itinerary.storage.views
        .refresh_languages), ``{audience: {language: stamp}}``: what a backup records."""
        from itinerary.storage.views import SqlViews

        found: dict[str, dict[str, datetime]] = {}
        for (audience, language), (_, changed) in (
            SqlViews(self, self.itinerary_row(slug).id).language_stamps(slug).items()
        ):
            found.setdefault(audience, {})[language] = changed
        return found

    def restore_language_stamps(self, slug: str, stamps: dict[str, dict[str, datetime]]) -> None:
        """Set the itinerary's per-language feed stamps as a backup recorded them; what each feed shows is taken
        as it is when the transaction refreshes them (an empty digest: adopted, not a change)."""
        from sqlalchemy import insert

        from itinerary.storage.tables import LanguageStampRow

        row = self.itinerary_row(slug)
        self.session.execute(delete(LanguageStampRow).where(LanguageStampRow.itinerary_id == row.id))
        rows = [
            {"itinerary_id": row.id, "audience": audience, "language": language, "digest": "", "changed": changed}
            for audience, by_language in sorted(stamps.items())
            for language, changed in sorted(by_language.items())
        ]
        if rows:
            self.session.execute(insert(LanguageStampRow), rows)

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
            language=itinerary.language,
        )
        self.session.add(row)
        self.session.flush()
        self.session.info.setdefault("feed_stamps_moved", set()).update({(row.id, False), (row.id, True)})
        if not self.release:
            self.ensure_release(itinerary.slug)
        return _itinerary(row, itinerary.slug)

    def ensure_release(self, slug: str) -> None:
        """Give the itinerary its release row if it has none: with nothing published yet, readers see its title
        and an honest empty programme (see :mod:`itinerary.releases`)."""
        row = self.staged(release=False).itinerary_row(slug)
        if self.session.scalar(select(ItineraryRow.id).where(ItineraryRow.release_of == row.id)) is not None:
            return
        release = ItineraryRow(
            slug=f"~{row.id}",  # never a slug (those start with a letter or digit): found by release_of
            title=row.title,
            summary=row.summary,
            timezone=row.timezone,
            visibility=row.visibility,
            created=row.created,
            updated=row.updated,
            public_changed=row.public_changed,
            private_changed=row.private_changed,
            release_of=row.id,
        )
        self.session.add(release)
        self.session.flush()
        self.session.info.setdefault("feed_stamps_moved", set()).update({(release.id, False), (release.id, True)})

    def drafts_publishing_on_save(self, *, every: bool = False) -> list[str]:
        """The slugs of the drafts changed in this transaction that publish every save (all with ``every``)."""
        ids = {itinerary_id for itinerary_id, _ in self.session.info.get("feed_stamps_moved", ())}
        if not ids:
            return []
        query = select(ItineraryRow.slug).where(ItineraryRow.id.in_(ids), ItineraryRow.release_of.is_(None))
        if not every:
            query = query.where(ItineraryRow.publish_on_save)
        return sorted(self.session.scalars(query))

    def save_itinerary(self, itinerary: Itinerary, now: datetime) -> Itinerary:
        """Store changed fields of an existing itinerary."""
        row = self.itinerary_row(itinerary.slug)
        fields = (itinerary.title, itinerary.summary, itinerary.timezone, itinerary.visibility.value)
        changed = fields != (row.title, row.summary, row.timezone, row.visibility) or itinerary.language != row.language
        if not self.release and row.visibility != itinerary.visibility.value:
            # Who may read it is no release's content: a restricted itinerary is hidden from readers at once.
            released = self.staged(release=True).itinerary_row(itinerary.slug)
            released.visibility = itinerary.visibility.value
            self.mark_changed(released, now, public=True)
        row.title, row.summary = itinerary.title, itinerary.summary
        row.timezone, row.visibility = itinerary.timezone, itinerary.visibility.value
        row.language = itinerary.language
        if changed:  # every feed's head shows these (or, for visibility, whether there is a public feed)
            self.mark_changed(row, now, public=True)
        else:
            row.updated = now
        self.session.flush()
        return _itinerary(row, itinerary.slug)

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

    def participants_by_key(self, keys: Sequence[str]) -> list[Participant]:
        """The participants with these keys, in that order; :class:`NotFound` names those missing."""
        return [_participant(row) for row in self.participant_rows(keys)]

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
            select(EventRow.id, ItineraryRow.slug)
            .join(EventRow.itinerary)
            .where(clause, ItineraryRow.release_of.is_(None))  # the drafts' events: what the change log records
            .order_by(ItineraryRow.slug)
        ).all()
        for slug, pairs in groupby(rows, itemgetter(1)):
            found.update(self.events_by_id(slug, [id_ for id_, _ in pairs]))
        return dict(sorted(found.items()))  # by row id, whatever order the database read them in

    def _touch_itineraries(self, events_clause, now: datetime) -> None:
        """Mark changed the itineraries whose events match, and those events: their VEVENTs show what changed.

        Each event's SEQUENCE (shared by its changed occurrences' VEVENTs) and updated stamp move,
        so that subscribed calendars take the new text; a SEQUENCE at :data:`MAX_SEQUENCE` stays there.
        Staff's stamp moves; each other audience's moves when what it sees does (itinerary.storage.views).
        """
        rows = self.session.scalars(select(EventRow).where(events_clause).order_by(EventRow.id)).all()
        public: dict[int, bool] = {}
        for event_row in rows:
            event_row.sequence = min(event_row.sequence + 1, MAX_SEQUENCE)
            event_row.updated = now
            public[event_row.itinerary_id] = False  # the audiences' stamps move by what each sees (storage.views)
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
            self._events_query().where(EventRow.itinerary_id == self._itinerary_id(slug), EventRow.uid == uid)
        )
        if row is None:
            self.itinerary_row(slug)
            raise EventNotFound(slug, uid)
        return row

    def has_event(self, slug: str, uid: str) -> bool:
        """Whether the itinerary (which must exist) has an event with this UID."""
        try:
            self.event_row(slug, uid)
        except EventNotFound:
            return False
        return True

    def event_uids(self, slug: str, *, include_restricted: bool = True) -> set[str]:
        """The UIDs of the itinerary's events (public ones only without ``include_restricted``)."""
        query = select(EventRow.uid).where(EventRow.itinerary_id == self.itinerary_row(slug).id)
        if not include_restricted:
            query = query.where(EventRow.visibility == Visibility.PUBLIC.value)
        return set(self.session.scalars(query))

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
        statement = _RELEASE_ID if self.release else _ITINERARY_ID
        found = self.session.connection().execute(statement, {"slug": slug}).scalar()
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
        access: dict[int, tuple] = {}
        for event_id, pairs in groupby(connection.execute(_FEED_AUDIENCES, values).fetchall(), itemgetter(0)):
            access[event_id] = tuple((audience, visibility) for _, audience, visibility in pairs)
        labels = dict(connection.execute(_FEED_LABELS, values).fetchall())
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
                access.get(id, ()),
                labels.get(id, ""),
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
        events = self._with_audiences([row.id for row in rows], events)
        return list(zip((row.id for row in rows), events, strict=True)) if with_ids else events

    def _audience_settings(self, ids: Sequence[int]) -> tuple[dict[int, list], dict[int, str]]:
        """What each audience sees of these events and their public labels, by row id (few rows: only the
        events whose audiences differ from their visibility's default, or that have a label, have any)."""
        if not ids:
            return {}, {}
        low, high, wanted = min(ids), max(ids), set(ids)
        connection = self.session.connection()
        access: dict[int, list] = {}
        for event_id, audience, visibility in connection.execute(
            select(EventAudienceRow.event_id, EventAudienceRow.audience, EventAudienceRow.visibility)
            .where(EventAudienceRow.event_id.between(low, high))
            .order_by(EventAudienceRow.event_id, EventAudienceRow.audience)
        ):
            if event_id in wanted:
                access.setdefault(event_id, []).append((audience, visibility))
        labels = {
            event_id: label
            for event_id, label in connection.execute(
                select(EventLabelRow.event_id, EventLabelRow.label).where(EventLabelRow.event_id.between(low, high))
            )
            if event_id in wanted
        }
        return access, labels

    def _with_audiences(self, ids: list[int], events: list[Event]) -> list[Event]:
        access, labels = self._audience_settings(ids)
        if not access and not labels:
            return events
        standins = self._standins([id_ for id_ in ids if id_ in access])
        return [
            dataclasses.replace(
                event, access=tuple(access.get(id_, ())), label=labels.get(id_, ""), standin_state=standins.get(id_)
            )
            if id_ in access or id_ in labels
            else event
            for id_, event in zip(ids, events, strict=True)
        ]

    def _standins(self, ids: Sequence[int]) -> dict[int, tuple]:
        """The stored stand-in states of these events (see :mod:`itinerary.storage.views`), by row id."""
        if not ids:
            return {}
        query = select(
            StandinRow.event_id,
            *STANDIN_STATE,
            StandinRow.version,
        ).where(StandinRow.event_id.in_(list(ids)))
        return {row[0]: tuple(row[1:]) for row in self.session.connection().execute(query)}

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
        Staff's stamp moves; each other audience's when what it sees does (itinerary.storage.views, at commit).
        """
        if not 0 <= event.sequence <= MAX_SEQUENCE:
            raise InvalidEvent("sequence", f"{event.title!r} ({event.uid}): must be 0 to {MAX_SEQUENCE}")
        itinerary = self.itinerary_row(event.itinerary)
        row = self.session.scalar(
            select(EventRow).where(EventRow.itinerary_id == itinerary.id, EventRow.uid == event.uid)
        ) or EventRow(itinerary=itinerary, uid=event.uid)
        if read_sequence is not None and row.sequence != read_sequence:
            raise EditConflict(Message(_CONFLICT, uid=repr(event.uid)))
        with self.session.no_autoflush:
            parent = self.event_row(event.itinerary, event.parent) if event.parent else None
            venue = self.venue_row(event.venue.key) if event.venue else None
            destination = self.venue_row(event.destination.key, "destination") if event.destination else None
            people = self.participant_rows([p.key for p in event.participants])
        # Readers other than staff see the change if they saw anything of the event before or see it now.
        for name, value in event_columns(event).items():
            setattr(row, name, value)
        row.parent, row.venue, row.destination = parent, venue, destination
        row.participant_links = [EventParticipantRow(participant=p, position=i) for i, p in enumerate(people)]
        row.outcome_rows = [OutcomeRow(title=o.title, area=o.area, position=i) for i, o in enumerate(event.outcomes)]
        if [(a.audience, a.visibility) for a in row.audience_rows] != list(event.access):
            row.audience_rows = [EventAudienceRow(audience=a, visibility=str(v)) for a, v in event.access]
        if [r.label for r in row.label_rows] != ([event.label] if event.label else []):
            row.label_rows = [EventLabelRow(label=event.label)] if event.label else []
        self.session.add(row)
        # Staff's stamp; each other audience's moves by what it sees (itinerary.storage.views, at commit).
        self.mark_changed(itinerary, now or event.updated, public=False)
        try:
            self.session.flush()
        except StaleDataError:
            # Another transaction wrote the row between our read and our write (its lock_version moved).
            raise EditConflict(Message(_CONFLICT, uid=repr(event.uid))) from None
        return self.event(event.itinerary, event.uid)

    def delete_event(self, slug: str, uid: str, now: datetime) -> None:
        """Remove the event for good (its children lose their parent)."""
        row = self.event_row(slug, uid)
        self.mark_changed(row.itinerary, now, public=False)  # the audiences' stamps: itinerary.storage.views
        # Its children's VEVENTs lose their RELATED-TO: that is a change of theirs.
        self._touch_itineraries(EventRow.parent_id == row.id, now)
        self.session.delete(row)
        self.translations.put("event", event_key(slug, uid), {})  # its texts in other languages go with it
        self.session.flush()

    # People and places: merging duplicates, deleting unused records (itinerary/places.py)
    def use_counts(self, kind: str) -> dict[str, int]:
        """How many events use each venue (or destination) or participant (``kind``), by key; unused ones left out.

        The drafts' events only (a release's copies of them are not counted again)."""
        drafts = select(ItineraryRow.id).where(ItineraryRow.release_of.is_(None))
        if kind == "venue":
            used = (EventRow.venue_id == VenueRow.id) | (EventRow.destination_id == VenueRow.id)
            query = select(VenueRow.key, func.count(func.distinct(EventRow.id))).join(EventRow, used)
            query = query.where(EventRow.itinerary_id.in_(drafts)).group_by(VenueRow.key)
        else:
            query = (
                select(ParticipantRow.key, func.count(EventParticipantRow.event_id))
                .join(EventParticipantRow, EventParticipantRow.participant_id == ParticipantRow.id)
                .join(EventRow, EventRow.id == EventParticipantRow.event_id)
                .where(EventRow.itinerary_id.in_(drafts))
                .group_by(ParticipantRow.key)
            )
        return {key: count for key, count in self.session.execute(query)}

    def _refuse_if_released(self, clause, name: str) -> None:
        """Refuse to delete what a published release still shows (its events are copies the drafts no longer have)."""
        if self.session.scalar(select(EventRow.id).where(clause).limit(1)) is not None:
            raise InUse(f"{name} is still in a published release: publish the itinerary's changes first", ())

    def merge_venue(self, merged: str, survivor: str, now: datetime) -> None:
        """Every event that uses venue ``merged`` (or as destination) uses ``survivor`` instead; ``merged`` goes."""
        gone, kept = self.venue_row(merged), self.venue_row(survivor, "survivor")
        uses = (EventRow.venue_id == gone.id) | (EventRow.destination_id == gone.id)
        rows = self.session.scalars(select(EventRow).where(uses).order_by(EventRow.id)).all()
        for row in rows:
            if row.venue_id == gone.id:
                row.venue = kept
            if row.destination_id == gone.id:
                row.destination = kept
        self.session.flush()
        self._touch_itineraries(EventRow.id.in_([row.id for row in rows]), now)
        self.session.delete(gone)
        self.session.flush()

    def merge_participant(self, merged: str, survivor: str, now: datetime) -> None:
        """Every event that ``merged`` attends has ``survivor`` in that place instead (once); ``merged`` goes."""
        gone, kept = self.participant_rows([merged])[0], self.participant_rows([survivor])[0]
        linked = select(EventParticipantRow.event_id).where(EventParticipantRow.participant_id == gone.id)
        rows = self._events_query().where(EventRow.id.in_(linked)).order_by(EventRow.id)
        ids = []
        for row in self.session.scalars(rows).all():
            people: list[int] = []
            for link in sorted(row.participant_links, key=lambda link: link.position):
                person = kept.id if link.participant_id == gone.id else link.participant_id
                if person not in people:
                    people.append(person)
            row.participant_links = [
                EventParticipantRow(participant_id=person, position=i) for i, person in enumerate(people)
            ]
            ids.append(row.id)
        self.session.flush()
        self._touch_itineraries(EventRow.id.in_(ids), now)
        self.session.delete(gone)
        self.session.flush()

    def delete_venue(self, key: str) -> None:
        """Remove the venue (no event may use it: the database refuses otherwise)."""
        row = self.venue_row(key)
        self._refuse_if_released((EventRow.venue_id == row.id) | (EventRow.destination_id == row.id), row.name)
        self.session.delete(row)
        self.session.flush()

    def delete_participant(self, key: str) -> None:
        """Remove the participant (no event may name them: the database refuses otherwise)."""
        row = self.participant_rows([key])[0]
        links = select(EventParticipantRow.event_id).where(EventParticipantRow.participant_id == row.id)
        self._refuse_if_released(EventRow.id.in_(links), row.name)
        self.session.delete(row)
        self.session.flush()

    # Deleted itineraries (itinerary.lifecycle)
    def delete_itinerary(self, slug: str, gone: DeletedItinerary) -> None:
        """Remove the itinerary with everything of its own (events, change log, versions); keep ``gone`` instead.

        The database's cascades remove the rows that belong to it (venues and participants are shared and stay).
        """
        row = self.itinerary_row(slug)
        self.session.add(DeletedItineraryRow(**dataclasses.asdict(gone)))
        # Its published release (itinerary.releases) first, then the draft: each takes its own event rows along.
        self.session.execute(delete(ItineraryRow).where(ItineraryRow.release_of == row.id))
        self.session.execute(delete(ItineraryRow).where(ItineraryRow.id == row.id))
        self.session.expunge(row)
        self.session.flush()

    def deleted_itinerary(self, slug: str) -> DeletedItinerary | None:
        """What is kept of the deleted itinerary that had this slug, or None."""
        if not isinstance(slug, str) or len(slug) > 100 or not SLUG_RE.match(slug):
            return None
        return _gone(self.session.get(DeletedItineraryRow, slug))

    def deleted_by_token(self, digest: str) -> DeletedItinerary | None:
        """The deleted itinerary whose private feed token had this SHA-256 digest, or None."""
        return _gone(self.session.scalar(select(DeletedItineraryRow).where(DeletedItineraryRow.token_digest == digest)))

    def has_deleted(self) -> bool:
        """Whether any itinerary was ever deleted here (the database is not a fresh one)."""
        return self.session.scalar(select(DeletedItineraryRow.slug).limit(1)) is not None

    def forget_deleted(self, slug: str) -> None:
        """Free a deleted itinerary's slug (a backup brings the itinerary back)."""
        self.session.execute(delete(DeletedItineraryRow).where(DeletedItineraryRow.slug == slug))


def _gone(row: DeletedItineraryRow | None) -> DeletedItinerary | None:
    if row is None:
        return None
    return DeletedItinerary(row.slug, row.title, row.deleted, row.editor, row.visibility, row.token_digest)
