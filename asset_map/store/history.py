"""Every change to an asset, written in the same transaction as the change itself.

A change row says who, when, what was done and, field by field, the old and the new value.
Any earlier version can be rebuilt by walking back from the current state through the old
values, so nothing needs a full copy per version, and entries that predate the history
still restore correctly to any version recorded since.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date, datetime
from enum import Enum
from typing import Any, ClassVar

from sqlalchemy import JSON, Column
from sqlmodel import Field, Session, SQLModel, col, select

from asset_map.store.db import insert_columns
from asset_map.store.models import LIST_FIELDS, Asset, AssetFields, table_of, utcnow
from asset_map.validation import PERSON_NAME_LENGTH

ACTION_LENGTH = 40  # what a change was, in a few words: "restored version 3"
SCALARS: tuple[str, ...] = tuple(AssetFields.model_fields)
LISTS = LIST_FIELDS
BOOKKEEPING = ("archived_at", "flagged_at", "flagged_by", "flag_reason", "merged_into")


class AssetChange(SQLModel, table=True):
    __tablename__: ClassVar[str] = "asset_change"

    id: int | None = Field(default=None, primary_key=True)
    asset_id: uuid.UUID = Field(index=True)
    version: int  # the asset's version once this change was made
    at: datetime = Field(default_factory=utcnow)
    by: str = Field(default="", max_length=PERSON_NAME_LENGTH)
    action: str = Field(max_length=ACTION_LENGTH)
    changes: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


def _plain(value: Any) -> Any:
    """A value as JSON keeps it (and as `changes` compares it)."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


def snapshot(asset: Asset) -> dict[str, Any]:
    """Everything a person can change about an asset, as plain values."""
    state = {name: _plain(getattr(asset, name)) for name in (*SCALARS, *BOOKKEEPING)}
    state |= {name: [_plain(v) for v in getattr(asset, name)] for name in LISTS}
    state["needs"] = sorted(n.id for n in asset.needs)
    state["feed_extra"] = dict(asset.feed_extra)
    state["schedule"] = [
        {"day": _plain(s.day), "start": s.start, "end": s.end, "week": s.week} for s in asset.schedule
    ]
    return state


def difference(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    return {name: [before.get(name), value] for name, value in after.items() if before.get(name) != value}


def record(session: Session, asset: Asset, *, action: str, user: str, before: dict[str, Any] | None) -> None:
    """One history row for a change just made to `asset` (before: its state beforehand)."""
    changes = difference(before, snapshot(asset)) if before is not None else {}
    session.add(
        AssetChange(asset_id=asset.id, version=asset.version, by=user, action=action, changes=changes)
    )


def record_added(session: Session, asset_ids: Iterable[uuid.UUID], *, action: str, user: str) -> None:
    """History rows for many new assets at once (bulk imports)."""
    ids = list(asset_ids)
    same = {"version": 1, "at": utcnow(), "by": user, "action": action, "changes": {}}
    columns = {"asset_id": ids} | {name: [value] * len(ids) for name, value in same.items()}
    insert_columns(session.connection(), table_of(AssetChange), columns)


def changes_of(session: Session, asset_id: uuid.UUID) -> list[AssetChange]:
    """Newest first."""
    query = select(AssetChange).where(AssetChange.asset_id == asset_id)
    return list(session.exec(query.order_by(col(AssetChange.id).desc())))


def state_at(current: dict[str, Any], newest_first: list[AssetChange], version: int) -> dict[str, Any]:
    """The asset as it was at `version`: undo, newest first, every change made after it."""
    state = dict(current)
    for change in newest_first:
        if change.version <= version:
            break
        for name, (old, _new) in change.changes.items():
            state[name] = old
    return state
