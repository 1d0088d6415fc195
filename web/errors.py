"""Domain errors turned into HTTP answers, at the edge only."""

from __future__ import annotations

from flask import Flask

from itinerary.errors import AlreadyExists, InvalidInput, NotFound

_TEXT = {"Content-Type": "text/plain; charset=utf-8"}


def init_app(app: Flask) -> None:
    """Register the handlers that map domain errors to 404, 400 and 409."""
    app.register_error_handler(NotFound, lambda error: (f"Not found: {error}\n", 404, _TEXT))
    app.register_error_handler(InvalidInput, lambda error: (f"Bad request: {error}\n", 400, _TEXT))
    app.register_error_handler(AlreadyExists, lambda error: (f"Conflict: {error}\n", 409, _TEXT))
