"""Time zones as people say them: "Beijing (UTC+8)", never "Asia/Shanghai", and one programme row in up to three.

Names come from Babel's copy of the Unicode CLDR (its exemplar city of each zone), so they follow the
reader's language once pages have one. Every row of a programme shows its time in the home zone; where the
venue's zone differs, the local time there too; and in the zone the reader chose, when they chose one.
Plain functions over aware datetimes: no Flask, no clock.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from babel.dates import get_timezone_location

# Zones that people name after another city than CLDR's exemplar: China's one zone is "Beijing time"
# (北京时间, "пекинское время"), though CLDR names it after Shanghai.
SAID_AS = {"Asia/Shanghai": "Beijing"}
SAID_AS_IN = {"en": SAID_AS, "ru": {"Asia/Shanghai": "Пекин"}, "zh": {"Asia/Shanghai": "北京"}}
# A zone's offset in the language's own brackets ("北京（UTC+8）"); inside brackets already open, after a comma
# instead, never one pair inside the other ("10:00（北京，UTC+8）").
BRACKETED = {"zh": "{name}（{offset}）"}
INSIDE = {"zh": "{name}，{offset}"}
UNIVERSAL = {"UTC", "Etc/UTC", "Etc/UCT", "Etc/Universal", "Etc/Zulu", "UCT", "Universal", "Zulu", "GMT", "Etc/GMT"}


@lru_cache(maxsize=512)
def city(key: str, locale: str = "en") -> str:
    """The name people give the zone ``key``: its city (or country, for a one-zone country).

    >>> city("Asia/Shanghai"), city("Europe/Moscow"), city("Asia/Irkutsk"), city("America/New_York"), city("UTC")
    ('Beijing', 'Moscow', 'Irkutsk', 'New York', 'UTC')
    """
    if key in UNIVERSAL:
        return "UTC"
    said = SAID_AS_IN.get(locale, {})
    if key in said:
        return said[key]
    return get_timezone_location(ZoneInfo(key), locale=locale, return_city=True)


def offset(at: datetime) -> str:
    """The UTC offset of the aware ``at``, as short as it reads: ``UTC+8``, ``UTC-4``, ``UTC+5:30``, ``UTC``.

    >>> offset(datetime(2018, 6, 8, 10, tzinfo=ZoneInfo("Asia/Shanghai")))
    'UTC+8'
    >>> offset(datetime(2018, 6, 8, 10, tzinfo=ZoneInfo("Asia/Kathmandu")))
    'UTC+5:45'
    >>> offset(datetime(2018, 1, 8, 10, tzinfo=ZoneInfo("America/St_Johns")))
    'UTC-3:30'
    """
    minutes = round(at.utcoffset().total_seconds() // 60)
    if minutes == 0:
        return "UTC"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{'+' if minutes > 0 else '-'}{hours}{f':{rest:02}' if rest else ''}"


def label(key: str, at: datetime, locale: str = "en") -> str:
    """The zone ``key`` named with its offset at the instant ``at``: ``Beijing (UTC+8)``, ``Berlin (UTC+1)``.

    >>> label("Europe/Berlin", datetime(2024, 3, 31, 0, 30, tzinfo=ZoneInfo("UTC")))
    'Berlin (UTC+1)'
    >>> label("Europe/Berlin", datetime(2024, 3, 31, 1, 30, tzinfo=ZoneInfo("UTC")))
    'Berlin (UTC+2)'
    >>> label("UTC", datetime(2024, 3, 31, tzinfo=ZoneInfo("UTC")))
    'UTC'
    >>> label("Asia/Shanghai", datetime(2018, 6, 8, tzinfo=ZoneInfo("UTC")), "zh")
    '北京（UTC+8）'
    """
    name = city(key, locale)
    shown = offset(at.astimezone(ZoneInfo(key)))
    return name if name == shown else BRACKETED.get(locale, "{name} ({offset})").format(name=name, offset=shown)


def label_inside(key: str, at: datetime, locale: str = "en") -> str:
    """The zone ``key`` with its offset at ``at`` as it reads inside brackets already open: ``Beijing, UTC+8``.

    >>> label_inside("Asia/Shanghai", datetime(2018, 6, 8, tzinfo=ZoneInfo("UTC")), "zh")
    '北京，UTC+8'
    """
    name = city(key, locale)
    shown = offset(at.astimezone(ZoneInfo(key)))
    return name if name == shown else INSIDE.get(locale, "{name}, {offset}").format(name=name, offset=shown)


@dataclass(frozen=True, slots=True)
class ZoneTime:
    """One row's times in one zone.

    ``role`` says why the zone is shown: ``home`` (the programme's), ``venue`` (local time where it happens) or
    ``reader`` (the zone the reader chose). ``other_day`` is the local date of the start where it is not the
    day the row is listed under (in the home zone); ``ends_on`` the local date of the end where it is not the
    start's. ``chosen``: the reader chose this zone (it may also be the venue's).
    """

    role: str
    zone: str
    label: str
    start: datetime
    end: datetime
    other_day: date | None
    ends_on: date | None
    chosen: bool = False


def row_times(
    start: datetime, end: datetime, home: str, venue: str | None = None, reader: str | None = None, locale: str = "en"
) -> tuple[ZoneTime, ...]:
    """A row's times: in ``home``; in ``venue`` where it is another zone; in ``reader`` where it is another still.

    Each zone is named with its offset at the start (an event across a change of the clocks keeps the offset it
    starts with; its end still reads the local wall clock).
    """
    shown = [home]
    if venue and venue != home:
        shown.append(venue)
    if reader and reader not in shown:
        shown.append(reader)
    listed_on = start.astimezone(ZoneInfo(home)).date()
    times = []
    for index, key in enumerate(shown):
        zone = ZoneInfo(key)
        local_start, local_end = start.astimezone(zone), end.astimezone(zone)
        role = "home" if index == 0 else ("venue" if key == venue else "reader")
        times.append(
            ZoneTime(
                role=role,
                zone=key,
                label=label(key, start, locale),
                start=local_start,
                end=local_end,
                other_day=local_start.date() if local_start.date() != listed_on else None,
                ends_on=local_end.date() if local_end.date() != local_start.date() else None,
                chosen=key == reader,
            )
        )
    return tuple(times)
