"""Remake the README's screenshots: the itinerary page and the day timeline of the seed, in Debian's Chromium.

    .venv/bin/python -m bench.screenshots [OUT_DIR]

Serves the seed from a throwaway SQLite database on a free loopback port, with the clock set to the morning the
programme was announced (4 June 2018), and writes ``itinerary.png`` and ``timeline.png`` (default:
``web/static/screenshots/``). Needs Playwright and /usr/bin/chromium, as the browser tests do; no network.
"""

from __future__ import annotations

import sys
import tempfile
import threading
from datetime import UTC, datetime
from pathlib import Path

from itinerary import fixtures
from itinerary.storage import Store
from web import create_app

CHROMIUM = "/usr/bin/chromium"
ANNOUNCED = datetime(2018, 6, 4, 9, tzinfo=UTC)
OUT = Path(__file__).resolve().parent.parent / "web" / "static" / "screenshots"
SHOTS = {
    # file: (address, viewport)
    "itinerary.png": ("/itineraries/russia-china-contacts-2017-2018?tz=Asia/Shanghai", (1100, 1500)),
    "timeline.png": ("/itineraries/china-state-visit-2018/timeline?day=2018-06-08", (1100, 1300)),
}


def serve(folder: Path):
    """The seed served on a free loopback port: (base URL, stop)."""
    from waitress import create_server

    store = Store(f"sqlite:///{folder / 'screenshots.sqlite3'}", clock=lambda: ANNOUNCED)
    app = create_app({"STORE": store, "SECRET_KEY": "screenshots", "DATABASE_URL": "unused"})
    fixtures.load_seed(store)
    server = create_server(app, host="127.0.0.1", port=0, threads=2)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()

    def stop():
        server.close()
        thread.join(timeout=10)
        store.dispose()

    return f"http://127.0.0.1:{server.effective_port}", stop


def take(out: Path = OUT) -> list[Path]:
    """Take every screenshot into ``out``; the files written."""
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    written = []
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as driver:
        base, stop = serve(Path(folder))
        browser = driver.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox"])
        try:
            for name, (path, (width, height)) in SHOTS.items():
                page = browser.new_page(viewport={"width": width, "height": height}, locale="en-GB")
                page.goto(base + path)
                target = out / name
                page.screenshot(path=str(target), full_page=False)
                written.append(target)
                page.close()
        finally:
            browser.close()
            stop()
    return written


if __name__ == "__main__":
    for written in take(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT):
        print(written)
