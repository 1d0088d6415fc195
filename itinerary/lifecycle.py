"""An itinerary's life as a whole: deleted for good (its addresses then answer "gone"), or copied as a template.

Deleting removes the itinerary with its events, change log and versions, and keeps
a small record of it (:class:`~itinerary.records.DeletedItinerary`): its slug, its
title, when and by whom, and the SHA-256 of the private feed token it had. Its
addresses (page, public, private and event feeds) then answer 410 Gone instead of
404, so that a calendar app, or a person, can tell "deleted" from "mistyped". The
slug stays taken: a new itinerary may not silently take over old subscribers'
addresses. Only restoring a backup that holds the itinerary brings it back under
its slug (``reuse_deleted`` of :func:`itinerary.services.create_itinerary`).

Duplicating copies an itinerary's events into a new one, as a template for the
next visit: new UIDs (calendars must see new events, not moves of the old ones),
the same venues and participants, the same own audiences and what each event
shows each audience, every time optionally shifted by whole days to a new first
day (each keeps its wall-clock time in its own zone), and sessions kept inside
their summit. The copy is restricted (editors only) until an editor
makes it public.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from itinerary import services
from itinerary.errors import InvalidInput
from itinerary.model import AllDay, Event, EventSpec, Itinerary, Timed, Timing, Visibility
from itinerary.records import DeletedItinerary
from itinerary.storage import Store


def token_digest(token: str) -> str:
    """The SHA-256 (hex) of a private feed token, as a deleted itinerary keeps it."""
    return hashlib.sha256(token.encode()).hexdigest()


def delete_itinerary(store: Store, slug: str, *, editor: str = "") -> DeletedItinerary:
    """Delete the itinerary for good, with its events, change log and versions; its addresses then answer "gone"."""
    with store.transaction() as repo:
        itinerary = repo.itinerary(slug)
        token = repo.feed_token(slug)
        gone = DeletedItinerary(
            slug=slug,
            title=itinerary.title,
            deleted=store.now(),
            editor=editor or "",
            visibility=itinerary.visibility.value,
            token_digest=token_digest(token) if token else None,
        )
        repo.delete_itinerary(slug, gone)
        return gone


def deleted_itinerary(store: Store, slug: str) -> DeletedItinerary | None:
    """What is kept of the deleted itinerary that had this slug, or None (never deleted, or never existed)."""
    with store.transaction() as repo:
        return repo.deleted_itinerary(slug)


def any_deleted(store: Store) -> bool:
    """Whether any itinerary was ever deleted in this store (then it is no fresh install to seed)."""
    with store.transaction() as repo:
        return repo.has_deleted()


def deleted_for_token(store: Store, token: str) -> DeletedItinerary | None:
    """The deleted itinerary whose private feed token this was, or None."""
    if not isinstance(token, str) or not 32 <= len(token) <= 128:
        return None
    with store.transaction() as repo:
        return repo.deleted_by_token(token_digest(token))


# Duplicating


def first_day(store: Store, slug: str) -> date | None:
    """The first day of the itinerary's programme in its home zone, or None when it has no events."""
    itinerary = services.get_itinerary(store, slug)
    _count, first, _last = services.event_span(store, slug)
    return None if first is None else first.astimezone(ZoneInfo(itinerary.timezone)).date()


def duplicate_itinerary(
    store: Store,
    slug: str,
    *,
    new_slug: str,
    title: str,
    starting: date | None = None,
    editor: str = "",
) -> Itinerary:
    """Copy the itinerary and its events into a new, restricted one; shifted to begin on ``starting`` if given.

    Every event gets a new UID and SEQUENCE 0; sessions point at the copies of their summits. One transaction:
    when any event cannot be copied (its shifted time falls in a gap of its zone's clocks), nothing is kept.
    """
    with store.transaction() as repo:
        source = services.get_itinerary(store, slug)
        begins = first_day(store, slug)
        shift = timedelta(days=(starting - begins).days) if starting and begins else timedelta(0)
        copy = services.create_itinerary(
            store,
            slug=new_slug,
            title=title,
            timezone=source.timezone,
            summary=source.summary,
            visibility=Visibility.RESTRICTED.value,
        )
        for audience in repo.audiences.list(slug):  # before the events that say what each of them sees
            repo.audiences.add(new_slug, audience.name, audience.label)
        events = services.list_events(store, slug)
        uids = {event.uid: services.new_uid() for event in events}
        for event in _parents_first(events):
            try:
                spec = _shifted(event.spec(), event, shift)
                services.create_event(
                    store, new_slug, spec.replace(parent=uids.get(event.parent)), uid=uids[event.uid], editor=editor
                )
            except InvalidInput as error:
                raise InvalidInput(
                    "starting", f"{event.title!r} cannot be moved there: {'; '.join(error.errors.values())}"
                ) from None
        return copy


def _parents_first(events: list[Event]) -> list[Event]:
    """The events ordered so that every summit comes before its sessions (the order otherwise kept)."""
    by_uid = {event.uid: event for event in events}
    placed: dict[str, Event] = {}

    def place(event: Event) -> None:
        if event.uid in placed:
            return
        if event.parent in by_uid:
            place(by_uid[event.parent])
        placed[event.uid] = event

    for event in events:
        place(event)
    return list(placed.values())


def _moved(value: date | datetime, shift: timedelta) -> date | datetime:
    """The same wall-clock time (or date) ``shift`` later; an aware time keeps its zone and which of two it was."""
    if isinstance(value, datetime) and value.tzinfo is not None:
        return (value.replace(tzinfo=None) + shift).replace(tzinfo=value.tzinfo, fold=value.fold)
    return value + shift


def _moved_timing(timing: Timing, shift: timedelta) -> Timing:
    if isinstance(timing, AllDay):
        return AllDay(timing.first + shift, timing.last + shift, timing.timezone)
    return Timed(_moved(timing.start, shift), _moved(timing.end, shift))


def _shifted(spec: EventSpec, event: Event, shift: timedelta) -> EventSpec:
    """The event's spec as the copy should have it: new UIDs are the caller's; times, rule and dates moved."""
    spec = spec.replace(foreign_uid=False)
    if not shift:
        return spec
    timing = event.timing
    times = (
        {"first": timing.first + shift, "last": timing.last + shift}
        if isinstance(timing, AllDay)
        else {
            "start": _moved(timing.start, shift),
            "end": _moved(timing.end, shift),
        }
    )
    overrides = tuple(
        dataclasses.replace(
            override,
            recurrence_id=_moved(override.recurrence_id, shift),
            timing=_moved_timing(override.timing, shift) if override.timing else None,
        )
        for override in spec.overrides
    )
    return spec.replace(
        **times,
        rrule=_moved_until(spec.rrule, shift),
        exdates=tuple(_moved(value, shift) for value in spec.exdates),
        rdates=tuple(_moved(value, shift) for value in spec.rdates),
        overrides=overrides,
    )


_UNTIL = re.compile(r"(?<![A-Z])UNTIL=(\d{8})")


def _moved_until(rule: str, shift: timedelta) -> str:
    """The rule with its UNTIL date moved by ``shift`` (its time of day, if any, kept).

    >>> _moved_until("FREQ=DAILY;UNTIL=20180610T155959Z", timedelta(days=365))
    'FREQ=DAILY;UNTIL=20190610T155959Z'
    """

    def move(match: re.Match) -> str:
        day = datetime.strptime(match.group(1), "%Y%m%d").date() + shift
        return f"UNTIL={day:%Y%m%d}"

    return _UNTIL.sub(move, rule)
