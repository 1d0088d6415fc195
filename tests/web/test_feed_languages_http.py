"""Feeds per language over HTTP: ?lang= on the itinerary, private and event feeds; ETags; bad values refused."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import icalendar
import pytest

from itinerary import calendar_links, services, texts
from tests.rfc5545 import unescape
from tests.web.html import parse
from tests.web.test_cli_first_steps import _cli

SLUG = "china-state-visit-2018"


def test_feed_language_query_gives_each_language_its_own_etag(client):
    answers = {
        lang: client.get(f"/itineraries/{SLUG}.ics" + (f"?lang={lang}" if lang else "")) for lang in ("", "ru", "zh")
    }
    assert {r.status_code for r in answers.values()} == {200}
    assert len({r.headers["ETag"] for r in answers.values()}) == 3
    assert answers["ru"].headers["Content-Disposition"] == f'inline; filename="{SLUG}-ru.ics"'
    calendar = icalendar.Calendar.from_ical(answers["zh"].data)
    assert unescape(calendar["X-WR-CALNAME"]) == "对中国进行国事访问并出席上海合作组织峰会（2018年6月）"
    again = client.get(f"/itineraries/{SLUG}.ics?lang=ru", headers={"If-None-Match": answers["ru"].headers["ETag"]})
    assert again.status_code == 304
    english = client.get(f"/itineraries/{SLUG}.ics?lang=en")
    assert english.data == answers[""].data  # the itinerary's own language


@pytest.mark.parametrize("value", ["xx", "RU", "ru-RU", ""])
def test_feed_bad_language_is_refused_naming_the_parameter(client, value):
    response = client.get(f"/itineraries/{SLUG}.ics?lang={value}")
    if value == "":
        assert response.status_code == 200  # an empty parameter is no parameter, as for the other filters
        return
    assert response.status_code == 400
    assert response.text.startswith(f"Bad request: lang: unknown language '{value}'; choose one of: en, ru, zh")


def test_private_and_event_feeds_take_the_language(client, app):
    token = services.rotate_feed_token(app.extensions["itinerary.store"], SLUG)
    private = icalendar.Calendar.from_ical(client.get(f"/feeds/{token}.ics?lang=ru").data)
    assert unescape(private["X-WR-CALNAME"]) == "Государственный визит в Китай и саммит ШОС, июнь 2018 года (private)"
    lunch = next(e for e in private.walk("VEVENT") if str(e["UID"]).startswith("cn2018-lunch-narrow"))
    assert str(lunch["SUMMARY"]) == "Рабочий обед в узком составе"
    event = icalendar.Calendar.from_ical(client.get(f"/itineraries/{SLUG}/events/sco2018-summit.ics?lang=ru").data)
    assert str(event.walk("VEVENT")[0]["SUMMARY"]) == "Саммит Шанхайской организации сотрудничества"
    assert event.walk("VEVENT")[0]["SUMMARY"].params["LANGUAGE"] == "ru"


def test_cli_export_in_a_language(tmp_path):
    result = _cli(tmp_path, "export", SLUG, "--lang", "zh", "-o", str(tmp_path / "visit.ics"))
    assert result.returncode == 0, result.stderr
    calendar = icalendar.Calendar.from_ical((tmp_path / "visit.ics").read_bytes())
    titles = {str(e["UID"]): str(e["SUMMARY"]) for e in calendar.walk("VEVENT")}
    assert titles["sco2018-summit@itinerary.invalid"] == "上海合作组织峰会"


def _modules(svg) -> list[str]:
    """What a QR code's SVG draws (its paths), whatever it is named."""
    return [path.get("d") for path in svg.select("path")]


def _subscribe(doc):
    block = doc.one("section.subscribe")
    return {
        "web": block.one("#feed-web").get("value"),
        "webcal": block.one("#feed-webcal").get("value"),
        "google": block.one("a.app-google").get("href"),
        "outlook": block.one("a.app-outlook").get("href"),
        "qr": _modules(block.one("details.subscribe-qr svg")),
    }


def test_subscribe_block_offers_the_feed_in_the_pages_language(client):
    shown = _subscribe(parse(client.get(f"/itineraries/{SLUG}?lang=ru").data))
    address = f"http://localhost/itineraries/{SLUG}.ics?lang=ru"
    name = "Государственный визит в Китай и саммит ШОС, июнь 2018 года"
    links = calendar_links.feed_links(address, name)
    assert (shown["web"], shown["webcal"]) == (address, f"webcal://localhost/itineraries/{SLUG}.ics?lang=ru")
    assert (shown["google"], shown["outlook"]) == (links.google, links.outlook_com)
    assert parse_qs(urlsplit(shown["outlook"]).query)["url"] == [address]
    assert shown["qr"] == _modules(parse(calendar_links.qr_svg(address, "QR")).one("svg"))
    assert shown["qr"] != _modules(parse(calendar_links.qr_svg(address.removesuffix("?lang=ru"), "QR")).one("svg"))
    assert client.get(shown["web"].removeprefix("http://localhost")).headers["Content-Disposition"].endswith('-ru.ics"')


def test_subscribe_block_in_the_own_language_or_one_not_offered_has_no_lang(client, app_store):
    english = _subscribe(parse(client.get(f"/itineraries/{SLUG}?lang=en").data))
    assert english["web"] == f"http://localhost/itineraries/{SLUG}.ics"
    texts.set_languages(app_store, SLUG, "en", ["zh"])
    russian = _subscribe(parse(client.get(f"/itineraries/{SLUG}?lang=ru").data))
    assert russian["web"] == f"http://localhost/itineraries/{SLUG}.ics"  # Russian is not offered
    chinese = parse(client.get(f"/itineraries/{SLUG}/events/sco2018-summit?lang=zh").data)
    assert _subscribe(chinese)["web"] == f"http://localhost/itineraries/{SLUG}/events/sco2018-summit.ics?lang=zh"


def test_feed_chinese_title_published_leaves_english_and_russian_answers_304_for_every_audience(client, app, clock):
    from datetime import timedelta

    from itinerary import subscriptions
    from itinerary.languages import event_key

    store = app.extensions["itinerary.store"]
    paths = {"public": f"/itineraries/{SLUG}.ics"}
    for audience in ("press", "delegation", "staff"):
        token = subscriptions.issue(store, SLUG, audience=audience, name=f"{audience} desk").token
        paths[audience] = f"/feeds/{token}.ics"
    urls = {
        (a, lang): path + (f"?lang={lang}" if lang else "") for a, path in paths.items() for lang in ("", "ru", "zh")
    }
    before = {key: client.get(url) for key, url in urls.items()}
    assert {r.status_code for r in before.values()} == {200}
    clock.now += timedelta(minutes=5)

    found, _ = texts.texts_of(store, "event", event_key(SLUG, "cn2018-press"))
    found["title"]["zh"] = "联合新闻发布会"
    texts.save_texts(store, "event", event_key(SLUG, "cn2018-press"), found)  # published on save (tests' app)

    for (audience, lang), url in urls.items():
        old = before[audience, lang]
        by_tag = client.get(url, headers={"If-None-Match": old.headers["ETag"]})
        by_date = client.get(url, headers={"If-Modified-Since": old.headers["Last-Modified"]})
        again = client.get(url)
        if lang == "zh":
            assert (by_tag.status_code, by_date.status_code) == (200, 200), audience
            assert again.headers["ETag"] != old.headers["ETag"]
            assert again.headers["Last-Modified"] == "Mon, 04 Jun 2018 09:05:00 GMT" != old.headers["Last-Modified"]
            shown = icalendar.Calendar.from_ical(again.data)
            press = next(e for e in shown.walk("VEVENT") if str(e["UID"]).startswith("cn2018-press@"))
            assert str(press["SUMMARY"]) == "联合新闻发布会"
        else:
            assert (by_tag.status_code, by_date.status_code) == (304, 304), (audience, lang)
            assert by_tag.headers["ETag"] == old.headers["ETag"]
            assert (again.data, again.headers["ETag"], again.headers["Last-Modified"]) == (
                old.data,
                old.headers["ETag"],
                old.headers["Last-Modified"],
            )
