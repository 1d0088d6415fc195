"""Drafts from text over the web: paste, review, edit and accept; refusals store nothing; editors only."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

from itinerary import services
from itinerary.model import AllDay, Status, Timed
from tests.web.forms import csrf_token, sign_in, snapshot
from tests.web.html import form_values, parse

URL = "/itineraries/draft"
CORPUS = Path(__file__).resolve().parents[1] / "itinerary" / "data" / "drafts"
SEED = (CORPUS / "en-seed-state-visit.txt").read_text(encoding="utf-8")
ALASKA = (CORPUS / "en-alaska-summit.txt").read_text(encoding="utf-8")


def paste(client, text: str, published: str = "2018-06-04", **extra):
    """Send the paste form as a browser does: the textarea's line breaks as CRLF."""
    data = {"csrf_token": csrf_token(client, URL), "text": text.replace("\n", "\r\n"), "published": published}
    return client.post(URL, data={**data, **extra})


def review_values(response) -> dict:
    assert response.status_code == 200, response.text
    return form_values(parse(response.data).one("form.review-form"))


def proposal_titles(response) -> list[str]:
    page = parse(response.data)
    return [page.one(f"#proposals-{n}-title").attrs["value"] for n in range(len(page.select("li.proposal")))]


def refusal(response, field: str) -> str:
    """The message a refused (400) form shows at ``field``."""
    assert response.status_code == 400
    return parse(response.data).one(f"#{field}-error").text


def test_draft_form_needs_a_signed_in_editor(client, app_store):
    before = snapshot(app_store)

    token = csrf_token(client)
    assert client.get(URL).status_code == 302
    response = client.post(URL, data={"csrf_token": token, "text": SEED, "published": "2018-06-04"})
    assert (response.status_code, response.headers["Location"].split("?")[0]) == (302, "/sign-in")
    response = client.post(f"{URL}/accept", data={"csrf_token": token, "new_slug": "x", "new_title": "X"})
    assert (response.status_code, response.headers["Location"].split("?")[0]) == (302, "/sign-in")
    assert snapshot(app_store) == before


def test_pasting_the_seed_shows_each_proposal_with_its_sentence_marked(client, editor, app_store):
    before = snapshot(app_store)

    response = paste(client, SEED)

    assert proposal_titles(response) == [
        "Talks in narrow format",
        "Talks in enlarged format",
        "Adoption of joint statements",
        "Signing of documents",
        "Train from Beijing to Tianjin",
        "Ice hockey match",
        "Working lunch in narrow format",
        "SCO summit",
    ]
    page = parse(response.data)
    lunch = page.one("#proposal-7")
    assert lunch.one("mark").text == "lunch"
    assert lunch.one("blockquote.source").text.startswith("After the official part of the negotiations is over")
    values = review_values(response)
    assert {k: v for k, v in values.items() if k.startswith("proposals-7-")} == {
        "proposals-7-accept": "y",
        "proposals-7-title": "SCO summit",
        "proposals-7-own_title": "",
        "proposals-7-kind": "summit",
        "proposals-7-format": "none",
        "proposals-7-date": "2018-06-09",
        "proposals-7-last": "2018-06-10",
        "proposals-7-start": "",
        "proposals-7-end": "",
        "proposals-7-timezone": "",
        "proposals-7-city": "",
        "proposals-7-venue": "",
        "proposals-7-destination": "",
        "proposals-7-participants": "",
        "proposals-7-participant_keys": "",
        "proposals-7-source": page.one("#proposal-8 blockquote.source").text,
        "proposals-7-trigger": "SCO [Shanghai Cooperation Organization] summit",
        "proposals-7-again_into": "",  # no duplicate found in an itinerary yet
    }
    assert page.one("p.draft-span").text.startswith("The visit: 8 June 2018 to 10 June 2018, in Beijing, Tianjin.")
    assert snapshot(app_store) == before  # reading stores nothing


def test_accepting_some_edited_proposals_into_a_new_itinerary(client, editor, app_store):
    values = review_values(paste(client, SEED))
    for n in range(8):
        values.pop(f"proposals-{n}-accept")  # an unticked checkbox is not sent
    values |= {
        "proposals-0-accept": "y",
        "proposals-4-accept": "y",
        "proposals-4-start": "14:00",
        "proposals-4-end": "14:35",
        "proposals-7-accept": "y",
        "proposals-7-city": "Qingdao",
        "proposals-7-title": "Summit of the Shanghai Cooperation Organization",
        "new_slug": "visit-from-text",
        "new_title": "Visit read from the announcement",
        "new_timezone": "Asia/Shanghai",
    }

    response = client.post(f"{URL}/accept", data=values)

    assert (response.status_code, response.headers["Location"]) == (302, "/itineraries/visit-from-text")
    events = services.list_events(app_store, "visit-from-text")
    assert [(e.title, e.status, e.timing, e.venue.key if e.venue else None) for e in events] == [
        (
            "Talks in narrow format",
            Status.TENTATIVE,
            AllDay(date(2018, 6, 8), date(2018, 6, 8), "Asia/Shanghai"),
            "beijing",
        ),
        (
            "Train from Beijing to Tianjin",
            Status.TENTATIVE,
            Timed.of(*_local(2018, 6, 8, (14, 0), (14, 35)), "Asia/Shanghai"),
            "beijing",
        ),
        (
            "Summit of the Shanghai Cooperation Organization",
            Status.TENTATIVE,
            AllDay(date(2018, 6, 9), date(2018, 6, 10), "Asia/Shanghai"),
            "qingdao",
        ),
    ]
    assert events[1].destination.key == "tianjin"
    assert [p.key for p in events[1].participants] == ["vladimir-putin", "xi-jinping"]


def test_accepting_into_an_existing_itinerary_adds_to_its_programme(client, editor, app_store):
    before = len(services.list_events(app_store, "china-state-visit-2018"))
    values = review_values(paste(client, ALASKA, published="2025-08-12"))
    for n in range(1, 5):
        values.pop(f"proposals-{n}-accept")
    values |= {"target": "existing", "existing": "china-state-visit-2018"}

    response = client.post(f"{URL}/accept", data=values)

    assert (response.status_code, response.headers["Location"]) == (302, "/itineraries/china-state-visit-2018")
    events = services.list_events(app_store, "china-state-visit-2018")
    assert len(events) == before + 1
    (added,) = [e for e in events if e.title == "Meeting"]
    assert (added.timing, added.venue.key, [p.key for p in added.participants]) == (
        AllDay(date(2025, 8, 15), date(2025, 8, 15), "America/Anchorage"),
        "anchorage",
        ["vladimir-putin", "donald-trump"],
    )


def test_a_txt_upload_is_read_like_pasted_text(client, editor):
    data = {
        "csrf_token": csrf_token(client, URL),
        "published": "2025-08-12",
        "file": (io.BytesIO(ALASKA.encode()), "alaska.txt"),
    }

    response = client.post(URL, data=data)

    assert proposal_titles(response) == [
        "Meeting",
        "One-on-one talks",
        "Talks in enlarged format",
        "Working lunch",
        "Joint press conference",
    ]
    assert parse(response.data).one("#proposals-1-start").attrs["value"] == "11:30"


def test_hostile_text_is_refused_with_its_reason_and_nothing_stored(client, editor, app_store):
    before = snapshot(app_store)
    cases = {
        "The leaders will hold talks.": "names no date (such as 8 June, 8 июня or 6月8日); there is nothing to propose",
        "On June 8 " + "talks " * 20_000: "is 120,009 characters; an announcement of at most 100,000 is read",
        "": "paste the announcement, or choose a .txt file",
    }
    for text, message in cases.items():
        response = paste(client, text)
        assert refusal(response, "text") == message

    binary = {
        "csrf_token": csrf_token(client, URL),
        "published": "2018-06-04",
        "file": (io.BytesIO(b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe"), "photo.txt"),
    }
    response = client.post(URL, data=binary)
    assert refusal(response, "file") == (
        "is not UTF-8 text (a binary file?); paste the announcement or save it as UTF-8 .txt"
    )
    assert snapshot(app_store) == before


def test_paste_form_refuses_a_missing_date_and_a_bad_csrf_token(client, editor, app_store):
    before = snapshot(app_store)

    response = paste(client, SEED, published="")
    assert refusal(response, "published") == "give the date the announcement was published"
    response = client.post(URL, data={"csrf_token": "forged", "text": SEED, "published": "2018-06-04"})
    assert response.status_code == 400
    assert snapshot(app_store) == before


def test_accepting_a_bad_edit_shows_it_at_its_field_and_stores_nothing(client, editor, app_store):
    before = snapshot(app_store)
    values = review_values(paste(client, SEED))
    values |= {
        "proposals-2-start": "12:00",
        "proposals-2-end": "11:00",
        "proposals-5-city": "Atlantis",
        "new_slug": "bad-edit",
        "new_title": "Bad edit",
        "new_timezone": "Asia/Shanghai",
    }

    response = client.post(f"{URL}/accept", data=values)

    # Accepting is all or nothing: the first refusal is shown, nothing of the itinerary stays.
    assert refusal(response, "proposals-2-end") == "must not be before the start"
    assert snapshot(app_store) == before

    values["proposals-2-end"] = "13:00"
    response = client.post(f"{URL}/accept", data=values)
    assert refusal(response, "proposals-5-city") == (
        "no city called 'Atlantis' in the gazetteer; write its English name, e.g. Qingdao"
    )
    assert snapshot(app_store) == before


def test_accepting_nothing_or_into_a_taken_slug_is_refused(client, editor, app_store):
    before = snapshot(app_store)
    values = review_values(paste(client, SEED))
    unticked = {k: v for k, v in values.items() if not k.endswith("-accept")}

    response = client.post(f"{URL}/accept", data=unticked)
    assert response.status_code == 400
    assert "Proposals: accept at least one proposal" in parse(response.data).one(".error-summary").text

    response = client.post(f"{URL}/accept", data={**values, "new_slug": "china-state-visit-2018"})
    assert response.status_code == 400
    assert (
        parse(response.data).one("#new_slug-error").text
        == "an itinerary called 'china-state-visit-2018' exists already"
    )
    assert snapshot(app_store) == before


def test_accepting_refuses_a_signed_out_post_and_a_forged_token(client, app, app_store):
    from itinerary import accounts

    accounts.create_editor(app_store, "editor", "correct horse battery staple")
    sign_in(client, "editor", "correct horse battery staple")
    values = review_values(paste(client, SEED))
    before = snapshot(app_store)

    response = client.post(f"{URL}/accept", data={**values, "csrf_token": "forged"})

    assert response.status_code == 400
    assert snapshot(app_store) == before


def _local(year, month, day, start, end):
    from datetime import datetime

    return datetime(year, month, day, *start), datetime(year, month, day, *end)


def test_edited_participants_keep_known_keys_and_add_new_people(client, editor, app_store):
    values = review_values(paste(client, SEED))
    for n in range(8):
        values.pop(f"proposals-{n}-accept")
    values |= {
        "proposals-6-accept": "y",
        "proposals-6-participants": "Xi Jinping, Sergey Lavrov, Сергей Шойгу",
        "new_slug": "people",
        "new_title": "People",
        "new_timezone": "Asia/Shanghai",
    }

    response = client.post(f"{URL}/accept", data=values)

    assert response.status_code == 302
    (lunch,) = services.list_events(app_store, "people")
    keys = [p.key for p in lunch.participants]
    names = {p.key: p.name for p in lunch.participants}
    assert set(keys) >= {"xi-jinping", "sergey-lavrov"}
    shoigu = next(k for k in keys if k.startswith("participant-"))
    assert (len(keys), names["sergey-lavrov"], names[shoigu], len(shoigu)) == (3, "Sergey Lavrov", "Сергей Шойгу", 22)
