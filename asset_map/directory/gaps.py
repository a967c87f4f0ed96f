"""Where the gaps are: every place against every need, counted as a search would count them.

A row is a place (a locality, an integrated locality area or a postcode district) with a
radius; a column is a need. A cell holds how many entries a search of no words finds near
that place within that radius, with that need and the matrix's filters (`engine.listed`, the
very selection `asset-map search` counts), so a cell and its search always agree. Zero is a
gap. Beside each cell goes how often people asked for that need there and did not find it
(`Asked`, counted by the lists layer: never a resident, never a query's words).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Literal, TypedDict, Unpack, cast

import numpy as np

from asset_map.directory.finder import Finder
from asset_map.errors import DirectoryError
from asset_map.places import Gazetteer
from asset_map.search.engine import listed
from asset_map.search.query import QueryWords, SearchQuery

RowsBy = Literal["locality", "area", "district"]
ROWS_BY: tuple[RowsBy, ...] = ("locality", "area", "district")
# A sensible reach per size of place: a locality is a walk or a short bus ride across, a
# postcode district a little more, an integrated locality area a town and its villages.
DEFAULT_RADIUS_KM: dict[RowsBy, float] = {"locality": 2.0, "district": 3.0, "area": 4.0}


class GapFilters(TypedDict, total=False):
    """The filters a matrix takes, as search takes them (its rows are places, its columns needs)."""

    kinds: list[str] | tuple[str, ...]
    open_on: str | None
    free_only: bool
    step_free_only: bool
    delivery: list[str] | tuple[str, ...]
    verified_recently: bool


FILTER_WORDS = tuple(GapFilters.__annotations__)


HEAT_STEPS = 4  # above nothing: the screen's and the page's colours, and their marks


# On a terminal (the app's heat map and `asset-map gaps`), a mark per step so it reads
# without colour: nothing (a gap), then few to most; `!N` after a count: asked for N times.
MARKS = ("×", "░", "▒", "▓", "█")
ASKED_MARK = "!"
assert len(MARKS) == HEAT_STEPS + 1


def heat(count: int, busiest: int) -> int:
    """A cell's step on the heat map: 0 is nothing (the gap), 1 to HEAT_STEPS up to the
    busiest cell, so one with a single entry never looks like one with many."""
    if count <= 0:
        return 0
    if busiest <= HEAT_STEPS:
        return min(count, HEAT_STEPS)
    return max(1, min(HEAT_STEPS, -(-count * HEAT_STEPS // busiest)))


def cell_words(supply: int, asked: int, busiest: int) -> str:
    """What a cell says on a terminal: its mark, its count, and `!N` when people asked N
    times and found nothing ("×0!3": a gap people asked for)."""
    return f"{MARKS[heat(supply, busiest)]}{supply}" + (f"{ASKED_MARK}{asked}" if asked else "")


@dataclass(frozen=True)
class GapRow:
    key: str  # the place's key in places/coverage.py: "L:Grays", "A:grays", "D:RM17"
    label: str  # as shown: "Grays", "Tilbury and Chadwell", "RM17"
    near: str  # what `search --near` is given for the same place
    radius_km: float


@dataclass(frozen=True)
class Asked:
    """People who needed something near a place and did not find it: the keys of the place
    (places/coverage.py), the need, and how many times."""

    keys: frozenset[str]
    need: str
    count: int


@dataclass(frozen=True)
class GapMatrix:
    by: RowsBy
    rows: tuple[GapRow, ...]
    needs: tuple[tuple[str, str], ...]  # (id, label), in the order of the columns
    supply: tuple[tuple[int, ...], ...]  # per row, per need: entries found
    asked: tuple[tuple[int, ...], ...]  # per row, per need: asked for and not found
    filters: GapFilters
    radius_km: float | None  # as given; None: each row's default
    made_at: datetime
    notes: tuple[str, ...] = field(default=())

    @property
    def gaps(self) -> list[tuple[GapRow, str]]:
        """Every (place, need) with nothing found."""
        return [
            (row, need)
            for row, counts in zip(self.rows, self.supply, strict=True)
            for (need, _label), count in zip(self.needs, counts, strict=True)
            if count == 0
        ]

    @property
    def busiest(self) -> int:
        """The largest count of any cell (the heat map's top colour)."""
        return max((max(counts, default=0) for counts in self.supply), default=0)

    def words(self, row: int, column: int) -> QueryWords:
        """The search a cell counts, as words: what `asset-map search` is given."""
        place = self.rows[row]
        need = self.needs[column][0]
        # the filters are search's own words (GapFilters is a part of QueryWords)
        return cast(
            QueryWords, {**self.filters, "near": place.near, "radius_km": place.radius_km, "needs": [need]}
        )


def filter_words(words: Mapping[str, object]) -> GapFilters:
    """The filters given, those left at "any" dropped (the page lists what was chosen)."""
    unknown = set(words) - set(FILTER_WORDS)
    if unknown:
        raise DirectoryError(f"the gaps matrix has no filter {', '.join(sorted(unknown))}")
    chosen: GapFilters = {}
    chosen.update({k: v for k, v in words.items() if v not in (None, False, [], ())})  # type: ignore[typeddict-item]
    return chosen


ROWS_WORDS: dict[RowsBy, str] = {"locality": "localities", "area": "areas", "district": "postcode districts"}


def rows_of(finder: Finder, by: RowsBy, radius_km: float | None = None) -> list[GapRow]:
    """The places of the matrix: the built-in localities, areas or districts, and the other
    places the directory's own entries are in (a loaded area's towns) by locality."""
    if by not in ROWS_BY:
        raise DirectoryError(f"rows are by {', '.join(ROWS_BY)}, not {by!r}")
    if radius_km is not None and not 0 < radius_km <= 500:
        raise DirectoryError("the radius must be between 0 and 500 km")
    gazetteer = finder.gazetteer
    reach = radius_km if radius_km is not None else DEFAULT_RADIUS_KM[by]
    if by == "area":
        return [
            GapRow(f"A:{area_id}", name, f"{name} area", reach)
            for area_id, (name, _members) in sorted(gazetteer.areas.items(), key=lambda a: a[1][0])
        ]
    if by == "district":
        districts = sorted(
            c for c, p in gazetteer.postcodes.items() if p.level == "district" and p.in_borough
        )
        return [GapRow(f"D:{code}", code, code, reach) for code in districts]
    built_in = sorted(gazetteer.localities.values(), key=lambda loc: (loc.area_name, loc.name))
    rows = [GapRow(f"L:{loc.name}", loc.name, loc.name, reach) for loc in built_in]
    return rows + [GapRow(f"L:{name}", name, name, reach) for name in _other_places(finder, gazetteer)]


def _other_places(finder: Finder, gazetteer: Gazetteer) -> list[str]:
    """Places beyond the built-in ones that entries are in and the gazetteer can find."""
    with finder.lock:
        c = finder.index.columns
        live = np.flatnonzero(c.alive & ~c.archived).tolist()
        named = {c.localities[p] for p in live}
    named -= set(gazetteer.localities) | {""}
    return sorted(name for name in named if gazetteer.locality(name) is not None)


def gap_matrix(
    finder: Finder,
    by: RowsBy = "locality",
    *,
    radius_km: float | None = None,
    asked: Iterable[Asked] = (),
    now: datetime | None = None,
    **filters: Unpack[GapFilters],
) -> GapMatrix:
    """Every row's place against every need, each cell what its search finds."""
    chosen = filter_words(filters)
    rows = rows_of(finder, by, radius_km)
    needs = tuple(sorted(((n.id, n.label) for n in finder.needs.values()), key=lambda n: n[1]))
    when = now or finder.clock()
    # the filters read once ("now" is one moment for every row), each row's place added to them
    filtered = finder.make_query("", **chosen)
    places, left_out = _places_of(finder, rows)
    rows = [row for row in rows if row.key in places]
    queries = [
        replace(filtered, near=p.near, radius_km=p.radius_km, near_keys=p.near_keys) for p in places.values()
    ]
    notes = left_out + [
        f"{row.label}: {q.near.note}" for row, q in zip(rows, queries, strict=True) if q.near and q.near.note
    ]
    supply = _counts(finder, queries, needs, when)
    asked_counts = _asked(rows, needs, asked)
    return GapMatrix(
        by, tuple(rows), needs, tuple(supply), asked_counts, chosen, radius_km, when, tuple(notes)
    )


def _places_of(finder: Finder, rows: list[GapRow]) -> tuple[dict[str, SearchQuery], list[str]]:
    """Each row's place as search finds it; a place it cannot find (a learned town whose name
    reads otherwise) is left out with a note, never the whole matrix."""
    places: dict[str, SearchQuery] = {}
    left_out: list[str] = []
    for row in rows:
        try:
            places[row.key] = finder.make_query("", near=row.near, radius_km=row.radius_km)
        except DirectoryError as exc:
            left_out.append(f"{row.label} left out: {exc}")
    return places, left_out


def _counts(
    finder: Finder, queries: list[SearchQuery], needs: tuple[tuple[str, str], ...], now: datetime
) -> list[tuple[int, ...]]:
    """For each place's search, how many of what it finds carry each need."""
    with finder.lock:
        index = finder.index
        bits = [np.uint32(index.need_bits.get(need, 0)) for need, _label in needs]
        counted = []
        for found in listed(index, queries, now):
            carried = index.columns.needs.take(found)
            counted.append(tuple(int(np.count_nonzero(carried & bit)) if bit else 0 for bit in bits))
    return counted


def _asked(
    rows: list[GapRow], needs: tuple[tuple[str, str], ...], asked: Iterable[Asked]
) -> tuple[tuple[int, ...], ...]:
    column = {need: j for j, (need, _label) in enumerate(needs)}
    counts = [[0] * len(needs) for _ in rows]
    listed_asked = list(asked)
    for i, row in enumerate(rows):
        for each in listed_asked:
            if row.key in each.keys and each.need in column:
                counts[i][column[each.need]] += each.count
    return tuple(tuple(r) for r in counts)
