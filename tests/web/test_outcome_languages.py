"""An event's outcomes (documents signed, statements adopted) in every language: the translations form, the pages,
the feeds and their import, the seed's in three languages."""

from __future__ import annotations

import icalendar
import pytest

from itinerary import imports, services, texts
from itinerary.languages import event_key
from itinerary.model import Outcome
from tests.web.forms import form_on, snapshot, submit
from tests.web.html import page, parse

SLUG = "china-state-visit-2018"
UID = "cn2018-signing"
FORM = f"/itineraries/{SLUG}/events/{UID}/translations"
KEY = event_key(SLUG, UID)
RU = [
    "Документы о сотрудничестве в области торговли",
    "Документы о сотрудничестве в области энергетики",
    "Документы о сотрудничестве в космической сфере",
    "Документы о защите интеллектуальной собственности",
    "Совместные заявления о практическом сотрудничестве и международных делах",
]
AREAS = ("trade", "energy", "outer space", "intellectual property", "international affairs")


def test_the_form_shows_the_outcomes_one_per_line_in_each_language(client, editor):
    values = form_on(client, FORM)
    assert values["outcomes_ru"].splitlines() == RU
    assert values["outcomes_zh"].splitlines()[0] == "贸易领域合作文件"
    assert (
        values["outcomes_en"].splitlines()[-1] == "Joint statements on practical cooperation and international affairs"
    )
    doc = parse(client.get(FORM + "?lang=ru").data)
    assert doc.one("label[for=outcomes_zh]").text == "Итоги (китайский)"
    assert doc.one("#outcomes_zh").get("lang") == "zh"
    assert doc.texts("fieldset .hint") == [
        "Подписанные документы и принятые заявления: по одному названию в строке, в том же порядке, что и на "
        "основном языке."
    ]


def test_a_language_s_outcomes_as_a_phone_keyboard_sends_them_are_saved(client, editor, app_store):
    lines = "Торговля\r\n\r\n  Энергетика  \r\nКосмос\r\nИнтеллектуальная собственность\r\nЗаявления\r\n"
    response = submit(client, FORM, {"outcomes_ru": lines})
    assert response.status_code == 302
    items = page(client, f"/itineraries/{SLUG}/events/{UID}?lang=ru").select("ul.outcomes li")
    assert [li.text for li in items] == [
        "Торговля",
        "Энергетика",
        "Космос",
        "Интеллектуальная собственность",
        "Заявления",
    ]


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        (
            "en",
            "give one title per line for each of the 5 outcomes, in their order, or leave it empty to show the own "
            "language's",
        ),
        (
            "ru",
            "укажите по одному названию в строке для каждого из 5 итогов, в том же порядке, или оставьте поле пустым, "
            "чтобы показывались итоги на основном языке",
        ),
    ],
)
def test_outcomes_that_are_not_one_per_outcome_are_refused_and_nothing_changes(
    client, editor, app_store, lang, message
):
    before = snapshot(app_store)
    response = submit(client, FORM + f"?lang={lang}", {"outcomes_zh": "只有一项", "title_zh": "新标题"})
    assert response.status_code == 400
    assert parse(response.data).one("#outcomes_zh-error").text == message
    assert snapshot(app_store) == before


def test_the_own_outcomes_change_from_the_form_keeping_their_areas(client, editor, app_store):
    own = form_on(client, FORM)["outcomes_en"].splitlines()
    own[0] = "Agreements on trade"
    response = submit(client, FORM, {"outcomes_en": "\n".join(own)})
    assert response.status_code == 302
    event = services.get_event(app_store, SLUG, UID)
    assert event.outcomes[0] == Outcome("Agreements on trade", "trade")
    assert tuple(o.area for o in event.outcomes) == AREAS
    assert event.sequence == 1  # a subscriber sees the change


def test_an_outcome_removed_from_the_middle_leaves_the_others_their_areas(client, editor, app_store):
    own = form_on(client, FORM)["outcomes_en"].splitlines()
    del own[2]
    response = submit(client, FORM, {"outcomes_en": "\n".join(own), "outcomes_ru": "", "outcomes_zh": ""})
    assert response.status_code == 302
    event = services.get_event(app_store, SLUG, UID)
    assert [(o.title, o.area) for o in event.outcomes][2] == (
        "Documents on intellectual property protection",
        "intellectual property",
    )
    assert tuple(o.area for o in event.outcomes) == AREAS[:2] + AREAS[3:]


def test_the_outcomes_areas_show_every_line_and_are_described_by_the_hint(client, editor):
    doc = parse(client.get(FORM).data)
    assert {doc.one(f"#outcomes_{lang}").get("rows") for lang in ("en", "ru", "zh")} == {"6"}
    assert doc.one("#outcomes-hint").text.startswith("The documents signed or statements adopted")
    assert [f.get("aria-describedby") for f in doc.select("fieldset.field-group")].count("outcomes-hint") == 1


def test_outcomes_written_for_other_outcomes_fall_back_to_the_own_ones_marked(client, app_store):
    services.update_event(app_store, SLUG, UID, outcomes=(Outcome("One treaty", "trade"),))
    items = page(client, f"/itineraries/{SLUG}/events/{UID}?lang=ru").select("ul.outcomes li")
    assert [li.text for li in items] == ["One treaty (торговля)"]
    assert [span.get("lang") for span in items[0].select("span")] == ["en"]


def _signing(client, lang: str) -> icalendar.Event:
    calendar = icalendar.Calendar.from_ical(client.get(f"/itineraries/{SLUG}.ics?lang={lang}").data)
    return next(e for e in calendar.walk("VEVENT") if str(e["UID"]).startswith(UID))


def test_a_feed_in_russian_lists_the_russian_outcomes_marked(client):
    event = _signing(client, "ru")
    assert str(event["DESCRIPTION"]).endswith("Итоги: " + "; ".join(RU))
    lines = event["X-ITINERARY-OUTCOME"]
    assert [str(line) for line in lines] == RU
    assert {line.params["LANGUAGE"] for line in lines} == {"ru"}
    assert [line.params.get("X-AREA", "") for line in lines] == [""] * 5  # each title names its area


def test_importing_our_russian_feed_keeps_the_stored_outcomes_and_takes_the_russian_ones_as_russian(client, app_store):
    body = client.get(f"/itineraries/{SLUG}.ics?lang=ru").data
    texts.put_other_texts(app_store, "event", KEY, {"ru": {"title": "Подписание"}})  # no Russian outcomes now
    imports.import_ics(app_store, SLUG, body, uid_domain="itinerary.test")
    event = services.get_event(app_store, SLUG, UID)
    assert tuple(o.area for o in event.outcomes) == AREAS
    assert event.outcomes[0].title == "Documents on cooperation in trade"
    found, _ = texts.texts_of(app_store, "event", KEY)
    assert found["outcomes"]["ru"].splitlines() == RU


def test_a_new_own_language_takes_its_outcomes_where_it_has_them(app_store):
    texts.set_languages(app_store, SLUG, "ru", ["en", "zh"])
    event = services.get_event(app_store, SLUG, UID)
    assert [o.title for o in event.outcomes] == RU
    assert tuple(o.area for o in event.outcomes) == AREAS  # areas are kept by position
    found, _ = texts.texts_of(app_store, "event", KEY)
    assert found["outcomes"]["en"].splitlines()[0] == "Documents on cooperation in trade"


def test_a_new_own_language_without_outcomes_keeps_them(app_store):
    texts.put_other_texts(app_store, "event", KEY, {"ru": {"title": "Подписание"}, "zh": {"title": "签署"}})
    texts.set_languages(app_store, SLUG, "ru", ["en", "zh"])
    event = services.get_event(app_store, SLUG, UID)
    assert event.outcomes[0] == Outcome("Documents on cooperation in trade", "trade")
    assert len(event.outcomes) == 5
