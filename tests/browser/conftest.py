"""Browser tests: Debian's Chromium driven by Playwright against a real server on a loopback port.

Outside CI a machine without /usr/bin/chromium skips these tests; in CI
(``CI=true``) a missing browser fails them, so that it can never pass unseen.
"""

from __future__ import annotations

import contextlib
import os
import threading
from pathlib import Path

import pytest

from itinerary import accounts
from itinerary.storage import Store
from tests.conftest import TEST_DATABASE_URL, Clock, copy_migrated, seed
from web import create_app

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
USERNAME = "editor"
PASSWORD = "correct horse battery staple"


def _require_chromium() -> None:
    if CHROMIUM.exists():
        return
    message = f"{CHROMIUM} is missing: install Debian's chromium package (apt-get install chromium)"
    if os.environ.get("CI", "").lower() in {"true", "1"}:
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(autouse=True)
def _once_per_ci_run():
    """Skip in the PostgreSQL pass: every browser test serves its own SQLite database, so the SQLite pass ran them."""
    if TEST_DATABASE_URL:
        pytest.skip("browser tests use their own SQLite database; they ran in the SQLite pass")


@pytest.fixture
def server_options() -> dict:
    """App settings of the browser tests' server: each save published at once (readers see it), unless a
    module overrides this fixture to work with drafts and releases."""
    return {"PUBLISH_EVERY_SAVE": True}


@pytest.fixture
def server(tmp_path, server_options):
    """A real server on a free loopback port with the seed and one editor; its base URL."""
    store = Store(f"sqlite:///{tmp_path / 'browser.sqlite3'}", clock=Clock())
    copy_migrated(store)
    app = create_app(
        {
            "STORE": store,
            "SECRET_KEY": "browser-test",
            "DATABASE_URL": "unused",
            "UID_DOMAIN": "itinerary.test",
            "SESSION_COOKIE_SECURE": False,  # plain http on loopback
            **server_options,
        }
    )
    seed(store)  # fixtures.load_seed, copied from a template loaded once per run
    accounts.create_editor(store, USERNAME, PASSWORD)

    with serving(app) as base:
        yield base
    store.dispose()


@pytest.fixture(scope="package")
def playwright():
    """Playwright, started once for the browser tests (its driver and Chromium take seconds to start)."""
    _require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        yield driver
        chromium = _CHROMIUM.pop(id(driver), None)
        if chromium is not None:
            chromium.close()


_CHROMIUM: dict[int, object] = {}  # the one Chromium of each Playwright driver, started on first use


def launch(playwright, user_data_dir: Path, **options):
    """A new browser context of Debian's Chromium: an empty profile of its own, as a fresh ``user_data_dir``
    would be (cookies, storage, cache and downloads are the context's alone), in the one Chromium of the run."""
    if id(playwright) not in _CHROMIUM:
        _CHROMIUM[id(playwright)] = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
    return _CHROMIUM[id(playwright)].new_context(accept_downloads=True, **options)


@pytest.fixture
def browser(playwright, tmp_path):
    """A browser context whose own zone is Asia/Tokyo, so "my zone" differs from every programme's."""
    context = launch(playwright, tmp_path / "profile", timezone_id="Asia/Tokyo", locale="en-GB")
    context.set_default_timeout(15_000)
    yield context
    context.close()


@pytest.fixture
def page(browser):
    return browser.pages[0] if browser.pages else browser.new_page()


def sign_in(page, base: str) -> None:
    """Sign in as the test editor through the form."""
    page.goto(f"{base}/sign-in")
    page.get_by_label("Username").fill(USERNAME)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base}/")


def save_event(page, fields: dict[str, str], choices: dict[str, str] | None = None) -> None:
    """On the event form: type ``fields`` and pick ``choices`` (both by label, in order), then Save event."""
    for label, value in fields.items():
        page.get_by_label(label).fill(value)
    for label, value in (choices or {}).items():
        page.get_by_label(label).select_option(value)
    page.get_by_role("button", name="Save event").click()


@contextlib.contextmanager
def serving(app):
    """``app`` served by waitress on a free loopback port, in a thread; its base URL."""
    from waitress import create_server

    wsgi = create_server(app, host="127.0.0.1", port=0, threads=4)
    closing = threading.Event()

    def run() -> None:
        try:
            wsgi.run()
        except (OSError, ValueError):  # the loop may meet its socket closed under it at teardown, and only then
            if not closing.is_set():
                raise

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{wsgi.effective_port}"
    finally:
        closing.set()
        wsgi.close()
        thread.join(timeout=10)
