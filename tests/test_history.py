"""Every change to an asset is recorded, and any earlier version can be restored: on either store."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest

from asset_map.directory.facade import Directory
from asset_map.errors import DirectoryError, EditConflict
from asset_map.store import repo
from asset_map.store.enums import VerifiedHow
from tests.conftest import MINI_DEMENTIA_CAFE, MINI_LUNCH_CLUB, CliRun, asset_in, record, write_directory_file

LUNCH = uuid.UUID(MINI_LUNCH_CLUB)


@pytest.fixture
def directory(store_directory: Directory) -> Directory:
    """Every test here runs on an SQLite file and on a PostgreSQL database."""
    return store_directory


def edit(directory: Directory, **values: object) -> None:
    asset = directory.get(LUNCH)
    directory.update(LUNCH, repo.asset_to_in(asset).model_copy(update=values), user="Editor")


def actions(directory: Directory, asset_id: uuid.UUID = LUNCH) -> list[str]:
    return [c.action for c in directory.history(asset_id)]


def test_an_edit_records_who_when_and_old_and_new_values(directory: Directory) -> None:
    before = directory.get(LUNCH)
    edit(directory, phone="01375 999999", summary="New words")
    (change, *_) = directory.history(LUNCH)
    assert (change.action, change.by, change.version) == ("edited", "Editor", before.version + 1)
    assert change.changes["phone"] == [before.phone, "01375 999999"]
    assert change.changes["summary"] == [before.summary, "New words"]
    assert set(change.changes) == {"phone", "summary"}  # nothing else moved


def test_every_kind_of_write_is_recorded(directory: Directory) -> None:
    directory.verify(LUNCH, user="V", how=VerifiedHow.PHONED)
    directory.flag(LUNCH, reason="phone dead", user="F")
    directory.clear_flag(LUNCH, user="F")
    directory.archive(LUNCH, user="A")
    directory.restore(LUNCH, user="A")
    directory.merge(LUNCH, uuid.UUID(MINI_DEMENTIA_CAFE), user="M")
    assert actions(directory)[:6] == [
        "merged with Grays Dementia Café",
        "restored",
        "archived",
        "flag cleared",
        "flagged",
        "verified",
    ]
    assert actions(directory, uuid.UUID(MINI_DEMENTIA_CAFE))[0] == "merged into another"
    added = directory.add(asset_in(name="Brand new group"), user="N")
    assert actions(directory, added.id) == ["added"]


def test_imports_record_added_and_updated_entries(directory: Directory, tmp_path: Path) -> None:
    club = repo.asset_to_in(directory.get(LUNCH)).model_dump(mode="json")
    club["phone"] = "01375 123123"
    fresh = record(name="Imported group")
    path = write_directory_file(tmp_path / "in.json", [_record(club), fresh])
    directory.import_file(path, user="Importer")
    assert actions(directory)[0] == "imported"
    assert directory.history(LUNCH)[0].changes["phone"][1] == "01375 123123"
    assert actions(directory, uuid.UUID(fresh["id"])) == ["imported"]


def test_a_failed_write_leaves_no_history(directory: Directory) -> None:
    count = len(directory.history(LUNCH))
    stale = directory.get(LUNCH).version - 1
    with pytest.raises(EditConflict):
        directory.update(LUNCH, repo.asset_to_in(directory.get(LUNCH)), user="X", expected_version=stale)
    assert len(directory.history(LUNCH)) == count


def test_any_earlier_version_can_be_restored(directory: Directory) -> None:
    original = directory.get(LUNCH)
    edit(directory, phone="01375 111111")
    middle = directory.get(LUNCH).version
    edit(directory, phone="01375 222222", schedule=[])
    directory.archive(LUNCH, user="A")
    restored = directory.restore_version(LUNCH, middle, user="R")
    assert (restored.phone, restored.archived_at) == ("01375 111111", None)
    assert len(restored.schedule) == len(original.schedule)
    latest = directory.history(LUNCH)[0]
    assert latest.action == f"restored version {middle}"
    assert latest.changes["phone"] == ["01375 222222", "01375 111111"]
    first = directory.restore_version(LUNCH, 1, user="R")
    assert first.phone == original.phone


def test_restoring_checks_the_version_and_range(directory: Directory) -> None:
    edit(directory, phone="01375 111111")
    current = directory.get(LUNCH).version
    with pytest.raises(DirectoryError, match=f"at version {current}; choose 1 to {current - 1}"):
        directory.restore_version(LUNCH, current, user="R")
    with pytest.raises(EditConflict):
        directory.restore_version(LUNCH, 1, user="R", expected_version=current - 1)


def test_history_and_restore_from_the_command_line(cli: CliRun) -> None:
    assert cli("archive", MINI_LUNCH_CLUB[:8])[0] == 0
    code, out, _ = cli("archive", MINI_LUNCH_CLUB[:8], "--undo")
    assert code == 0 and "back in the directory" in out
    code, out, _ = cli("history", MINI_LUNCH_CLUB[:8])
    assert code == 0 and "restored" in out and "archived" in out and "archived_at: (empty) →" in out
    shown = json.loads(cli("history", MINI_LUNCH_CLUB, "--json")[1])
    assert [c["action"] for c in shown[:2]] == ["restored", "archived"]
    code, out, _ = cli("history", MINI_LUNCH_CLUB, "--restore", str(shown[1]["version"]))
    assert code == 0 and "restored as version" in out
    code, _, err = cli("history", MINI_LUNCH_CLUB, "--restore", "999")
    assert code == 1 and "choose 1 to" in err


def _record(flat: dict[str, object]) -> dict[str, object]:
    """A flat AssetIn dump as a directory-file record (details nested, empty stamps dropped)."""
    from asset_map.interop.directory_file import input_to_record
    from asset_map.store.models import AssetIn

    return input_to_record(AssetIn.model_validate(flat))


def test_restoring_an_old_version_never_takes_a_verification_back(directory: Directory) -> None:
    """A verification is a fact about the world, not an edit: restoring version 1 keeps the
    newer "last verified" (and who and how); the restored version's other fields come back."""
    first = directory.get(LUNCH)
    edit(directory, summary="Changed words")
    directory.verify(LUNCH, user="Checker", how=VerifiedHow.VISITED)
    checked = directory.get(LUNCH)
    assert checked.verified_on is not None  # verified just now
    assert first.verified_on is None or first.verified_on < checked.verified_on
    restored = directory.restore_version(LUNCH, 1, user="R")
    assert restored.summary == first.summary
    assert (restored.verified_on, restored.verified_by, restored.verified_how) == (
        checked.verified_on,
        "Checker",
        VerifiedHow.VISITED,
    )
