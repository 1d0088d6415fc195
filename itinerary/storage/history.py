"""The SQL change log and published versions (releases) of each itinerary."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

from itinerary.records import Change, Version
from itinerary.storage.tables import ChangeRow, VersionRow

_VERSIONS = (
    select(VersionRow.number, VersionRow.at, VersionRow.editor, VersionRow.note)
    .where(VersionRow.itinerary_id == bindparam("itinerary"))
    .order_by(VersionRow.number)
)


class ChangeLog:
    """The change log and the published versions, read and written in the repository's transaction."""

    def __init__(self, session: Session, itinerary_id):
        self.session = session
        self._itinerary_id = itinerary_id  # slug -> row id, ItineraryNotFound for an unknown slug

    def add(self, slug: str, change: Change) -> None:
        """Record one change entry."""
        self.session.add(
            ChangeRow(
                itinerary_id=self._itinerary_id(slug),
                at=change.at,
                editor=change.editor or "",
                event_uid=change.uid,
                event_title=change.title,
                action=change.action,
                fields={k: list(v) for k, v in change.fields.items()},
                visibility=change.visibility,
                reason=change.reason,
            )
        )

    def since(self, slug: str, since: datetime | None, limit: int) -> list[Change]:
        """The itinerary's entries after ``since`` (all without it), newest first, at most ``limit``."""
        query = select(ChangeRow).where(ChangeRow.itinerary_id == self._itinerary_id(slug))
        if since is not None:
            query = query.where(ChangeRow.at > since)
        rows = self.session.scalars(query.order_by(ChangeRow.at.desc(), ChangeRow.id.desc()).limit(limit))
        return [
            Change(
                row.at,
                row.editor,
                row.event_uid,
                row.event_title,
                row.action,
                {name: (pair[0], pair[1]) for name, pair in (row.fields or {}).items()},
                row.visibility,
                row.reason or "",
            )
            for row in rows
        ]

    def add_version(self, slug: str, at: datetime, editor: str, note: str, snapshot: dict) -> Version:
        """Publish the next numbered version holding ``snapshot``."""
        itinerary_id = self._itinerary_id(slug)
        latest = self.session.scalar(select(func.max(VersionRow.number)).where(VersionRow.itinerary_id == itinerary_id))
        row = VersionRow(
            itinerary_id=itinerary_id, number=(latest or 0) + 1, at=at, editor=editor, note=note, snapshot=snapshot
        )
        self.session.add(row)
        self.session.flush()
        return Version(row.number, row.at, row.editor, row.note)

    def versions(self, slug: str) -> list[Version]:
        """The itinerary's published versions, oldest first (their snapshots stay unread)."""
        rows = self.session.execute(_VERSIONS, {"itinerary": self._itinerary_id(slug)})
        return [Version(*row) for row in rows]

    def snapshots(self, slug: str, numbers: tuple[int, ...]) -> dict[int, tuple[Version, dict]]:
        """The versions with these numbers and their snapshots, by number (missing ones left out)."""
        rows = self.session.scalars(
            select(VersionRow).where(
                VersionRow.itinerary_id == self._itinerary_id(slug), VersionRow.number.in_(numbers)
            )
        )
        return {row.number: (Version(row.number, row.at, row.editor, row.note), row.snapshot) for row in rows}
