"""Connection lists: personal data about residents, kept apart from the asset directory.

The tables live in their own SQLAlchemy registry, so `create_all` for the directory never
makes them there, and by default in their own SQLite file beside the directory's: the
directory can be exported, shared or backed up without carrying anything about a resident.
Deleted rows are overwritten (`secure_delete`), so a purge removes lists for good.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import StrEnum
from typing import Any, ClassVar

from pydantic import field_validator
from sqlalchemy import JSON, Column, Engine, event, func, inspect
from sqlalchemy.exc import DatabaseError, OperationalError
from sqlalchemy.orm import registry
from sqlmodel import Field, Session, SQLModel, col, delete, select

from asset_map import validation
from asset_map.config import LISTS_ENV
from asset_map.store.db import StoreError, make_engine, use_wal
from asset_map.store.models import utcnow

LISTS_SCHEMA = "1"


class Outcome(StrEnum):
    SUGGESTED = "suggested"
    CONTACTED = "contacted"
    WENT = "went"
    STILL_GOING = "still_going"
    NOT_SUITABLE = "not_suitable"
    CLOSED = "closed"
    COULD_NOT_REACH = "could_not_reach"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()

    @property
    def means_went(self) -> bool:
        return self in {Outcome.WENT, Outcome.STILL_GOING}

    @property
    def needs_review(self) -> bool:
        """The asset may be gone: it goes to the directory's review queue."""
        return self in {Outcome.CLOSED, Outcome.COULD_NOT_REACH}


class ListsBase(SQLModel, registry=registry()):
    """Base for the lists tables: their own metadata, never created in the directory."""


class _Typed(SQLModel):
    """Text typed by a practitioner: control characters refused, as for assets."""

    @field_validator("*", mode="before")
    @classmethod
    def _clean(cls, value: Any, info: Any) -> Any:
        if isinstance(value, str):
            return validation.clean_text(value, multiline=info.field_name in {"what_matters", "note"})
        return value


class ListDetails(_Typed):
    """What the practitioner types about the list; limits stated once, here."""

    resident_ref: str = Field(min_length=1, max_length=40)
    home: str = Field(default="", max_length=60)
    what_matters: str = Field(default="", max_length=2000)
    practitioner_contact: str = Field(default="", max_length=120)


class ConnectionNote(_Typed):
    note: str = Field(default="", max_length=500)


class ConnectionList(ListsBase, table=True):
    __tablename__: ClassVar[str] = "connection_list"  # type: ignore[misc]

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    practitioner: str = Field(max_length=80, index=True)
    practitioner_contact: str = Field(default="", max_length=120)
    resident_ref: str = Field(max_length=40)
    home: str = Field(default="", max_length=60)
    what_matters: str = Field(default="", max_length=2000)
    created_at: datetime = Field(default_factory=utcnow, index=True)
    updated_at: datetime = Field(default_factory=utcnow)


class Connection(ListsBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
    list_id: uuid.UUID = Field(foreign_key="connection_list.id", index=True, ondelete="CASCADE")
    position: int
    asset_id: uuid.UUID = Field(index=True)
    asset_name: str = Field(max_length=120)  # as it was when added, should the asset go
    note: str = Field(default="", max_length=ConnectionNote.model_fields["note"].metadata[0].max_length)
    outcome: Outcome = Outcome.SUGGESTED
    outcome_on: date | None = None
    added_at: datetime = Field(default_factory=utcnow)


class Printing(ListsBase, table=True):
    """A copy given to the resident, frozen: what they were handed, whatever changes later."""

    id: int | None = Field(default=None, primary_key=True)
    list_id: uuid.UUID = Field(foreign_key="connection_list.id", index=True, ondelete="CASCADE")
    printed_at: datetime = Field(default_factory=utcnow)
    printed_by: str = Field(default="", max_length=80)
    document: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class ListsMeta(ListsBase, table=True):
    __tablename__: ClassVar[str] = "lists_meta"  # type: ignore[misc]

    key: str = Field(primary_key=True, max_length=40)
    value: str = Field(max_length=200)


def _secure_delete(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA secure_delete = ON")
    cursor.close()


def open_lists_engine(url: str) -> Engine:
    """The lists database, created on first use; a foreign file is refused, never altered."""
    engine = make_engine(url)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _secure_delete)
    try:
        with engine.begin() as conn:
            tables = set(inspect(conn).get_table_names())
            if tables and not tables & set(ListsBase.metadata.tables):
                raise StoreError(
                    f"{url} holds other tables, not connection lists; set {LISTS_ENV} to another file"
                )
            ListsBase.metadata.create_all(conn)
        use_wal(engine)
        with Session(engine) as session:
            if session.get(ListsMeta, "schema") is None:
                session.add(ListsMeta(key="schema", value=LISTS_SCHEMA))
                session.commit()
    except (DatabaseError, OperationalError) as exc:
        engine.dispose()
        raise StoreError(f"cannot open the connection lists: {getattr(exc, 'orig', exc)}") from exc
    except StoreError:
        engine.dispose()
        raise
    return engine


# ---------------------------------------------------------------- queries


def connections(session: Session, list_id: uuid.UUID) -> list[Connection]:
    return list(
        session.exec(
            select(Connection).where(Connection.list_id == list_id).order_by(col(Connection.position))
        )
    )


def all_lists(session: Session) -> list[ConnectionList]:
    return list(session.exec(select(ConnectionList).order_by(col(ConnectionList.created_at).desc())))


def connection_counts(session: Session) -> dict[uuid.UUID, int]:
    rows = session.exec(select(Connection.list_id, func.count()).group_by(col(Connection.list_id)))
    return dict(rows.all())


def renumber(session: Session, items: list[Connection]) -> None:
    for position, item in enumerate(items):
        item.position = position
        session.add(item)


def last_printing(session: Session, list_id: uuid.UUID) -> Printing | None:
    return session.exec(
        select(Printing).where(Printing.list_id == list_id).order_by(col(Printing.id).desc()).limit(1)
    ).first()


def printings(session: Session, list_id: uuid.UUID) -> list[Printing]:
    return list(session.exec(select(Printing).where(Printing.list_id == list_id).order_by(col(Printing.id))))


def outcome_counts(session: Session, asset_id: uuid.UUID) -> dict[Outcome, int]:
    rows = session.exec(
        select(Connection.outcome, func.count())
        .where(Connection.asset_id == asset_id)
        .group_by(col(Connection.outcome))
    )
    return {Outcome(outcome): count for outcome, count in rows.all()}


def delete_lists(session: Session, list_ids: list[uuid.UUID]) -> None:
    """Remove lists with everything hanging off them (explicitly, whatever the FK settings)."""
    if not list_ids:
        return
    session.exec(delete(Printing).where(col(Printing.list_id).in_(list_ids)))  # type: ignore[call-overload]
    session.exec(delete(Connection).where(col(Connection.list_id).in_(list_ids)))  # type: ignore[call-overload]
    session.exec(delete(ConnectionList).where(col(ConnectionList.id).in_(list_ids)))  # type: ignore[call-overload]


def lists_older_than(session: Session, cutoff: datetime) -> list[uuid.UUID]:
    """Lists not touched since `cutoff` (the last change, not the first, decides)."""
    return list(session.exec(select(ConnectionList.id).where(col(ConnectionList.updated_at) < cutoff)))
