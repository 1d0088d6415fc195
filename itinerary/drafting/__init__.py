"""Drafts from text: an announcement's programme proposed as events, nothing stored.

``propose(text, published, lang)`` reads an announcement (English, Russian or
Chinese) published on ``published`` and returns a :class:`Draft`: the visit's
span and places and one :class:`Proposal` per announced activity. Storing is a
separate step (:mod:`itinerary.drafting.accept`), through the usual services.
"""

from itinerary.drafting.model import Draft, Place, Proposal
from itinerary.drafting.reader import MAX_TEXT_CHARS, decode, detect_language, propose
from itinerary.drafting.rules import LANGUAGES

__all__ = ["LANGUAGES", "MAX_TEXT_CHARS", "Draft", "Place", "Proposal", "decode", "detect_language", "propose"]
