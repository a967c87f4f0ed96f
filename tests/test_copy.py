"""`asset-map copy SRC DST`: a whole directory from an SQLite file to a PostgreSQL database and
back, exactly; an occupied target refused untouched; the copy goes on being written to."""

from __future__ import annotations

import sqlite3
import uuid
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, text
from sqlmodel import SQLModel

from asset_map.config import Settings
from asset_map.directory.facade import Directory
from asset_map.directory.hsds_import import import_hsds
from asset_map.store import repo
from asset_map.store.copying import copy_directory
from asset_map.store.db import StoreError, make_engine
from asset_map.store.migrations import HEAD
from tests.conftest import FIXED_NOW, MINI_DEMENTIA_CAFE, MINI_LUNCH_CLUB, CliRun, asset_in
from tests.postgres import fresh_database
from tests.test_judged_feeds import feeds_or_skip


def every_row(url: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every table's rows, each as a tuple of its values, in a stable order."""
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return {
                table.name: sorted((tuple(row) for row in conn.execute(select(table))), key=repr)
                for table in SQLModel.metadata.sorted_tables
            }
    finally:
        engine.dispose()


@pytest.fixture
def lived_in(tmp_path: Path) -> str:
    """A directory file with some life in it: the mini directory, an edit, a merge, a decision,
    and North Lincolnshire's feed (its links, terms, learned places and history)."""
    url = f"sqlite:///{tmp_path / 'laptop.db'}"
    directory = Directory.open(Settings(db_url=url, online_geocoding=False))
    directory.clock = lambda: FIXED_NOW
    try:
        lunch = uuid.UUID(MINI_LUNCH_CLUB)
        edit = repo.asset_to_in(directory.get(lunch)).model_copy(update={"phone": "01375 333333"})
        directory.update(lunch, edit, user="Ann")
        added = directory.add(asset_in(name="Grays Knit and Natter"), user="Bo")
        directory.mark_not_duplicates(added.id, uuid.UUID(MINI_DEMENTIA_CAFE), user="Cy")
        import_hsds(
            directory, feeds_or_skip() / "northlincs-oruk1/services.json", user="I", feed="northlincs"
        )
    finally:
        directory.close()
    return url


def test_a_file_goes_to_a_server_and_comes_back_the_same(
    lived_in: str, postgres_server: str, tmp_path: Path
) -> None:
    on_server = fresh_database(postgres_server)
    there = copy_directory(lived_in, on_server)
    back = f"sqlite:///{tmp_path / 'back.db'}"
    again = copy_directory(on_server, back)
    assert there == again and there["asset"] > 700 and there["asset_source"] > 700
    original = every_row(lived_in)
    assert every_row(on_server) == original
    assert every_row(back) == original
    for url in (on_server, back):  # each stamped by its own opening, once: Alembic's table is not copied
        engine = make_engine(url)
        try:
            with engine.connect() as conn:
                assert conn.execute(text("SELECT version_num FROM alembic_version")).all() == [(HEAD,)]
        finally:
            engine.dispose()


def test_the_copy_on_the_server_goes_on_being_written_and_searched(
    lived_in: str, postgres_server: str
) -> None:
    """New history rows and links are numbered after the copied ones (PostgreSQL's sequences
    are moved on), and the server's directory is searched like the file's."""
    on_server = fresh_database(postgres_server)
    copy_directory(lived_in, on_server)
    directory = Directory.open(Settings(db_url=on_server, online_geocoding=False))
    try:
        lunch = uuid.UUID(MINI_LUNCH_CLUB)
        edit = repo.asset_to_in(directory.get(lunch)).model_copy(update={"summary": "Soup on Wednesdays"})
        directory.update(lunch, edit, user="Di")
        directory.add(asset_in(name="Orsett Quoits Club"), user="Di")
        assert [c.by for c in directory.history(lunch)[:2]] == ["Di", "Ann"]
        assert directory.search(directory.make_query("quoits")).results[0].name == "Orsett Quoits Club"
    finally:
        directory.close()


def test_a_target_that_holds_a_directory_is_refused_untouched(lived_in: str, tmp_path: Path) -> None:
    occupied = f"sqlite:///{tmp_path / 'occupied.db'}"
    Directory.open(
        Settings(db_url=occupied, online_geocoding=False)
    ).close()  # seeded with the mini directory
    before = every_row(occupied)
    with pytest.raises(StoreError, match=r"already holds a directory \(3 entries\): copy into a new file"):
        copy_directory(lived_in, occupied)
    assert every_row(occupied) == before


def test_a_source_that_is_not_a_directory_is_refused(tmp_path: Path) -> None:
    foreign = tmp_path / "other.db"
    with sqlite3.connect(foreign) as conn:
        conn.execute("CREATE TABLE invoices (id INTEGER)")
    with pytest.raises(StoreError, match="not made by Asset Map"):
        copy_directory(f"sqlite:///{foreign}", f"sqlite:///{tmp_path / 'new.db'}")
    assert not (tmp_path / "new.db").exists() or every_row(f"sqlite:///{tmp_path / 'new.db'}")["asset"] == []


def test_copy_from_the_command_line(lived_in: str, tmp_path: Path, cli: CliRun) -> None:
    target = tmp_path / "copy.db"
    code, out, err = cli("copy", lived_in, str(target))
    assert code == 0, err
    assert "copied 742 entries" in out and "connection lists are not copied" in out
    code, _, err = cli("copy", lived_in, str(target))
    assert code == 1 and "already holds a directory (742 entries)" in err
