"""The review queue: what a hub volunteer checks so people keep trusting the directory.

Four tabs (not verified for 12 months, possibly closed, checks lapsing, likely duplicates),
each a table whose row is the thing to act on. Every action rebuilds the queue in a thread
worker and keeps the cursor where it was, so a volunteer can work down a tab key by key.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

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

from asset_map.directory import Directory, DirectoryError
from asset_map.duplicates import DuplicatePair
from asset_map.review import ReviewItem, ReviewQueue
from asset_map.screens.base import DirectoryScreen
from asset_map.screens.dialogs import ConfirmDialog, VerifyDialog
from asset_map.store.models import KIND_LABELS, VerifiedHow
from asset_map.widgets.results import KIND_SHORT

# (key, title, width): an int is a fixed width, a float a share of what the fixed ones leave.
Column = tuple[str, str, int | float]


@dataclass(frozen=True)
class Tab:
    """One list of the queue: what its table shows, and what to say when it is empty."""

    id: str
    title: str
    columns: tuple[Column, ...]
    empty: str
    hint: str  # what to do about a row, in words, under the table
    row_height: int | None = 1  # None: as tall as the row's content


TABS = (
    Tab(
        "unverified",
        "Not verified",
        (
            ("name", "Name", 1.0),
            ("kind", "Kind", 9),
            ("locality", "Locality", 18),
            ("due", "Last verified", 13),
        ),
        "Nothing to verify — every entry was checked in the last 12 months.",
        "Still as described? v verifies it · e corrects it · closed? a archives it",
    ),
    Tab(
        "flagged",
        "Possibly closed",
        (("name", "Name", 1.0), ("due", "Why (who flagged it)", 1.4)),
        "Nothing flagged — no one has reported an entry as possibly closed.",
        "Still running? c clears the flag (v verifies it too) · closed? a archives it",
        row_height=None,
    ),
    Tab(
        "lapsing",
        "Checks lapsing",
        (("name", "Micro-enterprise", 1.0), ("due", "What is due", 1.4)),
        "No checks lapsing — every DBS check, insurance and safeguarding training is in date "
        "for at least 30 days.",
        "Renewed? e enters the new date · stopped trading? a archives it",
        row_height=None,
    ),
    Tab(
        "duplicates",
        "Duplicates",
        (("first", "First entry", 1.0), ("second", "Second entry", 1.0), ("due", "Why alike", 0.8)),
        "No likely duplicates — no two entries share a name, a place or a telling contact detail.",
        "Same thing twice? m merges, keeping the one you choose · o / O open each",
        row_height=None,
    ),
)
ASSET_TABS = {"unverified", "flagged", "lapsing"}
KIND_NAMES = {str(kind): label for kind, label in KIND_LABELS.items()}
SHORT_CHECKS = {
    "DBS check": "DBS",
    "public liability insurance": "insurance",
    "safeguarding training": "safeguarding",
}


@dataclass(frozen=True)
class Row:
    """One thing to act on, already worded: the screen never formats queue items itself."""

    key: str  # the asset id, or the pair's key on the Duplicates tab
    name: str
    cells: dict[str, Text]
    detail: Text  # the whole story, under the table, for what the columns cut short


def when(day: date) -> str:
    """ "26 Jan 2025": unambiguous to UK readers, unlike 01/02/2025."""
    return f"{day.day} {day:%b %Y}"


def _entry(name: str, locality: str) -> Text:
    """A name over its locality: two lines, so neither is cut short at 80 columns."""
    return Text.assemble(name, "\n", (f"in {locality}", "italic"))


def unverified_rows(items: list[ReviewItem]) -> list[Row]:
    rows = []
    for i in items:
        last = Text(when(i.due)) if i.due else Text("never ⚠")
        why = f"last verified {when(i.due)}" if i.due else "never verified"
        kind = Text(KIND_SHORT.get(i.kind, i.kind))
        cells = {"name": Text(i.name), "kind": kind, "locality": Text(i.locality), "due": last}
        detail = Text.assemble(
            (i.name, "bold"), f" · {KIND_NAMES.get(i.kind, i.kind)} in {i.locality} · {why}"
        )
        rows.append(Row(str(i.asset_id), i.name, cells, detail))
    return rows


def flagged_rows(items: list[ReviewItem]) -> list[Row]:
    rows = []
    for i in items:
        why = i.reason.removeprefix("possibly closed: ")
        cells = {"name": _entry(i.name, i.locality), "due": Text(why)}
        detail = Text.assemble((i.name, "bold"), f" · {i.locality} · possibly closed: {why}")
        rows.append(Row(str(i.asset_id), i.name, cells, detail))
    return rows


def _check(item: ReviewItem, today: date, short: bool) -> Text:
    """ "DBS check lapsed 2025-01-26" → "⚠ DBS lapsed 26 Jan 2025" (a mark and a word, not a colour)."""
    what, verb, _ = [*item.reason.rsplit(" ", 2), "", ""][:3]
    if item.due is None or verb not in {"lapsed", "lapses"}:
        return Text(item.reason)
    what = SHORT_CHECKS.get(what, what) if short else what
    if item.due < today:
        return Text(f"⚠ {what} lapsed {when(item.due)}", style="bold")
    days = (item.due - today).days
    soon = "today" if days == 0 else "tomorrow" if days == 1 else f"in {days} days"
    return Text(f"{what} lapses {soon}, {when(item.due)}")


def lapsing_rows(items: list[ReviewItem], today: date) -> list[Row]:
    """One row per micro-enterprise with all its due checks, the soonest-due first."""
    grouped: dict[uuid.UUID, list[ReviewItem]] = {}
    for item in sorted(items, key=lambda i: (i.due or date.min, i.name)):
        grouped.setdefault(item.asset_id, []).append(item)
    rows = []
    for asset_id, group in grouped.items():
        due = Text("\n").join(_check(i, today, short=True) for i in group)
        full = Text("; ").join(_check(i, today, short=False) for i in group)
        first = group[0]
        cells = {"name": _entry(first.name, first.locality), "due": due}
        detail = Text.assemble((first.name, "bold"), f" · {first.locality} · ", full)
        rows.append(Row(str(asset_id), first.name, cells, detail))
    return rows


def _reasons(reasons: tuple[str, ...]) -> str:
    """("same phone", "same email") → "same phone, email"."""
    same = [r.removeprefix("same ") for r in reasons if r.startswith("same ")]
    other = [r for r in reasons if not r.startswith("same ")]
    return "; ".join([*other, *(["same " + ", ".join(same)] if same else [])])


def duplicate_rows(pairs: list[DuplicatePair]) -> list[Row]:
    rows = []
    for p in pairs:
        a, b, why = p.first, p.second, _reasons(p.reasons)

        cells = {"first": _entry(a.name, a.locality), "second": _entry(b.name, b.locality), "due": Text(why)}
        detail = Text.assemble(
            (a.name, "bold"), f" ({a.locality}) and ", (b.name, "bold"), f" ({b.locality}): {why}"
        )
        rows.append(Row(p.key, a.name, cells, detail))
    return rows


class ReviewTable(DataTable[Text]):
    """One tab's rows; the columns are laid out to the width, so nothing needs side-scrolling."""

    def __init__(self, tab: Tab, **kwargs: object) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)  # type: ignore[arg-type]
        self.tab = tab
        self.rows_shown: list[Row] = []
        self._laid_out_for = -1

    def on_resize(self) -> None:
        if self.size.width != self._laid_out_for:
            self.show(self.rows_shown)

    def show(self, rows: list[Row]) -> None:
        """Replace the rows; the cursor stays on the same key, or as near its old place as it can."""
        old_key, old_row = self.current_key, self.cursor_row
        self.rows_shown, self._laid_out_for = rows, self.size.width
        self.clear(columns=True)
        columns = self.tab.columns
        spare = self.size.width - 2 - sum(w + 2 for _, _, w in columns if isinstance(w, int))
        weights = sum(w for _, _, w in columns if isinstance(w, float))
        for key, title, w in columns:
            width = w if isinstance(w, int) else max(10, int(spare * w / weights) - 2)
            self.add_column(title, key=key, width=width)
        for row in rows:
            cells = (row.cells[key] for key, _, _ in columns)
            self.add_row(*cells, key=row.key, height=self.tab.row_height)
        keys = [row.key for row in rows]
        if rows:
            self.move_cursor(row=keys.index(old_key) if old_key in keys else min(old_row, len(rows) - 1))

    @property
    def current(self) -> Row | None:
        row = self.cursor_row
        return self.rows_shown[row] if 0 <= row < len(self.rows_shown) else None

    @property
    def current_key(self) -> str | None:
        return self.current.key if self.current else None


class MergeDialog(ModalScreen[uuid.UUID | None]):
    """Which of a likely-duplicate pair to keep. Escape keeps both as they are."""

    CSS_PATH = "review.tcss"
    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel", id="merge.cancel")]

    def __init__(self, pair: DuplicatePair) -> None:
        super().__init__()
        self.pair = pair

    def compose(self) -> ComposeResult:
        question = Text.assemble(
            f"These look like the same entry ({_reasons(self.pair.reasons)}). Which one do you keep?\n",
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

    def _rebuild_after(self, _result: object) -> None:
        """Back from an entry's page or form: whatever was done there may change the queue."""
        self.rebuild()

    def _apply(self, change: Callable[[], object], message: str) -> None:
        try:
            change()
        except DirectoryError as exc:
            self.say(str(exc), error=True)
            return
        self.say(message)
        self.rebuild()
