"""Places learned from the directory's own entries: a postcode or a town given with
coordinates in an imported record is a place the gazetteer answers next time — kept apart
from loaded ones, and never in their place."""

from __future__ import annotations

import sqlite3
import uuid
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from asset_map.directory.facade import Directory
from asset_map.directory.hsds_import import import_hsds
from asset_map.directory.place_files import learn_places, learn_places_of, load_places, places_held
from asset_map.places import PlaceNotFound
from asset_map.places.gazetteer import LEARNED_NOTE
from asset_map.places.learning import to_learn
from tests.conftest import OpenDirectory, record, write_directory_file, write_json
from tests.placefiles import NSPL21, OPEN_NAMES_ROWS, postcode_line, write_lines, write_postcode_file

HERE = (51.4635, 0.3612)  # RM18 7NR, as an entry gives it
OFFICIAL = (51.4630, 0.3600)  # RM18 7NR, as a loaded file gives it


def located(**fields: Any) -> SimpleNamespace:
    base: dict[str, Any] = {"postcode": "", "locality": "", "latitude": None, "longitude": None}
    base.update(fields)
    return SimpleNamespace(**base)


def import_one(directory: Directory, tmp_path: Path, point: tuple[float, float], name: str = "Club") -> None:
    path = write_directory_file(
        tmp_path / f"{uuid.uuid4().hex}.json",
        [record(name=name, postcode="RM18 7NR", latitude=point[0], longitude=point[1])],
    )
    directory.import_file(path, user="Importer")


def test_a_postcode_with_coordinates_in_an_import_is_learned(
    empty_directory: Directory, tmp_path: Path
) -> None:
    assert empty_directory.gazetteer.resolve("RM18 7NR").precision == "postcode sector"
    import_one(empty_directory, tmp_path, HERE)
    place = empty_directory.gazetteer.resolve("rm18 7nr")
    assert (place.precision, place.point, place.note) == ("postcode", HERE, LEARNED_NOTE)
    assert place.locality == "Tilbury"
    counts = places_held(empty_directory.engine).counts
    assert (counts.postcodes, counts.learned_postcodes) == (1, 1)


def test_a_learned_point_never_replaces_a_loaded_one(empty_directory: Directory, tmp_path: Path) -> None:
    load_places(
        empty_directory,
        write_postcode_file(tmp_path / "pc.csv", [postcode_line(NSPL21, "RM18 7NR", *OFFICIAL)]),
    )
    import_one(empty_directory, tmp_path, HERE)
    place = empty_directory.gazetteer.resolve("RM18 7NR")
    assert (place.point, place.note) == (OFFICIAL, "")
    assert places_held(empty_directory.engine).counts.learned_postcodes == 0


def test_a_loaded_point_replaces_a_learned_one(empty_directory: Directory, tmp_path: Path) -> None:
    import_one(empty_directory, tmp_path, HERE)
    load_places(
        empty_directory,
        write_postcode_file(tmp_path / "pc.csv", [postcode_line(NSPL21, "RM18 7NR", *OFFICIAL)]),
    )
    place = empty_directory.gazetteer.resolve("RM18 7NR")
    assert (place.point, place.note) == (OFFICIAL, "")


def test_the_first_entry_to_give_a_postcode_keeps_it(empty_directory: Directory, tmp_path: Path) -> None:
    import_one(empty_directory, tmp_path, HERE)
    import_one(empty_directory, tmp_path, (51.47, 0.37), name="Another")
    assert empty_directory.gazetteer.resolve("RM18 7NR").point == HERE


def test_learned_points_are_not_a_sectors_centre(empty_directory: Directory) -> None:
    learn_places(
        empty_directory.engine,
        empty_directory.gazetteer,
        [located(postcode="BS5 6XX", latitude=51.4633, longitude=-2.5617)],
    )
    assert empty_directory.gazetteer.resolve("BS5 6XX").precision == "postcode"
    with pytest.raises(PlaceNotFound):
        empty_directory.gazetteer.resolve("BS5 6XY")  # one entry's point is no sector's centre


def test_a_town_the_gazetteer_lacks_is_learned_with_its_point(empty_directory: Directory) -> None:
    gazetteer = empty_directory.gazetteer
    with pytest.raises(PlaceNotFound):
        gazetteer.resolve("Much Wenlock")
    learned = learn_places(
        empty_directory.engine,
        gazetteer,
        [located(locality="Much  Wenlock", latitude=52.5962, longitude=-2.5578)],
    )
    assert learned == (0, 1)
    place = gazetteer.resolve("much wenlock")
    assert (place.label, place.precision, place.point, place.note) == (
        "Much Wenlock",
        "place",
        (52.5962, -2.5578),
        LEARNED_NOTE,
    )
    assert gazetteer.canonical_locality("MUCH WENLOCK") == "Much Wenlock"
    assert gazetteer.resolve("Much Wenlok").label == "Much Wenlock"  # a slip, as for any place


def test_a_town_already_known_is_not_learned_again(empty_directory: Directory, tmp_path: Path) -> None:
    load_places(empty_directory, write_lines(tmp_path / "names.csv", OPEN_NAMES_ROWS))
    gazetteer = empty_directory.gazetteer
    official = gazetteer.resolve("Keswick").point
    assert learn_places(
        empty_directory.engine,
        gazetteer,
        [
            located(locality="Keswick", latitude=54.0, longitude=-3.0),
            located(locality="Tilbury", latitude=51.0, longitude=0.0),
            located(locality="S Ockendon", latitude=51.0, longitude=0.0),
        ],
    ) == (0, 0)
    assert gazetteer.resolve("Keswick").point == official


@pytest.mark.parametrize(
    "entry",
    [
        located(postcode="RM18 7NR", locality="Atlantis", latitude=0.0, longitude=0.0),  # the null island
        located(postcode="RM18 7NR", locality="Atlantis"),  # no point
        located(postcode="RM18 7NR", locality="Atlantis", latitude=95.0, longitude=0.3),  # out of range
        located(postcode="RM18 7NR", latitude=40.7, longitude=-74.0),  # a UK postcode in New York
        located(postcode="not a postcode", latitude=51.46, longitude=0.36),
        located(locality="Esc\x1b[2Jape", latitude=51.46, longitude=0.36),  # would reach a terminal
        located(locality="x" * 200, latitude=51.46, longitude=0.36),
    ],
)
def test_only_points_that_make_sense_are_learned(empty_directory: Directory, entry: SimpleNamespace) -> None:
    assert to_learn([entry], empty_directory.gazetteer) == ([], [])


def test_an_open_referral_import_teaches_its_postcodes(empty_directory: Directory, tmp_path: Path) -> None:
    feed = write_json(tmp_path / "feed.json", _feed(HERE))
    report = import_hsds(empty_directory, feed, user="Importer", feed="council")
    assert report.added == 1, [str(e) for e in report.skipped]
    place = empty_directory.gazetteer.resolve("RM18 7NR")
    assert (place.precision, place.point, place.note) == ("postcode", HERE, LEARNED_NOTE)


def test_learning_from_stored_entries_reads_their_places(open_directory: OpenDirectory) -> None:
    directory = open_directory([record(postcode="RM18 7NR", latitude=HERE[0], longitude=HERE[1])])
    ids = [asset.id for asset in directory.all_assets()]
    assert learn_places_of(directory, ids) == (1, 0)
    assert learn_places_of(directory, ids) == (0, 0)  # already held


def test_learned_rows_are_told_apart_from_loaded_ones(empty_directory: Directory, tmp_path: Path) -> None:
    import_one(empty_directory, tmp_path, HERE)
    load_places(
        empty_directory,
        write_postcode_file(tmp_path / "pc.csv", [postcode_line(NSPL21, "BS5 6XX", 51.46, -2.56)]),
    )
    db = Path(str(empty_directory.engine.url.database))
    with sqlite3.connect(db) as conn:
        rows = dict(conn.execute("SELECT code, source_id IS NULL FROM postcode_point").fetchall())
    assert rows == {"RM18 7NR": 1, "BS5 6XX": 0}


def _feed(point: tuple[float, float]) -> dict[str, Any]:
    """One HSDS 3.0 service in Tilbury with a postcode and coordinates."""
    service = {
        "id": str(uuid.uuid4()),
        "name": "Tilbury Knit and Natter",
        "description": "Knitting, tea and a chat.",
        "status": "active",
        "organization": {"id": str(uuid.uuid4()), "name": "Tilbury Crafters", "description": ""},
        "service_at_locations": [
            {
                "id": str(uuid.uuid4()),
                "location": {
                    "id": str(uuid.uuid4()),
                    "location_type": "physical",
                    "latitude": point[0],
                    "longitude": point[1],
                    "addresses": [
                        {
                            "id": str(uuid.uuid4()),
                            "address_1": "Civic Square",
                            "city": "Tilbury",
                            "state_province": "Essex",
                            "postal_code": "RM18 7NR",
                            "country": "GB",
                            "address_type": "physical",
                        }
                    ],
                },
            }
        ],
    }
    return {
        "total_items": 1,
        "total_pages": 1,
        "page_number": 1,
        "size": 1,
        "first_page": True,
        "last_page": True,
        "empty": False,
        "contents": [service],
    }
