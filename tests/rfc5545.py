"""RFC 5545 helpers for tests: what a reader does with a value the parser hands over as written."""

from __future__ import annotations

import re


def unescape(raw: object) -> str:
    r"""TEXT unescaped (RFC 5545, 3.3.11), for properties such as NAME and X-WR-CALNAME that icalendar leaves escaped.

    >>> unescape("Visit\\, 2018\\; day\\none\\\\two")
    'Visit, 2018; day\none\\two'
    """
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m[1] in "nN" else m[1], str(raw))


def without_stamps(feed: bytes) -> bytes:
    r"""A feed's bytes without its DTSTAMP lines, for comparing two copies of one programme.

    DTSTAMP is when the copy's own feed last changed (itinerary.feeds), so a
    programme imported into a fresh itinerary keeps every other byte but not it.

    >>> without_stamps(b"UID:a\r\nDTSTAMP:20180604T090000Z\r\nSUMMARY:b\r\n")
    b'UID:a\r\nSUMMARY:b\r\n'
    """
    return b"".join(line for line in feed.splitlines(keepends=True) if not line.startswith(b"DTSTAMP:"))
