"""Walk 5 (issue 16), helper jf's findings: forms and import semantics, readers' small defects. Each test names
the finding of ``walk5.md`` it guards."""

from __future__ import annotations

import pytest

from itinerary import texts
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
