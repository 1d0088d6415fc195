"""The search page: one box on every page, results a reader may see, the words found marked."""

from __future__ import annotations

from flask import Blueprint, render_template, request

from itinerary import search
from web.auth import is_editor
from web.i18n import language
from web.shown import shown_store as get_store  # the state this request sees

bp = Blueprint("search", __name__)


@bp.get("/search")
def results():
    """What matches ``?q=``; restricted content only for a signed-in editor."""
    query = request.args.get("q", "")[: search.MAX_QUERY]
    found = search.search(get_store(), query, include_restricted=is_editor(), lang=language())
    return render_template("search.html", query=query, terms=search.terms(query), results=found)
