"""A person working on a team's server when it goes away: the results stay, the status says
"server away: read-only", an edit being saved is refused clearly and stays on screen as typed,
and once the server is back the same edit saves, without restarting anything."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from textual.widgets import Input, Static

from asset_map.app import create_app
from asset_map.config import Settings
from asset_map.directory.facade import Directory
from asset_map.screens.edit import EditScreen
from asset_map.screens.search import SearchScreen
from asset_map.widgets.results import ResultsTable
from tests.conftest import MINI_LUNCH_CLUB
from tests.postgres import Server, fresh_database
from tests.tui.conftest import on_top, until
from tests.tui.test_edit_screen import type_into


@pytest.fixture
def server(stoppable_server: Server) -> Server:
    return stoppable_server


async def test_the_server_going_away_and_coming_back(
    server: Server, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("ASSET_MAP_USER", "Me")
    monkeypatch.setenv("ASSET_MAP_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setattr(SearchScreen, "others_every", 0.2)
    directory = Directory.open(Settings(db_url=fresh_database(server.url), online_geocoding=False))
    app = create_app(directory=directory)
    lunch = uuid.UUID(MINI_LUNCH_CLUB)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await pilot.press(*"lunch club")
            await app.workers.wait_for_complete()
            search = on_top(app, SearchScreen)
            status = search.query_one("#status", Static)
            shown = search.query_one(ResultsTable).row_count
            server.stop()  # the results stay, and say the server is away
            assert await until(pilot, lambda: "server away: read-only" in str(status.render()))
            assert search.query_one(ResultsTable).row_count == shown
            server.start()
            assert await until(pilot, lambda: "server away" not in str(status.render()))

            app.push_screen(EditScreen(directory, lunch))  # an edit begun while all is well
            await pilot.pause()
            edit = on_top(app, EditScreen)
            await type_into(pilot, edit, "summary", "Soup and a natter")
            server.stop()
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert app.screen is edit  # not saved: still on screen, as typed
            assert edit.query_one("#edit-summary", Input).value == "Soup and a natter"
            told = [n.message for n in app._notifications]
            assert any("the server cannot be reached, so nothing was saved" in m for m in told), told
            server.start()
            await pilot.press("ctrl+s")  # the same edit, saved now
            assert await until(pilot, lambda: app.screen is not edit)
            assert directory.get(lunch).summary == "Soup and a natter"
    finally:
        directory.close()
