"""RFC 5545 helpers for tests: what a reader does with a value the parser hands over as written."""

from __future__ import annotations

import re


def unescape(raw: object) -> str:
    r"""TEXT unescaped (RFC 5545, 3.3.11), for properties such as NAME and X-WR-CALNAME that icalendar leaves escaped.

    >>> unescape("Visit\\, 2018\\; day\\none\\\\two")
    'Visit, 2018; day\none\\two'
    """
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m[1] in "nN" else m[1], str(raw))
