"""The asset screen: read an entry, verify it, flag it, archive and restore it."""

from __future__ import annotations

import uuid

from textual.pilot import Pilot
from textual.widgets import Input, OptionList

from asset_map.app import AssetMapApp
from asset_map.directory.facade import Directory
from asset_map.screens.asset import AssetScreen
from asset_map.screens.dialogs import ConfirmDialog, TextDialog, VerifyDialog
from asset_map.store.enums import Kind, VerifiedHow
from tests.tui.conftest import asset_id_named, on_top

NAME = "Tilbury Lunch Club"


async def _open(app: AssetMapApp, pilot: Pilot, asset_id: str) -> AssetScreen:
    await pilot.pause()
    assert app.directory is not None
    screen = AssetScreen(app.directory, uuid.UUID(asset_id))
    await app.push_screen(screen)
    await pilot.pause()
    return screen


async def test_verify_records_who_how_and_when(app: AssetMapApp, sample_directory: Directory) -> None:
    asset_id = asset_id_named(sample_directory, "Grays Library")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(app, pilot, asset_id)
        await pilot.press("v")
        await pilot.pause()
        options = on_top(app, VerifyDialog).query_one(OptionList)
        options.highlighted = 1  # "Phoned them"
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen
    asset = sample_directory.get(uuid.UUID(asset_id))
    assert asset.verified_by == "Test Volunteer"
    assert asset.verified_how == VerifiedHow.PHONED
    assert asset.verified_on == sample_directory.today()  # the directory's (fixed) clock


async def test_flag_needs_a_reason_and_can_be_cleared(app: AssetMapApp, sample_directory: Directory) -> None:
    asset_id = asset_id_named(sample_directory, NAME)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(app, pilot, asset_id)
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(app.screen, TextDialog)
        await pilot.press("enter")  # empty: refused, the dialog stays
        await pilot.pause()
        assert isinstance(app.screen, TextDialog)
        app.screen.query_one(Input).value = "Phone not answered for a month"
        await pilot.press("enter")
        await pilot.pause()
        flagged = sample_directory.get(uuid.UUID(asset_id))
        assert flagged.flag_reason == "Phone not answered for a month"
        assert flagged.flagged_by == "Test Volunteer"
        await pilot.press("f")  # flagged already: clears it
        await pilot.pause()
    assert sample_directory.get(uuid.UUID(asset_id)).flagged_at is None


async def test_archive_then_restore(app: AssetMapApp, sample_directory: Directory) -> None:
    asset_id = asset_id_named(sample_directory, NAME)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(app, pilot, asset_id)
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.click("#yes")
        await pilot.pause()
        assert sample_directory.get(uuid.UUID(asset_id)).archived_at is not None
        outcome = sample_directory.search(sample_directory.make_query("tilbury lunch club"))
        assert NAME not in [r.name for r in outcome.results]
        await pilot.press("a")  # archived: restores
        await pilot.pause()
    assert sample_directory.get(uuid.UUID(asset_id)).archived_at is None
    outcome = sample_directory.search(sample_directory.make_query("tilbury lunch club"))
    assert outcome.results[0].name == NAME


async def test_hostile_name_is_shown_literally(app: AssetMapApp, sample_directory: Directory) -> None:
    from asset_map.store.models import AssetIn

    asset = sample_directory.add(
        AssetIn(kind=Kind.GROUP, name="[bold red]Tea[/] [link=http://x]club[/link]", locality="Grays"),
        user="t",
    )
    async with app.run_test(size=(100, 30)) as pilot:
        await _open(app, pilot, str(asset.id))
        text = app.export_screenshot()
    assert "[bold red]Tea[/]" in text.replace("&#160;", " ")
