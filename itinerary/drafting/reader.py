"""Read an announcement, sentence by sentence, into a :class:`Draft`.

The method is rules, not a model: each language's ``rules/<lang>.toml`` lists the
phrases that name activities, formats, the past (background, never proposed), the
future (a sentence without a date must speak of what is to come), dates, clock
times and the zones they are given in. Dates are read by ``dateparser``; cities are
looked up in an offline gazetteer (:mod:`itinerary.drafting.gazetteer`).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import dateparser

from itinerary.drafting import gazetteer
from itinerary.drafting.model import Draft, Place, Proposal
from itinerary.drafting.rules import LANGUAGES, Activity, Rules, rules
from itinerary.errors import DraftRefused

MAX_TEXT_CHARS = 100_000
FORMAT_KINDS = frozenset({"talks", "meal", "meeting", "summit-session"})
MULTI_DAY_KINDS = frozenset({"summit", "visit"})
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")


def decode(data: bytes | str) -> str:
    """The text of an uploaded or pasted announcement, or :class:`DraftRefused` saying why not."""
    if isinstance(data, bytes):
        if len(data) > MAX_TEXT_CHARS * 4:
            raise DraftRefused(
                "text", f"is {len(data):,} bytes; an announcement of at most {MAX_TEXT_CHARS:,} characters is read"
            )
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise DraftRefused(
                "text", "is not UTF-8 text (a binary file?); paste the announcement or save it as UTF-8 .txt"
            ) from None
    if len(data) > MAX_TEXT_CHARS:
        raise DraftRefused(
            "text", f"is {len(data):,} characters; an announcement of at most {MAX_TEXT_CHARS:,} is read"
        )
    if _CONTROL.search(data):
        raise DraftRefused("text", "holds control characters (a binary file?); paste the announcement as plain text")
    if not data.strip():
        raise DraftRefused("text", "is empty; paste the announcement")
    return data.replace("\r\n", "\n").replace("\r", "\n")


def detect_language(text: str) -> str:
    """``zh`` when Han characters outnumber the others, ``ru`` when Cyrillic letters do, else ``en``.

    >>> detect_language("6月8日"), detect_language("8 июня"), detect_language("8 June")
    ('zh', 'ru', 'en')
    """
    han, cyrillic = len(_CJK.findall(text)), len(_CYRILLIC.findall(text))
    latin = len(re.findall(r"[A-Za-z]", text))
    if han and han * 3 >= latin + cyrillic:
        return "zh"
    return "ru" if cyrillic > latin else "en"


def propose(text: bytes | str, published: date, lang: str | None = None) -> Draft:
    """A draft programme read from ``text``, an announcement published on ``published``.

    Raises :class:`DraftRefused` for text that cannot be an announcement (too big,
    binary, empty) and for one that names no date at all.
    """
    if not isinstance(published, date) or isinstance(published, datetime):
        raise DraftRefused("published", "give the date the announcement was published, such as 2018-06-04")
    text = decode(text)
    lang = lang or detect_language(text)
    if lang not in LANGUAGES:
        raise DraftRefused("lang", f"must be one of {', '.join(LANGUAGES)}")
    reader = _Reader(rules(lang), published)
    for at, sentence in sentences(text, reader.rules):
        reader.read(at, sentence)
    if not reader.any_date:
        raise DraftRefused("text", "names no date (such as 8 June, 8 июня or 6月8日); there is nothing to propose")
    proposals = reader.finish()
    days = [d for p in proposals for d in (p.date, p.last)] + reader.days
    return Draft(
        lang=lang,
        published=published,
        start=min(days, default=None),
        end=max(days, default=None),
        places=tuple(reader.places),
        proposals=tuple(proposals),
        text=text,
    )


def sentences(text: str, rules: Rules) -> list[tuple[int, str]]:
    """The text's sentences, each with its offset; datelines blanked out (same length, so offsets hold)."""
    found = []
    at = 0
    for paragraph in text.split("\n"):
        start = at
        at += len(paragraph) + 1
        if not paragraph.strip():
            continue
        paragraph = rules.dateline.sub(lambda m: " " * len(m.group()), paragraph, count=1)
        begin = 0
        for end in rules.sentence_end.finditer(paragraph):
            words = paragraph[begin : end.start()].split()
            if words and words[-1].rstrip(".").lstrip('("“') in rules.abbreviations:
                continue
            found.append((start + begin, paragraph[begin : end.start()]))
            begin = end.end()
        found.append((start + begin, paragraph[begin:]))
    return [(at + len(s) - len(s.lstrip()), s.strip()) for at, s in found if s.strip()]


def _blank(text: str, patterns) -> str:
    """``text`` with every match of ``patterns`` replaced by spaces (offsets hold)."""
    for pattern in patterns:
        text = pattern.sub(lambda m: " " * len(m.group()), text)
    return text


@dataclass
class _Mention:
    """A date named in a sentence: its position and the days it means."""

    at: int
    end: int
    days: list[date]
    anchored: bool  # an absolute date or one read against the publication date ("on Thursday")


@dataclass
class _Found:
    at: int
    activity: Activity
    match: re.Match


class _Reader:
    """Reads sentences in order, keeping the date and city they speak of."""

    def __init__(self, rules: Rules, published: date):
        self.rules = rules
        self.published = published
        self.current_date: date | None = None
        self.current_city: Place | None = None
        self.proposals: list[Proposal] = []
        self.places: list[Place] = []
        self.days: list[date] = []
        self.any_date = False
        self.local: dict[Place, str] = {}
        self.sentence_city: Place | None = None
        self.vague: set[int] = set()

    # Sentences

    def read(self, at: int, sentence: str) -> None:
        r = self.rules
        text = _blank(_blank(sentence, r.attribution), r.ignore)
        mentions = self._dates(text)
        self.any_date = self.any_date or bool(mentions)
        if any(p.search(text) for p in r.background):
            return
        if mentions and all(d < self.published for m in mentions for d in m.days):
            return  # a sentence about the past
        if not any(m.anchored for m in mentions) and not any(p.search(text) for p in r.future):
            return
        mentions = [m for m in mentions if any(d >= self.published for d in m.days)]
        # Names that hold a city but are not one: organisations, people, venues ("Hyderabad House").
        plain = _blank(
            text,
            r.not_places
            + tuple(f for _, _, forms in r.people for f in forms)
            + (r.venue if r.venue_hides_city else ()),
        )
        for pattern, _ in r.zones:
            plain = _blank(plain, (pattern,))
        venue = self._venue(sentence)
        travelled = False
        self.sentence_city = None
        for begin, end in self._clauses(text):
            clause = text[begin:end]
            clause_mentions = [m for m in mentions if begin <= m.at < end]
            before = [m for m in mentions if m.at < begin]
            mention = (clause_mentions or before[-1:] or mentions[:1] or [None])[0]
            if clause_mentions:
                mention = clause_mentions[0]
            days = mention.days if mention else ([self.current_date] if self.current_date else [])
            cities = self._cities(plain[begin:end], begin)
            for _, place in cities:
                self._place(place)
                self.sentence_city = place
            if any(p.search(clause) for p in r.reference_clauses) or not days:
                self._follow(days, cities)
                continue
            vague = mention is not None and len(mention.days) > 1
            for found in self._activities(clause, begin):
                proposal = self._proposal(
                    found, sentence, at, clause, begin, days, cities, venue if not travelled else None
                )
                if found.activity.kind == "travel":
                    travelled = True
                if proposal is None:
                    continue
                for one in self._formats(proposal, clause):
                    self._add(one, vague=vague and found.activity.kind not in MULTI_DAY_KINDS)
            self._follow(days, cities)
        for m in mentions:
            self.days.extend((m.days[0], m.days[-1]))

    def _follow(self, days: list[date], cities: list[tuple[int, Place]]) -> None:
        if days:
            self.current_date = days[-1]
        if cities:
            self.current_city = cities[-1][1]

    def _clauses(self, text: str) -> list[tuple[int, int]]:
        cuts = [0, *(m.start() for m in self.rules.clause_breaks.finditer(text)), len(text)]
        return [(a, b) for a, b in itertools.pairwise(cuts) if b > a]

    # Dates

    def _dates(self, text: str) -> list[_Mention]:
        r = self.rules
        found: list[_Mention] = []
        taken: list[tuple[int, int]] = []

        def free(m: re.Match) -> bool:
            return all(m.end() <= a or m.start() >= b for a, b in taken)

        matches = sorted(
            (m for p in r.date_patterns for m in p.finditer(text)), key=lambda m: (m.start(), -(m.end() - m.start()))
        )
        for m in matches:
            if not free(m):
                continue
            days = self._days(m)
            if days:
                taken.append(m.span())
                found.append(_Mention(m.start(), m.end(), days, True))
        for m in r.relative.finditer(text):
            if not free(m):
                continue
            parsed = dateparser.parse(
                m.group("rel"),
                languages=[r.lang],
                settings={"RELATIVE_BASE": datetime.combine(self.published, time()), "PREFER_DATES_FROM": "future"},
            )
            if parsed:
                taken.append(m.span())
                found.append(_Mention(m.start(), m.end(), [parsed.date()], True))
        for pattern, offset in r.after:
            for m in pattern.finditer(text):
                if free(m) and self.current_date:
                    taken.append(m.span())
                    found.append(_Mention(m.start(), m.end(), [self.current_date + timedelta(days=offset)], False))
        return sorted(found, key=lambda m: m.at)

    def _days(self, m: re.Match) -> list[date]:
        """The days one date pattern's match names: one, a list ("8, 9 and 10") or a range ("9-10")."""
        groups = m.groupdict()
        tokens = re.findall(
            r"\d{1,2}|" + "|".join(re.escape(w) for w in sorted(self.rules.range_words, key=len, reverse=True)),
            groups["days"],
        )
        numbers: list[int] = []
        ranged = False
        for token in tokens:
            if token.isdigit():
                number = int(token)
                if ranged and numbers and numbers[-1] < number:
                    numbers.extend(range(numbers[-1] + 1, number + 1))
                else:
                    numbers.append(number)
                ranged = False
            else:
                ranged = True
        year = int(groups["year"]) if groups.get("year") else self.published.year
        days = []
        for number in numbers:
            day = self._parse(number, groups["month"], year)
            if day is None:
                return []
            if not groups.get("year") and day < self.published - timedelta(days=183):
                day = self._parse(number, groups["month"], year + 1) or day  # "10 January", announced in December
            days.append(day)
        return days

    def _parse(self, day: int, month: str, year: int) -> date | None:
        text = self.rules.date_template.format(day=day, month=month, year=year)
        parsed = dateparser.parse(text, languages=[self.rules.lang], settings={"STRICT_PARSING": True})
        return parsed.date() if parsed else None

    # Places, people, times

    def _place(self, place: Place) -> None:
        if place not in self.places:
            self.places.append(place)

    def _cities(self, text: str, offset: int) -> list[tuple[int, Place]]:
        """The cities named in ``text``, each with its position; ``self.local`` learns the name as written."""
        r = self.rules
        found: list[tuple[int, Place]] = []
        if r.city_word is None:  # Chinese: no spaces; the longest known name at each position
            names = {**gazetteer.han_names(), **{a: gazetteer.find(n, "en") for a, n in r.aliases}}
            i = 0
            while i < len(text):
                for length in range(6, 1, -1):
                    place = names.get(text[i : i + length])
                    if place is not None:
                        found.append((offset + i, place))
                        self.local.setdefault(place, text[i : i + length])
                        i += length
                        break
                else:
                    i += 1
            return found
        for m in r.city_word.finditer(text):
            words = m.group().split()
            place = None
            for size in range(len(words), 0, -1):
                name = " ".join(words[:size]).rstrip(".,'’s")
                if name in r.not_cities:
                    continue
                place = self._lookup(name)
                if place:
                    break
            if place:
                found.append((offset + m.start(), place))
        return found

    def _lookup(self, word: str) -> Place | None:
        for alias, name in self.rules.aliases:
            if word == alias:
                return gazetteer.find(name, "en")
        for strip, add in self.rules.inflections:
            if word.endswith(strip) and len(word) > len(strip) + 2:
                nominative = word[: len(word) - len(strip)] + add
                place = gazetteer.find(nominative, self.rules.lang)
                if place:
                    self.local.setdefault(place, nominative)
                    return place
        return None

    def _name(self, place: Place | None) -> str | None:
        """The place's name as the text writes it (in the nominative), for titles."""
        return None if place is None else self.local.get(place, place.name)

    def _own_name(self, place: Place | None) -> str | None:
        """The place's name as the text writes it, where that is not the gazetteer's (English) name."""
        name = self._name(place)
        return name if place is not None and name != place.name else None

    def _people(self, text: str) -> list[tuple[str, str]]:
        found = []
        for key, name, forms in self.rules.people:
            spots = [m.start() for p in forms for m in p.finditer(text)]
            if spots:
                found.append((min(spots), key, name))
        return [(key, name) for _, key, name in sorted(found)]

    def _venue(self, sentence: str) -> str | None:
        for pattern in self.rules.venue:
            m = pattern.search(sentence)
            if m:
                return m.group("venue").strip()
        return None

    def _times(self, clause: str) -> tuple[time | None, time | None, str | None]:
        r = self.rules
        matches = sorted((m for p in r.time_patterns for m in p.finditer(clause)), key=lambda m: m.start())
        times, last_end = [], -1
        for m in matches:
            if m.start() < last_end:
                continue
            hour, minute = int(m.group("h")), int(m.groupdict().get("m") or 0)
            marker = (m.groupdict().get("ampm") or "").lower().replace(".", "")
            if marker in {"pm", "下午", "晚上"} and hour < 12:
                hour += 12
            elif marker in {"am", "上午"} and hour == 12:
                hour = 0
            if hour < 24 and minute < 60:
                times.append((m, time(hour, minute)))
                last_end = m.end()
        zone = next((z for p, z in r.zones if p.search(clause)), None)
        if not times:
            return None, None, zone
        start = times[0][1]
        end = None
        if len(times) > 1 and r.time_range.match(clause[times[0][0].end() : times[1][0].start()]):
            end = times[1][1]
        return start, end, zone

    # Activities

    def _activities(self, clause: str, offset: int) -> list[_Found]:
        """The activities a clause names, in text order.

        Entries are tried in the rules' order: an entry whose words overlap an earlier
        one's ("dinner" inside "state dinner") is the same activity; a clause proposes
        one activity of each kind (two ways of saying "travel" are one journey), except
        ceremonies (documents signed and statements adopted); an entry's ``absorbs``
        drops the kinds it stands for ("talks continue over lunch" is the lunch).
        """
        found: list[_Found] = []
        for activity in self.rules.activities:
            spots = [m for p in activity.patterns for m in [p.search(clause)] if m]
            if not spots:
                continue
            m = min(spots, key=lambda m: m.start())
            if any(m.start() < f.match.end() and f.match.start() < m.end() for f in found):
                continue
            if activity.kind != "ceremony" and any(f.activity.kind == activity.kind for f in found):
                continue
            found.append(_Found(offset + m.start(), activity, m))
        absorbed = {kind for f in found for kind in f.activity.absorbs}
        return sorted((f for f in found if f.activity.kind not in absorbed), key=lambda f: f.at)

    def _proposal(self, found, sentence, at, clause, begin, days, cities, venue) -> Proposal | None:
        activity = found.activity
        if activity.kind == "visit":
            return None
        r = self.rules
        origin_spots = {m.end() for m in r.from_words.finditer(clause)}
        origins = [p for pos, p in cities if any(0 <= pos - begin - e <= 2 for e in origin_spots)]
        others = [(pos, p) for pos, p in cities if p not in origins]
        city = self.current_city
        destination = None
        if activity.kind == "travel":
            origin = origins[0] if origins else self.current_city
            after = [p for pos, p in others if pos > found.at] or [p for _, p in others]
            destination = after[0] if after else None
            city = origin
            if destination is not None:
                self.current_city = destination
            if origin is None and destination is not None:
                # A journey from nowhere named is an arrival: a travel leg needs its origin.
                activity = next((a for a in self.rules.activities if a.kind == "arrival"), activity)
                city, destination = destination, None
        elif others:
            city = next(p for _, p in others)
        elif activity.kind == "summit":
            # A summit is seldom where the visit before it was: only a city named in its sentence is its city.
            city = self.sentence_city
        if activity.kind not in {"travel", "departure"} and city is not None:
            self.current_city = city
        values = {
            "to": self._name(destination),
            "from": self._name(city),
            "city": self._name(city),
            "org": found.match.groupdict().get("org"),
        }
        title = next(
            (t.format(**values) for t in activity.titles if all(values.get(k) for k in re.findall(r"{(\w+)}", t))),
            re.sub(r"\s*{\w+}\s*", " ", activity.titles[-1]).strip(),
        )
        start, end, zone = self._times(clause)
        first, last = days[0], days[-1] if activity.kind in MULTI_DAY_KINDS else days[0]
        timezone = city.timezone if city else None
        note = ""
        if start is not None and zone not in {None, "local"}:
            given = datetime.combine(first, start, ZoneInfo(zone))
            target = ZoneInfo(timezone) if timezone else ZoneInfo(zone)
            moved = given.astimezone(target)
            note = f"given as {start:%H:%M} {zone}"
            if end is not None:
                end_at = datetime.combine(first, end, ZoneInfo(zone)).astimezone(target)
                end = end_at.time()
            first = last = moved.date()
            start = moved.time()
            timezone = target.key
        elif start is not None and timezone is None:
            timezone = "UTC"
            note = "no city named: the zone is a guess"
        people = self._people(clause) or self._people(sentence_people(sentence, self.rules))
        return Proposal(
            title=title,
            kind=activity.kind,
            format=activity.format,
            date=first,
            last=last,
            start=start,
            end=end,
            timezone=timezone,
            city=city.name if city else None,
            country=city.country if city else None,
            venue=venue,
            destination=destination.name if destination else None,
            city_name=self._own_name(city),
            destination_name=self._own_name(destination),
            participants=tuple(name for _, name in people),
            participant_keys=tuple(key for key, _ in people),
            source=sentence,
            source_at=at,
            trigger=sentence[found.at : found.at + len(found.match.group())],  # as written, asides included
            note=note,
        )

    def _formats(self, proposal: Proposal, clause: str) -> list[Proposal]:
        if proposal.kind not in FORMAT_KINDS:
            return [proposal]
        named = []
        for name, title, patterns in self.rules.formats:
            spots = [m.start() for p in patterns for m in p.finditer(clause)]
            if spots:
                named.append((min(spots), name, title))
        if not named:
            return [proposal]
        # "Talks in narrow and enlarged formats at 10:00": the clock time is when the first one begins.
        return [
            replace(
                proposal,
                format=name,
                title=title.format(title=proposal.title, title_lower=proposal.title[:1].lower() + proposal.title[1:]),
                **({} if n == 0 else {"start": None, "end": None, "note": ""}),
            )
            for n, (_, name, title) in enumerate(sorted(named))
        ]

    def _add(self, proposal: Proposal, vague: bool = False) -> None:
        same = (proposal.kind, proposal.title, proposal.format)
        for n, known in enumerate(self.proposals):
            if n in self.vague and (known.kind, known.title, known.format) == same:
                # Named first within a span of days ("2 to 6 July … the council meeting"), then dated: the date wins.
                self.proposals[n] = proposal
                self.vague.discard(n)
                return
        for n, known in enumerate(self.proposals):
            if (known.kind, known.format, known.date) == (proposal.kind, proposal.format, proposal.date) and (
                known.city is None or proposal.city is None
            ):
                # The same activity said twice (a headline, then the text): keep what names a city.
                if known.city is None:
                    self.proposals[n] = proposal
                return
        for known in self.proposals:
            if (known.kind, known.title, known.format) == (proposal.kind, proposal.title, proposal.format) and (
                known.date == proposal.date or proposal.kind in MULTI_DAY_KINDS
            ):
                return
        if vague:
            self.vague.add(len(self.proposals))
        self.proposals.append(proposal)

    def finish(self) -> list[Proposal]:
        """The proposals in programme order; a summit after a visit starts when the visit's own events end."""
        proposals = list(self.proposals)
        for i, p in enumerate(proposals):
            if p.kind != "summit" or p.date == p.last:
                continue
            first = p.date
            while first < p.last and any(
                q.kind not in MULTI_DAY_KINDS and q.date == first and q.city is not None and q.city != p.city
                for q in proposals
            ):
                first += timedelta(days=1)
            proposals[i] = replace(p, date=first)
        order = {id(p): n for n, p in enumerate(proposals)}
        return sorted(proposals, key=lambda p: (p.date, order[id(p)]))


def sentence_people(sentence: str, rules: Rules) -> str:
    """The sentence without its attribution ("…, Ushakov said."), where participants are looked for."""
    return _blank(sentence, rules.attribution)
