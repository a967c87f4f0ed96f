"""Setting up a team's server: the directory's tables, its reference data, the roles and the
first coordinator (store/server.py holds the rights themselves)."""

from __future__ import annotations

from datetime import datetime

from asset_map.config import Settings
from asset_map.directory.facade import Directory
from asset_map.store import repo
from asset_map.store.db import make_engine, transaction
from asset_map.store.migrations import migrate
from asset_map.store.server import (
    add_person,
    add_team,
    has_login,
    put_lists_on_server,
    require_postgres,
    role_name,
    set_up_rights,
)


def set_up_server(
    url: str, coordinator: str, password: str | None = None, *, lists_on_server: bool = False
) -> str | None:
    """Make a server ready for a team, connected as its owner; the coordinator's password.

    A new server holds no sample entries: a team copies its directory in (`asset-map copy`)
    or imports it. Run again (after an upgrade that adds tables, say), it grants the rights
    again and keeps a coordinator who has a login already (None: no new password)."""
    login = role_name(coordinator)
    engine = make_engine(url)
    try:
        require_postgres(engine)
        migrate(engine)
        with transaction(engine) as session:
            if repo.get_meta(session, "seeded_at") is None and repo.count_assets(session) == 0:
                repo.set_meta(session, "seeded_at", datetime.now().isoformat(timespec="seconds"))
        Directory.open(Settings(db_url=url, online_geocoding=False)).close()  # reference data
        with engine.begin() as conn:
            set_up_rights(conn)
            if lists_on_server:
                put_lists_on_server(conn)
            if has_login(conn, login):
                return None
            return add_person(conn, login, "coordinator", password)
    finally:
        engine.dispose()


def add_user(url: str, name: str, role: str, password: str | None = None) -> str:
    """A login for one more person (connected as the owner or a coordinator); their password."""
    engine = make_engine(url)
    try:
        require_postgres(engine)
        with engine.begin() as conn:
            return add_person(conn, name, role, password)
    finally:
        engine.dispose()


def add_team_members(url: str, team: str, members: list[str]) -> None:
    """A team that lists can be shared with, and who is in it."""
    engine = make_engine(url)
    try:
        require_postgres(engine)
        with engine.begin() as conn:
            add_team(conn, team, members)
    finally:
        engine.dispose()
