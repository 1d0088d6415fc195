"""Bench data: the seed's state-visit programme scaled to any number of events.

The seed is loaded through the services (so venues, participants and the
template events are exactly what the app stores); the copies are then written
with bulk inserts, because making 100,000 events one service call at a time
would take longer than the benchmark itself. Copy ``k`` of a template event
starts ``k`` days later and gets the UID ``<uid>-<k>``; a session keeps its
summit as parent.
"""

from __future__ import annotations

import dataclasses
import itertools
from datetime import UTC, datetime, timedelta

from sqlalchemy import insert, select, text

from itinerary import fixtures, releases, services
from itinerary.languages import event_key
from itinerary.model import AllDay, Event
from itinerary.storage import (
    EventParticipantRow,
    EventRow,
    ItineraryRow,
    OutcomeRow,
    ParticipantRow,
    Store,
    VenueRow,
    event_columns,
)
from itinerary.storage import blocks as stored_blocks
from itinerary.storage.tables import TranslationRow

SEED_SLUG = "china-state-visit-2018"
CLOCK = datetime(2018, 6, 1, 12, 0, tzinfo=UTC)


def bench_slug(count: int) -> str:
    """The slug of the scaled itinerary with ``count`` events."""
    return f"bench-{count}"


class TickingClock:
    """A clock that starts at :data:`CLOCK` and moves one second each time it is read."""

    def __init__(self):
        self.ticks = itertools.count()

    def __call__(self) -> datetime:
        return CLOCK + timedelta(seconds=next(self.ticks))


def make_store(url: str, counts: tuple[int, ...]) -> Store:
    """A store holding the seed and one scaled itinerary for each of ``counts``."""
    store = Store(url, clock=TickingClock())
    store.create_schema()
    fixtures.load_seed(store)
    for count in counts:
        add_scaled(store, count)
    return store


def templates(store: Store) -> list[Event]:
    """The seed programme's events, parents first."""
    events = services.list_events(store, SEED_SLUG, include_restricted=True)
    return sorted(events, key=lambda e: e.parent is not None)


def scaled_events(store: Store, count: int, slug: str | None = None) -> list[Event]:
    """``count`` domain events shaped like the seed programme (not stored), as plain Python objects."""
    slug = slug or bench_slug(count)
    base = templates(store)
    out = []
    for number in range(count):
        copy, template = divmod(number, len(base))
        out.append(_shift(base[template], copy, slug))
    return out


def _shift(event: Event, copy: int, slug: str) -> Event:
    delta = timedelta(days=copy)
    timing = event.timing
    if isinstance(timing, AllDay):
        timing = AllDay(timing.first + delta, timing.last + delta, timing.timezone)
    else:
        timing = dataclasses.replace(timing, start=timing.start + delta, end=timing.end + delta)
    return dataclasses.replace(
        event,
        uid=f"{event.uid}-{copy}",
        itinerary=slug,
        timing=timing,
        parent=f"{event.parent}-{copy}" if event.parent else None,
    )


def add_scaled(store: Store, count: int) -> str:
    """Store an itinerary of ``count`` seed-shaped events with bulk inserts; its slug."""
    slug = bench_slug(count)
    seed = services.get_itinerary(store, SEED_SLUG)
    services.create_itinerary(
        store, slug=slug, title=f"{seed.title} ×{count}", timezone=seed.timezone, summary=seed.summary
    )
    events = scaled_events(store, count, slug)
    with store.transaction() as repo:
        session = repo.session
        itinerary_id = session.scalar(select(ItineraryRow.id).where(ItineraryRow.slug == slug))
        venue_ids = dict(session.execute(select(VenueRow.key, VenueRow.id)).all())
        person_ids = dict(session.execute(select(ParticipantRow.key, ParticipantRow.id)).all())
        first_id = (session.scalar(select(EventRow.id).order_by(EventRow.id.desc()).limit(1)) or 0) + 1
        ids = {e.uid: first_id + n for n, e in enumerate(events)}
        rows, links, outcomes = [], [], []
        for event in events:
            rows.append(
                event_columns(event)
                | {
                    "id": ids[event.uid],
                    "itinerary_id": itinerary_id,
                    "parent_id": ids[event.parent] if event.parent else None,
                    "venue_id": venue_ids[event.venue.key] if event.venue else None,
                    "destination_id": venue_ids[event.destination.key] if event.destination else None,
                    "created": CLOCK,
                    "updated": CLOCK,
                }
            )
            links += [
                {"event_id": ids[event.uid], "participant_id": person_ids[p.key], "position": i}
                for i, p in enumerate(event.participants)
            ]
            outcomes += [
                {"event_id": ids[event.uid], "title": o.title, "area": o.area, "position": i}
                for i, o in enumerate(event.outcomes)
            ]
        texts = _copied_texts(repo, slug, events)
        for table, values in ((EventRow, rows), (EventParticipantRow, links), (OutcomeRow, outcomes), *texts):
            for chunk in range(0, len(values), 5000):
                session.execute(insert(table), values[chunk : chunk + 5000])
        if session.get_bind().dialect.name == "postgresql":
            # Explicit ids leave PostgreSQL's id sequence behind them: the next event made would clash.
            session.execute(text("SELECT setval(pg_get_serial_sequence('events', 'id'), (SELECT max(id) FROM events))"))
        row = session.get(ItineraryRow, itinerary_id)
        row.updated = row.public_changed = row.private_changed = CLOCK
        # Rows inserted directly get their stored blocks as a save would: in the same transaction.
        stored_blocks.refresh(repo, [itinerary_id], store.block_domains)
        # And published, as the seed is: readers and feeds show the latest release (itinerary.releases).
        releases.publish_in(repo, slug, CLOCK, note="bulk-loaded")
    return slug


def _copied_texts(repo, slug: str, events: list[Event]) -> list[tuple[type, list[dict]]]:
    """The seed events' texts in other languages (Russian, Chinese) as rows for their scaled copies, so that
    a feed in a language (``?lang=ru``) shows them as the seed's does."""
    seed = repo.translations.texts("event", prefix=event_key(SEED_SLUG, ""))
    rows = [
        {"kind": "event", "key": event_key(slug, event.uid), "field": field, "language": language, "text": text}
        for event in events
        for field, by_language in seed.get(event_key(SEED_SLUG, event.uid.rpartition("-")[0]), {}).items()
        for language, text in by_language.items()
    ]
    return [(TranslationRow, rows)] if rows else []
