"""A bounded load test on loopback: subscribers, page readers and editors at once, against gunicorn.

Run from the repository root (PostgreSQL is what it is meant for; without a
URL it uses a temporary SQLite file and says so)::

    python bench/load.py --database-url postgresql+psycopg://USER:PASSWORD@127.0.0.1:5432/itinerary_load
    python bench/load.py --quick

For a fixed duration it runs, in threads of one Python process:

- feed subscribers polling the public feed, half of them sending the ETag of
  their last answer (so the 304 path is exercised as calendar apps do);
- page readers loading the itinerary page;
- editors, each signed in with its own account, adding events through the form.

It reports, per kind of client, requests, requests per second, p50 and p99
latency and errors (any answer other than 200, 302 or 304, or a failed
connection; there must be none), then checks that every event an editor was
told was saved is in the programme afterwards. It prints a table and writes
``bench/results/load.json``. Figures belong in the benchmark report, never in
timed test assertions. The database given is emptied of this service's tables
first: point it at a throwaway database.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import http.cookies
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

if __package__ in (None, ""):  # run as a script: python bench/load.py
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import slow_clients

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "load.json"
SLUG = "china-state-visit-2018"
PASSWORD = "load-test-password-1"
OK = {200, 302, 304}


@dataclass
class Tally:
    """Latencies and errors of one kind of client."""

    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, seconds: float, ok: bool) -> None:
        with self.lock:
            self.latencies.append(seconds)
            self.errors += not ok

    def row(self, name: str, duration: float) -> dict:
        ordered = sorted(self.latencies) or [0.0]

        def pct(p: float) -> float:
            return round(ordered[min(len(ordered) - 1, int(p * len(ordered)))] * 1000, 2)

        return {
            "name": name,
            "requests": len(self.latencies),
            "rps": round(len(self.latencies) / duration, 1),
            "p50_ms": pct(0.50),
            "p99_ms": pct(0.99),
            "errors": self.errors,
        }


class Client:
    """One keep-alive HTTP connection with a cookie jar of its own."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    def send(self, method: str, path: str, body: bytes | None = None, headers: dict | None = None):
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        for attempt in (1, 2):
            try:
                self.connection.request(method, path, body=body, headers=headers)
                response = self.connection.getresponse()
                payload = response.read()
                break
            except (http.client.HTTPException, OSError):
                self.connection.close()
                self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
                if attempt == 2:
                    raise
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie = http.cookies.SimpleCookie(header)
            self.cookies.update({name: morsel.value for name, morsel in cookie.items()})
        return response.status, response.headers, payload

    def close(self) -> None:
        self.connection.close()


class FormValues(HTMLParser):
    """The values a browser would send from the page's main form (the one with class "form")."""

    def __init__(self):
        super().__init__()
        self.inside, self.values, self.select = False, {}, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = "form" in (attrs.get("class") or "").split() and not self.values
        elif self.inside and tag == "input" and attrs.get("name"):
            kind = attrs.get("type", "text")
            if kind not in ("checkbox", "radio", "submit") or "checked" in attrs:
                self.values[attrs["name"]] = attrs.get("value", "")
        elif self.inside and tag == "select":
            self.select = attrs.get("name")
        elif (
            self.inside and tag == "option" and self.select and ("selected" in attrs or self.select not in self.values)
        ):
            self.values[self.select] = attrs.get("value", "")

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self.select = None


def form(client: Client, path: str) -> dict:
    status, _, body = client.send("GET", path)
    if status != 200:
        raise RuntimeError(f"GET {path} answered {status}")
    parser = FormValues()
    parser.feed(body.decode())
    return parser.values


def sign_in(client: Client, username: str) -> None:
    values = form(client, "/sign-in")
    values.update(username=username, password=PASSWORD)
    status, _, _ = client.send("POST", "/sign-in", urllib.parse.urlencode(values).encode())
    if status != 302:
        raise RuntimeError(f"{username} could not sign in ({status})")


@contextlib.contextmanager
def server(database_url: str, folder: Path, workers: int, editors: int):
    env = dict(
        os.environ,
        ITINERARY_DATABASE_URL=database_url,
        ITINERARY_INSTANCE_PATH=str(folder),
        ITINERARY_SECRET_KEY="load-test-only",
        ITINERARY_SESSION_COOKIE_SECURE="false",
    )
    for number in range(editors):
        slow_clients.create_editor(env, f"editor{number}", PASSWORD, timeout=120)
    threads = ("--worker-class", "gthread", "--threads", "8", "--log-level", "warning")
    with slow_clients.gunicorn(folder, *threads, workers=workers, env=env) as port:
        yield port, env


def reset(database_url: str) -> None:
    """Empty the throwaway database of this service's tables."""
    sys.path.insert(0, str(ROOT))
    from itinerary import accounts, changelog  # noqa: F401
    from itinerary.storage import Base, Store

    store = Store(database_url)
    with store.engine.begin() as connection:
        Base.metadata.drop_all(connection)
        connection.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
    store.dispose()


def run(port: int, seconds: float, subscribers: int, readers: int, editors: int) -> tuple[list[dict], dict]:
    stop = time.monotonic() + seconds
    tallies = {"feed (with ETag)": Tally(), "feed (no ETag)": Tally(), "page": Tally(), "editor": Tally()}
    saved: list[str] = []
    failures: list[str] = []

    def timed(tally: Tally, client: Client, method: str, path: str, body=None, headers=None):
        began = time.perf_counter()
        try:
            status, response_headers, payload = client.send(method, path, body, headers)
        except (OSError, http.client.HTTPException) as error:
            tally.add(time.perf_counter() - began, False)
            failures.append(f"{method} {path}: {error}")
            return None, None, None
        tally.add(time.perf_counter() - began, status in OK)
        if status not in OK:
            failures.append(f"{method} {path}: {status}")
        return status, response_headers, payload

    def subscriber(conditional: bool):
        client, etag = Client(port), None
        tally = tallies["feed (with ETag)" if conditional else "feed (no ETag)"]
        while time.monotonic() < stop:
            headers = {"If-None-Match": etag} if conditional and etag else {}
            status, response_headers, _ = timed(tally, client, "GET", f"/itineraries/{SLUG}.ics", headers=headers)
            if status == 200:
                etag = response_headers["ETag"]
        client.close()

    def reader():
        client = Client(port)
        while time.monotonic() < stop:
            timed(tallies["page"], client, "GET", f"/itineraries/{SLUG}")
        client.close()

    def editor(number: int):
        client = Client(port)
        sign_in(client, f"editor{number}")
        count = 0
        while time.monotonic() < stop:
            count += 1
            title = f"Load test editor{number} event {count}"
            values = form(client, f"/itineraries/{SLUG}/new-event")
            values.update(
                title=title,
                kind="meeting",
                start_date="2018-06-08",
                start_time=f"{7 + number % 3:02d}:00",
                end_date="2018-06-08",
                end_time=f"{7 + number % 3:02d}:30",
                timezone="Asia/Shanghai",
                venue="great-hall-of-the-people",
                # Every save after the first overlaps another in the same hall: saved anyway, with a reason.
                save_anyway="Save anyway",
                reason="load test",
            )
            status, _, _ = timed(
                tallies["editor"],
                client,
                "POST",
                f"/itineraries/{SLUG}/new-event",
                urllib.parse.urlencode(values).encode(),
            )
            if status == 302:
                saved.append(title)
            time.sleep(0.2)  # an editor types between saves
        client.close()

    threads = [threading.Thread(target=subscriber, args=(i % 2 == 0,)) for i in range(subscribers)]
    threads += [threading.Thread(target=reader) for _ in range(readers)]
    threads += [threading.Thread(target=editor, args=(i,)) for i in range(editors)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 120)
    rows = [tally.row(name, seconds) for name, tally in tallies.items()]
    return rows, {"saved": saved, "failures": failures[:20]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("ITINERARY_LOAD_DATABASE_URL"))
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--subscribers", type=int, default=32)
    parser.add_argument("--readers", type=int, default=4)
    parser.add_argument("--editors", type=int, default=3)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--quick", action="store_true", help="10 seconds, 8 subscribers, 2 readers, 2 editors")
    args = parser.parse_args(argv)
    if args.quick:
        args.seconds, args.subscribers, args.readers, args.editors = 10.0, 8, 2, 2
    with tempfile.TemporaryDirectory(prefix="itinerary-load-") as folder:
        url = args.database_url or f"sqlite:///{Path(folder) / 'load.sqlite3'}"
        if args.database_url:
            reset(url)
        with server(url, Path(folder), args.workers, args.editors) as (port, env):
            rows, outcome = run(port, args.seconds, args.subscribers, args.readers, args.editors)
            listed = subprocess.run(
                [sys.executable, "-m", "web", "export", SLUG, "--private"],
                env=env,
                capture_output=True,
                check=True,
                timeout=120,
            ).stdout.decode()
    unfolded = listed.replace("\r\n ", "")
    missing = [title for title in outcome["saved"] if f"SUMMARY:{title}\r\n" not in unfolded]
    database = "postgresql" if url.startswith("postgresql") else "sqlite (temporary; pass --database-url)"
    report = {
        "database": database,
        "seconds": args.seconds,
        "workers": args.workers,
        "rows": rows,
        "editor_saves": len(outcome["saved"]),
        "missing_after": missing,
        "failures": outcome["failures"],
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=1) + "\n")
    print(f"load test: {args.seconds:g} s, gunicorn {args.workers} workers, {database}")
    print(f"{'client':<18}{'requests':>10}{'req/s':>10}{'p50 ms':>10}{'p99 ms':>10}{'errors':>8}")
    for row in rows:
        print(
            f"{row['name']:<18}{row['requests']:>10}{row['rps']:>10}{row['p50_ms']:>10}{row['p99_ms']:>10}"
            f"{row['errors']:>8}"
        )
    print(f"editor saves: {len(outcome['saved'])}, missing afterwards: {len(missing)}")
    errors = sum(row["errors"] for row in rows)
    return 1 if errors or missing else 0


if __name__ == "__main__":
    sys.exit(main())
