"""Residents' data stays private to the practitioner (issue 14, items 6 and 7).

File modes are read with `stat`, never by trying to read a file: the tests run as root in CI,
and root reads anything. Each test here fails without the fix it names.
"""

from __future__ import annotations

import io
import os
import sqlite3
import stat
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from asset_map import config
from asset_map.config import lists_url, make_private, printouts_dir
from asset_map.directory.facade import Directory
from asset_map.lists.printing import file_name, print_list, purge_printouts, write_file
from asset_map.lists.service import MAX_PURGE_DAYS, ConnectionLists, ListError
from asset_map.store import lists as store
from asset_map.store.db import StoreError, sqlite_path
from tests.conftest import MINI_LUNCH_CLUB, CliRun

RESIDENT_REF = "ZZ-RESIDENT-42"

posix_only = pytest.mark.skipif(os.name != "posix", reason="Windows has no owner/group/other modes")


@pytest.fixture(autouse=True)
def usual_umask() -> Iterator[None]:
    """The common default (files 0644, folders 0755), whatever the machine running the tests."""
    before = os.umask(0o022)
    yield
    os.umask(before)


@pytest.fixture
def lists(directory: Directory) -> Iterator[ConnectionLists]:
    opened = ConnectionLists.open(directory)
    yield opened
    opened.close()


def lists_file(directory: Directory) -> Path:
    path = sqlite_path(lists_url(str(directory.engine.url)))
    assert path is not None
    return path


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def new(lists: ConnectionLists, ref: str = RESIDENT_REF) -> uuid.UUID:
    made = lists.new_list({"resident_ref": ref, "what_matters": f"{ref} likes singing"}, practitioner="Sam K")
    lists.add(made.id, MINI_LUNCH_CLUB, note=f"NOTE-FOR-{ref}")
    return made.id


def age(lists: ConnectionLists, list_id: uuid.UUID, days: int) -> None:
    with lists.engine.begin() as conn:
        conn.exec_driver_sql(
            "UPDATE connection_list SET updated_at = ? WHERE id = ?",
            (datetime.now(UTC) - timedelta(days=days), list_id.hex),
        )


def on_disk(path: Path) -> bytes:
    """Everything in the lists file and SQLite's files beside it."""
    return b"".join(p.read_bytes() for p in store.lists_files(path) if p.exists())


# ---------------------------------------------------------------- file modes


@posix_only
def test_the_lists_file_and_sqlites_own_files_beside_it_are_private(
    lists: ConnectionLists, directory: Directory
) -> None:
    new(lists)
    path = lists_file(directory)
    wal, shm = path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")
    assert wal.exists() and shm.exists()  # in use: SQLite's WAL holds the same data
    assert {p.name: mode(p) for p in (path, wal, shm)} == {p.name: 0o600 for p in (path, wal, shm)}
    assert lists.notices == ()


@posix_only
def test_a_folder_made_for_the_lists_is_private(
    directory: Directory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "own" / "lists.db"
    monkeypatch.setenv(config.LISTS_ENV, str(target))
    opened = ConnectionLists.open(directory)
    try:
        new(opened)
    finally:
        opened.close()
    assert mode(target.parent) == 0o700 and mode(target) == 0o600


@posix_only
def test_lists_files_readable_by_others_are_made_private_and_the_user_is_told_once(
    lists: ConnectionLists, directory: Directory
) -> None:
    new(lists)  # this engine stays open, so the WAL and shared-memory files stay too
    files = [p for p in store.lists_files(lists_file(directory)) if p.exists()]
    assert len(files) == 3
    for file in files:
        file.chmod(0o644)
    again = ConnectionLists.open(directory)
    again.close()
    assert [mode(p) for p in files] == [0o600] * 3
    assert len(again.notices) == 1
    assert again.notices[0].startswith("Other users of this computer could read the connection lists file")
    assert again.notices[0].endswith("now only you can.")
    third = ConnectionLists.open(directory)
    third.close()
    assert third.notices == ()  # said once: they are private now


@posix_only
def test_saved_printouts_are_private_in_a_private_folder(
    lists: ConnectionLists, directory: Directory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")  # no printer: the file goes to printouts/
    folder = printouts_dir()
    folder.mkdir(parents=True)
    folder.chmod(0o755)  # as an earlier release left it
    done = print_list(lists, new(lists), fmt="txt", user="Sam K")
    assert done.path is not None and done.path.parent == folder
    assert mode(folder) == 0o700 and mode(done.path) == 0o600
    chosen = tmp_path / "chosen" / "list.txt"  # -o: a file and folder the user named
    write_file(b"x", chosen)
    assert mode(chosen) == 0o600 and mode(chosen.parent) == 0o700
    assert not list(chosen.parent.glob(".*.part"))  # nothing half-written left beside it


@posix_only
def test_printouts_readable_by_others_are_made_private_when_the_lists_open(directory: Directory) -> None:
    folder = printouts_dir()
    folder.mkdir(parents=True)
    old = folder / "connections-AB-1234-2025-01-01.pdf"  # saved by an earlier release
    old.write_bytes(b"%PDF")
    folder.chmod(0o755)
    old.chmod(0o644)
    opened = ConnectionLists.open(directory)
    opened.close()
    assert mode(folder) == 0o700 and mode(old) == 0o600
    assert opened.notices == (
        f"Other users of this computer could read the saved printouts in {folder}; now only you can.",
    )


@posix_only
def test_a_file_that_is_not_a_lists_file_is_refused_and_its_mode_left_alone(
    directory: Directory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    foreign = tmp_path / "other.db"
    with sqlite3.connect(foreign) as conn:
        conn.execute("CREATE TABLE invoices (n)")
    conn.close()
    foreign.chmod(0o644)
    monkeypatch.setenv(config.LISTS_ENV, str(foreign))
    with pytest.raises(StoreError, match="holds other tables"):
        ConnectionLists.open(directory)
    assert mode(foreign) == 0o644


def test_windows_modes_are_left_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No POSIX modes there: nothing is changed and nothing fails."""
    monkeypatch.setattr(config, "POSIX_MODES", False)
    loose = tmp_path / "loose.txt"
    loose.write_text("x")
    loose.chmod(0o644)
    assert make_private(loose) is False and mode(loose) == 0o644


# ---------------------------------------------------------------- names that carry no resident


def test_a_printout_is_named_by_its_list_never_the_resident(
    lists: ConnectionLists, directory: Directory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")
    list_id = new(lists)
    done = print_list(lists, list_id, fmt="pdf", user="Sam K")
    assert done.path is not None
    assert done.path.name == f"connections-{list_id.hex[:8]}-2026-11-23.pdf"
    document = lists.document(list_id)
    for fmt in ("pdf", "txt", "html"):
        assert file_name(list_id, document, fmt) == f"connections-{list_id.hex[:8]}-2026-11-23.{fmt}"


# ---------------------------------------------------------------- purge


def test_purge_removes_every_saved_copy_of_a_purged_list_whatever_its_date(
    lists: ConnectionLists, directory: Directory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")
    gone, kept = new(lists, "GONE-1"), new(lists, "KEPT-2")
    reprinted = print_list(lists, gone, fmt="txt", user="Sam K").path  # printed today
    kept_copy = print_list(lists, kept, fmt="txt", user="Sam K").path
    assert reprinted is not None and kept_copy is not None
    folder = reprinted.parent
    long_ago = time.time() - 400 * 86_400
    first = folder / f"connections-{gone.hex[:8]}-2025-10-01.pdf"  # the first copy, long ago
    orphan_old = folder / "connections-abcdef12-2025-10-01.pdf"  # a list purged before
    orphan_new = folder / "connections-abcdef13-2026-11-20.pdf"
    legacy = folder / "connections-AB-1234-2025-10-01.pdf"  # named by an earlier release
    half = folder / f".connections-{gone.hex[:8]}-2026-11-23.txt.0123abcd.part"
    for path in (first, orphan_old, orphan_new, legacy, half):
        path.write_bytes(b"x")
    for path in (first, orphan_old, legacy, kept_copy):
        os.utime(path, (long_ago, long_ago))
    age(lists, gone, 400)
    purged = lists.purge(365)
    assert purged.removed == (gone,) and purged.kept == {kept}
    assert purge_printouts(purged, 365) == 5
    assert sorted(p.name for p in folder.iterdir()) == sorted([kept_copy.name, orphan_new.name])


def test_purge_wipes_the_text_from_the_file(lists: ConnectionLists, directory: Directory) -> None:
    gone = new(lists, "GONE-TEXT-1")
    new(lists, "KEPT-TEXT-2")
    age(lists, gone, 400)
    assert b"GONE-TEXT-1" in on_disk(lists_file(directory))
    purged = lists.purge(365)
    assert purged.wiped and purged.note == ""
    raw = on_disk(lists_file(directory))
    assert b"GONE-TEXT-1" not in raw and b"KEPT-TEXT-2" in raw
    with lists.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA secure_delete").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA temp_store").scalar() == 2  # VACUUM's copy stays in memory


def test_a_purge_while_another_program_reads_says_when_the_text_will_be_wiped(
    lists: ConnectionLists, directory: Directory
) -> None:
    gone = new(lists, "GONE-TEXT-1")
    age(lists, gone, 400)
    path = lists_file(directory)
    reader = sqlite3.connect(path, isolation_level=None)
    try:
        reader.execute("BEGIN")
        assert reader.execute("SELECT count(*) FROM connection_list").fetchone() == (1,)
        purged = lists.purge(365)  # the reader's snapshot still holds the WAL
        assert purged.removed == (gone,) and not purged.wiped
        assert "Another program is reading the connection lists" in purged.note
        assert "wiped the next time the lists are opened or purged" in purged.note
        assert b"GONE-TEXT-1" in on_disk(path)  # why it must be said: the trace is still there
        assert store.wipe_pending(lists.engine)
        assert lists.overview("Sam K") == []  # gone from the lists at once
    finally:
        reader.close()
    again = ConnectionLists.open(directory)  # the next opening finishes the wipe
    again.close()
    assert b"GONE-TEXT-1" not in on_disk(path)
    assert not store.wipe_pending(lists.engine)


@pytest.mark.parametrize("days", [MAX_PURGE_DAYS + 1, 1_000_000, 10**30, -1])
def test_purge_refuses_an_age_out_of_range_in_one_line(lists: ConnectionLists, days: int) -> None:
    new(lists)
    with pytest.raises(ListError, match=r"^--older-than must be between 0 and 36,500 days \(100 years\)"):
        lists.purge(days)
    assert len(lists.overview("Sam K")) == 1
    assert lists.purge(MAX_PURGE_DAYS).removed == ()  # the bound itself is fine


def test_purge_from_the_command_line_refuses_a_huge_age_clearly(cli: CliRun) -> None:
    code, out, err = cli("list", "purge", "--older-than", "1000000")
    assert code == 1 and out == ""
    assert err == "asset-map: --older-than must be between 0 and 36,500 days (100 years), not 1,000,000\n"


# ---------------------------------------------------------------- a lists file that vanished


def test_a_deleted_lists_file_is_noticed_not_silently_started_again(
    lists: ConnectionLists, directory: Directory
) -> None:
    new(lists)
    lists.close()
    path = lists_file(directory)
    for file in store.lists_files(path):
        file.unlink(missing_ok=True)
    again = ConnectionLists.open(directory)
    again.close()
    assert path.exists() and again.overview("Sam K") == []
    assert again.notices == (
        f"The connection lists file {path} was missing (it held lists from 2026-11-23), so an empty "
        "one was started. If it was not deleted on purpose, close Asset Map and put it back from a "
        "backup of this computer (directory backups never hold the lists).",
    )
    third = ConnectionLists.open(directory)
    third.close()
    assert third.notices == ()  # said once


def test_a_lists_file_that_never_held_a_list_is_not_missed(directory: Directory) -> None:
    first = ConnectionLists.open(directory)  # a glance (usage counts) makes the file, empty
    first.close()
    path = lists_file(directory)
    path.unlink()
    again = ConnectionLists.open(directory)
    again.close()
    assert again.notices == ()


def test_a_lists_file_already_holding_lists_is_remembered_on_opening(
    lists: ConnectionLists, directory: Directory
) -> None:
    """Lists made before the marker existed: opening the file with lists in it remembers it."""
    new(lists)
    with directory.engine.begin() as conn:
        conn.exec_driver_sql("DELETE FROM schema_meta WHERE key LIKE 'lists_file_%'")
    ConnectionLists.open(directory).close()  # remembers
    lists.close()
    for file in store.lists_files(lists_file(directory)):
        file.unlink(missing_ok=True)
    again = ConnectionLists.open(directory)
    again.close()
    assert len(again.notices) == 1 and "was missing" in again.notices[0]


def test_a_printout_s_own_title_never_names_the_resident(tmp_path: Path) -> None:
    """A PDF's Title and a web page's <title> show in window titles, recent files and print logs."""
    from pypdf import PdfReader

    from asset_map.lists.document import ListDocument
    from asset_map.lists.pdf import to_pdf
    from asset_map.lists.render import to_html

    document = ListDocument("AB 1234", "2026-11-23", "Sam", "", "", "")
    metadata = PdfReader(io.BytesIO(to_pdf(document))).metadata
    assert metadata is not None and "AB 1234" not in str(dict(metadata))
    page = to_html(document)
    assert "AB 1234" not in page.split("</title>")[0]
    assert "AB 1234" in page  # on the page itself, for the resident
