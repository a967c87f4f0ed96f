"""The store: schema version and refusal of foreign files, seeding once, sharing one file, writes."""

from __future__ import annotations

import random
import sqlite3
import threading
import time
import uuid
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import insert, text
from sqlmodel import SQLModel

from asset_map.config import Settings, database_url
from asset_map.directory.facade import Directory, index_path
from asset_map.errors import DirectoryError
from asset_map.interop.errors import FileRejected
from asset_map.store import repo
from asset_map.store.db import BUSY_TIMEOUT_MS, StoreError, insert_columns, make_engine, transaction
from asset_map.store.enums import VerifiedHow
from asset_map.store.history import AssetChange
from asset_map.store.migrations import SCHEMA_VERSION, migrate
from asset_map.store.models import LIST_FIELDS, Asset, AssetNeed, ScheduleSlot, table_of
from asset_map.store.reference import refresh_reference_data
from asset_map.store.sources import AssetSource
from tests.conftest import (
    MINI_DEMENTIA_CAFE,
    MINI_HAPPY_FEET,
    MINI_LUNCH_CLUB,
    OpenDirectory,
    asset_in,
    names,
    record,
    write_directory_file,
)


def _query(path: Path, sql: str) -> list[tuple]:
    con = sqlite3.connect(path)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def _open(path: Path) -> Directory:
    return Directory.open(Settings.resolve(str(path)))


# ---------------------------------------------------------------- creating and versioning


def test_new_database_records_the_schema_version(directory: Directory, tmp_db: Path) -> None:
    assert tmp_db.exists()
    rows = _query(tmp_db, "SELECT value FROM schema_meta WHERE key = 'schema_version'")
    assert rows == [(str(SCHEMA_VERSION),)]
    tables = {r[0] for r in _query(tmp_db, "SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"asset", "schedule_slot", "asset_need", "need", "locality", "area", "postcodearea"} <= tables


def test_migrate_reports_zero_for_a_new_database_and_the_version_after(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'm.db'}")
    try:
        assert migrate(engine) == 0
        assert migrate(engine) == SCHEMA_VERSION
    finally:
        engine.dispose()


def test_database_folder_is_created(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "er" / "x.db"
    opened = _open(path)
    opened.close()
    assert path.exists()


def test_first_open_seeds_from_the_seed_file(directory: Directory) -> None:
    assert directory.seeded_now
    assert sorted(a.name for a in directory.all_assets()) == [
        "Grays Dementia Café",
        "Happy Feet",
        "Tilbury Lunch Club",
    ]
    club = directory.get(MINI_LUNCH_CLUB)
    assert club.created_by == "asset-map"
    assert [(s.day, s.start, s.end) for s in club.schedule] == [("wed", "12:00", "14:00")]
    assert club.need_ids == ["company", "food"]
    assert club.verified_on == date(2026, 10, 1)


def test_reopening_never_reseeds_over_edits(tmp_db: Path) -> None:
    first = _open(tmp_db)
    club = first.get(MINI_LUNCH_CLUB)
    edited = repo.asset_to_in(club).model_copy(update={"name": "Tilbury Lunch Club (Wednesdays)"})
    first.update(club.id, edited, user="Sam")
    first.archive(uuid.UUID(MINI_HAPPY_FEET), user="Sam")
    first.close()

    second = _open(tmp_db)
    try:
        assert not second.seeded_now
        everything = second.all_assets(include_archived=True)
        assert len(everything) == 3
        assert second.get(MINI_LUNCH_CLUB).name == "Tilbury Lunch Club (Wednesdays)"
        assert second.get(MINI_HAPPY_FEET).archived_at is not None
    finally:
        second.close()


def test_a_database_emptied_by_its_user_is_not_reseeded(tmp_db: Path) -> None:
    _open(tmp_db).close()
    con = sqlite3.connect(tmp_db)
    con.executescript("DELETE FROM asset_need; DELETE FROM schedule_slot; DELETE FROM asset;")
    con.close()
    again = _open(tmp_db)
    try:
        assert again.all_assets() == []
        assert not again.seeded_now
    finally:
        again.close()


def test_a_missing_seed_file_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASSET_MAP_SEED", str(tmp_path / "missing.json"))
    with pytest.raises(FileRejected, match="cannot read"):
        _open(tmp_path / "x.db")


# ---------------------------------------------------------------- refusing files that are not ours


def test_foreign_sqlite_file_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE recipes (name TEXT)")
    con.execute("INSERT INTO recipes VALUES ('scones')")
    con.commit()
    con.close()
    with pytest.raises(StoreError, match="not made by Asset Map"):
        _open(path)
    assert _query(path, "SELECT name FROM sqlite_master WHERE type = 'table'") == [("recipes",)]
    assert _query(path, "SELECT name FROM recipes") == [("scones",)]


def test_database_from_a_newer_release_is_refused(tmp_db: Path) -> None:
    _open(tmp_db).close()
    newer = str(SCHEMA_VERSION + 1)
    con = sqlite3.connect(tmp_db)
    con.execute("UPDATE schema_meta SET value = ? WHERE key = 'schema_version'", (newer,))
    con.commit()
    con.close()
    with pytest.raises(StoreError, match="newer Asset Map") as caught:
        _open(tmp_db)
    assert f"schema {newer}" in str(caught.value)
    assert _query(tmp_db, "SELECT value FROM schema_meta WHERE key = 'schema_version'") == [(newer,)]


def test_corrupt_file_gives_a_store_error(tmp_path: Path) -> None:
    path = tmp_path / "corrupt.db"
    content = random.Random(1).randbytes(8192)
    path.write_bytes(content)
    with pytest.raises(StoreError, match="cannot open the database"):
        _open(path)
    assert path.read_bytes() == content


def test_text_file_gives_a_store_error(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("shopping list\n" * 200)
    with pytest.raises(StoreError):
        _open(path)


def test_a_folder_as_the_database_gives_a_store_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError):
        _open(tmp_path)


# ---------------------------------------------------------------- sharing one file


def test_wal_mode_busy_timeout_and_foreign_keys(directory: Directory, tmp_db: Path) -> None:
    with directory.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() == BUSY_TIMEOUT_MS
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
    # WAL is a property of the file: another program sees it too
    assert _query(tmp_db, "PRAGMA journal_mode") == [("wal",)]


def test_two_directories_on_one_file_see_each_others_writes(tmp_db: Path) -> None:
    first, second = _open(tmp_db), _open(tmp_db)
    try:
        added = first.add(asset_in(name="Riverside Knit and Natter", locality="Grays"), user="A")
        assert second.get(added.id).name == "Riverside Knit and Natter"
        changed = repo.asset_to_in(second.get(added.id)).model_copy(update={"summary": "Bring wool"})
        second.update(added.id, changed, user="B")
        again = first.get(added.id)
        assert again.summary == "Bring wool"
        assert again.updated_by == "B"
        assert again.version == 2
        assert len(first.all_assets()) == len(second.all_assets()) == 4
    finally:
        first.close()
        second.close()


def test_search_in_one_directory_finds_what_the_other_added(tmp_db: Path) -> None:
    first, second = _open(tmp_db), _open(tmp_db)
    try:
        first.add(asset_in(name="Xylophone Circle", locality="Grays"), user="A")
        assert names(second.search(second.make_query("xylophone"))) == ["Xylophone Circle"]
    finally:
        first.close()
        second.close()


def test_saved_index_never_hides_another_processs_asset(tmp_db: Path) -> None:
    first, second = _open(tmp_db), _open(tmp_db)
    first.add(asset_in(name="Xylophone Circle", locality="Grays"), user="A")
    second.add(asset_in(name="Yodelling Circle", locality="Grays"), user="B")
    first.close()
    second.close()
    third = _open(tmp_db)
    try:
        found = names(third.search(third.make_query("circle")))
        assert sorted(found) == ["Xylophone Circle", "Yodelling Circle"]
    finally:
        third.close()


def test_a_write_waits_for_another_writer_instead_of_failing(directory: Directory, tmp_db: Path) -> None:
    locked = threading.Event()

    def hold_the_write_lock() -> None:
        con = sqlite3.connect(tmp_db, isolation_level=None)
        con.execute("BEGIN IMMEDIATE")
        con.execute("UPDATE schema_meta SET value = value WHERE key = 'schema_version'")
        locked.set()
        time.sleep(0.4)
        con.execute("COMMIT")
        con.close()

    holder = threading.Thread(target=hold_the_write_lock)
    holder.start()
    assert locked.wait(5)
    started = time.monotonic()
    added = directory.add(asset_in(name="Patient Group"), user="A")
    waited = time.monotonic() - started
    holder.join()
    assert directory.get(added.id).name == "Patient Group"
    assert waited >= 0.2


# ---------------------------------------------------------------- reference data


def test_reference_tables_are_filled_once(directory: Directory) -> None:
    assert len(directory.needs) == 16
    company = directory.needs["company"]
    assert company.label == "Company and friendship"
    assert "lonely" in company.synonyms
    assert "lifts" in directory.needs["getting-out"].synonyms
    with transaction(directory.engine) as session:
        assert refresh_reference_data(session) is False  # unchanged data is not rewritten
        assert len(repo.list_areas(session)) == 4
        assert len(repo.list_localities(session)) == len(directory.gazetteer.localities)


# ---------------------------------------------------------------- writes


def test_add_records_who_and_when(directory: Directory) -> None:
    before = datetime.now(UTC)
    added = directory.add(asset_in(name="Orsett Bowls", locality="Orsett", needs=["active"]), user="Sam")
    stored = directory.get(added.id)
    assert (stored.created_by, stored.updated_by, stored.version) == ("Sam", "Sam", 1)
    assert stored.created_at.replace(tzinfo=UTC) >= before.replace(microsecond=0)
    assert stored.need_ids == ["active"]
    assert stored.verified_on is None


def test_add_stores_the_localitys_own_name(directory: Directory) -> None:
    added = directory.add(asset_in(name="Ockendon Walkers", locality="S Ockendon"), user="Sam")
    assert directory.get(added.id).locality == "South Ockendon"


def test_add_refuses_unknown_locality_and_need(directory: Directory) -> None:
    with pytest.raises(DirectoryError, match="'Tilbry' is not a known locality; did you mean Tilbury"):
        directory.add(asset_in(name="X", locality="Tilbry"), user="Sam")
    with pytest.raises(DirectoryError, match="'flying' is not a need"):
        directory.add(asset_in(name="X", needs=["flying"]), user="Sam")
    assert len(directory.all_assets()) == 3


def test_add_refuses_an_existing_id(directory: Directory) -> None:
    with pytest.raises(DirectoryError, match="already exists"):
        directory.add(asset_in(id=MINI_LUNCH_CLUB, name="Copy"), user="Sam")
    assert directory.get(MINI_LUNCH_CLUB).name == "Tilbury Lunch Club"


def test_plain_save_never_changes_last_verified(directory: Directory) -> None:
    club = directory.get(MINI_LUNCH_CLUB)
    edit = repo.asset_to_in(club).model_copy(
        update={"summary": "New summary", "verified_on": date(2020, 1, 1), "verified_by": "Nobody"}
    )
    saved = directory.update(club.id, edit, user="Editor")
    stored = directory.get(club.id)
    assert stored.summary == "New summary"
    assert (stored.verified_on, stored.verified_by, stored.verified_how) == (
        date(2026, 10, 1),
        "Sam K",
        "visited",
    )
    assert (stored.updated_by, stored.version) == ("Editor", club.version + 1)
    assert saved.version == stored.version


def test_verify_records_a_persons_statement(directory: Directory) -> None:
    feet = directory.verify(uuid.UUID(MINI_HAPPY_FEET), user="Priya", how=VerifiedHow.PROVIDER_CONFIRMED)
    stored = directory.get(feet.id)
    assert stored.verified_on == directory.today()  # the directory's (fixed) clock
    assert (stored.verified_by, stored.verified_how) == ("Priya", "provider_confirmed")
    assert stored.version == 2


def test_edit_conflict_is_refused(directory: Directory) -> None:
    club = directory.get(MINI_LUNCH_CLUB)
    edit = repo.asset_to_in(club)
    directory.update(club.id, edit.model_copy(update={"summary": "first"}), user="A", expected_version=1)
    with pytest.raises(DirectoryError, match="since you opened it"):
        directory.update(club.id, edit.model_copy(update={"summary": "second"}), user="B", expected_version=1)
    assert directory.get(club.id).summary == "first"


def test_archive_and_restore(directory: Directory) -> None:
    cafe = uuid.UUID(MINI_DEMENTIA_CAFE)
    directory.archive(cafe, user="Sam")
    assert "Grays Dementia Café" not in [a.name for a in directory.all_assets(include_archived=False)]
    assert "Grays Dementia Café" in [a.name for a in directory.all_assets(include_archived=True)]
    directory.restore(cafe, user="Sam")
    assert directory.get(cafe).archived_at is None


def test_get_by_id_prefix(directory: Directory) -> None:
    assert directory.get("22222222").name == "Grays Dementia Café"
    assert directory.get(uuid.UUID(MINI_HAPPY_FEET)).name == "Happy Feet"
    with pytest.raises(DirectoryError, match="at least the first 4"):
        directory.get("222")
    with pytest.raises(DirectoryError, match="no asset has the id"):
        directory.get("abcdef12")


def test_ambiguous_id_prefix(open_directory: OpenDirectory) -> None:
    opened = open_directory(
        [
            record(id="abcd1111-1111-4111-8111-111111111111", name="One"),
            record(id="abcd2222-2222-4222-8222-222222222222", name="Two"),
        ]
    )
    with pytest.raises(DirectoryError, match="2 assets have ids starting abcd"):
        opened.get("abcd")
    assert opened.get("abcd2").name == "Two"


def test_asset_to_in_round_trips_a_stored_asset(directory: Directory) -> None:
    given = asset_in(
        name="Full Record",
        kind="micro_enterprise",
        summary="Everything filled in",
        description="Line one\nLine two",
        postcode="rm17 5aa",
        latitude=51.47,
        longitude=0.32,
        phone="01375 000999",
        schedule=[{"day": "tue", "start": "10:00", "end": "12:00", "week": -1}],
        accessibility=["step_free", "hearing_loop"],
        audience=["carers"],
        needs=["caring", "company"],
        languages=["English", "Polish"],
        cost="paid",
        price="£10",
        comes_to_home=True,
        dbs_checked_on=date(2026, 1, 5),
        verified_on=date(2026, 2, 3),
        verified_by="Jo",
        verified_how="phoned",
    )
    added = directory.add(given, user="Sam")
    back = repo.asset_to_in(directory.get(added.id))
    ignore = {"id", "created_at", "created_by", "updated_at", "updated_by"}
    assert back.model_dump(exclude=ignore) == given.model_dump(exclude=ignore)
    assert back.postcode == "RM17 5AA"


def test_a_failed_batch_adds_nothing(directory: Directory) -> None:
    records = [record(name="Fine One"), record(id=MINI_LUNCH_CLUB, name="Clashes")]
    with pytest.raises(DirectoryError, match="already exists"):
        directory.add_from_records(records, user="Sam", source="batch")
    assert "Fine One" not in [a.name for a in directory.all_assets()]
    assert names(directory.search(directory.make_query("fine"))) == []


def test_rows_written_column_by_column_are_what_a_core_insert_writes(tmp_path: Path) -> None:
    """`insert_columns` (bulk imports) stores exactly what SQLAlchemy's own INSERT stores:
    the same text for UUIDs, enums, dates, times, JSON and flags, NULLs where None."""
    full = asset_in(
        name="Full \u2019Record\u2019",
        kind="micro_enterprise",
        description="Line one\nLine two",
        postcode="rm17 5aa",
        latitude=51.47,
        longitude=0.32,
        accessibility=["step_free"],
        languages=["English", "Polski"],
        cost="paid",
        comes_to_home=True,
        hours=1.5,
        age_min=5,
        dbs_checked_on=date(2026, 1, 5),
        verified_how="phoned",
        feed_extra={"note": "é", "n": [1, 2.5, None, True]},
    )
    at = datetime(2026, 2, 3, 4, 5, 6, 789, tzinfo=UTC)
    assets = [
        {name: getattr(a, name) for name in repo.SCALAR_FIELDS}
        | {name: [str(v) for v in getattr(a, name)] for name in LIST_FIELDS}
        | {
            "id": uuid.uuid4(),
            "feed_extra": a.feed_extra,
            "created_at": at,
            "created_by": "Sam",
            "updated_at": at,
            "updated_by": "",
            "archived_at": at if a is full else None,
            "version": 1,
            "flagged_at": None,
            "flagged_by": "",
            "flag_reason": "",
            "merged_into": None,
        }
        for a in (full, asset_in())
    ]
    ids = [row["id"] for row in assets]
    tables: dict[type[SQLModel], list[dict[str, Any]]] = {
        Asset: assets,
        ScheduleSlot: [{"asset_id": ids[0], "day": "tue", "start": "10:00", "end": "12:00", "week": -1}] * 2,
        AssetNeed: [{"asset_id": ids[1], "need_id": "company"}],
        AssetChange: [
            {"asset_id": i, "version": 1, "at": at, "by": "Sam", "action": "imported", "changes": {}}
            for i in ids
        ],
        AssetSource: [
            {"asset_id": ids[0], "feed": "f", "source_id": "1", "terms": [{"name": "x"}], "first_seen_at": at}
            | {"last_seen_at": at}
        ],
    }
    stored = []
    for way in ("core", "columns"):
        engine = make_engine(f"sqlite:///{tmp_path / way}.db")
        SQLModel.metadata.create_all(engine)
        with engine.begin() as connection:
            connection.exec_driver_sql("PRAGMA foreign_keys = OFF")
            for model, rows in tables.items():
                if way == "core":
                    connection.execute(insert(table_of(model)), rows)
                else:
                    insert_columns(connection, table_of(model), {k: [r[k] for r in rows] for k in rows[0]})
        stored.append([_query(tmp_path / f"{way}.db", f"SELECT * FROM {table_of(m).name}") for m in tables])
        engine.dispose()
    assert stored[0] == stored[1]
    assert all(stored[0])
    with pytest.raises(ValueError, match="every column"):  # a column left out is not defaulted
        insert_columns(make_engine("sqlite://").connect(), table_of(AssetChange), {"asset_id": ids})


# ---------------------------------------------------------------- the saved search index


def test_search_index_is_saved_beside_the_database_and_reused(tmp_db: Path) -> None:
    first = _open(tmp_db)
    assert not first.index_loaded
    first.close()
    assert index_path(f"sqlite:///{tmp_db}").exists()
    second = _open(tmp_db)
    try:
        assert second.index_loaded
        assert names(second.search(second.make_query("lunch"))) == ["Tilbury Lunch Club"]
    finally:
        second.close()


def test_an_out_of_date_saved_index_is_rebuilt(tmp_db: Path) -> None:
    _open(tmp_db).close()
    other = _open(tmp_db)
    other.add(asset_in(name="Late Addition"), user="B")
    other.engine.dispose()  # ends without saving its index (a crash)
    again = _open(tmp_db)
    try:
        assert not again.index_loaded
        assert names(again.search(again.make_query("late addition"))) == ["Late Addition"]
    finally:
        again.close()


def test_a_damaged_index_file_is_rebuilt(tmp_db: Path) -> None:
    _open(tmp_db).close()
    index_path(f"sqlite:///{tmp_db}").write_bytes(b"not a pickle at all")
    again = _open(tmp_db)
    try:
        assert not again.index_loaded
        assert names(again.search(again.make_query("lunch"))) == ["Tilbury Lunch Club"]
    finally:
        again.close()


# ---------------------------------------------------------------- where the database lives


def test_database_location_precedence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASSET_MAP_DB", str(tmp_path / "env.db"))
    assert database_url() == f"sqlite:///{tmp_path / 'env.db'}"
    assert database_url(str(tmp_path / "flag.db")) == f"sqlite:///{tmp_path / 'flag.db'}"
    assert database_url("postgresql://server/assets") == "postgresql://server/assets"
    monkeypatch.delenv("ASSET_MAP_DB")
    assert database_url() == f"sqlite:///{tmp_path / 'data' / 'asset-map.db'}"


def test_seed_file_with_errors_leaves_no_half_seeded_database(tmp_path: Path) -> None:
    seed = write_directory_file(
        tmp_path / "bad-seed.json", [record(name="Good"), record(locality="Atlantis")]
    )
    with pytest.raises(FileRejected):
        Directory.open(Settings.resolve(str(tmp_path / "s.db")), seed=seed)
    good = write_directory_file(tmp_path / "good-seed.json", [record(name="Good")])
    opened = Directory.open(Settings.resolve(str(tmp_path / "s.db")), seed=good)
    try:
        assert [a.name for a in opened.all_assets()] == ["Good"]
    finally:
        opened.close()


def test_the_sample_directory_is_found_beside_a_checkout(monkeypatch: pytest.MonkeyPatch) -> None:
    """`asset-map` from a source checkout opens on the sample directory (README, first command)."""
    from asset_map.directory.opening import default_seed_path
    from tests.conftest import SEED

    monkeypatch.delenv("ASSET_MAP_SEED")
    assert default_seed_path() == SEED
