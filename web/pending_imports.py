"""Uploads refused in part, kept for the editor's second step ("import only the accepted events").

A refused file stays in a folder (the instance folder's ``pending-imports``) under its SHA-256 digest for a day
(every worker of one host sees it); the second step names it by the digest, so
the editor need not choose the file again, and it is removed once used.
"""

from __future__ import annotations

import hashlib
import os
import re
import time
from pathlib import Path

KEEP_SECONDS = 24 * 3600
_DIGEST_RE = re.compile(r"^[0-9a-f]{64}$")


def _folder(path: str) -> Path:
    return Path(path)


def keep(folder_path: str, slug: str, data: bytes) -> str:
    """Keep ``data`` for the itinerary ``slug``; return its digest. Files older than a day are removed."""
    folder = _folder(folder_path)
    folder.mkdir(parents=True, exist_ok=True)
    now = time.time()
    for old in folder.glob("*.ics"):
        if now - old.stat().st_mtime > KEEP_SECONDS:
            old.unlink(missing_ok=True)
    digest = hashlib.sha256(slug.encode() + b"\0" + data).hexdigest()
    path = folder / f"{digest}.ics"
    temporary = path.with_suffix(f".{os.getpid()}.tmp")
    temporary.write_bytes(data)
    temporary.replace(path)
    return digest


def take(folder_path: str, slug: str, digest: str | None) -> bytes | None:
    """The kept upload named by ``digest`` for ``slug`` (removed from the folder), or None if there is none."""
    if not digest or not _DIGEST_RE.match(digest):
        return None
    path = _folder(folder_path) / f"{digest}.ics"
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    if hashlib.sha256(slug.encode() + b"\0" + data).hexdigest() != digest:
        return None
    path.unlink(missing_ok=True)
    return data
