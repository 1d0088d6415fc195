"""The day timeline's layout: hours on instants, overlaps side by side, sessions inside their summit."""

from __future__ import annotations

from datetime import date, datetime
from fractions import Fraction

from itinerary.model import AllDay, Event, Kind, Timed
from itinerary.services import Occurrence
from itinerary.timeline import event_days, lay_out_day

SHANGHAI = "Asia/Shanghai"
BERLIN = "Europe/Berlin"


def occ(uid: str, start: datetime, end: datetime, tz: str = SHANGHAI, **fields) -> Occurrence:
    timing = Timed.of(start, end, tz, fields.pop("end_tz", None), **fields.pop("folds", {}))
    return Occurrence(Event(uid, "trip", fields.pop("title", uid), timing, **fields), timing)


def all_day(uid: str, first: date, last: date, tz: str = SHANGHAI) -> Occurrence:
    timing = AllDay(first, last, tz)
    return Occurrence(Event(uid, "trip", uid, timing, kind=Kind.SUMMIT), timing)


def placed(layout) -> dict[str, tuple]:
    return {b.event.uid: (b.top, b.slots, b.left, b.width, b.depth) for b in layout.blocks}


def test_timeline_overlapping_events_side_by_side():
    found = [
        occ("talks", datetime(2018, 6, 8, 10, 0), datetime(2018, 6, 8, 11, 0)),
        occ("press", datetime(2018, 6, 8, 10, 30), datetime(2018, 6, 8, 11, 30)),
        occ("lunch", datetime(2018, 6, 8, 12, 0), datetime(2018, 6, 8, 13, 0)),
    ]
    layout = lay_out_day(found, date(2018, 6, 8), SHANGHAI)
    half = Fraction(1, 2)
    assert placed(layout) == {
        "talks": (0, 12, Fraction(0), half, 0),
        "press": (6, 12, half, half, 0),
        "lunch": (24, 12, Fraction(0), Fraction(1), 0),  # after the overlap: the whole width again
    }
    assert [(b.column, b.columns) for b in layout.blocks] == [(1, 30), (31, 30), (1, 60)]
    assert [f"{h.at:%H:%M}" for h in layout.hours] == ["10:00", "11:00", "12:00"]
    assert [h.slot for h in layout.hours] == [0, 12, 24]
    assert layout.slots == 36


def test_timeline_three_way_overlap_and_a_chain_share_one_cluster():
    found = [
        occ("a", datetime(2018, 6, 8, 9, 0), datetime(2018, 6, 8, 12, 0)),
        occ("b", datetime(2018, 6, 8, 9, 0), datetime(2018, 6, 8, 10, 0)),
        occ("c", datetime(2018, 6, 8, 9, 30), datetime(2018, 6, 8, 10, 30)),
        occ("d", datetime(2018, 6, 8, 10, 0), datetime(2018, 6, 8, 11, 0)),  # takes b's lane once b is over
    ]
    layout = lay_out_day(found, date(2018, 6, 8), SHANGHAI)
    third = Fraction(1, 3)
    assert {uid: (left, width) for uid, (_, _, left, width, _) in placed(layout).items()} == {
        "a": (0, third),
        "b": (third, third),
        "c": (2 * third, third),
        "d": (third, third),
    }


def test_timeline_touching_events_do_not_overlap():
    found = [
        occ("signing", datetime(2018, 6, 8, 12, 15), datetime(2018, 6, 8, 12, 45)),
        occ("press", datetime(2018, 6, 8, 12, 45), datetime(2018, 6, 8, 13, 15)),
    ]
    layout = lay_out_day(found, date(2018, 6, 8), SHANGHAI)
    assert placed(layout) == {"signing": (3, 6, 0, 1, 0), "press": (9, 6, 0, 1, 0)}


def test_timeline_sessions_inside_their_timed_summit():
    found = [
        occ("summit", datetime(2018, 6, 10, 9, 0), datetime(2018, 6, 10, 13, 0), kind=Kind.SUMMIT),
        occ("narrow", datetime(2018, 6, 10, 9, 0), datetime(2018, 6, 10, 10, 45), parent="summit"),
        occ("enlarged", datetime(2018, 6, 10, 10, 30), datetime(2018, 6, 10, 13, 0), parent="summit"),
        occ("lunch", datetime(2018, 6, 10, 12, 0), datetime(2018, 6, 10, 13, 0)),
    ]
    layout = lay_out_day(found, date(2018, 6, 10), SHANGHAI)
    half, inset = Fraction(1, 2), Fraction(2, 5)
    session = half * (1 - inset)  # the summit's right part, shared by its two overlapping sessions
    assert placed(layout) == {
        "summit": (0, 48, 0, half, 0),
        "narrow": (0, 21, half * inset, session / 2, 1),
        "enlarged": (18, 30, half * inset + session / 2, session / 2, 1),
        "lunch": (36, 12, half, half, 0),
    }
    assert [b.event.uid for b in layout.blocks] == ["summit", "narrow", "enlarged", "lunch"]
    assert [b.holds for b in layout.blocks] == [True, False, False, False]


def test_timeline_all_day_summit_frames_its_sessions_and_others_stay_above():
    found = [
        all_day("summit", date(2018, 6, 9), date(2018, 6, 10)),
        all_day("festival", date(2018, 6, 10), date(2018, 6, 12)),
        occ("narrow", datetime(2018, 6, 10, 9, 0), datetime(2018, 6, 10, 10, 45), parent="summit"),
    ]
    layout = lay_out_day(found, date(2018, 6, 10), SHANGHAI)
    frame, session = layout.blocks
    assert (frame.event.uid, frame.frame, frame.top, frame.slots, frame.before, frame.after) == (
        "summit",
        True,
        0,
        24,
        True,
        False,
    )
    assert (session.event.uid, session.depth, session.left, session.width) == (
        "narrow",
        1,
        Fraction(2, 5),
        Fraction(3, 5),
    )
    assert [o.event.uid for o in layout.all_day] == ["festival"]
    # The day before, the summit has no session: it is listed above the hours, and the day shows default hours.
    before = lay_out_day(found, date(2018, 6, 9), SHANGHAI)
    assert ([o.event.uid for o in before.all_day], before.blocks) == (["summit"], ())
    assert [f"{h.at:%H}" for h in before.hours] == [f"{n:02}" for n in range(8, 18)]


def test_timeline_across_spring_dst_change_day_is_23_hours():
    # Berlin, 31 March 2024: 02:00 becomes 03:00. Talks 01:30-03:30 last one hour, not two.
    found = [
        occ("night", datetime(2024, 3, 31, 0, 0), datetime(2024, 3, 31, 1, 0), BERLIN),
        occ("talks", datetime(2024, 3, 31, 1, 30), datetime(2024, 3, 31, 3, 30), BERLIN),
        occ("late", datetime(2024, 3, 31, 23, 0), datetime(2024, 3, 31, 23, 30), BERLIN),
    ]
    layout = lay_out_day(found, date(2024, 3, 31), BERLIN)
    assert [f"{h.at:%H:%M}" for h in layout.hours][:4] == ["00:00", "01:00", "03:00", "04:00"]
    assert len(layout.hours) == 23
    assert layout.slots == 23 * 12
    assert placed(layout)["talks"] == (18, 12, 0, 1, 0)
    assert placed(layout)["late"] == (22 * 12, 6, 0, 1, 0)  # 23:00 is the 22nd hour after midnight that day


def test_timeline_across_autumn_dst_change_day_is_25_hours():
    # Berlin, 27 October 2024: 03:00 goes back to 02:00. The second 02:30 is an hour after the first.
    found = [
        occ(
            uid,
            datetime(2024, 10, 27, 2, 30),
            datetime(2024, 10, 27, 2, 45),
            BERLIN,
            folds={"start_fold": f, "end_fold": f},
        )
        for uid, f in (("first", 0), ("second", 1))
    ]
    layout = lay_out_day(found, date(2024, 10, 27), BERLIN)
    assert [(f"{h.at:%H:%M %Z}", h.slot) for h in layout.hours] == [("02:00 CEST", 0), ("02:00 CET", 12)]
    assert placed(layout) == {"first": (6, 3, 0, 1, 0), "second": (18, 3, 0, 1, 0)}  # 15 minutes each, no overlap
    whole = lay_out_day(
        [*found, occ("all", datetime(2024, 10, 27, 0, 0), datetime(2024, 10, 28, 0, 0), BERLIN)],
        date(2024, 10, 27),
        BERLIN,
    )
    assert (len(whole.hours), whole.slots) == (25, 300)


def test_timeline_event_crossing_midnight_shows_on_both_days():
    dinner = occ("dinner", datetime(2018, 6, 8, 22, 0), datetime(2018, 6, 9, 1, 30))
    first = lay_out_day([dinner], date(2018, 6, 8), SHANGHAI)
    second = lay_out_day([dinner], date(2018, 6, 9), SHANGHAI)
    (evening,), (night,) = first.blocks, second.blocks
    assert (evening.top, evening.slots, evening.before, evening.after) == (0, 24, False, True)
    assert [f"{h.at:%H:%M}" for h in first.hours] == ["22:00", "23:00"]
    assert (night.top, night.slots, night.before, night.after) == (0, 18, True, False)
    assert [f"{h.at:%H:%M}" for h in second.hours] == ["00:00", "01:00"]
    assert (f"{night.start:%d %H:%M}", f"{night.end:%d %H:%M}") == ("08 22:00", "09 01:30")  # the whole span, unclipped
    assert event_days([dinner], SHANGHAI) == [date(2018, 6, 8), date(2018, 6, 9)]


def test_timeline_event_ending_at_midnight_stays_on_its_day():
    late = occ("late", datetime(2018, 6, 8, 23, 0), datetime(2018, 6, 9, 0, 0))
    assert event_days([late], SHANGHAI) == [date(2018, 6, 8)]
    assert lay_out_day([late], date(2018, 6, 9), SHANGHAI).blocks == ()


def test_timeline_in_home_zone_for_an_event_entered_in_another():
    # A flight from Moscow entered in Moscow time: the Beijing programme shows it at Beijing's hours.
    flight = occ("flight", datetime(2018, 6, 7, 19, 0), datetime(2018, 6, 8, 6, 30), "Europe/Moscow", end_tz=SHANGHAI)
    assert event_days([flight], SHANGHAI) == [date(2018, 6, 8)]
    (block,) = lay_out_day([flight], date(2018, 6, 8), SHANGHAI).blocks
    assert (f"{block.start:%H:%M %Z}", f"{block.end:%H:%M %Z}", block.before) == ("00:00 CST", "06:30 CST", False)
    assert (block.top, block.slots) == (0, 78)  # from 00:00 Beijing (19:00 Moscow) to 06:30


def test_timeline_moment_gets_a_readable_height():
    arrival = occ("arrival", datetime(2018, 6, 8, 8, 30), datetime(2018, 6, 8, 8, 30))
    layout = lay_out_day([arrival], date(2018, 6, 8), SHANGHAI)
    assert placed(layout) == {"arrival": (6, 3, 0, 1, 0)}
    assert [f"{h.at:%H:%M}" for h in layout.hours] == ["08:00"]
    assert layout.slots == 12
