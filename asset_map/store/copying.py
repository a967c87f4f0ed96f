"""A whole directory from one database to another: an SQLite file to a team's PostgreSQL
server, or back. Every table moves as it is (entries, their history, feeds' links, decisions,
reference data, loaded places), so a round trip gives back the same rows.

The source must be a current Asset Map database (it is read, never changed); the target an
empty one (a new file, an empty database: its tables are made), filled in one transaction, so a
copy that fails leaves it as empty as it was. Connection lists are not part of a directory and
are not copied: they are residents' data and stay where they are.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Connection, Integer, func, select, text
from sqlalchemy.exc import DBAPIError
from sqlmodel import SQLModel

from asset_map.store.db import StoreError, explain, make_engine, sqlite_path
from asset_map.store.history import AssetChange
from asset_map.store.migrations import migrate
from asset_map.store.models import Asset, table_of

CHUNK = 5_000  # rows read and written at a time: a whole country's postcodes in bounded memory
Progress = Callable[[str, int], None]  # (table, rows copied so far)


def copy_directory(source_url: str, target_url: str, progress: Progress | None = None) -> dict[str, int]:
    """Copy every table from the source database to the empty target; rows per table."""
    source = make_engine(source_url, read_only=sqlite_path(source_url) is not None)
    target = make_engine(target_url)
    try:
        migrate(source, read_only=True)  # a current Asset Map database, or a clear refusal
        migrate(target)  # an empty target gets its tables; another program's database is refused
        try:
            with target.begin() as out, source.connect() as src:
                _refuse_unless_empty(out)
                return _copy_tables(src, out, progress or (lambda table, done: None))
        except DBAPIError as exc:
            raise StoreError(explain(exc)) from exc
    finally:
        source.dispose()
        target.dispose()


def _refuse_unless_empty(out: Connection) -> None:
    entries = out.execute(select(func.count()).select_from(table_of(Asset))).scalar_one()
    changes = out.execute(select(func.count()).select_from(table_of(AssetChange))).scalar_one()
    if entries or changes:
        raise StoreError(
            f"the target already holds a directory ({entries} entries): copy into a new file or an "
            "empty database, so nothing there is overwritten"
        )


def _copy_tables(src: Connection, out: Connection, progress: Progress) -> dict[str, int]:
    tables = SQLModel.metadata.sorted_tables
    for table in reversed(tables):  # what opening the empty target wrote (its schema row, seeds)
        out.execute(table.delete())
    copied: dict[str, int] = {}
    for table in tables:
        done = 0
        rows = src.execution_options(yield_per=CHUNK).execute(select(table))
        for chunk in rows.partitions():
            out.execute(table.insert(), [dict(row._mapping) for row in chunk])
            done += len(chunk)
            progress(table.name, done)
        copied[table.name] = done
    if out.dialect.name == "postgresql":
        _renumber(out)
    return copied


def _renumber(out: Connection) -> None:
    """PostgreSQL numbers new rows from a sequence that rows copied with their own ids did not
    move: set each to the highest id, so the next history row does not collide."""
    for table in SQLModel.metadata.sorted_tables:
        key = list(table.primary_key.columns)
        if len(key) != 1 or not isinstance(key[0].type, Integer):
            continue
        name = key[0].name
        out.execute(
            text(
                f'SELECT setval(pg_get_serial_sequence(:t, :c), COALESCE(MAX("{name}"), 1), '
                f'MAX("{name}") IS NOT NULL) FROM "{table.name}"'
            ),
            {"t": table.name, "c": name},
        )
