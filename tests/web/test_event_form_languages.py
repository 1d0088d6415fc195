"""The event form in Russian and Chinese (issue 16): dates typed as Russian and Chinese editors write them, the
example under the field in the page's language, and zones named as the pages name them, not by IANA id."""

from __future__ import annotations

import json
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from itinerary import services
from itinerary.model import Timed
from tests.web.forms import snapshot, submit
from tests.web.html import form_values, parse

pytestmark = pytest.mark.usefixtures("editor")

S = "/itineraries/china-state-visit-2018"
SHANGHAI = ZoneInfo("Asia/Shanghai")
CALL = {"title": "Courtesy call", "kind": "meeting", "venue": ""}


def _save_typed(client, app_store, lang: str, start: str, end: str):
    """Type the start and the end, see them shown back, save again: the event stored."""
    url = f"{S}/new-event?lang={lang}"
    first = submit(client, url, {**CALL, "start_text": start, "end_text": end})
    assert first.status_code == 200, first.text
    assert parse(first.data).select(".check-before-saving")
    again = client.post(url, data=form_values(parse(first.data).one("main form.form")))
    assert again.status_code == 302, again.text
    return services.get_event(app_store, "china-state-visit-2018", again.location.rsplit("/", 1)[1])


def _at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2018, 6, day, hour, minute, tzinfo=SHANGHAI)


@pytest.mark.parametrize(
    ("lang", "start", "end", "timing"),
    [
        ("ru", "8 июня 2018 10:00", "8 июня 2018 10:30", (_at(8, 10), _at(8, 10, 30))),
        ("ru", "8 июня 10:00", "10:30", (_at(8, 10), _at(8, 10, 30))),
        ("ru", "8 июн 2018 в 10:00", "8 июн 2018 в 11:00", (_at(8, 10), _at(8, 11))),
        ("ru", "пт 8 июня 10:00", "пт 8 июня 10:45", (_at(8, 10), _at(8, 10, 45))),
        ("ru", "8 June 2018 10:00", "11:00", (_at(8, 10), _at(8, 11))),
        ("zh", "2018年6月8日 10:00", "2018年6月8日 10:30", (_at(8, 10), _at(8, 10, 30))),
        ("zh", "6月8日 10:00", "10:30", (_at(8, 10), _at(8, 10, 30))),
        ("zh", "2018年6月8日上午10点", "2018年6月8日上午11点", (_at(8, 10), _at(8, 11))),
        ("zh", "6月8日下午3点半", "6月8日下午4点", (_at(8, 15, 30), _at(8, 16))),
        ("zh", "2018-06-08 10:00", "2018-06-08 10:30", (_at(8, 10), _at(8, 10, 30))),
        ("zh", "8 June 2018 10:00", "下午3点", (_at(8, 10), _at(8, 15))),
    ],
)
def test_typed_date_in_page_language_is_saved_exactly(client, app_store, lang, start, end, timing):
    """Regression (walk 3, defect 5; issue 16): only English month names were read."""
    assert _save_typed(client, app_store, lang, start, end).timing == Timed(*timing)


EXAMPLES = {
    "en": ("For example %s; it replaces the date and time above.", "For example %s.", "8 June 2018 "),
    "ru": ("Например, %s; заменяет дату и время выше.", "Например, %s.", "8 июня 2018 "),
    "zh": ("例如：%s；将替换上方的日期和时间。", "例如：%s。", "2018年6月8日 "),
}


@pytest.mark.parametrize("lang", ["en", "ru", "zh"])
def test_typed_date_example_is_in_page_language_and_accepted(client, app_store, lang):
    """The example under each field is written as the page's language writes dates, and the field reads it."""
    start_hint, end_hint, day = EXAMPLES[lang]
    start, end = f"{day}10:00", f"{day}11:30"
    page = parse(client.get(f"{S}/new-event?lang={lang}").data)
    assert page.one("#start_text-hint").text == start_hint % start
    assert page.one("#end_text-hint").text == end_hint % end
    assert _save_typed(client, app_store, lang, start, end).timing == Timed(_at(8, 10), _at(8, 11, 30))


@pytest.mark.parametrize(
    ("lang", "typed", "message"),
    [
        (
            "ru",
            "завтра 10:00",
            "не удалось прочитать «завтра 10:00» как дату и время; напишите, например, 8 июня 2018 10:00",
        ),
        ("ru", "июня 2018 10:00", "укажите в «июня 2018 10:00» день и месяц, например 2 декабря 10:00"),
        ("ru", "пн 8 июня 10:00", "8 июня 2018 г. — это пятница, а не понедельник; проверьте дату"),
        ("zh", "6月8日 10", "无法将“6月8日 10”识别为日期和时间；请填写例如：2018年6月8日 10:00"),
        ("zh", "6/8 10:00", "无法将“6/8 10:00”识别为日期和时间；请填写例如：2018年6月8日 10:00"),
        ("zh", "2月30日 10:00", "无法将“2月30日 10:00”识别为日期和时间；请填写例如：2018年6月8日 10:00"),
        ("zh", "6月8日 星期一 10:00", "2018年6月8日是星期五，不是星期一；请检查日期"),
        ("en", "8 июня 2018 10:00", "cannot read '8 июня 2018 10:00' as a date and time; write e.g. 8 June 2018 10:00"),
    ],
)
def test_typed_date_unreadable_in_page_language_is_refused(client, app_store, lang, typed, message):
    before = snapshot(app_store)
    response = submit(client, f"{S}/new-event?lang={lang}", {**CALL, "start_text": typed, "end_time": "11:00"})
    assert response.status_code == 400
    assert parse(response.data).one("#start_text-error").text == message
    assert snapshot(app_store) == before


@pytest.mark.parametrize(
    ("lang", "labels", "option"),
    [
        (
            "en",
            [
                "Start date (Beijing)",
                "Start time (Beijing)",
                "End date (Beijing)",
                "End time (Beijing)",
            ],
            "Great Hall of the People, Beijing",
        ),
        (
            "ru",
            ["Дата начала (Пекин)", "Время начала (Пекин)", "Дата окончания (Пекин)", "Время окончания (Пекин)"],
            "Дом народных собраний, Пекин",
        ),
        ("zh", ["开始日期（北京）", "开始时间（北京）", "结束日期（北京）", "结束时间（北京）"], None),
    ],
)
def test_event_form_names_zones_as_the_pages_do(client, lang, labels, option):
    """Regression (walk 3, defect 5): ru and zh labels said ``Дата начала (Asia/Shanghai)``."""
    page = parse(client.get(f"{S}/new-event?lang={lang}").data)
    assert [
        page.one(f"label[for={name}]").text for name in ("start_date", "start_time", "end_date", "end_time")
    ] == labels
    hall = page.one("#venue option[value=great-hall-of-the-people]")
    if option is not None:
        assert hall.text == option
    assert hall.get("data-zone") == "Asia/Shanghai"  # what the script compares; the name is what it shows
    assert hall.get("data-zone-name") == {"en": "Beijing", "ru": "Пекин", "zh": "北京"}[lang]
    assert "Asia/Shanghai" not in hall.text


def test_event_form_script_words_are_in_page_language(client):
    """The script that relabels the dates as the venue changes gets the labels and the zones' names in Russian."""
    words = json.loads(parse(client.get(f"{S}/new-event?lang=ru").data).one("form.event-form").get("data-zone-words"))
    assert words["same"]["start_date"] == "Дата начала ({start})"
    assert words["destination"]["end_time"] == "Время окончания ({end}, пояс пункта назначения)"
    assert (words["names"]["Asia/Shanghai"], words["names"]["Europe/Moscow"]) == ("Пекин", "Москва")


@pytest.mark.parametrize(
    ("lang", "shown"),
    [
        ("en", ["Friday 8 June 2018, 10:00 Beijing", "Friday 8 June 2018, 10:30 Beijing"]),
        ("ru", ["пятница, 8 июня 2018 г., 10:00 Пекин", "пятница, 8 июня 2018 г., 10:30 Пекин"]),
        ("zh", ["2018年6月8日星期五 10:00 北京", "2018年6月8日星期五 10:30 北京"]),
    ],
)
def test_typed_date_shown_back_names_the_zone_in_page_language(client, lang, shown):
    typed = {"en": "8 June 10:00", "ru": "8 июня 10:00", "zh": "6月8日 10:00"}[lang]
    first = submit(client, f"{S}/new-event?lang={lang}", {**CALL, "start_text": typed, "end_text": "10:30"})
    assert parse(first.data).texts(".check-before-saving dd") == shown
