"""Release notes in the page's language (issue 16): a note the service wrote itself ("published on save", "loaded
from seed.toml") said through the catalogs, from the template the domain reads it back as
(:func:`itinerary.releases.note_message`); an editor's note as typed, marked with the itinerary's language."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext, lazy_gettext

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


def feed_summary(version, itinerary) -> tuple[str, str]:
    """``version``'s summary in the releases feed, in the page's language (as :func:`release_note` says it), and
    the language it is in where that is another ("" else); "Release 2 of …" where it has no note."""
    if not version.note:
        return gettext("Release %(number)s of %(title)s.", number=version.number, title=itinerary.title), ""
    note = release_note(version, itinerary)
    return str(note.text), note.lang


# The notes the service writes (itinerary/releases.py), for the catalogs.
KNOWN = (
    lazy_gettext("published on save"),
    lazy_gettext("published on save from now on"),
    lazy_gettext("the state before releases existed"),
    lazy_gettext("loaded from %(file)s"),
)
