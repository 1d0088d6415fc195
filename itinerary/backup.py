"""A full backup of every itinerary in one file, and its restore.

The file is JSON: each itinerary's own fields beside its private calendar (our
iCalendar export, which carries every event field we model and imports back
without loss). Private feed tokens, the change log and published versions are
not part of it: tokens are secrets, and history belongs to the database that
made it.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import tempfile
from dataclasses import dataclass
from datetime import datetime

from itinerary import audiences, feeds, ical, imports, own_audiences, services, texts
from itinerary.errors import InvalidInput, NotFound
from itinerary.storage import Store

FORMAT = "itinerary-backup/1"
MAX_BACKUP_BYTES = 64 * 1024 * 1024


class InvalidBackup(InvalidInput):
    """A backup file that cannot be restored; nothing of it was stored."""

    def __init__(self, message: str):
        super().__init__("backup", message)


@dataclass(frozen=True, slots=True)
class Restored:
    """What restoring one itinerary did."""

    slug: str
    report: imports.ImportReport

    def __str__(self) -> str:
        return f"{self.slug}: {self.report}"


def dump(store: Store, settings: ical.FeedSettings) -> bytes:
    """Every itinerary, restricted events included, as one JSON document."""
    itineraries = []
    for itinerary in services.list_itineraries(store, include_restricted=True):
        # Every event in full, those that staff sees busy or not at all included.
        calendar = feeds.itinerary_feed(store, itinerary.slug, settings, audience=audiences.EVERYTHING).body.decode()
        events = services.list_events(store, itinerary.slug)
        itineraries.append(
            {
                "slug": itinerary.slug,
                "title": itinerary.title,
                "timezone": itinerary.timezone,
                "summary": itinerary.summary,
                "visibility": itinerary.visibility.value,
                "created": itinerary.created.isoformat(),
                "updated": itinerary.updated.isoformat(),
                "public_changed": itinerary.public_changed.isoformat(),
                "private_changed": itinerary.private_changed.isoformat(),
                "language": itinerary.language,
                "calendar": calendar,
                # What each audience sees and the public labels, which a calendar file does not say: for every
                # event (one without settings too, so that a restore puts its defaults back), and the
                # itinerary's own audiences that they may name.
                "audiences": {e.uid: {"access": [list(pair) for pair in e.access], "label": e.label} for e in events},
                "own_audiences": [
                    {"name": a.name, "label": a.label} for a in own_audiences.listed(store, itinerary.slug)
                ],
                # Each audience's feed stamp per language (itinerary.storage.views.refresh_languages), so that a
                # restored feed in every language is byte for byte the one backed up.
                "language_stamps": {
                    audience: {language: stamp.isoformat() for language, stamp in by_language.items()}
                    for audience, by_language in _language_stamps(store, itinerary.slug).items()
                },
            }
        )
    document = {"format": FORMAT, "uid_domain": settings.uid_domain, "itineraries": itineraries}
    document["translations"] = texts.all_texts(store)  # every text in another language than its itinerary's own
    return json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True).encode() + b"\n"


def _language_stamps(store: Store, slug: str) -> dict:
    with store.transaction() as repo:
        return repo.language_stamps(slug)


def write_file(path: str | os.PathLike, data: bytes) -> None:
    """Put ``data`` at ``path`` whole or not at all: an existing file there is replaced only once ``data`` is on disk.

    The bytes go to a temporary file in the same directory (so the rename cannot cross file systems), which is
    flushed, synced and renamed over ``path``; on any error the temporary file is removed and ``path`` is as it was.
    """
    path = os.fspath(path)
    directory = os.path.dirname(os.path.abspath(path))
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{os.path.basename(path)}.", suffix=".tmp", dir=directory)
    except OSError as error:
        raise OSError(error.errno, error.strerror, path) from None  # name the file asked for, not the temporary one
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        if os.path.exists(path):
            os.chmod(temporary, os.stat(path).st_mode & 0o7777)  # a replaced backup keeps its permissions
        os.replace(temporary, path)
    except BaseException as error:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        if isinstance(error, OSError):
            raise OSError(error.errno, error.strerror, path) from error
        raise
    try:  # make the rename itself durable
        directory_handle = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):  # some file systems cannot sync a directory; the data is synced already
            os.fsync(directory_handle)
    finally:
        os.close(directory_handle)


def restore(store: Store, data: bytes) -> list[Restored]:
    """Create or update every itinerary of a backup, in one transaction; on any error nothing is written."""
    document = _read(data)
    restored = []
    stamps = []
    try:
        with store.transaction() as repo:
            for entry in document["itineraries"]:
                slug = entry["slug"]
                fields = {name: entry[name] for name in ("title", "timezone", "summary", "visibility")}
                fields["language"] = entry.get("language", "en")  # backups made before languages: English
                try:
                    services.get_itinerary(store, slug)
                    new = False
                except NotFound:
                    new = True
                if new:
                    language = fields.pop("language")
                    # On purpose: a backup brings a deleted itinerary back under its slug.
                    services.create_itinerary(store, slug=slug, reuse_deleted=True, **fields)
                    services.update_itinerary(store, slug, language=language)
                else:
                    services.update_itinerary(store, slug, **fields)
                if "own_audiences" in entry:  # backups made before own audiences: the current ones stay
                    _restore_own_audiences(repo, slug, entry["own_audiences"])
                report = imports.import_ics(store, slug, entry["calendar"].encode(), uid_domain=document["uid_domain"])
                for uid, shown in entry.get("audiences", {}).items():
                    event = repo.event(slug, uid)  # as it was saved: its SEQUENCE and stamps stay
                    access = tuple(tuple(pair) for pair in shown["access"])
                    changed = dataclasses.replace(event, access=access, label=audiences.check_label(shown["label"]))
                    if changed != event:
                        repo.write_event(changed, now=event.updated)
                if new:
                    stamps.append(entry)
                restored.append(Restored(slug, report))
            # The texts in other languages once every event they name is there (backups before languages: none).
            texts.restore_texts(store, document.get("translations", []))
            for entry in stamps:
                # Restored whole into a database that never had it: keep its own stamps, so its
                # feed is byte for byte the one backed up.
                # Backups made before the feeds had stamps of their own: their feeds were stamped ``updated``.
                repo.restore_stamps(
                    entry["slug"],
                    created=datetime.fromisoformat(entry["created"]),
                    updated=datetime.fromisoformat(entry["updated"]),
                    public_changed=datetime.fromisoformat(entry.get("public_changed", entry["updated"])),
                    private_changed=datetime.fromisoformat(entry.get("private_changed", entry["updated"])),
                )
                if "language_stamps" in entry:  # backups made before per-language stamps: the audiences' stamps
                    repo.restore_language_stamps(
                        entry["slug"],
                        {
                            audience: {language: datetime.fromisoformat(stamp) for language, stamp in found.items()}
                            for audience, found in entry["language_stamps"].items()
                        },
                    )
    except (KeyError, TypeError, ValueError) as error:
        if isinstance(error, InvalidInput):
            raise InvalidBackup(str(error)) from None
        raise InvalidBackup(f"the backup is missing or garbles {error}") from None
    return restored


def _restore_own_audiences(repo, slug: str, wanted: list[dict]) -> None:
    """Make the itinerary's own audiences the backup's: added, relabelled, and the others removed (with what
    events said of them), except those a subscription uses, which stay (subscriptions are not in a backup)."""
    names = {}
    for audience in wanted:
        name, label = own_audiences.checked(audience["name"], audience["label"])
        names[name] = label
    current = {a.name: a.label for a in repo.audiences.list(slug)}
    used = {s.audience for s in repo.subscriptions.list(slug)}
    for name in sorted(current.keys() - names.keys() - used):
        own_audiences.remove_in(repo, slug, name)
    for name, label in sorted(names.items()):
        if name not in current:
            repo.audiences.add(slug, name, label)
        elif current[name] != label:
            repo.audiences.relabel(slug, name, label)


def _read(data: bytes) -> dict:
    if len(data) > MAX_BACKUP_BYTES:
        raise InvalidBackup(f"the file is larger than {MAX_BACKUP_BYTES // 1024 // 1024} MiB")
    try:
        document = json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InvalidBackup(f"not a backup file (not JSON: {error})") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise InvalidBackup(f"not a backup file of this service (expected format {FORMAT!r})")
    if not isinstance(document.get("itineraries"), list) or not isinstance(document.get("uid_domain"), str):
        raise InvalidBackup("the backup has no list of itineraries")
    return document
