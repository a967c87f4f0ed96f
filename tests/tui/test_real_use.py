"""What people do on the main screen, each a defect once seen in real use (issue 13)."""

from __future__ import annotations

import pytest

from asset_map.app import AssetMapApp
from asset_map.screens.search import SearchScreen
from asset_map.widgets.results import ResultsTable

SIZES = [(80, 24), (130, 40), (200, 50)]


async def settle(app: AssetMapApp, pilot: object) -> None:
    await app.workers.wait_for_complete()
    await pilot.pause()  # type: ignore[attr-defined]


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_nothing_found_then_something_shows_the_rows(app: AssetMapApp, size: tuple[int, int]) -> None:
    """The crash: while nothing was found the table was hidden (width 0) and chose other
    columns than the ones on screen; the next answer had more values than columns."""
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        await pilot.press(*"qqzzxx")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        table = screen.query_one(ResultsTable)
        assert not table.display
        await pilot.press("ctrl+u")
        await settle(app, pilot)
        assert table.display and table.row_count > 0
        await pilot.press(*"lunch")
        await settle(app, pilot)
        assert table.row_count > 0
        assert len(table.get_row_at(0)) == len(table.columns)
