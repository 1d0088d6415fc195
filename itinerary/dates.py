"""Dates an editor types, read against the programme they belong to.

A programme has a span: the first and last day of its events in its home zone.
A date typed without a year ("2 Dec 10am") takes the year that puts it nearest
to that span; there is never a default year. A date far from the span (more
than :data:`FAR_DAYS` days) is worth a warning: it is more often a typing slip
than a plan.
"""

from __future__ import annotations

import re
import unicodedata
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from dateutil import parser as dateutil_parser

from itinerary import errors
from itinerary.model import AllDay, Event

FAR_DAYS = 60


@dataclass(frozen=True, slots=True)
class Span:
    """The first and last day of a programme, in its home zone."""

    first: date
    last: date

    def distance(self, day: date) -> int:
        """Days from the span to ``day``: 0 inside it."""
        if day < self.first:
            return (self.first - day).days
        if day > self.last:
            return (day - self.last).days
        return 0

    def __str__(self) -> str:
        return f"{_long(self.first)} to {_long(self.last)}"


def _long(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def span(events: Iterable[Event], timezone: str) -> Span | None:
    """The days the events' own times cover in ``timezone`` (a series by its first occurrence); None for none.

    A series counts by its first occurrence, so that one without an end cannot stretch the programme for years.
    """
    tz = ZoneInfo(timezone)
    days: list[date] = []
    for event in events:
        timing = event.timing
        if isinstance(timing, AllDay):
            days += [timing.first, timing.last]
        else:
            days += [timing.start.astimezone(tz).date(), timing.end.astimezone(tz).date()]
    return Span(min(days), max(days)) if days else None


def nearest_year(month: int, day: int, around: Span | None, today: date) -> int:
    """The year that puts ``day`` ``month`` nearest to the programme ``around`` (to ``today`` without one).

    >>> summit = Span(date(2026, 12, 1), date(2026, 12, 3))
    >>> nearest_year(12, 2, summit, date(2026, 1, 5)), nearest_year(1, 4, summit, date(2026, 1, 5))
    (2026, 2027)
    >>> nearest_year(2, 29, None, date(2026, 1, 5))
    2028
    """
    reference = around or Span(today, today)
    candidates = []
    for year in range(reference.first.year - 1, reference.last.year + 2):
        try:
            candidates.append(date(year, month, day))
        except ValueError:
            continue  # 29 February in a common year
    if not candidates:  # 29 February, and no leap year next to the span: the next one
        year = reference.last.year + 2
        while True:
            try:
                return date(year, month, day).year
            except ValueError:
                year += 1
    return min(candidates, key=lambda found: (reference.distance(found), found)).year


def far_from(around: Span | None, when: date | datetime) -> errors.Message | None:
    """A warning when ``when`` is more than :data:`FAR_DAYS` days from the programme ``around``; else None.

    The warning is a :class:`~itinerary.errors.Message` (its day and span typed values) that the web interface
    says in the page's language; ``str()`` of it is the English sentence.
    """
    if around is None:
        return None
    day = when.date() if isinstance(when, datetime) else when
    distance = around.distance(day)
    if distance <= FAR_DAYS:
        return None
    rest = errors.Span(around.first, around.last, str(around))
    if day < around.first:
        return errors.Message.count(
            "%(day)s is %(num)s day before the rest of the programme (%(around)s); check the date, "
            "and save again if it is right",
            "%(day)s is %(num)s days before the rest of the programme (%(around)s); check the date, "
            "and save again if it is right",
            distance,
            day=errors.Day(day),
            around=rest,
        )
    return errors.Message.count(
        "%(day)s is %(num)s day after the rest of the programme (%(around)s); check the date, "
        "and save again if it is right",
        "%(day)s is %(num)s days after the rest of the programme (%(around)s); check the date, "
        "and save again if it is right",
        distance,
        day=errors.Day(day),
        around=rest,
    )


# Reading a date and time typed in the page's language (``8 June 2018 10:00``, ``8 июня 10:00``, ``6月8日下午3点半``).
#
# Two readings of the same text with defaults that differ in every field tell which fields the text gave: the
# parser fills what is missing from its default, and a default year is exactly what must never be stored.
_PROBES = (datetime(2001, 1, 1), datetime(2002, 12, 31))
# dateparser's defaults: leap years both (29 февраля without a year), the first and the last day of a month.
_PARSER_PROBES = ((datetime(2000, 1, 1), "first"), (datetime(2004, 12, 31), "last"))
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2})?)?")
_EN_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_RU_WEEKDAYS = (
    "пн|понедельник",
    "вт|вторник",
    "ср|среда|среду",
    "чт|четверг",
    "пт|пятница|пятницу",
    "сб|суббота|субботу",
    "вс|воскресенье",
)
_WEEKDAY_RES = {
    "en": re.compile(r"\b(mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?(?=[\s,.]|$)", re.IGNORECASE),
    "ru": re.compile(r"(?<![^\W\d_])(" + "|".join(_RU_WEEKDAYS) + r")\.?(?![^\W\d_])", re.IGNORECASE),
    "zh": re.compile(r"(?:星期|周|礼拜)([一二三四五六日天])"),
}
_ZH_WEEKDAYS = "一二三四五六日"
_YEAR_FIRST = re.compile(r"\d{4}\s*[-/.]")
_NUMERIC_DAY_MONTH = re.compile(r"(?<![\d/.-])(0?[1-9]|1[0-2])\s*[/.]\s*(0?[1-9]|1[0-2])(?![\d/.-])")
# 6月8日下午3点半, 2018年6月8日 10:00, 上午10点: the date, the weekday and the time each optional, not both.
_ZH = re.compile(
    r"(?:(?:(?P<year>\d{4})\s*年\s*)?(?P<month>\d{1,2})\s*月\s*(?P<day>\d{1,2})\s*[日号]?)?"
    r"\s*,?\s*"
    r"(?:(?P<part>凌晨|早上|早晨|上午|中午|下午|晚上)?\s*(?P<hour>\d{1,2})\s*"
    r"(?:(?::\s*(?P<minute>\d{2})|[点时]\s*(?:(?P<half>半)|(?P<minutes>\d{1,2})\s*分?|整)?)))?"
)
_ZH_DIGITS = {
    "〇": 0,
    "零": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}


def read_typed(text: str, language: str = "en") -> tuple[datetime, dict[str, bool]]:
    """A date and time an editor typed, and which of ``year``, ``month``, ``day`` and ``time`` the text gave.

    English is always read; so are the ways of ``language`` (``ru``: ``8 июня 2018 10:00``, ``пт 8 июня 10:00``;
    ``zh``: ``2018年6月8日 10:00``, ``6月8日下午3点半``). ISO 8601 is year-month-day. What the text does not give
    is filled with a placeholder that the caller must replace (the year nearest the programme, the start's
    day): check ``given``. Raises ValueError for what cannot be read, and dateutil's UnknownTimezoneWarning for a
    zone in the text.

    >>> read_typed("8 июня 10:00", "ru")[1]
    {'year': False, 'month': True, 'day': True, 'time': True}
    >>> read_typed("6月8日下午3点半", "zh")[0].strftime("%m-%d %H:%M")
    '06-08 15:30'
    """
    text = text.strip()
    if _ISO.fullmatch(text):
        # ISO 8601 (what the form shows back) is year-month-day; read day-first, 2018-06-08 became 6 August.
        return datetime.fromisoformat(text), {"year": True, "month": True, "day": True, "time": len(text) > 10}
    if language == "zh":
        found = _read_chinese(text)
        if found is not None:
            return found
        if _NUMERIC_DAY_MONTH.search(text):
            # 6/8 is 6 August read day-first, but Chinese writes the month first: refused, not guessed.
            raise ValueError(f"cannot tell the day from the month in {text!r}")
    # 2018/6/8 and 2018-6-8 are year-month-day, as ISO 8601 is (day-first they were 6 August).
    year_first = _YEAR_FIRST.match(text) is not None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", dateutil_parser.UnknownTimezoneWarning)
            first, second = (
                dateutil_parser.parse(text, dayfirst=not year_first, yearfirst=year_first, default=probe)
                for probe in _PROBES
            )
    except dateutil_parser.UnknownTimezoneWarning:
        raise
    except (ValueError, OverflowError):
        if language in ("en", "zh"):
            raise
        first, second = (_dateparser(text, language, base, prefer) for base, prefer in _PARSER_PROBES)
    given = {"year": first.year == second.year, "month": first.month == second.month, "day": first.day == second.day}
    given["time"] = ":" in text or first.time() != time()
    return first, given


def _dateparser(text: str, language: str, base: datetime, prefer: str) -> datetime:
    import dateparser  # only for text in another language than English: its import takes a while

    found = dateparser.parse(
        text,
        languages=[language, "en"],
        settings={
            "RELATIVE_BASE": base,
            "PREFER_DAY_OF_MONTH": prefer,
            "DATE_ORDER": "DMY",
            "PARSERS": ["absolute-time"],
        },
    )
    if found is None:
        raise ValueError(f"cannot read {text!r}")
    return found


def _read_chinese(text: str) -> tuple[datetime, dict[str, bool]] | None:
    """``2018年6月8日上午10点``, ``6月8日下午3点半``, ``六月八日十点``; None for text of another shape."""
    # The weekday (星期五) is checked on its own (named_weekday); its numeral is no part of the date.
    plain = _arabic(re.sub(r"[（(]?(?:星期|周|礼拜)[一二三四五六日天][）)]?", " ", unicodedata.normalize("NFKC", text)))
    found = _ZH.fullmatch(plain.strip())
    if found is None or not (found["month"] or found["hour"]):
        return None
    hour = int(found["hour"] or 0)
    minute = int(found["minute"] or found["minutes"] or (30 if found["half"] else 0))
    part = found["part"]
    if (part in ("下午", "晚上") and hour < 12) or (part == "中午" and hour < 6):
        hour += 12
    elif part == "凌晨" and hour == 12:
        hour = 0
    if hour > 23 or minute > 59:
        raise ValueError(f"cannot read {text!r}")
    year = int(found["year"] or 2000)  # a leap year, for 2月29日; the caller replaces it (given["year"] is False)
    month, day = int(found["month"] or 1), int(found["day"] or 1)
    value = datetime(year, month, day, hour, minute)  # ValueError for 2月30日
    dated = found["month"] is not None
    return value, {"year": found["year"] is not None, "month": dated, "day": dated, "time": found["hour"] is not None}


def _arabic(text: str) -> str:
    """Chinese numbers up to 99 as digits: 十点 -> 10点, 二十五日 -> 25日, 三点半 stays 3点半."""

    def number(match: re.Match) -> str:
        digits = match.group()
        if "十" not in digits:
            return "".join(str(_ZH_DIGITS[c]) for c in digits)
        tens, _, ones = digits.partition("十")
        return str((_ZH_DIGITS[tens] if tens else 1) * 10 + (_ZH_DIGITS[ones] if ones else 0))

    return re.sub(r"[〇零一二两三四五六七八九十]+", number, text)


def named_weekday(text: str, language: str = "en") -> int | None:
    """The weekday the text names (0 is Monday), in English or in ``language``; None where it names none.

    >>> named_weekday("Fri 8 June"), named_weekday("пт 8 июня", "ru"), named_weekday("6月8日 星期五", "zh")
    (4, 4, 4)
    """
    for lang in dict.fromkeys(("en", language)):
        pattern = _WEEKDAY_RES.get(lang)
        found = pattern.search(text) if pattern else None
        if found is None:
            continue
        word = found.group(1).lower()
        if lang == "en":
            return _EN_WEEKDAYS.index(word[:3])
        if lang == "ru":
            return next(i for i, names in enumerate(_RU_WEEKDAYS) if word in names.split("|"))
        return _ZH_WEEKDAYS.index(word.replace("天", "日"))
    return None


__all__ = ["FAR_DAYS", "Span", "far_from", "named_weekday", "nearest_year", "read_typed", "span"]
