"""Every limit is stated once, on the models, and held wherever a value is written without a
form: a too-long reason is refused (never cut), a value set outside `AssetIn` is checked
against the model, and the lines we write ourselves fit their columns."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from asset_map import config
from asset_map.directory.facade import Directory
from asset_map.errors import DirectoryError
from asset_map.lists.printing import PRINTOUT_NAME
from asset_map.store import repo
from asset_map.store.db import transaction
from asset_map.store.files import partial_files, written_whole
from asset_map.store.history import ACTION_LENGTH
from asset_map.store.lists import Connection, ConnectionList, ConnectionNote, ListDetails
from asset_map.store.models import Asset, AssetIn
from asset_map.validation import PERSON_NAME_LENGTH, max_length, shortened
from tests.conftest import OpenDirectory, record


def test_a_flag_reason_too_long_is_refused_not_cut(directory: Directory) -> None:
    asset = directory.all_assets()[0]
    most = max_length(Asset, "flag_reason")
    with pytest.raises(DirectoryError, match=f"{most + 1} characters; say it in {most} or fewer"):
        directory.flag(asset.id, reason="x" * (most + 1), user="Sam K")
    assert directory.get(asset.id).version == asset.version  # nothing written
    assert directory.flag(asset.id, reason="y" * most, user="Sam K").flag_reason == "y" * most


def test_fields_set_outside_a_form_are_checked_against_the_model(directory: Directory) -> None:
    asset = directory.all_assets()[0]
    with transaction(directory.engine) as session:
        stored = repo.get_asset(session, asset.id)
        assert stored is not None
        with pytest.raises(ValueError, match="at most 300 characters"):
            repo.set_fields(session, asset=stored, user="Sam K", action="flagged", flag_reason="z" * 301)
        with pytest.raises(ValueError, match="datetime"):
            repo.set_fields(session, asset=stored, user="Sam K", action="archived", archived_at="soon")
        with pytest.raises(KeyError):
            repo.set_fields(session, asset=stored, user="Sam K", action="x", no_such_field=1)
    assert directory.get(asset.id).version == asset.version


def test_history_lines_we_write_fit_their_column(open_directory: OpenDirectory) -> None:
    long_name = "The Stanford-le-Hope and Corringham Friday Friendship and Lunch Club for Older People"
    directory = open_directory([record(name=long_name), record(name="Friday Friendship Lunch Club")])
    kept, other = sorted(directory.all_assets(), key=lambda a: len(a.name))
    directory.merge(kept.id, other.id, user="Sam K")
    actions = [change.action for change in directory.history(kept.id)]
    assert all(len(action) <= ACTION_LENGTH for action in actions)
    assert any(
        action.startswith("merged with The Stanford-le-Hope") and action.endswith("…") for action in actions
    )


def test_shortened_cuts_at_a_word_and_says_so() -> None:
    assert shortened("short", 10) == "short"
    assert shortened("merged with Grays Community Hub", 20) == "merged with Grays…"
    assert len(shortened("x" * 100, 20)) == 20


def test_the_lists_tables_take_their_limits_from_what_is_typed() -> None:
    for name in ListDetails.model_fields:
        assert max_length(ConnectionList, name) == max_length(ListDetails, name)
    assert max_length(Connection, "note") == max_length(ConnectionNote, "note")
    assert max_length(Connection, "asset_name") == max_length(AssetIn, "name")
    assert max_length(ConnectionList, "practitioner") == PERSON_NAME_LENGTH


def test_a_name_too_long_for_the_records_is_cut_where_it_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(config.USER_ENV, "S" * 200)
    assert config.current_user() == "S" * PERSON_NAME_LENGTH


def test_a_file_is_written_whole_or_not_at_all(tmp_path: Path) -> None:
    target = tmp_path / "connections-0123abcd-2026-12-01.txt"
    target.write_text("the copy before")
    with pytest.raises(RuntimeError), written_whole(target) as handle:
        handle.write(b"half of the new")
        (partial,) = partial_files(target)
        assert PRINTOUT_NAME.match(partial.name)  # a killed print is found by the purge
        raise RuntimeError("killed half way")
    assert target.read_text() == "the copy before" and partial_files(target) == []
    with written_whole(target) as handle:
        handle.write(b"the new copy")
    assert target.read_text() == "the new copy" and partial_files(target) == []
    if os.name == "posix":
        assert target.stat().st_mode & 0o777 == 0o600
