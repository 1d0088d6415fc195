"""The words a feed writes around an event's own texts ("Format: …", "Participants: …"), per language.

A feed's DESCRIPTION ends with readable lines made from an event's fields; a feed in Russian or Chinese says
them in its language, as the pages do. Feeds and their stored blocks are rendered by the domain (in
migrations too), which never reads the web interface's catalogs: the words are kept here, and
``tests/web/test_feed_words.py`` checks that each is the catalog's word for the same thing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from itinerary.model import Format, Kind, Outcome, Participant, TravelMode, Venue


@dataclass(frozen=True, slots=True)
class DetailWords:
    """One language's words for the readable lines, and how the language joins and brackets them."""

    format: str
    origin: str  # "From": where a travel leg leaves
    destination: str  # "To"
    travel: str
    participants: str
    outcomes: str
    more: str
    formats: Mapping[Format, str]
    modes: Mapping[TravelMode, str]
    # The seed's outcome areas, typed in English, in this language (web.words.OUTCOME_AREAS says them on pages).
    areas: Mapping[str, str]
    # Each kind's label, the first of an event's categories (lower case, as a category is written).
    kinds: Mapping[Kind, str]
    line: str = "{label}: {value}"
    between: str = "; "  # between participants, between outcomes
    bracketed: str = "{text} ({inside})"
    comma: str = ", "  # between a participant's role and delegation, a venue's name and city

    def participant(self, person: Participant) -> str:
        """``Xi Jinping (President, China)``; zh ``习近平（国家主席，中国）``."""
        inside = self.comma.join(part for part in (person.role, person.delegation) if part)
        return self.bracketed.format(text=person.name, inside=inside) if inside else person.name

    def place(self, venue: Venue) -> str:
        """:attr:`Venue.place` with the language's comma: ``Diaoyutai State Guesthouse, Beijing``; ``钓鱼台，北京``."""
        return venue.name if venue.city in venue.name else f"{venue.name}{self.comma}{venue.city}"

    def outcome(self, outcome: Outcome) -> str:
        """``Joint statement (trade)``; ``Совместное заявление (торговля)``: an area said in English, said in this
        language where it is one of the known ones; left out where the title names it ("Documents on trade")."""
        area = outcome.area.strip()
        if not area or area.casefold() in outcome.title.casefold():  # the title names it already, as on pages
            return outcome.title
        return self.bracketed.format(text=outcome.title, inside=self.areas.get(area.casefold(), area))


WORDS = {
    "en": DetailWords(
        format="Format",
        origin="From",
        destination="To",
        travel="Travel",
        participants="Participants",
        outcomes="Outcomes",
        more="More",
        formats={
            Format.NARROW: "narrow format",
            Format.ENLARGED: "enlarged format",
            Format.PLENARY: "plenary format",
            Format.BILATERAL: "bilateral format",
            Format.ONE_ON_ONE: "one-on-one",
        },
        modes={
            TravelMode.PLANE: "by plane",
            TravelMode.TRAIN: "by train",
            TravelMode.CAR: "by car",
            TravelMode.HELICOPTER: "by helicopter",
            TravelMode.FOOT: "on foot",
        },
        areas={},  # said as typed
        kinds={kind: kind.label for kind in Kind},
    ),
    "ru": DetailWords(
        format="Формат",
        origin="Откуда",
        destination="Куда",
        travel="Переезд",
        participants="Участники",
        outcomes="Итоги",
        more="Подробнее",
        formats={
            Format.NARROW: "в узком составе",
            Format.ENLARGED: "в расширенном составе",
            Format.PLENARY: "в пленарном формате",
            Format.BILATERAL: "в двустороннем формате",
            Format.ONE_ON_ONE: "тет-а-тет",
        },
        modes={
            TravelMode.PLANE: "самолётом",
            TravelMode.TRAIN: "поездом",
            TravelMode.CAR: "автомобилем",
            TravelMode.HELICOPTER: "вертолётом",
            TravelMode.FOOT: "пешком",
        },
        areas={
            "trade": "торговля",
            "energy": "энергетика",
            "outer space": "космическое пространство",
            "intellectual property": "интеллектуальная собственность",
            "international affairs": "международные дела",
        },
        kinds={
            Kind.TALKS: "переговоры",
            Kind.CEREMONY: "церемония",
            Kind.PRESS: "мероприятие для прессы",
            Kind.TRAVEL: "переезд",
            Kind.MEAL: "трапеза",
            Kind.CULTURE: "культурная программа",
            Kind.SUMMIT_SESSION: "заседание саммита",
            Kind.SUMMIT: "саммит",
            Kind.ARRIVAL: "прибытие",
            Kind.DEPARTURE: "отбытие",
            Kind.MEETING: "встреча",
            Kind.CALL: "телефонный разговор",
            Kind.OTHER: "другое",
        },
    ),
    "zh": DetailWords(
        format="形式",
        origin="出发地",
        destination="目的地",
        travel="交通方式",
        participants="参加人员",
        outcomes="成果",
        more="详情",
        formats={
            Format.NARROW: "小范围",
            Format.ENLARGED: "大范围",
            Format.PLENARY: "全体会议",
            Format.BILATERAL: "双边",
            Format.ONE_ON_ONE: "一对一",
        },
        modes={
            TravelMode.PLANE: "乘飞机",
            TravelMode.TRAIN: "乘火车",
            TravelMode.CAR: "乘车",
            TravelMode.HELICOPTER: "乘直升机",
            TravelMode.FOOT: "步行",
        },
        areas={
            "trade": "贸易",
            "energy": "能源",
            "outer space": "外层空间",
            "intellectual property": "知识产权",
            "international affairs": "国际事务",
        },
        kinds={
            Kind.TALKS: "会谈",
            Kind.CEREMONY: "仪式",
            Kind.PRESS: "记者会",
            Kind.TRAVEL: "行程",
            Kind.MEAL: "宴请",
            Kind.CULTURE: "文化活动",
            Kind.SUMMIT_SESSION: "峰会会议",
            Kind.SUMMIT: "峰会",
            Kind.ARRIVAL: "抵达",
            Kind.DEPARTURE: "离开",
            Kind.MEETING: "会见",
            Kind.CALL: "通话",
            Kind.OTHER: "其他",
        },
        # Chinese punctuation is full-width, with no space around it.
        line="{label}：{value}",
        between="；",
        bracketed="{text}（{inside}）",
        comma="，",
    ),
}


def words_in(language: str) -> DetailWords:
    """The words of ``language`` (en, ru, zh); English for any other.

    >>> words_in("ru").participants, words_in("xx").participants
    ('Участники', 'Participants')
    """
    return WORDS.get(language, WORDS["en"])


__all__ = ["WORDS", "DetailWords", "words_in"]
