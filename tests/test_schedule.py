"""When an asset is on: weekly and monthly slots, the next session, and short descriptions.

The clock is fixed at Monday 23 November 2026, 09:30. In November 2026 the Tuesdays are the
3rd, 10th, 17th and 24th and the last Friday is the 27th; 1 December 2026 is a Tuesday.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest

from asset_map import schedule
from asset_map.schedule import Occurrence
from asset_map.search.index import Slot
from tests.conftest import FIXED_NOW

MON, TUE, WED, THU, FRI, SAT, SUN = range(7)


def at(day: int, hh: int, mm: int = 0, month: int = 11) -> datetime:
    return datetime(2026, month, day, hh, mm)


# ---------------------------------------------------------------- days


@pytest.mark.parametrize(
    ("typed", "index"),
    [
        ("mon", MON),
        ("Monday", MON),
        ("tue", TUE),
        ("tues", TUE),
        ("Tu", TUE),
        ("wed", WED),
        ("weds", WED),
        ("WEDNESDAY", WED),
        ("wednesdays", WED),
        ("thu", THU),
        ("thurs", THU),
        ("th", THU),
        ("fri.", FRI),
        ("sat", SAT),
        ("sa", SAT),
        ("sun", SUN),
        ("Sundays", SUN),
    ],
)
def test_parse_day(typed: str, index: int) -> None:
    assert schedule.parse_day(typed) == index


@pytest.mark.parametrize("typed", ["", "m", "t", "x", "someday", "wednes day", "12"])
def test_parse_day_refuses_non_days(typed: str) -> None:
    with pytest.raises(ValueError, match="not a day of the week"):
        schedule.parse_day(typed)


@pytest.mark.parametrize("typed", ["ss", "sss"])
def test_parse_day_refuses_only_s(typed: str) -> None:
    with pytest.raises(ValueError):
        schedule.parse_day(typed)


# ---------------------------------------------------------------- which dates


def test_weekly_slot_occurs_every_week_on_its_day() -> None:
    slot = Slot("wed", "12:00", "14:00")
    assert schedule.occurs_on(slot, date(2026, 11, 25))
    assert schedule.occurs_on(slot, date(2026, 12, 2))
    assert not schedule.occurs_on(slot, date(2026, 11, 24))


@pytest.mark.parametrize(
    ("week", "yes", "no"),
    [
        (1, [date(2026, 11, 3), date(2026, 12, 1)], [date(2026, 11, 10), date(2026, 11, 24)]),
        (2, [date(2026, 11, 10)], [date(2026, 11, 3), date(2026, 11, 17)]),
        (4, [date(2026, 11, 24)], [date(2026, 11, 17), date(2026, 12, 1)]),
        (-1, [date(2026, 11, 24), date(2026, 12, 29)], [date(2026, 11, 17), date(2026, 12, 22)]),
    ],
)
def test_monthly_slots(week: int, yes: list[date], no: list[date]) -> None:
    slot = Slot("tue", "10:00", "12:00", week)
    for day in yes:
        assert schedule.occurs_on(slot, day), day
    for day in no:
        assert not schedule.occurs_on(slot, day), day


# ---------------------------------------------------------------- next occurrence


def test_next_occurrence_later_this_week() -> None:
    nxt = schedule.next_occurrence([Slot("wed", "12:00", "14:00")], FIXED_NOW)
    assert nxt == Occurrence(at(25, 12), at(25, 14))


def test_next_occurrence_is_the_current_session_when_on_now() -> None:
    nxt = schedule.next_occurrence([Slot("mon", "09:00", "11:00")], FIXED_NOW)
    assert nxt == Occurrence(at(23, 9), at(23, 11))


def test_next_occurrence_skips_a_session_that_has_ended() -> None:
    nxt = schedule.next_occurrence([Slot("mon", "08:00", "09:30")], FIXED_NOW)
    assert nxt == Occurrence(at(30, 8), at(30, 9, 30))


def test_next_occurrence_at_the_exact_start_is_now() -> None:
    nxt = schedule.next_occurrence([Slot("mon", "09:30", "10:00")], FIXED_NOW)
    assert nxt is not None and nxt.start == FIXED_NOW


def test_next_occurrence_picks_the_earliest_of_several_slots() -> None:
    slots = [Slot("fri", "10:00", "11:00"), Slot("tue", "18:00", "19:00"), Slot("tue", "14:00", "15:00")]
    nxt = schedule.next_occurrence(slots, FIXED_NOW)
    assert nxt == Occurrence(at(24, 14), at(24, 15))


def test_next_occurrence_of_monthly_patterns() -> None:
    first_tuesday = schedule.next_occurrence([Slot("tue", "10:00", "12:00", 1)], FIXED_NOW)
    assert first_tuesday is not None and first_tuesday.start == at(1, 10, month=12)
    last_friday = schedule.next_occurrence([Slot("fri", "19:00", "21:00", -1)], FIXED_NOW)
    assert last_friday is not None and last_friday.start == at(27, 19)
    # the 2nd Wednesday of November (the 11th) has passed: the next is 9 December
    second_wed = schedule.next_occurrence([Slot("wed", "10:00", "11:00", 2)], FIXED_NOW)
    assert second_wed is not None and second_wed.start == at(9, 10, month=12)


def test_every_monthly_pattern_is_found_from_any_day() -> None:
    start = datetime(2026, 1, 1, 0, 0)
    for offset in range(0, 400, 3):
        now = start + timedelta(days=offset)
        for week in (1, 2, 3, 4, -1):
            for day in schedule.DAY_CODES:
                nxt = schedule.next_occurrence([Slot(day, "10:00", "11:00", week)], now)
                assert nxt is not None, (now, day, week)
                assert nxt.start >= now - timedelta(hours=1)
                assert schedule.occurs_on(Slot(day, "10:00", "11:00", week), nxt.start.date())


def test_no_schedule_has_no_next_occurrence() -> None:
    assert schedule.next_occurrence([], FIXED_NOW) is None


# ---------------------------------------------------------------- on a day, at a time


def test_is_on_a_weekday_and_time() -> None:
    slots = [Slot("wed", "12:00", "14:00")]
    assert schedule.is_on(slots, WED)
    assert not schedule.is_on(slots, THU)
    assert schedule.is_on(slots, WED, time(12, 0))  # the start is inclusive
    assert schedule.is_on(slots, WED, time(13, 59))
    assert not schedule.is_on(slots, WED, time(14, 0))  # the end is exclusive
    assert not schedule.is_on(slots, WED, time(11, 59))
    assert not schedule.is_on([], WED)


def test_is_on_a_weekday_counts_monthly_slots() -> None:
    """A weekday (not a date) is asked: a monthly Tuesday group does meet on Tuesdays."""
    assert schedule.is_on([Slot("tue", "10:00", "12:00", 1)], TUE, time(10, 30))


def test_is_on_date_respects_monthly_patterns() -> None:
    slots = [Slot("tue", "10:00", "12:00", 1)]
    assert schedule.is_on_date(slots, at(3, 10, 30))
    assert not schedule.is_on_date(slots, at(10, 10, 30))
    assert not schedule.is_on_date(slots, at(3, 12, 0))


# ---------------------------------------------------------------- descriptions


def test_describe_groups_days_with_the_same_times() -> None:
    slots = [
        Slot("wed", "10:00", "12:00"),
        Slot("tue", "14:00", "16:00", 1),
        Slot("mon", "10:00", "12:00"),
    ]
    assert schedule.describe(slots) == "Mon, Wed 10:00–12:00; 1st Tue of month 14:00–16:00"


def test_describe_with_a_note() -> None:
    assert schedule.describe([Slot("fri", "19:00", "21:00", -1)], "Bring a mug") == (
        "last Fri of month 19:00–21:00. Bring a mug"
    )
    assert schedule.describe([], "By appointment") == "By appointment"
    assert schedule.describe([]) == ""


def test_describe_slot() -> None:
    assert schedule.describe_slot(Slot("thu", "09:00", "10:30")) == "Thu 09:00–10:30"
    assert schedule.describe_slot(Slot("thu", "09:00", "10:30", 3)) == "3rd Thu of month 09:00–10:30"


@pytest.mark.parametrize(
    ("occurrence", "text", "short"),
    [
        (None, "", ""),
        (Occurrence(at(23, 9), at(23, 11)), "now until 11:00", "on now"),
        (Occurrence(at(23, 12), at(23, 14)), "today 12:00", "today 12:00"),
        (Occurrence(at(24, 10), at(24, 12)), "tomorrow 10:00", "Tue 10:00"),
        (Occurrence(at(25, 12), at(25, 14)), "Wed 25 Nov 12:00", "Wed 12:00"),
        (Occurrence(at(3, 10, month=12), at(3, 11, month=12)), "Thu 3 Dec 10:00", "3 Dec"),
    ],
)
def test_describe_next(occurrence: Occurrence | None, text: str, short: str) -> None:
    assert schedule.describe_next(occurrence, FIXED_NOW) == text
    assert schedule.describe_next_short(occurrence, FIXED_NOW) == short
    assert len(schedule.describe_next_short(occurrence, FIXED_NOW)) <= 11
