"""A busy event's own public label in every language (walk 7, finding 4): what the public and the press see of
the narrow-format lunch is "Закрытый рабочий обед" in Russian, not the English label."""

from __future__ import annotations

import icalendar
import pytest

from itinerary import services, texts
from itinerary.languages import event_key
from tests.web.forms import form_on, submit

SLUG = "china-state-visit-2018"
UID = "cn2018-lunch-narrow"
KEY = event_key(SLUG, UID)
FORM = f"/itineraries/{SLUG}/events/{UID}/translations"
LABELS = {"": "Closed working lunch", "ru": "Закрытый рабочий обед", "zh": "非公开工作午餐"}


def _lunch(client, lang: str, headers=None):
    response = client.get(f"/itineraries/{SLUG}.ics" + (f"?lang={lang}" if lang else ""), headers=headers or {})
    if response.status_code == 304:
        return response, None
    calendar = icalendar.Calendar.from_ical(response.data)
    return response, next(e for e in calendar.walk("VEVENT") if str(e["UID"]).startswith(UID))


@pytest.mark.parametrize("lang", ["", "ru", "zh"])
def test_the_public_feed_calls_the_busy_lunch_by_its_label_in_the_feeds_language(client, lang):
    _, lunch = _lunch(client, lang)
    assert str(lunch["SUMMARY"]) == LABELS[lang]
    assert lunch["SUMMARY"].params.get("LANGUAGE") == (lang or None)
    assert "DESCRIPTION" not in lunch  # still nothing but its time, city and label


def test_a_new_label_text_moves_the_feed_in_that_language_only(client, app_store):
    ru, _ = _lunch(client, "ru")
    zh, _ = _lunch(client, "zh")
    texts.add_other_texts(app_store, "event", KEY, {"ru": {"label": "Закрытый обед"}})
    again, lunch = _lunch(client, "ru", {"If-None-Match": ru.headers["ETag"]})
    assert again.status_code == 200
    assert str(lunch["SUMMARY"]) == "Закрытый обед"
    assert _lunch(client, "zh", {"If-None-Match": zh.headers["ETag"]})[0].status_code == 304


def test_the_translations_form_edits_the_label_in_every_language(client, editor, app_store):
    values = form_on(client, FORM)
    assert (values["label_en"], values["label_ru"], values["label_zh"]) == tuple(LABELS.values())
    response = submit(client, FORM, {"label_zh": "闭门工作午餐"})
    assert response.status_code == 302
    assert str(_lunch(client, "zh")[1]["SUMMARY"]) == "闭门工作午餐"
    assert services.get_event(app_store, SLUG, UID).label == "Closed working lunch"


def test_the_staff_see_the_title_not_the_label(client, app_store):
    token = services.rotate_feed_token(app_store, SLUG)
    calendar = icalendar.Calendar.from_ical(client.get(f"/feeds/{token}.ics?lang=ru").data)
    lunch = next(e for e in calendar.walk("VEVENT") if str(e["UID"]).startswith(UID))
    assert str(lunch["SUMMARY"]) == "Рабочий обед в узком составе"


def test_a_new_own_language_takes_its_label_and_keeps_one_it_has_none_in(app_store):
    texts.set_languages(app_store, SLUG, "ru", ["en", "zh"])
    assert services.get_event(app_store, SLUG, UID).label == "Закрытый рабочий обед"
    texts.add_other_texts(app_store, "event", KEY, {"zh": {"label": ""}})
    texts.set_languages(app_store, SLUG, "zh", ["en", "ru"])
    assert services.get_event(app_store, SLUG, UID).label == "Закрытый рабочий обед"  # none in Chinese: kept
