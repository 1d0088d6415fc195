"""Benchmarks of the feed, the server and the page, each as a ratio to a baseline measured in the same run.

Run from the repository root::

    pip install -e '.[bench]' && python bench/run.py --quick    # under two minutes
    python bench/run.py                                          # adds 100,000 events, memory, a 10,000-event peer

It prints one table and writes ``bench/results/latest.json``: a list of rows,
each with ``name``, ``value``, ``baseline``, ``ratio``, ``target`` (the bound
the ratio must keep, with ``compare`` saying ``<=`` or ``>=``) and ``met``.
Servers (gunicorn, Radicale) run on 127.0.0.1 at free ports from temporary
folders and are stopped on exit; load comes from ``wrk`` when installed, else
from a bounded Python client. Every loop is bounded in count and in time.
Benchmarks are never timed assertions in tests: the suite only checks that
this code still runs (``tests/test_bench_smoke.py``).
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import dataclasses
import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import icalendar

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: python bench/run.py
    sys.path.insert(0, str(ROOT))

from bench import data  # noqa: E402
from itinerary import feeds, ical, services  # noqa: E402
from itinerary.storage import Store  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "latest.json"
SETTINGS = ical.FeedSettings()
AUTH = "Basic " + base64.b64encode(b"bench:bench").decode()


@dataclasses.dataclass
class Row:
    """One figure, its baseline from the same run, and the target for their ratio."""

    name: str
    value: float
    baseline: float
    unit: str
    target: float
    compare: str  # "<=" or ">=": how the ratio must stand to the target
    note: str = ""
    ratio: float = dataclasses.field(init=False)
    met: bool = dataclasses.field(init=False)

    def __post_init__(self):
        self.ratio = self.value / self.baseline if self.baseline else float("inf")
        self.met = self.ratio <= self.target if self.compare == "<=" else self.ratio >= self.target

    def as_dict(self) -> dict:
        return dataclasses.asdict(self)


def timed(function: Callable[[], object], repeat: int = 1, clock: Callable[[], float] = time.perf_counter) -> float:
    """The best time of ``repeat`` runs, in seconds (the least disturbed by a noisy machine)."""
    best = float("inf")
    for _ in range(repeat):
        start = clock()
        function()
        best = min(best, clock() - start)
    return best


def cpu_timed(function: Callable[[], object], repeat: int = 1) -> float:
    """The best CPU time of this process over ``repeat`` runs of an in-process, single-threaded build.

    Builds are timed in CPU seconds because on a shared machine wall time also
    counts the other tenants' work; a build here waits for no one but SQLite,
    which runs in this process.
    """
    return timed(function, repeat, time.process_time)


# 1, 2, 6: building the feed


def plain_seconds(store: Store, count: int, repeat: int) -> float:
    """The icalendar library building the same feed from Python objects already in memory: no database, no cache.

    One ``Calendar`` tree of ``Event`` components (the library's own ``to_ical``), exactly as
    :func:`itinerary.ical.build_calendar` makes it; the bytes are checked equal to our feed's.
    """
    slug = data.bench_slug(count)
    itinerary = services.get_itinerary(store, slug)
    events = services.list_events(store, slug, include_restricted=False)

    stamp = feeds.language_stamp(store, itinerary, "public", "")  # the feed's DTSTAMP: its audience's, in its language

    def build() -> bytes:
        calendar = ical.build_calendar(itinerary, events, now=stamp, settings=SETTINGS)
        return ical.to_ics(calendar)

    if build() != feeds.itinerary_feed(store, slug, SETTINGS).body:
        raise AssertionError(f"the baseline and our feed differ for {slug}")
    return cpu_timed(build, repeat)


def cold_seconds(store: Store, count: int, repeat: int) -> tuple[float, feeds.FeedCache]:
    """Our whole path, query included, with empty caches; and the caches the last build filled."""
    slug = data.bench_slug(count)
    caches = []

    def build():
        caches.append(feeds.FeedCache())
        feeds.itinerary_feed(store, slug, SETTINGS, cache=caches[-1])

    return cpu_timed(build, repeat), caches[-1]


def warm_seconds(store: Store, count: int, repeat: int, cache: feeds.FeedCache) -> float:
    """Our whole path rebuilding the feed after one event changed, the earlier build's caches kept."""
    slug = data.bench_slug(count)
    uid = services.list_events(store, slug, include_restricted=False)[count // 2].uid
    best = float("inf")
    for turn in range(repeat):
        services.update_event(store, slug, uid, title=f"Changed {turn}")
        best = min(best, cpu_timed(lambda: feeds.itinerary_feed(store, slug, SETTINGS, cache=cache)))
    return best


def build_rows(
    store: Store, counts: tuple[int, ...], warm_count: int, repeat: int, database: Path | None = None
) -> list[Row]:
    """Cold builds at each count and the warm rebuild, against plain icalendar; with ``database``, the
    ``warm_count`` feed built in a fresh process (a worker just started, on any host) against the same."""
    rows = []
    for count in counts:
        plain = plain_seconds(store, count, repeat if count <= 10_000 else 1)
        cold, cache = cold_seconds(store, count, repeat if count <= 10_000 else 1)
        rows.append(Row(f"feed build, cold, {count:,} events", cold, plain, "s", 1.2, "<="))
        if count == warm_count:
            warm = warm_seconds(store, count, max(repeat, 2), cache)
            rows.append(Row(f"feed rebuild after one change, {count:,} events", warm, plain, "s", 0.1, "<="))
            if database is not None:
                fresh = min(fresh_build(database, count).seconds for _ in range(max(repeat, 2)))
                rows.append(
                    Row(
                        f"feed build in a fresh process, {count:,} events",
                        fresh,
                        plain,
                        "s",
                        0.1,
                        "<=",
                        "CPU time of a new interpreter's first build, from the stored blocks",
                    )
                )
    return rows


FRESH_BUILD = """
import sys, time
sys.path.insert(0, sys.argv[1])
from itinerary import feeds, ical
from itinerary.storage import Store

store = Store(sys.argv[2])
start = time.process_time()
feed = feeds.itinerary_feed(store, sys.argv[3], ical.FeedSettings(), cache=feeds.FeedCache())
seconds = time.process_time() - start
# VmHWM: the peak RSS of this process's own memory. getrusage's ru_maxrss would also count the
# memory of the parent that forked it, which Linux carries across exec.
peak = next(line.split()[1] for line in open("/proc/self/status") if line.startswith("VmHWM:"))
print(seconds, int(peak), len(feed.body))
"""


@dataclasses.dataclass
class FreshBuild:
    """A cold build of one feed in a fresh process: its CPU seconds, the process's peak RSS, the feed's size."""

    seconds: float
    peak_mib: float
    size: int


def fresh_build(database: Path, count: int) -> FreshBuild:
    """Build the ``count``-event feed once in a fresh interpreter, as a worker would after a start.

    A process of its own, so that neither the time nor the memory counts this bench's own heap, which
    holds the baselines' calendars by then.
    """
    out = subprocess.run(
        [sys.executable, "-c", FRESH_BUILD, str(ROOT), f"sqlite:///{database}", data.bench_slug(count)],
        capture_output=True,
        text=True,
        timeout=900,
        check=True,
    ).stdout.split()
    return FreshBuild(float(out[0]), int(out[1]) / 1024, int(out[2]))


def scale_row(database: Path, small: int, large: int, repeat: int) -> tuple[Row, FreshBuild]:
    """Cost per event of a cold build at ``large`` against at ``small`` events, each in fresh processes."""
    smalls = [fresh_build(database, small) for _ in range(repeat)]
    larges = [fresh_build(database, large) for _ in range(max(1, repeat // 2))]
    fastest = min(larges, key=lambda build: build.seconds)
    row = Row(
        f"cost per event, {large:,} vs {small:,} events",
        fastest.seconds / large * 1e6,
        min(build.seconds for build in smalls) / small * 1e6,
        "µs/event",
        1.3,
        "<=",
        "cold builds in fresh processes, CPU time",
    )
    return row, max(larges, key=lambda build: build.peak_mib)


def memory_row(build: FreshBuild, count: int, limit_mib: float) -> Row:
    """Peak RSS of a fresh process building the ``count``-event feed, against ``limit_mib``."""
    note = f"process peak RSS (interpreter included); feed {build.size / 2**20:.0f} MiB"
    return Row(f"peak memory, {count:,}-event feed build", build.peak_mib, limit_mib, "MiB", 1.0, "<=", note)


# 3, 4: serving


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(port: int, path: str, headers: dict | None = None, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError, http.client.HTTPException):
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            connection.request("GET", path, headers=headers or {})
            if connection.getresponse().status < 500:
                return
        time.sleep(0.2)
    raise RuntimeError(f"the server on port {port} did not answer {path}")


@contextlib.contextmanager
def process(args: list[str], env: dict | None = None) -> Iterator[subprocess.Popen]:
    """Run a server in its own process group; stop it (and only it) on exit."""
    proc = subprocess.Popen(
        args, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    try:
        yield proc
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=15)


@contextlib.contextmanager
def gunicorn(database: Path, workers: int = 2, **settings: str) -> Iterator[int]:
    """The app under gunicorn (the production server of the scale-out set-up) on a free loopback port."""
    port = free_port()
    env = dict(
        os.environ,
        ITINERARY_DATABASE_URL=f"sqlite:///{database}",
        ITINERARY_LOAD_SEED="false",
        ITINERARY_SECRET_KEY="bench-only-key",
        ITINERARY_INSTANCE_PATH=str(database.parent),
        **{f"ITINERARY_{name}": value for name, value in settings.items()},
    )
    args = [sys.executable, "-m", "gunicorn", "-w", str(workers), "-k", "gthread", "--threads", "4"]
    with process([*args, "-b", f"127.0.0.1:{port}", "--log-level", "warning", "bench.wsgi:app"], env):
        wait_for(port, "/bench/trivial")
        yield port


@contextlib.contextmanager
def radicale(folder: Path) -> Iterator[int]:
    """Radicale on a free loopback port, storing in ``folder``, any user and password accepted."""
    port = free_port()
    config = folder / "radicale.conf"
    config.write_text(
        f"[server]\nhosts = 127.0.0.1:{port}\nmax_content_length = 500000000\n"
        f"[auth]\ntype = none\n[rights]\ntype = owner_only\n"
        f"[storage]\nfilesystem_folder = {radicale_storage(folder)}\n[logging]\nlevel = warning\n"
    )
    with process([sys.executable, "-m", "radicale", "--config", str(config)]):
        wait_for(port, "/", {"Authorization": AUTH})
        yield port


def radicale_storage(folder: Path) -> Path:
    """The ``filesystem_folder`` of the Radicale that :func:`radicale` runs in ``folder``."""
    return folder / "collections"


def radicale_calendar(folder: Path, path: str, body: bytes) -> int:
    """Write the calendar ``body`` into Radicale's storage as the collection ``path`` (``user/name``), unstarted.

    What Radicale itself keeps for a PUT of a whole calendar (``radicale/storage/multifilesystem``): a
    folder under ``collection-root`` with a ``.Radicale.props`` file (JSON: the tag, name, description)
    and one item file per UID, a VCALENDAR of that UID's components with the calendar's VTIMEZONEs. A
    PUT of the 10,000-event calendar did not finish in ten minutes; this takes seconds. Radicale parses
    the items on the first GET (about 10 ms an item: the work a PUT does). Returns the VEVENTs written.
    """
    calendar = icalendar.Calendar.from_ical(body)
    collection = radicale_storage(folder) / "collection-root" / path.strip("/")
    collection.mkdir(parents=True)
    props = {"tag": "VCALENDAR", "D:displayname": str(calendar.get("X-WR-CALNAME", ""))}
    props["C:calendar-description"] = str(calendar.get("X-WR-CALDESC", ""))
    (collection / ".Radicale.props").write_text(json.dumps(props, sort_keys=True), encoding="utf-8")
    by_uid: dict[str, list] = {}
    for component in calendar.events:
        by_uid.setdefault(str(component["UID"]), []).append(component)
    for number, components in enumerate(by_uid.values()):
        item = icalendar.Calendar()
        item.add("VERSION", "2.0")
        item.add("PRODID", calendar["PRODID"])
        for component in [*calendar.timezones, *components]:
            item.add_component(component)
        (collection / f"item-{number}.ics").write_bytes(item.to_ical())
    return sum(len(components) for components in by_uid.values())


def request(port: int, path: str, method: str = "GET", body: bytes | None = None, headers=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    connection.request(method, path, body=body, headers={"Authorization": AUTH, **(headers or {})})
    response = connection.getresponse()
    payload = response.read()
    connection.close()
    return response.status, response.getheader("ETag"), payload


@dataclasses.dataclass
class Load:
    """What a load run measured."""

    rps: float
    p50_ms: float
    p99_ms: float


def load(port: int, path: str, *, seconds: float, connections: int, headers: dict | None = None) -> Load:
    """Requests/s and latency of GET ``path`` under ``connections`` concurrent clients for ``seconds``."""
    headers = {"Authorization": AUTH, **(headers or {})}
    if shutil.which("wrk"):
        return _wrk(port, path, seconds, connections, headers)
    return _python_load(port, path, seconds, connections, headers)


def _wrk(port, path, seconds, connections, headers) -> Load:
    args = [
        "wrk",
        "-t",
        str(min(2, connections)),
        "-c",
        str(connections),
        "-d",
        f"{max(1, round(seconds))}s",
        "--latency",
    ]
    for name, value in headers.items():
        args += ["-H", f"{name}: {value}"]
    out = subprocess.run(
        [*args, f"http://127.0.0.1:{port}{path}"], capture_output=True, text=True, timeout=seconds + 60, check=True
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))

    def latency(percent: str) -> float:
        value, unit = re.search(rf"^\s+{percent}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M).groups()
        return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]

    if re.search(r"Non-2xx or 3xx responses", out):
        raise RuntimeError(f"errors under load on {path}:\n{out}")
    return Load(rps, latency("50"), latency("99"))


def _python_load(port, path, seconds, connections, headers, max_requests: int = 200_000) -> Load:
    """A bounded keep-alive client: ``connections`` threads until ``seconds`` pass or ``max_requests`` are made."""
    deadline = time.monotonic() + seconds
    latencies: list[float] = []
    lock = threading.Lock()

    def client():
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine = []
        while time.monotonic() < deadline and len(mine) < max_requests // connections:
            start = time.perf_counter()
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            response.read()
            if response.status >= 400:
                raise RuntimeError(f"{path} answered {response.status}")
            mine.append(time.perf_counter() - start)
        connection.close()
        with lock:
            latencies.extend(mine)

    started = time.monotonic()
    threads = [threading.Thread(target=client) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + 60)
    elapsed = time.monotonic() - started
    latencies.sort()
    pick = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000  # noqa: E731
    return Load(len(latencies) / elapsed, pick(0.5), pick(0.99))


GZIP = {"Accept-Encoding": "gzip"}  # what calendar apps send, and the answer they get


def served_rows(
    database: Path, count: int, seconds: float, rounds: int, fresh: float | None = None
) -> tuple[list[Row], dict]:
    """The 200 and 304 paths of the feed against the trivial route, on the same server in the same run.

    Requests ask for gzip, as calendar apps do; the uncompressed 200 is measured too. Each load is
    measured ``rounds`` times, interleaved; the best requests/s and latencies are kept. ``fresh``
    None runs the app's default ``FEED_FRESH_SECONDS`` (1: a worker trusts a feed it checked under a
    second ago); 0 makes every request read the database, with lower targets, to show what that costs.
    """
    path = f"/itineraries/{data.bench_slug(count)}.ics"
    settings = {} if fresh is None else {"FEED_FRESH_SECONDS": str(fresh)}
    with gunicorn(database, **settings) as port:
        for _ in range(8):  # every worker builds and caches the feed before measuring
            _, etag, _ = request(port, path, headers=GZIP)
            request(port, path)
        russian = path + "?lang=ru"  # the feed in Russian: its own blocks, ETag and cache entry
        for _ in range(8):
            _, russian_etag, _ = request(port, russian, headers=GZIP)
        runs: dict[str, list[Load]] = {"trivial": [], "200": [], "304": [], "plain": [], "ru200": [], "ru304": []}
        for _ in range(rounds):  # interleaved, so that the machine's noise falls on all alike
            runs["trivial"].append(load(port, "/bench/trivial", seconds=seconds, connections=16))
            runs["200"].append(load(port, path, seconds=seconds, connections=16, headers=GZIP))
            runs["304"].append(
                load(port, path, seconds=seconds, connections=16, headers={**GZIP, "If-None-Match": etag})
            )
            runs["plain"].append(load(port, path, seconds=seconds, connections=16))
            runs["ru200"].append(load(port, russian, seconds=seconds, connections=16, headers=GZIP))
            runs["ru304"].append(
                load(port, russian, seconds=seconds, connections=16, headers={**GZIP, "If-None-Match": russian_etag})
            )
        single = timed(lambda: request(port, path), 5)
    trivial, full, cached, plain, full_ru, cached_ru = (
        Load(max(r.rps for r in found), min(r.p50_ms for r in found), min(r.p99_ms for r in found))
        for found in runs.values()
    )
    window = "" if fresh is None else f", FEED_FRESH_SECONDS={fresh:g}"
    target = 0.8 if fresh is None else 0.5  # every request reading the database is shown, not held to 0.8
    rows = [
        Row(f"feed served 200, {count:,} events{window}", full.rps, trivial.rps, "req/s", target, ">="),
        Row(f"feed served 304, {count:,} events{window}", cached.rps, trivial.rps, "req/s", target, ">="),
        Row(f"feed served 200 p99, {count:,} events{window}", full.p99_ms, trivial.p99_ms, "ms", 2.0, "<="),
        Row(f"feed served 304 p99, {count:,} events{window}", cached.p99_ms, trivial.p99_ms, "ms", 2.0, "<="),
        Row(f"feed served 200 uncompressed, {count:,} events{window}", plain.rps, trivial.rps, "req/s", 0.5, ">="),
        Row(f"feed served 200 ?lang=ru, {count:,} events{window}", full_ru.rps, trivial.rps, "req/s", target, ">="),
        Row(f"feed served 304 ?lang=ru, {count:,} events{window}", cached_ru.rps, trivial.rps, "req/s", target, ">="),
    ]
    rows[0].note = f"gzip; p50 {full.p50_ms:.1f} ms vs {trivial.p50_ms:.1f} ms"
    rows[1].note = f"gzip; p50 {cached.p50_ms:.1f} ms vs {trivial.p50_ms:.1f} ms"
    rows[4].note = f"no Accept-Encoding; p50 {plain.p50_ms:.1f} ms, p99 {plain.p99_ms:.1f} ms"
    rows[5].note = f"gzip, Russian; p50 {full_ru.p50_ms:.1f} ms, p99 {full_ru.p99_ms:.1f} ms"
    rows[6].note = f"gzip, Russian; p50 {cached_ru.p50_ms:.1f} ms, p99 {cached_ru.p99_ms:.1f} ms"
    return rows, {"get": single, "load": full}


def peer_rows(
    store: Store, database: Path, folder: Path, get_count: int, load_count: int, seconds: float, ours: dict
) -> list:
    """Radicale holding the same events: one GET of the whole calendar, and 16 clients on ``load_count`` events.

    ``ours`` holds our feed's single GET time and load at ``load_count`` events, measured by :func:`served_rows`.
    The calendars are written into Radicale's storage before it starts (:func:`radicale_calendar`); one GET
    of each, untimed, makes Radicale build its item cache and shows that it serves every event.
    """
    rows = []
    written = {}
    for count in sorted({get_count, load_count}):
        itinerary = services.get_itinerary(store, data.bench_slug(count))
        body = ical.to_ics(
            ical.build_calendar(
                itinerary,
                services.list_events(store, itinerary.slug),
                now=itinerary.updated,
                settings=SETTINGS,
            )
        )
        written[count] = radicale_calendar(folder, f"bench/c{count}", body)
    with radicale(folder) as port:
        for count, vevents in written.items():
            status, _, payload = request(port, f"/bench/c{count}/")
            served = payload.count(b"\r\nBEGIN:VEVENT\r\n")
            if status != 200 or served != vevents:
                raise RuntimeError(f"Radicale served {served} of {vevents} events of c{count} ({status})")
        peer_get = timed(lambda: request(port, f"/bench/c{get_count}/"), 3)
        # Both asked for gzip, which Radicale gives too: the same request as our load in served_rows.
        peer_load = load(port, f"/bench/c{load_count}/", seconds=max(seconds, 6), connections=16, headers=GZIP)
    ours_get, ours_load = ours["get"], ours["load"]
    if get_count != load_count:
        with gunicorn(database) as port:
            path = f"/itineraries/{data.bench_slug(get_count)}.ics"
            for _ in range(8):
                request(port, path)
            ours_get = timed(lambda: request(port, path), 5)
    # "How many times faster" as value/baseline, so that the ratio is the speed-up.
    rows.append(Row(f"vs Radicale: GET, {get_count:,} events (speed-up)", peer_get, ours_get, "s", 20.0, ">="))
    rows[-1].note = f"Radicale {peer_get:.3f} s, ours {ours_get:.4f} s"
    rows.append(
        Row(f"vs Radicale: 16 clients, {load_count:,} events", ours_load.rps, peer_load.rps, "req/s", 100.0, ">=")
    )
    return rows


# 5: the page


def page_rows(store: Store, count: int, seconds: float) -> list[Row]:
    """The itinerary page against a bare template of the same rows, both through Flask's test client.

    A programme this long is shown a week at a time (``web/pages.py``), so the
    bare template gets the rows of the window the page shows by default, one
    per entry of each shown day: the same rows, not the whole programme.

    Measured twice: as it stands, and while an editor saves an event every
    second (each save is a new stored state: the page is laid out again once
    a second, and the save itself, its change log and its stored blocks, runs
    beside the readers).
    """
    from flask import render_template_string

    from web.app import create_app

    app = create_app({"TESTING": True, "STORE": store, "SECRET_KEY": "bench", "LOAD_SEED": False})
    slug = data.bench_slug(count)
    from itinerary import programme
    from web import viewmodels

    itinerary = services.get_itinerary(store, slug)
    with app.test_request_context(f"/itineraries/{slug}"):
        span = services.event_span(store, slug, include_restricted=False)
        window = viewmodels.programme_window(itinerary, span, store.now(), None, None)
    since, until = (window.since, window.until) if window else (None, None)
    found = services.list_occurrences(store, slug, since=since, until=until, include_restricted=False)
    rows = [
        (entry.event.title, entry.occurrence.timing.instants()[0], entry.event.venue.name if entry.event.venue else "")
        for day in programme.days(found, itinerary.timezone)
        if window is None or window.first <= day.date <= window.last
        for entry in day.entries
    ]
    bare = "<ul>{% for title, start, place in rows %}<li>{{ start }} {{ title }} {{ place }}</li>{% endfor %}</ul>"

    @app.get("/bench/bare")
    def bare_page():
        return render_template_string(bare, rows=rows)

    client = app.test_client()

    def throughput(path: str) -> float:
        assert client.get(path).status_code == 200
        done, deadline, start = 0, time.monotonic() + seconds, time.perf_counter()
        while time.monotonic() < deadline and done < 10_000:
            client.get(path)
            done += 1
        return done / (time.perf_counter() - start)

    page = throughput(f"/itineraries/{slug}")
    base = throughput("/bench/bare")
    shown = f"{len(rows)} rows shown" + (f", {window.first} to {window.last}" if window else "")
    row = Row(f"page, {count:,} events", page, base, "req/s", 0.75, ">=")
    row.note = shown
    with _editor_saving(store, slug) as saves:
        edited = throughput(f"/itineraries/{slug}")
        base = throughput("/bench/bare")
    busy = Row(f"page, {count:,} events, an editor saving every second", edited, base, "req/s", 0.8, ">=")
    busy.note = f"{shown}; {saves[0]} saves"
    return [row, busy]


def subscription_rows(store: Store, count: int, seconds: float) -> list[Row]:
    """A calendar app's poll through a subscription with its fetch recorded (feed health), against the same poll
    with recording off, both through Flask's test client on the same store, taken in turns within one run.

    Recording only adds the fetch to an in-process buffer that a background thread writes every few seconds
    (``itinerary.subscriptions.FetchRecorder``): the poll should not notice it.
    """
    from itinerary import subscriptions
    from web.app import create_app
    from web.fetches import RECORDER_KEY

    slug = data.bench_slug(count)
    token = subscriptions.issue(store, slug, audience="press", name=f"bench pool {time.monotonic_ns()}").token
    settings = {"TESTING": True, "STORE": store, "SECRET_KEY": "bench", "LOAD_SEED": False, "FETCH_FLUSH_SECONDS": 2}
    recorded = create_app(settings | {"RECORD_FETCHES": True})
    unrecorded = create_app(settings | {"RECORD_FETCHES": False})
    headers = {"User-Agent": "Google-Calendar-Importer", "Accept-Encoding": "gzip"}
    clients = {app: app.test_client() for app in (recorded, unrecorded)}
    done = {app: 0 for app in clients}
    spent = {app: 0.0 for app in clients}
    for client in clients.values():
        assert client.get(f"/feeds/{token}.ics", headers=headers).status_code == 200
    turns = 10
    for _ in range(turns):  # in turns, so that a slow moment of the machine falls on both
        for app, client in clients.items():
            deadline, start = time.monotonic() + seconds / turns, time.perf_counter()
            while time.monotonic() < deadline:
                client.get(f"/feeds/{token}.ics", headers=headers)
                done[app] += 1
            spent[app] += time.perf_counter() - start
    recorder = recorded.extensions[RECORDER_KEY]
    recorder.close()
    with_record, without = done[recorded] / spent[recorded], done[unrecorded] / spent[unrecorded]
    row = Row(f"subscription poll, fetch recorded, {count:,} events", with_record, without, "req/s", 0.9, ">=")
    row.note = f"gzip; {done[recorded]:,} polls recorded vs {done[unrecorded]:,} not; {recorder.dropped} dropped"
    return [row]


@contextlib.contextmanager
def _editor_saving(store: Store, slug: str) -> Iterator[list[int]]:
    """An editor saving one event of ``slug`` every second (its title changed back and forth) until the block ends."""
    uid = services.list_events(store, slug)[0].uid
    title = services.get_event(store, slug, uid).title
    saves, stop = [0], threading.Event()

    def edit() -> None:
        while not stop.wait(1.0):
            services.update_event(store, slug, uid, title=f"{title} ({saves[0] % 2})", editor="bench")
            saves[0] += 1

    thread = threading.Thread(target=edit, daemon=True)
    thread.start()
    try:
        yield saves
    finally:
        stop.set()
        thread.join()


# The run


def progress(rows: list[Row], started: float) -> None:
    for row in rows:
        print(f"[{time.monotonic() - started:6.1f} s] {row.name}: {row.value:.4g} {row.unit}", file=sys.stderr)


def print_table(rows: list[Row]) -> None:
    print(f"{'benchmark':<62} {'value':>10} {'baseline':>10} {'unit':>8} {'ratio':>8} {'target':>8}  met")
    for row in rows:
        print(
            f"{row.name:<62} {row.value:>10.4g} {row.baseline:>10.4g} {row.unit:>8} "
            f"{row.ratio:>8.3g} {row.compare + format(row.target, 'g'):>8}  {'yes' if row.met else 'NO'}"
        )


def write_results(rows: list[Row], path: Path = RESULTS) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps([row.as_dict() for row in rows], indent=2, ensure_ascii=False) + "\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller sizes and shorter loads: under two minutes")
    parser.add_argument("--output", type=Path, default=RESULTS)
    parser.add_argument(
        "--only",
        choices=["page", "served", "subscription"],
        help="run only these rows (the table is printed, not written)",
    )
    options = parser.parse_args(argv)
    quick = options.quick
    if options.only in ("page", "subscription"):
        measure = page_rows if options.only == "page" else subscription_rows
        with tempfile.TemporaryDirectory(prefix="itinerary-bench-") as folder:
            store = data.make_store(f"sqlite:///{Path(folder) / 'bench.sqlite3'}", (1_000,))
            rows = measure(store, 1_000, 2.0 if quick else 10.0)
            store.dispose()
        print_table(rows)
        return 0
    if options.only == "served":
        with tempfile.TemporaryDirectory(prefix="itinerary-bench-") as folder:
            database = Path(folder) / "bench.sqlite3"
            data.make_store(f"sqlite:///{database}", (1_000,)).dispose()
            seconds = 2.0 if quick else 10.0
            rows = served_rows(database, 1_000, seconds, 3)[0] + served_rows(database, 1_000, seconds, 3, fresh=0)[0]
        print_table(rows)
        return 0
    counts = (1_000, 10_000) if quick else (1_000, 10_000, 100_000)
    seconds, repeat = (2.0, 1) if quick else (10.0, 3)
    with tempfile.TemporaryDirectory(prefix="itinerary-bench-") as folder:
        database = Path(folder) / "bench.sqlite3"
        print(f"building the bench database ({', '.join(f'{c:,}' for c in counts)} events)...", file=sys.stderr)
        store = data.make_store(f"sqlite:///{database}", counts)
        started = time.monotonic()
        build = build_rows(store, counts, 10_000, repeat, database)
        largest = max(counts)
        scale, biggest = scale_row(database, min(counts), largest, 2 if quick else 4)
        build.append(scale)
        if not quick:  # the peak memory of the largest build, from the scale row's fresh processes
            build.append(memory_row(biggest, largest, 400))
        progress(build, started)
        served, ours = served_rows(database, 1_000, seconds, 2 if quick else 3)
        if not quick:
            served += served_rows(database, 1_000, seconds, 3, fresh=0)[0]
        progress(served, started)
        (Path(folder) / "radicale").mkdir()
        get_count = 1_000 if quick else 10_000
        peer = peer_rows(store, database, Path(folder) / "radicale", get_count, 1_000, seconds, ours)
        progress(peer, started)
        page = page_rows(store, 1_000, seconds)
        progress(page, started)
        subscribed = subscription_rows(store, 1_000, seconds)
        progress(subscribed, started)
        rows = build + served + peer + page + subscribed
        store.dispose()
    print_table(rows)
    write_results(rows, options.output)
    print(f"\nwritten to {options.output.relative_to(ROOT) if options.output.is_relative_to(ROOT) else options.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
