"""Render the nginx configuration that stands in front of gunicorn (README, Production).

The site file goes inside nginx's ``http {}`` block, as Debian's package lays
it out::

    python -m deploy.nginx site --listen 80 --server-name itinerary.example.org \\
        --upstream 127.0.0.1:8000 > /etc/nginx/sites-available/itinerary

``standalone`` writes a whole configuration into a folder of its own (the site
file included) for an nginx run in the foreground by a supervisor, the tests
or the bench::

    python -m deploy.nginx standalone /srv/itinerary/nginx --listen 127.0.0.1:8080 --upstream 127.0.0.1:8000
    nginx -p /srv/itinerary/nginx -e /srv/itinerary/nginx/error.log -c /srv/itinerary/nginx/nginx.conf
"""

from __future__ import annotations

import argparse
import os
import pwd
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SITE_TEMPLATE = HERE / "nginx-site.conf"
STANDALONE_TEMPLATE = HERE / "nginx-standalone.conf"
TEMP_FOLDERS = ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
_PLAIN = re.compile(r"[A-Za-z0-9._:\[\]/-]+")


def _fill(template: Path, values: dict[str, str]) -> str:
    text = template.read_text()
    for name, value in values.items():
        # One word each: nothing that could end a directive or open a block.
        if not _PLAIN.fullmatch(value):
            raise ValueError(f"{name.lower()}: {value!r} is not a plain address, name or path")
        text = text.replace(f"@{name}@", value)
    return text


def site(*, listen: str, upstream: str, server_name: str = "_") -> str:
    """The site configuration: a server on ``listen`` passing whole requests to gunicorn at ``upstream``."""
    return _fill(SITE_TEMPLATE, {"LISTEN": listen, "UPSTREAM": upstream, "SERVER_NAME": server_name})


def standalone(prefix: Path, *, listen: str, upstream: str, server_name: str = "_") -> Path:
    """Write ``nginx.conf``, the site file and the temporary folders into ``prefix``; the ``nginx.conf`` path.

    Run as root, nginx's workers keep the user that started it (the folder may
    be private to it); otherwise the user directive is left out, as nginx
    ignores it.
    """
    prefix = Path(prefix).resolve()
    for name in TEMP_FOLDERS:
        (prefix / "temp" / name).mkdir(parents=True, exist_ok=True)
    user = f"user {pwd.getpwuid(os.geteuid()).pw_name};" if os.geteuid() == 0 else ""
    (prefix / "itinerary.conf").write_text(site(listen=listen, upstream=upstream, server_name=server_name))
    config = prefix / "nginx.conf"
    config.write_text(_fill(STANDALONE_TEMPLATE, {"PREFIX": str(prefix)}).replace("@USER@", user))
    return config


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m deploy.nginx", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    for name in ("site", "standalone"):
        command = commands.add_parser(name)
        if name == "standalone":
            command.add_argument("prefix", type=Path, help="the folder nginx runs from (created)")
        command.add_argument("--listen", default="80", help="nginx's listen address (default 80)")
        command.add_argument("--upstream", default="127.0.0.1:8000", help="gunicorn's address (default 127.0.0.1:8000)")
        command.add_argument("--server-name", default="_", help="the public host name (default: any)")
    args = parser.parse_args(argv)
    options = {"listen": args.listen, "upstream": args.upstream, "server_name": args.server_name}
    try:
        if args.command == "site":
            sys.stdout.write(site(**options))
        else:
            print(standalone(args.prefix, **options))
    except ValueError as error:
        parser.exit(1, f"Error: {error}\n")


if __name__ == "__main__":
    main()
