"""Our schedule slots and HSDS's iCal-style schedules, both ways.

A slot is a weekday with start and end, optionally the nth (1–4) or last (-1) one of the
month: WEEKLY + byday "TU", or MONTHLY + byday "1TU" / "-1FR". What a feed says that slots
cannot hold (fortnightly, the 15th of each month, times missing) becomes free text for the
schedule note, so nothing is lost and nothing false is stored.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any, NamedTuple

from asset_map.interop.hsds.text import as_text, clean
from asset_map.schedule import DAY_CODES, DAY_NAMES, describe_slot, parse_day
from asset_map.store.models import SlotFields

ICAL_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_BYDAY = re.compile(r"^([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)$")
_TIME = re.compile(r"^(\d{1,2}):?(\d{2})(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$")


def byday(slot: SlotFields) -> str:
    code = ICAL_DAYS[DAY_CODES.index(str(slot.day))]
    return code if slot.week is None else f"{slot.week}{code}"


def slot_to_schedule(slot: SlotFields, *, schedule_id: str, service_id: str, note: str) -> dict[str, Any]:
    """One HSDS schedule for one slot; local (UK) times, as people read them."""
    built: dict[str, Any] = {
        "id": schedule_id,
        "service_id": service_id,
        "freq": "WEEKLY" if slot.week is None else "MONTHLY",
        "interval": 1,
        "byday": byday(slot),
        "opens_at": slot.start,
        "closes_at": slot.end,
        "description": describe_slot(slot),
    }
    if note:
        built["notes"] = note
    return built


def note_schedule(note: str, *, schedule_id: str, service_id: str) -> dict[str, Any]:
    """A schedule that is only words ("By appointment"), for entries with no regular times."""
    return {"id": schedule_id, "service_id": service_id, "description": note}


class _Slot(NamedTuple):
    """A slot just read, to put in words (no model to build for that)."""

    day: str
    start: str
    end: str
    week: int | None


@dataclass
class ReadSchedule:
    slots: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def parse_time(value: Any) -> str | None:
    """ "10:00", "10:00:00", "10:00Z", "9:30+01:00", "0930" -> "HH:MM" (local time as written)."""
    text = str(value or "").strip()
    return _known_time(text) if len(text) <= SHORT else _read_time(text)


def _read_time(text: str) -> str | None:
    match = _TIME.match(text)
    if not match:
        return None
    hours, minutes = int(match.group(1)), int(match.group(2))
    if hours > 23 or minutes > 59:
        return None
    return f"{hours:02d}:{minutes:02d}"


SHORT = 40  # a time this long or shorter is remembered: a feed writes the same few again and again
_known_time = lru_cache(maxsize=4096)(_read_time)


def _days(item: dict[str, Any]) -> list[tuple[int | None, str]] | None:
    """(ordinal, day code) pairs from byday, or from a legacy `weekday`; None if unreadable."""
    raw = str(item.get("byday") or "").replace(" ", "").upper()
    if raw:
        pairs = []
        for token in raw.split(","):
            match = _BYDAY.match(token)
            if not match:
                return None
            ordinal = int(match.group(1)) if match.group(1) else None
            pairs.append((ordinal, DAY_CODES[ICAL_DAYS.index(match.group(2))]))
        return pairs
    weekday = item.get("weekday")
    if isinstance(weekday, str) and weekday.strip():
        try:
            return [(None, DAY_CODES[parse_day(weekday)])]
        except ValueError:
            return None
    return [] if weekday in (None, "") else None


def _expired(item: dict[str, Any], today: date) -> str:
    for key in ("valid_to", "until"):
        text = str(item.get(key) or "")[:10]
        try:
            if text and date.fromisoformat(text) < today:
                return text
        except ValueError:
            continue
    return ""


def _words(item: dict[str, Any], days: list[tuple[int | None, str]] | None) -> str:
    """The schedule in words when we cannot hold it as slots."""
    for key in ("description", "notes"):
        if as_text(item.get(key)).strip():
            return as_text(item[key])
    opens, closes = parse_time(item.get("opens_at")), parse_time(item.get("closes_at"))
    when = ", ".join((f"{o} " if o else "") + DAY_NAMES[DAY_CODES.index(d)] for o, d in (days or []))
    interval = item.get("interval")
    every = f"every {interval} weeks " if str(interval or "1") not in {"1", "1.0"} else ""
    monthday = f"day {item['bymonthday']} of the month " if item.get("bymonthday") else ""
    times = f"{opens or '?'}–{closes or '?'}" if opens or closes else ""
    text = " ".join(f"{every}{monthday}{when} {times}".split())
    return text[:1].upper() + text[1:]


def read_schedules(items: Iterable[Any], today: date, *, raw: bool = False) -> ReadSchedule:
    """Slots from the schedules a feed gives; everything else becomes note text.

    `raw` keeps the words of our own exports exactly; a feed's words are tidied.
    """
    out = ReadSchedule()
    for item in items:
        if not isinstance(item, dict):
            continue
        ended = _expired(item, today)
        if ended:
            out.warnings.append(f"schedule: a schedule that ended on {ended} was left out")
            continue
        if clean(item.get("notes"), raw=raw):
            out.notes.append(clean(item.get("notes"), raw=raw))
        days = _days(item)
        opens, closes = parse_time(item.get("opens_at")), parse_time(item.get("closes_at"))
        freq = str(item.get("freq") or "").upper()
        plain = (
            days
            and opens
            and closes
            and opens < closes
            and str(item.get("interval") or "1") in {"1", "1.0"}
            and not item.get("bymonthday")
            and freq in {"", "WEEKLY", "MONTHLY"}
            and all(o is None or o in (1, 2, 3, 4, -1) for o, _ in days)
            and not (freq == "MONTHLY" and any(o is None for o, _ in days))
        )
        if not plain:
            words = clean(_words(item, days), raw=raw)
            if words:
                out.notes.append(words)
            if opens and closes and opens >= closes:
                out.warnings.append(f"schedule: opens at {opens} but closes at {closes}; kept as text")
            elif days or opens or item.get("byday"):
                out.warnings.append("schedule: times that slots cannot hold were kept as text")
            continue
        built: list[dict[str, Any]] = [
            {"day": d, "start": opens, "end": closes, "week": o} for o, d in days or []
        ]
        out.slots.extend(built)
        description = clean(item.get("description"), raw=raw)
        said = {describe_slot(_Slot(**s)) for s in built}
        if description and description not in said:
            out.notes.append(description)
    out.notes = list(dict.fromkeys(out.notes))
    return out
