"""Convert world-atlas's Natural Earth 110m countries (TopoJSON) into the small outline file the route map draws.

Run once, by hand, when the outlines should change (the project ships the result, so nothing is fetched at run time):

    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python3 itinerary/data/natural_earth.py package/countries-110m.json itinerary/data/countries-110m.json

Natural Earth is in the public domain; world-atlas (ISC licence, Mike Bostock) only re-encodes it as TopoJSON.
The output keeps each country's name and its rings as flat [longitude, latitude, ...] lists, rounded to 0.01°
(about a kilometre, finer than the 1:110 million source), each ring's repeated closing point left out.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """Every arc of the topology as absolute (longitude, latitude) points (arcs are delta-encoded and quantized)."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring(indexes: list[int], arcs: list[list[tuple[float, float]]]) -> list[tuple[float, float]]:
    """A ring joined from arcs; a negative index ~i means arc i reversed; each arc's first point repeats the last."""
    points: list[tuple[float, float]] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def convert(topology: dict) -> dict:
    """The outline file's contents."""
    arcs = decode_arcs(topology)
    countries = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        polygons = {"Polygon": [geometry.get("arcs", [])], "MultiPolygon": geometry.get("arcs", [])}.get(
            geometry.get("type"), []
        )
        rings = []
        for polygon in polygons:
            for indexes in polygon:
                points = ring(indexes, arcs)[:-1]
                flat = [round(value, 2) for point in points for value in point]
                if len(flat) >= 6:
                    rings.append(flat)
        if rings:
            countries.append({"name": geometry.get("properties", {}).get("name", ""), "rings": rings})
    return {
        "source": "Natural Earth 1:110m Cultural Vectors, Admin 0 - Countries (public domain), "
        "via world-atlas 2.0.2 countries-110m.json (ISC)",
        "countries": countries,
    }


def main(source: str, target: str) -> None:
    data = convert(json.loads(Path(source).read_text()))
    Path(target).write_text(json.dumps(data, separators=(",", ":"), ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main(*sys.argv[1:3])
