"""Connection lists in the TUI: from a search to a printed PDF by keyboard, then outcomes."""

from __future__ import annotations

import io
import uuid
from datetime import date

import pytest
from pypdf import PdfReader
from textual.pilot import Pilot
from textual.widgets import DataTable, Label, OptionList, Static

from asset_map.app import AssetMapApp
from asset_map.config import printouts_dir
from asset_map.directory.facade import Directory
from asset_map.lists.service import ConnectionLists
from asset_map.screens.asset import AssetScreen
from asset_map.screens.connection_list import ConnectionListScreen
from asset_map.screens.list_dialogs import ListDetailsDialog, PickDialog
from asset_map.screens.lists import ListsScreen
from asset_map.store.lists import Outcome
from tests.tui.conftest import asset_id_named, on_top

SIZES = [(80, 24), (120, 40)]


@pytest.fixture(autouse=True)
def no_printer(monkeypatch: pytest.MonkeyPatch, tmp_path: object) -> None:
    """No print queue on the test machine: printing saves a file in the data folder."""
    monkeypatch.setattr("asset_map.screens.connection_list.default_printer", lambda: None)
    monkeypatch.setattr("asset_map.lists.printing.default_printer", lambda: None)


async def settle(pilot: Pilot) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def rows(app: AssetMapApp) -> list[str]:
    table = app.screen.query_one(DataTable)
    return [str(table.get_row_at(i)[1]) for i in range(table.row_count)]


async def search_and_add(pilot: Pilot, query: str, *, down: int = 1) -> None:
    await pilot.press("ctrl+f", "ctrl+u", *query)
    await settle(pilot)
    await pilot.press(*["down"] * down, "plus")
    await settle(pilot)


async def test_from_a_search_to_a_printed_pdf_by_keyboard(app: AssetMapApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await search_and_add(pilot, "tilbury lunch club")
        on_top(app, ListDetailsDialog)  # no list yet: start one
        await pilot.press(*"AB 1234", "tab", *"RM18 7", "tab", *"Wants to sing", "tab", *"01375 000111")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await search_and_add(pilot, "dementia cafe")
        await pilot.press("ctrl+l")
        await settle(pilot)
        on_top(app, ConnectionListScreen)
        assert rows(app) == ["Tilbury Lunch Club", "Grays Dementia Café"]

        await pilot.press("down", "shift+up")  # the café first
        await settle(pilot)
        assert rows(app) == ["Grays Dementia Café", "Tilbury Lunch Club"]
        await pilot.press("n", *"Friendly, and you can bring your mum", "enter")
        await settle(pilot)

        await pilot.press("p")
        await settle(pilot)
        on_top(app, PickDialog)
        await pilot.press("enter")  # the first choice: save as a PDF
        await settle(pilot)
        saved = list(printouts_dir().glob("*.pdf"))
        assert len(saved) == 1
        text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(saved[0].read_bytes())).pages)
        assert "Connections for AB 1234" in text
        assert text.index("Grays Dementia Café") < text.index("Tilbury Lunch Club")
        assert "bring your mum" in text and "01375 000111" in text and "Wants to sing" in text
        head = app.screen.query_one("#list-head", Static).render()
        assert "Printed: 1×" in str(head)


async def test_outcomes_flag_the_entry_and_show_on_it(app: AssetMapApp, sample_directory: Directory) -> None:
    lists = ConnectionLists.open(sample_directory)
    made = lists.new_list({"resident_ref": "CD"}, practitioner="Test Volunteer")
    lunch = uuid.UUID(asset_id_named(sample_directory, "Tilbury Lunch Club"))
    lists.add(made.id, lunch)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.open_list(made.id)
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        choices = [o.id for o in app.screen.query_one("#pick", OptionList).options]
        await pilot.press(*["down"] * choices.index(Outcome.COULD_NOT_REACH.value), "enter")
        await settle(pilot)
        assert sample_directory.get(lunch).flagged_at is not None
        table = app.screen.query_one(DataTable)
        assert str(table.get_row_at(0)[2]).startswith("Could not reach")
        await pilot.press("enter")  # open the entry: counts, never who
        await settle(pilot)
        assert isinstance(app.screen, AssetScreen)
        usage = str(app.screen.query_one("#asset-usage", Static).render())
        assert usage == "Suggested 1 time on connection lists; people went 0"
    lists.close()


async def test_an_outcome_can_be_dated_in_the_app(app: AssetMapApp, sample_directory: Directory) -> None:
    """Seen: the CLI had --on, the app could only say "today"."""
    lists = ConnectionLists.open(sample_directory)
    made = lists.new_list({"resident_ref": "EF"}, practitioner="Test Volunteer")
    lists.add(made.id, uuid.UUID(asset_id_named(sample_directory, "Tilbury Lunch Club")))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.open_list(made.id)
        await settle(pilot)
        await pilot.press("o", "tab", "ctrl+u", *"next week", "enter", "enter")  # not a day: asked again
        await settle(pilot)
        assert "not a day" in str(app.screen.query_one("#hint", Label).render())
        await pilot.press("ctrl+u", *"fri", "enter", "down", "enter")  # contacted, last Friday
        await settle(pilot)
        (connection,) = lists.connections(made.id)
        assert (connection.outcome, connection.outcome_on) == (Outcome.CONTACTED, date(2026, 11, 20))
        assert "20 Nov" in str(app.screen.query_one(DataTable).get_row_at(0)[2])
    lists.close()


async def test_remove_and_add_from_the_entry_screen(app: AssetMapApp, sample_directory: Directory) -> None:
    lists = ConnectionLists.open(sample_directory)
    made = lists.new_list({"resident_ref": "EF"}, practitioner="Test Volunteer")
    lists.add(made.id, asset_id_named(sample_directory, "Tilbury Lunch Club"))
    cafe = uuid.UUID(asset_id_named(sample_directory, "Grays Dementia Café"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.open_list(made.id)
        await settle(pilot)
        await pilot.press("x")
        await settle(pilot)
        assert rows(app) == []
        await app.push_screen(AssetScreen(sample_directory, cafe))
        await settle(pilot)
        await pilot.press("l")  # adds to the list that is open
        await settle(pilot)
    assert [c.asset_id for c in lists.connections(made.id)] == [cafe]
    lists.close()


async def test_every_list_own_first_and_a_copy_for_a_similar_resident(
    app: AssetMapApp, sample_directory: Directory
) -> None:
    lists = ConnectionLists.open(sample_directory)
    mine = lists.new_list({"resident_ref": "mine"}, practitioner="Test Volunteer")
    lists.add(mine.id, asset_id_named(sample_directory, "Tilbury Lunch Club"), note="Good food")
    lists.new_list({"resident_ref": "theirs"}, practitioner="Someone Else")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.action_all_lists()
        await settle(pilot)
        on_top(app, ListsScreen)
        assert rows(app) == ["mine", "theirs"]
        await pilot.press("d", *"GH 42", "ctrl+s")
        await settle(pilot)
        opened = on_top(app, ConnectionListScreen)
        assert rows(app) == ["Tilbury Lunch Club"]
        assert app.current_list_id == opened.list_id != mine.id
    lists.close()


async def test_a_bad_home_keeps_the_dialog_open_with_the_reason(app: AssetMapApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.action_all_lists()
        await settle(pilot)
        await pilot.press("n", *"AB", "tab", *"Atlantis", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ListDetailsDialog)
        assert "home: 'Atlantis' is not a known place" in str(app.screen.query_one("#hint").render())


# ---------------------------------------------------------------- how it looks


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_connection_list_screen(
    snap_compare, app: AssetMapApp, sample_directory: Directory, size: tuple[int, int]
) -> None:
    lists = ConnectionLists.open(sample_directory)
    made = lists.new_list(
        {
            "resident_ref": "AB 1234",
            "home": "RM18 7",
            "what_matters": "Getting out; I [bold]miss[/] singing.",
        },
        practitioner="Test Volunteer",
    )
    for name, note in [("Tilbury Lunch Club", "Hot lunch, friendly"), ("Grays Dementia Café", "")]:
        lists.add(made.id, asset_id_named(sample_directory, name), note=note)

    async def run_before(pilot: Pilot) -> None:
        await settle(pilot)
        assert isinstance(pilot.app, AssetMapApp)
        pilot.app.open_list(made.id)
        await settle(pilot)

    assert snap_compare(app, terminal_size=size, run_before=run_before)


def test_print_dialog(snap_compare, app: AssetMapApp, sample_directory: Directory) -> None:
    lists = ConnectionLists.open(sample_directory)
    made = lists.new_list({"resident_ref": "AB 1234"}, practitioner="Test Volunteer")
    lists.add(made.id, asset_id_named(sample_directory, "Tilbury Lunch Club"))

    async def run_before(pilot: Pilot) -> None:
        await settle(pilot)
        assert isinstance(pilot.app, AssetMapApp)
        pilot.app.open_list(made.id)
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_new_list_dialog(snap_compare, app: AssetMapApp) -> None:
    async def run_before(pilot: Pilot) -> None:
        await settle(pilot)
        assert isinstance(pilot.app, AssetMapApp)
        pilot.app.action_all_lists()
        await settle(pilot)
        await pilot.press("n", *"AB 1234")
        await settle(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


async def test_a_deleted_lists_file_is_said_in_the_app(app: AssetMapApp, sample_directory: Directory) -> None:
    """Issue 14: a deleted lists database was silently started again, empty."""
    lists = ConnectionLists.open(sample_directory)
    lists.new_list({"resident_ref": "GH"}, practitioner="Test Volunteer")
    path = lists.path
    lists.close()
    assert path is not None
    for spare in path.parent.glob(path.name + "*"):
        spare.unlink()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+l")
        await settle(pilot)
        told = [str(n.message) for n in app._notifications]
        assert any("was missing" in message for message in told), told
