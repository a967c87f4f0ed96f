"""Engine and sessions. Everything SQLite-specific lives here and nowhere else.

SQLite gets WAL mode, a busy timeout and foreign keys so two app processes can share one
file safely; a PostgreSQL URL is used as it is, through psycopg (version 3).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, Table, event, insert
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session, create_engine

from asset_map.errors import AssetMapError
from asset_map.store.files import read_only_here as read_only_here
from asset_map.store.files import read_uri

BUSY_TIMEOUT_MS = 5000
_ENCODE = json.JSONEncoder().encode  # what json.dumps does with no options, without its checks


def json_text(value: Any) -> str:
    """A JSON column's text, exactly as json.dumps writes it; the empty lists and objects that
    most of an asset's eight JSON columns hold (a bulk import writes 40,000) at once."""
    if not value and type(value) in (list, dict):
        return "[]" if type(value) is list else "{}"
    return _ENCODE(value)


def insert_columns(connection: Connection, table: Table, columns: Mapping[str, Sequence[Any]]) -> None:
    """Insert rows given column by column (every column but an autoincremented key; equal
    lengths) with one executemany, in the connection's transaction.

    Each column's values are made what the database stores by its type's own bind processor,
    the very values a Core INSERT writes, a column at a time; what is skipped is SQLAlchemy's
    handling of every row's parameters, half the time of writing a feed's entries. A column
    left out is refused, not filled with its default, which only a Core INSERT knows to do.
    """
    names = list(columns)
    generated = {table.autoincrement_column.key} if table.autoincrement_column is not None else set()
    if set(names) != set(table.columns.keys()) - generated or len(set(map(len, columns.values()))) > 1:
        raise ValueError(f"{table.name}: every column but {generated or 'none'} must be given, of one length")
    dialect = connection.dialect
    compiled = insert(table).compile(dialect=dialect, column_keys=names)
    values: dict[str, Sequence[Any]] = {}
    for name, given in columns.items():
        process = table.c[name].type.dialect_impl(dialect).bind_processor(dialect)
        values[name] = given if process is None else list(map(process, given))
    order = compiled.positiontup if compiled.positional else None
    rows: list[Any]
    if order is not None:
        rows = list(zip(*(values[name] for name in order), strict=True))
    else:  # a named paramstyle: one dict per row, by the statement's own parameter names
        keys = [compiled.escaped_bind_names.get(name, name) for name in names]
        rows = [dict(zip(keys, row, strict=True)) for row in zip(*values.values(), strict=True)]
    if rows:
        connection.exec_driver_sql(compiled.string, rows)


class StoreError(AssetMapError):
    """A database problem explained in words a user can act on."""


def explain(exc: BaseException) -> str:
    """What a database error means for the user, and that nothing was saved."""
    reason = str(getattr(exc, "orig", None) or exc)
    text = reason.lower()
    if "readonly" in text or "read-only" in text:
        return "the database is read-only here, so nothing was saved (check the file's permissions)"
    if "disk is full" in text or "database or disk is full" in text:
        return "the disk is full, so nothing was saved; free some space and try again"
    if "locked" in text or "busy" in text:
        return "another program kept the database busy, so nothing was saved; try again"
    if unreachable(exc):
        return (
            "the server cannot be reached, so nothing was saved; what you typed is kept: "
            "save again once it is back (searching goes on from this computer's copy)"
        )
    if "permission denied" in text:
        return (
            "the server does not let your login do this, so nothing was saved "
            f"({reason.strip()}); a coordinator can give you the right role (docs/server.md)"
        )
    if "malformed" in text or "not a database" in text:
        return "the database file is damaged; nothing was changed. Restore a backup: asset-map restore FILE"
    return f"the database refused the change, so nothing was saved ({reason})"


_UNREACHABLE = (
    "connection is bad",
    "connection refused",
    "could not connect",
    "server closed the connection",
    "terminating connection",
    "connection is closed",
    "connection timed out",
    "no route to host",
    "the connection is lost",
    "consuming input failed",
)


def unreachable(exc: BaseException) -> bool:
    """Whether a database error means the server could not be reached (not a refusal)."""
    if getattr(exc, "connection_invalidated", False):
        return True
    text = str(getattr(exc, "orig", None) or exc).lower()
    return any(sign in text for sign in _UNREACHABLE)


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def sqlite_path(url: str) -> Path | None:
    """The file behind an SQLite URL, or None for memory or other databases."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return None
    return Path(parsed.database)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.close()


def make_engine(url: str, *, read_only: bool = False) -> Engine:
    """Create an engine; for SQLite make the folder and set the sharing pragmas (`read_only`:
    open the file without writing to it or beside it)."""
    path = sqlite_path(url)
    if path is not None and read_only:
        engine = create_engine(
            f"sqlite:///{read_uri(path)}&uri=true",
            connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000},
            json_serializer=json_text,
        )
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"cannot create the folder for the database {path}: {exc}") from exc
    if is_sqlite(url):
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000},
            json_serializer=json_text,
        )
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(server_url(url), pool_pre_ping=True, json_serializer=json_text)


def server_url(url: str) -> str:
    """A PostgreSQL URL with psycopg (version 3) as its driver: `postgresql://…` is what people
    write, and SQLAlchemy before 2.1 took it to mean psycopg2, which the app does not install."""
    parsed = make_url(url)
    if parsed.drivername == "postgresql":
        return parsed.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
    return url


def use_wal(engine: Engine) -> None:
    """Switch an SQLite file to WAL (it stays so); only once the file is known to be ours."""
    if engine.dialect.name == "sqlite" and sqlite_path(engine.url.render_as_string(hide_password=False)):
        with engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA journal_mode = WAL")


@contextmanager
def transaction(engine: Engine) -> Iterator[Session]:
    """A session whose work is committed together, or rolled back together on any error."""
    with Session(engine, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except DBAPIError as exc:
            session.rollback()
            raise StoreError(explain(exc)) from exc
        except BaseException:
            session.rollback()
            raise
