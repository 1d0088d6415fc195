"""What a draft is made of: plain values, nothing stored."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time


@dataclass(frozen=True, slots=True)
class Place:
    """A city found in the gazetteer, with its zone and coordinates."""

    name: str
    country: str
    timezone: str
    latitude: float
    longitude: float


@dataclass(frozen=True, slots=True)
class Proposal:
    """One proposed event: what the text says of one announced activity.

    ``start`` and ``end`` are wall-clock times in ``timezone`` (None when the text
    gives no clock time: the proposal is then for whole days, ``date`` to ``last``).
    ``source`` is the sentence it came from; ``source_at`` its offset in the text
    and ``trigger`` the words that named the activity. ``city`` and ``destination``
    are the gazetteer's (English) names; ``city_name`` and ``destination_name`` the
    names as the announcement writes them (in the nominative), where it writes them
    otherwise ("Пекин", "北京"): the venues' texts in the draft's language. ``own_title`` is the title in the
    own language of an existing itinerary in another language than the draft's (``title`` then becomes its text
    in the draft's language).
    """

    title: str
    kind: str
    date: date
    last: date
    format: str = "none"
    start: time | None = None
    end: time | None = None
    timezone: str | None = None
    city: str | None = None
    country: str | None = None
    venue: str | None = None
    destination: str | None = None
    participants: tuple[str, ...] = ()
    participant_keys: tuple[str, ...] = ()
    source: str = ""
    source_at: int = 0
    trigger: str = ""
    note: str = ""
    city_name: str | None = None
    destination_name: str | None = None
    own_title: str = ""

    def as_json(self) -> dict:
        """The proposal in the shape ``itinerary draft --format json`` prints."""
        return {
            "title": self.title,
            "date": self.date.isoformat(),
            "last": self.last.isoformat(),
            "start": self.start.strftime("%H:%M") if self.start else None,
            "end": self.end.strftime("%H:%M") if self.end else None,
            "timezone": self.timezone,
            "city": self.city,
            "venue": self.venue,
            "destination": self.destination,
            "kind": self.kind,
            "format": self.format,
            "participants": list(self.participants),
            "source": self.source,
        }


@dataclass(frozen=True, slots=True)
class Draft:
    """A proposed programme: the visit's span and places, and one proposal per announced activity."""

    lang: str
    published: date
    start: date | None
    end: date | None
    places: tuple[Place, ...] = ()
    proposals: tuple[Proposal, ...] = field(default_factory=tuple)
    text: str = ""

    def as_json(self) -> dict:
        """The draft in the shape ``itinerary draft --format json`` prints."""
        return {
            "lang": self.lang,
            "published": self.published.isoformat(),
            "span": {
                "start": self.start.isoformat() if self.start else None,
                "end": self.end.isoformat() if self.end else None,
            },
            "places": [{"city": p.name, "country": p.country, "timezone": p.timezone} for p in self.places],
            "events": [p.as_json() for p in self.proposals],
        }
