"""A reader's last visit to an itinerary, kept in a cookie (no state on the server).

One cookie per itinerary, scoped to its address, holds two instants in whole
seconds since the epoch: when the reader's previous visit ended and when they
last looked (``1528102800.1528106400``). Looks less than :data:`SAME_VISIT`
apart are one visit, so reloading the page does not move "your last visit" to
a moment ago. The cookie is not signed: it holds nothing secret, and a forged
value only changes which changes its owner is offered.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

SAME_VISIT = timedelta(hours=1)
MAX_AGE = 400 * 24 * 3600  # the most browsers keep a cookie
_EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class Visits:
    """The previous visit (None on a first visit) and the latest look."""

    previous: datetime | None
    latest: datetime

    def value(self) -> str:
        """The cookie value."""
        previous = int(self.previous.timestamp()) if self.previous else 0
        return f"{previous}.{int(self.latest.timestamp())}"


def cookie_name(slug: str) -> str:
    """``last-visit-china-state-visit-2018``."""
    return f"last-visit-{slug}"


def read(value: str | None, now: datetime) -> Visits | None:
    """The visits in a cookie value, or None when it is missing or not one of ours.

    >>> read("1528102800.1528106400", datetime(2018, 6, 5, tzinfo=UTC)).previous.isoformat()
    '2018-06-04T09:00:00+00:00'
    >>> read("bogus", datetime(2018, 6, 5, tzinfo=UTC)) is None
    True
    """
    previous, dot, latest = (value or "").partition(".")
    if not dot or not previous.isdigit() or not latest.isdigit() or len(previous) > 12 or len(latest) > 12:
        return None
    first = datetime.fromtimestamp(int(previous), UTC) if int(previous) else None
    last = datetime.fromtimestamp(int(latest), UTC)
    if not _EARLIEST <= last <= now or (first is not None and not _EARLIEST <= first <= last):
        return None
    return Visits(first, last)


def look(visits: Visits | None, now: datetime) -> Visits:
    """The visits after a look at ``now``: a new visit starts after :data:`SAME_VISIT` without a look."""
    if visits is None:
        return Visits(None, now)
    if now - visits.latest >= SAME_VISIT:
        return Visits(visits.latest, now)
    return Visits(visits.previous, now)
