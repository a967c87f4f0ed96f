"""App-wide behaviour: the user's name asked once, themes, the command palette."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from asset_map.app import AssetMapApp, create_app
from asset_map.directory.facade import Directory
from asset_map.screens.asset import AssetScreen
from asset_map.screens.dialogs import TextDialog, VerifyDialog
from asset_map.screens.edit import EditScreen
from asset_map.screens.search import SearchScreen
from tests.tui.conftest import on_top


async def test_name_is_asked_once_and_remembered(
    sample_directory: Directory, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Asked with the first change (here a new entry), not at start-up; then never again."""
    monkeypatch.delenv("ASSET_MAP_USER", raising=False)
    monkeypatch.setenv("ASSET_MAP_CONFIG_DIR", str(tmp_path / "config"))
    app = create_app(directory=sample_directory)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        on_top(app, SearchScreen)
        await pilot.press("ctrl+n")
        await pilot.pause()
        on_top(app, TextDialog).query_one(Input).value = "Priya D"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, EditScreen)
    saved = json.loads((tmp_path / "config" / "user.json").read_text("utf-8"))
    assert saved == {"name": "Priya D"}
    again = create_app(directory=sample_directory)
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert isinstance(again.screen, EditScreen)  # not asked a second time


async def test_palette_opens_an_entry_by_name(app: AssetMapApp) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"plates with")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause()
        asset = on_top(app, AssetScreen).asset
        assert asset is not None
        assert asset.name == "Plates with Mates"


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_search_screen_in_the_light_theme(snap_compare, app: AssetMapApp, size: tuple[int, int]) -> None:
    async def run_before(pilot: Pilot) -> None:
        pilot.app.theme = "textual-light"
        await pilot.pause()
        await pilot.press(*"coffee morning")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_verify_dialog(snap_compare, app: AssetMapApp, size: tuple[int, int]) -> None:
    async def run_before(pilot: Pilot) -> None:
        await pilot.pause()
        await pilot.app.push_screen(VerifyDialog("Tilbury Lunch Club"))
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_import_screen(snap_compare, app: AssetMapApp, size: tuple[int, int]) -> None:
    async def run_before(pilot: Pilot) -> None:
        await pilot.pause()
        assert isinstance(pilot.app, AssetMapApp)
        pilot.app.action_import()
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_needs_dialog(snap_compare, app: AssetMapApp, size: tuple[int, int]) -> None:
    async def run_before(pilot: Pilot) -> None:
        await pilot.pause()
        await pilot.click("#need")
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=run_before)
