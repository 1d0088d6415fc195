"""Named subscriptions of an audience to an itinerary, and their feed health.

A subscription ("TASS pool", "Xinhua", "Russian delegation: Ushakov") is one person's or outlet's secret
address of one audience's view of an itinerary: a feed (``/feeds/<token>.ics``) and a read-only page
(``/view/<token>``). Each is renamed, paused or revoked on its own. Only the SHA-256 of its token is
stored, as for editors' sessions and deleted itineraries' private tokens: the addresses are shown once,
when it is issued, and a copy of the database opens no feed. A token is 256 random bits, so looking its
digest up by index tells a guesser nothing through timing; every answer that is not a working
subscription (unknown, paused, revoked) does the same reads and raises the same :class:`FeedNotFound`.

The itinerary's old single private address (its feed token) keeps working and is listed as a staff
subscription with id 0 (:data:`OLD_ADDRESS`); it is rotated and revoked as before.

Which view an audience sees goes through one function per surface (:func:`feed_for`, :func:`page_for`,
:func:`api_itinerary` and :func:`api_itineraries`), each asking :mod:`itinerary.audiences` what the
subscription's audience may see: full, busy (time, city and a label) or nothing, event by event.

Feed health: every fetch through a subscription is recorded (when, how often, the client family from the
User-Agent, the Last-Modified of the copy it got) by a :class:`FetchRecorder`, which keeps fetches in a
bounded buffer and writes them in batches from a background thread, never on the request's path.
"""

from __future__ import annotations

import atexit
import hashlib
import hmac
import logging
import os
import secrets
import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from itinerary import api, audiences, changelog, feeds, ical, own_audiences, programme, services
from itinerary.errors import FeedNotFound, InvalidInput, InvalidToken, ItineraryNotFound, NotFound
from itinerary.model import CONTROL_MESSAGE, Itinerary, has_control
from itinerary.records import Fetches, Subscription

AUDIENCES = audiences.AUDIENCES
STAFF = audiences.STAFF
MAX_NAME = 100
OLD_ADDRESS = 0  # the id the itinerary's old single private address is listed under
OLD_ADDRESS_NAME = "Private address"
FAMILIES = ("google", "microsoft", "apple", "thunderbird", "other")

log = logging.getLogger(__name__)


def token_digest(token: str) -> str:
    """The SHA-256 (hex) of a token, as it is stored."""
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class Issued:
    """A new subscription and its token: shown once, never stored."""

    subscription: Subscription
    token: str


def addresses(base_url: str, token: str) -> dict[str, str]:
    """A subscription's addresses under ``base_url``: its feed (https and webcal) and its page.

    >>> addresses("https://itinerary.example.org", "abc")["webcal"]
    'webcal://itinerary.example.org/feeds/abc.ics'
    """
    feed = f"{base_url.rstrip('/')}/feeds/{token}.ics"
    return {
        "feed": feed,
        "webcal": "webcal://" + feed.partition("://")[2],
        "page": f"{base_url.rstrip('/')}/view/{token}",
    }


def _name(name: object) -> str:
    if not isinstance(name, str) or not name.strip():
        raise InvalidInput("name", "must not be empty")
    name = name.strip()
    if len(name) > MAX_NAME:
        raise InvalidInput("name", f"must be at most {MAX_NAME} characters")
    if has_control(name):
        raise InvalidInput("name", CONTROL_MESSAGE)
    return name


def _audience(audience: object, known: tuple[str, ...] = AUDIENCES) -> str:
    if audience not in known:
        raise InvalidInput("audience", f"must be one of {', '.join(known)}")
    return audience


def issue(store, slug: str, *, audience: str, name: str) -> Issued:
    """Issue a named subscription of ``audience`` (a built-in one or the itinerary's own) to the itinerary;
    its token is in the answer only."""
    name, audience = _name(name), _audience(audience, own_audiences.names(store, slug))
    if name == OLD_ADDRESS_NAME:
        raise InvalidInput("name", f"{OLD_ADDRESS_NAME!r} names the old private address; choose another name")
    token = secrets.token_urlsafe(32)
    with store.transaction() as repo:
        found = repo.subscriptions.add(slug, name=name, audience=audience, digest=token_digest(token), now=store.now())
    return Issued(found, token)


def listed(store, slug: str) -> list[Subscription]:
    """The itinerary's subscriptions, oldest first, the old private address (when it has one) first of all."""
    with store.transaction(release=False) as repo:
        found = repo.subscriptions.list(slug)
        if repo.feed_token(slug) is not None:
            itinerary = repo.itinerary(slug)
            found.insert(0, Subscription(OLD_ADDRESS, slug, OLD_ADDRESS_NAME, STAFF, itinerary.created))
        return found


def find(store, slug: str, name_or_id: str | int) -> Subscription:
    """The itinerary's subscription with this id (digits) or this name, or NotFound naming the field."""
    for subscription in listed(store, slug):
        if str(subscription.id) == str(name_or_id).strip() or subscription.name == str(name_or_id).strip():
            return subscription
    raise NotFound(f"subscription: {slug!r} has no subscription {str(name_or_id)[:MAX_NAME]!r}")


def _stored_only(subscription_id: int, what: str) -> None:
    if subscription_id == OLD_ADDRESS:
        raise InvalidInput("subscription", f"the old private address cannot be {what}; rotate or revoke it")


def rename(store, slug: str, subscription_id: int, name: str) -> Subscription:
    """Give the subscription a new name (new among the itinerary's)."""
    _stored_only(subscription_id, "renamed")
    name = _name(name)
    with store.transaction() as repo:
        return repo.subscriptions.update(slug, subscription_id, name=name)


def pause(store, slug: str, subscription_id: int, *, paused: bool = True) -> Subscription:
    """Pause the subscription (its addresses answer 404 like an unknown one) or, with ``paused=False``, resume it."""
    _stored_only(subscription_id, "paused")
    with store.transaction() as repo:
        return repo.subscriptions.update(slug, subscription_id, paused=paused)


def revoke(store, slug: str, subscription_id: int) -> None:
    """Revoke the subscription for good; every other keeps working."""
    if subscription_id == OLD_ADDRESS:
        services.revoke_feed_token(store, slug)
        return
    with store.transaction() as repo:
        repo.subscriptions.delete(slug, subscription_id)


def by_token(store, token: str) -> Subscription:
    """The working subscription behind ``token``, or :class:`FeedNotFound` (unknown, paused, revoked alike).

    Both lookups are made whatever the first finds, so a paused subscription costs what an unknown token does.
    """
    if not isinstance(token, str) or not 32 <= len(token) <= 128:
        raise FeedNotFound()
    with store.transaction() as repo:  # one transaction: a poll's only reads besides the feed's own
        found = repo.subscriptions.by_digest(token_digest(token))
        old = None
        for slug, stored in repo.feed_tokens():  # every one compared in constant time, as services does
            if hmac.compare_digest(stored.encode(), token.encode()):
                old = slug
        if found is not None and not found.paused:
            return found
        if old is not None:
            return Subscription(OLD_ADDRESS, old, OLD_ADDRESS_NAME, STAFF, repo.itinerary(old).created)
    raise FeedNotFound()


def bearer(store, token: str | None) -> Subscription | None:
    """The working subscription a bearer token of the JSON API belongs to; None for no token or another kind.

    The old private address is left to the API's own check (``itinerary.api.opened_by``), as before.
    """
    if token is None:
        return None
    try:
        found = by_token(store, token)
    except FeedNotFound:
        return None
    return None if found.id == OLD_ADDRESS else found


def _private(subscription: Subscription) -> bool:
    return subscription.audience == STAFF


def feed_for(store, subscription: Subscription, settings: ical.FeedSettings, *, cache=None) -> feeds.RenderedFeed:
    """The feed the subscription's audience sees (the one place that says which view that is)."""
    return feeds.itinerary_feed(store, subscription.slug, settings, audience=subscription.audience, cache=cache)


def page_for(store, subscription: Subscription) -> tuple[Itinerary, list[programme.Day]]:
    """The itinerary and its programme day by day as the subscription's audience sees them."""
    itinerary = services.get_itinerary(store, subscription.slug)
    if not audiences.itinerary_visible(itinerary.visibility, subscription.audience):
        raise ItineraryNotFound(subscription.slug)
    found = services.list_occurrences(store, subscription.slug, audience=subscription.audience)
    return itinerary, programme.days(found, itinerary.timezone)


def api_itinerary(store, slug: str, subscription: Subscription, *, base_url: str, feed_filter=None, cache=None):
    """The JSON API's itinerary as the subscription's audience sees it; another itinerary's token is refused."""
    if slug != subscription.slug:
        raise InvalidToken()
    return api.itinerary(
        store,
        slug,
        token=None,
        base_url=base_url,
        feed_filter=feed_filter,
        audience=subscription.audience,
        cache=cache,
    )


def api_itineraries(store, subscription: Subscription, *, base_url: str):
    """The JSON API's list of itineraries as the subscription's audience sees it."""
    opened = subscription.slug if _private(subscription) else None
    found = api._visible_itineraries(store, opened)
    stamps = [api._stamp(i, i.slug == opened) for i in found]
    model = api.ItineraryList(itineraries=[api._summary(i, i.slug == opened, base_url) for i in found])
    return api._answer(model, max((s for s in stamps if s is not None), default=None))


# Feed health


def client_family(user_agent: str | None) -> str:
    """The family of calendar client a User-Agent names: google, microsoft, apple, thunderbird or other.

    >>> client_family("Google-Calendar-Importer")
    'google'
    >>> client_family("macOS/14.5 (23F79) CalendarAgent/988.5.1")
    'apple'
    >>> client_family("Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Thunderbird/128.3.0")
    'thunderbird'
    """
    found = (user_agent or "").lower()
    if "thunderbird" in found or "lightning/" in found:  # before the others: it says Mozilla and Gecko too
        return "thunderbird"
    if "google" in found:
        return "google"
    if any(word in found for word in ("microsoft", "outlook", "exchange", "ms-office", "msoffice")):
        return "microsoft"
    if any(word in found for word in ("calendaragent", "dataaccessd", "accountsd", "ical/", "remindd")):
        return "apple"
    return "other"


class FetchRecorder:
    """Fetches kept in a bounded in-process buffer and written in batches off the request's path.

    :meth:`record` only adds to the buffer (one lock, one dict entry per subscription and family); a
    background thread writes it every ``every`` seconds, or sooner once ``batch`` fetches wait, and
    :meth:`close` (at exit) writes what is left. A crash loses at most the fetches not yet written: one
    batch. While the buffer holds ``limit`` entries, fetches of new entries are counted as dropped.
    """

    def __init__(self, store, *, every: float = 5.0, batch: int = 500, limit: int = 10_000, at_exit: bool = True):
        self.store = store
        self.every, self.batch, self.limit = every, batch, limit
        self.dropped = 0
        self._pending: dict[tuple[int, str], Fetches] = {}
        self._waiting = 0
        self._lock = threading.Lock()
        self._write_lock = threading.Lock()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._pid = 0
        if at_exit:
            atexit.register(self.close)

    def record(self, subscription_id: int, family: str, at: datetime, copy_changed: datetime) -> None:
        """Note one fetch of the subscription by a client of ``family`` at ``at`` that got the copy ``copy_changed``."""
        key = (subscription_id, family)
        new = Fetches(subscription_id, family, 1, at, at, copy_changed)
        with self._lock:
            old = self._pending.get(key)
            if old is None and len(self._pending) >= self.limit:
                self.dropped += 1
                return
            self._pending[key] = new if old is None else old.merged(new)
            self._waiting += 1
            full = self._waiting >= self.batch
        if self._pid != os.getpid():
            self._start()
        if full:
            self._wake.set()

    def pending(self) -> int:
        """How many fetches wait to be written."""
        return self._waiting

    def flush(self) -> int:
        """Write what waits, in one transaction; how many fetches were written. A batch that fails is dropped."""
        with self._write_lock:
            with self._lock:
                batch, self._pending, waiting, self._waiting = list(self._pending.values()), {}, self._waiting, 0
            if not batch:
                return 0
            try:
                with self.store.transaction() as repo:
                    repo.subscriptions.record(batch)
            except Exception as error:
                log.warning("feed health: a batch of %d fetches was not written: %s", waiting, type(error).__name__)
                return 0
            return waiting

    def close(self) -> None:
        """Stop the thread and write what is left (at exit). Closed, it is no longer kept for the exit, nor its
        store with it."""
        atexit.unregister(self.close)
        self._stop.set()
        self._wake.set()
        thread = self._thread
        if thread is not None and thread.is_alive() and thread is not threading.current_thread():
            thread.join(timeout=self.every + 5)
        if self._waiting:
            self.flush()

    def _start(self) -> None:
        with self._lock:
            if self._pid == os.getpid():
                return
            self._pid = os.getpid()  # a forked worker starts its own thread
            self._stop.clear()
            self._thread = threading.Thread(target=self._run, name="feed-health", daemon=True)
            self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            self._wake.wait(self.every)
            self._wake.clear()
            if self._stop.is_set():
                return
            self.flush()


@dataclass(frozen=True, slots=True)
class Health:
    """One subscription as the editors' page lists it.

    ``state`` is "latest" (fetched since the last release), "behind" (last fetched before it) or "never".
    """

    subscription: Subscription
    state: str
    fetches: int = 0
    last: datetime | None = None
    families: dict[str, int] = field(default_factory=dict)


def health(store, slug: str) -> tuple[list[Health], dict[str, int]]:
    """Every subscription of the itinerary with its feed health, and how many there are per audience."""
    subscriptions = listed(store, slug)
    with store.transaction() as repo:
        record = repo.subscriptions.fetches(slug)
    versions = changelog.versions(store, slug)
    released = versions[-1].at if versions else None
    by_id: dict[int, list[Fetches]] = {}
    for fetches in record:
        by_id.setdefault(fetches.subscription_id, []).append(fetches)
    found = []
    for subscription in subscriptions:
        mine = by_id.get(subscription.id, [])
        if not mine:
            found.append(Health(subscription, "never"))
            continue
        last = max(f.last for f in mine)
        state = "latest" if released is None or last >= released else "behind"
        families = {f.family: f.count for f in sorted(mine, key=lambda f: FAMILIES.index(f.family))}
        found.append(Health(subscription, state, sum(f.count for f in mine), last, families))
    known = AUDIENCES + tuple(sorted({s.audience for s in subscriptions} - set(AUDIENCES)))  # its own audiences too
    counts = {audience: sum(1 for s in subscriptions if s.audience == audience) for audience in known}
    return found, counts


def ago(then: datetime, now: datetime) -> tuple[int, str]:
    """How long ago ``then`` was, as a number and a unit ("min", "h", "d"), rounded down.

    >>> from datetime import UTC
    >>> ago(datetime(2018, 6, 8, 4, tzinfo=UTC), datetime(2018, 6, 8, 9, 30, tzinfo=UTC))
    (5, 'h')
    """
    seconds = max(0, int((now - then) / timedelta(seconds=1)))
    if seconds < 3600:
        return seconds // 60, "min"
    if seconds < 86400:
        return seconds // 3600, "h"
    return seconds // 86400, "d"
