"""The SQL subscriptions of itineraries and their feed health (fetches by client family)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from itinerary.errors import AlreadyExists, NotFound
from itinerary.records import Fetches, Subscription
from itinerary.storage.tables import ItineraryRow, SubscriptionFetchRow, SubscriptionRow


def _subscription(row: SubscriptionRow, slug: str) -> Subscription:
    return Subscription(row.id, slug, row.name, row.audience, row.created, row.paused)


def _fetches(row: SubscriptionFetchRow) -> Fetches:
    return Fetches(row.subscription_id, row.family, row.count, row.first, row.last, row.copy_changed)


class Subscriptions:
    """Subscriptions (by the SHA-256 of their token) of the draft itineraries, in the repository's transaction."""

    def __init__(self, session: Session, draft_id: Callable[[str], int]):
        self.session = session
        self._draft_id = draft_id

    def _row(self, slug: str, subscription_id: int) -> SubscriptionRow:
        row = self.session.get(SubscriptionRow, subscription_id) if isinstance(subscription_id, int) else None
        if row is None or row.itinerary_id != self._draft_id(slug):
            raise NotFound(f"subscription: {slug!r} has no subscription {subscription_id!r}")
        return row

    def add(self, slug: str, *, name: str, audience: str, digest: str, now: datetime) -> Subscription:
        """A new subscription; its name must be new among the itinerary's."""
        itinerary_id = self._draft_id(slug)
        taken = select(SubscriptionRow.id).where(
            SubscriptionRow.itinerary_id == itinerary_id, SubscriptionRow.name == name
        )
        if self.session.scalar(taken) is not None:
            raise AlreadyExists(f"name: {slug!r} has a subscription called {name!r} already")
        row = SubscriptionRow(itinerary_id=itinerary_id, name=name, audience=audience, token_digest=digest, created=now)
        row.paused = False
        self.session.add(row)
        self.session.flush()
        return _subscription(row, slug)

    def list(self, slug: str) -> list[Subscription]:
        """The itinerary's subscriptions, oldest first."""
        rows = self.session.scalars(
            select(SubscriptionRow)
            .where(SubscriptionRow.itinerary_id == self._draft_id(slug))
            .order_by(SubscriptionRow.id)
        )
        return [_subscription(row, slug) for row in rows]

    def get(self, slug: str, subscription_id: int) -> Subscription:
        """The itinerary's subscription with this id, or NotFound."""
        return _subscription(self._row(slug, subscription_id), slug)

    def by_digest(self, digest: str) -> Subscription | None:
        """The subscription whose token has this SHA-256 digest (paused or not), or None."""
        found = self.session.execute(
            select(SubscriptionRow, ItineraryRow.slug)
            .join(ItineraryRow, ItineraryRow.id == SubscriptionRow.itinerary_id)
            .where(SubscriptionRow.token_digest == digest)
        ).first()
        return None if found is None else _subscription(found[0], found[1])

    def update(
        self, slug: str, subscription_id: int, *, name: str | None = None, paused: bool | None = None
    ) -> Subscription:
        """Rename, pause or resume the subscription."""
        row = self._row(slug, subscription_id)
        if name is not None and name != row.name:
            taken = select(SubscriptionRow.id).where(
                SubscriptionRow.itinerary_id == row.itinerary_id, SubscriptionRow.name == name
            )
            if self.session.scalar(taken) is not None:
                raise AlreadyExists(f"name: {slug!r} has a subscription called {name!r} already")
            row.name = name
        if paused is not None:
            row.paused = paused
        self.session.flush()
        return _subscription(row, slug)

    def delete(self, slug: str, subscription_id: int) -> None:
        """Revoke the subscription: its row and its fetch record go."""
        row = self._row(slug, subscription_id)
        self.session.execute(delete(SubscriptionFetchRow).where(SubscriptionFetchRow.subscription_id == row.id))
        self.session.delete(row)
        self.session.flush()

    def record(self, batch: Sequence[Fetches]) -> int:
        """Add a batch of fetches (one per subscription and family) to the record; how many were kept.

        Fetches of a subscription revoked since are dropped.
        """
        ids = {f.subscription_id for f in batch}
        known = (
            set(self.session.scalars(select(SubscriptionRow.id).where(SubscriptionRow.id.in_(ids)))) if ids else set()
        )
        rows = {
            (row.subscription_id, row.family): row
            for row in self.session.scalars(
                select(SubscriptionFetchRow).where(SubscriptionFetchRow.subscription_id.in_(known))
            )
        }
        kept = 0
        for fetches in batch:
            if fetches.subscription_id not in known:
                continue
            kept += 1
            row = rows.get((fetches.subscription_id, fetches.family))
            if row is None:
                row = rows[(fetches.subscription_id, fetches.family)] = SubscriptionFetchRow(
                    subscription_id=fetches.subscription_id, family=fetches.family, count=0, first=fetches.first
                )
                row.last, row.copy_changed = fetches.last, fetches.copy_changed
                self.session.add(row)
            now = _fetches(row).merged(fetches) if row.count else fetches
            row.count, row.first, row.last, row.copy_changed = now.count, now.first, now.last, now.copy_changed
        self.session.flush()
        return kept

    def fetches(self, slug: str) -> list[Fetches]:
        """The fetch record of every subscription of the itinerary, by subscription and family."""
        rows = self.session.scalars(
            select(SubscriptionFetchRow)
            .join(SubscriptionRow, SubscriptionRow.id == SubscriptionFetchRow.subscription_id)
            .where(SubscriptionRow.itinerary_id == self._draft_id(slug))
            .order_by(SubscriptionFetchRow.subscription_id, SubscriptionFetchRow.family)
        )
        return [_fetches(row) for row in rows]
