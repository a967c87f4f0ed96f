"""The search alone (finder.py): opened from the saved index and the reference rows read with the
standard library, it answers as the whole directory does, and is refused whenever it could not."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from asset_map.config import Settings
from asset_map.directory.facade import Directory, index_path
from asset_map.directory.finder import Finder, open_finder
from asset_map.places import Gazetteer
from asset_map.store.peek import read_search_start
from tests.conftest import FIXED_NOW, asset_in

QUERIES = [
    ("lunch club", {}),
    ("lonley", {}),
    ("", {"near": "Tilbury", "radius_km": 3.0}),
    ("walking", {"needs": ["active"], "kinds": ["group"]}),
    ("gardning", {"near": "RM17"}),
]


@pytest.fixture
def settings(tmp_db: Path) -> Settings:
    """A directory made, seeded, and closed (its index saved), as after a first run."""
    settings = Settings.resolve(str(tmp_db))
    Directory.open(settings).close()
    return settings


def opened(settings: Settings) -> Finder:
    finder = open_finder(settings)
    assert finder is not None
    finder.clock = lambda: FIXED_NOW
    return finder


@pytest.mark.parametrize(("text", "filters"), QUERIES)
def test_the_finder_answers_as_the_directory_does(settings: Settings, text: str, filters: dict) -> None:
    finder = opened(settings)
    directory = Directory.open(settings)
    directory.clock = lambda: FIXED_NOW
    try:
        ours = finder.search(finder.make_query(text, **filters))
        theirs = directory.search(directory.make_query(text, **filters))
    finally:
        directory.close()
    assert [r.id for r in ours.results] == [r.id for r in theirs.results]
    assert ours.total == theirs.total and ours.corrections == theirs.corrections


def test_the_gazetteer_from_plain_rows_is_the_gazetteer_from_the_models(settings: Settings) -> None:
    directory = Directory.open(settings)
    try:
        start = read_search_start(Path(str(settings.db_url).removeprefix("sqlite:///")))
        assert start is not None and start.generation == directory.generation
        plain = Gazetteer.from_rows(start.areas, start.localities, start.postcodes)
        assert plain.localities == directory.gazetteer.localities
        assert plain.postcodes == directory.gazetteer.postcodes
        assert opened(settings).need_labels == directory.need_labels
    finally:
        directory.close()


def test_the_first_search_loads_no_database_layer(settings: Settings) -> None:
    """What the TUI's first answer waits for: the entry point, the app, and the finder."""
    script = (
        "import json, sys\n"
        "import asset_map.cli, asset_map.app, asset_map.screens.search\n"
        "from asset_map.config import Settings\n"
        "from asset_map.directory.finder import open_finder\n"
        f"finder = open_finder(Settings.resolve({str(settings.db_url)!r}))\n"
        "outcome = finder.search(finder.make_query('lunch club'))\n"
        "heavy = [m for m in ('sqlalchemy', 'sqlmodel', 'pydantic') if m in sys.modules]\n"
        "print(json.dumps({'found': outcome.total, 'loaded': heavy}))\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    answer = json.loads(out.stdout)
    assert answer["found"] > 0
    assert answer["loaded"] == []


def test_asset_map_with_no_command_starts_the_tui_before_the_database_layer(settings: Settings) -> None:
    script = (
        "import sys\n"
        "import asset_map.app\n"
        "asset_map.app.run_app = lambda settings: print('sqlalchemy' in sys.modules) or 0\n"
        "from asset_map.main import main\n"
        f"raise SystemExit(main(['--db', {str(settings.db_url)!r}]))\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_no_finder_without_a_saved_index(settings: Settings) -> None:
    index_path(settings.db_url).unlink()
    assert open_finder(settings) is None


def test_no_finder_when_the_data_has_moved_on_since_the_index_was_saved(settings: Settings) -> None:
    directory = Directory.open(settings)
    directory.add(asset_in(name="Grays Repair Cafe"), user="Test User")
    directory.engine.dispose()  # gone without saving its index (a crash, or another process)
    assert open_finder(settings) is None


@pytest.mark.parametrize(
    "url",
    ["sqlite://", "sqlite:///:memory:", "postgresql://localhost/assets"],
)
def test_no_finder_for_anything_but_an_sqlite_file(url: str) -> None:
    assert open_finder(Settings(db_url=url)) is None


def test_no_finder_for_a_file_that_is_not_a_directory(tmp_path: Path) -> None:
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database at all" * 100)
    assert open_finder(Settings.resolve(str(junk))) is None
    assert open_finder(Settings.resolve(str(tmp_path / "missing.db"))) is None
    assert not (tmp_path / "missing.db").exists()  # looking creates nothing


def test_no_finder_with_the_online_geocoder(settings: Settings) -> None:
    assert open_finder(Settings(db_url=settings.db_url, online_geocoding=True)) is None


def test_the_directory_adopts_the_finders_index_only_for_the_same_data(settings: Settings) -> None:
    finder = opened(settings)
    directory = Directory.open(settings, finder=finder)
    try:
        assert directory.index is finder.index
        directory.add(asset_in(name="Grays Repair Cafe"), user="Test User")
    finally:
        directory.close()
    later = Directory.open(settings, finder=finder)  # the finder is now out of date
    try:
        assert later.index is not finder.index
        assert "Grays Repair Cafe" in [r.name for r in later.search(later.make_query("repair cafe")).results]
    finally:
        later.close()
