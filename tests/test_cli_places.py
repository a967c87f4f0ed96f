"""`asset-map places` and `asset-map places load` on the command line (exit codes: 0 all
read, 1 problems, 2 usage), and the first screen's gazetteer with places loaded."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from asset_map.config import Settings
from asset_map.directory import opening
from asset_map.directory.facade import Directory
from asset_map.directory.finder import open_finder
from tests.conftest import CliRun
from tests.placefiles import NSPL21, postcode_line, write_postcode_file

CLEAN = [
    postcode_line(NSPL21, "BS5 6XX", 51.4633, -2.5617),
    postcode_line(NSPL21, "BS5 7AB", 51.4661, -2.5532),
    postcode_line(NSPL21, "AB1 0AA", 57.101474, -2.242851, doterm="199606"),
    postcode_line(NSPL21, "BS5 6XY", 99.999999, "0.000000"),
]


@pytest.fixture
def clean_file(tmp_path: Path) -> Path:
    return write_postcode_file(tmp_path / "NSPL_TEST_UK.csv", CLEAN)


def test_a_clean_load_exits_0_and_says_what_it_found(cli: CliRun, clean_file: Path) -> None:
    code, out, err = cli("places", "load", clean_file)
    assert code == 0, err
    assert out.startswith(
        f"loaded {clean_file} (National Statistics Postcode Lookup (NSPL)): 2 postcodes from 4 rows"
    )
    assert "skipped 1 terminated postcode, 1 without a grid reference" in out
    assert "loading NSPL_TEST_UK.csv: 100%" in err  # progress on stderr
    code, out, _ = cli("search", "--near", "bs5 6xx", "--json")
    assert code == 0


def test_the_same_file_again_exits_0_and_changes_nothing(cli: CliRun, clean_file: Path) -> None:
    assert cli("places", "load", clean_file)[0] == 0
    code, out, _ = cli("places", "load", clean_file)
    assert code == 0 and "already loaded on" in out and "nothing changed" in out


def test_bad_rows_are_named_and_exit_1(cli: CliRun, tmp_path: Path) -> None:
    rows = [*CLEAN] + [postcode_line(NSPL21, f"BS6 {i % 10}AB", "x", -2.5) for i in range(25)]
    path = write_postcode_file(tmp_path / "bad.csv", rows)
    code, out, err = cli("places", "load", path)
    assert code == 1, err
    assert "2 postcodes" in out and "25 bad rows" in out
    assert "  skipped line 6, field lat: 'x' is not a number" in out
    assert out.count("  skipped line") == 20
    assert "… and 5 more bad rows (see them with --verbose)" in out
    assert "Traceback" not in out + err


def test_verbose_names_every_bad_row(cli: CliRun, tmp_path: Path) -> None:
    rows = [postcode_line(NSPL21, "BS5 6XX", 51.46, -2.56)] + [
        postcode_line(NSPL21, f"BS6 {i % 10}AB", "x", -2.5) for i in range(25)
    ]
    code, out, _ = cli("places", "load", write_postcode_file(tmp_path / "bad.csv", rows), "--verbose")
    assert code == 1 and out.count("  skipped line") == 25 and "more bad rows" not in out


@pytest.mark.parametrize(
    ("content", "said"),
    [
        ("name,town\nAnn,Grays\n", "is not a file of places this can read"),
        ("", "is empty"),
    ],
)
def test_a_file_of_no_known_format_exits_1_with_one_line(
    cli: CliRun, tmp_path: Path, content: str, said: str
) -> None:
    path = tmp_path / "people.csv"
    path.write_text(content)
    code, out, err = cli("places", "load", path)
    assert code == 1 and out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"asset-map: {path} {said}")
    assert "expected the ONS Postcode Directory or NSPL" in lines[0]


def test_a_missing_file_exits_1(cli: CliRun, tmp_path: Path) -> None:
    code, _, err = cli("places", "load", tmp_path / "nowhere.csv")
    assert code == 1 and "no such file or folder" in err


@pytest.mark.parametrize(
    "args", [("places", "load"), ("places", "unload", "x.csv"), ("places", "load", "a", "b")]
)
def test_usage_mistakes_exit_2(cli: CliRun, args: tuple[str, ...]) -> None:
    with pytest.raises(SystemExit) as caught:
        cli(*args)
    assert caught.value.code == 2


def test_places_says_what_is_built_in_loaded_and_learned(cli: CliRun, clean_file: Path) -> None:
    code, out, _ = cli("places")
    assert code == 0
    assert "Built in: 22 localities in 4 areas, 14 postcode districts and 21 sectors" in out
    assert "Nothing loaded" in out
    cli("places", "load", clean_file)
    code, out, _ = cli("places")
    assert "Loaded (asset-map places load):" in out
    assert "  NSPL_TEST_UK.csv (NSPL), " in out
    assert ": 2 postcodes from 4 rows; skipped 1 terminated, 1 without a grid reference" in out
    assert "Held now: 2 full postcodes and 0 towns, villages and other places" in out
    assert "Tilbury and Chadwell:" in out  # the built-in listing as before


def test_places_json_has_the_loaded_files_and_counts(cli: CliRun, clean_file: Path) -> None:
    cli("places", "load", clean_file)
    code, out, _ = cli("places", "--json")
    data: dict[str, Any] = json.loads(out)
    assert code == 0 and len(data["localities"]) == 22
    [loaded] = data["loaded"]
    assert (loaded["file"], loaded["format"], loaded["postcodes"], loaded["terminated"]) == (
        "NSPL_TEST_UK.csv",
        "NSPL",
        2,
        1,
    )
    assert data["held"] == {"postcodes": 2, "learned_postcodes": 0, "places": 0, "learned_places": 0}


# ---------------------------------------------------------------- the first screen


def test_the_first_screen_answers_loaded_postcodes_without_reading_them_at_startup(
    cli: CliRun, clean_file: Path, tmp_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert cli("places", "load", clean_file)[0] == 0
    statements: list[str] = []
    connect = sqlite3.connect

    def traced(*args: Any, **kwargs: Any) -> sqlite3.Connection:
        conn = connect(*args, **kwargs)
        conn.set_trace_callback(statements.append)
        return conn

    monkeypatch.setattr(sqlite3, "connect", traced)  # store/peek.py and the lookups alike
    finder = open_finder(Settings.resolve(str(tmp_db)))
    assert finder is not None  # the saved index and the reference rows, read the light way
    assert not [s for s in statements if "postcode_point" in s or "named_place" in s]
    assert len(finder.gazetteer.postcodes) == 35  # the built-in districts and sectors only
    place = finder.gazetteer.resolve("BS5 6XX")
    assert (place.precision, place.point) == ("postcode", (51.4633, -2.5617))
    assert [s for s in statements if "postcode_point" in s]  # asked when asked, one row


def test_a_database_from_before_the_tables_opened_read_only_answers_not_known(
    tmp_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    Directory.open(Settings.resolve(str(tmp_db))).close()
    with sqlite3.connect(tmp_db) as conn:  # as a release before them left it
        for table in ("postcode_point", "named_place", "place_source"):
            conn.execute(f"DROP TABLE {table}")
    monkeypatch.setattr(opening, "read_only_here", lambda _path: True)
    directory = Directory.open(Settings.resolve(str(tmp_db)))
    try:
        place = directory.gazetteer.resolve("RM18 7NR")
        assert place.precision == "postcode sector"
        assert directory.gazetteer.canonical_locality("Keswick") is None
    finally:
        directory.close()
    with sqlite3.connect(tmp_db) as conn:
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert "postcode_point" not in tables  # nothing was written to it
