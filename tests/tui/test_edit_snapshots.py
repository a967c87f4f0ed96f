"""The add form as a volunteer first sees it, on a small and a large terminal."""

from __future__ import annotations

from typing import Any

import pytest
from textual.pilot import Pilot

from asset_map.app import AssetMapApp
from asset_map.screens.edit import EditScreen


async def open_add_form(pilot: Pilot[Any]) -> None:
    await pilot.pause()
    app = pilot.app
    assert isinstance(app, AssetMapApp)
    app.action_add_asset()
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()
    assert isinstance(app.screen, EditScreen)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_add_form(snap_compare: Any, app: AssetMapApp, size: tuple[int, int]) -> None:
    assert snap_compare(app, run_before=open_add_form, terminal_size=size)
