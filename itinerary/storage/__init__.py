"""Storage: every table, the mapping to domain values, the repository and the unit of work.

Modules:

- ``tables``: every table of the database and the schema they make (``SCHEMA``);
- ``mapping``: rows to domain values and back;
- ``statements``: the statements built once for the reads made on every request;
- ``repository``: the SQL repository, which reads and writes domain values in one transaction;
- ``store``: the SQL store, the unit of work that opens and commits transactions and owns the clock;
- ``history``, ``accounts``, ``throttle``: the SQL repositories of the change log and versions, of editor
  accounts and sessions, of the sign-in counters (``repo.changes``, ``repo.accounts``, ``repo.throttle``);
- ``memory``: the same interface in memory (``MemoryStore``), for the service tests;
- ``interface``: that interface written down as protocols (``UnitOfWork``, ``Repository``…).
"""

from itinerary.storage.mapping import EVENT_COLUMNS, FeedRow, event_columns
from itinerary.storage.memory import MemoryReleased, MemoryRepository, MemoryStore
from itinerary.storage.repository import Repository
from itinerary.storage.store import ReleasedStore, Store, utc_now
from itinerary.storage.tables import (
    SCHEMA,
    Base,
    ChangeRow,
    EditorRow,
    EventAudienceRow,
    EventBlockRow,
    EventLabelRow,
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
    "EVENT_COLUMNS",
    "SCHEMA",
    "Base",
    "ChangeRow",
    "EditorRow",
    "EventAudienceRow",
    "EventBlockRow",
    "EventLabelRow",
    "EventParticipantRow",
    "EventRow",
    "FeedRow",
    "ItineraryRow",
    "MemoryReleased",
    "MemoryRepository",
    "MemoryStore",
    "OutcomeRow",
    "ParticipantRow",
    "ReleasedStore",
    "Repository",
    "SessionRow",
    "SignInFailureRow",
    "Store",
    "UTCDateTime",
    "VenueRow",
    "VersionRow",
    "event_columns",
    "utc_now",
]
