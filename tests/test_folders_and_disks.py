"""Read-only places and full disks: a clear message and no litter, and reading still works
where writing cannot (issue 14, item 8).

The tests run as root in CI, where file permissions do not stop writes; a read-only bind
mount and a small tmpfs stop root too, so those are what these tests use. Where the machine
does not allow mounting, they say so and are skipped.
"""

from __future__ import annotations

import errno
import os
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from asset_map.config import Settings
from asset_map.directory.facade import Directory, index_path
from asset_map.store import backup as backups
from tests.conftest import MINI_LUNCH_CLUB, CliRun


def _mount(*args: str) -> None:
    done = subprocess.run(["mount", *args], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        pytest.skip(f"this machine does not let the tests mount a file system: {done.stderr.strip()}")


def _umount(path: Path) -> None:
    subprocess.run(["umount", str(path)], capture_output=True, check=False)


@pytest.fixture
def read_only_db(tmp_path: Path) -> Iterator[Path]:
    """The mini directory, seen through a read-only bind mount of its folder."""
    made = tmp_path / "made"
    Directory.open(Settings.resolve(str(made / "a.db"))).close()
    seen = tmp_path / "seen"
    seen.mkdir()
    _mount("--bind", str(made), str(seen))
    try:
        _mount("-o", "remount,ro,bind", str(seen))
        yield seen / "a.db"
    finally:
        _umount(seen)


def test_a_read_only_folder_can_be_searched_read_and_backed_up_elsewhere(
    cli: CliRun, read_only_db: Path, tmp_path: Path
) -> None:
    """Seen: in a read-only folder every command failed, even search and a backup elsewhere."""
    code, out, err = cli("--db", read_only_db, "search", "lunch")
    assert code == 0 and "Lunch" in out
    assert "cannot be changed from here" in err and "Traceback" not in err
    assert cli("--db", read_only_db, "show", MINI_LUNCH_CLUB[:8])[0] == 0
    copy = tmp_path / "elsewhere.db"
    assert cli("--db", read_only_db, "backup", copy)[0] == 0 and copy.is_file()
    code, out, err = cli("--db", read_only_db, "archive", MINI_LUNCH_CLUB[:8])
    assert code == 1 and "read-only" in err and "Traceback" not in err


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A folder on a file system with 160 KB of room."""
    disk = tmp_path / "disk"
    disk.mkdir()
    _mount("-t", "tmpfs", "-o", "size=160k", "tmpfs", str(disk))
    try:
        yield disk
    finally:
        _umount(disk)


def test_an_export_to_a_full_disk_is_one_line_and_leaves_nothing(
    cli: CliRun, small_disk: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Seen: an OSError traceback, and a half-written index left behind."""
    from tests.conftest import require_seed

    monkeypatch.setenv("ASSET_MAP_SEED", str(require_seed()))  # 178 entries: more than 160 KB
    code, out, err = cli("export", small_disk / "directory.json")
    assert code == 1 and out == "" and "Traceback" not in err
    assert "No space left on device" in err and len(err.strip().splitlines()) == 1
    assert list(small_disk.iterdir()) == []


def test_a_full_disk_while_saving_the_index_leaves_nothing(
    tmp_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    directory = Directory.open(Settings.resolve(str(tmp_db)))
    index_path(f"sqlite:///{tmp_db}").unlink(missing_ok=True)
    directory.live.saved = False  # as if changed since it was saved: closing saves it

    def full(_fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("asset_map.store.files.os.fsync", full)
    directory.close()  # the index cannot be saved: nothing to clear up, nothing said to be saved
    assert not directory.index_saved
    assert sorted(p.name for p in tmp_db.parent.iterdir() if "index" in p.name) == []


def test_what_killed_processes_left_is_cleared_up_on_opening(tmp_db: Path) -> None:
    """Seen: killed backups left `*.part` files; a killed save its half-written index."""
    Directory.open(Settings.resolve(str(tmp_db))).close()
    folder = backups.backups_dir(tmp_db)
    folder.mkdir(exist_ok=True)
    old, young = folder / "asset-map-20260101-000000.db.part", folder / "asset-map-now.db.part"
    half_index = tmp_db.with_name(f".{tmp_db.name}.index.k1lled_1.part")  # as written_whole names it
    workspace = tmp_db.parent / ".restore-abc"
    workspace.mkdir()
    for litter in (old, young, half_index):
        litter.write_bytes(b"half")
    an_hour_ago = time.time() - 3600
    for litter in (old, half_index, workspace):
        os.utime(litter, (an_hour_ago, an_hour_ago))
    Directory.open(Settings.resolve(str(tmp_db))).close()
    assert not old.exists() and not half_index.exists() and not workspace.exists()
    assert young.exists()  # perhaps another process's backup in progress
