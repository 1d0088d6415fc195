"""Walk 5 (issue 16), helper jf's findings: forms and import semantics, readers' small defects. Each test names
the finding of ``walk5.md`` it guards."""

from __future__ import annotations

import pytest

from datetime import datetime

from itinerary import releases, services, texts
from tests.builders import daily_briefing, when
from tests.web.forms import snapshot, submit
from tests.web.html import parse

SLUG = "china-state-visit-2018"
PAGE = f"/itineraries/{SLUG}"


# Finding 22: the reader's query is in a language nobody said; the quotes around it are the page's.


@pytest.mark.parametrize("lang", ["en", "ru", "zh"])
def test_search_marks_the_query_as_of_no_known_language(client, lang):
    doc = parse(client.get(f"/search?q=хоккей&lang={lang}").data)
    said = doc.one("p[role=status]")
    query = said.one("q > span")
    assert (query.text, query.get("lang"), said.one("q").get("lang")) == ("хоккей", "", None)


@pytest.mark.parametrize("lang", ["en", "ru", "zh"])
def test_search_finding_nothing_marks_the_query_as_of_no_known_language(client, lang):
    said = parse(client.get(f"/search?q=Quidditch&lang={lang}").data).one("p[role=status]")
    assert (said.one("q > span").text, said.one("q > span").get("lang")) == ("Quidditch", "")


# Finding 24: the venue page names each event's itinerary by its title in the page's language, linked, not its slug.

TITLES = {
    "en": "State visit to China and the SCO summit, June 2018",
    "ru": "Государственный визит в Китай и саммит ШОС, июнь 2018 года",
    "zh": "对中国进行国事访问并出席上海合作组织峰会（2018年6月）",
}


@pytest.mark.parametrize(
    ("lang", "day"),
    [("en", "Friday 8 June 2018"), ("ru", "пятница, 8 июня 2018 г."), ("zh", "2018年6月8日星期五")],
)
def test_venue_page_names_the_itinerary_by_its_title(client, editor, lang, day):
    details = parse(client.get(f"/venues/tianjin-ice-arena?lang={lang}").data).select(".uses .record-details")[0]
    link = details.one("a")
    assert (details.text, link.get("href"), details.select("[lang]")) == (f"{day} · {TITLES[lang]}", PAGE, [])


def test_venue_page_marks_an_itinerary_title_without_a_text_in_the_language(client, editor, app_store):
    texts.put_other_texts(app_store, "itinerary", SLUG, {"ru": {"title": TITLES["ru"]}})  # no Chinese title
    link = parse(client.get("/venues/tianjin-ice-arena?lang=zh").data).select(".uses .record-details a")[0]
    assert (link.text, link.one("span").get("lang")) == (TITLES["en"], "en")


# Finding 21: the move form sent back as it came moves nothing, logs nothing and says so.

STILL = {
    "en": "Nothing changed: the occurrence is still at 10 June 2018, 06:00.",
    "ru": "Ничего не изменилось: повторение по-прежнему назначено на 10 июня 2018 г., 06:00.",
    "zh": "未作任何更改：该场次仍定于2018年6月10日 06:00。",
}


@pytest.mark.parametrize("lang", ["en", "ru", "zh"])
def test_unchanged_move_form_says_nothing_moved_and_stores_nothing(client, editor, app_store, lang):
    daily_briefing(app_store, SLUG)
    moved = datetime(2018, 6, 10, 7, 0)  # 10 June, 07:00 Beijing, moved to 06:00 once already
    services.change_occurrence(app_store, SLUG, "briefing", moved, **when("2018-06-10 06:00", "06:30"))
    before, logged = snapshot(app_store), releases.changes(app_store, SLUG)
    response = submit(client, f"{PAGE}/events/briefing/occurrences/20180609T230000Z/move?lang={lang}")
    assert response.status_code == 302
    assert parse(client.get(response.location).data).texts(".flash") == [STILL[lang]]
    assert (snapshot(app_store), releases.changes(app_store, SLUG)) == (before, logged)
