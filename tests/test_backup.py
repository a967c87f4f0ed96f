"""Backups (SQLite's online backup), restoring one, and the automatic ones before big changes."""

from __future__ import annotations

import sqlite3
import uuid
from pathlib import Path

import pytest

from asset_map.directory.facade import Directory, index_path
from asset_map.store.backup import KEEP_AUTOMATIC, automatic_backup, backup, restore
from asset_map.store.db import StoreError
from asset_map.store.migrations import SCHEMA_VERSION
from tests.conftest import MINI_LUNCH_CLUB, CliRun, record, write_directory_file


def names_in(path: Path) -> list[str]:
    with sqlite3.connect(path) as conn:
        return sorted(row[0] for row in conn.execute("SELECT name FROM asset WHERE archived_at IS NULL"))


def test_a_backup_is_taken_while_the_directory_is_open(directory: Directory, tmp_db: Path) -> None:
    made = backup(tmp_db)
    assert made.parent == tmp_db.parent / "backups" and made.name.startswith(tmp_db.stem + "-")
    assert names_in(made) == names_in(tmp_db) and len(names_in(made)) == 3


def test_restore_puts_a_backup_back_and_keeps_what_was_there(
    cli: CliRun, directory: Directory, tmp_db: Path, tmp_path: Path
) -> None:
    saved = tmp_path / "before.db"
    assert cli("backup", saved)[0] == 0
    directory.archive(uuid.UUID(MINI_LUNCH_CLUB), user="Oops")
    directory.close()
    code, _, err = cli("restore", saved)
    assert code == 0, err
    assert "Tilbury Lunch Club" in names_in(tmp_db)
    (kept,) = (tmp_db.parent / "backups").glob("*-auto-before-restore-*.db")
    assert "Tilbury Lunch Club" not in names_in(kept)  # the state before the restore, kept
    assert not index_path(f"sqlite:///{tmp_db}").exists()
    assert cli("search", "tilbury lunch club", "--json")[0] == 0


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"not a database at all" * 100, "is not an SQLite database"),
        (None, "is not an Asset Map database"),
    ],
)
def test_restore_refuses_a_file_that_is_not_ours_and_changes_nothing(
    cli: CliRun, directory: Directory, tmp_db: Path, tmp_path: Path, content: bytes | None, message: str
) -> None:
    directory.close()
    candidate = tmp_path / "other.db"
    if content is None:
        with sqlite3.connect(candidate) as conn:
            conn.execute("CREATE TABLE notes (text)")
    else:
        candidate.write_bytes(content)
    before = tmp_db.read_bytes()
    code, _, err = cli("restore", candidate)
    assert code == 1 and message in err and "Traceback" not in err
    assert tmp_db.read_bytes() == before


def test_restore_refuses_a_newer_release_s_database(
    directory: Directory, tmp_db: Path, tmp_path: Path
) -> None:
    newer = backup(tmp_db, tmp_path / "newer.db")
    with sqlite3.connect(newer) as conn:
        conn.execute(
            "UPDATE schema_meta SET value = ? WHERE key = 'schema_version'", (str(SCHEMA_VERSION + 1),)
        )
    with pytest.raises(StoreError, match="newer Asset Map"):
        restore(tmp_db, newer, readable_up_to=SCHEMA_VERSION)


def test_imports_are_preceded_by_an_automatic_backup(
    directory: Directory, tmp_db: Path, tmp_path: Path
) -> None:
    path = write_directory_file(tmp_path / "in.json", [record(name="New group")])
    directory.import_file(path, user="Importer")
    (made,) = (tmp_db.parent / "backups").glob("*-auto-import-*.db")
    assert "New group" not in names_in(made) and "New group" in names_in(tmp_db)


def test_only_the_newest_automatic_backups_are_kept(directory: Directory, tmp_db: Path) -> None:
    made = [automatic_backup(tmp_db, "test") for _ in range(KEEP_AUTOMATIC + 3)]
    kept = set((tmp_db.parent / "backups").glob("*-auto-*.db"))
    assert kept == set(made[-KEEP_AUTOMATIC:])


def test_backup_of_a_missing_database_is_a_clear_message(cli: CliRun, tmp_path: Path) -> None:
    code, _, err = cli("--db", tmp_path / "nothing-here.db", "backup")
    assert code == 1 and "there is no database at" in err
