"""Release notes in the page's language (issue 16): a note the service wrote itself ("published on save", "loaded
from seed.toml") said through the catalogs, from the template the domain reads it back as
(:func:`itinerary.releases.note_message`); an editor's note as typed, marked with the itinerary's language."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext

from itinerary import releases
from itinerary.errors import Message
from web import i18n
from web.domain_words import say


@dataclass(frozen=True, slots=True)
class ShownNote:
    """A release's note as a page shows it: its text, and the ``lang`` it is marked with ("" for none)."""

    text: str
    lang: str


def release_note(version, itinerary) -> ShownNote:
    """``version``'s note on a page in the page's language; an editor's note in ``itinerary``'s own language."""
    note = releases.note_message(version.note)
    if isinstance(note, Message):
        return ShownNote(say(note), "")
    return ShownNote(note, itinerary.language if itinerary.language != i18n.language() else "")


# The notes the service writes (itinerary/releases.py), for the catalogs.
KNOWN = (
    lazy_gettext("published on save"),
    lazy_gettext("published on save from now on"),
    lazy_gettext("the state before releases existed"),
    lazy_gettext("loaded from %(file)s"),
)
