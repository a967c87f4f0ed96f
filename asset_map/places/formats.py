"""The open data files of places councils already hold, recognised from their first row.

- **ONS Postcode Directory (ONSPD)** and **National Statistics Postcode Lookup (NSPL)**: CSV
  with a header row; the postcode is `pcds` (or `pcd`, `pcd7`, `pcd8`, `pcd2`), the point is
  `lat` and `long` (WGS-84). `doterm` is set for a postcode no longer in use; a row with
  latitude 99.999999 and longitude 0 has no grid reference.
- **OS Code-Point Open**: CSV without a header: Postcode, Positional_quality_indicator,
  Eastings, Northings, Country_code, NHS_regional_HA_code, NHS_HA_code, Admin_county_code,
  Admin_district_code, Admin_ward_code; the point is on the British National Grid. Quality
  90 has no coordinates.
- **OS Open Names**: CSV without a header, 34 columns (ID, NAMES_URI, NAME1, NAME1_LANG, NAME2,
  NAME2_LANG, TYPE, LOCAL_TYPE, GEOMETRY_X, GEOMETRY_Y, …); populated places (cities, towns,
  villages, hamlets, suburbs, other settlements) and postcodes, on the British National Grid.

Each row is read into one `Row`: a point to keep (with its line, to name it if it cannot be
converted), a kind of row passed over and counted, or a problem naming the field. The header
rows that OS tell people to put back on top of their files are recognised wherever they are.
No I/O here: loading.py reads the files.
"""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from asset_map.errors import AssetMapError
from asset_map.places.names import place_key
from asset_map.store.place_data import NAME_LENGTH
from asset_map.store.place_lookup import PLACE_KINDS
from asset_map.validation import needs_escaping, normalise_postcode, visible

EXPECTED = (
    "the ONS Postcode Directory or NSPL (CSV with a header naming pcds, lat and long), "
    "OS Code-Point Open (CSV: postcode, quality, eastings, northings, …) or OS Open Names "
    "(CSV of 34 columns: ID, NAMES_URI, NAME1, …)"
)

POSTCODE_COLUMNS = ("pcds", "pcd", "pcd7", "pcd8", "pcd2")  # the first there is read
CODE_POINT_HEADERS = (
    ("PC", "PQ", "EA", "NO", "CY", "RH", "LH", "CC", "DC", "WC"),
    (
        "Postcode",
        "Positional_quality_indicator",
        "Eastings",
        "Northings",
        "Country_code",
        "NHS_regional_HA_code",
        "NHS_HA_code",
        "Admin_county_code",
        "Admin_district_code",
        "Admin_ward_code",
    ),
)
OPEN_NAMES_COLUMNS = (
    "ID",
    "NAMES_URI",
    "NAME1",
    "NAME1_LANG",
    "NAME2",
    "NAME2_LANG",
    "TYPE",
    "LOCAL_TYPE",
    "GEOMETRY_X",
    "GEOMETRY_Y",
    "MOST_DETAIL_VIEW_RES",
    "LEAST_DETAIL_VIEW_RES",
    "MBR_XMIN",
    "MBR_YMIN",
    "MBR_XMAX",
    "MBR_YMAX",
    "POSTCODE_DISTRICT",
    "POSTCODE_DISTRICT_URI",
    "POPULATED_PLACE",
    "POPULATED_PLACE_URI",
    "POPULATED_PLACE_TYPE",
    "DISTRICT_BOROUGH",
    "DISTRICT_BOROUGH_URI",
    "DISTRICT_BOROUGH_TYPE",
    "COUNTY_UNITARY",
    "COUNTY_UNITARY_URI",
    "COUNTY_UNITARY_TYPE",
    "REGION",
    "REGION_URI",
    "COUNTRY",
    "COUNTRY_URI",
    "RELATED_SPATIAL_OBJECT",
    "SAME_AS_DBPEDIA",
    "SAME_AS_GEONAMES",
)
OPEN_NAMES_TYPES = {"populatedPlace", "transportNetwork", "other", "hydrography", "landform", "landcover"}
_ON = {name: i for i, name in enumerate(OPEN_NAMES_COLUMNS)}

# Where the files' points can be: the United Kingdom, the Channel Islands and the Isle of Man
# (latitude, longitude), and the British National Grid's extent (eastings, northings).
UK_LATITUDE = (49.0, 61.0)
UK_LONGITUDE = (-9.0, 2.5)
GRID_EASTING = (0, 700_000)
GRID_NORTHING = (0, 1_300_000)
NO_GRID_LATITUDE = 99.999999  # ONSPD and NSPL: "no grid reference"


class PlaceFileRefused(AssetMapError):
    """Not a file of places this can read, said in one line naming what was expected."""


Kind = Literal["point", "grid", "place", "terminated", "no_grid", "not_a_place", "header", "bad"]


@dataclass(frozen=True, slots=True)
class Row:
    """What one row of a file is. `point`: a postcode with latitude and longitude (a, b);
    `grid`: a postcode with eastings and northings (a, b); `place`: a named place at eastings
    and northings, with `place` = (id, name, other name, kind, district, county);
    `terminated`: a postcode no longer in use (`code`, when it could be read); `bad`: `field`
    and `problem` say what is wrong."""

    kind: Kind
    code: str = ""
    a: float = 0.0
    b: float = 0.0
    place: tuple[str, str, str, str, str, str] | None = None
    field: str = ""
    problem: str = ""


HEADER = Row("header")
NO_GRID = Row("no_grid")
NOT_A_PLACE = Row("not_a_place")


def _bad(field: str, problem: str) -> Row:
    return Row("bad", field=field, problem=problem)


def _shown(value: str, most: int = 40) -> str:
    """A value as a problem quotes it: short, and never sending escapes to a terminal."""
    text = value if len(value) <= most else value[: most - 1] + "…"
    return repr(visible(text))


def _postcode(value: str, field: str) -> str | Row:
    try:
        return normalise_postcode(value)
    except ValueError:
        return _bad(field, f"{_shown(value)} is not a UK postcode")


def _number(value: str, field: str) -> float | Row:
    try:
        number = float(value)
    except ValueError:
        return _bad(field, f"{_shown(value)} is not a number")
    return number if math.isfinite(number) else _bad(field, f"{_shown(value)} is not a number")


class Layout(ABC):
    """How one kind of file is read, row by row."""

    name = ""  # as the person knows it: "National Statistics Postcode Lookup (NSPL)"
    kind = ""  # kept with the load: "NSPL"

    @abstractmethod
    def read(self, row: Sequence[str]) -> Row:
        """One row as a point, a place, a header, a row to skip or a bad row (named)."""


class PostcodeDirectory(Layout):
    """ONSPD or NSPL: the header names the columns; postcodes with latitude and longitude."""

    def __init__(self, header: Sequence[str]) -> None:
        names = [h.strip().lower() for h in header]
        column = next(c for c in POSTCODE_COLUMNS if c in names)
        self.header = list(header)
        self.width = len(names)
        self.code_field, self.code = header[names.index(column)].strip(), names.index(column)
        self.lat, self.lon = names.index("lat"), names.index("long")
        self.doterm = names.index("doterm") if "doterm" in names else None
        onspd = any(n in names for n in ("oslaua", "osward", "parish")) or any(
            n.startswith("parncp") for n in names
        )
        self.kind = "ONSPD" if onspd else "NSPL"
        self.name = (
            "ONS Postcode Directory (ONSPD)" if onspd else "National Statistics Postcode Lookup (NSPL)"
        )

    @staticmethod
    def recognises(first: Sequence[str]) -> bool:
        names = {h.strip().lower() for h in first}
        return {"lat", "long"} <= names and any(c in names for c in POSTCODE_COLUMNS)

    def read(self, row: Sequence[str]) -> Row:
        if row[0] == self.header[0] and list(row) == self.header:
            return HEADER  # the first row, or files joined together, each with its header
        if len(row) != self.width:
            return _bad("row", f"has {len(row)} fields; the header names {self.width}")
        raw = row[self.code]
        if self.doterm is not None and row[self.doterm].strip():
            code = _postcode(raw, self.code_field)
            return Row("terminated", code=code if isinstance(code, str) else "")
        lat = _number(row[self.lat], "lat")
        if isinstance(lat, Row):
            return lat
        lon = _number(row[self.lon], "long")
        if isinstance(lon, Row):
            return lon
        if lat == NO_GRID_LATITUDE or (lat > 90 and lon == 0):
            return NO_GRID
        if not (UK_LATITUDE[0] <= lat <= UK_LATITUDE[1] and UK_LONGITUDE[0] <= lon <= UK_LONGITUDE[1]):
            return _bad("lat", f"({lat}, {lon}) is not in the United Kingdom")
        code = _postcode(raw, self.code_field)
        if isinstance(code, Row):
            return code
        return Row("point", code=code, a=lat, b=lon)


class CodePointOpen(Layout):
    """OS Code-Point Open: postcode, quality, eastings, northings and area codes; no header."""

    name = "OS Code-Point Open"
    kind = "Code-Point Open"

    @staticmethod
    def recognises(first: Sequence[str]) -> bool:
        if tuple(f.strip() for f in first[:4]) in {h[:4] for h in CODE_POINT_HEADERS}:
            return True
        if len(first) != len(CODE_POINT_HEADERS[0]):
            return False
        numbers = all(f.strip().isdigit() for f in first[1:4])
        return numbers and isinstance(_postcode(first[0], ""), str)

    def read(self, row: Sequence[str]) -> Row:
        if len(row) < 4:
            return _bad("row", f"has {len(row)} fields; Code-Point Open rows have 10")
        if row[0] in ("PC", "Postcode"):
            return HEADER
        quality, east, north = row[1].strip(), row[2].strip(), row[3].strip()
        if not (east.isdigit() and north.isdigit()):
            field, value = ("Eastings", east) if not east.isdigit() else ("Northings", north)
            return _bad(field, f"{_shown(value)} is not a whole number of metres")
        e, n = int(east), int(north)
        if quality == "90" or (e == 0 and n == 0):
            return NO_GRID
        if not (GRID_EASTING[0] < e < GRID_EASTING[1] and GRID_NORTHING[0] < n < GRID_NORTHING[1]):
            return _bad("Eastings", f"({e}, {n}) is outside the British National Grid")
        code = _postcode(row[0], "Postcode")
        if isinstance(code, Row):
            return code
        return Row("grid", code=code, a=e, b=n)


class OpenNames(Layout):
    """OS Open Names: populated places and postcodes on the British National Grid; no header."""

    name = "OS Open Names"
    kind = "Open Names"

    @staticmethod
    def recognises(first: Sequence[str]) -> bool:
        if tuple(first[:3]) == OPEN_NAMES_COLUMNS[:3]:
            return True
        return len(first) == len(OPEN_NAMES_COLUMNS) and first[_ON["TYPE"]] in OPEN_NAMES_TYPES

    def read(self, row: Sequence[str]) -> Row:
        if len(row) != len(OPEN_NAMES_COLUMNS):
            return _bad("row", f"has {len(row)} fields; OS Open Names rows have {len(OPEN_NAMES_COLUMNS)}")
        kind, local = row[_ON["TYPE"]], row[_ON["LOCAL_TYPE"]]
        if kind == "populatedPlace" and local in PLACE_KINDS:
            return self._place(row, local)
        if kind == "other" and local == "Postcode":
            point = self._grid(row)
            if isinstance(point, Row):
                return point
            code = _postcode(row[_ON["NAME1"]], "NAME1")
            return code if isinstance(code, Row) else Row("grid", code=code, a=point[0], b=point[1])
        if row[0] == "ID" and row[1] == "NAMES_URI":
            return HEADER
        return NOT_A_PLACE  # roads, rivers, hills, woods…

    @staticmethod
    def _grid(row: Sequence[str]) -> tuple[float, float] | Row:
        east = _number(row[_ON["GEOMETRY_X"]], "GEOMETRY_X")
        if isinstance(east, Row):
            return east
        north = _number(row[_ON["GEOMETRY_Y"]], "GEOMETRY_Y")
        if isinstance(north, Row):
            return north
        if not (GRID_EASTING[0] < east < GRID_EASTING[1] and GRID_NORTHING[0] < north < GRID_NORTHING[1]):
            return _bad("GEOMETRY_X", f"({east}, {north}) is outside the British National Grid")
        return east, north

    def _place(self, row: Sequence[str], local: str) -> Row:
        texts = {}
        for field in ("ID", "NAME1", "NAME2", "DISTRICT_BOROUGH", "COUNTY_UNITARY"):
            value = row[_ON[field]].strip()
            if needs_escaping(value) or "\ufffd" in value:
                return _bad(field, f"{_shown(value)} holds control characters or bytes that are not UTF-8")
            if len(value) > NAME_LENGTH:
                return _bad(field, f"is {len(value)} characters long; at most {NAME_LENGTH}")
            texts[field] = value
        if not texts["ID"]:
            return _bad("ID", "is empty")
        if not place_key(texts["NAME1"]):
            return _bad("NAME1", f"{_shown(texts['NAME1'])} is not a name")
        point = self._grid(row)
        if isinstance(point, Row):
            return point
        place = (
            texts["ID"],
            texts["NAME1"],
            texts["NAME2"],
            local,
            texts["DISTRICT_BOROUGH"],
            texts["COUNTY_UNITARY"],
        )
        return Row("place", a=point[0], b=point[1], place=place)


def recognise(first: Sequence[str], where: str) -> tuple[Layout, bool]:
    """The layout of a file from its first row, and whether that row is a header (not data);
    PlaceFileRefused when it is none of them."""
    if PostcodeDirectory.recognises(first):
        return PostcodeDirectory(first), True
    if OpenNames.recognises(first):
        return OpenNames(), tuple(first[:3]) == OPEN_NAMES_COLUMNS[:3]
    if CodePointOpen.recognises(first):
        return CodePointOpen(), first[0].strip() in ("PC", "Postcode")
    shown = _shown(",".join(first), 60)
    raise PlaceFileRefused(
        f"{where} is not a file of places this can read (it starts {shown}); expected {EXPECTED}"
    )
