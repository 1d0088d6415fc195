"""The application factory: configuration, the store, blueprints and error pages."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from flask import Flask, current_app
from werkzeug.middleware.proxy_fix import ProxyFix

from itinerary import fixtures, lifecycle, services
from itinerary.cache import Answers
from itinerary.storage import Store
from itinerary.storage import blocks as stored_blocks

STORE_KEY = "itinerary.store"
ANSWERS_KEY = "itinerary.answers"


def create_app(test_config: dict | None = None) -> Flask:
    """Build the app: defaults, then ``ITINERARY_*`` environment variables, then ``test_config``."""
    app = Flask(__name__, instance_path=os.environ.get("ITINERARY_INSTANCE_PATH") or None)
    app.config.from_mapping(
        DATABASE_URL=None,
        SECRET_KEY=None,
        UID_DOMAIN="itinerary.invalid",
        FEED_TTL_SECONDS=3600,
        FEED_FRESH_SECONDS=1,  # a worker trusts a feed it checked under a second ago (its own writes show at once)
        ANSWER_CACHE=True,  # False: every feed answer made afresh (tests prove the cache matters)
        ANSWER_CACHE_SIZE=256,
        STORED_BLOCKS=True,  # False: feeds render every event on the fly (tests prove the blocks matter)
        LOAD_SEED=True,
        PUBLISH_EVERY_SAVE=False,  # True: every itinerary publishes each save at once (see itinerary.releases)
        MAX_CONTENT_LENGTH=2 * 1024 * 1024,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=None,  # None: secure unless TESTING (see README, configuration)
        SESSION_IDLE_MINUTES=120,  # an editor's session ends after this long unused…
        SESSION_MAX_HOURS=12,  # …and this long after signing in, whatever happens
        BASE_URL=None,
        TRUSTED_HOSTS=None,  # comma-separated; None: loopback only, or any host when BASE_URL is set (web/hosts.py)
        PROXIES=0,  # reverse proxies in front that set X-Forwarded-For (the README's nginx: 1)
        RECORD_FETCHES=True,  # feed health: each fetch through a subscription is recorded (web/fetches.py)
        FETCH_FLUSH_SECONDS=5,  # …written in batches by a background thread this often…
        FETCH_BATCH=500,  # …or once this many fetches wait
    )
    app.config.from_prefixed_env("ITINERARY")
    if test_config:
        app.config.update(test_config)
    _defaults_from_instance(app)
    if app.config["SESSION_COOKIE_SECURE"] is None:
        app.config["SESSION_COOKIE_SECURE"] = not app.testing

    store = app.config.get("STORE") or Store(app.config["DATABASE_URL"])
    store.create_schema()
    # Event blocks are stored for this deployment's UID domain; rendered once here if another was configured.
    store.block_domains = (app.config["UID_DOMAIN"],)
    store.stored_blocks = bool(app.config["STORED_BLOCKS"])
    store.publish_every_save = _flag(app.config["PUBLISH_EVERY_SAVE"])
    if store.stored_blocks:
        stored_blocks.fill(store)
    app.extensions[STORE_KEY] = store

    import web.lifecycle
    import web.own_audiences  # an itinerary's own audiences: editors' routes
    import web.subscriptions  # noqa: F401 (subscriptions: editors' routes, and each subscription's page)
    from web import api as json_api  # the JSON API
    from web import auth, drafts, editing, errors, feeds, filters, health, hosts, pages, readers, search, security  # noqa: F401 (drafts: routes)

    hosts.init_app(app)
    if int(app.config["PROXIES"]):
        # The client's address (sign-in throttling counts by it) is the one the proxy saw, not the proxy's own;
        # without a proxy the header is the client's to forge, so it is believed only when PROXIES says so.
        # Only X-Forwarded-For: links come from BASE_URL or the Host, and gunicorn reads the scheme itself.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=int(app.config["PROXIES"]), x_proto=0, x_host=0)
    from web import i18n, translation_forms  # noqa: F401 (translation_forms: routes of the editing blueprint)

    app.register_blueprint(health.bp)
    app.register_blueprint(feeds.bp)
    app.register_blueprint(pages.bp)
    app.register_blueprint(editing.bp)
    app.register_blueprint(readers.bp)
    app.register_blueprint(search.bp)
    app.register_blueprint(json_api.bp)
    from web import places  # people and places (editors)

    app.register_blueprint(places.bp)
    from web import releases  # after pages: it uses their lookups

    app.register_blueprint(releases.bp)
    auth.init_app(app)
    security.init_app(app)
    errors.init_app(app)
    filters.init_app(app)
    i18n.init_app(app)
    from web import words  # domain values in the page's language

    words.init_app(app)
    return app


def _flag(value) -> bool:
    """A setting's truth, whether it came as a Python value or as text from the environment (``"false"``)."""
    return value.strip().lower() in {"1", "true", "yes", "on"} if isinstance(value, str) else bool(value)


def _defaults_from_instance(app: Flask) -> None:
    """Fill the settings that default to files in the instance folder."""
    if not app.config["DATABASE_URL"] or not app.config["SECRET_KEY"]:
        Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    if not app.config["DATABASE_URL"]:
        app.config["DATABASE_URL"] = f"sqlite:///{Path(app.instance_path) / 'itinerary.sqlite3'}"
    if not app.config["SECRET_KEY"]:
        # One key for every process on this machine, kept across restarts, so
        # sessions survive them; set ITINERARY_SECRET_KEY when running several hosts.
        key_file = Path(app.instance_path) / "secret_key"
        if not key_file.exists():
            key_file.write_text(secrets.token_urlsafe(48))
            key_file.chmod(0o600)
        app.config["SECRET_KEY"] = key_file.read_text().strip()


def get_store() -> Store:
    """The store of the current app."""
    return current_app.extensions[STORE_KEY]


def get_answers() -> Answers | None:
    """The app's one cache of answers (feeds; pages may keep theirs), keyed by the stored state each shows.

    None when ``ANSWER_CACHE`` is off: every answer is then made afresh.
    """
    if not current_app.config["ANSWER_CACHE"]:
        return None
    answers = current_app.extensions.get(ANSWERS_KEY)
    if answers is None:
        answers = current_app.extensions.setdefault(
            ANSWERS_KEY,
            Answers(int(current_app.config["ANSWER_CACHE_SIZE"]), float(current_app.config["FEED_FRESH_SECONDS"])),
        )
    return answers


def seed_if_empty(app: Flask) -> list[fixtures.LoadReport]:
    """Load the seed itineraries when the database holds none (first start)."""
    store = app.extensions[STORE_KEY]
    if not app.config["LOAD_SEED"] or services.list_itineraries(store, include_restricted=True):
        return []
    if lifecycle.any_deleted(store):  # every itinerary was deleted on purpose: no first start, no seed again
        return []
    return fixtures.load_seed(store)


__all__ = ["create_app", "get_answers", "get_store", "seed_if_empty"]
