"""One resident's connection list: reorder, annotate, print, and later record what happened."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Footer, Header, Static

from asset_map.directory.facade import Directory
from asset_map.errors import AssetMapError
from asset_map.lists.printing import Printed, default_printer, print_list
from asset_map.lists.service import ConnectionLists
from asset_map.screens.base import DirectoryScreen
from asset_map.screens.dialogs import TextDialog
from asset_map.screens.list_dialogs import (
    ListDetailsDialog,
    OutcomeDialog,
    PickDialog,
    print_choices,
    print_detail,
)
from asset_map.store.lists import Connection, ConnectionList, ConnectionNote, Outcome
from asset_map.validation import max_length

OUTCOME_CHOICES = [(o.value, o.label) for o in Outcome]


class ConnectionListScreen(DirectoryScreen[None]):
    CSS_PATH = "lists.tcss"
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="list.back"),
        Binding("p", "print", "Print", id="list.print", tooltip="Print for the resident, or save a PDF"),
        Binding("o", "outcome", "Outcome", id="list.outcome", tooltip="Record what happened, and when"),
        Binding("n", "note", "Note", id="list.note", tooltip="Why this might help"),
        Binding("shift+up", "move(-1)", "Move", key_display="⇧↑↓", id="list.up", tooltip="⇧↑ up, ⇧↓ down"),
        Binding("shift+down", "move(1)", "Move down", id="list.down", show=False),
        Binding("x", "remove", "Remove", id="list.remove"),
        Binding("e", "details", "Edit", id="list.details", tooltip="Resident, home, what matters"),
    ]

    def __init__(self, directory: Directory, lists: ConnectionLists, list_id: uuid.UUID) -> None:
        super().__init__(directory)
        self.lists, self.list_id = lists, list_id
        self.items: list[Connection] = []

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="list-body"):
            yield Static(id="list-head")
            yield DataTable(id="connections", cursor_type="row", zebra_stripes=True)
            yield Static(id="list-empty")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("#", "Connection", "Outcome", "Why it may help")
        self.reload()
        table.focus()

    def on_screen_resume(self) -> None:
        """Back from an entry (which may have changed): show the list as it is now."""
        if self.query(DataTable).first().columns:
            self.reload()

    # ------------------------------------------------------------ showing
    def reload(self, *, cursor: int | None = None) -> None:
        try:
            item = self.lists.get(self.list_id)
        except AssetMapError as exc:
            self.say(str(exc), error=True)
            self.app.pop_screen()
            return
        self.items = self.lists.connections(self.list_id)
        self.sub_title = f"Connection list for {item.resident_ref}"
        self.query_one("#list-head", Static).update(self._head(item))
        table = self.query_one(DataTable)
        row = table.cursor_row if cursor is None else cursor
        table.clear()
        for c in self.items:
            when = f" {c.outcome_on:%d %b}" if c.outcome_on and c.outcome != Outcome.SUGGESTED else ""
            table.add_row(
                str(c.position + 1),
                Text(c.asset_name),
                Outcome(c.outcome).label + when,
                Text(c.note.replace("\n", " ")),
                key=str(c.id),
            )
        if self.items:
            table.move_cursor(row=max(0, min(row, len(self.items) - 1)))
        empty = "" if self.items else "No connections yet. Search (Esc), then press l on an entry."
        self.query_one("#list-empty", Static).update(empty)

    def _head(self, item: ConnectionList) -> Text:
        facts = [("For", item.resident_ref), ("By", item.practitioner), ("Home", item.home)]
        copies = self.lists.printed_copies(self.list_id)
        if copies:
            facts.append(("Printed", f"{len(copies)}×, last {copies[-1][0].printed_at:%d %b %Y}"))
        head = Text("   ").join(
            Text.assemble((f"{label}:", "bold"), " ", value) for label, value in facts if value
        )
        if item.what_matters:
            head.append("\n").append_text(Text.assemble(("What matters:", "bold"), " ", item.what_matters))
        return head

    def current(self) -> Connection | None:
        row = self.query_one(DataTable).cursor_row
        return self.items[row] if 0 <= row < len(self.items) else None

    def _run(self, change: Callable[[], object], message: str = "", *, cursor: int | None = None) -> None:
        try:
            change()
        except AssetMapError as exc:
            self.say(str(exc), error=True)
            return
        if message:
            self.say(message)
        self.reload(cursor=cursor)

    # ------------------------------------------------------------ actions
    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        from asset_map.screens.asset import AssetScreen

        item = self.current()
        if item is not None:
            self.app.push_screen(AssetScreen(self.directory, item.asset_id), lambda _: self.reload())

    def action_move(self, offset: int) -> None:
        item = self.current()
        if item is not None and item.id is not None:
            to = max(0, min(len(self.items) - 1, item.position + offset))
            self._run(lambda: self.lists.move(item.id or 0, offset), cursor=to)

    def action_remove(self) -> None:
        item = self.current()
        if item is not None:
            self._run(lambda: self.lists.remove(item.id or 0), f"Removed “{item.asset_name}”.")

    def action_note(self) -> None:
        item = self.current()
        if item is None:
            return

        def done(note: str | None) -> None:
            if note is not None:
                self._run(lambda: self.lists.set_note(item.id or 0, note))

        self.app.push_screen(
            TextDialog(
                f"Why might “{item.asset_name}” help?",
                value=item.note,
                max_length=max_length(ConnectionNote, "note"),
            ),
            done,
        )

    def action_outcome(self) -> None:
        item = self.current()
        if item is None:
            return

        def done(answer: tuple[str, date] | None) -> None:
            if answer is None:
                return
            outcome, on = Outcome(answer[0]), answer[1]
            said = "Recorded; the entry is now in the review queue." if outcome.needs_review else "Recorded."
            self._run(lambda: self.lists.set_outcome(item.id or 0, outcome, user=self.user, on=on), said)

        question = f"What happened with “{item.asset_name}”?"
        self.app.push_screen(OutcomeDialog(question, OUTCOME_CHOICES, self.directory.today()), done)

    def action_details(self) -> None:
        current = self.lists.get(self.list_id)
        dialog: ListDetailsDialog[ConnectionList] = ListDetailsDialog(
            "About this list", lambda values: self.lists.update_details(self.list_id, values), current
        )
        self.app.push_screen(dialog, lambda _: self.reload())

    def action_print(self) -> None:
        try:
            document = self.lists.document(self.list_id)
        except AssetMapError as exc:
            self.say(str(exc), error=True)
            return
        choices = print_choices(default_printer())

        def chosen(value: str | None) -> None:
            if value:
                route, fmt = value.split(":")
                self.say("Printing…")
                self.print_in_background(fmt, use_printer=route == "printer")

        title = f"Print the list for {document.resident_ref}"
        self.app.push_screen(PickDialog(title, choices, detail=print_detail(document)), chosen)

    @work(thread=True, exclusive=True, group="print", exit_on_error=False)
    def print_in_background(self, fmt: str, *, use_printer: bool) -> None:
        try:
            done = print_list(self.lists, self.list_id, fmt=fmt, use_printer=use_printer, user=self.user)
        except AssetMapError as exc:
            self.app.call_from_thread(self.say, str(exc), error=True)
            return
        self.app.call_from_thread(self._printed, done)

    def _printed(self, done: Printed) -> None:
        self.say(str(done))
        self.reload()
