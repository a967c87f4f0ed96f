"""What the first search needs, read with the standard library's sqlite3.

The TUI answers its first search before SQLAlchemy and the models are imported (most of a
second): this reads the data's generation (which saved index matches it) and the reference
rows the gazetteer and the needs are built from, read-only. Anything unexpected (not an
SQLite file, a file not yet created or migrated) is None: the caller opens the directory the
full way, which creates, migrates and checks everything.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from asset_map.store.files import read_uri


@dataclass(frozen=True)
class AreaRow:
    id: str
    name: str


@dataclass(frozen=True)
class LocalityRow:
    name: str
    area_id: str
    latitude: float
    longitude: float
    aliases: list[str]


@dataclass(frozen=True)
class PostcodeRow:
    code: str
    level: str
    name: str
    locality: str | None
    in_borough: bool
    latitude: float
    longitude: float


class NeedTerms(Protocol):
    """A need as searching and importing read its words: the `Need` model, or a `NeedRow`
    read before the models load (read-only: a frozen row satisfies it as well as a model)."""

    @property
    def id(self) -> str: ...
    @property
    def label(self) -> str: ...
    @property
    def synonyms(self) -> Sequence[str]: ...


@dataclass(frozen=True)
class NeedRow:
    id: str
    label: str
    synonyms: list[str]


@dataclass(frozen=True)
class SearchStart:
    generation: str
    areas: list[AreaRow]
    localities: list[LocalityRow]
    postcodes: list[PostcodeRow]
    needs: list[NeedRow]


def file_of(db_url: str) -> Path | None:
    """The file behind a plain `sqlite:///path` URL (others are left to SQLAlchemy)."""
    prefix = "sqlite:///"
    if not db_url.startswith(prefix) or "?" in db_url:
        return None
    path = db_url[len(prefix) :]
    return Path(path) if path and path != ":memory:" else None


def read_search_start(path: Path) -> SearchStart | None:
    """The generation and the reference rows of an SQLite directory file, read-only and in one
    read transaction; None when the file is not (yet) a directory with reference data."""
    if not path.is_file():
        return None
    try:
        conn = sqlite3.connect(read_uri(path.resolve()), uri=True)
    except sqlite3.Error:
        return None
    try:
        with conn:
            conn.execute("BEGIN")  # one read transaction: a consistent view
            row = conn.execute("SELECT value FROM schema_meta WHERE key = 'generation'").fetchone()
            areas = [AreaRow(*r) for r in conn.execute("SELECT id, name FROM area ORDER BY name")]
            localities = [
                LocalityRow(name, area, lat, lon, json.loads(aliases))
                for name, area, lat, lon, aliases in conn.execute(
                    "SELECT name, area_id, latitude, longitude, aliases FROM locality ORDER BY name"
                )
            ]
            postcodes = [
                PostcodeRow(code, level, name, locality, bool(in_borough), lat, lon)
                for code, level, name, locality, in_borough, lat, lon in conn.execute(
                    "SELECT code, level, name, locality, in_borough, latitude, longitude"
                    " FROM postcodearea ORDER BY code"
                )
            ]
            needs = [
                NeedRow(id_, label, json.loads(synonyms))
                for id_, label, synonyms in conn.execute(
                    "SELECT id, label, synonyms FROM need ORDER BY label"
                )
            ]
    except (sqlite3.Error, ValueError, TypeError):
        return None
    finally:
        conn.close()
    if not localities or not needs:
        return None  # reference data not loaded yet: a first start
    return SearchStart(row[0] if row else "0", areas, localities, postcodes, needs)
