"""`asset-map backup` and `asset-map restore`: run before the directory is opened, on the file."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from asset_map.config import Settings
from asset_map.directory.facade import index_path
from asset_map.store import backup as backups
from asset_map.store.db import StoreError, sqlite_path
from asset_map.store.restoring import restore_checked


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    b = sub.add_parser("backup", parents=[common], help="copy the database safely, even while in use")
    b.add_argument("file", nargs="?", type=Path, help="where (default: a dated file in backups/)")
    r = sub.add_parser("restore", parents=[common], help="put a backup back (the current one is kept)")
    r.add_argument("file", type=Path, help="a backup made by asset-map backup")


def _database(settings: Settings) -> Path:
    path = sqlite_path(settings.db_url)
    if path is None:
        raise StoreError(
            "backup and restore work on SQLite files; a PostgreSQL directory is backed up with "
            "pg_dump and put back with pg_restore (docs/server.md)"
        )
    return path


def run(settings: Settings, args: argparse.Namespace) -> int:
    database = _database(settings)
    if args.command == "backup":
        print(f"backed up {database} to {backups.backup(database, args.file)}")
        return 0
    kept = restore_checked(database, args.file)
    index_path(settings.db_url).unlink(missing_ok=True)  # rebuilt for the restored entries
    print(f"restored {database} from {args.file}")
    if kept is not None:
        print(f"what was there before is kept in {kept}")
    return 0
