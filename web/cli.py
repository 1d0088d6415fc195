"""The ``itinerary`` console script: serve, load, list and the other admin commands."""

from __future__ import annotations

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


def _store():
    app = create_app()
    return app, app.extensions[STORE_KEY]


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


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="0 picks a free port.")
@click.option("--threads", default=8, show_default=True, type=click.IntRange(1, 64))
@_clear_errors
def serve(host: str, port: int, threads: int):
    """Run the production WSGI server (waitress), creating and seeding the database on first start."""
    from waitress import create_server

    app = create_app(_local_http_config(host))
    for report in seed_if_empty(app):
        click.echo(f"seeded {report}")
    server = create_server(app, host=host, port=port, threads=threads, ident="itinerary")
    click.echo(f"database: {app.extensions[STORE_KEY].engine.url.render_as_string(hide_password=True)}")
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
    _, store = _store()
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
    help="Ground speed along the straight line between cities, for moves without a travel leg.",
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
    """Print an itinerary's conflicts and impossible moves, one a line; exit status 1 when there are errors."""
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

    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    _, store = _store()
    editor = accounts.create_editor(store, username, password)
    click.echo(f"created editor {editor.username}")


@main.command(name="import")
@click.argument("file", type=click.File("rb"))
@click.option("--into", "slug", required=True, help="The itinerary that receives the events.")
@_clear_errors
def import_(file, slug: str):
    """Create or update an itinerary's events from an iCalendar (.ics) file, by UID."""
    from itinerary import ical

    app, store = _store()
    report = ical.import_ics(store, slug, file.read(ical.MAX_IMPORT_BYTES + 1), uid_domain=app.config["UID_DOMAIN"])
    click.echo(f"{slug}: {report}")
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
@_clear_errors
def export(slug: str, private: bool, output: str):
    """Write an itinerary's feed as an iCalendar file."""
    from itinerary import backup, feeds

    app, store = _store()
    data = feeds.itinerary_feed(store, slug, _feed_settings(app), private=private).body
    if output == "-":
        click.get_binary_stream("stdout").write(data)
    else:
        backup.write_file(output, data)


def _feed_settings(app):
    from itinerary import ical

    config = app.config
    base = config.get("BASE_URL") or "http://127.0.0.1:8000"
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

    _, store = _store()
    for restored in backup.restore(store, file.read(backup.MAX_BACKUP_BYTES + 1)):
        click.echo(str(restored))
