"""The per-language rules (``rules/<lang>.toml``), read once and compiled."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

LANGUAGES = ("en", "ru", "zh")
_FOLDER = Path(__file__).resolve().parent / "rules"
_I = re.IGNORECASE


@dataclass(frozen=True)
class Activity:
    """One entry of ``[[activities]]``: patterns that name an activity of one kind."""

    kind: str
    titles: tuple[str, ...]  # the first whose {places} are all known is used
    format: str
    patterns: tuple[re.Pattern, ...]
    absorbs: tuple[str, ...]


@dataclass(frozen=True)
class Rules:
    """A language's rules, compiled."""

    lang: str
    date_template: str
    sentence_end: re.Pattern
    abbreviations: frozenset[str]
    dateline: re.Pattern
    clause_breaks: re.Pattern
    reference_clauses: tuple[re.Pattern, ...]
    background: tuple[re.Pattern, ...]
    future: tuple[re.Pattern, ...]
    attribution: tuple[re.Pattern, ...]
    ignore: tuple[re.Pattern, ...]
    not_places: tuple[re.Pattern, ...]
    aliases: tuple[tuple[str, str], ...]
    not_cities: frozenset[str]
    city_word: re.Pattern | None
    inflections: tuple[tuple[str, str], ...]
    from_words: re.Pattern
    venue: tuple[re.Pattern, ...]
    venue_hides_city: bool
    date_patterns: tuple[re.Pattern, ...]
    range_words: frozenset[str]
    relative: re.Pattern
    after: tuple[tuple[re.Pattern, int], ...]
    time_patterns: tuple[re.Pattern, ...]
    time_range: re.Pattern
    zones: tuple[tuple[re.Pattern, str], ...]
    people: tuple[tuple[str, str, tuple[re.Pattern, ...]], ...]
    formats: tuple[tuple[str, str, tuple[re.Pattern, ...]], ...]
    activities: tuple[Activity, ...]


def _all(patterns, flags=_I) -> tuple[re.Pattern, ...]:
    return tuple(re.compile(p, flags) for p in patterns)


@cache
def rules(lang: str) -> Rules:
    """The compiled rules of ``lang`` (one of :data:`LANGUAGES`)."""
    with (_FOLDER / f"{lang}.toml").open("rb") as handle:
        data = tomllib.load(handle)
    dates, times = data["dates"], data["times"]
    months = dates.get("months", "")
    return Rules(
        lang=lang,
        date_template=data["date_template"],
        sentence_end=re.compile(data["sentence_end"]),
        abbreviations=frozenset(data.get("abbreviations", ())),
        dateline=re.compile(data["dateline"]),
        clause_breaks=re.compile(data["clause_breaks"], _I),
        reference_clauses=_all(data.get("reference_clauses", ())),
        background=_all(data.get("background", ())),
        future=_all(data.get("future", ())),
        attribution=_all(data.get("attribution", ())),
        ignore=_all(data.get("ignore", ())),
        not_places=_all(data.get("not_places", ())),
        aliases=tuple(data.get("place_aliases", {}).items()),
        not_cities=frozenset(data.get("not_cities", ())),
        city_word=re.compile(data["city_word"]) if data.get("city_word") else None,
        inflections=tuple(tuple(pair) for pair in data.get("inflections", [["", ""]])),
        from_words=re.compile(data.get("from_words", r"(?!)"), _I),
        venue=_all(data.get("venue", ()), 0),
        venue_hides_city=data.get("venue_hides_city", True),
        date_patterns=_all(p.replace("{months}", months) for p in dates["patterns"]),
        range_words=frozenset(dates.get("range_words", ())),
        relative=re.compile(dates["relative"], _I),
        after=tuple((re.compile(re.escape(words), _I), days) for words, days in dates.get("after", {}).items()),
        time_patterns=_all(times["patterns"]),
        time_range=re.compile(times["range_words"], _I),
        zones=tuple((re.compile(re.escape(words)), zone) for words, zone in times.get("zones", {}).items()),
        people=tuple((key, person["name"], _all(person["forms"], 0)) for key, person in data.get("people", {}).items()),
        formats=tuple((name, f["title"], _all(f["patterns"])) for name, f in data.get("formats", {}).items()),
        activities=tuple(
            Activity(
                kind=a["kind"],
                titles=(a["title"], *a.get("fallback", ())),
                format=a.get("format", "none"),
                patterns=_all(a["patterns"]),
                absorbs=tuple(a.get("absorbs", ())),
            )
            for a in data["activities"]
        ),
    )
