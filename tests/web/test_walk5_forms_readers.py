"""Walk 5 (issue 16), helper jf's findings: forms and import semantics, readers' small defects. Each test names
the finding of ``walk5.md`` it guards."""

from __future__ import annotations

from datetime import datetime

import icalendar
import pytest

from itinerary import imports, releases, services, texts
from tests.builders import daily_briefing, when
from tests.web.forms import form_on, snapshot, submit
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


# Finding 2: a title imported in Russian only into the English itinerary is its own text, really in Russian: every
# page marks it lang="ru" where it falls back, the Russian page shows it as its own, feeds say LANGUAGE=ru.

RECEPTION = "Торжественный приём в честь визита"
RUSSIAN_ONLY = f"""BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//Test//Sample//EN\r
BEGIN:VEVENT\r
UID:reception-sample\r
DTSTAMP:20180601T000000Z\r
DTSTART:20180608T120000Z\r
DTEND:20180608T130000Z\r
SUMMARY;LANGUAGE=ru:{RECEPTION}\r
END:VEVENT\r
END:VCALENDAR\r
""".encode()


@pytest.fixture
def russian_only(app_store):
    imports.import_ics(app_store, SLUG, RUSSIAN_ONLY, editor="anna")
    releases.publish(app_store, SLUG)
    return "reception-sample"


@pytest.mark.parametrize(("lang", "mark"), [("en", "ru"), ("ru", None), ("zh", "ru")])
def test_programme_marks_a_russian_only_title_with_russian(client, russian_only, lang, mark):
    doc = parse(client.get(f"{PAGE}?lang={lang}").data)
    title = doc.one(f"li.entry[data-uid={russian_only}] h3.title a")
    assert (title.text, title.get("lang")) == (RECEPTION, mark)


@pytest.mark.parametrize(("lang", "mark"), [("en", "ru"), ("ru", None), ("zh", "ru")])
def test_event_page_marks_a_russian_only_title_with_russian(client, russian_only, lang, mark):
    heading = parse(client.get(f"{PAGE}/events/{russian_only}?lang={lang}").data).one("h1")
    marked = heading.select("[lang]")
    assert (heading.text, heading.get("lang") or (marked[0].get("lang") if marked else None)) == (RECEPTION, mark)


def test_feed_in_chinese_says_a_russian_only_title_is_russian(client, russian_only):
    feed = icalendar.Calendar.from_ical(client.get(f"/itineraries/{SLUG}.ics?lang=zh").data)
    (event,) = [e for e in feed.walk("VEVENT") if str(e["UID"]).startswith(russian_only)]
    assert (str(event["SUMMARY"]), event["SUMMARY"].params.get("LANGUAGE")) == (RECEPTION, "ru")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_changes_mark_a_russian_only_title_with_russian(client, russian_only, lang):
    named = parse(client.get(f"{PAGE}/changes?lang={lang}").data).select(".change-event")
    found = [(n.text, [e.get("lang") for e in n.select("[lang]")]) for n in named if n.text == RECEPTION]
    assert found == [(RECEPTION, ["ru"])]


# Finding 8: the languages form lists only the other languages; none ticked means the own language alone.

LANGUAGES_FORM = f"{PAGE}/languages"


@pytest.mark.parametrize("lang", ["en", "ru", "zh"])
def test_languages_form_does_not_offer_the_own_language_as_another(client, editor, lang):
    boxes = parse(client.get(f"{LANGUAGES_FORM}?lang={lang}").data).select("input[name=offered]")
    assert [(box.get("value"), box.get("checked") is not None) for box in boxes] == [("ru", True), ("zh", True)]


def test_languages_form_with_none_ticked_offers_the_own_language_alone(client, editor, app_store):
    response = submit(client, LANGUAGES_FORM, {"offered": None})
    assert response.status_code == 302
    assert texts.offered_languages(app_store, SLUG) == ("en",)
    assert "offered" not in form_on(client, LANGUAGES_FORM)  # nothing ticked again, not every language
    releases.publish(app_store, SLUG)
    for lang in ("ru", "zh"):
        block = parse(client.get(f"{PAGE}?lang={lang}").data).one("section.subscribe")
        assert block.one("#feed-web").get("value") == f"http://localhost/itineraries/{SLUG}.ics"
        event = parse(client.get(f"{PAGE}/events/sco2018-summit?lang={lang}").data).one("section.subscribe")
        assert event.one("#feed-web").get("value") == f"http://localhost/itineraries/{SLUG}/events/sco2018-summit.ics"


def test_languages_form_ticking_again_offers_them_again(client, editor, app_store):
    texts.set_languages(app_store, SLUG, "en", [])
    assert submit(client, LANGUAGES_FORM, {"offered": ["zh"]}).status_code == 302
    assert texts.offered_languages(app_store, SLUG) == ("en", "zh")


# Finding 19: the draft review marks the announcement's words (places, sentences, titles) with its language.


@pytest.mark.parametrize("lang", ["ru", "zh"])
def test_draft_review_marks_the_announcements_words_with_its_language(client, editor, lang):
    from tests.web.test_drafts import SEED, paste

    client.get(f"/?lang={lang}")  # the page's language, kept in the cookie
    doc = parse(paste(client, SEED).data)
    span = doc.one("p.draft-span")  # the cities in the page's language (walk 6, N4): nothing to mark
    assert ({"ru": "Пекин, Тяньцзинь", "zh": "北京、天津"}[lang] in span.text, span.select("[lang]")) == (True, [])
    lunch = doc.one("#proposal-7")
    assert lunch.one("blockquote.source").get("lang") == "en"
    assert (lunch.one("legend span").text, lunch.one("legend span").get("lang")) == (
        "Working lunch in narrow format",
        "en",
    )


def test_draft_review_in_the_announcements_language_marks_nothing(client, editor):
    from tests.web.test_drafts import SEED, paste

    doc = parse(paste(client, SEED).data)
    assert doc.select("p.draft-span [lang]") + doc.select(".proposals [lang]") == []
