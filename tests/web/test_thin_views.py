"""Routes stay thin: every view in web/ parses the request, calls a service or builds a view model, and renders."""

from __future__ import annotations

import ast
import inspect
import textwrap

MAX_LINES = 15


def view_lines(app) -> dict[str, int]:
    """Each view function by endpoint, with its length from ``def`` to its last line (docstring too)."""
    found = {}
    for endpoint, view in app.view_functions.items():
        function = inspect.unwrap(view)
        if function.__module__.startswith("flask."):
            continue  # Flask's own view of static files
        node = ast.parse(textwrap.dedent(inspect.getsource(function))).body[0]
        found[endpoint] = node.end_lineno - node.lineno + 1
    return found


def test_views_are_at_most_15_lines(app):
    lines = view_lines(app)
    assert {function.__module__ for function in app.view_functions.values()} >= {"web.pages", "web.feeds"}
    assert {"pages.itinerary", "editing.edit_event", "auth.sign_in", "feeds.itinerary_feed"} <= set(lines)
    assert {endpoint: count for endpoint, count in lines.items() if count > MAX_LINES} == {}


def test_view_lines_count_from_def_to_the_last_line(app):
    def view():
        """One."""
        return 1

    app.add_url_rule("/test-view", "test_view", view)
    assert view_lines(app)["test_view"] == 3
