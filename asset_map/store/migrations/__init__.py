"""The schema's versions, kept by Alembic for both stores (an SQLite file, a PostgreSQL server).

Each release that changes the tables adds one revision under `versions/` (ids `schema_N`),
written once with Alembic's operations for both databases (SQLite in batch mode). Alembic's
`alembic_version` table records the revision a database holds; `schema_meta.schema_version`
still mirrors its number, because releases before Alembic read it to refuse a newer database
(and backups are checked by it).

Opening a database (`migrate`):

- a new, empty one gets today's tables (`SQLModel.metadata.create_all`) and is stamped at head;
- one made before Alembic (schema_version 1..5, no `alembic_version`) is stamped at the
  revision its schema_version names, then upgraded: a file from the release before Alembic
  (schema 5, the baseline revision) is stamped and nothing else changes;
- an older one is upgraded (an SQLite file is backed up first), all in one transaction: all
  the steps or none. An app that will change the database takes a lock first (SQLite's
  `BEGIN IMMEDIATE`, PostgreSQL's advisory lock), so apps opening it at once take turns;
- one from a newer release (a revision this release does not know, or a higher
  schema_version) and a file that is not Asset Map's are refused with a clear message.

The environment is run through Alembic's Python API on the connection handed to it (`env.py`
reads it from the Config's attributes); no alembic.ini, nothing from the network.

To change the tables: change the models, raise SCHEMA_VERSION, and on a connection to a
database at the head write the next revision from them, then read and adjust it (batch
operations work on both stores; a revision must not import the models, which move on):

    with make_engine(url).begin() as conn:
        command.revision(alembic_config(conn), "what changed", rev_id="schema_6", autogenerate=True)
"""

from __future__ import annotations

import threading
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, inspect, text
from sqlalchemy.exc import DatabaseError, OperationalError
from sqlmodel import SQLModel

from asset_map.store import (  # noqa: F401  (registers their tables for create_all)
    decisions,
    history,
    place_data,
    sources,
)
from asset_map.store.backup import automatic_backup
from asset_map.store.db import StoreError, sqlite_path, unreachable, use_wal

if TYPE_CHECKING:  # Alembic is imported only when a database is made or upgraded: opening a
    # current one (every start) reads its revision with one SELECT
    from alembic.config import Config
    from alembic.script import ScriptDirectory

SCHEMA_VERSION = 5  # the number of the head revision, `schema_{SCHEMA_VERSION}`
HEAD = f"schema_{SCHEMA_VERSION}"
HERE = Path(__file__).parent
_PG_LOCK = 0x61_73_73_65_74_6D_61_70  # "assetmap": the advisory lock an upgrading app holds
_ALEMBIC = threading.Lock()  # Alembic's `context` and `op` are one per process: one at a time


def alembic_config(conn: Connection | None = None) -> Config:
    """Alembic's configuration, made in code: the scripts shipped in this package, and the
    connection its environment runs on."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(HERE))
    config.attributes["connection"] = conn
    return config


@cache
def script_directory() -> ScriptDirectory:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config())


def _stamp(conn: Connection, revision: str) -> None:
    from alembic import command

    command.stamp(alembic_config(conn), revision)


def _upgrade(conn: Connection, revision: str) -> None:
    from alembic import command

    command.upgrade(alembic_config(conn), revision)


def _stamped_revision(conn: Connection, tables: set[str]) -> str | None:
    """The revision Alembic recorded (what its MigrationContext reads), None before Alembic."""
    if "alembic_version" not in tables:
        return None
    row = conn.execute(text("SELECT version_num FROM alembic_version")).first()
    return str(row[0]) if row else None


def revision_number(revision: str) -> int:
    return int(revision.removeprefix("schema_"))


def migrate(engine: Engine, *, read_only: bool = False) -> int:
    """Create or upgrade the schema; return the version the database was at (0 when new).
    `read_only`: the file cannot be changed here, so only a current schema can be opened."""
    found = _migrate(engine, read_only=read_only)
    if read_only:
        return found
    try:
        use_wal(engine)
    except (DatabaseError, OperationalError) as exc:
        raise StoreError(f"cannot open the database: {getattr(exc, 'orig', exc)}") from exc
    return found


def _read_version(conn: Connection) -> int | None:
    row = conn.execute(text("SELECT value FROM schema_meta WHERE key = 'schema_version'")).first()
    return int(row[0]) if row else None


def _write_version(conn: Connection, version: int) -> None:
    updated = conn.execute(
        text("UPDATE schema_meta SET value = :v WHERE key = 'schema_version'"), {"v": str(version)}
    )
    if updated.rowcount == 0:
        conn.execute(
            text("INSERT INTO schema_meta (key, value) VALUES ('schema_version', :v)"),
            {"v": str(version)},
        )


def _newer(found: int | str) -> StoreError:
    return StoreError(
        f"this database was made by a newer Asset Map (schema {found}, this release "
        f"reads up to {SCHEMA_VERSION}); upgrade Asset Map to open it"
    )


def _migrate(engine: Engine, *, read_only: bool = False) -> int:
    try:
        with _ALEMBIC, engine.begin() as conn:
            writes = not read_only and _needs_change(conn, set(inspect(conn).get_table_names()))
            if conn.dialect.name == "sqlite" and not read_only:
                # Python's sqlite3 begins a transaction only before a row is written, so DDL
                # would be committed statement by statement: begin one now, all or nothing. One
                # that will write takes the write lock first, so two apps upgrading at once take
                # turns: the second then finds the file current (and opening a current file
                # does not wait for another app's long import).
                conn.exec_driver_sql("BEGIN IMMEDIATE" if writes else "BEGIN")
            elif conn.dialect.name == "postgresql" and writes:  # likewise on a server: one app
                # at a time (a lock any login may take, held until the commit)
                conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_LOCK})
            # what to do is read again now that this app has the lock
            return _migrate_on(conn, engine, read_only=read_only)
    except (DatabaseError, OperationalError) as exc:
        reason = str(exc.orig) if getattr(exc, "orig", None) else str(exc)
        if engine.dialect.name == "postgresql" and _not_allowed(reason):
            raise StoreError(
                "this server's directory is from an earlier release and your login may not "
                "change its tables: the server's owner upgrades it once with "
                "asset-map server init URL --coordinator NAME (docs/server.md)"
            ) from exc
        if unreachable(exc):
            raise StoreError(
                f"the server cannot be reached ({reason.splitlines()[0].strip()}): check the address "
                "and that the server is running, then open Asset Map again"
            ) from exc
        raise StoreError(f"cannot open the database: {reason}") from exc


def _needs_change(conn: Connection, tables: set[str]) -> bool:
    """Whether opening will write: a new database, one to stamp or upgrade, a missing table."""
    if "schema_meta" not in tables:
        return not tables
    stamped = _stamped_revision(conn, tables)
    missing = set(SQLModel.metadata.tables) - tables
    return stamped != HEAD or _read_version(conn) != SCHEMA_VERSION or bool(missing)


def _not_allowed(reason: str) -> bool:
    words = reason.lower()
    return "permission denied" in words or "must be owner" in words


def _migrate_on(conn: Connection, engine: Engine, *, read_only: bool) -> int:
    tables = set(inspect(conn).get_table_names())
    if not tables:
        SQLModel.metadata.create_all(conn)
        _write_version(conn, SCHEMA_VERSION)
        _stamp(conn, HEAD)
        return 0
    if "schema_meta" not in tables:
        raise StoreError(
            "this database file was not made by Asset Map (it has other tables); "
            "choose another file with --db"
        )
    mirrored = _read_version(conn) or 1  # release 1 wrote it too; none at all: as old as can be
    if mirrored > SCHEMA_VERSION:
        raise _newer(mirrored)
    stamped = _stamped_revision(conn, tables)
    if stamped is not None and stamped != HEAD:
        known = {script.revision for script in script_directory().walk_revisions()}
        if stamped not in known:
            raise _newer(stamped)
    current = stamped if stamped is not None else f"schema_{mirrored}"
    found = revision_number(current)
    if current != HEAD and read_only:
        raise StoreError(
            "this database is from an earlier release and cannot be changed here, so it "
            "cannot be upgraded: open it once where it can be written"
        )
    if read_only:  # today's schema, stamped or (made before Alembic) not: read as it is
        return found
    if current != HEAD:  # keep the old file as it was, should anything go wrong
        automatic_backup(sqlite_path(engine.url.render_as_string(hide_password=False)), "before-upgrade")
    if stamped is None:  # made before Alembic: its schema_version says which revision it is at
        _stamp(conn, current)
    if current != HEAD:
        _upgrade(conn, HEAD)
    # Tables added by a release with no data to move are simply created.
    SQLModel.metadata.create_all(conn)
    if mirrored != SCHEMA_VERSION:
        _write_version(conn, SCHEMA_VERSION)
    return found
