"""axe-core in Chromium: no serious or critical accessibility violation on the pages people use."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser import conftest
from tests.browser.conftest import sign_in

CHINA = "/itineraries/china-state-visit-2018"
READER_PAGES = [
    "/",
    CHINA,
    CHINA + "?tz=Europe/Moscow",
    CHINA + "/events/cn2018-signing",
    CHINA + "/events/sco2018-summit",
    CHINA + "/print",
    CHINA + "/timeline",
    CHINA + "/timeline?day=2018-06-09",
    CHINA + "/timeline?day=2018-06-10",
    CHINA + "/map",
    "/itineraries/russia-china-contacts-2017-2018/map",
    "/itineraries/russia-china-contacts-2017-2018/timeline?day=2018-01-01",
    "/sign-in",
    "/itineraries/no-such-trip",
    "/search?q=Tianjin",
    "/search?q=nothing+matches+this",
    "/search",
    CHINA + "?lang=ru",
    CHINA + "/events/cn2018-signing?lang=zh",
    "/itineraries/no-such-trip?lang=zh",
]
EDITOR_PAGES = [
    CHINA,
    CHINA + "/timeline?day=2018-06-08",
    CHINA + "/events/cn2018-lunch-narrow",
    "/new-itinerary",
    CHINA + "/edit",
    CHINA + "/new-event",
    CHINA + "/events/cn2018-press/edit",
    CHINA + "/events/cn2018-press/cancel",
    CHINA + "/events/cn2018-press/delete",
    CHINA + "/import",
    "/search?q=lunch",
    CHINA + "/translations",
    CHINA + "/events/cn2018-press/translations",
    "/venues/great-hall-of-the-people/translations",
]


def serious(page) -> list[tuple[str, str, list[str]]]:
    """The serious and critical violations on the page: (rule, impact, targets)."""
    results = Axe().run(page)
    return [
        (v["id"], v["impact"], [str(node["target"]) for node in v["nodes"]])
        for v in results.response["violations"]
        if v["impact"] in {"serious", "critical"}
    ]


def serious_on_each(page, server, paths) -> dict[str, list]:
    """The serious violations on each of ``paths``, visited in turn."""
    found = {}
    for path in paths:
        page.goto(server + path)
        found[path] = serious(page)
    return found


def test_reader_pages_have_no_serious_violations(page, server):
    assert serious_on_each(page, server, READER_PAGES) == {path: [] for path in READER_PAGES}


def test_editor_pages_and_forms_have_no_serious_violations(page, server):
    sign_in(page, server)
    assert serious_on_each(page, server, EDITOR_PAGES) == {path: [] for path in EDITOR_PAGES}


def test_refused_form_has_no_serious_violations(page, server):
    sign_in(page, server)
    page.goto(server + CHINA + "/new-event")
    page.get_by_role("button", name="Save event").click()
    assert page.locator(".error-summary").count() == 1
    assert serious(page) == []


def test_check_before_saving_has_no_serious_violations(page, server):
    """The event form showing back a typed date (issue 14), on a phone."""
    sign_in(page, server)
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(server + CHINA + "/new-event")
    page.get_by_label("Title").fill("Breakfast")
    page.get_by_label("Or type the start").fill("9 June 8am")
    page.get_by_label("Or type the end").fill("9 June 9am")
    page.get_by_role("button", name="Save event").click()
    assert page.locator(".check-before-saving dd").first.inner_text() == "Saturday 9 June 2018, 08:00 Beijing"
    assert serious(page) == []


def test_phone_width_has_no_serious_violations(page, server):
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(server + CHINA + "?tz=Europe/Moscow")
    assert serious(page) == []


@pytest.mark.parametrize("path", [CHINA + "/timeline?day=2018-06-10", CHINA + "/map", CHINA + "/print"])
def test_reader_views_at_phone_width_have_no_serious_violations(page, server, path):
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(server + path)
    assert serious(page) == []


def test_subscribe_steps_and_qr_opened_have_no_serious_violations(page, server):
    page.goto(server + CHINA)
    page.get_by_text("Steps for each app").click()
    page.get_by_text("Subscribe on a phone (QR code)").click()
    assert serious(page) == []


def test_missing_chromium_fails_in_ci(monkeypatch, tmp_path):
    monkeypatch.setattr(conftest, "CHROMIUM", tmp_path / "no-chromium")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="no-chromium is missing"):
        conftest._require_chromium()
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception):
        conftest._require_chromium()
