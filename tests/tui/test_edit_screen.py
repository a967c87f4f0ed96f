"""Adding and editing: inline errors, Save held back until valid, duplicates, guards, conflicts."""

from __future__ import annotations

import uuid

from textual.pilot import Pilot
from textual.widgets import Button, Input, Label, OptionList, Select

from asset_map.app import AssetMapApp
from asset_map.directory.facade import Directory
from asset_map.screens.asset import AssetScreen
from asset_map.screens.dialogs import ChoiceDialog, ConfirmDialog
from asset_map.screens.edit import EditScreen
from asset_map.screens.edit_fields import ConflictDialog, FormField
from asset_map.screens.search import SearchScreen
from asset_map.store import repo
from asset_map.widgets.results import ResultsTable
from tests.tui.conftest import asset_id_named, on_top


async def settle(app: AssetMapApp, pilot: Pilot[None]) -> None:
    await app.workers.wait_for_complete()
    await pilot.pause()


async def open_add_form(app: AssetMapApp, pilot: Pilot[None]) -> EditScreen:
    await pilot.pause()
    await pilot.press("ctrl+n")
    await pilot.pause()
    assert isinstance(app.screen, EditScreen)
    return app.screen


async def type_into(
    pilot: Pilot[None], screen: EditScreen, field: str, text: str, *, keys: bool = False
) -> None:
    """Go to a field and replace what it says: key by key, or at once (the same Changed event)."""
    widget = screen.query_one(f"#edit-{field}", Input)
    widget.focus()
    await pilot.pause()
    widget.value = ""
    if keys:
        await pilot.press(*text)
    else:
        widget.value = text
    await pilot.pause()


def error_under(screen: EditScreen, field: str) -> str:
    form_field = screen.query_one(f"#field-{field}", FormField)
    return (
        str(form_field.query_one(".field-error", Label).render()) if form_field.has_class("-invalid") else ""
    )


async def test_add_with_errors_then_fix_and_save(app: AssetMapApp, sample_directory: Directory) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_add_form(app, pilot)
        save = screen.query_one("#edit-save", Button)
        assert save.disabled
        await type_into(pilot, screen, "name", "Orsett Wood Carvers")
        await type_into(pilot, screen, "locality", "Orsett")
        await type_into(pilot, screen, "postcode", "XX1", keys=True)
        await type_into(pilot, screen, "phone", "123")
        await type_into(pilot, screen, "schedule", "Thu 14:00-12:00")
        await settle(app, pilot)

        assert "not a UK postcode" in error_under(screen, "postcode")
        assert "not a whole UK phone number" in error_under(screen, "phone")
        assert "start must be earlier" in error_under(screen, "schedule")
        assert error_under(screen, "postcode").startswith("⚠")  # said in words, not colour alone
        assert save.disabled
        status = str(screen.query_one("#edit-save-status").render())
        assert "Times" in status and "Postcode" in status and "Phone" in status
        await pilot.press("ctrl+s")  # disabled: nothing happens
        await pilot.pause()
        assert app.screen is screen

        await type_into(pilot, screen, "postcode", "RM16 3AB")
        await type_into(pilot, screen, "phone", "01375 000999")
        await type_into(pilot, screen, "schedule", "Thu 10:00-12:00")
        await settle(app, pilot)
        assert not save.disabled
        assert error_under(screen, "postcode") == ""
        await pilot.press("ctrl+s")
        await pilot.pause()

        assert screen.saved_id is not None
        opened = on_top(app, AssetScreen)  # the new entry opens, to see what was made
        assert opened.asset_id == screen.saved_id
        await pilot.press("escape")
        await pilot.pause()
        on_top(app, SearchScreen)
        saved = sample_directory.get(screen.saved_id)
        assert saved.name == "Orsett Wood Carvers"
        assert saved.postcode == "RM16 3AB"
        assert [(s.day, s.start, s.end) for s in saved.schedule] == [("thu", "10:00", "12:00")]
        assert saved.created_by == "Test Volunteer"

        app.screen.query_one("#query", Input).focus()
        await pilot.press(*"orsett wood carvers")
        await settle(app, pilot)
        table = app.screen.query_one(ResultsTable)
        assert table.get_row_at(0)[0].plain == "Orsett Wood Carvers"


async def test_duplicate_warning_opens_the_existing_entry(
    app: AssetMapApp, sample_directory: Directory
) -> None:
    existing = uuid.UUID(asset_id_named(sample_directory, "Tilbury Lunch Club"))
    count = len(sample_directory.all_assets())
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_add_form(app, pilot)
        await type_into(pilot, screen, "locality", "Tilbury")
        await type_into(pilot, screen, "name", "Tilbury Lunch Clu", keys=True)
        await settle(app, pilot)

        panel = screen.query_one("#edit-duplicates")
        assert panel.display
        options = screen.query_one("#edit-duplicates OptionList", OptionList)
        first = options.get_option_at_index(0)
        assert first.id == str(existing)
        assert "Tilbury Lunch Club" in str(first.prompt)
        assert "also in Tilbury" in str(first.prompt)

        await pilot.press("ctrl+o")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, AssetScreen)
        assert app.screen.asset_id == existing
        assert len(sample_directory.all_assets()) == count  # nothing was added


async def test_edit_summary_records_who_and_keeps_last_verified(
    app: AssetMapApp, sample_directory: Directory
) -> None:
    asset_id = uuid.UUID(asset_id_named(sample_directory, "Tilbury Lunch Club"))
    before = sample_directory.get(asset_id)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.push_screen(AssetScreen(sample_directory, asset_id))
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, EditScreen)
        assert screen.query_one("#edit-name", Input).value == "Tilbury Lunch Club"
        assert screen.query_one("#edit-schedule", Input).value == "Wed 12:00-14:00"
        assert str(screen.query_one("#edit-save-status").render()) == "No changes yet."
        assert not screen.query("#edit-verified_on")  # verifying is its own action
        assert "Last verified" in str(screen.query_one("#edit-verified-note").render())
        await type_into(pilot, screen, "summary", "Hot lunch and company on Wednesdays.")
        await pilot.press("ctrl+s")
        await pilot.pause()

        assert isinstance(app.screen, AssetScreen)
        after = sample_directory.get(asset_id)
        assert after.summary == "Hot lunch and company on Wednesdays."
        assert after.updated_by == "Test Volunteer"
        assert after.version == before.version + 1
        assert (after.verified_on, after.verified_by) == (before.verified_on, before.verified_by)
        unchanged = repo.asset_to_in(before).model_dump(exclude={"summary", "updated_at", "updated_by"})
        assert (
            repo.asset_to_in(after).model_dump(exclude={"summary", "updated_at", "updated_by"}) == unchanged
        )


async def test_leaving_with_changes_asks_first(app: AssetMapApp, sample_directory: Directory) -> None:
    count = len(sample_directory.all_assets())
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_add_form(app, pilot)
        await type_into(pilot, screen, "name", "Half-typed group", keys=True)
        await pilot.press("escape")
        await pilot.pause()
        on_top(app, ConfirmDialog)
        await pilot.press("enter")  # "Keep editing" has the focus
        await pilot.pause()
        assert app.screen is screen
        assert screen.query_one("#edit-name", Input).value == "Half-typed group"

        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        on_top(app, SearchScreen)
        assert len(sample_directory.all_assets()) == count


async def test_leaving_without_changes_just_leaves(app: AssetMapApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await open_add_form(app, pilot)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen)


async def test_version_conflict_offers_reload_or_overwrite(
    app: AssetMapApp, sample_directory: Directory
) -> None:
    asset_id = uuid.UUID(asset_id_named(sample_directory, "Tilbury Lunch Club"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.push_screen(EditScreen(sample_directory, asset_id))
        await pilot.pause()
        screen = on_top(app, EditScreen)
        await type_into(pilot, screen, "summary", "Mine")

        theirs = repo.asset_to_in(sample_directory.get(asset_id)).model_copy(update={"summary": "Theirs"})
        sample_directory.update(asset_id, theirs, user="Someone Else")

        await pilot.press("ctrl+s")
        await pilot.pause()
        on_top(app, ConflictDialog)
        assert sample_directory.get(asset_id).summary == "Theirs"

        await pilot.press("down", "down", "enter")  # reload their version
        await pilot.pause()
        assert app.screen is screen
        assert screen.query_one("#edit-summary", Input).value == "Theirs"

        await type_into(pilot, screen, "summary", "Mine again")
        sample_directory.update(asset_id, theirs, user="Someone Else")
        await pilot.press("ctrl+s")
        await pilot.pause()
        on_top(app, ConflictDialog)
        await pilot.press("down", "down", "down", "enter")  # save mine over theirs, knowingly
        await pilot.pause()
        assert sample_directory.get(asset_id).summary == "Mine again"
        assert sample_directory.get(asset_id).updated_by == "Test Volunteer"


async def test_a_conflict_merged_keeps_their_changes_and_mine(
    app: AssetMapApp, sample_directory: Directory
) -> None:
    """Someone changed the phone while I changed the summary: merging keeps both; the dialog
    says who changed what."""
    asset_id = uuid.UUID(asset_id_named(sample_directory, "Tilbury Lunch Club"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.push_screen(EditScreen(sample_directory, asset_id))
        await pilot.pause()
        screen = on_top(app, EditScreen)
        await type_into(pilot, screen, "summary", "Mine")
        theirs = repo.asset_to_in(sample_directory.get(asset_id)).model_copy(update={"phone": "01375 555555"})
        sample_directory.update(asset_id, theirs, user="Someone Else")
        await pilot.press("ctrl+s")
        await pilot.pause()
        dialog = on_top(app, ConflictDialog)
        assert "they changed: Phone" in str(dialog.query_one(Label).render())
        await pilot.press("down", "enter")  # merge
        await pilot.pause()
        assert app.screen is screen
        assert screen.query_one("#edit-summary", Input).value == "Mine"
        assert screen.query_one("#edit-phone", Input).value == "01375 555555"
        await pilot.press("ctrl+s")
        await pilot.pause()
        saved = sample_directory.get(asset_id)
        assert (saved.summary, saved.phone) == ("Mine", "01375 555555")


async def test_a_field_we_both_changed_is_the_persons_choice(
    app: AssetMapApp, sample_directory: Directory
) -> None:
    asset_id = uuid.UUID(asset_id_named(sample_directory, "Tilbury Lunch Club"))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.push_screen(EditScreen(sample_directory, asset_id))
        await pilot.pause()
        screen = on_top(app, EditScreen)
        await type_into(pilot, screen, "summary", "Mine")
        await type_into(pilot, screen, "phone", "01375 111111")
        theirs = repo.asset_to_in(sample_directory.get(asset_id)).model_copy(
            update={"summary": "Theirs", "cost_note": "£2 with tea"}
        )
        sample_directory.update(asset_id, theirs, user="Someone Else")
        await pilot.press("ctrl+s")
        await pilot.pause()
        on_top(app, ConflictDialog)
        await pilot.press("down", "enter")  # merge
        await pilot.pause()
        choice = on_top(app, ChoiceDialog)
        assert "Summary: theirs “Theirs”, not yours “Mine”" in " ".join(
            str(o.prompt) for o in choice.query_one(OptionList).options
        )
        await pilot.press("space", "ctrl+s")  # their summary stands
        await pilot.pause()
        assert app.screen is screen
        await pilot.press("ctrl+s")
        await pilot.pause()
        saved = sample_directory.get(asset_id)
        assert (saved.summary, saved.phone, saved.cost_note) == ("Theirs", "01375 111111", "£2 with tea")


async def test_kind_details_follow_the_kind(app: AssetMapApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_add_form(app, pilot)
        assert screen.query_one("#edit-details-group").display
        assert not screen.query_one("#edit-details-micro_enterprise").display
        screen.query_one("#edit-kind", Select).value = "micro_enterprise"
        await pilot.pause()
        assert screen.query_one("#edit-details-micro_enterprise").display
        assert not screen.query_one("#edit-details-group").display
        assert "Micro-enterprise details" in str(screen.query_one("#edit-details-heading", Label).render())


async def test_a_new_postcode_drops_the_old_map_point(app: AssetMapApp, sample_directory: Directory) -> None:
    asset_id = uuid.UUID(asset_id_named(sample_directory, "Tilbury Lunch Club"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.push_screen(EditScreen(sample_directory, asset_id))
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, EditScreen)
        latitude = screen.query_one("#edit-latitude", Input)
        assert latitude.value == "51.45715"
        await type_into(pilot, screen, "postcode", "RM17 6SL")
        assert latitude.value == screen.query_one("#edit-longitude", Input).value == ""
        await type_into(pilot, screen, "postcode", "rm18 7re")  # back as it was: the point returns
        assert latitude.value == "51.45715"


async def test_quitting_with_unsaved_changes_asks_first(app: AssetMapApp) -> None:
    from asset_map.screens.dialogs import ConfirmDialog

    async with app.run_test(size=(80, 24)) as pilot:
        await open_add_form(app, pilot)
        await pilot.press(*"Half-typed")
        await pilot.pause()
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.click("#no")
        await pilot.pause()
        assert app.is_running


async def test_search_open_edit_save_the_whole_way(app: AssetMapApp, sample_directory: Directory) -> None:
    """The volunteer's path, every step through keys: search, open, edit, save, see it."""
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press(*"plates with mates")
        await settle(app, pilot)
        await pilot.press("down", "enter")
        await pilot.pause()
        entry = on_top(app, AssetScreen)
        assert entry.asset is not None and entry.asset.name == "Plates with Mates"
        version = entry.asset.version
        await pilot.press("e")
        await settle(app, pilot)
        summary = on_top(app, EditScreen).query_one("#edit-summary", Input)
        summary.value = "Lunch and company twice a week in Chadwell"
        await settle(app, pilot)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, AssetScreen)
        assert app.screen.asset is not None
        assert app.screen.asset.summary == "Lunch and company twice a week in Chadwell"
        assert app.screen.asset.version == version + 1
        assert app.screen.asset.updated_by == "Test Volunteer"
