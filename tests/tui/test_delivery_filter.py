"""The search screen's "Any way" filter, and a phone line worded where a place would be."""

from __future__ import annotations

import io

import pytest
from rich.console import Console
from textual.widgets import Select

from asset_map.app import AssetMapApp
from asset_map.directory.facade import Directory
from asset_map.screens.search import SearchScreen
from asset_map.widgets.asset_card import AssetCard
from asset_map.widgets.results import ResultsTable
from tests.conftest import asset_in
from tests.tui.conftest import on_top


def rows(table: ResultsTable) -> list[list[str]]:
    return [[cell.plain for cell in table.get_row_at(i)] for i in range(table.row_count)]


@pytest.mark.parametrize("size", [(80, 24), (130, 40)])
async def test_choosing_by_phone_keeps_the_phone_lines_and_escape_lets_go(
    app: AssetMapApp, sample_directory: Directory, size: tuple[int, int]
) -> None:
    sample_directory.add(
        asset_in(
            name="Silver Line Befriending Calls",
            summary="A befriending telephone call for people who feel isolated",
            locality="",
            phone="0117 496 0000",
            delivery=["phone"],
        ),
        user="Sam",
    )
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        screen = on_top(app, SearchScreen)
        await pilot.press(*"befriending")
        await app.workers.wait_for_complete()
        await pilot.pause()
        table = screen.query_one(ResultsTable)
        assert len(rows(table)) > 1  # the befriending groups that meet in person too
        chooser = screen.query_one("#delivery", Select)
        assert chooser.region.width >= 10 and chooser.region.right <= size[0]  # on screen at 80 columns
        chooser.value = "phone"
        await pilot.pause()  # the change is posted, then the search starts
        await app.workers.wait_for_complete()
        await pilot.pause()
        shown = rows(table)
        assert [row[0] for row in shown] == ["Silver Line Befriending Calls"]
        assert "By phone" in shown[0]
        if screen.has_class("-wide"):  # the highlighted entry beside the results
            console = Console(width=60, record=True, file=io.StringIO())
            console.print(screen.query_one(AssetCard).content)
            lines = [" ".join(line.split()) for line in console.export_text().splitlines()]
            assert "How By phone" in lines, lines
        screen.query_one(ResultsTable).focus()
        await pilot.press("escape")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert chooser.selection is None  # back to "Any way"
        assert len(rows(table)) > 1
