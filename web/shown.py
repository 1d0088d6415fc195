"""Which state of an itinerary a request sees: the one function every reader's surface asks.

A signed-in editor's pages show the draft (what editors work on); everyone else's pages, and every feed
whoever fetches it, show the latest published release (see :mod:`itinerary.releases`).
"""

from __future__ import annotations

from itinerary.storage import ReleasedStore, Store
from web.app import get_store
from web.auth import is_editor


def shown_store() -> Store | ReleasedStore:
    """The store as this request sees it: the drafts for a signed-in editor, the latest releases otherwise."""
    store = get_store()
    return store if is_editor() else store.released()


def released_store() -> ReleasedStore:
    """The latest releases, whoever asks: what feeds show (a subscribed calendar never sees a draft)."""
    return get_store().released()
