"""The same directory on either store: an SQLite file, or a PostgreSQL database a team shares.

Each test runs twice, on a fresh SQLite file and on a fresh database of a throwaway PostgreSQL
server the tests start themselves (tests/postgres.py). The history and the two-editor tests of
test_history.py and test_crash_and_concurrency.py run on both stores too.
"""

from __future__ import annotations

import time
import uuid
from pathlib import Path

import pytest
from sqlalchemy import inspect

from asset_map.config import Settings
from asset_map.directory.facade import Directory
from asset_map.directory.hsds_import import import_hsds
from asset_map.lists.service import ConnectionLists
from asset_map.store import repo
from asset_map.store.db import server_url, sqlite_path
from asset_map.store.enums import VerifiedHow
from tests.conftest import FIXED_NOW, MINI_DEMENTIA_CAFE, MINI_LUNCH_CLUB, asset_in
from tests.postgres import fresh_database
from tests.test_judged_feeds import feeds_or_skip

BRISTOL = "bristol-oruk1/services.json"


def open_store(url: str, seed: Path | None = None) -> Directory:
    opened = Directory.open(Settings(db_url=url, online_geocoding=False), seed=seed)
    opened.clock = lambda: FIXED_NOW
    return opened


def another_store(store_url: str, request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A second fresh database of the same kind."""
    if store_url.startswith("sqlite"):
        return f"sqlite:///{tmp_path / 'another.db'}"
    return fresh_database(request.getfixturevalue("postgres_server"))


def test_a_real_feed_comes_in_is_found_and_goes_out_the_same(
    store_url: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    """Bristol's whole feed: imported, searched (a typo read by the word beside it), exported
    and imported into another fresh directory on the same kind of store, record for record."""
    empty = tmp_path / "empty.json"
    empty.write_text('{"format": "asset-map/directory", "version": 1, "assets": []}', "utf-8")
    first = open_store(store_url, seed=empty)
    try:
        report = import_hsds(first, feeds_or_skip() / BRISTOL, user="Importer", feed="bristol")
        assert report.added == 817
        found = first.search(first.make_query("sexual heath"))
        assert found.corrections == {"heath": "health"}
        assert found.results[0].name.startswith("Unity Sexual Health")
        out = tmp_path / "out.json"
        assert first.export_file(out) == 817
        before = {a.id: repo.asset_to_in(a) for a in first.all_assets()}
    finally:
        first.close()
    second = open_store(another_store(store_url, request, tmp_path), seed=empty)
    try:
        second.import_file(out, user="Importer")
        assert {a.id: repo.asset_to_in(a) for a in second.all_assets()} == before
    finally:
        second.close()


def test_every_kind_of_write_is_kept_and_read_back_after_reopening(store_url: str) -> None:
    directory = open_store(store_url)
    try:
        lunch, cafe = uuid.UUID(MINI_LUNCH_CLUB), uuid.UUID(MINI_DEMENTIA_CAFE)
        added = directory.add(asset_in(name="Orsett Knit and Natter"), user="Ann")
        edit = repo.asset_to_in(directory.get(lunch)).model_copy(update={"phone": "01375 222222"})
        directory.update(lunch, edit, user="Ann", expected_version=directory.get(lunch).version)
        directory.verify(lunch, user="Bo", how=VerifiedHow.VISITED)
        directory.flag(added.id, reason="no answer twice", user="Cy")
        directory.merge(lunch, cafe, user="Di")
        directory.archive(added.id, user="Di")
    finally:
        directory.close()
    reopened = open_store(store_url)
    try:
        club = reopened.get(lunch)
        assert club.phone == "01375 222222" and club.verified_by == "Bo"
        assert reopened.get(cafe).merged_into == lunch
        assert [c.action for c in reopened.history(added.id)] == ["archived", "flagged", "added"]
        knitting = reopened.search(reopened.make_query("knit natter")).results
        assert "Orsett Knit and Natter" not in {r.name for r in knitting}
        shown = reopened.search(reopened.make_query("lunch club")).results
        assert shown[0].id == lunch
    finally:
        reopened.close()


def test_a_directory_on_a_server_keeps_residents_lists_on_this_computer(
    store_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Connection lists are residents' data: with the directory on a server they stay in a
    file of this computer's data folder, and the server holds no list table at all."""
    monkeypatch.setenv("ASSET_MAP_DATA_DIR", str(tmp_path / "mine"))
    directory = open_store(store_url)
    lists = ConnectionLists.open(directory)
    try:
        made = lists.new_list({"resident_ref": "AB 1234", "home": "RM18 7"}, practitioner="Sam K")
        lists.add(made.id, MINI_LUNCH_CLUB)
        tables = set(inspect(directory.engine).get_table_names())
    finally:
        lists.close()
        directory.close()
    assert not {t for t in tables if "list" in t}
    if not store_url.startswith("sqlite"):
        assert (tmp_path / "mine" / "asset-map.lists.db").is_file()
    else:  # beside the directory's file, as always
        path = sqlite_path(store_url)
        assert path is not None and path.with_name("store.lists.db").is_file()


@pytest.mark.parametrize(
    ("written", "used"),
    [
        ("postgresql://ann@db.example.org/directory", "postgresql+psycopg://ann@db.example.org/directory"),
        ("postgresql+psycopg://ann@host/d", "postgresql+psycopg://ann@host/d"),
        ("sqlite:////tmp/a.db", "sqlite:////tmp/a.db"),
    ],
)
def test_a_server_url_as_people_write_it_uses_the_driver_the_app_installs(written: str, used: str) -> None:
    assert server_url(written) == used


def test_another_persons_edit_is_in_your_search_once_you_catch_up(store_url: str) -> None:
    """Two people's apps on one directory: what one writes, the other's search finds after its
    next look at the database (the app looks before each search)."""
    mine, theirs = open_store(store_url), open_store(store_url)
    try:
        lunch = uuid.UUID(MINI_LUNCH_CLUB)
        now = {"summary": "Now with ukulele strumming"}
        edit = repo.asset_to_in(theirs.get(lunch)).model_copy(update=now)
        theirs.update(lunch, edit, user="Them")
        added = theirs.add(asset_in(name="Purfleet Ukulele Orchestra"), user="Them")
        mine.catch_up()
        found = {r.id for r in mine.search(mine.make_query("ukulele")).results}
        assert found == {lunch, added.id}
    finally:
        mine.close()
        theirs.close()


def test_a_saved_index_catches_up_with_what_others_wrote_while_you_were_away(
    postgres_server: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a server others write all day: your app's saved index (in your data folder) is used
    when you open the directory again, and only what others changed since is read again. (A
    file's index is used only when nothing was written since: test_saved_index.py.)"""
    url = fresh_database(postgres_server)
    monkeypatch.setenv("ASSET_MAP_DATA_DIR", str(tmp_path / "mine"))
    open_store(url).close()  # my index saved in my data folder
    monkeypatch.setenv("ASSET_MAP_DATA_DIR", str(tmp_path / "theirs"))  # another computer
    theirs = open_store(url)
    try:
        lunch, cafe = uuid.UUID(MINI_LUNCH_CLUB), uuid.UUID(MINI_DEMENTIA_CAFE)
        now = {"summary": "Now with ukulele strumming"}
        theirs.update(lunch, repo.asset_to_in(theirs.get(lunch)).model_copy(update=now), user="Them")
        added = theirs.add(asset_in(name="Purfleet Ukulele Orchestra"), user="Them")
        theirs.archive(cafe, user="Them")
    finally:
        theirs.close()
    monkeypatch.setenv("ASSET_MAP_DATA_DIR", str(tmp_path / "mine"))
    again = open_store(url)
    try:
        assert again.index_loaded
        assert {r.id for r in again.search(again.make_query("ukulele")).results} == {lunch, added.id}
        assert cafe not in {r.id for r in again.search(again.make_query("dementia cafe")).results}
    finally:
        again.close()


def test_a_server_announces_each_write_to_the_apps_listening(postgres_server: str) -> None:
    """On PostgreSQL the app hears of others' writes (LISTEN/NOTIFY) instead of looking: asked
    every second, it costs nothing until a write commits; a write that rolls back says nothing."""
    url = fresh_database(postgres_server)
    mine, theirs = open_store(url), open_store(url)
    try:
        assert mine.others_wrote() is False  # listening from now (the first look finds nothing)
        assert mine.watch.heard() is False
        theirs.add(asset_in(name="Purfleet Ukulele Orchestra"), user="Them")
        for _ in range(50):  # delivered as the write commits: at once, on one machine
            if mine.watch.heard():
                break
            time.sleep(0.05)
        else:
            raise AssertionError("the write was never announced")
        assert mine.live.catch_up() is True
        assert [r.name for r in mine.search(mine.make_query("ukulele")).results] == [
            "Purfleet Ukulele Orchestra"
        ]
        with pytest.raises(ValueError), theirs.writing():
            raise ValueError("a write that fails half-way")
        time.sleep(0.2)
        assert mine.watch.heard() is False
    finally:
        mine.close()
        theirs.close()


def test_a_first_opening_with_no_saved_index_says_how_far_building_it_has_come(
    store_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A computer new to a directory (on a server, a first start) builds its index from the
    database: the app is told how far it has come, to the last entry."""
    from asset_map.directory import live_index

    monkeypatch.setattr(live_index, "PROGRESS_EVERY", 1)
    open_store(store_url).close()  # made, seeded and indexed
    for saved in tmp_path.rglob("*.index"):
        saved.unlink()
    told: list[tuple[int, int]] = []
    directory = Directory.open(
        Settings(db_url=store_url, online_geocoding=False), progress=lambda *p: told.append(p)
    )
    try:
        assert told and told[-1] == (3, 3) and [d for d, _ in told] == sorted(d for d, _ in told)
        assert not directory.index_loaded
    finally:
        directory.close()
