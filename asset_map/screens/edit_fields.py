"""The pieces of the add/edit form: which fields, in which groups, and one labelled field.

A `FormField` shows its label, its widget and — beneath, in words, never by colour alone —
what is wrong with it. The rules themselves live on the model; `forms` applies them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.validation import ValidationResult, Validator
from textual.widget import Widget
from textual.widgets import Input, Label, OptionList, Select, SelectionList, TextArea
from textual.widgets.option_list import Option
from textual.widgets.selection_list import Selection

from asset_map.directory import forms
from asset_map.directory.duplicates import DuplicateMatch
from asset_map.directory.facade import Directory
from asset_map.screens.dialogs import CSS_PATH as DIALOG_CSS
from asset_map.store.enums import KIND_LABELS, Access, Audience, Cost, Delivery, Kind, Status
from asset_map.store.models import DETAIL_FIELDS
from asset_map.widgets.asset_card import LABELS as DETAIL_LABELS
from asset_map.widgets.tick_list import TickList

EDIT_CSS = Path(__file__).with_name("edit.tcss")


def widget_id(name: str) -> str:
    """The id of a field's widget ("edit-" keeps other screens' styles off it)."""
    return f"edit-{name}"


WidgetKind = Literal["input", "text", "select", "multi"]


@dataclass(frozen=True)
class FieldSpec:
    """One field of the form: the model's field name, its label, the widget that edits it."""

    name: str
    label: str
    widget: WidgetKind = "input"
    placeholder: str = ""


_DATE = "YYYY-MM-DD or DD/MM/YYYY"
_DETAIL_WIDGETS: dict[str, tuple[WidgetKind, str]] = {
    "comes_to_home": ("select", ""),
    "dbs_checked_on": ("input", _DATE),
    "insurance_expires_on": ("input", _DATE),
    "safeguarding_trained_on": ("input", _DATE),
    "hours": ("input", "hours offered, e.g. 2"),
    "help_offered": ("text", ""),
    "drop_in_sessions": ("text", ""),
}
# (group id, heading, fields). Kind details and "last verified" are handled by the screen.
GROUPS: tuple[tuple[str, str, tuple[FieldSpec, ...]], ...] = (
    ("what", "What", (
        FieldSpec("kind", "Kind", "select"),
        FieldSpec("name", "Name", placeholder="e.g. Tilbury Knit and Natter"),
        FieldSpec("summary", "Summary", placeholder="one line: what it is and why go"),
        FieldSpec("description", "Description", "text"),
        FieldSpec("organisation", "Organisation"),
        FieldSpec("status", "Status", "select"),
    )),
    ("when", "When", (
        FieldSpec("schedule", "Times", placeholder="Mon, Wed 10:00-12:00; 1st Tue 14:00-16:00"),
        FieldSpec("schedule_note", "Note on times", placeholder="e.g. not in August"),
        FieldSpec("how_to_join", "How to join", placeholder="e.g. just turn up; phone first"),
    )),
    ("where", "Where", (
        FieldSpec("delivery", "Reaches people", "multi"),
        FieldSpec("locality", "Locality", placeholder="e.g. Tilbury; empty if no fixed place"),
        FieldSpec("address", "Address"),
        FieldSpec("postcode", "Postcode", placeholder="e.g. RM18 7NR"),
        FieldSpec("latitude", "Latitude", placeholder="optional; else the postcode's centre"),
        FieldSpec("longitude", "Longitude", placeholder="optional, with latitude"),
        FieldSpec("getting_there", "Getting there", placeholder="e.g. bus 99 to Civic Square"),
    )),
    ("cost", "Cost", (
        FieldSpec("cost", "Cost", "select"),
        FieldSpec("cost_note", "Cost note", placeholder="e.g. £3.50 with tea"),
    )),
    ("access", "Access", (FieldSpec("accessibility", "Has", "multi"),)),
    ("who", "Who for", (
        FieldSpec("audience", "Who it is for", "multi"),
        FieldSpec("age_min", "Youngest age", placeholder="years, optional"),
        FieldSpec("age_max", "Oldest age", placeholder="years, optional"),
    )),
    ("contact", "Contact", (
        FieldSpec("phone", "Phone", placeholder="e.g. 01375 000123"),
        FieldSpec("email", "Email", placeholder="name@example.org"),
        FieldSpec("website", "Website", placeholder="example.org"),
    )),
    ("needs", "Needs", (FieldSpec("needs", "Helps with", "multi"),)),
    ("languages", "Languages", (FieldSpec("languages", "Spoken or signed", "input", "English, Polish"),)),
)  # fmt: skip
DETAIL_SPECS: dict[Kind, tuple[FieldSpec, ...]] = {
    kind: tuple(FieldSpec(n, DETAIL_LABELS[n], *_DETAIL_WIDGETS.get(n, ("input", ""))) for n in names)
    for kind, names in DETAIL_FIELDS.items()
}
SOURCE_SPEC = FieldSpec("source", "Source", placeholder="who told us, e.g. walk-in at Tilbury Hub")
SCHEDULE_HELP = "Days and 24-hour times; “;” between patterns; 1st–4th or last for monthly."

ACCESS_LABELS = {a: a.value.replace("_", " ").capitalize() for a in Access} | {
    Access.STEP_FREE: "Step-free",
    Access.BUS_STOP: "Near a bus stop",
    Access.ASSISTANCE_DOGS: "Assistance dogs welcome",
}
AUDIENCE_LABELS = {a: a.value.replace("_", " ").capitalize() for a in Audience} | {
    Audience.DEMENTIA: "People living with dementia",
    Audience.DISABILITY: "Disabled people",
    Audience.LEARNING_DISABILITY: "People with a learning disability",
}


class FieldValidator(Validator):
    """One field checked by the model's own rules (through `forms.field_error`)."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.field_name = name

    def validate(self, value: str) -> ValidationResult:
        error = forms.field_error(self.field_name, value)
        return self.failure(error, value) if error else self.success()


class KnownPlaceValidator(Validator):
    """A locality the gazetteer knows (the directory's own check, with its suggestions)."""

    def __init__(self, directory: Directory) -> None:
        super().__init__()
        self.directory = directory

    def validate(self, value: str) -> ValidationResult:
        problems = forms.reference_errors(self.directory.check_references, {"locality": value})
        return self.failure(problems["locality"], value) if "locality" in problems else self.success()


def make_widget(spec: FieldSpec, directory: Directory) -> Widget:
    """The input widget for one field, with the choices and validators it needs."""
    if spec.widget == "text":
        return TextArea(id=widget_id(spec.name), soft_wrap=True, show_line_numbers=False, compact=True)
    if spec.widget == "select":
        choices, blank = _choices(spec.name)
        return Select(choices, allow_blank=blank, prompt="Not known", id=widget_id(spec.name), compact=True)
    if spec.widget == "multi":
        options = _multi(spec.name, directory)
        return TickList(*(Selection(Text(label), value) for label, value in options), id=widget_id(spec.name))
    validators: list[Validator] = [FieldValidator(spec.name)]
    suggester = None
    if spec.name == "locality":
        validators.append(KnownPlaceValidator(directory))
        names = [n for loc in directory.gazetteer.localities.values() for n in (loc.name, *loc.aliases)]
        suggester = SuggestFromList(names, case_sensitive=False)
    return Input(
        placeholder=spec.placeholder,
        validators=validators,
        validate_on=["changed", "submitted"],
        suggester=suggester,
        id=widget_id(spec.name),
        compact=True,
        select_on_focus=False,  # tabbing through an entry must not make the next key replace a field
    )


def _choices(name: str) -> tuple[list[tuple[str, Any]], bool]:
    if name == "kind":
        return [(KIND_LABELS[k], k.value) for k in Kind], False
    if name == "status":
        return [(s.value.capitalize(), s.value) for s in Status], False
    if name == "cost":
        return [(c.label, c.value) for c in Cost], False
    if name == "comes_to_home":
        return [("Yes, comes to the home", True), ("No", False)], True
    raise KeyError(name)


def _multi(name: str, directory: Directory) -> list[tuple[str, str]]:
    if name == "accessibility":
        return [(label, a.value) for a, label in ACCESS_LABELS.items()]
    if name == "audience":
        return [(label, a.value) for a, label in AUDIENCE_LABELS.items()]
    if name == "delivery":
        return [(d.label, d.value) for d in Delivery]
    if name == "needs":
        return sorted((n.label, n.id) for n in directory.needs.values())
    raise KeyError(name)


def make_field(spec: FieldSpec, directory: Directory) -> FormField:
    return FormField(
        spec, make_widget(spec, directory), help_text=SCHEDULE_HELP if spec.name == "schedule" else ""
    )


class FormField(Vertical):
    """A label, one widget and, beneath it, what is wrong with its value in words."""

    DEFAULT_CLASSES = "form-field"

    def __init__(self, spec: FieldSpec, widget: Widget, *, help_text: str = "") -> None:
        super().__init__(id=f"field-{spec.name}")
        self.spec, self.widget, self.help_text = spec, widget, help_text
        self.revealed = False  # errors show once the volunteer has been here (or on edit)
        self.own_error: str | None = None  # from the widget's validators
        self.form_error: str | None = None  # from checking the whole form (cross-field, directory)
        self.shown_error: str | None = None

    def compose(self) -> ComposeResult:
        with Horizontal(classes="field-row"):
            yield Label(Text(self.spec.label), classes="field-label")
            yield self.widget
        yield Label("", classes="field-error")
        if self.help_text:
            yield Label(Text(self.help_text), classes="field-help")

    @property
    def value(self) -> object:
        widget = self.widget
        if isinstance(widget, Input):
            return widget.value
        if isinstance(widget, TextArea):
            return widget.text
        if isinstance(widget, Select):
            return None if widget.value is Select.NULL else widget.value
        if isinstance(widget, SelectionList):
            return list(widget.selected)
        raise TypeError(type(widget))

    def set_value(self, value: object) -> None:
        """Show a value without it counting as the volunteer's change (callers prevent events)."""
        widget = self.widget
        if isinstance(widget, Input):
            widget.value = str(value or "")
            self.own_error = forms.field_error(self.spec.name, widget.value)
            if self.revealed:
                widget.validate(widget.value)  # marks it -invalid too
        elif isinstance(widget, TextArea):
            widget.load_text(str(value or ""))
            self.own_error = forms.field_error(self.spec.name, widget.text)
        elif isinstance(widget, Select):
            if value in (None, ""):
                widget.clear()
            else:
                widget.value = value
        elif isinstance(widget, SelectionList):
            widget.deselect_all()
            offered = {widget.get_option_at_index(i).value for i in range(widget.option_count)}
            for item in value if isinstance(value, Iterable) else ():
                if item in offered:  # a value no longer offered could never be saved anyway
                    widget.select(item)
        self.show_error()

    @on(Input.Changed)
    def _input_changed(self, event: Input.Changed) -> None:
        self.own_error = _describe(event.validation_result)
        self.revealed = True
        self.show_error()

    @on(TextArea.Changed)
    def _text_changed(self, event: TextArea.Changed) -> None:
        self.own_error = forms.field_error(self.spec.name, event.text_area.text)
        self.revealed = True
        self.show_error()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        self.add_class("-editing")  # (":focus-within" does not restyle the help beneath)

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        """Leaving a field reveals what is wrong with it (an empty required name, say)."""
        self.remove_class("-editing")
        if not self.revealed:
            self.revealed = True
            if isinstance(self.widget, Input):
                self.own_error = _describe(self.widget.validate(self.widget.value))
            self.show_error()

    def show_error(self) -> None:
        error = (self.own_error or self.form_error) if self.revealed else None
        if error == self.shown_error:
            return  # re-styling 40 fields on every keystroke would make typing lag
        self.shown_error = error
        self.query_one(".field-error", Label).update(Text(f"⚠ {error}") if error else "")
        self.set_class(bool(error), "-invalid")


def _describe(result: ValidationResult | None) -> str | None:
    if result is None or result.is_valid:
        return None
    return "; ".join(result.failure_descriptions)


class DuplicatesPanel(Vertical):
    """ "This may already be in the directory": entries the one being typed may duplicate."""

    def compose(self) -> ComposeResult:
        yield Label(
            Text("⚠ This may already be in the directory (Ctrl+O to choose, Enter opens it):"),
            classes="duplicates-heading",
        )
        yield OptionList(compact=True)

    def on_mount(self) -> None:
        self.display = False

    def show(self, matches: list[DuplicateMatch]) -> None:
        options = self.query_one(OptionList)
        options.clear_options()
        for match in matches:
            prompt = Text(match.name, style="bold")
            prompt.append(f" — {match.locality}: {', '.join(match.reasons)}")
            options.add_option(Option(prompt, id=str(match.asset_id)))
        options.highlighted = 0 if matches else None
        self.display = bool(matches)


class ConflictDialog(ModalScreen[str]):
    """Someone saved this entry since it was opened: keep editing, merge, take theirs, or save over it."""

    CSS_PATH = [DIALOG_CSS, EDIT_CSS]
    BINDINGS = [Binding("escape", "dismiss('keep')", "Keep editing", id="conflict.keep")]

    def __init__(self, message: str) -> None:
        super().__init__()
        self.message = message

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Text(f"{self.message}.\n\nWhat would you like to do?"), classes="question")
            yield OptionList(
                Option("Keep editing (nothing is saved yet)", id="keep"),
                Option("Merge: their changes and yours, to check before saving", id="merge"),
                Option("Reload their version (your changes are lost)", id="reload"),
                Option("Save mine over theirs", id="overwrite"),
                id="conflict-choice",
            )

    def on_mount(self) -> None:
        choice = self.query_one(OptionList)
        choice.highlighted = 0
        choice.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id or "keep")
