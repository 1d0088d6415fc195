"""Seed itineraries from human-readable TOML files, loaded idempotently.

A fixture file has one ``[itinerary]`` table, then ``[[venues]]``,
``[[participants]]`` and ``[[events]]`` arrays. Local date-times without an
offset (``2018-06-08T10:00:00``) are wall-clock times in the event's zone (its
``timezone``, else its venue's, else the itinerary's). Loading the same file
twice changes nothing: itineraries are keyed by slug, venues and participants
by key, events by UID.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields
from datetime import date, datetime
from pathlib import Path

from itinerary import releases, services, texts
from itinerary.errors import FixtureError, ItineraryError, NotFound
from itinerary.languages import LANGUAGES, event_key
from itinerary.model import EventSpec, Outcome
from itinerary.storage import Store

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SEED_FILES = ("china-state-visit-2018.toml", "russia-china-contacts-2017-2018.toml")

# A table's texts in other languages: a sub-table per language (``ru = { title = "…" }``), see itinerary.texts.
_LANGUAGES = set(LANGUAGES)
_EVENT_FIELDS = {f.name for f in fields(EventSpec)} | {"uid"} | _LANGUAGES
_ITINERARY_FIELDS = {"slug", "title", "timezone", "summary", "visibility", "language"} | _LANGUAGES


@dataclass(frozen=True, slots=True)
class LoadReport:
    """What loading one file did."""

    slug: str
    created: int
    updated: int
    unchanged: int

    def __str__(self) -> str:
        return f"{self.slug}: {self.created} created, {self.updated} updated, {self.unchanged} unchanged"


def seed_paths() -> list[Path]:
    """The seed fixture files shipped with the project."""
    return [FIXTURES / name for name in SEED_FILES]


def read(path: str | Path) -> dict:
    """The parsed fixture file, or :class:`FixtureError` saying what is wrong with it."""
    path = Path(path)
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except FileNotFoundError:
        raise FixtureError(f"{path}: no such file") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise FixtureError(f"{path}: not valid TOML: {error}") from None
    if not isinstance(data.get("itinerary"), dict):
        raise FixtureError(f"{path}: needs an [itinerary] table")
    return data


def load(store: Store, path: str | Path) -> LoadReport:
    """Load one fixture file in one transaction; on any error nothing is written."""
    data = read(path)
    try:
        with store.transaction() as repo:
            report = _load(store, data)
            # Loaded is published: the seed is each itinerary's release 1; loading again changes nothing.
            if releases.pending(repo, report.slug):
                releases.publish_in(repo, report.slug, store.now(), note=releases.loaded_note(Path(path).name))
            return report
    except ItineraryError as error:
        raise FixtureError(f"{path}: {error}") from None
    except TypeError as error:
        raise FixtureError(f"{path}: {error}") from None


def load_seed(store: Store) -> list[LoadReport]:
    """Load every seed file."""
    return [load(store, path) for path in seed_paths()]


def _other_languages(table: dict) -> tuple[dict, dict]:
    """The table without its texts in other languages, and those texts ``{language: {field: text}}``."""
    return {k: v for k, v in table.items() if k not in _LANGUAGES}, {k: v for k, v in table.items() if k in _LANGUAGES}


def _load(store: Store, data: dict) -> LoadReport:
    header, header_texts = _other_languages(_only(data["itinerary"], _ITINERARY_FIELDS, "[itinerary]"))
    slug = header.get("slug")
    try:
        services.get_itinerary(store, slug)
    except NotFound:
        services.create_itinerary(store, **{k: v for k, v in header.items() if k != "language"})
        if "language" in header:
            services.update_itinerary(store, slug, language=header["language"])
    else:
        services.update_itinerary(store, slug, **{k: v for k, v in header.items() if k != "slug"})
    texts.put_other_texts(store, "itinerary", slug, header_texts)
    for number, venue in enumerate(data.get("venues", []), 1):
        venue, venue_texts = _other_languages(
            _only(
                venue,
                {"key", "name", "city", "country", "timezone", "latitude", "longitude"} | _LANGUAGES,
                f"venues #{number}",
            )
        )
        services.put_venue(store, **venue)
        texts.put_other_texts(store, "venue", venue.get("key"), venue_texts)
    for number, person in enumerate(data.get("participants", []), 1):
        person, person_texts = _other_languages(
            _only(person, {"key", "name", "role", "delegation"} | _LANGUAGES, f"participants #{number}")
        )
        services.put_participant(store, **person)
        texts.put_other_texts(store, "participant", person.get("key"), person_texts)
    created = updated = unchanged = 0
    for number, entry in enumerate(data.get("events", []), 1):
        entry, event_texts = _other_languages(_only(entry, _EVENT_FIELDS, f"events #{number}"))
        uid = entry.pop("uid", None)
        if not uid:
            raise FixtureError(f"events #{number}: needs a uid so that loading twice changes nothing")
        spec = _spec(entry)
        try:
            before = services.get_event(store, slug, uid)
        except NotFound:
            services.create_event(store, slug, spec, uid=uid)
            texts.put_other_texts(store, "event", event_key(slug, uid), event_texts)
            created += 1
            continue
        after = services.update_event(store, slug, uid, spec)
        retold = texts.put_other_texts(store, "event", event_key(slug, uid), event_texts)
        if after.sequence == before.sequence and not retold:
            unchanged += 1
        else:
            updated += 1
    return LoadReport(slug, created, updated, unchanged)


def _only(table: dict, allowed: set[str], where: str) -> dict:
    if not isinstance(table, dict):
        raise FixtureError(f"{where}: must be a table")
    unknown = sorted(set(table) - allowed)
    if unknown:
        raise FixtureError(
            f"{where}: unknown field {', '.join(unknown)}; expected some of {', '.join(sorted(allowed))}"
        )
    return table


def _spec(entry: dict) -> EventSpec:
    for name in ("start", "end"):
        if name in entry and not isinstance(entry[name], datetime):
            raise FixtureError(f"{name}: write a date and time such as 2018-06-08T10:00:00")
    for name in ("first", "last"):
        if name in entry and (isinstance(entry[name], datetime) or not isinstance(entry[name], date)):
            raise FixtureError(f"{name}: write a date such as 2018-06-09")
    entry["all_day"] = "first" in entry
    entry["outcomes"] = tuple(Outcome(**o) for o in entry.get("outcomes", ()))
    for name in ("participants", "categories", "exdates"):
        entry[name] = tuple(entry.get(name, ()))
    return EventSpec(**entry)
