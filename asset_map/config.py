"""Where Asset Map keeps its files, with environment overrides so tests never touch real data.

Precedence for the database: an explicit `--db` (passed in by the caller), then the
`ASSET_MAP_DB` environment variable, then a file in the user's data directory.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from platformdirs import user_config_dir, user_data_dir

from asset_map.validation import PERSON_NAME_LENGTH

APP_NAME = "asset-map"
DB_ENV = "ASSET_MAP_DB"
CONFIG_ENV = "ASSET_MAP_CONFIG_DIR"
DATA_ENV = "ASSET_MAP_DATA_DIR"
ONLINE_GEOCODING_ENV = "ASSET_MAP_ONLINE_GEOCODING"
DEFAULT_DB_NAME = "asset-map.db"


def data_dir() -> Path:
    """The user's data directory (overridable with ASSET_MAP_DATA_DIR)."""
    override = os.environ.get(DATA_ENV)
    return Path(override) if override else Path(user_data_dir(APP_NAME, appauthor=False))


def config_dir() -> Path:
    """The user's config directory (overridable with ASSET_MAP_CONFIG_DIR)."""
    override = os.environ.get(CONFIG_ENV)
    return Path(override) if override else Path(user_config_dir(APP_NAME, appauthor=False))


def database_url(db: str | None = None) -> str:
    """Turn `--db`, `ASSET_MAP_DB` or the default into an SQLAlchemy URL.

    A plain path becomes an SQLite URL; anything with `://` is passed through, so a later
    release can point the same code at a shared PostgreSQL server.
    """
    chosen = db or os.environ.get(DB_ENV) or str(data_dir() / DEFAULT_DB_NAME)
    if "://" in chosen:
        return chosen
    path = Path(chosen).expanduser()
    return f"sqlite:///{path}"


LISTS_ENV = "ASSET_MAP_LISTS_DB"


def lists_url(db_url: str) -> str:
    """Where connection lists live: ASSET_MAP_LISTS_DB, else a file beside the directory's.

    `asset-map.db` keeps its lists in `asset-map.lists.db`, so the directory file can be
    shared or exported without any resident's data. A directory on a server keeps them on this
    computer (`asset-map.lists.db` in the data folder): a team's server holds no resident's
    data unless the team chooses so (ASSET_MAP_LISTS_DB).
    """
    override = os.environ.get(LISTS_ENV)
    if override:
        return override if "://" in override else f"sqlite:///{Path(override).expanduser()}"
    if not db_url.startswith("sqlite"):
        return f"sqlite:///{data_dir() / (Path(DEFAULT_DB_NAME).stem + '.lists.db')}"
    path = db_url.split(":///", 1)[1] if ":///" in db_url else ""
    if not path or path == ":memory:":
        return "sqlite://"
    file = Path(path)
    return f"sqlite:///{file.with_name(file.stem + '.lists' + (file.suffix or '.db'))}"


PRINTOUTS = "printouts"
POSIX_MODES = os.name == "posix"  # Windows has no owner/group/other modes to tighten


def printouts_dir() -> Path:
    """Where printouts are saved when no file is named (they are personal data)."""
    return data_dir() / PRINTOUTS


def make_private(path: Path) -> bool:
    """Take other users' access away from a file or folder; True when it had any.

    Residents' data must not be readable by other accounts on a shared computer. Only the
    group and others' bits go, so a file the user made read-only stays so; a link is left
    alone, and so is everything on Windows, which has no such modes. Raises OSError when
    the file is not the user's to change.
    """
    if not POSIX_MODES:
        return False
    try:
        mode = path.lstat().st_mode
    except FileNotFoundError:
        return False
    if stat.S_ISLNK(mode) or not mode & 0o077:
        return False
    path.chmod(stat.S_IMODE(mode) & ~0o077)
    return True


def private_folder(path: Path) -> Path:
    """A folder for residents' data only: made 0700, and tightened if it was looser."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    make_private(path)
    return path


def online_geocoding_enabled() -> bool:
    """Online geocoding is opt-in only: ASSET_MAP_ONLINE_GEOCODING=1."""
    return os.environ.get(ONLINE_GEOCODING_ENV, "").strip().lower() in {"1", "true", "yes", "on"}


@dataclass(frozen=True)
class Settings:
    """Resolved settings for one run of the app or a command."""

    db_url: str
    online_geocoding: bool = False

    @classmethod
    def resolve(cls, db: str | None = None, *, online: bool | None = None) -> Settings:
        return cls(
            db_url=database_url(db),
            online_geocoding=online_geocoding_enabled() if online is None else online,
        )


USER_ENV = "ASSET_MAP_USER"
USER_FILE = "user.json"


def _user_settings() -> dict[str, str]:
    import json

    try:
        saved = json.loads((config_dir() / USER_FILE).read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(saved, dict):
        return {}
    return {k: v.strip() for k, v in saved.items() if isinstance(v, str) and v.strip()}


def _save_user_setting(key: str, value: str) -> None:
    import json

    settings = _user_settings() | {key: value.strip()}
    path = config_dir() / USER_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(settings), "utf-8")


def saved_user_name() -> str | None:
    """The name remembered in the user's config, if one was saved."""
    return _user_settings().get("name")


def save_user_name(name: str) -> None:
    _save_user_setting("name", name)


def saved_user_contact() -> str:
    """How residents reach the practitioner (printed at the foot of a connection list)."""
    return _user_settings().get("contact", "")


def save_user_contact(contact: str) -> None:
    _save_user_setting("contact", contact)


def saved_theme() -> str | None:
    """The colour theme last chosen in the app (the palette's "Theme" command)."""
    return _user_settings().get("theme")


def save_theme(name: str) -> None:
    _save_user_setting("theme", name)


def screenshots_dir() -> Path:
    """Where the palette's "Screenshot" saves (a screen may show a resident's reference)."""
    return data_dir() / "screenshots"


def current_user(explicit: str | None = None) -> str:
    """Who is making a change: --user, ASSET_MAP_USER, the saved name, else the login name."""
    import getpass

    for candidate in (explicit, os.environ.get(USER_ENV), saved_user_name()):
        if candidate and candidate.strip():
            return candidate.strip()[:PERSON_NAME_LENGTH]
    try:
        return getpass.getuser()[:PERSON_NAME_LENGTH]
    except (OSError, KeyError):
        return "unknown"
