"""Helpers to fill and send forms as a browser would, CSRF token included."""

from __future__ import annotations

import io

from tests.web.html import form_values, parse

# A new event the seed's programme has room for: the new-event form's fields, filled in as an editor would.
GOOD_EVENT = {
    "title": "Courtesy call",
    "kind": "meeting",
    "start_date": "2018-06-08",
    "start_time": "17:00",
    "end_time": "17:30",
    "venue": "great-hall-of-the-people",
}


def csrf_token(client, url: str = "/sign-in") -> str:
    """A CSRF token of ``client``'s session, read from a form page."""
    return parse(client.get(url).data).select("input[name=csrf_token]")[0].get("value")


def sign_in(client, username: str, password: str, next_url: str | None = None):
    """Send the sign-in form."""
    url = "/sign-in" + (f"?next={next_url}" if next_url else "")
    return client.post(url, data={"csrf_token": csrf_token(client), "username": username, "password": password})


def form_on(client, url: str, selector: str = "main form.form") -> dict:
    """The values a browser would send from the form at ``url`` without changing anything."""
    response = client.get(url)
    assert response.status_code == 200, response.text
    return form_values(parse(response.data).one(selector))


def submit(client, url: str, changes: dict | None = None, selector: str = "main form.form", **kwargs):
    """Load the form at ``url``, apply ``changes`` (None removes a field) and post it."""
    values = form_on(client, url, selector)
    for name, value in (changes or {}).items():
        if value is None:
            values.pop(name, None)
        else:
            values[name] = value
    return client.post(url, data=values, **kwargs)


def upload_in_memory(client, url: str, content: bytes, filename: str = "big.ics"):
    """Post the import form at ``url`` with ``content`` as its file, the multipart body encoded in memory.

    The test client would spool a large body to a file it never closes.
    """
    from werkzeug.datastructures import FileStorage
    from werkzeug.test import encode_multipart

    fields = {"csrf_token": csrf_token(client, url), "file": FileStorage(io.BytesIO(content), filename)}
    boundary, body = encode_multipart(fields)
    return client.post(url, data=body, content_type=f"multipart/form-data; boundary={boundary}")


def snapshot(store) -> tuple:
    """Everything stored that a form could change, to compare before and after a refusal."""
    from itinerary import services, subscriptions

    itineraries = services.list_itineraries(store, include_restricted=True)
    return (
        itineraries,
        {i.slug: services.list_events(store, i.slug) for i in itineraries},
        {i.slug: services.feed_token(store, i.slug) for i in itineraries},
        services.list_venues(store),
        services.list_participants(store),
        {i.slug: subscriptions.listed(store, i.slug) for i in itineraries},
    )
