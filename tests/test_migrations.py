"""A later release opens an older database without loss."""

from __future__ import annotations

import sqlite3
import uuid
from pathlib import Path

from sqlalchemy import text

from asset_map.config import Settings
from asset_map.directory.facade import Directory
from asset_map.store.db import make_engine
from asset_map.store.enums import Kind
from asset_map.store.migrations import SCHEMA_VERSION, migrate
from asset_map.store.models import AssetIn

V1_SCHEMA = Path(__file__).parent / "data" / "schema_v1.sql"
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
    with engine.begin() as conn:  # as release 3 left it: no such table, schema 3
        conn.execute(text("DROP TABLE not_duplicates"))
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
    with engine.begin() as conn:  # as release 4 left it
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
