"""What a request asks for, read at the edge: query values and address parts turned into plain values.

Each parser takes the query (``request.args``, or any mapping of names to text) and gives a plain value, or
:class:`~itinerary.errors.InvalidInput` naming the parameter. Routes call these and pass what they give on;
nothing below a route reads the request.
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from itinerary.errors import InvalidInput, Message, NotFound, Typed
from itinerary.model import MAX_YEAR, MIN_YEAR, YEARS_MESSAGE, delegation_key, occurrence_key, zone


def text(args: Mapping[str, str], name: str) -> str:
    """The parameter's text without surrounding spaces; empty when it is missing."""
    return args.get(name, "").strip()


def reader_zone(args: Mapping[str, str], home: str) -> str | None:
    """``?tz=``, checked; None when none or the home zone ``home`` was asked for."""
    name = text(args, "tz")
    if not name or name == home:
        return None
    return zone(name, "tz").key


def since(args: Mapping[str, str], home: str) -> datetime | None:
    """``?since=``: a date (from midnight in the zone ``home``) or an instant such as 2018-06-04T09:00:00Z."""
    given = text(args, "since")
    if not given:
        return None
    try:
        if len(given) == 10:
            value = datetime.combine(date.fromisoformat(given), time(), ZoneInfo(home))
        else:
            value = datetime.fromisoformat(given)
    except ValueError:
        value = None
    if value is None or value.tzinfo is None:
        raise InvalidInput(
            "since", Message("%(text)s is not a date; write it as YYYY-MM-DD, e.g. 2018-06-04", text=Typed(given, 40))
        )
    if not MIN_YEAR <= value.year <= MAX_YEAR:  # year 1 or 9999 overflow once turned into UTC
        raise InvalidInput("since", YEARS_MESSAGE)
    return value


def first_day(args: Mapping[str, str]) -> date | None:
    """``?from=YYYY-MM-DD``: the first day of a long programme to show; None when not given."""
    given = text(args, "from")
    if not given:
        return None
    asked = None
    with contextlib.suppress(ValueError):
        asked = date.fromisoformat(given) if len(given) == 10 else None
    if asked is None:
        raise InvalidInput(
            "from", Message("%(text)s is not a date; write it as YYYY-MM-DD, e.g. 2018-06-08", text=Typed(given, 40))
        )
    return asked


def versions(args: Mapping[str, str]) -> tuple[int, int]:
    """``?from=1&to=3``: two release numbers in either order, earlier first (``?from=3&to=1`` compares the same)."""
    numbers = {}
    for name in ("from", "to"):
        given = text(args, name)
        if not (given.isascii() and given.isdigit()) or len(given) > 9 or int(given) < 1:  # "²".isdigit()
            raise InvalidInput(
                name, Message("%(text)s is not a version number; write a whole number such as 1", text=Typed(given, 20))
            )
        numbers[name] = int(given)
    older, newer = sorted((numbers["from"], numbers["to"]))
    return older, newer


def occurrence_id(value: date | datetime) -> str:
    """An occurrence's original start as it appears in an address: ``20180608T020000Z`` or ``20180608``.

    >>> occurrence_id(datetime(2018, 6, 8, 10, tzinfo=ZoneInfo("Asia/Shanghai"))), occurrence_id(date(2018, 6, 8))
    ('20180608T020000Z', '20180608')
    """
    key = occurrence_key(value)
    return f"{key:%Y%m%dT%H%M%SZ}" if isinstance(key, datetime) else f"{key:%Y%m%d}"


def parse_occurrence_id(given: str) -> date | datetime:
    """The original start named by :func:`occurrence_id`; "not found" for anything else."""
    try:
        if len(given) == 8 and given.isdigit():
            return datetime.strptime(given, "%Y%m%d").date()
        if len(given) == 16:
            return datetime.strptime(given, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    except ValueError:
        pass
    raise NotFound(
        Message(
            "occurrence: there is no occurrence %(given)s; follow a link from the event's page", given=Typed(given, 40)
        )
    )


ZONE_COOKIE = "tz"  # the zone a reader chose with ?tz=, kept for every page of the site


def chosen_zone(args: Mapping[str, str], cookies: Mapping[str, str]) -> str | None:
    """The zone the reader chose: ``?tz=`` (checked) when the query has it, an empty one choosing none; else the
    zone kept in their cookie, quietly forgotten when it is no zone (any more)."""
    if "tz" in args:
        name = text(args, "tz")
        return zone(name, "tz").key if name else None
    remembered = cookies.get(ZONE_COOKIE, "")
    with contextlib.suppress(InvalidInput):
        return zone(remembered, "tz").key if remembered else None
    return None


def participant(args: Mapping[str, str]) -> str | None:
    """``?participant=``: the key of the one participant whose programme to show; None for everyone's."""
    return text(args, "participant") or None


def delegation(args: Mapping[str, str]) -> str | None:
    """``?delegation=``: the delegation whose programme to show, as its :func:`~itinerary.model.delegation_key`
    (any case and spacing of its name is read the same); None for everyone's."""
    given = text(args, "delegation")
    if len(given) > MAX_DELEGATION:
        raise InvalidInput("delegation", "is too long")
    found = delegation_key(given)
    if given and not found:
        raise InvalidInput(
            "delegation", Message("%(text)s is not a delegation's name; write it as in 'russia'", text=Typed(given, 40))
        )
    return found or None


MAX_DELEGATION = 200
