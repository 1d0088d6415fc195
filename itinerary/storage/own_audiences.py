"""The SQL table of the audiences an itinerary's editors added to the built-in ones."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session

from itinerary.errors import AlreadyExists, NotFound
from itinerary.records import ExtraAudience
from itinerary.storage.tables import EventAudienceRow, EventRow, ItineraryAudienceRow, ItineraryRow


class OwnAudiences:
    """The draft itineraries' own audiences (``repo.audiences``), in the repository's transaction."""

    def __init__(self, session: Session, draft_id: Callable[[str], int]):
        self.session = session
        self._draft_id = draft_id

    def _row(self, slug: str, name: str) -> ItineraryAudienceRow | None:
        return self.session.get(ItineraryAudienceRow, (self._draft_id(slug), name))

    def list(self, slug: str) -> list[ExtraAudience]:
        """The itinerary's own audiences, by name."""
        rows = self.session.scalars(
            select(ItineraryAudienceRow)
            .where(ItineraryAudienceRow.itinerary_id == self._draft_id(slug))
            .order_by(ItineraryAudienceRow.name)
        )
        return [ExtraAudience(slug, row.name, row.label) for row in rows]

    def add(self, slug: str, name: str, label: str) -> ExtraAudience:
        """A new audience of the itinerary; its name must be new among the itinerary's."""
        if self._row(slug, name) is not None:
            raise AlreadyExists(f"name: {slug!r} has an audience called {name!r} already")
        self.session.add(ItineraryAudienceRow(itinerary_id=self._draft_id(slug), name=name, label=label))
        self.session.flush()
        return ExtraAudience(slug, name, label)

    def relabel(self, slug: str, name: str, label: str) -> ExtraAudience:
        """Give the audience a new label (its name, which events and subscriptions use, stays)."""
        row = self._row(slug, name)
        if row is None:
            raise NotFound(f"audience: {slug!r} has no audience {name!r}")
        row.label = label
        self.session.flush()
        return ExtraAudience(slug, name, label)

    def delete(self, slug: str, name: str) -> None:
        """Remove the audience with what the events of the draft and of its release said of it, or NotFound."""
        row = self._row(slug, name)
        if row is None:
            raise NotFound(f"audience: {slug!r} has no audience {name!r}")
        draft = self._draft_id(slug)
        stages = select(ItineraryRow.id).where(or_(ItineraryRow.id == draft, ItineraryRow.release_of == draft))
        events = select(EventRow.id).where(EventRow.itinerary_id.in_(stages))
        self.session.execute(
            delete(EventAudienceRow)
            .where(EventAudienceRow.audience == name, EventAudienceRow.event_id.in_(events))
            .execution_options(synchronize_session="fetch")
        )
        self.session.delete(row)
        self.session.flush()
