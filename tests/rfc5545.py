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


def thunderbird_event(uid: str, title: str, description: str, *, restricted: str | None = None) -> bytes:
    """One event at 07:00-07:30 on 8 June 2018 in Beijing, as Thunderbird writes it (CRLF, its PRODID).

    ``restricted`` is an extra line such as ``CLASS:CONFIDENTIAL`` or one of our own X- properties.
    """
    lines = [
        "BEGIN:VCALENDAR",
        "PRODID:-//Mozilla.org/NONSGML Mozilla Calendar V1.1//EN",
        "VERSION:2.0",
        "BEGIN:VEVENT",
        "CREATED:20180601T080000Z",
        "LAST-MODIFIED:20180601T080000Z",
        "DTSTAMP:20180601T080000Z",
        f"UID:{uid}",
        f"SUMMARY:{title}",
        *([restricted] if restricted else []),
        "DTSTART;TZID=Asia/Shanghai:20180608T070000",
        "DTEND;TZID=Asia/Shanghai:20180608T073000",
        f"DESCRIPTION:{description}",
        "END:VEVENT",
        "END:VCALENDAR",
        "",
    ]
    return "\r\n".join(lines).encode()
