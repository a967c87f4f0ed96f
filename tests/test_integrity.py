"""Damage inside the database is noticed before it spreads: no command reads, writes, exports
or backs up a damaged file as if it were sound, every one says which file and which backup
to put back, and the good backups are never pushed out by damaged ones (issue 14, item 3)."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from asset_map.config import Settings
from asset_map.directory.facade import Directory
from asset_map.store import backup as backups
from asset_map.store import integrity
from tests.conftest import CliRun, record, require_seed, write_directory_file


@pytest.fixture
def sample_db(tmp_db: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The sample directory (178 entries, about 100 pages), its WAL folded in."""
    monkeypatch.setenv("ASSET_MAP_SEED", str(require_seed()))
    Directory.open(Settings.resolve(str(tmp_db))).close()
    with sqlite3.connect(tmp_db) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return tmp_db


def some_id(path: Path) -> str:
    with sqlite3.connect(path) as conn:
        return str(conn.execute("SELECT id FROM asset ORDER BY name LIMIT 1").fetchone()[0])[:8]


def spoil(path: Path) -> None:
    """8 KB of random bytes in the middle of the file, as a failing disk or a careless copy."""
    data = bytearray(path.read_bytes())
    middle = (len(data) // 2) // 4096 * 4096
    data[middle : middle + 8192] = os.urandom(8192)
    path.write_bytes(bytes(data))
    assert integrity.problem(path) is not None


@pytest.mark.parametrize(
    "command",
    [
        ["search", "lunch"],
        ["show", "{id}"],
        ["export", "{tmp}/out.json"],
        ["export", "--format", "hsds", "{tmp}/out-hsds.json"],
        ["archive", "{id}"],
        ["import", "{tmp}/feed.json"],
        ["backup"],
    ],
    ids=lambda c: c[0] + ("-hsds" if "hsds" in c else ""),
)
def test_every_command_refuses_a_damaged_database_naming_the_backup(
    cli: CliRun, sample_db: Path, tmp_path: Path, command: list[str]
) -> None:
    """Seen: 8 KB of random bytes mid-file; search, show, import (into the damaged file),
    export, archive and backup all exited 0."""
    good = backups.backup(sample_db)
    write_directory_file(tmp_path / "feed.json", [record(name="New Group")])
    known = some_id(sample_db)
    spoil(sample_db)
    before = sample_db.read_bytes()
    code, _, err = cli(*(p.replace("{tmp}", str(tmp_path)).replace("{id}", known) for p in command))
    assert code == 1 and "Traceback" not in err, err
    assert f"{sample_db}" in err and "damaged" in err
    assert f"asset-map restore {good}" in err
    assert sample_db.read_bytes() == before  # nothing written into it
    assert not (tmp_path / "out.json").exists() and not (tmp_path / "out-hsds.json").exists()


def test_six_imports_into_a_damaged_file_leave_the_five_good_backups(
    cli: CliRun, sample_db: Path, tmp_path: Path
) -> None:
    """Seen: six imports later the five automatic backups were all damaged."""
    for n in range(5):
        write_directory_file(tmp_path / f"feed{n}.json", [record(name=f"Group {n}")])
        assert cli("import", tmp_path / f"feed{n}.json")[0] == 0
    kept = sorted(backups.backups_dir(sample_db).glob("*-auto-*.db"))
    assert len(kept) == 5 and all(integrity.problem(k) is None for k in kept)
    with sqlite3.connect(sample_db) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    spoil(sample_db)
    for n in range(6):
        write_directory_file(tmp_path / f"more{n}.json", [record(name=f"More {n}")])
        code, _, err = cli("import", tmp_path / f"more{n}.json")
        assert code == 1 and "damaged" in err
    assert sorted(backups.backups_dir(sample_db).glob("*-auto-*.db")) == kept
    assert all(integrity.problem(k) is None for k in kept)
    assert not list(backups.backups_dir(sample_db).glob("*.part"))


def test_a_backup_is_called_good_only_once_it_is_checked(
    sample_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = backups.backup(sample_db)
    real = integrity.problem
    monkeypatch.setattr(backups, "problem", lambda path: "page 7: btreeInitPage() returns error code 11")
    with pytest.raises(integrity.DatabaseDamaged, match="the backup was not done"):
        backups.backup(sample_db)
    monkeypatch.setattr(backups, "problem", real)
    assert sorted(backups.backups_dir(sample_db).iterdir()) == [first]  # no copy, no .part


def test_a_sound_file_is_checked_once_until_it_changes(
    cli: CliRun, sample_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The quick check reads every page (0.3 s at 100,000 entries): not again for nothing."""
    checks: list[Path] = []
    real = integrity.problem

    def counted(path: Path) -> str | None:
        checks.append(path)
        return real(path)

    monkeypatch.setattr(integrity, "problem", counted)
    assert cli("search", "lunch")[0] == 0
    assert cli("search", "walk")[0] == 0
    assert checks.count(sample_db) == 1
    assert cli("archive", some_id(sample_db))[0] == 0  # our own write: still known sound
    assert cli("search", "lunch")[0] == 0
    assert checks.count(sample_db) == 1
    with sqlite3.connect(sample_db) as conn:  # someone else writes: checked again
        conn.execute("UPDATE asset SET summary = 'changed' WHERE name = 'Tilbury Lunch Club'")
    assert cli("search", "lunch")[0] == 0
    assert checks.count(sample_db) == 2


def test_two_backups_in_the_same_second_never_collide(sample_db: Path) -> None:
    """Seen: two imports at once, 12 of 400 failed: "the backup … failed: disk I/O error"."""
    made = [backups.automatic_backup(sample_db, "import") for _ in range(4)]
    assert len({p for p in made if p is not None}) == 4
    claimed = backups._claim(backups.backups_dir(sample_db) / "x.db")  # another process's claim
    again = backups._claim(backups.backups_dir(sample_db) / "x.db")
    assert claimed != again
