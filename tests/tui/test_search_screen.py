"""Search as you type, filters, the detail pane and opening an entry."""

from __future__ import annotations

from asset_map.app import AssetMapApp
from asset_map.screens.asset import AssetScreen
from asset_map.screens.search import SearchScreen
from asset_map.widgets.results import ResultsTable


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


async def test_several_needs_and_kinds_can_be_chosen(app: AssetMapApp) -> None:
    from textual.widgets import Button

    from asset_map.screens.dialogs import ChoiceDialog
    from asset_map.widgets.tick_list import TickList

    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.click("#need")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog)
        ticks = app.screen.query_one(TickList)
        ticks.select("pets")
        ticks.select("dementia")
        await pilot.click("#ok")
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        assert screen.query_one("#need", Button).label.plain == "2 needs ▾"
        assert screen.last_query is not None and screen.last_query.needs == {"pets", "dementia"}
        await pilot.click("#kind")
        await pilot.pause()
        app.screen.query_one(TickList).select("micro_enterprise")
        await pilot.click("#ok")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert screen.query_one("#kind", Button).label.plain == "Micro-enterprise ▾"
        table = screen.query_one(ResultsTable)
        assert table.row_count > 0
        assert all(r.kind == "micro_enterprise" for r in screen.directory.search(screen.last_query).results)
        await pilot.press("ctrl+x")  # clear filters
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert screen.query_one("#need", Button).label.plain == "Any need ▾"
        assert screen.last_query.needs == frozenset()
