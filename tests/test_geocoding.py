"""Online geocoding is opt-in, cached, and degrades to a clear 'not found' when offline."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from asset_map.config import Settings
from asset_map.directory.facade import Directory
from asset_map.errors import DirectoryError


class FakeNominatim:
    calls: list[str] = []
    answer: Any = None
    fail = False

    def __init__(self, **_: Any) -> None:
        pass

    def geocode(self, query: str, exactly_one: bool = True) -> Any:
        FakeNominatim.calls.append(query)
        if FakeNominatim.fail:
            from geopy.exc import GeocoderUnavailable

            raise GeocoderUnavailable("no network")
        return FakeNominatim.answer


class Found:
    latitude = 51.55
    longitude = -0.1


@pytest.fixture(autouse=True)
def fake_geocoder(monkeypatch: pytest.MonkeyPatch) -> None:
    import geopy.geocoders

    FakeNominatim.calls = []
    FakeNominatim.answer = Found()
    FakeNominatim.fail = False
    monkeypatch.setattr(geopy.geocoders, "Nominatim", FakeNominatim)


def test_off_by_default_and_never_called(tmp_path: Path) -> None:
    directory = Directory.open(Settings.resolve(str(tmp_path / "d.db")))
    try:
        with pytest.raises(DirectoryError, match="online geocoding"):
            directory.make_query("", near="N1 9GU")
    finally:
        directory.close()
    assert FakeNominatim.calls == []


def test_opt_in_looks_up_once_and_caches(tmp_path: Path) -> None:
    settings = Settings.resolve(str(tmp_path / "d.db"), online=True)
    directory = Directory.open(settings)
    try:
        assert FakeNominatim.calls == []  # nothing at startup
        query = directory.make_query("", near="N1 9GU")
        assert query.near is not None and query.near.precision == "online"
        assert query.near.point == (51.55, -0.1)
        directory.make_query("", near="N1 9GU")
    finally:
        directory.close()
    assert len(FakeNominatim.calls) == 1  # the second answer came from the cache


def test_offline_degrades_to_a_clear_message(tmp_path: Path) -> None:
    FakeNominatim.fail = True
    directory = Directory.open(Settings.resolve(str(tmp_path / "d.db"), online=True))
    try:
        with pytest.raises(DirectoryError, match="outside the built-in gazetteer"):
            directory.make_query("", near="N1 9GU")
    finally:
        directory.close()


def test_counting_what_was_asked_for_never_sends_a_home_online(tmp_path: Path) -> None:
    """The gaps matrix reads each list's home to place what it asked for: offline only, so a
    resident's home is never sent to the geocoder for it (whatever a list did when made)."""
    from asset_map.lists.asked import asked
    from asset_map.lists.service import ConnectionLists
    from asset_map.store.lists import Outcome

    directory = Directory.open(Settings.resolve(str(tmp_path / "d.db"), online=True))
    lists = ConnectionLists.open(directory)
    try:
        made = lists.new_list({"resident_ref": "R-1", "home": "N1 9GU"}, practitioner="Test User")
        entry = directory.search(directory.make_query("lunch club")).results[0]
        tried = lists.add(made.id, entry.id)
        assert tried.id is not None
        lists.set_outcome(tried.id, Outcome.NOT_SUITABLE, user="Test User")
        FakeNominatim.calls = []
        found = asked(lists)
        assert found and FakeNominatim.calls == []
        assert all(f"L:{entry.locality}" in a.keys for a in found)  # placed where the entry is
    finally:
        lists.close()
        directory.close()
