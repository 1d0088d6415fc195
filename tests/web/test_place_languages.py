"""Venues' and participants' names and roles on the editors' pages in the page's language (issue 16): the event
form's choices and the venues and participants pages, the entered text marked with its language where the page's
language has none."""

from __future__ import annotations

import pytest

from itinerary import services, texts
from tests.web.html import parse

SLUG = "china-state-visit-2018"
EDIT = f"/itineraries/{SLUG}/events/cn2018-press/edit"


def test_event_form_offers_venues_and_participants_in_russian(client, editor):
    doc = parse(client.get(f"{EDIT}?lang=ru").data)
    hall = doc.one("#venue option[value=great-hall-of-the-people]")
    assert (hall.text, hall.get("lang")) == ("Дом народных собраний, Пекин", None)
    putin = doc.one("#participants input[value=vladimir-putin]").parent
    assert putin.one("label").text == "Владимир Путин (Президент России, Делегация Российской Федерации)"
    assert putin.select("[lang]") == []


def test_event_form_marks_a_venue_and_a_name_without_a_text_in_the_language(client, editor, app_store):
    fields = {"name": "Dacha", "city": "Beijing", "country": "China", "timezone": "Asia/Shanghai"}
    services.put_venue(app_store, key="dacha", latitude=39.9, longitude=116.4, **fields)
    doc = parse(client.get(f"{EDIT}?lang=zh").data)
    dacha = doc.one("#venue option[value=dacha]")
    assert (dacha.text, dacha.get("lang")) == ("Dacha，Beijing（北京）", "en")
    english = parse(client.get(f"{EDIT}?lang=en").data)
    assert english.one("#venue option[value=dacha]").get("lang") is None
    assert english.one("#venue option[value=great-hall-of-the-people]").text == ("Great Hall of the People, Beijing")


@pytest.mark.parametrize(
    ("lang", "hall", "putin"),
    [
        ("en", "Great Hall of the People", "Vladimir Putin"),
        ("ru", "Дом народных собраний", "Владимир Путин"),
        ("zh", "人民大会堂", "弗拉基米尔·普京"),
    ],
)
def test_places_pages_name_venues_and_participants_in_the_pages_language(client, editor, lang, hall, putin):
    venues = parse(client.get(f"/venues?lang={lang}").data)
    assert venues.one("li[data-key=great-hall-of-the-people] a").text == hall
    people = parse(client.get(f"/participants?lang={lang}").data)
    assert people.one("li[data-key=vladimir-putin] a").text == putin


def test_places_pages_mark_a_name_without_a_text_in_the_language(client, editor, app_store):
    texts.put_other_texts(app_store, "participant", "vladimir-putin", {"ru": {"name": "Владимир Путин"}})
    found = parse(client.get("/participants?lang=zh").data).one("li[data-key=vladimir-putin] a")
    assert (found.text, [s.get("lang") for s in found.select("[lang]")]) == ("Vladimir Putin", ["en"])
