"""Time zones named in the page's language: one helper for the event and occurrence forms, the occurrence list
and the change log's sentences (it imports nothing of the web layer, so any of them may import it)."""

from __future__ import annotations

from flask_babel import get_locale

from itinerary import zones


def zone_words(key: str) -> str:
    """A zone as the page's language names it: ``Beijing``, ``Пекин``, ``北京`` (its city, as the pages say zones);
    a name that is not a zone as typed or recorded. (The IANA name stays where it is what is chosen or typed.)"""
    lang = str(get_locale() or "en").split("_")[0]
    if not key:
        return key
    try:
        return zones.city(key, lang)
    except (KeyError, ValueError):  # not a zone (typed or recorded otherwise): as it is
        return key
