"""Which ``Host`` names the app answers, through Flask's ``TRUSTED_HOSTS``.

A made-up ``Host`` header must never reach a link the service hands out (feed
URLs, subscribe boxes). With ``ITINERARY_BASE_URL`` set, links come only from
it, so any host may be answered; without it, only the names in
``ITINERARY_TRUSTED_HOSTS`` are, loopback when that is not set either. Any
other host gets 400 before a view runs.
"""

from __future__ import annotations

from flask import Flask, request
from werkzeug.exceptions import SecurityError

LOOPBACK = ("127.0.0.1", "localhost", "[::1]")


class _IPv6Literal(str):
    """A bracketed IPv6 address as a trusted host.

    Werkzeug 3.1 drops the port of each trusted entry with ``partition(":")``,
    which cuts ``[::1]`` down to ``[`` so that it never matches; this entry keeps
    itself whole. The request's own host is split correctly by Werkzeug.
    """

    __slots__ = ()

    def partition(self, sep: str) -> tuple[str, str, str]:
        return (str(self), "", "") if sep == ":" else super().partition(sep)


def _entry(name: str) -> str:
    """One configured host name as Werkzeug compares it: lower case, IPv6 in brackets, no port."""
    name = name.strip().lower()
    if name.startswith("["):
        return _IPv6Literal(name.partition("]")[0] + "]")
    if name.count(":") > 1:  # a bare IPv6 address such as ::1
        return _IPv6Literal(f"[{name}]")
    return name.partition(":")[0]


def trusted_hosts(value: str | list[str] | tuple[str, ...] | None, base_url: str | None) -> list[str] | None:
    """The ``TRUSTED_HOSTS`` list for Flask from the configured value; None answers every host.

    ``value`` is the comma-separated ``ITINERARY_TRUSTED_HOSTS`` (or a list).
    When it is empty, every host is answered if ``base_url`` is set (links come
    from it), and only loopback otherwise.

    >>> trusted_hosts("itinerary.example.org, .example.net", None)
    ['itinerary.example.org', '.example.net']
    >>> trusted_hosts(None, None)
    ['127.0.0.1', 'localhost', '[::1]']
    >>> trusted_hosts("", "https://itinerary.example.org") is None
    True
    """
    names = value.split(",") if isinstance(value, str) else list(value or ())
    entries = [_entry(name) for name in names if name.strip()]
    if entries:
        return entries
    return None if base_url else [_entry(name) for name in LOOPBACK]


def _untrusted_host(error: SecurityError):
    # Plain text: with an untrusted host Flask has no URL adapter, so the site's page layout cannot be built.
    host = request.headers.get("Host", "")[:200]
    message = (
        f"Bad request: this server does not answer to the host name {host!r}. "
        "Its operator lists the names it answers in ITINERARY_TRUSTED_HOSTS, or sets ITINERARY_BASE_URL.\n"
    )
    return message, 400, {"Content-Type": "text/plain; charset=utf-8"}


def init_app(app: Flask) -> None:
    """Set ``TRUSTED_HOSTS`` from the configuration and answer other hosts with a clear 400."""
    app.config["TRUSTED_HOSTS"] = trusted_hosts(app.config.get("TRUSTED_HOSTS"), app.config.get("BASE_URL"))
    app.register_error_handler(SecurityError, _untrusted_host)
