"""Feeds per language over HTTP: ?lang= on the itinerary, private and event feeds; ETags; bad values refused."""

from __future__ import annotations

import icalendar
import pytest

from itinerary import services
from tests.rfc5545 import unescape
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
