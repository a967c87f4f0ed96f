"""Loading a file of places (`asset-map places load FILE`): streamed, in bounded memory.

The file (or a folder of files of one kind, as OS supply Code-Point Open and Open Names) is
recognised from its first row (formats.py), fingerprinted (the same bytes loaded again change
nothing), then read a row at a time and written many rows at a time, in the caller's one
transaction. Eastings and northings become latitude and longitude through pyproj (PROJ's
British National Grid to WGS-84 transformation): geodesy is not written by hand here. A row
that cannot be read is named — file line and field — and counted; the rest still load.
"""

from __future__ import annotations

import csv
import hashlib
import io
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from asset_map.places.formats import (
    EXPECTED,
    UK_LATITUDE,
    UK_LONGITUDE,
    Layout,
    PlaceFileRefused,
    Row,
    recognise,
)
from asset_map.places.names import place_key
from asset_map.store.place_data import PlaceRow, PlaceWriter, PostcodeRow

if TYPE_CHECKING:
    from pyproj import Transformer

Progress = Callable[[int, int], None]  # bytes read, bytes in all

BATCH = 10_000  # rows written (and converted) at a time: memory stays bounded
PROGRESS_EVERY = 50_000  # rows between two progress reports
NAMED = 1000  # problems named in the report; beyond, only counted
GIVE_UP = 1000  # bad rows with not one good one before them: not such a file after all
ZIP_MAGIC = b"PK\x03\x04"


@dataclass(frozen=True)
class PlaceFile:
    """A file (or a folder of files) recognised as one kind of place data."""

    path: Path
    files: tuple[tuple[Path, Layout], ...]
    size: int

    @property
    def layout(self) -> Layout:
        return self.files[0][1]

    @property
    def name(self) -> str:
        return self.path.name or str(self.path)


@dataclass
class LoadReport:
    """What a load found: counts of each kind of row, and the bad rows named."""

    name: str
    format: str
    rows: int = 0
    postcodes: int = 0
    places: int = 0
    terminated: int = 0
    no_grid: int = 0
    not_places: int = 0
    bad: int = 0
    problems: list[str] = field(default_factory=list)
    loaded_before: str | None = None  # when the same bytes were loaded (then nothing was done)
    seconds: float = 0.0

    def problem(self, where: str, field_name: str, message: str) -> None:
        self.bad += 1
        if len(self.problems) < NAMED:
            self.problems.append(f"{where}, field {field_name}: {message}")

    def counts(self) -> dict[str, int]:
        return {
            "rows": self.rows,
            "postcodes": self.postcodes,
            "places": self.places,
            "terminated": self.terminated,
            "no_grid": self.no_grid,
            "bad": self.bad,
        }

    def __str__(self) -> str:
        if self.loaded_before is not None:
            return f"already loaded on {self.loaded_before}: nothing changed"
        found = [counted(self.postcodes, "postcode")] + (
            [counted(self.places, "place")] if self.places else []
        )
        passed = [
            counted(count, one, many)
            for count, one, many in (
                (self.terminated, "terminated postcode", "terminated postcodes"),
                (self.no_grid, "without a grid reference", "without a grid reference"),
                (self.not_places, "road, river or other feature", "roads, rivers and other features"),
                (self.bad, "bad row", "bad rows"),
            )
            if count
        ]
        said = f"{' and '.join(found)} from {counted(self.rows, 'row')}"
        return said + (f"; skipped {', '.join(passed)}" if passed else "") + f" ({self.seconds:.1f} s)"


def counted(count: int, one: str, many: str | None = None) -> str:
    """ "1 postcode", "2,612,345 postcodes"."""
    return f"{count:,} {one if count == 1 else many or one + 's'}"


# ---------------------------------------------------------------- recognising


def _first_row(path: Path, where: str) -> list[str]:
    with path.open("rb") as raw:
        start = raw.read(4)
        if start == ZIP_MAGIC:
            raise PlaceFileRefused(
                f"{where} is a zip archive: unzip it, then load the CSV file (or the folder of CSV "
                "files) in its Data folder"
            )
        raw.seek(0)
        text = io.TextIOWrapper(raw, encoding="utf-8-sig", errors="replace", newline="")
        try:
            for row in csv.reader(text):
                if any(cell.strip() for cell in row):
                    return row
        except csv.Error as exc:
            raise PlaceFileRefused(
                f"{where} is not a file of places this can read ({exc}); expected {EXPECTED}"
            ) from None
    raise PlaceFileRefused(f"{where} is empty; expected {EXPECTED}")


def open_place_file(path: Path) -> PlaceFile:
    """The file (or the folder of .csv files) at `path`, recognised; PlaceFileRefused, in one
    line, when it is none of the formats or its files are not all of one."""
    if path.is_dir():
        members = sorted(p for p in path.iterdir() if p.suffix.lower() == ".csv" and p.is_file())
        if not members:
            raise PlaceFileRefused(f"{path} holds no .csv files; expected {EXPECTED}")
    elif path.exists():
        members = [path]
    else:
        raise PlaceFileRefused(f"{path}: no such file or folder")
    files = []
    for member in members:
        layout, _ = recognise(_first_row(member, str(member)), str(member))
        files.append((member, layout))
        if layout.kind != files[0][1].kind:
            raise PlaceFileRefused(
                f"{path} mixes {files[0][1].name} ({files[0][0].name}) with {layout.name} "
                f"({member.name}): load one kind of file at a time"
            )
    return PlaceFile(path, tuple(files), sum(p.stat().st_size for p, _ in files))


def fingerprint(place_file: PlaceFile) -> str:
    """The sha256 of the files' names and bytes: the same data, loaded again, is known."""
    digest = hashlib.sha256()
    for path, _ in place_file.files:
        if len(place_file.files) > 1:
            digest.update(path.name.encode("utf-8") + b"\0")
        with path.open("rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
    return digest.hexdigest()


# ---------------------------------------------------------------- loading


class _Batches:
    """Rows waiting to be written: postcodes with a point, postcodes and places on the grid
    (converted a batch at a time), postcodes no longer in use."""

    def __init__(self, writer: PlaceWriter, source: int, report: LoadReport) -> None:
        self.writer, self.source, self.report = writer, source, report
        self.points: list[PostcodeRow] = []
        self.grid: list[tuple[str, str, float, float]] = []  # where, code, easting, northing
        self.places: list[tuple[str, tuple[str, str, str, str, str, str], float, float]] = []
        self.gone: list[str] = []
        self._transformer: Transformer | None = None

    def add(self, row: Row, where: str) -> None:
        kind = row.kind
        if kind == "point":
            self.points.append((row.code, row.a, row.b))
            if len(self.points) >= BATCH:
                self.write_points()
        elif kind == "grid":
            self.grid.append((where, row.code, row.a, row.b))
            if len(self.grid) >= BATCH:
                self.convert_grid()
        elif kind == "place" and row.place is not None:
            self.places.append((where, row.place, row.a, row.b))
            if len(self.places) >= BATCH:
                self.convert_places()
        elif kind == "terminated":
            self.report.terminated += 1
            if row.code:
                self.gone.append(row.code)
                if len(self.gone) >= BATCH:
                    self.write_gone()
        elif kind == "no_grid":
            self.report.no_grid += 1
        elif kind == "not_a_place":
            self.report.not_places += 1
        elif kind == "bad":
            self.report.problem(where, row.field, row.problem)

    def flush(self) -> None:
        self.convert_grid()
        self.convert_places()
        self.write_points()
        self.write_gone()

    def write_points(self) -> None:
        if self.points:
            self.writer.postcodes(self.points, self.source)
            self.report.postcodes += len(self.points)
            self.points = []

    def write_gone(self) -> None:
        if self.gone:
            self.writer.terminated(self.gone)
            self.gone = []

    def _to_wgs84(self, eastings: list[float], northings: list[float]) -> Iterator[tuple[float, float]]:
        """(latitude, longitude) of each British National Grid point, by PROJ."""
        if self._transformer is None:
            from pyproj import Transformer

            self._transformer = Transformer.from_crs("EPSG:27700", "EPSG:4326", always_xy=True)
        longitudes, latitudes = self._transformer.transform(eastings, northings)
        return zip(latitudes, longitudes, strict=True)

    def _converted(self, where: str, point: tuple[float, float]) -> bool:
        lat, lon = point  # not a number, or infinite, is never within
        if UK_LATITUDE[0] <= lat <= UK_LATITUDE[1] and UK_LONGITUDE[0] <= lon <= UK_LONGITUDE[1]:
            return True
        self.report.problem(where, "eastings and northings", "not a point in Great Britain")
        return False

    def convert_grid(self) -> None:
        if not self.grid:
            return
        points = self._to_wgs84([g[2] for g in self.grid], [g[3] for g in self.grid])
        for (where, code, _, _), point in zip(self.grid, points, strict=True):
            if self._converted(where, point):
                self.points.append((code, point[0], point[1]))
        self.grid = []
        self.write_points()

    def convert_places(self) -> None:
        if not self.places:
            return
        rows: list[PlaceRow] = []
        points = self._to_wgs84([p[2] for p in self.places], [p[3] for p in self.places])
        for (where, place, _, _), (lat, lon) in zip(self.places, points, strict=True):
            if not self._converted(where, (lat, lon)):
                continue
            ident, name, other, kind, district, county = place
            rows.append((ident, place_key(name), name, False, kind, district, county, lat, lon))
            if other and place_key(other) and place_key(other) != place_key(name):
                rows.append((f"{ident}/2", place_key(other), name, True, kind, district, county, lat, lon))
        self.writer.places(rows, self.source)
        self.report.places += sum(1 for row in rows if not row[3])
        self.places = []


def load_place_file(
    place_file: PlaceFile, fingerprint: str, writer: PlaceWriter, *, progress: Progress | None = None
) -> LoadReport:
    """Read every row of the file(s) into the writer's transaction; the report says what was
    found. PlaceFileRefused (nothing kept: the caller's transaction rolls back) when not one
    of the first GIVE_UP rows could be read."""
    began = time.monotonic()
    report = LoadReport(place_file.name, place_file.layout.name)
    source = writer.add_source(
        name=place_file.name, kind=place_file.layout.kind, fingerprint=fingerprint, size=place_file.size
    )
    batches = _Batches(writer, source, report)
    done = 0
    for path, layout in place_file.files:
        prefix = f"{path.name} " if len(place_file.files) > 1 else ""
        rows = _Rows(path, report, prefix)
        for line, row in rows:
            outcome = layout.read(row)
            if outcome.kind != "header":
                report.rows += 1
            batches.add(outcome, f"{prefix}line {line}")
            if report.bad >= GIVE_UP and report.postcodes + report.places + len(batches.points) == 0:
                raise PlaceFileRefused(
                    f"{place_file.name}: not one of the first {report.bad} rows could be read as "
                    f"{layout.name} ({report.problems[0]}); nothing was loaded"
                )
            if progress is not None and report.rows % PROGRESS_EVERY == 0:
                progress(done + rows.position, place_file.size)
        done += path.stat().st_size
        batches.flush()
    writer.finish_source(source, report.counts())
    report.seconds = time.monotonic() - began
    if progress is not None:
        progress(place_file.size, place_file.size)
    return report


class _Rows:
    """(line, fields) of each row of a file that is not blank; a row the CSV reader cannot
    split is named and passed over. `position`: how far into the file the reading is."""

    def __init__(self, path: Path, report: LoadReport, prefix: str) -> None:
        self.path, self.report, self.prefix = path, report, prefix
        self._raw: BinaryIO | None = None

    @property
    def position(self) -> int:
        return self._raw.tell() if self._raw is not None else 0

    def __iter__(self) -> Iterator[tuple[int, list[str]]]:
        with self.path.open("rb") as raw:
            self._raw = raw
            reader = csv.reader(io.TextIOWrapper(raw, encoding="utf-8-sig", errors="replace", newline=""))
            while True:
                try:
                    row = next(reader)
                except StopIteration:
                    break
                except csv.Error as exc:
                    self.report.problem(f"{self.prefix}line {reader.line_num}", "row", str(exc))
                    continue
                if row and (len(row) > 1 or row[0].strip()):
                    yield reader.line_num, row
        self._raw = None
