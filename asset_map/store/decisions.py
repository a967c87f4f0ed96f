"""Decisions that two entries the queue thought alike are not the same: one row per pair.

The review queue would otherwise show the same false alarm to every volunteer, every day.
A row keeps both names as they were when decided (the queue shows the pair again once
either is renamed: the decision was about those names), who decided and when. The two
entries' histories say the same in words (`history_action`). No Textual, no I/O besides
the session.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import ClassVar

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, Session, SQLModel, select

from asset_map.store.history import ACTION_LENGTH
from asset_map.store.models import Asset, utcnow
from asset_map.validation import PERSON_NAME_LENGTH, shortened


class NotDuplicates(SQLModel, table=True):
    """Someone looked at a likely-duplicate pair and said: two different entries."""

    __tablename__: ClassVar[str] = "not_duplicates"
    __table_args__ = (UniqueConstraint("first_id", "second_id", name="uq_not_duplicates_pair"),)

    id: int | None = Field(default=None, primary_key=True)
    first_id: uuid.UUID = Field(foreign_key="asset.id", index=True, ondelete="CASCADE")
    second_id: uuid.UUID = Field(foreign_key="asset.id", index=True, ondelete="CASCADE")
    first_name: str = Field(default="", max_length=200)  # the names when decided
    second_name: str = Field(default="", max_length=200)
    decided_by: str = Field(default="", max_length=PERSON_NAME_LENGTH)
    decided_at: datetime = Field(default_factory=utcnow)


def _ordered(a: Asset, b: Asset) -> tuple[Asset, Asset]:
    """A pair is stored one way round only, whichever way it was decided."""
    return (a, b) if str(a.id) < str(b.id) else (b, a)


def _find(session: Session, first_id: uuid.UUID, second_id: uuid.UUID) -> NotDuplicates | None:
    query = select(NotDuplicates).where(
        NotDuplicates.first_id == first_id, NotDuplicates.second_id == second_id
    )
    return session.exec(query).first()


def mark(session: Session, a: Asset, b: Asset, *, user: str) -> NotDuplicates:
    """Record (or renew, with today's names) that `a` and `b` are not the same entry."""
    first, second = _ordered(a, b)
    row = _find(session, first.id, second.id) or NotDuplicates(first_id=first.id, second_id=second.id)
    row.first_name, row.second_name = first.name, second.name
    row.decided_by, row.decided_at = user, utcnow()
    session.add(row)
    return row


def forget(session: Session, a: Asset, b: Asset) -> bool:
    """Undo a decision; False when there was none."""
    first, second = _ordered(a, b)
    row = _find(session, first.id, second.id)
    if row is None:
        return False
    session.delete(row)
    return True


def decided(session: Session) -> dict[frozenset[uuid.UUID], dict[uuid.UUID, str]]:
    """Every decision: the pair of ids -> each id's name when it was decided."""
    found: dict[frozenset[uuid.UUID], dict[uuid.UUID, str]] = {}
    for row in session.exec(select(NotDuplicates)):
        found[frozenset({row.first_id, row.second_id})] = {
            row.first_id: row.first_name,
            row.second_id: row.second_name,
        }
    return found


def history_action(other_name: str, *, undone: bool = False) -> str:
    """What an entry's history says: 'not the same as “Other name”' (or, undone, 'may be the
    same as …'), the name cut to fit the column."""
    start = "may be the same as “" if undone else "not the same as “"
    return f"{start}{shortened(other_name, ACTION_LENGTH - len(start) - 1)}”"
