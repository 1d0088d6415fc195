"""Where a programme goes: its venues as points and its travel legs as lines, over country outlines.

Drawn on the server from Natural Earth's public-domain outlines shipped in ``itinerary/data`` (see its
README), so the map needs no tile server and works offline. The projection is Web Mercator, the one
OpenStreetMap's own map uses, so that a venue's point and the map it links to look alike.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from itinerary.model import Event, Venue

# Web Mercator stops short of the poles: this latitude maps to the top edge of the square.
MAX_LATITUDE = math.degrees(math.atan(math.sinh(math.pi)))  # 85.0511287798…
MIN_SPAN = 0.01  # of the world's width: a programme in one city still shows its surroundings (about 400 km)
PADDING = 0.15  # of the venues' extent, on each side


def project(longitude: float, latitude: float) -> tuple[float, float]:
    """Web Mercator: (x, y) in the unit square, x east from the antimeridian, y south from the top edge.

    >>> project(0, 0)
    (0.5, 0.5)
    >>> project(-180, MAX_LATITUDE)
    (0.0, 0.0)
    """
    latitude = max(-MAX_LATITUDE, min(MAX_LATITUDE, latitude))
    x = (longitude + 180) / 360
    y = 0.5 - math.log(math.tan(math.pi / 4 + math.radians(latitude) / 2)) / (2 * math.pi)
    return x, round(y, 15) + 0.0  # the last bit is noise: 85.0511… gives 1e-17, not 0


@dataclass(frozen=True, slots=True)
class View:
    """The part of the unit square shown, and the size it is drawn at."""

    x: float
    y: float
    span_x: float
    span_y: float
    width: int
    height: int

    def point(self, longitude: float, latitude: float) -> tuple[float, float]:
        """Where a place is drawn, in the drawing's units."""
        x, y = project(longitude, latitude)
        return (x - self.x) / self.span_x * self.width, (y - self.y) / self.span_y * self.height


def fit(points: Iterable[tuple[float, float]], width: int, height: int) -> View:
    """The view that holds every (longitude, latitude) with a margin, at the drawing's aspect ratio.

    >>> fit([(0, 0)], 100, 50)
    View(x=0.49, y=0.495, span_x=0.02, span_y=0.01, width=100, height=50)
    """
    projected = [project(lon, lat) for lon, lat in points] or [project(0, 20)]
    xs, ys = [p[0] for p in projected], [p[1] for p in projected]
    span_x = max(max(xs) - min(xs), MIN_SPAN) * (1 + 2 * PADDING if len(projected) > 1 else 1)
    span_y = max(max(ys) - min(ys), MIN_SPAN) * (1 + 2 * PADDING if len(projected) > 1 else 1)
    aspect = width / height
    if span_x / span_y < aspect:
        span_x = span_y * aspect
    else:
        span_y = span_x / aspect
    span_x, span_y = min(span_x, 1.0), min(span_y, 1.0)
    centre_x, centre_y = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
    x = min(max(centre_x - span_x / 2, 0.0), 1.0 - span_x)
    y = min(max(centre_y - span_y / 2, 0.0), 1.0 - span_y)
    return View(round(x, 12), round(y, 12), round(span_x, 12), round(span_y, 12), width, height)


@dataclass(frozen=True, slots=True)
class Place:
    """A venue on the map."""

    venue: Venue
    x: float
    y: float

    @property
    def openstreetmap(self) -> str:
        """The venue on OpenStreetMap, marked and zoomed in."""
        lat, lon = f"{self.venue.latitude:.5f}", f"{self.venue.longitude:.5f}"
        return f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=16/{lat}/{lon}"


@dataclass(frozen=True, slots=True)
class Leg:
    """A travel leg on the map: a line from its origin to its destination."""

    event: Event
    x1: float
    y1: float
    x2: float
    y2: float


@dataclass(frozen=True, slots=True)
class City:
    """A city's name, drawn once beside its venues."""

    name: str
    x: float
    y: float


@dataclass(frozen=True, slots=True)
class RouteMap:
    """Everything the map draws, in the drawing's units."""

    view: View
    outlines: tuple[str, ...]  # SVG path data, one per country in view
    places: tuple[Place, ...]
    legs: tuple[Leg, ...]
    cities: tuple[City, ...]


def route_map(events: Iterable[Event], *, width: int = 960, height: int = 600) -> RouteMap:
    """The map of ``events`` (cancelled ones left out): venues, legs, and the countries around them."""
    events = [event for event in events if not event.cancelled]
    venues: dict[str, Venue] = {}
    for event in events:
        for venue in (event.venue, event.destination):
            if venue is not None:
                venues.setdefault(venue.key, venue)
    view = fit([(v.longitude, v.latitude) for v in venues.values()], width, height)
    places = tuple(
        Place(venue, *_rounded(view.point(venue.longitude, venue.latitude)))
        for venue in sorted(venues.values(), key=lambda v: (v.city, v.name))
    )
    legs = tuple(
        Leg(
            event,
            *_rounded(view.point(event.venue.longitude, event.venue.latitude)),
            *_rounded(view.point(event.destination.longitude, event.destination.latitude)),
        )
        for event in events
        if event.venue is not None and event.destination is not None and event.venue.key != event.destination.key
    )
    by_city: dict[str, list[Place]] = {}
    for place in places:
        by_city.setdefault(place.venue.city, []).append(place)
    cities = tuple(
        City(name, *_rounded((sum(p.x for p in found) / len(found), min(p.y for p in found))))
        for name, found in by_city.items()
    )
    return RouteMap(view, tuple(_outlines(view)), places, legs, cities)


def _rounded(point: tuple[float, float]) -> tuple[float, float]:
    return round(point[0], 1), round(point[1], 1)


def _outlines(view: View):
    for country in countries():
        parts = []
        for ring in country["rings"]:
            points = [view.point(ring[n], ring[n + 1]) for n in range(0, len(ring), 2)]
            xs, ys = [p[0] for p in points], [p[1] for p in points]
            if max(xs) < 0 or min(xs) > view.width or max(ys) < 0 or min(ys) > view.height:
                continue  # wholly outside the view
            # Whole units: a drawing 960 wide needs no finer outline than the 1:110 million source gives.
            drawn = [f"{x:.0f} {y:.0f}" for x, y in points]
            drawn = [p for n, p in enumerate(drawn) if n == 0 or p != drawn[n - 1]]
            parts.append("M" + "L".join(drawn) + "Z")
        if parts:
            yield "".join(parts)


@lru_cache(maxsize=1)
def countries() -> tuple[dict, ...]:
    """The country outlines shipped with the project: name and rings of flat [lon, lat, …] lists."""
    text = resources.files("itinerary").joinpath("data", "countries-110m.json").read_text(encoding="utf-8")
    return tuple(json.loads(text)["countries"])
