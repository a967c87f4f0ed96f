"""A damaged, foreign, read-only or full database: a clear message, and no further damage."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event
from textual.widgets import Static

from asset_map.app import CannotOpenScreen, create_app
from asset_map.config import Settings
from asset_map.directory.facade import Directory
from asset_map.store import db as store_db
from tests.conftest import MINI_LUNCH_CLUB, CliRun, record, write_directory_file


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def make_database(path: Path) -> None:
    Directory.open(Settings.resolve(str(path))).close()
    with sqlite3.connect(path) as conn:  # fold the WAL in, so the file alone is the database
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def damaged(path: Path) -> None:
    make_database(path)
    data = path.read_bytes()
    path.write_bytes(data[:4096] + os.urandom(4096) + data[8192:])


def random_bytes(path: Path) -> None:
    path.write_bytes(os.urandom(20_000))


def foreign(path: Path) -> None:
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE recipes (name TEXT)")
        conn.execute("INSERT INTO recipes VALUES ('soup')")


@pytest.mark.parametrize(
    ("spoil", "message"),
    [
        (random_bytes, "cannot open the database: file is not a database"),
        (damaged, "damaged"),
        (foreign, "not made by Asset Map"),
    ],
)
def test_a_bad_file_is_refused_clearly_and_left_alone(
    cli: CliRun, tmp_path: Path, spoil: Callable[[Path], None], message: str
) -> None:
    path = tmp_path / "bad.db"
    spoil(path)
    before = digest(path)
    for command in (("search", "lunch"), ("list", "show"), ("archive", MINI_LUNCH_CLUB)):
        code, out, err = cli("--db", path, *command)
        assert code == 1, (command, out)
        assert "Traceback" not in err and err.startswith("asset-map: ")
    code, _, err = cli("--db", path, "search", "lunch")
    assert message in err
    assert digest(path) == before


async def test_the_app_explains_a_bad_file_instead_of_starting(tmp_path: Path) -> None:
    path = tmp_path / "bad.db"
    random_bytes(path)
    before = digest(path)
    app = create_app(Settings.resolve(str(path)))
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(200):  # the search screen's worker is cancelled with it: wait, not join
            if isinstance(app.screen, CannotOpenScreen):
                break
            await pilot.pause(0.02)
        await pilot.pause()
        shown = str(app.screen.query_one("#opening-message", Static).render())
        assert "Could not open the directory" in shown and "file is not a database" in shown
    assert digest(path) == before


def with_pragma(monkeypatch: pytest.MonkeyPatch, pragma: Callable[[Any], str]) -> None:
    """Every new SQLite connection also runs `pragma(connection)` (simulates the file system)."""
    original = store_db._sqlite_pragmas

    def patched(dbapi_connection: Any, record: Any) -> None:
        original(dbapi_connection, record)
        dbapi_connection.execute(pragma(dbapi_connection))

    monkeypatch.setattr(store_db, "_sqlite_pragmas", patched)


def test_a_read_only_database_can_be_searched_but_says_why_it_cannot_change(
    cli: CliRun, tmp_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_database(tmp_db)
    before = digest(tmp_db)
    with_pragma(monkeypatch, lambda _: "PRAGMA query_only = ON")  # as a read-only file behaves
    assert cli("search", "lunch")[0] == 0
    code, _, err = cli("archive", MINI_LUNCH_CLUB)
    assert code == 1 and "read-only" in err and "nothing was saved" in err
    assert digest(tmp_db) == before


def test_a_full_disk_stops_an_import_cleanly(
    cli: CliRun, tmp_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_database(tmp_db)
    before = digest(tmp_db)
    pages = tmp_db.stat().st_size // 4096
    with_pragma(monkeypatch, lambda _: f"PRAGMA max_page_count = {pages}")  # no room to grow
    big = write_directory_file(
        tmp_path / "big.json", [record(name=f"Group {n}", description="x" * 4000) for n in range(300)]
    )
    code, _, err = cli("import", big)
    assert code == 1 and "disk is full" in err and "Traceback" not in err
    assert digest(tmp_db) == before


async def test_the_app_says_why_a_change_was_not_saved(tmp_db: Path) -> None:
    import uuid

    from asset_map.screens.asset import AssetScreen

    make_database(tmp_db)
    directory = Directory.open(Settings.resolve(str(tmp_db)))
    event.listen(directory.engine, "connect", lambda conn, _: conn.execute("PRAGMA query_only = ON"))
    directory.engine.dispose()  # new connections from here on are read-only
    app = create_app(directory=directory)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await app.push_screen(AssetScreen(directory, uuid.UUID(MINI_LUNCH_CLUB)))
        await pilot.pause()
        await pilot.press("a", "tab", "enter")  # archive → confirm
        await pilot.pause()
        assert app.is_running
        messages = [str(n.message) for n in app._notifications]
        assert any("read-only" in m for m in messages), messages
        assert directory.get(MINI_LUNCH_CLUB).archived_at is None
