"""The questions a connection list asks: who it is for, how it went, how to print it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, Generic, TypeVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, TextArea
from textual.widgets.option_list import Option

from asset_map.config import saved_user_contact
from asset_map.directory.vocabulary import parse_past_day
from asset_map.errors import DirectoryError
from asset_map.lists.document import ListDocument
from asset_map.lists.scripts import unprintable
from asset_map.lists.service import ListError
from asset_map.store.lists import ConnectionList, ListDetails
from asset_map.validation import max_length

CSS_PATH = Path(__file__).with_name("dialogs.tcss")
Made = TypeVar("Made")


def _limit(name: str) -> int:
    """A field's length limit, as the model states it (the one place it is stated)."""
    return max_length(ListDetails, name)


class ListDetailsDialog(ModalScreen[Any], Generic[Made]):
    """Who the list is for. `save` makes or changes the list; its complaint stays on screen."""

    CSS_PATH = CSS_PATH
    BINDINGS = [
        Binding("escape", "dismiss(None)", "Cancel", id="list_details.cancel"),
        Binding("ctrl+s", "save", "Save", id="list_details.save"),
    ]

    def __init__(
        self, title: str, save: Callable[[dict[str, str]], Made], current: ConnectionList | None = None
    ) -> None:
        super().__init__()
        self.title_text, self.save, self.current = title, save, current

    def compose(self) -> ComposeResult:
        c = self.current
        with Vertical(classes="dialog list-details"):
            yield Label(Text(self.title_text), classes="question")
            yield Label("Resident: initials or a case number (never a full name)")
            yield Input(
                c.resident_ref if c else "",
                max_length=_limit("resident_ref"),
                id="resident_ref",
                compact=True,
            )
            yield Label("Home postcode or place, for distances (optional)")
            yield Input(
                c.home if c else "",
                max_length=_limit("home"),
                placeholder="e.g. RM18 7",
                id="home",
                compact=True,
            )
            yield Label("What matters to them, in their words (optional)")
            yield TextArea(c.what_matters if c else "", id="what_matters", soft_wrap=True, compact=True)
            yield Label("How they reach you (printed at the foot)")
            contact = c.practitioner_contact if c else saved_user_contact()
            yield Input(
                contact, max_length=_limit("practitioner_contact"), id="practitioner_contact", compact=True
            )
            yield Label("", id="hint", classes="hint")
            with Horizontal(classes="buttons"):
                yield Button("Save", variant="primary", id="ok", compact=True)
                yield Button("Cancel", id="cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#resident_ref", Input).focus()

    def values(self) -> dict[str, str]:
        found = {name: self.query_one(f"#{name}", Input).value for name in ("resident_ref", "home")}
        found["what_matters"] = self.query_one("#what_matters", TextArea).text
        found["practitioner_contact"] = self.query_one("#practitioner_contact", Input).value
        return found

    def action_save(self) -> None:
        try:
            made = self.save(self.values())
        except ListError as exc:
            self.query_one("#hint", Label).update(Text(str(exc)))
            return
        self.dismiss(made)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "ok":
            self.action_save()
        else:
            self.dismiss(None)


class PickDialog(ModalScreen[str | None]):
    """Choose one of a few answers: Enter picks, Escape changes nothing."""

    CSS_PATH = CSS_PATH
    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel", id="pick.cancel")]

    def __init__(self, question: str, options: list[tuple[str, str]], *, detail: list[str] | None = None):
        super().__init__()
        self.question, self.options, self.detail = question, options, detail or []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog pick"):
            yield Label(Text(self.question), classes="question")
            for line in self.detail:
                yield Label(Text(line), classes="detail")
            yield OptionList(*(Option(label, id=value) for value, label in self.options), id="pick")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)


class OutcomeDialog(ModalScreen["tuple[str, date] | None"]):
    """What happened with a connection, and when (today unless said otherwise)."""

    CSS_PATH = CSS_PATH
    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel", id="outcome.cancel")]

    def __init__(self, question: str, options: list[tuple[str, str]], today: date) -> None:
        super().__init__()
        self.question, self.options, self.today = question, options, today

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog pick"):
            yield Label(Text(self.question), classes="question")
            yield OptionList(*(Option(label, id=value) for value, label in self.options), id="pick")
            with Horizontal(classes="when"):
                yield Label("When: ")
                yield Input("today", placeholder="today, yesterday, mon, 28 Nov", id="when", compact=True)
            yield Label("Tab to change when; Enter on the answer records it.", classes="detail")
            yield Label("", id="hint", classes="hint")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        said = self.query_one("#when", Input).value
        try:
            on = parse_past_day(said, self.today)
        except DirectoryError as exc:
            self.query_one("#hint", Label).update(Text(str(exc)))
            self.query_one("#when", Input).focus()
            return
        self.dismiss((event.option.id or "", on))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.query_one(OptionList).focus()


def print_choices(printer: str | None) -> list[tuple[str, str]]:
    """Where a list can go: the printer first when there is one, then files."""
    choices = [("printer:pdf", f"Send to the printer {printer}")] if printer else []
    return [
        *choices,
        ("file:pdf", "Save as a PDF (to print or email)"),
        ("file:txt", "Save as plain text"),
        ("file:html", "Save as a web page"),
    ]


def print_detail(document: ListDocument) -> list[str]:
    """What the practitioner should know before handing it over (a name in a script no font
    can print, too: it is printed as a visible substitute, never a silent gap)."""
    count = len(document.connections)
    lines = [f"{count} connection{'' if count == 1 else 's'} on the list.", *unprintable(document)]
    warned = [c for c in document.connections if c.notice]
    lines += [f"⚠ {c.name}: {c.notice}" for c in warned]
    if document.changes:
        lines.append(f"Changed since the copy of {document.previous_copy_on}:")
        lines += [f"  • {change}" for change in document.changes[:8]]
        if len(document.changes) > 8:
            lines.append(f"  … and {len(document.changes) - 8} more (all are printed)")
    return lines
