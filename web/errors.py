"""Domain errors turned into HTTP answers, at the edge only.

Pages get an HTML page in the site's look with a way back; calendar clients
(any ``.ics`` address, the releases ``.atom`` feed and the private ``/feeds/``) get a short plain-text body.
"""

from __future__ import annotations

from flask import Flask, current_app, render_template, request
from flask_babel import LazyString, format_date, get_locale, gettext, lazy_gettext
from flask_wtf.csrf import CSRFError
from markupsafe import Markup, escape
from sqlalchemy.exc import DataError, DBAPIError, IntegrityError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from werkzeug import exceptions as werkzeug_exceptions
from werkzeug.exceptions import HTTPException

from itinerary import lifecycle
from itinerary.errors import (
    AlreadyExists,
    EditConflict,
    FeedNotFound,
    InvalidInput,
    ItineraryNotFound,
    NotFound,
    ScheduleConflict,
)
from itinerary.records import DeletedItinerary
from web.domain_words import say, sentence

_TEXT = {"Content-Type": "text/plain; charset=utf-8"}

TITLES = {
    400: lazy_gettext("Bad request"),
    403: lazy_gettext("Forbidden"),
    404: lazy_gettext("Not found"),
    405: lazy_gettext("Method not allowed"),
    409: lazy_gettext("Conflict"),
    410: lazy_gettext("Gone"),
    413: lazy_gettext("Too large"),
    500: lazy_gettext("Something went wrong"),
    503: lazy_gettext("Unavailable"),
}


def for_calendar_client() -> bool:
    """Whether the request comes to a feed address, whose clients want plain text."""
    return request.path.endswith((".ics", ".atom")) or request.path.startswith("/feeds/")


def answer(status: int, message: str):
    """The error answer: plain text for feeds, an HTML page for everything else."""
    title = TITLES.get(status, lazy_gettext("Error"))
    if request.path.startswith("/api/"):  # the JSON API answers every error in JSON
        from web.api import error_answer

        return error_answer(status, message)
    if for_calendar_client():  # in the feed's ?lang= language, else English (web.i18n.select_locale)
        text = message.striptags() if isinstance(message, Markup) else str(message)
        return gettext("%(field)s: %(message)s", field=str(title), message=text) + "\n", status, _TEXT
    return render_template("error.html", status=status, title=title, message=message), status


def _http_error(error: HTTPException):
    if error.code is None or error.code < 400:
        return error
    if isinstance(error, werkzeug_exceptions.NotFound):
        return answer(404, lazy_gettext("There is no page at %(path)s.", path=request.path))
    if isinstance(error, werkzeug_exceptions.RequestEntityTooLarge):
        limit = current_app.config["MAX_CONTENT_LENGTH"]
        if (request.content_length or 0) > limit:
            return answer(413, lazy_gettext("What was sent is larger than %(size)s MiB.", size=limit // 1024 // 1024))
        # Within the whole limit, but over Flask's limits for one form field or the number of fields.
        field, parts = request.max_form_memory_size, request.max_form_parts
        return answer(
            413,
            lazy_gettext(
                "A form field is larger than %(size)s KB, or the form has over %(parts)s fields.",
                size=field // 1000,
                parts=parts,
            ),
        )
    return answer(error.code, error.description or "")


def _csrf_error(error: CSRFError):
    return answer(
        400, lazy_gettext("The form was refused: %(why)s Reload the page and send it again.", why=error.description)
    )


# SQLSTATE of a write refused because the database only reads (a standby, default_transaction_read_only).
_READ_ONLY = "25006"


def unavailable(error: Exception) -> bool:
    """Whether a database error means the database cannot serve now (down, unreachable, busy, read-only),
    rather than that this request asked for something it cannot do."""
    if isinstance(error, (OperationalError, InterfaceError, PoolTimeout)):
        return True
    if isinstance(error, DBAPIError):
        return error.connection_invalidated or getattr(error.orig, "sqlstate", None) == _READ_ONLY
    return False


def _database_error(error: DBAPIError):
    """503 only when the database is really not answering; a value it refuses is the request's fault (400)."""
    if unavailable(error):
        return _database_down(error)
    if isinstance(error, DataError):
        # The domain refuses such values with the field named; this is the net under it (a URL or a query
        # parameter the database cannot even compare: a NUL, a number out of range).
        current_app.logger.warning("value refused by the database: %s", str(error.orig).splitlines()[0])
        return answer(
            400, lazy_gettext("A value sent cannot be stored or looked up (a control character or too large a number).")
        )
    if isinstance(error, IntegrityError):
        return answer(
            409, lazy_gettext("The change conflicts with what is stored (it may have been made already); reload.")
        )
    raise error


def _database_down(error: Exception):
    current_app.logger.warning("database unavailable: %s", error.__class__.__name__)
    body, status, *headers = answer(503, lazy_gettext("The database is not answering just now; try again in a minute."))
    response = current_app.make_response((body, status, *headers))
    response.headers["Retry-After"] = "30"
    return response


def _not_found_or_gone(error: ItineraryNotFound | FeedNotFound):
    """404, or 410 Gone at every address of a deleted itinerary (its page, feeds, events), saying so."""
    from web.app import get_store
    from web.auth import is_editor

    store = get_store()
    if isinstance(error, FeedNotFound):
        gone = lifecycle.deleted_for_token(store, (request.view_args or {}).get("token", ""))
    else:
        gone = lifecycle.deleted_itinerary(store, error.slug)
        if gone is not None and gone.visibility != "public" and not is_editor():
            gone = None  # a restricted itinerary was never there for this reader: it stays "not found"
    if gone is None:
        return answer(404, said(error))
    return answer(410, gone_message(gone))


def said(error: Exception) -> str:
    """A domain error's message in the answer's language (its template looked up in the catalogs, values put in)."""
    return say(error.args[0]) if error.args else str(error)


def problems_said(error: InvalidInput) -> str:
    """Each wrong parameter or field of a refusal, by its name as sent, with what is wrong in the answer's language:
    ``from: 'zz' — не дата; …``."""
    said_each = (
        sentence(gettext("%(field)s: %(message)s"), field=name, message=say(message))
        for name, message in error.errors.items()
    )
    return Markup(escape(gettext("; "))).join(escape(part) for part in said_each)


def gone_message(gone: DeletedItinerary) -> str:
    """What a deleted itinerary's addresses say, to a person or in a calendar app's error."""
    return lazy_gettext(
        "The itinerary “%(title)s” was deleted on %(day)s (UTC), with its programme and its calendar feeds; "
        "nothing will be published here again. Remove this calendar subscription or bookmark.",
        title=gone.title,
        day=_deleted_day(gone),
    )


def _deleted_day(gone: DeletedItinerary):
    """The day an itinerary was deleted, as the answer's language writes it: ``8 June 2018`` (lazily)."""
    return LazyString(lambda: format_date(gone.deleted, "d MMMM y" if str(get_locale()) == "en" else "long"))


def init_app(app: Flask) -> None:
    """Register the handlers that map domain errors to 404, 400 and 409, and HTTP errors to pages."""
    app.register_error_handler(NotFound, lambda error: answer(404, said(error)))
    app.register_error_handler(ItineraryNotFound, _not_found_or_gone)
    app.register_error_handler(FeedNotFound, _not_found_or_gone)
    app.register_error_handler(InvalidInput, lambda error: answer(400, problems_said(error)))
    app.register_error_handler(AlreadyExists, lambda error: answer(409, str(error)))
    app.register_error_handler(EditConflict, lambda error: answer(409, str(error)))
    app.register_error_handler(ScheduleConflict, lambda error: answer(409, str(error)))
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(DBAPIError, _database_error)
    app.register_error_handler(PoolTimeout, _database_down)
