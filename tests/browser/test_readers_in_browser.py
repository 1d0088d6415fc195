"""In Chromium: the subscribe block, the day timeline, the route map and the printed stamp, on a desktop
and on a phone (no sideways scrolling)."""

from __future__ import annotations

import io
from urllib.parse import parse_qs, urlsplit

import pypdf
import pytest
from playwright.sync_api import expect

from tests.browser.conftest import sign_in

CHINA = "/itineraries/china-state-visit-2018"
CONTACTS = "/itineraries/russia-china-contacts-2017-2018"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 360, "height": 740}


def no_sideways_scroll(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= page.evaluate("window.innerWidth")


def box(locator) -> dict:
    found = locator.bounding_box()
    assert found is not None
    return found


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_subscribe_block_first_with_apps_steps_and_qr(page, server, viewport):
    page.set_viewport_size(viewport)
    page.goto(server + CHINA)
    block = page.locator("section.subscribe")
    # Near the top: it starts within the first screen, above the first day of the programme.
    assert box(block)["y"] < viewport["height"]
    assert box(block)["y"] < box(page.locator("section.day").first)["y"]
    feed = f"{server}{CHINA}.ics"
    expect(block.get_by_role("link", name="Apple Calendar")).to_have_attribute(
        "href", "webcal://" + feed.removeprefix("http://")
    )
    expect(block.get_by_role("link", name="Google Calendar")).to_have_attribute(
        "href", "https://calendar.google.com/calendar/render?cid=" + feed.replace(":", "%3A").replace("/", "%2F")
    )
    # The steps and the QR code wait behind their disclosures.
    expect(block.get_by_role("heading", name="Thunderbird and other apps")).to_be_hidden()
    block.get_by_text("Steps for each app").click()
    expect(block.get_by_role("heading", name="Thunderbird and other apps")).to_be_visible()
    qr = block.get_by_role("img", name="QR code of the web address of the programme")
    expect(qr).to_be_hidden()
    block.get_by_text("Subscribe on a phone (QR code)").click()
    expect(qr).to_be_visible()
    size = box(qr)
    assert size["width"] == size["height"] and size["width"] >= 150  # square, and large enough to scan
    no_sideways_scroll(page)


def test_copy_address_copies_the_web_address(browser, page, server):
    browser.grant_permissions(["clipboard-read", "clipboard-write"], origin=server)
    page.goto(server + CHINA)
    button = page.locator("button.copy[data-copy=feed-web]")
    expect(button).to_have_text("Copy address")
    button.click()
    expect(button).to_have_text("Copied")
    assert page.evaluate("navigator.clipboard.readText()") == f"{server}{CHINA}.ics"


def test_event_page_links_to_google_and_outlook(page, server):
    page.goto(server + CHINA + "/events/cn2018-signing")
    google = page.get_by_role("link", name="Add to Google Calendar").get_attribute("href")
    query = parse_qs(urlsplit(google).query)
    assert (query["text"], query["dates"], query["ctz"]) == (
        ["Signing of documents and adoption of joint statements"],
        ["20180608T041500Z/20180608T044500Z"],
        ["Asia/Shanghai"],
    )
    assert query["details"][0].endswith(f"\n\n{server}{CHINA}/events/cn2018-signing")
    expect(page.get_by_role("link", name="Add to Outlook", exact=True)).to_be_visible()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_timeline_blocks_at_their_times_and_sessions_inside_the_summit(page, server, viewport):
    page.set_viewport_size(viewport)
    page.goto(server + CHINA + "/timeline")
    expect(page.locator("h1")).to_have_text("Friday 8 June 2018")
    hours = page.locator(".tl-hours li")
    nine, ten = box(hours.nth(1)), box(hours.nth(2))
    expect(hours.nth(1)).to_have_text("09:00")
    talks = box(page.locator("li.tl-block[data-uid=cn2018-talks-narrow]"))
    # 09:45 is three quarters of the way from the 09:00 line to the 10:00 line (a block sits 1px inside its row).
    assert talks["y"] - nine["y"] == pytest.approx(0.75 * (ten["y"] - nine["y"]), abs=2)
    train = page.locator("li.tl-block[data-uid=cn2018-train-tianjin]")
    expect(train.locator(".tl-from")).to_have_text("From Beijing, 14:00")
    expect(train.locator(".tl-to")).to_have_text("To Tianjin, 14:35")
    assert box(train.locator(".tl-to"))["y"] > box(train.locator(".tl-from"))["y"]
    no_sideways_scroll(page)

    page.get_by_role("link", name="Sun 10 Jun").click()
    expect(page.locator("h1")).to_have_text("Sunday 10 June 2018")
    summit = box(page.locator("li.tl-block[data-uid=sco2018-summit]"))
    for uid in ("sco2018-restricted-session", "sco2018-enlarged-session"):
        session = box(page.locator(f"li.tl-block[data-uid={uid}]"))
        assert summit["x"] < session["x"] and session["x"] + session["width"] <= summit["x"] + summit["width"] + 1
        assert summit["y"] <= session["y"] and session["y"] + session["height"] <= summit["y"] + summit["height"] + 1
    no_sideways_scroll(page)
    page.get_by_role("link", name="Previous day: Sat 9 Jun").click()
    expect(page.locator(".tl-all-day li")).to_have_text(
        "Summit of the Shanghai Cooperation Organization · Qingdao International Conference Center"
    )


def test_timeline_overlapping_events_side_by_side(page, server):
    sign_in(page, server)
    page.goto(server + CHINA + "/new-event")
    page.get_by_label("Title").fill("Press briefing")
    page.get_by_label("Start date").fill("2018-06-08")
    page.get_by_label("Start time").fill("10:00")
    page.get_by_label("End time").fill("10:30")
    page.get_by_role("button", name="Save event").click()
    expect(page.locator(".flash")).to_contain_text("Added Press briefing.")
    page.goto(server + CHINA + "/timeline?day=2018-06-08")
    talks = box(page.locator("li.tl-block[data-uid=cn2018-talks-narrow]"))
    briefing = box(page.locator("li.tl-block", has=page.get_by_role("link", name="Press briefing")))
    assert briefing["x"] >= talks["x"] + talks["width"] - 1  # beside it, not over it
    assert briefing["width"] == pytest.approx(talks["width"], abs=1)
    arrival = box(page.locator("li.tl-block[data-uid=cn2018-arrival-beijing]"))
    assert arrival["width"] > 1.9 * talks["width"]  # alone in its hour: the whole width


def test_timeline_reads_without_javascript(playwright, server, tmp_path):
    from tests.browser.conftest import launch

    context = launch(playwright, tmp_path / "nojs", java_script_enabled=False)
    try:
        page = context.pages[0] if context.pages else context.new_page()
        page.goto(server + CHINA + "/timeline?day=2018-06-08")
        expect(page.locator("li.tl-block")).to_have_count(8)  # the closed working lunch shows as busy to readers
        assert box(page.locator("li.tl-block").nth(1))["y"] > box(page.locator("li.tl-block").nth(0))["y"] + 50
    finally:
        context.close()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_route_map_fits_the_screen_and_links_venues_to_openstreetmap(page, server, viewport):
    page.set_viewport_size(viewport)
    page.goto(server + CONTACTS + "/map")
    svg = box(page.locator("svg.route-map"))
    assert svg["width"] <= viewport["width"] and svg["height"] == pytest.approx(svg["width"] * 600 / 960, abs=1)
    kremlin = page.get_by_role("link", name="Moscow Kremlin on OpenStreetMap")
    expect(kremlin).to_have_attribute(
        "href", "https://www.openstreetmap.org/?mlat=55.75200&mlon=37.61750#map=16/55.75200/37.61750"
    )
    point = box(kremlin.locator("circle"))
    assert svg["x"] <= point["x"] and point["x"] + point["width"] <= svg["x"] + svg["width"]
    expect(page.locator("svg.route-map .countries path").first).to_be_visible()
    no_sideways_scroll(page)
    page.goto(server + CHINA)
    expect(page.locator("a.small-map svg")).to_be_visible()
    no_sideways_scroll(page)


def test_printed_programme_carries_title_release_and_time_on_every_page(page, server):
    page.goto(server + CHINA + "/print")
    expect(page.get_by_role("button", name="Print")).to_be_visible()  # the script shows it
    pdf = pypdf.PdfReader(io.BytesIO(page.pdf(format="A6")))
    assert len(pdf.pages) > 1
    for sheet in pdf.pages:
        text = " ".join(sheet.extract_text().split())
        assert "State visit to China and the SCO summit, June 2018" in text
        assert "Release 1 of 4 June 2018, 17:00 · Printed 4 June 2018, 17:00 (Beijing, UTC+8)" in text


# A press attaché's walk at a desktop and a phone (390 px) width

WALK_WIDTHS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
READER_VIEWS = [
    CHINA + "?tz=Europe/Moscow",
    CHINA + "?delegation=china",
    CHINA + "?participant=yuri-ushakov",
    CONTACTS,
    CHINA + "/events/cn2018-signing",
    CHINA + "/timeline?day=2018-06-10",
    CHINA + "/map",
    "/search?q=Tianjin",
    CHINA + "/print",
]


@pytest.mark.parametrize("width", sorted(WALK_WIDTHS))
def test_every_reader_view_fits_is_axe_clean_and_logs_no_error(page, server, width):
    """Each view at both widths: no sideways scrolling, nothing serious for axe, and no error in the console
    (a page without an icon made the browser ask for /favicon.ico on every page, and log its 404)."""
    from tests.browser.test_accessibility import serious

    page.set_viewport_size(WALK_WIDTHS[width])
    logged: list[str] = []
    page.on("console", lambda message: logged.append(message.text) if message.type == "error" else None)
    found = {}
    for path in READER_VIEWS:
        page.goto(server + path)
        page.wait_for_load_state("load")
        found[path] = (
            serious(page),
            page.evaluate("document.documentElement.scrollWidth") <= WALK_WIDTHS[width]["width"],
        )
    assert found == {path: ([], True) for path in READER_VIEWS}
    assert logged == []


@pytest.mark.parametrize("width", sorted(WALK_WIDTHS))
def test_subscribe_block_gives_every_app_its_exact_address(page, server, width):
    page.set_viewport_size(WALK_WIDTHS[width])
    page.goto(server + CHINA)
    block = page.locator("section.subscribe")
    feed = f"{server}{CHINA}.ics"
    encoded = feed.replace(":", "%3A").replace("/", "%2F")
    name = "State%20visit%20to%20China%20and%20the%20SCO%20summit%2C%20June%202018"
    links = {
        "Google Calendar": f"https://calendar.google.com/calendar/render?cid={encoded}",
        "Outlook.com": f"https://outlook.live.com/calendar/0/addfromweb?url={encoded}&name={name}",
        "Microsoft 365": f"https://outlook.office.com/calendar/0/addfromweb?url={encoded}&name={name}",
        "Apple Calendar": "webcal://" + feed.removeprefix("http://"),
        "Download the .ics file": feed,
    }
    for label, href in links.items():
        link = block.get_by_role("link", name=label, exact=True)
        expect(link).to_be_visible()
        expect(link).to_have_attribute("href", href)
    expect(block.get_by_label("Calendar app address", exact=True)).to_have_value(links["Apple Calendar"])
    expect(block.get_by_label("Web address", exact=True)).to_have_value(feed)
    expect(block.locator("button.copy")).to_have_count(2)


@pytest.mark.parametrize("width", sorted(WALK_WIDTHS))
def test_reader_filters_by_delegation_and_subscribes_to_its_feed(page, server, width):
    import icalendar

    page.set_viewport_size(WALK_WIDTHS[width])
    page.goto(server + CHINA + "?tz=Europe/Moscow")
    page.get_by_text("Show the programme of one delegation or participant").click()
    page.get_by_role("link", name="Delegation China").click()
    expect(page).to_have_url(f"{server}{CHINA}?delegation=china&tz=Europe/Moscow")
    expect(page.get_by_role("heading", name="The programme of the delegation China")).to_be_visible()
    shown = [uid for uid in page.locator("li.entry").evaluate_all("rows => rows.map(r => r.dataset.uid)")]
    assert "cn2018-arrival-beijing" not in shown and "cn2018-flight-qingdao" not in shown
    feed = page.get_by_role("link", name="Subscribe to the programme of the delegation China (.ics)")
    address = feed.get_attribute("href")
    assert address == f"{server}{CHINA}.ics?delegation=china"
    calendar = icalendar.Calendar.from_ical(page.request.get(address).body())
    assert [str(e["UID"]).removesuffix("@itinerary.test") for e in calendar.events] == list(dict.fromkeys(shown))
    page.get_by_role("link", name="Show everyone’s programme").click()
    expect(page).to_have_url(f"{server}{CHINA}?tz=Europe/Moscow")
    expect(page.locator("li.entry[data-uid=cn2018-arrival-beijing]")).to_have_count(1)
    page.goto(server + CHINA + "?delegation=mongolia")
    expect(page.locator(".error-message")).to_contain_text("no delegation 'mongolia' in this itinerary's programme")
