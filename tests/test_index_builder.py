"""A whole rebuild of a large directory's index runs in a process of its own
(asset_map/directory/index_builder.py); the app loads what it saved, or rebuilds itself when it cannot."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

import asset_map.directory.live_index
from asset_map.config import Settings
from asset_map.directory.facade import Directory
from asset_map.search.index import SearchIndex
from tests.conftest import FIXED_NOW, asset_in, names


@pytest.fixture
def directory(tmp_db: Path, monkeypatch: pytest.MonkeyPatch) -> Directory:
    """The mini directory, counted as large enough to rebuild apart."""
    monkeypatch.setattr(asset_map.directory.live_index, "BUILD_APART", 1)
    opened = Directory.open(Settings.resolve(str(tmp_db)))
    opened.clock = lambda: FIXED_NOW
    opened.add(asset_in(name="Grays Repair Cafe"), user="Test User")  # the saved index is now stale
    return opened


def ids(directory: Directory, text: str) -> list[str]:
    return [str(r.id) for r in directory.search(directory.make_query(text)).results]


def built_here(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count the builds in this process."""
    calls: list[int] = []
    real = SearchIndex.build.__func__  # type: ignore[attr-defined]  # a classmethod's function: mypy sees only a callable

    def counted(cls: type[SearchIndex], /, *args: object, **kwargs: object) -> SearchIndex:
        calls.append(1)
        return real(cls, *args, **kwargs)

    monkeypatch.setattr(SearchIndex, "build", classmethod(counted))
    return calls


def test_a_rebuild_apart_gives_the_same_index_and_saves_it(
    directory: Directory, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = {text: ids(directory, text) for text in ("lunch club", "repair cafe", "walking")}
    old = directory.index
    builds = built_here(monkeypatch)
    directory.rebuild_index()
    assert builds == []  # built by the child
    assert directory.index is not old
    assert directory.index_saved
    assert directory.index_file is not None  # beside the database file
    assert SearchIndex.saved_generation(directory.index_file) == directory.generation
    assert {text: ids(directory, text) for text in before} == before
    directory.close()


def test_when_the_builder_fails_the_app_rebuilds_itself(
    directory: Directory, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = ids(directory, "repair cafe")
    builds = built_here(monkeypatch)
    failed: subprocess.CompletedProcess[bytes] = subprocess.CompletedProcess(args=[], returncode=1)
    monkeypatch.setattr("asset_map.directory.live_index.subprocess.run", lambda *a, **k: failed)
    directory.rebuild_index()
    assert builds == [1]
    assert ids(directory, "repair cafe") == before
    directory.close()


def test_an_index_saved_for_other_data_is_not_loaded(
    directory: Directory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The builder 'succeeded' but what is saved is not this data (another process wrote
    meanwhile): the app rebuilds itself rather than search the wrong entries."""
    builds = built_here(monkeypatch)
    nothing: subprocess.CompletedProcess[bytes] = subprocess.CompletedProcess(args=[], returncode=0)
    monkeypatch.setattr("asset_map.directory.live_index.subprocess.run", lambda *a, **k: nothing)
    directory.rebuild_index()
    assert builds == [1]
    assert "Grays Repair Cafe" in names(directory.search(directory.make_query("repair cafe")))
    directory.close()


def test_a_small_directory_rebuilds_in_its_own_process(tmp_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    directory = Directory.open(Settings.resolve(str(tmp_db)))
    monkeypatch.setattr(
        "asset_map.directory.live_index.subprocess.run", lambda *a, **k: pytest.fail("no child")
    )
    builds = built_here(monkeypatch)
    directory.rebuild_index()
    assert builds == [1]
    directory.close()
