"""Import reads a LANGUAGE parameter: text in another language than the itinerary's own becomes that language's."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

import pytest

from itinerary import feeds, ical, imports, services, texts
from itinerary.languages import event_key
from tests.rfc5545 import thunderbird_event

SLUG = "china-state-visit-2018"


def _with_language(data: bytes, language: str) -> bytes:
    """The file with LANGUAGE on SUMMARY and DESCRIPTION, as Outlook and Apple write it (``ru-RU``)."""
    return data.replace(b"SUMMARY:", f"SUMMARY;LANGUAGE={language}:".encode()).replace(
        b"DESCRIPTION:", f"DESCRIPTION;LANGUAGE={language}:".encode()
    )


def test_import_new_event_in_another_language_keeps_it_as_that_languages_text(seeded):
    data = _with_language(thunderbird_event("briefing-zh@example.org", "代表团吹风会", "早餐前。"), "zh-CN")
    imports.import_ics(seeded, SLUG, data)
    event = services.get_event(seeded, SLUG, "briefing-zh@example.org")
    assert event.title == "代表团吹风会"  # a new event has no other text for its own language
    found, _ = texts.texts_of(seeded, "event", event_key(SLUG, event.uid))
    assert found["title"]["zh"] == "代表团吹风会" and found["description"]["zh"] == "早餐前。"


def test_import_without_language_takes_the_text_as_the_own_language(seeded):
    imports.import_ics(seeded, SLUG, thunderbird_event("briefing@example.org", "Брифинг", "До завтрака."))
    assert services.get_event(seeded, SLUG, "briefing@example.org").title == "Брифинг"
    assert texts.texts_of(seeded, "event", event_key(SLUG, "briefing@example.org"))[0]["title"] == {"en": "Брифинг"}


def test_import_of_our_russian_feed_keeps_the_own_texts_and_venue_names(seeded, clock):
    settings = ical.FeedSettings(language="ru")
    body = feeds.itinerary_feed(seeded, SLUG, settings, private=True).body
    before = services.list_events(seeded, SLUG)
    clock.now += timedelta(minutes=1)
    found, _ = texts.texts_of(seeded, "event", event_key(SLUG, "cn2018-press"))
    found["title"]["ru"] = "Устаревший заголовок"
    texts.save_texts(seeded, "event", event_key(SLUG, "cn2018-press"), found)

    imports.import_ics(seeded, SLUG, body)

    assert [dataclasses.replace(e, updated=None) for e in services.list_events(seeded, SLUG)] == [
        dataclasses.replace(e, updated=None) for e in before
    ]
    assert services.get_event(seeded, SLUG, "cn2018-press").title == "Press statements"
    assert texts.texts_of(seeded, "event", event_key(SLUG, "cn2018-press"))[0]["title"]["ru"] == "Заявления для прессы"
    assert {v.name for v in services.list_venues(seeded)} >= {"Great Hall of the People"}


@pytest.mark.parametrize("store", ["sql", "memory"], indirect=True)
def test_deleted_event_takes_its_texts_in_other_languages_with_it(seeded):
    """Regression guard: a new event with a deleted one's UID must not show the old event's translations."""
    services.delete_event(seeded, SLUG, "cn2018-press")
    assert all(row["key"] != event_key(SLUG, "cn2018-press") for row in texts.all_texts(seeded))
    assert any(row["key"] == event_key(SLUG, "cn2018-signing") for row in texts.all_texts(seeded))


def _fold(line: str, *, split_characters: bool) -> bytes:
    """A content line folded at 75 octets: between characters (Outlook), or anywhere, even inside a UTF-8
    character, as RFC 5545 (3.1) warns simple producers do and a parser must undo."""
    data, out = line.encode(), []
    while len(data) > 75:
        cut = 75 if out == [] else 74  # a continuation line begins with its space
        if not split_characters:
            while cut and (data[cut] & 0xC0) == 0x80:  # back to the start of the character
                cut -= 1
        out.append(data[:cut])
        data = data[cut:]
    out.append(data)
    return b"\r\n ".join(out)


def _file(head: list[str], events: list[list[str]], *, split_characters: bool) -> bytes:
    lines = ["BEGIN:VCALENDAR", *head]
    for event in events:
        lines += ["BEGIN:VEVENT", *event, "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return b"".join(_fold(line, split_characters=split_characters) + b"\r\n" for line in lines)


RUSSIAN_TITLE = "Брифинг для членов делегации перед переговорами в расширенном составе"
RUSSIAN_TEXT = "Зал № 3, второй этаж.\nПропуска выдаются у входа с площади Тяньаньмэнь."
CHINESE_TITLE = "中俄元首小范围会谈后的记者吹风会"
CHINESE_TEXT = "地点：人民大会堂东门。\n请记者提前三十分钟到场，携带有效证件，并遵守现场工作人员的安排。"


def _outlook() -> bytes:
    """An event as Outlook exports it in a Russian locale: LANGUAGE=ru-RU on its texts, a Windows zone."""
    return _file(
        [
            "PRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN",
            "VERSION:2.0",
            "METHOD:PUBLISH",
            "X-MS-OLK-FORCEINSPECTOROPEN:TRUE",
            "BEGIN:VTIMEZONE",
            "TZID:China Standard Time",
            "BEGIN:STANDARD",
            "DTSTART:16010101T000000",
            "TZOFFSETFROM:+0800",
            "TZOFFSETTO:+0800",
            "END:STANDARD",
            "END:VTIMEZONE",
        ],
        [
            [
                "CLASS:PUBLIC",
                "CREATED:20180605T071512Z",
                "DESCRIPTION;LANGUAGE=ru-RU:" + RUSSIAN_TEXT.replace("\n", "\\n"),
                'DTEND;TZID="China Standard Time":20180608T093000',
                "DTSTAMP:20180605T071512Z",
                'DTSTART;TZID="China Standard Time":20180608T090000',
                "LAST-MODIFIED:20180605T071512Z",
                "LOCATION;LANGUAGE=ru-RU:Дом народных собраний",
                "PRIORITY:5",
                "SEQUENCE:0",
                "SUMMARY;LANGUAGE=ru-RU:" + RUSSIAN_TITLE,
                "TRANSP:OPAQUE",
                "UID:040000008200E00074C5B7101A82E00800000000D0A3C1A2B5FCD30100000000000000001000000032A1",
                "X-MICROSOFT-CDO-BUSYSTATUS:BUSY",
                "X-MICROSOFT-CDO-IMPORTANCE:1",
            ]
        ],
        split_characters=False,
    )


def _google() -> bytes:
    """An event as Google Calendar exports it: no LANGUAGE anywhere, times in UTC, lines folded by octets."""
    return _file(
        [
            "PRODID:-//Google Inc//Google Calendar 70.9054//EN",
            "VERSION:2.0",
            "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH",
            "X-WR-CALNAME:访华日程",
            "X-WR-TIMEZONE:Asia/Shanghai",
        ],
        [
            [
                "DTSTART:20180608T050000Z",
                "DTEND:20180608T053000Z",
                "DTSTAMP:20180605T080000Z",
                "UID:5kq3v0b1c2d3e4f5g6h7i8j9k0@google.com",
                "CREATED:20180605T075900Z",
                "DESCRIPTION:" + CHINESE_TEXT.replace("\n", "\\n"),
                "LAST-MODIFIED:20180605T075900Z",
                "LOCATION:",
                "SEQUENCE:0",
                "STATUS:CONFIRMED",
                "SUMMARY:" + CHINESE_TITLE,
                "TRANSP:OPAQUE",
            ]
        ],
        split_characters=True,
    )


def test_import_files_have_folded_lines_inside_and_between_characters():
    google, outlook = _google(), _outlook()
    assert any(line[:1] == b" " and (line[1] & 0xC0) == 0x80 for line in google.split(b"\r\n"))  # a split character
    assert all(max(map(len, data.split(b"\r\n"))) <= 75 for data in (google, outlook))
    assert all((line[1:2] or b"a")[0] & 0xC0 != 0x80 for line in outlook.split(b"\r\n") if line[:1] == b" ")


def test_import_outlook_file_with_language_keeps_russian_text_as_russian(seeded):
    imports.import_ics(seeded, SLUG, _outlook())
    uid = "040000008200E00074C5B7101A82E00800000000D0A3C1A2B5FCD30100000000000000001000000032A1"
    event = services.get_event(seeded, SLUG, uid)
    described = RUSSIAN_TEXT + "\n\nДом народных собраний"  # a place that names no venue of ours, no label
    assert (event.title, event.description) == (RUSSIAN_TITLE, described)
    found, own = texts.texts_of(seeded, "event", event_key(SLUG, uid))
    assert own == "en"
    assert (found["title"]["ru"], found["description"]["ru"]) == (RUSSIAN_TITLE, described)
    assert event.timing.start.isoformat() == "2018-06-08T09:00:00+08:00"


def test_import_google_file_without_language_takes_chinese_text_as_the_own_language(seeded):
    report = imports.import_ics(seeded, SLUG, _google())
    assert report.created == 1
    event = services.get_event(seeded, SLUG, "5kq3v0b1c2d3e4f5g6h7i8j9k0@google.com")
    assert (event.title, event.description) == (CHINESE_TITLE, CHINESE_TEXT)  # every character restored
    found, _ = texts.texts_of(seeded, "event", event_key(SLUG, event.uid))
    assert found["title"] == {"en": CHINESE_TITLE}  # the itinerary's own language: no text in another
