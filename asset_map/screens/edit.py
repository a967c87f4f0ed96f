"""Add or edit an entry: every field, checked as it is typed, with likely duplicates shown.

The form is checked by the model's own rules (`asset_map.directory.forms`) and the directory's
(known locality, known needs); Save stays disabled until both are content. While the name or
contact details are typed, an exclusive worker looks for entries this may duplicate, so a
volunteer opens the existing one instead of adding another copy.
"""

from __future__ import annotations

import time
import uuid

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Button, Footer, Header, Input, Label, OptionList, Select, SelectionList, TextArea
from textual.worker import get_current_worker

from asset_map import schedule
from asset_map.directory import forms
from asset_map.directory.duplicates import DuplicateMatch
from asset_map.directory.facade import Directory
from asset_map.errors import AssetMapError
from asset_map.needs.wording import GUESSED
from asset_map.screens.base import DirectoryScreen
from asset_map.screens.dialogs import ChoiceDialog, ConfirmDialog
from asset_map.screens.edit_fields import (
    DETAIL_SPECS,
    GROUPS,
    SOURCE_SPEC,
    ConflictDialog,
    DuplicatesPanel,
    FormField,
    make_field,
    widget_id,
)
from asset_map.store.enums import KIND_LABELS, Kind
from asset_map.store.models import Asset, AssetIn
from asset_map.widgets.asset_card import verified_text

DEBOUNCE_S = 0.25
CHANGES = (Input.Changed, TextArea.Changed, Select.Changed, SelectionList.SelectedChanged)


class EditScreen(DirectoryScreen[bool]):
    """`asset_id` None adds a new entry. Dismisses True once saved (`saved_id` says which)."""

    CSS_PATH = "edit.tcss"
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="edit.save", tooltip="Save this entry", priority=True),
        Binding("escape", "leave", "Back", id="edit.leave", tooltip="Leave (asks if there are changes)"),
        Binding(
            "ctrl+o", "duplicates", "Duplicates", id="edit.duplicates", tooltip="Look at likely duplicates"
        ),
    ]

    class DuplicatesFound(Message):
        """Likely duplicates for check number `generation` (dropped if a newer one started)."""

        def __init__(self, generation: int, matches: list[DuplicateMatch]) -> None:
            super().__init__()
            self.generation, self.matches = generation, matches

    def __init__(self, directory: Directory, asset_id: uuid.UUID | None) -> None:
        super().__init__(directory)
        self.asset_id = asset_id
        self.saved_id: uuid.UUID | None = None
        self.version: int | None = None  # the version loaded, for the conflict check
        self.initial: dict[str, object] = {}
        self.errors: dict[str, str] = {}
        self.generation = 0
        self._fields: dict[str, FormField] = {}
        self.guessed: list[str] = []  # needs guessed from the entry's words: saving confirms them
        self._shown: dict[int, str] = {}  # what each status label says now

    # ------------------------------------------------------------ building
    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="edit-form", can_focus=False):
            for group_id, heading, specs in GROUPS:
                with Vertical(id=f"edit-group-{group_id}", classes="form-group"):
                    yield Label(Text(heading), classes="group-heading")
                    for spec in specs:
                        yield make_field(spec, self.directory)
                        if spec.name == "schedule":
                            yield Label("", id="edit-schedule-preview")
                        if spec.name == "needs":  # shown when the entry has needs guessed from its words
                            guessed = Label("", id="edit-needs-guessed", classes="field-help")
                            guessed.display = False
                            yield guessed
            with Vertical(id="edit-group-details", classes="form-group"):
                yield Label("", id="edit-details-heading", classes="group-heading")
                for kind, specs in DETAIL_SPECS.items():
                    with Vertical(id=f"edit-details-{kind.value}", classes="details"):
                        yield from (make_field(spec, self.directory) for spec in specs)
            with Vertical(id="edit-group-source", classes="form-group"):
                yield Label(Text("Source"), classes="group-heading")
                yield make_field(SOURCE_SPEC, self.directory)
                yield Label("", id="edit-verified-note", classes="field-help")
        yield DuplicatesPanel(id="edit-duplicates")
        with Horizontal(id="edit-bar"):
            yield Label("", id="edit-save-status")
            yield Button("Save", id="edit-save", variant="primary", compact=True, disabled=True)
            yield Button("Cancel", id="edit-cancel", compact=True)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        if self.asset_id is None:
            self.sub_title = "Add an entry"
            self._load(
                {"kind": Kind.GROUP.value, "status": "active", "cost": "free", "delivery": ["in_person"]},
                reveal=False,
            )
        else:
            try:
                asset = self.directory.get(self.asset_id)
            except AssetMapError as exc:
                self.say(str(exc), error=True)
                self.dismiss(False)
                return
            self._load_asset(asset)
        self.fields()["name"].widget.focus()

    def _load_asset(self, asset: Asset) -> None:
        self.sub_title = f"Editing: {asset.name}"
        self.version = asset.version
        self.opened_values = forms.form_values(asset)  # what this edit started from
        note = Text("Last verified: ").append_text(verified_text(asset, self.directory.today()))
        note.append(" — verifying is its own action: press v on the entry.")
        self.query_one("#edit-verified-note", Label).update(note)
        self._load(forms.form_values(asset), reveal=True)
        self._show_guessed(asset)

    def _load(self, values: dict[str, object], *, reveal: bool) -> None:
        """Fill the form without the filling counting as the volunteer's changes."""
        with self.prevent(*CHANGES):
            for field in self.fields().values():
                field.revealed = reveal
                field.set_value(values.get(field.spec.name, ""))
        self.initial = self.values()
        self._show_kind()
        self._recheck()

    def _show_guessed(self, asset: Asset) -> None:
        """Needs guessed from the entry's words are marked as guessed: unticking one removes it;
        saving keeps those still ticked, as confirmed (the form holds no guesses of its own)."""
        labels = self.directory.need_labels
        guessed = self.guessed = [n for n in asset.inferred_needs if n in asset.need_ids]
        widget = self.fields()["needs"].widget
        if isinstance(widget, SelectionList):
            for index in range(widget.option_count):
                need = str(widget.get_option_at_index(index).value)
                label = labels.get(need, need) + (f" ({GUESSED})" if need in guessed else "")
                widget.replace_option_prompt_at_index(index, Text(label))
        note = self.query_one("#edit-needs-guessed", Label)
        note.display = bool(guessed)
        if guessed:
            named = ", ".join(labels.get(n, n) for n in guessed)
            words = f"Guessed from its words: {named}. Untick any that is wrong; Save confirms the rest."
            note.update(Text(words))

    # ------------------------------------------------------------ state
    def fields(self) -> dict[str, FormField]:
        """Every field by name (looked up once: a query per keystroke makes typing lag)."""
        if not self._fields:
            self._fields = {field.spec.name: field for field in self.query(FormField)}
        return self._fields

    def values(self) -> dict[str, object]:
        return {name: field.value for name, field in self.fields().items()}

    @property
    def dirty(self) -> bool:
        return self.values() != self.initial

    def check(self) -> tuple[AssetIn | None, dict[str, str]]:
        """The whole form by the model's rules and the directory's: (AssetIn or None, errors)."""
        values = self.values()
        asset_in, errors = forms.build_asset(values)
        for name, message in forms.reference_errors(self.directory.check_references, values).items():
            errors.setdefault(name, message)
        return asset_in, errors

    def _recheck(self) -> None:
        _, self.errors = self.check()
        for name, field in self.fields().items():
            field.form_error = self.errors.get(name)
            field.show_error()
        save = self.query_one("#edit-save", Button)
        if save.disabled != bool(self.errors):
            save.disabled = bool(self.errors)
            self.refresh_bindings()
        self._update_if_changed(self.query_one("#edit-save-status", Label), self._status())
        self._preview_schedule()

    def _update_if_changed(self, widget: Label, text: Text) -> None:
        """Update a label only when its words change (every keystroke checks: no reflow)."""
        if self._shown.get(id(widget)) != text.plain:
            self._shown[id(widget)] = text.plain
            widget.update(text)

    def _status(self) -> Text:
        if self.errors:
            labels = [f.spec.label for name, f in self.fields().items() if name in self.errors]
            return Text(f"To save, fix: {', '.join(labels)}")
        if self.asset_id is not None and not self.dirty:
            return Text("No changes yet.")
        return Text("Ready to save (Ctrl+S).")

    def _preview_schedule(self) -> None:
        preview = self.query_one("#edit-schedule-preview", Label)
        text = str(self.fields()["schedule"].value)
        try:
            slots = forms.parse_schedule_text(text)
        except ValueError:
            slots = []
        # Say how loose text ("Mon 10-12") was understood; the tidy form needs no echo.
        shown = bool(slots) and forms.format_schedule(slots) != " ".join(text.split())
        self._update_if_changed(preview, Text(f"Reads as: {schedule.describe(slots)}" if shown else ""))
        preview.display = shown

    def _follow_postcode(self) -> None:
        """A new postcode makes the stored map point wrong: drop it (and put it back on undo)."""
        fields, initial = self.fields(), self.initial
        point = (fields["latitude"], fields["longitude"])
        loaded = (initial.get("latitude", ""), initial.get("longitude", ""))
        moved = forms.field_value("postcode", fields["postcode"].value) != forms.field_value(
            "postcode", initial.get("postcode", "")
        )
        now = tuple(f.value for f in point)
        if moved and now == loaded and loaded != ("", ""):
            new: tuple[object, object] = ("", "")
        elif not moved and now == ("", ""):
            new = loaded
        else:
            return
        with self.prevent(*CHANGES):
            for field, value in zip(point, new, strict=True):
                field.set_value(value)

    def _show_kind(self) -> None:
        kind = forms.kind_of(self.fields()["kind"].value) or Kind.GROUP
        for other in Kind:
            self.query_one(f"#edit-details-{other.value}").display = other == kind
        self.query_one("#edit-details-heading", Label).update(Text(f"{KIND_LABELS[kind]} details"))

    # ------------------------------------------------------------ reacting
    @on(Input.Changed)
    @on(TextArea.Changed)
    @on(Select.Changed)
    @on(SelectionList.SelectedChanged)
    def _changed(self, event: Message) -> None:
        if isinstance(event, Select.Changed) and event.select.id == widget_id("kind"):
            self._show_kind()
        if isinstance(event, Input.Changed) and event.input.id == widget_id("postcode"):
            self._follow_postcode()
        self._recheck()
        duplicate_ids = {widget_id(name) for name in forms.DUPLICATE_FIELDS}
        if isinstance(event, Input.Changed) and event.input.id in duplicate_ids:
            self.generation += 1
            self.find_duplicates(self.generation, self.values())

    @work(thread=True, exclusive=True, group="duplicates")
    def find_duplicates(self, generation: int, values: dict[str, object]) -> None:
        time.sleep(DEBOUNCE_S)
        worker = get_current_worker()
        if worker.is_cancelled:
            return
        candidate = self.directory.candidate_for(forms.partial_asset(values), exclude=self.asset_id)
        matches = self.directory.likely_duplicates(candidate)
        if not worker.is_cancelled:
            self.post_message(self.DuplicatesFound(generation, matches))

    def on_edit_screen_duplicates_found(self, message: DuplicatesFound) -> None:
        if message.generation != self.generation:
            return  # typed on since: a newer check is coming
        self.query_one(DuplicatesPanel).show(message.matches)
        self.refresh_bindings()

    @on(OptionList.OptionSelected, "#edit-duplicates OptionList")
    def _open_duplicate(self, event: OptionList.OptionSelected) -> None:
        """Open the existing entry instead of making another copy of it."""
        from asset_map.screens.asset import AssetScreen

        if event.option.id is None:
            return
        app = self.app
        self.dismiss(False)
        app.push_screen(AssetScreen(self.directory, uuid.UUID(event.option.id)))

    @on(Button.Pressed, "#edit-save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#edit-cancel")
    def _cancel_pressed(self) -> None:
        self.action_leave()

    # ------------------------------------------------------------ actions
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "save":
            return None if self.errors else True
        if action == "duplicates":
            return bool(self.is_mounted and self.query_one(DuplicatesPanel).display)
        return True

    def action_duplicates(self) -> None:
        self.query_one(DuplicatesPanel).query_one(OptionList).focus()

    def action_leave(self) -> None:
        if not self.dirty:
            self.dismiss(False)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(False)

        self.app.push_screen(
            ConfirmDialog("Discard your changes?", yes="Discard", no="Keep editing"), answered
        )

    def action_save(self, *, overwrite: bool = False) -> None:
        asset_in, errors = self.check()
        if asset_in is None or errors:
            self._reveal(errors)
            return
        if self.asset_id is not None and not self.dirty and not overwrite and not self.guessed:
            self.say("Nothing has changed, so nothing was saved.")
            self.dismiss(False)
            return
        try:
            if self.asset_id is None:
                saved = self.directory.add(asset_in, user=self.user)
            else:
                expected = None if overwrite else self.version
                saved = self.directory.update(
                    self.asset_id, asset_in, user=self.user, expected_version=expected
                )
        except AssetMapError as exc:
            self._save_failed(exc)
            return
        self.saved_id = saved.id
        self.say(f"Saved “{saved.name}”.")
        self.dismiss(True)

    def _reveal(self, errors: dict[str, str]) -> None:
        """Show every problem and go to the first, so a save that cannot happen says why."""
        fields = self.fields()
        for name, field in fields.items():
            field.revealed = True
            field.form_error = errors.get(name)
            field.show_error()
        first = next((fields[name] for name in fields if name in errors), None)
        if first is not None:
            first.widget.focus()
        self.say(f"Not saved: {len(errors)} field(s) need attention.", error=True)

    def _save_failed(self, exc: AssetMapError) -> None:
        if self.asset_id is None:
            self.say(str(exc), error=True)
            return
        try:
            current = self.directory.get(self.asset_id)
        except AssetMapError as gone:
            self.say(str(gone), error=True)
            return
        if current.version == self.version:
            self.say(str(exc), error=True)
            return

        fields = self.fields()
        theirs = forms.form_values(current)
        changed = sorted(forms.changed_fields(self.opened_values, theirs), key=list(fields).index)
        labels = ", ".join(fields[n].spec.label for n in changed) or "nothing you see here"
        said = f"{exc}; they changed: {labels}"

        def chosen(choice: str | None) -> None:
            if choice == "reload":
                self._load_asset(self.directory.get(current.id))
                self.say("Showing their version; your changes were not saved.")
            elif choice == "overwrite":
                self.action_save(overwrite=True)
            elif choice == "merge":
                self._merge(current, theirs)

        self.app.push_screen(ConflictDialog(said), chosen)

    def _merge(self, current: Asset, theirs: dict[str, object]) -> None:
        """Their version with my changes on it: fields only they changed are theirs, fields only I
        changed are mine; where we both changed a field the person ticks whose words stand. The
        form is then theirs plus mine, to check and save (nothing is saved yet)."""
        mine = self.values()
        mine_changed = {name for name in mine if mine[name] != self.initial.get(name)}
        _, both = forms.merge_plan(self.opened_values, theirs, mine_changed)
        self._load_asset(current)  # theirs, as the form's starting point and version
        fields = self.fields()
        for name in mine_changed:
            fields[name].set_value(mine[name])
        if not both:
            self.say("Merged: their changes and yours are in the form. Check it and save (Ctrl+S).")
            return

        def shown(value: object) -> str:
            text = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
            return text if len(text) <= 30 else text[:29] + "…"

        options = [
            (f"{fields[n].spec.label}: theirs “{shown(theirs.get(n))}”, not yours “{shown(mine[n])}”", n)
            for n in both
        ]

        def picked(theirs_wanted: frozenset[str] | None) -> None:
            for name in theirs_wanted or frozenset():
                fields[name].set_value(theirs.get(name, ""))
            self.say("Merged: check the form and save (Ctrl+S).")

        question = "You both changed these. Tick where their words should stand (unticked: yours)."
        self.app.push_screen(ChoiceDialog(question, options, frozenset()), picked)
