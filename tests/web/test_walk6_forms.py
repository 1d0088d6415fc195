"""Walk 6 (issue 16), helper kc: one message for one typed mistake on the event form (walk-5 finding 11), and a
draft accepted twice into the same itinerary (N8). Each refused with nothing stored changed."""

from __future__ import annotations

import pytest

from tests.web.forms import snapshot, submit
from tests.web.html import parse

SLUG = "china-state-visit-2018"
NEW_EVENT = f"/itineraries/{SLUG}/new-event"

pytestmark = pytest.mark.usefixtures("editor")


def _messages(doc) -> dict[str, str]:
    """Every field's message on the page, by field."""
    return {node.get("id").removesuffix("-error"): node.text for node in doc.select("p.error") if node.get("id")}


# Walk-5 finding 11: an unreadable typed start is one message, not also "enter the start date/time".

CANNOT_READ = {
    "en": "cannot read '32.13.2018 25:00' as a date and time; write e.g. 8 June 2018 10:00",
    "ru": "не удалось прочитать «32.13.2018 25:00» как дату и время; напишите, например, 8 июня 2018 10:00",
    "zh": "无法将“32.13.2018 25:00”识别为日期和时间；请填写例如：2018年6月8日 10:00",
}
END_TIME = {
    "en": "enter the end time, or tick All day",
    "ru": "укажите время окончания или отметьте «Весь день»",
    "zh": "请输入结束时间，或勾选“全天”",
}
BLANK = {"start_date": "", "start_time": "", "end_date": "", "end_time": "", "title": "Typed"}


@pytest.mark.parametrize("lang", ["en", "ru", "zh"])
def test_an_unreadable_typed_start_with_a_typed_end_is_one_message(client, app_store, lang):
    before = snapshot(app_store)
    typed = {**BLANK, "start_text": "32.13.2018 25:00", "end_text": "11:30"}
    response = submit(client, f"{NEW_EVENT}?lang={lang}", typed)
    assert response.status_code == 400
    assert _messages(parse(response.data)) == {"start_text": CANNOT_READ[lang]}
    assert snapshot(app_store) == before


@pytest.mark.parametrize("lang", ["en", "ru", "zh"])
def test_an_unreadable_typed_start_leaves_only_the_missing_end_besides(client, app_store, lang):
    before = snapshot(app_store)
    response = submit(client, f"{NEW_EVENT}?lang={lang}", {**BLANK, "start_text": "32.13.2018 25:00"})
    assert response.status_code == 400
    assert _messages(parse(response.data)) == {"start_text": CANNOT_READ[lang], "end_time": END_TIME[lang]}
    assert snapshot(app_store) == before


@pytest.mark.parametrize("lang", ["en", "ru", "zh"])
def test_an_unreadable_typed_end_is_one_message(client, app_store, lang):
    before = snapshot(app_store)
    typed = {**BLANK, "start_date": "2018-06-08", "start_time": "10:00", "end_text": "32.13.2018 25:00"}
    response = submit(client, f"{NEW_EVENT}?lang={lang}", typed)
    assert response.status_code == 400
    assert _messages(parse(response.data)) == {"end_text": CANNOT_READ[lang]}
    assert snapshot(app_store) == before
