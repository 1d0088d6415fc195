"""Feed health over HTTP: each fetch through a subscription noted in the app's one :class:`FetchRecorder`.

Noting a fetch adds it to an in-process buffer; a background thread writes the buffer every
``FETCH_FLUSH_SECONDS`` or once ``FETCH_BATCH`` fetches wait, and at exit (see :mod:`itinerary.subscriptions`).
"""

from __future__ import annotations

from flask import current_app, request

from itinerary import subscriptions
from itinerary.feeds import RenderedFeed
from itinerary.records import Subscription
from web.app import get_store

RECORDER_KEY = "itinerary.fetches"


def recorder() -> subscriptions.FetchRecorder:
    """The app's recorder of fetches, made on first use."""
    found = current_app.extensions.get(RECORDER_KEY)
    if found is None:
        config = current_app.config
        found = current_app.extensions.setdefault(
            RECORDER_KEY,
            subscriptions.FetchRecorder(
                get_store(), every=float(config["FETCH_FLUSH_SECONDS"]), batch=int(config["FETCH_BATCH"])
            ),
        )
    return found


def note(subscription: Subscription, feed: RenderedFeed) -> None:
    """Note a fetch of the subscription's feed (a 304 too: it has the copy it had); the old address has no record."""
    if subscription.id == subscriptions.OLD_ADDRESS or not current_app.config["RECORD_FETCHES"]:
        return
    family = subscriptions.client_family(request.headers.get("User-Agent"))
    recorder().record(subscription.id, family, get_store().now(), feed.last_modified)
