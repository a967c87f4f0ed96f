"""In the app: a service imported with needs guessed from its words is found by "lonely", its
guessed need is shown as guessed, and the edit form confirms or removes it (issue 16)."""

from __future__ import annotations

import io
import uuid
from pathlib import Path

from rich.console import Console
from textual.pilot import Pilot
from textual.widgets import Label

from asset_map.app import AssetMapApp
from asset_map.directory.facade import Directory
from asset_map.needs.wording import GUESSED
from asset_map.screens.asset import AssetScreen
from asset_map.screens.edit import EditScreen
from asset_map.screens.search import SearchScreen
from asset_map.widgets.asset_card import AssetCard
from asset_map.widgets.results import ResultsTable
from asset_map.widgets.tick_list import TickList
from tests.test_inferred_needs import NAME, import_befriending
from tests.tui.conftest import on_top


def card_text(screen: AssetScreen) -> str:
    console = Console(width=100, record=True, file=io.StringIO())
    console.print(screen.query_one(AssetCard).content)
    return " ".join(console.export_text().split())


async def settle(app: AssetMapApp, pilot: Pilot[None]) -> None:
    await app.workers.wait_for_complete()
    await pilot.pause()


async def open_entry(app: AssetMapApp, pilot: Pilot[None], asset_id: uuid.UUID) -> AssetScreen:
    await pilot.pause()
    assert app.directory is not None
    screen = AssetScreen(app.directory, asset_id)
    await app.push_screen(screen)
    await pilot.pause()
    return screen


async def open_form(app: AssetMapApp, pilot: Pilot[None], asset_id: uuid.UUID) -> EditScreen:
    await open_entry(app, pilot, asset_id)
    await pilot.press("e")
    await pilot.pause()
    return on_top(app, EditScreen)


def need_options(screen: EditScreen) -> dict[str, str]:
    ticks = screen.query_one("#edit-needs", TickList)
    options = (ticks.get_option_at_index(i) for i in range(ticks.option_count))
    return {str(o.value): str(o.prompt) for o in options}


async def test_typing_lonely_on_the_search_screen_finds_the_befriending_call(
    app: AssetMapApp, sample_directory: Directory, tmp_path: Path
) -> None:
    import_befriending(sample_directory, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        on_top(app, SearchScreen)
        await pilot.press(*"lonely")
        await settle(app, pilot)
        table = app.screen.query_one(ResultsTable)
        found = [table.get_row_at(i)[0].plain for i in range(table.row_count)]
        assert NAME in found


async def test_the_entry_shows_its_guessed_need_as_guessed(
    app: AssetMapApp, sample_directory: Directory, tmp_path: Path
) -> None:
    asset = import_befriending(sample_directory, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_entry(app, pilot, asset.id)
        assert f"Company and friendship ({GUESSED})" in card_text(screen)


async def test_saving_the_form_confirms_a_guessed_need_kept(
    app: AssetMapApp, sample_directory: Directory, tmp_path: Path
) -> None:
    asset = import_befriending(sample_directory, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        form = await open_form(app, pilot, asset.id)
        assert need_options(form)["company"] == f"Company and friendship ({GUESSED})"
        assert need_options(form)["food"] == "Food and meals"
        note = form.query_one("#edit-needs-guessed", Label)
        assert note.display and "Company and friendship" in str(note.render())
        await pilot.press("ctrl+s")  # nothing else changed: saving still confirms the guess
        await pilot.pause()
        entry = on_top(app, AssetScreen)
        assert GUESSED not in card_text(entry)
    saved = sample_directory.get(asset.id)
    assert saved.need_ids == ["company"] and saved.inferred_needs == []
    assert saved.updated_by == "Test Volunteer"


async def test_unticking_a_guessed_need_removes_it(
    app: AssetMapApp, sample_directory: Directory, tmp_path: Path
) -> None:
    asset = import_befriending(sample_directory, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        form = await open_form(app, pilot, asset.id)
        form.query_one("#edit-needs", TickList).deselect("company")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        on_top(app, AssetScreen)
    saved = sample_directory.get(asset.id)
    assert saved.need_ids == [] and saved.inferred_needs == []


async def test_an_entry_without_guesses_shows_no_note(app: AssetMapApp, sample_directory: Directory) -> None:
    lunch = next(a for a in sample_directory.all_assets() if a.name == "Tilbury Lunch Club")
    async with app.run_test(size=(100, 30)) as pilot:
        form = await open_form(app, pilot, lunch.id)
        assert not form.query_one("#edit-needs-guessed", Label).display
        assert GUESSED not in " ".join(need_options(form).values())
