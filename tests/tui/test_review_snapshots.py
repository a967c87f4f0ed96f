"""How the review queue looks, at 80x24 and 120x40, on the sample directory with a fixed clock."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable

import pytest
from textual.pilot import Pilot

from asset_map.app import AssetMapApp
from asset_map.directory.facade import Directory
from asset_map.store.enums import Kind
from asset_map.store.models import AssetIn
from tests.tui.conftest import asset_id_named

SIZES = [(80, 24), (120, 40)]


async def _settle(pilot: Pilot) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def _review(*keys: str) -> Callable[[Pilot], Awaitable[None]]:
    """Open the queue with Ctrl+R, wait for it to be built, then press `keys`."""

    async def run_before(pilot: Pilot) -> None:
        await _settle(pilot)
        await pilot.press("ctrl+r")
        await _settle(pilot)
        for key in keys:
            await pilot.press(key)
            await _settle(pilot)

    return run_before


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_review_not_verified(snap_compare, app: AssetMapApp, size: tuple[int, int]) -> None:
    assert snap_compare(app, terminal_size=size, run_before=_review())


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_review_possibly_closed(
    snap_compare, app: AssetMapApp, sample_directory: Directory, size: tuple[int, int]
) -> None:
    asset_id = uuid.UUID(asset_id_named(sample_directory, "Tilbury Lunch Club"))
    sample_directory.flag(asset_id, reason="Phone not answered for a month", user="Sam K")
    assert snap_compare(app, terminal_size=size, run_before=_review("2"))


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_review_checks_lapsing(snap_compare, app: AssetMapApp, size: tuple[int, int]) -> None:
    assert snap_compare(app, terminal_size=size, run_before=_review("3"))


def _enter_again(directory: Directory) -> None:
    """The sample holds no entry twice: a volunteer enters Tilbury Lunch Club again."""
    directory.add(AssetIn(kind=Kind.GROUP, name="Tilbury Luncheon Club", locality="Tilbury"), user="Sam K")


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_review_duplicates(
    snap_compare, app: AssetMapApp, sample_directory: Directory, size: tuple[int, int]
) -> None:
    _enter_again(sample_directory)
    assert snap_compare(app, terminal_size=size, run_before=_review("4"))


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_review_merge_dialog(
    snap_compare, app: AssetMapApp, sample_directory: Directory, size: tuple[int, int]
) -> None:
    _enter_again(sample_directory)
    assert snap_compare(app, terminal_size=size, run_before=_review("4", "m"))
