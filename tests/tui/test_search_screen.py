"""Search as you type, filters, the detail pane and opening an entry."""

from __future__ import annotations

from asset_map.app import AssetMapApp
from asset_map.screens.asset import AssetScreen
from asset_map.screens.search import SearchScreen
from asset_map.widgets.results import ResultsTable
from tests.tui.conftest import on_top


async def test_typing_a_query_with_a_typo_finds_the_entry(app: AssetMapApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen)
        await pilot.press(*"dementia cafe")
        await app.workers.wait_for_complete()
        await pilot.pause()
        table = app.screen.query_one(ResultsTable)
        names = [table.get_row_at(i)[0].plain for i in range(table.row_count)]
        assert names[0] == "Grays Dementia Café"


async def test_enter_opens_the_highlighted_entry(app: AssetMapApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press(*"tilbury lunch club")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, AssetScreen)
        assert app.screen.asset is not None
        assert app.screen.asset.name == "Tilbury Lunch Club"


async def test_back_from_an_entry_the_cursor_is_where_it_was(app: AssetMapApp) -> None:
    """The same results are searched again on return (the entry may have been edited); the
    place in the list is kept. A new question starts at the top again."""
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press(*"lunch club")
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        table = screen.query_one(ResultsTable)
        await pilot.press("down", "down", "down")
        chosen = table.current_id
        assert table.cursor_row == 2 and chosen is not None
        await pilot.press("enter")
        await pilot.pause()
        on_top(app, AssetScreen)
        await pilot.press("escape")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen is screen and table.current_id == chosen and table.cursor_row == 2
        await pilot.press("ctrl+f", *"lunch club tilbury")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert table.cursor_row == 0


async def test_several_needs_and_kinds_can_be_chosen(app: AssetMapApp) -> None:
    from textual.widgets import Button

    from asset_map.screens.dialogs import ChoiceDialog
    from asset_map.widgets.tick_list import TickList

    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.click("#need")
        await pilot.pause()
        ticks = on_top(app, ChoiceDialog).query_one(TickList)
        ticks.select("pets")
        ticks.select("dementia")
        await pilot.click("#ok")
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        assert str(screen.query_one("#need", Button).label) == "2 needs ▾"
        assert screen.last_query is not None and screen.last_query.needs == {"pets", "dementia"}
        await pilot.click("#kind")
        await pilot.pause()
        app.screen.query_one(TickList).select("micro_enterprise")
        await pilot.click("#ok")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert str(screen.query_one("#kind", Button).label) == "Micro-enterprise ▾"
        table = screen.query_one(ResultsTable)
        assert table.row_count > 0
        assert screen.directory is not None
        assert all(r.kind == "micro_enterprise" for r in screen.directory.search(screen.last_query).results)
        await pilot.press("escape")  # clear filters
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert str(screen.query_one("#need", Button).label) == "Any need ▾"
        assert screen.last_query.needs == frozenset()


async def test_the_card_says_what_the_highlighted_entry_was_found_by(app: AssetMapApp) -> None:
    """The reasons are shown: a typo read as a word, a need reached from plain words."""
    import io

    from rich.console import Console

    from asset_map.widgets.asset_card import AssetCard

    async with app.run_test(size=(130, 40)) as pilot:
        await pilot.pause()
        screen = on_top(app, SearchScreen)
        await pilot.press(*"lonley")
        await app.workers.wait_for_complete()
        await pilot.pause()
        console = Console(width=60, record=True, file=io.StringIO())
        console.print(screen.query_one(AssetCard).content)
        lines = [" ".join(line.split()) for line in console.export_text().splitlines()]
        found = next(line for line in lines if line.startswith("Found by"))
        assert "'lonely'" in found or "need: Company and friendship" in found, found
        assert "lonley" not in found  # said as it was read, not as it was typed
