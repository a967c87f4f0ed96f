"""What a database holds, checked as typed input is: a backup before it is restored, an old
database once it is upgraded.

A file can hold what the app would never accept from a person — a name with a terminal
escape in it, a verification dated 9999 — if it was written by hand, by another program, or
by a release with fewer checks. Each entry is read as plain rows (no ORM: its own load hook
escapes text for the screen, and would hide exactly what is looked for) and put through
`AssetIn`, the model every form, import and `add` goes through.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from typing import Any

from pydantic import ValidationError
from sqlalchemy import Engine, select

from asset_map import validation
from asset_map.store.models import Asset, AssetIn, AssetNeed, ScheduleSlot, table_of

MOST = 5  # problems named in a message; the count says how many there are in all


def problems(engine: Engine) -> list[str]:
    """One line per entry the app would refuse if it were typed in today: name, id, field."""
    found: list[str] = []
    with engine.connect() as conn:
        slots: dict[uuid.UUID, list[dict[str, Any]]] = defaultdict(list)
        for row in conn.execute(select(table_of(ScheduleSlot))).mappings():
            slots[row["asset_id"]].append({k: row[k] for k in ("day", "start", "end", "week")})
        needs: dict[uuid.UUID, list[str]] = defaultdict(list)
        for row in conn.execute(select(table_of(AssetNeed))).mappings():
            needs[row["asset_id"]].append(row["need_id"])
        for row in conn.execute(select(table_of(Asset))).mappings():
            problem = _problem(dict(row), slots[row["id"]], needs[row["id"]])
            if problem:
                found.append(problem)
    return found


def _problem(row: dict[str, Any], slots: list[dict[str, Any]], needs: list[str]) -> str | None:
    data = {k: v for k, v in row.items() if k in AssetIn.model_fields}
    label = f"entry {validation.visible(str(row.get('name')))!r} (id {str(row.get('id'))[:8]})"
    try:
        AssetIn.model_validate({**data, "schedule": slots, "needs": needs})
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "record"
        return f"{label}: {where}: {first['msg'].removeprefix('Value error, ')}"
    for name in ("flag_reason", "flagged_by"):  # kept beside the model's fields
        try:
            validation.clean_text(str(row.get(name) or ""))
        except ValueError as exc:
            return f"{label}: {name}: {exc}"
    return None


def summary(found: list[str]) -> str:
    """The first few problems, and how many more."""
    more = f"; and {len(found) - MOST} more" if len(found) > MOST else ""
    return "; ".join(found[:MOST]) + more
