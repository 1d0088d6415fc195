"""People and places in Chromium: axe-clean at desktop and phone width, no sideways scroll, labels that follow."""

from __future__ import annotations

import pytest

from tests.browser.conftest import sign_in
from tests.browser.test_accessibility import serious

PAGES = [
    "/venues",
    "/venues/new",
    "/venues/tianjin-station",
    "/venues/tianjin-station/merge",
    "/venues/tianjin-station/delete",
    "/participants",
    "/participants/new",
    "/participants/yuri-ushakov",
    "/participants/yuri-ushakov/merge",
    "/participants/yuri-ushakov/delete",
]
PHONE = {"width": 360, "height": 740}


def _sideways(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth > document.documentElement.clientWidth")


@pytest.mark.parametrize("viewport", [None, PHONE], ids=["desktop", "phone"])
def test_people_and_places_pages_are_axe_clean_and_fit(page, server, viewport):
    sign_in(page, server)
    if viewport:
        page.set_viewport_size(viewport)
    found = {}
    for path in PAGES:
        page.goto(server + path)
        found[path] = (serious(page), _sideways(page))
    assert found == {path: ([], False) for path in PAGES}


def test_new_venue_with_a_suggested_zone_through_the_form(page, server):
    sign_in(page, server)
    page.set_viewport_size(PHONE)
    page.goto(server + "/venues")
    page.get_by_role("link", name="Add a venue").click()
    for label, value in {
        "Name": "Irkutsk Airport",
        "City": "Irkutsk",
        "Country": "Russia",
        "Latitude": "52.2678",
        "Longitude": "104.3889",
    }.items():
        page.get_by_label(label, exact=True).fill(value)
    page.get_by_role("button", name="Save venue").click()
    assert page.locator("#suggestion-title").inner_text() == "Suggested time zone: Asia/Irkutsk"
    assert page.get_by_label("Time zone", exact=True).input_value() == "Asia/Irkutsk"
    assert serious(page) == []
    page.get_by_role("button", name="Save venue").click()
    assert page.locator("h1").inner_text() == "Irkutsk Airport"
    assert page.locator(".flash").inner_text() == "Added Irkutsk Airport."


def test_event_form_labels_follow_the_destination_chosen(page, server):
    """Issue 14: the end is read in the destination's zone, and its label now says so as soon as it is chosen."""
    sign_in(page, server)
    page.goto(server + "/itineraries/china-state-visit-2018/new-event")
    end_time = page.locator("label[for=end_time]")
    assert end_time.inner_text() == "End time (Beijing)"
    page.get_by_label("Kind").select_option("travel")
    page.get_by_label("Destination (travel only)").select_option("moscow-kremlin")
    assert end_time.inner_text() == "End time (Moscow, the destination's zone)"
    assert page.locator("label[for=start_time]").inner_text() == "Start time (Beijing)"
    page.get_by_label("Destination (travel only)").select_option("")
    page.get_by_text("Or create a new destination").click()
    page.get_by_label("New destination: name").fill("Irkutsk Airport")
    page.get_by_label("New destination: time zone").fill("Asia/Irkutsk")
    assert end_time.inner_text() == "End time (Asia/Irkutsk, the destination's zone)"
    page.get_by_label("Venue (for travel, the origin)").select_option("ariyana-da-nang")
    assert page.locator("label[for=start_date]").inner_text() == "Start date (Ho Chi Minh City)"
    assert serious(page) == []
    # Issue 16: on a Russian page the script names the zones as the page does, not by IANA id.
    page.goto(server + "/itineraries/china-state-visit-2018/new-event?lang=ru")
    assert page.locator("label[for=end_time]").inner_text() == "Время окончания (Пекин)"
    page.locator("#kind").select_option("travel")
    page.locator("#destination").select_option("moscow-kremlin")
    assert page.locator("label[for=end_time]").inner_text() == "Время окончания (Москва, пояс пункта назначения)"
    assert page.locator("label[for=start_date]").inner_text() == "Дата начала (Пекин)"


def test_subscriptions_page_fits_a_phone_in_every_language(page, server):
    """Item 8 of the walk: the subscriptions table scrolled sideways at 390 px (579 px wide in Russian)."""
    sign_in(page, server)
    page.goto(f"{server}/itineraries/china-state-visit-2018/subscriptions")
    page.fill("#name", "TASS pool: Yuri Ushakov's briefing, Beijing and Tianjin")
    page.select_option("#audience", "press")
    with page.expect_navigation():  # the new subscription's page, before the next address is asked for
        page.locator("#name").evaluate("field => field.form.requestSubmit()")
    page.set_viewport_size({"width": 390, "height": 844})
    found = {}
    for lang in ("en", "ru", "zh"):
        page.goto(f"{server}/itineraries/china-state-visit-2018/subscriptions?lang={lang}")
        rows = page.locator("table.subscriptions tbody tr").count()
        found[lang] = (rows > 0, _sideways(page))
    assert found == {lang: (True, False) for lang in ("en", "ru", "zh")}
