"""Shared fixtures and helpers for the core tests.

Every test runs with its database, data and config folders in a temporary directory, a known
user name, online geocoding off and the small test directory as the seed, so no test touches a
real user's data or the network.
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from asset_map.config import Settings
from asset_map.directory.facade import Directory
from asset_map.search.query import SearchOutcome
from asset_map.store.models import AssetIn
from tests.postgres import REQUIRED, PostgresMissing, Server, fresh_database, throwaway_server

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
MINI_DIRECTORY = TESTS / "data" / "mini_directory.json"
SEED = ROOT / "seed_assets.json"

# "Now" for next-on times and staleness: a Monday morning (the mini directory's dates fit it).
FIXED_NOW = datetime(2026, 11, 23, 9, 30)
TODAY = FIXED_NOW.date()

# Ids of the mini directory's three assets.
MINI_LUNCH_CLUB = "11111111-1111-4111-8111-111111111111"
MINI_DEMENTIA_CAFE = "22222222-2222-4222-8222-222222222222"
MINI_HAPPY_FEET = "33333333-3333-4333-8333-333333333333"

# Points used by the hand-built records (latitude, longitude).
TILBURY = (51.462, 0.36)  # the gazetteer's centre of Tilbury


# ---------------------------------------------------------------- isolation


@pytest.fixture(autouse=True)
def env_isolation(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """Point every setting at temporary folders; return the database path ASSET_MAP_DB names."""
    db = tmp_path / "env" / "asset-map.db"
    monkeypatch.setenv("ASSET_MAP_DB", str(db))
    monkeypatch.setenv("ASSET_MAP_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("ASSET_MAP_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("ASSET_MAP_USER", "Test User")
    monkeypatch.delenv("ASSET_MAP_ONLINE_GEOCODING", raising=False)
    monkeypatch.setenv("ASSET_MAP_SEED", str(MINI_DIRECTORY))
    return db


@pytest.fixture
def tmp_db(env_isolation: Path) -> Path:
    """The database file the environment points at (not created yet)."""
    return env_isolation


@pytest.fixture
def directory(tmp_db: Path) -> Iterator[Directory]:
    """A directory on a fresh database, seeded from the mini test directory, clock fixed."""
    opened = Directory.open(Settings.resolve(str(tmp_db)))
    opened.clock = lambda: FIXED_NOW
    yield opened
    opened.close()


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """A throwaway PostgreSQL server for this test session (tests/postgres.py); skipped where
    PostgreSQL is not installed, failed instead when ASSET_MAP_TEST_POSTGRES=required."""
    try:
        with throwaway_server() as url:
            yield url
    except PostgresMissing as exc:
        _postgres_missing(exc)


def _postgres_missing(exc: PostgresMissing) -> None:
    if os.environ.get(REQUIRED) == "required":
        pytest.fail(f"PostgreSQL is required here ({REQUIRED}=required) but {exc}")
    pytest.skip(f"PostgreSQL is not installed: {exc}")


@pytest.fixture
def stoppable_server() -> Iterator[Server]:
    """A throwaway PostgreSQL server of the test's own, to stop and start (the server going away)."""
    try:
        server = Server()
    except PostgresMissing as exc:
        _postgres_missing(exc)
        raise
    server.start()
    yield server
    server.remove()


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty database of each kind: an SQLite file, a new PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.db'}"
    return fresh_database(request.getfixturevalue("postgres_server"))


@pytest.fixture
def store_directory(store_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Directory]:
    """The `directory` fixture on each store: the mini directory seeded into a fresh SQLite
    file, then into a fresh PostgreSQL database (ASSET_MAP_DB names it, for subprocesses)."""
    monkeypatch.setenv("ASSET_MAP_DB", store_url)
    opened = Directory.open(Settings.resolve())
    opened.clock = lambda: FIXED_NOW
    yield opened
    opened.close()


def require_seed() -> Path:
    if not SEED.exists():
        pytest.skip(f"the sample directory {SEED} does not exist yet (another engineer is writing it)")
    return SEED


@pytest.fixture(scope="module")
def seeded_directory(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Directory]:
    """The full sample directory (seed_assets.json) in a fresh database — READ ONLY.

    Shared by the tests of one module for speed, so tests must not write to it. It is opened
    with explicit settings (not the environment), so it does not depend on env_isolation.
    """
    seed = require_seed()
    path = tmp_path_factory.mktemp("seeded") / "seeded.db"
    opened = Directory.open(Settings(db_url=f"sqlite:///{path}", online_geocoding=False), seed=seed)
    opened.clock = lambda: FIXED_NOW
    yield opened
    opened.close()


# ---------------------------------------------------------------- records and files


def new_id() -> str:
    return str(uuid.uuid4())


def record(**fields: Any) -> dict[str, Any]:
    """A valid directory-file record (a community group in Tilbury) with fields overridden."""
    base: dict[str, Any] = {"id": new_id(), "kind": "group", "name": "Test Group", "locality": "Tilbury"}
    base.update(fields)
    return base


def asset_in(**fields: Any) -> AssetIn:
    """A validated AssetIn (a community group in Tilbury, no id) with fields overridden."""
    base: dict[str, Any] = {"kind": "group", "name": "Test Group", "locality": "Tilbury"}
    base.update(fields)
    return AssetIn.model_validate(base)


def document(records: Iterable[Any], **extra: Any) -> dict[str, Any]:
    """A whole directory file around some records."""
    return {"format": "asset-map/directory", "version": 1, **extra, "assets": list(records)}


def write_json(path: Path, value: Any) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(value, ensure_ascii=False), "utf-8")
    return path


def write_directory_file(path: Path, records: Iterable[Any]) -> Path:
    return write_json(path, document(records))


def read_records(path: Path) -> list[dict[str, Any]]:
    return json.loads(path.read_text("utf-8"))["assets"]


def names(outcome: SearchOutcome) -> list[str]:
    return [r.name for r in outcome.results]


OpenDirectory = Callable[..., Directory]


@pytest.fixture
def open_directory(tmp_path: Path) -> Iterator[OpenDirectory]:
    """Factory: a Directory on a new database seeded with exactly `records` (default none).

    Seeding (rather than adding one by one) builds the search index from scratch, as a
    normal start does. Every directory opened is closed at the end of the test.
    """
    opened: list[Directory] = []
    counter = iter(range(1_000_000))

    def _open(records: Iterable[dict[str, Any]] = (), *, db: Path | None = None) -> Directory:
        n = next(counter)
        seed = write_directory_file(tmp_path / f"seed-{n}.json", records)
        path = db or tmp_path / f"dir-{n}.db"
        result = Directory.open(Settings.resolve(str(path)), seed=seed)
        result.clock = lambda: FIXED_NOW
        opened.append(result)
        return result

    yield _open
    for each in opened:
        each.close()


@pytest.fixture
def empty_directory(open_directory: OpenDirectory) -> Directory:
    """A directory with no assets at all (reference data only)."""
    return open_directory([])


# ---------------------------------------------------------------- command line


CliRun = Callable[..., tuple[int, str, str]]


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> CliRun:
    """Run asset_map.main.main with arguments; return (exit code, stdout, stderr)."""
    from asset_map.main import main

    def _run(*args: str | Path) -> tuple[int, str, str]:
        capsys.readouterr()  # drop anything printed before
        code = main([str(a) for a in args])
        out, err = capsys.readouterr()
        return code, out, err

    return _run


def answered(cli: CliRun, *args: str | Path) -> str | None:
    """A command a script might give: its output when it answered (exit 0), None when it
    refused — mistyped (argparse, status 2) or not possible (status 1, one line on stderr
    and nothing on stdout); never a traceback."""
    try:
        code, out, err = cli(*args)
    except SystemExit as exc:  # a mistyped command (argparse): usage and status 2
        assert exc.code == 2
        return None
    assert "Traceback" not in err
    if code != 0:
        assert code == 1 and out == "" and err.startswith("asset-map: ") and len(err.splitlines()) == 1, err
        return None
    return out
