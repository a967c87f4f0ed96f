"""A later release opens an older database without loss."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import text

from asset_map.config import Settings
from asset_map.directory import Directory
from asset_map.store.db import make_engine
from asset_map.store.migrations import SCHEMA_VERSION, migrate

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
    assert version == str(SCHEMA_VERSION)
    assert {"flagged_at", "flag_reason", "merged_into", "how_to_join", "getting_there"} <= columns
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
