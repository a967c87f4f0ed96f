"""Copies of the directory database made with SQLite's online backup, and putting one back.

A backup is taken while the app may be running (SQLite copies a consistent snapshot under
its own locks). Automatic backups are made before a schema migration and before a bulk
import, and only the newest few are kept. Restoring checks the file is an Asset Map database
this release can read, backs up what is there now, then copies the file in under the live
database's lock, so a running app never sees half of it.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import time
from contextlib import closing
from datetime import datetime
from pathlib import Path

from asset_map.store.db import StoreError
from asset_map.store.files import index_beside, partial_files, read_uri
from asset_map.store.integrity import DatabaseDamaged, damage_message, problem

FOLDER = "backups"
KEEP_AUTOMATIC = 5
AUTO = "auto"


def backups_dir(db_path: Path) -> Path:
    return db_path.parent / FOLDER


def _free_name(folder: Path, stem: str) -> Path:
    """A name no other backup has, even one another process is making this very second
    (two imports at once used to pick the same name, and one of them failed)."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    candidate = folder / f"{stem}-{stamp}.db"
    n = 2
    while candidate.exists() or candidate.with_name(candidate.name + ".part").exists():
        candidate = folder / f"{stem}-{stamp}-{n}.db"
        n += 1
    return candidate


def _claim(target: Path) -> Path:
    """The `.part` file a backup is written to, created here and nowhere else (O_EXCL):
    when another process has just claimed the same name, the next free one is taken."""
    target.parent.mkdir(parents=True, exist_ok=True)
    for _ in range(100):
        partial = target.with_name(target.name + ".part")
        try:
            os.close(os.open(partial, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
            return partial
        except FileExistsError:
            target = _free_name(target.parent, target.stem)
    raise StoreError(f"no free name for a backup in {target.parent}")


def _connect_read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(read_uri(path), uri=True, timeout=10)


def backup(db_path: Path, target: Path | None = None) -> Path:
    """Copy the database to `target` (default: a dated file in the backups folder)."""
    if not db_path.is_file():
        raise StoreError(f"there is no database at {db_path} to back up")
    target = target or _free_name(backups_dir(db_path), db_path.stem)
    partial = target.with_name(target.name + ".part")
    try:
        partial = _claim(target)
        target = partial.with_name(partial.name.removesuffix(".part"))
        with closing(_connect_read_only(db_path)) as source, closing(sqlite3.connect(partial)) as copy:
            source.backup(copy)
            copy.execute("PRAGMA journal_mode = DELETE")  # a backup is one file: no -wal, no -shm
        found = problem(partial)  # a copy is called good only once it is checked
        if found is not None:
            raise DatabaseDamaged(damage_message(db_path, found, "the backup"))
        partial.replace(target)
    except (OSError, sqlite3.Error) as exc:
        partial.unlink(missing_ok=True)
        raise StoreError(f"the backup to {target} failed: {exc}") from exc
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return target


STALE_AFTER_S = 600  # a temporary file this old belongs to a process that was killed


def tidy(db_path: Path) -> list[Path]:
    """Remove what killed processes left beside the database: half-made backups (`.part`),
    restore workspaces, a half-saved index. Only old ones: a young one may be
    another process's work in progress. Returns what was removed."""
    now = time.time()
    litter = [
        *backups_dir(db_path).glob("*.part"),
        *db_path.parent.glob(".restore-*"),
        *partial_files(index_beside(db_path)),
    ]
    removed = []
    for path in litter:
        try:
            if now - path.stat().st_mtime < STALE_AFTER_S:
                continue
            shutil.rmtree(path) if path.is_dir() else path.unlink()
        except OSError:
            continue
        removed.append(path)
    return removed


def automatic_backup(db_path: Path | None, reason: str) -> Path | None:
    """A backup before something big; the oldest automatic ones beyond the newest few go."""
    if db_path is None or not db_path.is_file() or db_path.stat().st_size == 0:
        return None
    made = backup(db_path, _free_name(backups_dir(db_path), f"{db_path.stem}-{AUTO}-{reason}"))
    automatic = sorted(
        backups_dir(db_path).glob(f"{db_path.stem}-{AUTO}-*.db"), key=lambda p: (p.stat().st_mtime_ns, p.name)
    )
    for old in automatic[:-KEEP_AUTOMATIC]:
        old.unlink(missing_ok=True)
    return made


def check_backup(path: Path, readable_up_to: int) -> int:
    """The schema version of an intact Asset Map database this release can read; else refuse."""
    if not path.is_file():
        raise StoreError(f"{path} is not a file")
    try:
        with closing(_connect_read_only(path)) as conn:
            if conn.execute("PRAGMA integrity_check").fetchone() != ("ok",):
                raise StoreError(f"{path} is damaged (SQLite's integrity check failed); it was not restored")
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            if "schema_meta" not in tables or "asset" not in tables:
                raise StoreError(f"{path} is not an Asset Map database; it was not restored")
            row = conn.execute("SELECT value FROM schema_meta WHERE key = 'schema_version'").fetchone()
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path} is not an SQLite database ({exc}); it was not restored") from exc
    version = int(row[0]) if row else 0
    if version > readable_up_to:
        raise StoreError(f"{path} was made by a newer Asset Map (schema {version}); upgrade to restore it")
    return version


def restore(db_path: Path, source: Path, *, readable_up_to: int) -> Path | None:
    """Replace the database's content with `source`; return the backup of what was there."""
    check_backup(source, readable_up_to)
    safety = automatic_backup(db_path, "before-restore")
    try:
        db_path.parent.mkdir(parents=True, exist_ok=True)
        with closing(_connect_read_only(source)) as src, closing(sqlite3.connect(db_path, timeout=10)) as dst:
            src.backup(dst)
    except (OSError, sqlite3.Error) as exc:
        raise StoreError(f"restoring from {source} failed: {exc}; the database is as it was") from exc
    return safety
