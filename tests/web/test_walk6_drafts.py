"""Walk 6: drafts into an existing itinerary, in every language (findings N3, N4, N6, N7)."""

from __future__ import annotations

from pathlib import Path

import pytest

from itinerary import services, texts
from tests.web.forms import csrf_token, snapshot, submit
from tests.web.html import entry, form_values, parse

SLUG = "china-state-visit-2018"
CHINA = f"/itineraries/{SLUG}"
DRAFT = "/itineraries/draft"
DRAFTS = Path(__file__).resolve().parents[1] / "itinerary" / "data" / "drafts"
EN_SEED = (DRAFTS / "en-seed-state-visit.txt").read_text(encoding="utf-8")
RU_TASS = (DRAFTS / "ru-state-visit-tass.txt").read_text(encoding="utf-8")


def _review(client, text: str, lang: str, page_lang: str = "en", published: str = "2018-06-04"):
    data = {"csrf_token": csrf_token(client, DRAFT), "text": text, "published": published, "lang": lang}
    response = client.post(f"{DRAFT}?lang={page_lang}", data=data)
    assert response.status_code == 200, response.text
    return parse(response.data)


def test_draft_into_existing_itinerary_gives_new_city_venues_every_language(client, editor, app_store):
    known = {v.key for v in services.list_venues(app_store)}
    values = form_values(_review(client, EN_SEED, "en").one("form.review-form"))
    values |= {"target": "existing", "existing": SLUG}

    assert client.post(f"{DRAFT}/accept", data=values).status_code == 302

    added = {v.key for v in services.list_venues(app_store)} - known
    assert "beijing" in added
    assert texts.texts_of(app_store, "venue", "beijing")[0] == {
        "name": {"": "Beijing", "ru": "Пекин", "zh": "北京"},
        "city": {"": "Beijing", "ru": "Пекин", "zh": "北京"},
    }
    for key in added:
        every = texts.texts_of(app_store, "venue", key)[0]
        assert set(every["city"]) == {"", "ru", "zh"}, key
    # The Chinese and Russian programmes say the new venues' cities in their language (were "Beijing", unmarked).
    events = [
        e for e in services.list_events(app_store, SLUG) if e.venue and e.venue.key == "beijing" and not e.destination
    ]
    assert events
    for lang, city in (("zh", "北京"), ("ru", "Пекин")):
        page = parse(client.get(f"{CHINA}?lang={lang}").data)
        details = entry(page, events[0].uid).one("p.details")
        assert details.text.endswith(f" · {city}"), details.text
        assert "Beijing" not in details.text


VISIT = {
    "en": "The visit: 8 June 2018 to 10 June 2018, in {}.",
    "ru": "Визит: с 8 июня 2018 г. по 10 июня 2018 г., {}.",  # the parser reads U+202F as a space
    "zh": "访问：2018年6月8日至2018年6月10日，地点：{}。",
}
CITIES = {
    "en": ["Beijing", "Tianjin", "Qingdao"],
    "ru": ["Пекин", "Тяньцзинь", "Циндао"],
    "zh": ["北京", "天津", "青岛"],
}
SEPARATOR = {"en": ", ", "ru": ", ", "zh": "、"}


@pytest.mark.parametrize("page_lang", ["en", "ru", "zh"])
@pytest.mark.parametrize(("text", "count"), [(RU_TASS, 3), (EN_SEED, 2)], ids=["ru", "en"])
def test_draft_review_says_the_visits_cities_in_the_page_language(client, editor, text, count, page_lang):
    line = _review(client, text, "", page_lang).one("p.draft-span")

    cities = SEPARATOR[page_lang].join(CITIES[page_lang][:count])
    assert line.text.startswith(VISIT[page_lang].format(cities) + " "), line.text
    assert line.select("span") == []  # every city has its name in the page's language: nothing falls back


SUMMARY = {
    "en": ("{}, title in English", ": give the title in English"),
    "ru": ("{}, название на английском", ": укажите название на английском"),
    "zh": ("{}，英语名称", "：请填写英语名称"),
}


@pytest.mark.parametrize("page_lang", ["en", "ru", "zh"])
def test_own_title_refusal_names_the_language_and_marks_the_proposals_title(client, editor, app_store, page_lang):
    review = _review(client, RU_TASS, "ru", page_lang)
    values = form_values(review.one("form.review-form")) | {"target": "existing", "existing": SLUG}
    first = values["proposals-0-title"]
    before = snapshot(app_store)

    response = client.post(f"{DRAFT}/accept?lang={page_lang}", data=values)

    assert response.status_code == 400
    assert snapshot(app_store) == before
    page = parse(response.data)
    item = page.select("div.error-summary li")[0]
    link, said = SUMMARY[page_lang]
    assert (item.one("a").text, item.text[len(item.one("a").text) :]) == (link.format(first), said)
    # The announcement's title marked as Russian where the page is not (the summary's link read it unmarked).
    assert [(s.text, s.get("lang")) for s in item.select("a span")] == ([] if page_lang == "ru" else [(first, "ru")])
    label = page.one('label[for="proposals-0-own_title"]')
    assert label.text == {"en": "Title in English", "ru": "Название на английском", "zh": "英语名称"}[page_lang]


# N7: the languages form's refusal lists the titles missing a text, each the own language's text, marked so
OWN_LANGUAGE = {
    "en": "Chinese cannot be the own language: 1 title has no text in it (Press statements); add it first",
    "ru": "Язык «китайский» нельзя сделать основным: у 1 названия нет текста на нём (Press statements); "
    "сначала добавьте его",
    "zh": "无法将中文设为原始语言：有1个名称没有该语言的文本（Press statements）；请先添加",
}


@pytest.mark.parametrize(("page_lang", "marked"), [("en", []), ("ru", ["en"]), ("zh", ["en"])])
def test_languages_refusal_marks_each_missing_title_with_the_own_language(client, editor, app_store, page_lang, marked):
    key = texts.event_texts_key(SLUG, "cn2018-press")
    found, _ = texts.texts_of(app_store, "event", key)
    found["title"].pop("zh")
    texts.save_texts(app_store, "event", key, found)
    before = snapshot(app_store)
    client.set_cookie("lang", page_lang)

    response = submit(client, f"{CHINA}/languages", {"language": "zh", "offered": []})

    assert response.status_code == 400
    error = parse(response.data).one("#language-error")
    assert error.text == OWN_LANGUAGE[page_lang]
    assert [s.get("lang") for s in error.select("span") if s.text == "Press statements"] == marked
    assert snapshot(app_store) == before
