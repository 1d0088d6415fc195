"""The app as production serves it, plus one trivial route: the baseline the served feed is measured against.

Started by ``bench/run.py`` under gunicorn with ``ITINERARY_*`` variables
pointing at the bench database; never imported by the app itself.
"""

from __future__ import annotations

from web.app import create_app

app = create_app()


@app.get("/bench/trivial")
def trivial():
    """A route that does nothing: what the server, Flask and the network cost alone."""
    return b"ok", 200, {"Content-Type": "text/plain"}
