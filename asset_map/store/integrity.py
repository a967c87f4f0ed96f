"""Is the database file sound? Checked before it is written to, backed up or exported, so
damage is caught before it spreads (into an import, an export, the automatic backups).

SQLite's `PRAGMA quick_check` reads every page: 0.3 s for 100,000 entries. It is run when
the file may have changed since it was last found sound — its size and time (and its WAL's)
are remembered in a small file beside it after each good check and after each of this
app's own writes — so a second command, or a second edit, does not pay for it again.
Damage found is one clear message: which file, what SQLite says, and the newest backup
that is itself sound, with the command that puts it back.
"""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing, suppress
from datetime import datetime
from pathlib import Path

from asset_map.store.db import StoreError
from asset_map.store.files import read_uri

STAMP_SUFFIX = ".checked"


class DatabaseDamaged(StoreError):
    """The database file is damaged: nothing was changed, and this is what to do."""


def problem(path: Path) -> str | None:
    """What SQLite's quick check finds wrong with the file (None: sound)."""
    try:
        with closing(sqlite3.connect(read_uri(path), uri=True, timeout=10)) as conn:
            found = [row[0] for row in conn.execute("PRAGMA quick_check")]
    except sqlite3.DatabaseError as exc:
        return str(exc)
    return None if found == ["ok"] else "; ".join(str(f) for f in found[:3])


def _files(path: Path) -> list[Path]:
    return [path, path.with_name(path.name + "-wal")]


def _state(path: Path) -> list[list[int]]:
    """Size and modification time of the file and its WAL: what a change would move (an empty
    WAL, made and removed as connections come and go, is the same as none)."""
    found = []
    for file in _files(path):
        try:
            stat = file.stat()
        except OSError:
            found.append([0, 0])
            continue
        found.append([stat.st_size, stat.st_mtime_ns] if stat.st_size else [0, 0])
    return found


def _stamp(path: Path) -> Path:
    return path.with_name(path.name + STAMP_SUFFIX)


def remember_sound(path: Path) -> None:
    """The file as it is now is sound (just checked, or just written by this app)."""
    with suppress(OSError):  # a read-only folder: the check is made every time instead
        _stamp(path).write_text(json.dumps(_state(path)), "utf-8")


def _known_sound(path: Path) -> bool:
    try:
        remembered: object = json.loads(_stamp(path).read_text("utf-8"))
        return remembered == _state(path)
    except (OSError, ValueError):
        return False


def check_sound(path: Path, *, doing: str = "") -> None:
    """DatabaseDamaged (naming the file and the newest good backup) unless the file is sound."""
    if not path.is_file() or path.stat().st_size == 0 or _known_sound(path):
        return
    found = problem(path)
    if found is None:
        remember_sound(path)
        return
    raise DatabaseDamaged(damage_message(path, found, doing))


def damage_message(path: Path, found: str, doing: str = "") -> str:
    refused = f"; {doing} was not done" if doing else ""
    advice = _advice(path)
    if found == "file is not a database":  # not SQLite at all: perhaps simply another file
        return (
            f"cannot open the database: file is not a database ({path}){refused}. "
            f"If it held your directory, {advice}"
        )
    return f"the database {path} is damaged (SQLite: {found}){refused}. Nothing was changed; {advice}"


def _advice(path: Path) -> str:
    good = newest_good_backup(path)
    if good is None:
        advice = (
            "there is no sound backup beside it: keep a copy of the file as it is, and see "
            "docs/reliability.md for what can still be recovered"
        )
    else:
        made = datetime.fromtimestamp(good.stat().st_mtime).strftime("%d %b %Y %H:%M")
        advice = f"put back the newest sound backup (made {made}): asset-map restore {good}"
    return advice


def newest_good_backup(path: Path) -> Path | None:
    """The newest backup in the backups folder that passes the quick check itself."""
    from asset_map.store.backup import backups_dir

    candidates = sorted(
        backups_dir(path).glob(f"{path.stem}-*.db"), key=lambda p: p.stat().st_mtime_ns, reverse=True
    )
    return next((c for c in candidates if problem(c) is None), None)
