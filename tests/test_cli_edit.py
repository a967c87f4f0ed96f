"""`asset-map edit ID --set FIELD=VALUE… [--expect-version N]`, on either store, and many
writers at once: every edit saved or refused with a reason, none lost, the history whole."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest

from asset_map.config import Settings
from asset_map.directory.facade import Directory
from tests.conftest import MINI_LUNCH_CLUB, ROOT, CliRun

LUNCH = MINI_LUNCH_CLUB[:8]


@pytest.fixture
def on_store(store_directory: Directory) -> Directory:
    """The mini directory on each store; ASSET_MAP_DB names it for the command line."""
    store_directory.close()
    return store_directory


def test_fields_are_set_as_the_form_sets_them_and_the_history_says_who(
    on_store: Directory, cli: CliRun
) -> None:
    code, out, err = cli(
        "edit", LUNCH, "--set", "phone=01375 111111", "--set", "needs=food, company", "--user", "Ann"
    )
    assert (code, err) == (0, "") and "saved as version 2" in out
    code, out, _ = cli("show", LUNCH, "--json")
    shown = json.loads(out)
    assert shown["phone"] == "01375 111111" and set(shown["needs"]) == {"food", "company"}
    code, out, _ = cli("history", LUNCH)
    assert "v2" in out and "Ann" in out and "01375 111111" in out


def test_an_entry_changed_since_the_version_expected_is_not_saved_and_says_who(
    on_store: Directory, cli: CliRun
) -> None:
    assert (
        cli("edit", LUNCH, "--set", "summary=Soup and a natter", "--expect-version", "1", "--user", "Ann")[0]
        == 0
    )
    code, out, err = cli(
        "edit", LUNCH, "--set", "phone=01375 222222", "--expect-version", "1", "--user", "Bo"
    )
    assert code == 3 and out == ""
    assert "at version 2, not 1: nothing was saved" in err
    assert "Ann" in err and "summary" in err and "Soup and a natter" in err
    code, out, _ = cli("show", LUNCH, "--json")
    assert json.loads(out)["phone"] != "01375 222222"


def test_bad_values_are_refused_with_the_field_named_and_nothing_saved(
    on_store: Directory, cli: CliRun
) -> None:
    code, _, err = cli("edit", LUNCH, "--set", "age_min=old", "--set", "colour=red", "--set", "email=nope")
    assert code == 1
    assert "age_min: A whole number" in err and "colour: no such field (fields: " in err and "email:" in err
    with pytest.raises(SystemExit) as usage:  # a mistyped command: argparse's status 2
        cli("edit", LUNCH, "--set", "phone")
    assert usage.value.code == 2
    assert "v2" not in cli("history", LUNCH)[1]


def test_an_edit_that_changes_nothing_makes_no_version(on_store: Directory, cli: CliRun) -> None:
    phone = json.loads(cli("show", LUNCH, "--json")[1])["phone"]
    code, out, _ = cli("edit", LUNCH, "--set", f"phone={phone}")
    assert code == 0 and "nothing changed (still version 1)" in out


WRITER = """
    import json, sys
    from asset_map.config import Settings
    from asset_map.directory.facade import Directory
    from asset_map.errors import EditConflict
    from asset_map.store import repo

    asset_id, label, edits = sys.argv[1], sys.argv[2], int(sys.argv[3])
    directory = Directory.open(Settings.resolve())
    for n in range(edits):
        asset = directory.get(asset_id)
        mine = repo.asset_to_in(asset).model_copy(update={"summary": f"{label} {n}"})
        try:
            saved = directory.update(asset.id, mine, user=label, expected_version=asset.version)
            print(json.dumps({"saved": saved.version, "summary": f"{label} {n}"}), flush=True)
        except EditConflict as exc:
            print(json.dumps({"refused": str(exc)}), flush=True)
    directory.close()
"""


@pytest.mark.slow
def test_ten_writers_of_one_entry_lose_nothing(store_directory: Directory) -> None:
    """10 people × 100 edits of the same entry, each saved against the version it read: every
    edit is saved or refused with a reason, every save is in the history at its version, in
    order, and the entry ends as the last save left it."""
    store_directory.close()
    writers, edits = 10, 100
    running = [
        subprocess.Popen(
            [sys.executable, "-c", textwrap.dedent(WRITER), MINI_LUNCH_CLUB, f"writer{w}", str(edits)],
            cwd=ROOT,
            env=os.environ.copy(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for w in range(writers)
    ]
    outcomes = []
    for writer in running:
        out, err = writer.communicate(timeout=600)
        assert writer.returncode == 0, err
        outcomes += [json.loads(line) for line in out.splitlines()]
    assert len(outcomes) == writers * edits
    saved = {o["saved"]: o["summary"] for o in outcomes if "saved" in o}
    refused = [o["refused"] for o in outcomes if "refused" in o]
    assert len(saved) + len(refused) == writers * edits and saved
    assert all("was changed by writer" in reason for reason in refused)
    reopened = Directory.open(Settings.resolve())
    try:
        history = [c for c in reopened.history(reopened.get(MINI_LUNCH_CLUB).id) if c.action == "edited"]
        assert [c.version for c in reversed(history)] == sorted(saved) == list(range(2, len(saved) + 2))
        for change in history:
            assert change.changes["summary"][1] == saved[change.version]
        assert reopened.get(MINI_LUNCH_CLUB).summary == saved[max(saved)]
    finally:
        reopened.close()
