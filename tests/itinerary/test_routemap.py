"""The route map: Web Mercator projection, the view that fits the venues, legs, and the outlines shipped."""

from __future__ import annotations

import json
import math
from datetime import datetime
from pathlib import Path

import pytest

from itinerary import routemap
from itinerary.model import Event, Status, Timed, Venue
from itinerary.routemap import MAX_LATITUDE, View, fit, project, route_map

DATA = Path(routemap.__file__).parent / "data" / "countries-110m.json"


def venue(key: str, city: str, lat: float, lon: float) -> Venue:
    return Venue(key, f"{city} venue", city, "Country", "UTC", lat, lon)


BEIJING = venue("beijing", "Beijing", 39.9033, 116.3874)
TIANJIN = venue("tianjin", "Tianjin", 39.1365, 117.21)
QINGDAO = venue("qingdao", "Qingdao", 36.0581, 120.386)


def event(uid: str, origin: Venue, destination: Venue | None = None, **fields) -> Event:
    timing = Timed.of(datetime(2018, 6, 8, 14, 0), datetime(2018, 6, 8, 15, 0), "Asia/Shanghai")
    kind = "travel" if destination else "talks"
    return Event(uid, "trip", uid, timing, kind=kind, venue=origin, destination=destination, **fields)


def test_project_exact_values():
    assert project(0, 0) == (0.5, 0.5)
    assert project(180, 0) == (1.0, 0.5)
    assert project(-180, MAX_LATITUDE) == (0.0, 0.0)
    assert project(90, -MAX_LATITUDE) == (0.75, 1.0)
    assert project(0, 90) == (0.5, 0.0)  # clamped to the square's edge, not infinite
    assert round(MAX_LATITUDE, 12) == 85.051128779807


def test_project_a_venue_as_the_formula_gives():
    x, y = project(116.3874, 39.9033)
    assert x == (116.3874 + 180) / 360
    expected = 0.5 - math.log(math.tan(math.pi / 4 + math.radians(39.9033) / 2)) / (2 * math.pi)
    assert y == pytest.approx(expected, abs=1e-15)
    assert (round(x, 6), round(y, 6)) == (0.823298, 0.37893)


def test_fit_holds_every_venue_with_margin_at_the_drawing_aspect():
    view = fit([(116.3874, 39.9033), (120.386, 36.0581)], 960, 600)
    assert view.span_x / view.span_y == pytest.approx(960 / 600)
    for lon, lat in [(116.3874, 39.9033), (120.386, 36.0581)]:
        x, y = view.point(lon, lat)
        assert 0.1 * 960 < x < 0.9 * 960
        assert 0.1 * 600 < y < 0.9 * 600
    # The taller extent (latitude here, for a wide drawing) decides, with 15% margin on each side.
    assert view.span_y == pytest.approx((project(0, 36.0581)[1] - project(0, 39.9033)[1]) * 1.3, abs=1e-11)


def test_fit_one_venue_is_centred_with_the_least_span():
    assert fit([(0, 0)], 100, 50) == View(x=0.49, y=0.495, span_x=0.02, span_y=0.01, width=100, height=50)


def test_fit_never_leaves_the_world():
    view = fit([(-179, 80), (179, -80)], 960, 600)
    assert (view.x, view.span_x) == (0.0, 1.0)
    assert view.y >= 0.0 and view.y + view.span_y <= 1.0


def test_route_map_places_legs_and_cities():
    drawn = route_map(
        [
            event("train", BEIJING, TIANJIN),
            event("flight", BEIJING, QINGDAO),
            event("talks", QINGDAO),
            event("cancelled", TIANJIN, QINGDAO, status=Status.CANCELLED),
        ]
    )
    assert [p.venue.key for p in drawn.places] == ["beijing", "qingdao", "tianjin"]
    assert [leg.event.uid for leg in drawn.legs] == ["train", "flight"]  # the cancelled leg is not drawn
    view = drawn.view
    train = drawn.legs[0]
    assert (train.x1, train.y1) == tuple(round(v, 1) for v in view.point(116.3874, 39.9033))
    assert (train.x2, train.y2) == tuple(round(v, 1) for v in view.point(117.21, 39.1365))
    assert [c.name for c in drawn.cities] == ["Beijing", "Qingdao", "Tianjin"]
    assert drawn.outlines  # China is in view
    assert all(part.startswith("M") and part.endswith("Z") for part in drawn.outlines)


def test_route_map_openstreetmap_link_at_the_venue():
    (place,) = route_map([event("talks", BEIJING)]).places
    assert (
        place.openstreetmap == "https://www.openstreetmap.org/?mlat=39.90330&mlon=116.38740#map=16/39.90330/116.38740"
    )


def test_route_map_without_venues_is_empty():
    drawn = route_map([])
    assert (drawn.places, drawn.legs, drawn.cities) == ((), (), ())


def test_outlines_shipped_are_small_and_say_their_source():
    assert DATA.stat().st_size < 300 * 1024
    data = json.loads(DATA.read_text(encoding="utf-8"))
    assert data["source"].startswith("Natural Earth 1:110m")
    names = {country["name"] for country in data["countries"]}
    assert {"China", "Russia", "Kazakhstan", "Vietnam"} <= names
    assert len(data["countries"]) == 177
