"""The ``itinerary`` console script: serve, load, list and the other admin commands."""

from __future__ import annotations

import dataclasses
import os
import sys
from datetime import timedelta
from functools import wraps

import click
from sqlalchemy.exc import DBAPIError, OperationalError, SQLAlchemyError

from itinerary import checks, fixtures, programme, services
from itinerary.errors import ItineraryError
from itinerary.model import zone
from web.app import STORE_KEY, create_app, seed_if_empty


def _store(*, seed: bool = True):
    """The app and store that ``serve`` would open (the same ``ITINERARY_*`` settings), named on stderr.

    Like ``serve``, the first command to open a database creates it and loads the seed into it while it holds no
    itinerary (unless ``ITINERARY_LOAD_SEED=false``); ``load`` and ``restore``, which fill it themselves, pass
    ``seed=False``.
    """
    app = create_app()
    store = app.extensions[STORE_KEY]
    click.echo(f"database: {_database_name(store)}", err=True)
    if seed:
        for report in seed_if_empty(app):
            click.echo(f"seeded {report}", err=True)
    return app, store


def _database_name(store) -> str:
    """The database's URL without its password."""
    return store.engine.url.render_as_string(hide_password=True)


def _failure(error: Exception) -> str:
    """What went wrong, in one line for an ``Error:`` message."""
    if isinstance(error, ItineraryError):
        return str(error)
    if isinstance(error, OperationalError) or (isinstance(error, DBAPIError) and error.connection_invalidated):
        reason = str(error.orig).strip().splitlines()[0] if error.orig else error.__class__.__name__
        return f"the database is not answering ({reason})"
    if isinstance(error, SQLAlchemyError):
        reason = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
        return f"the database refused the change ({reason})"
    if isinstance(error, OSError):
        where = f" {error.filename}" if error.filename else ""
        return f"cannot use{where}: {error.strerror or error}"
    text = " ".join(str(error).split()) or "no details"
    return f"{error.__class__.__name__}: {text}"


def _clear_errors(command):
    """Turn any failure into one line on stderr and exit status 1, never a traceback."""

    @wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except Exception as error:  # any failure: one line, not a traceback (the message says which kind)
            raise click.ClickException(_failure(error)) from None

    return wrapper


class _Commands(click.Group):
    """The command group: every command, whoever adds it, fails with one ``Error:`` line and exit status 1."""

    def invoke(self, ctx):
        return _clear_errors(super().invoke)(ctx)


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
def main():
    """Keep the programmes of state visits and summits, and serve them as pages and feeds."""


def _local_http_config(host: str) -> dict:
    """On a loopback address, plain http is expected: session cookies cannot be Secure unless configured so."""
    if "ITINERARY_SESSION_COOKIE_SECURE" in os.environ or host not in {"127.0.0.1", "localhost", "::1"}:
        return {}
    return {"SESSION_COOKIE_SECURE": False}


# waitress reads each request whole (headers and body, in its one I/O thread) before a worker thread
# sees it, so a client that sends slowly holds a connection, never a thread. What it can exhaust is the
# number of connections: waitress's default stops accepting at 100. These keep it answering with hundreds
# of slow clients connected; past CONNECTION_LIMIT, put the README's proxy in front.
CONNECTION_LIMIT = 2000
CHANNEL_TIMEOUT_SECONDS = 30  # a connection with nothing to send or answer for this long is closed
CLEANUP_INTERVAL_SECONDS = 10  # how often such connections are looked for
MAX_REQUEST_HEADER_BYTES = 64 * 1024


def _open_files_limit(wanted: int) -> int:
    """Raise this process's limit of open files towards ``wanted`` (up to the hard limit); the limit now."""
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft == resource.RLIM_INFINITY:
        return wanted
    target = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
    if soft < target:
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
        soft = target
    return soft


def _server_options(app, threads: int, connection_limit: int) -> dict:
    """waitress's settings for ``serve``: many connections, polled, idle ones closed, bodies bounded."""
    # Each connection is an open file; keep some for the database, templates and logs.
    spare = 256
    connection_limit = min(connection_limit, max(100, _open_files_limit(connection_limit + spare) - spare))
    return {
        "threads": threads,
        "connection_limit": connection_limit,
        "channel_timeout": CHANNEL_TIMEOUT_SECONDS,
        "cleanup_interval": CLEANUP_INTERVAL_SECONDS,
        # select() cannot watch descriptors above 1023; poll() has no such limit.
        "asyncore_use_poll": True,
        "max_request_header_size": MAX_REQUEST_HEADER_BYTES,
        # waitress buffers a body before the app sees it: bound it by the app's own limit (uploads), plus forms.
        **({"max_request_body_size": limit + 64 * 1024} if (limit := app.config["MAX_CONTENT_LENGTH"]) else {}),
    }


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="0 picks a free port.")
@click.option("--threads", default=8, show_default=True, type=click.IntRange(1, 64))
@click.option(
    "--connection-limit",
    default=CONNECTION_LIMIT,
    show_default=True,
    type=click.IntRange(100, 100_000),
    help="Open connections at most (slow clients included); more wait to be accepted.",
)
@_clear_errors
def serve(host: str, port: int, threads: int, connection_limit: int):
    """Run the production WSGI server (waitress), creating and seeding the database on first start."""
    from waitress import create_server

    app = create_app(_local_http_config(host))
    for report in seed_if_empty(app):
        click.echo(f"seeded {report}")
    options = _server_options(app, threads, connection_limit)
    server = create_server(app, host=host, port=port, ident="itinerary", **options)
    click.echo(f"database: {_database_name(app.extensions[STORE_KEY])}")
    if app.config["TRUSTED_HOSTS"] is not None and host not in {"127.0.0.1", "localhost", "::1"}:
        hosts = ", ".join(app.config["TRUSTED_HOSTS"])
        click.echo(f"answering only the host names {hosts} (set ITINERARY_TRUSTED_HOSTS or ITINERARY_BASE_URL)")
    click.echo(f"connections: up to {options['connection_limit']}, {threads} threads")
    click.echo(f"serving on http://{host}:{server.effective_port}/", nl=True)
    sys.stdout.flush()
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()


@main.command()
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False))
@click.option("--seed", is_flag=True, help="Load the seed itineraries shipped with the project.")
@_clear_errors
def load(files: tuple[str, ...], seed: bool):
    """Load fixture files (TOML); loading twice changes nothing."""
    if not files and not seed:
        raise click.UsageError("name at least one FILE, or --seed")
    _, store = _store(seed=False)
    paths = [*fixtures.seed_paths(), *files] if seed else list(files)
    for path in paths:
        click.echo(str(fixtures.load(store, path)))


@main.command(name="list")
@click.argument("slug", required=False)
@click.option("--tz", help="Show times in this IANA zone instead of the itinerary's.")
@click.option("--public", is_flag=True, help="Leave restricted events out.")
@_clear_errors
def list_(slug: str | None, tz: str | None, public: bool):
    """Print an itinerary's programme day by day, or every itinerary without a SLUG."""
    _, store = _store()
    if slug is None:
        for itinerary in services.list_itineraries(store, include_restricted=True):
            click.echo(f"{itinerary.slug}\t{itinerary.title}")
        return
    itinerary = services.get_itinerary(store, slug)
    tz = zone(tz, "--tz").key if tz else itinerary.timezone
    found = services.list_occurrences(store, slug, include_restricted=not public)
    click.echo(programme.as_text(itinerary.title, programme.days(found, tz), tz))


@main.command()
@click.argument("slug")
@click.option(
    "--speed-kmh",
    type=click.FloatRange(min=0, min_open=True),
    default=checks.DEFAULT_SETTINGS.speed_kmh,
    show_default=True,
    help="Speed by car along the straight line between cities, for moves without a travel leg of up to 300 km "
    "(longer ones are assumed flown, airports included).",
)
@click.option(
    "--buffer-minutes",
    type=click.IntRange(min=0),
    default=int(checks.DEFAULT_SETTINGS.transfer_buffer.total_seconds() // 60),
    show_default=True,
    help="Minutes lost at each move between cities (leaving one venue, being received at the next).",
)
@_clear_errors
def check(slug: str, speed_kmh: float, buffer_minutes: int):
    """Print an itinerary's errors and warnings (double bookings, tight travel, missing legs); exit 1 on errors."""
    _, store = _store()
    settings = checks.CheckSettings(speed_kmh=speed_kmh, transfer_buffer=timedelta(minutes=buffer_minutes))
    findings = services.check_itinerary(store, slug, settings)
    for finding in findings:
        click.echo(str(finding))
    errors = sum(finding.severity is checks.Severity.ERROR for finding in findings)
    warnings = len(findings) - errors
    click.echo(f"{errors} error{'' if errors == 1 else 's'}, {warnings} warning{'' if warnings == 1 else 's'}")
    if errors:
        click.get_current_context().exit(1)


@main.command(name="create-editor")
@click.argument("username")
@click.option("--password-stdin", is_flag=True, help="Read the password from the first line of standard input.")
@_clear_errors
def create_editor(username: str, password_stdin: bool):
    """Create an editor account that may sign in and change programmes (passwords: 12 characters or more)."""
    from itinerary import accounts

    password = _password("Password", from_stdin=password_stdin)
    _, store = _store()
    editor = accounts.create_editor(store, username, password)
    click.echo(f"created editor {editor.username}")


def _password(prompt: str, *, from_stdin: bool) -> str:
    """The first line of standard input, or the password typed twice at ``prompt`` (not shown)."""
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return click.prompt(prompt, hide_input=True, confirmation_prompt=True)


def _ended(count: int) -> str:
    return f"ended {count} session{'' if count == 1 else 's'}"


@main.command(name="disable-editor")
@click.argument("username")
@_clear_errors
def disable_editor(username: str):
    """Stop an editor signing in, and end all their sessions now."""
    from itinerary import accounts

    _, store = _store()
    click.echo(f"disabled editor {username}; {_ended(accounts.disable_editor(store, username))}")


@main.command(name="enable-editor")
@click.argument("username")
@_clear_errors
def enable_editor(username: str):
    """Let a disabled editor sign in again (any session they still had ends)."""
    from itinerary import accounts

    _, store = _store()
    click.echo(f"enabled editor {username}; {_ended(accounts.enable_editor(store, username))}")


@main.command(name="reset-password")
@click.argument("username")
@click.option("--password-stdin", is_flag=True, help="Read the new password from the first line of standard input.")
@_clear_errors
def reset_password(username: str, password_stdin: bool):
    """Give an editor a new password and end all their sessions (passwords: 12 characters or more)."""
    from itinerary import accounts

    _, store = _store()
    if accounts.get_editor(store, username) is None:  # say so before asking for a password
        raise click.ClickException(f"username: there is no editor called {username!r}")
    password = _password("New password", from_stdin=password_stdin)
    click.echo(f"new password for editor {username}; {_ended(accounts.reset_password(store, username, password))}")


@main.command(name="import")
@click.argument("file", type=click.File("rb"))
@click.option("--into", "slug", required=True, help="The itinerary that receives the events.")
@click.option(
    "--accepted-only",
    is_flag=True,
    help="When some events are refused, import the others (without it, nothing is stored while any is refused).",
)
@_clear_errors
def import_(file, slug: str, accepted_only: bool):
    """Create or update an itinerary's events from an iCalendar (.ics) file, by UID."""
    from itinerary import ical, imports

    app, store = _store()
    data = file.read(ical.MAX_IMPORT_BYTES + 1)
    try:
        report = imports.import_ics(store, slug, data, uid_domain=app.config["UID_DOMAIN"], accepted_only=accepted_only)
    except imports.ImportRefused as refusal:
        for problem in refusal.problems:
            click.echo(f"refused: {problem}", err=True)
        raise click.ClickException(
            f"{len(refusal.problems)} problem(s) found, nothing was stored; "
            f"run again with --accepted-only to import the {refusal.accepted} accepted event(s)"
        ) from None
    click.echo(f"{slug}: {report}")
    for problem in report.problems:
        click.echo(f"refused: {problem}")
    for note in report.notes:
        click.echo(f"note: {note}")


@main.command()
@click.argument("slug")
@click.option("--private", is_flag=True, help="Include restricted events (as CLASS:CONFIDENTIAL).")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, allow_dash=True),
    default="-",
    help="Write to this file instead of stdout; it is replaced only once the whole feed is written.",
)
@click.option("--lang", type=click.Choice(["en", "ru", "zh"]), help="The texts in this language (default: its own).")
@_clear_errors
def export(slug: str, private: bool, output: str, lang: str | None = None):
    """Write an itinerary's feed as an iCalendar file."""
    from itinerary import backup, feeds

    app, store = _store()
    if not app.config.get("BASE_URL"):
        click.echo(
            f"note: ITINERARY_BASE_URL is not set, so the event links in the file point at {UNSET_BASE_URL}; "
            "set it to the site's public address (e.g. https://itinerary.example.org)",
            err=True,
        )
    settings = dataclasses.replace(_feed_settings(app), language=lang or "")
    data = feeds.itinerary_feed(store, slug, settings, private=private).body
    if output == "-":
        click.get_binary_stream("stdout").write(data)
    else:
        backup.write_file(output, data)


# Links written while ITINERARY_BASE_URL is unset: a reserved name (RFC 2606) that can never lead to a wrong site,
# where a guessed http://127.0.0.1:8000 works only for whoever runs `serve` with its defaults on that machine.
UNSET_BASE_URL = "https://itinerary.invalid"


def _feed_settings(app):
    from itinerary import ical

    config = app.config
    base = config.get("BASE_URL") or UNSET_BASE_URL
    return ical.FeedSettings(config["UID_DOMAIN"], base, timedelta(seconds=config["FEED_TTL_SECONDS"]))


@main.command()
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, allow_dash=True),
    default="-",
    help="Write to this file instead of stdout; it is replaced only once the whole backup is written.",
)
@_clear_errors
def dump(output: str):
    """Back up every itinerary, restricted events included, as one JSON file."""
    from itinerary import backup

    app, store = _store()
    data = backup.dump(store, _feed_settings(app))  # whole before anything is written: a failed dump writes nothing
    if output == "-":
        click.get_binary_stream("stdout").write(data)
    else:
        backup.write_file(output, data)


@main.command()
@click.argument("file", type=click.File("rb"))
@_clear_errors
def restore(file):
    """Restore itineraries from a backup made by 'dump'; all of it or, on any error, nothing."""
    from itinerary import backup

    _, store = _store(seed=False)  # a backup restored into a new database is the whole of it
    for restored in backup.restore(store, file.read(backup.MAX_BACKUP_BYTES + 1)):
        click.echo(str(restored))


@main.command()
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--published", required=True, type=click.DateTime(["%Y-%m-%d"]), help="The announcement's date.")
@click.option("--lang", type=click.Choice(["en", "ru", "zh"]), help="The text's language (guessed when not given).")
@click.option("--format", "output", type=click.Choice(["json", "toml"]), default="json", show_default=True)
@_clear_errors
def draft(file, published, lang: str | None, output: str):
    """Propose a programme from an announcement's text (stores nothing); toml is a fixture for 'load'."""
    import json

    from itinerary import drafting
    from itinerary.drafting import fixture

    # A path, not click.File: a usage error after the file was opened would leave it open.
    with click.open_file(file, "rb") as handle:
        text = handle.read(drafting.MAX_TEXT_CHARS * 4 + 1)
    proposed = drafting.propose(text, published.date(), lang)
    if output == "toml":
        click.echo(fixture.to_toml(proposed), nl=False)
    else:
        click.echo(json.dumps(proposed.as_json(), ensure_ascii=False, indent=2))


# Subscriptions (itinerary.subscriptions): named secret addresses of one audience, one per person or outlet.


@main.group(cls=_Commands)
def subscription():
    """Issue, list, rename, pause, resume and revoke an itinerary's subscriptions."""


def _addresses(app, token: str) -> dict[str, str]:
    from itinerary import subscriptions

    if not app.config.get("BASE_URL"):
        click.echo(
            f"note: ITINERARY_BASE_URL is not set, so the addresses point at {UNSET_BASE_URL}; "
            "set it to the site's public address (e.g. https://itinerary.example.org)",
            err=True,
        )
    return subscriptions.addresses(app.config.get("BASE_URL") or UNSET_BASE_URL, token)


@subscription.command(name="add")
@click.argument("slug")
@click.option(
    "--audience", required=True, help="public, press, delegation, staff or one of the itinerary's own audiences."
)
@click.option("--name", required=True, help='Who it is for, e.g. "TASS pool" (unique in the itinerary).')
@_clear_errors
def subscription_add(slug: str, audience: str, name: str):
    """Issue a subscription and print its feed and page addresses (shown this once only)."""
    from itinerary import subscriptions

    app, store = _store()
    issued = subscriptions.issue(store, slug, audience=audience, name=name)
    found = _addresses(app, issued.token)
    click.echo(f"issued subscription {issued.subscription.id} {issued.subscription.name!r} ({audience})")
    click.echo(f"feed: {found['feed']}")
    click.echo(f"webcal: {found['webcal']}")
    click.echo(f"page: {found['page']}")


@subscription.command(name="list")
@click.argument("slug")
@_clear_errors
def subscription_list(slug: str):
    """List the itinerary's subscriptions with their feed health, one a line (tab-separated)."""
    from itinerary import subscriptions

    _, store = _store()
    found, _counts = subscriptions.health(store, slug)
    for row in found:
        s = row.subscription
        last = row.last.isoformat(timespec="seconds") if row.last else "-"
        families = ",".join(f"{family}:{count}" for family, count in row.families.items()) or "-"
        state = "paused" if s.paused else "active"
        click.echo("\t".join([str(s.id), s.name, s.audience, state, row.state, str(row.fetches), last, families]))


def _change(action: str, slug: str, name_or_id: str, **options) -> None:
    from itinerary import subscriptions

    _, store = _store()
    found = subscriptions.find(store, slug, name_or_id)
    if action == "revoke":
        subscriptions.revoke(store, slug, found.id)
    elif action == "rename":
        found = subscriptions.rename(store, slug, found.id, options["new_name"])
    else:
        found = subscriptions.pause(store, slug, found.id, paused=action == "pause")
    click.echo(f"{action}d subscription {found.id} {found.name!r}")


def _change_command(action: str, doc: str):
    """The command ``subscription <action> SLUG NAME_OR_ID``, which runs :func:`_change`."""

    @subscription.command(name=action, help=doc)
    @click.argument("slug")
    @click.argument("name_or_id")
    @_clear_errors
    def command(slug: str, name_or_id: str):
        _change(action, slug, name_or_id)

    return command


subscription_revoke = _change_command(
    "revoke", "Revoke a subscription (by name or id) for good; the others keep working."
)
subscription_pause = _change_command(
    "pause", "Pause a subscription (by name or id): its addresses answer 404 until resumed."
)
subscription_resume = _change_command("resume", "Resume a paused subscription (by name or id).")


@subscription.command(name="rename")
@click.argument("slug")
@click.argument("name_or_id")
@click.argument("new_name")
@_clear_errors
def subscription_rename(slug: str, name_or_id: str, new_name: str):
    """Give a subscription (by name or id) a new name; its addresses stay."""
    _change("rename", slug, name_or_id, new_name=new_name)
