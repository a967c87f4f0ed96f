"""What people do on the main screen, each a defect once seen in real use (issue 13)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Static
from textual.widgets._footer import FooterKey

from asset_map.app import AssetMapApp, create_app
from asset_map.config import Settings, saved_user_name
from asset_map.directory.facade import Directory
from asset_map.screens.asset import AssetScreen
from asset_map.screens.dialogs import TextDialog, VerifyDialog
from asset_map.screens.edit import EditScreen
from asset_map.screens.search import SearchScreen
from asset_map.widgets.results import ResultsTable
from tests.tui.conftest import SEED, on_top

SIZES = [(80, 24), (130, 40), (200, 50)]


async def settle(app: AssetMapApp, pilot: Pilot) -> None:
    await app.workers.wait_for_complete()
    await pilot.pause()


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


async def test_the_name_is_never_asked_over_the_search_box(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Seen: "type away", then the name dialog opened a second later and took "nch club"."""
    monkeypatch.delenv("ASSET_MAP_USER")
    monkeypatch.setenv("ASSET_MAP_SEED", str(SEED))
    app = create_app(Settings.resolve(str(tmp_path / "first-run.db")))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*"lu")
        await settle(app, pilot)  # the directory has opened by now
        await pilot.press(*"nch club")
        await settle(app, pilot)
        assert isinstance(app.screen, SearchScreen)
        assert app.screen.query_one("#query", Input).value == "lunch club"
        assert saved_user_name() is None


async def test_the_name_is_asked_when_the_first_change_is_made(
    app: AssetMapApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("ASSET_MAP_USER")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press(*"tilbury lunch club")
        await settle(app, pilot)
        await pilot.press("down", "enter")
        await settle(app, pilot)
        on_top(app, AssetScreen)
        await pilot.press("v")
        await pilot.pause()
        on_top(app, TextDialog)  # who is checking, before the check
        await pilot.press(*"Sam K", "enter")
        await pilot.pause()
        on_top(app, VerifyDialog)
        assert saved_user_name() == "Sam K"
        await pilot.press("enter")  # "Visited it"
        await pilot.pause()
        assert app.directory is not None
        asset = app.directory.get(on_top(app, AssetScreen).asset_id)
        assert asset.verified_by == "Sam K"
        await pilot.press("e")
        await pilot.pause()
        on_top(app, EditScreen)  # asked once only


async def test_ctrl_f_selects_the_words_so_new_ones_replace_them(app: AssetMapApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press(*"lunch club")
        await settle(app, pilot)
        box = app.screen.query_one("#query", Input)
        for way_back in ([], ["down", "down"]):  # from the box itself, and from the results
            await pilot.press(*way_back, "ctrl+f", *"walk")
            await settle(app, pilot)
            assert box.value == "walk"
            await pilot.press("ctrl+u", *"lunch club")


async def test_letters_typed_in_the_results_start_a_new_search(app: AssetMapApp) -> None:
    """Seen: Down into the results, type "lunch": `l` opened "A new connection list" and the
    resident field got "unch"."""
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press(*"walk")
        await settle(app, pilot)
        await pilot.press("down", "down", *"lunch")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        box = screen.query_one("#query", Input)
        assert box.value == "lunch" and box.has_focus
        assert screen.last_query is not None and "lunch" in screen.last_query.text


async def test_plus_adds_to_a_list_and_the_screen_says_whose(app: AssetMapApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press(*"tilbury lunch club")
        await settle(app, pilot)
        screen = app.screen
        label = screen.query_one("#list-for", Static)
        assert str(label.render()) == ""
        await pilot.press("down", "plus")
        await settle(app, pilot)
        await pilot.press(*"AB 1234", "ctrl+s")
        await settle(app, pilot)
        assert app.screen is screen
        assert "+ adds to: AB 1234" in str(label.render())
        await pilot.press("up")  # from the first row: back to the box, to add a word
        assert screen.query_one("#query", Input).has_focus


async def test_up_from_the_first_row_goes_back_to_the_search_box(app: AssetMapApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press(*"lunch")
        await settle(app, pilot)
        await pilot.press("down", "down", "up", "up", *" club")
        await settle(app, pilot)
        assert app.screen.query_one("#query", Input).value == "lunch club"


def footer_fits(app: AssetMapApp) -> list[str]:
    """The keys the footer shows, checked to be whole on screen and clear of the palette key."""
    keys = list(app.screen.query(FooterKey))
    assert keys, f"no footer on {type(app.screen).__name__}"
    *own, palette = keys
    for key in own:
        assert key.region.width > 0 and key.region.right <= palette.region.x, (
            f"{type(app.screen).__name__}: “{key.description}” is cut at {app.size.width} columns"
        )
    return [key.description for key in own]


async def test_every_footer_fits_80_columns(app: AssetMapApp) -> None:
    """Seen: `^▏^p palette` (Ctrl+L cut) on the search screen, `e D▏` on a list."""
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert {"Search", "Clear", "Add", "Review", "Lists", "Quit", "Help"} <= set(footer_fits(app))
        await pilot.press(*"lunch club", "down")
        await settle(app, pilot)
        assert "List" in footer_fits(app)
        await pilot.press("plus", *"AB 1", "ctrl+s")
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, AssetScreen)
        assert {"Edit", "Verify", "Flag", "Archive", "List", "History"} <= set(footer_fits(app))
        await pilot.press("h")
        await settle(app, pilot)
        assert "Restore" in footer_fits(app)
        await pilot.press("escape", "escape", "ctrl+l")
        await settle(app, pilot)
        assert {"Print", "Outcome", "Note", "Move", "Remove", "Edit"} <= set(footer_fits(app))
        await pilot.press("escape", "ctrl+r")
        await settle(app, pilot)
        footer_fits(app)
        await pilot.press("escape", "ctrl+n")
        await settle(app, pilot)
        assert "Save" in footer_fits(app)


async def test_the_theme_chosen_is_remembered(app: AssetMapApp, sample_directory: Directory) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert app.theme != "textual-light"
        app.theme = "textual-light"
        await pilot.pause()
    again = create_app(directory=sample_directory)
    async with again.run_test(size=(80, 24)) as pilot:
        await settle(again, pilot)
        assert again.theme == "textual-light"


async def test_the_palettes_screenshot_is_saved(
    app: AssetMapApp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Seen: "Failed to save screenshot" (no Downloads folder). It goes to a private folder."""
    monkeypatch.setenv("ASSET_MAP_DATA_DIR", str(tmp_path / "data"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+p", *"screenshot", "enter")
        await pilot.pause(0.5)
        await settle(app, pilot)
    folder = tmp_path / "data" / "screenshots"
    saved = list(folder.glob("*.svg"))
    assert len(saved) == 1 and "<svg" in saved[0].read_text("utf-8")
    assert folder.stat().st_mode & 0o077 == 0


async def test_the_count_says_why_it_is_less_than_the_directory(app: AssetMapApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        status = str(app.screen.query_one("#status", Static).render())
        assert "170 found (8 closed not shown)" in status


HELP_SCREENS = [
    "asset_map.app:AssetMapApp",
    "asset_map.screens.search:SearchScreen",
    "asset_map.screens.asset:AssetScreen",
    "asset_map.screens.history:HistoryScreen",
    "asset_map.screens.lists:ListsScreen",
    "asset_map.screens.connection_list:ConnectionListScreen",
    "asset_map.screens.review:ReviewScreen",
    "asset_map.screens.edit:EditScreen",
]
SAID = {"plus": "+", "shift+up": "Shift+↑", "shift+down": "Shift+↓", "right": "→", "left": "←"}


def said_as(key: str) -> str:
    """How the help writes a key: "Ctrl+F", "Escape", "F1", "e", "+"."""
    if key in SAID:
        return SAID[key]
    if len(key) == 1:
        return key
    return "+".join(part.capitalize() if len(part) > 1 else part.upper() for part in key.split("+"))


@pytest.mark.parametrize("where", HELP_SCREENS)
def test_help_names_every_key(where: str) -> None:
    """Seen: F1 help left out h, Ctrl+L, the list keys and Import/Export."""
    import importlib

    from asset_map.screens.help import HELP

    module, name = where.split(":")
    owner = getattr(importlib.import_module(module), name)
    for binding in owner.BINDINGS:
        for key in binding.key.split(","):
            if key.isdigit():
                continue  # 1–4 are written as a range
            assert said_as(key) in HELP, f"{name}: {key} ({binding.description}) is not in the help"
    for command in ("Import entries", "Export the directory"):
        assert command in HELP
