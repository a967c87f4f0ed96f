"""The search screen comes first; a directory that takes a while to open is attached behind it."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from textual.widgets import Static

from asset_map.app import create_app
from asset_map.config import Settings
from asset_map.directory import Directory
from asset_map.screens.search import SearchScreen
from asset_map.widgets.results import ResultsTable


async def test_typing_before_the_directory_has_opened_is_answered_once_it_has(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    Directory.open(Settings.resolve(str(tmp_path / "slow.db"))).close()  # made and seeded already
    release = threading.Event()
    real_open = Directory.open

    def slow_open(*args: object, **kwargs: object) -> Directory:
        release.wait(10)  # a large directory loading its index
        return real_open(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Directory, "open", slow_open)
    app = create_app(Settings.resolve(str(tmp_path / "slow.db")))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SearchScreen) and screen.directory is None
        assert "Opening the directory" in str(screen.query_one("#status", Static).render())
        await pilot.press(*"lunch club")  # the person starts typing at once
        await pilot.pause(0.3)
        assert screen.shown_queries == []
        release.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert screen.directory is not None
        assert screen.shown_queries[-1] == "lunch club"
        table = screen.query_one(ResultsTable)
        assert table.row_count > 0 and "Lunch Club" in str(table.get_row_at(0)[0])
