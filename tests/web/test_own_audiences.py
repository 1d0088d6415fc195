"""An itinerary's own audiences over HTTP: the editors' page adds, relabels and removes them; the event form
offers each; subscriptions are issued for them; removal is refused while a subscription uses one."""

from __future__ import annotations

import icalendar
from click.testing import CliRunner

from itinerary import own_audiences, services, subscriptions
from itinerary.records import ExtraAudience
from itinerary.storage import Store
from tests.web.forms import csrf_token, form_on, submit
from tests.web.html import parse
from web import cli

SLUG = "china-state-visit-2018"
PAGE = f"/itineraries/{SLUG}/audiences"
SUBSCRIPTIONS = f"/itineraries/{SLUG}/subscriptions"
LUNCH = "cn2018-lunch-narrow"
SECRET_TITLE = "Working lunch in narrow format"  # the seed's lunch, not in full for the public


def _add(client, name: str, label: str):
    return client.post(PAGE, data={"csrf_token": csrf_token(client, PAGE), "name": name, "label": label})


def _issue(client, name: str, audience: str):
    data = {"csrf_token": csrf_token(client, SUBSCRIPTIONS), "name": name, "audience": audience}
    return client.post(SUBSCRIPTIONS, data=data)


def test_own_audience_is_offered_on_the_event_form_and_its_subscription_sees_what_it_says(app_store, client, editor):
    assert _add(client, "interpreters", "Interpreters\r\n").status_code == 302
    edit = f"/itineraries/{SLUG}/events/{LUNCH}/edit"

    page = parse(client.get(edit).data)
    assert page.one("label[for=access_interpreters]").text.strip() == "Interpreters"
    assert form_on(client, edit)["access_interpreters"] == ""
    assert submit(client, edit, {"access_interpreters": "full"}).status_code == 302
    assert ("interpreters", "full") in services.get_event(app_store, SLUG, LUNCH).access
    assert form_on(client, edit)["access_interpreters"] == "full"

    issued = _issue(client, "Interpreter pool", "interpreters")
    assert issued.status_code == 200, issued.text
    feed = parse(issued.data).one("#issued-feed").get("value")
    body = client.get("/" + feed.split("/", 3)[3]).get_data()
    titles = [str(e["SUMMARY"]) for e in icalendar.Calendar.from_ical(body).walk("VEVENT")]
    assert SECRET_TITLE in titles
    public = [
        str(e["SUMMARY"])
        for e in icalendar.Calendar.from_ical(client.get(f"/itineraries/{SLUG}.ics").data).walk("VEVENT")
    ]
    assert SECRET_TITLE not in public


def test_own_audience_relabelled_over_http_keeps_its_name(app_store, client, editor):
    _add(client, "interpreters", "Interpreters")
    url = f"{PAGE}/interpreters/rename"

    response = client.post(url, data={"csrf_token": csrf_token(client, PAGE), "label": "Interpreters (pool)"})

    assert response.status_code == 302
    assert own_audiences.listed(app_store, SLUG) == [ExtraAudience(SLUG, "interpreters", "Interpreters (pool)")]


def test_own_audience_bad_name_is_refused_with_a_clear_message_and_nothing_stored(app_store, client, editor):
    response = _add(client, "press", "Press again")

    assert response.status_code == 400
    assert "“press” is a built-in audience; choose another name" in response.text
    assert own_audiences.listed(app_store, SLUG) == []


def test_own_audience_removal_refused_over_http_while_a_subscription_uses_it(app_store, client, editor):
    _add(client, "interpreters", "Interpreters")
    issued = _issue(client, "Interpreter pool", "interpreters")
    assert issued.status_code == 200, issued.text
    remove = f"{PAGE}/interpreters/remove"

    response = client.post(remove, data={"csrf_token": csrf_token(client, PAGE)}, follow_redirects=True)

    assert response.status_code == 200
    assert "Not removed: the subscriptions Interpreter pool use it; revoke them first." in response.text
    assert own_audiences.listed(app_store, SLUG) == [ExtraAudience(SLUG, "interpreters", "Interpreters")]
    found = [s for s in subscriptions.listed(app_store, SLUG) if s.name == "Interpreter pool"]
    client.post(f"{SUBSCRIPTIONS}/{found[0].id}/revoke", data={"csrf_token": csrf_token(client, SUBSCRIPTIONS)})
    response = client.post(remove, data={"csrf_token": csrf_token(client, PAGE)}, follow_redirects=True)
    assert "Removed the audience interpreters." in response.text
    assert own_audiences.listed(app_store, SLUG) == []


def test_cli_issues_a_subscription_of_an_own_audience(tmp_path, monkeypatch):
    monkeypatch.setenv("ITINERARY_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.sqlite3'}")
    monkeypatch.setenv("ITINERARY_INSTANCE_PATH", str(tmp_path / "instance"))
    runner = CliRunner()
    assert runner.invoke(cli.main, ["subscription", "list", SLUG]).exit_code == 0  # the database, seeded
    store = Store(f"sqlite:///{tmp_path / 'cli.sqlite3'}")
    own_audiences.add(store, SLUG, name="interpreters", label="Interpreters")

    added = runner.invoke(cli.main, ["subscription", "add", SLUG, "--audience", "interpreters", "--name", "Pool"])

    assert added.exit_code == 0, added.output
    assert [(s.name, s.audience) for s in subscriptions.listed(store, SLUG)] == [("Pool", "interpreters")]
    store.dispose()
