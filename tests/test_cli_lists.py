"""`asset-map list …`: the whole round from a new list to a printed copy and outcomes."""

from __future__ import annotations

import io
import json
import sqlite3
from pathlib import Path

import pytest
from pypdf import PdfReader

from asset_map.config import Settings, lists_url
from asset_map.directory.facade import Directory
from asset_map.store.db import sqlite_path
from asset_map.store.lists import lists_files
from tests.conftest import MINI_DEMENTIA_CAFE, MINI_LUNCH_CLUB, CliRun


def start(cli: CliRun, *extra: str) -> str:
    code, out, err = cli("list", "new", "--resident", "AB 1234", "--home", "RM18 7", *extra)
    assert code == 0, err
    assert out.startswith("new list ")
    return out.split()[2]


def test_build_show_and_reorder(cli: CliRun) -> None:
    list_id = start(cli, "--matters", "Wants to sing again")
    assert cli("list", "add", list_id, MINI_LUNCH_CLUB, "--note", "Hot lunch")[0] == 0
    assert cli("list", "add", list_id, MINI_DEMENTIA_CAFE)[0] == 0
    assert cli("list", "move", list_id, "2", "1")[0] == 0
    assert cli("list", "note", list_id, "1", "Ask for Jo")[0] == 0
    code, out, _ = cli("list", "show", list_id, "--json")
    shown = json.loads(out)
    assert code == 0 and shown["what_matters"] == "Wants to sing again"
    assert [(c["name"], c["note"]) for c in shown["connections"]] == [
        ("Grays Dementia Café", "Ask for Jo"),
        ("Tilbury Lunch Club", "Hot lunch"),
    ]
    assert cli("list", "remove", list_id, "1")[0] == 0
    _, out, _ = cli("list", "show", list_id)
    assert "1. Tilbury Lunch Club  [suggested]" in out and "Grays" not in out


def test_every_list_is_listed_with_its_count(cli: CliRun) -> None:
    list_id = start(cli)
    cli("list", "add", list_id, MINI_LUNCH_CLUB)
    code, out, _ = cli("list", "show")
    assert code == 0 and list_id in out and "AB 1234" in out and " 1 connections" in out


def test_print_to_each_format_and_a_frozen_copy(cli: CliRun, tmp_path: Path) -> None:
    list_id = start(cli, "--contact", "01375 000111")
    cli("list", "add", list_id, MINI_LUNCH_CLUB, "--note", "Zoë said yes")
    pdf = tmp_path / "list.pdf"
    code, out, err = cli("list", "print", list_id, "--format", "pdf", "-o", pdf)
    assert code == 0, err
    assert out.strip() == f"The list for AB 1234 was saved to {pdf}."
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.read_bytes())).pages)
    assert "Tilbury Lunch Club" in text and "01375 000111" in text
    for fmt in ("txt", "html"):
        target = tmp_path / f"list.{fmt}"
        assert cli("list", "print", list_id, "--format", fmt, "-o", target)[0] == 0
        assert "Zoë said yes" in target.read_text("utf-8")
    cli("list", "add", list_id, MINI_DEMENTIA_CAFE)
    code, out, _ = cli("list", "print", list_id, "--format", "txt", "-o", tmp_path / "again.txt")
    assert "Added: Grays Dementia Café" in out
    first = tmp_path / "first.txt"
    assert cli("list", "print", list_id, "--copy", "1", "--format", "txt", "-o", first)[0] == 0
    assert "Grays Dementia Café" not in first.read_text("utf-8")
    code, _, err = cli("list", "print", list_id, "--copy", "9")
    assert code == 1 and "has 4 printed copies" in err


def test_without_a_printer_the_file_goes_to_the_data_folder(
    cli: CliRun, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")
    list_id = start(cli)
    code, out, _ = cli("list", "print", list_id)
    assert code == 0 and "printouts" in out and out.strip().endswith(".pdf.")


def test_outcomes_and_flags(cli: CliRun) -> None:
    list_id = start(cli)
    cli("list", "add", list_id, MINI_LUNCH_CLUB)
    code, out, _ = cli("list", "outcome", list_id, "1", "could_not_reach", "--on", "2026-11-30")
    assert code == 0 and "flagged for the review queue" in out
    directory = Directory.open(Settings.resolve())
    try:
        assert directory.get(MINI_LUNCH_CLUB).flagged_at is not None
    finally:
        directory.close()
    _, out, _ = cli("list", "show", list_id, "--json")
    assert json.loads(out)["connections"][0]["outcome_on"] == "2026-11-30"


def test_mistakes_are_one_clear_line(cli: CliRun) -> None:
    list_id = start(cli)
    assert (
        cli("list", "add", list_id, "no-such-asset")[2].strip()
        == "asset-map: no asset has the id no-such-asset"
    )
    assert "has 0 connections; no number 3" in cli("list", "outcome", list_id, "3", "went")[2]
    assert "resident reference: Required" in cli("list", "new", "--resident", "")[2]
    assert "no connection list with id" in cli("list", "show", "ffffffff")[2]
    code, _, err = cli("list", "new", "--resident", "AB", "--home", "Atlantis")
    assert code == 1 and "home:" in err and "Traceback" not in err


def test_purge(cli: CliRun) -> None:
    start(cli)
    code, out, err = cli("list", "purge", "--older-than", "0")
    assert (code, out, err) == (0, "removed 1 list not changed for 0 days and 0 saved printouts\n", "")
    assert "no connection lists yet" in cli("list", "show")[1]


def lists_file() -> Path:
    path = sqlite_path(lists_url(Settings.resolve().db_url))
    assert path is not None
    return path


def test_a_purge_that_cannot_wipe_yet_says_so_and_when(cli: CliRun) -> None:
    start(cli)
    reader = sqlite3.connect(lists_file(), isolation_level=None)  # the app in another window
    try:
        reader.execute("BEGIN")
        reader.execute("SELECT count(*) FROM connection_list").fetchone()
        code, out, err = cli("list", "purge", "--older-than", "0")
    finally:
        reader.close()
    assert code == 0 and out.startswith("removed 1 list ")
    assert err.count("\n") == 1
    assert err.startswith("asset-map: Another program is reading the connection lists")
    assert "wiped the next time the lists are opened or purged" in err


def test_a_deleted_lists_file_is_a_one_line_warning(cli: CliRun) -> None:
    start(cli)
    for file in lists_files(lists_file()):
        file.unlink(missing_ok=True)
    code, out, err = cli("list", "show")
    assert code == 0 and "no connection lists yet" in out
    assert err.count("\n") == 1
    assert err.startswith(f"asset-map: The connection lists file {lists_file()} was missing")
    assert cli("list", "show")[2] == ""  # said once
