"""Putting a backup back, only once everything in it has been checked.

`backup.restore` copies a file in; before that, the file is copied aside, upgraded to this
release's schema (as opening it would) and every entry in it checked as typed input is
(`contents.problems`). A backup that would bring back a name with a terminal escape in it,
or a check dated in the future, is refused, naming the entries, and nothing is changed.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from asset_map.store import contents
from asset_map.store.backup import check_backup, restore
from asset_map.store.db import StoreError, make_engine
from asset_map.store.migrations import SCHEMA_VERSION, migrate


def restore_checked(db_path: Path, source: Path) -> Path | None:
    """Restore `source` over the database; return the backup of what was there."""
    check_backup(source, SCHEMA_VERSION)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".restore-", dir=db_path.parent) as folder:
        copy = Path(folder) / "restoring.db"
        shutil.copyfile(source, copy)
        engine = make_engine(f"sqlite:///{copy}")
        try:
            migrate(engine)  # as this release will read it
            found = contents.problems(engine)
            engine.dispose()
            if found:
                raise StoreError(
                    f"{source} holds entries this app would refuse if they were typed in: "
                    f"{contents.summary(found)}. It was not restored; the database is as it was"
                )
            return restore(db_path, copy, readable_up_to=SCHEMA_VERSION)
        finally:
            engine.dispose()
