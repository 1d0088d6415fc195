"""Storage: every table, the mapping to domain values, the repository and the unit of work.

Modules:

- ``tables``: every table of the database and the schema they make (``SCHEMA``);
- ``mapping``: rows to domain values and back;
- ``statements``: the statements built once for the reads made on every request;
- ``repository``: the SQL repository, which reads and writes domain values in one transaction;
- ``store``: the SQL store, the unit of work that opens and commits transactions and owns the clock.
"""

from itinerary.storage.mapping import FeedRow
from itinerary.storage.repository import Repository
from itinerary.storage.store import Store, utc_now
from itinerary.storage.tables import (
    SCHEMA,
    Base,
    ChangeRow,
    EditorRow,
    EventParticipantRow,
    EventRow,
    ItineraryRow,
    OutcomeRow,
    ParticipantRow,
    SessionRow,
    SignInFailureRow,
    UTCDateTime,
    VenueRow,
    VersionRow,
)

__all__ = [
    "SCHEMA",
    "Base",
    "ChangeRow",
    "EditorRow",
    "EventParticipantRow",
    "EventRow",
    "FeedRow",
    "ItineraryRow",
    "OutcomeRow",
    "ParticipantRow",
    "Repository",
    "SessionRow",
    "SignInFailureRow",
    "Store",
    "UTCDateTime",
    "VenueRow",
    "VersionRow",
    "utc_now",
]
