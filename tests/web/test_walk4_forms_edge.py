"""Walk 4, defects 17-18 (issue 16): form edge cases in ru and zh (a first event's series, empty and typed
coordinates, empty and unknown zones) and the Chinese catalog's punctuation."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from itinerary import services
from tests.web.forms import GOOD_EVENT, snapshot, submit
from tests.web.html import parse

CHINA = "/itineraries/china-state-visit-2018"
IRKUTSK = {"name": "Irkutsk Airport", "city": "Irkutsk", "country": "Russia", "timezone": "Asia/Irkutsk"}


def error(response, field: str) -> str:
    return parse(response.data).one(f"#{field}-error").text


# 17a: the first event of an empty itinerary, repeated, with the form's default end


@pytest.mark.parametrize(
    ("lang", "label"),
    [
        ("en", "No end yet (the programme has no other events)"),
        ("ru", "Пока без окончания (в программе нет других мероприятий)"),
        ("zh", "暂不设结束（日程中尚无其他活动）"),
    ],
)
def test_a_first_repeated_event_saves_with_the_default_end(client, editor, app_store, lang, label):
    services.create_itinerary(app_store, slug="empty", title="Empty", timezone="Europe/Moscow")
    url = f"/itineraries/empty/new-event?lang={lang}"
    doc = parse(client.get(url).data)
    assert doc.one("#repeat_end option[selected]").text == label

    changes = {"title": "Briefing", "start_date": "2026-12-10", "start_time": "10:00", "end_time": "11:00"}
    response = submit(client, url, {**changes, "recurrence": "FREQ=DAILY"})

    assert response.status_code == 302, response.text
    (event,) = services.list_events(app_store, "empty")
    assert (event.title, event.rrule) == ("Briefing", "FREQ=DAILY")


# 17b: coordinates, empty and typed with a decimal comma


@pytest.mark.parametrize(
    ("lang", "changes", "field", "message"),
    [
        ("ru", {"latitude": "", "longitude": "104.2964"}, "latitude", "укажите широту"),
        ("ru", {"latitude": "52.2978", "longitude": ""}, "longitude", "укажите долготу"),
        ("zh", {"latitude": "", "longitude": "104.2964"}, "latitude", "请填写纬度"),
        (
            "ru",
            {"latitude": "север", "longitude": "104.2964"},
            "latitude",
            "«север» — не число; укажите значение в градусах, например 52,2978",
        ),
        (
            "zh",
            {"latitude": "52.2978", "longitude": "东经"},
            "longitude",
            "“东经”不是数字；请以度为单位填写，例如 104.2964",
        ),
        ("en", {"latitude": "", "longitude": "104.2964"}, "latitude", "enter the latitude"),
    ],
)
def test_venue_form_asks_for_empty_degrees_and_shows_an_example_in_the_pages_notation(
    client, editor, app_store, lang, changes, field, message
):
    before = snapshot(app_store)
    response = submit(client, f"/venues/new?lang={lang}", {**IRKUTSK, **changes})
    assert response.status_code == 400
    assert error(response, field) == message
    assert snapshot(app_store) == before


def test_venue_form_reads_a_decimal_comma(client, editor, app_store):
    response = submit(client, "/venues/new?lang=ru", {**IRKUTSK, "latitude": "52,2678", "longitude": "104,3889"})
    assert (response.status_code, response.location) == (302, "/venues/irkutsk-airport")
    venue = next(v for v in services.list_venues(app_store) if v.key == "irkutsk-airport")
    assert (venue.latitude, venue.longitude) == (52.2678, 104.3889)


NEW_VENUE = {
    "venue": "",
    "new_venue_name": "Kremlin",
    "new_venue_city": "Moscow",
    "new_venue_country": "Russia",
    "new_venue_timezone": "Europe/Moscow",
}


def test_event_form_new_venue_reads_a_decimal_comma(client, editor, app_store):
    changes = {**GOOD_EVENT, **NEW_VENUE, "new_venue_latitude": "55,752", "new_venue_longitude": "37,618"}
    response = submit(client, f"{CHINA}/new-event?lang=ru", changes)
    assert response.status_code == 302, response.text
    venue = next(v for v in services.list_venues(app_store) if v.name == "Kremlin")
    assert (venue.latitude, venue.longitude) == (55.752, 37.618)


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("ru", "«55.7.5» — не число; укажите значение в градусах, например 55,752"),
        ("zh", "“55.7.5”不是数字；请以度为单位填写，例如 55.752"),
        ("en", "'55.7.5' is not a number; write it in degrees, e.g. 55.752"),
    ],
)
def test_event_form_new_venue_bad_degrees_give_an_example(client, editor, app_store, lang, message):
    before = snapshot(app_store)
    changes = {**GOOD_EVENT, **NEW_VENUE, "new_venue_latitude": "55.7.5", "new_venue_longitude": "37.618"}
    response = submit(client, f"{CHINA}/new-event?lang={lang}", changes)
    assert response.status_code == 400
    assert error(response, "new_venue_latitude") == message
    assert snapshot(app_store) == before


# 17c: an empty zone is asked for; an unknown one is named in the language's quotes


@pytest.mark.parametrize(
    ("lang", "zone", "message"),
    [
        ("zh", "", "请选择时区"),
        ("ru", "", "выберите часовой пояс"),
        ("en", "", "choose a time zone"),
        ("zh", "Asia/Beijing", "未知时区“Asia/Beijing”；请使用 IANA 名称，例如 Asia/Shanghai"),
        (
            "ru",
            "Asia/Beijing",
            "неизвестный часовой пояс «Asia/Beijing»; укажите название IANA, например Asia/Shanghai",
        ),
        ("en", "Asia/Beijing", "unknown time zone 'Asia/Beijing'; use an IANA name such as Asia/Shanghai"),
    ],
)
def test_itinerary_form_zone_empty_or_unknown(client, editor, app_store, lang, zone, message):
    before = snapshot(app_store)
    response = submit(client, f"/new-itinerary?lang={lang}", {"slug": "trip", "title": "Trip", "timezone": zone})
    assert response.status_code == 400
    assert error(response, "timezone") == message
    assert snapshot(app_store) == before


@pytest.mark.parametrize(
    ("lang", "zone", "message"),
    [
        ("zh", "Beijing", "未知时区“Beijing”；请使用 IANA 名称，例如 Europe/Moscow"),
        ("ru", "Beijing", "неизвестный часовой пояс «Beijing»; укажите название IANA, например Europe/Moscow"),
    ],
)
def test_venue_form_unknown_zone_is_quoted(client, editor, app_store, lang, zone, message):
    changes = {**IRKUTSK, "latitude": "52.2678", "longitude": "104.3889", "timezone": zone}
    response = submit(client, f"/venues/new?lang={lang}", changes)
    assert response.status_code == 400
    assert error(response, "timezone") == message


# 18: the Chinese catalog's spacing and punctuation

CATALOG = Path(__file__).resolve().parents[2] / "web" / "translations" / "zh" / "LC_MESSAGES" / "messages.po"
# Han characters, CJK and full-width punctuation, and the Chinese quotation marks.
_CJK = r"[\u3400-\u9fff\u3000-\u303f\uff01-\uff60\u201c\u201d]"
_SPACE_BETWEEN = re.compile(rf"{_CJK} +{_CJK}")
_ASCII_PUNCTUATION = re.compile(rf"{_CJK}[,:;()?!]|[,:;()?!]{_CJK}")
#: Translations allowed to break the rules, each with its reason (msgid: reason). None so far.
EXCEPTIONS: dict[str, str] = {}


def test_chinese_catalog_has_no_space_between_chinese_and_no_ascii_punctuation_next_to_it():
    with CATALOG.open("rb") as po:
        catalog = read_po(po)
    found = []
    for message in catalog:
        msgid = message.id if isinstance(message.id, str) else message.id[0]
        if not msgid or msgid in EXCEPTIONS:
            continue
        for text in message.string if isinstance(message.string, tuple | list) else [message.string]:
            if text and (_SPACE_BETWEEN.search(text) or _ASCII_PUNCTUATION.search(text)):
                found.append((msgid, text))
    assert found == []
