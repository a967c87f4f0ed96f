"""`asset-map places load`: the open data councils hold, in their published layouts, loaded
streaming, in one transaction, every bad row named; and what the gazetteer answers after."""

from __future__ import annotations

import sqlite3
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from geopy.distance import geodesic
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from asset_map.config import Settings
from asset_map.directory.facade import Directory
from asset_map.directory.place_files import load_places, places_held
from asset_map.places import PlaceNotFound
from asset_map.places import loading as loading_module
from asset_map.places.formats import PlaceFileRefused
from asset_map.places.loading import fingerprint, load_place_file, open_place_file
from asset_map.store.db import StoreError
from asset_map.store.place_data import PlaceWriter
from tests.conftest import asset_in, document, write_json
from tests.placefiles import (
    AB1_GRID,
    AB1_POINT,
    CODE_POINT_LONG,
    CODE_POINT_SHORT,
    NSPL11,
    NSPL21,
    NSPL25,
    ONSPD,
    OPEN_NAMES,
    OPEN_NAMES_ROWS,
    code_point_line,
    postcode_line,
    write_lines,
    write_postcode_file,
)

BRISTOL = (51.4633, -2.5617)


@pytest.fixture
def places_dir(tmp_path: Path) -> Iterator[Directory]:
    """A directory with no entries, to load places into."""
    seed = write_json(tmp_path / "empty.json", document([]))
    opened = Directory.open(
        Settings(db_url=f"sqlite:///{tmp_path / 'p.db'}", online_geocoding=False), seed=seed
    )
    yield opened
    opened.close()


def nspl_rows(header: list[str] = NSPL21) -> list[str]:
    return [
        postcode_line(header, "AB1 0AA", 57.101474, -2.242851, doterm="199606"),  # line 2: terminated
        postcode_line(header, "BS5 6XX", 51.4633, -2.5617),  # line 3
        postcode_line(header, "BS5 6XY", 99.999999, "0.000000"),  # line 4: no grid reference
        postcode_line(header, "BS5 6XZ", "abc", -2.5617),  # line 5: bad latitude
        postcode_line(header, "BS5 7AB", 51.4661, -2.5532),  # line 6
        postcode_line(header, "NOT A CODE", 51.46, -2.55),  # line 7: bad postcode
        postcode_line(header, "RM18 7NR", 51.4635, 0.3612),  # line 8: in Thurrock
    ]


# ---------------------------------------------------------------- postcode directories


@pytest.mark.parametrize(
    ("header", "format_name"),
    [
        (NSPL21, "National Statistics Postcode Lookup (NSPL)"),
        (NSPL11, "National Statistics Postcode Lookup (NSPL)"),
        (NSPL25, "National Statistics Postcode Lookup (NSPL)"),
        (ONSPD, "ONS Postcode Directory (ONSPD)"),
    ],
)
def test_postcode_directories_load_in_each_published_layout(
    places_dir: Directory, tmp_path: Path, header: list[str], format_name: str
) -> None:
    path = write_postcode_file(tmp_path / "pc.csv", nspl_rows(header), header)
    report = load_places(places_dir, path)
    assert report.format == format_name
    assert (report.rows, report.postcodes, report.terminated, report.no_grid, report.bad) == (7, 3, 1, 1, 2)
    assert report.problems == [
        "line 5, field lat: 'abc' is not a number",
        f"line 7, field {'pcds'}: 'NOT A CODE' is not a UK postcode",
    ]
    place = places_dir.gazetteer.resolve("bs5 6xx")
    assert (place.label, place.precision, place.point, place.note) == ("BS5 6XX", "postcode", BRISTOL, "")


def test_terminated_and_ungridded_postcodes_are_not_answered(places_dir: Directory, tmp_path: Path) -> None:
    load_places(places_dir, write_postcode_file(tmp_path / "pc.csv", nspl_rows()))
    for code in ("BS5 6XY", "BS5 6XZ"):
        assert places_dir.gazetteer.resolve(code).precision == "postcode sector", code
    with pytest.raises(PlaceNotFound, match="outside the built-in gazetteer"):
        places_dir.gazetteer.resolve("AB1 0AA")  # nothing else in AB1 was loaded


def test_a_newer_file_terminating_a_postcode_takes_its_point_away(
    places_dir: Directory, tmp_path: Path
) -> None:
    load_places(places_dir, write_postcode_file(tmp_path / "a.csv", nspl_rows()))
    later = [postcode_line(NSPL21, "BS5 6XX", 51.4633, -2.5617, doterm="202402")]
    load_places(places_dir, write_postcode_file(tmp_path / "b.csv", later))
    assert places_dir.gazetteer.resolve("BS5 6XX").precision == "postcode district"  # BS5 6 has none left


def test_a_full_postcode_in_thurrock_gets_its_own_point_and_keeps_its_locality(
    places_dir: Directory, tmp_path: Path
) -> None:
    before = places_dir.gazetteer.resolve("RM18 7NR")
    assert before.precision == "postcode sector"
    load_places(places_dir, write_postcode_file(tmp_path / "pc.csv", nspl_rows()))
    place = places_dir.gazetteer.resolve("RM18 7NR")
    assert (place.precision, place.point) == ("postcode", (51.4635, 0.3612))
    assert (place.locality, place.area) == ("Tilbury", "Tilbury and Chadwell")
    assert places_dir.gazetteer.resolve("RM18 7").point == before.point  # the built-in sector first


def test_sectors_and_districts_outside_the_borough_are_the_centre_of_their_postcodes(
    places_dir: Directory, tmp_path: Path
) -> None:
    load_places(places_dir, write_postcode_file(tmp_path / "pc.csv", nspl_rows()))
    sector = places_dir.gazetteer.resolve("BS5 6AA")  # not itself loaded
    assert (sector.precision, sector.point, sector.note) == (
        "postcode sector",
        BRISTOL,
        "centre of postcode sector BS5 6",
    )
    district = places_dir.gazetteer.resolve("BS5")
    assert district.precision == "postcode district"
    assert district.point == pytest.approx(((51.4633 + 51.4661) / 2, (-2.5617 - 2.5532) / 2))
    assert places_dir.gazetteer.resolve("BS5 9ZZ").note == "centre of postcode district BS5"


def test_loading_the_same_file_twice_changes_nothing(places_dir: Directory, tmp_path: Path) -> None:
    path = write_postcode_file(tmp_path / "pc.csv", nspl_rows())
    load_places(places_dir, path)
    db = Path(str(places_dir.engine.url.database))
    first = _dump(db)
    again = load_places(places_dir, path)
    assert again.loaded_before is not None and "nothing changed" in str(again)
    copied = tmp_path / "renamed copy.csv"
    copied.write_bytes(path.read_bytes())
    assert load_places(places_dir, copied).loaded_before is not None  # the same bytes, by any name
    assert _dump(db) == first


def _dump(db: Path) -> list[object]:
    with sqlite3.connect(db) as conn:
        return [
            conn.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall()
            for table in ("postcode_point", "named_place", "place_source", "schema_meta")
        ]


# ---------------------------------------------------------------- grid references


def test_code_point_open_eastings_and_northings_become_latitude_and_longitude(
    places_dir: Directory, tmp_path: Path
) -> None:
    path = write_lines(
        tmp_path / "ab.csv",
        [
            code_point_line("AB1 0AA", *AB1_GRID),
            code_point_line("AB101AB", 394251, 806376),  # written without its space, as OS do
            code_point_line("AB1 0AD", 0, 0, quality=90),  # no coordinates
            '"AB1 0AE",10,twelve,806376,"S92000003","","","","S12000033","S13002842"',
        ],
    )
    report = load_places(places_dir, path)
    assert report.format == "OS Code-Point Open"
    assert (report.postcodes, report.no_grid, report.bad) == (2, 1, 1)
    assert report.problems == ["line 4, field Eastings: 'twelve' is not a whole number of metres"]
    point = places_dir.gazetteer.resolve("AB1 0AA").point
    assert geodesic(point, AB1_POINT).m < 1  # as ONS give it, within a metre
    assert places_dir.gazetteer.resolve("AB10 1AB").precision == "postcode"


@pytest.mark.parametrize(
    "headers", [[CODE_POINT_SHORT], [CODE_POINT_SHORT, CODE_POINT_LONG], [CODE_POINT_LONG]]
)
def test_code_point_header_rows_put_back_on_top_are_passed_over(
    places_dir: Directory, tmp_path: Path, headers: list[list[str]]
) -> None:
    lines = [",".join(h) for h in headers] + [code_point_line("AB1 0AA", *AB1_GRID)]
    report = load_places(places_dir, write_lines(tmp_path / "cp.csv", lines))
    assert (report.postcodes, report.bad, report.rows) == (1, 0, 1)


def test_a_folder_of_code_point_files_loads_as_one(places_dir: Directory, tmp_path: Path) -> None:
    folder = tmp_path / "CSV"
    folder.mkdir()
    write_lines(folder / "ab.csv", [code_point_line("AB1 0AA", *AB1_GRID)])
    write_lines(folder / "so.csv", [code_point_line("SO16 0AS", 437292, 115542), '"SO16 0AT",10,800000,2'])
    (folder / "readme.txt").write_text("not read")
    report = load_places(places_dir, folder)
    assert (report.name, report.postcodes, report.bad) == ("CSV", 2, 1)
    assert report.problems == [
        "so.csv line 2, field Eastings: (800000, 2) is outside the British National Grid"
    ]
    assert places_dir.gazetteer.resolve("SO16 0AS").precision == "postcode"


def test_a_folder_mixing_kinds_of_file_is_refused(places_dir: Directory, tmp_path: Path) -> None:
    folder = tmp_path / "mixed"
    folder.mkdir()
    write_lines(folder / "a.csv", [code_point_line("AB1 0AA", *AB1_GRID)])
    write_postcode_file(folder / "b.csv", nspl_rows())
    with pytest.raises(PlaceFileRefused, match=r"mixes OS Code-Point Open .* with National Statistics"):
        load_places(places_dir, folder)


# ---------------------------------------------------------------- OS Open Names


@pytest.fixture
def with_names(places_dir: Directory, tmp_path: Path) -> Directory:
    report = load_places(places_dir, write_lines(tmp_path / "names.csv", OPEN_NAMES_ROWS))
    assert (report.format, report.places, report.postcodes, report.not_places, report.bad) == (
        "OS Open Names",
        5,
        1,
        2,
        0,
    )
    return places_dir


def test_open_names_towns_and_villages_are_places(with_names: Directory) -> None:
    place = with_names.gazetteer.resolve("keswick")
    assert (place.label, place.precision, place.area, place.note) == ("Keswick", "place", "Allerdale", "")
    assert geodesic(place.point, (54.6013, -3.1347)).km < 1
    assert with_names.gazetteer.resolve("CA12 5DQ").precision == "postcode"  # its postcodes too
    with pytest.raises(PlaceNotFound):
        with_names.gazetteer.resolve("Main Street")  # a road is not a place


def test_a_welsh_name_finds_the_same_place(with_names: Directory) -> None:
    assert with_names.gazetteer.resolve("Caerdydd").label == "Cardiff"
    assert with_names.gazetteer.canonical_locality("caerdydd") == "Cardiff"


def test_an_ambiguous_name_is_the_nearest_of_the_most_important_and_says_so(with_names: Directory) -> None:
    place = with_names.gazetteer.resolve("Milton")
    assert place.area == "South Cambridgeshire"  # nearer Thurrock than Oxfordshire's
    assert place.label == "Milton, South Cambridgeshire"
    assert "one of 2 places called Milton" in place.note and "Milton, South Cambridgeshire" in place.note
    other = with_names.gazetteer.resolve("Milton, Oxfordshire")
    assert other.area == "Vale of White Horse"
    with pytest.raises(PlaceNotFound) as caught:
        with_names.gazetteer.resolve("Milton, Devon")
    assert caught.value.suggestions == ["Milton, South Cambridgeshire", "Milton, Vale of White Horse"]


def test_slips_in_loaded_names_are_forgiven_and_suggested(with_names: Directory) -> None:
    place = with_names.gazetteer.resolve("Keswik")
    assert place.label == "Keswick" and "taken 'Keswik' as Keswick" in place.note
    with pytest.raises(PlaceNotFound) as caught:
        with_names.gazetteer.resolve("Kezwik")  # two slips in six letters: suggested, not taken
    assert caught.value.suggestions == ["Keswick"]


def test_built_in_localities_still_come_first(with_names: Directory) -> None:
    assert with_names.gazetteer.resolve("Tilbury").precision == "locality"
    assert with_names.gazetteer.resolve("Grayz").locality == "Grays"
    assert with_names.gazetteer.area_name("Keswick") == "Allerdale"
    assert with_names.gazetteer.localities["Keswick"].area_name == "Allerdale"  # indexing finds it
    assert "Keswick" not in with_names.gazetteer.localities  # iterating sees the built-in ones


# ---------------------------------------------------------------- refused files


@pytest.mark.parametrize(
    ("content", "said"),
    [
        (b"", "is empty"),
        (b"\n\n", "is empty"),
        (b"name,town\nAnn,Grays\n", "is not a file of places this can read (it starts 'name,town')"),
        (b"\x00\x01\x02binary\xff\xfe", "is not a file of places this can read"),
    ],
)
def test_a_file_of_no_known_format_is_refused_in_one_line(
    places_dir: Directory, tmp_path: Path, content: bytes, said: str
) -> None:
    path = tmp_path / "x.csv"
    path.write_bytes(content)
    with pytest.raises(PlaceFileRefused) as caught:
        load_places(places_dir, path)
    message = str(caught.value)
    assert said in message and "\n" not in message
    assert "expected the ONS Postcode Directory or NSPL" in message and "OS Open Names" in message


def test_a_zip_is_refused_with_what_to_do(places_dir: Directory, tmp_path: Path) -> None:
    path = tmp_path / "codepo_gb.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("Data/CSV/ab.csv", code_point_line("AB1 0AA", *AB1_GRID))
    with pytest.raises(PlaceFileRefused, match="zip archive: unzip it"):
        load_places(places_dir, path)


def test_a_file_whose_rows_cannot_be_read_loads_nothing(places_dir: Directory, tmp_path: Path) -> None:
    rows = [postcode_line(NSPL21, f"BS5 {i % 10}XX", "north", "west") for i in range(1200)]
    path = write_postcode_file(tmp_path / "bad.csv", rows)
    with pytest.raises(PlaceFileRefused, match=r"not one of the first 1000 rows.*line 2, field lat"):
        load_places(places_dir, path)
    assert places_held(places_dir.engine).sources == []  # rolled back, the file's record too


# ---------------------------------------------------------------- streaming


def test_a_big_file_is_read_a_batch_at_a_time_with_progress(
    places_dir: Directory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(loading_module, "BATCH", 100)
    monkeypatch.setattr(loading_module, "PROGRESS_EVERY", 250)
    rows = [
        postcode_line(
            NSPL21,
            f"BS{i // 400 + 1} {i % 10}{'ABDEFGHJLN'[i // 10 % 10]}{'PQRSTUWXYZ'[i // 100 % 4]}",
            51.4,
            -2.5,
        )
        for i in range(2000)
    ]
    path = write_postcode_file(tmp_path / "big.csv", rows)
    written: list[int] = []
    original = PlaceWriter.postcodes

    def counting(self: PlaceWriter, batch: list[tuple[str, float, float]], source_id: int) -> None:
        written.append(len(batch))
        original(self, batch, source_id)

    monkeypatch.setattr(PlaceWriter, "postcodes", counting)
    seen: list[tuple[int, int]] = []
    report = load_places(places_dir, path, progress=lambda done, total: seen.append((done, total)))
    assert report.postcodes == 2000 and max(written) == 100 and sum(written) == 2000
    assert len(seen) >= 8
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    assert seen[-1] == (path.stat().st_size, path.stat().st_size)


def test_the_loader_writes_inside_the_callers_transaction(places_dir: Directory, tmp_path: Path) -> None:
    """What `load_place_file` wrote is not there until the caller commits: one transaction."""
    place_file = open_place_file(write_postcode_file(tmp_path / "pc.csv", nspl_rows()))
    with places_dir.writing() as session:
        writer = PlaceWriter(session.connection().connection.cursor())
        load_place_file(place_file, fingerprint(place_file), writer)
        session.rollback()
    assert places_held(places_dir.engine).counts.postcodes == 0


# ---------------------------------------------------------------- bad rows, any number of them

GOOD_CODES = st.builds(
    lambda area, district, sector, unit: f"{area}{district} {sector}{unit}",
    st.sampled_from(["BS", "CA", "N", "EH", "LS", "SW"]),
    st.integers(1, 29),
    st.integers(0, 9),
    st.text("ABDEFGHJLNPQRSTUWXYZ", min_size=2, max_size=2),
)
GOOD = st.tuples(
    st.just("good"),
    GOOD_CODES,
    st.floats(49.9, 60.8).map(lambda x: round(x, 6)),
    st.floats(-8.1, 1.7).map(lambda x: round(x, 6)),
)
BAD = st.one_of(
    st.tuples(st.just("lat"), GOOD_CODES, st.sampled_from(["", "north", "1e400", "nan"]), st.just(-2.5)),
    st.tuples(st.just("long"), GOOD_CODES, st.just(51.5), st.sampled_from(["", "west", "-inf"])),
    st.tuples(
        st.just("pcds"),
        st.sampled_from(["", "HELLO", "BS5", "12345", "BS5 6XXX"]),
        st.just(51.5),
        st.just(-2.5),
    ),
    st.tuples(st.just("row"), GOOD_CODES, st.just(51.5), st.just(-2.5)),  # a field short
    st.tuples(st.just("abroad"), GOOD_CODES, st.just(40.7), st.just(-74.0)),  # not in the UK
)
SKIPPED = st.one_of(
    st.tuples(st.just("terminated"), GOOD_CODES, st.just(51.5), st.just(-2.5)),
    st.tuples(st.just("no_grid"), GOOD_CODES, st.just("99.999999"), st.just("0.000000")),
)


@pytest.fixture(scope="module")
def shared_places(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Directory, Path]]:
    folder = tmp_path_factory.mktemp("prop")
    seed = write_json(folder / "empty.json", document([]))
    opened = Directory.open(
        Settings(db_url=f"sqlite:///{folder / 'p.db'}", online_geocoding=False), seed=seed
    )
    yield opened, folder
    opened.close()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(GOOD, GOOD, BAD, SKIPPED), min_size=1, max_size=40))
def test_every_bad_row_is_named_and_every_good_row_is_found(
    shared_places: tuple[Directory, Path], rows: list[tuple[str, str, object, object]]
) -> None:
    directory, folder = shared_places
    lines: list[str] = []
    good: dict[str, tuple[float, float]] = {}
    bad: dict[int, str] = {}
    used: set[str] = set()
    for kind, code, lat, lon in rows:
        if code in used:
            continue  # a postcode is one row of such a file
        used.add(code)
        number = len(lines) + 2  # the header is line 1
        line = postcode_line(NSPL21, code, lat, lon, doterm="202401" if kind == "terminated" else "")
        if kind == "row":
            line = line.rsplit(",", 1)[0]
        lines.append(line)
        if kind == "good":
            good[code] = (float(str(lat)), float(str(lon)))
        elif kind in {"lat", "long", "pcds", "row", "abroad"}:
            bad[number] = "lat" if kind == "abroad" else kind
    path = write_postcode_file(folder / f"f{len(list(folder.iterdir()))}.csv", lines)
    report = load_places(directory, path)
    if report.loaded_before is not None:
        return  # the very same rows again: nothing to load, nothing changed
    assert report.bad == len(bad)
    named = {
        int(p.split(",")[0].removeprefix("line ")): p.split(", field ")[1].split(":")[0]
        for p in report.problems
    }
    assert named == bad
    assert report.postcodes == len(good)
    for code, point in good.items():
        place = directory.gazetteer.resolve(code)
        assert (place.precision, place.point) == ("postcode", point), code


def test_open_names_with_its_header_file_put_back_on_top(places_dir: Directory, tmp_path: Path) -> None:
    path = write_lines(tmp_path / "names.csv", [",".join(OPEN_NAMES), *OPEN_NAMES_ROWS[:3]])
    report = load_places(places_dir, path)
    assert (report.format, report.rows, report.places, report.bad) == ("OS Open Names", 3, 3, 0)


def test_a_full_disk_mid_load_is_said_in_words_and_keeps_nothing(
    places_dir: Directory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(self: PlaceWriter, batch: object, source_id: int) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(PlaceWriter, "postcodes", full)
    with pytest.raises(StoreError, match="the disk is full, so nothing was saved"):
        load_places(places_dir, write_postcode_file(tmp_path / "pc.csv", nspl_rows()))
    assert places_held(places_dir.engine).sources == []


def test_an_entry_in_a_loaded_town_is_found_near_it(with_names: Directory) -> None:
    """A town of the loaded places is a locality an entry may have, and its centre the
    entry's point when it gives none of its own."""
    added = with_names.add(asset_in(name="Keswick Knitters", locality="keswick"), user="Test User")
    assert added.locality == "Keswick"
    outcome = with_names.search(with_names.make_query("knitters", near="Keswick", radius_km=5))
    assert [(r.name, r.distance_km) for r in outcome.results] == [("Keswick Knitters", 0.0)]
