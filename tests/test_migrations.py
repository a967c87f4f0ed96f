"""A later release opens an older database without loss."""

from __future__ import annotations

import multiprocessing
import sqlite3
import uuid
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, inspect, text
from sqlmodel import SQLModel

from asset_map.config import Settings
from asset_map.directory.facade import Directory
from asset_map.store.db import StoreError, make_engine
from asset_map.store.enums import Kind
from asset_map.store.migrations import HEAD, SCHEMA_VERSION, migrate, script_directory
from asset_map.store.models import AssetIn

V1_SCHEMA = Path(__file__).parent / "data" / "schema_v1.sql"
V5_RELEASE = Path(__file__).parent / "data" / "schema_v5_release.sql"  # made by the release before Alembic
ASSET_ID = "0123456789abcdef0123456789abcdef"


def _make_v1_database(path: Path) -> None:
    con = sqlite3.connect(path)
    con.executescript(V1_SCHEMA.read_text("utf-8"))
    con.execute(
        "INSERT INTO asset (kind, name, summary, description, organisation, locality, address, postcode,"
        " phone, email, website, schedule_note, cost, cost_note, status, verified_on, verified_by,"
        " verified_how, source, price, area_served, registration, skill, availability, help_offered,"
        " drop_in_sessions, audience_note, frequency, id, accessibility, audience, languages,"
        " created_at, created_by, updated_at, updated_by, version) VALUES"
        " ('GROUP', 'Old Friends Club', 'Made by release 1', '', '', 'Tilbury', '', 'RM18 7NR', '', '', '',"
        " '', 'FREE', '', 'ACTIVE', '2025-01-02', 'Sam', 'VISITED', 'v1', '', '', '', '', '', '', '', '', '',"
        f" '{ASSET_ID}', '[\"step_free\"]', '[]', '[\"English\"]', '2024-01-01 10:00:00', 'Sam',"
        " '2024-01-01 10:00:00', 'Sam', 3)"
    )
    con.commit()
    con.close()


def test_version_one_database_is_upgraded_without_loss(tmp_path: Path) -> None:
    db = tmp_path / "v1.db"
    _make_v1_database(db)
    engine = make_engine(f"sqlite:///{db}")
    assert migrate(engine) == 1
    with engine.connect() as conn:
        version = conn.execute(text("SELECT value FROM schema_meta WHERE key='schema_version'")).scalar()
        columns = {row[1] for row in conn.execute(text("PRAGMA table_info(asset)"))}
        tables = {row[0] for row in conn.execute(text("SELECT name FROM sqlite_master WHERE type='table'"))}
    assert version == str(SCHEMA_VERSION)
    assert {"flagged_at", "flag_reason", "merged_into", "how_to_join", "getting_there"} <= columns
    assert "not_duplicates" in tables
    engine.dispose()
    (kept,) = (tmp_path / "backups").glob("v1-auto-before-upgrade-*.db")  # the file as it was
    with sqlite3.connect(kept) as old:
        assert old.execute("SELECT name FROM asset").fetchall() == [("Old Friends Club",)]
        assert "flagged_at" not in {row[1] for row in old.execute("PRAGMA table_info(asset)")}

    directory = Directory.open(Settings.resolve(str(db)))
    try:
        asset = directory.get("01234567")
        assert asset.name == "Old Friends Club"
        assert asset.summary == "Made by release 1"
        assert str(asset.verified_on) == "2025-01-02"
        assert asset.accessibility == ["step_free"]
        assert asset.version == 3
        assert asset.flag_reason == ""
        # the upgraded database is not re-seeded over the user's data
        assert [a.name for a in directory.all_assets()] == ["Old Friends Club"]
    finally:
        directory.close()


def test_migrating_twice_changes_nothing(tmp_path: Path) -> None:
    db = tmp_path / "v1.db"
    _make_v1_database(db)
    engine = make_engine(f"sqlite:///{db}")
    migrate(engine)
    assert migrate(engine) == SCHEMA_VERSION
    engine.dispose()


def test_version_three_database_gains_the_not_duplicates_table(tmp_path: Path) -> None:
    """Schema 4 adds one table: decisions that a likely-duplicate pair is two entries."""
    db = tmp_path / "v3.db"
    _make_v1_database(db)
    engine = make_engine(f"sqlite:///{db}")
    migrate(engine)
    with engine.begin() as conn:  # as release 3 left it: no such table, schema 3, before Alembic
        conn.execute(text("DROP TABLE not_duplicates"))
        conn.execute(text("DROP TABLE alembic_version"))
        conn.execute(text("UPDATE schema_meta SET value = '3' WHERE key = 'schema_version'"))
    assert migrate(engine) == 3
    with engine.connect() as conn:
        version = conn.execute(text("SELECT value FROM schema_meta WHERE key='schema_version'")).scalar()
        columns = {row[1] for row in conn.execute(text("PRAGMA table_info(not_duplicates)"))}
    engine.dispose()
    assert version == str(SCHEMA_VERSION)
    assert {"first_id", "second_id", "first_name", "second_name", "decided_by", "decided_at"} <= columns

    directory = Directory.open(Settings.resolve(str(db)))
    try:
        other = directory.add(
            AssetIn(kind=Kind.GROUP, name="Old Friends Club.", locality="Tilbury"), user="Sam"
        )
        assert len(directory.review_queue().duplicates) == 1
        directory.mark_not_duplicates(other.id, uuid.UUID(ASSET_ID), user="Sam")
        assert directory.review_queue().duplicates == []
        assert directory.get("01234567").name == "Old Friends Club"  # nothing else changed
    finally:
        directory.close()


def test_version_four_database_gains_delivery_inferred_needs_and_feed_fields(tmp_path: Path) -> None:
    """Schema 5: every entry so far has a place, so it is delivered in person; a
    micro-enterprise that comes to the home is delivered at home (as its printout said)."""
    db = tmp_path / "v4.db"
    _make_v1_database(db)
    engine = make_engine(f"sqlite:///{db}")
    migrate(engine)
    with engine.begin() as conn:  # as release 4 left it, before Alembic
        conn.execute(text("DROP TABLE alembic_version"))
        for column in ("delivery", "inferred_needs", "feed_extra"):
            conn.execute(text(f"ALTER TABLE asset DROP COLUMN {column}"))
        conn.execute(text("UPDATE asset SET comes_to_home = 1"))
        conn.execute(text("UPDATE schema_meta SET value = '4' WHERE key = 'schema_version'"))
    assert migrate(engine) == 4
    engine.dispose()
    directory = Directory.open(Settings.resolve(str(db)))
    try:
        asset = directory.get("01234567")
        assert asset.delivery == ["home"]
        assert asset.inferred_needs == []
        assert asset.feed_extra == {}
        assert asset.name == "Old Friends Club"
    finally:
        directory.close()


# ---------------------------------------------------------------- Alembic


def _make_v5_release_file(path: Path) -> None:
    with sqlite3.connect(path) as con:
        con.executescript(V5_RELEASE.read_text("utf-8"))
    con.close()


def _rows(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table but Alembic's, as SQLite holds it."""
    with sqlite3.connect(path) as con:
        names = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        rows = {n: sorted(con.execute(f'SELECT * FROM "{n}"').fetchall(), key=repr) for n in names}
    con.close()
    rows.pop("alembic_version", None)
    return rows


def _stamped(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def _differences(engine: Engine) -> list[Any]:
    """What Alembic's autogenerate sees between the database and the models (none: the same)."""
    with engine.connect() as conn:
        return list(compare_metadata(MigrationContext.configure(conn), SQLModel.metadata))


def test_the_revisions_run_from_release_one_to_the_head() -> None:
    script = script_directory()
    assert script.get_current_head() == HEAD == f"schema_{SCHEMA_VERSION}"
    chain = [s.revision for s in script.walk_revisions()]
    assert chain == [f"schema_{n}" for n in range(SCHEMA_VERSION, 0, -1)]


def test_a_file_from_the_release_before_alembic_is_stamped_without_loss(tmp_path: Path) -> None:
    db = tmp_path / "today.db"
    _make_v5_release_file(db)
    before = _rows(db)
    assert len(before["asset"]) == 6 and before["schedule_slot"] and before["asset_need"]
    assert before["asset_change"] and before["not_duplicates"]
    engine = make_engine(f"sqlite:///{db}")
    assert migrate(engine) == SCHEMA_VERSION
    assert _stamped(engine) == HEAD
    assert _differences(engine) == []  # the baseline revision is what the models make
    assert migrate(engine) == SCHEMA_VERSION  # and opening again does nothing
    engine.dispose()
    assert _rows(db) == before  # every row as it was, schema_version 5 included
    assert not (tmp_path / "backups").exists()  # nothing to upgrade, nothing to keep

    directory = Directory.open(Settings.resolve(str(db)))
    try:
        (club,) = [a for a in directory.all_assets() if a.name == "Riverside Lunch Club"]
        assert [(s.day, s.start, s.end) for s in club.schedule] == [("tue", "12:00", "14:30")]
        assert {n.id for n in club.needs} == {"company", "food"} and club.cost_note == "£2"
        assert [a.name for a in directory.all_assets() if a.flag_reason] == ["Grays Walking Group"]
        assert directory.history(club.id)
    finally:
        directory.close()


def test_a_file_from_the_release_before_alembic_opens_read_only(tmp_path: Path) -> None:
    db = tmp_path / "today.db"
    _make_v5_release_file(db)
    before = db.read_bytes()
    engine = make_engine(f"sqlite:///{db}", read_only=True)
    assert migrate(engine, read_only=True) == SCHEMA_VERSION
    engine.dispose()
    assert db.read_bytes() == before  # not even stamped


def test_an_old_file_read_only_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "v1.db"
    _make_v1_database(db)
    engine = make_engine(f"sqlite:///{db}", read_only=True)
    with pytest.raises(StoreError, match="earlier release and cannot be changed here"):
        migrate(engine, read_only=True)
    engine.dispose()


def test_the_upgraded_version_one_file_is_stamped_and_has_todays_tables(tmp_path: Path) -> None:
    db = tmp_path / "v1.db"
    _make_v1_database(db)
    engine = make_engine(f"sqlite:///{db}")
    assert migrate(engine) == 1
    assert _stamped(engine) == HEAD
    assert _differences(engine) == []
    engine.dispose()


def test_an_upgrade_that_fails_leaves_the_file_as_it_was(tmp_path: Path) -> None:
    """All the steps or none: the last step's UPDATE is refused, so the columns the first
    steps added are not there either, and the file says schema 1 still."""
    db = tmp_path / "v1.db"
    _make_v1_database(db)
    with sqlite3.connect(db) as con:
        con.execute("CREATE TRIGGER no_updates BEFORE UPDATE ON asset BEGIN SELECT RAISE(ABORT, 'no'); END")
    con.close()
    before = _rows(db)
    engine = make_engine(f"sqlite:///{db}")
    with pytest.raises(StoreError, match="cannot open the database: no"):
        migrate(engine)
    engine.dispose()
    assert _rows(db) == before
    with sqlite3.connect(db) as con:
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert "flagged_at" not in {row[1] for row in con.execute("PRAGMA table_info(asset)")}
    con.close()
    assert "alembic_version" not in tables and "not_duplicates" not in tables


@pytest.mark.parametrize("revision", ["schema_6", "1a2b3c4d5e6f"])
def test_a_database_from_a_newer_release_is_refused_untouched(tmp_path: Path, revision: str) -> None:
    db = tmp_path / "newer.db"
    engine = make_engine(f"sqlite:///{db}")
    migrate(engine)
    with engine.begin() as conn:  # a later release's revision, which this one does not know
        conn.execute(text("UPDATE alembic_version SET version_num = :r"), {"r": revision})
    before = _rows(db)
    with pytest.raises(
        StoreError, match=f"made by a newer Asset Map \\(schema {revision}.*upgrade Asset Map"
    ):
        migrate(engine)
    engine.dispose()
    assert _rows(db) == before


def test_a_file_that_is_not_asset_maps_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "other.db"
    with sqlite3.connect(db) as con:
        con.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    con.close()
    engine = make_engine(f"sqlite:///{db}")
    with pytest.raises(StoreError, match="not made by Asset Map"):
        migrate(engine)
    engine.dispose()
    with sqlite3.connect(db) as con:
        assert [r[0] for r in con.execute("SELECT name FROM sqlite_master")] == ["notes"]
    con.close()


def test_a_new_database_is_made_at_the_head_on_either_store(store_url: str) -> None:
    engine = make_engine(store_url)
    try:
        assert migrate(engine) == 0
        assert _stamped(engine) == HEAD
        assert _differences(engine) == []
        assert migrate(engine) == SCHEMA_VERSION  # opening again does nothing
        assert _stamped(engine) == HEAD
        with engine.connect() as conn:
            version = conn.execute(text("SELECT value FROM schema_meta WHERE key='schema_version'")).scalar()
        assert version == str(SCHEMA_VERSION)
    finally:
        engine.dispose()


def test_a_database_made_before_alembic_is_stamped_on_either_store(store_url: str) -> None:
    """As today's release left a server or a file: today's tables, schema_version 5, entries."""
    engine = make_engine(store_url)
    try:
        with engine.begin() as conn:
            SQLModel.metadata.create_all(conn)
            conn.execute(text("INSERT INTO schema_meta (key, value) VALUES ('schema_version', '5')"))
            conn.execute(text("INSERT INTO schema_meta (key, value) VALUES ('seeded_at', 'then')"))
        directory = Directory.open(Settings(db_url=store_url, online_geocoding=False))
        try:
            added = directory.add(AssetIn(kind=Kind.GROUP, name="Chess Club", locality="Grays"), user="Sam")
        finally:
            directory.close()
        with engine.begin() as conn:
            conn.execute(text("DROP TABLE alembic_version"))  # which today's release did not make
            names = inspect(conn).get_table_names()
        assert "alembic_version" not in names
        assert migrate(engine) == SCHEMA_VERSION
        assert _stamped(engine) == HEAD
        assert _differences(engine) == []
        with engine.begin() as conn:
            conn.execute(text("UPDATE alembic_version SET version_num = 'schema_9'"))
        with pytest.raises(StoreError, match="made by a newer Asset Map"):
            migrate(engine)
    finally:
        engine.dispose()
    assert added.name == "Chess Club"


def _open_in_another_app(db: Path, start: Any, found: Any) -> None:
    start.wait()
    engine = make_engine(f"sqlite:///{db}")
    try:
        found.put(migrate(engine))
    except StoreError as exc:
        found.put(str(exc))
    finally:
        engine.dispose()


@pytest.mark.parametrize("made_by", ["v1", "today"])
def test_two_apps_opening_an_old_file_at_once_both_open_it(tmp_path: Path, made_by: str) -> None:
    """The first upgrades (or stamps) it, the others wait for it, then find it current."""
    db = tmp_path / "old.db"
    _make_v1_database(db) if made_by == "v1" else _make_v5_release_file(db)
    with sqlite3.connect(db) as con:
        con.execute("PRAGMA journal_mode = WAL")  # as a file the app has opened before
    con.close()
    apps = multiprocessing.get_context("fork")
    start, found = apps.Barrier(3), apps.Queue()
    others = [apps.Process(target=_open_in_another_app, args=(db, start, found)) for _ in range(3)]
    for process in others:
        process.start()
    for process in others:
        process.join(60)
    results = [found.get(timeout=5) for _ in others]
    assert all(isinstance(r, int) for r in results), results  # no app refused: none said locked
    results.sort()
    first = 1 if made_by == "v1" else SCHEMA_VERSION
    assert results == [first, SCHEMA_VERSION, SCHEMA_VERSION] if made_by == "v1" else [first] * 3
    engine = make_engine(f"sqlite:///{db}")
    assert _stamped(engine) == HEAD and migrate(engine) == SCHEMA_VERSION
    engine.dispose()


def _open_url_in_another_app(url: str, start: Any, found: Any) -> None:
    start.wait()
    engine = make_engine(url)
    try:
        found.put(migrate(engine))
    except StoreError as exc:
        found.put(str(exc))
    finally:
        engine.dispose()


def test_apps_opening_a_new_database_at_once_all_open_it(store_url: str) -> None:
    """One makes the tables and stamps them; the others wait for it, then find them current."""
    apps = multiprocessing.get_context("fork")
    start, found = apps.Barrier(3), apps.Queue()
    others = [apps.Process(target=_open_url_in_another_app, args=(store_url, start, found)) for _ in range(3)]
    for process in others:
        process.start()
    for process in others:
        process.join(60)
    results = [found.get(timeout=5) for _ in others]
    assert all(isinstance(r, int) for r in results), results
    assert sorted(results) == [0, SCHEMA_VERSION, SCHEMA_VERSION]
