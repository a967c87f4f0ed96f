"""The server goes away: one clear message, searches answered from this computer's index,
nothing half-saved, and everything back by itself when the server is."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest

from asset_map.config import Settings
from asset_map.directory.facade import Directory
from asset_map.errors import AssetMapError
from asset_map.store import repo
from tests.conftest import FIXED_NOW, MINI_LUNCH_CLUB, CliRun
from tests.postgres import Server, fresh_database

LUNCH = uuid.UUID(MINI_LUNCH_CLUB)


@pytest.fixture
def server(stoppable_server: Server) -> Server:
    return stoppable_server


def test_searches_go_on_from_the_index_and_writes_are_refused_clearly_until_it_is_back(
    server: Server,
) -> None:
    directory = Directory.open(Settings(db_url=fresh_database(server.url), online_geocoding=False))
    directory.clock = lambda: FIXED_NOW
    try:
        edit = repo.asset_to_in(directory.get(LUNCH)).model_copy(update={"phone": "01375 444444"})
        server.stop()
        found = directory.search(directory.make_query("lunch club"))
        assert [r.id for r in found.results][:1] == [LUNCH]  # from this computer's index
        assert directory.offline
        (told,) = directory.take_notices()
        assert "cannot be reached" in told and "nothing can be saved" in told
        with pytest.raises(
            AssetMapError, match="the server cannot be reached, so nothing was saved; what you typed"
        ):
            directory.update(LUNCH, edit, user="Ann")
        assert directory.others_wrote() is False
        assert directory.take_notices() == []  # said once
        server.start()
        directory.search(directory.make_query("lunch club"))
        assert not directory.offline
        assert directory.take_notices() == ["The server is back: the search is up to date again."]
        directory.update(LUNCH, edit, user="Ann")  # the same edit, kept, saved now
        assert directory.get(LUNCH).phone == "01375 444444"
    finally:
        directory.close()


def test_opening_a_server_that_is_away_says_so_in_one_line(tmp_path: Path, cli: CliRun) -> None:
    code, out, err = cli("search", "x", "--db", f"postgresql://someone@/directory?host={tmp_path}&port=5999")
    assert code == 1 and out == ""
    assert err.startswith("asset-map: the server cannot be reached (") and err.count("\n") == 1
    assert "check the address and that the server is running" in err
