"""How the screens look, at 80x24 and 120x40, on the sample directory with a fixed clock."""

from __future__ import annotations

import uuid

import pytest
from textual.pilot import Pilot
from textual.widgets import Select

from asset_map.app import AssetMapApp
from asset_map.directory.facade import Directory
from asset_map.screens.asset import AssetScreen
from tests.tui.conftest import asset_id_named

SIZES = [(80, 24), (120, 40)]


async def _settle(pilot: Pilot) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_search_screen_on_start(snap_compare, app: AssetMapApp, size: tuple[int, int]) -> None:
    assert snap_compare(app, terminal_size=size, run_before=_settle)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_search_with_typo_near_a_place(snap_compare, app: AssetMapApp, size: tuple[int, int]) -> None:
    async def run_before(pilot: Pilot) -> None:
        await pilot.pause()
        await pilot.press(*"lonley")
        await pilot.press("ctrl+g", *"Tilbury")
        await _settle(pilot)
        await pilot.press("down")
        await _settle(pilot)

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_no_results_helps(snap_compare, app: AssetMapApp, size: tuple[int, int]) -> None:
    async def run_before(pilot: Pilot) -> None:
        await pilot.pause()
        await pilot.press(*"trampolin")
        await pilot.press("ctrl+g", *"Tilbury")
        await _settle(pilot)
        pilot.app.screen.query_one("#radius", Select).value = 1.0
        await _settle(pilot)

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_asset_screen(
    snap_compare, app: AssetMapApp, sample_directory: Directory, size: tuple[int, int]
) -> None:
    asset_id = uuid.UUID(asset_id_named(sample_directory, "Tilbury Lunch Club"))

    async def run_before(pilot: Pilot) -> None:
        await _settle(pilot)
        await pilot.app.push_screen(AssetScreen(sample_directory, asset_id))
        await _settle(pilot)

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_help_screen(snap_compare, app: AssetMapApp, size: tuple[int, int]) -> None:
    assert snap_compare(app, terminal_size=size, press=["f1"], run_before=_settle)
