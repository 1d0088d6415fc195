"""The JSON API over HTTP: answers for the seed, filters and their 400s, the bearer token, validators, CORS,
and the OpenAPI document (valid OpenAPI 3.1; every real answer below matches its schema in it)."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from jsonschema import Draft202012Validator, FormatChecker
from openapi_spec_validator import validate
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012
from sqlalchemy.exc import OperationalError

from itinerary import services
from tests.builders import daily_briefing
from tests.conftest import restrict_lunch

CHINA = "china-state-visit-2018"
CONTACTS = "russia-china-contacts-2017-2018"
API = "/api/v1"
SECRETS = ("cn2018-lunch-narrow", "Working lunch in narrow format", "especially sensitive issues")
NO_CORS = ("Access-Control-Allow-Origin", "Access-Control-Allow-Credentials", "Access-Control-Expose-Headers")


@pytest.fixture
def token(app_store) -> str:
    return services.rotate_feed_token(app_store, CHINA)


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_the_list_gives_the_public_itineraries_by_title(client):
    response = client.get(f"{API}/itineraries")
    assert (response.status_code, response.content_type) == (200, "application/json")
    first = response.json["itineraries"][0]
    assert [i["slug"] for i in response.json["itineraries"]] == [CONTACTS, CHINA]
    assert (first["timezone"], first["last_modified"]) == ("Europe/Moscow", "2018-06-04T09:00:00Z")
    assert first["links"] == {
        "page": f"http://localhost/itineraries/{CONTACTS}",
        "ics": f"http://localhost/itineraries/{CONTACTS}.ics",
        "api": f"http://localhost{API}/itineraries/{CONTACTS}",
    }


def test_the_beijing_talks_of_8_june_2018_come_with_offsets_and_zones(client):
    response = client.get(f"{API}/itineraries/{CHINA}")
    talks = {e["id"]: e for e in response.json["events"]}["cn2018-talks-enlarged"]
    assert (talks["start"], talks["end"]) == (
        {"datetime": "2018-06-08T11:00:00+08:00", "timezone": "Asia/Shanghai", "date": None},
        {"datetime": "2018-06-08T12:15:00+08:00", "timezone": "Asia/Shanghai", "date": None},
    )
    assert (talks["venue"]["latitude"], talks["venue"]["longitude"]) == (39.9033, 116.3874)
    assert response.headers["Last-Modified"] == "Mon, 04 Jun 2018 09:00:00 GMT"
    assert response.headers["Cache-Control"] == "public, max-age=60, must-revalidate"


def test_filters_answer_as_the_feed_does(client):
    response = client.get(f"{API}/itineraries/{CHINA}?participant=yuri-ushakov&from=2018-06-09&to=2018-06-09")
    assert [e["id"] for e in response.json["events"]] == ["cn2018-flight-qingdao"]
    assert response.json["filter"] == {
        "participant": "yuri-ushakov",
        "kind": None,
        "category": None,
        "from": "2018-06-09",
        "to": "2018-06-09",
        "delegation": None,
    }


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        (
            "kind=banquet",
            "kind",
            "kind: unknown kind 'banquet'; choose one of: talks, ceremony, press, travel, meal, culture, "
            "summit-session, summit, arrival, departure, meeting, call, other",
        ),
        ("from=8.6.2018", "from", "from: '8.6.2018' is not a date; write YYYY-MM-DD, e.g. 2018-06-08"),
        ("from=2018-06-10&to=2018-06-08", "to", "to: must not be before 'from'"),
        ("participant=nobody", "participant", "participant: no participant 'nobody' in this itinerary's feed"),
        (
            "partcipant=xi-jinping",
            "partcipant",
            "partcipant: unknown parameter; the filters are participant, kind, category, from, to, delegation",
        ),
    ],
)
def test_bad_filters_are_400_with_a_json_body_naming_the_parameter(client, query, field, message):
    response = client.get(f"{API}/itineraries/{CHINA}?{query}")
    assert (response.status_code, response.content_type) == (400, "application/json")
    assert response.json == {"error": {"code": "invalid_parameter", "message": message, "field": field}}
    assert response.headers["Cache-Control"] == "no-store"


def test_unknown_addresses_and_methods_answer_in_json(client):
    missing = client.get(f"{API}/itineraries/no-such-trip")
    assert (missing.status_code, missing.json) == (
        404,
        {"error": {"code": "not_found", "message": "no itinerary with slug 'no-such-trip'", "field": None}},
    )
    assert client.get(f"{API}/nothing-here").json["error"]["code"] == "not_found"
    refused = client.delete(f"{API}/itineraries/{CHINA}")
    assert (refused.status_code, refused.json["error"]["code"]) == (405, "method_not_allowed")


def test_the_private_token_as_bearer_sees_the_restricted_lunch(client, token):
    response = client.get(f"{API}/itineraries/{CHINA}", headers=bearer(token))
    lunch = {e["id"]: e for e in response.json["events"]}["cn2018-lunch-narrow"]
    assert (lunch["title"], lunch["start"]["datetime"], lunch["visibility"]) == (
        "Working lunch in narrow format",
        "2018-06-08T16:45:00+08:00",
        "restricted",
    )
    assert response.headers["Cache-Control"] == "private, no-cache"
    assert response.headers["Vary"].startswith("Authorization")
    assert not any(name in response.headers for name in NO_CORS)


@pytest.mark.parametrize(
    "header",
    ["Bearer " + "x" * 43, "Basic dXNlcjpwYXNz", "Bearer", "Bearer   ", "bearer wrong"],
)
def test_a_wrong_authorization_is_401_in_json(client, token, header):
    response = client.get(f"{API}/itineraries/{CHINA}", headers={"Authorization": header})
    assert (response.status_code, response.content_type) == (401, "application/json")
    assert response.json["error"]["code"] == "invalid_token"
    assert response.headers["WWW-Authenticate"] == 'Bearer realm="itinerary", error="invalid_token"'
    assert token not in response.text


def test_the_token_of_another_itinerary_opens_nothing_here(client, app_store, token):
    other = services.rotate_feed_token(app_store, CONTACTS)
    refused = client.get(f"{API}/itineraries/{CHINA}", headers=bearer(other))
    unknown = client.get(f"{API}/itineraries/{CHINA}", headers=bearer("y" * 43))
    assert (refused.status_code, refused.data) == (401, unknown.data)
    assert client.get(f"{API}/itineraries/{CHINA}", headers={"authorization": f"BEARER {token}"}).status_code == 200


def test_a_scheme_is_case_insensitive_and_a_revoked_token_is_refused(client, app_store, token):
    services.revoke_feed_token(app_store, CHINA)
    assert client.get(f"{API}/itineraries", headers=bearer(token)).status_code == 401


def _anonymous_answers(client) -> dict[str, tuple[int, bytes, list]]:
    urls = [
        f"{API}/itineraries",
        f"{API}/itineraries/{CHINA}",
        f"{API}/itineraries/{CHINA}?participant=yuri-ushakov",
        f"{API}/itineraries/{CHINA}?from=2018-06-08&to=2018-06-08",
        f"{API}/itineraries/{CHINA}?kind=meal",
        f"{API}/itineraries/{CHINA}?participant=nobody",
        f"{API}/itineraries/{CHINA}?participant=nobody&kind=meal",
        f"{API}/itineraries/{CONTACTS}",
        f"{API}/openapi.json",
    ]
    found = {url: client.get(url) for url in urls}
    found["OPTIONS"] = client.options(f"{API}/itineraries/{CHINA}")
    return {url: (r.status_code, r.data, sorted(r.headers.items())) for url, r in found.items()}


def test_nothing_restricted_is_in_any_byte_of_an_anonymous_answer_headers_included(client, app_store, clock):
    restrict_lunch(app_store)  # hidden from the public, not busy (tests/web/test_audiences_everywhere.py: busy)
    before = _anonymous_answers(client)
    for url, (_, body, headers) in before.items():
        everything = body.decode() + "\n".join(f"{name}: {value}" for name, value in headers)
        assert not [secret for secret in SECRETS if secret in everything], url
    assert (
        before[f"{API}/itineraries/{CHINA}?kind=meal"][1]
        and json.loads(before[f"{API}/itineraries/{CHINA}?kind=meal"][1])["events"] == []
    )
    # A change only staff see leaves every anonymous answer as it was, to the byte: ETag and Last-Modified too.
    clock.now += timedelta(hours=1)
    services.update_event(app_store, CHINA, "cn2018-lunch-narrow", title="Working lunch, moved to 17:00")
    assert _anonymous_answers(client) == before


def test_etag_and_last_modified_give_304s_until_a_public_change(client, app_store, clock):
    url = f"{API}/itineraries/{CHINA}"
    first = client.get(url)
    etag = first.headers["ETag"]
    again = client.get(url, headers={"If-None-Match": etag})
    assert (again.status_code, again.data, again.headers["ETag"]) == (304, b"", etag)
    assert client.get(url, headers={"If-None-Match": f'"other", W/{etag}'}).status_code == 304
    assert client.get(url, headers={"If-Modified-Since": first.headers["Last-Modified"]}).status_code == 304
    clock.now += timedelta(minutes=10)
    services.update_event(app_store, CHINA, "cn2018-press", title="Press statements for the media")
    changed = client.get(url, headers={"If-None-Match": etag})
    assert (changed.status_code, changed.headers["Last-Modified"]) == (200, "Mon, 04 Jun 2018 09:10:00 GMT")
    assert changed.headers["ETag"] != etag
    assert client.get(f"{API}/itineraries", headers={"If-None-Match": etag}).status_code == 200


def test_the_bearer_answer_has_its_own_etag_and_304(client, token):
    url = f"{API}/itineraries/{CHINA}"
    private = client.get(url, headers=bearer(token))
    assert private.headers["ETag"] != client.get(url).headers["ETag"]
    again = client.get(url, headers={**bearer(token), "If-None-Match": private.headers["ETag"]})
    assert again.status_code == 304


def test_cors_allows_any_origin_for_anonymous_gets_and_never_credentials(client):
    response = client.get(f"{API}/itineraries/{CHINA}", headers={"Origin": "https://press.example"})
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert response.headers["Access-Control-Expose-Headers"] == "ETag, Last-Modified"
    assert "Access-Control-Allow-Credentials" not in response.headers
    error = client.get(f"{API}/itineraries/{CHINA}?kind=x", headers={"Origin": "https://press.example"})
    assert error.headers["Access-Control-Allow-Origin"] == "*"


def test_the_preflight_allows_get_with_validators_but_not_the_authorization_header(client):
    response = client.options(
        f"{API}/itineraries/{CHINA}",
        headers={
            "Origin": "https://press.example",
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "authorization",
        },
    )
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert response.headers["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    assert response.headers["Access-Control-Allow-Headers"] == "If-None-Match, If-Modified-Since"
    assert "Access-Control-Allow-Credentials" not in response.headers


def test_head_answers_the_headers_of_get(client):
    get, head = client.get(f"{API}/itineraries/{CHINA}"), client.head(f"{API}/itineraries/{CHINA}")
    assert (head.status_code, head.data, head.headers["ETag"]) == (200, b"", get.headers["ETag"])


# The OpenAPI document


def test_the_openapi_document_is_valid_openapi_3_1(client):
    response = client.get(f"{API}/openapi.json")
    assert (response.status_code, response.content_type) == (200, "application/json")
    document = response.json
    validate(document)
    assert document["openapi"] == "3.1.0"
    assert sorted(document["paths"]) == [f"{API}/itineraries", f"{API}/itineraries/{{slug}}", f"{API}/openapi.json"]
    parameters = document["paths"][f"{API}/itineraries/{{slug}}"]["get"]["parameters"]
    assert [p.get("name") or p["$ref"].rsplit("/", 1)[1] for p in parameters] == [
        "slug",
        "participant",
        "kind",
        "category",
        "from",
        "to",
        "delegation",
        "If-None-Match",
    ]
    assert client.get(f"{API}/openapi.json", headers={"If-None-Match": response.headers["ETag"]}).status_code == 304


def _checker(document: dict, path: str, status: int):
    """A validator of the answer ``status`` of GET ``path`` in ``document``, its references resolved in it."""
    registry = Registry().with_resource("urn:api", Resource.from_contents(document, default_specification=DRAFT202012))
    ref = document["paths"][path]["get"]["responses"][str(status)]["content"]["application/json"]["schema"]["$ref"]
    return Draft202012Validator({"$ref": f"urn:api{ref}"}, registry=registry, format_checker=FormatChecker())


def test_every_example_answer_matches_its_schema(client, app_store, token):
    daily_briefing(app_store, CHINA, count=3, venue="great-hall-of-the-people")
    services.change_occurrence(
        app_store,
        CHINA,
        "briefing",
        services.series_occurrences(app_store, CHINA, "briefing")[1].recurrence_id,
        status="cancelled",
    )
    document = client.get(f"{API}/openapi.json").json
    one = f"{API}/itineraries/{{slug}}"
    examples = [
        (f"{API}/itineraries", {}, f"{API}/itineraries", 200),
        (f"{API}/itineraries", bearer(token), f"{API}/itineraries", 200),
        (f"{API}/itineraries", bearer("z" * 43), f"{API}/itineraries", 401),
        (f"{API}/itineraries/{CHINA}", {}, one, 200),
        (f"{API}/itineraries/{CHINA}", bearer(token), one, 200),
        (f"{API}/itineraries/{CHINA}?from=2018-06-09&to=2018-06-10", {}, one, 200),
        (f"{API}/itineraries/{CONTACTS}?category=SPIEF", {}, one, 200),
        (f"{API}/itineraries/{CHINA}?kind=banquet", {}, one, 400),
        (f"{API}/itineraries/{CHINA}", bearer("z" * 43), one, 401),
        (f"{API}/itineraries/nowhere", {}, one, 404),
    ]
    for url, headers, path, status in examples:
        response = client.get(url, headers=headers)
        assert response.status_code == status, url
        errors = [error.message for error in _checker(document, path, status).iter_errors(response.json)]
        assert errors == [], url
    recurring = client.get(f"{API}/itineraries/{CHINA}").json
    briefing = next(e for e in recurring["events"] if e["id"] == "briefing")["recurrence"]
    assert [o["status"] for o in briefing["occurrences"]] == ["confirmed", "cancelled", "confirmed"]


def test_the_schema_refuses_what_the_api_never_sends(client):
    document = client.get(f"{API}/openapi.json").json
    answer = client.get(f"{API}/itineraries/{CHINA}").json
    answer["events"][0]["start"]["datetime"] = "2018-06-08 09:45"  # no offset: not RFC 3339
    answer["events"][1]["secret"] = "x"
    assert len(list(_checker(document, f"{API}/itineraries/{{slug}}", 200).iter_errors(answer))) == 2


def test_a_database_outage_is_503_in_json_with_retry_after(app, client, monkeypatch):
    def down(*args, **kwargs):
        raise OperationalError("SELECT 1", {}, ConnectionRefusedError("connection refused"))

    store = app.extensions["itinerary.store"]
    monkeypatch.setattr(store, "transaction", down)
    monkeypatch.setattr(store, "light_read", down)
    document = client.get(f"{API}/openapi.json").json
    response = client.get(f"{API}/itineraries/{CHINA}")
    assert (response.status_code, response.headers["Retry-After"]) == (503, "30")
    assert list(_checker(document, f"{API}/itineraries/{{slug}}", 503).iter_errors(response.json)) == []
    assert response.json == {
        "error": {
            "code": "unavailable",
            "message": "The database is not answering just now; try again in a minute.",
            "field": None,
        }
    }
