"""Text that arrives in a file, not through the keyboard: a backup, a database written by hand
or by an older release. It passes the same checks as typed input, and wherever it came from
it reaches a terminal escaped (issue 14, item 4)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from asset_map.config import Settings
from asset_map.directory.facade import Directory
from asset_map.store import backup as backups
from tests.conftest import MINI_LUNCH_CLUB, CliRun

HOSTILE = "Evil \x1b]0;PWNED\x07\x1b[31mRed Club"  # seen: the tmux pane title became "PWNED"


def hand_edit(path: Path, name: str = HOSTILE, **columns: str) -> None:
    """Change the lunch club's row directly in the file, as another program could."""
    sets = ", ".join(f"{column} = ?" for column in ["name", *columns])
    with sqlite3.connect(path) as conn:
        conn.execute(
            f"UPDATE asset SET {sets} WHERE id = ?",
            (name, *columns.values(), MINI_LUNCH_CLUB.replace("-", "")),
        )
        conn.execute("UPDATE schema_meta SET value = value || 'x' WHERE key = 'generation'")


@pytest.fixture
def db(tmp_db: Path) -> Path:
    Directory.open(Settings.resolve(str(tmp_db))).close()
    return tmp_db


def test_a_backup_bringing_back_an_escape_is_refused(cli: CliRun, db: Path, tmp_path: Path) -> None:
    """Seen: `restore` checked only integrity and schema, and let control characters back in."""
    spoilt = backups.backup(db, tmp_path / "spoilt.db")
    hand_edit(spoilt)
    before = db.read_bytes()
    code, out, err = cli("restore", spoilt)
    assert code == 1 and out == ""
    assert "would refuse" in err and "(id 11111111)" in err and "name: contains a control character" in err
    assert "\x1b" not in err and "\\x1b" in err
    assert db.read_bytes() == before
    good = backups.backup(db, tmp_path / "good.db")
    assert cli("restore", good)[0] == 0  # a sound backup still goes back


def test_a_backup_bringing_back_a_future_check_is_refused(cli: CliRun, db: Path, tmp_path: Path) -> None:
    """Seen: a verification dated 9999-12-31 made `export --format hsds` fail for everything."""
    spoilt = backups.backup(db, tmp_path / "future.db")
    hand_edit(spoilt, name="Tilbury Lunch Club", verified_on="9999-12-31")
    code, _, err = cli("restore", spoilt)
    assert code == 1 and "verified_on: 9999-12-31 is in the future" in err


def test_text_from_the_file_is_printed_escaped_by_every_command(cli: CliRun, db: Path) -> None:
    hand_edit(db)
    for command in (["search", "evil"], ["show", MINI_LUNCH_CLUB[:8]], ["history", MINI_LUNCH_CLUB[:8]]):
        code, out, err = cli(*command)
        assert code == 0, err
        assert "\x1b" not in out + err and "\x07" not in out + err, command
    assert "\\x1b]0;PWNED" in cli("search", "evil")[1]


async def test_text_from_the_file_reaches_the_screen_escaped(db: Path) -> None:
    from asset_map.app import create_app
    from asset_map.screens.asset import AssetScreen

    hand_edit(db)
    directory = Directory.open(Settings.resolve(str(db)))
    app = create_app(directory=directory)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        await pilot.press(*"evil")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, AssetScreen)
        shown = app.export_screenshot()
        assert "\x1b" not in shown and "\x07" not in shown
        assert "\\x1b]0;PWNED" in shown
    directory.close()


def test_an_upgraded_old_file_is_checked_and_what_it_holds_is_said(cli: CliRun, db: Path) -> None:
    hand_edit(db, name="Tilbury Lunch Club", verified_on="9999-12-31")
    with sqlite3.connect(db) as conn:  # as if made by the release before the last schema step
        conn.execute("UPDATE schema_meta SET value = '3' WHERE key = 'schema_version'")
        conn.execute("DROP TABLE alembic_version")  # releases before Alembic had none
        conn.execute("DROP TABLE IF EXISTS not_duplicates")
    code, out, err = cli("search", "lunch")
    assert code == 0 and "Lunch" in out
    assert "1 entries hold text this release would refuse" in err and "verified_on" in err


def test_an_entry_stored_before_a_rule_was_added_can_still_be_exported(
    cli: CliRun, db: Path, tmp_path: Path
) -> None:
    """A check dated in the future is refused at input; one already stored (an older release
    took it) must not stop the whole directory's export: it goes out as stored."""
    hand_edit(db, name="Tilbury Lunch Club", verified_on="9999-12-31")
    code, out, err = cli("export", tmp_path / "all.json")
    assert code == 0 and "exported 3 assets" in out, err
