"""Backups keep every language: the itinerary's own and its texts in the others."""

from __future__ import annotations

import dataclasses
import json

from itinerary import backup, feeds, ical, services, texts
from itinerary.storage import Store

SETTINGS = ical.FeedSettings(uid_domain="itinerary.test", base_url="https://itinerary.test")
SLUG = "china-state-visit-2018"


def test_backup_restores_every_language(seeded, clock):
    services.update_itinerary(seeded, "russia-china-contacts-2017-2018", language="ru")
    texts.set_languages(seeded, SLUG, "en", ["zh"])  # offers Chinese, not Russian
    data = backup.dump(seeded, SETTINGS)
    document = json.loads(data)
    assert {i["slug"]: i["language"] for i in document["itineraries"]} == {
        SLUG: "en",
        "russia-china-contacts-2017-2018": "ru",
    }
    assert {
        "kind": "venue",
        "key": "great-hall-of-the-people",
        "field": "name",
        "language": "zh",
        "text": "人民大会堂",
    } in (document["translations"])
    target = Store("sqlite://", clock=clock)
    target.create_schema()
    backup.restore(target, data)

    assert texts.all_texts(target) == texts.all_texts(seeded)
    assert services.get_itinerary(target, "russia-china-contacts-2017-2018").language == "ru"
    assert texts.offered_languages(target, SLUG) == ("en", "zh")
    assert texts.offered_languages(target, "russia-china-contacts-2017-2018") == ("ru", "en", "zh")
    for language in ("ru", "zh"):
        settings = dataclasses.replace(SETTINGS, language=language)
        restored = feeds.itinerary_feed(target, SLUG, settings, private=True).body
        assert restored == feeds.itinerary_feed(seeded, SLUG, settings, private=True).body
    assert backup.dump(target, SETTINGS) == data
    target.dispose()


def test_backup_made_before_languages_restores_in_english(store, seeded, clock):
    document = json.loads(backup.dump(seeded, SETTINGS))
    del document["translations"]
    for entry in document["itineraries"]:
        del entry["language"]
    target = Store("sqlite://", clock=clock)
    target.create_schema()
    backup.restore(target, json.dumps(document).encode())
    assert services.get_itinerary(target, SLUG).language == "en"
    assert texts.all_texts(target) == []
    target.dispose()
