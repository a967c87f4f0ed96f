"""Small modal questions with typed answers: confirm, how was it verified, why flagged, your name."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList
from textual.widgets.option_list import Option

from asset_map.store.enums import VerifiedHow

CSS_PATH = Path(__file__).with_name("dialogs.tcss")


class ConfirmDialog(ModalScreen[bool]):
    """Yes or no. Escape means no."""

    CSS_PATH = CSS_PATH
    BINDINGS = [
        Binding("escape", "dismiss(False)", "Cancel", id="confirm.cancel"),
        Binding("y", "dismiss(True)", "Yes", show=False, id="confirm.yes"),
    ]

    def __init__(self, question: str, *, yes: str = "Yes", no: str = "No") -> None:
        super().__init__()
        self.question, self.yes, self.no = question, yes, no

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Text(self.question), classes="question")
            with Horizontal(classes="buttons"):
                yield Button(self.yes, variant="warning", id="yes")
                yield Button(self.no, id="no")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")


VERIFY_CHOICES = [
    (VerifiedHow.VISITED, "Visited it"),
    (VerifiedHow.PHONED, "Phoned them"),
    (VerifiedHow.PROVIDER_CONFIRMED, "Provider confirmed"),
    (VerifiedHow.EMAILED, "Emailed them"),
]


class VerifyDialog(ModalScreen[VerifiedHow | None]):
    """ "Mark verified today": how did you check?"""

    CSS_PATH = CSS_PATH
    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel", id="verify.cancel")]

    def __init__(self, name: str) -> None:
        super().__init__()
        self.asset_name = name

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(
                Text(f"How did you check “{self.asset_name}” is still true today?"), classes="question"
            )
            yield OptionList(*(Option(label, id=how.value) for how, label in VERIFY_CHOICES), id="how")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:  # every choice is made with its id
            self.dismiss(VerifiedHow(event.option.id))


class TextDialog(ModalScreen[str | None]):
    """One line of text (a reason, your name). Empty input is refused with a hint."""

    CSS_PATH = CSS_PATH
    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel", id="text.cancel")]

    def __init__(self, question: str, *, max_length: int, placeholder: str = "", value: str = "") -> None:
        super().__init__()
        self.question, self.placeholder, self.value, self.max_length = (
            question,
            placeholder,
            value,
            max_length,
        )

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Text(self.question), classes="question")
            yield Input(self.value, placeholder=self.placeholder, max_length=self.max_length, id="answer")
            yield Label("", id="hint", classes="hint")
            with Horizontal(classes="buttons"):
                yield Button("OK", variant="primary", id="ok")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def _submit(self) -> None:
        answer = self.query_one(Input).value.strip()
        if not answer:
            self.query_one("#hint", Label).update("Please type something, or press Escape to cancel.")
            return
        self.dismiss(answer)

    def on_input_submitted(self) -> None:
        self._submit()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "ok":
            self._submit()
        else:
            self.dismiss(None)


class ChoiceDialog(ModalScreen[frozenset[str] | None]):
    """Tick any number of options (needs, kinds); Enter or OK keeps them, Escape changes nothing."""

    CSS_PATH = CSS_PATH
    BINDINGS = [
        Binding("escape", "dismiss(None)", "Cancel", id="choice.cancel"),
        Binding("ctrl+s", "keep", "OK", show=False, id="choice.keep"),
    ]

    def __init__(self, question: str, options: list[tuple[str, str]], chosen: frozenset[str]) -> None:
        super().__init__()
        self.question, self.options, self.chosen = question, options, chosen

    def compose(self) -> ComposeResult:
        from asset_map.widgets.tick_list import TickList

        with Vertical(classes="dialog choice"):
            yield Label(Text(self.question), classes="question")
            yield TickList(
                *((label, value, value in self.chosen) for label, value in self.options), id="choices"
            )
            with Horizontal(classes="buttons"):
                yield Button("OK", variant="primary", id="ok")
                yield Button("Clear", id="clear")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#choices").focus()

    def action_keep(self) -> None:
        from asset_map.widgets.tick_list import TickList

        self.dismiss(frozenset(self.query_one(TickList).selected))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "ok":
            self.action_keep()
        elif event.button.id == "clear":
            self.dismiss(frozenset())
        else:
            self.dismiss(None)
