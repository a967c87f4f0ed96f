"""The places loaded from open data, and those learned from the directory's own entries.

- `PostcodePoint`: a full postcode and its point (2.7 million for the whole UK), keyed by the
  postcode so a look-up is one step down an index; a table without rowids, so the key is the
  row and nothing is stored twice.
- `NamedPlace`: a city, town, village, hamlet or suburb, found by the key of its name (and
  of its other-language name: "Caerdydd" is Cardiff).
- `PlaceSource`: each file loaded, its fingerprint (a second load of the same file changes
  nothing) and what was found in it.

A row with no source was learned from an entry of the directory: it never replaces a loaded
one, and a loaded one always replaces it. Loading writes through `PlaceWriter`, on the
database's own cursor inside the caller's transaction (one per file), many rows at a time.
Reading is store/place_lookup.py.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from typing import Any, ClassVar

from sqlalchemy import Engine
from sqlalchemy.engine.interfaces import DBAPICursor
from sqlmodel import Field, Session, SQLModel

from asset_map.store.db import StoreError, explain
from asset_map.store.models import utcnow
from asset_map.store.place_lookup import PLACES, POSTCODES, SOURCES, StoredPlaces

NAME_LENGTH = 120  # a place's name, its district's, its county's
FILE_NAME_LENGTH = 260


class PlaceSource(SQLModel, table=True):
    """One loaded file (or folder of files): what it was and what was found in it."""

    __tablename__: ClassVar[str] = SOURCES

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=FILE_NAME_LENGTH)
    kind: str = Field(max_length=40)  # what the file was read as ("NSPL", "OS Code-Point Open"…)
    fingerprint: str = Field(max_length=64, unique=True)  # sha256 of its bytes
    size: int = 0
    loaded_at: datetime = Field(default_factory=utcnow)
    rows: int = 0
    postcodes: int = 0
    places: int = 0
    terminated: int = 0  # postcodes no longer in use: not loaded
    no_grid: int = 0  # rows without a grid reference: not loaded
    bad: int = 0  # rows that could not be read: named in the report, not loaded


class PostcodePoint(SQLModel, table=True):
    """A full postcode ("RM18 7NR") and its point (WGS-84)."""

    __tablename__: ClassVar[str] = POSTCODES
    __table_args__ = {"sqlite_with_rowid": False}

    code: str = Field(primary_key=True, max_length=8)
    latitude: float
    longitude: float
    source_id: int | None = None  # the PlaceSource it was loaded from; None: learned


class NamedPlace(SQLModel, table=True):
    """A populated place found by the key of one of its names."""

    __tablename__: ClassVar[str] = PLACES

    id: str = Field(primary_key=True, max_length=80)  # Open Names' id (+ "/2" for its other name)
    key: str = Field(index=True, max_length=NAME_LENGTH)  # as places keys names: "stanford le hope"
    name: str = Field(max_length=NAME_LENGTH)  # as shown
    alias: bool = False  # this row is its other-language name
    kind: str = Field(default="", max_length=20)  # City, Town, Village, Hamlet, Suburban Area…
    district: str = Field(default="", max_length=NAME_LENGTH)
    county: str = Field(default="", max_length=NAME_LENGTH)
    latitude: float
    longitude: float
    source_id: int | None = None  # None: learned


PostcodeRow = tuple[str, float, float]  # code, latitude, longitude
# id, key, name, alias, kind, district, county, latitude, longitude
PlaceRow = tuple[str, str, str, bool, str, str, str, float, float]


class PlaceWriter:
    """Writes places many at a time on the database's own cursor, inside the caller's
    transaction (the loader's speed is here: a plain executemany, no objects per row)."""

    def __init__(self, cursor: DBAPICursor) -> None:
        self.cursor = cursor

    def loaded_before(self, fingerprint: str) -> tuple[str, str] | None:
        """(name, when) of an earlier load of the same bytes, else None."""
        self.cursor.execute(f"SELECT name, loaded_at FROM {SOURCES} WHERE fingerprint = ?", (fingerprint,))
        row = self.cursor.fetchone()
        return (str(row[0]), str(row[1])) if row else None

    def add_source(self, *, name: str, kind: str, fingerprint: str, size: int) -> int:
        self.cursor.execute(
            f"INSERT INTO {SOURCES} (name, kind, fingerprint, size, loaded_at, rows, postcodes, places,"
            " terminated, no_grid, bad) VALUES (?, ?, ?, ?, ?, 0, 0, 0, 0, 0, 0)",
            (name[:FILE_NAME_LENGTH], kind, fingerprint, size, utcnow().strftime("%Y-%m-%d %H:%M:%S")),
        )
        self.cursor.execute(f"SELECT id FROM {SOURCES} WHERE fingerprint = ?", (fingerprint,))
        row = self.cursor.fetchone()
        if row is None:  # pragma: no cover - inserted just above, in the same transaction
            raise RuntimeError("the loaded file's record was not written")
        return int(row[0])

    def finish_source(self, source_id: int, counts: dict[str, int]) -> None:
        names = ("rows", "postcodes", "places", "terminated", "no_grid", "bad")
        self.cursor.execute(
            f"UPDATE {SOURCES} SET {', '.join(f'{n} = ?' for n in names)} WHERE id = ?",
            (*(counts.get(n, 0) for n in names), source_id),
        )

    def postcodes(self, rows: Sequence[PostcodeRow], source_id: int) -> None:
        """Loaded postcodes: a later file replaces an earlier one's point, and a learned one."""
        self.cursor.executemany(
            f"INSERT INTO {POSTCODES} (code, latitude, longitude, source_id) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (code) DO UPDATE SET latitude = excluded.latitude,"
            " longitude = excluded.longitude, source_id = excluded.source_id",
            [(code, lat, lon, source_id) for code, lat, lon in rows],
        )

    def terminated(self, codes: Sequence[str]) -> None:
        """Postcodes a newer file says are no longer in use: a loaded point for them goes."""
        self.cursor.executemany(
            f"DELETE FROM {POSTCODES} WHERE code = ? AND source_id IS NOT NULL", [(c,) for c in codes]
        )

    def places(self, rows: Sequence[PlaceRow], source_id: int) -> None:
        self.cursor.executemany(
            f"INSERT INTO {PLACES} (id, key, name, alias, kind, district, county, latitude, longitude,"
            " source_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET"
            " key = excluded.key, name = excluded.name, alias = excluded.alias, kind = excluded.kind,"
            " district = excluded.district, county = excluded.county, latitude = excluded.latitude,"
            " longitude = excluded.longitude, source_id = excluded.source_id",
            [(*row, source_id) for row in rows],
        )

    def learn_postcodes(self, rows: Sequence[PostcodeRow]) -> int:
        """Postcodes learned from entries: only where none is held (loaded or learned)."""
        self.cursor.executemany(
            f"INSERT INTO {POSTCODES} (code, latitude, longitude, source_id) VALUES (?, ?, ?, NULL)"
            " ON CONFLICT (code) DO NOTHING",
            list(rows),
        )
        return max(int(self.cursor.rowcount), 0)

    def learn_places(self, rows: Sequence[PlaceRow]) -> int:
        self.cursor.executemany(
            f"INSERT INTO {PLACES} (id, key, name, alias, kind, district, county, latitude, longitude,"
            " source_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL) ON CONFLICT (id) DO NOTHING",
            list(rows),
        )
        return max(int(self.cursor.rowcount), 0)


@contextmanager
def writing_places(session: Session) -> Iterator[PlaceWriter]:
    """A writer on the session's own connection, inside its transaction. The cursor is the
    driver's own, so its errors (a full disk, a read-only file) are not SQLAlchemy's: they
    become a StoreError said in words, and the transaction rolls back."""
    conn = session.connection()
    try:
        yield PlaceWriter(conn.connection.cursor())
    except conn.dialect.loaded_dbapi.Error as exc:
        raise StoreError(explain(exc)) from exc


def stored_places(engine: Engine) -> StoredPlaces:
    """The loaded and learned places of the database behind `engine`, asked on demand."""

    def query(sql: str, params: Sequence[object]) -> list[tuple[Any, ...]]:
        # the pool's own connection, asked directly: a look-up is a few microseconds of SQLite
        conn = engine.raw_connection()
        try:
            cursor = conn.cursor()
            cursor.execute(sql, tuple(params))
            return [tuple(row) for row in cursor.fetchall()]
        except engine.dialect.loaded_dbapi.Error:  # no such table: opened read-only, made before them
            return []
        finally:
            conn.close()

    return StoredPlaces(query)
