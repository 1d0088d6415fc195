"""Values someone typed, choices and languages inside messages (issue 16): the domain says what each is, in English
for logs and the command line, and never formats quotes per language."""

from __future__ import annotations

import pickle

import pytest

from itinerary import feeds, releases
from itinerary.drafting.accept import no_city
from itinerary.errors import Choices, InvalidInput, LanguageName, Message, Typed
from itinerary.languages import language


def test_typed_value_keeps_what_was_typed_and_quotes_it_in_english():
    typed = Typed("2018-13-45")
    message = Message("%(text)s is not a date", text=typed)
    assert (typed == "2018-13-45", str(typed), str(message)) == (True, "'2018-13-45'", "'2018-13-45' is not a date")
    assert message.params == {"text": "2018-13-45"}  # the value itself: the web interface quotes it
    assert Typed("x" * 100, 40) == "x" * 40
    assert str(Typed("it's")) == "'it's'"  # no repr: no backslashes or switched quotes


def test_typed_values_choices_and_languages_survive_pickling_in_a_message():
    message = Message(
        "%(given)s %(known)s %(language)s",
        given=Typed("xx"),
        known=Choices(("en", "ru")),
        language=LanguageName("ru", "Russian"),
    )
    again = pickle.loads(pickle.dumps(message))
    assert (str(again), again.params) == (str(message), message.params)
    assert type(again.params["given"]) is Typed
    assert str(again) == "'xx' en, ru Russian"


def test_unknown_language_is_refused_with_the_typed_value_and_the_choices():
    with pytest.raises(InvalidInput) as refused:
        language("xx")
    message = refused.value.errors["lang"]
    assert str(message) == "unknown language 'xx'; choose one of: en, ru, zh"
    assert (type(message.params["given"]), message.params["known"]) == (Typed, Choices(("en", "ru", "zh")))


def test_feed_filter_refusals_carry_typed_values():
    with pytest.raises(InvalidInput) as refused:
        feeds.FeedFilter.from_params({"kind": "party", "from": "soon", "delegation": "!!!"})
    errors = refused.value.errors
    assert {name: str(text) for name, text in errors.items()} == {
        "kind": "unknown kind 'party'; choose one of: talks, ceremony, press, travel, meal, culture, summit-session, "
        "summit, arrival, departure, meeting, call, other",
        "from": "'soon' is not a date; write YYYY-MM-DD, e.g. 2018-06-08",
        "delegation": "'!!!' is not a delegation's name; write it as in 'russia'",
    }
    assert all(isinstance(value, Typed | Choices) for message in errors.values() for value in message.params.values())


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "no city called 'Atlantis' in the gazetteer; write its English name, e.g. Qingdao"),
        (
            "ru",
            "no city called 'Atlantis' in the gazetteer; write its name in English or Russian, e.g. Qingdao or Циндао",
        ),
        (
            "zh",
            "no city called 'Atlantis' in the gazetteer; write its name in English or Chinese, e.g. Qingdao or 青岛",
        ),
    ],
)
def test_a_drafts_unknown_city_is_a_message_naming_the_languages_read(lang, expected):
    message = no_city("Atlantis", lang)
    assert (str(message), message.params) == (expected, {"city": "Atlantis"})


def test_note_message_is_a_message_for_the_services_notes_and_text_for_an_editors():
    assert isinstance(releases.note_message(releases.PUBLISHED_ON_SAVE), Message)
    assert releases.note_message("published on save") == "published on save"  # typed by an editor
    note = releases.note_message("Lunch moved to 13:00")
    assert (type(note), note) == (str, "Lunch moved to 13:00")
