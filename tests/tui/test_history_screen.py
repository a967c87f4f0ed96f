"""An entry's history in the TUI: changes newest first, old → new, and restoring a version."""

from __future__ import annotations

import uuid

from textual.pilot import Pilot
from textual.widgets import DataTable, Static

from asset_map.app import AssetMapApp
from asset_map.directory.facade import Directory
from asset_map.screens.asset import AssetScreen
from asset_map.screens.dialogs import ConfirmDialog
from asset_map.screens.history import HistoryScreen
from asset_map.store import repo
from tests.tui.conftest import asset_id_named, on_top


async def settle(pilot: Pilot) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def test_history_shows_changes_and_restores_a_version(
    app: AssetMapApp, sample_directory: Directory
) -> None:
    asset_id = uuid.UUID(asset_id_named(sample_directory, "Tilbury Lunch Club"))
    original = sample_directory.get(asset_id)
    edited = repo.asset_to_in(original).model_copy(update={"phone": "01375 999999"})
    sample_directory.update(asset_id, edited, user="Someone Else")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await app.push_screen(AssetScreen(sample_directory, asset_id))
        await settle(pilot)
        await pilot.press("h")
        await settle(pilot)
        on_top(app, HistoryScreen)
        table = app.screen.query_one(DataTable)
        assert [str(table.get_row_at(i)[3]) for i in range(table.row_count)] == [
            "edited",
            "added from the sample data",
        ]
        detail = str(app.screen.query_one("#change-lines", Static).render())
        assert f"phone: {original.phone} → 01375 999999" in detail
        await pilot.press("down", "r")
        await settle(pilot)
        on_top(app, ConfirmDialog)
        await pilot.press("y")
        await settle(pilot)
        assert sample_directory.get(asset_id).phone == original.phone
        assert str(app.screen.query_one(DataTable).get_row_at(0)[3]) == "restored version 1"
        await pilot.press("escape")  # back on the entry, which shows what is stored now
        await settle(pilot)
        assert isinstance(app.screen, AssetScreen)
        assert app.screen.asset is not None and app.screen.asset.phone == original.phone
