"""When an asset is on: next occurrence, "open on a day", and short human descriptions.

A slot is a weekday with start and end times, optionally limited to the nth weekday of the
month (week 1–4) or the last one (week -1), e.g. "first Tuesday of the month".
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Protocol

DAY_CODES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
ORDINALS = {1: "1st", 2: "2nd", 3: "3rd", 4: "4th", -1: "last"}
HORIZON_DAYS = 40  # far enough to reach every monthly pattern


class SlotLike(Protocol):
    @property
    def day(self) -> str: ...
    @property
    def start(self) -> str: ...
    @property
    def end(self) -> str: ...
    @property
    def week(self) -> int | None: ...


@dataclass(frozen=True)
class Occurrence:
    start: datetime
    end: datetime


def parse_day(text: str) -> int:
    """Weekday index (Mon=0) from "wed", "Wednesday", "weds", "thurs"; ValueError otherwise."""
    key = text.strip().lower().rstrip(".")
    for index, name in enumerate(DAY_NAMES):
        full = name.lower()
        bare = key.rstrip("s")  # "weds", "thurs"
        if len(key) >= 2 and (full.startswith(key) or (len(bare) >= 2 and full.startswith(bare))):
            return index
    raise ValueError(f"{text!r} is not a day of the week (mon, tue, wed, thu, fri, sat, sun)")


def _hm(text: str) -> time:
    hours, minutes = text.split(":")
    return time(int(hours), int(minutes))


def occurs_on(slot: SlotLike, day: date) -> bool:
    """True when the slot happens on this calendar date."""
    if DAY_CODES[day.weekday()] != str(slot.day):
        return False
    if slot.week is None:
        return True
    if slot.week == -1:
        return (day + timedelta(days=7)).month != day.month
    return (day.day - 1) // 7 + 1 == slot.week


def next_occurrence(slots: Iterable[SlotLike], now: datetime) -> Occurrence | None:
    """The next (or current) session at or after `now`, or None when there is no schedule."""
    best: Occurrence | None = None
    slot_list = list(slots)
    for offset in range(HORIZON_DAYS):
        day = now.date() + timedelta(days=offset)
        for slot in slot_list:
            if not occurs_on(slot, day):
                continue
            start = datetime.combine(day, _hm(slot.start))
            end = datetime.combine(day, _hm(slot.end))
            if end <= now:
                continue
            if best is None or start < best.start:
                best = Occurrence(start, end)
        if best is not None:
            return best
    return best


def is_on(slots: Iterable[SlotLike], weekday: int, at: time | None = None) -> bool:
    """Does it meet on this weekday (any week of the month), and at this time if given?"""
    for slot in slots:
        if str(slot.day) != DAY_CODES[weekday]:
            continue
        if at is None or _hm(slot.start) <= at < _hm(slot.end):
            return True
    return False


def is_on_date(slots: Iterable[SlotLike], when: datetime) -> bool:
    """Is it on at this exact moment (respecting monthly patterns)?"""
    return any(occurs_on(s, when.date()) and _hm(s.start) <= when.time() < _hm(s.end) for s in slots)


def describe_slot(slot: SlotLike) -> str:
    day = str(slot.day).capitalize()
    prefix = f"{ORDINALS[slot.week]} {day} of month" if slot.week is not None else day
    return f"{prefix} {slot.start}–{slot.end}"


def describe(
    slots: Sequence[SlotLike], note: str = "", *, clock: Callable[[str], str] | None = None, to: str = "–"
) -> str:
    """ "Mon, Wed 10:00–12:00; 1st Tue of month 14:00–16:00" plus the free-text note.

    `clock` and `to` reword the times for print ("10am to midday")."""
    grouped: dict[tuple[str, str, int | None], list[str]] = {}
    for slot in sorted(slots, key=lambda s: (DAY_CODES.index(str(s.day)), s.start)):
        grouped.setdefault((slot.start, slot.end, slot.week), []).append(str(slot.day).capitalize())
    parts = []
    for (start, end, week), days in grouped.items():
        label = ", ".join(days)
        if week is not None:
            label = f"{ORDINALS[week]} {label} of month"
        shown = (clock(start), clock(end)) if clock else (start, end)
        parts.append(f"{label} {shown[0]}{to}{shown[1]}")
    text = "; ".join(parts)
    if note:
        text = f"{text}. {note}" if text else note
    return text


def describe_next(occurrence: Occurrence | None, now: datetime) -> str:
    """ "now until 14:00", "today 12:00", "tomorrow 10:00", "Wed 3 Dec 10:00"."""
    if occurrence is None:
        return ""
    if occurrence.start <= now:
        return f"now until {occurrence.end:%H:%M}"
    days = (occurrence.start.date() - now.date()).days
    if days == 0:
        return f"today {occurrence.start:%H:%M}"
    if days == 1:
        return f"tomorrow {occurrence.start:%H:%M}"
    return f"{occurrence.start:%a} {occurrence.start.day} {occurrence.start:%b %H:%M}"


def describe_next_short(occurrence: Occurrence | None, now: datetime) -> str:
    """At most 11 characters, for a table: "now", "today 12:00", "Wed 12:00", "3 Dec"."""
    if occurrence is None:
        return ""
    if occurrence.start <= now:
        return "on now"
    days = (occurrence.start.date() - now.date()).days
    if days == 0:
        return f"today {occurrence.start:%H:%M}"
    if days < 7:
        return f"{occurrence.start:%a %H:%M}"
    return f"{occurrence.start.day} {occurrence.start:%b}"
