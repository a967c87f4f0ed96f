"""An entry's history in words: what each change did, when, by whom — the same lines in the
app's history screen and in `asset-map history`."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from asset_map import schedule
from asset_map.store.history import AssetChange
from asset_map.validation import visible


def _shown(value: object, width: int = 60) -> str:
    """A recorded value in a few words: lists joined, schedules described, long text cut."""
    if value in (None, "", []):
        return "(empty)"
    if isinstance(value, list) and value and isinstance(value[0], dict):
        return schedule.describe([_Slot(**slot) for slot in value])
    text = ", ".join(str(v) for v in value) if isinstance(value, list) else str(value)
    if _ISO_MOMENT.match(text):
        text = when(datetime.fromisoformat(text))
    text = visible(" ".join(text.split()))  # recorded as it was written: shown escaped
    return text if len(text) <= width else text[: width - 1] + "…"


_ISO_MOMENT = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d")


def when(moment: datetime) -> str:
    """A stored moment (UTC) in the user's local time, to the minute."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return f"{aware.astimezone():%Y-%m-%d %H:%M}"


class _Slot:
    def __init__(self, day: str, start: str, end: str, week: int | None = None) -> None:
        self.day, self.start, self.end, self.week = day, start, end, week


def change_lines(change: AssetChange) -> list[str]:
    """Each field a change touched: “old” → “new”."""
    return [f"{name}: {_shown(old)} → {_shown(new)}" for name, (old, new) in sorted(change.changes.items())]


def change_json(change: AssetChange) -> dict[str, Any]:
    return {
        "version": change.version,
        "at": change.at.isoformat(timespec="seconds"),
        "by": change.by,
        "action": change.action,
        "changes": change.changes,
    }
