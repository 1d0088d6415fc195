"""Walk 3's defects 1, 7 and 9: days said in the itinerary's zone and zones by their city in every language."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from itinerary import services
from tests.conftest import make_event
from tests.web.conftest import PASSWORD
from tests.web.forms import sign_in, submit
from tests.web.html import parse

SLUG = "china-state-visit-2018"
S = f"/itineraries/{SLUG}"
HOCKEY = "cn2018-hockey-tianjin"
LATE = datetime(2018, 6, 8, 18, 32, tzinfo=UTC)  # 02:32 on 9 June in Asia/Shanghai

PUBLISHED = {
    "en": "Published release 2 (9 June 2018, 02:32 Beijing, UTC+8): readers and feeds see it now.",
    "ru": "Опубликован выпуск 2 (9 июня 2018 г., 02:32 Пекин, UTC+8): читатели и подписки уже видят его.",
    "zh": "已发布第2版（2018年6月9日 02:32 北京，UTC+8）：读者和订阅源现在即可看到。",
}


@pytest.mark.parametrize("lang", ["en", "ru", "zh"])
def test_publish_flash_after_midnight_in_the_itinerarys_zone_says_its_day(client, drafts, editor, clock, lang):
    clock.now = LATE
    sign_in(client, editor, PASSWORD)  # days on, the first session has ended
    services.update_event(drafts, SLUG, HOCKEY, title="Hockey")
    response = submit(client, f"{S}/publish?lang={lang}", {"note": ""})
    assert response.status_code == 302, response.text
    assert parse(client.get(f"{S}?lang={lang}").data).texts(".flash") == [PUBLISHED[lang]]


MOVED = {
    "en": "Moved the occurrence of Night shift that was on 9 June 2018, 02:00.",
    "ru": "Перенесено повторение «Night shift», назначенное на 9 июня 2018 г., 02:00.",
    "zh": "已调整“Night shift”原定于2018年6月9日 02:00的场次。",
}


@pytest.mark.parametrize("lang", ["en", "ru", "zh"])
def test_move_flash_for_an_occurrence_after_midnight_says_its_day(client, app_store, editor, clock, lang):
    clock.now = LATE
    sign_in(client, editor, PASSWORD)  # days on, the first session has ended
    make_event(
        app_store, SLUG, uid="night", title="Night shift", start=datetime(2018, 6, 9, 2, 0),
        end=datetime(2018, 6, 9, 3, 0), rrule="FREQ=DAILY;COUNT=2",
    )  # fmt: skip
    url = f"{S}/events/night/occurrences/20180608T180000Z/move?lang={lang}"
    changes = {"start_date": "2018-06-09", "start_time": "04:00", "end_date": "2018-06-09", "end_time": "05:00"}
    response = submit(client, url, changes)
    assert response.status_code == 302, response.text
    assert parse(client.get(response.location).data).texts(".flash") == [MOVED[lang]]


STARTS = {
    "en": "Start: 8 June 2018, 15:00 Beijing → 8 June 2018, 15:30 Beijing",
    "ru": "Начало: 8 июня 2018 г., 15:00 Пекин → 8 июня 2018 г., 15:30 Пекин",
    "zh": "开始：2018年6月8日 15:00 北京 → 2018年6月8日 15:30 北京",
}


@pytest.mark.parametrize("lang", ["en", "ru", "zh"])
def test_changes_page_says_a_moved_start_with_babel_dates_and_city_in_every_language(client, app_store, clock, lang):
    event = services.get_event(app_store, SLUG, HOCKEY)
    clock.now += timedelta(minutes=1)
    later = timedelta(minutes=30)
    services.update_event(app_store, SLUG, HOCKEY, start=event.timing.start + later, end=event.timing.end + later)
    doc = parse(client.get(f"{S}/changes?lang={lang}").data)
    assert STARTS[lang] in doc.texts("ol.changes li.change .change-fields li")


SEED_NOTE = {
    "en": "loaded from china-state-visit-2018.toml",
    "ru": "загружено из файла china-state-visit-2018.toml",
    "zh": "从文件 china-state-visit-2018.toml 载入",
}


@pytest.mark.parametrize(("lang", "marks"), [("en", [None]), ("ru", [None]), ("zh", [None])])
def test_release_note_is_marked_with_the_itinerarys_language_on_pages_in_another(client, lang, marks):
    # The seed's note is the service's own, said in the page's language (walk 4); an editor's note stays as typed,
    # marked with the itinerary's language (tests/web/test_walk4_generated_text.py).
    notes = parse(client.get(f"{S}?lang={lang}").data).select(".version-list .release-note")
    assert [note.text for note in notes] == [SEED_NOTE[lang]]
    assert [note.get("lang") for note in notes] == marks
    notes = parse(client.get(f"{S}/releases?lang={lang}").data).select(".release-note")
    assert [note.get("lang") for note in notes] == marks
