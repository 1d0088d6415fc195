"""The audiences an itinerary's editors add to the built-in ones (public, press, delegation, staff).

An audience of the itinerary's own ("interpreters", "security") has a name, the key events and
subscriptions use (1 to 40 lower-case letters, digits and hyphens, never a built-in one's), and a label
that editors read ("Interpreters"). It sees an event as the event says for it, and by default as the
delegations' defaults say: everything of a public event, nothing of a restricted one (see
:func:`itinerary.audiences.default`). Renaming changes the label only: the name that events and
subscriptions were given stays. An audience a subscription uses cannot be removed (:class:`InUse` names the
subscriptions); removed, it takes along what the events of the draft and of the release said of it, so
that an audience added again under the same name starts from the defaults.

Only the draft itinerary has the list: a release's events keep the audience's name in their entries,
which is all a reader (a subscription of the audience) needs.
"""

from __future__ import annotations

from itinerary import audiences
from itinerary.errors import InUse, InvalidEvent, InvalidInput, Message
from itinerary.model import CONTROL_MESSAGE, has_control
from itinerary.records import ExtraAudience

MAX_LABEL = 100
MAX_OWN = 20  # audiences of its own per itinerary: a form offers each of them on every event


def _name(name: object) -> str:
    try:
        name = audiences.check_audience(name.strip() if isinstance(name, str) else name)
    except InvalidEvent:
        raise InvalidInput("name", "an audience is named with 1 to 40 lower-case letters, digits and hyphens") from None
    if name in audiences.AUDIENCES or name == audiences.EVERYTHING:
        raise InvalidInput("name", Message("“%(name)s” is a built-in audience; choose another name", name=name))
    return name


def _label(label: object) -> str:
    if not isinstance(label, str) or not label.strip():
        raise InvalidInput("label", "must not be empty")
    label = label.strip()
    if len(label) > MAX_LABEL:
        raise InvalidInput("label", Message("must be at most %(most)s characters", most=MAX_LABEL))
    if has_control(label):
        raise InvalidInput("label", CONTROL_MESSAGE)
    return label


def listed(store, slug: str) -> list[ExtraAudience]:
    """The itinerary's own audiences, by name."""
    with store.transaction(release=False) as repo:
        return repo.audiences.list(slug)


def names(store, slug: str) -> tuple[str, ...]:
    """Every audience of the itinerary: the built-in ones, then its own by name."""
    return audiences.AUDIENCES + tuple(a.name for a in listed(store, slug))


def checked(name: object, label: object) -> tuple[str, str]:
    """The audience's name and label as stored, or :class:`InvalidInput` naming the field."""
    return _name(name), _label(label)


def add(store, slug: str, *, name: str, label: str) -> ExtraAudience:
    """Add an audience of the itinerary's own; its name must be new among the itinerary's."""
    name, label = checked(name, label)
    with store.transaction() as repo:
        if len(repo.audiences.list(slug)) >= MAX_OWN:
            raise InvalidInput("name", Message("an itinerary has at most %(most)s audiences of its own", most=MAX_OWN))
        return repo.audiences.add(slug, name, label)


def relabel(store, slug: str, name: str, label: str) -> ExtraAudience:
    """Give the audience a new label; its name (which events and subscriptions use) stays."""
    label = _label(label)
    with store.transaction() as repo:
        return repo.audiences.relabel(slug, name, label)


def remove(store, slug: str, name: str) -> None:
    """Remove the audience, or :class:`InUse` naming the subscriptions that use it (nothing is changed)."""
    with store.transaction() as repo:
        users = tuple(s.name for s in repo.subscriptions.list(slug) if s.audience == name)
        if users:
            raise InUse(f"audience: {name!r} is used by the subscriptions {', '.join(users)}", users)
        remove_in(repo, slug, name)


def remove_in(repo, slug: str, name: str) -> None:
    """Remove the audience in ``repo``'s transaction, with what the events of the draft and of the release
    said of it: an audience added again later under the same name starts from the defaults."""
    repo.audiences.delete(slug, name)
