"""The review queue: what a hub volunteer checks so people keep trusting the directory.

Four tabs (not verified for 12 months, possibly closed, checks lapsing, likely duplicates),
each a table whose row is the thing to act on. Every action rebuilds the queue in a thread
worker and keeps the cursor where it was, so a volunteer can work down a tab key by key.
On the duplicates tab `n` says a pair are two entries (remembered, so the false alarm does
not come back for the next volunteer); `u` takes the last such answer back.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.css.query import NoMatches
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import DataTable, Footer, Header, Label, OptionList, Static, TabbedContent, TabPane
from textual.widgets.option_list import Option
from textual.worker import Worker, WorkerState, get_current_worker

from asset_map.directory.duplicates import DuplicatePair
from asset_map.directory.facade import Directory
from asset_map.directory.review import ReviewQueue
from asset_map.errors import AssetMapError
from asset_map.screens.base import DirectoryScreen
from asset_map.screens.dialogs import ConfirmDialog, VerifyDialog
from asset_map.store.enums import VerifiedHow
from asset_map.widgets.review_table import (
    ASSET_TABS,
    KIND_NAMES,
    TABS,
    ReviewTable,
    Row,
    duplicate_rows,
    flagged_rows,
    lapsing_rows,
    reasons_text,
    unverified_rows,
    when,
)


class MergeDialog(ModalScreen[uuid.UUID | None]):
    """Which of a likely-duplicate pair to keep. Escape keeps both as they are."""

    CSS_PATH = "review.tcss"
    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel", id="merge.cancel")]

    def __init__(self, pair: DuplicatePair) -> None:
        super().__init__()
        self.pair = pair

    def compose(self) -> ComposeResult:
        question = Text.assemble(
            f"These look like the same entry ({reasons_text(self.pair.reasons)}). Which one do you keep?\n",
            (
                "The other is archived and points to it, so the history of both stays; the kept "
                "one gains the needs, access and contact details it lacked.",
                "italic",
            ),
        )
        options = []
        for doc in (self.pair.first, self.pair.second):
            checked = f"verified {when(doc.verified_on)}" if doc.verified_on else "never verified"
            kind = KIND_NAMES.get(doc.kind, doc.kind)
            prompt = Text.assemble("Keep ", (doc.name, "bold"), f"\n  {kind} · {doc.locality}")
            prompt.append(f" · {checked}" + ("" if doc.status == "active" else f" · {doc.status}"))
            options.append(Option(prompt, id=str(doc.id)))
        with Vertical(id="merge-box"):
            yield Label(question, id="merge-question")
            yield OptionList(*options, id="merge-choice")
            yield Label("Enter keeps the highlighted entry · Escape cancels", id="merge-hint")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(uuid.UUID(event.option.id))


ROW_ACTIONS = {
    "open": {tab.id for tab in TABS},
    "verify": ASSET_TABS,
    "edit": ASSET_TABS,
    "archive": ASSET_TABS,
    "clear_flag": {"flagged"},
    "merge": {"duplicates"},
    "not_duplicates": {"duplicates"},
    "open_second": {"duplicates"},
}


class ReviewScreen(DirectoryScreen[None]):
    CSS_PATH = "review.tcss"
    BINDINGS = [
        Binding("escape", "dismiss", "Back", id="review.back"),
        Binding("o", "open", "Open", id="review.open", tooltip="Open the highlighted entry (Enter too)"),
        Binding("O", "open_second", "Open 2nd", id="review.open_second", tooltip="Open the second entry"),
        Binding("v", "verify", "Verify", id="review.verify", tooltip="Say you checked it is still true"),
        Binding("e", "edit", "Edit", id="review.edit", tooltip="Change it, e.g. new DBS or insurance dates"),
        Binding(
            "a", "archive", "Archive", id="review.archive", tooltip="It has closed: archive (restorable)"
        ),
        Binding("c", "clear_flag", "Clear flag", id="review.clear_flag", tooltip="Still running: not closed"),
        Binding(
            "m", "merge", "Merge", id="review.merge", tooltip="Keep one; archive the other, pointing to it"
        ),
        Binding(
            "n",
            "not_duplicates",
            "Not same",
            id="review.not_duplicates",
            tooltip="Two different entries: leave this pair out of the queue (remembered)",
        ),
        Binding(
            "u", "undo_not_duplicates", "Undo", id="review.undo", tooltip="Put the pair back in the queue"
        ),
        Binding("ctrl+r", "refresh", "Refresh", show=False, id="review.refresh"),
        Binding("right", "step_tab(1)", "Tabs", key_display="←→", priority=True, id="review.next_tab"),
        Binding("left", "step_tab(-1)", "Previous tab", show=False, priority=True, id="review.prev_tab"),
        *(
            Binding(str(n), f"show_tab('{tab.id}')", tab.title, show=False, id=f"review.tab.{tab.id}")
            for n, tab in enumerate(TABS, start=1)
        ),
    ]

    class Rebuilt(Message):
        """A freshly built queue."""

        def __init__(self, queue: ReviewQueue) -> None:
            super().__init__()
            self.queue = queue

    def __init__(self, directory: Directory) -> None:
        super().__init__(directory)
        self.pairs: dict[str, DuplicatePair] = {}
        self.said_apart: DuplicatePair | None = None  # the last pair marked "not the same" here

    def compose(self) -> ComposeResult:
        yield Header()
        with TabbedContent(id="review-tabs"):
            for tab in TABS:
                with TabPane(Content(f"{tab.title} (…)"), id=tab.id):
                    yield ReviewTable(tab, id=f"{tab.id}-table")
                    yield Static(Text(tab.empty), id=f"{tab.id}-empty", classes="review-empty")
        yield Static(Text("Building the review queue…"), id="review-detail")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.sub_title = "Review queue"
        for empty in self.query(".review-empty"):
            empty.display = False
        self.rebuild()

    # ------------------------------------------------------------ building
    @work(thread=True, exclusive=True, group="review", exit_on_error=False)
    def rebuild(self) -> None:
        """Build the queue off the main thread: on a large directory pairing takes a moment."""
        queue = self.directory.review_queue()
        if not get_current_worker().is_cancelled:
            self.post_message(self.Rebuilt(queue))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group == "review" and event.state == WorkerState.ERROR:
            self.say(f"Could not build the review queue: {event.worker.error}", error=True)

    def on_review_screen_rebuilt(self, message: Rebuilt) -> None:
        queue, today = message.queue, self.directory.today()
        self.pairs = {pair.key: pair for pair in queue.duplicates}
        tabbed = self.query_one(TabbedContent)
        for tab, rows in zip(
            TABS,
            (
                unverified_rows(queue.unverified),
                flagged_rows(queue.flagged),
                lapsing_rows(queue.lapsing, today),
                duplicate_rows(queue.duplicates),
            ),
            strict=True,
        ):
            table = self.query_one(f"#{tab.id}-table", ReviewTable)
            table.show(rows)
            table.display = bool(rows)
            self.query_one(f"#{tab.id}-empty").display = not rows
            tabbed.get_tab(tab.id).label = Content(f"{tab.title} ({len(rows)})")
        self._focus_active()

    # ------------------------------------------------------------ following the cursor
    def _table(self) -> ReviewTable | None:
        try:
            active = self.query_one(TabbedContent).active
            return self.query_one(f"#{active}-table", ReviewTable) if active else None
        except NoMatches:  # not composed yet: bindings are checked early
            return None

    def _row(self) -> Row | None:
        table = self._table()
        return table.current if table is not None and table.display else None

    def _focus_active(self) -> None:
        table = self._table()
        if table is not None and table.display:
            table.focus()
        else:
            self.query_one(TabbedContent).query_one("Tabs").focus()
        self._show_detail()

    def _show_detail(self) -> None:
        row, table = self._row(), self._table()
        hint = Text(table.tab.hint, style="italic") if row and table else Text("")
        self.query_one("#review-detail", Static).update(
            Text("\n").join([row.detail if row else Text(""), hint])
        )
        self.refresh_bindings()

    @on(TabbedContent.TabActivated)
    def _tab_changed(self) -> None:
        self._focus_active()

    @on(DataTable.RowHighlighted)
    def _row_highlighted(self) -> None:
        self._show_detail()

    @on(DataTable.RowSelected)
    def _row_selected(self) -> None:
        self.action_open()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Row actions show only on the tabs they belong to, greyed out when the tab is empty."""
        if action == "undo_not_duplicates":
            table = self._table()
            return self.said_apart is not None and table is not None and table.tab.id == "duplicates"
        if action not in ROW_ACTIONS:
            return True
        table = self._table()
        if table is None or table.tab.id not in ROW_ACTIONS[action]:
            return False
        return True if self._row() is not None else None

    # ------------------------------------------------------------ actions
    def action_refresh(self) -> None:
        self.rebuild()

    def action_show_tab(self, tab_id: str) -> None:
        self.query_one(TabbedContent).active = tab_id

    def action_step_tab(self, step: int) -> None:
        ids = [tab.id for tab in TABS]
        tabbed = self.query_one(TabbedContent)
        tabbed.active = ids[(ids.index(tabbed.active) + step) % len(ids)]

    def _asset_id(self, second: bool = False) -> uuid.UUID | None:
        row = self._row()
        if row is None:
            return None
        pair = self.pairs.get(row.key)
        if pair is not None:
            return (pair.second if second else pair.first).id
        return uuid.UUID(row.key)

    def action_open(self) -> None:
        self._open(self._asset_id())

    def action_open_second(self) -> None:
        self._open(self._asset_id(second=True))

    def _open(self, asset_id: uuid.UUID | None) -> None:
        if asset_id is not None:
            from asset_map.screens.asset import AssetScreen

            self.app.push_screen(AssetScreen(self.directory, asset_id), self._rebuild_after)

    def action_edit(self) -> None:
        asset_id = self._asset_id()
        if asset_id is not None:
            from asset_map.screens.edit import EditScreen

            self.app.push_screen(EditScreen(self.directory, asset_id), self._rebuild_after)

    def action_verify(self) -> None:
        row, asset_id = self._row(), self._asset_id()
        if row is None or asset_id is None:
            return
        flagged = self._table() is self.query_one("#flagged-table")

        def verify(how: VerifiedHow) -> None:
            self.directory.verify(asset_id, user=self.user, how=how)
            if flagged:  # checked and still running: it is not possibly closed any more
                self.directory.clear_flag(asset_id, user=self.user)

        def done(how: VerifiedHow | None) -> None:
            if how is not None:
                cleared = " and its flag cleared" if flagged else ""
                self._apply(lambda: verify(how), f"“{row.name}” marked as verified today{cleared}.")

        self.app.push_screen(VerifyDialog(row.name), done)

    def action_archive(self) -> None:
        row, asset_id = self._row(), self._asset_id()
        if row is None or asset_id is None:
            return

        def done(yes: bool | None) -> None:
            if yes:
                self._apply(
                    lambda: self.directory.archive(asset_id, user=self.user),
                    f"“{row.name}” archived. Restore it from its page if that was a mistake.",
                )

        question = f"Archive “{row.name}”? It leaves search and the queue, but can be restored."
        self.app.push_screen(ConfirmDialog(question, yes="Archive", no="Keep"), done)

    def action_clear_flag(self) -> None:
        row, asset_id = self._row(), self._asset_id()
        if row is not None and asset_id is not None:
            self._apply(
                lambda: self.directory.clear_flag(asset_id, user=self.user),
                f"“{row.name}” is no longer flagged as possibly closed.",
            )

    def action_merge(self) -> None:
        row = self._row()
        pair = self.pairs.get(row.key) if row else None
        if pair is None:
            return

        def done(keep: uuid.UUID | None) -> None:
            if keep is None:
                return
            kept, other = (pair.first, pair.second) if keep == pair.first.id else (pair.second, pair.first)
            self._apply(
                lambda: self.directory.merge(kept.id, other.id, user=self.user),
                f"Kept “{kept.name}”; “{other.name}” is archived and points to it.",
            )

        self.app.push_screen(MergeDialog(pair), done)

    def action_not_duplicates(self) -> None:
        """Two different entries after all: out of the queue, and both histories say so."""
        row = self._row()
        pair = self.pairs.get(row.key) if row else None
        if pair is None:
            return
        a, b = pair.first, pair.second

        def mark() -> None:
            self.directory.mark_not_duplicates(a.id, b.id, user=self.user)
            self.said_apart = pair

        self._apply(mark, f"“{a.name}” and “{b.name}” marked as not the same; u puts them back.")

    def action_undo_not_duplicates(self) -> None:
        pair = self.said_apart
        if pair is None:
            return
        a, b = pair.first, pair.second

        def undo() -> None:
            self.directory.mark_not_duplicates(a.id, b.id, user=self.user, undo=True)
            self.said_apart = None

        self._apply(undo, f"“{a.name}” and “{b.name}” are back in the queue.")

    def _rebuild_after(self, _result: object) -> None:
        """Back from an entry's page or form: whatever was done there may change the queue."""
        self.rebuild()

    def _apply(self, change: Callable[[], object], message: str) -> None:
        try:
            change()
        except AssetMapError as exc:
            self.say(str(exc), error=True)
            return
        self.say(message)
        self.rebuild()
