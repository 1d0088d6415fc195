"""Walk 6 (issue 16), helper kc: one message for one typed mistake on the event form (walk-5 finding 11), and a
draft accepted twice into the same itinerary (N8). Each refused with nothing stored changed."""

from __future__ import annotations

from pathlib import Path

import pytest

from itinerary import services
from tests.web.forms import csrf_token, snapshot, submit
from tests.web.html import form_values, parse

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


# N8: the same announcement accepted twice into the same itinerary: the proposals already there are shown unticked
# with a note (checked at accept time: the itinerary is chosen on the review page); ticked again, they are added.

DRAFT = "/itineraries/draft"
EN_ALASKA = (Path(__file__).resolve().parents[1] / "itinerary" / "data" / "drafts" / "en-alaska-summit.txt").read_text(
    encoding="utf-8"
)
ALREADY = {
    "en": "already in this itinerary: “{title}”, 15 August 2025; tick it again to add it anyway",
    "ru": "уже есть в этой программе: «{title}», 15 августа 2025 г.; чтобы всё же добавить, отметьте снова",
    "zh": "此日程中已有：“{title}”，2025年8月15日；如仍要添加，请再次勾选",
}


def _review(client, page_lang: str = "en") -> dict:
    data = {"csrf_token": csrf_token(client, DRAFT), "text": EN_ALASKA, "published": "2025-08-12", "lang": "en"}
    response = client.post(f"{DRAFT}?lang={page_lang}", data=data)
    assert response.status_code == 200, response.text
    return form_values(parse(response.data).one("form.review-form")) | {"target": "existing", "existing": SLUG}


def _only(values: dict, *kept: int) -> dict:
    return {k: v for k, v in values.items() if not (k.endswith("-accept") and int(k.split("-")[1]) not in kept)}


def _titles(store) -> list[str]:
    return sorted(e.title for e in services.list_events(store, SLUG))


@pytest.mark.parametrize("lang", ["en", "ru", "zh"])
def test_a_draft_accepted_twice_shows_the_proposals_already_there_unticked_with_a_note(client, app_store, lang):
    values = _review(client, lang)
    title = values["proposals-0-title"]
    assert client.post(f"{DRAFT}/accept?lang={lang}", data=_only(values, 0)).status_code == 302
    before = snapshot(app_store)

    response = client.post(f"{DRAFT}/accept?lang={lang}", data=_only(values, 0, 1))

    assert response.status_code == 400
    page = parse(response.data)
    note = page.one("#proposals-0-accept-error")
    assert note.text == ALREADY[lang].format(title=title)
    assert [span.get("lang") for span in note.select("span")] == ([] if lang == "en" else ["en"])
    again = form_values(page.one("form.review-form"))
    assert ("proposals-0-accept" in again, "proposals-1-accept" in again) == (False, True)
    assert page.select("#proposals-1-accept-error") == []
    assert snapshot(app_store) == before

    added = client.post(f"{DRAFT}/accept?lang={lang}", data=again)  # as shown: the one already there left out
    assert added.status_code == 302
    assert _titles(app_store).count(title) == 1
    assert _titles(app_store).count(values["proposals-1-title"]) == 1


def test_a_proposal_ticked_again_after_the_note_is_added_anyway(client, app_store):
    values = _review(client)
    title = values["proposals-0-title"]
    assert client.post(f"{DRAFT}/accept", data=_only(values, 0)).status_code == 302
    again = form_values(parse(client.post(f"{DRAFT}/accept", data=_only(values, 0)).data).one("form.review-form"))

    response = client.post(f"{DRAFT}/accept", data=again | {"proposals-0-accept": "y"})

    assert response.status_code == 302
    assert _titles(app_store).count(title) == 2
