"""The storage interface kept in memory: the same unit of work and repositories as the SQL store, no database.

For the service tests (the fake repository of *Architecture Patterns with
Python*, chapter 2). Events are kept as the very columns the SQL store writes
(:func:`~itinerary.storage.mapping.event_columns`) and read back through the
same mapping, so both stores hand out the same values. A transaction works on
a copy of everything and replaces the stored state only when it ends without
an error.
"""

from __future__ import annotations

import copy
import dataclasses
import itertools
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime

from itinerary import audiences
from itinerary.errors import (
    AlreadyExists,
    EditConflict,
    EventNotFound,
    InvalidEvent,
    ItineraryNotFound,
    Message,
    NotFound,
)
from itinerary.languages import event_key
from itinerary.model import MAX_SEQUENCE, SLUG_RE, UID_RE, Event, Itinerary, Outcome, Participant, Venue, Visibility
from itinerary.records import (
    Account,
    Change,
    DeletedItinerary,
    ExtraAudience,
    FailureCount,
    Fetches,
    SessionState,
    Subscription,
    Version,
)
from itinerary.storage import views
from itinerary.storage.mapping import (
    EVENT_COLUMNS,
    FeedRow,
    _events_from_columns,
    _extra_end,
    _next_stamp,
    _whole_second,
    event_columns,
)
from itinerary.storage.repository import _CONFLICT
from itinerary.storage.search import Found
from itinerary.storage.store import ReleasedStore, aware_now, utc_now
from itinerary.storage.translations import MemoryTranslations

_PUBLIC = Visibility.PUBLIC.value


@dataclasses.dataclass
class _State:
    """Everything a memory store holds."""

    itineraries: dict[str, dict] = dataclasses.field(default_factory=dict)  # slug -> id, itinerary, feed_token
    events: dict[int, dict] = dataclasses.field(default_factory=dict)  # id -> columns, slug, parent_id, links
    venues: dict[str, Venue] = dataclasses.field(default_factory=dict)
    participants: dict[str, Participant] = dataclasses.field(default_factory=dict)
    changes: list[tuple[str, Change]] = dataclasses.field(default_factory=list)  # oldest first
    versions: dict[str, list[tuple[Version, dict]]] = dataclasses.field(default_factory=dict)
    accounts: dict[str, Account] = dataclasses.field(default_factory=dict)
    sessions: dict[str, tuple[str, datetime, datetime]] = dataclasses.field(default_factory=dict)  # username, times
    counters: dict[tuple[str, str], FailureCount] = dataclasses.field(default_factory=dict)
    deleted: dict[str, DeletedItinerary] = dataclasses.field(default_factory=dict)  # slug -> what is kept
    translations: dict[tuple[str, str, str, str], str] = dataclasses.field(default_factory=dict)
    # Each itinerary's latest release (itinerary.releases): its own itinerary and event rows, by the draft's slug.
    released_itineraries: dict[str, dict] = dataclasses.field(default_factory=dict)
    released_events: dict[int, dict] = dataclasses.field(default_factory=dict)
    released_translations: dict[tuple[str, str, str, str], str] = dataclasses.field(default_factory=dict)
    publish_on_save: set[str] = dataclasses.field(default_factory=set)
    # Subscriptions (id -> slug, name, audience, digest, created, paused) and their fetches by (id, family).
    subscriptions: dict[int, dict] = dataclasses.field(default_factory=dict)
    subscription_fetches: dict[tuple[int, str], Fetches] = dataclasses.field(default_factory=dict)
    own_audiences: dict[tuple[str, str], str] = dataclasses.field(default_factory=dict)  # (slug, name) -> label
    next_id: int = 1

    def new_id(self) -> int:
        self.next_id += 1
        return self.next_id - 1


def _stored(value):
    """A column value as the SQL store gives it back: instants in UTC; a naive one refused."""
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r} cannot be stored")
        return value.astimezone(UTC)
    return value


class _Released:
    """A state as the release stage sees it: the releases' itineraries and events; everything else shared."""

    def __init__(self, state: _State):
        self._state = state

    @property
    def itineraries(self) -> dict[str, dict]:
        return self._state.released_itineraries

    @property
    def events(self) -> dict[int, dict]:
        return self._state.released_events

    def __getattr__(self, name: str):
        return getattr(self._state, name)


class MemoryRepository:
    """Reads and writes domain values in one memory transaction, as :class:`~itinerary.storage.Repository` does."""

    def __init__(self, state: _State, *, release: bool = False, draft: MemoryRepository | None = None):
        self.state = state
        self.release = release
        self._draft = draft
        self._released: MemoryRepository | None = None
        self.marked: set[tuple[str, bool]] = set()  # feed stamps moved in this transaction
        self.wrote = False
        self.changes = _ChangeLog(self)
        self.accounts = _Accounts(self)
        self.throttle = _Throttle(self)
        self.search = _Search(self)
        self.translations = MemoryTranslations(self)
        self.subscriptions = _Subscriptions(self)
        self.audiences = _OwnAudiences(self)

    def staged(self, *, release: bool) -> MemoryRepository:
        """This transaction's repository for the draft, or with ``release`` for the latest releases."""
        if release == self.release:
            return self
        if not release:
            return self._draft
        if self._released is None:
            self._released = MemoryRepository(_Released(self.state), release=True, draft=self)
            self._released.changes = self.changes  # the change log and releases are the draft's
        return self._released

    def ensure_release(self, slug: str) -> None:
        """Give the itinerary its (empty) release if it has none."""
        draft = self.staged(release=False)
        if slug not in draft.state.released_itineraries:
            draft.state.released_itineraries[slug] = {
                "id": draft.state.new_id(),
                "itinerary": draft._entry(slug)["itinerary"],
                "feed_token": None,
            }
            self.staged(release=True).marked |= {(slug, False), (slug, True)}  # its stamps are set: made now
            self.wrote = True

    def publish_on_save(self, slug: str) -> bool:
        """Whether every save of the itinerary is published at once."""
        self.staged(release=False)._entry(slug)
        return slug in self.state.publish_on_save

    def set_publish_on_save(self, slug: str, value: bool) -> None:
        """Publish every save of the itinerary at once (or not)."""
        self.staged(release=False)._entry(slug)
        (self.state.publish_on_save.add if value else self.state.publish_on_save.discard)(slug)
        self.wrote = True

    def drafts_publishing_on_save(self, *, every: bool = False) -> list[str]:
        """The slugs of the drafts changed in this transaction that publish every save (all with ``every``)."""
        draft = self.staged(release=False)
        changed = {slug for slug, _ in draft.marked if slug in draft.state.itineraries}
        return sorted(slug for slug in changed if every or slug in draft.state.publish_on_save)

    # Itineraries

    def _entry(self, slug: str) -> dict:
        if (
            not isinstance(slug, str)
            or len(slug) > 100
            or not SLUG_RE.match(slug)
            or slug not in self.state.itineraries
        ):
            raise ItineraryNotFound(slug)
        return self.state.itineraries[slug]

    def itinerary(self, slug: str) -> Itinerary:
        """The itinerary with this slug."""
        return self._entry(slug)["itinerary"]

    def itineraries(self) -> list[Itinerary]:
        """All itineraries, by title."""
        return sorted((e["itinerary"] for e in self.state.itineraries.values()), key=lambda i: i.title)

    def has_itinerary(self, slug: str) -> bool:
        """Whether an itinerary has this slug."""
        return slug in self.state.itineraries

    def feed_token(self, slug: str) -> str | None:
        """The itinerary's private feed token, or None."""
        return self._entry(slug)["feed_token"]

    def set_feed_token(self, slug: str, token: str | None) -> None:
        """Give the itinerary this private feed token (None: no private feed)."""
        self._entry(slug)["feed_token"] = token
        self.wrote = True

    def feed_tokens(self) -> list[tuple[str, str]]:
        """(slug, token) of every itinerary that has a private feed token."""
        return [(s, e["feed_token"]) for s, e in self.state.itineraries.items() if e["feed_token"] is not None]

    def language_stamps(self, slug: str) -> dict[str, dict[str, datetime]]:
        """As :meth:`itinerary.storage.Repository.language_stamps`."""
        found: dict[str, dict[str, datetime]] = {}
        for (audience, language), (_, changed) in sorted(self._entry(slug).get("language_stamps", {}).items()):
            found.setdefault(audience, {})[language] = changed
        return found

    def restore_language_stamps(self, slug: str, stamps: dict[str, dict[str, datetime]]) -> None:
        """As :meth:`itinerary.storage.Repository.restore_language_stamps`."""
        self._entry(slug)["language_stamps"] = {
            (audience, language): ("", _stored(changed))
            for audience, by_language in stamps.items()
            for language, changed in by_language.items()
        }
        self.wrote = True

    def restore_stamps(
        self, slug: str, *, created: datetime, updated: datetime, public_changed: datetime, private_changed: datetime
    ) -> None:
        """Set the itinerary's stamps as a backup recorded them."""
        entry = self._entry(slug)
        entry["itinerary"] = dataclasses.replace(
            entry["itinerary"],
            created=_stored(created),
            updated=_stored(updated),
            public_changed=_stored(public_changed),
            private_changed=_stored(private_changed),
        )
        self.wrote = True

    def add_itinerary(self, itinerary: Itinerary, now: datetime) -> Itinerary:
        """Store a new itinerary."""
        if itinerary.slug in self.state.itineraries:
            raise AlreadyExists(f"slug: an itinerary called {itinerary.slug!r} exists already")
        now = _stored(now)
        stored = dataclasses.replace(
            itinerary, created=now, updated=now, public_changed=_whole_second(now), private_changed=_whole_second(now)
        )
        self.state.itineraries[itinerary.slug] = {"id": self.state.new_id(), "itinerary": stored, "feed_token": None}
        self.marked |= {(itinerary.slug, False), (itinerary.slug, True)}
        self.wrote = True
        if not self.release:
            self.ensure_release(itinerary.slug)
        return stored

    def save_itinerary(self, itinerary: Itinerary, now: datetime) -> Itinerary:
        """Store changed fields of an existing itinerary."""
        entry = self._entry(itinerary.slug)
        row = entry["itinerary"]
        fields = ("title", "summary", "timezone", "visibility", "language")  # as the SQL store saves them
        changed = any(getattr(itinerary, name) != getattr(row, name) for name in fields)
        if not self.release and itinerary.visibility != row.visibility:
            # Who may read it is no release's content: a restricted itinerary is hidden from readers at once.
            released = self.staged(release=True)
            entry_ = released._entry(itinerary.slug)
            entry_["itinerary"] = dataclasses.replace(entry_["itinerary"], visibility=itinerary.visibility)
            released.mark_changed(itinerary.slug, now, public=True)
        entry["itinerary"] = dataclasses.replace(row, **{name: getattr(itinerary, name) for name in fields})
        if changed:  # every feed's head shows these (or, for visibility, whether there is a public feed)
            self.mark_changed(itinerary.slug, now, public=True)
        else:
            entry["itinerary"] = dataclasses.replace(entry["itinerary"], updated=_stored(now))
        self.wrote = True
        return entry["itinerary"]

    def mark_changed(self, slug: str, now: datetime, *, public: bool) -> None:
        """Note a change readers see: as :meth:`itinerary.storage.Repository.mark_changed` does."""
        entry = self._entry(slug)
        now = _stored(now)
        row = dataclasses.replace(entry["itinerary"], updated=now)
        if (slug, False) not in self.marked:
            row = dataclasses.replace(row, private_changed=_next_stamp(row.private_changed, now))
        if public and (slug, True) not in self.marked:
            row = dataclasses.replace(row, public_changed=_next_stamp(row.public_changed, now))
        entry["itinerary"] = row
        self.marked |= {(slug, False), (slug, True)} if public else {(slug, False)}
        self.wrote = True

    # Venues and participants

    def venue(self, key: str) -> Venue:
        """The venue with this key."""
        found = self.state.venues.get(key)
        if found is None:
            raise NotFound(f"venue: no venue with key {key!r}")
        return found

    def venues(self) -> list[Venue]:
        """All venues, by name."""
        return sorted(self.state.venues.values(), key=lambda v: v.name)

    def put_venue(self, venue: Venue, now: datetime) -> Venue:
        """Insert or update a venue by its key."""
        return self._put(
            self.state.venues, venue, lambda row: venue.key in (row["venue_id"], row["destination_id"]), now
        )

    def participants_by_key(self, keys: Sequence[str]) -> list[Participant]:
        """The participants with these keys, in that order; :class:`NotFound` names those missing."""
        missing = [key for key in keys if key not in self.state.participants]
        if missing:
            raise NotFound(f"participants: no participant with key {', '.join(map(repr, missing))}")
        return [self.state.participants[key] for key in keys]

    def participants(self) -> list[Participant]:
        """All participants, by name."""
        return sorted(self.state.participants.values(), key=lambda p: p.name)

    def put_participant(self, participant: Participant, now: datetime) -> Participant:
        """Insert or update a participant by key."""
        return self._put(self.state.participants, participant, lambda row: participant.key in row["participants"], now)

    def _put(self, records: dict, record, shown_by: Callable[[dict], bool], now: datetime):
        """Insert or update a venue or participant in ``records`` by its key; the events it shows in are touched."""
        if records.get(record.key) == record:
            return record
        records[record.key] = record
        self.wrote = True
        self._touch([i for i, row in self.state.events.items() if shown_by(row)], now)
        return record

    def events_showing(self, *, venue: str | None = None, participant: str | None = None) -> dict[int, Event]:
        """The events of every itinerary that show this venue (or destination) or participant, by row id."""
        if venue is not None:
            ids = [i for i, r in self.state.events.items() if venue in (r["venue_id"], r["destination_id"])]
        else:
            ids = [i for i, r in self.state.events.items() if participant in r["participants"]]
        ids.sort()
        return dict(zip(ids, self._events(ids), strict=True))

    def _touch(self, ids: list[int], now: datetime) -> None:
        """Mark changed these events and their itineraries (their VEVENTs show what changed)."""
        public: dict[str, bool] = {}
        for id_ in sorted(ids):
            row = self.state.events[id_]
            row["sequence"] = min(row["sequence"] + 1, MAX_SEQUENCE)
            row["updated"] = _stored(now)
            public[row["slug"]] = False  # the audiences' stamps move by what each sees (storage.views)
        for slug, shows_public in public.items():
            self.mark_changed(slug, now, public=shows_public)

    # Events

    def _row_id(self, slug: str, uid: str) -> int | None:
        return next((i for i, r in self.state.events.items() if r["slug"] == slug and r["uid"] == uid), None)

    def _events(self, ids: Sequence[int]) -> list[Event]:
        """The events with these row ids, through the SQL store's mapping."""
        state = self.state
        found = []
        for slug, group in itertools.groupby(ids, lambda i: state.events[i]["slug"]):
            rows, venues, links, outcomes = [], {}, {}, {}
            for id_ in group:
                row = state.events[id_]
                parent = state.events[row["parent_id"]]["uid"] if row["parent_id"] is not None else None
                rows.append((*(id_ if name == "id" else row[name] for name in EVENT_COLUMNS), parent))
                for key in (row["venue_id"], row["destination_id"]):
                    if key is not None:
                        venues[key] = state.venues[key]
                links[id_] = [state.participants[key] for key in row["participants"]]
                outcomes[id_] = list(row["outcomes"])
            made = _events_from_columns(rows, slug, venues, links, outcomes)
            for id_, event in zip([row[0] for row in rows], made, strict=True):
                row = state.events[id_]
                if row.get("access") or row.get("label"):
                    event = dataclasses.replace(
                        event,
                        access=row.get("access", ()),
                        label=row.get("label", ""),
                        standin_state=row.get("standin"),
                    )
                found.append(event)
        return found

    def has_event(self, slug: str, uid: str) -> bool:
        """Whether the itinerary (which must exist) has an event with this UID."""
        self._entry(slug)
        return self._row_id(slug, uid) is not None

    def event_uids(self, slug: str, *, include_restricted: bool = True) -> set[str]:
        """The UIDs of the itinerary's events (public ones only without ``include_restricted``)."""
        self._entry(slug)
        return {
            r["uid"]
            for r in self.state.events.values()
            if r["slug"] == slug and (include_restricted or r["visibility"] == _PUBLIC)
        }

    def event(self, slug: str, uid: str) -> Event:
        """The event with this UID in the itinerary."""
        self._entry(slug)
        id_ = self._row_id(slug, uid) if isinstance(uid, str) and UID_RE.match(uid) else None
        if id_ is None:
            raise EventNotFound(slug, uid)
        return self._events([id_])[0]

    def children(self, slug: str, uid: str) -> list[Event]:
        """The events nested directly under this one, by start."""
        self.event(slug, uid)
        parent = self._row_id(slug, uid)
        found = self._events([i for i, r in self.state.events.items() if r["parent_id"] == parent])
        return sorted(found, key=lambda e: (e.timing.instants()[0], e.title, e.uid))

    def events(
        self,
        slug: str,
        *,
        include_restricted: bool = True,
        since: datetime | None = None,
        until: datetime | None = None,
    ) -> list[Event]:
        """The itinerary's events by start: all, or those that may have an occurrence in [since, until)."""
        self._entry(slug)

        def wanted(row: dict) -> bool:
            if not include_restricted and row["visibility"] != _PUBLIC:
                return False
            if since is None and until is None:
                return True
            if row["rrule"] == "" and not row["rdates"]:
                return (since is None or row["end_utc"] > since) and (until is None or row["start_utc"] < until)
            return until is None or row["start_utc"] < until or bool(row["overrides"])

        events = self._events([i for i, r in self.state.events.items() if r["slug"] == slug and wanted(r)])
        events.sort(key=lambda e: (e.timing.instants()[0], e.parent is not None, e.title, e.uid))
        return events

    def event_span(self, slug: str, *, include_restricted: bool = True) -> tuple[int, datetime | None, datetime | None]:
        """How many events the itinerary has, its first start and its last end (a series by its first occurrence)."""
        self._entry(slug)
        rows = [
            r
            for r in self.state.events.values()
            if r["slug"] == slug and (include_restricted or r["visibility"] == _PUBLIC)
        ]
        if not rows:
            return 0, None, None
        return len(rows), min(r["start_utc"] for r in rows), max(r["end_utc"] for r in rows)

    def events_by_id(self, slug: str, ids: Sequence[int]) -> dict[int, Event]:
        """The events of the itinerary with these row ids, by id."""
        self._entry(slug)
        found = sorted(i for i in set(ids) if i in self.state.events and self.state.events[i]["slug"] == slug)
        return dict(zip(found, self._events(found), strict=True))

    def feed_index(self, slug: str) -> list[FeedRow]:
        """One light row per event of the itinerary, restricted ones included."""
        self._entry(slug)
        state = self.state

        def venue(key: str | None) -> tuple | None:
            return None if key is None else dataclasses.astuple(state.venues[key])

        found = []
        for id_, r in state.events.items():
            if r["slug"] != slug:
                continue
            people = tuple(dataclasses.astuple(state.participants[key]) for key in r["participants"]) or None
            start, end = r["start_utc"], r["end_utc"]
            places = (venue(r["venue_id"]), venue(r["destination_id"]))
            version = (id_, r["sequence"], r["updated"], r["parent_id"], *places)
            found.append(
                FeedRow(
                    id_,
                    r["uid"],
                    r["title"],
                    r["visibility"] != _PUBLIC,
                    r["all_day"],
                    start,
                    end,
                    r["timezone"],
                    r["end_timezone"],
                    r["rrule"],
                    r["parent_id"] is not None,
                    r["kind"],
                    list(r["categories"]),
                    (*version, people),
                    _extra_end(r["rdates"], r["timezone"], start, end) if r["rdates"] else None,
                    r.get("access", ()),
                    r.get("label", ""),
                )
            )
        return found

    def write_event(self, event: Event, *, read_sequence: int | None = None, now: datetime | None = None) -> Event:
        """Insert or replace the event with this UID in its itinerary (see the SQL repository's method)."""
        if not 0 <= event.sequence <= MAX_SEQUENCE:
            raise InvalidEvent("sequence", f"{event.title!r} ({event.uid}): must be 0 to {MAX_SEQUENCE}")
        slug = event.itinerary
        self._entry(slug)
        id_ = self._row_id(slug, event.uid)
        old = self.state.events.get(id_) if id_ is not None else None
        if read_sequence is not None and (old is None or old["sequence"] != read_sequence):
            raise EditConflict(Message(_CONFLICT, uid=repr(event.uid)))
        parent = None
        if event.parent:
            parent = self._row_id(slug, event.parent)
            if parent is None:
                raise EventNotFound(slug, event.parent)
        for key, field_name in ((event.venue, "venue"), (event.destination, "destination")):
            if key is not None and key.key not in self.state.venues:
                raise NotFound(f"{field_name}: no venue with key {key.key!r}")
        people = [p.key for p in self.participants_by_key([p.key for p in event.participants])]
        row = {name: _stored(value) for name, value in event_columns(event).items()}
        row.update(
            slug=slug,
            parent_id=parent,
            # A venue's key serves as its id here.
            venue_id=event.venue.key if event.venue else None,
            destination_id=event.destination.key if event.destination else None,
            participants=tuple(people),
            outcomes=tuple(Outcome(o.title, o.area) for o in event.outcomes),
            access=tuple((a, str(v)) for a, v in event.access),
            label=event.label,
        )
        if old is not None and old.get("standin") is not None:
            row["standin"] = old["standin"]  # the stand-in's own state (storage.views) outlives the row's values
        self.state.events[id_ if id_ is not None else self.state.new_id()] = row
        self.wrote = True
        self.mark_changed(slug, now or event.updated, public=False)  # the audiences' stamps: storage.views
        return self.event(slug, event.uid)

    def delete_event(self, slug: str, uid: str, now: datetime) -> None:
        """Remove the event for good (its children lose their parent)."""
        self.event(slug, uid)
        id_ = self._row_id(slug, uid)
        self.mark_changed(slug, now, public=False)  # the audiences' stamps: storage.views
        children = [i for i, r in self.state.events.items() if r["parent_id"] == id_]
        self._touch(children, now)
        for child in children:
            self.state.events[child]["parent_id"] = None
        del self.state.events[id_]
        self.translations.put("event", event_key(slug, uid), {})  # its texts in other languages go with it

    # People and places: merging duplicates, deleting unused records (itinerary/places.py)

    def use_counts(self, kind: str) -> dict[str, int]:
        """How many events use each venue (or destination) or participant (``kind``), by key; unused ones left out."""
        counts: dict[str, int] = {}
        for row in self.state.events.values():
            keys = {row["venue_id"], row["destination_id"]} - {None} if kind == "venue" else set(row["participants"])
            for key in keys:
                counts[key] = counts.get(key, 0) + 1
        return counts

    def merge_venue(self, merged: str, survivor: str, now: datetime) -> None:
        """Every event that uses venue ``merged`` (or as destination) uses ``survivor`` instead; ``merged`` goes."""
        self.venue(merged)
        if survivor not in self.state.venues:
            raise NotFound(f"survivor: no venue with key {survivor!r}")
        ids = [i for i, r in self.state.events.items() if merged in (r["venue_id"], r["destination_id"])]
        for id_ in ids:
            row = self.state.events[id_]
            for name in ("venue_id", "destination_id"):
                if row[name] == merged:
                    row[name] = survivor
        self._touch(ids, now)
        del self.state.venues[merged]
        self.wrote = True

    def merge_participant(self, merged: str, survivor: str, now: datetime) -> None:
        """Every event that ``merged`` attends has ``survivor`` in that place instead (once); ``merged`` goes."""
        self.participants_by_key([merged, survivor])
        ids = [i for i, r in self.state.events.items() if merged in r["participants"]]
        for id_ in ids:
            row = self.state.events[id_]
            row["participants"] = tuple(dict.fromkeys(survivor if k == merged else k for k in row["participants"]))
        self._touch(ids, now)
        del self.state.participants[merged]
        self.wrote = True

    def delete_venue(self, key: str) -> None:
        """Remove the venue (no event may use it)."""
        self.venue(key)
        if self.use_counts("venue").get(key):
            raise ValueError(f"venue {key!r} is in use")  # the SQL store's foreign key refuses it the same way
        del self.state.venues[key]
        self.wrote = True

    def delete_participant(self, key: str) -> None:
        """Remove the participant (no event may name them)."""
        self.participants_by_key([key])
        if self.use_counts("participant").get(key):
            raise ValueError(f"participant {key!r} is in use")
        del self.state.participants[key]
        self.wrote = True

    # Deleted itineraries (itinerary.lifecycle)

    def delete_itinerary(self, slug: str, gone: DeletedItinerary) -> None:
        """Remove the itinerary with its events, change log and versions; keep ``gone`` instead."""
        self._entry(slug)
        del self.state.itineraries[slug]
        self.state.events = {i: r for i, r in self.state.events.items() if r["slug"] != slug}
        self.state.released_itineraries.pop(slug, None)  # its published release (itinerary.releases) too
        self.state.released_events = {i: r for i, r in self.state.released_events.items() if r["slug"] != slug}
        self.state.released_translations = {
            k: text for k, text in self.state.released_translations.items() if k[1].partition("/")[0] != slug
        }
        self.state.publish_on_save.discard(slug)
        self.state.changes = [(s, c) for s, c in self.state.changes if s != slug]
        self.state.versions.pop(slug, None)
        gone_ids = {i for i, row in self.state.subscriptions.items() if row["slug"] == slug}
        self.state.subscriptions = {i: r for i, r in self.state.subscriptions.items() if i not in gone_ids}
        fetches = self.state.subscription_fetches
        self.state.subscription_fetches = {key: f for key, f in fetches.items() if key[0] not in gone_ids}
        self.state.own_audiences = {key: label for key, label in self.state.own_audiences.items() if key[0] != slug}
        self.state.deleted[slug] = gone
        self.wrote = True

    def deleted_itinerary(self, slug: str) -> DeletedItinerary | None:
        """What is kept of the deleted itinerary that had this slug, or None."""
        return self.state.deleted.get(slug) if isinstance(slug, str) else None

    def deleted_by_token(self, digest: str) -> DeletedItinerary | None:
        """The deleted itinerary whose private feed token had this SHA-256 digest, or None."""
        return next((gone for gone in self.state.deleted.values() if gone.token_digest == digest), None)

    def has_deleted(self) -> bool:
        """Whether any itinerary was ever deleted here (the store is not a fresh one)."""
        return bool(self.state.deleted)

    def forget_deleted(self, slug: str) -> None:
        """Free a deleted itinerary's slug (a backup brings the itinerary back)."""
        self.state.deleted.pop(slug, None)
        self.wrote = True


class _ChangeLog:
    """The change log and published versions in memory."""

    def __init__(self, repo: MemoryRepository):
        self.repo = repo

    def add(self, slug: str, change: Change) -> None:
        """Record one change entry."""
        self.repo._entry(slug)
        fields = {name: (old, new) for name, (old, new) in change.fields.items()}
        self.repo.state.changes.append((slug, dataclasses.replace(change, at=_stored(change.at), fields=fields)))
        self.repo.wrote = True

    def since(self, slug: str, since: datetime | None, limit: int) -> list[Change]:
        """The itinerary's entries after ``since`` (all without it), newest first, at most ``limit``."""
        self.repo._entry(slug)
        entries = [
            (n, c) for n, (s, c) in enumerate(self.repo.state.changes) if s == slug and (since is None or c.at > since)
        ]
        entries.sort(key=lambda entry: (entry[1].at, entry[0]), reverse=True)
        return [c for _, c in entries[:limit]]

    def add_version(self, slug: str, at: datetime, editor: str, note: str, snapshot: dict) -> Version:
        """Publish the next numbered version holding ``snapshot``."""
        self.repo._entry(slug)
        versions = self.repo.state.versions.setdefault(slug, [])
        version = Version(len(versions) + 1, _stored(at), editor, note)
        versions.append((version, copy.deepcopy(snapshot)))
        self.repo.wrote = True
        return version

    def versions(self, slug: str) -> list[Version]:
        """The itinerary's published versions, oldest first."""
        self.repo._entry(slug)
        return [version for version, _ in self.repo.state.versions.get(slug, [])]

    def snapshots(self, slug: str, numbers: tuple[int, ...]) -> dict[int, tuple[Version, dict]]:
        """The versions with these numbers and their snapshots, by number (missing ones left out)."""
        self.repo._entry(slug)
        return {
            v.number: (v, copy.deepcopy(s)) for v, s in self.repo.state.versions.get(slug, []) if v.number in numbers
        }


class _Accounts:
    """Editor accounts and their sessions in memory."""

    def __init__(self, repo: MemoryRepository):
        self.repo = repo

    def _account(self, username: str) -> Account:
        found = self.repo.state.accounts.get(username)
        if found is None:
            raise NotFound(f"username: there is no editor called {username!r}")
        return found

    def get(self, username: str) -> Account | None:
        """The account with this username, or None."""
        return self.repo.state.accounts.get(username)

    def add(self, account: Account) -> Account:
        """Store a new account; its username must be new."""
        if account.username in self.repo.state.accounts:
            raise AlreadyExists(f"username: an editor called {account.username!r} exists already")
        account = dataclasses.replace(account, created=_stored(account.created))
        self.repo.state.accounts[account.username] = account
        self.repo.wrote = True
        return account

    def update(self, username: str, *, password_hash: str | None = None, disabled: bool | None = None) -> int:
        """Change the account's password hash or whether it is disabled; all its sessions end. How many ended."""
        account = self._account(username)
        if password_hash is not None:
            account = dataclasses.replace(account, password_hash=password_hash)
        if disabled is not None:
            account = dataclasses.replace(account, disabled=disabled)
        self.repo.state.accounts[username] = account
        self.repo.wrote = True
        return self.end_sessions(username)

    def end_sessions(self, username: str) -> int:
        """End every session of the editor; how many ended."""
        self._account(username)
        return self._end(lambda owner, created, seen: owner == username)

    def _end(self, which: Callable[[str, datetime, datetime], bool]) -> int:
        sessions = self.repo.state.sessions
        ended = [digest for digest, values in sessions.items() if which(*values)]
        for digest in ended:
            del sessions[digest]
        self.repo.wrote = self.repo.wrote or bool(ended)
        return len(ended)

    def add_session(self, digest: str, username: str, now: datetime) -> None:
        """A new session of the editor, known by its token's digest."""
        self._account(username)
        self.repo.state.sessions[digest] = (username, _stored(now), _stored(now))
        self.repo.wrote = True

    def end_session(self, digest: str) -> None:
        """End the session with this digest, if there is one."""
        if self.repo.state.sessions.pop(digest, None) is not None:
            self.repo.wrote = True

    def end_expired(self, seen_before: datetime, created_before: datetime) -> int:
        """End sessions last seen at or before ``seen_before`` or created at or before ``created_before``."""
        return self._end(lambda owner, created, seen: seen <= seen_before or created <= created_before)


class _Search:
    """Search in memory: every term a case-insensitive substring of the title or text; more hits in the title first."""

    def __init__(self, repo: MemoryRepository):
        self.repo = repo

    def busy_for_public(self) -> list[tuple[str, str, str, str]]:
        """The slug, UID, own label and kind of the events of public itineraries their settings make busy for the
        public (as the SQL search's)."""
        state = self.repo.state
        rows = [
            r
            for r in state.events.values()
            if state.itineraries[r["slug"]]["itinerary"].visibility.value == _PUBLIC
            and ("public", "busy") in tuple((a, str(v)) for a, v in r.get("access", ()))
        ]
        rows.sort(
            key=lambda r: (r["start_utc"] or datetime.min.replace(tzinfo=UTC), r["first_day"] or datetime.min.date())
        )
        return [(r["slug"], r["uid"], r.get("label", ""), str(r["kind"])) for r in rows]

    def _shown(self, include_restricted: bool) -> tuple[set[str], list[dict]]:
        """The slugs of the itineraries and the rows of the events a reader may see, events by start."""
        state = self.repo.state
        shown = {
            slug
            for slug, e in state.itineraries.items()
            if include_restricted or e["itinerary"].visibility.value == _PUBLIC
        }
        events = sorted(
            (
                r
                for r in state.events.values()
                if r["slug"] in shown and (include_restricted or r["visibility"] == _PUBLIC)
            ),
            key=lambda r: (
                r["start_utc"] is None,
                r["start_utc"] or datetime.min.replace(tzinfo=UTC),
                r["first_day"] or datetime.min.date(),
            ),
        )
        return shown, events

    def shown_texts(self, include_restricted: bool) -> list[tuple]:
        """What :func:`itinerary.storage.search.shown_texts` gives of the SQL store: the kind, slug, UID, own
        title, own text, own language and key of texts of every itinerary, event, venue and participant a
        reader may see (a venue or participant with the first event that shows it)."""
        state = self.repo.state
        shown, events = self._shown(include_restricted)
        own = {slug: e["itinerary"].language for slug, e in state.itineraries.items()}
        found = [
            ("itinerary", slug, None, e["itinerary"].title, e["itinerary"].summary or "", own[slug], slug)
            for slug, e in state.itineraries.items()
            if slug in shown
        ]
        found += [
            ("event", r["slug"], r["uid"], r["title"], r["description"] or "", own[r["slug"]], r["slug"])
            for r in events
        ]
        for key, venue in state.venues.items():
            r = next((r for r in events if key in (r["venue_id"], r["destination_id"])), None)
            if r is not None:
                found.append(
                    ("venue", r["slug"], r["uid"], venue.name, f"{venue.city}, {venue.country}", own[r["slug"]], key)
                )
        for key, person in state.participants.items():
            r = next((r for r in events if key in r["participants"]), None)
            if r is not None:
                text = f"{person.role}, {person.delegation}"
                found.append(("participant", r["slug"], r["uid"], person.name, text, own[r["slug"]], key))
        return found

    def find(self, terms: tuple[str, ...], *, include_restricted: bool, limit: int) -> list[Found]:
        """What matches every term, where a reader may see it, best first (as the SQL search does)."""
        if not terms:
            return []
        state = self.repo.state
        shown, events = self._shown(include_restricted)

        def first(test) -> tuple[str, str] | None:
            return next(((r["slug"], r["uid"]) for r in events if test(r)), None)

        candidates = [
            ("itinerary", i.title, i.summary, (slug, None))
            for slug, e in state.itineraries.items()
            if slug in shown
            for i in [e["itinerary"]]
        ]
        candidates += [("event", r["title"], r["description"], (r["slug"], r["uid"])) for r in events]
        for key, venue in state.venues.items():
            where = first(lambda r, key=key: key in (r["venue_id"], r["destination_id"]))
            candidates.append(("venue", venue.name, f"{venue.city}, {venue.country}", where))
        for key, person in state.participants.items():
            where = first(lambda r, key=key: key in r["participants"])
            candidates.append(("participant", person.name, f"{person.role}, {person.delegation}", where))
        found = []
        for kind, title, text, where in candidates:
            words = [t.casefold() for t in terms]
            if where is None or not all(w in title.casefold() or w in text.casefold() for w in words):
                continue
            rank = float(sum(4 * title.casefold().count(w) + text.casefold().count(w) for w in words))
            found.append(Found(kind=kind, title=title, text=text, slug=where[0], uid=where[1], rank=rank))
        found.sort(key=lambda f: (-f.rank, f.title))
        return found[:limit]


class _Throttle:
    """Failure counters in memory."""

    def __init__(self, repo: MemoryRepository):
        self.repo = repo

    def lock(self, keys: list[tuple[str, str]], now: datetime) -> list[FailureCount]:
        """The counters of ``keys``, created at 0 failures where missing."""
        counters = self.repo.state.counters
        for scope, subject in keys:
            counters.setdefault((scope, subject), FailureCount(scope, subject, 0, _stored(now)))
        self.repo.wrote = True
        return [counters[key] for key in keys]

    def save(self, count: FailureCount) -> None:
        """Write a counter."""
        self.repo.state.counters[(count.scope, count.subject)] = count
        self.repo.wrote = True

    def clear(self, scope: str, subject: str) -> None:
        """Forget the counter."""
        self.repo.state.counters.pop((scope, subject), None)
        self.repo.wrote = True

    def forget_before(self, horizon: datetime) -> None:
        """Forget counters whose last failure is before ``horizon``."""
        counters = self.repo.state.counters
        for key in [key for key, count in counters.items() if count.last_failure < horizon]:
            del counters[key]


class _Subscriptions:
    """Subscriptions and their feed health in memory (see :class:`itinerary.storage.subscriptions.Subscriptions`)."""

    def __init__(self, repo: MemoryRepository):
        self.repo = repo

    def _draft(self, slug: str) -> MemoryRepository:
        draft = self.repo.staged(release=False)
        draft._entry(slug)
        return draft

    @staticmethod
    def _value(subscription_id: int, row: dict) -> Subscription:
        return Subscription(subscription_id, row["slug"], row["name"], row["audience"], row["created"], row["paused"])

    def _row(self, slug: str, subscription_id: int) -> dict:
        row = self._draft(slug).state.subscriptions.get(subscription_id) if isinstance(subscription_id, int) else None
        if row is None or row["slug"] != slug:
            raise NotFound(f"subscription: {slug!r} has no subscription {subscription_id!r}")
        return row

    def _taken(self, slug: str, name: str) -> None:
        if any(r["slug"] == slug and r["name"] == name for r in self.repo.state.subscriptions.values()):
            raise AlreadyExists(f"name: {slug!r} has a subscription called {name!r} already")

    def add(self, slug: str, *, name: str, audience: str, digest: str, now: datetime) -> Subscription:
        """A new subscription; its name must be new among the itinerary's."""
        draft = self._draft(slug)
        self._taken(slug, name)
        subscription_id = draft.state.new_id()
        row = {"slug": slug, "name": name, "audience": audience, "digest": digest, "created": _stored(now)}
        draft.state.subscriptions[subscription_id] = row | {"paused": False}
        draft.wrote = True
        return self._value(subscription_id, draft.state.subscriptions[subscription_id])

    def list(self, slug: str) -> list[Subscription]:
        """The itinerary's subscriptions, oldest first."""
        found = self._draft(slug).state.subscriptions
        return [self._value(i, row) for i, row in sorted(found.items()) if row["slug"] == slug]

    def get(self, slug: str, subscription_id: int) -> Subscription:
        """The itinerary's subscription with this id, or NotFound."""
        return self._value(subscription_id, self._row(slug, subscription_id))

    def by_digest(self, digest: str) -> Subscription | None:
        """The subscription whose token has this SHA-256 digest (paused or not), or None."""
        found = self.repo.state.subscriptions.items()
        return next((self._value(i, row) for i, row in found if row["digest"] == digest), None)

    def update(
        self, slug: str, subscription_id: int, *, name: str | None = None, paused: bool | None = None
    ) -> Subscription:
        """Rename, pause or resume the subscription."""
        row = self._row(slug, subscription_id)
        if name is not None and name != row["name"]:
            self._taken(slug, name)
            row["name"] = name
        if paused is not None:
            row["paused"] = paused
        self.repo.staged(release=False).wrote = True
        return self._value(subscription_id, row)

    def delete(self, slug: str, subscription_id: int) -> None:
        """Revoke the subscription: it and its fetch record go."""
        self._row(slug, subscription_id)
        state = self.repo.staged(release=False).state
        del state.subscriptions[subscription_id]
        state.subscription_fetches = {k: f for k, f in state.subscription_fetches.items() if k[0] != subscription_id}
        self.repo.staged(release=False).wrote = True

    def record(self, batch: Sequence[Fetches]) -> int:
        """Add a batch of fetches to the record; how many were kept (a revoked subscription's are dropped)."""
        state, kept = self.repo.state, 0
        for fetches in batch:
            if fetches.subscription_id not in state.subscriptions:
                continue
            kept += 1
            key = (fetches.subscription_id, fetches.family)
            fetches = dataclasses.replace(
                fetches,
                first=_stored(fetches.first),
                last=_stored(fetches.last),
                copy_changed=_stored(fetches.copy_changed),
            )
            old = state.subscription_fetches.get(key)
            state.subscription_fetches[key] = fetches if old is None else old.merged(fetches)
        self.repo.wrote = self.repo.wrote or kept > 0
        return kept

    def fetches(self, slug: str) -> list[Fetches]:
        """The fetch record of every subscription of the itinerary, by subscription and family."""
        state = self._draft(slug).state
        return [
            f for key, f in sorted(state.subscription_fetches.items()) if state.subscriptions[key[0]]["slug"] == slug
        ]


class _OwnAudiences:
    """The itineraries' own audiences in memory (see :class:`itinerary.storage.own_audiences.OwnAudiences`)."""

    def __init__(self, repo: MemoryRepository):
        self.repo = repo

    def _state(self, slug: str) -> _State:
        draft = self.repo.staged(release=False)
        draft._entry(slug)
        return draft.state

    def list(self, slug: str) -> list[ExtraAudience]:
        """The itinerary's own audiences, by name."""
        found = self._state(slug).own_audiences
        return [ExtraAudience(slug, name, label) for (s, name), label in sorted(found.items()) if s == slug]

    def add(self, slug: str, name: str, label: str) -> ExtraAudience:
        """A new audience of the itinerary; its name must be new among the itinerary's."""
        state = self._state(slug)
        if (slug, name) in state.own_audiences:
            raise AlreadyExists(f"name: {slug!r} has an audience called {name!r} already")
        state.own_audiences[(slug, name)] = label
        self.repo.staged(release=False).wrote = True
        return ExtraAudience(slug, name, label)

    def relabel(self, slug: str, name: str, label: str) -> ExtraAudience:
        """Give the audience a new label (its name, which events and subscriptions use, stays)."""
        state = self._state(slug)
        if (slug, name) not in state.own_audiences:
            raise NotFound(f"audience: {slug!r} has no audience {name!r}")
        state.own_audiences[(slug, name)] = label
        self.repo.staged(release=False).wrote = True
        return ExtraAudience(slug, name, label)

    def delete(self, slug: str, name: str) -> None:
        """Remove the audience, or NotFound."""
        state = self._state(slug)
        if state.own_audiences.pop((slug, name), None) is None:
            raise NotFound(f"audience: {slug!r} has no audience {name!r}")
        for rows in (state.events, state.released_events):  # what the draft's and the release's events said of it
            for row in rows.values():
                if row.get("slug") == slug and any(a == name for a, _ in row.get("access", ())):
                    row["access"] = tuple((a, v) for a, v in row["access"] if a != name)
        self.repo.staged(release=False).wrote = True


class _MemoryViews:
    """The states of :func:`itinerary.storage.views.refresh_views` in memory: an itinerary entry's
    ``audience_stamps`` ({audience: (digest, changed)}) and an event row's ``standin``, in one stage."""

    def __init__(self, repo: MemoryRepository):
        self.repo = repo

    def standins(self, slug: str) -> dict[int, tuple]:
        events = self.repo.state.events
        return {i: r["standin"] for i, r in events.items() if r["slug"] == slug and r.get("standin") is not None}

    def put_standin(self, slug: str, event_id: int, state: tuple, *, new: bool) -> None:
        self.repo.state.events[event_id]["standin"] = state

    def base(self, slug: str) -> tuple[datetime, datetime]:
        found = self.repo._entry(slug)["itinerary"]
        return found.public_changed, found.private_changed

    def stamps(self, slug: str) -> dict[str, tuple[str, datetime]]:
        return dict(self.repo._entry(slug).get("audience_stamps", {}))

    def put_stamp(self, slug: str, audience: str, digest: str, changed: datetime, *, new: bool) -> None:
        self.repo._entry(slug).setdefault("audience_stamps", {})[audience] = (digest, changed)

    def language_stamps(self, slug: str) -> dict[tuple[str, str], tuple[str, datetime]]:
        return dict(self.repo._entry(slug).get("language_stamps", {}))

    def put_language_stamp(
        self, slug: str, audience: str, language: str, digest: str, changed: datetime, *, new: bool
    ) -> None:
        self.repo._entry(slug).setdefault("language_stamps", {})[(audience, language)] = (digest, changed)

    def set_public(self, slug: str, changed: datetime) -> None:
        entry = self.repo._entry(slug)
        entry["itinerary"] = dataclasses.replace(entry["itinerary"], public_changed=changed)


class MemoryStore:
    """The storage interface in memory: a clock, and one transaction per unit of work (see :class:`Store`)."""

    url = "memory://"

    def __init__(self, *, clock: Callable[[], datetime] = utc_now):
        self.clock = clock
        self.state = _State()
        self._current: ContextVar[MemoryRepository | None] = ContextVar(f"memory-{id(self)}", default=None)
        # Commits that wrote: a cache may trust what it read while this stays put.
        self.generation = 0
        # No event blocks are stored in memory: feeds render every event on the fly.
        self.block_domains: tuple[str, ...] = ()
        self.stored_blocks = False

    def create_schema(self) -> None:
        """Nothing to create: the memory holds every table's values from the start."""

    def now(self) -> datetime:
        """The injected clock's current instant, aware."""
        return aware_now(self.clock)

    release = False  # reads the drafts; :meth:`released` reads the latest releases
    publish_every_save = False

    def released(self) -> MemoryReleased:
        """This store as readers see it: every itinerary read by slug is its latest release."""
        return MemoryReleased(self)

    @contextmanager
    def transaction(self, *, release: bool = False) -> Iterator[MemoryRepository]:
        """A repository whose writes are kept together at the end, or not at all; joins an open transaction."""
        current = self._current.get()
        if current is not None:
            yield current.staged(release=release)
            return
        repo = MemoryRepository(copy.deepcopy(self.state))
        token = self._current.set(repo)
        try:
            yield repo.staged(release=release)
            if repo.marked:
                from itinerary import releases

                releases.publish_saved(repo, self.now(), every=self.publish_every_save)
            for stage in (repo, repo._released):  # each audience's stamp and the stand-ins (storage.views)
                for slug in sorted({slug for slug, _ in stage.marked} if stage is not None else ()):
                    if slug in stage.state.itineraries:
                        everyone = (slug, True) in stage.marked
                        views.refresh_views(_MemoryViews(stage), stage, slug, self.now(), everyone=everyone)
        finally:
            self._current.reset(token)
        self.state = repo.state  # reached only without an error: the transaction commits
        if repo.wrote or (repo._released is not None and repo._released.wrote):
            self.generation += 1

    # The fast read path: reads of the committed state, outside any transaction.

    def _itinerary(self, slug: str) -> Itinerary | None:
        entry = self.state.itineraries.get(slug)
        return None if entry is None else entry["itinerary"]

    def itinerary_updated(self, slug: str) -> datetime | None:
        """When the itinerary last changed, or None if there is none."""
        found = self._itinerary(slug)
        return None if found is None else found.updated

    def feed_changed(self, slug: str, *, private: bool) -> datetime | None:
        """When the itinerary's public (or private) feed last changed, or None if there is no such itinerary."""
        found = self._itinerary(slug)
        return None if found is None else found.private_changed if private else found.public_changed

    def audience_changed(self, slug: str, audience: str) -> datetime | None:
        """As :meth:`Store.audience_changed`: the audience's own stamp, staff's while it has none."""
        found = self._itinerary(slug)
        if found is None or audience in (audiences.STAFF, audiences.EVERYTHING):
            return None if found is None else found.private_changed
        if audience == audiences.PUBLIC:
            return found.public_changed
        entry = self._entries().get(slug)
        stamp = entry.get("audience_stamps", {}).get(audience)
        return stamp[1] if stamp is not None else found.private_changed

    def language_changed(self, slug: str, audience: str, language: str) -> datetime | None:
        """As :meth:`Store.language_changed`: the stamp of the audience's feed in ``language``, the audience's
        while it has none."""
        entry = self._entries().get(slug)
        stamp = None if entry is None else entry.get("language_stamps", {}).get((audience, language))
        return stamp[1] if stamp is not None else self.audience_changed(slug, audience)

    def _entries(self) -> dict:
        return self.state.itineraries

    def published_state(self, slug: str) -> tuple[datetime, int] | None:
        """The itinerary's last change and its latest version's number (0 for none); None without the itinerary."""
        found = self._itinerary(slug)
        return None if found is None else (found.updated, len(self.state.versions.get(slug, [])))

    def session_state(self, digest: str) -> SessionState | None:
        """The session with this token digest and its editor, or None."""
        found = self.state.sessions.get(digest)
        if found is None:
            return None
        username, created, seen = found
        account = self.state.accounts[username]
        return SessionState(created, seen, username, account.created, account.disabled)

    def drop_session(self, digest: str) -> None:
        """Delete the session at once, outside any transaction."""
        self.state.sessions.pop(digest, None)

    def touch_session(self, digest: str, now: datetime) -> None:
        """Note the session's last use, outside any transaction."""
        found = self.state.sessions.get(digest)
        if found is not None:
            self.state.sessions[digest] = (found[0], found[1], _stored(now))

    def blocked_until(self, keys: list[tuple[str, str]]) -> datetime | None:
        """The latest end of a block among the sign-in counters of ``keys`` (one or two), or None."""
        ends = [
            count.blocked_until
            for key in {keys[0], keys[-1]}
            if (count := self.state.counters.get(key)) is not None and count.blocked_until is not None
        ]
        return max(ends, default=None)

    def ping(self) -> bool:
        """Whether the store answers: memory always does."""
        return True

    def probe_write(self) -> None:
        """Memory always takes a write."""

    def dispose(self) -> None:
        """Nothing to close."""


class MemoryReleased(ReleasedStore):
    """A memory store as readers see it: :class:`ReleasedStore`'s wrapping, with the memory store's fast reads."""

    def _itinerary(self, slug: str) -> Itinerary | None:
        entry = self.store.state.released_itineraries.get(slug)
        return None if entry is None else entry["itinerary"]

    def _entries(self) -> dict:
        return self.store.state.released_itineraries

    # The store's fast reads, made of the release's itinerary (``_itinerary`` above) instead of the draft's.
    itinerary_updated = MemoryStore.itinerary_updated
    feed_changed = MemoryStore.feed_changed
    audience_changed = MemoryStore.audience_changed
    language_changed = MemoryStore.language_changed
    published_state = MemoryStore.published_state


__all__ = ["MemoryReleased", "MemoryRepository", "MemoryStore"]
