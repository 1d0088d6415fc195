"""Slow clients against the two documented ways of serving: does a normal request still get an answer?

Run from the repository root (nginx from Debian's package for the proxy rows)::

    python bench/slow_clients.py            # 500 slow clients
    python bench/slow_clients.py --clients 1000

Each slow client connects, sends the start of a request line and then one
more byte of its headers every 0.2 s, never finishing them, and holds its
connection open. With them all connected, one normal client asks for
``/healthz`` and then ten times for the public feed, one after another; the
time to /healthz, to the first feed (built cold) and the median of the ten
feeds is printed (a worker's first answer builds the feed; "none": no answer
within ``--timeout``). The servers:

- ``itinerary serve`` as shipped (waitress with a raised connection limit);
- ``itinerary serve --connection-limit 100``, waitress's own default (before);
- gunicorn with 4 sync workers and no proxy, the README's old command (before);
- gunicorn with 2 and 4 workers on loopback behind nginx, the README's deployment.

Every server runs on loopback on a free port with a fresh SQLite instance in a
temporary folder. The tests in ``tests/security/test_slow_clients.py`` use the
same pieces; figures belong in the README, never in test assertions.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import os
import resource
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FEED = "/itineraries/china-state-visit-2018.ics"
START_SECONDS = 90


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def raise_open_files_limit(needed: int) -> int:
    """Raise this process's soft limit of open files to ``needed`` if the hard limit allows; the limit now.

    Child processes (the servers) inherit it.
    """
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft == resource.RLIM_INFINITY or soft >= needed:
        return needed if soft == resource.RLIM_INFINITY else soft
    target = needed if hard == resource.RLIM_INFINITY else min(needed, hard)
    resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
    return target


def find_nginx() -> str | None:
    """Debian's nginx binary (in /usr/sbin, which is not on every user's PATH), or None."""
    return shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/usr/local/sbin")


class SlowClients:
    """``count`` connections that each send a request a byte at a time and never finish it.

    Used as a context manager: entering opens every connection and starts a
    thread that sends one more byte on each every ``interval`` seconds;
    leaving stops it and closes them all.
    """

    def __init__(self, host: str, port: int, count: int, *, interval: float = 0.2):
        self.address = (host, port)
        self.count = count
        self.interval = interval
        self.sockets: list[socket.socket] = []
        self.closed_by_server = 0
        self._sent: list[int] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._dribble, name="slow-clients", daemon=True)
        self._request = (
            f"GET /healthz HTTP/1.1\r\nHost: {host}:{port}\r\nUser-Agent: slow-client\r\nX-Padding: ".encode()
        )

    def __enter__(self) -> SlowClients:
        try:
            for _ in range(self.count):
                connection = socket.create_connection(self.address, timeout=10)
                connection.sendall(self._request[:5])  # "GET /": a request line begun, never finished
                self.sockets.append(connection)
                self._sent.append(5)
        except BaseException:
            self.close()
            raise
        self._thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    @property
    def held(self) -> int:
        """Connections still open (the server has not closed them)."""
        return sum(connection.fileno() != -1 for connection in self.sockets)

    def _dribble(self) -> None:
        while not self._stop.wait(self.interval):
            for index, connection in enumerate(self.sockets):
                if connection.fileno() == -1:
                    continue
                sent = self._sent[index]
                byte = self._request[sent : sent + 1] or b"a"
                try:
                    connection.send(byte)
                except OSError:  # closed by the server (nginx after client_header_timeout)
                    self.closed_by_server += 1
                    connection.close()
                    continue
                self._sent[index] = sent + 1

    def close(self) -> None:
        """Stop sending and close every connection."""
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=10)
        for connection in self.sockets:
            connection.close()


@dataclass(frozen=True)
class Answer:
    """One normal request: its path, status (None: no answer in time) and seconds waited."""

    path: str
    status: int | None
    seconds: float


def get(base_port: int, path: str, *, timeout: float, headers: dict[str, str] | None = None) -> Answer:
    """GET ``path`` from 127.0.0.1:``base_port`` with ``timeout`` seconds for the whole answer."""
    started = time.monotonic()
    connection = http.client.HTTPConnection("127.0.0.1", base_port, timeout=timeout)
    try:
        connection.request("GET", path, headers={"Accept-Encoding": "gzip", **(headers or {})})
        response = connection.getresponse()
        response.read()
        status = response.status
    except (TimeoutError, OSError):
        status = None
    finally:
        connection.close()
    return Answer(path, status, time.monotonic() - started)


def _environment(instance: Path, extra: dict[str, str] | None = None) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key
        not in {
            "ITINERARY_TEST_DATABASE_URL",
            "ITINERARY_DATABASE_URL",
            "ITINERARY_BASE_URL",
            "ITINERARY_TRUSTED_HOSTS",
        }
    }
    env.update({"ITINERARY_INSTANCE_PATH": str(instance), "ITINERARY_SESSION_COOKIE_SECURE": "false"})
    env.update(extra or {})
    return env


def _wait_healthy(port: int, process: subprocess.Popen, what: str, host: str | None = None) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited with status {process.returncode} before answering")
        if get(port, "/healthz", timeout=2, headers={"Host": host} if host else None).status == 200:
            return
        time.sleep(0.2)
    raise RuntimeError(f"{what} did not answer /healthz within {START_SECONDS} s")


def _stop(process: subprocess.Popen, how: signal.Signals = signal.SIGTERM) -> None:
    """Send ``how`` (a graceful stop) and wait; kill the process if it has not ended within 30 s."""
    if process.poll() is None:
        process.send_signal(how)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=30)


def create_editor(env: dict[str, str], username: str, password: str, *, timeout: float = 60) -> None:
    """``itinerary create-editor`` under ``env``, the password given on stdin as an operator types it."""
    subprocess.run(
        [sys.executable, "-m", "web", "create-editor", username, "--password-stdin"],
        input=password + "\n",
        text=True,
        env=env,
        check=True,
        capture_output=True,
        timeout=timeout,
    )


@contextlib.contextmanager
def itinerary_serve(folder: Path, *args: str, env: dict[str, str] | None = None):
    """``itinerary serve --port 0`` on a fresh instance in ``folder``; yields its port."""
    log = (folder / "serve.log").open("wb")
    command = [sys.executable, "-m", "web", "serve", "--host", "127.0.0.1", "--port", "0", *args]
    process = subprocess.Popen(
        command, cwd=ROOT, env=_environment(folder / "instance", env), stdout=subprocess.PIPE, stderr=log, bufsize=0
    )
    try:
        port = _announced_port(process)
        _wait_healthy(port, process, "itinerary serve")
        yield port
    finally:
        _stop(process)
        process.stdout.close()
        log.close()


def _announced_port(process: subprocess.Popen) -> int:
    """The port from ``serving on http://127.0.0.1:PORT/``, read as the server prints it."""
    deadline = time.monotonic() + START_SECONDS
    lines = b""
    while time.monotonic() < deadline:
        ready, _, _ = select.select([process.stdout], [], [], 0.5)
        if not ready:
            continue
        line = process.stdout.readline()
        if not line:
            break
        lines += line
        if line.startswith(b"serving on http://"):
            return int(line.rstrip().rstrip(b"/").rsplit(b":", 1)[1])
    raise RuntimeError(f"itinerary serve did not say where it serves; it printed {lines.decode(errors='replace')!r}")


@contextlib.contextmanager
def gunicorn(folder: Path, *args: str, workers: int, env: dict[str, str] | None = None, health_host: str | None = None):
    """gunicorn as the README runs it, with ``workers`` workers on a loopback port; yields the port.

    ``args`` go to gunicorn before ``--bind`` (e.g. ``"--worker-class", "gthread"``; sync workers otherwise).
    """
    port = free_port()
    log = (folder / "gunicorn.log").open("wb")
    command = [
        *(sys.executable, "-m", "gunicorn", "--preload", "--workers", str(workers), *args),
        *("--bind", f"127.0.0.1:{port}", "web.wsgi:app"),
    ]
    process = subprocess.Popen(command, cwd=ROOT, env=_environment(folder / "instance", env), stdout=log, stderr=log)
    try:
        _wait_healthy(port, process, "gunicorn", health_host)
        yield port
    finally:
        _stop(process)
        log.close()


@contextlib.contextmanager
def nginx(folder: Path, upstream_port: int, nginx_binary: str, *, health_host: str | None = None):
    """nginx with the repository's configuration in front of ``upstream_port``; yields its port."""
    from deploy import nginx as nginx_config

    port = free_port()
    prefix = folder / "nginx"
    config = nginx_config.standalone(prefix, listen=f"127.0.0.1:{port}", upstream=f"127.0.0.1:{upstream_port}")
    log = (folder / "nginx.out").open("wb")
    command = [nginx_binary, "-p", str(prefix), "-e", str(prefix / "error.log"), "-c", str(config)]
    process = subprocess.Popen(command, stdout=log, stderr=log)
    try:
        _wait_healthy(port, process, "nginx", health_host)
        yield port
    finally:
        _stop(process, signal.SIGQUIT)  # nginx's graceful stop; its workers end with the master
        log.close()


def under_slow_clients(
    port: int, count: int, *, timeout: float, paths: tuple[str, ...] = ("/healthz", FEED), settle: float = 1.0
) -> tuple[list[Answer], int]:
    """With ``count`` slow clients on ``port``, a normal GET of each of ``paths`` in turn; answers and clients held."""
    with SlowClients("127.0.0.1", port, count) as clients:
        time.sleep(settle)  # let the server accept them and read their first bytes
        answers = [get(port, path, timeout=timeout) for path in paths]
        return answers, clients.held


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=500)
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds a normal request may wait")
    args = parser.parse_args(argv)
    raise_open_files_limit(2 * args.clients + 1024)
    nginx_binary = find_nginx()
    scenarios = [
        ("itinerary serve", lambda folder: itinerary_serve(folder)),
        (
            "itinerary serve --connection-limit 100 (before)",
            lambda folder: itinerary_serve(folder, "--connection-limit", "100"),
        ),
        ("gunicorn, 4 workers, no proxy (before)", lambda folder: gunicorn(folder, workers=4)),
    ]
    if nginx_binary:
        scenarios.append(("nginx + gunicorn, 2 workers", lambda folder: _behind_nginx(folder, nginx_binary, 2)))
        scenarios.append(("nginx + gunicorn, 4 workers", lambda folder: _behind_nginx(folder, nginx_binary, 4)))
    else:
        print("nginx not found: the proxy rows are left out", file=sys.stderr)
    print(f"{'server':52} {'slow clients held':>17} {'/healthz':>10} {'feed, 1st':>10} {'feed, median':>12}")
    for name, start in scenarios:
        with tempfile.TemporaryDirectory(prefix="itinerary-slow-") as folder, start(Path(folder)) as port:
            answers, held = under_slow_clients(
                port, args.clients, timeout=args.timeout, paths=("/healthz", *[FEED] * 10)
            )
        answers = [answers[0], answers[1], sorted(answers[1:], key=_slowest_last)[len(answers[1:]) // 2]]
        cells = [
            f"{a.seconds * 1000:.1f} ms" if a.status == 200 else f"none ({a.status or 'timeout'})" for a in answers
        ]
        print(f"{name:52} {held:>17} {cells[0]:>10} {cells[1]:>10} {cells[2]:>12}")


def _slowest_last(answer: Answer) -> float:
    return answer.seconds if answer.status == 200 else float("inf")


@contextlib.contextmanager
def _behind_nginx(folder: Path, nginx_binary: str, workers: int):
    with gunicorn(folder, workers=workers) as upstream, nginx(folder, upstream, nginx_binary) as port:
        yield port


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
