"""The review queue screen: open it, verify, clear a flag, archive, merge and say "not the same"
from the keyboard."""

from __future__ import annotations

import uuid

from textual.pilot import Pilot
from textual.widgets import OptionList, Static, TabbedContent

from asset_map.app import AssetMapApp
from asset_map.directory.facade import Directory
from asset_map.screens.asset import AssetScreen
from asset_map.screens.dialogs import ConfirmDialog, VerifyDialog
from asset_map.screens.review import MergeDialog, ReviewScreen
from asset_map.store.decisions import history_action
from asset_map.store.enums import Kind, VerifiedHow
from asset_map.store.models import AssetIn
from asset_map.widgets.review_table import ReviewTable
from tests.tui.conftest import asset_id_named, on_top


async def _open_review(app: AssetMapApp, pilot: Pilot) -> ReviewScreen:
    await pilot.pause()
    await pilot.press("ctrl+r")
    await _settle(pilot)
    assert isinstance(app.screen, ReviewScreen)
    return app.screen


async def _settle(pilot: Pilot) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def _table(screen: ReviewScreen, tab: str) -> ReviewTable:
    return screen.query_one(f"#{tab}-table", ReviewTable)


def _keys(screen: ReviewScreen, tab: str) -> list[str]:
    return [row.key for row in _table(screen, tab).rows_shown]


def _title(screen: ReviewScreen, tab: str) -> str:
    return screen.query_one(TabbedContent).get_tab(tab).label.plain


async def test_ctrl_r_opens_four_tabs_titled_with_their_counts(
    app: AssetMapApp, sample_directory: Directory
) -> None:
    queue = sample_directory.review_queue()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_review(app, pilot)
        assert _title(screen, "unverified") == f"Not verified ({len(queue.unverified)})"
        assert _title(screen, "flagged") == "Possibly closed (0)"
        lapsing = len({i.asset_id for i in queue.lapsing})
        assert _title(screen, "lapsing") == f"Checks lapsing ({lapsing})"
        assert _title(screen, "duplicates") == f"Duplicates ({len(queue.duplicates)})"
        assert _keys(screen, "unverified") == [str(i.asset_id) for i in queue.unverified]
        assert screen.focused is _table(screen, "unverified")
        await pilot.press("ctrl+r")  # on the queue: rebuilds it, does not open a second one
        await _settle(pilot)
        assert app.screen is screen and len(app.screen_stack) == 3
        # the empty tab says so in words
        await pilot.press("2")
        await pilot.pause()
        empty = screen.query_one("#flagged-empty", Static)
        assert empty.display and "Nothing flagged" in str(empty.render())
        assert not screen.check_action("merge", ())
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ReviewScreen)


async def test_verify_from_the_queue(app: AssetMapApp, sample_directory: Directory) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_review(app, pilot)
        table = _table(screen, "unverified")
        before = _keys(screen, "unverified")
        await pilot.press("down", "down")
        chosen, following = before[2], before[3]
        await pilot.press("v")
        await pilot.pause()
        on_top(app, VerifyDialog).query_one(OptionList).highlighted = 1  # "Phoned them"
        await pilot.press("enter")
        await _settle(pilot)
        assert app.screen is screen
        assert chosen not in _keys(screen, "unverified")
        assert len(_keys(screen, "unverified")) == len(before) - 1
        assert _title(screen, "unverified") == f"Not verified ({len(before) - 1})"
        assert table.current_key == following  # the cursor stays where it was
    asset = sample_directory.get(uuid.UUID(chosen))
    assert asset.verified_on == sample_directory.today()  # the directory's (fixed) clock
    assert asset.verified_by == "Test Volunteer"
    assert asset.verified_how == VerifiedHow.PHONED


async def test_clear_a_possibly_closed_flag(app: AssetMapApp, sample_directory: Directory) -> None:
    asset_id = asset_id_named(sample_directory, "Tilbury Lunch Club")
    sample_directory.flag(uuid.UUID(asset_id), reason="Phone not answered for a month", user="Sam K")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_review(app, pilot)
        await pilot.press("right")  # the next tab: Possibly closed
        await pilot.pause()
        assert screen.query_one(TabbedContent).active == "flagged"
        assert _title(screen, "flagged") == "Possibly closed (1)"
        assert _keys(screen, "flagged") == [asset_id]
        detail = str(screen.query_one("#review-detail", Static).render())
        assert "Phone not answered for a month" in detail and "Sam K" in detail
        assert screen.check_action("clear_flag", ()) is True
        await pilot.press("c")
        await _settle(pilot)
        assert _keys(screen, "flagged") == []
        assert screen.query_one("#flagged-empty", Static).display
    assert sample_directory.get(uuid.UUID(asset_id)).flagged_at is None


async def test_archive_from_the_queue(app: AssetMapApp, sample_directory: Directory) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_review(app, pilot)
        await pilot.press("3")
        await pilot.pause()
        chosen = _table(screen, "lapsing").current_key
        assert chosen is not None
        await pilot.press("a")
        await pilot.pause()
        on_top(app, ConfirmDialog)
        await pilot.click("#yes")
        await _settle(pilot)
        assert app.screen is screen
        assert chosen not in _keys(screen, "lapsing")
        assert chosen not in _keys(screen, "unverified")
    assert sample_directory.get(uuid.UUID(chosen)).archived_at is not None


def _enter_again(directory: Directory) -> None:
    """The sample holds no entry twice: a volunteer enters Tilbury Lunch Club again (with a need more)."""
    again = AssetIn(
        kind=Kind.GROUP, name="Tilbury Luncheon Club", locality="Tilbury", needs=["food", "getting-out"]
    )
    directory.add(again, user="Another Volunteer")


async def test_merge_a_duplicate_pair_keeping_the_first(
    app: AssetMapApp, sample_directory: Directory
) -> None:
    _enter_again(sample_directory)
    pairs = sample_directory.review_queue().duplicates
    needs = {d.id: set(sample_directory.get(d.id).need_ids) for p in pairs for d in (p.first, p.second)}
    pair = next(p for p in pairs if needs[p.second.id] - needs[p.first.id])
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_review(app, pilot)
        await pilot.press("4")
        await pilot.pause()
        table = _table(screen, "duplicates")
        table.move_cursor(row=_keys(screen, "duplicates").index(pair.key))
        await pilot.pause()
        await pilot.press("m")
        await pilot.pause()
        on_top(app, MergeDialog)
        await pilot.press("escape")  # changed my mind: nothing happens
        await pilot.pause()
        assert sample_directory.get(pair.second.id).archived_at is None
        await pilot.press("m")
        await pilot.pause()
        await pilot.press("enter")  # the first entry is highlighted: keep it
        await _settle(pilot)
        assert app.screen is screen
        assert pair.key not in _keys(screen, "duplicates")
    kept, other = sample_directory.get(pair.first.id), sample_directory.get(pair.second.id)
    assert other.archived_at is not None
    assert other.merged_into == kept.id
    assert kept.archived_at is None
    assert needs[pair.second.id] <= set(kept.need_ids)


async def test_not_the_same_leaves_the_queue_and_says_so_in_both_histories(
    app: AssetMapApp, sample_directory: Directory
) -> None:
    _enter_again(sample_directory)
    (pair,) = sample_directory.review_queue().duplicates
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_review(app, pilot)
        assert not screen.check_action("not_duplicates", ())  # not on the first tab
        await pilot.press("4")
        await pilot.pause()
        assert _keys(screen, "duplicates") == [pair.key]
        assert screen.check_action("not_duplicates", ()) is True
        assert not screen.check_action("undo_not_duplicates", ())
        assert "Not same" in app.export_screenshot().replace("&#160;", " ")  # in the footer
        await pilot.press("n")
        await _settle(pilot)
        assert app.screen is screen
        assert _keys(screen, "duplicates") == []
        assert _title(screen, "duplicates") == "Duplicates (0)"
        assert screen.query_one("#duplicates-empty", Static).display
        assert screen.check_action("undo_not_duplicates", ()) is True
        await pilot.press("u")  # a slip of the finger: back in the queue
        await _settle(pilot)
        assert _keys(screen, "duplicates") == [pair.key]
        await pilot.press("n")
        await _settle(pilot)
        assert _keys(screen, "duplicates") == []
    assert sample_directory.review_queue().duplicates == []
    for one, other in ((pair.first, pair.second), (pair.second, pair.first)):
        latest = sample_directory.history(one.id)[0]
        assert (latest.action, latest.by) == (history_action(other.name), "Test Volunteer")


async def test_enter_opens_the_entry(app: AssetMapApp, sample_directory: Directory) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_review(app, pilot)
        first = _keys(screen, "unverified")[0]
        await pilot.press("enter")
        await pilot.pause()
        assert str(on_top(app, AssetScreen).asset_id) == first
        await pilot.press("escape")
        await _settle(pilot)
        assert app.screen is screen


async def test_names_are_shown_literally(app: AssetMapApp, sample_directory: Directory) -> None:
    sample_directory.add(AssetIn(kind=Kind.GROUP, name="[bold red]Tea[/] club", locality="Grays"), user="t")
    async with app.run_test(size=(100, 30)) as pilot:
        await _open_review(app, pilot)
        text = app.export_screenshot().replace("&#160;", " ")
    assert "[bold red]Tea[/] club" in text
