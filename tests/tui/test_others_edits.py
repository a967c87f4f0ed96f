"""Another person's edit reaches the results on screen without anyone searching again: on a
PostgreSQL server by its announcement (LISTEN/NOTIFY), on a file by a look at its generation."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest

from asset_map.app import create_app
from asset_map.config import Settings
from asset_map.directory.facade import Directory
from asset_map.screens.search import SearchScreen
from asset_map.store import repo
from asset_map.widgets.results import ResultsTable
from tests.conftest import MINI_LUNCH_CLUB, asset_in
from tests.tui.conftest import on_top, until


def shown(table: ResultsTable) -> list[str]:
    return [table.get_row_at(i)[0].plain for i in range(table.row_count)]


async def test_another_persons_edit_is_on_screen_without_searching_again(
    store_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("ASSET_MAP_USER", "Me")
    monkeypatch.setenv("ASSET_MAP_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setattr(SearchScreen, "others_every", 0.2)
    settings = Settings(db_url=store_url, online_geocoding=False)
    mine = Directory.open(settings)
    app = create_app(directory=mine)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await pilot.press(*"ukulele")
            await app.workers.wait_for_complete()
            await pilot.pause()
            table = on_top(app, SearchScreen).query_one(ResultsTable)
            assert "Purfleet Ukulele Orchestra" not in shown(table)
            theirs = Directory.open(settings)  # another person's app, on another computer
            try:
                theirs.add(asset_in(name="Purfleet Ukulele Orchestra"), user="Them")
                lunch = uuid.UUID(MINI_LUNCH_CLUB)
                now = {"summary": "Now with ukulele strumming"}
                theirs.update(lunch, repo.asset_to_in(theirs.get(lunch)).model_copy(update=now), user="Them")
            finally:
                theirs.close()
            await until(pilot, lambda: len(shown(table)) >= 2)
            assert set(shown(table)) >= {"Purfleet Ukulele Orchestra", "Tilbury Lunch Club"}
    finally:
        mine.close()
