"""Reading the places loaded from open data (and learned from entries), one question at a time.

Whole-country files hold millions of postcodes: they stay in the database, in a table keyed
by the postcode, and each look-up is one indexed query — nothing is read at startup. The
standard library only: the first screen of the app asks through this before the database
layer has loaded (store/peek.py); the opened directory asks through its engine
(store/place_data.py). A database made before these tables existed answers "not known".
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from asset_map.store.files import read_uri

POSTCODES = "postcode_point"
PLACES = "named_place"
SOURCES = "place_source"

# Runs one read-only query (qmark parameters) and returns its rows; [] when the tables are
# not there (a database made before them, opened read-only).
Query = Callable[[str, Sequence[object]], list[tuple[Any, ...]]]

# Open Names' kinds of populated place, most important first: the one meant by an ambiguous
# name ("Newport") is the most important of them.
PLACE_KINDS = ("City", "Town", "Suburban Area", "Village", "Hamlet", "Other Settlement")


@dataclass(frozen=True)
class StoredPostcode:
    code: str
    latitude: float
    longitude: float
    learned: bool  # from an entry of the directory, not from a loaded file


@dataclass(frozen=True)
class StoredPlace:
    name: str
    kind: str  # one of PLACE_KINDS, or "" when learned
    district: str
    county: str
    latitude: float
    longitude: float
    learned: bool

    @property
    def rank(self) -> int:
        """Loaded before learned, then cities before towns before villages…"""
        if self.learned:
            return len(PLACE_KINDS) + 1
        return PLACE_KINDS.index(self.kind) if self.kind in PLACE_KINDS else len(PLACE_KINDS)


@dataclass(frozen=True)
class SourceRow:
    """One loaded file (or folder of files) and what was found in it."""

    name: str
    kind: str
    loaded_at: str
    rows: int
    postcodes: int
    places: int
    terminated: int
    no_grid: int
    bad: int


@dataclass(frozen=True)
class PlaceCounts:
    postcodes: int
    learned_postcodes: int
    places: int
    learned_places: int


def _upper_bound(prefix: str) -> str:
    """Postcodes are capitals, digits and one space: "~" sorts after all of them."""
    return prefix + "~"


class StoredPlaces:
    """Questions to the loaded and learned places, each answered by one indexed query."""

    def __init__(self, query: Query) -> None:
        self._query = query
        self._keys: frozenset[str] | None = None
        self._holds: tuple[bool, bool] | None = None  # (any postcodes, any places), asked once

    @classmethod
    def in_file(cls, path: Path) -> StoredPlaces:
        """Read an SQLite file directly, read-only (one connection per thread, opened when
        first asked)."""
        local = threading.local()

        def query(sql: str, params: Sequence[object]) -> list[tuple[Any, ...]]:
            try:
                conn = getattr(local, "conn", None)
                if conn is None:
                    conn = local.conn = sqlite3.connect(read_uri(path.resolve()), uri=True)
                return list(conn.execute(sql, tuple(params)).fetchall())
            except sqlite3.Error:
                return []

        return cls(query)

    def forget(self) -> None:
        """Places were loaded or learned since: ask again."""
        self._keys = None
        self._holds = None

    def _held(self) -> tuple[bool, bool]:
        """Whether any postcodes, and any places, are held: with none (the built-in borough
        alone), no question goes to the database, so look-ups stay as fast as before."""
        if self._holds is None:
            rows = self._query(
                f"SELECT EXISTS (SELECT 1 FROM {POSTCODES}), EXISTS (SELECT 1 FROM {PLACES})", ()
            )
            self._holds = (bool(rows[0][0]), bool(rows[0][1])) if rows else (False, False)
        return self._holds

    # ------------------------------------------------------------ postcodes
    def postcode(self, code: str) -> StoredPostcode | None:
        """A full postcode in standard form ("RM18 7NR"), if loaded or learned."""
        if not self._held()[0]:
            return None
        rows = self._query(
            f"SELECT code, latitude, longitude, source_id IS NULL FROM {POSTCODES} WHERE code = ?", (code,)
        )
        return StoredPostcode(rows[0][0], rows[0][1], rows[0][2], bool(rows[0][3])) if rows else None

    def centre(self, prefix: str) -> tuple[float, float, int] | None:
        """(latitude, longitude, postcodes) of the loaded postcodes of a sector ("RM18 7") or a
        district ("RM18 " — with its space): their mean point. Learned ones are left out: one
        entry's point is not a sector's centre."""
        if not self._held()[0]:
            return None
        rows = self._query(
            f"SELECT avg(latitude), avg(longitude), count(*) FROM {POSTCODES}"
            " WHERE code >= ? AND code < ? AND source_id IS NOT NULL",
            (prefix, _upper_bound(prefix)),
        )
        if not rows or not rows[0][2]:
            return None
        return float(rows[0][0]), float(rows[0][1]), int(rows[0][2])

    # ------------------------------------------------------------ places
    def named(self, key: str) -> list[StoredPlace]:
        """Every place whose name (or other-language name) has this key, most important first."""
        if not self._held()[1]:
            return []
        rows = self._query(
            f"SELECT name, kind, district, county, latitude, longitude, source_id IS NULL"
            f" FROM {PLACES} WHERE key = ?",
            (key,),
        )
        places = [StoredPlace(n, k, d, c, lat, lon, bool(learned)) for n, k, d, c, lat, lon, learned in rows]
        return sorted(places, key=lambda p: (p.rank, p.name, p.district, p.latitude, p.longitude))

    def keys(self) -> frozenset[str]:
        """Every name's key, for spelling slips (read once, when first needed — never at startup)."""
        if self._keys is None:
            if not self._held()[1]:
                return frozenset()
            self._keys = frozenset(row[0] for row in self._query(f"SELECT DISTINCT key FROM {PLACES}", ()))
        return self._keys

    # ------------------------------------------------------------ what is there
    def sources(self) -> list[SourceRow]:
        return [
            SourceRow(*row)
            for row in self._query(
                "SELECT name, kind, loaded_at, rows, postcodes, places, terminated, no_grid, bad"
                f" FROM {SOURCES} ORDER BY loaded_at, id",
                (),
            )
        ]

    def counts(self) -> PlaceCounts:
        """How many postcodes and places are held, and how many of them were learned."""
        postcodes = self._query(f"SELECT count(*), count(*) - count(source_id) FROM {POSTCODES}", ())
        places = self._query(
            f"SELECT count(*), count(*) - count(source_id) FROM {PLACES} WHERE NOT alias", ()
        )
        pc = postcodes[0] if postcodes else (0, 0)
        pl = places[0] if places else (0, 0)
        return PlaceCounts(int(pc[0]), int(pc[1]), int(pl[0]), int(pl[1]))
