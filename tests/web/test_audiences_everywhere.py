"""One rule for every surface: a programme with random visibilities per audience, read on every surface.

A seeded random generator (the same programme on every run, one per seed) gives each event a visibility
for each audience (full, busy, hidden), sessions under summits, shared venues and people, a label or none,
and a second, changed version (so that changes, release diffs and releases.atom have something to say).
Every answer of every surface, headers included, is then searched for the secret texts of what the
audience may not see: the title, description, participants, venue name and outcomes of a busy or hidden
event, and the label of a hidden one, unless a full event of the same audience shows the same text.
A busy event, read back from the feed with ``icalendar``, has its label, its city and its time only.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import icalendar
import pytest

from itinerary import api, audiences, changelog, feeds, ical, releases, search, services, subscriptions
from itinerary.audiences import Access
from itinerary.model import EventSpec
from itinerary.storage import Store
from tests.web.conftest import new_store, web_app
from tests.web.html import parse

SLUG = "prop"
ZONE = "Asia/Shanghai"
SEEDS = (1, 2, 3)
KINDS = ("talks", "meal", "ceremony", "meeting", "culture", "summit")


@dataclass
class Programme:
    """What the generator made: per event its secrets, its city, its label and its visibilities."""

    events: dict[str, dict] = field(default_factory=dict)  # uid -> {"secrets", "city", "label", "access", "parent"}
    token: str = ""


def _word(rng: random.Random, prefix: str) -> str:
    return f"{prefix}{rng.randrange(16**8):08x}"


def _make(store: Store, seed: int) -> Programme:
    rng = random.Random(seed)
    services.create_itinerary(store, slug=SLUG, title="Audience trial", timezone=ZONE)
    cities = [_word(rng, "Cityq") for _ in range(3)]
    venues = []
    for number, city in enumerate(cities):
        key = f"venue-{number}"
        name = _word(rng, "Hallv")
        services.put_venue(
            store,
            key=key,
            name=name,
            city=city,
            country="China",
            timezone=ZONE,
            latitude=39.9 + number,
            longitude=116.4,
        )
        venues.append((key, name, city))
    people = []
    for number in range(4):
        name = _word(rng, "Personp")
        services.put_participant(store, key=f"person-{number}", name=name, role="minister", delegation="Russia")
        people.append((f"person-{number}", name))
    programme = Programme()
    start = datetime(2018, 6, 8, 1, 0, tzinfo=UTC)
    parents: list[str] = []
    for number in range(8):
        uid = f"ev-{seed}-{number}"
        parent = rng.choice(parents) if parents and rng.random() < 0.4 else None
        given = {a: rng.choice(list(Access)) for a in audiences.AUDIENCES}
        if parent is not None:
            begin = programme.events[parent]["start"] + timedelta(minutes=10 * (1 + number % 3))
            length = timedelta(minutes=10)
            if programme.events[parent]["access"]["public"] is not Access.FULL:
                given["public"] = rng.choice([Access.BUSY, Access.HIDDEN])  # a public session of a closed summit
        else:
            begin, length = start + timedelta(hours=3 * number), timedelta(hours=2)
            if number < len(audiences.AUDIENCES):  # every audience sees at least one event busy
                given[audiences.AUDIENCES[number]] = Access.BUSY
        venue = rng.choice(venues)
        chosen = rng.sample(people, 2)
        title, description, outcome = _word(rng, "Titlet"), _word(rng, "Descd"), _word(rng, "Outcomeo")
        label = _word(rng, "Labell") if rng.random() < 0.5 else ""
        kind = "summit-session" if parent else rng.choice(KINDS)
        services.create_event(
            store,
            SLUG,
            EventSpec(
                title=title,
                kind=kind,
                start=begin,
                end=begin + length,
                timezone=ZONE,
                venue=venue[0],
                participants=tuple(p[0] for p in chosen),
                description=description,
                outcomes=((outcome, "trade"),),
                categories=(_word(rng, "Catc"),),
                parent=parent,
                access=tuple(given.items()),
                label=label,
            ),
            uid=uid,
        )
        if kind == "summit" and parent is None:
            parents.append(uid)
        programme.events[uid] = {
            "start": begin,
            "title": title,
            "secrets": {title, description, outcome, venue[1], *(p[1] for p in chosen)},
            "city": venue[2],
            "label": label or audiences.NEUTRAL_LABELS[services.get_event(store, SLUG, uid).kind],
            "access": given,
            "parent": parent,
            "kind": kind,
        }
    # A second version: every event retitled, so that the change log and release diffs name both titles.
    for uid, made in programme.events.items():
        retitled = _word(rng, "Titler")
        services.update_event(store, SLUG, uid, title=retitled)
        made["secrets"].add(retitled)
        made["title"] = retitled
    programme.token = services.rotate_feed_token(store, SLUG)
    return programme


def _seen(programme: Programme, audience: str) -> dict[str, Access]:
    """What ``audience`` sees of each event, the parents' limits applied (the rule, said independently)."""
    seen: dict[str, Access] = {}
    for uid, made in programme.events.items():  # parents were made before their sessions
        own = made["access"][audience]
        parent = made["parent"]
        seen[uid] = own if parent is None or seen[parent] is Access.FULL else Access.HIDDEN
    return seen


def _forbidden(programme: Programme, audience: str) -> set[str]:
    seen = _seen(programme, audience)
    shown = {text for uid, made in programme.events.items() if seen[uid] is Access.FULL for text in made["secrets"]}
    forbidden = set()
    for uid, made in programme.events.items():
        if seen[uid] is not Access.FULL:
            forbidden |= made["secrets"] - shown
        if seen[uid] is Access.HIDDEN and made["label"] not in audiences.NEUTRAL_LABELS.values():
            forbidden.add(made["label"])
    return forbidden


def _check(answer: bytes, forbidden: set[str], where: str) -> None:
    leaked = sorted(text for text in forbidden if text.encode() in answer)
    assert not leaked, f"{where} shows {leaked}"


def _http_bytes(response) -> bytes:
    head = "".join(f"{name}: {value}\n" for name, value in response.headers.items())
    return head.encode() + response.get_data()


def _busy_events_read_back(body: bytes, programme: Programme, seen: dict[str, Access]) -> None:
    """Each busy event in a feed: its label as SUMMARY, its city as LOCATION, no people, text or link."""
    calendar = icalendar.Calendar.from_ical(body)
    found = {str(e["UID"]).split("@")[0]: e for e in calendar.walk("VEVENT")}
    for uid, access in seen.items():
        if access is Access.HIDDEN:
            assert uid not in found
            continue
        assert uid in found, uid
        if access is Access.BUSY:
            event = found[uid]
            made = programme.events[uid]
            assert str(event["SUMMARY"]) == made["label"]
            assert str(event["LOCATION"]) == made["city"]
            assert event.decoded("DTSTART") == made["start"]
            for name in ("ATTENDEE", "DESCRIPTION"):  # its URL is its event page, which shows it busy too
                assert name not in event, (uid, name)
            kind = services.Kind(made["kind"]).label
            assert [str(c) for c in event["CATEGORIES"].cats] == [kind]  # the kind alone, as its label says


@pytest.fixture(params=SEEDS)
def made(request, tmp_path, clock):
    store = new_store(tmp_path, clock)
    app = web_app(store)
    programme = _make(store, request.param)
    yield app, store, programme
    store.dispose()


def test_every_surface_shows_each_audience_only_what_it_may_see(made, clock):
    app, store, programme = made
    client = app.test_client()
    public = _forbidden(programme, "public")
    seen = _seen(programme, "public")
    last = len(releases.releases(store, SLUG))
    days = sorted({made["start"].astimezone(UTC).date() for made in programme.events.values()})
    addresses = [
        "/",
        f"/itineraries/{SLUG}",
        f"/itineraries/{SLUG}?lang=ru",
        f"/itineraries/{SLUG}/print",
        f"/itineraries/{SLUG}/map",
        f"/itineraries/{SLUG}/changes",
        f"/itineraries/{SLUG}/releases",
        f"/itineraries/{SLUG}/releases.atom",
        f"/itineraries/{SLUG}/versions/compare?from=1&to={last}",
        f"/itineraries/{SLUG}.ics",
        f"/itineraries/{SLUG}.ics?lang=zh",
        f"/itineraries/{SLUG}.ics?kind=summit",
        f"/itineraries/{SLUG}.ics?participant=person-0",
        "/api/v1/itineraries",
        f"/api/v1/itineraries/{SLUG}",
        f"/api/v1/itineraries/{SLUG}?participant=person-1",
        *(f"/itineraries/{SLUG}/timeline?day={day.isoformat()}" for day in days),
        *(f"/itineraries/{SLUG}/events/{uid}" for uid in programme.events),
        *(f"/itineraries/{SLUG}/events/{uid}.ics" for uid in programme.events),
        *(f"/search?q={made['title']}" for made in programme.events.values()),
        *(f"/search?q={made['label']}" for made in programme.events.values()),
    ]
    for address in addresses:
        response = client.get(address)
        assert response.status_code in (200, 400, 404), (address, response.status_code)
        asked = address.partition("?q=")[2].encode()  # the search page says what was asked: not a leak
        _check(_http_bytes(response).replace(asked, b"") if asked else _http_bytes(response), public, address)
    _busy_events_read_back(client.get(f"/itineraries/{SLUG}.ics").get_data(), programme, seen)
    for uid, access in seen.items():  # an event page answers for what the public sees of it
        status = client.get(f"/itineraries/{SLUG}/events/{uid}").status_code
        assert status == (404 if access is Access.HIDDEN else 200), (uid, access)

    staff = _forbidden(programme, "staff")
    bearer = {"Authorization": f"Bearer {programme.token}"}
    for address, headers in ((f"/feeds/{programme.token}.ics", {}), (f"/api/v1/itineraries/{SLUG}", bearer)):
        response = client.get(address, headers=headers)
        assert response.status_code == 200
        _check(_http_bytes(response), staff, f"staff {address}")
    _busy_events_read_back(client.get(f"/feeds/{programme.token}.ics").get_data(), programme, _seen(programme, "staff"))

    for audience in (audiences.PRESS, audiences.DELEGATION):  # over HTTP through a subscription of each
        forbidden = _forbidden(programme, audience)
        token = subscriptions.issue(store, SLUG, audience=audience, name=f"{audience} trial").token
        bearer = {"Authorization": f"Bearer {token}"}
        for address, headers in (
            (f"/feeds/{token}.ics", {}),
            (f"/view/{token}", {}),
            (f"/api/v1/itineraries/{SLUG}", bearer),
            (f"/api/v1/itineraries/{SLUG}?participant=person-2", bearer),
        ):
            response = client.get(address, headers=headers)  # a filter on someone it does not see: 400
            assert response.status_code in ((200, 400) if "?" in address else (200,)), (audience, address)
            _check(_http_bytes(response), forbidden, f"{audience} {address}")
        _busy_events_read_back(client.get(f"/feeds/{token}.ics").get_data(), programme, _seen(programme, audience))

    released = store.released()
    for audience in (audiences.PRESS, audiences.DELEGATION):
        forbidden = _forbidden(programme, audience)
        feed = feeds.itinerary_feed(released, SLUG, ical.FeedSettings(), audience=audience)
        _check(feed.body + feed.filename.encode(), forbidden, f"{audience} feed")
        _busy_events_read_back(feed.body, programme, _seen(programme, audience))
        answer = api.itinerary(released, SLUG, token=None, base_url="http://x", audience=audience)
        _check(answer.body, forbidden, f"{audience} API")
        for occurrence in services.list_occurrences(released, SLUG, audience=audience):
            _check(repr(occurrence).encode(), forbidden, f"{audience} page occurrences")

    _standins_on_history_and_search(store.released(), programme, seen, last)
    busy = next(uid for uid, access in seen.items() if access is Access.BUSY)  # now and next, during it
    clock.now = programme.events[busy]["start"] + timedelta(minutes=5)
    response = client.get(f"/itineraries/{SLUG}?lang=en")  # the label as made; ru says neutral ones in Russian
    _check(_http_bytes(response), public, "now and next")
    assert programme.events[busy]["label"] in " ".join(parse(response.data).one(".now-next").text.split())


def _standins_on_history_and_search(released, programme: Programme, seen: dict[str, Access], last: int) -> None:
    """The public's change log, release diff and search show each busy event as its stand-in: under its label,
    never under its title; a hidden event never."""
    log = changelog.changes_since(released, SLUG, include_restricted=False)
    diff = changelog.compare_versions(released, SLUG, 1, last, include_restricted=False)
    for change in log + diff:
        assert seen[change.uid] is not Access.HIDDEN or change.action == "deleted", change
        if seen[change.uid] is Access.BUSY:
            made = programme.events[change.uid]
            assert change.title == made["label"], change
            assert set(change.fields) <= set(changelog.BUSY_FIELDS), change
    created = {c.uid for c in log if c.action == "created"}
    assert {uid for uid, access in seen.items() if access is Access.BUSY} <= created
    for uid, access in seen.items():
        made = programme.events[uid]
        by_label = {r.uid for r in search.search(released, made["label"], include_restricted=False)}
        assert (uid in by_label) is (access is Access.BUSY), (uid, access)  # a label is for the busy only
        if access is not Access.FULL:
            assert uid not in {r.uid for r in search.search(released, made["title"], include_restricted=False)}


def test_validators_move_for_each_audience_exactly_when_its_view_does(made, clock):
    """Per audience A: retitle every event A does not see in full (a detail hidden from A). A's feed keeps its
    bytes, ETag and Last-Modified; every other audience's feed changes exactly when it sees one of them in full
    (staff's too: its feed answers with its stamp per language, see itinerary.storage.views.refresh_languages)."""
    _, store, programme = made
    settings = ical.FeedSettings(base_url="http://prop.invalid")
    for number, audience in enumerate(audiences.AUDIENCES):
        before = {a: feeds.itinerary_feed(store, SLUG, settings, audience=a) for a in audiences.AUDIENCES}
        hidden = [uid for uid, access in _seen(programme, audience).items() if access is not Access.FULL]
        clock.now += timedelta(minutes=1)
        for uid in hidden:
            services.update_event(store, SLUG, uid, title=f"Retitled {number} {uid}")
        for other in audiences.AUDIENCES:
            after = feeds.itinerary_feed(store, SLUG, settings, audience=other)
            # Staff's feed too: its stamp per language moves when what it shows does (issue 16), no longer with
            # every change as the private stamp does.
            moved = any(_seen(programme, other)[uid] is Access.FULL for uid in hidden)
            assert (after.etag != before[other].etag) is moved, (audience, other)
            assert (after.last_modified != before[other].last_modified) is moved, (audience, other)
