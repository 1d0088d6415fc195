"""Walk 3, defects 2-4 (issue 16): the lines under a delegation's heading, the 'See:' links under warnings and the
editor pages' breadcrumb and title name things in the page's language, a fallback marked with its ``lang``."""

from __future__ import annotations

import pytest

from tests.web.html import parse

SLUG = "china-state-visit-2018"
PAGE = f"/itineraries/{SLUG}"
TITLES = {
    "ru": "Государственный визит в Китай и саммит ШОС, июнь 2018 года",
    "zh": "对中国进行国事访问并出席上海合作组织峰会（2018年6月）",
}


@pytest.mark.parametrize(
    ("lang", "lines"),
    [
        (
            "ru",
            [
                "Показаны только события с участием: Делегация Российской Федерации.",
                "Подписаться на программу (.ics): Делегация Российской Федерации",
            ],
        ),
        ("zh", ["仅显示俄罗斯联邦代表团成员参加的活动。", "订阅俄罗斯联邦代表团日程（.ics）"]),
    ],
)
def test_delegation_filter_lines_name_the_delegation_in_the_pages_language(client, lang, lines):
    section = parse(client.get(f"{PAGE}?delegation=russia&lang={lang}").data).one("section.delegation-filter")
    shown = section.one("p").text
    assert shown.startswith(lines[0])
    assert section.one("a.delegation-feed").text == lines[1]
    assert section.select("p [lang]") == []


@pytest.mark.parametrize(
    "path", ["events/cn2018-press/edit", "new-event", "feed-token/rotate", "import", "delete", "duplicate"]
)
@pytest.mark.parametrize("lang", ["ru", "zh"])
def test_editor_pages_name_the_itinerary_in_the_pages_language(client, editor, path, lang):
    doc = parse(client.get(f"{PAGE}/{path}?lang={lang}").data)
    crumb = doc.one(".breadcrumb a")
    assert (crumb.text, crumb.get("lang")) == (TITLES[lang], None)
    assert path == "feed-token/rotate" or TITLES[lang] in doc.one("title").text


@pytest.mark.parametrize(("lang", "title"), [("ru", "Изменить: Заявления для прессы"), ("zh", "编辑共同会见记者")])
def test_event_form_title_names_the_event_in_the_pages_language(client, editor, lang, title):
    doc = parse(client.get(f"{PAGE}/events/cn2018-press/edit?lang={lang}").data)
    assert doc.one("title").text.startswith(f"{title} · {TITLES[lang]}")
