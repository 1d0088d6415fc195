"""The readable lines a feed adds to a description, in each language, without Flask: exact text, read back by
two parsers, Chinese and Cyrillic folded without splitting a character."""

from __future__ import annotations

from datetime import UTC, datetime

import icalendar
import pytest
from ical.calendar_stream import IcsCalendarStream

from itinerary import ical
from itinerary.languages import Library
from itinerary.model import Event, Format, Itinerary, Kind, Outcome, Participant, Timed, TravelMode, Venue

NOW = datetime(2018, 6, 1, tzinfo=UTC)
START = Timed.of(datetime(2018, 6, 8, 10), datetime(2018, 6, 8, 12), "Asia/Shanghai")
AIRPORT = Venue("pek", "Beijing Capital International Airport", "Beijing", "China", "Asia/Shanghai", 40.08, 116.6)
QINGDAO = Venue("tao", "Qingdao Liuting International Airport", "Qingdao", "China", "Asia/Shanghai", 36.27, 120.37)
PUTIN = Participant("putin", "Vladimir Putin", "President of Russia", "Russia")
XI = Participant("xi", "Xi Jinping", "", "China")
FLIGHT = Event(
    uid="flight",
    itinerary="visit",
    title="Flight",
    timing=START,
    kind=Kind.TRAVEL,
    format=Format.ENLARGED,
    venue=AIRPORT,
    destination=QINGDAO,
    mode=TravelMode.PLANE,
    participants=(PUTIN, XI),
    outcomes=(Outcome("Joint statement", "trade"), Outcome("Action plan")),
    url="https://example.org/visit",
)

LINES = {
    "en": "Format: enlarged format\nFrom: Beijing Capital International Airport\nTo: Qingdao Liuting "
    "International Airport\nTravel: by plane\nParticipants: Vladimir Putin (President of Russia, Russia); "
    "Xi Jinping (China)\nOutcomes: Joint statement (trade); Action plan\nMore: https://example.org/visit",
    "ru": "Формат: в расширенном составе\nОткуда: Beijing Capital International Airport\nКуда: Qingdao "
    "Liuting International Airport\nПереезд: самолётом\nУчастники: Vladimir Putin (President of Russia, "
    "Russia); Xi Jinping (China)\nИтоги: Joint statement (торговля); Action plan\nПодробнее: https://example.org/visit",
    "zh": "形式：大范围\n出发地：Beijing Capital International Airport\n目的地：Qingdao Liuting International "
    "Airport\n交通方式：乘飞机\n参加人员：Vladimir Putin（President of Russia，Russia）；Xi Jinping（China）\n"
    "成果：Joint statement（贸易）；Action plan\n详情：https://example.org/visit",
}


@pytest.mark.parametrize("language", ["en", "ru", "zh"])
def test_details_in_each_language(language):
    assert ical.details(FLIGHT, language) == LINES[language]


def test_details_in_an_unknown_language_are_english():
    assert ical.details(FLIGHT, "de") == LINES["en"]


def _feed(itinerary: Itinerary, events, language: str = "", library: Library | None = None) -> bytes:
    settings = ical.FeedSettings(uid_domain="itinerary.test", language=language)
    return ical.to_ics(ical.build_calendar(itinerary, events, now=NOW, settings=settings, library=library))


def _descriptions(body: bytes) -> tuple:
    event = icalendar.Calendar.from_ical(body).walk("VEVENT")[0]
    strict = IcsCalendarStream.calendar_from_ics(body.decode()).events[0]
    return event["DESCRIPTION"], strict.description


def test_the_feed_of_an_itinerary_in_chinese_says_them_in_chinese_and_folds_them_whole():
    itinerary = Itinerary(slug="visit", title="国事访问", timezone="Asia/Shanghai", language="zh")
    texts = Library(
        "zh",
        venues={
            "pek": {"name": {"zh": "北京首都国际机场"}, "city": {"zh": "北京"}},
            "tao": {"name": {"zh": "流亭机场"}, "city": {"zh": "青岛"}},
        },
        participants={"xi": {"name": {"zh": "习近平"}, "delegation": {"zh": "中华人民共和国代表团"}}},
    )
    body = _feed(itinerary, [FLIGHT], library=texts)
    description, strict = _descriptions(body)
    # The venues and people (shared by itineraries of every language) in the own language where they have it.
    lines = ["形式：大范围", "出发地：北京首都国际机场", "目的地：流亭机场，青岛", "交通方式：乘飞机"]
    assert str(description).splitlines()[:4] == lines
    location = icalendar.Calendar.from_ical(body).walk("VEVENT")[0]["LOCATION"]
    assert str(location) == "北京首都国际机场 → 流亭机场，青岛"
    assert "习近平（中华人民共和国代表团）" in str(description)
    assert strict == str(description)
    assert "LANGUAGE" not in description.params  # the own language's feed marks no text
    for line in body.split(b"\r\n"):
        assert len(line) <= 75
        line.decode()  # never a character cut in two


def test_the_feed_in_russian_says_them_in_russian_and_marks_them():
    itinerary = Itinerary(slug="visit", title="Visit", timezone="Asia/Shanghai")
    texts = Library("en", events={"visit/flight": {"title": {"ru": "Перелёт"}}})
    description, strict = _descriptions(_feed(itinerary, [FLIGHT], "ru", texts))
    assert str(description) == LINES["ru"]
    assert strict == LINES["ru"]
    # No description of its own: the lines alone, in Russian, though its title fell back to no other text.
    assert description.params["LANGUAGE"] == "ru"


def test_a_description_that_falls_back_keeps_its_own_language():
    itinerary = Itinerary(slug="visit", title="Visit", timezone="Asia/Shanghai")
    event = Event(uid="talks", itinerary="visit", title="Talks", timing=START, description="Talks.", participants=(XI,))
    description, _ = _descriptions(_feed(itinerary, [event], "zh", Library("en")))
    assert str(description) == "Talks.\n\n参加人员：Xi Jinping（China）"
    assert description.params["LANGUAGE"] == "en"  # the text the reader reads most of is the English one
