"""Walk 4, defects 8 and 9 (issue 16): what the service writes itself says it in the page's language. The release
notes it writes ("published on save", "loaded from …") on the itinerary page's history, the releases page and the
compare page, an editor's note as typed; the import page's refusals and the notes flashed after an import."""

from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path

import pytest

from itinerary import releases, services
from tests.web.forms import csrf_token, snapshot
from tests.web.html import parse

DATA = Path(__file__).parents[1] / "itinerary" / "data" / "texts"
SLUG = "china-state-visit-2018"
S = f"/itineraries/{SLUG}"
HOCKEY = "cn2018-hockey-tianjin"
SEED_NOTE = {
    "en": "loaded from china-state-visit-2018.toml",
    "ru": "загружено из файла china-state-visit-2018.toml",
    "zh": "从文件 china-state-visit-2018.toml 载入",
}
ON_SAVE = {"en": "published on save", "ru": "опубликовано при сохранении", "zh": "保存时发布"}


@pytest.mark.parametrize("lang", ["en", "ru", "zh"])
def test_the_seeds_release_note_is_said_in_the_pages_language_unmarked(client, lang):
    history = parse(client.get(f"{S}?lang={lang}").data).select(".version-list .release-note")
    listed = parse(client.get(f"{S}/releases?lang={lang}").data).select(".release-note")
    for notes in (history, listed):
        assert [(note.text, note.get("lang")) for note in notes] == [(SEED_NOTE[lang], None)]


@pytest.mark.parametrize("lang", ["en", "ru", "zh"])
def test_a_release_published_on_save_says_so_in_the_pages_language(app, app_store, clock, lang):
    clock.now += timedelta(minutes=1)
    services.update_event(app_store, SLUG, HOCKEY, description="Two teams.")  # the tests' app publishes every save
    reader = app.test_client()
    notes = parse(reader.get(f"{S}/releases?lang={lang}").data).select(".release-note")
    assert [(note.text, note.get("lang")) for note in notes] == [(ON_SAVE[lang], None), (SEED_NOTE[lang], None)]
    compared = parse(reader.get(f"{S}/versions/compare?from=1&to=2&lang={lang}").data)
    assert [note.text for note in compared.select(".release-note")] == [SEED_NOTE[lang], ON_SAVE[lang]]


@pytest.mark.parametrize(("lang", "mark"), [("en", None), ("ru", "en"), ("zh", "en")])
def test_an_editors_note_stays_as_typed_marked_with_the_itinerarys_language(app, drafts, clock, lang, mark):
    clock.now += timedelta(minutes=1)
    services.update_event(drafts, SLUG, HOCKEY, description="Two teams.")
    releases.publish(drafts, SLUG, editor="anna", note="Hockey: two teams")
    notes = parse(app.test_client().get(f"{S}/releases?lang={lang}").data).select(".release-note")
    assert [(note.text, note.get("lang")) for note in notes] == [
        ("Hockey: two teams", mark),
        (SEED_NOTE[lang], None),
    ]


# The import page: refusals listed, notes flashed, a file refused whole, in the page's language.


@pytest.fixture(autouse=True)
def _pending_in_tmp(app, tmp_path):
    app.config["PENDING_IMPORTS_PATH"] = str(tmp_path / "pending")


def _upload(client, lang: str, data: bytes, name: str = "calendar.ics", follow: bool = False):
    url = f"{S}/import?lang={lang}"
    form = {"csrf_token": csrf_token(client, url), "file": (io.BytesIO(data), name)}
    return client.post(url, data=form, follow_redirects=follow)


CHOICES = (
    "talks, ceremony, press, travel, meal, culture, summit-session, summit, arrival, departure, meeting, call, other"
)
CHOICES_ZH = CHOICES.replace(", ", "、")  # listed as Chinese lists names
REFUSED = {
    "en": [
        "line 4: event no-start@example.org ('Briefing'): start: the event has no DTSTART",
        "line 11: event lunar@example.org ('Signal window'): timezone: time zone 'Lunar Base Time' is neither an "
        "IANA zone nor defined in the file",
        "line 20: event hourly@example.org ('Press check'): rrule: FREQ must be one of DAILY, WEEKLY, MONTHLY or "
        "YEARLY",
        f"line 30: event picnic@example.org ('Picnic'): kind: unknown kind 'picnic'; choose one of: {CHOICES}",
    ],
    "ru": [
        "строка 4: мероприятие no-start@example.org («Briefing»): Начало: у мероприятия нет DTSTART (начала)",
        "строка 11: мероприятие lunar@example.org («Signal window»): Часовой пояс: часовой пояс «Lunar Base Time» "
        "не является поясом IANA и не определён в файле",
        "строка 20: мероприятие hourly@example.org («Press check»): Повторяется: FREQ должно быть одним из: DAILY, "
        "WEEKLY, MONTHLY или YEARLY",
        "строка 30: мероприятие picnic@example.org («Picnic»): Вид: неизвестный вид «picnic»; выберите одно из "
        f"значений: {CHOICES}",
    ],
    "zh": [
        "第4行：活动 no-start@example.org（“Briefing”）：开始：活动没有 DTSTART（开始时间）",
        "第11行：活动 lunar@example.org（“Signal window”）：时区：时区“Lunar Base Time”既不是 IANA 时区，"
        "也未在文件中定义",
        "第20行：活动 hourly@example.org（“Press check”）：重复：FREQ 必须是 DAILY、WEEKLY、MONTHLY 或 YEARLY 之一",
        f"第30行：活动 picnic@example.org（“Picnic”）：类别：未知类别“picnic”；请从以下选项中选择：{CHOICES_ZH}",
    ],
}


@pytest.mark.parametrize("lang", ["en", "ru", "zh"])
def test_import_page_lists_each_refusal_by_its_field_in_the_pages_language_and_stores_nothing(
    client, editor, app_store, lang
):
    before = snapshot(app_store)
    response = _upload(client, lang, (DATA / "thunderbird-refused.ics").read_bytes())
    assert response.status_code == 400
    assert parse(response.data).texts(".import-problems li.problem") == REFUSED[lang]
    assert snapshot(app_store) == before


NOT_ICALENDAR = {
    "en": "this is not an iCalendar file (it must begin with BEGIN:VCALENDAR)",
    "ru": "это не файл iCalendar (он должен начинаться с BEGIN:VCALENDAR)",
    "zh": "这不是 iCalendar 文件（文件必须以 BEGIN:VCALENDAR 开头）",
}


@pytest.mark.parametrize("lang", ["en", "ru", "zh"])
def test_a_file_that_is_no_calendar_is_refused_in_the_pages_language(client, editor, app_store, lang):
    before = snapshot(app_store)
    response = _upload(client, lang, b"Agenda: arrivals at nine")
    assert response.status_code == 400
    assert parse(response.data).one("#file-error").text == NOT_ICALENDAR[lang]
    assert snapshot(app_store) == before


NOTES = {
    "en": [
        "'Встреча с министром': Windows zone 'Russian Standard Time' read as Europe/Moscow",
        "'Встреча с министром': dropped PRIORITY, X-MICROSOFT-CDO-BUSYSTATUS, X-MICROSOFT-CDO-IMPORTANCE, "
        "an alarm (VALARM)",
    ],
    "ru": [
        "«Встреча с министром»: часовой пояс Windows «Russian Standard Time» прочитан как Europe/Moscow",
        "«Встреча с министром»: не импортировано: PRIORITY, X-MICROSOFT-CDO-BUSYSTATUS, X-MICROSOFT-CDO-IMPORTANCE, "
        "напоминание (VALARM)",
    ],
    "zh": [
        "“Встреча с министром”：Windows 时区“Russian Standard Time”按 Europe/Moscow 读取",
        "“Встреча с министром”：未导入 PRIORITY，X-MICROSOFT-CDO-BUSYSTATUS，X-MICROSOFT-CDO-IMPORTANCE，"
        "提醒（VALARM）",
    ],
}


@pytest.mark.parametrize("lang", ["en", "ru", "zh"])
def test_import_notes_are_flashed_in_the_pages_language(client, editor, lang):
    response = _upload(client, lang, (DATA / "outlook-russian-language.ics").read_bytes(), follow=True)
    assert parse(response.data).texts(".flash-info") == NOTES[lang]
