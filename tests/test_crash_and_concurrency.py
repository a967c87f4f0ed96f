"""Real processes: an import killed half-way changes nothing; two editors at once lose nothing.

Each test starts `python` subprocesses on one database file. The killed import runs the real
command line with one hook added: once the import has written rows inside its transaction, it
says so (a marker file) and waits, so SIGKILL lands at a known point mid-write.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Any

import pytest

from asset_map.config import Settings
from asset_map.directory.facade import Directory
from tests.conftest import MINI_DEMENTIA_CAFE, MINI_LUNCH_CLUB, ROOT, record, write_directory_file

pytestmark = pytest.mark.slow
WAIT_S = 60


def fingerprint(db: Path) -> str:
    """Every row of every table, in a stable order."""
    digest = hashlib.sha256()
    with sqlite3.connect(db) as conn:
        tables = [
            r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")
        ]
        for table in tables:
            for row in sorted(conn.execute(f'SELECT * FROM "{table}"'), key=repr):  # any number of columns
                digest.update(repr(row).encode())
    return digest.hexdigest()


def wait_for(path: Path, process: subprocess.Popen[Any]) -> None:
    deadline = time.monotonic() + WAIT_S
    while not path.exists():
        if process.poll() is not None:
            raise AssertionError(f"the process ended early: {process.communicate()}")
        if time.monotonic() > deadline:
            process.kill()
            raise AssertionError("the process never reached the point to kill it at")
        time.sleep(0.05)


KILLED_IMPORT = """
    import sys, time
    from pathlib import Path
    from asset_map.store import repo
    from asset_map.main import main

    marker, path, fmt = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
    real = repo.{hook}

    def hooked(*args, **kwargs):
        result = real(*args, **kwargs)
        (args[0] if args else kwargs["session"]).flush()  # rows written, transaction still open
        marker.write_text("inside")
        time.sleep(600)                    # SIGKILL arrives here
        return result

    repo.{hook} = hooked
    main(["import", path] + (["--format", "hsds"] if fmt == "hsds" else []))
"""


@pytest.mark.parametrize(("fmt", "hook"), [("directory", "create_assets"), ("hsds", "update_asset")])
def test_an_import_killed_half_way_leaves_the_database_as_it_was(
    directory: Directory, tmp_db: Path, tmp_path: Path, fmt: str, hook: str
) -> None:
    if fmt == "hsds":
        feed = tmp_path / "feed.json"
        from asset_map.directory.hsds_export import export_hsds

        export_hsds(directory, feed)
        data = json.loads(feed.read_text("utf-8"))
        for service in data["contents"]:
            service["name"] = service["name"] + " (renamed)"
        feed.write_text(json.dumps(data), "utf-8")
        source = feed
    else:
        source = write_directory_file(tmp_path / "big.json", [record(name=f"Group {n}") for n in range(3000)])
    directory.close()
    before = fingerprint(tmp_db)
    marker = tmp_path / "inside"
    code = KILLED_IMPORT.replace("{hook}", hook)
    process = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(code), str(marker), str(source), fmt],
        cwd=ROOT,
        env=os.environ.copy(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    wait_for(marker, process)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=WAIT_S)
    assert process.returncode == -signal.SIGKILL
    assert fingerprint(tmp_db) == before
    reopened = Directory.open(Settings.resolve(str(tmp_db)))  # and it opens cleanly afterwards
    try:
        assert len(reopened.all_assets()) == 3
    finally:
        reopened.close()


EDITOR = """
    import sys
    from asset_map.config import Settings
    from asset_map.directory.facade import Directory
    from asset_map.store import repo

    asset_id, label = sys.argv[1], sys.argv[2]
    directory = Directory.open(Settings.resolve())
    for n in range(25):
        asset = directory.get(asset_id)
        edit = repo.asset_to_in(asset).model_copy(update={"summary": f"{label} {n}"})
        directory.update(asset.id, edit, user=label, expected_version=asset.version)
    directory.close()
"""


def test_two_processes_editing_different_assets_lose_nothing(store_directory: Directory) -> None:
    """On either store (ASSET_MAP_DB names it for the editors)."""
    store_directory.close()
    editors = [
        subprocess.Popen(
            [sys.executable, "-c", textwrap.dedent(EDITOR), asset, label],
            cwd=ROOT,
            env=os.environ.copy(),
            stderr=subprocess.PIPE,
            text=True,
        )
        for asset, label in ((MINI_LUNCH_CLUB, "first"), (MINI_DEMENTIA_CAFE, "second"))
    ]
    for editor in editors:
        _, err = editor.communicate(timeout=WAIT_S * 2)
        assert editor.returncode == 0, err
    reopened = Directory.open(Settings.resolve())
    try:
        assert reopened.get(MINI_LUNCH_CLUB).summary == "first 24"
        assert reopened.get(MINI_DEMENTIA_CAFE).summary == "second 24"
        edits = [c for c in reopened.history(reopened.get(MINI_LUNCH_CLUB).id) if c.action == "edited"]
        assert len(edits) == 25
    finally:
        reopened.close()


SLOW_EDITOR = """
    import sys, time
    from pathlib import Path
    from asset_map.config import Settings
    from asset_map.directory.facade import Directory
    from asset_map.store import repo
    from asset_map.errors import EditConflict

    asset_id, opened, go = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
    directory = Directory.open(Settings.resolve())
    asset = directory.get(asset_id)                   # the form is opened
    mine = repo.asset_to_in(asset).model_copy(update={"phone": "01375 111111"})
    opened.write_text("opened")
    while not go.exists():
        time.sleep(0.05)
    try:
        directory.update(asset.id, mine, user="slow", expected_version=asset.version)
    except EditConflict as exc:
        print("CONFLICT:", exc)
        directory.update(asset.id, mine, user="slow")  # "overwrite": knowingly
        print("OVERWRITTEN")
    directory.close()
"""


def test_the_second_save_of_the_same_asset_is_told_of_the_conflict(
    store_directory: Directory, tmp_path: Path
) -> None:
    """On either store (ASSET_MAP_DB names it for the editors)."""
    original_summary = store_directory.get(MINI_LUNCH_CLUB).summary
    store_directory.close()
    opened, go = tmp_path / "opened", tmp_path / "go"
    slow = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(SLOW_EDITOR), MINI_LUNCH_CLUB, str(opened), str(go)],
        cwd=ROOT,
        env=os.environ.copy(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    wait_for(opened, slow)
    quick = subprocess.run(
        [
            sys.executable,
            "-c",
            textwrap.dedent(EDITOR).replace("range(25)", "range(1)"),
            MINI_LUNCH_CLUB,
            "quick",
        ],
        cwd=ROOT,
        env=os.environ.copy(),
        capture_output=True,
        text=True,
        timeout=WAIT_S,
    )
    assert quick.returncode == 0, quick.stderr
    go.write_text("go")
    out, err = slow.communicate(timeout=WAIT_S)
    assert slow.returncode == 0, err
    assert "CONFLICT: 'Tilbury Lunch Club' was changed by quick" in out and "OVERWRITTEN" in out
    reopened = Directory.open(Settings.resolve())
    try:
        stored = reopened.get(MINI_LUNCH_CLUB)
        assert (stored.phone, stored.summary) == ("01375 111111", original_summary)  # knowingly overwritten
        assert [c.by for c in reopened.history(stored.id)[:2]] == ["slow", "quick"]
    finally:
        reopened.close()


IMPORTER = """
    import sys
    from asset_map.main import main

    codes = [main(["import", "--format", "directory", path]) for path in sys.argv[1:]]
    print(codes)
    sys.exit(max(codes))
"""


def test_two_imports_at_once_never_fail_on_each_others_backups(directory: Directory, tmp_path: Path) -> None:
    """Seen: 12 of 400 imports at once failed, "the backup … failed: disk I/O error": the
    automatic backups made in the same second took the same name."""
    directory.close()
    feeds = {
        who: [
            write_directory_file(tmp_path / f"{who}{n}.json", [record(name=f"{who} group {n}")])
            for n in range(8)
        ]
        for who in ("first", "second")
    }
    importers = [
        subprocess.Popen(
            [sys.executable, "-c", textwrap.dedent(IMPORTER), *map(str, paths)],
            cwd=ROOT,
            env=os.environ.copy(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for paths in feeds.values()
    ]
    for importer in importers:
        out, err = importer.communicate(timeout=WAIT_S * 4)
        assert importer.returncode == 0, out + err
    reopened = Directory.open(Settings.resolve())
    try:
        names = {a.name for a in reopened.all_assets()}
        assert all(f"{who} group {n}" in names for who in feeds for n in range(8))
    finally:
        reopened.close()
