"""Each cache is guarded: switched off, a test that claims what it saves fails.

The guards run here with one cache off at a time: the answers cache (``ANSWER_CACHE``) and the event
blocks stored at write time (``STORED_BLOCKS``, or ``Store.stored_blocks``). Were a guard to pass with
its cache off, it would guard nothing.
"""

from __future__ import annotations

import pytest

from itinerary import fixtures
from tests.itinerary import test_feed_cache
from tests.web import test_feeds
from web.app import create_app


def test_304_guard_fails_without_the_answers_cache(client, app, monkeypatch):
    app.config["ANSWER_CACHE"] = False
    with pytest.raises(AssertionError, match=r"== \[\]"):
        test_feeds.test_304_does_not_rebuild_the_calendar(client, app, monkeypatch)


def test_made_up_host_guard_fails_without_stored_blocks(client, app, monkeypatch):
    app.extensions["itinerary.store"].stored_blocks = False
    with pytest.raises(AssertionError, match=r"== \[\]"):
        test_feeds.test_made_up_host_does_not_rebuild_feed(app, client, monkeypatch)


def test_stored_blocks_setting_off_stores_none_and_the_guard_fails(tmp_path, clock, monkeypatch):
    from itinerary.storage import Store

    store = Store(f"sqlite:///{tmp_path / 'off.sqlite3'}", clock=clock)
    app = create_app({"TESTING": True, "STORE": store, "SECRET_KEY": "test", "STORED_BLOCKS": False})
    fixtures.load_seed(store)
    try:
        with pytest.raises(AssertionError, match=r"== \[\]"):
            test_feeds.test_made_up_host_does_not_rebuild_feed(app, app.test_client(), monkeypatch)
    finally:
        store.dispose()


def test_cold_feed_guard_fails_without_stored_blocks(seeded, monkeypatch):
    seeded.block_domains = (test_feed_cache.SETTINGS.uid_domain,)
    seeded.stored_blocks = False
    with pytest.raises(AssertionError, match=r"== \[\]"):
        test_feed_cache.test_cold_feed_serializes_no_event(seeded, monkeypatch)


def test_page_guard_fails_without_the_answers_cache(app, app_store, monkeypatch):
    from tests.web import test_page_cache

    app.config["ANSWER_CACHE"] = False
    reader = app.test_client(use_cookies=False)
    with pytest.raises(AssertionError, match=r"== \['china-state-visit-2018'\]"):
        test_page_cache.test_a_page_asked_for_again_is_not_laid_out_again(reader, monkeypatch)


def test_kept_page_guard_fails_without_the_answers_cache(app, app_store, monkeypatch):
    from tests.web import test_page_cache

    app.config["ANSWER_CACHE"] = False
    reader = app.test_client(use_cookies=False)
    with pytest.raises(AssertionError, match=r"== \[1\]"):
        test_page_cache.test_a_page_asked_for_again_is_not_rendered_again(reader, monkeypatch)
