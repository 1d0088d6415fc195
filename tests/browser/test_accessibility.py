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
    "/sign-in",
    "/itineraries/no-such-trip",
    "/search?q=Tianjin",
    "/search?q=nothing+matches+this",
    "/search",
]
EDITOR_PAGES = [
    CHINA,
    CHINA + "/events/cn2018-lunch-narrow",
    "/new-itinerary",
    CHINA + "/edit",
    CHINA + "/new-event",
    CHINA + "/events/cn2018-press/edit",
    CHINA + "/events/cn2018-press/cancel",
    CHINA + "/events/cn2018-press/delete",
    CHINA + "/import",
    "/search?q=lunch",
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


def test_phone_width_has_no_serious_violations(page, server):
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(server + CHINA + "?tz=Europe/Moscow")
    assert serious(page) == []


def test_missing_chromium_fails_in_ci(monkeypatch, tmp_path):
    monkeypatch.setattr(conftest, "CHROMIUM", tmp_path / "no-chromium")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="no-chromium is missing"):
        conftest._require_chromium()
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception):
        conftest._require_chromium()
