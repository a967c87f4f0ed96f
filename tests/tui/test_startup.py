"""The search screen comes first; what takes a while to open is attached behind it: the search
alone (from the saved index, before the database layer loads), then the whole directory."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Static

import asset_map.directory.finder
from asset_map.app import create_app
from asset_map.config import Settings
from asset_map.directory.facade import Directory, index_path
from asset_map.directory.finder import Finder
from asset_map.screens.search import SearchScreen
from asset_map.widgets.results import ResultsTable
from tests.conftest import require_seed


async def until(pilot: Pilot[None], condition: Callable[[], bool]) -> None:
    for _ in range(200):
        if condition():
            return
        await pilot.pause(0.05)
    pytest.fail("not within 10 s")


async def answered(pilot: Pilot[None], text: str) -> SearchScreen:
    """Type `text` into the search screen and wait for its results."""
    screen = pilot.app.screen
    assert isinstance(screen, SearchScreen)
    await pilot.press(*text)
    await until(pilot, lambda: text in screen.shown_queries)
    return screen


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """The sample directory made, seeded and its index saved, as after a first run."""
    settings = Settings.resolve(str(tmp_path / "slow.db"))
    Directory.open(settings, seed=require_seed()).close()
    return settings


@pytest.fixture
def slow_open(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """From now on Directory.open waits until the event is set (a large directory loading)."""
    release = threading.Event()
    real_open = Directory.open

    def slow(*args: Any, **kwargs: Any) -> Directory:
        release.wait(10)
        return real_open(*args, **kwargs)

    monkeypatch.setattr(Directory, "open", slow)
    yield release
    release.set()


async def test_typing_before_the_directory_has_opened_is_answered_once_it_has(
    settings: Settings, slow_open: threading.Event
) -> None:
    index_path(settings.db_url).unlink()  # no saved index: nothing to search until it opens
    app = create_app(settings)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SearchScreen) and screen.directory is None
        assert "Opening the directory" in str(screen.query_one("#status", Static).render())
        await pilot.press(*"lunch club")  # the person starts typing at once
        await pilot.pause(0.3)
        assert screen.shown_queries == []
        slow_open.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert screen.directory is not None
        assert screen.shown_queries[-1] == "lunch club"
        table = screen.query_one(ResultsTable)
        assert table.row_count > 0 and "Lunch Club" in str(table.get_row_at(0)[0])


async def test_the_saved_index_answers_before_the_directory_has_opened(
    settings: Settings, slow_open: threading.Event
) -> None:
    app = create_app(settings)
    async with app.run_test(size=(130, 40)) as pilot:
        screen = await answered(pilot, "lunch club")
        # still opening (checked as a pair: mypy would take both for None after the awaits below)
        assert (screen.directory, app.directory) == (None, None)
        finder = screen.finder
        assert isinstance(finder, Finder)  # the search alone, from the saved index
        table = screen.query_one(ResultsTable)
        assert "Lunch Club" in str(table.get_row_at(0)[0])
        await pilot.press("down", "enter")  # an entry cannot be read yet: said, not an error
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen)
        assert any("Still opening" in str(n.message) for n in app._notifications)
        await pilot.press("down", "down")
        chosen = table.current_id
        assert table.cursor_row == 2

        slow_open.set()
        await until(pilot, lambda: app.directory is not None)
        await pilot.pause(0.3)
        assert app.directory is not None and screen.directory is app.directory
        assert app.directory.index is finder.index  # adopted, not loaded a second time
        assert table.current_id == chosen  # searched again, the cursor kept its place
        name = str(table.get_row_at(table.cursor_row)[0])
        assert screen.shown_id is not None  # the detail pane follows the cursor now
        assert app.directory.get(screen.shown_id).name in name


async def test_a_failing_shortcut_still_opens_the_directory(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(_settings: Settings) -> None:
        raise RuntimeError("a saved index from who knows where")

    monkeypatch.setattr(asset_map.directory.finder, "open_finder", broken)
    app = create_app(settings)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await answered(pilot, "lunch club")
        assert app.directory is not None and screen.finder is app.directory
