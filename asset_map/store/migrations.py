"""A small versioned schema: each release that changes the tables adds one step here.

`schema_meta.schema_version` records what a database holds. Opening an older database runs
the missing steps in one transaction, so a later release opens it without loss; a database
from a newer release, or a file that is not Asset Map's, is refused with a clear message.
"""

from __future__ import annotations

from collections.abc import Callable

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
from asset_map.store.db import StoreError, sqlite_path, use_wal
from asset_map.store.models import Asset, table_of

SCHEMA_VERSION = 5


def _add_columns(conn: Connection, table: str, names: list[str]) -> None:
    """ALTER TABLE ADD COLUMN for model columns, typed for whichever database this is."""
    existing = {c["name"] for c in inspect(conn).get_columns(table)}
    for name in names:
        if name in existing:
            continue
        column = table_of(Asset).c[name]
        kind = column.type.compile(dialect=conn.dialect)
        default = ""
        if not column.nullable:
            default = " NOT NULL DEFAULT ''" if kind.startswith("VARCHAR") else " NOT NULL DEFAULT 0"
        conn.execute(text(f'ALTER TABLE {table} ADD COLUMN "{name}" {kind}{default}'))


def _v2_flags_and_merges(conn: Connection) -> None:
    _add_columns(conn, "asset", ["flagged_at", "flagged_by", "flag_reason", "merged_into"])


def _v3_joining_and_travel(conn: Connection) -> None:
    _add_columns(conn, "asset", ["how_to_join", "getting_there"])


def _v4_not_duplicates(conn: Connection) -> None:
    """Pairs the review queue is told are not the same entry (store/decisions.py)."""
    table_of(decisions.NotDuplicates).create(conn, checkfirst=True)


def _v5_delivery_and_feeds(conn: Connection) -> None:
    """How each entry is delivered (every entry so far has a place, so in person; at home
    where a micro-enterprise said it comes to the home), needs guessed from the words, and
    the Open Referral fields kept as they came."""
    existing = {c["name"] for c in inspect(conn).get_columns("asset")}
    for name, empty in (("delivery", "[]"), ("inferred_needs", "[]"), ("feed_extra", "{}")):
        if name not in existing:
            kind = table_of(Asset).c[name].type.compile(dialect=conn.dialect)
            conn.execute(text(f"ALTER TABLE asset ADD COLUMN \"{name}\" {kind} NOT NULL DEFAULT '{empty}'"))
    conn.execute(text("""UPDATE asset SET delivery = '["in_person"]' WHERE comes_to_home IS NOT TRUE"""))
    conn.execute(text("""UPDATE asset SET delivery = '["home"]' WHERE comes_to_home IS TRUE"""))


# version reached -> step that brings a database from the previous version to it.
MIGRATIONS: dict[int, Callable[[Connection], None]] = {
    2: _v2_flags_and_merges,
    3: _v3_joining_and_travel,
    4: _v4_not_duplicates,
    5: _v5_delivery_and_feeds,
}


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


def _migrate(engine: Engine, *, read_only: bool = False) -> int:
    try:
        with engine.begin() as conn:
            tables = set(inspect(conn).get_table_names())
            if not tables:
                SQLModel.metadata.create_all(conn)
                _write_version(conn, SCHEMA_VERSION)
                return 0
            if "schema_meta" not in tables:
                raise StoreError(
                    "this database file was not made by Asset Map (it has other tables); "
                    "choose another file with --db"
                )
            found = _read_version(conn) or 0
            if found > SCHEMA_VERSION:
                raise StoreError(
                    f"this database was made by a newer Asset Map (schema {found}, this release "
                    f"reads up to {SCHEMA_VERSION}); upgrade Asset Map to open it"
                )
            if found < SCHEMA_VERSION and read_only:
                raise StoreError(
                    "this database is from an earlier release and cannot be changed here, so it "
                    "cannot be upgraded: open it once where it can be written"
                )
            if 0 < found < SCHEMA_VERSION:  # keep the old file as it was, should anything go wrong
                automatic_backup(
                    sqlite_path(engine.url.render_as_string(hide_password=False)), "before-upgrade"
                )
            for version in range(found + 1, SCHEMA_VERSION + 1):
                MIGRATIONS[version](conn)
            # Tables added by a release with no data to move are simply created (not in a file
            # opened read-only: what reads them takes a missing table as empty).
            if not read_only:
                SQLModel.metadata.create_all(conn)
            if found != SCHEMA_VERSION:
                _write_version(conn, SCHEMA_VERSION)
            return found
    except (DatabaseError, OperationalError) as exc:
        reason = str(exc.orig) if getattr(exc, "orig", None) else str(exc)
        raise StoreError(f"cannot open the database: {reason}") from exc
