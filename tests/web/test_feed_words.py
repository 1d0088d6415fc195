"""The words a feed writes itself ("Format: …", "Participants: …") in the feed's language, as the pages say them.

Feeds are rendered by the domain, which keeps its own copy of these words (:mod:`itinerary.ical.words`); these
tests hold that copy to the web catalog's, and read the seed's feeds in each language back with two parsers.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import icalendar
import pytest
from flask_babel import force_locale, gettext, pgettext
from ical.calendar_stream import IcsCalendarStream

from itinerary import services, texts
from itinerary.ical.words import WORDS
from itinerary.languages import LANGUAGES, event_key
from itinerary.model import Format, Kind, TravelMode
from tests.web.html import parse
from web import words as page_words

SLUG = "china-state-visit-2018"
TALKS = "cn2018-talks-narrow"
FLIGHT = "cn2018-flight-qingdao"

# Each label of the readable lines and the catalog's message for the same thing on the event page.
LABELS = {
    "format": "Format",
    "origin": "From",
    "destination": "To",
    "travel": "Travel",
    "participants": "Participants",
    "outcomes": "Outcomes",
}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_feed_words_are_the_catalogs(app, lang):
    words = WORDS[lang]
    with app.test_request_context(), force_locale(lang):
        assert {name: getattr(words, name) for name in LABELS} == {
            name: pgettext("how a travel leg goes", msgid) if name == "travel" else gettext(msgid)
            for name, msgid in LABELS.items()
        }
        assert dict(words.formats) == {f: page_words.format_word(f) for f in Format if f is not Format.NONE}
        assert dict(words.modes) == {m: page_words.mode_word(m) for m in TravelMode}
        # A kind is the first category, lower case as categories are written (English: its label).
        kinds = {kind: kind.label if lang == "en" else page_words.kind_word(kind).lower() for kind in Kind}
        assert dict(words.kinds) == kinds
        said = {area: str(word) for area, word in page_words.OUTCOME_AREAS.items()}
        assert dict(words.areas) == ({} if lang == "en" else said)


def _event(client, lang: str, uid: str, path: str = f"/itineraries/{SLUG}.ics") -> icalendar.Event:
    body = client.get(path + (f"?lang={lang}" if lang else "")).data
    calendar = icalendar.Calendar.from_ical(body)
    # The strict parser reads the same feed, each description exactly as the library does.
    strict = {e.uid: e.description for e in IcsCalendarStream.calendar_from_ics(body.decode()).events}
    found = {str(e["UID"]).partition("@")[0]: e for e in calendar.walk("VEVENT")}
    assert strict[str(found[uid]["UID"])] == str(found[uid]["DESCRIPTION"])
    return found[uid]


TALKS_LINES = {
    "": "Format: narrow format\nParticipants: Vladimir Putin (President of Russia, Russia); Xi Jinping (President of "
    "China, China); Yuri Ushakov (Presidential aide, Russia)",
    "ru": "Формат: в узком составе\nУчастники: Владимир Путин (Президент России, Делегация Российской Федерации); Си "
    "Цзиньпин (Председатель КНР, Делегация Китайской Народной Республики); Юрий Ушаков (Помощник Президента России, "
    "Делегация Российской Федерации)",
    "zh": "形式：小范围\n参加人员：弗拉基米尔·普京（俄罗斯总统，俄罗斯联邦代表团）；"
    "习近平（中国国家主席，中华人民共和国代表团）；尤里·乌沙科夫（俄罗斯总统助理，俄罗斯联邦代表团）",
}


@pytest.mark.parametrize("lang", ["", "ru", "zh"])
def test_a_feed_says_its_own_lines_in_its_language(client, lang):
    description = _event(client, lang, TALKS)["DESCRIPTION"]
    assert str(description).split("\n\n")[1] == TALKS_LINES[lang]
    assert description.params.get("LANGUAGE") == (lang or None)


@pytest.mark.parametrize(
    ("lang", "lines"),
    [
        ("ru", "Откуда: Международный аэропорт Пекин Шоуду\nКуда: Международный аэропорт Циндао Лютин\nУчастники: "),
        ("zh", "出发地：北京首都国际机场\n目的地：青岛流亭国际机场\n参加人员："),
    ],
)
def test_a_travel_leg_without_description_is_said_in_the_feeds_language(client, lang, lines):
    description = _event(client, lang, FLIGHT)["DESCRIPTION"]
    assert str(description).startswith(lines)
    # The description is the readable lines alone: in the feed's language, whatever the event's texts fell back to.
    assert description.params["LANGUAGE"] == lang


def test_the_event_feed_and_the_private_feed_say_them_too(client, app_store):
    token = services.rotate_feed_token(app_store, SLUG)
    for path in (f"/itineraries/{SLUG}/events/{TALKS}.ics", f"/feeds/{token}.ics"):
        assert str(_event(client, "zh", TALKS, path)["DESCRIPTION"]).endswith(TALKS_LINES["zh"])


def test_a_new_own_language_says_the_lines_in_it_even_where_no_text_changed(client, app_store):
    """An event whose every text is the same in both languages keeps its version through the swap: its stored
    block is made again all the same, in the new own language's words."""
    services.update_event(app_store, SLUG, FLIGHT, title="G20", categories=["G20"])
    texts.put_other_texts(app_store, "event", event_key(SLUG, FLIGHT), {"ru": {"title": "G20", "categories": "G20"}})
    sequence = services.get_event(app_store, SLUG, FLIGHT).sequence
    assert str(_event(client, "", FLIGHT)["DESCRIPTION"]).startswith("From: ")
    texts.set_languages(app_store, SLUG, "ru", ["en", "zh"])
    assert services.get_event(app_store, SLUG, FLIGHT).sequence == sequence
    description = _event(client, "", FLIGHT)["DESCRIPTION"]
    # The venues and people, shared with itineraries of other languages, in the new own language too.
    assert str(description).startswith(
        "Откуда: Международный аэропорт Пекин Шоуду\nКуда: Международный аэропорт Циндао Лютин\nУчастники: "
        "Владимир Путин (Президент России, Делегация Российской Федерации)"
    )
    assert "LANGUAGE" not in description.params  # the feed in the own language marks no text
    assert str(_event(client, "en", FLIGHT)["DESCRIPTION"]).startswith("From: ")


def test_a_venues_name_in_the_own_language_moves_the_own_feed(client, app_store):
    """In an itinerary of another own language than the venue's columns, the own feed names the venue by its text
    in that language: a new text there is a new feed (ETag), as a new title would be."""
    texts.set_languages(app_store, SLUG, "ru", ["en", "zh"])
    before = client.get(f"/itineraries/{SLUG}.ics")
    texts.put_other_texts(
        app_store,
        "venue",
        "beijing-capital-airport",
        {"ru": {"name": "Аэропорт Шоуду", "city": "Пекин"}, "zh": {"name": "北京首都国际机场", "city": "北京"}},
    )
    after = client.get(f"/itineraries/{SLUG}.ics", headers={"If-None-Match": before.headers["ETag"]})
    assert after.status_code == 200
    assert str(_event(client, "", FLIGHT)["DESCRIPTION"]).startswith("Откуда: Аэропорт Шоуду, Пекин\n")


@pytest.mark.parametrize(
    ("lang", "title", "location"),
    [
        ("en", "Signing of documents and adoption of joint statements", "Great Hall of the People, Beijing, China"),
        ("ru", "Подписание документов и принятие совместных заявлений", "Дом народных собраний, Пекин, Китай"),
        ("zh", "签署文件并通过联合声明", "人民大会堂，北京，中国"),
    ],
)
def test_add_to_calendar_links_carry_the_place_in_the_pages_language(client, lang, title, location):
    doc = parse(client.get(f"/itineraries/{SLUG}/events/cn2018-signing?lang={lang}").text)
    google, outlook, _ = (a.get("href") for a in doc.select(".add-links a"))
    assert parse_qs(urlsplit(google).query)["text"] == [title]
    assert parse_qs(urlsplit(google).query)["location"] == [location]
    assert parse_qs(urlsplit(outlook).query)["location"] == [location]
    # The event's page in the language the reader read it in.
    wanted = f"/itineraries/{SLUG}/events/cn2018-signing" + ("" if lang == "en" else f"?lang={lang}")
    assert parse_qs(urlsplit(google).query)["details"][0].endswith(wanted)
