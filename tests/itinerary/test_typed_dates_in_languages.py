"""Dates and times typed in the page's language (issue 16): Russian and Chinese as editors write them, English
always, and never a year or a day the text did not give."""

from __future__ import annotations

from datetime import datetime

import pytest

from itinerary.dates import named_weekday, read_typed

ALL = {"year": True, "month": True, "day": True, "time": True}
NO_YEAR = {"year": False, "month": True, "day": True, "time": True}


@pytest.mark.parametrize(
    ("lang", "text", "value", "given"),
    [
        ("ru", "8 июня 2018 10:00", datetime(2018, 6, 8, 10), ALL),
        ("ru", "8 июн 2018 в 10:00", datetime(2018, 6, 8, 10), ALL),
        ("ru", "8 июня 2018 г., 10:00", datetime(2018, 6, 8, 10), ALL),
        ("ru", "8 June 2018 10:00", datetime(2018, 6, 8, 10), ALL),
        ("zh", "2018年6月8日 10:00", datetime(2018, 6, 8, 10), ALL),
        ("zh", "2018年6月8日上午10点", datetime(2018, 6, 8, 10), ALL),
        ("zh", "２０１８年６月８日　１０：００", datetime(2018, 6, 8, 10), ALL),
        ("zh", "2018-06-08 10:00", datetime(2018, 6, 8, 10), ALL),
        ("zh", "8 June 2018 10:00", datetime(2018, 6, 8, 10), ALL),
        ("en", "2018-06-08 10:00", datetime(2018, 6, 8, 10), ALL),
    ],
)
def test_read_typed_full_date_in_page_language(lang, text, value, given):
    assert read_typed(text, lang) == (value, given)


@pytest.mark.parametrize(
    ("lang", "text", "month_day_time"),
    [
        ("ru", "8 июня 10:00", (6, 8, 10, 0)),
        ("ru", "пт 8 июня 10:00", (6, 8, 10, 0)),
        ("ru", "29 февраля 10:00", (2, 29, 10, 0)),
        ("zh", "6月8日 10:00", (6, 8, 10, 0)),
        ("zh", "6月8日下午3点半", (6, 8, 15, 30)),
        ("zh", "6月8日 星期五 晚上8点15分", (6, 8, 20, 15)),
        ("zh", "六月八日十点", (6, 8, 10, 0)),
    ],
)
def test_read_typed_without_a_year_says_so_and_never_invents_one(lang, text, month_day_time):
    """The placeholder year is the caller's to replace (the year nearest the programme), never stored."""
    value, given = read_typed(text, lang)
    assert (value.month, value.day, value.hour, value.minute) == month_day_time
    assert given == NO_YEAR


@pytest.mark.parametrize(
    ("lang", "text", "given"),
    [
        ("ru", "июня 2018", {"year": True, "month": True, "day": False, "time": False}),
        ("ru", "11:30", {"year": False, "month": False, "day": False, "time": True}),
        ("zh", "下午3点", {"year": False, "month": False, "day": False, "time": True}),
        ("zh", "2018年6月8日", {"year": True, "month": True, "day": True, "time": False}),
    ],
)
def test_read_typed_missing_day_or_time_is_not_filled_in(lang, text, given):
    assert read_typed(text, lang)[1] == given


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("ru", "абв"),
        ("ru", "завтра 10:00"),  # relative to a default day: nothing to store
        ("ru", "Например, 8 июня 2018 10:00"),
        ("zh", "2月30日 10:00"),
        ("zh", "6月8日 25:00"),
        ("zh", "6月8日 10"),  # ten of what?
        ("en", "8 июня 2018 10:00"),  # Russian on an English page
    ],
)
def test_read_typed_unreadable_text_is_refused(lang, text):
    with pytest.raises(ValueError):
        read_typed(text, lang)


@pytest.mark.parametrize(
    ("lang", "text", "weekday"),
    [
        ("en", "Fri 8 June 10:00", 4),
        ("ru", "пт 8 июня 10:00", 4),
        ("ru", "понедельник, 4 июня", 0),
        ("ru", "Fri 8 June", 4),
        ("zh", "6月8日 星期五 10:00", 4),
        ("zh", "6月10日（周日）", 6),
        ("ru", "8 июня 10:00", None),
        ("zh", "6月8日 10:00", None),
    ],
)
def test_named_weekday_in_page_language(lang, text, weekday):
    assert named_weekday(text, lang) == weekday


@pytest.mark.parametrize("lang", ["en", "ru", "zh"])
@pytest.mark.parametrize("text", ["2018/6/8 10:00", "2018-6-8 10:00", "2018.6.8 10:00", "2018/06/08 10:00"])
def test_read_typed_year_first_numbers_are_year_month_day(lang, text):
    """Regression: read day-first, 2018/6/8 (how Chinese editors write dates with numbers) was 6 August."""
    assert read_typed(text, lang) == (datetime(2018, 6, 8, 10), ALL)


def test_read_typed_numeric_day_and_month_is_refused_on_a_chinese_page():
    """6/8 is 8 June to a Chinese editor and 6 August day-first: refused there, never guessed."""
    with pytest.raises(ValueError):
        read_typed("6/8 10:00", "zh")
    assert read_typed("6/8 10:00", "ru")[0].month == 8  # day-first, as Russian writes it
