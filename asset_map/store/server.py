"""A team's PostgreSQL server: its roles, and who may do what, enforced by the database.

Three group roles hold the rights; each person logs in as a role of their own, a member of
one group:

- readers search and print: they read every table (and write nothing);
- editors also add, edit, verify and flag entries: they write entries, their schedules and
  needs and their history, but not an entry's archiving or merging (column rights on
  `asset`), nor feeds' links, review decisions, places or reference data;
- coordinators also merge, archive, restore and import, and add people (CREATEROLE).

The history's "who" is the database's: for the team's people, a trigger writes the login role
into every history row and into an entry's `created_by` and `updated_by`, whatever name the
app was given (the server's owner, copying a directory in, keeps the names it brings).
"""

from __future__ import annotations

import re
import secrets

from sqlalchemy import Connection, Engine, text

from asset_map.store.db import StoreError
from asset_map.store.history import AssetChange
from asset_map.store.models import Asset, table_of

GROUPS = {
    "reader": "asset_map_reader",
    "editor": "asset_map_editor",
    "coordinator": "asset_map_coordinator",
}
# what editors write besides entries' own columns (a schedule or needs edit replaces rows)
_EDITOR_WRITES = {
    "schedule_slot": "INSERT, UPDATE, DELETE",
    "asset_need": "INSERT, UPDATE, DELETE",
    "asset_change": "INSERT",
    "geocodecache": "INSERT, UPDATE",
    "schema_meta": "UPDATE",  # the generation every write moves on
}
_COORDINATOR_ONLY = ("archived_at", "merged_into")  # archiving, restoring, merging
_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")

_WHO_TRIGGERS = """
CREATE OR REPLACE FUNCTION asset_map_who() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- the team's people only: the server's owner copying a directory in keeps its names
    IF NOT pg_has_role(session_user, 'asset_map_reader', 'MEMBER')
       OR (SELECT rolsuper FROM pg_roles WHERE rolname = session_user) THEN
        RETURN NEW;
    END IF;
    IF TG_TABLE_NAME = 'asset_change' THEN
        NEW."by" := session_user;
    ELSE
        NEW.updated_by := session_user;
        IF TG_OP = 'INSERT' THEN
            NEW.created_by := session_user;
        END IF;
    END IF;
    RETURN NEW;
END $$;
DROP TRIGGER IF EXISTS asset_map_who ON asset_change;
CREATE TRIGGER asset_map_who BEFORE INSERT ON asset_change FOR EACH ROW EXECUTE FUNCTION asset_map_who();
DROP TRIGGER IF EXISTS asset_map_who ON asset;
CREATE TRIGGER asset_map_who BEFORE INSERT OR UPDATE ON asset FOR EACH ROW EXECUTE FUNCTION asset_map_who();
"""


def role_name(name: str) -> str:
    """A person's login name as PostgreSQL keeps it: lower case letters, digits, underscores."""
    if not _NAME.fullmatch(name):
        raise StoreError(
            f"{name!r} cannot be a login name: use lower case letters, digits and _ "
            "(a letter first, at most 63), e.g. ann_smith"
        )
    return name


def require_postgres(engine: Engine) -> None:
    if engine.dialect.name != "postgresql":
        raise StoreError("roles and rights are a PostgreSQL server's: give a postgresql:// URL")


def set_up_rights(conn: Connection) -> None:
    """Create the group roles if missing, grant each its rights, and install the "who" triggers."""
    for group in GROUPS.values():
        exists = conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": group}).first()
        if not exists:
            conn.execute(text(f"CREATE ROLE {group} NOLOGIN"))
    reader, editor, coordinator = GROUPS["reader"], GROUPS["editor"], GROUPS["coordinator"]
    conn.execute(text(f"GRANT {reader} TO {editor}"))
    conn.execute(text(f"GRANT {editor} TO {coordinator}"))
    conn.execute(text(f"GRANT USAGE ON SCHEMA public TO {reader}"))
    conn.execute(text(f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {reader}"))
    conn.execute(text(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {editor}"))
    editable = [c.name for c in table_of(Asset).columns if c.name not in _COORDINATOR_ONLY]
    columns = ", ".join(f'"{name}"' for name in editable)
    # a new entry's row names every column (archiving and merging ones empty); changing one
    # later may not touch those two
    conn.execute(text(f"GRANT INSERT ON asset TO {editor}"))
    conn.execute(text(f"GRANT UPDATE ({columns}) ON asset TO {editor}"))
    for table, rights in _EDITOR_WRITES.items():
        conn.execute(text(f'GRANT {rights} ON "{table}" TO {editor}'))
    conn.execute(text(f"GRANT INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {coordinator}"))
    conn.execute(text(_WHO_TRIGGERS))
    assert table_of(AssetChange).name == "asset_change"  # the triggers name the tables


def has_login(conn: Connection, login: str) -> bool:
    return conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": login}).first() is not None


def add_person(conn: Connection, name: str, role: str, password: str | None = None) -> str:
    """A login role for a person in one group; their password (made up when not given)."""
    if role not in GROUPS:
        raise StoreError(f"role must be one of {', '.join(GROUPS)}, not {role!r}")
    login = role_name(name)
    if has_login(conn, login):
        raise StoreError(f"{login} already has a login on this server")
    password = password or secrets.token_urlsafe(18)
    extra = " CREATEROLE" if role == "coordinator" else ""
    quoted = conn.execute(text("SELECT quote_literal(:p)"), {"p": password}).scalar_one()
    conn.execute(text(f"CREATE ROLE {login} LOGIN{extra} PASSWORD {quoted} IN ROLE {GROUPS[role]}"))
    if role == "coordinator":  # may add the next people, to the groups only
        for group in GROUPS.values():
            conn.execute(text(f"GRANT {group} TO {login} WITH ADMIN OPTION"))
    return password


# ---------------------------------------------------------------- residents' lists on the server
_LIST_TABLES = ("connection_list", "connection", "printing")
_LISTS_UNDER_RLS = """
CREATE OR REPLACE FUNCTION asset_map_in_team(team text) RETURNS boolean
LANGUAGE plpgsql STABLE AS $$
BEGIN
    IF team = '' OR NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = team) THEN
        RETURN false;
    END IF;
    RETURN pg_has_role(session_user, team, 'MEMBER');
END $$;
CREATE OR REPLACE FUNCTION asset_map_list_owner() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.practitioner := session_user;  -- a list is made by whoever is signed in, whatever typed
    RETURN NEW;
END $$;
DROP TRIGGER IF EXISTS asset_map_list_owner ON connection_list;
CREATE TRIGGER asset_map_list_owner BEFORE INSERT ON connection_list
    FOR EACH ROW EXECUTE FUNCTION asset_map_list_owner();
ALTER TABLE connection_list ENABLE ROW LEVEL SECURITY;
ALTER TABLE connection_list FORCE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS mine_or_my_teams ON connection_list;
CREATE POLICY mine_or_my_teams ON connection_list
    USING (practitioner = session_user OR asset_map_in_team(team))
    WITH CHECK (practitioner = session_user OR asset_map_in_team(team));
"""
_OF_VISIBLE_LISTS = """
ALTER TABLE {table} ENABLE ROW LEVEL SECURITY;
ALTER TABLE {table} FORCE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS of_visible_lists ON {table};
CREATE POLICY of_visible_lists ON {table}
    USING (EXISTS (SELECT 1 FROM connection_list l WHERE l.id = list_id))
    WITH CHECK (EXISTS (SELECT 1 FROM connection_list l WHERE l.id = list_id));
"""


def put_lists_on_server(conn: Connection) -> None:
    """Keep the team's connection lists on the server, under row-level security: each person
    sees (even with raw SQL) only the lists they made and those shared with a team they are
    in; a list's connections and printed copies go with it. Run as the server's owner."""
    from asset_map.store.lists import ListsBase, open_lists_tables

    open_lists_tables(conn)
    assert set(_LIST_TABLES) <= set(ListsBase.metadata.tables)
    conn.execute(text(_LISTS_UNDER_RLS))
    for table in _LIST_TABLES[1:]:
        conn.execute(text(_OF_VISIBLE_LISTS.format(table=table)))
    reader = GROUPS["reader"]
    tables = ", ".join(f'"{t}"' for t in _LIST_TABLES)
    conn.execute(text(f"GRANT SELECT, INSERT, UPDATE, DELETE ON {tables} TO {reader}"))
    conn.execute(text(f"GRANT SELECT, INSERT, UPDATE ON lists_meta TO {reader}"))
    conn.execute(text(f"GRANT SELECT, INSERT, UPDATE ON unmet_search TO {reader}"))  # counts only
    conn.execute(text(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {reader}"))


def add_team(conn: Connection, team: str, members: list[str]) -> None:
    """A team (a role no one signs in as) that lists can be shared with, and its members."""
    name = role_name(team)
    if not has_login(conn, name):
        conn.execute(text(f"CREATE ROLE {name} NOLOGIN"))
    for member in members:
        login = role_name(member)
        if not has_login(conn, login):
            raise StoreError(f"{login} has no login on this server (add them first: server add-user)")
        conn.execute(text(f"GRANT {name} TO {login}"))
