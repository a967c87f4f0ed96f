"""Connection lists: personal data about residents, kept apart from the asset directory.

The tables live in their own SQLAlchemy registry, so `create_all` for the directory never
makes them there, and by default in their own SQLite file beside the directory's: the
directory can be exported, shared or backed up without carrying anything about a resident.
The file and SQLite's own files beside it are private to the user (0600). Deleted rows are
overwritten (`secure_delete`), temporary tables stay in memory, and a purge empties the WAL,
so a purge removes lists for good.
"""

from __future__ import annotations

import hashlib
import os
import socket
import uuid
from contextlib import suppress
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any, ClassVar

from pydantic import field_validator
from sqlalchemy import JSON, Column, Engine, UniqueConstraint, event, func, inspect, text
from sqlalchemy import Connection as DbConnection
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import DatabaseError, DBAPIError, OperationalError
from sqlalchemy.orm import registry
from sqlmodel import Field, Session, SQLModel, col, delete, select

from asset_map import validation
from asset_map.config import LISTS_ENV, make_private
from asset_map.store import repo
from asset_map.store.db import (
    BUSY_TIMEOUT_MS,
    StoreError,
    explain,
    make_engine,
    sqlite_path,
    transaction,
    use_wal,
)
from asset_map.store.models import AssetFields, table_of, utcnow
from asset_map.validation import PERSON_NAME_LENGTH, max_length

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


ASSET_NAME_LENGTH = max_length(AssetFields, "name")


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


class ConnectionList(ListsBase, ListDetails, table=True):
    """A list as stored: the details as `ListDetails` states them, and whose it is."""

    __tablename__: ClassVar[str] = "connection_list"

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    practitioner: str = Field(max_length=PERSON_NAME_LENGTH, index=True)
    created_at: datetime = Field(default_factory=utcnow, index=True)
    updated_at: datetime = Field(default_factory=utcnow)
    # on a team's server: the team (a PostgreSQL role) the list is shared with, "" for nobody
    team: str = Field(default="", max_length=63)


class Connection(ListsBase, ConnectionNote, table=True):
    id: int | None = Field(default=None, primary_key=True)
    list_id: uuid.UUID = Field(foreign_key="connection_list.id", index=True, ondelete="CASCADE")
    position: int
    asset_id: uuid.UUID = Field(index=True)
    asset_name: str = Field(max_length=ASSET_NAME_LENGTH)  # as it was when added, should the asset go
    outcome: Outcome = Outcome.SUGGESTED
    outcome_on: date | None = None
    added_at: datetime = Field(default_factory=utcnow)


class Printing(ListsBase, table=True):
    """A copy given to the resident, frozen: what they were handed, whatever changes later."""

    id: int | None = Field(default=None, primary_key=True)
    list_id: uuid.UUID = Field(foreign_key="connection_list.id", index=True, ondelete="CASCADE")
    printed_at: datetime = Field(default_factory=utcnow)
    printed_by: str = Field(default="", max_length=PERSON_NAME_LENGTH)
    document: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class UnmetSearch(ListsBase, table=True):
    """How many searches near a place for a need found nothing, a month at a time: counts
    only (never the words typed, never who searched), for the gaps matrix's "asked for"."""

    __tablename__: ClassVar[str] = "unmet_search"
    __table_args__ = (UniqueConstraint("month", "place_keys", "need"),)

    id: int | None = Field(default=None, primary_key=True)
    month: str = Field(max_length=7)  # "2026-12"
    place_keys: str = Field(max_length=2000)  # the place's keys (places/coverage.py), one a line
    need: str = Field(max_length=40)
    count: int = 0


class ListsMeta(ListsBase, table=True):
    __tablename__: ClassVar[str] = "lists_meta"

    key: str = Field(primary_key=True, max_length=40)
    value: str = Field(max_length=200)


def _private_pragmas(dbapi_connection: Any, _record: Any) -> None:
    """Deleted text is overwritten with zeros, and sorting or VACUUM never spill the lists
    into a temporary file on disk (the lists are small)."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA secure_delete = ON")
    cursor.execute("PRAGMA temp_store = MEMORY")
    cursor.close()


# SQLite's own files beside the database: they hold the same data while it is in use.
SIDE_FILES = ("-wal", "-shm", "-journal")


def lists_files(path: Path) -> list[Path]:
    """The lists file and SQLite's files beside it."""
    return [path, *(path.with_name(path.name + side) for side in SIDE_FILES)]


@dataclass(frozen=True)
class OpenedLists:
    """The lists database, and what opening it found (for what the user is told)."""

    engine: Engine
    path: Path | None  # None: not a file of its own (memory, or a database server)
    created: bool = False  # there was no file: an empty one was made now
    tightened: tuple[Path, ...] = ()  # were readable by other users, are private now
    not_private: tuple[str, ...] = ()  # could not be made private, and why


def _create_private_file(path: Path) -> None:
    """An empty file that only its owner can read, made before SQLite opens it: SQLite gives
    its WAL, shared-memory and journal files the database file's own mode."""
    if not path.parent.exists():
        path.parent.mkdir(parents=True, mode=0o700)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    os.close(os.open(path, flags, 0o600))


def _tighten(path: Path) -> tuple[list[Path], list[str]]:
    tightened: list[Path] = []
    failed: list[str] = []
    for file in lists_files(path):
        try:
            if make_private(file):
                tightened.append(file)
        except OSError as exc:
            failed.append(f"{file}: {exc.strerror or exc}")
    return tightened, failed


def open_lists(url: str) -> OpenedLists:
    """The lists database, created (private) on first use; a foreign file is refused, never
    altered; an existing file readable by others is made private."""
    path = sqlite_path(url)
    created = False
    tightened: list[Path] = []
    failed: list[str] = []
    if path is not None:
        try:
            if not path.exists():
                _create_private_file(path)
                created = True
        except FileExistsError:
            pass  # made by another process a moment ago
        except OSError as exc:
            reason = exc.strerror or exc
            raise StoreError(f"cannot create the connection lists file {path}: {reason}") from exc
    engine = open_lists_engine(url)
    if path is not None:  # only once it is known to be ours: a foreign file is never altered
        tightened, failed = _tighten(path)
    return OpenedLists(engine, path, created, tuple(tightened), tuple(failed))


def open_lists_tables(conn: DbConnection) -> None:
    """The lists' tables, made when missing, brought up to date when older."""
    ListsBase.metadata.create_all(conn)
    _add_team_column(conn)


def _add_team_column(conn: DbConnection) -> None:
    """Lists made before lists could be shared with a team: the column, empty (nobody)."""
    columns = {c["name"] for c in inspect(conn).get_columns("connection_list")}
    if "team" not in columns:
        conn.execute(text("ALTER TABLE connection_list ADD COLUMN team VARCHAR(63) NOT NULL DEFAULT ''"))


def lists_on_server(engine: Engine) -> bool:
    """Whether a team's server keeps its people's lists (its owner chose so: docs/server.md)."""
    if engine.dialect.name != "postgresql":
        return False
    with engine.connect() as conn:
        return "connection_list" in inspect(conn).get_table_names()


def open_lists_engine(url: str) -> Engine:
    """The lists database, created on first use; a foreign file is refused, never altered."""
    engine = make_engine(url)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _private_pragmas)
    try:
        with engine.begin() as conn:
            tables = set(inspect(conn).get_table_names())
            if tables and not tables & set(ListsBase.metadata.tables) and engine.dialect.name == "sqlite":
                raise StoreError(
                    f"{url} holds other tables, not connection lists; set {LISTS_ENV} to another file"
                )
            # on a server only its owner makes tables (`server init`): a newer table missing
            # there (unmet_search) leaves just what needs it unavailable
            wanted = set(ListsBase.metadata.tables) - {UnmetSearch.__tablename__}
            if not wanted <= tables or engine.dialect.name == "sqlite":
                open_lists_tables(conn)
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


# ---------------------------------------------------------------- wiping

WIPE_WAIT_MS = 500  # how long a purge waits for another reader before saying it could not wipe
WIPE_PENDING = "wipe_pending"


def wipe(engine: Engine, *, compact: bool = True) -> bool:
    """Leave no deleted text in the lists file or its WAL; False when another connection is
    reading and holds the WAL (its text is then wiped once that reader is done).

    `secure_delete` has already zeroed what was deleted, but in WAL mode the new pages sit in
    the WAL while the main file (and older WAL frames) still hold the old text, until a
    checkpoint copies them back and TRUNCATE empties the WAL. VACUUM rewrites the file
    compactly; it is not needed for the wipe, so a busy VACUUM is left for the next purge.
    """
    if sqlite_path(engine.url.render_as_string(hide_password=False)) is None:
        return True  # memory or a server: no file to leave traces in
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql(f"PRAGMA busy_timeout = {WIPE_WAIT_MS}")
            try:
                if compact:
                    with suppress(OperationalError):  # another writer: zeroed already, compacted next time
                        conn.exec_driver_sql("VACUUM")
                busy, _log, _done = conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").one()
            finally:
                conn.exec_driver_sql(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    except DBAPIError as exc:
        raise StoreError(explain(exc)) from exc
    return not busy


def wipe_pending(engine: Engine) -> bool:
    """A purge could not wipe its trace yet (another reader held the WAL)."""
    with transaction(engine) as session:
        return session.get(ListsMeta, WIPE_PENDING) is not None


def set_wipe_pending(engine: Engine, pending: bool, *, since: datetime | None = None) -> None:
    with transaction(engine) as session:
        row = session.get(ListsMeta, WIPE_PENDING)
        if pending and row is None:
            session.add(ListsMeta(key=WIPE_PENDING, value=(since or utcnow()).isoformat()))
        elif not pending and row is not None:
            session.delete(row)


# ---------------------------------------------------------------- a lists file that vanished


def _marker_key(path: Path) -> str:
    """One key per lists file per computer (a shared directory database serves many)."""
    where = f"{socket.gethostname()}\0{path.resolve()}"
    return "lists_file_" + hashlib.sha256(where.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def lists_file_seen_on(directory: Engine, path: Path) -> str | None:
    """When the directory first saw this lists file holding lists (an ISO date), if it did.

    Kept in the directory's meta table, not beside the lists, so that a deleted lists file is
    noticed instead of being silently started again empty."""
    with transaction(directory) as session:
        value = repo.get_meta(session, _marker_key(path))
    return value.split("\t", 1)[0] if value else None


def remember_lists_file(directory: Engine, path: Path, on: date) -> None:
    """Remember that this lists file exists and holds lists; a read-only directory is fine."""
    try:
        with transaction(directory) as session:
            key = _marker_key(path)
            if repo.get_meta(session, key) is None:
                repo.set_meta(session, key, f"{on.isoformat()}\t{str(path)[-180:]}")
    except StoreError:
        pass  # a read-only directory: the lists work, only the warning is lost


def count_lists(session: Session) -> int:
    return session.exec(select(func.count()).select_from(ConnectionList)).one()


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
    session.exec(delete(Printing).where(col(Printing.list_id).in_(list_ids)))
    session.exec(delete(Connection).where(col(Connection.list_id).in_(list_ids)))
    session.exec(delete(ConnectionList).where(col(ConnectionList.id).in_(list_ids)))


def lists_older_than(session: Session, cutoff: datetime) -> list[uuid.UUID]:
    """Lists not touched since `cutoff` (the last change, not the first, decides)."""
    return list(session.exec(select(ConnectionList.id).where(col(ConnectionList.updated_at) < cutoff)))


# ---------------------------------------------------------------- what was asked for


def count_unmet_search(session: Session, month: str, place_keys: frozenset[str], need: str) -> None:
    """One more search near the place for the need that found nothing: one statement that adds
    the row or counts it up, so two computers counting at once both count."""
    keys = "\n".join(sorted(place_keys))
    dialect = session.get_bind().dialect.name
    insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
    table = table_of(UnmetSearch)
    statement = insert(table).values(month=month, place_keys=keys, need=need, count=1)
    statement = statement.on_conflict_do_update(
        index_elements=["month", "place_keys", "need"], set_={"count": table.c["count"] + 1}
    )
    session.execute(statement)


def counts_searches(session: Session) -> bool:
    """Whether these lists have the table of fruitless searches (a server's owner made it)."""
    return bool(inspect(session.connection()).has_table(UnmetSearch.__tablename__))


def unmet_searches(session: Session) -> list[tuple[frozenset[str], str, int]]:
    """(place keys, need, count) over every month."""
    rows = session.exec(
        select(UnmetSearch.place_keys, UnmetSearch.need, func.sum(UnmetSearch.count)).group_by(
            col(UnmetSearch.place_keys), col(UnmetSearch.need)
        )
    )
    return [(frozenset(keys.split("\n")), need, int(count)) for keys, need, count in rows.all()]


def list_outcomes(session: Session) -> list[tuple[uuid.UUID, str, uuid.UUID, Outcome]]:
    """(list, its home, asset, outcome) of every connection of the lists one can see."""
    rows = session.exec(
        select(ConnectionList.id, ConnectionList.home, Connection.asset_id, Connection.outcome).join(
            Connection, col(Connection.list_id) == col(ConnectionList.id)
        )
    )
    return [(list_id, home, asset_id, Outcome(outcome)) for list_id, home, asset_id, outcome in rows.all()]
