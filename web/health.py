"""The health route that load balancers and the CLI's tests call."""

from __future__ import annotations

from flask import Blueprint
from sqlalchemy.exc import SQLAlchemyError

from web.app import get_store

bp = Blueprint("health", __name__)
_TEXT = {"Content-Type": "text/plain; charset=utf-8"}


@bp.get("/healthz")
def healthz():
    """200 when the database answers and would take a write; 503 when it does not answer or only reads."""
    store = get_store()
    try:
        store.ping()
    except SQLAlchemyError:
        return "database unavailable\n", 503, _TEXT
    try:
        store.probe_write()
    except SQLAlchemyError:
        return "database refuses writes\n", 503, _TEXT
    return "ok\n", 200, _TEXT
