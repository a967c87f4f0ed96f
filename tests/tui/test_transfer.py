"""Import and export from the TUI, with a progress bar and a summary."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, ProgressBar, Select, Static

from asset_map.app import AssetMapApp
from asset_map.screens.transfer import ExportScreen, ImportScreen


def _summary(app: AssetMapApp) -> str:
    return str(app.screen.query_one("#summary", Static).render())


async def test_export_then_import_an_open_referral_feed(app: AssetMapApp, tmp_path: Path) -> None:
    feed = tmp_path / "feed.json"
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.action_export()
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)
        app.screen.query_one("#format", Select).value = "hsds"
        app.screen.query_one("#path", Input).value = str(feed)
        await pilot.click("#go")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "Exported 178 entries" in _summary(app)
        assert feed.exists()
        await pilot.press("escape")
        await pilot.pause()

        app.action_import()
        await pilot.pause()
        assert isinstance(app.screen, ImportScreen)
        app.screen.query_one("#path", Input).value = str(feed)
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "0 added, 0 updated, 178 unchanged, 0 skipped" in _summary(app)
        bar = app.screen.query_one(ProgressBar)
        assert bar.total is not None and bar.progress == bar.total


async def test_a_missing_file_is_explained(app: AssetMapApp, tmp_path: Path) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.action_import()
        await pilot.pause()
        app.screen.query_one("#path", Input).value = str(tmp_path / "nowhere.json")
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        text = _summary(app)
        assert "Nothing was changed" in text
        assert "no such file" in text.lower()
