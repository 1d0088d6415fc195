"""Feeds: which events a feed holds, and its bytes, cached by what they depend on.

A feed's bytes are a pure function of the stored itinerary and the feed's
settings: DTSTAMP is when the feed of its audience last changed (the
itinerary's ``public_changed`` or ``private_changed``, kept in whole seconds
and never moving backwards; see :meth:`Repository.mark_changed`), not the
clock. So the ETag, a hash of the bytes, changes exactly when the content
does; a change that only editors and staff see (a restricted event) leaves
the public feed's bytes, ETag and Last-Modified as they were; and a rebuilt
feed is byte-identical to a cached one.

Two caches make a feed cheap. :class:`FeedCache` keeps whole built feeds by
(itinerary, its audience's stamp, filter, privacy, settings). Below it, each
event's serialized VEVENTs (a *block*, DTSTAMP and URL lines cut out; see
:func:`itinerary.ical.event_block`) are kept by UID, so that after one change
the whole feed is rebuilt by serializing one event and joining bytes.

A block is reused only while its *version* is unchanged: the event row's id
(a UID deleted and imported again is a new row), SEQUENCE and updated stamp
(every change a subscriber sees raises both, a renamed venue or participant
and a deleted parent included), its parent's row id, and the stored data of
its venue, destination and participants. The block depends on the UID domain,
which keys the block store, and on nothing else: DTSTAMP is joined in at each
build, the URL line from a small table kept per base URL (so a feed asked for
under another host name costs a join, not a rebuild), and the calendar's head
(name, VTIMEZONEs, TTL) is built afresh every time. Filtered feeds are cut
from the same blocks: the filter reads the light index (participants, kind,
categories, start and end), and a date window loads only the series it keeps
in question. Blocks are bounded by itinerary (``FeedCache(itineraries=)``);
they are views into the last feed built with them, about 0.45 KB an event beyond it.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from itinerary import ical, recurrence, services
from itinerary.cache import Bounded
from itinerary.errors import EventNotFound, InvalidInput, ItineraryNotFound
from itinerary.model import MAX_YEAR, MIN_YEAR, Event, Itinerary, Kind, Visibility
from itinerary.storage import FeedRow, Store

FILTERS = ("participant", "kind", "category", "from", "to")
MAX_WINDOW_DAYS = 3660
LOAD_CHUNK = 2000  # events read and serialized at a time on a cache miss: bounds the memory of a cold build


class InvalidFilter(InvalidInput):
    """A feed filter with a value the feed cannot use."""


@dataclass(frozen=True, slots=True)
class FeedFilter:
    """Which events of an itinerary a feed shows; empty means all."""

    participant: str | None = None
    kind: Kind | None = None
    category: str | None = None
    since: date | None = None
    until: date | None = None

    @classmethod
    def from_params(cls, params: Mapping[str, str]) -> FeedFilter:
        """Read query parameters (``participant``, ``kind``, ``category``, ``from``, ``to``; dates as YYYY-MM-DD)."""
        errors = {}
        kind = params.get("kind") or None
        if kind is not None:
            try:
                kind = Kind(kind)
            except ValueError:
                errors["kind"] = f"unknown kind {kind[:40]!r}; choose one of: {', '.join(Kind)}"
        dates = {}
        for name in ("from", "to"):
            value = params.get(name) or None
            if value is None:
                continue
            try:
                if len(value) != 10:
                    raise ValueError
                dates[name] = date.fromisoformat(value)
            except ValueError:
                errors[name] = f"{value[:40]!r} is not a date; write YYYY-MM-DD, e.g. 2018-06-08"
                continue
            if not MIN_YEAR <= dates[name].year <= MAX_YEAR:
                errors[name] = f"must be in the years {MIN_YEAR} to {MAX_YEAR}"
        since, until = dates.get("from"), dates.get("to")
        if since and until and until < since:
            errors["to"] = "must not be before 'from'"
        elif since and until and (until - since).days > MAX_WINDOW_DAYS:
            errors["to"] = f"the window is at most {MAX_WINDOW_DAYS} days"
        for name in ("participant", "category"):
            if len(params.get(name) or "") > 200:
                errors[name] = "is too long"
        if errors:
            raise InvalidFilter(errors)
        return cls(params.get("participant") or None, kind, params.get("category") or None, since, until)

    def __bool__(self) -> bool:
        return any(getattr(self, name) is not None for name in self.__slots__)

    def key(self) -> str:
        """A stable text form, for cache keys and file names."""
        return "&".join(f"{name}={getattr(self, name)}" for name in self.__slots__ if getattr(self, name) is not None)

    def apply(self, events: list[Event], zone: str) -> list[Event]:
        """The events that pass every filter; a window keeps recurring events with an occurrence inside.

        What :meth:`choose` picks from the feed index, said over whole events (tests hold the two equal).
        """
        chosen = [
            e
            for e in events
            if (self.participant is None or any(p.key == self.participant for p in e.participants))
            and (self.kind is None or e.kind is self.kind)
            and (self.category is None or self.category in e.categories)
        ]
        if self.since is None and self.until is None:
            return chosen
        tz = ZoneInfo(zone)
        start = datetime.combine(self.since, datetime.min.time(), tz) if self.since else None
        end = datetime.combine(self.until + timedelta(days=1), datetime.min.time(), tz) if self.until else None
        return [
            e
            for e in chosen
            if next(
                recurrence.occurrences(e.timing, e.rrule, e.exdates, rdates=e.rdates, since=start, until=end, limit=1),
                None,
            )
        ]

    def choose(self, rows: list[FeedRow], load: Callable[[list[int]], dict[int, Event]], zone: str) -> list[FeedRow]:
        """The rows (see :meth:`Repository.feed_index`) whose events pass every filter, as :meth:`apply` chooses.

        Only the series left in question by a date window are read whole, with ``load`` (row ids to events).
        """
        chosen = [
            row
            for row in rows
            if (self.participant is None or any(p[0] == self.participant for p in row.people))
            and (self.kind is None or row.kind == self.kind.value)
            and (self.category is None or self.category in row.categories)
        ]
        if self.since is None and self.until is None:
            return chosen
        tz = ZoneInfo(zone)
        start = datetime.combine(self.since, datetime.min.time(), tz) if self.since else None
        end = datetime.combine(self.until + timedelta(days=1), datetime.min.time(), tz) if self.until else None
        series = load([row.id for row in chosen if row.rrule or row.extra_end_utc])
        return [
            row
            for row in chosen
            if (
                next(
                    recurrence.occurrences(
                        e.timing, e.rrule, e.exdates, rdates=e.rdates, since=start, until=end, limit=1
                    ),
                    None,
                )
                if (e := series.get(row.id)) is not None
                else (start is None or row.end_utc > start) and (end is None or row.start_utc < end)
            )
        ]

    def check_rows(self, rows: list[FeedRow]) -> None:
        """Refuse a participant or category that no visible event of the itinerary has (rows of its feed index)."""
        errors = {}
        if self.participant and not any(p[0] == self.participant for row in rows for p in row.people):
            errors["participant"] = f"no participant {self.participant!r} in this itinerary's feed"
        if self.category and not any(self.category in row.categories for row in rows):
            errors["category"] = f"no category {self.category!r} in this itinerary's feed"
        if errors:
            raise InvalidFilter(errors)


@dataclass(frozen=True, slots=True)
class RenderedFeed:
    """A feed's bytes with the validators an HTTP layer needs."""

    body: bytes
    etag: str
    last_modified: datetime
    filename: str


Blocks = dict[str, tuple[tuple, tuple[bytes | memoryview, ...]]]  # UID -> (version, VEVENT pieces)


class FeedCache:
    """Built feeds and event blocks by what they depend on; safe to share between threads, bounded in size.

    ``size`` bounds the whole feeds kept, ``itineraries`` the itineraries whose event blocks are kept.
    """

    def __init__(self, size: int = 128, itineraries: int = 16, fresh_for: float = 0.0):
        self.size = size
        self.fresh_for = fresh_for
        self._items: Bounded[RenderedFeed] = Bounded(size)
        self._blocks: Bounded[Blocks] = Bounded(itineraries)
        self._links: Bounded[dict[bytes, bytes]] = Bounded(itineraries)
        self._checked: dict[tuple, tuple[float, int, RenderedFeed]] = {}
        self._lock = threading.Lock()

    def blocks(self, key: tuple) -> Blocks:
        """The event blocks kept for ``key`` (an itinerary and the settings blocks depend on), to read and fill."""
        return self._blocks.get_or_make(key, dict)

    def links(self, key: tuple) -> dict[bytes, bytes]:
        """The URL lines kept for ``key`` (an itinerary and a base URL) by event page path, to read and fill."""
        return self._links.get_or_make(key, dict)

    def fresh(self, lookup: tuple, generation: int) -> RenderedFeed | None:
        """The feed found for ``lookup`` less than ``fresh_for`` seconds ago, if this process wrote nothing since."""
        found = self._checked.get(lookup)
        if found is None or found[1] != generation or time.monotonic() - found[0] >= self.fresh_for:
            return None
        return found[2]

    def checked(self, lookup: tuple, generation: int, feed: RenderedFeed, at: float) -> None:
        """Note that ``feed`` was current for ``lookup`` at ``at`` (monotonic), the store at ``generation``."""
        if self.fresh_for > 0:
            with self._lock:
                if len(self._checked) >= 4 * self.size:
                    self._checked.clear()
                self._checked[lookup] = (at, generation, feed)

    def get(self, key: tuple) -> RenderedFeed | None:
        """The cached feed for ``key``, or None."""
        return self._items.get(key)

    def get_or_build(self, key: tuple, build: Callable[[], RenderedFeed]) -> RenderedFeed:
        """The cached feed for ``key``, building it on a miss."""
        return self._items.get_or_make(key, build)

    def clear(self) -> None:
        """Forget every built feed."""
        self._items.clear()
        self._blocks.clear()
        self._links.clear()


def _render(calendar, last_modified: datetime, filename: str) -> RenderedFeed:
    return _rendered(ical.to_ics(calendar), last_modified, filename)


def _rendered(body: bytes, last_modified: datetime, filename: str) -> RenderedFeed:
    return RenderedFeed(body, f'"{hashlib.sha256(body).hexdigest()[:32]}"', last_modified, filename)


def itinerary_feed(
    store: Store,
    slug: str,
    settings: ical.FeedSettings,
    *,
    feed_filter: FeedFilter = FeedFilter(),
    private: bool = False,
    cache: FeedCache | None = None,
) -> RenderedFeed:
    """The itinerary's feed: public events only unless ``private``."""
    if cache is not None:
        # The common request: a feed already built for the itinerary's current state, found with one light
        # read, or with none when that read is under ``cache.fresh_for`` seconds old and this process wrote nothing.
        lookup = (slug, feed_filter.key(), private, settings)
        generation = store.generation
        built = cache.fresh(lookup, generation)
        if built is not None:
            return built
        at = time.monotonic()
        built = cache.get(_feed_key(slug, store.feed_changed(slug, private=private), feed_filter, private, settings))
        if built is not None:
            cache.checked(lookup, generation, built, at)
            return built
    itinerary = _public(services.get_itinerary(store, slug), private)
    return _itinerary_feed(store, itinerary, settings, feed_filter, private, cache)


def _public(itinerary: Itinerary, private: bool) -> Itinerary:
    """The itinerary, or "not found" when a public feed is asked of a restricted itinerary."""
    if itinerary.visibility is Visibility.RESTRICTED and not private:
        raise ItineraryNotFound(itinerary.slug)
    return itinerary


def private_feed(
    store: Store, token: str, settings: ical.FeedSettings, *, cache: FeedCache | None = None
) -> RenderedFeed:
    """The feed behind a private token, restricted events included."""
    itinerary = services.itinerary_for_token(store, token)
    return _itinerary_feed(store, itinerary, settings, FeedFilter(), True, cache)


def changed(itinerary: Itinerary, private: bool) -> datetime:
    """When the feed of this audience last changed: its Last-Modified and every VEVENT's DTSTAMP."""
    return itinerary.private_changed if private else itinerary.public_changed


def _feed_key(slug: str, stamp: datetime | None, feed_filter: FeedFilter, private: bool, settings) -> tuple:
    return ("itinerary", slug, stamp, feed_filter.key(), private, settings)


def _itinerary_feed(store, itinerary: Itinerary, settings, feed_filter, private, cache) -> RenderedFeed:
    stamp = changed(itinerary, private)
    key = _feed_key(itinerary.slug, stamp, feed_filter, private, settings)

    def build() -> RenderedFeed:
        # Blocks do not depend on the base URL (their URL lines are joined in), only the links kept beside them.
        blocks = cache.blocks((itinerary.slug, settings.uid_domain)) if cache else {}
        links = cache.links((itinerary.slug, settings.base_url)) if cache else {}
        body = _joined_feed(store, itinerary, settings, feed_filter, private, blocks, links)
        suffix = (
            "-private"
            if private
            else ("-" + hashlib.sha256(feed_filter.key().encode()).hexdigest()[:8] if feed_filter else "")
        )
        return _rendered(body, stamp, f"{itinerary.slug}{suffix}.ics")

    return cache.get_or_build(key, build) if cache is not None else build()


def _joined_feed(
    store: Store,
    itinerary: Itinerary,
    settings: ical.FeedSettings,
    feed_filter: FeedFilter,
    private: bool,
    blocks: Blocks,
    links: dict[bytes, bytes],
) -> bytes:
    """The feed joined from event blocks, serializing only the events whose block is missing or stale.

    Byte-identical to ``ical.to_ics(ical.build_calendar(...))`` of the same events, filtered or not:
    a filter picks rows from the light index (a date window reads the few series it keeps in
    question), so a filtered feed costs a join, not a rebuild. The feed is written out block by
    block, stale events read and serialized ``LOAD_CHUNK`` at a time, so that a cold build holds
    one chunk of events at a time besides the feed itself; the kept blocks are then views into
    the feed's bytes, which the feed cache holds anyway, rather than a second copy of them.
    """
    name = itinerary.title + (" (private)" if private else "")
    with store.transaction() as repo:
        index = repo.feed_index(itinerary.slug)
        rows = index if private else [row for row in index if not row.restricted]
        # The order of Repository.events, sorted here so that it never depends on the database's collation.
        rows.sort(key=_feed_order)
        if feed_filter:
            feed_filter.check_rows(rows)
            if feed_filter.participant:
                person = next(p for row in rows for p in row.people if p[0] == feed_filter.participant)
                name = f"{name}: {person[1]}"
            rows = feed_filter.choose(rows, lambda ids: repo.events_by_id(itinerary.slug, ids), itinerary.timezone)
        # Blocks are read once into a list of this build's own, so other threads may change the store meanwhile.
        chosen: list = []
        stale: list[int] = []
        for row in rows:
            kept = blocks.get(row.uid)
            if kept is not None and kept[0] == row.version:
                chosen.append(kept[1])
            else:
                chosen.append(None)
                stale.append(row.id)
        zones = {zone for row in rows if not row.all_day for zone in (row.timezone, row.end_timezone)}
        years = ical.feed_years(
            (row.start_utc, max(row.end_utc, row.extra_end_utc or row.end_utc), row.rrule, row.timezone, row.all_day)
            for row in rows
        )
        head = ical.calendar_head(itinerary, settings=settings, name=name, zones=zones, years=years)
        views: list = []
        body = ical.feed_bytes(
            head,
            _ordered_blocks(repo, itinerary.slug, settings, rows, chosen, stale),
            now=changed(itinerary, private),
            links=_links(links, settings.base_url),
            views=views,
        )
    del chosen  # the old blocks, and through them an older feed's bytes, may go
    for row, view in zip(rows, views, strict=True):
        blocks[row.uid] = (row.version, view)
    if len(blocks) > len(index):
        _forget_deleted(blocks, index)
    if len(links) > len(index):
        links.clear()  # deleted events' links: rare, and made again cheaply
    return body


def _links(kept: dict[bytes, bytes], base_url: str) -> Callable[[bytes], bytes]:
    """The URL line of an event's page path under ``base_url``, made once per path and kept."""

    def link(path: bytes) -> bytes:
        line = kept.get(path)
        if line is None:
            line = kept[path] = ical.url_line(base_url, path)
        return line

    return link


def _feed_order(row: FeedRow) -> tuple:
    return (row.start_utc, row.has_parent, row.title, row.uid)


def _ordered_blocks(repo, slug: str, settings, rows: list[FeedRow], chosen: list, stale: list[int]):
    """Each row's block in order: the kept one, or the event serialized, read with the next stale ones."""
    events: dict = {}
    loaded = 0
    for row, kept in zip(rows, chosen, strict=True):
        if kept is not None:
            yield kept
            continue
        if row.id not in events:
            events = repo.events_by_id(slug, stale[loaded : loaded + LOAD_CHUNK])
            loaded += LOAD_CHUNK
        yield ical.event_block(events.pop(row.id), settings=settings)


def _forget_deleted(blocks: Blocks, index: list[FeedRow]) -> None:
    present = {row.uid for row in index}
    for uid in list(blocks):
        if uid not in present:
            blocks.pop(uid, None)


def event_feed(
    store: Store, slug: str, uid: str, settings: ical.FeedSettings, *, cache: FeedCache | None = None
) -> RenderedFeed:
    """One public event as a calendar, for "add to calendar"."""
    itinerary = _public(services.get_itinerary(store, slug), False)
    stamp = changed(itinerary, False)
    key = ("event", slug, uid, stamp, settings)

    def build() -> RenderedFeed:
        event = services.get_event(store, slug, uid)
        if event.restricted:
            raise EventNotFound(slug, uid)
        calendar = ical.build_calendar(itinerary, [event], now=stamp, settings=settings, name=event.title)
        return _render(calendar, stamp, f"{uid}.ics")

    return cache.get_or_build(key, build) if cache is not None else build()
