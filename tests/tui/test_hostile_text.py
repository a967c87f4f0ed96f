"""Text typed by strangers is shown exactly as typed on every screen, never interpreted.

Markup ("[red]", "[link=…]", "[@click=app.quit]", "[/]") in names, summaries, notes and flag
reasons must appear literally; wide and accented characters must not break a layout. Control
characters never get this far (validation refuses them, tested in test_validation).
"""

from __future__ import annotations

import html
import io
import re
import uuid

import pytest
from pypdf import PdfReader
from textual.pilot import Pilot

from asset_map.app import AssetMapApp
from asset_map.directory.facade import Directory
from asset_map.lists.pdf import to_pdf
from asset_map.lists.render import to_html, to_text
from asset_map.lists.service import ConnectionLists
from asset_map.screens.asset import AssetScreen
from asset_map.screens.connection_list import ConnectionListScreen
from asset_map.screens.edit import EditScreen
from asset_map.screens.history import HistoryScreen
from asset_map.screens.review import ReviewScreen
from asset_map.store import repo
from tests.conftest import asset_in
from tests.tui.conftest import on_top

NAME = "[red]Boom[/] club"
SUMMARY = "[link=https://evil.example]Click[/link] or [@click=app.quit]quit[/]"
NOTE = "[bold]note[/] for [i]you[/i]"
REASON = "[blink]gone?[/blink]"
WIDE = "Zoë 😀 北京 Łukasz café"


def shown(app: AssetMapApp) -> str:
    """What the screen shows, as plain text (from Textual's own screenshot)."""
    svg = app.export_screenshot()
    return html.unescape(re.sub(r"<[^>]+>", "", svg)).replace("\xa0", " ")


async def settle(pilot: Pilot) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


@pytest.fixture
def hostile(sample_directory: Directory) -> uuid.UUID:
    asset = sample_directory.add(
        asset_in(name=NAME, summary=SUMMARY, description="[/]" + " [b]" * 1000, phone="01375 000000"),
        user="[bold]Mallory[/]",
    )
    sample_directory.add(asset_in(name=WIDE, summary=WIDE * 5), user="Test")
    edit = repo.asset_to_in(sample_directory.get(asset.id)).model_copy(update={"cost_note": "[u]£2[/u]"})
    sample_directory.update(asset.id, edit, user="[bold]Mallory[/]")
    sample_directory.flag(asset.id, reason=REASON, user="Test")
    return asset.id


async def test_hostile_text_is_literal_on_every_screen(
    app: AssetMapApp, sample_directory: Directory, hostile: uuid.UUID
) -> None:
    async with app.run_test(size=(130, 40)) as pilot:
        await settle(pilot)
        await pilot.press(*"boom")
        await settle(pilot)
        screen = shown(app)
        assert NAME in screen  # results table
        assert "[link=https://evil.example]Clic" in screen  # detail pane (wide terminal; cut to fit)

        await pilot.press("down", "plus")  # start a list with a hostile reference
        await settle(pilot)
        await pilot.press(*"[b]AB[/b]", "ctrl+s")
        await settle(pilot)
        assert app.is_running  # "[@click=app.quit]" did nothing
        assert NAME in shown(app)  # the toast names the entry literally

        await pilot.press("ctrl+p", *"boom")
        await settle(pilot)
        assert "[red]" in shown(app)  # the palette's match (highlighted characters split the rest)
        await pilot.press("escape")
        await settle(pilot)

        await app.push_screen(AssetScreen(sample_directory, hostile))
        await settle(pilot)
        screen = shown(app)
        assert NAME in screen and "[@click=app.quit]quit[/]" in screen and "[u]£2[/u]" in screen
        assert REASON in screen

        await pilot.press("h")
        await settle(pilot)
        on_top(app, HistoryScreen)
        assert "[bold]Mallory[/]" in shown(app) and REASON in shown(app)  # who; the flag's reason
        await pilot.press("down")  # Mallory's edit
        await settle(pilot)
        assert "cost_note: (empty) → [u]£2[/u]" in shown(app)
        await pilot.press("escape", "e")
        await settle(pilot)
        on_top(app, EditScreen)
        assert NAME in shown(app)
        await pilot.press("escape")
        await settle(pilot)

        app.push_screen(ReviewScreen(sample_directory))
        await settle(pilot)
        await pilot.press("right")  # "Possibly closed"
        await settle(pilot)
        assert NAME in shown(app) and REASON in shown(app)


async def test_hostile_text_is_literal_in_a_connection_list_and_its_printouts(
    app: AssetMapApp, sample_directory: Directory, hostile: uuid.UUID
) -> None:
    lists = ConnectionLists.open(sample_directory)
    made = lists.new_list(
        {"resident_ref": "[b]AB[/b]", "what_matters": SUMMARY, "practitioner_contact": "[i]01375[/i]"},
        practitioner="[bold]Sam[/]",
    )
    lists.add(made.id, hostile, note=NOTE)
    wide = next(a.id for a in sample_directory.all_assets() if a.name == WIDE)
    lists.add(made.id, wide, note=WIDE)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.open_list(made.id)
        await settle(pilot)
        assert isinstance(app.screen, ConnectionListScreen)
        screen = shown(app)
        assert NAME in screen and NOTE in screen and "For: [b]AB[/b]" in screen and WIDE in screen
        await pilot.press("p")
        await settle(pilot)
        assert "[b]AB[/b]" in shown(app)
    document = lists.document(made.id)
    pdf = "".join(p.extract_text() for p in PdfReader(io.BytesIO(to_pdf(document))).pages)
    for text in (pdf, to_text(document)):
        for literal in (NAME, NOTE, "[b]AB[/b]", "[i]01375[/i]", "Zoë", "Łukasz"):
            assert literal in text, literal
    page = to_html(document)
    assert html.escape(NAME) in page or NAME in page
    assert "<script" not in page and "[@click=app.quit]quit[/]" in page
    lists.close()
