"""Real servers on loopback for the HTTP tests of this suite, an editor account on them, and a small browser.

The servers themselves are started by :mod:`bench.slow_clients` (``itinerary serve --port 0`` reading its
port from what it prints; gunicorn on a free port); this module adds what the tests need around them.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import uuid
from http.cookies import SimpleCookie
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlencode

from bench import slow_clients
from tests.conftest import TEST_DATABASE_URL, Clock, fresh_store
from tests.web.html import form_values, parse

PASSWORD = "correct horse battery staple"
_SERVER_VARIABLES = (
    "ITINERARY_TEST_DATABASE_URL",
    "ITINERARY_DATABASE_URL",
    "ITINERARY_BASE_URL",
    "ITINERARY_TRUSTED_HOSTS",
)


def environment(folder: Path, extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of a server (and of its CLI) whose instance folder is ``folder / "instance"``."""
    env = {key: value for key, value in os.environ.items() if key not in _SERVER_VARIABLES}
    env["ITINERARY_INSTANCE_PATH"] = str(folder / "instance")
    env.update(extra or {})
    return env


def database_env() -> dict[str, str]:
    """Empty the test database (PostgreSQL in CI's second pass) and point a server at it; {} on SQLite."""
    if not TEST_DATABASE_URL:
        return {}
    fresh_store(Clock()).dispose()  # empty tables at the newest migration; the server loads the seed
    return {"ITINERARY_DATABASE_URL": TEST_DATABASE_URL}


def create_editor(env: dict[str, str], username: str, password: str = PASSWORD) -> None:
    """``itinerary create-editor`` under ``env``, the password given on stdin."""
    slow_clients.create_editor(env, username, password)


@contextlib.contextmanager
def serve_with_editor(folder: Path, username: str = "editor", *, env: dict[str, str] | None = None):
    """``itinerary serve`` on a free loopback port with an editor account; yields its host, port and env."""
    env = environment(folder, env)
    create_editor(env, username)
    with slow_clients.itinerary_serve(folder, env=env) as port:
        yield SimpleNamespace(host="127.0.0.1", port=port, address=("127.0.0.1", port), env=env)


@contextlib.contextmanager
def gunicorn_with_editor(folder: Path, username: str = "editor", *args: str, env: dict[str, str] | None = None):
    """gunicorn, two workers, as the README runs it on a free loopback port, with an editor account.

    ``args`` go to gunicorn (e.g. ``"--timeout", "120"``). Yields its ``base`` URL, ``port`` and the ``env``
    under which the ``itinerary`` command reaches the same instance and database.
    """
    env = environment(folder, {"ITINERARY_SESSION_COOKIE_SECURE": "false", **(env or {})})
    create_editor(env, username)
    with slow_clients.gunicorn(folder, *args, workers=2, env=env) as port:
        yield SimpleNamespace(base=f"http://127.0.0.1:{port}", port=port, env=env)


class Browser:
    """Just enough of a browser: one connection per request, cookies kept, redirects returned, not followed."""

    def __init__(self, address: tuple[str, int]):
        self.address = address
        self.cookies: dict[str, str] = {}

    def request(self, method: str, target: str, body: bytes | None = None, headers: dict | None = None):
        """Send one request byte for byte as given (a ``Host`` in ``headers`` replaces the usual one)."""
        connection = http.client.HTTPConnection(*self.address, timeout=30)
        try:
            sent = dict(headers or {})
            if self.cookies:
                sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
            connection.request(method, target, body=body, headers=sent)
            response = connection.getresponse()
            data = response.read()
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return response, data

    def get(self, target: str, **headers: str):
        return self.request("GET", target, headers=headers)

    def csrf_token(self, target: str = "/sign-in") -> str:
        response, data = self.get(target)
        assert response.status == 200, (target, response.status)
        return parse(data).select("input[name=csrf_token]")[0].get("value")

    def post_form(self, target: str, values: dict):
        """Post ``values`` as a browser posts a form (a list value sends its field once per item)."""
        body = urlencode(values, doseq=True).encode()
        return self.request("POST", target, body, {"Content-Type": "application/x-www-form-urlencoded"})

    def submit(self, target: str, changes: dict | None = None, selector: str = "main form.form"):
        """Load the form at ``target``, apply ``changes`` and post it, as a browser does."""
        response, data = self.get(target)
        assert response.status == 200, (target, response.status)
        return self.post_form(target, {**form_values(parse(data).one(selector)), **(changes or {})})

    def upload(self, target: str, field: str, filename: str, content: bytes, content_type: str = "text/calendar"):
        """Post the form at ``target`` with one file, as ``multipart/form-data`` with the form's CSRF token."""
        boundary = f"----itinerary{uuid.uuid4().hex}"
        parts = [
            f'--{boundary}\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n{self.csrf_token(target)}\r\n',
            f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"; filename="{filename}"\r\n'
            f"Content-Type: {content_type}\r\n\r\n",
        ]
        body = "".join(parts).encode() + content + f"\r\n--{boundary}--\r\n".encode()
        return self.request("POST", target, body, {"Content-Type": f"multipart/form-data; boundary={boundary}"})

    def sign_in(self, username: str = "editor", password: str = PASSWORD):
        return self.post_form("/sign-in", {"csrf_token": self.csrf_token(), "username": username, "password": password})
