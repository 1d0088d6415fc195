"""The JSON API over HTTP: the bearer token, validators and 304s, CORS, JSON errors; the bytes come from itinerary.api.

Who sees what: a call without ``Authorization`` sees public itineraries and public events; a subscription's
token as a bearer token (``Authorization: Bearer <token>``) sees its audience's view (itinerary.subscriptions),
and the itinerary's old private feed token its restricted events too; any
other ``Authorization`` (a wrong, revoked or another itinerary's token, another scheme) is 401, never a
quiet fall back to the public view.

CORS: anonymous answers carry ``Access-Control-Allow-Origin: *`` so that any web page (a press office's
site) may read the public programme. Answers to calls that carry ``Authorization`` carry no CORS header at
all, and no answer ever says ``Access-Control-Allow-Credentials``: the preflight does not allow the
``Authorization`` header, so a browser never sends a private token to us from another site's page (a token
in a web page's script is a token published), and restricted events are read only server to server.
Anonymous and authorized answers differ for one URL, so every answer says ``Vary: Authorization``, and
authorized ones are ``private``: no shared cache keeps them or hands them to anyone else.
"""

from __future__ import annotations

from flask import Blueprint, current_app, request
from werkzeug.http import http_date

from itinerary import api, subscriptions
from itinerary.errors import InvalidInput, InvalidToken, ItineraryError, NotFound
from web.app import get_answers
from web.shown import released_store as get_store  # the API shows the latest release, as the feeds do

bp = Blueprint("api", __name__, url_prefix=f"/api/{api.VERSION}")
JSON = "application/json"
PREFLIGHT = {
    "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
    "Access-Control-Allow-Headers": "If-None-Match, If-Modified-Since",  # not Authorization: see above
    "Access-Control-Max-Age": "86400",
}


@bp.get("/itineraries")
def itineraries():
    """The itineraries the caller may see."""
    token = _bearer()
    if (subscription := subscriptions.bearer(get_store(), token)) is not None:  # its audience's view
        return _respond(subscriptions.api_itineraries(get_store(), subscription, base_url=_base_url()))
    return _respond(api.itineraries(get_store(), token=token, base_url=_base_url()))


@bp.get("/itineraries/<slug>")
def itinerary(slug: str):
    """An itinerary with the events the caller may see, filtered as the feeds are."""
    feed_filter, token, base_url = api.read_filter(request.args), _bearer(), _base_url()
    if (subscription := subscriptions.bearer(get_store(), token)) is not None:  # its audience's view
        found = subscriptions.api_itinerary
        return _respond(
            found(get_store(), slug, subscription, base_url=base_url, feed_filter=feed_filter, cache=get_answers())
        )
    answer = api.itinerary(
        get_store(), slug, token=token, base_url=base_url, feed_filter=feed_filter, cache=get_answers()
    )
    return _respond(answer)


@bp.get("/openapi.json")
def openapi():
    """The OpenAPI 3.1 document of this API, made from the code."""
    return _respond(_document())


def _document() -> api.Answer:
    found = current_app.extensions.get("itinerary.openapi")
    if found is None:
        found = current_app.extensions["itinerary.openapi"] = api.as_answer(api.openapi_document())
    return found


def _bearer() -> str | None:
    """The bearer token of ``Authorization``; None when the header is missing; InvalidToken when it is not one."""
    header = request.headers.get("Authorization")
    if header is None:
        return None
    scheme, _, token = header.strip().partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise InvalidToken()
    return token.strip()


def _base_url() -> str:
    return (current_app.config.get("BASE_URL") or request.host_url).rstrip("/")


def _respond(answer: api.Answer):
    private = "Authorization" in request.headers
    headers = {
        "Content-Type": JSON,
        "ETag": answer.etag,
        "Cache-Control": "private, no-cache" if private else "public, max-age=60, must-revalidate",
    }
    if answer.last_modified is not None:
        headers["Last-Modified"] = http_date(answer.last_modified)
    if _not_modified(answer):
        return "", 304, headers
    return answer.body, 200, headers


def _not_modified(answer: api.Answer) -> bool:
    # If-None-Match wins over If-Modified-Since (RFC 9110, 13.2.2); werkzeug parses the list, "*" and W/.
    if request.if_none_match:
        return request.if_none_match.contains_weak(answer.etag.strip('"'))
    since, changed = request.if_modified_since, answer.last_modified
    return since is not None and changed is not None and changed.replace(microsecond=0) <= since


def error_answer(status: int, message: str, field: str | None = None, code: str | None = None):
    """An error as the API gives it: a JSON body, never cached."""
    body = api.error(status, str(message), field=field, code=code)  # a lazily translated text made a str
    headers = {"Content-Type": JSON, "Cache-Control": "no-store"}
    if status == 401:
        headers["WWW-Authenticate"] = 'Bearer realm="itinerary", error="invalid_token"'
    return body, status, headers


def _invalid(error: InvalidInput):
    return error_answer(400, str(error), field=error.field, code="invalid_parameter")


@bp.after_request
def _cors(response):
    """CORS for anonymous calls only (see the module's docstring); the preflight's answer."""
    response.headers.add("Vary", "Authorization")
    if "Authorization" not in request.headers:
        response.headers["Access-Control-Allow-Origin"] = "*"
        response.headers["Access-Control-Expose-Headers"] = "ETag, Last-Modified"
        if request.method == "OPTIONS":
            response.headers.update(PREFLIGHT)
    return response


bp.register_error_handler(InvalidInput, _invalid)
bp.register_error_handler(InvalidToken, lambda error: error_answer(401, str(error)))
bp.register_error_handler(NotFound, lambda error: error_answer(404, str(error)))
bp.register_error_handler(ItineraryError, lambda error: error_answer(400, str(error)))
