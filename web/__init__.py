"""The Flask web layer: the app factory and its blueprints."""

from web.app import create_app

__all__ = ["create_app"]
